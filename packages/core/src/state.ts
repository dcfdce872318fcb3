/**
 * Apply: folds events into a book's state, in place. Deterministic, and touches nothing outside the
 * state. A broken invariant (an entry that does not balance, an unknown account) is a defect here:
 * decide already rejected every bad command, so apply asserts and crashes.
 */
import { applyFixedAssetEvent } from "./assets/assets.js";
import { ACCOUNTS, type AccountDef } from "./chart.js";
import { applyBudgetEvent } from "./closing/budget.js";
import {
  addCapitalMove,
  addProfitLoss,
  addSukarelaFold,
  applyClosingEvent,
  daysToYearEnd,
  emptyUsage,
  type MemberYearUsage,
  profitLossKey,
  usageOf,
} from "./closing/closing.js";
import { lastDayOf, monthOf, nextMonth, previousMonth } from "./dates.js";
import { applyTimeDepositEvent } from "./deposits/deposits.js";
import { InvariantViolation } from "./errors.js";
import { emptyFolded, type FoldableEvent, type FoldedParts, foldEvent } from "./folded.js";
import { applyLoanEvent, type LoanEventData } from "./loans/loans.js";
import type { AccountState, BookConfig, BookState, EventOf, LedgerEvent, MemberState, Posting, SubledgerBalance } from "./model.js";
import { applyRetailEvent, type RetailEventData } from "./retail/retail.js";
import { applySukarelaRateEvent } from "./savings.js";

/** A broken invariant: crash loudly. Call sites test first, so no message is built on the hot path. */
function defect(what: string): never {
  throw new InvariantViolation(what);
}

export const createState = (config: BookConfig, accounts: ReadonlyArray<AccountDef>): BookState => {
  const state: BookState = {
    config,
    accounts: new Map(),
    unitCodes: new Set(config.units.map((unit) => unit.code)),
    subledgers: new Map(),
    members: new Map(),
    wajibSchedule: [{ fromMonth: config.startDate.slice(0, 7), amountMinor: config.savings.wajibMonthlyMinor }],
    closedThrough: undefined,
    reopenedMonth: undefined,
    interestPosted: new Map(),
    reversedSeqs: new Set(),
    ...emptyFolded(config),
    seq: 0,
    hash: "",
  };
  for (const def of accounts) addAccount(state, def);
  return state;
};

const addAccount = (state: BookState, def: AccountDef): void => {
  state.accounts.set(def.code, { def, balanceMinor: 0n, postingCount: 0 });
  if (def.subledger !== undefined) state.subledgers.set(def.code, new Map());
};

/** Asserts that postings sum to zero in total and within each business unit. */
export const assertBalanced = (postings: ReadonlyArray<Posting>, seq: number): void => {
  let total = 0n;
  let singleUnit = true;
  const firstUnit = postings[0]?.unit;
  for (const posting of postings) {
    total += posting.amount;
    if (posting.unit !== firstUnit) singleUnit = false;
  }
  if (total !== 0n) defect(`event #${seq}: entry does not balance (${total})`);
  if (singleUnit) return;
  const perUnit = new Map<string, bigint>();
  for (const posting of postings) perUnit.set(posting.unit, (perUnit.get(posting.unit) ?? 0n) + posting.amount);
  for (const [unit, sum] of perUnit) if (sum !== 0n) defect(`event #${seq}: entry does not balance within unit ${unit} (${sum})`);
};

/** Events whose postings on Simpanan Wajib are not wajib payments toward the monthly obligation. */
export const NOT_WAJIB_PAYMENT: ReadonlySet<string> = new Set(["MemberOpeningRecorded", "MemberResigned"]);

const applyPostings = (state: BookState, event: LedgerEvent): void => {
  const postings = event.postings;
  if (postings.length === 0) return;
  assertBalanced(postings, event.seq);
  for (const posting of postings) {
    const account = state.accounts.get(posting.account);
    if (account === undefined) defect(`event #${event.seq}: unknown account ${posting.account}`);
    if (!state.unitCodes.has(posting.unit)) defect(`event #${event.seq}: unknown unit ${posting.unit}`);
    account.balanceMinor += posting.amount;
    account.postingCount += 1;
    const kind = account.def.kind;
    if (kind === "pendapatan" || kind === "beban") {
      addProfitLoss(state.closing, event.date.slice(0, 4), profitLossKey(posting.account, posting.unit, posting.party), posting.amount);
    }
    const sub = posting.sub;
    if (account.def.subledger === undefined) {
      if (sub !== undefined) defect(`event #${event.seq}: sub-ledger key on non-control account ${posting.account}`);
      continue;
    }
    if (sub === undefined) defect(`event #${event.seq}: control account ${posting.account} posted without a sub-ledger key`);
    const ledger = state.subledgers.get(posting.account) as Map<string, SubledgerBalance>;
    let cell = ledger.get(sub);
    if (cell === undefined) {
      cell = account.def.subledger === "member" ? { minor: 0n, member: memberOf(state, sub, event) } : { minor: 0n };
      ledger.set(sub, cell);
    }
    cell.minor += posting.amount;
    if (posting.account === ACCOUNTS.simpananPokok || posting.account === ACCOUNTS.simpananWajib) {
      addCapitalMove(state.closing, sub, event.date, -posting.amount);
    }
    if (posting.account === ACCOUNTS.simpananSukarela) {
      const track = (cell.member as MemberState).sukarela;
      track.dates.push(event.date);
      // Liabilities are credits: a deposit posts a negative amount and raises the balance.
      track.postedMinor.push(posting.amount);
      track.balanceMinor -= posting.amount;
      if (event.date > track.latestDate) track.latestDate = event.date;
    } else if (posting.account === ACCOUNTS.simpananWajib && !NOT_WAJIB_PAYMENT.has(event.type)) {
      (cell.member as MemberState).wajibPaidMinor -= posting.amount;
    }
  }
};

const memberOf = (state: BookState, memberNo: string, event: LedgerEvent): MemberState => {
  const member = state.members.get(memberNo);
  return member === undefined ? defect(`event #${event.seq}: unknown member ${memberNo}`) : member;
};

const newMember = (memberNo: string, joinedOn: string, identityDigest: string): MemberState => ({
  memberNo,
  status: "active",
  joinedOn,
  identityDigest,
  wajibPaidMinor: 0n,
  exitedOn: undefined,
  sukarela: { baseMinor: 0n, dates: [], postedMinor: [], balanceMinor: 0n, latestDate: "" },
});

/** Folds every sukarela movement up to the end of `month` into each member's base balance. */
const foldSukarelaThrough = (state: BookState, month: string): void => {
  const last = lastDayOf(month);
  for (const member of state.members.values()) {
    const track = member.sukarela;
    // The folded moves also count into their year's sukarela usage (the SHU's capital basis), summed
    // per year: moves come in log order, nearly always of one year.
    let year = "";
    let net = 0n;
    let weight = 0n;
    let kept = 0;
    for (let i = 0; i < track.dates.length; i++) {
      const date = track.dates[i] as string;
      const posted = track.postedMinor[i] as bigint;
      if (date <= last) {
        track.baseMinor -= posted;
        if (year === "" || !date.startsWith(year)) {
          if (year !== "") addSukarelaFold(state.closing, member.memberNo, year, net, weight);
          year = date.slice(0, 4);
          net = 0n;
          weight = 0n;
        }
        net -= posted;
        weight -= posted * daysToYearEnd(date);
      } else {
        track.dates[kept] = date;
        track.postedMinor[kept] = posted;
        kept += 1;
      }
    }
    track.dates.length = kept;
    track.postedMinor.length = kept;
    if (year !== "") addSukarelaFold(state.closing, member.memberNo, year, net, weight);
  }
};

/** Applies one event to the state, in place; the first event (BookOpened) creates the state. */
export const applyEvent = (state: BookState | undefined, event: LedgerEvent): BookState => {
  if (event.type === "BookOpened") {
    if (state !== undefined) defect(`event #${event.seq}: BookOpened on an open book`);
    const created = createState(event.data.config, event.data.accounts);
    created.seq = event.seq;
    created.hash = event.hash;
    return created;
  }
  if (state === undefined) return defect(`event #${event.seq}: ${event.type} before BookOpened`);
  if (event.seq !== state.seq + 1) defect(`event #${event.seq}: expected sequence ${state.seq + 1}`);
  // Members must exist before their postings are applied; other state changes follow the postings.
  switch (event.type) {
    case "MemberRegistered":
      state.members.set(event.data.memberNo, newMember(event.data.memberNo, event.date, event.data.identityDigest));
      break;
    case "MemberOpeningRecorded":
      state.members.set(event.data.memberNo, newMember(event.data.memberNo, event.data.joinedOn, event.data.identityDigest));
      break;
    case "AccountAdded":
      addAccount(state, event.data.account);
      break;
    default:
      break;
  }
  applyPostings(state, event);
  applyStateChange(state, event);
  state.seq = event.seq;
  state.hash = event.hash;
  return state;
};

const applyStateChange = (state: BookState, event: LedgerEvent): void => {
  switch (event.type) {
    case "AccountRenamed": {
      const account = state.accounts.get(event.data.code) as AccountState;
      account.def = { ...account.def, name: event.data.name };
      return;
    }
    case "AccountRemoved":
      state.accounts.delete(event.data.code);
      state.subledgers.delete(event.data.code);
      return;
    case "MemberIdentityChanged":
      memberOf(state, event.data.memberNo, event).identityDigest = event.data.identityDigest;
      return;
    case "WajibAmountChanged": {
      const schedule = state.wajibSchedule;
      const keep = schedule.filter((step) => step.fromMonth < event.data.fromMonth);
      schedule.length = 0;
      schedule.push(...keep, { fromMonth: event.data.fromMonth, amountMinor: event.data.amountMinor });
      return;
    }
    case "SukarelaRateChanged":
      applySukarelaRateEvent(state.sukarelaRates, event);
      return;
    case "JasaSimpananPosted": {
      const month = event.data.month;
      let perMember = state.interestPosted.get(month);
      if (perMember === undefined) {
        perMember = new Map();
        state.interestPosted.set(month, perMember);
      }
      const posted = perMember.get(event.data.memberNo) ?? { grossMinor: 0n, taxMinor: 0n };
      posted.grossMinor += event.data.grossMinor;
      posted.taxMinor += event.data.taxMinor;
      perMember.set(event.data.memberNo, posted);
      return;
    }
    case "MemberResigned": {
      const member = memberOf(state, event.data.memberNo, event);
      member.status = "exited";
      member.exitedOn = event.date;
      return;
    }
    case "EntryReversed":
      state.reversedSeqs.add(event.data.reversedSeq);
      return;
    case "LoanRepaid":
    case "LoanSettled": {
      const d = event.data as LoanEventData["LoanRepaid"] | LoanEventData["LoanSettled"];
      const memberNo = state.loans.loans.get(d.loanId)?.memberNo;
      let jasa = 0n;
      for (const a of d.allocations) jasa += a.jasaMinor;
      if (memberNo !== undefined && jasa !== 0n) usageOf(state.closing, event.date.slice(0, 4), memberNo).interestPaidMinor += jasa;
      applyLoanEvent(state.loans, event);
      return;
    }
    case "LoanProductCreated":
    case "LoanDisbursed":
    case "LoanInterestAccrued":
    case "LoanAllowanceSet":
    case "LoanWrittenOff":
    case "LoanRecovered":
    case "LoanRescheduled":
    case "LoanKolektibilitasSet":
    case "LoanApplied":
    case "LoanApproved":
    case "LoanDendaRecognised":
      applyLoanEvent(state.loans, event);
      return;
    case "SaleRecorded":
    case "SaleReturned": {
      const d = event.data as RetailEventData["SaleRecorded"] | RetailEventData["SaleReturned"];
      if (d.member) {
        let revenue = 0n;
        for (const line of d.lines) revenue += line.revenueMinor;
        usageOf(state.closing, event.date.slice(0, 4), d.buyer).purchasesMinor += event.type === "SaleRecorded" ? revenue : -revenue;
      }
      applyRetailEvent(state.shop, event);
      return;
    }
    case "ShuPolicySet":
    case "IncomeTaxAccrued":
    case "YearClosingEntryPosted":
    case "YearClosed":
    case "YearReopened":
    case "ShuDistributed":
      applyClosingEvent(state.closing, event);
      return;
    case "ItemAdded":
    case "ItemPriceSet":
    case "SupplierAdded":
    case "CustomerAdded":
    case "StockPurchased":
    case "StockCounted":
    case "OpeningStockRecorded":
    case "MemberCreditLimitSet":
    case "PurchaseReturned":
      applyRetailEvent(state.shop, event);
      return;
    case "FixedAssetAdded":
    case "FixedAssetDepreciated":
    case "FixedAssetDisposed":
    case "FixedAssetCancelled":
    case "FixedAssetImpaired":
    case "FixedAssetImpairmentReversed":
      applyFixedAssetEvent(state.assets, event);
      return;
    case "BudgetSet":
      applyBudgetEvent(state.budgets, event);
      return;
    case "TimeDepositPlaced":
    case "TimeDepositInterestPosted":
    case "TimeDepositJasaAccrued":
    case "TimeDepositMatured":
    case "TimeDepositRolledOver":
    case "TimeDepositInstructionSet":
    case "TimeDepositWithdrawn":
    case "TimeDepositPledged":
    case "TimeDepositReleased":
      applyTimeDepositEvent(state.deposits, event);
      return;
    case "MonthClosed": {
      state.closedThrough = event.data.month;
      if (state.reopenedMonth === event.data.month) state.reopenedMonth = undefined;
      // Keep the closed month's days: it may be reopened and its jasa computed again.
      foldSukarelaThrough(state, previousMonth(event.data.month));
      for (const month of state.interestPosted.keys()) {
        if (month < previousMonth(event.data.month)) state.interestPosted.delete(month);
      }
      return;
    }
    case "MonthReopened": {
      const startMonth = state.config.startDate.slice(0, 7);
      state.closedThrough = event.data.month === startMonth ? undefined : previousMonth(event.data.month);
      state.reopenedMonth = event.data.month;
      return;
    }
    default:
      return;
  }
};

/** The balance of a sub-ledger key on a control account (debit positive). */
export const subBalance = (state: BookState, account: string, sub: string): bigint => state.subledgers.get(account)?.get(sub)?.minor ?? 0n;

/** Every sub-ledger balance, per control account and key: a plain copy for comparing and exporting. */
export const subledgerBalances = (state: BookState): Map<string, Map<string, bigint>> =>
  new Map([...state.subledgers].map(([code, ledger]) => [code, new Map([...ledger].map(([key, cell]) => [key, cell.minor]))]));

/** A member's savings balances, each as a positive amount held for the member. */
export const memberSavings = (state: BookState, memberNo: string) => ({
  pokokMinor: -subBalance(state, ACCOUNTS.simpananPokok, memberNo),
  wajibMinor: -subBalance(state, ACCOUNTS.simpananWajib, memberNo),
  sukarelaMinor: -subBalance(state, ACCOUNTS.simpananSukarela, memberNo),
  /** Simpanan berjangka still placed (a liability, like sukarela). */
  berjangkaMinor: -subBalance(state, ACCOUNTS.simpananBerjangka, memberNo),
});

export interface SubledgerMismatch {
  readonly account: string;
  readonly controlMinor: bigint;
  readonly subledgerMinor: bigint;
}

/** Every control account whose sub-ledger does not sum to it; empty when all reconcile. */
export const unreconciledSubledgers = (state: BookState): SubledgerMismatch[] => {
  const mismatches: SubledgerMismatch[] = [];
  for (const [code, ledger] of state.subledgers) {
    let sum = 0n;
    for (const cell of ledger.values()) sum += cell.minor;
    const control = state.accounts.get(code)?.balanceMinor ?? 0n;
    if (sum !== control) mismatches.push({ account: code, controlMinor: control, subledgerMinor: sum });
  }
  return mismatches;
};

/** Sum of all account balances: zero after every event. */
export const trialBalanceNet = (state: BookState): bigint => {
  let total = 0n;
  for (const account of state.accounts.values()) total += account.balanceMinor;
  return total;
};

/** The month a book closes next: the one after the last closed (a reopened month, since reopening moves that back), or its first. */
export const nextMonthToClose = (state: BookState): string =>
  state.closedThrough === undefined ? monthOf(state.config.startDate) : nextMonth(state.closedThrough);

/** Penyeimbang Saldo Awal's balance: not zero while the opening balances do not balance, and then no month closes. */
export const openingDifference = (state: BookState): bigint => state.accounts.get(ACCOUNTS.saldoAwal)?.balanceMinor ?? 0n;

/** The month's status: CLOSED, REOPENED (reopened and not yet closed again) or OPEN. */
export const monthStatus = (state: BookState, month: string): "OPEN" | "CLOSED" | "REOPENED" => {
  if (state.closedThrough !== undefined && month <= state.closedThrough) return "CLOSED";
  return state.reopenedMonth === month ? "REOPENED" : "OPEN";
};

export type { EventOf };

/** A book's state as a store keeps it beside the log (its projections): what {@link restoreState} rebuilds from. */
export interface StateRows {
  readonly config: BookConfig;
  readonly headSeq: number;
  readonly headHash: string;
  readonly closedThrough: string | undefined;
  readonly reopenedMonth: string | undefined;
  readonly accounts: ReadonlyArray<{ readonly def: AccountDef; readonly balanceMinor: bigint; readonly postingCount: number }>;
  readonly subledgers: ReadonlyArray<{ readonly account: string; readonly sub: string; readonly balanceMinor: bigint }>;
  readonly members: ReadonlyArray<{
    readonly memberNo: string;
    readonly status: "active" | "exited";
    readonly joinedOn: string;
    readonly exitedOn: string | undefined;
    readonly identityDigest: string;
    readonly wajibPaidMinor: bigint;
    readonly sukarelaBaseMinor: bigint;
    readonly sukarelaBalanceMinor: bigint;
    readonly sukarelaLatestDate: string;
    /** The movements not yet folded, in log order. */
    readonly moves: ReadonlyArray<{ readonly date: string; readonly postedMinor: bigint }>;
  }>;
  readonly wajibSchedule: ReadonlyArray<{ readonly fromMonth: string; readonly amountMinor: bigint }>;
  readonly interestPosted: ReadonlyArray<{
    readonly month: string;
    readonly memberNo: string;
    readonly grossMinor: bigint;
    readonly taxMinor: bigint;
  }>;
  readonly reversedSeqs: ReadonlyArray<number>;
  /**
   * The folded parts (loans, the shop, the closed years, the fixed-asset register, the budgets, the
   * time deposits and the sukarela's rates) as a snapshot gives them, through some event: `loanEvents`
   * are then the events of {@link FOLDED_EVENT_TYPES} after it. Taken over, not copied. Without it,
   * the parts are folded from nothing.
   */
  readonly folded?: FoldedParts | undefined;
  /** The events of {@link FOLDED_EVENT_TYPES} (after the snapshot's, if any), in log order: the parts are their fold. */
  readonly loanEvents: ReadonlyArray<FoldableEvent>;
  /** The open years' Pendapatan and Beban balances per unit and party. */
  readonly profitLoss: ReadonlyArray<{
    readonly year: string;
    readonly account: string;
    readonly unit: string;
    readonly party: string;
    readonly balanceMinor: bigint;
  }>;
  /** Members' capital movements and usage per year not yet distributed. */
  readonly usage: ReadonlyArray<{ readonly year: string; readonly memberNo: string } & Readonly<MemberYearUsage>>;
}

const pickUsage = (row: Readonly<MemberYearUsage>): MemberYearUsage => ({
  capitalNetMinor: row.capitalNetMinor,
  capitalWeightMinor: row.capitalWeightMinor,
  sukarelaNetMinor: row.sukarelaNetMinor,
  sukarelaWeightMinor: row.sukarelaWeightMinor,
  purchasesMinor: row.purchasesMinor,
  interestPaidMinor: row.interestPaidMinor,
});

/** Rebuilds a book's state from its projections, without replaying the log. */
export const restoreState = (rows: StateRows): BookState => {
  const parts = rows.folded ?? emptyFolded(rows.config);
  for (const event of rows.loanEvents) foldEvent(parts, event);
  const state: BookState = { ...createState(rows.config, []), ...parts };
  state.seq = rows.headSeq;
  state.hash = rows.headHash;
  state.closedThrough = rows.closedThrough;
  state.reopenedMonth = rows.reopenedMonth;
  for (const account of rows.accounts) {
    addAccount(state, account.def);
    const restored = state.accounts.get(account.def.code) as AccountState;
    restored.balanceMinor = account.balanceMinor;
    restored.postingCount = account.postingCount;
  }
  for (const m of rows.members) {
    const member = newMember(m.memberNo, m.joinedOn, m.identityDigest);
    member.status = m.status;
    member.exitedOn = m.exitedOn;
    member.wajibPaidMinor = m.wajibPaidMinor;
    const track = member.sukarela;
    track.baseMinor = m.sukarelaBaseMinor;
    track.balanceMinor = m.sukarelaBalanceMinor;
    track.latestDate = m.sukarelaLatestDate;
    for (const move of m.moves) {
      track.dates.push(move.date);
      track.postedMinor.push(move.postedMinor);
    }
    state.members.set(m.memberNo, member);
  }
  for (const s of rows.subledgers) {
    const ledger = state.subledgers.get(s.account);
    if (ledger === undefined) defect(`restore: sub-ledger on unknown or non-control account ${s.account}`);
    const kind = state.accounts.get(s.account)?.def.subledger;
    const member = kind === "member" ? state.members.get(s.sub) : undefined;
    if (kind === "member" && member === undefined) defect(`restore: unknown member ${s.sub} on ${s.account}`);
    ledger.set(s.sub, member === undefined ? { minor: s.balanceMinor } : { minor: s.balanceMinor, member });
  }
  state.wajibSchedule.length = 0;
  state.wajibSchedule.push(...rows.wajibSchedule);
  for (const row of rows.interestPosted) {
    let perMember = state.interestPosted.get(row.month);
    if (perMember === undefined) {
      perMember = new Map();
      state.interestPosted.set(row.month, perMember);
    }
    perMember.set(row.memberNo, { grossMinor: row.grossMinor, taxMinor: row.taxMinor });
  }
  for (const seq of rows.reversedSeqs) state.reversedSeqs.add(seq);
  // After the closing events: a YearClosed event clears its year's profit and loss, which the rows already show.
  for (const row of rows.profitLoss)
    addProfitLoss(state.closing, row.year, profitLossKey(row.account, row.unit, row.party), row.balanceMinor);
  for (const row of rows.usage) {
    const usage = usageOf(state.closing, row.year, row.memberNo);
    Object.assign(usage, { ...emptyUsage(), ...pickUsage(row) });
  }
  return state;
};
