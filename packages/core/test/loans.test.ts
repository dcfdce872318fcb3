import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import type { BookState, Posting } from "../src/model.js";
import { subBalance } from "../src/state.js";
import { replay, verifyLog } from "../src/verify.js";
import { identity, makeTestBook, snapshot } from "./helpers.js";

const A = ACCOUNTS;
const lines = (postings: ReadonlyArray<Posting>) => postings.map((p) => [p.account, p.amount, p.sub ?? ""]);

const bookWithMember = async (today = "2026-06-30") => {
  const book = await makeTestBook({ today });
  await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
  await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-02", amount: "10000000" });
  await book.run({
    type: "CreateLoanProduct",
    code: "KUM",
    name: "Kredit Usaha Mikro",
    method: "flat",
    ratePerYear: "0.12",
    termMax: 24,
    provisiRate: "0.01",
    adminFee: "50000",
    penaltyRatePerDay: "0.001",
    graceDays: 3,
    overpayment: "sukarela",
    savingsMultipleMax: 5,
  });
  return book;
};
const stateOf = async (book: Awaited<ReturnType<typeof makeTestBook>>) =>
  (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;

describe("loans: disbursement and repayment", () => {
  it("disburses with the schedule fixed in the event and fees withheld (vector L1's schedule)", async () => {
    const book = await bookWithMember();
    const { events } = await book.run({
      type: "DisburseLoan",
      loanId: "P-001",
      memberNo: "A001",
      product: "KUM",
      principal: "30000000",
      instalments: 12,
      date: "2026-01-10",
    });
    const event = events[0];
    expect(event?.type).toBe("LoanDisbursed");
    const data = event?.data as unknown as { schedule: Array<{ principalMinor: bigint; interestMinor: bigint; dueDate: string }>; netMinor: bigint };
    expect(data.schedule).toHaveLength(12);
    expect(new Set(data.schedule.map((i) => i.principalMinor + i.interestMinor))).toEqual(new Set([2_800_000n]));
    expect(data.schedule[0]?.dueDate).toBe("2026-02-10");
    // Provisi 1% (300.000) and administrasi 50.000 withheld: 29.650.000 paid out.
    expect(data.netMinor).toBe(29_650_000n);
    expect(lines(event?.postings ?? [])).toEqual([
      [A.piutangPinjaman, 30_000_000n, "P-001"],
      [A.provisiAdministrasi, -350_000n, ""],
      [A.kas, -29_650_000n, ""],
    ]);
  });

  it("allocates a repayment oldest instalment first, denda → jasa → pokok", async () => {
    const book = await bookWithMember();
    await book.run({
      type: "DisburseLoan",
      loanId: "P-001",
      memberNo: "A001",
      product: "KUM",
      principal: "30000000",
      instalments: 12,
      date: "2026-01-10",
    });
    // 20 March: instalment 1 (due 10 Feb) is 38 days late, 35 beyond grace: denda 2.800.000 × 0,1% × 35 = 98.000;
    // instalment 2 (due 10 Mar) is 10 days late, 7 beyond grace: 2.800.000 × 0,1% × 7 = 19.600.
    const repaid = await book.run({ type: "RepayLoan", loanId: "P-001", amount: "3000000", date: "2026-03-20" });
    const data = repaid.events[0]?.data as unknown as { allocations: unknown[] };
    expect(data.allocations).toEqual([
      { number: 1, dendaMinor: 98_000n, jasaMinor: 300_000n, pokokMinor: 2_500_000n },
      { number: 2, dendaMinor: 19_600n, jasaMinor: 82_400n, pokokMinor: 0n },
    ]);
    expect(lines(repaid.events[0]?.postings ?? [])).toEqual([
      [A.kas, 3_000_000n, ""],
      [A.denda, -117_600n, ""],
      [A.jasaPinjaman, -382_400n, ""],
      [A.piutangPinjaman, -2_500_000n, "P-001"],
    ]);
  });

  it("settles early, closes the loan, and credits an overpayment to sukarela when the product says so", async () => {
    const book = await bookWithMember();
    await book.run({
      type: "DisburseLoan",
      loanId: "P-002",
      memberNo: "A001",
      product: "KUM",
      principal: "1200000",
      instalments: 3,
      date: "2026-01-10",
    });
    const before = subBalance(await stateOf(book), A.simpananSukarela, "A001");
    // Owed: 1.200.000 principal + 3 × 12.000 jasa = 1.236.000 (nothing late on 15 January).
    const paid = await book.run({ type: "RepayLoan", loanId: "P-002", amount: "1300000", date: "2026-01-15" });
    expect((paid.events[0]?.data as { toSukarelaMinor: bigint }).toSukarelaMinor).toBe(64_000n);
    const state = await stateOf(book);
    expect(state.loans.loans.get("P-002")?.status).toBe("closed");
    expect(subBalance(state, A.piutangPinjaman, "P-002")).toBe(0n);
    expect(subBalance(state, A.simpananSukarela, "A001")).toBe(before - 64_000n);
    expect((await book.reject({ type: "RepayLoan", loanId: "P-002", amount: "1000", date: "2026-01-16" })).tag).toBe("LoanRejected");
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
    expect(verifyLog(book.events(), await Effect.runPromise(book.store.projection(book.bookId))).ok).toBe(true);
  });

  it("a member with an active loan cannot resign", async () => {
    const book = await bookWithMember();
    await book.run({
      type: "DisburseLoan",
      loanId: "P-003",
      memberNo: "A001",
      product: "KUM",
      principal: "1000000",
      instalments: 2,
      date: "2026-01-10",
    });
    const rejected = await book.reject({ type: "ResignMember", memberNo: "A001", date: "2026-01-20" });
    expect(rejected).toMatchObject({ tag: "LoanRejected", error: { reason: { reason: "has-active-loan" } } });
  });

  it("negative space: typed errors and nothing written", async () => {
    const book = await bookWithMember();
    await book.run({
      type: "DisburseLoan",
      loanId: "P-009",
      memberNo: "A001",
      product: "KUM",
      principal: "100000",
      instalments: 1,
      date: "2026-01-10",
    });
    await book.run({
      type: "CreateLoanProduct",
      code: "STRICT",
      name: "Tanpa lebih bayar",
      method: "anuitas",
      ratePerMonth: "0.02",
      termMax: 12,
    });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-010",
      memberNo: "A001",
      product: "STRICT",
      principal: "1000000",
      instalments: 3,
      date: "2026-01-10",
    });
    const disburse = (over: Record<string, unknown>) => ({
      type: "DisburseLoan",
      loanId: "P-100",
      memberNo: "A001",
      product: "KUM",
      principal: "1000000",
      instalments: 6,
      date: "2026-01-10",
      ...over,
    });
    const cases: Array<[unknown, string, string?]> = [
      [disburse({ product: "NOPE" }), "LoanRejected", "unknown-product"],
      [disburse({ loanId: "P-009" }), "LoanRejected", "loan-exists"],
      [disburse({ instalments: 36 }), "LoanRejected", "terms"],
      [disburse({ principal: "0" }), "InvalidAmount"],
      [disburse({ principal: "-5" }), "InvalidAmount"],
      [disburse({ principal: "1000000000" }), "LoanRejected", "over-limit"],
      [disburse({ memberNo: "Z9" }), "UnknownMember"],
      [disburse({ date: "2025-12-31" }), "DateBeforeBookStart"],
      [disburse({ instalments: 0 }), "InvalidCommand"],
      [{ type: "CreateLoanProduct", code: "KUM", name: "x", method: "flat", ratePerYear: "0.1" }, "LoanRejected", "product-exists"],
      [{ type: "CreateLoanProduct", code: "Z", name: "x", method: "flat", ratePerYear: "0" }, "LoanRejected", "terms"],
      [{ type: "CreateLoanProduct", code: "Z", name: "x", method: "flat" }, "LoanRejected", "terms"],
      [
        { type: "CreateLoanProduct", code: "Z", name: "x", method: "flat", ratePerYear: "0.1", ratePerMonth: "0.01" },
        "LoanRejected",
        "terms",
      ],
      [{ type: "CreateLoanProduct", code: "Z", name: "x", method: "balon", ratePerYear: "0.1" }, "InvalidCommand"],
      [{ type: "RepayLoan", loanId: "NOPE", amount: "1000", date: "2026-01-20" }, "LoanRejected", "unknown-loan"],
      [{ type: "RepayLoan", loanId: "P-010", amount: "0", date: "2026-01-20" }, "InvalidAmount"],
      [{ type: "RepayLoan", loanId: "P-010", amount: "99999999", date: "2026-01-20" }, "LoanRejected", "overpayment"],
      [{ type: "RepayLoan", loanId: "P-010", amount: "1000", date: "2026-01-05" }, "DateBeforeBookStart"],
    ];
    for (const [command, tag, reason] of cases) {
      const before = book.events().length;
      const stateBefore = snapshot(await stateOf(book));
      const rejected = await book.reject(command);
      expect(rejected.tag, JSON.stringify(command)).toBe(tag);
      if (reason !== undefined) expect((rejected.error as { reason: { reason: string } }).reason.reason).toBe(reason);
      expect(book.events().length).toBe(before);
      expect(snapshot(await stateOf(book))).toBe(stateBefore);
    }
  });
});
