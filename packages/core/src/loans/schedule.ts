/**
 * Loan schedules: flat, menurun (equal principal, interest on the declining balance) and anuitas
 * (equal instalments, interest on the declining balance), with the periodic rate stated with its
 * period and the day count explicit. Pure functions over bigint minor units; every rounding names
 * its mode, and the last instalment absorbs what rounding left, so principal parts always sum to the
 * principal exactly. The public vectors of DOMAIN.md (Fineract T1, T3, T4, T5; L1, L3, L4, L6, L7)
 * are its tests.
 */
import { addMonthsToDate, isLeapYear } from "../dates.js";
import type { DayCount } from "../model.js";
import { allocate, divideRounded, type Money, money, RateDecimal, type RoundingMode, toMinorUnits } from "../money.js";

export type LoanMethod = "flat" | "menurun" | "anuitas";
export const LOAN_METHODS: ReadonlyArray<LoanMethod> = ["flat", "menurun", "anuitas"];

export interface Frequency {
  readonly unit: "month" | "week";
  /** Every how many units an instalment falls due (1 = monthly or weekly; 2 = every two months). */
  readonly every: number;
}

/** How an instalment is brought to a multiple (Rp100, Rp1.000): to the nearest (half up), or up. */
export interface InstalmentRounding {
  readonly multipleMinor: bigint;
  readonly mode: "nearest" | "up";
}

export interface ScheduleTerms {
  readonly principalMinor: bigint;
  readonly method: LoanMethod;
  /** The rate, stated with its period: per year, or per month ("0.02" is 2% a month = 24% a year). */
  readonly rate: { readonly perYear: string } | { readonly perMonth: string };
  readonly instalments: number;
  readonly frequency: Frequency;
  readonly dayCount: DayCount;
  /** The disbursement date; the first instalment falls due one period later. */
  readonly disbursedOn: string;
  /** How each period's interest (and an anuitas instalment) becomes minor units; half-up by default. */
  readonly rounding?: RoundingMode;
  readonly instalmentRounding?: InstalmentRounding;
}

export interface Instalment {
  readonly number: number;
  readonly dueDate: string;
  readonly principalMinor: Money;
  readonly interestMinor: Money;
  readonly totalMinor: Money;
  /** Principal still owed after this instalment. */
  readonly balanceAfterMinor: Money;
}

/** Terms that cannot make a schedule: `message` says why in English, `messageId` in Bahasa Indonesia. */
export class ScheduleTermsError extends Error {
  override readonly name = "ScheduleTermsError";
  constructor(
    message: string,
    readonly messageId: string,
  ) {
    super(message);
  }
}

type Rate = InstanceType<typeof RateDecimal>;

const ratePerYear = (terms: ScheduleTerms): Rate =>
  "perYear" in terms.rate ? new RateDecimal(terms.rate.perYear) : new RateDecimal(terms.rate.perMonth).times(12);

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const addDaysIso = (date: string, days: number): string => new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);

const dueDateOf = (terms: ScheduleTerms, number: number): string =>
  terms.frequency.unit === "month"
    ? addMonthsToDate(terms.disbursedOn, number * terms.frequency.every)
    : addDaysIso(terms.disbursedOn, 7 * number * terms.frequency.every);

/** A rate as an exact fraction: the hot path multiplies bigints instead of decimals. */
interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

const fractionOf = (text: string): Fraction => {
  const [whole = "0", decimals = ""] = text.split(".");
  return { num: BigInt(whole + decimals), den: 10n ** BigInt(decimals.length) };
};

const yearlyFraction = (terms: ScheduleTerms): Fraction => {
  if ("perYear" in terms.rate) return fractionOf(terms.rate.perYear);
  const monthly = fractionOf(terms.rate.perMonth);
  return { num: monthly.num * 12n, den: monthly.den };
};

/**
 * The rate of one period. With 30/360 the year's rate is divided by the periods in a year
 * (12 months, 52 weeks), as Fineract does; with actual/365 or actual/actual the period's actual days count.
 */
const periodicFraction = (terms: ScheduleTerms, number: number): Fraction => {
  const yearly = yearlyFraction(terms);
  const every = BigInt(terms.frequency.every);
  if (terms.dayCount === "30/360") {
    return { num: yearly.num * every, den: yearly.den * (terms.frequency.unit === "month" ? 12n : 52n) };
  }
  const from = number === 1 ? terms.disbursedOn : dueDateOf(terms, number - 1);
  const days = BigInt(dayNumber(dueDateOf(terms, number)) - dayNumber(from));
  const yearDays = terms.dayCount === "actual/actual" && isLeapYear(Number(from.slice(0, 4))) ? 366n : 365n;
  return { num: yearly.num * days, den: yearly.den * yearDays };
};

const periodicRate = (terms: ScheduleTerms, number: number): Rate => {
  const f = periodicFraction(terms, number);
  return new RateDecimal(f.num.toString()).div(f.den.toString());
};

/** `amount × rate` for one period, rounded by the named mode: exact bigint arithmetic. */
const interestOn = (amount: bigint, rate: Fraction, mode: RoundingMode): bigint => divideRounded(amount * rate.num, rate.den, mode);

const roundToMultiple = (amount: Rate, rounding: InstalmentRounding | undefined, mode: RoundingMode): bigint => {
  if (rounding === undefined) return toMinorUnits(amount, mode);
  const multiple = rounding.multipleMinor;
  const units = toMinorUnits(amount.div(multiple.toString()), rounding.mode === "up" ? "up" : "half-up");
  return units * multiple;
};

const check = (terms: ScheduleTerms): void => {
  if (terms.principalMinor <= 0n)
    throw new ScheduleTermsError("the principal must be greater than zero", "pokok pinjaman harus lebih dari nol");
  if (!Number.isInteger(terms.instalments) || terms.instalments < 1 || terms.instalments > 600) {
    throw new ScheduleTermsError(
      "the number of instalments must be a whole number from 1 to 600",
      "banyaknya angsuran harus bilangan bulat dari 1 sampai 600",
    );
  }
  if (!Number.isInteger(terms.frequency.every) || terms.frequency.every < 1 || terms.frequency.every > 12) {
    throw new ScheduleTermsError(
      "an instalment falls due every 1 to 12 months or weeks",
      "angsuran jatuh tempo setiap 1 sampai 12 bulan atau minggu",
    );
  }
  const yearly = ratePerYear(terms);
  if (yearly.lte(0) || yearly.gte(10))
    throw new ScheduleTermsError(
      "the rate must be above 0% and below 1000% a year",
      "suku bunga harus di atas 0% dan di bawah 1000% setahun",
    );
  if (terms.instalmentRounding !== undefined && terms.instalmentRounding.multipleMinor <= 0n) {
    throw new ScheduleTermsError("an instalment multiple must be greater than zero", "kelipatan angsuran harus lebih dari nol");
  }
};

/** The repayment schedule of a loan. Throws ScheduleTermsError on terms that cannot make one. */
export const buildSchedule = (terms: ScheduleTerms): Instalment[] => {
  check(terms);
  const mode = terms.rounding ?? "half-up";
  const n = terms.instalments;
  const principal = terms.principalMinor;
  const rows: Instalment[] = [];
  let balance = principal;
  const push = (number: number, principalPart: bigint, interest: bigint) => {
    balance -= principalPart;
    if (principalPart < 0n || balance < 0n) {
      throw new ScheduleTermsError(
        `instalment ${number} would not repay principal in order: the instalment multiple or rate does not fit this loan`,
        `angsuran ${number} tidak melunasi pokok secara berurutan: kelipatan angsuran atau suku bunganya tidak cocok untuk pinjaman ini`,
      );
    }
    rows.push({
      number,
      dueDate: dueDateOf(terms, number),
      principalMinor: money(principalPart),
      interestMinor: money(interest),
      totalMinor: money(principalPart + interest),
      balanceAfterMinor: money(balance),
    });
  };

  // Equal principal parts, split by largest remainder so that they sum to the principal exactly.
  const equalParts = allocate(principal, new Array<bigint>(n).fill(1n));

  if (terms.method === "flat") {
    // Interest on the original principal every period; an instalment of principal/n plus that interest,
    // brought to the instalment multiple when there is one (the last instalment absorbs the difference).
    for (let k = 1; k <= n; k++) {
      const interest = interestOn(principal, periodicFraction(terms, k), mode);
      if (k === n) push(k, balance, interest);
      else if (terms.instalmentRounding === undefined) push(k, equalParts[k - 1] as bigint, interest);
      else {
        const exactInstalment = new RateDecimal(principal.toString()).div(n).plus(interest.toString());
        push(k, roundToMultiple(exactInstalment, terms.instalmentRounding, mode) - interest, interest);
      }
    }
    return rows;
  }

  if (terms.method === "menurun") {
    for (let k = 1; k <= n; k++) {
      const interest = interestOn(balance, periodicFraction(terms, k), mode);
      push(k, k === n ? balance : (equalParts[k - 1] as bigint), interest);
    }
    return rows;
  }

  // Anuitas: PMT = P·r / (1 − (1 + r)^−n) at the nominal periodic rate (the year's rate over the
  // periods in a year); each period's interest is on the balance at that period's own rate, and the
  // last instalment absorbs what the day count and rounding left (it pays off the balance).
  const r = periodicRate({ ...terms, dayCount: "30/360" }, 1);
  const pmtExact = new RateDecimal(principal.toString()).times(r).div(new RateDecimal(1).minus(r.plus(1).pow(-n)));
  const pmt = roundToMultiple(pmtExact, terms.instalmentRounding, mode);
  for (let k = 1; k <= n; k++) {
    const interest = interestOn(balance, periodicFraction(terms, k), mode);
    // With actual day counts a long period's interest can exceed the instalment: the instalment
    // then covers the interest and no principal, rather than letting the balance grow.
    const principalPart = pmt > interest ? pmt - interest : 0n;
    push(k, k === n || principalPart > balance ? balance : principalPart, interest);
  }
  return rows;
};

/** Totals of a schedule: principal (equal to the loan's), interest, and all instalments. */
export const scheduleTotals = (rows: ReadonlyArray<Instalment>) => ({
  principalMinor: rows.reduce((s, r) => s + r.principalMinor, 0n),
  interestMinor: rows.reduce((s, r) => s + r.interestMinor, 0n),
  totalMinor: rows.reduce((s, r) => s + r.totalMinor, 0n),
});

/**
 * The rate a borrower really pays, as a nominal rate per year: the periodic internal rate of return
 * of the schedule's cash flows (bisection to 1e-12), times the periods in a year.
 */
export const effectiveRatePerYear = (principalMinor: bigint, rows: ReadonlyArray<Instalment>, periodsPerYear: number): Rate => {
  const pv = (rate: Rate) =>
    rows.reduce((sum, row, i) => sum.plus(new RateDecimal(row.totalMinor.toString()).div(rate.plus(1).pow(i + 1))), new RateDecimal(0));
  let low = new RateDecimal(0);
  let high = new RateDecimal(1);
  const target = new RateDecimal(principalMinor.toString());
  for (let i = 0; i < 200 && high.minus(low).gt("1e-12"); i++) {
    const mid = low.plus(high).div(2);
    if (pv(mid).gt(target)) low = mid;
    else high = mid;
  }
  return low.plus(high).div(2).times(periodsPerYear);
};
