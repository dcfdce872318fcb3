/**
 * Loan reports as data: a loan's schedule with planned against paid, the loan statement (every
 * movement with the running outstanding), and the portfolio by kolektibilitas with the allowance
 * required against the allowance booked, and the problem-loan ratio with its health band.
 */
import type { BookState, EventOf, LedgerEvent } from "../model.js";
import type { LogSelection } from "../store.js";
import { classify, type HealthBand, type KolektibilitasClass, problemLoanRatio, ratioText, requiredAllowance } from "./kolektibilitas.js";
import { accruedReceivable, daysPastDue, dendaDue, type LoanProduct, type LoanState, outstandingPrincipal } from "./loans.js";

export interface ScheduleLine {
  readonly number: number;
  readonly dueDate: string;
  readonly plannedPrincipalMinor: bigint;
  readonly plannedInterestMinor: bigint;
  readonly paidPrincipalMinor: bigint;
  readonly paidInterestMinor: bigint;
  readonly paidDendaMinor: bigint;
  readonly dendaDueMinor: bigint;
  readonly status: "paid" | "partly paid" | "due" | "overdue" | "not yet due";
}

/** A loan's schedule as planned, against what was paid, at `asOf`. */
export const loanSchedule = (state: BookState, loanId: string, asOf: string): ScheduleLine[] => {
  const loan = loanOrThrow(state, loanId);
  const product = state.loans.products.get(loan.product) as LoanProduct;
  return loan.schedule.map((i) => {
    const paid = i.paidPrincipalMinor + i.paidInterestMinor;
    const planned = i.principalMinor + i.interestMinor;
    const status: ScheduleLine["status"] =
      paid >= planned ? "paid" : paid > 0n ? "partly paid" : i.dueDate < asOf ? "overdue" : i.dueDate === asOf ? "due" : "not yet due";
    return {
      number: i.number,
      dueDate: i.dueDate,
      plannedPrincipalMinor: i.principalMinor,
      plannedInterestMinor: i.interestMinor,
      paidPrincipalMinor: i.paidPrincipalMinor,
      paidInterestMinor: i.paidInterestMinor,
      paidDendaMinor: i.paidDendaMinor,
      dendaDueMinor: dendaDue(product, i, asOf),
      status,
    };
  });
};

export interface LoanStatementLine {
  readonly seq: number;
  readonly date: string;
  readonly type: string;
  readonly pokokMinor: bigint;
  readonly jasaMinor: bigint;
  readonly dendaMinor: bigint;
  /** Principal still owed after this line. */
  readonly outstandingMinor: bigint;
}

/** The events a loan's statement reads: its disbursement, repayments, accruals, write-off and recoveries. */
export const loanStatementEvents = (loanId: string): LogSelection => ({
  types: ["LoanDisbursed", "LoanRepaid", "LoanWrittenOff", "LoanInterestAccrued", "LoanRecovered"],
  data: { loanId },
});

/** Every movement of a loan from its log, with the running outstanding principal. */
export const loanStatement = (events: Iterable<LedgerEvent>, loanId: string): LoanStatementLine[] => {
  const lines: LoanStatementLine[] = [];
  let outstanding = 0n;
  for (const event of events) {
    const data = event.data as { loanId?: string };
    if (data.loanId !== loanId) continue;
    let pokok = 0n;
    let jasa = 0n;
    let denda = 0n;
    if (event.type === "LoanDisbursed") {
      pokok = (event as EventOf<"LoanDisbursed">).data.principalMinor;
      outstanding += pokok;
    } else if (event.type === "LoanRepaid") {
      for (const a of (event as EventOf<"LoanRepaid">).data.allocations) {
        pokok += a.pokokMinor;
        jasa += a.jasaMinor;
        denda += a.dendaMinor;
      }
      outstanding -= pokok;
    } else if (event.type === "LoanWrittenOff") {
      pokok = (event as EventOf<"LoanWrittenOff">).data.principalMinor;
      outstanding -= pokok;
    } else if (event.type === "LoanInterestAccrued") {
      jasa = (event as EventOf<"LoanInterestAccrued">).data.accruals.reduce((s, a) => s + a.amountMinor, 0n);
    } else if (event.type === "LoanRecovered") {
      pokok = (event as EventOf<"LoanRecovered">).data.amountMinor;
    } else continue;
    lines.push({
      seq: event.seq,
      date: event.date,
      type: event.type,
      pokokMinor: pokok,
      jasaMinor: jasa,
      dendaMinor: denda,
      outstandingMinor: outstanding,
    });
  }
  return lines;
};

export interface PortfolioClass {
  readonly code: string;
  readonly name: string;
  readonly loans: number;
  readonly outstandingMinor: bigint;
  readonly requiredAllowanceMinor: bigint;
  readonly bookedAllowanceMinor: bigint;
}

export interface Portfolio {
  readonly asOf: string;
  readonly classes: ReadonlyArray<PortfolioClass>;
  readonly outstandingMinor: bigint;
  readonly accruedJasaMinor: bigint;
  readonly requiredAllowanceMinor: bigint;
  readonly bookedAllowanceMinor: bigint;
  /** The problem-loan ratio as a fraction to four places, half up (`"0.0235"`). */
  readonly problemLoanRatio: string;
  /** Its band by the exact ratio: sehat up to 5%, cukup sehat up to 10%, kurang sehat up to 15%, tidak sehat above. */
  readonly health: HealthBand;
}

/** The active loans by kolektibilitas at `asOf`, with allowance required against booked. */
export const loanPortfolio = (state: BookState, asOf: string): Portfolio => {
  const classes = state.loans.kolektibilitas.map((c) => ({
    code: c.code,
    name: c.name,
    loans: 0,
    outstandingMinor: 0n,
    requiredAllowanceMinor: 0n,
    bookedAllowanceMinor: 0n,
  }));
  const ratioInput: Array<{ outstandingMinor: bigint; kolektibilitas: KolektibilitasClass }> = [];
  let accrued = 0n;
  for (const loan of state.loans.loans.values()) {
    if (loan.status !== "active") continue;
    const kolektibilitas = classify(daysPastDue(loan, asOf), state.loans.kolektibilitas);
    const row = classes.find((c) => c.code === kolektibilitas.code) as (typeof classes)[number];
    const outstanding = outstandingPrincipal(loan);
    row.loans += 1;
    row.outstandingMinor += outstanding;
    row.requiredAllowanceMinor += requiredAllowance(outstanding, loan.eligibleCollateralMinor, kolektibilitas);
    row.bookedAllowanceMinor += loan.allowanceMinor;
    accrued += accruedReceivable(loan);
    ratioInput.push({ outstandingMinor: outstanding, kolektibilitas });
  }
  const { ratio, band } = problemLoanRatio(ratioInput);
  return {
    asOf,
    classes,
    outstandingMinor: classes.reduce((s, c) => s + c.outstandingMinor, 0n),
    accruedJasaMinor: accrued,
    requiredAllowanceMinor: classes.reduce((s, c) => s + c.requiredAllowanceMinor, 0n),
    bookedAllowanceMinor: classes.reduce((s, c) => s + c.bookedAllowanceMinor, 0n),
    problemLoanRatio: ratioText(ratio),
    health: band,
  };
};

const loanOrThrow = (state: BookState, loanId: string): LoanState => {
  const loan = state.loans.loans.get(loanId);
  if (loan === undefined) throw new RangeError(`unknown loan ${loanId}`);
  return loan;
};
