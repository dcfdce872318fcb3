/**
 * Reports as plain typed data: trial balance at any date, the journal and general-ledger detail, a member's
 * statement, any account's balance at any date, and wajib arrears. The CLI renders them.
 * They read the log (events up to the date asked), and the state only for names.
 */
import { ACCOUNTS, type AccountDef, type AccountKind } from "./chart.js";
import type { BookState, EventType, LedgerEvent } from "./model.js";
import { type WajibStatus, wajibStatus } from "./savings.js";
import type { LogSelection } from "./store.js";
import { type PostingSource, type TotalsFilter, totalsFor, totalsWithin } from "./totals.js";

export interface TrialBalanceRow {
  readonly code: string;
  readonly name: string;
  readonly kind: AccountKind;
  /** Debit positive. */
  readonly balanceMinor: bigint;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
}

export interface TrialBalance {
  readonly asOf: string;
  readonly unit: string | undefined;
  readonly rows: ReadonlyArray<TrialBalanceRow>;
  readonly totalDebitMinor: bigint;
  readonly totalCreditMinor: bigint;
}

const chartOf = (state: BookState): Map<string, AccountDef> => new Map([...state.accounts].map(([code, a]) => [code, a.def]));

const trialBalanceFilter = (options: { asOf: string; unit?: string | undefined }): TotalsFilter => ({
  through: options.asOf,
  unit: options.unit,
});

/** What the trial balance sums: every posting through `asOf`, of the unit or of all. */
export const trialBalanceFilters = (options: { asOf: string; unit?: string | undefined }): TotalsFilter[] => [trialBalanceFilter(options)];

/**
 * Every account's balance at the end of `asOf`, for one business unit or consolidated: from the log, or
 * from its totals summed at {@link trialBalanceFilters}' bounds (`store.postingTotals`).
 */
export const trialBalance = (state: BookState, source: PostingSource, options: { asOf: string; unit?: string }): TrialBalance => {
  const balances = new Map<string, bigint>();
  const filter = trialBalanceFilter(options);
  for (const t of totalsWithin(totalsFor(source, filter), filter)) {
    balances.set(t.account, (balances.get(t.account) ?? 0n) + t.debitMinor - t.creditMinor);
  }
  const chart = chartOf(state);
  const rows: TrialBalanceRow[] = [];
  let totalDebit = 0n;
  let totalCredit = 0n;
  for (const [code, balance] of [...balances].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (balance === 0n) continue;
    const def = chart.get(code);
    const debit = balance > 0n ? balance : 0n;
    const credit = balance < 0n ? -balance : 0n;
    totalDebit += debit;
    totalCredit += credit;
    rows.push({ code, name: def?.name ?? code, kind: def?.kind ?? "aset", balanceMinor: balance, debitMinor: debit, creditMinor: credit });
  }
  return { asOf: options.asOf, unit: options.unit, rows, totalDebitMinor: totalDebit, totalCreditMinor: totalCredit };
};

/** An account's balance (debit positive) at the end of `asOf`, optionally for one sub-ledger key or unit. */
export const accountBalanceAt = (
  events: Iterable<LedgerEvent>,
  options: { account: string; asOf: string; sub?: string; unit?: string },
): bigint => {
  let balance = 0n;
  for (const event of events) {
    if (event.date > options.asOf) continue;
    for (const p of event.postings) {
      if (p.account !== options.account) continue;
      if (options.sub !== undefined && p.sub !== options.sub) continue;
      if (options.unit !== undefined && p.unit !== options.unit) continue;
      balance += p.amount;
    }
  }
  return balance;
};

export interface LedgerLine {
  readonly seq: number;
  readonly date: string;
  readonly type: EventType;
  readonly memo: string;
  readonly sub: string | undefined;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  /** Running balance after this line, debit positive. */
  readonly balanceMinor: bigint;
}

export interface GeneralLedger {
  readonly account: AccountDef;
  readonly from: string;
  readonly to: string;
  readonly openingMinor: bigint;
  readonly lines: ReadonlyArray<LedgerLine>;
  readonly closingMinor: bigint;
}

/**
 * What an event is about, in one line, as the journal, the ledger and the exported journals describe
 * it: its memo when it has one; otherwise its type, then what it names (the entry a reversal reverses;
 * a return and its receipt; the receipt, loan, time deposit or asset; the member, item, supplier or
 * buyer; the month or year), then its reason: `SaleReturned R-1 TS-2025-12-01-M0`, `LoanRepaid PJ-001
 * A0001`, `EntryReversed #12: salah ketik`.
 */
export const eventSummary = (event: { readonly type: string; readonly data: unknown }): string => {
  const data = event.data as Readonly<Record<string, unknown>>;
  const text = (key: string): string | undefined => {
    const value = data[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const memo = text("memo");
  if (memo !== undefined) return memo;
  const names = [
    typeof data.reversedSeq === "number" ? `#${data.reversedSeq}` : undefined,
    text("returnId"),
    text("saleId") ?? text("purchaseId") ?? text("loanId") ?? text("depositId") ?? text("assetId"),
    text("memberNo") ?? text("item") ?? text("supplier") ?? text("buyer"),
    text("month") ?? text("year"),
  ].filter((name) => name !== undefined);
  const reason = text("reason");
  const about = [event.type, ...names].join(" ");
  return reason === undefined ? about : `${about}: ${reason}`;
};

/** Dated postings in log order; within one date, the log's order. Business dates may be backdated, so sort. */
export const eventsByDate = (events: Iterable<LedgerEvent>): LedgerEvent[] =>
  [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));

/**
 * The events an account's ledger reads (those with a posting to the account, and to the sub-ledger key
 * when given, through `to`): `store.readSelected` reads only those, and the ledger from them is the
 * ledger from the log.
 */
export const generalLedgerEvents = (options: { account: string; to: string; sub?: string | undefined }): LogSelection => ({
  through: options.to,
  postedTo: { accounts: [options.account], sub: options.sub },
});

/** Every posting to an account between two dates (inclusive), with its opening and running balances. */
export const generalLedger = (
  state: BookState,
  events: Iterable<LedgerEvent>,
  options: { account: string; from: string; to: string; sub?: string },
): GeneralLedger => {
  const def = state.accounts.get(options.account)?.def;
  if (def === undefined) throw new RangeError(`unknown account ${options.account}`);
  let opening = 0n;
  let balance = 0n;
  const lines: LedgerLine[] = [];
  for (const event of eventsByDate(events)) {
    if (event.date > options.to) break;
    for (const p of event.postings) {
      if (p.account !== options.account || (options.sub !== undefined && p.sub !== options.sub)) continue;
      balance += p.amount;
      if (event.date < options.from) {
        opening = balance;
        continue;
      }
      lines.push({
        seq: event.seq,
        date: event.date,
        type: event.type,
        memo: eventSummary(event),
        sub: p.sub,
        debitMinor: p.amount > 0n ? p.amount : 0n,
        creditMinor: p.amount < 0n ? -p.amount : 0n,
        balanceMinor: balance,
      });
    }
  }
  return { account: def, from: options.from, to: options.to, openingMinor: opening, lines, closingMinor: balance };
};

export interface JournalLine {
  readonly account: string;
  readonly name: string;
  readonly sub: string | undefined;
  readonly unit: string;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
}

export interface JournalEntry {
  readonly seq: number;
  readonly date: string;
  readonly type: EventType;
  readonly memo: string;
  readonly lines: ReadonlyArray<JournalLine>;
}

/** Jurnal umum: every entry of a period with its lines, and the period's debits and credits, which are equal. */
export interface Journal {
  readonly from: string;
  readonly to: string;
  readonly entries: ReadonlyArray<JournalEntry>;
  readonly totalDebitMinor: bigint;
  readonly totalCreditMinor: bigint;
}

/** The events a period's journal reads: those dated in it. */
export const journalEvents = (options: { from: string; to: string }): LogSelection => ({ from: options.from, through: options.to });

/** Every journal entry dated between two dates (inclusive), in date order, events without postings left out. */
export const journal = (state: BookState, events: Iterable<LedgerEvent>, options: { from: string; to: string }): Journal => {
  const entries: JournalEntry[] = [];
  let debit = 0n;
  let credit = 0n;
  for (const event of eventsByDate(events)) {
    if (event.date > options.to) break;
    if (event.date < options.from || event.postings.length === 0) continue;
    const lines = event.postings.map((p) => {
      debit += p.amount > 0n ? p.amount : 0n;
      credit += p.amount < 0n ? -p.amount : 0n;
      return {
        account: p.account,
        name: state.accounts.get(p.account)?.def.name ?? p.account,
        sub: p.sub,
        unit: p.unit,
        debitMinor: p.amount > 0n ? p.amount : 0n,
        creditMinor: p.amount < 0n ? -p.amount : 0n,
      };
    });
    entries.push({ seq: event.seq, date: event.date, type: event.type, memo: eventSummary(event), lines });
  }
  return { from: options.from, to: options.to, entries, totalDebitMinor: debit, totalCreditMinor: credit };
};

export type SavingsKind = "pokok" | "wajib" | "sukarela" | "berjangka";
const SAVINGS_ACCOUNTS: Record<SavingsKind, string> = {
  pokok: ACCOUNTS.simpananPokok,
  wajib: ACCOUNTS.simpananWajib,
  sukarela: ACCOUNTS.simpananSukarela,
  berjangka: ACCOUNTS.simpananBerjangka,
};

export interface StatementLine {
  readonly seq: number;
  readonly date: string;
  readonly type: EventType;
  /** Money into the member's savings (a credit on the liability or equity account). */
  readonly inMinor: bigint;
  readonly outMinor: bigint;
  /** Running balance held for the member. */
  readonly balanceMinor: bigint;
}

export interface MemberStatement {
  readonly memberNo: string;
  readonly from: string;
  readonly to: string;
  readonly kinds: Record<SavingsKind, { openingMinor: bigint; lines: StatementLine[]; closingMinor: bigint }>;
  readonly totalMinor: bigint;
}

/**
 * The events a member's statement reads (those with a posting to the member's savings, through `to`):
 * `store.readSelected` reads only those, and the statement from them is the statement from the log.
 */
export const memberStatementEvents = (options: { memberNo: string; to: string }): LogSelection => ({
  through: options.to,
  postedTo: { accounts: Object.values(SAVINGS_ACCOUNTS), sub: options.memberNo },
});

/** A member's statement: per savings kind, the movements between two dates with running balances. */
export const memberStatement = (
  events: Iterable<LedgerEvent>,
  options: { memberNo: string; from: string; to: string },
): MemberStatement => {
  const kinds = {
    pokok: { openingMinor: 0n, lines: [] as StatementLine[], closingMinor: 0n },
    wajib: { openingMinor: 0n, lines: [] as StatementLine[], closingMinor: 0n },
    sukarela: { openingMinor: 0n, lines: [] as StatementLine[], closingMinor: 0n },
    berjangka: { openingMinor: 0n, lines: [] as StatementLine[], closingMinor: 0n },
  };
  const kindOf = new Map(Object.entries(SAVINGS_ACCOUNTS).map(([kind, code]) => [code, kind as SavingsKind]));
  for (const event of eventsByDate(events)) {
    if (event.date > options.to) break;
    for (const p of event.postings) {
      if (p.sub !== options.memberNo) continue;
      const kind = kindOf.get(p.account);
      if (kind === undefined) continue;
      const k = kinds[kind];
      k.closingMinor -= p.amount;
      if (event.date < options.from) {
        k.openingMinor = k.closingMinor;
        continue;
      }
      k.lines.push({
        seq: event.seq,
        date: event.date,
        type: event.type,
        inMinor: p.amount < 0n ? -p.amount : 0n,
        outMinor: p.amount > 0n ? p.amount : 0n,
        balanceMinor: k.closingMinor,
      });
    }
  }
  let totalMinor = 0n;
  for (const k of Object.values(kinds)) totalMinor += k.closingMinor;
  return { ...options, kinds, totalMinor };
};

/** One member's jasa simpanan of some months and the PP 15/2009 tax withheld from it: a bukti potong's figures. */
export interface JasaWithholdingRow {
  readonly memberNo: string;
  readonly sukarelaMinor: bigint;
  readonly berjangkaMinor: bigint;
  readonly grossMinor: bigint;
  readonly taxMinor: bigint;
  /** What reached the member's sukarela. */
  readonly netMinor: bigint;
}

export interface JasaWithholding {
  readonly fromMonth: string;
  readonly toMonth: string;
  /** The members paid jasa or withheld tax in those months, by member number. */
  readonly rows: ReadonlyArray<JasaWithholdingRow>;
  readonly totals: Omit<JasaWithholdingRow, "memberNo">;
}

/** The events the jasa withholding reads: the jasa paid on sukarela and on time deposits. */
export const JASA_WITHHOLDING_EVENTS: LogSelection = { types: ["JasaSimpananPosted", "TimeDepositInterestPosted"] };

/**
 * The jasa simpanan (sukarela and time deposits) paid for the months `fromMonth` to `toMonth`, per
 * member, with the final income tax withheld under PP 15/2009: what the koperasi remits to the tax
 * office for those months and reports on each member's bukti potong. Counted by the month each
 * payment was for, so a month closed again adds its corrections to that month.
 */
export const jasaWithholding = (events: Iterable<LedgerEvent>, fromMonth: string, toMonth: string): JasaWithholding => {
  const byMember = new Map<string, { sukarela: bigint; berjangka: bigint; tax: bigint }>();
  for (const event of events) {
    if (event.type !== "JasaSimpananPosted" && event.type !== "TimeDepositInterestPosted") continue;
    const d = event.data;
    if (d.month < fromMonth || d.month > toMonth) continue;
    const row = byMember.get(d.memberNo) ?? { sukarela: 0n, berjangka: 0n, tax: 0n };
    if (event.type === "JasaSimpananPosted") row.sukarela += d.grossMinor;
    else row.berjangka += d.grossMinor;
    row.tax += d.taxMinor;
    byMember.set(d.memberNo, row);
  }
  const rows = [...byMember]
    .filter(([, r]) => r.sukarela !== 0n || r.berjangka !== 0n || r.tax !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([memberNo, r]) => {
      const grossMinor = r.sukarela + r.berjangka;
      return {
        memberNo,
        sukarelaMinor: r.sukarela,
        berjangkaMinor: r.berjangka,
        grossMinor,
        taxMinor: r.tax,
        netMinor: grossMinor - r.tax,
      };
    });
  const sum = (pick: (r: JasaWithholdingRow) => bigint) => rows.reduce((total, r) => total + pick(r), 0n);
  return {
    fromMonth,
    toMonth,
    rows,
    totals: {
      sukarelaMinor: sum((r) => r.sukarelaMinor),
      berjangkaMinor: sum((r) => r.berjangkaMinor),
      grossMinor: sum((r) => r.grossMinor),
      taxMinor: sum((r) => r.taxMinor),
      netMinor: sum((r) => r.netMinor),
    },
  };
};

/** Wajib due, paid and in arrears for every member through a month. */
export const wajibArrears = (state: BookState, throughMonth: string): WajibStatus[] =>
  [...state.members.values()].map((member) => wajibStatus(state, member, throughMonth));
