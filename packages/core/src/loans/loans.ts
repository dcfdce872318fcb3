/**
 * Loans in the book: products, disbursement with the schedule fixed in the event, and repayment
 * of any amount allocated oldest instalment first, denda → jasa → pokok within each. The loan's state
 * is a fold of its own events (applyLoanEvent), so a store can rebuild it from those events alone.
 */
import { daysBetween } from "../dates.js";
import type { DayCount } from "../model.js";
import { type Money, money, RateDecimal, toMinorUnits } from "../money.js";
import { DEFAULT_KOLEKTIBILITAS, type KolektibilitasClass } from "./kolektibilitas.js";
import type { Frequency, InstalmentRounding, LoanMethod } from "./schedule.js";

export interface LoanProduct {
  readonly code: string;
  readonly name: string;
  readonly method: LoanMethod;
  readonly rate: { readonly perYear: string } | { readonly perMonth: string };
  readonly dayCount: DayCount;
  readonly frequency: Frequency;
  readonly termMin: number;
  readonly termMax: number;
  /** Provisi, a share of the principal withheld at disbursement ("0.01" is 1%). */
  readonly provisiRate: string;
  readonly adminFeeMinor: Money;
  readonly instalmentRounding?: InstalmentRounding;
  /** Denda per day on an instalment's unpaid amount, after the grace days ("0.001" is 0.1% a day). */
  readonly penaltyRatePerDay: string;
  readonly graceDays: number;
  /**
   * How denda is charged: `per-day` (the rate per day × days late beyond grace), `per-month` (the
   * monthly rate × each started 30 days late beyond grace), or `fixed` (a fixed amount once per late
   * instalment).
   */
  readonly penaltyMode?: "per-day" | "per-month" | "fixed";
  readonly penaltyRatePerMonth?: string;
  readonly penaltyFixedMinor?: Money;
  /** Loans of this product are disbursed only after an application is approved. */
  readonly requiresApproval?: boolean;
  /** The order in which a repayment pays each instalment's parts (oldest instalment first always). */
  readonly allocationOrder?: ReadonlyArray<"denda" | "jasa" | "pokok">;
  /** What a repayment beyond everything owed does: refused, or credited to the member's sukarela. */
  readonly overpayment: "reject" | "sukarela";
  /**
   * Early settlement: `waive-future-interest` forgives the jasa of instalments that fall due after
   * the settlement date's period; `full-interest` charges all scheduled jasa.
   */
  readonly prepayment: "waive-future-interest" | "full-interest";
  /** The largest loan, as a multiple of the member's savings (pokok + wajib + sukarela); 0 for no limit. */
  readonly savingsMultipleMax: number;
  /** A share of the principal withheld into the member's sukarela at disbursement ("0.05" is 5%). */
  readonly savingsDeductionRate: string;
}

export interface ScheduledInstalment {
  readonly number: number;
  readonly dueDate: string;
  readonly principalMinor: Money;
  readonly interestMinor: Money;
}

export interface InstalmentState extends ScheduledInstalment {
  paidPrincipalMinor: bigint;
  paidInterestMinor: bigint;
  paidDendaMinor: bigint;
  /** Jasa recognised by accrual (booked to Piutang Jasa Pinjaman), and the part of it since paid. */
  accruedInterestMinor: bigint;
  paidFromAccruedMinor: bigint;
  /** Jasa forgiven when the loan was settled early (the product's prepayment policy). */
  waivedInterestMinor: bigint;
  /** Denda recognised at month ends (Piutang Denda Pinjaman), and the part of it since paid or released. */
  accruedDendaMinor: bigint;
  settledAccruedDendaMinor: bigint;
}

/** Denda recognised and not yet paid or released, on one instalment. */
export const dendaReceivable = (i: InstalmentState): bigint => i.accruedDendaMinor - i.settledAccruedDendaMinor;

/** The jasa an instalment still carries: as scheduled, less what was waived. */
export const interestDue = (i: InstalmentState): bigint => i.interestMinor - i.waivedInterestMinor;

export interface LoanState {
  readonly loanId: string;
  readonly memberNo: string;
  readonly product: string;
  readonly principalMinor: bigint;
  readonly disbursedOn: string;
  status: "active" | "closed" | "written-off";
  readonly schedule: InstalmentState[];
  /** Collateral that counts against the allowance of a non-performing loan. */
  readonly eligibleCollateralMinor: bigint;
  /** The allowance booked for this loan in Cadangan Kerugian Piutang. */
  allowanceMinor: bigint;
  /** The class at the last monthly run. */
  kolektibilitas: string;
  /** A loan to a pengurus or pengawas: counted against the related-party cap. */
  readonly relatedParty: boolean;
}

export interface LoanBook {
  readonly products: Map<string, LoanProduct>;
  readonly loans: Map<string, LoanState>;
  /** The book's kolektibilitas classes; the five-class default until the book sets its own. */
  kolektibilitas: ReadonlyArray<KolektibilitasClass>;
  readonly applications: Map<string, LoanApplication>;
}

export interface LoanApplication {
  readonly loanId: string;
  readonly memberNo: string;
  readonly product: string;
  readonly principalMinor: bigint;
  readonly instalments: number;
  status: "applied" | "approved" | "disbursed";
  approvedBy: string | undefined;
}

export const emptyLoanBook = (): LoanBook => ({
  products: new Map(),
  loans: new Map(),
  kolektibilitas: DEFAULT_KOLEKTIBILITAS,
  applications: new Map(),
});

/** The outstanding principal of a loan. */
export const outstandingPrincipal = (loan: LoanState): bigint =>
  loan.schedule.reduce((sum, i) => sum + i.principalMinor - i.paidPrincipalMinor, 0n);

/** Denda owed on one instalment at `date`: its unpaid amount × rate per day × the days late beyond grace, less denda paid. */
export const dendaDue = (product: LoanProduct, instalment: InstalmentState, date: string): bigint => {
  const unpaid = instalment.principalMinor + interestDue(instalment) - instalment.paidPrincipalMinor - instalment.paidInterestMinor;
  if (unpaid <= 0n || date <= instalment.dueDate) return 0n;
  const daysLate = daysBetween(instalment.dueDate, date) - product.graceDays;
  if (daysLate <= 0) return 0n;
  const mode = product.penaltyMode ?? "per-day";
  const owed =
    mode === "fixed"
      ? (product.penaltyFixedMinor ?? 0n)
      : mode === "per-month"
        ? toMinorUnits(
            new RateDecimal(unpaid.toString()).times(product.penaltyRatePerMonth ?? "0").times(Math.ceil(daysLate / 30)),
            "half-up",
          )
        : toMinorUnits(new RateDecimal(unpaid.toString()).times(product.penaltyRatePerDay).times(daysLate), "half-up");
  return owed > instalment.paidDendaMinor ? owed - instalment.paidDendaMinor : 0n;
};

export const DEFAULT_ALLOCATION_ORDER: ReadonlyArray<"denda" | "jasa" | "pokok"> = ["denda", "jasa", "pokok"];

export interface Allocation {
  readonly number: number;
  readonly dendaMinor: Money;
  readonly jasaMinor: Money;
  /** The part of `jasaMinor` that settles jasa already accrued (Piutang Jasa Pinjaman); the rest is income now. */
  readonly jasaAccruedMinor: Money;
  /** The part of `dendaMinor` that settles denda already recognised (Piutang Denda Pinjaman). */
  readonly dendaAccruedMinor: Money;
  readonly pokokMinor: Money;
}

/**
 * Allocates a repayment: instalments in order (the oldest first), and within each denda, then jasa,
 * then pokok; instalments not yet due come after those due, so paying ahead pays the next ones.
 * Returns the allocation and what is left over (beyond everything owed).
 */
export const allocateRepayment = (
  product: LoanProduct,
  loan: LoanState,
  amountMinor: bigint,
  date: string,
): { allocations: Allocation[]; leftoverMinor: bigint } => {
  let left = amountMinor;
  const allocations: Allocation[] = [];
  for (const instalment of loan.schedule) {
    if (left === 0n) break;
    const take = (owed: bigint) => {
      const paid = owed < left ? owed : left;
      left -= paid;
      return paid;
    };
    const owed = {
      denda: dendaDue(product, instalment, date),
      jasa: interestDue(instalment) - instalment.paidInterestMinor,
      pokok: instalment.principalMinor - instalment.paidPrincipalMinor,
    };
    const paid = { denda: 0n, jasa: 0n, pokok: 0n };
    for (const part of product.allocationOrder ?? DEFAULT_ALLOCATION_ORDER) paid[part] = take(owed[part]);
    const { denda, jasa, pokok } = paid;
    const receivable = instalment.accruedInterestMinor - instalment.paidFromAccruedMinor;
    const jasaAccrued = jasa < receivable ? jasa : receivable;
    const dendaReceivableNow = dendaReceivable(instalment);
    const dendaAccrued = denda < dendaReceivableNow ? denda : dendaReceivableNow;
    if (denda + jasa + pokok > 0n) {
      allocations.push({
        number: instalment.number,
        dendaMinor: money(denda),
        jasaMinor: money(jasa),
        jasaAccruedMinor: money(jasaAccrued),
        dendaAccruedMinor: money(dendaAccrued),
        pokokMinor: money(pokok),
      });
    }
  }
  return { allocations, leftoverMinor: left };
};

/** Everything a loan's borrower owes at `date` to settle it: unpaid principal, unpaid jasa and denda due. */
export const settlementAmount = (product: LoanProduct, loan: LoanState, date: string): bigint =>
  loan.schedule.reduce(
    (sum, i) => sum + dendaDue(product, i, date) + interestDue(i) - i.paidInterestMinor + i.principalMinor - i.paidPrincipalMinor,
    0n,
  );

export interface LoanEventData {
  LoanProductCreated: { readonly product: LoanProduct };
  LoanDisbursed: {
    readonly loanId: string;
    readonly memberNo: string;
    readonly product: string;
    readonly principalMinor: Money;
    readonly provisiMinor: Money;
    readonly adminMinor: Money;
    readonly netMinor: Money;
    readonly via: string;
    readonly schedule: ReadonlyArray<ScheduledInstalment>;
    readonly eligibleCollateralMinor?: Money;
    /** Withheld into the member's sukarela (the product's savings deduction). */
    readonly savingsDeductionMinor?: Money;
    readonly relatedParty?: boolean;
    /** For a loan that predates the book: recorded among the opening balances. */
    readonly opening?: { readonly disbursedOn: string };
  };
  LoanRepaid: {
    readonly loanId: string;
    readonly amountMinor: Money;
    readonly via: string;
    readonly allocations: ReadonlyArray<Allocation>;
    readonly toSukarelaMinor: Money;
  };
  LoanInterestAccrued: {
    readonly loanId: string;
    readonly month: string;
    readonly accruals: ReadonlyArray<{ readonly number: number; readonly amountMinor: Money }>;
  };
  LoanAllowanceSet: {
    readonly loanId: string;
    readonly month: string;
    readonly daysPastDue: number;
    readonly kolektibilitas: string;
    readonly requiredMinor: Money;
    readonly deltaMinor: Money;
  };
  LoanWrittenOff: {
    readonly loanId: string;
    readonly reason: string;
    readonly principalMinor: Money;
    readonly accruedMinor: Money;
    readonly fromAllowanceMinor: Money;
    readonly expenseMinor: Money;
  };
  LoanRecovered: { readonly loanId: string; readonly amountMinor: Money; readonly via: string };
  LoanKolektibilitasSet: { readonly classes: ReadonlyArray<KolektibilitasClass> };
  LoanDendaRecognised: {
    readonly loanId: string;
    readonly month: string;
    /** Per instalment, the change in recognised denda: positive when more fell due, negative when it was released. */
    readonly changes: ReadonlyArray<{ readonly number: number; readonly amountMinor: Money }>;
  };
  LoanApplied: {
    readonly loanId: string;
    readonly memberNo: string;
    readonly product: string;
    readonly principalMinor: Money;
    readonly instalments: number;
  };
  LoanApproved: { readonly loanId: string; readonly approvedBy: string; readonly note: string };
  LoanRescheduled: {
    readonly loanId: string;
    readonly reason: string;
    /** The instalments kept (due by the date, or partly paid), each with its principal cut to what was paid. */
    readonly keep: number;
    readonly principalMinor: Money;
    /** The new instalments for the remaining principal, numbered after those kept. */
    readonly schedule: ReadonlyArray<ScheduledInstalment>;
  };
  LoanSettled: {
    readonly loanId: string;
    readonly amountMinor: Money;
    readonly via: string;
    /** Jasa forgiven, per instalment (accrued jasa forgiven is reversed). */
    readonly waived: ReadonlyArray<{ readonly number: number; readonly amountMinor: Money; readonly accruedMinor: Money }>;
    readonly allocations: ReadonlyArray<Allocation>;
  };
}

export const LOAN_EVENT_TYPES = [
  "LoanProductCreated",
  "LoanDisbursed",
  "LoanRepaid",
  "LoanInterestAccrued",
  "LoanAllowanceSet",
  "LoanWrittenOff",
  "LoanRecovered",
  "LoanSettled",
  "LoanRescheduled",
  "LoanKolektibilitasSet",
  "LoanApplied",
  "LoanApproved",
  "LoanDendaRecognised",
] as const;

/** Folds one loan event into the loan book, in place. */
export const applyLoanEvent = (book: LoanBook, event: { readonly type: string; readonly date: string; readonly data: unknown }): void => {
  switch (event.type) {
    case "LoanProductCreated": {
      const { product } = event.data as LoanEventData["LoanProductCreated"];
      book.products.set(product.code, product);
      return;
    }
    case "LoanDisbursed": {
      const d = event.data as LoanEventData["LoanDisbursed"];
      const application = book.applications.get(d.loanId);
      if (application !== undefined) application.status = "disbursed";
      book.loans.set(d.loanId, {
        loanId: d.loanId,
        memberNo: d.memberNo,
        product: d.product,
        principalMinor: d.principalMinor,
        disbursedOn: d.opening?.disbursedOn ?? event.date,
        status: "active",
        schedule: d.schedule.map((i) => ({
          ...i,
          paidPrincipalMinor: 0n,
          paidInterestMinor: 0n,
          paidDendaMinor: 0n,
          accruedInterestMinor: 0n,
          paidFromAccruedMinor: 0n,
          waivedInterestMinor: 0n,
          accruedDendaMinor: 0n,
          settledAccruedDendaMinor: 0n,
        })),
        eligibleCollateralMinor: d.eligibleCollateralMinor ?? 0n,
        allowanceMinor: 0n,
        kolektibilitas: "L",
        relatedParty: d.relatedParty === true,
      });
      return;
    }
    case "LoanRepaid": {
      const d = event.data as LoanEventData["LoanRepaid"];
      const loan = book.loans.get(d.loanId);
      if (loan === undefined) throw new RangeError(`repayment of unknown loan ${d.loanId}`);
      for (const a of d.allocations) {
        const instalment = loan.schedule[a.number - 1] as InstalmentState;
        instalment.paidDendaMinor += a.dendaMinor;
        instalment.paidInterestMinor += a.jasaMinor;
        instalment.paidFromAccruedMinor += a.jasaAccruedMinor;
        instalment.settledAccruedDendaMinor += a.dendaAccruedMinor;
        instalment.paidPrincipalMinor += a.pokokMinor;
      }
      const settled = loan.schedule.every((i) => i.paidPrincipalMinor === i.principalMinor && i.paidInterestMinor === interestDue(i));
      if (settled) {
        loan.status = "closed";
        // Denda recognised but no longer owed is released with the closing payment.
        for (const i of loan.schedule) i.settledAccruedDendaMinor = i.accruedDendaMinor;
      }
      return;
    }
    case "LoanSettled": {
      const d = event.data as LoanEventData["LoanSettled"];
      const loan = loanOf(book, d.loanId);
      for (const w of d.waived) {
        const instalment = loan.schedule[w.number - 1] as InstalmentState;
        instalment.waivedInterestMinor += w.amountMinor;
        // Accrued jasa that is forgiven leaves the receivable (its accrual is reversed).
        instalment.paidFromAccruedMinor += w.accruedMinor;
      }
      applyLoanEvent(book, { type: "LoanRepaid", date: event.date, data: { ...d, toSukarelaMinor: 0n } });
      return;
    }
    case "LoanDendaRecognised": {
      const d = event.data as LoanEventData["LoanDendaRecognised"];
      const loan = loanOf(book, d.loanId);
      for (const c of d.changes) {
        const instalment = loan.schedule[c.number - 1] as InstalmentState;
        if (c.amountMinor > 0n) instalment.accruedDendaMinor += c.amountMinor;
        else instalment.settledAccruedDendaMinor -= c.amountMinor;
      }
      return;
    }
    case "LoanApplied": {
      const d = event.data as LoanEventData["LoanApplied"];
      book.applications.set(d.loanId, { ...d, status: "applied", approvedBy: undefined });
      return;
    }
    case "LoanApproved": {
      const d = event.data as LoanEventData["LoanApproved"];
      const application = book.applications.get(d.loanId);
      if (application === undefined) throw new RangeError(`approval of unknown application ${d.loanId}`);
      application.status = "approved";
      application.approvedBy = d.approvedBy;
      return;
    }
    case "LoanKolektibilitasSet":
      book.kolektibilitas = (event.data as LoanEventData["LoanKolektibilitasSet"]).classes;
      return;
    case "LoanRescheduled": {
      const d = event.data as LoanEventData["LoanRescheduled"];
      const loan = loanOf(book, d.loanId);
      const kept = loan.schedule.slice(0, d.keep).map((i) => ({ ...i, principalMinor: money(i.paidPrincipalMinor) }));
      loan.schedule.length = 0;
      loan.schedule.push(
        ...kept,
        ...d.schedule.map((i) => ({
          ...i,
          paidPrincipalMinor: 0n,
          paidInterestMinor: 0n,
          paidDendaMinor: 0n,
          accruedInterestMinor: 0n,
          paidFromAccruedMinor: 0n,
          waivedInterestMinor: 0n,
          accruedDendaMinor: 0n,
          settledAccruedDendaMinor: 0n,
        })),
      );
      return;
    }
    case "LoanInterestAccrued": {
      const d = event.data as LoanEventData["LoanInterestAccrued"];
      const loan = loanOf(book, d.loanId);
      for (const a of d.accruals) (loan.schedule[a.number - 1] as InstalmentState).accruedInterestMinor += a.amountMinor;
      return;
    }
    case "LoanAllowanceSet": {
      const d = event.data as LoanEventData["LoanAllowanceSet"];
      const loan = loanOf(book, d.loanId);
      loan.allowanceMinor += d.deltaMinor;
      loan.kolektibilitas = d.kolektibilitas;
      return;
    }
    case "LoanWrittenOff": {
      const d = event.data as LoanEventData["LoanWrittenOff"];
      const loan = loanOf(book, d.loanId);
      loan.status = "written-off";
      loan.allowanceMinor -= d.fromAllowanceMinor;
      for (const i of loan.schedule) i.settledAccruedDendaMinor = i.accruedDendaMinor;
      return;
    }
    default:
      return;
  }
};

const loanOf = (book: LoanBook, loanId: string): LoanState => {
  const loan = book.loans.get(loanId);
  if (loan === undefined) throw new RangeError(`unknown loan ${loanId}`);
  return loan;
};

/** Days past due at the end of `date`: from the oldest instalment due before it and not fully paid. */
export const daysPastDue = (loan: LoanState, date: string): number => {
  for (const i of loan.schedule) {
    if (i.dueDate >= date) return 0;
    if (i.paidPrincipalMinor < i.principalMinor || i.paidInterestMinor < interestDue(i)) {
      return daysBetween(i.dueDate, date);
    }
  }
  return 0;
};

/** Jasa of an instalment not yet recognised, by accrual or by cash paid before any accrual. */
export const unrecognisedInterest = (i: InstalmentState): bigint =>
  interestDue(i) - i.accruedInterestMinor - (i.paidInterestMinor - i.paidFromAccruedMinor);

/** The accrued jasa still receivable on a loan (its Piutang Jasa Pinjaman sub-ledger). */
export const accruedReceivable = (loan: LoanState): bigint =>
  loan.schedule.reduce((sum, i) => sum + i.accruedInterestMinor - i.paidFromAccruedMinor, 0n);

/**
 * Early settlement under the product's policy: what to forgive and what is owed. With
 * `waive-future-interest`, the jasa of every instalment falling due after the end of the period in
 * which `date` falls is forgiven (less what was already paid of it).
 */
export const settlementTerms = (
  product: LoanProduct,
  loan: LoanState,
  date: string,
): { waived: Array<{ number: number; amountMinor: Money; accruedMinor: Money }>; owedMinor: bigint; after: LoanState } => {
  const waived: Array<{ number: number; amountMinor: Money; accruedMinor: Money }> = [];
  if (product.prepayment === "waive-future-interest") {
    // The current period is the first instalment due on or after the date: its jasa is owed.
    const current = loan.schedule.find((i) => i.dueDate >= date)?.number ?? Number.POSITIVE_INFINITY;
    for (const i of loan.schedule) {
      if (i.number <= current) continue;
      const open = interestDue(i) - i.paidInterestMinor;
      if (open <= 0n) continue;
      const accruedOpen = i.accruedInterestMinor - i.paidFromAccruedMinor;
      waived.push({ number: i.number, amountMinor: money(open), accruedMinor: money(accruedOpen < open ? accruedOpen : open) });
    }
  }
  // The loan as it stands once the waiver is applied (a copy: nothing here mutates the state); denda
  // is on what is then unpaid, so the amount owed is computed on it.
  const byNumber = new Map(waived.map((w) => [w.number, w]));
  const after: LoanState = {
    ...loan,
    schedule: loan.schedule.map((i) => {
      const w = byNumber.get(i.number);
      return w === undefined
        ? i
        : {
            ...i,
            waivedInterestMinor: i.waivedInterestMinor + w.amountMinor,
            paidFromAccruedMinor: i.paidFromAccruedMinor + w.accruedMinor,
          };
    }),
  };
  return { waived, owedMinor: settlementAmount(product, after, date), after };
};

/** Whether these allocations pay off every instalment's principal and jasa (the loan then closes). */
export const closesLoan = (loan: LoanState, allocations: ReadonlyArray<Allocation>): boolean => {
  const paid = new Map(allocations.map((a) => [a.number, a]));
  return loan.schedule.every((i) => {
    const a = paid.get(i.number);
    return (
      i.paidPrincipalMinor + (a?.pokokMinor ?? 0n) === i.principalMinor && i.paidInterestMinor + (a?.jasaMinor ?? 0n) === interestDue(i)
    );
  });
};

/** The denda receivable left once these allocations are applied: released if the loan closes. */
export const dendaLeftAfter = (loan: LoanState, allocations: ReadonlyArray<Allocation>): bigint => {
  const paid = new Map(allocations.map((a) => [a.number, a.dendaAccruedMinor]));
  return loan.schedule.reduce((s, i) => s + dendaReceivable(i) - (paid.get(i.number) ?? 0n), 0n);
};
