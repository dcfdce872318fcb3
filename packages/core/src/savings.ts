/**
 * Savings rules: jasa simpanan on sukarela, PP 15/2009 withholding, and the wajib obligation.
 * Pure functions of the book's state; decide calls them and the events record their results.
 */
import { daysInMonthOf, firstDayOf, isLeapYear, lastDayOf, monthOf, monthsBetween, nextMonth, yearOf } from "./dates.js";
import type { BookState, MemberState, SukarelaConfig, SukarelaRate, SukarelaRateStep, SukarelaTrack, WithholdingConfig } from "./model.js";
import { applyRate, type Money, money, RateDecimal, toMinorUnits } from "./money.js";

/** A sukarela movement as the track keeps it: a credit, which raises the balance, is negative. */
export interface SukarelaMove {
  readonly date: string;
  readonly postedMinor: bigint;
}

/**
 * The member's sukarela balance at the end of each day of `month`, in order, with `adjust` added to
 * the movements recorded (a month's close counts what it pays in itself, and not what it paid in
 * when the month was closed before).
 */
export const dailyBalances = (track: SukarelaTrack, month: string, adjust: ReadonlyArray<SukarelaMove> = []): bigint[] => {
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const count = daysInMonthOf(month);
  const perDay = new Array<bigint>(count).fill(0n);
  let balance = track.baseMinor;
  for (let i = 0; i < track.dates.length; i++) {
    const date = track.dates[i] as string;
    if (date < first) balance -= track.postedMinor[i] as bigint;
    else if (date <= last) {
      const day = Number(date.slice(8)) - 1;
      perDay[day] = (perDay[day] as bigint) - (track.postedMinor[i] as bigint);
    }
  }
  for (const move of adjust) {
    if (move.date < first) balance -= move.postedMinor;
    else if (move.date <= last) {
      const day = Number(move.date.slice(8)) - 1;
      perDay[day] = (perDay[day] as bigint) - move.postedMinor;
    }
  }
  const balances = new Array<bigint>(count);
  for (let day = 0; day < count; day++) {
    balance += perDay[day] as bigint;
    balances[day] = balance;
  }
  return balances;
};

export interface MonthInterest {
  /** The sum of end-of-day balances (daily basis) or the lowest end-of-day balance (lowest basis). */
  readonly basisMinor: Money;
  readonly grossMinor: Money;
}

/** The rate a balance earns: that of the highest tier it reaches, else the base rate. */
export const rateForBalance = (rate: SukarelaRate, balanceMinor: bigint): string => {
  let found = rate.ratePerYear;
  for (const tier of rate.tiers ?? []) if (balanceMinor >= tier.fromMinor) found = tier.ratePerYear;
  return found;
};

/**
 * Jasa simpanan of one month on one member's sukarela, by the book's rate, basis and day count. With
 * tiers, each day's balance (daily basis) or the lowest balance earns the rate of the tier it reaches.
 */
export const monthInterest = (
  track: SukarelaTrack,
  month: string,
  config: SukarelaConfig,
  adjust: ReadonlyArray<SukarelaMove> = [],
): MonthInterest => {
  const balances = dailyBalances(track, month, adjust);
  const daysInMonth = BigInt(balances.length);
  let basis: bigint;
  if (config.basis === "daily-balance") {
    basis = 0n;
    for (const balance of balances) basis += balance;
  } else {
    basis = balances.reduce((lowest, balance) => (balance < lowest ? balance : lowest));
    if (basis < 0n) basis = 0n;
  }
  // The basis in parts by the rate each earns: one part without tiers; with them, the days' balances
  // summed per tier reached (daily basis), or the lowest balance at its tier's rate.
  const parts = new Map<string, bigint>();
  if ((config.tiers?.length ?? 0) === 0 || config.basis === "lowest-balance") parts.set(rateForBalance(config, basis), basis);
  else {
    for (const balance of balances) {
      const rate = rateForBalance(config, balance);
      parts.set(rate, (parts.get(rate) ?? 0n) + balance);
    }
  }
  if (basis === 0n || [...parts.keys()].every((rate) => new RateDecimal(rate).isZero())) {
    return { basisMinor: money(basis), grossMinor: money(0n) };
  }
  const yearDays = config.dayCount === "actual/actual" && isLeapYear(yearOf(month)) ? 366 : 365;
  // Interest for the month = rate × (balance-days) / days-in-year, where for 30/360 each month counts
  // 30 of 360 days and a daily basis is first averaged over the month's actual days.
  const yearLength = config.dayCount === "30/360" ? 360 : yearDays;
  const balanceDays = (part: bigint): InstanceType<typeof RateDecimal> => {
    if (config.dayCount === "30/360") {
      const average =
        config.basis === "daily-balance" ? new RateDecimal(part.toString()).div(daysInMonth.toString()) : new RateDecimal(part.toString());
      return average.times(30);
    }
    return config.basis === "daily-balance"
      ? new RateDecimal(part.toString())
      : new RateDecimal(part.toString()).times(daysInMonth.toString());
  };
  const [first, ...rest] = [...parts].map(([rate, part]) => balanceDays(part).times(new RateDecimal(rate)));
  const interest = rest.reduce((sum, next) => sum.plus(next), first as InstanceType<typeof RateDecimal>);
  return { basisMinor: money(basis), grossMinor: toMinorUnits(interest.div(yearLength), config.rounding) };
};

/**
 * PP 15/2009: nothing is withheld when a member's jasa simpanan of the month (sukarela and time
 * deposits together, `monthTotalMinor`) is at most the threshold; above it, the rate on the whole
 * gross, taken from each payment (`grossMinor`) by the withholding's rounding.
 */
export const withholdingOn = (grossMinor: bigint, monthTotalMinor: bigint, config: WithholdingConfig): Money =>
  monthTotalMinor > config.thresholdPerMonthMinor ? applyRate(grossMinor, config.rate, config.rounding) : money(0n);

/**
 * The lowest end-of-day sukarela balance from `date` on, over every movement already recorded: a
 * backdated withdrawal must not take any later day below the minimum.
 */
export const lowestBalanceFrom = (track: SukarelaTrack, date: string): bigint => {
  // The usual case: nothing was moved after `date`, so the lowest balance from then on is today's.
  if (date >= track.latestDate) return track.balanceMinor;
  let balance = track.baseMinor;
  const later: Array<[string, bigint]> = [];
  for (let i = 0; i < track.dates.length; i++) {
    const day = track.dates[i] as string;
    if (day < date) balance -= track.postedMinor[i] as bigint;
    else later.push([day, -(track.postedMinor[i] as bigint)]);
  }
  later.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // End-of-day balances from `date` on: the end of `date` itself (with its own movements), then the
  // end of every later day that has a movement.
  let lowest: bigint | undefined = later[0]?.[0] === date ? undefined : balance;
  for (let i = 0; i < later.length; i++) {
    balance += (later[i] as [string, bigint])[1];
    const endOfDay = i + 1 === later.length || (later[i + 1] as [string, bigint])[0] !== (later[i] as [string, bigint])[0];
    if (endOfDay && (lowest === undefined || balance < lowest)) lowest = balance;
  }
  return lowest ?? balance;
};

export const sukarelaBalance = (track: SukarelaTrack): bigint => track.balanceMinor;

export interface WajibStatus {
  readonly memberNo: string;
  readonly monthsDue: number;
  readonly dueMinor: bigint;
  readonly paidMinor: bigint;
  /** Positive when behind, zero when up to date. */
  readonly arrearsMinor: bigint;
  /** Positive when paid ahead. */
  readonly prepaidMinor: bigint;
}

/** The wajib a member owed from joining (or the book's start) through `throughMonth`, against what was paid. */
export const wajibStatus = (state: BookState, member: MemberState, throughMonth: string): WajibStatus => {
  const startMonth = monthOf(state.config.startDate);
  const joinMonth = monthOf(member.joinedOn);
  let month = joinMonth > startMonth ? joinMonth : startMonth;
  const lastMonth = member.exitedOn !== undefined && monthOf(member.exitedOn) < throughMonth ? monthOf(member.exitedOn) : throughMonth;
  let due = 0n;
  let monthsDue = 0;
  const schedule = state.wajibSchedule;
  const steps = Math.max(0, monthsBetween(month, lastMonth) + 1);
  for (let i = 0; i < steps; i++) {
    let amount = 0n;
    for (const step of schedule) if (step.fromMonth <= month) amount = step.amountMinor;
    due += amount;
    monthsDue += 1;
    month = nextMonth(month);
  }
  const paid = member.wajibPaidMinor;
  return {
    memberNo: member.memberNo,
    monthsDue,
    dueMinor: due,
    paidMinor: paid,
    arrearsMinor: due > paid ? due - paid : 0n,
    prepaidMinor: paid > due ? paid - due : 0n,
  };
};

/** The events that change the sukarela's jasa rate: a store that opens a book from its projections folds them. */
export const SUKARELA_RATE_EVENT_TYPES = ["SukarelaRateChanged"] as const;

/** A rate from a month on replaces the steps from that month on, as a change of the wajib amount does. */
export const changeSukarelaRate = (rates: Array<SukarelaRateStep>, change: SukarelaRateStep): void => {
  const keep = rates.filter((step) => step.fromMonth < change.fromMonth);
  rates.length = 0;
  const { fromMonth, ratePerYear, tiers } = change;
  rates.push(...keep, { fromMonth, ratePerYear, ...(tiers === undefined || tiers.length === 0 ? {} : { tiers }) });
};

/** Folds one event into the sukarela's rates, in place (any other event leaves them as they are). */
export const applySukarelaRateEvent = (rates: Array<SukarelaRateStep>, event: { readonly type: string; readonly data: unknown }): void => {
  if (event.type === "SukarelaRateChanged") changeSukarelaRate(rates, event.data as SukarelaRateStep);
};

/**
 * The sukarela's jasa terms for a month: the latest change from that month or before, else the book's
 * own, with its tiers (none when that change set none).
 */
export const sukarelaTermsIn = (state: Pick<BookState, "sukarelaRates" | "config">, month: string): Required<SukarelaRate> => {
  const { ratePerYear, tiers } = state.config.savings.sukarela;
  let terms: Required<SukarelaRate> = { ratePerYear, tiers: tiers ?? [] };
  for (const step of state.sukarelaRates) if (step.fromMonth <= month) terms = { ratePerYear: step.ratePerYear, tiers: step.tiers ?? [] };
  return terms;
};

/** The sukarela's base jasa rate for a month (see {@link sukarelaTermsIn} for its tiers). */
export const sukarelaRateIn = (state: Pick<BookState, "sukarelaRates" | "config">, month: string): string =>
  sukarelaTermsIn(state, month).ratePerYear;
