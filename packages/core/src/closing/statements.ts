/**
 * The RAT statements (SAK EP, as Permenkop UKM 2/2024 lays them out), as plain data, for one
 * business unit or consolidated, each with the prior year beside it: laporan posisi keuangan,
 * laporan hasil usaha (member and non-member parts), laporan perubahan ekuitas, laporan arus kas
 * by the direct method, a summary of the notes, the SHU table and a member's SHU slip.
 * They read the log (postings up to the date asked), or only what their `…Filters` or `…Reads`
 * functions ask of a store (sums of postings, some events), and the state only for names and the policy.
 * Amounts are bigints in minor units; the CLI renders them.
 */
import { applyFixedAssetEvent, type DepreciationMethod, emptyAssets, fixedAssetRegister, fixedAssetsAtEvents } from "../assets/assets.js";
import { ACCOUNTS, type AccountKind, CASH_ACCOUNTS } from "../chart.js";
import { sameDayYearBefore } from "../dates.js";
import { shuBases } from "../decide.js";
import { applyTimeDepositEvent, emptyDeposits, timeDepositsAtEvents } from "../deposits/deposits.js";
import type { BookState, LedgerEvent, SukarelaRate } from "../model.js";
import { divideRounded } from "../money.js";
import { trialBalance } from "../reports.js";
import { sukarelaTermsIn } from "../savings.js";
import { memberSavings } from "../state.js";
import {
  combineReads,
  type LogReads,
  type LogSelection,
  postingSourceOf,
  type ReadResult,
  type ReportSource,
  readResultOf,
} from "../store.js";
import { balanceWithin, type PostingSource, type PostingTotals, type TotalsFilter, totalsFor, totalsWithin } from "../totals.js";
import {
  allocateShu,
  type ClosingEventData,
  closingLines,
  daysInBookYear,
  profitLossKey,
  type ShuAllocation,
  type ShuPolicy,
  unitShu,
} from "./closing.js";

export interface StatementOptions {
  /** One business unit's statements; consolidated when absent. */
  readonly unit?: string;
  /** The accounts that are cash for the cash-flow statement; Kas and Bank by default. */
  readonly cashAccounts?: ReadonlySet<string>;
}

/** A figure of the year and of the year before. */
export interface Pair {
  readonly currentMinor: bigint;
  readonly priorMinor: bigint;
}

export interface AccountLine extends Pair {
  readonly code: string;
  readonly name: string;
}

const pair = (currentMinor: bigint, priorMinor: bigint): Pair => ({ currentMinor, priorMinor });
const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const sumOf = (lines: ReadonlyArray<Pair>): Pair =>
  pair(
    lines.reduce((a, l) => a + l.currentMinor, 0n),
    lines.reduce((a, l) => a + l.priorMinor, 0n),
  );

/** The first and last day of book year `year` (a short first year starts on the book's start). */
export const bookYearPeriod = (state: BookState, year: string): { from: string; to: string } => {
  const start = state.config.startDate;
  return { from: start.slice(0, 4) === year ? start : `${year}-01-01`, to: `${year}-12-31` };
};

const kindOf = (state: BookState, code: string): AccountKind => state.accounts.get(code)?.def.kind ?? "aset";
const nameOf = (state: BookState, code: string): string => state.accounts.get(code)?.def.name ?? code;

// ---------- laporan posisi keuangan ----------

export interface FinancialPosition {
  readonly asOf: { readonly current: string; readonly prior: string };
  readonly unit: string | undefined;
  /** Assets in the chart's order (liquidity first), contra accounts negative. */
  readonly aset: ReadonlyArray<AccountLine>;
  readonly kewajiban: ReadonlyArray<AccountLine>;
  /** Equity accounts, and the year's result not yet closed (SHU tahun berjalan belum ditutup) as its own line. */
  readonly ekuitas: ReadonlyArray<AccountLine>;
  readonly totalAset: Pair;
  readonly totalKewajiban: Pair;
  readonly totalEkuitas: Pair;
}

/** The code of the line that shows Pendapatan less Beban not yet closed into SHU Tahun Berjalan. */
export const UNCLOSED_RESULT = "SHU-BERJALAN";

/** That line's name: in Indonesian (its `name` in a statement), and in English for a reader who asks for it. */
export const UNCLOSED_RESULT_NAME = { id: "SHU tahun berjalan (belum ditutup)", en: "Current year's result (not yet closed)" } as const;

/** Assets = liabilities + equity at the end of any date: the balance sheet of that day. */
export const positionAt = (state: BookState, events: PostingSource, asOf: string, unit?: string) => {
  const aset = new Map<string, bigint>();
  const kewajiban = new Map<string, bigint>();
  const ekuitas = new Map<string, bigint>();
  let unclosed = 0n;
  for (const { code, kind, balanceMinor: balance } of trialBalance(state, events, { asOf, ...(unit === undefined ? {} : { unit }) }).rows) {
    // A unit's claim on another unit (Rekening Antar Unit with a debit balance) is that unit's asset.
    if (kind === "aset" || (code === ACCOUNTS.rekeningAntarUnit && balance > 0n)) aset.set(code, balance);
    else if (kind === "kewajiban") kewajiban.set(code, -balance);
    else if (kind === "ekuitas") ekuitas.set(code, -balance);
    else unclosed -= balance;
  }
  if (unclosed !== 0n) ekuitas.set(UNCLOSED_RESULT, unclosed);
  const total = (m: Map<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);
  return { aset, kewajiban, ekuitas, totalAset: total(aset), totalKewajiban: total(kewajiban), totalEkuitas: total(ekuitas) };
};

const priorYearEnd = (asOf: string) => `${Number(asOf.slice(0, 4)) - 1}-12-31`;

/** What the statement of financial position at `asOf` sums (see `store.postingTotals`). */
export const financialPositionFilters = (asOf: string): TotalsFilter[] => [{ through: asOf }, { through: priorYearEnd(asOf) }];

/** The statement of financial position at the end of book year `year`, beside the year before. */
export const financialPosition = (
  state: BookState,
  events: PostingSource,
  year: string,
  options: StatementOptions = {},
): FinancialPosition => financialPositionAt(state, events, `${year}-12-31`, options);

/**
 * The statement of financial position at the end of any day, beside the end of the book year before
 * it: the interim statement of a quarter or a half year (laporan triwulanan, semesteran) at
 * 31 March or 30 June, as at 31 December.
 */
export const financialPositionAt = (
  state: BookState,
  source: PostingSource,
  asOf: string,
  options: StatementOptions = {},
): FinancialPosition => {
  const current = asOf;
  const prior = priorYearEnd(asOf);
  const totals = totalsFor(source, ...financialPositionFilters(asOf));
  const now = positionAt(state, totals, current, options.unit);
  const before = positionAt(state, totals, prior, options.unit);
  const lines = (a: Map<string, bigint>, b: Map<string, bigint>): AccountLine[] =>
    [...new Set([...a.keys(), ...b.keys()])]
      .map((code) => ({
        code,
        name: code === UNCLOSED_RESULT ? UNCLOSED_RESULT_NAME.id : nameOf(state, code),
        currentMinor: a.get(code) ?? 0n,
        priorMinor: b.get(code) ?? 0n,
      }))
      .filter((l) => l.currentMinor !== 0n || l.priorMinor !== 0n)
      .sort(byCode);
  return {
    asOf: { current, prior },
    unit: options.unit,
    aset: lines(now.aset, before.aset),
    kewajiban: lines(now.kewajiban, before.kewajiban),
    ekuitas: lines(now.ekuitas, before.ekuitas),
    totalAset: pair(now.totalAset, before.totalAset),
    totalKewajiban: pair(now.totalKewajiban, before.totalKewajiban),
    totalEkuitas: pair(now.totalEkuitas, before.totalEkuitas),
  };
};

// ---------- laporan hasil usaha ----------

export interface ResultLine extends Pair {
  readonly code: string;
  readonly name: string;
  /** This year's amount from members' business, from others', and common (not attributable to either). */
  readonly anggotaMinor: bigint;
  readonly nonAnggotaMinor: bigint;
  readonly umumMinor: bigint;
}

export interface ResultOfOperations {
  /** The year the period ends in. */
  readonly year: string;
  /** The period, and the one it is compared with: the year before, or the same days a year earlier. */
  readonly period: { readonly current: Period; readonly prior: Period };
  /** True for a period asked by its dates (resultOfOperationsFor), false for a book year. */
  readonly interim: boolean;
  readonly unit: string | undefined;
  /** Income, as positive amounts. */
  readonly pendapatan: ReadonlyArray<ResultLine>;
  /** Expenses before income tax, as positive amounts. */
  readonly beban: ReadonlyArray<ResultLine>;
  readonly totalPendapatan: Pair;
  readonly totalBeban: Pair;
  readonly shuSebelumPajak: Pair;
  readonly pajakPenghasilan: Pair;
  readonly shu: Pair;
  /** SHU from members' business and from others', the common result shared by income (as the year close shares it). */
  readonly shuAnggota: Pair;
  readonly shuNonAnggota: Pair;
}

/** Pendapatan and Beban postings of the period per "account|unit|party", without the closing entries. */
export const periodProfitLoss = (state: BookState, source: PostingSource, from: string, to: string, unit: string | undefined) => {
  const balances = new Map<string, bigint>();
  const filter = periodFilter(from, to, unit);
  for (const t of totalsWithin(totalsFor(source, filter), filter)) {
    const kind = kindOf(state, t.account);
    if (kind !== "pendapatan" && kind !== "beban") continue;
    const key = profitLossKey(t.account, t.unit, t.party);
    balances.set(key, (balances.get(key) ?? 0n) + t.debitMinor - t.creditMinor);
  }
  return balances;
};

const periodFilter = (from: string, through: string, unit?: string | undefined): TotalsFilter => ({
  from,
  through,
  unit,
  withoutClosing: true,
});

/** What the statement of operations of book year `year` sums (see `store.postingTotals`). */
export const resultOfOperationsFilters = (state: BookState, year: string): TotalsFilter[] =>
  [bookYearPeriod(state, year), bookYearPeriod(state, String(Number(year) - 1))].map((p) => periodFilter(p.from, p.to));

/** What the statement of operations of a period sums (see `store.postingTotals`). */
export const resultOfOperationsForFilters = (period: Period): TotalsFilter[] =>
  [period, yearEarlier("resultOfOperationsFor", period)].map((p) => periodFilter(p.from, p.to));

/** The statement of operations of book year `year`, beside the year before. */
export const resultOfOperations = (
  state: BookState,
  events: PostingSource,
  year: string,
  options: StatementOptions = {},
): ResultOfOperations =>
  resultBetween(state, events, bookYearPeriod(state, year), bookYearPeriod(state, String(Number(year) - 1)), false, options);

/**
 * The statement of operations of any period of at most a year, beside the same period a year
 * earlier: the interim statement of a quarter or a half year (1 January to 31 March or 30 June), as
 * of the whole year.
 */
export const resultOfOperationsFor = (
  state: BookState,
  events: PostingSource,
  period: Period,
  options: StatementOptions = {},
): ResultOfOperations => {
  return resultBetween(state, events, period, yearEarlier("resultOfOperationsFor", period), true, options);
};

/** The same days a year earlier than a period of at most a year (a caller's misuse otherwise). */
const yearEarlier = (caller: string, period: Period): Period => {
  if (!(period.from <= period.to && sameDayYearBefore(period.to) < period.from)) {
    throw new RangeError(`${caller}: ${period.from} – ${period.to} is not a period of at most a year`);
  }
  return { from: sameDayYearBefore(period.from), to: sameDayYearBefore(period.to) };
};

/** A period of business dates, first and last day included. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

const resultBetween = (
  state: BookState,
  source: PostingSource,
  current: Period,
  prior: Period,
  interim: boolean,
  options: StatementOptions,
): ResultOfOperations => {
  const totals = totalsFor(source, periodFilter(current.from, current.to), periodFilter(prior.from, prior.to));
  const figures = ({ from, to }: Period) => {
    const balances = periodProfitLoss(state, totals, from, to, options.unit);
    const lines = closingLines(balances);
    const incomeCodes = new Set([...state.accounts.values()].filter((a) => a.def.kind === "pendapatan").map((a) => a.def.code));
    const units = [...new Set(lines.map((l) => l.unit))];
    const shares = units.map((u) => unitShu(lines, u, incomeCodes));
    const perAccount = new Map<string, { anggota: bigint; nonAnggota: bigint; umum: bigint }>();
    for (const line of lines) {
      const row = perAccount.get(line.account) ?? { anggota: 0n, nonAnggota: 0n, umum: 0n };
      // Income is a credit: shown positive; an expense is a debit: shown positive.
      const shown = kindOf(state, line.account) === "pendapatan" ? -line.balanceMinor : line.balanceMinor;
      if (line.party === "anggota") row.anggota += shown;
      else if (line.party === "nonanggota") row.nonAnggota += shown;
      else row.umum += shown;
      perAccount.set(line.account, row);
    }
    return {
      perAccount,
      shuAnggota: shares.reduce((a, s) => a + s.memberMinor, 0n),
      shuNonAnggota: shares.reduce((a, s) => a + s.nonMemberMinor, 0n),
    };
  };
  const now = figures(current);
  const before = figures(prior);
  const codes = [...new Set([...now.perAccount.keys(), ...before.perAccount.keys()])].sort();
  const lineOf = (code: string): ResultLine => {
    const c = now.perAccount.get(code) ?? { anggota: 0n, nonAnggota: 0n, umum: 0n };
    const p = before.perAccount.get(code);
    return {
      code,
      name: nameOf(state, code),
      anggotaMinor: c.anggota,
      nonAnggotaMinor: c.nonAnggota,
      umumMinor: c.umum,
      currentMinor: c.anggota + c.nonAnggota + c.umum,
      priorMinor: p === undefined ? 0n : p.anggota + p.nonAnggota + p.umum,
    };
  };
  const pendapatan = codes.filter((c) => kindOf(state, c) === "pendapatan").map(lineOf);
  const beban = codes.filter((c) => kindOf(state, c) === "beban" && c !== ACCOUNTS.pajakPenghasilan).map(lineOf);
  const tax = codes.includes(ACCOUNTS.pajakPenghasilan) ? lineOf(ACCOUNTS.pajakPenghasilan) : undefined;
  const totalPendapatan = sumOf(pendapatan);
  const totalBeban = sumOf(beban);
  const pajak = pair(tax?.currentMinor ?? 0n, tax?.priorMinor ?? 0n);
  const before_ = pair(totalPendapatan.currentMinor - totalBeban.currentMinor, totalPendapatan.priorMinor - totalBeban.priorMinor);
  return {
    year: current.to.slice(0, 4),
    period: { current, prior },
    interim,
    unit: options.unit,
    pendapatan,
    beban,
    totalPendapatan,
    totalBeban,
    shuSebelumPajak: before_,
    pajakPenghasilan: pajak,
    shu: pair(before_.currentMinor - pajak.currentMinor, before_.priorMinor - pajak.priorMinor),
    shuAnggota: pair(now.shuAnggota, before.shuAnggota),
    shuNonAnggota: pair(now.shuNonAnggota, before.shuNonAnggota),
  };
};

// ---------- laporan perubahan ekuitas ----------

export interface EquityChangeLine {
  readonly code: string;
  readonly name: string;
  readonly openingMinor: bigint;
  readonly increaseMinor: bigint;
  readonly decreaseMinor: bigint;
  readonly closingMinor: bigint;
}

export interface ChangesInEquity {
  readonly year: string;
  readonly unit: string | undefined;
  readonly current: ReadonlyArray<EquityChangeLine>;
  readonly prior: ReadonlyArray<EquityChangeLine>;
  readonly totalCurrent: EquityChangeLine;
  readonly totalPrior: EquityChangeLine;
}

/** What equity's changes in book year `year` sum: the year's postings, and those before it (see `store.postingTotals`). */
export const changesInEquityFilters = (state: BookState, year: string): TotalsFilter[] =>
  [year, String(Number(year) - 1)].flatMap((y) => {
    const { from, to } = bookYearPeriod(state, y);
    return [
      { before: from, withoutClosing: true },
      { from, through: to, withoutClosing: true },
    ];
  });

const equityChanges = (state: BookState, totals: PostingTotals, year: string, unit: string | undefined): EquityChangeLine[] => {
  const { from, to } = bookYearPeriod(state, year);
  const lines = new Map<string, { opening: bigint; increase: bigint; decrease: bigint }>();
  const row = (code: string) => {
    let r = lines.get(code);
    if (r === undefined) {
      r = { opening: 0n, increase: 0n, decrease: 0n };
      lines.set(code, r);
    }
    return r;
  };
  // The year's result (Pendapatan less Beban) is one movement of SHU Tahun Berjalan, whether or not
  // the year is closed yet: the closing entries only move it within equity, so they are left out.
  let result = 0n;
  const equityKind = (account: string) => {
    const kind = kindOf(state, account);
    return kind === "aset" || kind === "kewajiban" ? undefined : kind;
  };
  for (const t of totalsWithin(totals, { before: from, unit, withoutClosing: true })) {
    const kind = equityKind(t.account);
    if (kind !== undefined) row(kind === "ekuitas" ? t.account : ACCOUNTS.shuTahunBerjalan).opening += t.creditMinor - t.debitMinor;
  }
  for (const t of totalsWithin(totals, { from, through: to, unit, withoutClosing: true })) {
    const kind = equityKind(t.account);
    if (kind === undefined) continue;
    if (kind !== "ekuitas") {
      result += t.creditMinor - t.debitMinor;
      continue;
    }
    // Each credit to an equity account is an increase and each debit a decrease, not netted.
    const r = row(t.account);
    r.increase += t.creditMinor;
    r.decrease += t.debitMinor;
  }
  if (result !== 0n) {
    const r = row(ACCOUNTS.shuTahunBerjalan);
    if (result > 0n) r.increase += result;
    else r.decrease -= result;
  }
  return [...lines]
    .map(([code, r]) => ({
      code,
      name: nameOf(state, code),
      openingMinor: r.opening,
      increaseMinor: r.increase,
      decreaseMinor: r.decrease,
      closingMinor: r.opening + r.increase - r.decrease,
    }))
    .filter((l) => l.openingMinor !== 0n || l.increaseMinor !== 0n || l.decreaseMinor !== 0n)
    .sort(byCode);
};

const totalEquity = (lines: ReadonlyArray<EquityChangeLine>): EquityChangeLine => ({
  code: "",
  name: "Jumlah ekuitas",
  openingMinor: lines.reduce((a, l) => a + l.openingMinor, 0n),
  increaseMinor: lines.reduce((a, l) => a + l.increaseMinor, 0n),
  decreaseMinor: lines.reduce((a, l) => a + l.decreaseMinor, 0n),
  closingMinor: lines.reduce((a, l) => a + l.closingMinor, 0n),
});

export const changesInEquity = (state: BookState, source: PostingSource, year: string, options: StatementOptions = {}): ChangesInEquity => {
  const totals = totalsFor(source, ...changesInEquityFilters(state, year));
  const current = equityChanges(state, totals, year, options.unit);
  const prior = equityChanges(state, totals, String(Number(year) - 1), options.unit);
  return { year, unit: options.unit, current, prior, totalCurrent: totalEquity(current), totalPrior: totalEquity(prior) };
};

// ---------- laporan arus kas (metode langsung) ----------

export type CashActivity = "operasi" | "investasi" | "pendanaan";
export const CASH_ACTIVITIES: ReadonlyArray<CashActivity> = ["operasi", "investasi", "pendanaan"];

/** Which activity a counter-account's cash belongs to: savings, capital and SHU paid out are financing; fixed assets investing; the rest operating. */
export const cashActivityOf = (state: BookState, code: string): CashActivity => {
  if (code === ACCOUNTS.asetTetap || code === ACCOUNTS.akumulasiPenyusutan) return "investasi";
  const kind = kindOf(state, code);
  if (kind === "ekuitas") return "pendanaan";
  const financing: ReadonlySet<string> = new Set([
    ACCOUNTS.simpananSukarela,
    ACCOUNTS.simpananBerjangka,
    ACCOUNTS.utangShuAnggota,
    ACCOUNTS.titipanAnggotaKeluar,
    ACCOUNTS.danaPengurus,
    ACCOUNTS.danaKaryawan,
    ACCOUNTS.danaPendidikan,
    ACCOUNTS.danaSosial,
    ACCOUNTS.danaPembangunanDaerahKerja,
  ]);
  return financing.has(code) ? "pendanaan" : "operasi";
};

export interface CashFlowLine {
  readonly activity: CashActivity;
  readonly code: string;
  readonly name: string;
  readonly inMinor: bigint;
  readonly outMinor: bigint;
}

export interface CashFlowYear {
  readonly from: string;
  readonly to: string;
  readonly lines: ReadonlyArray<CashFlowLine>;
  readonly netByActivity: Readonly<Record<CashActivity, bigint>>;
  readonly openingCashMinor: bigint;
  readonly netChangeMinor: bigint;
  readonly closingCashMinor: bigint;
}

export interface CashFlowStatement {
  /** The year the period ends in. */
  readonly year: string;
  /** True for a period asked by its dates (cashFlowStatementFor), false for a book year. */
  readonly interim: boolean;
  readonly unit: string | undefined;
  readonly current: CashFlowYear;
  readonly prior: CashFlowYear;
}

/**
 * The direct method from the postings: each entry that moves cash is read per counter-account
 * (netted within the entry), and its cash is matched to the counter-accounts on the other side of
 * the cash; each account's line is the cash it gave or took. Every entry's matched cash is its
 * cash movement, so opening cash plus the lines is closing cash, exactly.
 */
const CASH_PRIORITY: Readonly<Record<AccountKind, number>> = { pendapatan: 0, beban: 0, kewajiban: 1, ekuitas: 1, aset: 2 };

/** The entries that move cash from `start` on, and the cash the book held before it. */
interface CashInput {
  readonly events: ReadonlyArray<LedgerEvent>;
  readonly before: bigint;
}

const cashInput = (read: ReadResult, start: string, options: StatementOptions): CashInput => ({
  // An entry dated before `start` is in the totals already (reads joined with others may hold some).
  events: read.events.filter((e) => e.date >= start),
  before: balanceWithin(read.totals, { before: start, unit: options.unit }, options.cashAccounts ?? CASH_ACCOUNTS),
});

const cashFlowYear = (state: BookState, input: CashInput, from: string, to: string, options: StatementOptions): CashFlowYear => {
  const cash = options.cashAccounts ?? CASH_ACCOUNTS;
  let opening = input.before;
  let closing = input.before;
  const lines = new Map<string, { in: bigint; out: bigint }>();
  for (const event of input.events) {
    if (event.date > to) continue;
    let moved = 0n;
    const counter = new Map<string, bigint>();
    // What a fixed asset is sold for is all investing cash: its gain (or loss) is not cash of its own.
    const disposal = event.type === "FixedAssetDisposed";
    for (const p of event.postings) {
      if (options.unit !== undefined && p.unit !== options.unit) continue;
      if (cash.has(p.account)) moved += p.amount;
      else {
        const code = disposal && p.account === ACCOUNTS.pendapatanLain ? ACCOUNTS.asetTetap : p.account;
        counter.set(code, (counter.get(code) ?? 0n) + p.amount);
      }
    }
    closing += moved;
    if (event.date < from) {
      opening += moved;
      continue;
    }
    if (moved === 0n) continue;
    // Cash in is matched to the entry's credits, cash out to its debits, income and expense first,
    // then liabilities and equity, then other assets; what is left of the entry moved no cash (the
    // cost of goods sold beside a cash sale, a savings deduction beside a disbursement).
    const side = [...counter]
      .filter(([, amount]) => (moved > 0n ? amount < 0n : amount > 0n))
      .sort(([a], [b]) => CASH_PRIORITY[kindOf(state, a)] - CASH_PRIORITY[kindOf(state, b)] || (a < b ? -1 : 1));
    let left = moved > 0n ? moved : -moved;
    for (const [code, amount] of side) {
      if (left === 0n) break;
      const abs = amount < 0n ? -amount : amount;
      const taken = abs < left ? abs : left;
      left -= taken;
      // Cash recorded against Penyeimbang Saldo Awal is the cash the book started with, not a flow.
      if (code === ACCOUNTS.saldoAwal) {
        opening += moved > 0n ? taken : -taken;
        continue;
      }
      const line = lines.get(code) ?? { in: 0n, out: 0n };
      if (moved > 0n) line.in += taken;
      else line.out += taken;
      lines.set(code, line);
    }
    if (left !== 0n) throw new Error(`cash flow: entry #${event.seq} moves cash its counter-accounts do not account for`);
  }
  const out: CashFlowLine[] = [...lines]
    .map(([code, l]) => ({ activity: cashActivityOf(state, code), code, name: nameOf(state, code), inMinor: l.in, outMinor: l.out }))
    .sort((a, b) => (a.activity !== b.activity ? CASH_ACTIVITIES.indexOf(a.activity) - CASH_ACTIVITIES.indexOf(b.activity) : byCode(a, b)));
  const net = (activity: CashActivity) => out.filter((l) => l.activity === activity).reduce((a, l) => a + l.inMinor - l.outMinor, 0n);
  return {
    from,
    to,
    lines: out,
    netByActivity: { operasi: net("operasi"), investasi: net("investasi"), pendanaan: net("pendanaan") },
    openingCashMinor: opening,
    netChangeMinor: closing - opening,
    closingCashMinor: closing,
  };
};

const priorYear = (year: string): Period => {
  const prior = String(Number(year) - 1);
  return { from: `${prior}-01-01`, to: `${prior}-12-31` };
};

export const cashFlowStatement = (
  state: BookState,
  source: ReportSource,
  year: string,
  options: StatementOptions = {},
): CashFlowStatement => cashFlowsBetween(state, source, bookYearPeriod(state, year), priorYear(year), false, options);

/** The cash flows of any period of at most a year (a quarter, a half year), beside the same days a year earlier. */
export const cashFlowStatementFor = (
  state: BookState,
  source: ReportSource,
  period: Period,
  options: StatementOptions = {},
): CashFlowStatement => cashFlowsBetween(state, source, period, yearEarlier("cashFlowStatementFor", period), true, options);

/**
 * What the cash-flow statement of `current` beside `prior` reads: the cash held before the prior
 * period's first day (totals), and from that day through the current period's last every entry that
 * posts to a cash account.
 */
const cashFlowReadsBetween = (current: Period, prior: Period, options: StatementOptions): LogReads => ({
  filters: [{ before: prior.from }],
  selections: [{ from: prior.from, through: current.to, postedTo: { accounts: [...(options.cashAccounts ?? CASH_ACCOUNTS)] } }],
});

/** What `cashFlowStatement` of book year `year` reads instead of the whole log (the same options). */
export const cashFlowReads = (state: BookState, year: string, options: StatementOptions = {}): LogReads =>
  cashFlowReadsBetween(bookYearPeriod(state, year), priorYear(year), options);

/** What `cashFlowStatementFor` of `period` reads instead of the whole log (the same options). */
export const cashFlowReadsFor = (period: Period, options: StatementOptions = {}): LogReads =>
  cashFlowReadsBetween(period, yearEarlier("cashFlowReadsFor", period), options);

const cashFlowsBetween = (
  state: BookState,
  source: ReportSource,
  current: Period,
  prior: Period,
  interim: boolean,
  options: StatementOptions,
): CashFlowStatement => {
  const input = cashInput(readResultOf(source, cashFlowReadsBetween(current, prior, options)), prior.from, options);
  return {
    year: current.to.slice(0, 4),
    interim,
    unit: options.unit,
    current: cashFlowYear(state, input, current.from, current.to, options),
    prior: cashFlowYear(state, input, prior.from, prior.to, options),
  };
};

// ---------- catatan atas laporan keuangan (ringkasan) ----------

export interface NotesSummary {
  readonly asOf: string;
  readonly savings: ReadonlyArray<{
    readonly kind: "pokok" | "wajib" | "sukarela" | "berjangka";
    readonly members: number;
    readonly totalMinor: bigint;
  }>;
  readonly loans: ReadonlyArray<{
    readonly kolektibilitas: string;
    readonly loans: number;
    readonly outstandingMinor: bigint;
    readonly allowanceMinor: bigint;
  }>;
  readonly stock: ReadonlyArray<{ readonly item: string; readonly name: string; readonly valueMinor: bigint }>;
  readonly stockTotalMinor: bigint;
  /**
   * The fixed assets held at the date (not yet disposed of), in the order they came in, each with
   * its depreciation method and the months of its schedule (SAK EP discloses both), and the
   * impairment losses within its accumulated depreciation (less those reversed); with the losses and
   * the reversals recognised in the date's year, through the date (SAK EP 27.33 discloses both).
   */
  readonly fixedAssets: ReadonlyArray<{
    readonly assetId: string;
    readonly name: string;
    readonly costMinor: bigint;
    readonly accumulatedMinor: bigint;
    readonly impairedMinor: bigint;
    readonly impairedInYearMinor: bigint;
    readonly reversedInYearMinor: bigint;
    readonly bookValueMinor: bigint;
    readonly method: DepreciationMethod;
    readonly months: number;
  }>;
  readonly fixedAssetsCostMinor: bigint;
  readonly fixedAssetsAccumulatedMinor: bigint;
  /** The principal of the time deposits pledged for loans at the date: part of Simpanan Berjangka, not free to be taken out. */
  readonly pledgedDepositsMinor: bigint;
  /** The sukarela's jasa rate a year and its tiers (bunga berjenjang), as in force in the date's month. */
  readonly sukarelaRate: Required<SukarelaRate>;
}

/** The control accounts the notes give per key: the four savings (per member), the loans' principal (per loan), the stock (per item). */
const NOTES_SUBLEDGERS: ReadonlyArray<string> = [
  ACCOUNTS.simpananPokok,
  ACCOUNTS.simpananWajib,
  ACCOUNTS.simpananSukarela,
  ACCOUNTS.simpananBerjangka,
  ACCOUNTS.piutangPinjaman,
  ACCOUNTS.persediaan,
];

const LOAN_ALLOWANCE_EVENTS: LogSelection["types"] = ["LoanAllowanceSet", "LoanWrittenOff"];

/**
 * What `notesSummary` at `asOf` reads instead of the whole log: the balances per member, loan and
 * item (totals through the date), and the fixed assets', time deposits' and allowances' events.
 */
export const notesReads = (asOf: string): LogReads => ({
  filters: [{ through: asOf }],
  subledgers: NOTES_SUBLEDGERS,
  selections: [fixedAssetsAtEvents(asOf), timeDepositsAtEvents(asOf), { types: LOAN_ALLOWANCE_EVENTS, through: asOf }],
});

/**
 * Savings by kind, loans by kolektibilitas (as last classified on or before the date), stock by item
 * and the fixed assets held, at the end of `asOf`: from the log, or from what {@link notesReads} read.
 */
export const notesSummary = (state: BookState, source: ReportSource, asOf: string): NotesSummary => {
  const perSub = new Map<string, Map<string, bigint>>();
  const classOf = new Map<string, string>();
  const allowance = new Map<string, bigint>();
  // The fixed assets and the time deposits as they stood, folded in the same pass over the log.
  const assets = emptyAssets();
  const deposits = emptyDeposits();
  const { totals, events } = readResultOf(source, notesReads(asOf));
  const missing = NOTES_SUBLEDGERS.filter((code) => !totals.subledgers.includes(code));
  if (missing.length > 0) throw new RangeError(`notesSummary: the totals were not summed per sub-ledger key on ${missing.join(", ")}`);
  for (const row of totalsWithin(totals, { through: asOf })) {
    if (row.sub === undefined) continue;
    const m = perSub.get(row.account) ?? new Map<string, bigint>();
    m.set(row.sub, (m.get(row.sub) ?? 0n) + row.debitMinor - row.creditMinor);
    perSub.set(row.account, m);
  }

  for (const event of events) {
    if (event.date > asOf) continue;
    applyFixedAssetEvent(assets, event);
    applyTimeDepositEvent(deposits, event);
    if (event.type === "LoanAllowanceSet") {
      classOf.set(event.data.loanId, event.data.kolektibilitas);
      allowance.set(event.data.loanId, (allowance.get(event.data.loanId) ?? 0n) + event.data.deltaMinor);
    } else if (event.type === "LoanWrittenOff") {
      allowance.set(event.data.loanId, (allowance.get(event.data.loanId) ?? 0n) - event.data.fromAllowanceMinor);
    }
  }
  const year = asOf.slice(0, 4);
  const inYear = (assetId: string, sign: 1n | -1n): bigint =>
    (assets.get(assetId)?.impairments ?? [])
      .filter((i) => i.date.slice(0, 4) === year && i.lossMinor * sign > 0n)
      .reduce((sum, i) => sum + i.lossMinor * sign, 0n);
  const fixedAssets = fixedAssetRegister({ assets })
    .rows.filter((a) => a.disposedOn === undefined)
    .map((a) => ({
      assetId: a.assetId,
      name: a.name,
      costMinor: a.costMinor,
      accumulatedMinor: a.accumulatedMinor,
      impairedMinor: a.impairedMinor,
      impairedInYearMinor: inYear(a.assetId, 1n),
      reversedInYearMinor: inYear(a.assetId, -1n),
      bookValueMinor: a.bookValueMinor,
      method: a.method,
      months: a.months,
    }));
  const pledgedDepositsMinor = [...deposits.values()]
    .filter((d) => d.status === "active" && d.pledgedTo !== undefined)
    .reduce((sum, d) => sum + d.principalMinor, 0n);
  const savings = (
    [
      ["pokok", ACCOUNTS.simpananPokok],
      ["wajib", ACCOUNTS.simpananWajib],
      ["sukarela", ACCOUNTS.simpananSukarela],
      ["berjangka", ACCOUNTS.simpananBerjangka],
    ] as const
  ).map(([kind, code]) => {
    const held = [...(perSub.get(code) ?? new Map<string, bigint>()).values()].filter((b) => b !== 0n);
    return { kind, members: held.length, totalMinor: -held.reduce((a, b) => a + b, 0n) };
  });
  const loans = new Map<string, { loans: number; outstanding: bigint; allowance: bigint }>();
  for (const [loanId, outstanding] of perSub.get(ACCOUNTS.piutangPinjaman) ?? []) {
    if (outstanding === 0n) continue;
    const cls = classOf.get(loanId) ?? "L";
    const row = loans.get(cls) ?? { loans: 0, outstanding: 0n, allowance: 0n };
    row.loans += 1;
    row.outstanding += outstanding;
    row.allowance += allowance.get(loanId) ?? 0n;
    loans.set(cls, row);
  }
  const order = ["L", "DPK", "KL", "D", "M"];
  const stock = [...(perSub.get(ACCOUNTS.persediaan) ?? [])]
    .filter(([, v]) => v !== 0n)
    .map(([item, valueMinor]) => ({ item, name: state.shop.items.get(item)?.def.name ?? item, valueMinor }))
    .sort((a, b) => (a.item < b.item ? -1 : 1));
  return {
    asOf,
    savings,
    loans: [...loans]
      .map(([kolektibilitas, r]) => ({ kolektibilitas, loans: r.loans, outstandingMinor: r.outstanding, allowanceMinor: r.allowance }))
      .sort((a, b) => order.indexOf(a.kolektibilitas) - order.indexOf(b.kolektibilitas) || (a.kolektibilitas < b.kolektibilitas ? -1 : 1)),
    stock,
    stockTotalMinor: stock.reduce((a, s) => a + s.valueMinor, 0n),
    fixedAssets,
    fixedAssetsCostMinor: fixedAssets.reduce((a, f) => a + f.costMinor, 0n),
    fixedAssetsAccumulatedMinor: fixedAssets.reduce((a, f) => a + f.accumulatedMinor, 0n),
    pledgedDepositsMinor,
    sukarelaRate: sukarelaTermsIn(state, asOf.slice(0, 7)),
  };
};

// ---------- the SHU table and the member's slip ----------

export interface ShuTableRow {
  readonly memberNo: string;
  readonly capitalMinor: bigint;
  readonly jasaModalMinor: bigint;
  readonly usage: ClosingEventData["ShuShareAllocated"]["usage"];
  readonly jasaUsahaMinor: bigint;
  readonly totalMinor: bigint;
  readonly withheldMinor: bigint;
  readonly netMinor: bigint;
}

export interface ShuTable {
  readonly year: string;
  /** True once the RAT distributed it; before that the table is the preview of the policy applied to the closed year. */
  readonly distributed: boolean;
  readonly date: string | undefined;
  readonly policy: ShuPolicy;
  readonly memberShuMinor: bigint;
  readonly nonMemberShuMinor: bigint;
  readonly pools: ShuAllocation["pools"];
  readonly usageParts: ShuAllocation["usageParts"];
  /** Every member's capital basis together (jasa modal is shared in proportion to it). */
  readonly capitalBasisMinor: bigint;
  /**
   * What a capital basis is divided by to read as rupiah: 1 for the year-end balance; the days of the
   * book year for the time-weighted average, whose basis is in rupiah-days.
   */
  readonly capitalDays: bigint;
  readonly rows: ReadonlyArray<ShuTableRow>;
  readonly totals: {
    readonly jasaModalMinor: bigint;
    readonly jasaUsahaMinor: bigint;
    readonly totalMinor: bigint;
    readonly withheldMinor: bigint;
    readonly netMinor: bigint;
  };
}

const capitalDaysOf = (state: BookState, policy: ShuPolicy, year: string): bigint =>
  policy.capital.measure === "average" ? daysInBookYear(year, state.config.startDate) : 1n;

const tableTotals = (rows: ReadonlyArray<ShuTableRow>): ShuTable["totals"] => ({
  jasaModalMinor: rows.reduce((a, r) => a + r.jasaModalMinor, 0n),
  jasaUsahaMinor: rows.reduce((a, r) => a + r.jasaUsahaMinor, 0n),
  totalMinor: rows.reduce((a, r) => a + r.totalMinor, 0n),
  withheldMinor: rows.reduce((a, r) => a + r.withheldMinor, 0n),
  netMinor: rows.reduce((a, r) => a + r.netMinor, 0n),
});

/**
 * Every member's SHU for a closed year: as the RAT distributed it (from its events), or, before
 * the RAT, the preview of the book's policy applied to the year (`undefined` when the year is not
 * closed or has no member SHU to share).
 */
/** The events the SHU table (and a member's slip) reads: the year's distribution and its shares. */
export const shuTableEvents = (year: string): LogSelection => ({ types: ["ShuDistributed", "ShuShareAllocated"], data: { year } });

export const shuTable = (state: BookState, events: ReadonlyArray<LedgerEvent>, year: string): ShuTable | undefined => {
  let distributed: ClosingEventData["ShuDistributed"] | undefined;
  let date: string | undefined;
  const rows: ShuTableRow[] = [];
  for (const event of events) {
    if (event.type === "ShuDistributed" && event.data.year === year) {
      distributed = event.data;
      date = event.date;
    } else if (event.type === "ShuShareAllocated" && event.data.year === year) {
      const d = event.data;
      rows.push({
        memberNo: d.memberNo,
        capitalMinor: d.capitalMinor,
        jasaModalMinor: d.jasaModalMinor,
        usage: d.usage,
        jasaUsahaMinor: d.jasaUsahaMinor,
        totalMinor: d.totalMinor,
        withheldMinor: d.withheldMinor,
        netMinor: d.totalMinor - d.withheldMinor,
      });
    }
  }
  if (distributed !== undefined) {
    return {
      year,
      distributed: true,
      date,
      policy: distributed.policy,
      memberShuMinor: distributed.memberShuMinor,
      nonMemberShuMinor: distributed.nonMemberShuMinor,
      pools: distributed.pools,
      usageParts: distributed.usageParts,
      capitalBasisMinor: distributed.capitalBasisMinor,
      capitalDays: capitalDaysOf(state, distributed.policy, year),
      rows,
      totals: tableTotals(rows),
    };
  }
  const record = state.closing.years.get(year);
  if (record === undefined || record.memberShuMinor <= 0n) return undefined;
  const policy = state.closing.policy;
  const result = allocateShu(policy, record.memberShuMinor, record.nonMemberShuMinor, shuBases(state, year));
  if (!result.ok) return undefined;
  const preview = result.allocation.shares.map((s) => ({
    memberNo: s.memberNo,
    capitalMinor: s.capitalMinor,
    jasaModalMinor: s.jasaModalMinor,
    usage: s.usage,
    jasaUsahaMinor: s.jasaUsahaMinor,
    totalMinor: s.totalMinor,
    withheldMinor: s.withheldMinor,
    netMinor: s.totalMinor - s.withheldMinor,
  }));
  return {
    year,
    distributed: false,
    date: undefined,
    policy,
    memberShuMinor: record.memberShuMinor,
    nonMemberShuMinor: record.nonMemberShuMinor,
    pools: result.allocation.pools,
    usageParts: result.allocation.usageParts,
    capitalBasisMinor: result.allocation.capitalBasisMinor,
    capitalDays: capitalDaysOf(state, policy, year),
    rows: preview,
    totals: tableTotals(preview),
  };
};

export interface ShuSlip {
  readonly year: string;
  readonly memberNo: string;
  readonly distributed: boolean;
  readonly savings: {
    readonly pokokMinor: bigint;
    readonly wajibMinor: bigint;
    readonly sukarelaMinor: bigint;
    readonly berjangkaMinor: bigint;
  };
  readonly jasaModal: {
    readonly percent: string;
    readonly poolMinor: bigint;
    readonly capitalMinor: bigint;
    readonly allCapitalMinor: bigint;
    readonly amountMinor: bigint;
  };
  readonly jasaUsaha: ReadonlyArray<{
    readonly measure: string;
    readonly poolMinor: bigint;
    readonly basisMinor: bigint;
    readonly allBasisMinor: bigint;
    readonly amountMinor: bigint;
  }>;
  readonly totalMinor: bigint;
  readonly withheldMinor: bigint;
  readonly netMinor: bigint;
}

/** One member's SHU slip for a year: the pools, the member's bases beside everyone's, and the amounts. */
export const shuSlip = (state: BookState, table: ShuTable, memberNo: string): ShuSlip => {
  const row = table.rows.find((r) => r.memberNo === memberNo);
  const jm = table.pools.find((p) => p.pool === "jasaModal");
  return {
    year: table.year,
    memberNo,
    distributed: table.distributed,
    savings: state.members.has(memberNo)
      ? memberSavings(state, memberNo)
      : { pokokMinor: 0n, wajibMinor: 0n, sukarelaMinor: 0n, berjangkaMinor: 0n },
    jasaModal: {
      percent: table.policy.allocation.jasaModal,
      poolMinor: jm?.memberMinor ?? 0n,
      capitalMinor: row?.capitalMinor ?? 0n,
      allCapitalMinor: table.capitalBasisMinor,
      amountMinor: row?.jasaModalMinor ?? 0n,
    },
    jasaUsaha: table.usageParts.map((part) => ({
      measure: part.measure,
      poolMinor: part.poolMinor,
      basisMinor: row?.usage.find((u) => u.measure === part.measure)?.basisMinor ?? 0n,
      allBasisMinor: part.basisMinor,
      amountMinor: row?.usage.find((u) => u.measure === part.measure)?.amountMinor ?? 0n,
    })),
    totalMinor: row?.totalMinor ?? 0n,
    withheldMinor: row?.withheldMinor ?? 0n,
    netMinor: row?.netMinor ?? 0n,
  };
};

/** Every RAT statement of a year for one unit or consolidated: from the log, or from what {@link ratStatementsReads} read. */
export const ratStatements = (state: BookState, source: ReportSource, year: string, options: StatementOptions = {}) => ({
  posisiKeuangan: financialPosition(state, postingSourceOf(source), year, options),
  hasilUsaha: resultOfOperations(state, postingSourceOf(source), year, options),
  perubahanEkuitas: changesInEquity(state, postingSourceOf(source), year, options),
  arusKas: cashFlowStatement(state, source, year, options),
});

/** What `ratStatements` of book year `year` reads instead of the whole log, for every unit and consolidated (the same cash accounts). */
export const ratStatementsReads = (state: BookState, year: string, options: Pick<StatementOptions, "cashAccounts"> = {}): LogReads =>
  combineReads(
    {
      filters: [
        ...financialPositionFilters(`${year}-12-31`),
        ...resultOfOperationsFilters(state, year),
        ...changesInEquityFilters(state, year),
      ],
      selections: [],
    },
    cashFlowReads(state, year, options),
  );

// ---------- health indicators ----------

export interface HealthIndicator {
  readonly key:
    | "modal-sendiri"
    | "likuiditas"
    | "kredit-bermasalah"
    | "rentabilitas-aset"
    | "rentabilitas-modal"
    | "efisiensi"
    | "partisipasi";
  readonly label: string;
  readonly labelEn: string;
  /** Rupiah in the book's minor unit, or members for `partisipasi`. */
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** The ratio in hundredths of a percent (basis points), rounded half up; undefined when the denominator is zero. */
  readonly basisPoints: bigint | undefined;
}

const ratio = (numerator: bigint, denominator: bigint): bigint | undefined =>
  denominator === 0n ? undefined : divideRounded(numerator * 10_000n, denominator, "half-up");

/** The events that make a member active in a year: a purchase as a member, a loan disbursed. */
const ACTIVITY_EVENTS: LogSelection["types"] = ["SaleRecorded", "LoanDisbursed"];

/**
 * What `healthIndicators` of book year `year` reads instead of the whole log: the position and the
 * operations' totals, the notes' reads at the year end, and the year's purchases and loans.
 */
export const healthReads = (state: BookState, year: string): LogReads => {
  const { from, to } = bookYearPeriod(state, year);
  return combineReads(
    { filters: [...financialPositionFilters(to), ...resultOfOperationsFilters(state, year)], selections: [] },
    notesReads(to),
    { filters: [], selections: [{ types: ACTIVITY_EVENTS, from, through: to }] },
  );
};

/**
 * The koperasi's health at the end of a book year, as the RAT reads it: own capital to assets,
 * liquidity (cash to what members and suppliers may claim soon), problem loans (Kurang Lancar,
 * Diragukan, Macet) to all loans, return on assets and on own capital, costs to income, and the share
 * of active members who borrowed or bought at the shop in the year. From the log, or from what
 * {@link healthReads} read.
 */
export const healthIndicators = (
  state: BookState,
  source: ReportSource,
  year: string,
  options: StatementOptions = {},
): HealthIndicator[] => {
  const read = readResultOf(source, healthReads(state, year));
  const position = financialPosition(state, read.totals, year, options);
  const result = resultOfOperations(state, read.totals, year, options);
  const notes = notesSummary(state, read, `${year}-12-31`);
  const cash = options.cashAccounts ?? CASH_ACCOUNTS;
  const cashMinor = position.aset.filter((l) => cash.has(l.code)).reduce((a, l) => a + l.currentMinor, 0n);
  const shortTerm: ReadonlySet<string> = new Set([
    ACCOUNTS.simpananSukarela,
    ACCOUNTS.utangUsaha,
    ACCOUNTS.utangPajak,
    ACCOUNTS.utangShuAnggota,
    ACCOUNTS.titipanAnggotaKeluar,
  ]);
  const claims = position.kewajiban.filter((l) => shortTerm.has(l.code)).reduce((a, l) => a + l.currentMinor, 0n);
  const loans = notes.loans.reduce((a, l) => a + l.outstandingMinor, 0n);
  const problem = notes.loans.filter((l) => ["KL", "D", "M"].includes(l.kolektibilitas)).reduce((a, l) => a + l.outstandingMinor, 0n);
  const equity = position.totalEkuitas.currentMinor;
  const { from, to } = bookYearPeriod(state, year);
  const active = new Set<string>();
  for (const event of read.events) {
    if (event.date < from || event.date > to) continue;
    if (event.type === "SaleRecorded" && event.data.member) active.add(event.data.buyer);
    else if (event.type === "LoanDisbursed") active.add(event.data.memberNo);
  }
  const members = [...state.members.values()].filter((m) => m.joinedOn <= to && (m.exitedOn === undefined || m.exitedOn > to)).length;
  const indicator = (
    key: HealthIndicator["key"],
    label: string,
    labelEn: string,
    numerator: bigint,
    denominator: bigint,
  ): HealthIndicator => ({
    key,
    label,
    labelEn,
    numerator,
    denominator,
    basisPoints: ratio(numerator, denominator),
  });
  return [
    indicator("modal-sendiri", "Modal sendiri terhadap total aset", "Own capital to total assets", equity, position.totalAset.currentMinor),
    indicator("likuiditas", "Kas terhadap kewajiban jangka pendek", "Cash to short-term liabilities", cashMinor, claims),
    indicator("kredit-bermasalah", "Pinjaman bermasalah (KL, D, M)", "Problem loans (KL, D, M)", problem, loans),
    indicator(
      "rentabilitas-aset",
      "SHU terhadap total aset",
      "SHU to total assets",
      result.shu.currentMinor,
      position.totalAset.currentMinor,
    ),
    indicator("rentabilitas-modal", "SHU terhadap modal sendiri", "SHU to own capital", result.shu.currentMinor, equity),
    indicator(
      "efisiensi",
      "Beban terhadap pendapatan",
      "Expenses to income",
      result.totalBeban.currentMinor + result.pajakPenghasilan.currentMinor,
      result.totalPendapatan.currentMinor,
    ),
    indicator(
      "partisipasi",
      "Anggota yang meminjam atau berbelanja",
      "Members who borrowed or bought",
      BigInt(active.size),
      BigInt(members),
    ),
  ];
};

// ---------- anggaran (RAPB) against realization ----------

export interface BudgetRealizationLine {
  readonly account: string;
  readonly name: string;
  readonly kind: Extract<AccountKind, "pendapatan" | "beban">;
  readonly unit: string;
  /** Zero for an account with income or expenses that the budget did not plan. */
  readonly budgetMinor: bigint;
  readonly budgeted: boolean;
  /** The year's income (credits) or expenses (debits) on the account and unit, closing entries left out. */
  readonly actualMinor: bigint;
  /** Actual less budget. */
  readonly differenceMinor: bigint;
  /** Actual as a share of budget in tenths of a percent, rounded half up (1234 is 123,4%); undefined without a budget. */
  readonly realizedPermille: bigint | undefined;
}

export interface BudgetRealization {
  readonly year: string;
  readonly unit: string | undefined;
  /** The last day the realization counts: the year's end, or an earlier day for an interim report. */
  readonly through: string;
  /** Whether the RAT has set a budget for the year. */
  readonly set: boolean;
  readonly pendapatan: ReadonlyArray<BudgetRealizationLine>;
  readonly beban: ReadonlyArray<BudgetRealizationLine>;
  readonly totals: {
    readonly pendapatan: { readonly budgetMinor: bigint; readonly actualMinor: bigint };
    readonly beban: { readonly budgetMinor: bigint; readonly actualMinor: bigint };
    /** Income less expenses. */
    readonly surplus: { readonly budgetMinor: bigint; readonly actualMinor: bigint };
  };
}

/**
 * Budget against realization for a book year (one unit's, or the whole koperasi's): every budget line,
 * and every Pendapatan or Beban account with activity the budget did not plan, by account and unit.
 * With `through`, a day of that year, the realization so far (an interim report's) against the year's budget.
 */
/** What the budget's realization for book year `year` sums (see `store.postingTotals`). */
export const budgetRealizationFilters = (state: BookState, year: string, options: { readonly through?: string } = {}): TotalsFilter[] => {
  const period = bookYearPeriod(state, year);
  return [periodFilter(period.from, options.through ?? period.to)];
};

export const budgetRealization = (
  state: BookState,
  events: PostingSource,
  year: string,
  options: { readonly unit?: string; readonly through?: string } = {},
): BudgetRealization => {
  const period = bookYearPeriod(state, year);
  const { from } = period;
  const to = options.through ?? period.to;
  if (to.slice(0, 4) !== year) throw new RangeError(`budgetRealization: ${to} is not in ${year}`);
  const actual = new Map<string, bigint>();
  for (const [key, balance] of periodProfitLoss(state, events, from, to, options.unit)) {
    const [account, unit] = key.split("|") as [string, string];
    // Income is a credit, shown positive; an expense a debit, shown positive.
    const shown = kindOf(state, account) === "pendapatan" ? -balance : balance;
    actual.set(`${account}|${unit}`, (actual.get(`${account}|${unit}`) ?? 0n) + shown);
  }
  const budget = state.budgets.get(year);
  const planned = new Map<string, bigint>();
  for (const line of budget ?? []) {
    if (options.unit !== undefined && line.unit !== options.unit) continue;
    planned.set(`${line.account}|${line.unit}`, line.amountMinor);
  }
  const keys = [...new Set([...planned.keys(), ...[...actual].filter(([, v]) => v !== 0n).map(([k]) => k)])].sort();
  const lines = keys.map((key): BudgetRealizationLine => {
    const [account, unit] = key.split("|") as [string, string];
    const budgetMinor = planned.get(key) ?? 0n;
    const actualMinor = actual.get(key) ?? 0n;
    return {
      account,
      name: nameOf(state, account),
      kind: kindOf(state, account) === "pendapatan" ? "pendapatan" : "beban",
      unit,
      budgetMinor,
      budgeted: planned.has(key),
      actualMinor,
      differenceMinor: actualMinor - budgetMinor,
      realizedPermille: budgetMinor === 0n ? undefined : divideRounded(actualMinor * 1000n, budgetMinor, "half-up"),
    };
  });
  const pendapatan = lines.filter((l) => l.kind === "pendapatan");
  const beban = lines.filter((l) => l.kind === "beban");
  const total = (list: ReadonlyArray<BudgetRealizationLine>) => ({
    budgetMinor: list.reduce((a, l) => a + l.budgetMinor, 0n),
    actualMinor: list.reduce((a, l) => a + l.actualMinor, 0n),
  });
  const p = total(pendapatan);
  const b = total(beban);
  return {
    year,
    unit: options.unit,
    through: to,
    set: budget !== undefined,
    pendapatan,
    beban,
    totals: {
      pendapatan: p,
      beban: b,
      surplus: { budgetMinor: p.budgetMinor - b.budgetMinor, actualMinor: p.actualMinor - b.actualMinor },
    },
  };
};
