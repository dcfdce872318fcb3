import { Effect } from "effect";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import { cashFlowReadsFor, cashFlowStatementFor } from "../src/closing/statements.js";
import type { BookState } from "../src/model.js";
import { accountBalanceAt, eventSummary, generalLedger, journal, memberStatement, trialBalance } from "../src/reports.js";
import { readsOf } from "../src/store.js";
import { boundsOf, postingTotalsOf, spanBounds, totalsWithin } from "../src/totals.js";
import { identity, makeTestBook, type TestBook } from "./helpers.js";

const A = ACCOUNTS;
let book: TestBook;
let state: BookState;

beforeAll(async () => {
  book = await makeTestBook({ today: "2026-02-20", savings: { pokok: "100000", sukarela: { ratePerYear: "0" } } });
  await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-05", identity: identity(1) });
  await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-06", amount: "400000" });
  await book.run({ type: "PayWajib", memberNo: "A001", date: "2026-01-10", amount: "20000" });
  await book.run({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-02-03", amount: "150000" });
  // Backdated: dated before the withdrawal, recorded after it.
  await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-31", amount: "50000" });
  await book.run({
    type: "PostJournal",
    date: "2026-02-05",
    memo: "Listrik toko dibayar dari kas USP",
    lines: [
      { account: A.bebanListrik, debit: "30000", unit: "TOKO" },
      { account: A.rekeningAntarUnit, credit: "30000", unit: "TOKO" },
      { account: A.rekeningAntarUnit, debit: "30000", unit: "USP" },
      { account: A.kas, credit: "30000", unit: "USP" },
    ],
  });
  state = (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;
});

describe("reports as data", () => {
  it("trial balance at any date, consolidated and per unit", () => {
    const january = trialBalance(state, book.events(), { asOf: "2026-01-31" });
    expect(january.totalDebitMinor).toBe(january.totalCreditMinor);
    expect(january.rows.map((r) => [r.code, r.balanceMinor])).toEqual([
      [A.kas, 570000n],
      [A.simpananSukarela, -450000n],
      [A.simpananPokok, -100000n],
      [A.simpananWajib, -20000n],
    ]);
    const toko = trialBalance(state, book.events(), { asOf: "2026-02-20", unit: "TOKO" });
    expect(toko.rows.map((r) => [r.code, r.balanceMinor])).toEqual([
      [A.rekeningAntarUnit, -30000n],
      [A.bebanListrik, 30000n],
    ]);
    const all = trialBalance(state, book.events(), { asOf: "2026-02-20" });
    // Rekening Antar Unit nets to zero when consolidated.
    expect(all.rows.find((r) => r.code === A.rekeningAntarUnit)).toBeUndefined();
    expect(all.totalDebitMinor).toBe(all.totalCreditMinor);
  });

  it("any account's balance at any date, by sub-ledger key and unit", () => {
    expect(accountBalanceAt(book.events(), { account: A.simpananSukarela, asOf: "2026-01-30", sub: "A001" })).toBe(-400000n);
    expect(accountBalanceAt(book.events(), { account: A.simpananSukarela, asOf: "2026-01-31", sub: "A001" })).toBe(-450000n);
    expect(accountBalanceAt(book.events(), { account: A.kas, asOf: "2026-02-20", unit: "USP" })).toBe(390000n);
  });

  it("general-ledger detail orders by business date, with opening and running balances", () => {
    const gl = generalLedger(state, book.events(), { account: A.kas, from: "2026-01-10", to: "2026-02-28" });
    expect(gl.openingMinor).toBe(500000n);
    expect(gl.lines.map((l) => [l.date, l.debitMinor, l.creditMinor, l.balanceMinor])).toEqual([
      ["2026-01-10", 20000n, 0n, 520000n],
      ["2026-01-31", 50000n, 0n, 570000n],
      ["2026-02-03", 0n, 150000n, 420000n],
      ["2026-02-05", 0n, 30000n, 390000n],
    ]);
    expect(gl.closingMinor).toBe(390000n);
  });

  it("the journal lists every entry of a period in date order, each balanced, and its debits equal its credits", () => {
    const all = journal(state, book.events(), { from: "2026-01-01", to: "2026-12-31" });
    const dates = all.entries.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    for (const entry of all.entries) {
      const debit = entry.lines.reduce((sum, l) => sum + l.debitMinor, 0n);
      const credit = entry.lines.reduce((sum, l) => sum + l.creditMinor, 0n);
      expect(debit, `#${entry.seq}`).toBe(credit);
      expect(debit).toBeGreaterThan(0n);
    }
    expect(all.totalDebitMinor).toBe(all.totalCreditMinor);
    // Every posting of the period is in it, once.
    const postings = book.events().flatMap((e) => e.postings);
    expect(all.entries.reduce((n, e) => n + e.lines.length, 0)).toBe(postings.length);
    expect(all.totalDebitMinor).toBe(postings.reduce((sum, p) => sum + (p.amount > 0n ? p.amount : 0n), 0n));
    // A period keeps only its own entries; the deposit of 6 January is named with its member and its accounts.
    const january6 = journal(state, book.events(), { from: "2026-01-06", to: "2026-01-06" });
    expect(january6.entries.map((e) => [e.type, e.memo])).toEqual([["SukarelaDeposited", "SukarelaDeposited A001"]]);
    expect(january6.entries[0]?.lines.map((l) => [l.account, l.name, l.debitMinor, l.creditMinor])).toEqual([
      [A.kas, "Kas", 400000n, 0n],
      [A.simpananSukarela, "Simpanan Sukarela", 0n, 400000n],
    ]);
  });

  it("describes an event by its memo, or its type, what it names and its reason", () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["JournalPosted", { memo: "Listrik Januari", lines: [] }, "Listrik Januari"],
      ["SaleReturned", { returnId: "R-1", saleId: "S-1", buyer: "A001", lines: [] }, "SaleReturned R-1 S-1 A001"],
      ["PurchaseReturned", { returnId: "RB-1", purchaseId: "B-1", supplier: "BULOG" }, "PurchaseReturned RB-1 B-1 BULOG"],
      ["LoanRepaid", { loanId: "PJ-1", memberNo: "A001", amountMinor: 1n }, "LoanRepaid PJ-1 A001"],
      ["LoanRescheduled", { loanId: "PJ-1", reason: "gagal panen" }, "LoanRescheduled PJ-1: gagal panen"],
      ["StockCounted", { item: "BERAS", bookUnits: 1n }, "StockCounted BERAS"],
      ["MonthClosed", { month: "2026-01" }, "MonthClosed 2026-01"],
      ["YearClosed", { year: "2026", memo: "" }, "YearClosed 2026"],
      ["EntryReversed", { reversedSeq: 12, reason: "salah ketik" }, "EntryReversed #12: salah ketik"],
      ["OpeningBalancePosted", {}, "OpeningBalancePosted"],
    ];
    for (const [type, data, expected] of cases) expect(eventSummary({ type, data }), type).toBe(expected);
  });

  it("a member's statement with running balances per savings kind", () => {
    const statement = memberStatement(book.events(), { memberNo: "A001", from: "2026-02-01", to: "2026-02-28" });
    expect(statement.kinds.sukarela.openingMinor).toBe(450000n);
    expect(statement.kinds.sukarela.lines.map((l) => [l.date, l.inMinor, l.outMinor, l.balanceMinor])).toEqual([
      ["2026-02-03", 0n, 150000n, 300000n],
    ]);
    expect(statement.kinds.pokok).toMatchObject({ openingMinor: 100000n, closingMinor: 100000n, lines: [] });
    expect(statement.totalMinor).toBe(420000n);
  });

  it("posting totals: a date on a bound opens the later span, debits and credits apart, and a date off the bounds refused", () => {
    const totals = postingTotalsOf(book.events(), ["2026-02-03", "2026-01-06"]);
    expect(totals.bounds).toEqual(["2026-01-06", "2026-02-03"]);
    const sukarela = (span: number) => totals.rows.filter((r) => r.span === span && r.account === A.simpananSukarela);
    // Before 6 January: nothing to sukarela; 6 January to 2 February: 400.000 and the backdated 50.000; from 3 February: the withdrawal.
    expect(sukarela(0)).toEqual([]);
    expect(sukarela(1)).toEqual([
      { span: 1, closing: false, account: A.simpananSukarela, unit: "USP", party: "anggota", debitMinor: 0n, creditMinor: 450000n },
    ]);
    expect(sukarela(2).map((r) => [r.debitMinor, r.creditMinor])).toEqual([[150000n, 0n]]);
    // The TOKO's Rekening Antar Unit credit and the USP's debit stay apart, by unit.
    const antarUnit = totals.rows.filter((r) => r.account === A.rekeningAntarUnit).map((r) => [r.unit, r.debitMinor, r.creditMinor]);
    expect(antarUnit).toEqual([
      ["TOKO", 0n, 30000n],
      ["USP", 30000n, 0n],
    ]);
    expect(totalsWithin(totals, { from: "2026-01-06", through: "2026-02-02" }).every((r) => r.span === 1)).toBe(true);
    expect(totalsWithin(totals, { before: "2026-02-03", unit: "TOKO" })).toEqual([]);
    expect(() => totalsWithin(totals, { through: "2026-01-31" })).toThrow(/2026-02-01 is not among the bounds.*2026-01-06, 2026-02-03/);
    expect(() => totalsWithin(totals, { from: "2026-01-07" })).toThrow(/first day 2026-01-07/);
    expect(() => spanBounds(["2026-02-30"])).toThrow(/"2026-02-30" is not a date/);
    expect(boundsOf({ from: "2026-01-01", through: "2026-12-31" }, { before: "2026-01-01" })).toEqual(["2026-01-01", "2027-01-01"]);
    // The trial balance from the totals is the trial balance from the log.
    expect(trialBalance(state, postingTotalsOf(book.events(), boundsOf({ through: "2026-01-31" })), { asOf: "2026-01-31" })).toEqual(
      trialBalance(state, book.events(), { asOf: "2026-01-31" }),
    );
  });

  it("the cash flows from what a store reads: the cash before in totals, the entries since, none counted twice", () => {
    // A period a year after the book's first weeks, so the year-earlier days start after cash came in.
    const period = { from: "2027-01-07", to: "2027-02-06" };
    const reads = cashFlowReadsFor(period);
    expect(reads.filters).toEqual([{ before: "2026-01-07" }]);
    expect(reads.selections).toEqual([{ from: "2026-01-07", through: "2027-02-06", postedTo: { accounts: [A.kas, A.bank] } }]);
    const { totals, events: selected } = readsOf(book.events(), reads);
    const flows = cashFlowStatementFor(state, { totals, events: selected }, period);
    expect(flows).toEqual(cashFlowStatementFor(state, book.events(), period));
    // Pokok 100.000 and the 400.000 deposit before 7 January; then wajib 20.000 and the backdated 50.000
    // in, the 150.000 withdrawal and the 30.000 electricity out.
    expect(flows.prior.openingCashMinor).toBe(500000n);
    expect(flows.prior.closingCashMinor).toBe(390000n);
    // Given the whole log beside the totals, the entries before the start are the totals' and count once.
    expect(cashFlowStatementFor(state, { totals, events: book.events() }, period)).toEqual(flows);
    // Totals not cut where the reads need them are refused, with the date.
    expect(() => cashFlowStatementFor(state, { totals: postingTotalsOf(book.events(), []), events: selected }, period)).toThrow(
      /2026-01-07 is not among the bounds/,
    );
  });
});
