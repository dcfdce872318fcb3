/**
 * Property tests of tutup buku over random book years (members, savings, sales to members and
 * others, income and costs of every party in both units, a random AD/ART policy): after the year
 * close every Pendapatan and Beban account is zero; the SHU pools and the member shares sum
 * exactly; the balance sheet balances at every date, per unit and consolidated; the cash flow
 * takes opening cash to closing cash exactly; replay reproduces the closing and the SHU; nothing
 * ever posts into a closed month. FC_RUNS raises the number of runs (`FC_RUNS=500 npm test`).
 */
import { Effect } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS as A } from "../src/chart.js";
import {
  cashFlowReads,
  cashFlowReadsFor,
  cashFlowStatement,
  cashFlowStatementFor,
  financialPosition,
  financialPositionAt,
  positionAt,
  resultOfOperations,
  resultOfOperationsFor,
} from "../src/closing/statements.js";
import type { BookState, LedgerEvent } from "../src/model.js";
import { trialBalance } from "../src/reports.js";
import { type LogReads, readsOf } from "../src/store.js";
import { replay } from "../src/verify.js";
import { expectSnapshotsHold, identity, makeTestBook, snapshot } from "./helpers.js";

const RUNS = Number(process.env.FC_RUNS ?? 20);
const PARTIES = ["anggota", "nonanggota", "umum"] as const;
const UNITS = ["USP", "TOKO"] as const;

const day = fc.integer({ min: 2, max: 365 }).map((n) => new Date(Date.UTC(2026, 0, n)).toISOString().slice(0, 10));

const operation = (members: number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant("sale" as const),
      date: day,
      member: fc.integer({ min: 0, max: members }),
      kg: fc.integer({ min: 1, max: 15 }),
    }),
    fc.record({
      kind: fc.constant("income" as const),
      date: day,
      amount: fc.integer({ min: 1, max: 5_000_000 }),
      party: fc.constantFrom(...PARTIES),
      unit: fc.constantFrom(...UNITS),
    }),
    fc.record({
      kind: fc.constant("cost" as const),
      date: day,
      amount: fc.integer({ min: 1, max: 2_000_000 }),
      party: fc.constantFrom(...PARTIES),
      unit: fc.constantFrom(...UNITS),
    }),
    fc.record({
      kind: fc.constant("deposit" as const),
      date: day,
      member: fc.integer({ min: 1, max: members }),
      amount: fc.integer({ min: 1, max: 900_000 }),
    }),
    fc.record({
      kind: fc.constant("withdraw" as const),
      date: day,
      member: fc.integer({ min: 1, max: members }),
      amount: fc.integer({ min: 1, max: 300_000 }),
    }),
    fc.record({
      kind: fc.constant("wajib" as const),
      date: day,
      member: fc.integer({ min: 1, max: members }),
      amount: fc.integer({ min: 1, max: 200_000 }),
    }),
  );

/** Whole percents over the eight pools, summing to 100, with something for jasa modal and jasa usaha. */
const allocation = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 8, maxLength: 8 }).map((weights) => {
  const w = weights.map((x, i) => (i === 1 || i === 2 ? x + 1 : x));
  const total = w.reduce((a, b) => a + b, 0);
  const percents = w.map((x) => Math.floor((x * 100) / total));
  percents[0] = (percents[0] as number) + 100 - percents.reduce((a, b) => a + b, 0);
  const pools = ["cadangan", "jasaModal", "jasaUsaha", "pengurus", "karyawan", "pendidikan", "sosial", "pembangunanDaerahKerja"];
  return Object.fromEntries(pools.map((p, i) => [p, String(percents[i])]));
});

const scenario = fc.integer({ min: 2, max: 5 }).chain((members) =>
  fc.record({
    members: fc.constant(members),
    opening: fc.array(
      fc.record({
        pokok: fc.integer({ min: 1, max: 500_000 }),
        wajib: fc.integer({ min: 0, max: 3_000_000 }),
        sukarela: fc.integer({ min: 0, max: 2_000_000 }),
      }),
      {
        minLength: members,
        maxLength: members,
      },
    ),
    operations: fc.array(operation(members), { minLength: 5, maxLength: 40 }),
    policy: fc.record({
      allocation,
      nonMember: fc.constantFrom("cadangan", "funds"),
      capital: fc.record({ includeSukarela: fc.boolean(), measure: fc.constantFrom("year-end", "average") }),
      withholdingPercent: fc.constantFrom("0", "10", "15"),
      incomeTax: fc.oneof(
        fc.constant({ basis: "none", percent: "0" }),
        fc.record({ basis: fc.constantFrom("profit", "turnover"), percent: fc.constantFrom("0.5", "10", "22") }),
      ),
    }),
    payout: fc.constantFrom("hold", "sukarela"),
    /** An auditor's correction in December after the close: reopen, adjust, close again. */
    correction: fc.option(fc.integer({ min: 1, max: 3_000_000 }), { nil: undefined }),
  }),
);

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const memberNo = (n: number) => `M${n}`;

const commandOf = (op: Scenario["operations"][number], index: number): unknown => {
  switch (op.kind) {
    case "sale":
      return {
        type: "RecordSale",
        saleId: `S${index}`,
        date: op.date,
        ...(op.member === 0 ? {} : { memberNo: memberNo(op.member) }),
        payment: "cash",
        lines: [{ item: "BERAS", quantity: String(op.kg) }],
      };
    case "income":
      return {
        type: "PostJournal",
        date: op.date,
        memo: "pendapatan",
        lines: [
          { account: A.kas, debit: String(op.amount), unit: op.unit },
          { account: A.pendapatanLain, credit: String(op.amount), unit: op.unit, party: op.party },
        ],
      };
    case "cost":
      return {
        type: "PostJournal",
        date: op.date,
        memo: "beban",
        lines: [
          { account: A.bebanListrik, debit: String(op.amount), unit: op.unit, party: op.party },
          { account: A.kas, credit: String(op.amount), unit: op.unit },
        ],
      };
    case "deposit":
      return { type: "DepositSukarela", memberNo: memberNo(op.member), date: op.date, amount: String(op.amount) };
    case "withdraw":
      return { type: "WithdrawSukarela", memberNo: memberNo(op.member), date: op.date, amount: String(op.amount) };
    case "wajib":
      return { type: "PayWajib", memberNo: memberNo(op.member), date: op.date, amount: String(op.amount) };
  }
};

const monthOf = (date: string) => date.slice(0, 7);

/** Runs a book year: opening, operations in date order with each month closed once passed, the year close, the RAT. */
const runYear = async (s: Scenario) => {
  const book = await makeTestBook({ today: "2027-02-20", savings: { pokok: "1", wajibMonthly: "0", sukarela: { ratePerYear: "0.03" } } });
  await book.run({ type: "SetShuPolicy", date: "2026-01-01", ...s.policy });
  let kas = 200_000_000n;
  for (const [i, o] of s.opening.entries()) {
    await book.run({
      type: "RecordOpeningMember",
      memberNo: memberNo(i + 1),
      date: "2026-01-01",
      joinedOn: "2025-01-01",
      identity: identity(i + 1),
      pokok: String(o.pokok),
      wajib: String(o.wajib),
      sukarela: String(o.sukarela),
    });
    kas += BigInt(o.pokok + o.wajib + o.sukarela);
  }
  await book.run({
    type: "RecordOpeningBalances",
    date: "2026-01-01",
    memo: "saldo awal",
    lines: [
      { account: A.kas, debit: String(kas - 200_000_000n), unit: "USP" },
      { account: A.kas, debit: "200000000", unit: "TOKO" },
      { account: A.hibah, credit: "200000000", unit: "TOKO" },
    ],
  });
  await book.run({ type: "AddItem", code: "BERAS", name: "Beras", unit: "kg", quantityScale: 0, price: "13000", memberPrice: "12500" });
  await book.run({ type: "AddSupplier", code: "BULOG", name: "Bulog" });
  await book.run({
    type: "PurchaseStock",
    purchaseId: "B0",
    supplier: "BULOG",
    date: "2026-01-01",
    payment: "cash",
    lines: [{ item: "BERAS", quantity: "1000", cost: "11000000" }],
  });
  // A member buys at least once, so jasa usaha has a basis.
  await book.run({
    type: "RecordSale",
    saleId: "S-first",
    date: "2026-01-02",
    memberNo: "M1",
    payment: "cash",
    lines: [{ item: "BERAS", quantity: "2" }],
  });
  const ops = s.operations.map((op, i) => ({ op, i })).sort((a, b) => (a.op.date < b.op.date ? -1 : a.op.date > b.op.date ? 1 : a.i - b.i));
  let closed = 0;
  const closeUpTo = async (month: number) => {
    while (closed < month) {
      closed += 1;
      await book.run({ type: "CloseMonth", month: `2026-${String(closed).padStart(2, "0")}` });
    }
  };
  for (const { op, i } of ops) {
    await closeUpTo(Number(op.date.slice(5, 7)) - 1);
    const outcome = await Effect.runPromiseExit(book.executor.execute(book.bookId, [commandOf(op, i)]));
    // A withdrawal beyond the balance is refused; the rest is accepted.
    if (outcome._tag === "Failure" && op.kind !== "withdraw") throw new Error(`refused: ${JSON.stringify(op)} ${String(outcome.cause)}`);
  }
  await closeUpTo(12);
  if (s.correction !== undefined) {
    await book.run({ type: "ReopenMonth", month: "2026-12", reason: "koreksi auditor" });
    await book.run({
      type: "PostJournal",
      date: "2026-12-31",
      memo: "koreksi",
      lines: [
        { account: A.bebanListrik, debit: String(s.correction), unit: "TOKO" },
        { account: A.kas, credit: String(s.correction), unit: "TOKO" },
      ],
    });
    await book.run({ type: "CloseMonth", month: "2026-12" });
  }
  const closedAt = book.events().length;
  const distribution = await Effect.runPromiseExit(
    book.executor.execute(book.bookId, [{ type: "DistributeShu", year: "2026", date: "2027-01-25", payout: s.payout }]),
  );
  return { book, closedAt, distributed: distribution._tag === "Success", distribution };
};

const sum = (values: Iterable<bigint>) => [...values].reduce((a, b) => a + b, 0n);

describe("tutup buku, over random book years", () => {
  it("closes every Pendapatan and Beban account, shares the SHU exactly, balances at every date and replays", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { book, closedAt, distributed, distribution } = await runYear(s);
        const events = book.events();
        const state = (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;
        const closedYear = events.slice(0, closedAt);
        expectSnapshotsHold(state.config, events);

        // After the year close, no Pendapatan or Beban account has a balance at 31 December.
        const tb = trialBalance(state, closedYear, { asOf: "2026-12-31" });
        expect(tb.rows.filter((r) => r.kind === "pendapatan" || r.kind === "beban")).toEqual([]);
        const record = state.closing.years.get("2026");
        expect(record).toBeDefined();
        // The year's SHU is what the laporan hasil usaha says, member and non-member apart.
        const result = resultOfOperations(state, events, "2026");
        expect(result.shu.currentMinor).toBe((record?.memberShuMinor ?? 0n) + (record?.nonMemberShuMinor ?? 0n));
        expect(result.shuAnggota.currentMinor).toBe(record?.memberShuMinor);
        expect(result.shuNonAnggota.currentMinor).toBe(record?.nonMemberShuMinor);

        if (distributed) {
          const run = events.slice(closedAt);
          const head = run[0] as LedgerEvent & { type: "ShuDistributed" };
          expect(sum(head.data.pools.map((p) => p.memberMinor))).toBe(record?.memberShuMinor);
          expect(sum(head.data.pools.map((p) => p.nonMemberMinor))).toBe(record?.nonMemberShuMinor);
          const shares = run.filter((e): e is LedgerEvent & { type: "ShuShareAllocated" } => e.type === "ShuShareAllocated");
          const pool = (name: string) => head.data.pools.find((p) => p.pool === name)?.memberMinor;
          expect(sum(shares.map((e) => e.data.jasaModalMinor))).toBe(pool("jasaModal"));
          expect(sum(shares.map((e) => e.data.jasaUsahaMinor))).toBe(pool("jasaUsaha"));
          for (const part of head.data.usageParts) {
            expect(sum(shares.map((e) => e.data.usage.find((u) => u.measure === part.measure)?.amountMinor ?? 0n))).toBe(part.poolMinor);
          }
          for (const e of shares) expect(e.data.totalMinor).toBe(e.data.jasaModalMinor + e.data.jasaUsahaMinor);
          expect(state.accounts.get(A.shuBelumDibagi)?.balanceMinor).toBe(0n);
        } else {
          // The only refusal a sound year can meet: no member SHU to share.
          expect(JSON.stringify(distribution)).toContain("no-surplus");
          expect((record?.memberShuMinor ?? 0n) <= 0n).toBe(true);
        }

        // Assets = liabilities + equity at the end of every day with an event, per unit and consolidated.
        for (const date of new Set(events.map((e) => e.date))) {
          for (const unit of [undefined, ...UNITS]) {
            const p = positionAt(state, events, date, unit);
            expect(p.totalAset, `${date} ${unit}`).toBe(p.totalKewajiban + p.totalEkuitas);
          }
        }
        const position = financialPosition(state, events, "2026");
        expect(position.totalAset.currentMinor).toBe(position.totalKewajiban.currentMinor + position.totalEkuitas.currentMinor);

        // Interim statements: the year end is the year's statement, and the four quarters add up to the year.
        expect(financialPositionAt(state, events, "2026-12-31")).toEqual(position);
        const quarters = [
          ["2026-01-01", "2026-03-31"],
          ["2026-04-01", "2026-06-30"],
          ["2026-07-01", "2026-09-30"],
          ["2026-10-01", "2026-12-31"],
        ].map(([from, to]) => resultOfOperationsFor(state, events, { from: from as string, to: to as string }));
        for (const total of ["totalPendapatan", "totalBeban", "shuSebelumPajak", "pajakPenghasilan", "shu"] as const) {
          expect(sum(quarters.map((q) => q[total].currentMinor)), total).toBe(result[total].currentMinor);
        }
        for (const line of [...result.pendapatan, ...result.beban]) {
          const inQuarters = quarters.map((q) => [...q.pendapatan, ...q.beban].find((l) => l.code === line.code));
          expect(sum(inQuarters.map((l) => l?.anggotaMinor ?? 0n)), line.code).toBe(line.anggotaMinor);
          expect(sum(inQuarters.map((l) => l?.nonAnggotaMinor ?? 0n)), line.code).toBe(line.nonAnggotaMinor);
          expect(sum(inQuarters.map((l) => l?.umumMinor ?? 0n)), line.code).toBe(line.umumMinor);
        }
        const half = resultOfOperationsFor(state, events, { from: "2026-01-01", to: "2026-06-30" });
        expect(half.shu.currentMinor).toBe((quarters[0]?.shu.currentMinor ?? 0n) + (quarters[1]?.shu.currentMinor ?? 0n));
        // The quarters' cash flows chain (each closes where the next opens) and add up to the year's, line by line.
        const yearFlow = cashFlowStatement(state, events, "2026").current;
        const flows = ["03-31", "06-30", "09-30", "12-31"].map(
          (end, i) =>
            cashFlowStatementFor(state, events, { from: `2026-${["01-01", "04-01", "07-01", "10-01"][i]}`, to: `2026-${end}` }).current,
        );
        expect(flows[0]?.openingCashMinor).toBe(yearFlow.openingCashMinor);
        for (let i = 1; i < 4; i++) expect(flows[i]?.openingCashMinor).toBe(flows[i - 1]?.closingCashMinor);
        expect(flows[3]?.closingCashMinor).toBe(yearFlow.closingCashMinor);
        for (const line of yearFlow.lines) {
          const parts = flows.map((f) => f.lines.find((l) => l.code === line.code));
          expect(sum(parts.map((l) => l?.inMinor ?? 0n)), line.code).toBe(line.inMinor);
          expect(sum(parts.map((l) => l?.outMinor ?? 0n)), line.code).toBe(line.outMinor);
        }
        // Read as a store reads them (totals before, the entries that move cash since), the same cash flows.
        const read = (reads: LogReads) => readsOf(events, reads);
        for (const options of [{}, ...UNITS.map((unit) => ({ unit }))]) {
          expect(cashFlowStatement(state, read(cashFlowReads(state, "2026", options)), "2026", options)).toEqual(
            cashFlowStatement(state, events, "2026", options),
          );
          const quarter = { from: "2026-04-01", to: "2026-06-30" };
          expect(cashFlowStatementFor(state, read(cashFlowReadsFor(quarter, options)), quarter, options)).toEqual(
            cashFlowStatementFor(state, events, quarter, options),
          );
        }
        const atQuarter = financialPositionAt(state, events, "2026-03-31");
        expect(atQuarter.asOf).toEqual({ current: "2026-03-31", prior: "2025-12-31" });
        expect(atQuarter.totalAset.currentMinor).toBe(atQuarter.totalKewajiban.currentMinor + atQuarter.totalEkuitas.currentMinor);

        // The cash flow takes opening cash to closing cash, exactly, per unit and consolidated.
        for (const unit of [undefined, ...UNITS]) {
          const flow = cashFlowStatement(state, events, "2026", unit === undefined ? {} : { unit }).current;
          const lines = sum(flow.lines.map((l) => l.inMinor - l.outMinor));
          expect(flow.openingCashMinor + lines).toBe(flow.closingCashMinor);
          expect(sum(Object.values(flow.netByActivity))).toBe(lines);
          const cash = trialBalance(state, events, { asOf: "2026-12-31", ...(unit === undefined ? {} : { unit }) }).rows.find(
            (r) => r.code === A.kas,
          );
          expect(flow.closingCashMinor).toBe(cash?.balanceMinor ?? 0n);
        }

        // Replay reproduces the closing and the SHU exactly.
        expect(snapshot(replay(events))).toBe(snapshot(state));

        // Nothing ever posted into a month already closed when it was written.
        let closedThrough = "";
        for (const e of events) {
          if (e.postings.length > 0) expect(monthOf(e.date) > closedThrough, `#${e.seq} ${e.type} ${e.date}`).toBe(true);
          if (e.type === "MonthClosed") closedThrough = e.data.month;
          if (e.type === "MonthReopened")
            closedThrough = `${e.data.month.slice(0, 4)}-${String(Number(e.data.month.slice(5)) - 1).padStart(2, "0")}`;
        }
        const late = await book.reject({ type: "DepositSukarela", memberNo: "M1", date: "2026-06-15", amount: "1000" });
        expect(late.tag).toBe("PeriodClosed");
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
