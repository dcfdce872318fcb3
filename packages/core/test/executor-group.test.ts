/**
 * Single commands to one book on one executor share a turn: whoever gets the book's turn decides
 * every single command waiting for it, each on its own, and appends the accepted ones together.
 */
import { Effect, Exit, Fiber } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CommandOutcome, CommandRejected, makeExecutor } from "../src/executor.js";
import { makeMemoryStore } from "../src/memory-store.js";
import type { AppendRequest } from "../src/store.js";
import { verifyLog } from "../src/verify.js";
import { identity, seededHex, TestClock } from "./helpers.js";

/** A memory store that counts appends and can hold the next one until the test lets it go. */
const countingStore = (slow = false) => {
  const store = makeMemoryStore();
  const appends: number[] = [];
  let hold: Promise<void> | undefined;
  const shared = {
    ...store,
    append: (request: AppendRequest) =>
      Effect.suspend(() => {
        appends.push(request.events.length);
        const waitFor = hold;
        hold = undefined;
        if (waitFor !== undefined) return Effect.promise(() => waitFor).pipe(Effect.andThen(store.append(request)));
        // A store is somewhere else: the append lands a moment later, and other fibers run meanwhile.
        return slow ? Effect.sleep(Math.random() < 0.5 ? 0 : 1).pipe(Effect.andThen(store.append(request))) : store.append(request);
      }),
  };
  /** Holds the next append; returns what lets it go. */
  const holdNext = (): (() => void) => {
    let release = () => {};
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    return release;
  };
  return { store, shared, appends, holdNext };
};

const setUp = async (members: number, slow = false) => {
  const s = countingStore(slow);
  const clock = new TestClock(new Date());
  clock.setDate("2026-01-20");
  const executor = makeExecutor({ store: s.shared, clock, randomHex: seededHex("g") });
  await Effect.runPromise(executor.execute("kop", [{ type: "OpenBook", bookId: "kop", name: "K", startDate: "2026-01-01" }]));
  await Effect.runPromise(
    executor.execute(
      "kop",
      Array.from({ length: members }, (_, i) => ({
        type: "RegisterMember",
        memberNo: `A${i + 1}`,
        date: "2026-01-02",
        identity: identity(i + 1),
      })),
    ),
  );
  s.appends.length = 0;
  return { ...s, clock, executor };
};

const deposit = (key: string, member: string, amount: string) => ({
  type: "DepositSukarela",
  key,
  memberNo: member,
  date: "2026-01-03",
  amount,
});
const withdrawal = (key: string, member: string, amount: string) => ({
  type: "WithdrawSukarela",
  key,
  memberNo: member,
  date: "2026-01-03",
  amount,
});
/** An exit as text, bigints as digits (rejections carry amounts). */
const text = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? String(v) : v));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deposits `firstKey` and holds its append, so that the book's turn is taken; starts the callers of
 * `meanwhile` behind it (and lets them queue); then lets the first append land and waits for it.
 * Returns what `meanwhile` started.
 */
const behindHeldTurn = async <A>(t: Awaited<ReturnType<typeof setUp>>, firstKey: string, meanwhile: () => Promise<A> | A): Promise<A> => {
  const release = t.holdNext();
  const first = Effect.runPromise(t.executor.execute("kop", [deposit(firstKey, "A1", "1000")]));
  await pause(5);
  const started = await meanwhile();
  await pause(5);
  release();
  await first;
  return started;
};

/**
 * Every caller in `exits` was answered with its outcome, the log's events after the two of set-up are
 * `keys` in order, the appends took `appends` events each, and the log verifies.
 */
const expectLanded = async (
  t: Awaited<ReturnType<typeof setUp>>,
  exits: ReadonlyArray<Exit.Exit<unknown, unknown>>,
  keys: ReadonlyArray<string>,
  appends: ReadonlyArray<number>,
) => {
  expect(exits.map((e) => e._tag)).toEqual(exits.map(() => "Success"));
  const events = t.store.rawEvents("kop");
  expect(events.slice(2).map((e) => e.key)).toEqual(keys);
  expect(t.appends).toEqual(appends);
  expect(verifyLog(events, await Effect.runPromise(t.store.projection("kop"))).ok).toBe(true);
};

/**
 * A batch (b1, b2) holds the book's turn, its append held; a lone caller ("runner") then finds no
 * turn running, so it will run the next one in its own fiber; two more (q1, q2) queue behind it.
 * With `holdTurn`, the runner's turn's append is held too.
 */
const runnerBehindHeldBatch = async (t: Awaited<ReturnType<typeof setUp>>, holdTurn: boolean) => {
  const releaseBatch = t.holdNext();
  const batch = Effect.runPromise(t.executor.execute("kop", [deposit("b1", "A1", "1000"), deposit("b2", "A1", "1000")]));
  await pause(5);
  const releaseTurn = holdTurn ? t.holdNext() : () => {};
  const runner = Effect.runFork(t.executor.execute("kop", [deposit("runner", "A1", "1000")]));
  await pause(5);
  const rest = [deposit("q1", "A1", "1000"), deposit("q2", "A1", "1000")].map((c) => Effect.runPromiseExit(t.executor.execute("kop", [c])));
  await pause(5);
  return { releaseBatch, batch, releaseTurn, runner, rest };
};

describe("single commands sharing a book's turn", () => {
  it("commands waiting together go in one append; a rejected one fails only its caller", async () => {
    const t = await setUp(2);
    // The first deposit holds the turn while five more callers arrive.
    const callers = await behindHeldTurn(t, "d0", () =>
      [
        deposit("d1", "A1", "5000"),
        withdrawal("w1", "A1", "4000"), // pays out of d0 and d1
        withdrawal("w2", "A1", "4000"), // more than is left: rejected
        deposit("d2", "A2", "2000"),
        deposit("d1", "A1", "5000"), // the same key and command again: the same outcome, replayed
      ].map((command) => Effect.runPromiseExit(t.executor.execute("kop", [command]))),
    );
    const exits = await Promise.all(callers);
    expect(exits.map((e) => e._tag)).toEqual(["Success", "Success", "Failure", "Success", "Success"]);
    const rejected = exits[2] as Exit.Exit<CommandOutcome[], unknown>;
    expect(text(rejected)).toContain("InsufficientBalance");
    expect(text(rejected)).toContain('"index":0');
    const outcome = (i: number) =>
      Exit.isSuccess(exits[i] as Exit.Exit<CommandOutcome[]>) ? (exits[i] as Exit.Success<CommandOutcome[]>).value[0] : undefined;
    expect(outcome(4)?.replayed).toBe(true);
    expect(outcome(4)?.events).toEqual(outcome(0)?.events);
    // One append for d0, one for the four accepted commands after it.
    expect(t.appends).toEqual([1, 3]);
    const events = t.store.rawEvents("kop");
    expect(events.slice(3).map((e) => e.key)).toEqual(["d0", "d1", "w1", "d2"]);
    expect(verifyLog(events, await Effect.runPromise(t.store.projection("kop"))).ok).toBe(true);
  });

  it("the same key with another command in one turn: the second caller gets IdempotencyConflict", async () => {
    const t = await setUp(1);
    const [a, b] = await behindHeldTurn(t, "x0", () => [
      Effect.runPromiseExit(t.executor.execute("kop", [deposit("same", "A1", "1000")])),
      Effect.runPromiseExit(t.executor.execute("kop", [deposit("same", "A1", "2000")])),
    ]);
    expect((await a)._tag).toBe("Success");
    const exit = await b;
    expect(exit._tag).toBe("Failure");
    expect(text(exit)).toContain("IdempotencyConflict");
    expect(t.store.rawEvents("kop").filter((e) => e.key === "same")).toHaveLength(1);
  });

  it("a caller that gives up before its command is taken: it is not written; the others' are", async () => {
    const t = await setUp(1);
    // Three callers wait behind the held append; the first of them gives up.
    const others = await behindHeldTurn(t, "h0", async () => {
      const giver = Effect.runFork(t.executor.execute("kop", [deposit("gives-up", "A1", "1000")]));
      const rest = [deposit("k1", "A1", "1000"), deposit("k2", "A1", "1000")].map((c) =>
        Effect.runPromiseExit(t.executor.execute("kop", [c])),
      );
      await pause(5);
      await Effect.runPromise(Fiber.interrupt(giver));
      return rest;
    });
    await expectLanded(t, await Promise.all(others), ["h0", "k1", "k2"], [1, 2]);
  });

  it("a caller that runs the turn and gives up while it waits for it: its command is not written; those queued behind it are answered", async () => {
    const t = await setUp(1);
    const { releaseBatch, batch, runner, rest } = await runnerBehindHeldBatch(t, false);
    await Effect.runPromise(Fiber.interrupt(runner));
    releaseBatch();
    await batch;
    await expectLanded(t, await Promise.all(rest), ["b1", "b2", "q1", "q2"], [2, 2]);
  });

  it("a caller that gives up while its turn's append is in flight: the turn's commands land together and every other caller in it is answered", async () => {
    const t = await setUp(1);
    const { releaseBatch, batch, releaseTurn, runner, rest } = await runnerBehindHeldBatch(t, true);
    releaseBatch();
    await batch;
    await pause(5);
    expect(t.appends).toEqual([2, 3]);
    // The runner gives up now: its turn goes on, and it is interrupted once the turn is done.
    const interrupted = Effect.runPromise(Fiber.interrupt(runner));
    await pause(5);
    releaseTurn();
    await interrupted;
    await expectLanded(t, await Promise.all(rest), ["b1", "b2", "runner", "q1", "q2"], [2, 3]);
    // The executor goes on: the next command finds the turn free.
    await Effect.runPromise(t.executor.execute("kop", [deposit("after", "A1", "1000")]));
    expect(t.store.rawEvents("kop").at(-1)?.key).toBe("after");
  });

  it("property: concurrent callers of one executor and a writer elsewhere: every accepted command once, in a valid chain, no balance below zero", async () => {
    let grouped = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            member: fc.constantFrom("A1", "A2", "A3"),
            withdraw: fc.boolean(),
            amount: fc.integer({ min: 1, max: 9 }).map((n) => String(n * 1000)),
            elsewhere: fc.boolean(),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        async (plan) => {
          const t = await setUp(3, true);
          const elsewhere = {
            ...t.store,
            append: (request: AppendRequest) => Effect.sleep(1).pipe(Effect.andThen(t.store.append(request))),
          };
          const other = makeExecutor({ store: elsewhere, clock: t.clock, randomHex: seededHex("o"), maxAttempts: 1000 });
          const runs = plan.map((step, i) => {
            const command = (step.withdraw ? withdrawal : deposit)(`c${i}`, step.member, step.amount);
            return Effect.runPromiseExit((step.elsewhere ? other : t.executor).execute("kop", [command]));
          });
          const exits = await Promise.all(runs);
          const events = t.store.rawEvents("kop");
          const mine = exits.filter((exit, i) => Exit.isSuccess(exit) && !(plan[i] as { elsewhere: boolean }).elsewhere).length;
          if (t.appends.length < mine) grouped += 1;
          expect(verifyLog(events, await Effect.runPromise(t.store.projection("kop"))).ok).toBe(true);
          exits.forEach((exit, i) => {
            const inLog = events.filter((e) => e.key === `c${i}`).length;
            if (Exit.isSuccess(exit)) expect(inLog).toBe(1);
            else {
              expect(inLog).toBe(0);
              expect(text(exit)).toMatch(/InsufficientBalance|TooManyConflicts/);
            }
          });
          const balance = new Map<string, bigint>();
          for (const e of events) {
            const data = e.data as { memberNo?: string; amountMinor?: bigint };
            if (e.type !== "SukarelaDeposited" && e.type !== "SukarelaWithdrawn") continue;
            const next =
              (balance.get(data.memberNo as string) ?? 0n) + (e.type === "SukarelaDeposited" ? 1n : -1n) * (data.amountMinor as bigint);
            expect(next >= 0n).toBe(true);
            balance.set(data.memberNo as string, next);
          }
        },
      ),
      { numRuns: 30 },
    );
    // Some runs had callers share a turn.
    expect(grouped).toBeGreaterThan(0);
  });
});

// The rejection type is part of the public surface callers match on.
void CommandRejected;
