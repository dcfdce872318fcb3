import { Effect } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import { classify, requiredAllowance } from "../src/loans/kolektibilitas.js";
import { daysPastDue, outstandingPrincipal } from "../src/loans/loans.js";
import type { BookState, Posting } from "../src/model.js";
import { subBalance, unreconciledSubledgers } from "../src/state.js";
import { replay, verifyLog } from "../src/verify.js";
import { expectSnapshotsHold, identity, makeTestBook, snapshot } from "./helpers.js";

const A = ACCOUNTS;
const lines = (postings: ReadonlyArray<Posting>) => postings.map((p) => [p.account, p.amount, p.sub ?? ""]);
/** The data of a command's first event. */
const dataOf = (outcome: { readonly events: ReadonlyArray<{ readonly data: unknown }> }): unknown =>
  (outcome.events[0] as { data: unknown }).data;

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
    const data = event?.data as unknown as {
      schedule: Array<{ principalMinor: bigint; interestMinor: bigint; dueDate: string }>;
      netMinor: bigint;
    };
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
      { number: 1, dendaMinor: 98_000n, jasaMinor: 300_000n, jasaAccruedMinor: 0n, dendaAccruedMinor: 0n, pokokMinor: 2_500_000n },
      { number: 2, dendaMinor: 19_600n, jasaMinor: 82_400n, jasaAccruedMinor: 0n, dendaAccruedMinor: 0n, pokokMinor: 0n },
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
    expect((dataOf(paid) as { toSukarelaMinor: bigint }).toSukarelaMinor).toBe(64_000n);
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

describe("loans: accrual, kolektibilitas, allowance, write-off and recovery", () => {
  it("accrues jasa on performing loans, books the allowance each month, writes off against it and records recovery", async () => {
    const book = await makeTestBook({ today: "2026-02-02" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "CreateLoanProduct", code: "MEN", name: "Menurun", method: "menurun", ratePerYear: "0.24", termMax: 12 });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-1",
      memberNo: "A001",
      product: "MEN",
      principal: "1200000",
      instalments: 6,
      date: "2026-01-04",
    });
    const allowanceBooked = async () => -((await stateOf(book)).accounts.get(A.cadanganKerugianPiutang)?.balanceMinor ?? 0n);

    const january = await book.run({ type: "CloseMonth", month: "2026-01" });
    expect(january.events.map((e) => e.type)).toEqual(["LoanAllowanceSet", "MonthClosed"]);
    expect(january.events[0]?.data).toMatchObject({ kolektibilitas: "L", daysPastDue: 0, requiredMinor: 6_000n, deltaMinor: 6_000n });
    expect(await allowanceBooked()).toBe(6_000n);

    book.clock.setDate("2026-03-02");
    const february = await book.run({ type: "CloseMonth", month: "2026-02" });
    expect(february.events.map((e) => e.type)).toEqual(["LoanInterestAccrued", "LoanAllowanceSet", "MonthClosed"]);
    expect(lines(february.events[0]?.postings ?? [])).toEqual([
      [A.piutangJasaPinjaman, 24_000n, "P-1"],
      [A.jasaPinjaman, -24_000n, ""],
    ]);
    expect(february.events[1]?.data).toMatchObject({ kolektibilitas: "DPK", daysPastDue: 25, requiredMinor: 36_000n, deltaMinor: 30_000n });
    expect(await allowanceBooked()).toBe(36_000n);

    book.clock.setDate("2026-03-10");
    const repaid = await book.run({ type: "RepayLoan", loanId: "P-1", amount: "224000", date: "2026-03-03" });
    // The accrued jasa is settled from Piutang Jasa Pinjaman, not counted as income twice.
    expect(lines(repaid.events[0]?.postings ?? [])).toEqual([
      [A.kas, 224_000n, ""],
      [A.piutangJasaPinjaman, -24_000n, "P-1"],
      [A.piutangPinjaman, -200_000n, "P-1"],
    ]);

    book.clock.setDate("2026-04-02");
    const march = await book.run({ type: "CloseMonth", month: "2026-03" });
    expect(march.events.map((e) => e.type)).toEqual(["LoanInterestAccrued", "LoanAllowanceSet", "MonthClosed"]);
    expect(march.events[1]?.data).toMatchObject({ kolektibilitas: "DPK", daysPastDue: 28, requiredMinor: 30_000n, deltaMinor: -6_000n });
    expect(await allowanceBooked()).toBe(30_000n);

    book.clock.setDate("2026-04-20");
    const writeOff = await book.run({ type: "WriteOffLoan", loanId: "P-1", date: "2026-04-15", reason: "pindah tanpa kabar" });
    expect(writeOff.events[0]?.data).toMatchObject({
      principalMinor: 1_000_000n,
      accruedMinor: 20_000n,
      fromAllowanceMinor: 30_000n,
      expenseMinor: 990_000n,
    });
    expect(lines(writeOff.events[0]?.postings ?? [])).toEqual([
      [A.cadanganKerugianPiutang, 30_000n, ""],
      [A.bebanPenyisihanPiutang, 990_000n, ""],
      [A.piutangPinjaman, -1_000_000n, "P-1"],
      [A.piutangJasaPinjaman, -20_000n, "P-1"],
    ]);
    expect((await book.reject({ type: "RepayLoan", loanId: "P-1", amount: "1000", date: "2026-04-16" })).tag).toBe("LoanRejected");
    const recovered = await book.run({ type: "RecoverLoan", loanId: "P-1", amount: "50000", date: "2026-04-18" });
    expect(lines(recovered.events[0]?.postings ?? [])).toEqual([
      [A.kas, 50_000n, ""],
      [A.pendapatanLain, -50_000n, ""],
    ]);
    const state = await stateOf(book);
    expect(subBalance(state, A.piutangPinjaman, "P-1")).toBe(0n);
    expect(subBalance(state, A.piutangJasaPinjaman, "P-1")).toBe(0n);
    expect(await allowanceBooked()).toBe(0n);
    expect(verifyLog(book.events(), await Effect.runPromise(book.store.projection(book.bookId))).ok).toBe(true);
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
  });

  it("stops accruing when a loan reaches Kurang Lancar; its jasa is income when paid", async () => {
    const book = await makeTestBook({ today: "2026-06-02" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "CreateLoanProduct", code: "FLAT", name: "Flat", method: "flat", ratePerYear: "0.12", termMax: 12 });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-2",
      memberNo: "A001",
      product: "FLAT",
      principal: "1200000",
      instalments: 12,
      date: "2026-01-05",
    });
    const accrued: string[] = [];
    for (const month of ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]) {
      const closed = await book.run({ type: "CloseMonth", month });
      for (const e of closed.events) {
        if (e.type === "LoanAllowanceSet") accrued.push(`${month}:${(e.data as { kolektibilitas: string }).kolektibilitas}`);
        if (e.type === "LoanInterestAccrued") accrued.push(`${month}:accrued`);
      }
    }
    // Due 5 Feb, unpaid: DPK at the end of Feb, March and April (≤ 90 days), Kurang Lancar at the end of May (115 days).
    expect(accrued).toEqual(["2026-01:L", "2026-02:accrued", "2026-02:DPK", "2026-03:accrued", "2026-04:accrued", "2026-05:KL"]);
    const state = await stateOf(book);
    const loan = state.loans.loans.get("P-2");
    // Instalments due in Feb, Mar and Apr were accrued (12.000 each); May's was not.
    expect(loan?.schedule.map((i) => i.accruedInterestMinor)).toEqual([12_000n, 12_000n, 12_000n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
    const paid = await book.run({ type: "RepayLoan", loanId: "P-2", amount: "448000", date: "2026-06-01" });
    const postings = lines(paid.events[0]?.postings ?? []);
    // Four instalments of 112.000: the three accrued jasa settle Piutang Jasa, the fourth's jasa is income now.
    expect(postings).toEqual([
      [A.kas, 448_000n, ""],
      [A.jasaPinjaman, -12_000n, ""],
      [A.piutangJasaPinjaman, -36_000n, "P-2"],
      [A.piutangPinjaman, -400_000n, "P-2"],
    ]);
  });
});

describe("loan properties", () => {
  const addDaysTo = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  it("allowance booked equals allowance required after every monthly run; sub-ledgers reconcile; allocations never exceed what is due", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("flat" as const, "menurun" as const, "anuitas" as const),
        fc.integer({ min: 500, max: 5_000 }).map((k) => BigInt(k) * 1000n),
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.record({ payEarly: fc.boolean(), lateDays: fc.integer({ min: 0, max: 70 }), skip: fc.boolean() }), {
          minLength: 8,
          maxLength: 8,
        }),
        async (method, principal, instalments, behaviour) => {
          const book = await makeTestBook({ today: "2026-12-31" });
          await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
          await book.run({
            type: "CreateLoanProduct",
            code: "X",
            name: "X",
            method,
            ratePerYear: "0.18",
            termMax: 12,
            penaltyRatePerDay: "0.001",
          });
          await book.run({
            type: "DisburseLoan",
            loanId: "P",
            memberNo: "A001",
            product: "X",
            principal: principal.toString(),
            instalments,
            date: "2026-01-03",
          });
          const schedule = (await stateOf(book)).loans.loans.get("P")?.schedule ?? [];
          // Payments: each instalment paid on, before or after its due date, or skipped.
          const payments = schedule
            .map((i, k) => ({ i, b: behaviour[k] as (typeof behaviour)[number] }))
            .filter(({ b }) => !b.skip)
            .map(({ i, b }) => ({
              date: b.payEarly ? addDaysTo(i.dueDate, -2) : addDaysTo(i.dueDate, b.lateDays),
              amount: i.principalMinor + i.interestMinor,
            }));
          let month = "2026-01";
          while (month <= "2026-11") {
            for (const p of payments.filter((x) => x.date.slice(0, 7) === month).sort((a, b) => (a.date < b.date ? -1 : 1))) {
              const state = await stateOf(book);
              const loan = state.loans.loans.get("P");
              if (loan?.status !== "active") break;
              // The state is mutated in place when the command lands: note what was due before.
              const due = loan.schedule.map((i) => ({
                jasa: i.interestMinor - i.paidInterestMinor,
                pokok: i.principalMinor - i.paidPrincipalMinor,
              }));
              const exit = await Effect.runPromiseExit(
                book.executor.execute(book.bookId, [{ type: "RepayLoan", loanId: "P", amount: p.amount.toString(), date: p.date }]),
              );
              if (exit._tag === "Success") {
                const data = exit.value[0]?.events[0]?.data as unknown as {
                  allocations: Array<{ jasaMinor: bigint; pokokMinor: bigint; jasaAccruedMinor: bigint; number: number }>;
                };
                for (const a of data.allocations) {
                  const before = due[a.number - 1];
                  expect(a.jasaMinor).toBeLessThanOrEqual(before?.jasa ?? 0n);
                  expect(a.pokokMinor).toBeLessThanOrEqual(before?.pokok ?? 0n);
                  expect(a.jasaAccruedMinor).toBeLessThanOrEqual(a.jasaMinor);
                }
              }
            }
            book.clock.setDate(`${nextMonthOf(month)}-01`);
            await book.run({ type: "CloseMonth", month });
            const state = await stateOf(book);
            const booked = -(state.accounts.get(A.cadanganKerugianPiutang)?.balanceMinor ?? 0n);
            const loans = [...state.loans.loans.values()];
            expect(booked).toBe(loans.reduce((s, l) => s + l.allowanceMinor, 0n));
            const end = `${nextMonthOf(month)}-01`;
            const required = loans
              .filter((l) => l.status === "active")
              .reduce(
                (s, l) => s + requiredAllowance(outstandingPrincipal(l), l.eligibleCollateralMinor, classify(daysPastDue(l, end))),
                0n,
              );
            expect(booked).toBe(required);
            expect(unreconciledSubledgers(state)).toEqual([]);
            for (const l of loans) {
              if (l.status === "active") continue;
              // A closed or written-off loan leaves nothing receivable behind.
              expect(subBalance(state, A.piutangDenda, l.loanId)).toBe(0n);
              expect(subBalance(state, A.piutangJasaPinjaman, l.loanId)).toBe(0n);
              expect(subBalance(state, A.piutangPinjaman, l.loanId)).toBe(0n);
            }
            month = nextMonthOf(month);
          }
          book.clock.setDate("2026-12-31");
          const final = await stateOf(book);
          expectSnapshotsHold(final.config, book.events());
          const loan = final.loans.loans.get("P");
          if (behaviour.slice(0, instalments).every((b) => !b.skip) && loan?.status === "closed") {
            const jasaIncome = -(final.accounts.get(A.jasaPinjaman)?.balanceMinor ?? 0n);
            const scheduled = loan.schedule.reduce((s, i) => s + i.interestMinor, 0n);
            expect(jasaIncome).toBe(scheduled);
            expect(subBalance(final, A.piutangPinjaman, "P")).toBe(0n);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 25) },
    );
  });
});

const nextMonthOf = (month: string) => {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};

describe("loan reports", () => {
  it("schedule planned against paid, the loan statement, and the portfolio by kolektibilitas", async () => {
    const book = await makeTestBook({ today: "2026-04-02" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "RegisterMember", memberNo: "A002", date: "2026-01-02", identity: identity(2) });
    await book.run({
      type: "CreateLoanProduct",
      code: "MEN",
      name: "Menurun",
      method: "menurun",
      ratePerYear: "0.24",
      termMax: 12,
      penaltyRatePerDay: "0.001",
    });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-1",
      memberNo: "A001",
      product: "MEN",
      principal: "1200000",
      instalments: 6,
      date: "2026-01-04",
    });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-2",
      memberNo: "A002",
      product: "MEN",
      principal: "600000",
      instalments: 6,
      date: "2026-01-04",
      eligibleCollateral: "100000",
    });
    await book.run({ type: "RepayLoan", loanId: "P-1", amount: "224000", date: "2026-02-04" });
    await book.run({ type: "RepayLoan", loanId: "P-1", amount: "100000", date: "2026-03-04" });
    const state = await stateOf(book);
    const { loanSchedule, loanStatement, loanPortfolio } = await import("../src/loans/reports.js");
    const schedule = loanSchedule(state, "P-1", "2026-04-02");
    expect(schedule.map((l) => l.status)).toEqual(["paid", "partly paid", "not yet due", "not yet due", "not yet due", "not yet due"]);
    expect(schedule[1]).toMatchObject({
      plannedPrincipalMinor: 200_000n,
      plannedInterestMinor: 20_000n,
      paidInterestMinor: 20_000n,
      paidPrincipalMinor: 80_000n,
    });
    const statement = loanStatement(book.events(), "P-1");
    expect(statement.map((l) => [l.type, l.pokokMinor, l.jasaMinor, l.outstandingMinor])).toEqual([
      ["LoanDisbursed", 1_200_000n, 0n, 1_200_000n],
      ["LoanRepaid", 200_000n, 24_000n, 1_000_000n],
      ["LoanRepaid", 80_000n, 20_000n, 920_000n],
    ]);
    const portfolio = loanPortfolio(state, "2026-04-02");
    // P-1: oldest unpaid instalment due 4 March, 29 days → DPK; P-2: nothing paid since 4 February, 57 days → DPK.
    const dpk = portfolio.classes.find((c) => c.code === "DPK");
    expect(dpk).toMatchObject({ loans: 2, outstandingMinor: 1_520_000n });
    // 3% of 920.000 and 3% of (600.000 − 100.000 collateral).
    expect(dpk?.requiredAllowanceMinor).toBe(27_600n + 15_000n);
    expect(portfolio.bookedAllowanceMinor).toBe(0n);
    expect(portfolio.health).toBe("sehat");
  });
});

describe("early settlement (pelunasan dipercepat)", () => {
  it("forgives the jasa of instalments after the current period, and reverses what was accrued of it", async () => {
    const book = await makeTestBook({ today: "2026-03-25" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "CreateLoanProduct", code: "F", name: "Flat", method: "flat", ratePerYear: "0.12", termMax: 12 });
    await book.run({
      type: "CreateLoanProduct",
      code: "FULL",
      name: "Flat penuh",
      method: "flat",
      ratePerYear: "0.12",
      termMax: 12,
      prepayment: "full-interest",
    });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-1",
      memberNo: "A001",
      product: "F",
      principal: "1200000",
      instalments: 12,
      date: "2026-01-10",
    });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-2",
      memberNo: "A001",
      product: "FULL",
      principal: "1200000",
      instalments: 12,
      date: "2026-01-10",
    });
    await book.run({ type: "RepayLoan", loanId: "P-1", amount: "112000", date: "2026-02-10" });
    await book.run({ type: "CloseMonth", month: "2026-01" });
    await book.run({ type: "CloseMonth", month: "2026-02" }); // accrues instalment 1's jasa of P-2 (unpaid)
    const settled = await book.run({ type: "SettleLoan", loanId: "P-1", date: "2026-03-20" });
    const data = settled.events[0]?.data as unknown as { amountMinor: bigint; waived: Array<{ number: number; amountMinor: bigint }> };
    // 1.100.000 principal + jasa of instalment 2 (due 10 March) and 3 (the current period) = 1.124.000.
    expect(data.amountMinor).toBe(1_124_000n);
    expect(data.waived.map((w) => w.number)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(data.waived.reduce((s, w) => s + w.amountMinor, 0n)).toBe(108_000n);
    const state = await stateOf(book);
    expect(state.loans.loans.get("P-1")?.status).toBe("closed");
    expect(subBalance(state, A.piutangPinjaman, "P-1")).toBe(0n);
    // Full-interest policy: everything scheduled is owed (12 × 12.000 of jasa), and the accrued jasa is settled.
    const full = await book.run({ type: "SettleLoan", loanId: "P-2", date: "2026-03-20" });
    expect((dataOf(full) as { amountMinor: bigint }).amountMinor).toBe(1_344_000n);
    const after = await stateOf(book);
    expect(subBalance(after, A.piutangJasaPinjaman, "P-2")).toBe(0n);
    expect(after.loans.loans.get("P-2")?.status).toBe("closed");
    expect((await book.reject({ type: "SettleLoan", loanId: "P-2", date: "2026-03-21" })).tag).toBe("LoanRejected");
    expect(verifyLog(book.events(), await Effect.runPromise(book.store.projection(book.bookId))).ok).toBe(true);
    expect(snapshot(replay(book.events()))).toBe(snapshot(after));
  });

  it("a settlement that reverses accrued jasa leaves the receivable at zero", async () => {
    const book = await makeTestBook({ today: "2026-04-25" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "CreateLoanProduct", code: "F", name: "Flat", method: "flat", ratePerYear: "0.12", termMax: 12 });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-3",
      memberNo: "A001",
      product: "F",
      principal: "600000",
      instalments: 6,
      date: "2026-01-10",
    });
    for (const month of ["2026-01", "2026-02", "2026-03"]) await book.run({ type: "CloseMonth", month });
    // Accrued: instalments 1 and 2 (due 10 February and 10 March, 6.000 each). Settle on 1 April: the
    // current period is instalment 3 (10 April), so 600.000 + the jasa of 1–3 is owed; 4–6 are forgiven.
    const settled = await book.run({ type: "SettleLoan", loanId: "P-3", date: "2026-04-01" });
    expect((dataOf(settled) as { amountMinor: bigint }).amountMinor).toBe(618_000n);
    const state = await stateOf(book);
    expect(subBalance(state, A.piutangJasaPinjaman, "P-3")).toBe(0n);
    expect(-(state.accounts.get(A.jasaPinjaman)?.balanceMinor ?? 0n)).toBe(18_000n);
  });
});

describe("rescheduling", () => {
  it("spreads the remaining principal over new instalments; arrears of jasa stay owed", async () => {
    const book = await makeTestBook({ today: "2026-04-20" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "CreateLoanProduct", code: "MEN", name: "Menurun", method: "menurun", ratePerYear: "0.24", termMax: 24 });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-1",
      memberNo: "A001",
      product: "MEN",
      principal: "1200000",
      instalments: 6,
      date: "2026-01-10",
    });
    await book.run({ type: "RepayLoan", loanId: "P-1", amount: "224000", date: "2026-02-10" });
    // Instalment 2 (due 10 March) is unpaid: its 20.000 jasa stays owed; 1.000.000 principal is rescheduled over 10 months.
    const { events } = await book.run({ type: "RescheduleLoan", loanId: "P-1", date: "2026-04-01", instalments: 10, reason: "usaha sepi" });
    expect(events[0]?.data).toMatchObject({ keep: 2, principalMinor: 1_000_000n });
    const loan = (await stateOf(book)).loans.loans.get("P-1");
    expect(loan?.schedule).toHaveLength(12);
    expect(loan?.schedule.slice(0, 2).map((i) => [i.principalMinor, i.interestMinor])).toEqual([
      [200_000n, 24_000n],
      [0n, 20_000n],
    ]);
    expect(loan?.schedule[2]).toMatchObject({ number: 3, dueDate: "2026-05-01", principalMinor: 100_000n, interestMinor: 20_000n });
    expect(outstandingPrincipal(loan as NonNullable<typeof loan>)).toBe(1_000_000n);
    // The next payment clears the arrears first.
    const paid = await book.run({ type: "RepayLoan", loanId: "P-1", amount: "20000", date: "2026-04-15" });
    expect((dataOf(paid) as { allocations: Array<{ number: number; jasaMinor: bigint }> }).allocations).toMatchObject([
      { number: 2, jasaMinor: 20_000n },
    ]);
    expect((await book.reject({ type: "RescheduleLoan", loanId: "P-9", date: "2026-04-15", instalments: 3, reason: "x" })).tag).toBe(
      "LoanRejected",
    );
    expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
  });
});

describe("loans that predate the book, savings deductions and the related-party cap", () => {
  it("records an opening loan among the opening balances, with its remaining schedule and arrears", async () => {
    const book = await makeTestBook({ today: "2026-02-20" });
    await book.run({
      type: "RecordOpeningMember",
      memberNo: "A001",
      date: "2026-01-01",
      joinedOn: "2020-03-01",
      identity: identity(1),
      pokok: "100000",
      wajib: "500000",
      sukarela: "0",
    });
    await book.run({ type: "CreateLoanProduct", code: "F", name: "Flat", method: "flat", ratePerYear: "0.12", termMax: 24 });
    const { events } = await book.run({
      type: "RecordOpeningLoan",
      loanId: "OLD-7",
      memberNo: "A001",
      product: "F",
      date: "2026-01-01",
      disbursedOn: "2025-07-15",
      schedule: [
        { dueDate: "2025-12-15", principal: "250000", interest: "30000" },
        { dueDate: "2026-01-15", principal: "250000", interest: "30000" },
        { dueDate: "2026-02-15", principal: "250000", interest: "30000" },
      ],
    });
    expect(lines(events[0]?.postings ?? [])).toEqual([
      [A.piutangPinjaman, 750_000n, "OLD-7"],
      [A.saldoAwal, -750_000n, ""],
    ]);
    await book.run({ type: "RecordOpeningBalances", date: "2026-01-01", memo: "Kas", lines: [{ account: A.kas, credit: "150000" }] });
    const state = await stateOf(book);
    expect(state.accounts.get(A.saldoAwal)?.balanceMinor).toBe(0n);
    // The December instalment is in arrears from the start.
    expect(daysPastDue(state.loans.loans.get("OLD-7") as NonNullable<ReturnType<typeof state.loans.loans.get>>, "2026-01-15")).toBe(31);
    const paid = await book.run({ type: "RepayLoan", loanId: "OLD-7", amount: "280000", date: "2026-01-20" });
    expect((dataOf(paid) as { allocations: Array<{ number: number }> }).allocations.map((a) => a.number)).toEqual([1]);
    expect(
      (
        await book.reject({
          type: "RecordOpeningLoan",
          loanId: "OLD-8",
          memberNo: "A001",
          product: "F",
          date: "2026-01-02",
          disbursedOn: "2025-07-15",
          schedule: [{ dueDate: "2026-03-01", principal: "1", interest: "0" }],
        })
      ).tag,
    ).toBe("NotOnBookStart");
  });

  it("withholds the product's savings deduction into sukarela, and caps loans to pengurus and pengawas at 10% of own capital", async () => {
    const book = await bookWithMember();
    await book.run({
      type: "CreateLoanProduct",
      code: "POT",
      name: "Dengan potongan",
      method: "flat",
      ratePerYear: "0.12",
      termMax: 12,
      savingsDeductionRate: "0.05",
    });
    const sukarelaBefore = subBalance(await stateOf(book), A.simpananSukarela, "A001");
    const { events } = await book.run({
      type: "DisburseLoan",
      loanId: "P-5",
      memberNo: "A001",
      product: "POT",
      principal: "1000000",
      instalments: 10,
      date: "2026-01-10",
    });
    expect(lines(events[0]?.postings ?? [])).toEqual([
      [A.piutangPinjaman, 1_000_000n, "P-5"],
      [A.simpananSukarela, -50_000n, "A001"],
      [A.kas, -950_000n, ""],
    ]);
    expect(subBalance(await stateOf(book), A.simpananSukarela, "A001")).toBe(sukarelaBefore - 50_000n);
    // Own capital here: pokok 100.000 (no wajib, cadangan or hibah): a related-party loan may be at most 10.000.
    const capped = await book.reject({
      type: "DisburseLoan",
      loanId: "P-6",
      memberNo: "A001",
      product: "POT",
      principal: "20000",
      instalments: 2,
      date: "2026-01-10",
      relatedParty: true,
    });
    expect(capped).toMatchObject({ tag: "LoanRejected", error: { reason: { reason: "over-limit" } } });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-7",
      memberNo: "A001",
      product: "POT",
      principal: "10000",
      instalments: 2,
      date: "2026-01-10",
      relatedParty: true,
    });
  });
});

describe("penalty modes and allocation order", () => {
  it("charges denda per started month or as a fixed amount, and pays parts in the product's order", async () => {
    const book = await makeTestBook({ today: "2026-06-30" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({
      type: "CreateLoanProduct",
      code: "M",
      name: "Bulanan",
      method: "flat",
      ratePerYear: "0.12",
      termMax: 12,
      penaltyMode: "per-month",
      penaltyRatePerMonth: "0.02",
    });
    await book.run({
      type: "CreateLoanProduct",
      code: "X",
      name: "Tetap",
      method: "flat",
      ratePerYear: "0.12",
      termMax: 12,
      penaltyMode: "fixed",
      penaltyFixed: "15000",
      allocationOrder: ["pokok", "jasa", "denda"],
    });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-M",
      memberNo: "A001",
      product: "M",
      principal: "1200000",
      instalments: 12,
      date: "2026-01-10",
    });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-X",
      memberNo: "A001",
      product: "X",
      principal: "1200000",
      instalments: 12,
      date: "2026-01-10",
    });
    // Instalment 1 (112.000, due 10 February) paid on 15 March: 33 days late, two started months × 2% = 4.480.
    const monthly = await book.run({ type: "RepayLoan", loanId: "P-M", amount: "116480", date: "2026-03-15" });
    expect((dataOf(monthly) as { allocations: Array<{ dendaMinor: bigint }> }).allocations[0]?.dendaMinor).toBe(4_480n);
    // Pokok first, then jasa, then the fixed 15.000 denda.
    const fixed = await book.run({ type: "RepayLoan", loanId: "P-X", amount: "105000", date: "2026-03-15" });
    expect((dataOf(fixed) as { allocations: unknown[] }).allocations[0]).toMatchObject({
      number: 1,
      pokokMinor: 100_000n,
      jasaMinor: 5_000n,
      dendaMinor: 0n,
    });
    const rejected = await book.reject({
      type: "CreateLoanProduct",
      code: "Y",
      name: "y",
      method: "flat",
      ratePerYear: "0.1",
      allocationOrder: ["pokok", "pokok", "jasa"],
    });
    expect(rejected.tag).toBe("LoanRejected");
  });
});

describe("configurable kolektibilitas", () => {
  it("uses the book's own classes for accrual, allowance and the portfolio", async () => {
    const book = await makeTestBook({ today: "2026-04-02" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({
      type: "SetKolektibilitas",
      classes: [
        {
          code: "L",
          name: "Lancar",
          maxDaysPastDue: 0,
          allowanceRate: "0.01",
          netOfCollateral: false,
          problemWeight: "0",
          performing: true,
        },
        {
          code: "KL",
          name: "Kurang Lancar",
          maxDaysPastDue: 60,
          allowanceRate: "0.2",
          netOfCollateral: true,
          problemWeight: "0.5",
          performing: false,
        },
        { code: "M", name: "Macet", allowanceRate: "1", netOfCollateral: true, problemWeight: "1", performing: false },
      ],
    });
    await book.run({ type: "CreateLoanProduct", code: "F", name: "Flat", method: "flat", ratePerYear: "0.12", termMax: 12 });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-1",
      memberNo: "A001",
      product: "F",
      principal: "1000000",
      instalments: 10,
      date: "2026-01-10",
    });
    await book.run({ type: "CloseMonth", month: "2026-01" });
    const february = await book.run({ type: "CloseMonth", month: "2026-02" });
    // Due 10 February, unpaid: 19 days at the end of February is this book's Kurang Lancar: no accrual, 20% allowance.
    expect(february.events.map((e) => e.type)).toEqual(["LoanAllowanceSet", "MonthClosed"]);
    expect(february.events[0]?.data).toMatchObject({ kolektibilitas: "KL", requiredMinor: 200_000n });
    const { loanPortfolio } = await import("../src/loans/reports.js");
    expect(loanPortfolio(await stateOf(book), "2026-04-01").classes.map((c) => c.code)).toEqual(["L", "KL", "M"]);
    const bad = await book.reject({
      type: "SetKolektibilitas",
      classes: [
        {
          code: "L",
          name: "Lancar",
          maxDaysPastDue: 0,
          allowanceRate: "0.01",
          netOfCollateral: false,
          problemWeight: "0",
          performing: true,
        },
        { code: "X", name: "X", maxDaysPastDue: 30, allowanceRate: "1", netOfCollateral: true, problemWeight: "1", performing: false },
      ],
    });
    expect(bad.tag).toBe("LoanRejected");
  });
});

describe("application and approval", () => {
  it("disburses a loan of a product that requires approval only as applied and approved", async () => {
    const book = await bookWithMember();
    await book.run({
      type: "CreateLoanProduct",
      code: "APR",
      name: "Dengan persetujuan",
      method: "flat",
      ratePerYear: "0.12",
      termMax: 12,
      requiresApproval: true,
    });
    const disburse = {
      type: "DisburseLoan",
      loanId: "P-A",
      memberNo: "A001",
      product: "APR",
      principal: "500000",
      instalments: 5,
      date: "2026-01-20",
    };
    expect((await book.reject(disburse)).tag).toBe("LoanRejected");
    await book.run({
      type: "ApplyLoan",
      loanId: "P-A",
      memberNo: "A001",
      product: "APR",
      principal: "500000",
      instalments: 5,
      date: "2026-01-15",
    });
    expect((await book.reject(disburse)).tag).toBe("LoanRejected");
    await book.run({
      type: "ApproveLoan",
      loanId: "P-A",
      date: "2026-01-18",
      approvedBy: "Ketua Pengurus",
      note: "rapat pengurus 18 Januari",
    });
    expect((await book.reject({ type: "ApproveLoan", loanId: "P-A", date: "2026-01-18", approvedBy: "x", note: "" })).tag).toBe(
      "LoanRejected",
    );
    expect((await book.reject({ ...disburse, principal: "600000" })).tag).toBe("LoanRejected");
    await book.run(disburse);
    const state = await stateOf(book);
    expect(state.loans.applications.get("P-A")).toMatchObject({ status: "disbursed", approvedBy: "Ketua Pengurus" });
    expect(state.loans.loans.get("P-A")?.status).toBe("active");
  });
});

describe("denda recognised when due", () => {
  it("recognises denda at the month end it fell due, settles it when paid, and releases what is no longer owed", async () => {
    const book = await makeTestBook({ today: "2026-04-30" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({
      type: "CreateLoanProduct",
      code: "D",
      name: "Denda",
      method: "flat",
      ratePerYear: "0.12",
      termMax: 12,
      penaltyRatePerDay: "0.001",
    });
    await book.run({
      type: "DisburseLoan",
      loanId: "P-1",
      memberNo: "A001",
      product: "D",
      principal: "200000",
      instalments: 2,
      date: "2026-01-10",
    });
    await book.run({ type: "CloseMonth", month: "2026-01" });
    const february = await book.run({ type: "CloseMonth", month: "2026-02" });
    // Instalment 1 (102.000, due 10 February) is 18 days late on 28 February: 102.000 × 0,1% × 18 = 1.836.
    const recognised = february.events.find((e) => e.type === "LoanDendaRecognised");
    expect(recognised?.data).toMatchObject({ changes: [{ number: 1, amountMinor: 1_836n }] });
    expect(lines(recognised?.postings ?? [])).toEqual([
      [A.piutangDenda, 1_836n, "P-1"],
      [A.denda, -1_836n, ""],
    ]);
    // Paid on 5 March: 23 days late, 2.346 of denda; 1.836 settles the receivable, 510 is income now.
    const paid = await book.run({ type: "RepayLoan", loanId: "P-1", amount: "104346", date: "2026-03-05" });
    expect(lines(paid.events[0]?.postings ?? []).slice(0, 3)).toEqual([
      [A.kas, 104_346n, ""],
      [A.denda, -510n, ""],
      [A.piutangDenda, -1_836n, "P-1"],
    ]);
    // The last instalment paid on time closes the loan; nothing of the receivable is left.
    await book.run({ type: "RepayLoan", loanId: "P-1", amount: "102000", date: "2026-03-10" });
    const state = await stateOf(book);
    expect(state.loans.loans.get("P-1")?.status).toBe("closed");
    expect(subBalance(state, A.piutangDenda, "P-1")).toBe(0n);
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
  });
});

describe("loans and closed periods", () => {
  it("refuses loan commands dated in a closed month", async () => {
    const book = await bookWithMember("2026-03-05");
    await book.run({
      type: "DisburseLoan",
      loanId: "P-1",
      memberNo: "A001",
      product: "KUM",
      principal: "1000000",
      instalments: 6,
      date: "2026-01-10",
    });
    await book.run({ type: "CloseMonth", month: "2026-01" });
    for (const command of [
      { type: "DisburseLoan", loanId: "P-2", memberNo: "A001", product: "KUM", principal: "1000000", instalments: 6, date: "2026-01-20" },
      { type: "RepayLoan", loanId: "P-1", amount: "1000", date: "2026-01-31" },
      { type: "SettleLoan", loanId: "P-1", date: "2026-01-31" },
      { type: "WriteOffLoan", loanId: "P-1", date: "2026-01-31", reason: "x" },
      { type: "RescheduleLoan", loanId: "P-1", date: "2026-01-31", instalments: 3, reason: "x" },
    ]) {
      expect((await book.reject(command)).tag).toBe("PeriodClosed");
    }
  });
});
