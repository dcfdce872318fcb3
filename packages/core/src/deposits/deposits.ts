/**
 * Simpanan berjangka (time deposits): a member places a sum for a term of whole months at a rate
 * fixed on the day, and takes it back at maturity or earlier with a penalty.
 *
 * A deposit's term is cut into monthly periods at the placement's day of the month (the 31st falls on
 * a shorter month's last day). Each period's jasa is posted by the close of the month it ends in,
 * dated its last day, and credited to the member's simpanan sukarela, less PP 15/2009 withholding.
 * At maturity the close either moves the principal to sukarela or rolls it over for another term (of
 * the same length and rate, or those the member agreed for it), as the member instructed. A deposit taken out before maturity forfeits the jasa of
 * the period it is taken out in.
 */
import { addMonthsToDate, daysBetween, monthOf } from "../dates.js";
import type { Money, RoundingMode } from "../money.js";
import { divideRounded, money, RateDecimal, toMinorUnits } from "../money.js";
import type { LogSelection } from "../store.js";

/** How a period's days are counted: every month as 30 of 360 days, or its actual days of 365. */
export type DepositDayCount = "30/360" | "actual/365";
export const DEPOSIT_DAY_COUNTS: ReadonlyArray<DepositDayCount> = ["30/360", "actual/365"];

/** What the close does at maturity: pay the principal into sukarela, or place it again for the same term. */
export type AtMaturity = "sukarela" | "rollover";
export const AT_MATURITY: ReadonlyArray<AtMaturity> = ["sukarela", "rollover"];

export interface TimeDepositState {
  readonly depositId: string;
  readonly memberNo: string;
  readonly principalMinor: bigint;
  /** A decimal fraction a year ("0.06" is 6%), fixed for the term; a rollover keeps it unless the instruction set another. */
  ratePerYear: string;
  /** The current term's length; a rollover keeps it unless the instruction set another. */
  termMonths: number;
  readonly dayCount: DepositDayCount;
  /** How a period's jasa becomes whole minor units (the book's jasa simpanan rounding when placed). */
  readonly rounding: RoundingMode;
  readonly placedOn: string;
  /** True for a deposit held when the book started. */
  readonly opening: boolean;
  /** The account the principal came from: cash or bank, Simpanan Sukarela, or Penyeimbang Saldo Awal. */
  readonly source: string;
  /** The current term's first day: the placement, or the latest rollover. */
  termStart: string;
  /** The current term's last period end. */
  maturesOn: string;
  atMaturity: AtMaturity;
  /** The rate of the next term, when the member's instruction to roll over agreed a new one; else the term's rate goes on. */
  rolloverRate: string | undefined;
  /** The next term's length, when the instruction to roll over set one; else the term's length goes on. */
  rolloverTermMonths: number | undefined;
  /**
   * The loan the deposit secures (agunan), until the loan is paid off or the pengurus release it:
   * meanwhile it cannot be taken out, and it rolls over at maturity whatever the instruction.
   */
  pledgedTo: string | undefined;
  /** The day of the pledge still in force. */
  pledgedOn: string | undefined;
  /** The latest period end whose jasa was posted (for an opening deposit, the last one before the book). */
  paidThrough: string;
  /** Jasa and withholding posted per month, with its period (a month closed again posts only the change in withholding). */
  readonly postedByMonth: Map<string, PostedPeriod>;
  /** Jasa and withholding posted over the deposit's life. */
  interestMinor: bigint;
  taxMinor: bigint;
  /**
   * Jasa of the running period accrued at month ends and not yet paid (Utang Jasa Simpanan
   * Berjangka), and the end of the period it is for.
   */
  accruedMinor: bigint;
  accruedFor: string | undefined;
  rollovers: number;
  status: "active" | "matured" | "closed";
  /** The day the principal left: taken out, or paid into sukarela at maturity. */
  endedOn: string | undefined;
}

export interface PostedPeriod {
  readonly start: string;
  readonly end: string;
  readonly days: number;
  grossMinor: bigint;
  taxMinor: bigint;
}

export interface TimeDepositEventData {
  TimeDepositPlaced: {
    readonly depositId: string;
    readonly memberNo: string;
    readonly placedOn: string;
    readonly principalMinor: Money;
    readonly ratePerYear: string;
    readonly termMonths: number;
    readonly dayCount: DepositDayCount;
    readonly rounding: RoundingMode;
    readonly atMaturity: AtMaturity;
    readonly maturesOn: string;
    /** The latest period end before the book (opening deposits), else the placement day. */
    readonly paidThrough: string;
    readonly opening: boolean;
    readonly source: string;
  };
  /** A period's jasa (or, when its month is closed again, the change in its withholding). */
  TimeDepositInterestPosted: {
    readonly runId: string;
    readonly month: string;
    readonly depositId: string;
    readonly memberNo: string;
    readonly periodStart: string;
    readonly periodEnd: string;
    readonly days: number;
    readonly grossMinor: Money;
    readonly taxMinor: Money;
    /** The part of the jasa accrued at earlier month ends, now paid out of Utang Jasa Simpanan Berjangka. */
    readonly fromAccruedMinor: Money;
  };
  /**
   * At a month's end, the jasa of the period still running, pro rata to its days so far, accrued as
   * an expense owed (SAK EP): `amountMinor` is what this close adds, `accruedMinor` the total after it.
   */
  TimeDepositJasaAccrued: {
    readonly runId: string;
    readonly month: string;
    readonly depositId: string;
    readonly memberNo: string;
    readonly periodEnd: string;
    readonly amountMinor: Money;
    readonly accruedMinor: Money;
  };
  /** The close at maturity paid the principal into the member's sukarela. */
  TimeDepositMatured: { readonly depositId: string; readonly memberNo: string; readonly principalMinor: Money };
  /**
   * The close at maturity placed the principal again for a new term, at `ratePerYear` for `termMonths`
   * (what the instruction agreed, or the term's own; logs written before these could change on
   * rollover lack them).
   */
  TimeDepositRolledOver: {
    readonly depositId: string;
    readonly termStart: string;
    readonly maturesOn: string;
    readonly ratePerYear?: string;
    /** The new term's length (logs written before terms could change on rollover lack it: the same length). */
    readonly termMonths?: number;
  };
  /** The member's instruction for maturity; it replaces any earlier one, and a rollover at a new rate or for a new length names them. */
  TimeDepositInstructionSet: {
    readonly depositId: string;
    readonly atMaturity: AtMaturity;
    readonly rolloverRate?: string;
    readonly rolloverTermMonths?: number;
  };
  /** The deposit pledged as collateral (agunan) for a loan of its member. */
  TimeDepositPledged: { readonly depositId: string; readonly memberNo: string; readonly loanId: string };
  /** The pledge ended: the loan was paid off (in the same command), or the pengurus released it. */
  TimeDepositReleased: { readonly depositId: string; readonly loanId: string; readonly reason: string };
  /** The principal taken out: early (with its penalty, the running period's jasa forfeited) or on or after maturity. */
  TimeDepositWithdrawn: {
    readonly depositId: string;
    readonly memberNo: string;
    readonly principalMinor: Money;
    readonly penaltyMinor: Money;
    readonly early: boolean;
    /** Where the principal less the penalty went: a cash or bank account, or Simpanan Sukarela. */
    readonly to: string;
    /** The jasa accrued for the period now forfeited, taken back out of the expense. */
    readonly accrualReversedMinor: Money;
  };
}

export const TIME_DEPOSIT_EVENT_TYPES = [
  "TimeDepositPlaced",
  "TimeDepositInterestPosted",
  "TimeDepositJasaAccrued",
  "TimeDepositMatured",
  "TimeDepositRolledOver",
  "TimeDepositInstructionSet",
  "TimeDepositWithdrawn",
  "TimeDepositPledged",
  "TimeDepositReleased",
] as const;

export const emptyDeposits = (): Map<string, TimeDepositState> => new Map();

/** The end of a term's `k`-th period: the term's first day plus k months, clamped to the month's end. */
export const depositPeriodEnd = (termStart: string, k: number): string => addMonthsToDate(termStart, k);

/** The days of a period by the deposit's day count: 30 a month on 30/360, else the actual days. */
export const depositPeriodDays = (dayCount: DepositDayCount, start: string, end: string): number =>
  dayCount === "30/360" ? 30 : daysBetween(start, end);

/** A period's jasa: principal × rate × days / (360 or 365), rounded by the deposit's mode. */
export const depositPeriodInterest = (
  deposit: Pick<TimeDepositState, "principalMinor" | "ratePerYear" | "dayCount" | "rounding">,
  days: number,
) =>
  toMinorUnits(
    new RateDecimal(deposit.principalMinor.toString())
      .times(deposit.ratePerYear)
      .times(days)
      .div(deposit.dayCount === "30/360" ? 360 : 365),
    deposit.rounding,
  );

export interface DuePeriod {
  readonly start: string;
  readonly end: string;
  readonly days: number;
  readonly grossMinor: Money;
}

/** The current term's first period whose jasa is not yet paid; undefined once all of them are. */
const nextUnpaidPeriod = (deposit: TimeDepositState): { readonly start: string; readonly end: string } | undefined => {
  for (let k = 1; k <= deposit.termMonths; k++) {
    const end = depositPeriodEnd(deposit.termStart, k);
    if (end > deposit.paidThrough) return { start: k === 1 ? deposit.termStart : depositPeriodEnd(deposit.termStart, k - 1), end };
  }
  return undefined;
};

/**
 * The period of the current term that ends in `month` and whose jasa is owed but not yet paid: the
 * deposit was still placed at the period's end. At most one, since periods are a month long, and
 * the next one unpaid, since each month's close pays the period that ended in it.
 */
export const depositPeriodDueIn = (deposit: TimeDepositState, month: string): DuePeriod | undefined => {
  if (deposit.status === "matured") return undefined;
  // Taken out before the month began: every period it was owed ended before the month.
  if (deposit.endedOn !== undefined && monthOf(deposit.endedOn) < month) return undefined;
  const next = nextUnpaidPeriod(deposit);
  if (next === undefined || monthOf(next.end) !== month) return undefined;
  if (deposit.endedOn !== undefined && deposit.endedOn < next.end) return undefined;
  const days = depositPeriodDays(deposit.dayCount, next.start, next.end);
  return { ...next, days, grossMinor: depositPeriodInterest(deposit, days) };
};

/** A period that ended before the deposit was taken out and whose jasa still waits for its month's close. */
export const pendingPeriodEnd = (deposit: TimeDepositState): string | undefined => {
  if (deposit.status !== "closed" || deposit.endedOn === undefined) return undefined;
  const next = nextUnpaidPeriod(deposit);
  return next !== undefined && next.end <= deposit.endedOn ? next.end : undefined;
};

const depositOf = (deposits: Map<string, TimeDepositState>, depositId: string): TimeDepositState => {
  const deposit = deposits.get(depositId);
  if (deposit === undefined) throw new RangeError(`unknown time deposit ${depositId}`);
  return deposit;
};

/** An accrual paid out (or taken back): what is left of it, and no period once nothing is. */
const releaseAccrual = (deposit: TimeDepositState, amount: bigint): void => {
  if (amount === 0n) return;
  deposit.accruedMinor -= amount;
  if (deposit.accruedMinor === 0n) deposit.accruedFor = undefined;
};

export const applyTimeDepositEvent = (
  deposits: Map<string, TimeDepositState>,
  event: { readonly type: string; readonly date: string; readonly data: unknown },
): void => {
  switch (event.type) {
    case "TimeDepositPlaced": {
      const d = event.data as TimeDepositEventData["TimeDepositPlaced"];
      deposits.set(d.depositId, {
        depositId: d.depositId,
        memberNo: d.memberNo,
        principalMinor: d.principalMinor,
        ratePerYear: d.ratePerYear,
        termMonths: d.termMonths,
        dayCount: d.dayCount,
        rounding: d.rounding,
        placedOn: d.placedOn,
        opening: d.opening,
        source: d.source,
        termStart: d.placedOn,
        maturesOn: d.maturesOn,
        atMaturity: d.atMaturity,
        rolloverRate: undefined,
        rolloverTermMonths: undefined,
        pledgedTo: undefined,
        pledgedOn: undefined,
        paidThrough: d.paidThrough,
        postedByMonth: new Map(),
        interestMinor: 0n,
        taxMinor: 0n,
        rollovers: 0,
        status: "active",
        endedOn: undefined,
        accruedMinor: 0n,
        accruedFor: undefined,
      });
      return;
    }
    case "TimeDepositInterestPosted": {
      const d = event.data as TimeDepositEventData["TimeDepositInterestPosted"];
      const deposit = depositOf(deposits, d.depositId);
      const posted = deposit.postedByMonth.get(d.month);
      if (posted === undefined) {
        deposit.postedByMonth.set(d.month, {
          start: d.periodStart,
          end: d.periodEnd,
          days: d.days,
          grossMinor: d.grossMinor,
          taxMinor: d.taxMinor,
        });
      } else {
        posted.grossMinor += d.grossMinor;
        posted.taxMinor += d.taxMinor;
      }
      deposit.interestMinor += d.grossMinor;
      deposit.taxMinor += d.taxMinor;
      releaseAccrual(deposit, d.fromAccruedMinor);
      if (d.periodEnd > deposit.paidThrough) deposit.paidThrough = d.periodEnd;
      return;
    }
    case "TimeDepositJasaAccrued": {
      const d = event.data as TimeDepositEventData["TimeDepositJasaAccrued"];
      const deposit = depositOf(deposits, d.depositId);
      deposit.accruedMinor = d.accruedMinor;
      deposit.accruedFor = d.periodEnd;
      return;
    }
    case "TimeDepositMatured": {
      const deposit = depositOf(deposits, (event.data as TimeDepositEventData["TimeDepositMatured"]).depositId);
      deposit.status = "matured";
      deposit.endedOn = event.date;
      return;
    }
    case "TimeDepositRolledOver": {
      const d = event.data as TimeDepositEventData["TimeDepositRolledOver"];
      const deposit = depositOf(deposits, d.depositId);
      deposit.termStart = d.termStart;
      deposit.maturesOn = d.maturesOn;
      if (d.ratePerYear !== undefined) deposit.ratePerYear = d.ratePerYear;
      if (d.termMonths !== undefined) deposit.termMonths = d.termMonths;
      deposit.rolloverRate = undefined;
      deposit.rolloverTermMonths = undefined;
      deposit.rollovers += 1;
      return;
    }
    case "TimeDepositInstructionSet": {
      const d = event.data as TimeDepositEventData["TimeDepositInstructionSet"];
      const deposit = depositOf(deposits, d.depositId);
      deposit.atMaturity = d.atMaturity;
      deposit.rolloverRate = d.rolloverRate;
      deposit.rolloverTermMonths = d.rolloverTermMonths;
      return;
    }
    case "TimeDepositPledged": {
      const d = event.data as TimeDepositEventData["TimeDepositPledged"];
      const deposit = depositOf(deposits, d.depositId);
      deposit.pledgedTo = d.loanId;
      deposit.pledgedOn = event.date;
      return;
    }
    case "TimeDepositReleased": {
      const d = event.data as TimeDepositEventData["TimeDepositReleased"];
      const deposit = depositOf(deposits, d.depositId);
      deposit.pledgedTo = undefined;
      deposit.pledgedOn = undefined;
      return;
    }
    case "TimeDepositWithdrawn": {
      const d = event.data as TimeDepositEventData["TimeDepositWithdrawn"];
      const deposit = depositOf(deposits, d.depositId);
      deposit.status = "closed";
      deposit.endedOn = event.date;
      releaseAccrual(deposit, d.accrualReversedMinor);
      return;
    }
    default:
      return;
  }
};

/** True when the close at maturity pays the principal into sukarela: so instructed, and not pledged for a loan (a pledged deposit rolls over). */
export const paysOutAtMaturity = (deposit: Pick<TimeDepositState, "atMaturity" | "pledgedTo">): boolean =>
  deposit.atMaturity === "sukarela" && deposit.pledgedTo === undefined;

/** The term a rollover at maturity starts from the maturity day: of the length and at the rate the instruction agreed, or the term's own. */
export const rolledTerm = (deposit: TimeDepositState) => {
  const termStart = deposit.maturesOn;
  const termMonths = deposit.rolloverTermMonths ?? deposit.termMonths;
  return {
    termStart,
    maturesOn: depositPeriodEnd(termStart, termMonths),
    ratePerYear: deposit.rolloverRate ?? deposit.ratePerYear,
    termMonths,
  } as const;
};

/**
 * The period of the deposit's term running at the end of a month (`monthEnd`, its last day): the jasa
 * accrued for it by then, pro rata to its actual days, rounded by the deposit's mode (the rest is
 * expensed when it is paid, so the parts sum to the period's jasa). Undefined when no period runs
 * past the month's end. For a deposit the month's close rolls over, pass it with its `rolledTerm`.
 */
export const accrualAt = (
  deposit: Pick<TimeDepositState, "termStart" | "termMonths" | "principalMinor" | "ratePerYear" | "dayCount" | "rounding">,
  monthEnd: string,
): { readonly periodEnd: string; readonly accruedMinor: Money } | undefined => {
  const termStart = deposit.termStart;
  for (let k = 1; k <= deposit.termMonths; k++) {
    const end = depositPeriodEnd(termStart, k);
    if (end <= monthEnd) continue;
    const start = k === 1 ? termStart : depositPeriodEnd(termStart, k - 1);
    if (start > monthEnd) return undefined;
    const gross = depositPeriodInterest(deposit, depositPeriodDays(deposit.dayCount, start, end));
    const accrued = divideRounded(gross * BigInt(daysBetween(start, monthEnd)), BigInt(daysBetween(start, end)), deposit.rounding);
    return { periodEnd: end, accruedMinor: money(accrued) };
  }
  return undefined;
};

/** The deposits as they stood at the end of `asOf`: the time-deposit events dated on or before it, in log order. */
/** The events the register at a past date reads: the time-deposit events through that day. */
export const timeDepositsAtEvents = (asOf: string): LogSelection => ({ types: TIME_DEPOSIT_EVENT_TYPES, through: asOf });

export const timeDepositsAt = (
  events: Iterable<{ readonly type: string; readonly date: string; readonly data: unknown }>,
  asOf: string,
): Map<string, TimeDepositState> => {
  const deposits = emptyDeposits();
  for (const event of events) if (event.date <= asOf) applyTimeDepositEvent(deposits, event);
  return deposits;
};

/** A period of a deposit's current term, posted or to come. */
export interface DepositPeriodLine {
  readonly start: string;
  readonly end: string;
  readonly days: number;
  readonly grossMinor: bigint;
  /** Paid: posted by a close, or, for a deposit brought in at the opening, paid before the book. */
  readonly posted: boolean;
  /** Forfeited: the deposit was taken out before the period ended. */
  readonly forfeited: boolean;
}

/** A deposit's card (bilyet): every period of its current term, each with its jasa, posted, to come or forfeited. */
export const depositSchedule = (deposit: TimeDepositState): DepositPeriodLine[] => {
  const lines: DepositPeriodLine[] = [];
  for (let k = 1; k <= deposit.termMonths; k++) {
    const start = k === 1 ? deposit.termStart : depositPeriodEnd(deposit.termStart, k - 1);
    const end = depositPeriodEnd(deposit.termStart, k);
    const days = depositPeriodDays(deposit.dayCount, start, end);
    lines.push({
      start,
      end,
      days,
      grossMinor: depositPeriodInterest(deposit, days),
      posted: end <= deposit.paidThrough,
      forfeited: deposit.endedOn !== undefined && deposit.endedOn < end,
    });
  }
  return lines;
};

/** One line of the register (daftar simpanan berjangka): the deposit as it stands, without its month-by-month postings. */
export type TimeDepositRow = Readonly<Omit<TimeDepositState, "postedByMonth">>;

export interface TimeDepositRegister {
  readonly rows: ReadonlyArray<TimeDepositRow>;
  /** The principal of the deposits still placed: the balance of Simpanan Berjangka. */
  readonly heldMinor: bigint;
  readonly heldCount: number;
}

/** The register as the book stands, in the order the deposits were placed. */
export const timeDepositRegister = (state: { readonly deposits: ReadonlyMap<string, TimeDepositState> }): TimeDepositRegister => {
  const rows: TimeDepositRow[] = [];
  let heldMinor = 0n;
  let heldCount = 0;
  for (const d of state.deposits.values()) {
    const { postedByMonth: _, ...row } = d;
    rows.push(row);
    if (d.status === "active") {
      heldMinor += d.principalMinor;
      heldCount += 1;
    }
  }
  return { rows, heldMinor, heldCount };
};
