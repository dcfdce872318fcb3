/**
 * Loan schedules: flat, menurun (equal principal, interest on the declining balance) and anuitas
 * (equal instalments, interest on the declining balance), with the periodic rate stated with its
 * period and the day count explicit. Pure functions over bigint minor units; every rounding names
 * its mode, and the last instalment absorbs what rounding left, so principal parts always sum to the
 * principal exactly. The public vectors of DOMAIN.md (Fineract T1, T3, T4, T5; L1, L3, L4, L6, L7)
 * are its tests.
 */
import { addMonths, addWeeks, differenceInCalendarDays, format, parseISO } from "date-fns";
import type { DayCount } from "../model.js";
import { allocate, type Money, money, RateDecimal, type RoundingMode, toMinorUnits } from "../money.js";

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

export class ScheduleTermsError extends Error {
  override readonly name = "ScheduleTermsError";
}

type Rate = InstanceType<typeof RateDecimal>;

const ratePerYear = (terms: ScheduleTerms): Rate =>
  "perYear" in terms.rate ? new RateDecimal(terms.rate.perYear) : new RateDecimal(terms.rate.perMonth).times(12);

const dueDateOf = (terms: ScheduleTerms, number: number): string => {
  const start = parseISO(terms.disbursedOn);
  const due =
    terms.frequency.unit === "month" ? addMonths(start, number * terms.frequency.every) : addWeeks(start, number * terms.frequency.every);
  return format(due, "yyyy-MM-dd");
};

/**
 * The rate of one period. With 30/360 the year's rate is divided by the periods in a year
 * (12 months, 52 weeks), as Fineract does; with actual/365 or actual/actual the period's actual days count.
 */
const periodicRate = (terms: ScheduleTerms, number: number): Rate => {
  const yearly = ratePerYear(terms);
  if (terms.dayCount === "30/360") {
    const periodsPerYear = terms.frequency.unit === "month" ? 12 / terms.frequency.every : 52 / terms.frequency.every;
    return yearly.div(periodsPerYear);
  }
  const from = number === 1 ? terms.disbursedOn : dueDateOf(terms, number - 1);
  const to = dueDateOf(terms, number);
  const days = differenceInCalendarDays(parseISO(to), parseISO(from));
  const year = Number(from.slice(0, 4));
  const yearDays = terms.dayCount === "actual/actual" && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0) ? 366 : 365;
  return yearly.times(days).div(yearDays);
};

const roundToMultiple = (amount: Rate, rounding: InstalmentRounding | undefined, mode: RoundingMode): bigint => {
  if (rounding === undefined) return toMinorUnits(amount, mode);
  const multiple = rounding.multipleMinor;
  const units = toMinorUnits(amount.div(multiple.toString()), rounding.mode === "up" ? "up" : "half-up");
  return units * multiple;
};

const check = (terms: ScheduleTerms): void => {
  if (terms.principalMinor <= 0n) throw new ScheduleTermsError("the principal must be greater than zero");
  if (!Number.isInteger(terms.instalments) || terms.instalments < 1 || terms.instalments > 600) {
    throw new ScheduleTermsError("the number of instalments must be a whole number from 1 to 600");
  }
  if (!Number.isInteger(terms.frequency.every) || terms.frequency.every < 1 || terms.frequency.every > 12) {
    throw new ScheduleTermsError("an instalment falls due every 1 to 12 months or weeks");
  }
  const yearly = ratePerYear(terms);
  if (yearly.lte(0) || yearly.gte(10)) throw new ScheduleTermsError("the rate must be above 0% and below 1000% a year");
  if (terms.instalmentRounding !== undefined && terms.instalmentRounding.multipleMinor <= 0n) {
    throw new ScheduleTermsError("an instalment multiple must be greater than zero");
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
      const interest = toMinorUnits(periodicRate(terms, k).times(principal.toString()), mode);
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
      const interest = toMinorUnits(periodicRate(terms, k).times(balance.toString()), mode);
      push(k, k === n ? balance : (equalParts[k - 1] as bigint), interest);
    }
    return rows;
  }

  // Anuitas: PMT = P·r / (1 − (1 + r)^−n) at the nominal periodic rate (the year's rate over the
  // periods in a year); each period's interest is on the balance at that period's own rate, and the
  // last instalment absorbs what the day count and rounding left (it pays off the balance).
  const r = ratePerYear(terms).div(terms.frequency.unit === "month" ? 12 / terms.frequency.every : 52 / terms.frequency.every);
  const pmtExact = new RateDecimal(principal.toString()).times(r).div(new RateDecimal(1).minus(r.plus(1).pow(-n)));
  const pmt = roundToMultiple(pmtExact, terms.instalmentRounding, mode);
  for (let k = 1; k <= n; k++) {
    const interest = toMinorUnits(periodicRate(terms, k).times(balance.toString()), mode);
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
