import { Effect, Exit } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CopyFailed, type CopyReport, copyBook } from "../src/copy.js";
import { StoreFailure } from "../src/errors.js";
import { type CommandOutcome, makeExecutor } from "../src/executor.js";
import { type MemoryStore, makeMemoryStore } from "../src/memory-store.js";
import type { LedgerEvent } from "../src/model.js";
import { type LedgerStoreShape, readAll } from "../src/store.js";
import { verifyLog } from "../src/verify.js";
import { closeTheYear, everyEventType, identity, seededHex, TestClock } from "./helpers.js";

const BOOK = "kop-copy";

/** A book holding every event type through the year close and the SHU, in a memory store. */
const fullBook = async () => {
  const store = makeMemoryStore();
  const clock = new TestClock(new Date());
  clock.setDate("2026-03-10");
  const executor = makeExecutor({ store, clock, randomHex: seededHex(BOOK) });
  const run = async (command: unknown): Promise<CommandOutcome> =>
    (await Effect.runPromise(executor.execute(BOOK, [command])))[0] as CommandOutcome;
  await run({
    type: "OpenBook",
    bookId: BOOK,
    name: "Koperasi Salinan",
    startDate: "2026-01-01",
    savings: { sukarela: { ratePerYear: "0.04" } },
  });
  await everyEventType(run);
  await closeTheYear(run, (date) => clock.setDate(date));
  return { store, executor, clock, run };
};

const copy = (from: MemoryStore, to: MemoryStore, batchEvents?: number, pageEvents?: number) =>
  Effect.runPromise(
    copyBook(from, to, BOOK, {
      ...(batchEvents === undefined ? {} : { batchEvents }),
      ...(pageEvents === undefined ? {} : { pageEvents }),
    }),
  );

const refusal = async (from: MemoryStore, to: MemoryStore): Promise<CopyFailed> => {
  const exit = await Effect.runPromiseExit(copyBook(from, to, BOOK));
  if (Exit.isSuccess(exit)) throw new Error("the copy was not refused");
  const error = exit.cause.reasons.find((r) => r._tag === "Fail")?.error as CopyFailed | undefined;
  if (error === undefined) throw new Error(`not a failure: ${String(exit.cause)}`);
  return error;
};

const log = (store: MemoryStore): LedgerEvent[] => Effect.runSync(readAll(store, BOOK));
const idempotency = (store: MemoryStore) => Effect.runSync(store.readIdempotency(BOOK, 0, Number.MAX_SAFE_INTEGER));

describe("copyBook", () => {
  it("copies every event, idempotency record and identity record; the copy verifies and ends in the same hash", async () => {
    const { store } = await fullBook();
    const target = makeMemoryStore();
    const report = await copy(store, target, 7);
    const events = log(store);
    expect(report).toMatchObject({ bookId: BOOK, fromSeq: 0, headSeq: events.length, eventsCopied: events.length });
    expect(report.headHash).toBe(events.at(-1)?.hash);
    expect(log(target)).toEqual(events);
    expect(idempotency(target)).toEqual(idempotency(store));
    expect(report.commandsCopied).toBe(idempotency(store).length);
    // Batches of about 7 events, never splitting a command (the year close has commands of many events).
    const multi = idempotency(store).filter((r) => r.lastSeq > r.firstSeq);
    expect(multi.length).toBeGreaterThan(0);
    expect(report.appends).toBeGreaterThanOrEqual(Math.ceil(events.length / 7) - multi.length);
    expect(Effect.runSync(target.open(BOOK))).toEqual(Effect.runSync(store.open(BOOK)));
    expect(Effect.runSync(target.projection(BOOK))).toEqual(Effect.runSync(store.projection(BOOK)));
    expect(verifyLog(log(target), Effect.runSync(target.projection(BOOK))).ok).toBe(true);
    for (const memberNo of ["A000", "A001", "A002"]) {
      expect(Effect.runSync(target.identity(BOOK, memberNo))).toEqual(Effect.runSync(store.identity(BOOK, memberNo)));
    }
    expect(report.identitiesCopied).toBeGreaterThanOrEqual(3);
    expect(Effect.runSync(target.memberWithNik(BOOK, identity(1).nik))).toBe("A001");
  });

  it("recognises at the copy a command retried with the key it had at the source", async () => {
    const { store } = await fullBook();
    const target = makeMemoryStore();
    await copy(store, target);
    const executor = makeExecutor({ store: target, clock: { now: () => new Date("2027-01-20T05:00:00Z") } });
    const same = { type: "DepositSukarela", key: "dep-2", memberNo: "A001", date: "2026-01-04", amount: "300000" };
    const [outcome] = await Effect.runPromise(executor.execute(BOOK, [same]));
    expect(outcome?.replayed).toBe(true);
    const other = await Effect.runPromiseExit(executor.execute(BOOK, [{ ...same, amount: "1" }]));
    expect(JSON.stringify(other)).toContain("IdempotencyConflict");
    expect(log(target)).toEqual(log(store));
  });

  it("brings a copy up to date with only the events it lacks, and says when there is nothing to do", async () => {
    const { store, run } = await fullBook();
    const target = makeMemoryStore();
    const first = await copy(store, target);
    await run({ type: "DepositSukarela", memberNo: "A002", date: "2027-01-18", amount: "10000" });
    await run({ type: "RegisterMember", memberNo: "A010", date: "2027-01-19", identity: identity(10) });
    const second = await copy(store, target);
    expect(second).toMatchObject({ fromSeq: first.headSeq, eventsCopied: 2, commandsCopied: 2, identitiesCopied: 1, appends: 1 });
    expect(log(target)).toEqual(log(store));
    expect(Effect.runSync(target.identity(BOOK, "A010"))).toEqual(Effect.runSync(store.identity(BOOK, "A010")));
    const third = await copy(store, target);
    expect(third).toMatchObject({ fromSeq: second.headSeq, eventsCopied: 0, commandsCopied: 0, identitiesCopied: 0, appends: 0 });
  });

  it("carries an erasure of personal data to the copy, and never writes erased data back", async () => {
    const { store } = await fullBook();
    expect(Effect.runSync(store.redactIdentity(BOOK, "A002"))).toBe(true);
    const target = makeMemoryStore();
    const report = await copy(store, target);
    expect(report.identitiesRedacted).toBe(1);
    expect(Effect.runSync(target.identity(BOOK, "A002"))).toMatchObject({ nik: "", name: "", redacted: true });
    expect(Effect.runSync(target.memberWithNik(BOOK, identity(2).nik))).toBeUndefined();
    // Erased at the source after the copy: the next copy erases it there too.
    Effect.runSync(store.redactIdentity(BOOK, "A001"));
    expect((await copy(store, target)).identitiesRedacted).toBe(1);
    expect(Effect.runSync(target.identity(BOOK, "A001"))).toMatchObject({ redacted: true });
    // Erased at the copy only: it stays erased.
    const other = makeMemoryStore();
    await copy(store, other);
    Effect.runSync(other.redactIdentity(BOOK, "A000"));
    await copy(store, other);
    expect(Effect.runSync(other.identity(BOOK, "A000"))).toMatchObject({ redacted: true });
  });

  it("left halfway by a failing target (a dropped connection), leaves whole commands there and goes on when run again", async () => {
    const { store } = await fullBook();
    const target = makeMemoryStore();
    let calls = 0;
    const flaky: LedgerStoreShape = {
      ...target,
      append: (request) => {
        calls += 1;
        return calls === 3
          ? Effect.fail(new StoreFailure({ operation: "append", cause: new Error("connection reset") }))
          : target.append(request);
      },
    };
    const exit = await Effect.runPromiseExit(copyBook(store, flaky, BOOK, { batchEvents: 10 }));
    expect(String(exit)).toContain("connection reset");
    const partial = log(target);
    expect(partial.length).toBeGreaterThanOrEqual(20);
    expect(partial).toEqual(log(store).slice(0, partial.length));
    expect(verifyLog(partial, Effect.runSync(target.projection(BOOK))).ok).toBe(true);
    // Every command there whole, with its idempotency record.
    const records = idempotency(target);
    expect(records.at(-1)?.lastSeq).toBe(partial.length);
    const report = await Effect.runPromise(copyBook(store, flaky, BOOK, { batchEvents: 10 }));
    expect(report.fromSeq).toBe(partial.length);
    expect(log(target)).toEqual(log(store));
    expect(idempotency(target)).toEqual(idempotency(store));
  });

  describe("refuses, and writes nothing", () => {
    it("a book the source does not have", async () => {
      const error = await refusal(makeMemoryStore(), makeMemoryStore());
      expect(error).toMatchObject({ _tag: "CopyFailed", reason: "no-such-book", bookId: BOOK });
      expect(error.message).toContain("tidak ada di penyimpanan asal");
      expect(error.messageEn).toContain("is not in the source store");
    });

    it("a source whose log was changed behind the engine's back, naming the event", async () => {
      const { store } = await fullBook();
      const raw = store.rawEvents(BOOK);
      const victim = raw[11] as LedgerEvent;
      raw[11] = { ...victim, actor: "mallory" };
      const target = makeMemoryStore();
      const error = await refusal(store, target);
      expect(error.reason).toBe("source-not-verified");
      expect(error.detail).toContain("event #12 (hash)");
      expect(Effect.runSync(target.projection(BOOK))).toBeUndefined();
    });

    it("a source whose identity record does not match the digest in its log", async () => {
      const { store } = await fullBook();
      const target = makeMemoryStore();
      // Written straight into the store, as a careless import would: the log still holds the old digest.
      const record = Effect.runSync(store.identity(BOOK, "A001"));
      expect(record).toBeDefined();
      Effect.runSync(
        store.append({
          bookId: BOOK,
          expectedSeq: log(store).length,
          events: [],
          idempotency: [],
          identities: [{ ...(record as NonNullable<typeof record>), name: "Nama Lain" }],
        }),
      );
      const error = await refusal(store, target);
      expect(error).toMatchObject({ reason: "source-not-verified" });
      expect(error.detail).toContain("member A001");
      expect(Effect.runSync(target.projection(BOOK))).toBeUndefined();
    });

    it("a copy that has events of its own", async () => {
      const { store } = await fullBook();
      const target = makeMemoryStore();
      await copy(store, target);
      const executor = makeExecutor({ store: target, clock: { now: () => new Date("2027-01-20T05:00:00Z") } });
      await Effect.runPromise(executor.execute(BOOK, [{ type: "DepositSukarela", memberNo: "A002", date: "2027-01-18", amount: "5" }]));
      const before = log(target);
      // The source moves on too: the two books have parted.
      const source = makeExecutor({ store, clock: { now: () => new Date("2027-01-20T05:00:00Z") } });
      await Effect.runPromise(source.execute(BOOK, [{ type: "DepositSukarela", memberNo: "A002", date: "2027-01-18", amount: "7" }]));
      const error = await refusal(store, target);
      expect(error.reason).toBe("diverged");
      expect(error.detail).toContain(`event #${before.length} of the copy is not event #${before.length} of the source`);
      expect(log(target)).toEqual(before);
    });

    it("a copy that is further on than the source", async () => {
      const { store } = await fullBook();
      const target = makeMemoryStore();
      await copy(store, target);
      const executor = makeExecutor({ store: target, clock: { now: () => new Date("2027-01-20T05:00:00Z") } });
      await Effect.runPromise(executor.execute(BOOK, [{ type: "DepositSukarela", memberNo: "A002", date: "2027-01-18", amount: "5" }]));
      const error = await refusal(store, target);
      expect(error).toMatchObject({ reason: "diverged" });
      expect(error.detail).toMatch(/the copy is at event #\d+, the source at #\d+/);
    });
  });

  it("reads both logs a page at a time, never the whole log at once", async () => {
    const { store } = await fullBook();
    const target = makeMemoryStore();
    const asked: number[] = [];
    const counting = (inner: MemoryStore): LedgerStoreShape => ({
      ...inner,
      read: (bookId, afterSeq, limit) => {
        asked.push(limit);
        return inner.read(bookId, afterSeq, limit);
      },
    });
    const events = log(store).length;
    const report = await Effect.runPromise(copyBook(counting(store), counting(target), BOOK, { batchEvents: 50, pageEvents: 16 }));
    expect(report.eventsCopied).toBe(events);
    expect(Math.max(...asked)).toBe(16);
    // The source read twice (to verify it, then to copy it), the copy once.
    expect(asked.length).toBeGreaterThanOrEqual(3 * Math.ceil(events / 16));
    expect(log(target)).toEqual(log(store));
  });

  it("catches an event of the source changed between its check and its copy, naming the event", async () => {
    const { store } = await fullBook();
    const target = makeMemoryStore();
    let verified = false;
    const changing: LedgerStoreShape = {
      ...store,
      read: (bookId, afterSeq, limit) =>
        store.read(bookId, afterSeq, limit).pipe(
          Effect.map((page) => {
            // The first read that starts at the beginning again is the copy's: by then the check has passed.
            if (afterSeq === 0 && !verified) verified = true;
            else if (afterSeq === 0) return page.map((e) => (e.seq === 5 ? { ...e, actor: "mallory" } : e));
            return page;
          }),
        ),
    };
    const exit = await Effect.runPromiseExit(copyBook(changing, target, BOOK));
    if (Exit.isSuccess(exit)) throw new Error("the copy was not refused");
    const error = exit.cause.reasons.find((r) => r._tag === "Fail")?.error as CopyFailed;
    expect(error).toMatchObject({ reason: "copy-not-verified" });
    expect(error.detail).toContain("event #5 (hash)");
  });

  it("property: any book, copied in batches of any size, gives the same log, projection and idempotency records", async () => {
    const member = fc.constantFrom("A001", "A002", "A003");
    const command = fc.oneof(
      fc.record({ type: fc.constant("DepositSukarela"), memberNo: member, amount: fc.integer({ min: 1, max: 900_000 }) }),
      fc.record({ type: fc.constant("WithdrawSukarela"), memberNo: member, amount: fc.integer({ min: 1, max: 300_000 }) }),
      fc.record({ type: fc.constant("PayWajib"), memberNo: member, amount: fc.integer({ min: 1, max: 100_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        async (commands, batch, page, twice) => {
          const store = makeMemoryStore();
          const executor = makeExecutor({ store, clock: { now: () => new Date("2026-03-10T05:00:00Z") }, randomHex: seededHex("p") });
          const run = (c: unknown) => Effect.runPromiseExit(executor.execute(BOOK, [c]));
          await run({ type: "OpenBook", bookId: BOOK, name: "Koperasi P", startDate: "2026-01-01" });
          for (const [i, no] of ["A001", "A002", "A003"].entries()) {
            await run({ type: "RegisterMember", memberNo: no, date: "2026-01-02", identity: identity(i + 1) });
          }
          const target = makeMemoryStore();
          const half = Math.floor(commands.length / 2);
          for (const [i, c] of commands.entries()) {
            // Rejected commands (a withdrawal above the balance) write nothing, at the source as at the copy.
            await run({ ...c, date: "2026-02-03", amount: String(c.amount) });
            if (twice && i === half) await copy(store, target, batch, page);
          }
          const report: CopyReport = await copy(store, target, batch, page);
          expect(log(target)).toEqual(log(store));
          expect(idempotency(target)).toEqual(idempotency(store));
          expect(Effect.runSync(target.projection(BOOK))).toEqual(Effect.runSync(store.projection(BOOK)));
          expect(report.headSeq).toBe(log(store).length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
