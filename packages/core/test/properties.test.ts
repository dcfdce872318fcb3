/**
 * Property tests of the ledger's invariants over random command sequences run through the executor
 * and the in-memory store. FC_RUNS raises the number of runs for a long soak (`FC_RUNS=2000 npm test`).
 */
import { Effect, Exit } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import { addMonthsTo, lastDayOf, monthOf, nextDay } from "../src/dates.js";
import type { BookState, LedgerEvent, SukarelaRateStep } from "../src/model.js";
import { changeSukarelaRate, sukarelaTermsIn } from "../src/savings.js";
import { trialBalanceNet, unreconciledSubledgers } from "../src/state.js";
import { replay, verifyLog } from "../src/verify.js";
import { type AssetOp, assetCommand, assetOps, expectRegisterTied } from "./asset-ops.js";
import { identity, makeTestBook, snapshot, type TestBook } from "./helpers.js";

const RUNS = Number(process.env.FC_RUNS ?? 60);

type Op =
  | { kind: "advance"; days: number }
  | { kind: "join"; member: number; back: number }
  | { kind: "wajib" | "deposit" | "withdraw"; member: number; amount: number; back: number }
  | { kind: "resign"; member: number }
  | { kind: "journal"; amount: number; back: number }
  | { kind: "close" }
  | { kind: "reopen" }
  | { kind: "reverse"; pick: number }
  | { kind: "rate"; ahead: number; rate: string; tiers: Array<{ from: number; rate: string }> | undefined }
  | AssetOp
  | { kind: "retry" };

const memberArb = fc.integer({ min: 1, max: 6 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 25 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("join" as const), member: memberArb, back: fc.integer({ min: 0, max: 10 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom("wajib" as const, "deposit" as const, "withdraw" as const),
      member: memberArb,
      amount: fc.integer({ min: 1, max: 2_000_000 }),
      back: fc.integer({ min: 0, max: 10 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("resign" as const), member: memberArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("journal" as const),
      amount: fc.integer({ min: 1, max: 500_000 }),
      back: fc.integer({ min: 0, max: 5 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "close" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reverse" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("rate" as const),
      // From the first open month or up to two after it, or (-1) the last closed month, which is refused.
      ahead: fc.integer({ min: -1, max: 2 }),
      rate: fc.constantFrom("0", "0.02", "0.05", "0.1225", "1.5"),
      // Tiers (bunga berjenjang) from a balance up, ascending; none ends the tiers in force.
      tiers: fc.option(
        fc
          .array(fc.record({ from: fc.integer({ min: 0, max: 3_000_000 }), rate: fc.constantFrom("0", "0.03", "0.08", "0.2") }), {
            maxLength: 3,
          })
          .map((tiers) => tiers.sort((a, b) => a.from - b.from)),
        { nil: undefined, freq: 2 },
      ),
    }),
  },
  ...assetOps({
    assets: 4,
    maxCost: 50_000_000,
    maxLife: 24,
    when: { min: 0, max: 10 },
    weights: { asset: 2, dispose: 1, cancel: 1, impair: 1, recover: 1 },
  }),
  { weight: 1, arbitrary: fc.constant({ kind: "retry" as const }) },
);

interface Harness {
  book: TestBook;
  today: string;
  lastCommand: unknown;
  lastEvents: ReadonlyArray<LedgerEvent>;
  closedSnapshots: Map<string, string>;
}

const minusDays = (date: string, days: number, floor: string): string => {
  let d = floor;
  // Walk forward from the floor; dates are few, so this stays cheap and exact.
  const candidates: string[] = [];
  while (d <= date) {
    candidates.push(d);
    d = nextDay(d);
  }
  return candidates[Math.max(0, candidates.length - 1 - days)] ?? date;
};

const state = async (h: Harness) => (await Effect.runPromise(h.book.executor.state(h.book.bookId))) as BookState;

/** The postings dated in or before a month: a closed month's picture. */
const postingsThrough = (events: ReadonlyArray<LedgerEvent>, month: string) =>
  snapshot(events.filter((e) => monthOf(e.date) <= month).flatMap((e) => e.postings.map((p) => [e.seq, e.date, p])));

const commandFor = async (h: Harness, op: Op): Promise<unknown | undefined> => {
  const s = await state(h);
  const openFrom = s.closedThrough === undefined ? s.config.startDate : `${addMonthsTo(s.closedThrough, 1)}-01`;
  const date = (back: number) => minusDays(h.today, back, openFrom > h.today ? h.today : openFrom);
  const memberNo = (n: number) => `A${String(n).padStart(3, "0")}`;
  switch (op.kind) {
    case "advance":
      return undefined;
    case "join":
      return { type: "RegisterMember", memberNo: memberNo(op.member), date: date(op.back), identity: identity(op.member) };
    case "wajib":
      return { type: "PayWajib", memberNo: memberNo(op.member), date: date(op.back), amount: String(op.amount) };
    case "deposit":
      return { type: "DepositSukarela", memberNo: memberNo(op.member), date: date(op.back), amount: String(op.amount) };
    case "withdraw":
      return { type: "WithdrawSukarela", memberNo: memberNo(op.member), date: date(op.back), amount: String(op.amount) };
    case "resign":
      return { type: "ResignMember", memberNo: memberNo(op.member), date: h.today };
    case "journal":
      return {
        type: "PostJournal",
        date: date(op.back),
        memo: "biaya",
        lines: [
          { account: ACCOUNTS.bebanAtk, debit: String(op.amount), unit: "TOKO" },
          { account: ACCOUNTS.rekeningAntarUnit, credit: String(op.amount), unit: "TOKO" },
          { account: ACCOUNTS.rekeningAntarUnit, debit: String(op.amount), unit: "USP" },
          { account: ACCOUNTS.kas, credit: String(op.amount), unit: "USP" },
        ],
      };
    case "close":
      return { type: "CloseMonth", month: s.closedThrough === undefined ? monthOf(s.config.startDate) : addMonthsTo(s.closedThrough, 1) };
    case "reopen":
      return { type: "ReopenMonth", month: s.closedThrough ?? "2026-01", reason: "koreksi" };
    case "rate":
      return {
        type: "ChangeSukarelaRate",
        date: h.today,
        fromMonth: addMonthsTo(monthOf(openFrom), op.ahead),
        ratePerYear: op.rate,
        ...(op.tiers === undefined ? {} : { tiers: op.tiers.map((t) => ({ from: String(t.from), ratePerYear: t.rate })) }),
      };
    case "reverse": {
      const candidates = h.book
        .events()
        .filter((e) => ["JournalPosted", "SukarelaDeposited", "WajibPaid", "SukarelaWithdrawn"].includes(e.type));
      const target = candidates[op.pick % Math.max(1, candidates.length)];
      return target === undefined ? undefined : { type: "ReverseEntry", seq: target.seq, date: h.today, reason: "koreksi" };
    }
    case "asset":
    case "dispose":
    case "cancel":
    case "impair":
    case "recover":
      // `when` counts days back from today, within the open period.
      return assetCommand(op, date(op.when), s);
    case "retry":
      return h.lastCommand;
  }
};

const checkInvariants = async (h: Harness) => {
  const events = h.book.events();
  const s = await state(h);
  // Every entry balances, in total and within each unit.
  for (const event of events) {
    const perUnit = new Map<string, bigint>();
    for (const p of event.postings) perUnit.set(p.unit, (perUnit.get(p.unit) ?? 0n) + p.amount);
    for (const sum of perUnit.values()) expect(sum).toBe(0n);
  }
  // The trial balance nets to zero; every sub-ledger equals its control account.
  expect(trialBalanceNet(s)).toBe(0n);
  expect(unreconciledSubledgers(s)).toEqual([]);
  // The fixed-asset register ties to its accounts (nothing else posts to them here).
  expectRegisterTied(s, events);
  // Replay from the log alone gives the identical state and head hash.
  const replayed = replay(events) as BookState;
  expect(replayed.hash).toBe(s.hash);
  expect(snapshot(replayed)).toBe(snapshot(s));
  // Each month's jasa, with what earlier closes of the month paid, is its last basis at the rate in force
  // for the month when it was paid (daily balance, actual/365, rounded down). With tiers, each day's
  // balance earns its tier's rate: the jasa lies between the basis at the lowest and at the highest.
  // The changes of rate so far (before any, the book's own rate and tiers).
  const rates: Array<SukarelaRateStep> = [];
  const paid = new Map<string, bigint>();
  for (const event of events) {
    if (event.type === "SukarelaRateChanged") changeSukarelaRate(rates, event.data);
    if (event.type !== "JasaSimpananPosted") continue;
    const { month, memberNo, basisMinor, grossMinor } = event.data;
    const key = `${month} ${memberNo}`;
    const total = (paid.get(key) ?? 0n) + grossMinor;
    paid.set(key, total);
    const terms = sukarelaTermsIn({ sukarelaRates: rates, config: s.config }, month);
    const at = (rate: string) => {
      const [whole, fraction = ""] = rate.split(".");
      return (basisMinor * BigInt(`${whole}${fraction}`)) / (10n ** BigInt(fraction.length) * 365n);
    };
    if (terms.tiers.length === 0) expect(total).toBe(at(terms.ratePerYear));
    else {
      const earned = [terms.ratePerYear, ...terms.tiers.map((t) => t.ratePerYear)].map(at);
      expect(total >= earned.reduce((a, b) => (a < b ? a : b))).toBe(true);
      expect(total <= earned.reduce((a, b) => (a > b ? a : b))).toBe(true);
    }
  }
  // A closed month never changes.
  for (const [month, picture] of h.closedSnapshots) {
    if (s.closedThrough !== undefined && month <= s.closedThrough && s.reopenedMonth !== month) {
      expect(postingsThrough(events, month)).toBe(picture);
    }
  }
  if (s.closedThrough !== undefined) h.closedSnapshots.set(s.closedThrough, postingsThrough(events, s.closedThrough));
  for (const month of [...h.closedSnapshots.keys()])
    if (s.closedThrough === undefined || month > s.closedThrough) h.closedSnapshots.delete(month);
};

describe("ledger invariants over random command sequences", () => {
  it("hold after every command", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 60, size: "max" }), async (ops) => {
        // The book starts with a tier (8% from Rp1.000.000); a change of rate keeps its own tiers or none.
        const book = await makeTestBook({
          today: "2026-01-01",
          savings: { sukarela: { ratePerYear: "0.05", minimumBalance: "10000", tiers: [{ from: "1000000", ratePerYear: "0.08" }] } },
        });
        const h: Harness = { book, today: "2026-01-01", lastCommand: undefined, lastEvents: [], closedSnapshots: new Map() };
        for (const op of ops) {
          if (op.kind === "advance") {
            for (let i = 0; i < op.days; i++) h.today = nextDay(h.today);
            book.clock.setDate(h.today);
            continue;
          }
          const command = await commandFor(h, op);
          if (command === undefined) continue;
          const eventsBefore = book.events().length;
          const stateBefore = snapshot(await state(h));
          const keyed = op.kind === "retry" ? command : { ...(command as object), key: `k-${eventsBefore}-${ops.indexOf(op)}` };
          const exit = await Effect.runPromiseExit(book.executor.execute(book.bookId, [keyed]));
          if (Exit.isSuccess(exit)) {
            const outcome = exit.value[0];
            if (op.kind === "retry") {
              // The same key with the same bytes: nothing written, the first events returned.
              expect(outcome?.replayed).toBe(true);
              expect(book.events().length).toBe(eventsBefore);
              expect(snapshot(outcome?.events)).toBe(snapshot(h.lastEvents));
            } else {
              expect(outcome?.replayed).toBe(false);
              h.lastCommand = keyed;
              h.lastEvents = outcome?.events ?? [];
            }
          } else {
            // A rejected command is a typed refusal, never a defect, and leaves state and log untouched.
            const reason = exit.cause.reasons[0];
            expect(reason !== undefined && "error" in reason, String(exit.cause)).toBe(true);
            expect(book.events().length).toBe(eventsBefore);
            expect(snapshot(await state(h))).toBe(stateBefore);
          }
          await checkInvariants(h);
        }
        const report = verifyLog(book.events(), await Effect.runPromise(book.store.projection(book.bookId)));
        expect(report.problem).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it("a month's close is the same whether its days are replayed or lived", async () => {
    // The fold keeps a closed month's days for a possible reopening: replay must rebuild them exactly.
    const book = await makeTestBook({ today: "2026-03-05", savings: { sukarela: { ratePerYear: "0.05" } } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-03", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "1000000" });
    await book.run({ type: "CloseMonth", month: "2026-01" });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-02-03", amount: "1000000" });
    await book.run({ type: "CloseMonth", month: "2026-02" });
    const live = (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;
    expect(snapshot(replay(book.events()))).toBe(snapshot(live));
    expect(lastDayOf("2026-02")).toBe("2026-02-28");
  });
});
