import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import { cashFlowStatementFor, notesSummary } from "../src/closing/statements.js";
import { daysInMonthOf, nextMonth } from "../src/dates.js";
import { decide } from "../src/decide.js";
import { depositPeriodInterest, depositSchedule, type TimeDepositState, timeDepositRegister } from "../src/deposits/deposits.js";
import type { BookState, LedgerEvent, Posting } from "../src/model.js";
import { jasaWithholding, memberStatement } from "../src/reports.js";
import { subBalance } from "../src/state.js";
import { replay, verifyLog } from "../src/verify.js";
import { balanceOf, identity, makeTestBook, runAcceptedOrRefused, snapshot, type TestBook } from "./helpers.js";
import { expectRejections, stateOf } from "./shop.js";

const A = ACCOUNTS;
const lines = (postings: ReadonlyArray<Posting>) => postings.map((p) => [p.account, p.amount, p.sub ?? ""]);
const month = (year: number, m: number) => `${year}-${String(m).padStart(2, "0")}`;
const closeMonths = async (book: TestBook, year: number, from: number, to: number) => {
  for (let m = from; m <= to; m++) await book.run({ type: "CloseMonth", month: month(year, m) });
};
type EventOf<T extends LedgerEvent["type"]> = Extract<LedgerEvent, { type: T }>;
const eventsOf = <T extends LedgerEvent["type"]>(book: TestBook, type: T, depositId?: string): Array<EventOf<T>> =>
  book
    .events()
    .filter((e): e is EventOf<T> => e.type === type)
    .filter((e) => depositId === undefined || (e.data as { depositId?: string }).depositId === depositId);
const jasa = (book: TestBook, depositId: string) =>
  eventsOf(book, "TimeDepositInterestPosted", depositId).map((e) => [e.date, e.data.days, e.data.grossMinor, e.data.taxMinor]);
/** Reopens the latest closed month and closes it again: the types of the events the second close wrote. */
const closeAgain = async (book: TestBook, month: string) => {
  await book.run({ type: "ReopenMonth", month, reason: "periksa" });
  const count = book.events().length;
  await book.run({ type: "CloseMonth", month });
  return book
    .events()
    .slice(count)
    .map((e) => e.type);
};
const depositIn = async (book: TestBook, depositId: string) => (await stateOf(book)).deposits.get(depositId) as TimeDepositState;
const sukarelaOf = async (book: TestBook, memberNo: string) => -subBalance(await stateOf(book), A.simpananSukarela, memberNo);

/** A book of 2026 (sukarela earning nothing unless asked) with members A001–A003 who paid their pokok. */
const depositBook = async (options: { today?: string; sukarelaRate?: string } = {}) => {
  const book = await makeTestBook({
    today: options.today ?? "2027-01-20",
    savings: { wajibMonthly: "0", sukarela: { ratePerYear: options.sukarelaRate ?? "0", dayCount: "30/360" } },
  });
  for (const n of [1, 2, 3]) await book.run({ type: "RegisterMember", memberNo: `A00${n}`, date: "2026-01-02", identity: identity(n) });
  return book;
};

/** A loan product for the tests that borrow: flat, 12% a year. */
const kum = { type: "CreateLoanProduct", code: "KUM", name: "Kredit", method: "flat", ratePerYear: "0.12", termMax: 12 };

/** A001's 6.000.000 for two months at 5% from 15 January, to be rolled over. */
const aro = {
  type: "PlaceTimeDeposit",
  depositId: "ARO",
  memberNo: "A001",
  date: "2026-01-15",
  amount: "6000000",
  termMonths: 2,
  ratePerYear: "0.05",
  atMaturity: "rollover",
};

describe("simpanan berjangka (time deposits)", () => {
  it("takes a deposit, pays each month's jasa into sukarela at the close of the month it ends in, and pays the principal into sukarela at maturity", async () => {
    const book = await depositBook();
    const placed = await book.run({
      type: "PlaceTimeDeposit",
      depositId: "BJ-001",
      memberNo: "A001",
      date: "2026-01-31",
      amount: "10000000",
      termMonths: 3,
      ratePerYear: "0.06",
      via: A.bank,
    });
    expect(lines(placed.events[0]?.postings ?? [])).toEqual([
      [A.bank, 10_000_000n, ""],
      [A.simpananBerjangka, -10_000_000n, "A001"],
    ]);
    // Placed on the 31st: its periods end on the last day of the shorter months.
    const card = depositSchedule(await depositIn(book, "BJ-001"));
    expect(card.map((l) => [l.start, l.end, l.days, l.grossMinor, l.posted])).toEqual([
      ["2026-01-31", "2026-02-28", 30, 50_000n, false],
      ["2026-02-28", "2026-03-31", 30, 50_000n, false],
      ["2026-03-31", "2026-04-30", 30, 50_000n, false],
    ]);
    await closeMonths(book, 2026, 1, 1);
    expect(jasa(book, "BJ-001")).toEqual([]);
    await closeMonths(book, 2026, 2, 3);
    // 10.000.000 × 6% × 30/360 a month, dated the period's end, into sukarela; below the PP 15/2009 threshold.
    expect(jasa(book, "BJ-001")).toEqual([
      ["2026-02-28", 30, 50_000n, 0n],
      ["2026-03-31", 30, 50_000n, 0n],
    ]);
    expect(lines(eventsOf(book, "TimeDepositInterestPosted", "BJ-001")[0]?.postings ?? [])).toEqual([
      [A.bebanJasaSimpanan, 50_000n, ""],
      [A.simpananSukarela, -50_000n, "A001"],
    ]);
    expect(eventsOf(book, "TimeDepositMatured")).toEqual([]);
    await closeMonths(book, 2026, 4, 4);
    const [matured] = eventsOf(book, "TimeDepositMatured", "BJ-001");
    expect(matured?.date).toBe("2026-04-30");
    expect(lines(matured?.postings ?? [])).toEqual([
      [A.simpananBerjangka, 10_000_000n, "A001"],
      [A.simpananSukarela, -10_000_000n, "A001"],
    ]);
    const state = await stateOf(book);
    expect(balanceOf(state, A.simpananBerjangka)).toBe(0n);
    expect(await sukarelaOf(book, "A001")).toBe(10_150_000n);
    const [row] = timeDepositRegister(state).rows;
    expect(row).toMatchObject({
      status: "matured",
      endedOn: "2026-04-30",
      interestMinor: 150_000n,
      taxMinor: 0n,
      paidThrough: "2026-04-30",
    });
    expect(timeDepositRegister(state).heldMinor).toBe(0n);
    // Nothing more at later closes.
    await closeMonths(book, 2026, 5, 6);
    expect(jasa(book, "BJ-001")).toHaveLength(3);
    // The member's statement shows the deposit beside the other savings.
    const statement = memberStatement(book.events(), { memberNo: "A001", from: "2026-01-01", to: "2026-06-30" });
    expect(statement.kinds.berjangka.lines.map((l) => [l.date, l.type, l.inMinor, l.outMinor, l.balanceMinor])).toEqual([
      ["2026-01-31", "TimeDepositPlaced", 10_000_000n, 0n, 10_000_000n],
      ["2026-04-30", "TimeDepositMatured", 0n, 10_000_000n, 0n],
    ]);
    expect(statement.totalMinor).toBe(100_000n + 10_150_000n);
  });

  it("counts actual days on actual/365, rounded by the book's jasa rounding (down by default)", async () => {
    const book = await depositBook();
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "BJ-2",
      memberNo: "A002",
      date: "2026-01-31",
      amount: "12000000",
      termMonths: 2,
      ratePerYear: "0.06",
      dayCount: "actual/365",
    });
    await closeMonths(book, 2026, 1, 3);
    // 12.000.000 × 6% × 28/365 = 55.232,87…; × 31/365 = 61.150,68…
    expect(jasa(book, "BJ-2")).toEqual([
      ["2026-02-28", 28, 55_232n, 0n],
      ["2026-03-31", 31, 61_150n, 0n],
    ]);
  });

  it("withholds PP 15/2009 tax on a member's month of jasa, sukarela and deposits together, from each payment", async () => {
    const book = await depositBook({ sukarelaRate: "0.12" });
    // A001: 50.000.000 at 6% earns 250.000 a month, above the 240.000 threshold on its own.
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "B-A",
      memberNo: "A001",
      date: "2026-01-10",
      amount: "50000000",
      termMonths: 2,
      ratePerYear: "0.06",
    });
    // A002: 40.000.000 earns 200.000, under the threshold, but 6.000.000 of sukarela at 12% adds 60.000.
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "B-B",
      memberNo: "A002",
      date: "2026-01-10",
      amount: "40000000",
      termMonths: 2,
      ratePerYear: "0.06",
    });
    await book.run({ type: "DepositSukarela", memberNo: "A002", date: "2026-01-31", amount: "6000000" });
    // A003: 30.000.000 earns 150.000 and has no sukarela: nothing withheld.
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "B-C",
      memberNo: "A003",
      date: "2026-01-10",
      amount: "30000000",
      termMonths: 2,
      ratePerYear: "0.06",
    });
    await closeMonths(book, 2026, 1, 2);
    expect(jasa(book, "B-A")).toEqual([["2026-02-10", 30, 250_000n, 25_000n]]);
    expect(jasa(book, "B-B")).toEqual([["2026-02-10", 30, 200_000n, 20_000n]]);
    expect(jasa(book, "B-C")).toEqual([["2026-02-10", 30, 150_000n, 0n]]);
    const sukarela = eventsOf(book, "JasaSimpananPosted").filter((e) => e.data.memberNo === "A002" && e.data.month === "2026-02");
    // (6.000.000 and January's jasa of 1.935) × 1% = 60.019, of which 10% is 6.001, down.
    expect(sukarela.map((e) => [e.data.grossMinor, e.data.taxMinor])).toEqual([[60_019n, 6_001n]]);
    // January's close accrued 21 of the period's 31 days (10 January to 10 February): 135.483, down.
    // February pays the period out of that accrual and the expense of its own 10 days, and accrues 18
    // of the next period's 28 days.
    expect(eventsOf(book, "TimeDepositJasaAccrued", "B-B").map((e) => [e.date, e.data.periodEnd, e.data.amountMinor])).toEqual([
      ["2026-01-31", "2026-02-10", 135_483n],
      ["2026-02-28", "2026-03-10", 128_571n],
    ]);
    expect(lines(eventsOf(book, "TimeDepositInterestPosted", "B-B")[0]?.postings ?? [])).toEqual([
      [A.utangJasaSimpanan, 135_483n, ""],
      [A.bebanJasaSimpanan, 64_517n, ""],
      [A.simpananSukarela, -180_000n, "A002"],
      [A.utangPajak, -20_000n, ""],
    ]);
    // February's bukti potong: each member's jasa and the tax withheld, which is what Utang Pajak holds.
    const february = jasaWithholding(book.events(), "2026-02", "2026-02");
    expect(february.rows.map((r) => [r.memberNo, r.sukarelaMinor, r.berjangkaMinor, r.grossMinor, r.taxMinor, r.netMinor])).toEqual([
      ["A001", 0n, 250_000n, 250_000n, 25_000n, 225_000n],
      ["A002", 60_019n, 200_000n, 260_019n, 26_001n, 234_018n],
      ["A003", 0n, 150_000n, 150_000n, 0n, 150_000n],
    ]);
    expect(february.totals.taxMinor).toBe(51_001n);
    expect(-balanceOf(await stateOf(book), A.utangPajak)).toBe(51_001n);
    // January: A002's day of sukarela, under the threshold.
    expect(jasaWithholding(book.events(), "2026-01", "2026-01").rows.map((r) => [r.memberNo, r.grossMinor, r.taxMinor])).toEqual([
      ["A002", 1_935n, 0n],
    ]);
  });

  it("rolls a deposit over at maturity for the same term and rate, until the member asks for it in sukarela", async () => {
    const book = await depositBook();
    await book.run(aro);
    await closeMonths(book, 2026, 1, 4);
    expect(eventsOf(book, "TimeDepositRolledOver", "ARO").map((e) => [e.date, e.data.termStart, e.data.maturesOn])).toEqual([
      ["2026-03-15", "2026-03-15", "2026-05-15"],
    ]);
    expect(await depositIn(book, "ARO")).toMatchObject({
      termStart: "2026-03-15",
      maturesOn: "2026-05-15",
      rollovers: 1,
      status: "active",
    });
    await book.run({ type: "SetTimeDepositInstruction", depositId: "ARO", date: "2026-05-02", atMaturity: "sukarela" });
    await closeMonths(book, 2026, 5, 6);
    // 6.000.000 × 5% / 12 = 25.000 each month, the rollover's months included.
    expect(jasa(book, "ARO").map(([date, , gross]) => [date, gross])).toEqual([
      ["2026-02-15", 25_000n],
      ["2026-03-15", 25_000n],
      ["2026-04-15", 25_000n],
      ["2026-05-15", 25_000n],
    ]);
    expect(eventsOf(book, "TimeDepositMatured", "ARO").map((e) => e.date)).toEqual(["2026-05-15"]);
    expect(await sukarelaOf(book, "A001")).toBe(6_100_000n);
  });

  it("rolls a deposit over at the rate agreed for its next term: the old term ends at its rate, the month end accrues at the new one", async () => {
    const book = await depositBook();
    await book.run(aro);
    const rollOver = (date: string, rolloverRate?: string) =>
      book.run({
        type: "SetTimeDepositInstruction",
        depositId: "ARO",
        date,
        atMaturity: "rollover",
        ...(rolloverRate === undefined ? {} : { rolloverRate }),
      });
    // Rates fell: the member agrees 4% for the next term.
    await rollOver("2026-02-10", "0.04");
    expect(await depositIn(book, "ARO")).toMatchObject({ ratePerYear: "0.05", rolloverRate: "0.04" });
    await closeMonths(book, 2026, 1, 3);
    expect(eventsOf(book, "TimeDepositRolledOver", "ARO").map((e) => e.data)).toEqual([
      { depositId: "ARO", termStart: "2026-03-15", maturesOn: "2026-05-15", ratePerYear: "0.04", termMonths: 2 },
    ]);
    expect(await depositIn(book, "ARO")).toMatchObject({ ratePerYear: "0.04", rolloverRate: undefined, termStart: "2026-03-15" });
    // The month ends accrue 16 of 31 days and 13 of 28 at 5% (25.000 × 16 / 31, 25.000 × 13 / 28), and
    // March's end 16 of the new period's 31 days at 4%: 20.000 × 16 / 31 = 10.322,58, each down.
    expect(eventsOf(book, "TimeDepositJasaAccrued", "ARO").map((e) => [e.date, e.data.periodEnd, e.data.accruedMinor])).toEqual([
      ["2026-01-31", "2026-02-15", 12_903n],
      ["2026-02-28", "2026-03-15", 11_607n],
      ["2026-03-31", "2026-04-15", 10_322n],
    ]);
    // A later instruction replaces the earlier one: 4,5% agreed, then withdrawn by an instruction
    // with no rate, so the next term goes on at 4%.
    await rollOver("2026-04-05", "0.045");
    await rollOver("2026-04-06");
    await closeMonths(book, 2026, 4, 6);
    // 6.000.000 × 5% / 12 = 25.000 a month in the first term, × 4% / 12 = 20.000 after.
    expect(jasa(book, "ARO").map(([date, , gross]) => [date, gross])).toEqual([
      ["2026-02-15", 25_000n],
      ["2026-03-15", 25_000n],
      ["2026-04-15", 20_000n],
      ["2026-05-15", 20_000n],
      ["2026-06-15", 20_000n],
    ]);
    expect(eventsOf(book, "TimeDepositRolledOver", "ARO").map((e) => [e.date, e.data.ratePerYear])).toEqual([
      ["2026-03-15", "0.04"],
      ["2026-05-15", "0.04"],
    ]);
    expect(depositSchedule(await depositIn(book, "ARO")).map((l) => [l.end, l.grossMinor, l.posted])).toEqual([
      ["2026-06-15", 20_000n, true],
      ["2026-07-15", 20_000n, false],
    ]);
    // The expense is the jasa paid and the accrual still owed, to the rupiah.
    const state = await stateOf(book);
    expect(balanceOf(state, A.bebanJasaSimpanan)).toBe(110_000n - balanceOf(state, A.utangJasaSimpanan));
    expect(verifyLog(book.events()).ok).toBe(true);
    expect(snapshot(replay(book.events()))).toEqual(snapshot(state));
  });

  it("rolls a deposit over for the length agreed for its next term, which the rollovers after keep", async () => {
    const book = await depositBook({ today: "2026-12-20" });
    await book.run(aro);
    await expectRejections(book, [
      [
        { type: "SetTimeDepositInstruction", depositId: "ARO", date: "2026-02-10", atMaturity: "sukarela", rolloverTermMonths: 3 },
        "TimeDepositRejected",
        "rollover-terms",
      ],
      [
        { type: "SetTimeDepositInstruction", depositId: "ARO", date: "2026-02-10", atMaturity: "rollover", rolloverTermMonths: 0 },
        "InvalidCommand",
      ],
      [
        { type: "SetTimeDepositInstruction", depositId: "ARO", date: "2026-02-10", atMaturity: "rollover", rolloverTermMonths: 121 },
        "InvalidCommand",
      ],
    ]);
    await book.run({
      type: "SetTimeDepositInstruction",
      depositId: "ARO",
      date: "2026-02-10",
      atMaturity: "rollover",
      rolloverTermMonths: 3,
    });
    await closeMonths(book, 2026, 1, 6);
    expect(eventsOf(book, "TimeDepositRolledOver", "ARO").map((e) => e.data)).toEqual([
      { depositId: "ARO", termStart: "2026-03-15", maturesOn: "2026-06-15", ratePerYear: "0.05", termMonths: 3 },
      { depositId: "ARO", termStart: "2026-06-15", maturesOn: "2026-09-15", ratePerYear: "0.05", termMonths: 3 },
    ]);
    const deposit = await depositIn(book, "ARO");
    expect(deposit).toMatchObject({ termMonths: 3, rolloverTermMonths: undefined, maturesOn: "2026-09-15" });
    expect(depositSchedule(deposit).map((l) => l.end)).toEqual(["2026-07-15", "2026-08-15", "2026-09-15"]);
    // Every month paid, 25.000 each, across the three terms.
    expect(jasa(book, "ARO").map(([date, , gross]) => [date, gross])).toEqual(
      ["02", "03", "04", "05", "06"].map((m) => [`2026-${m}-15`, 25_000n]),
    );
    expect(snapshot(replay(book.events()))).toEqual(snapshot(await stateOf(book)));
  });

  it("pledges a deposit for its member's loan: it stays placed and rolls over while pledged, and a loan paid off releases it", async () => {
    const book = await depositBook({ today: "2026-12-20" });
    await book.run({ ...kum, overpayment: "sukarela" });
    const loan = { type: "DisburseLoan", product: "KUM", principal: "6000000", instalments: 6, date: "2026-01-10" };
    await book.run({ ...loan, loanId: "P-1", memberNo: "A001" });
    await book.run({ ...loan, loanId: "P-2", memberNo: "A002" });
    const place = { type: "PlaceTimeDeposit", date: "2026-01-05", termMonths: 2, ratePerYear: "0.06", amount: "10000000" };
    await book.run({ ...place, depositId: "BJ-1", memberNo: "A001" });
    await book.run({ ...place, depositId: "BJ-2", memberNo: "A002", atMaturity: "rollover" });
    const pledged = await book.run({ type: "PledgeTimeDeposit", depositId: "BJ-1", loanId: "P-1", date: "2026-01-12" });
    expect(pledged.events.map((e) => [e.type, e.data, e.postings.length])).toEqual([
      ["TimeDepositPledged", { depositId: "BJ-1", memberNo: "A001", loanId: "P-1" }, 0],
    ]);
    await book.run({ type: "PledgeTimeDeposit", depositId: "BJ-2", loanId: "P-2", date: "2026-01-12" });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-12", amount: "500000" });
    await expectRejections(book, [
      [{ type: "WithdrawTimeDeposit", depositId: "BJ-1", date: "2026-01-20" }, "TimeDepositRejected", "pledged"],
      [{ type: "PledgeTimeDeposit", depositId: "BJ-1", loanId: "P-1", date: "2026-01-20" }, "TimeDepositRejected", "pledged"],
      [{ type: "PledgeTimeDeposit", depositId: "BJ-3", loanId: "P-1", date: "2026-01-20" }, "TimeDepositRejected", "unknown-deposit"],
      [{ type: "PledgeTimeDeposit", depositId: "BJ-1", loanId: "P-9", date: "2026-01-20" }, "LoanRejected", "unknown-loan"],
      [{ type: "PledgeTimeDeposit", depositId: "BJ-1", loanId: "P-1", date: "2026-01-04" }, "TimeDepositRejected", "before-placed"],
      // Before the loan was disbursed, or a release before the pledge.
      [{ type: "PledgeTimeDeposit", depositId: "BJ-1", loanId: "P-1", date: "2026-01-09" }, "DateBeforeBookStart"],
      [{ type: "ReleaseTimeDeposit", depositId: "BJ-1", date: "2026-01-11", reason: "x" }, "TimeDepositRejected", "not-pledged"],
      [{ type: "ReleaseTimeDeposit", depositId: "BJ-9", date: "2026-01-20", reason: "x" }, "TimeDepositRejected", "unknown-deposit"],
      [{ type: "ReleaseTimeDeposit", depositId: "BJ-1", date: "2026-01-20", reason: "" }, "InvalidCommand"],
      // From sukarela: not with a cash account, and not more than it holds.
      [{ type: "RepayLoan", loanId: "P-1", amount: "100000", date: "2026-01-20", from: "sukarela", via: A.bank }, "LoanRejected", "source"],
      [{ type: "RepayLoan", loanId: "P-1", amount: "500001", date: "2026-01-20", from: "sukarela" }, "InsufficientBalance"],
    ]);
    // Only the member's own loan: A002's deposit cannot secure A001's loan.
    await book.run({ ...place, depositId: "BJ-3", memberNo: "A002", date: "2026-01-13" });
    await expectRejections(book, [
      [{ type: "PledgeTimeDeposit", depositId: "BJ-3", loanId: "P-1", date: "2026-01-20" }, "TimeDepositRejected", "pledge"],
    ]);
    // An instalment taken from sukarela: Dr Simpanan Sukarela for A001, no cash.
    const fromSukarela = await book.run({ type: "RepayLoan", loanId: "P-1", amount: "500000", date: "2026-02-10", from: "sukarela" });
    expect(fromSukarela.events[0]?.postings.filter((p) => p.amount > 0n).map((p) => [p.account, p.amount, p.sub])).toEqual([
      [A.simpananSukarela, 500_000n, "A001"],
    ]);
    expect(await sukarelaOf(book, "A001")).toBe(0n);
    // BJ-1 matures on 5 March into sukarela by its instruction, but it is pledged: it rolls over, and accrues.
    await closeMonths(book, 2026, 1, 3);
    expect(eventsOf(book, "TimeDepositRolledOver", "BJ-1").map((e) => e.date)).toEqual(["2026-03-05"]);
    expect(eventsOf(book, "TimeDepositMatured", "BJ-1")).toEqual([]);
    expect(eventsOf(book, "TimeDepositJasaAccrued", "BJ-1").at(-1)?.data.periodEnd).toBe("2026-04-05");
    expect(await sukarelaOf(book, "A001")).toBe(50_000n * 2n);
    // The notes say how much of Simpanan Berjangka is pledged: both deposits at March's end.
    expect(notesSummary(await stateOf(book), book.events(), "2026-03-31").pledgedDepositsMinor).toBe(20_000_000n);
    // P-2 paid off in cash: the same command releases BJ-2, which may then be taken out.
    const owed = 6_000_000n + 6n * 60_000n;
    const paidOff = await book.run({ type: "RepayLoan", loanId: "P-2", amount: String(owed), date: "2026-04-02" });
    expect(paidOff.events.map((e) => [e.type, e.type === "TimeDepositReleased" ? e.data : undefined])).toEqual([
      ["LoanRepaid", undefined],
      ["TimeDepositReleased", { depositId: "BJ-2", loanId: "P-2", reason: "lunas" }],
    ]);
    await book.run({ type: "WithdrawTimeDeposit", depositId: "BJ-2", date: "2026-04-03", penalty: "10000" });
    // P-1 set off against its deposit in one batch: the pengurus release it, the principal goes into
    // sukarela, and the loan takes what it owes from there; the rest stays in sukarela.
    const before = await sukarelaOf(book, "A001");
    const setOff = await book.batch([
      { type: "ReleaseTimeDeposit", depositId: "BJ-1", date: "2026-04-06", reason: "pelunasan dari simpanan berjangka" },
      { type: "WithdrawTimeDeposit", depositId: "BJ-1", date: "2026-04-06", to: "sukarela" },
      { type: "RepayLoan", loanId: "P-1", amount: "10000000", date: "2026-04-06", from: "sukarela" },
    ]);
    expect(setOff.flatMap((o) => o.events.map((e) => e.type))).toEqual(["TimeDepositReleased", "TimeDepositWithdrawn", "LoanRepaid"]);
    const state = await stateOf(book);
    expect(state.loans.loans.get("P-1")?.status).toBe("closed");
    expect(await sukarelaOf(book, "A001")).toBe(before + 10_000_000n - (owed - 500_000n));
    expect(timeDepositRegister(state).rows.map((r) => [r.depositId, r.status, r.pledgedTo])).toEqual([
      ["BJ-1", "closed", undefined],
      ["BJ-2", "closed", undefined],
      ["BJ-3", "matured", undefined],
    ]);
    await expectRejections(book, [
      [{ type: "ReleaseTimeDeposit", depositId: "BJ-3", date: "2026-04-07", reason: "x" }, "TimeDepositRejected", "not-pledged"],
    ]);
    expect(notesSummary(state, book.events(), "2026-04-30").pledgedDepositsMinor).toBe(0n);
    expect(verifyLog(book.events()).ok).toBe(true);
    expect(snapshot(replay(book.events()))).toEqual(snapshot(state));
  });

  it("settles a loan and recovers a written-off one from the borrower's sukarela, keeping its minimum", async () => {
    const book = await depositBook({ today: "2026-12-20" });
    await book.run(kum);
    const loan = { type: "DisburseLoan", product: "KUM", principal: "1200000", instalments: 6, date: "2026-01-10" };
    await book.run({ ...loan, loanId: "P-1", memberNo: "A001" });
    await book.run({ ...loan, loanId: "P-2", memberNo: "A002" });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-11", amount: "2000000" });
    await book.run({ type: "DepositSukarela", memberNo: "A002", date: "2026-01-11", amount: "300000" });
    await expectRejections(book, [
      [{ type: "SettleLoan", loanId: "P-1", date: "2026-02-01", from: "sukarela", via: A.kas }, "LoanRejected", "source"],
      [{ type: "SettleLoan", loanId: "P-2", date: "2026-02-01", from: "sukarela" }, "InsufficientBalance"],
    ]);
    // P-1 settled early from sukarela: what the settlement owes comes out of A001's sukarela, no cash moves.
    const settled = await book.run({ type: "SettleLoan", loanId: "P-1", date: "2026-02-01", from: "sukarela" });
    const owed = (settled.events[0] as { data: { amountMinor: bigint } }).data.amountMinor;
    expect(settled.events[0]?.postings.filter((p) => p.amount > 0n).map((p) => [p.account, p.amount, p.sub])).toEqual([
      [A.simpananSukarela, owed, "A001"],
    ]);
    expect(await sukarelaOf(book, "A001")).toBe(2_000_000n - owed);
    // P-2 written off; a part recovered later from A002's sukarela, into Pendapatan Lain-lain.
    await book.run({ type: "WriteOffLoan", loanId: "P-2", date: "2026-03-01", reason: "macet" });
    await expectRejections(book, [
      [{ type: "RecoverLoan", loanId: "P-2", amount: "300001", date: "2026-03-02", from: "sukarela" }, "InsufficientBalance"],
    ]);
    const recovered = await book.run({ type: "RecoverLoan", loanId: "P-2", amount: "300000", date: "2026-03-02", from: "sukarela" });
    expect(lines(recovered.events[0]?.postings ?? [])).toEqual([
      [A.simpananSukarela, 300_000n, "A002"],
      [A.pendapatanLain, -300_000n, ""],
    ]);
    expect(await sukarelaOf(book, "A002")).toBe(0n);
    expect(verifyLog(book.events()).ok).toBe(true);
  });

  it("takes a deposit out early with a penalty: the running period's jasa is forfeited, a period that ended before is still paid", async () => {
    const book = await depositBook();
    await book.run({ type: "DepositSukarela", memberNo: "A002", date: "2026-01-05", amount: "5000000" });
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "B-9",
      memberNo: "A002",
      date: "2026-01-05",
      amount: "4000000",
      termMonths: 6,
      ratePerYear: "0.09",
      from: "sukarela",
    });
    expect(await sukarelaOf(book, "A002")).toBe(1_000_000n);
    await closeMonths(book, 2026, 1, 1);
    const taken = await book.run({ type: "WithdrawTimeDeposit", depositId: "B-9", date: "2026-02-20", penalty: "40000" });
    expect(taken.events[0]?.data).toMatchObject({ early: true, penaltyMinor: 40_000n, to: A.kas });
    expect(lines(taken.events[0]?.postings ?? [])).toEqual([
      [A.simpananBerjangka, 4_000_000n, "A002"],
      [A.kas, -3_960_000n, ""],
      [A.denda, -40_000n, ""],
    ]);
    // The period ending 5 February ended before the withdrawal: it waits for February's close, and so does a resignation.
    await expectRejections(book, [
      [{ type: "ResignMember", memberNo: "A002", date: "2026-02-21" }, "TimeDepositRejected", "interest-pending"],
    ]);
    await closeMonths(book, 2026, 2, 4);
    expect(jasa(book, "B-9")).toEqual([["2026-02-05", 30, 30_000n, 0n]]);
    expect(depositSchedule(await depositIn(book, "B-9")).map((l) => [l.end, l.posted, l.forfeited])).toEqual([
      ["2026-02-05", true, false],
      ["2026-03-05", false, true],
      ["2026-04-05", false, true],
      ["2026-05-05", false, true],
      ["2026-06-05", false, true],
      ["2026-07-05", false, true],
    ]);
    // The direct-method cash flow: what was paid out is financing; the penalty, kept back from the
    // principal, moved no cash.
    const flows = cashFlowStatementFor(await stateOf(book), book.events(), { from: "2026-02-01", to: "2026-02-28" });
    expect(flows.current.lines.map((l) => [l.activity, l.code, l.inMinor, l.outMinor])).toEqual([
      ["pendanaan", A.simpananBerjangka, 0n, 3_960_000n],
    ]);
    await book.run({ type: "ResignMember", memberNo: "A002", date: "2026-05-02" });
  });

  it("accrues the running period's jasa at each month end, pays the period out of the accrual, and takes back a forfeited period's accrual", async () => {
    const book = await depositBook();
    // 36.500.000 at 6% on actual days: Rp6.000 a day. Periods end 21 February, 21 March, 21 April.
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "B-A",
      memberNo: "A001",
      date: "2026-01-21",
      amount: "36500000",
      termMonths: 3,
      ratePerYear: "0.06",
      dayCount: "actual/365",
    });
    await closeMonths(book, 2026, 1, 1);
    // 10 of the first period's 31 days: 186.000 × 10/31 = 60.000.
    const accrued = () => eventsOf(book, "TimeDepositJasaAccrued", "B-A").map((e) => [e.date, e.data.periodEnd, e.data.amountMinor]);
    expect(accrued()).toEqual([["2026-01-31", "2026-02-21", 60_000n]]);
    expect(lines(eventsOf(book, "TimeDepositJasaAccrued", "B-A")[0]?.postings ?? [])).toEqual([
      [A.bebanJasaSimpanan, 60_000n, ""],
      [A.utangJasaSimpanan, -60_000n, ""],
    ]);
    await closeMonths(book, 2026, 2, 2);
    // February pays the 186.000 (60.000 of it accrued in January) and accrues 7 of the next 28 days.
    expect(lines(eventsOf(book, "TimeDepositInterestPosted", "B-A")[0]?.postings ?? [])).toEqual([
      [A.utangJasaSimpanan, 60_000n, ""],
      [A.bebanJasaSimpanan, 126_000n, ""],
      [A.simpananSukarela, -186_000n, "A001"],
    ]);
    expect(accrued()).toEqual([
      ["2026-01-31", "2026-02-21", 60_000n],
      ["2026-02-28", "2026-03-21", 42_000n],
    ]);
    // Closing February again accrues nothing more.
    expect(await closeAgain(book, "2026-02")).toEqual(["MonthClosed"]);
    // Taken out on 10 March, before the period ends: its jasa is forfeited, and so is its accrual.
    const taken = await book.run({ type: "WithdrawTimeDeposit", depositId: "B-A", date: "2026-03-10" });
    expect(taken.events[0]?.data).toMatchObject({ early: true, accrualReversedMinor: 42_000n });
    expect(lines(taken.events[0]?.postings ?? [])).toEqual([
      [A.simpananBerjangka, 36_500_000n, "A001"],
      [A.kas, -36_500_000n, ""],
      [A.utangJasaSimpanan, 42_000n, ""],
      [A.bebanJasaSimpanan, -42_000n, ""],
    ]);
    await closeMonths(book, 2026, 3, 4);
    const state = await stateOf(book);
    expect(balanceOf(state, A.utangJasaSimpanan)).toBe(0n);
    expect(balanceOf(state, A.bebanJasaSimpanan)).toBe(186_000n);
    expect(accrued()).toHaveLength(2);
  });

  it("pays jasa when it falls due, accruing nothing, in a book opened before Utang Jasa Simpanan Berjangka was in the chart", async () => {
    const book = await depositBook({ today: "2026-03-10" });
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "B-L",
      memberNo: "A001",
      date: "2026-01-21",
      amount: "36500000",
      termMonths: 3,
      ratePerYear: "0.06",
    });
    // The same log as a book of the earlier chart holds it: BookOpened without account 2302.
    const [opened, ...rest] = book.events();
    if (opened?.type !== "BookOpened") throw new Error("expected BookOpened first");
    const older = [
      { ...opened, data: { ...opened.data, accounts: opened.data.accounts.filter((a) => a.code !== A.utangJasaSimpanan) } },
      ...rest,
    ];
    const state = replay(older) as BookState;
    const context = { today: "2026-03-10", identities: { memberWithNik: () => undefined }, salt: () => "0".repeat(32) };
    const january = decide(state, { type: "CloseMonth", month: "2026-01" }, context);
    expect(january.ok && january.events.map((e) => e.type)).toEqual(["MonthClosed"]);
  });

  it("pays a deposit held at the book's start from its first period ending in the book", async () => {
    const book = await makeTestBook({ today: "2026-06-10", savings: { wajibMonthly: "0" } });
    await book.run({
      type: "RecordOpeningMember",
      memberNo: "A000",
      date: "2026-01-01",
      joinedOn: "2020-03-01",
      identity: identity(9),
      pokok: "100000",
      wajib: "0",
      sukarela: "0",
    });
    await book.run({
      type: "RecordOpeningTimeDeposit",
      depositId: "LAMA",
      memberNo: "A000",
      date: "2026-01-01",
      placedOn: "2025-11-20",
      amount: "24000000",
      termMonths: 3,
      ratePerYear: "0.07",
    });
    await book.run({ type: "RecordOpeningBalances", date: "2026-01-01", memo: "Kas", lines: [{ account: A.kas, debit: "24100000" }] });
    const opening = {
      type: "RecordOpeningTimeDeposit",
      depositId: "LAMA-2",
      memberNo: "A000",
      date: "2026-01-01",
      placedOn: "2025-11-20",
      amount: "1000000",
      termMonths: 1,
      ratePerYear: "0.07",
    };
    await expectRejections(book, [
      [opening, "TimeDepositRejected", "matured"],
      [{ ...opening, placedOn: "2026-01-02" }, "TimeDepositRejected", "before-placed"],
      [{ ...opening, date: "2026-01-02", placedOn: "2025-12-20" }, "NotOnBookStart"],
      [{ ...opening, depositId: "LAMA" }, "TimeDepositRejected", "deposit-exists"],
    ]);
    const deposit = await depositIn(book, "LAMA");
    expect(deposit).toMatchObject({ opening: true, paidThrough: "2025-12-20", maturesOn: "2026-02-20" });
    await closeMonths(book, 2026, 1, 3);
    // 24.000.000 × 7% / 12 = 140.000: the periods ending 20 January and 20 February; December's was the old books'.
    expect(jasa(book, "LAMA").map(([date, , gross]) => [date, gross])).toEqual([
      ["2026-01-20", 140_000n],
      ["2026-02-20", 140_000n],
    ]);
    expect(eventsOf(book, "TimeDepositMatured", "LAMA").map((e) => e.date)).toEqual(["2026-02-20"]);
  });

  it("counts a principal paid into sukarela at maturity from its day, and never the jasa a close pays in", async () => {
    const book = await depositBook({ sukarelaRate: "0.12" });
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "B-M",
      memberNo: "A001",
      date: "2026-01-20",
      amount: "44000000",
      termMonths: 1,
      ratePerYear: "0.06",
    });
    await closeMonths(book, 2026, 1, 2);
    // Sukarela: 44.000.000 for 9 of February's 28 days, at 12% on 30/360 = 141.428,57…, down. With the
    // deposit's 220.000 the month's jasa is 361.428, above the threshold: 10% is withheld from both.
    const sukarela = eventsOf(book, "JasaSimpananPosted").filter((e) => e.data.memberNo === "A001" && e.data.month === "2026-02");
    expect(sukarela.map((e) => [e.data.grossMinor, e.data.taxMinor])).toEqual([[141_428n, 14_142n]]);
    expect(jasa(book, "B-M")).toEqual([["2026-02-20", 30, 220_000n, 22_000n]]);
    // Closing the month again finds the same figures (the sukarela's own jasa, paid in on the 28th, earns
    // none in February): nothing but the close itself is written.
    expect(await closeAgain(book, "2026-02")).toEqual(["MonthClosed"]);
    expect(await sukarelaOf(book, "A001")).toBe(44_000_000n + 220_000n - 22_000n + 141_428n - 14_142n);
  });

  it("closes a reopened month again without paying a period twice, and withholds afresh when the month's total crosses the threshold", async () => {
    const book = await depositBook({ sukarelaRate: "0.12" });
    await book.run({
      type: "PlaceTimeDeposit",
      depositId: "B-R",
      memberNo: "A001",
      date: "2026-01-10",
      amount: "40000000",
      termMonths: 2,
      ratePerYear: "0.06",
      atMaturity: "rollover",
    });
    await closeMonths(book, 2026, 1, 2);
    // 200.000 in February, under the threshold.
    expect(jasa(book, "B-R")).toEqual([["2026-02-10", 30, 200_000n, 0n]]);
    expect(await closeAgain(book, "2026-02")).toEqual(["MonthClosed"]);
    // A sukarela deposit of 1 February entered late: 5.000.000 × 1% = 50.000 more, 250.000 in all.
    await book.run({ type: "ReopenMonth", month: "2026-02", reason: "setoran tertinggal" });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-02-01", amount: "5000000" });
    await book.run({ type: "CloseMonth", month: "2026-02" });
    const sukarela = eventsOf(book, "JasaSimpananPosted").filter((e) => e.data.memberNo === "A001" && e.data.month === "2026-02");
    expect(sukarela.map((e) => [e.data.grossMinor, e.data.taxMinor])).toEqual([[50_000n, 5_000n]]);
    // The deposit's period is not paid again: only its withholding changes.
    expect(jasa(book, "B-R")).toEqual([
      ["2026-02-10", 30, 200_000n, 0n],
      ["2026-02-10", 30, 0n, 20_000n],
    ]);
    expect(lines(eventsOf(book, "TimeDepositInterestPosted", "B-R")[1]?.postings ?? [])).toEqual([
      [A.simpananSukarela, 20_000n, "A001"],
      [A.utangPajak, -20_000n, ""],
    ]);
    expect(await sukarelaOf(book, "A001")).toBe(5_000_000n + 50_000n - 5_000n + 200_000n - 20_000n);
    expect(balanceOf(await stateOf(book), A.utangPajak)).toBe(-25_000n);
  });

  it("refuses what it cannot do, and writes nothing", async () => {
    const book = await depositBook({ today: "2026-04-10" });
    const place = {
      type: "PlaceTimeDeposit",
      depositId: "B-1",
      memberNo: "A001",
      date: "2026-02-10",
      amount: "1000000",
      termMonths: 2,
      ratePerYear: "0.06",
    };
    await book.run(place);
    await book.run({ ...place, depositId: "B-2", date: "2026-01-10", termMonths: 1 });
    await book.run({ type: "DepositSukarela", memberNo: "A003", date: "2026-02-01", amount: "100000" });
    await closeMonths(book, 2026, 1, 2);
    await book.run({ type: "WithdrawTimeDeposit", depositId: "B-1", date: "2026-03-09", to: "sukarela" });
    await book.run({ ...place, depositId: "B-3", date: "2026-03-01", termMonths: 12, atMaturity: "rollover" });
    await expectRejections(book, [
      [{ ...place, depositId: "B-3", date: "2026-03-01" }, "TimeDepositRejected", "deposit-exists"],
      [{ ...place, depositId: "B-4", date: "2026-03-01", amount: "0" }, "InvalidAmount"],
      [{ ...place, depositId: "B-4", date: "2026-03-01", termMonths: 0 }, "InvalidCommand"],
      [{ ...place, depositId: "B-4", date: "2026-03-01", ratePerYear: "1.5" }, "InvalidCommand"],
      [{ ...place, depositId: "B-4", date: "2026-03-01", dayCount: "actual/360" }, "InvalidCommand"],
      [{ ...place, depositId: "B-4", date: "2026-03-01", memberNo: "A404" }, "UnknownMember"],
      [{ ...place, depositId: "B-4", date: "2026-02-27" }, "PeriodClosed"],
      [{ ...place, depositId: "B-4", date: "2026-04-11" }, "DateInFuture"],
      [{ ...place, depositId: "B-4", date: "2026-03-01", memberNo: "A003", from: "sukarela" }, "InsufficientBalance"],
      [{ ...place, depositId: "B-4", date: "2026-03-01", from: "sukarela", via: A.bank }, "TimeDepositRejected", "source"],
      [{ ...place, depositId: "B-4", date: "2026-03-01", via: A.simpananBerjangka }, "ControlAccountNotAllowed"],
      [{ type: "WithdrawTimeDeposit", depositId: "B-9", date: "2026-03-09" }, "TimeDepositRejected", "unknown-deposit"],
      [{ type: "WithdrawTimeDeposit", depositId: "B-1", date: "2026-03-09" }, "TimeDepositRejected", "ended"],
      [{ type: "WithdrawTimeDeposit", depositId: "B-2", date: "2026-03-09" }, "TimeDepositRejected", "ended"],
      [{ type: "WithdrawTimeDeposit", depositId: "B-3", date: "2026-03-09", penalty: "1000001" }, "TimeDepositRejected", "penalty"],
      [{ type: "WithdrawTimeDeposit", depositId: "B-3", date: "2026-03-09", penalty: "-1" }, "InvalidAmount"],
      [{ type: "WithdrawTimeDeposit", depositId: "B-3", date: "2026-03-09", to: "sukarela", via: A.bank }, "TimeDepositRejected", "source"],
      [{ type: "SetTimeDepositInstruction", depositId: "B-3", date: "2026-03-01", atMaturity: "later" }, "InvalidCommand"],
      [
        { type: "SetTimeDepositInstruction", depositId: "B-3", date: "2026-03-01", atMaturity: "sukarela", rolloverRate: "0.05" },
        "TimeDepositRejected",
        "rollover-terms",
      ],
      [
        { type: "SetTimeDepositInstruction", depositId: "B-3", date: "2026-03-01", atMaturity: "rollover", rolloverRate: "5%" },
        "InvalidCommand",
      ],
      [
        { type: "SetTimeDepositInstruction", depositId: "B-3", date: "2026-03-01", atMaturity: "rollover", rolloverRate: "1.01" },
        "InvalidCommand",
      ],
      [{ type: "SetTimeDepositInstruction", depositId: "B-1", date: "2026-03-10", atMaturity: "rollover" }, "TimeDepositRejected", "ended"],
      [{ type: "ResignMember", memberNo: "A001", date: "2026-03-10" }, "TimeDepositRejected", "held"],
      [
        {
          type: "RecordOpeningTimeDeposit",
          depositId: "B-5",
          memberNo: "A002",
          date: "2026-01-01",
          placedOn: "2025-12-01",
          amount: "1",
          termMonths: 1,
          ratePerYear: "0.06",
        },
        "PeriodClosed",
      ],
    ]);
    // A term that has ended (its month not yet closed) takes no penalty; in a reopened month, a withdrawal
    // cannot go back before a period whose jasa is posted.
    const book2 = await depositBook({ today: "2026-04-20" });
    await book2.run({ ...place, date: "2026-01-10", termMonths: 3 });
    await closeMonths(book2, 2026, 1, 3);
    await book2.run({ type: "ReopenMonth", month: "2026-03", reason: "koreksi" });
    await expectRejections(book2, [
      [{ type: "WithdrawTimeDeposit", depositId: "B-1", date: "2026-04-11", penalty: "1" }, "TimeDepositRejected", "penalty"],
      [{ type: "WithdrawTimeDeposit", depositId: "B-1", date: "2026-03-05" }, "TimeDepositRejected", "interest-posted"],
    ]);
    const onTime = await book2.run({ type: "WithdrawTimeDeposit", depositId: "B-1", date: "2026-04-10" });
    expect(onTime.events[0]?.data).toMatchObject({ early: false, penaltyMinor: 0n });
  });
});

type DepositStep =
  | {
      kind: "place";
      n: number;
      member: number;
      amount: number;
      term: number;
      ratePermille: number;
      actual: boolean;
      rollover: boolean;
      fromSukarela: boolean;
      when: number;
    }
  | { kind: "withdraw"; n: number; penalty: number; toSukarela: boolean; when: number }
  | { kind: "instruct"; n: number; rollover: boolean; ratePermille: number | null; term: number | null; when: number }
  | { kind: "save"; member: number; amount: number; when: number }
  | { kind: "resign"; member: number; when: number }
  | { kind: "borrow"; member: number; k: number; amount: number; when: number }
  | { kind: "pledge"; n: number; member: number; owner: boolean; k: number; when: number }
  | { kind: "release"; n: number; when: number }
  | { kind: "repay"; member: number; k: number; amount: number; fromSukarela: boolean; when: number }
  | { kind: "close" }
  | { kind: "reopen" };

/** A step's day in the open month (past its end, the month's last day), its deposit BJ-1…BJ-6, its member A001…A003. */
const day = fc.integer({ min: 1, max: 31 });
const depositNo = fc.integer({ min: 1, max: 6 });
const memberNo = fc.integer({ min: 1, max: 3 });

const depositStep: fc.Arbitrary<DepositStep> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("place" as const),
      n: depositNo,
      member: memberNo,
      amount: fc.integer({ min: 1, max: 80_000_000 }),
      term: fc.integer({ min: 1, max: 4 }),
      ratePermille: fc.integer({ min: 0, max: 120 }),
      actual: fc.boolean(),
      rollover: fc.boolean(),
      fromSukarela: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
      when: day,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("withdraw" as const),
      n: depositNo,
      penalty: fc.integer({ min: 0, max: 100_000 }),
      toSukarela: fc.boolean(),
      when: day,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("instruct" as const),
      n: depositNo,
      rollover: fc.boolean(),
      // A rate for the next term (refused with an instruction to pay into sukarela).
      ratePermille: fc.option(fc.integer({ min: 0, max: 120 })),
      // And a length for it.
      term: fc.option(fc.integer({ min: 1, max: 4 })),
      when: day,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("save" as const),
      member: memberNo,
      amount: fc.integer({ min: 1, max: 60_000_000 }),
      when: day,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("resign" as const),
      member: memberNo,
      when: day,
    }),
  },
  // Loans L-<member>-<k> (two a member at most), deposits pledged for them and released, repayments
  // in cash or from sukarela, some of them large enough to pay a loan off.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("borrow" as const),
      member: memberNo,
      k: fc.integer({ min: 1, max: 2 }),
      amount: fc.integer({ min: 100_000, max: 5_000_000 }),
      when: day,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("pledge" as const),
      n: depositNo,
      member: memberNo,
      // Mostly for a loan the deposit's own member owes; else L-<member>-<k> (refused when not the owner's).
      owner: fc.integer({ min: 0, max: 3 }).map((x) => x > 0),
      k: fc.integer({ min: 1, max: 2 }),
      when: day,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("release" as const), n: depositNo, when: day }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("repay" as const),
      member: memberNo,
      k: fc.integer({ min: 1, max: 2 }),
      amount: fc.integer({ min: 1, max: 6_000_000 }),
      fromSukarela: fc.boolean(),
      when: day,
    }),
  },
  { weight: 10, arbitrary: fc.constant({ kind: "close" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
);

/** The command of a step, on `date` in the open month `open` of the book as it stands. */
const stepCommand = (s: DepositStep, date: string, open: string, state: BookState): Record<string, unknown> => {
  switch (s.kind) {
    case "close":
      return { type: "CloseMonth", month: open };
    case "reopen":
      return { type: "ReopenMonth", month: state.closedThrough ?? "2026-01", reason: "koreksi" };
    case "place":
      return {
        type: "PlaceTimeDeposit",
        depositId: `BJ-${s.n}`,
        memberNo: `A00${s.member}`,
        date,
        amount: String(s.amount),
        termMonths: s.term,
        ratePerYear: String(s.ratePermille / 1000),
        dayCount: s.actual ? "actual/365" : "30/360",
        atMaturity: s.rollover ? "rollover" : "sukarela",
        ...(s.fromSukarela ? { from: "sukarela" } : {}),
      };
    case "withdraw":
      return {
        type: "WithdrawTimeDeposit",
        depositId: `BJ-${s.n}`,
        date,
        ...(s.penalty > 0 ? { penalty: String(s.penalty) } : {}),
        ...(s.toSukarela ? { to: "sukarela" } : {}),
      };
    case "instruct":
      return {
        type: "SetTimeDepositInstruction",
        depositId: `BJ-${s.n}`,
        date,
        atMaturity: s.rollover ? "rollover" : "sukarela",
        ...(s.ratePermille === null ? {} : { rolloverRate: String(s.ratePermille / 1000) }),
        ...(s.term === null ? {} : { rolloverTermMonths: s.term }),
      };
    case "save":
      return { type: "DepositSukarela", memberNo: `A00${s.member}`, date, amount: String(s.amount) };
    case "resign":
      return { type: "ResignMember", memberNo: `A00${s.member}`, date };
    case "borrow":
      return {
        type: "DisburseLoan",
        loanId: `L-${s.member}-${s.k}`,
        memberNo: `A00${s.member}`,
        product: "KUM",
        principal: String(s.amount),
        instalments: 3,
        date,
      };
    case "pledge": {
      // Mostly a deposit still placed (the n-th of them) for a loan its member still owes, when there is one.
      const placed = [...state.deposits.values()].filter((d) => d.status === "active");
      const deposit = s.owner && placed.length > 0 ? placed[s.n % placed.length] : state.deposits.get(`BJ-${s.n}`);
      const owed = [...state.loans.loans.values()].find((l) => l.memberNo === deposit?.memberNo && l.status === "active");
      const loanId = s.owner && owed !== undefined ? owed.loanId : `L-${s.member}-${s.k}`;
      return { type: "PledgeTimeDeposit", depositId: deposit?.depositId ?? `BJ-${s.n}`, loanId, date };
    }
    case "release": {
      // The n-th deposit pledged, when there is one.
      const pledged = [...state.deposits.values()].filter((d) => d.pledgedTo !== undefined);
      const depositId = pledged.length > 0 ? (pledged[s.n % pledged.length]?.depositId as string) : `BJ-${s.n}`;
      return { type: "ReleaseTimeDeposit", depositId, date, reason: "keputusan pengurus" };
    }
    case "repay": {
      // The member's loan still owed, or any loan still owed, when there is one.
      const loans = [...state.loans.loans.values()].filter((l) => l.status === "active");
      const owed = loans.find((l) => l.memberNo === `A00${s.member}`) ?? loans[0];
      return {
        type: "RepayLoan",
        loanId: owed?.loanId ?? `L-${s.member}-${s.k}`,
        amount: String(s.amount),
        date,
        ...(s.fromSukarela ? { from: "sukarela" } : {}),
      };
    }
  }
};

/**
 * The pledges, read along the log: a deposit is never taken out or paid into sukarela at maturity
 * while it secures a loan, and a loan paid off has released every deposit it held. In the state, a
 * pledged deposit is still placed and secures a loan of its own member that is still owed.
 */
const expectPledgesHeld = (state: Awaited<ReturnType<typeof stateOf>>, events: ReadonlyArray<LedgerEvent>) => {
  const pledged = new Map<string, string>();
  for (const e of events) {
    const depositId = (e.data as { depositId?: string }).depositId as string;
    if (e.type === "TimeDepositPledged") pledged.set(depositId, e.data.loanId);
    if (e.type === "TimeDepositReleased") {
      expect(pledged.get(depositId)).toBe(e.data.loanId);
      pledged.delete(depositId);
    }
    if (e.type === "TimeDepositWithdrawn" || e.type === "TimeDepositMatured") expect(pledged.has(depositId)).toBe(false);
  }
  for (const d of state.deposits.values()) {
    expect(d.pledgedTo).toBe(pledged.get(d.depositId));
    if (d.pledgedTo === undefined) continue;
    const loan = state.loans.loans.get(d.pledgedTo);
    expect(d.status).toBe("active");
    expect(loan?.memberNo).toBe(d.memberNo);
    expect(loan?.status).not.toBe("closed");
  }
};

/**
 * The register's invariants, in a book where only savings post jasa and tax: Simpanan Berjangka holds
 * the principal of the deposits still placed, per member too; no period is paid twice, none after its
 * deposit was taken out, each at its schedule's amount at its term's rate (the placement's, or the one
 * its rollover set); a matured deposit had every period paid;
 * Beban Jasa Simpanan (as posted) and Utang Pajak are the jasa and the tax of sukarela and deposits
 * together.
 */
const expectDepositsTied = (state: Awaited<ReturnType<typeof stateOf>>, events: ReadonlyArray<LedgerEvent>) => {
  const heldBy = new Map<string, bigint>();
  let gross = 0n;
  let tax = 0n;
  let accrued = 0n;
  for (const e of events) {
    if (e.type === "JasaSimpananPosted") {
      gross += e.data.grossMinor;
      tax += e.data.taxMinor;
    }
  }
  for (const d of state.deposits.values()) {
    if (d.status === "active") heldBy.set(d.memberNo, (heldBy.get(d.memberNo) ?? 0n) + d.principalMinor);
    const paid = events.flatMap((e) => (e.type === "TimeDepositInterestPosted" && e.data.depositId === d.depositId ? [e.data] : []));
    const periods = paid.filter((p) => p.grossMinor !== 0n);
    expect(new Set(periods.map((p) => p.periodEnd)).size).toBe(periods.length);
    // Each term's first day and rate, from the log: the placement, then every rollover.
    const terms = events.flatMap((e) =>
      e.type === "TimeDepositPlaced" && e.data.depositId === d.depositId
        ? [[e.data.placedOn, e.data.ratePerYear] as const]
        : e.type === "TimeDepositRolledOver" && e.data.depositId === d.depositId
          ? [[e.data.termStart, e.data.ratePerYear as string] as const]
          : [],
    );
    for (const p of periods) {
      const rate = terms.filter(([start]) => start <= p.periodStart).at(-1)?.[1] as string;
      expect(p.grossMinor).toBe(depositPeriodInterest({ ...d, ratePerYear: rate }, p.days));
      if (d.endedOn !== undefined) expect(p.periodEnd <= d.endedOn).toBe(true);
    }
    expect(paid.reduce((sum, p) => sum + p.grossMinor, 0n)).toBe(d.interestMinor);
    expect(paid.reduce((sum, p) => sum + p.taxMinor, 0n)).toBe(d.taxMinor);
    expect(d.taxMinor >= 0n && d.taxMinor <= d.interestMinor).toBe(true);
    if (d.status === "matured") expect(depositSchedule(d).every((l) => l.posted)).toBe(true);
    gross += d.interestMinor;
    tax += d.taxMinor;
    // An accrual is for the period running past the last close, and never more than its jasa.
    if (d.accruedMinor !== 0n) {
      const period = depositSchedule(d).find((l) => l.end === d.accruedFor);
      expect(d.accruedMinor > 0n && d.accruedMinor <= (period?.grossMinor ?? 0n)).toBe(true);
    }
    accrued += d.accruedMinor;
  }
  const held = [...heldBy.values()].reduce((sum, v) => sum + v, 0n);
  expect(timeDepositRegister(state).heldMinor).toBe(held);
  expect(-balanceOf(state, A.simpananBerjangka)).toBe(held);
  for (const [memberNo, minor] of heldBy) expect(-subBalance(state, A.simpananBerjangka, memberNo)).toBe(minor);
  // Beban Jasa Simpanan as posted, before a year's close carries it to the SHU.
  let beban = 0n;
  for (const e of events) {
    if (e.type === "YearClosingEntryPosted") continue;
    for (const p of e.postings) if (p.account === A.bebanJasaSimpanan) beban += p.amount;
  }
  // What month ends accrued and is not yet paid is expensed already, and owed in Utang Jasa Simpanan Berjangka.
  expect(beban).toBe(gross + accrued);
  expect(-balanceOf(state, A.utangJasaSimpanan)).toBe(accrued);
  expect(-balanceOf(state, A.utangPajak)).toBe(tax);
};

describe("simpanan berjangka: properties", () => {
  it("over random placements, withdrawals, instructions, savings, resignations, loans with deposits pledged, closes and reopenings: the register ties, no period is paid twice, a pledge holds, and replay agrees", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(depositStep, { minLength: 10, maxLength: 70 }), async (steps) => {
        const book = await depositBook({ today: "2027-12-31", sukarelaRate: "0.06" });
        await book.run({ ...kum, overpayment: "sukarela" });
        for (const s of steps) {
          const state = await stateOf(book);
          const open = state.reopenedMonth ?? (state.closedThrough === undefined ? "2026-01" : nextMonth(state.closedThrough));
          const date = "when" in s ? `${open}-${String(Math.min(s.when, daysInMonthOf(open))).padStart(2, "0")}` : "";
          const command = stepCommand(s, date, open, state);
          // Refusals (a number in use, a deposit taken out or pledged, a member with a deposit or a
          // loan resigning, a sukarela too small, a loan paid off) are typed rejections, never a
          // crash, and write nothing.
          await runAcceptedOrRefused(book, command);
          expectDepositsTied(await stateOf(book), book.events());
          expectPledgesHeld(await stateOf(book), book.events());
        }
        expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
        expect(verifyLog(book.events()).ok).toBe(true);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    );
  });
});
