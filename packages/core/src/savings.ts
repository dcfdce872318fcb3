/**
 * Savings rules: jasa simpanan on sukarela, PP 15/2009 withholding, and the wajib obligation.
 * Pure functions of the book's state; decide calls them and the events record their results.
 */
import { daysInMonthOf, firstDayOf, isLeapYear, lastDayOf, monthOf, monthsBetween, nextMonth, yearOf } from "./dates.js";
import type { BookState, MemberState, SukarelaConfig, SukarelaTrack, WithholdingConfig } from "./model.js";
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

/** Jasa simpanan of one month on one member's sukarela, by the book's rate, basis and day count. */
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
  const rate = new RateDecimal(config.ratePerYear);
  if (rate.isZero() || basis === 0n) return { basisMinor: money(basis), grossMinor: money(0n) };
  const yearDays = config.dayCount === "actual/actual" && isLeapYear(yearOf(month)) ? 366 : 365;
  // Interest for the month = rate × (balance-days) / days-in-year, where for 30/360 each month counts
  // 30 of 360 days and a daily basis is first averaged over the month's actual days.
  let balanceDays: InstanceType<typeof RateDecimal>;
  let yearLength: number;
  if (config.dayCount === "30/360") {
    const average =
      config.basis === "daily-balance" ? new RateDecimal(basis.toString()).div(daysInMonth.toString()) : new RateDecimal(basis.toString());
    balanceDays = average.times(30);
    yearLength = 360;
  } else {
    balanceDays =
      config.basis === "daily-balance"
        ? new RateDecimal(basis.toString())
        : new RateDecimal(basis.toString()).times(daysInMonth.toString());
    yearLength = yearDays;
  }
  return { basisMinor: money(basis), grossMinor: toMinorUnits(balanceDays.times(rate).div(yearLength), config.rounding) };
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
export const changeSukarelaRate = (
  rates: Array<{ readonly fromMonth: string; readonly ratePerYear: string }>,
  change: { readonly fromMonth: string; readonly ratePerYear: string },
): void => {
  const keep = rates.filter((step) => step.fromMonth < change.fromMonth);
  rates.length = 0;
  rates.push(...keep, { fromMonth: change.fromMonth, ratePerYear: change.ratePerYear });
};

/** Folds one event into the sukarela's rates, in place (any other event leaves them as they are). */
export const applySukarelaRateEvent = (
  rates: Array<{ readonly fromMonth: string; readonly ratePerYear: string }>,
  event: { readonly type: string; readonly data: unknown },
): void => {
  if (event.type === "SukarelaRateChanged") changeSukarelaRate(rates, event.data as { fromMonth: string; ratePerYear: string });
};

/** The jasa rate on sukarela for a month: the latest change from that month or before, else the book's own. */
export const sukarelaRateIn = (state: Pick<BookState, "sukarelaRates" | "config">, month: string): string => {
  let rate = state.config.savings.sukarela.ratePerYear;
  for (const step of state.sukarelaRates) if (step.fromMonth <= month) rate = step.ratePerYear;
  return rate;
};
