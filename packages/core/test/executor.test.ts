import { Effect, Fiber } from "effect";
import { TestClock as EffectTestClock } from "effect/testing";
import { describe, expect, it } from "vitest";
import { StoreFailure } from "../src/errors.js";
import { makeExecutor } from "../src/executor.js";
import { makeMemoryStore } from "../src/memory-store.js";
import type { AppendRequest } from "../src/store.js";
import { verifyLog } from "../src/verify.js";
import { identity, seededHex, TestClock } from "./helpers.js";

describe("executor", () => {
  it("two writers on one store: the stale one catches up on Conflict and decides again", async () => {
    const store = makeMemoryStore();
    const clock = new TestClock(new Date());
    clock.setDate("2026-01-20");
    const first = makeExecutor({ store, clock, randomHex: seededHex("a") });
    const second = makeExecutor({ store, clock, randomHex: seededHex("b") });
    const run = (executor: typeof first, command: unknown) => Effect.runPromise(executor.execute("kop", [command]));
    await run(first, { type: "OpenBook", bookId: "kop", name: "K", startDate: "2026-01-01" });
    await run(second, { type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    // `first` still holds the book at seq 1; its append conflicts, it catches up and succeeds.
    const outcome = await run(first, { type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "5000" });
    expect(outcome[0]?.events[0]?.seq).toBe(3);
    // And decisions see the other writer's events: a duplicate registration is refused.
    const duplicate = await Effect.runPromiseExit(
      first.execute("kop", [{ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(2) }]),
    );
    expect(duplicate._tag).toBe("Failure");
    const events = store.rawEvents("kop");
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyLog(events, await Effect.runPromise(store.projection("kop"))).ok).toBe(true);
  });

  it("a writer that lost the race for the head waits a random, bounded time before deciding again", async () => {
    const race = async (conflictBackoffMaxMs: number | undefined) => {
      const store = makeMemoryStore();
      const clock = new TestClock(new Date());
      clock.setDate("2026-01-20");
      const first = makeExecutor({
        store,
        clock,
        randomHex: seededHex("a"),
        ...(conflictBackoffMaxMs === undefined ? {} : { conflictBackoffMaxMs }),
      });
      const second = makeExecutor({ store, clock, randomHex: seededHex("b") });
      await Effect.runPromise(first.execute("kop", [{ type: "OpenBook", bookId: "kop", name: "K", startDate: "2026-01-01" }]));
      await Effect.runPromise(
        second.execute("kop", [{ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) }]),
      );
      // `first` still holds the book at seq 1: its append conflicts. Time stands still (Effect's test
      // clock) until the test moves it.
      return Effect.runPromise(
        Effect.gen(function* () {
          const fiber = yield* first
            .execute("kop", [{ type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "5000" }])
            .pipe(Effect.forkChild);
          for (let i = 0; i < 20; i++) yield* Effect.yieldNow;
          const beforeTimeMoves = { done: fiber.pollUnsafe() !== undefined, events: store.rawEvents("kop").length };
          // The first wait is at most 2 ms.
          yield* EffectTestClock.adjust("2 millis");
          const outcome = yield* Fiber.join(fiber);
          return { beforeTimeMoves, seq: outcome[0]?.events[0]?.seq, events: store.rawEvents("kop").length };
        }).pipe(Effect.provide(EffectTestClock.layer())),
      );
    };
    // By default it waits: nothing is retried until time moves, then the deposit lands after the other writer's event.
    expect(await race(undefined)).toEqual({ beforeTimeMoves: { done: false, events: 2 }, seq: 3, events: 3 });
    // With the backoff turned off it retries at once.
    expect(await race(0)).toEqual({ beforeTimeMoves: { done: true, events: 3 }, seq: 3, events: 3 });
  });

  it("the same key twice in one batch with the same command is one command", async () => {
    const store = makeMemoryStore();
    const clock = new TestClock(new Date());
    clock.setDate("2026-01-20");
    const executor = makeExecutor({ store, clock, randomHex: seededHex() });
    await Effect.runPromise(executor.execute("kop", [{ type: "OpenBook", bookId: "kop", name: "K", startDate: "2026-01-01" }]));
    const register = { type: "RegisterMember", key: "r1", memberNo: "A001", date: "2026-01-02", identity: identity(1) };
    const outcomes = await Effect.runPromise(executor.execute("kop", [register, register]));
    expect(outcomes.map((o) => o.replayed)).toEqual([false, true]);
    expect(store.rawEvents("kop")).toHaveLength(2);
    const conflict = await Effect.runPromiseExit(executor.execute("kop", [{ ...register, memberNo: "A002" }]));
    expect(JSON.stringify(conflict, (_k, v) => (typeof v === "bigint" ? String(v) : v))).toContain("IdempotencyConflict");
  });

  it("batches on one executor and one book take turns: none decides against another's events before they land", async () => {
    const store = makeMemoryStore();
    // The store holds the first append after `hold()` until the test releases it.
    let holding = false;
    let release: (() => void) | undefined;
    const held = {
      ...store,
      append: (request: AppendRequest) => {
        if (!holding) return store.append(request);
        holding = false;
        return Effect.promise(
          () =>
            new Promise<void>((resolve) => {
              release = resolve;
            }),
        ).pipe(Effect.andThen(store.append(request)));
      },
    };
    const clock = new TestClock(new Date());
    clock.setDate("2026-01-20");
    const shared = makeExecutor({ store: held, clock, randomHex: seededHex("a") });
    const elsewhere = makeExecutor({ store, clock, randomHex: seededHex("b") });
    const run = (executor: typeof shared, commands: unknown[]) => Effect.runPromise(executor.execute("kop", commands));
    await run(shared, [{ type: "OpenBook", bookId: "kop", name: "K", startDate: "2026-01-01" }]);
    await run(shared, [
      { type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) },
      { type: "RegisterMember", memberNo: "A002", date: "2026-01-02", identity: identity(2) },
    ]);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Two deposits in one batch; their append is held.
    holding = true;
    const deposits = run(shared, [
      { type: "DepositSukarela", key: "a1", memberNo: "A001", date: "2026-01-03", amount: "5000" },
      { type: "DepositSukarela", key: "a2", memberNo: "A001", date: "2026-01-03", amount: "7000" },
    ]);
    while (release === undefined) await pause(1);
    // Meanwhile another process deposits for A002 and takes the head the deposits wanted, and a
    // withdrawal that only the first deposit would pay for comes to the same executor.
    await run(elsewhere, [{ type: "DepositSukarela", key: "o1", memberNo: "A002", date: "2026-01-03", amount: "1000" }]);
    const withdrawal = Effect.runPromiseExit(
      shared.execute("kop", [{ type: "WithdrawSukarela", key: "b1", memberNo: "A001", date: "2026-01-03", amount: "3000" }]),
    );
    await pause(20);
    release();
    await deposits;
    const exit = await withdrawal;
    // The deposits landed after the other process's event, and the withdrawal after them, decided
    // on a balance that was in the store.
    const events = store.rawEvents("kop");
    expect(exit._tag).toBe("Success");
    expect(events.slice(3).map((e) => [e.seq, e.key])).toEqual([
      [4, "o1"],
      [5, "a1"],
      [6, "a2"],
      [7, "b1"],
    ]);
    expect(verifyLog(events, await Effect.runPromise(store.projection("kop"))).ok).toBe(true);
  });

  it("a batch that fails or is interrupted after deciding some of its commands leaves the executor's state as the store's", async () => {
    const store = makeMemoryStore();
    // The store fails the next NIK lookup after `failNik`, and holds appends while `holding`.
    let failNik = false;
    let holding = false;
    const flaky = {
      ...store,
      memberWithNik: (bookId: string, nik: string) => {
        if (!failNik) return store.memberWithNik(bookId, nik);
        failNik = false;
        return Effect.fail(new StoreFailure({ operation: "memberWithNik", cause: new Error("connection reset") }));
      },
      append: (request: AppendRequest) => (holding ? Effect.never : store.append(request)),
    };
    const clock = new TestClock(new Date());
    clock.setDate("2026-01-20");
    const executor = makeExecutor({ store: flaky, clock, randomHex: seededHex("a"), maxAttempts: 3 });
    const run = (commands: unknown[]) => Effect.runPromise(executor.execute("kop", commands));
    await run([{ type: "OpenBook", bookId: "kop", name: "K", startDate: "2026-01-01" }]);
    await run([{ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) }]);
    const deposit = (key: string) => ({ type: "DepositSukarela", key, memberNo: "A001", date: "2026-01-03", amount: "5000" });
    // A deposit is decided, then the store fails on the registration after it: nothing was written.
    failNik = true;
    const failed = await Effect.runPromiseExit(
      executor.execute("kop", [deposit("lost-1"), { type: "RegisterMember", memberNo: "A002", date: "2026-01-03", identity: identity(2) }]),
    );
    expect(JSON.stringify(failed)).toContain("StoreFailure");
    // Two deposits decided, and the caller gives up while their append is on its way.
    holding = true;
    const fiber = Effect.runFork(executor.execute("kop", [deposit("lost-2"), deposit("lost-3")]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Effect.runPromise(Fiber.interrupt(fiber));
    holding = false;
    // The executor's state is the store's: the next deposit lands at seq 3, on a balance without the lost ones.
    const [outcome] = await run([deposit("kept")]);
    expect(outcome?.events[0]?.seq).toBe(3);
    expect((await Effect.runPromise(executor.state("kop")))?.seq).toBe(3);
    const events = store.rawEvents("kop");
    expect(events.map((e) => e.key)).toEqual([events[0]?.key, events[1]?.key, "kept"]);
    expect(verifyLog(events, await Effect.runPromise(store.projection("kop"))).ok).toBe(true);
  });
});
