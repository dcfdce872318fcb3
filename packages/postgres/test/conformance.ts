/**
 * The LedgerStore conformance suite: the same tests, unchanged, against every store (in memory,
 * PGlite, a PostgreSQL server). A store passes when the engine cannot tell it from the in-memory one.
 */
import {
  ACCOUNTS,
  type BookState,
  boundsOf,
  budgetRealization,
  budgetRealizationFilters,
  type CommandOutcome,
  cashFlowReads,
  cashFlowReadsFor,
  cashFlowStatement,
  cashFlowStatementFor,
  changesInEquity,
  changesInEquityFilters,
  copyBook,
  divideRounded,
  EVENT_TYPES,
  financialPositionAt,
  financialPositionFilters,
  fixedAssetsAt,
  fixedAssetsAtEvents,
  generalLedger,
  generalLedgerEvents,
  grossMargin,
  healthIndicators,
  healthReads,
  type IdempotencyRecord,
  inventoryValuation,
  inventoryValuationReads,
  isSelected,
  JASA_WITHHOLDING_EVENTS,
  jasaWithholding,
  journal,
  journalEvents,
  type LedgerEvent,
  type LedgerStoreShape,
  type LogReads,
  type LogSelection,
  loanStatement,
  loanStatementEvents,
  makeExecutor,
  makeMemoryStore,
  memberPurchases,
  memberStatement,
  memberStatementEvents,
  notesReads,
  notesSummary,
  postingTotalsOf,
  type RetailEventData,
  ratStatements,
  ratStatementsReads,
  readAll,
  readFor,
  readsOf,
  receivableAging,
  receivableAgingEvents,
  replay,
  resultOfOperations,
  resultOfOperationsFilters,
  resultOfOperationsFor,
  resultOfOperationsForFilters,
  StoreFailure,
  salesEvents,
  sealEvent,
  shuTable,
  shuTableEvents,
  stockCard,
  stockCardEvents,
  stockCardSinceEvents,
  type TotalsFilter,
  timeDepositsAt,
  timeDepositsAtEvents,
  trialBalance,
  trialBalanceFilters,
  verifyLog,
} from "@lumbung/core";
import { Cause, Effect, Exit } from "effect";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTheYear, everyEventType, identity, seededHex, TestClock } from "../../core/test/helpers.js";

export interface StoreUnderTest {
  readonly store: LedgerStoreShape;
  close(): Promise<void>;
}

/** A book whose log holds every event type, and a second book beside it. */
/** Every event type, on one book: also the shop scenario the SQL projections are checked against. */
export const scenario = async (store: LedgerStoreShape, bookId: string, options: { closeYear?: boolean } = {}) => {
  const clock = new TestClock(new Date());
  clock.setDate("2026-03-10");
  const executor = makeExecutor({ store, clock, randomHex: seededHex(bookId) });
  const run = async (command: unknown): Promise<CommandOutcome> =>
    (await Effect.runPromise(executor.execute(bookId, [command])))[0] as CommandOutcome;
  await run({
    type: "OpenBook",
    bookId,
    name: `Koperasi ${bookId}`,
    startDate: "2026-01-01",
    // The second book costs its shop first in, first out.
    ...(bookId === "kop-b" ? { shop: { costing: "fifo" } } : {}),
    savings: { sukarela: { ratePerYear: "0.04" } },
  });
  await everyEventType(run);
  if (options.closeYear === true) await closeTheYear(run, (date) => clock.setDate(date));
  return { executor, clock };
};

export const defineConformance = (name: string, make: () => Promise<StoreUnderTest>) => {
  describe(`LedgerStore conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    let events: LedgerEvent[];
    const book = "kop-a";

    beforeAll(async () => {
      subject = await make();
      await scenario(subject.store, book);
      await scenario(subject.store, "kop-b", { closeYear: true });
      events = await Effect.runPromise(readAll(subject.store, book));
    });
    afterAll(async () => {
      await subject?.close();
    });

    it("keeps a gapless, hash-chained log that verifies against the store's own balances", async () => {
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const report = verifyLog(events, await Effect.runPromise(subject.store.projection(book)));
      expect(report.problem).toBeUndefined();
      expect(report.ok).toBe(true);
      // The second book went through the year close and the RAT's SHU.
      const closed = await Effect.runPromise(readAll(subject.store, "kop-b"));
      expect(new Set(closed.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
      expect(verifyLog(closed, await Effect.runPromise(subject.store.projection("kop-b"))).ok).toBe(true);
    });

    it("opens a book at its head in exactly the state a replay of its log gives", async () => {
      const opened = await Effect.runPromise(subject.store.open(book));
      expect(opened).toEqual(replay(events));
      const fifo = await Effect.runPromise(subject.store.open("kop-b"));
      expect(fifo?.config.shop).toEqual({ costing: "fifo" });
      expect(fifo).toEqual(replay(await Effect.runPromise(readAll(subject.store, "kop-b"))));
      expect(await Effect.runPromise(subject.store.open("kop-none"))).toBeUndefined();
    });

    it("sums postings per span, account, unit and party exactly as the log does, and the statements read them alike", async () => {
      const closed = await Effect.runPromise(readAll(subject.store, "kop-b"));
      const state = (await Effect.runPromise(subject.store.open("kop-b"))) as BookState;
      const totals = (bounds: string[], through?: number) => Effect.runPromise(subject.store.postingTotals("kop-b", bounds, through));
      // Unsorted, repeated, a bound before the book, between dates, on the year's end and after it.
      const bounds = ["2027-01-01", "2026-03-01", "2025-06-30", "2026-03-01", "2026-03-06", "2027-01-16"];
      const summed = await totals(bounds);
      expect(summed).toEqual(postingTotalsOf(closed, bounds));
      expect(summed.bounds).toEqual(["2025-06-30", "2026-03-01", "2026-03-06", "2027-01-01", "2027-01-16"]);
      expect(new Set(summed.rows.map((r) => r.span)).size).toBeGreaterThan(2);
      expect(summed.rows.some((r) => r.closing)).toBe(true);
      expect(await totals([])).toEqual(postingTotalsOf(closed, []));
      expect(await totals(bounds, 40)).toEqual(postingTotalsOf(closed.slice(0, 40), bounds));
      expect(await Effect.runPromise(subject.store.postingTotals("kop-none", bounds))).toEqual({
        bounds: summed.bounds,
        subledgers: [],
        rows: [],
      });
      // Split by sub-ledger key on the accounts asked (unsorted, repeated, one with no postings), the
      // others as before; through an event too.
      const split = [ACCOUNTS.simpananSukarela, ACCOUNTS.piutangPinjaman, ACCOUNTS.simpananSukarela, "9999"];
      const bySub = await Effect.runPromise(subject.store.postingTotals("kop-b", bounds, undefined, split));
      expect(bySub).toEqual(postingTotalsOf(closed, bounds, split));
      expect(bySub.subledgers).toEqual([ACCOUNTS.piutangPinjaman, ACCOUNTS.simpananSukarela, "9999"]);
      expect(new Set(bySub.rows.filter((r) => r.account === ACCOUNTS.simpananSukarela).map((r) => r.sub))).toEqual(
        new Set(["A000", "A001", "A002"]),
      );
      expect(bySub.rows.filter((r) => r.account === ACCOUNTS.simpananPokok).every((r) => r.sub === undefined)).toBe(true);
      expect(bySub.rows.filter((r) => r.account !== ACCOUNTS.simpananSukarela && r.account !== ACCOUNTS.piutangPinjaman)).toEqual(
        summed.rows.filter((r) => r.account !== ACCOUNTS.simpananSukarela && r.account !== ACCOUNTS.piutangPinjaman),
      );
      expect(await Effect.runPromise(subject.store.postingTotals("kop-b", bounds, 40, split))).toEqual(
        postingTotalsOf(closed.slice(0, 40), bounds, split),
      );
      // A bound that is not a date is the caller's mistake, on every store.
      const bad = await Effect.runPromiseExit(subject.store.postingTotals("kop-b", ["2026-13-01"]));
      expect(Exit.isFailure(bad) && Cause.pretty(bad.cause)).toMatch(/bound "2026-13-01" is not a date/);
      // Over every span the sums are the store's own balances.
      const net = new Map<string, bigint>();
      for (const r of (await totals([])).rows) net.set(r.account, (net.get(r.account) ?? 0n) + r.debitMinor - r.creditMinor);
      const balances = (await Effect.runPromise(subject.store.projection("kop-b")))?.balances ?? new Map();
      expect(new Map([...net].filter(([, v]) => v !== 0n))).toEqual(new Map([...balances].filter(([, v]) => v !== 0n)));
      // The statements from the store's totals are the statements from the log.
      const at = async (filters: TotalsFilter[]) => totals(boundsOf(...filters));
      for (const asOf of ["2026-03-05", "2026-12-31", "2027-01-31"]) {
        expect(trialBalance(state, await at(trialBalanceFilters({ asOf })), { asOf })).toEqual(trialBalance(state, closed, { asOf }));
        expect(financialPositionAt(state, await at(financialPositionFilters(asOf)), asOf)).toEqual(
          financialPositionAt(state, closed, asOf),
        );
      }
      expect(trialBalance(state, await at(trialBalanceFilters({ asOf: "2026-12-31" })), { asOf: "2026-12-31", unit: "TOKO" })).toEqual(
        trialBalance(state, closed, { asOf: "2026-12-31", unit: "TOKO" }),
      );
      for (const year of ["2026", "2027"]) {
        expect(resultOfOperations(state, await at(resultOfOperationsFilters(state, year)), year)).toEqual(
          resultOfOperations(state, closed, year),
        );
        expect(changesInEquity(state, await at(changesInEquityFilters(state, year)), year)).toEqual(changesInEquity(state, closed, year));
        expect(budgetRealization(state, await at(budgetRealizationFilters(state, year)), year)).toEqual(
          budgetRealization(state, closed, year),
        );
      }
      const quarter = { from: "2026-01-01", to: "2026-03-31" };
      expect(resultOfOperationsFor(state, await at(resultOfOperationsForFilters(quarter)), quarter)).toEqual(
        resultOfOperationsFor(state, closed, quarter),
      );
    });

    it("reads the events a selection takes exactly as the log holds them, and the reports read them alike", async () => {
      const closed = await Effect.runPromise(readAll(subject.store, "kop-b"));
      const state = (await Effect.runPromise(subject.store.open("kop-b"))) as BookState;
      const selected = (selection: LogSelection, through?: number) =>
        Effect.runPromise(subject.store.readSelected("kop-b", selection, through));
      const selections: LogSelection[] = [
        memberStatementEvents({ memberNo: "A001", to: "2026-12-31" }),
        generalLedgerEvents({ account: ACCOUNTS.kas, to: "2027-01-31" }),
        loanStatementEvents("P-1"),
        journalEvents({ from: "2026-02-01", to: "2026-03-05" }),
        salesEvents({ from: "2026-01-01", to: "2026-12-31" }),
        receivableAgingEvents({ asOf: "2026-12-31" }),
        stockCardEvents({ to: "2026-03-31" }),
        fixedAssetsAtEvents("2026-12-31"),
        timeDepositsAtEvents("2026-12-31"),
        JASA_WITHHOLDING_EVENTS,
        shuTableEvents("2026"),
        ...cashFlowReadsFor({ from: "2027-01-10", to: "2027-01-20" }).selections,
        // Every criterion at once: a member's sukarela deposits in a period.
        {
          types: ["SukarelaDeposited"],
          from: "2026-01-01",
          through: "2027-01-31",
          data: { memberNo: "A002" },
          postedTo: { accounts: [ACCOUNTS.simpananSukarela], sub: "A002" },
        },
      ];
      for (const selection of selections) {
        const events = await selected(selection);
        expect(events).toEqual(closed.filter((e) => isSelected(e, selection)));
        // Each takes some of the log and leaves some.
        expect(events.length).toBeGreaterThan(0);
        expect(events.length).toBeLessThan(closed.length);
        expect(await selected(selection, 40)).toEqual(closed.filter((e) => e.seq <= 40 && isSelected(e, selection)));
      }
      expect(await selected({ postedTo: { accounts: ["9999"] } })).toEqual([]);
      expect(await selected({ data: { loanId: "nope" } })).toEqual([]);
      expect(await Effect.runPromise(subject.store.readSelected("kop-none", {}))).toEqual([]);
      expect(await selected({})).toEqual(closed);
      // A date that is not a date is the caller's mistake, on every store.
      const bad = await Effect.runPromiseExit(subject.store.readSelected("kop-b", { from: "2026-02-30" }));
      expect(Exit.isFailure(bad) && Cause.pretty(bad.cause)).toMatch(/"2026-02-30" is not a date/);
      // The reports from the selected events are the reports from the log.
      const period = { from: "2026-02-01", to: "2026-12-31" };
      const statement = { memberNo: "A001", ...period };
      expect(memberStatement(await selected(memberStatementEvents(statement)), statement)).toEqual(memberStatement(closed, statement));
      for (const account of [{ account: ACCOUNTS.kas }, { account: ACCOUNTS.simpananSukarela, sub: "A002" }]) {
        const options = { ...account, ...period };
        expect(generalLedger(state, await selected(generalLedgerEvents(options)), options)).toEqual(generalLedger(state, closed, options));
      }
      expect(loanStatement(await selected(loanStatementEvents("P-1")), "P-1")).toEqual(loanStatement(closed, "P-1"));
      expect(journal(state, await selected(journalEvents(period)), period)).toEqual(journal(state, closed, period));
      expect(grossMargin(await selected(salesEvents(period)), period)).toEqual(grossMargin(closed, period));
      expect(memberPurchases(await selected(salesEvents(period)), period)).toEqual(memberPurchases(closed, period));
      const asOf = { asOf: "2026-12-31" };
      expect(receivableAging(state, await selected(receivableAgingEvents(asOf)), asOf)).toEqual(receivableAging(state, closed, asOf));
      const card = { item: "BERAS", ...period };
      expect(stockCard(state, await selected(stockCardEvents(card)), card)).toEqual(stockCard(state, closed, card));
      // The opening from the state and the movements from the card's first day on: the same card, for
      // the rest of the year and for a month with movements after it.
      for (const since of [card, { item: "BERAS", from: "2026-03-01", to: "2026-03-31" }]) {
        const fromState = stockCard(state, await selected(stockCardSinceEvents(since)), { ...since, opening: "state" });
        expect(fromState).toEqual(stockCard(state, closed, since));
      }
      expect(fixedAssetsAt(await selected(fixedAssetsAtEvents("2026-06-30")), "2026-06-30")).toEqual(fixedAssetsAt(closed, "2026-06-30"));
      expect(timeDepositsAt(await selected(timeDepositsAtEvents("2026-06-30")), "2026-06-30")).toEqual(
        timeDepositsAt(closed, "2026-06-30"),
      );
      expect(shuTable(state, await selected(shuTableEvents("2026")), "2026")).toEqual(shuTable(state, closed, "2026"));
      expect(shuTable(state, closed, "2026")?.distributed).toBe(true);
      expect(jasaWithholding(await selected(JASA_WITHHOLDING_EVENTS), "2026-01", "2026-12")).toEqual(
        jasaWithholding(closed, "2026-01", "2026-12"),
      );
      // The cash flows from their reads (the cash before the prior period in totals, the entries that
      // move cash since) are the cash flows from the log: consolidated and per unit.
      const read = async (reads: LogReads) => {
        const result = await Effect.runPromise(readFor(subject.store, "kop-b", reads));
        expect(result).toEqual(readsOf(closed, reads));
        return result;
      };
      for (const options of [{}, { unit: "TOKO" }]) {
        for (const year of ["2026", "2027"]) {
          expect(cashFlowStatement(state, await read(cashFlowReads(state, year, options)), year, options)).toEqual(
            cashFlowStatement(state, closed, year, options),
          );
        }
        // A period whose year-earlier days start after the book did: the cash before them comes from the totals.
        const days = { from: "2027-01-10", to: "2027-01-20" };
        const flows = cashFlowStatementFor(state, await read(cashFlowReadsFor(days, options)), days, options);
        expect(flows).toEqual(cashFlowStatementFor(state, closed, days, options));
        if (options.unit === undefined) expect(flows.prior.openingCashMinor).not.toBe(0n);
      }
      // The notes, the health indicators, the stock's valuation, the RAT statements and the packs' reads
      // from their reads are the same as from the log.
      for (const asOf of ["2026-06-30", "2026-12-31", "2027-01-31"]) {
        expect(notesSummary(state, await read(notesReads(asOf)), asOf)).toEqual(notesSummary(state, closed, asOf));
        expect(inventoryValuation(state, await read(inventoryValuationReads({ asOf })), { asOf })).toEqual(
          inventoryValuation(state, closed, { asOf }),
        );
      }
      for (const year of ["2026", "2027"]) {
        expect(healthIndicators(state, await read(healthReads(state, year)), year)).toEqual(healthIndicators(state, closed, year));
        const statements = await read(ratStatementsReads(state, year));
        for (const options of [{}, { unit: "TOKO" }]) {
          expect(ratStatements(state, statements, year, options)).toEqual(ratStatements(state, closed, year, options));
        }
      }
      const notes = notesSummary(state, closed, "2026-12-31");
      expect(notes.savings.some((s) => s.members > 0) && notes.stock.length > 0 && notes.fixedAssets.length > 0).toBe(true);
      // Totals not summed per key where the notes need them are refused, naming the accounts.
      expect(() => notesSummary(state, { totals: postingTotalsOf(closed, ["2027-01-01"]), events: [] }, "2026-12-31")).toThrow(
        /not summed per sub-ledger key on 3101/,
      );
    });

    it("reads in pages, in order", async () => {
      const page = await Effect.runPromise(subject.store.read(book, 3, 4));
      expect(page.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
      expect(page).toEqual(events.slice(3, 7));
      expect(await Effect.runPromise(subject.store.read(book, events.length, 10))).toEqual([]);
    });

    it("refuses an append against a stale head with Conflict, and writes nothing", async () => {
      const head = events.length;
      const last = events[head - 1] as LedgerEvent;
      const exit = await Effect.runPromiseExit(
        subject.store.append({
          bookId: book,
          expectedSeq: head - 1,
          events: [{ ...last, key: "x" }],
          idempotency: [{ key: "x", digest: "d".repeat(64), firstSeq: head, lastSeq: head }],
          identities: [],
        }),
      );
      expect(Exit.isFailure(exit)).toBe(true);
      expect(JSON.stringify(exit)).toContain("Conflict");
      expect((await Effect.runPromise(readAll(subject.store, book))).length).toBe(head);
      expect(await Effect.runPromise(subject.store.lookup(book, "x"))).toBeUndefined();
    });

    it("refuses events that do not chain onto the head or onto each other, and writes nothing", async () => {
      const head = events.length;
      const last = events[head - 1] as LedgerEvent;
      const deposit = events.find((e) => e.key === "dep-2") as LedgerEvent;
      const envelope = (seq: number, key: string) => ({
        seq,
        version: deposit.version,
        recordedAt: deposit.recordedAt,
        key,
        actor: "test",
      });
      const attempt = (batch: LedgerEvent[]) =>
        Effect.runPromiseExit(
          subject.store.append({
            bookId: book,
            expectedSeq: head,
            events: batch,
            idempotency: [{ key: batch[0]?.key ?? "", digest: "d".repeat(64), firstSeq: head + 1, lastSeq: head + batch.length }],
            identities: [],
          }),
        );
      // Sealed properly, numbered after the head, but following the event before the head.
      const astray = sealEvent(deposit, envelope(head + 1, "astray"), last.prevHash);
      // The first follows the head; the second follows the first's predecessor instead of the first.
      const first = sealEvent(deposit, envelope(head + 1, "chained"), last.hash);
      const second = sealEvent(deposit, envelope(head + 2, "chained"), last.hash);
      for (const batch of [[astray], [first, second]]) {
        const exit = await attempt(batch);
        expect(Exit.isFailure(exit)).toBe(true);
        expect(JSON.stringify(exit)).toContain("StoreFailure");
        expect(JSON.stringify(exit)).not.toContain("Conflict");
        // Each store says which hash the batch followed (the server in SQLSTATE 23514's message).
        const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined;
        expect(error instanceof StoreFailure ? error.messageEn : "").toContain("follows hash");
      }
      expect((await Effect.runPromise(readAll(subject.store, book))).length).toBe(head);
      expect(await Effect.runPromise(subject.store.lookup(book, "astray"))).toBeUndefined();
      expect(await Effect.runPromise(subject.store.lookup(book, "chained"))).toBeUndefined();
      expect((await Effect.runPromise(subject.store.open(book)))?.hash).toBe(last.hash);
    });

    it("records idempotency: the same key and bytes replay, other bytes conflict", async () => {
      const recorded = await Effect.runPromise(subject.store.lookup(book, "dep-2"));
      expect(recorded).toMatchObject({ key: "dep-2" });
      const executor = makeExecutor({ store: subject.store, clock: { now: () => new Date("2026-03-10T05:00:00Z") } });
      const same = { type: "DepositSukarela", key: "dep-2", memberNo: "A001", date: "2026-01-04", amount: "300000" };
      const [outcome] = await Effect.runPromise(executor.execute(book, [same]));
      expect(outcome?.replayed).toBe(true);
      expect(outcome?.events).toEqual(events.filter((e) => e.key === "dep-2"));
      const other = await Effect.runPromiseExit(executor.execute(book, [{ ...same, amount: "1" }]));
      expect(JSON.stringify(other)).toContain("IdempotencyConflict");
      expect((await Effect.runPromise(readAll(subject.store, book))).length).toBe(events.length);
    });

    it("reads idempotency records by the range of their first event, one per command, covering every event once", async () => {
      const log = await Effect.runPromise(readAll(subject.store, book));
      const records = await Effect.runPromise(subject.store.readIdempotency(book, 0, log.length));
      let next = 1;
      for (const record of records) {
        expect(record.firstSeq).toBe(next);
        expect(log[record.firstSeq - 1]?.key).toBe(record.key);
        expect(log[record.lastSeq - 1]?.key).toBe(record.key);
        next = record.lastSeq + 1;
      }
      expect(next).toBe(log.length + 1);
      const some = records[7] as IdempotencyRecord;
      expect(await Effect.runPromise(subject.store.lookup(book, some.key))).toEqual(some);
      expect(await Effect.runPromise(subject.store.readIdempotency(book, some.firstSeq - 1, some.firstSeq))).toEqual([some]);
      expect(await Effect.runPromise(subject.store.readIdempotency(book, some.firstSeq, some.firstSeq))).toEqual([]);
      expect(await Effect.runPromise(subject.store.readIdempotency("no-such-book", 0, 100))).toEqual([]);
    });

    it("copies a book into another store of its kind, which then holds it exactly as the source does", async () => {
      const second = await make();
      try {
        const source = await Effect.runPromise(readAll(subject.store, "kop-b"));
        const report = await Effect.runPromise(copyBook(subject.store, second.store, "kop-b", { batchEvents: 40 }));
        expect(report).toMatchObject({ fromSeq: 0, headSeq: source.length, headHash: source.at(-1)?.hash });
        expect(await Effect.runPromise(readAll(second.store, "kop-b"))).toEqual(source);
        expect(await Effect.runPromise(second.store.open("kop-b"))).toEqual(await Effect.runPromise(subject.store.open("kop-b")));
        expect(await Effect.runPromise(second.store.projection("kop-b"))).toEqual(
          await Effect.runPromise(subject.store.projection("kop-b")),
        );
        const records = (store: LedgerStoreShape) => Effect.runPromise(store.readIdempotency("kop-b", 0, source.length));
        expect(await records(second.store)).toEqual(await records(subject.store));
        expect(await Effect.runPromise(second.store.identity("kop-b", "A001"))).toEqual(
          await Effect.runPromise(subject.store.identity("kop-b", "A001")),
        );
        // And on into memory, the way an auditor's tools replay it.
        const memory = makeMemoryStore();
        await Effect.runPromise(copyBook(second.store, memory, "kop-b"));
        expect(await Effect.runPromise(readAll(memory, "kop-b"))).toEqual(source);
      } finally {
        await second.close();
      }
    });

    it("keeps identity records outside the log, unique by NIK, and redacts them", async () => {
      expect(await Effect.runPromise(subject.store.memberWithNik(book, identity(2).nik))).toBe("A002");
      expect(await Effect.runPromise(subject.store.memberWithNik(book, "3275019999990001"))).toBeUndefined();
      expect(await Effect.runPromise(subject.store.identity(book, "A001"))).toMatchObject({ nik: identity(1).nik, phone: "0812" });
      // Every record at once, by member number, each as a lookup of its own gives it.
      const all = await Effect.runPromise(subject.store.identities(book));
      expect(all.map((r) => r.memberNo)).toEqual(["A000", "A001", "A002"]);
      for (const record of all) expect(await Effect.runPromise(subject.store.identity(book, record.memberNo))).toEqual(record);
      expect(await Effect.runPromise(subject.store.identities("no-such-book"))).toEqual([]);
      expect(await Effect.runPromise(subject.store.redactIdentity(book, "A001"))).toBe(true);
      expect(await Effect.runPromise(subject.store.identity(book, "A001"))).toMatchObject({ nik: "", name: "", redacted: true });
      expect(await Effect.runPromise(subject.store.memberWithNik(book, identity(1).nik))).toBeUndefined();
      // Another book's identities are its own.
      expect(await Effect.runPromise(subject.store.memberWithNik("kop-b", identity(1).nik))).toBe("A001");
    });

    it("writes nothing for a batch that has a rejected command", async () => {
      const before = await Effect.runPromise(subject.store.projection(book));
      const executor = makeExecutor({ store: subject.store, clock: { now: () => new Date("2026-03-10T05:00:00Z") } });
      const exit = await Effect.runPromiseExit(
        executor.execute(book, [
          { type: "DepositSukarela", memberNo: "A002", date: "2026-03-02", amount: "1000" },
          { type: "DepositSukarela", memberNo: "A001", date: "2026-03-02", amount: "1000" },
        ]),
      );
      expect(JSON.stringify(exit)).toContain("MemberExited");
      expect(await Effect.runPromise(subject.store.projection(book))).toEqual(before);
    });

    it("a fresh executor picks the book up from the store and carries on, a return reading its sale from the store", async () => {
      const executor = makeExecutor({ store: subject.store, clock: { now: () => new Date("2026-03-10T05:00:00Z") } });
      await Effect.runPromise(
        executor.execute(book, [{ type: "DepositSukarela", key: "later", memberNo: "A002", date: "2026-03-03", amount: "5000" }]),
      );
      // S-2 (2,5 kg to member A002, for cash) is kept in the state by its event's number only.
      const [back] = await Effect.runPromise(
        executor.execute(book, [
          {
            type: "ReturnSale",
            key: "later-return",
            returnId: "R-2",
            saleId: "S-2",
            date: "2026-03-03",
            lines: [{ item: "BERAS", quantity: "1" }],
          },
        ]),
      );
      const sale = events.find((e) => e.type === "SaleRecorded" && (e.data as { saleId: string }).saleId === "S-2");
      expect(back?.events[0]).toMatchObject({ type: "SaleReturned", data: { saleId: "S-2", buyer: "A002", member: true } });
      const all = await Effect.runPromise(readAll(subject.store, book));
      expect(all.length).toBe(events.length + 2);
      // 1 kg of the sale's 2,5 kg: two fifths of its revenue, half up.
      const soldFor = (sale?.data as unknown as RetailEventData["SaleRecorded"] | undefined)?.lines[0]?.revenueMinor ?? 0n;
      expect(soldFor).toBeGreaterThan(0n);
      expect((all.at(-1)?.data as unknown as RetailEventData["SaleReturned"] | undefined)?.lines[0]?.revenueMinor).toBe(
        divideRounded(soldFor * 2n, 5n, "half-up"),
      );
      const state = (await Effect.runPromise(subject.store.open(book))) as BookState;
      expect(state).toEqual(replay(all));
      expect(verifyLog(all, await Effect.runPromise(subject.store.projection(book))).ok).toBe(true);
    });

    it("agrees with the in-memory engine on random savings sequences", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              kind: fc.constantFrom("DepositSukarela", "WithdrawSukarela", "PayWajib"),
              member: fc.integer({ min: 1, max: 3 }),
              amount: fc.integer({ min: 1, max: 300_000 }),
              day: fc.integer({ min: 1, max: 9 }),
            }),
            { minLength: 1, maxLength: 15 },
          ),
          async (ops) => {
            const bookId = `kop-r${Math.random().toString(36).slice(2, 8)}`;
            const executor = makeExecutor({ store: subject.store, clock: { now: () => new Date("2026-01-10T05:00:00Z") } });
            await Effect.runPromise(executor.execute(bookId, [{ type: "OpenBook", bookId, name: "R", startDate: "2026-01-01" }]));
            await Effect.runPromise(
              executor.execute(
                bookId,
                [1, 2, 3].map((m) => ({ type: "RegisterMember", memberNo: `M${m}`, date: "2026-01-01", identity: identity(m) })),
              ),
            );
            for (const op of ops) {
              await Effect.runPromiseExit(
                executor.execute(bookId, [
                  { type: op.kind, memberNo: `M${op.member}`, date: `2026-01-0${op.day}`, amount: String(op.amount) },
                ]),
              );
            }
            const all = await Effect.runPromise(readAll(subject.store, bookId));
            expect(await Effect.runPromise(subject.store.open(bookId))).toEqual(replay(all));
            expect(verifyLog(all, await Effect.runPromise(subject.store.projection(bookId))).ok).toBe(true);
          },
        ),
        { numRuns: Number(process.env.FC_RUNS ?? 8) },
      );
    });
  });
};
