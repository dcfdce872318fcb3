/** Faults on a real PostgreSQL server: a killed writer, a dropped connection, racing writers, a tamper. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  type AppendRequest,
  copyBook,
  makeExecutor,
  makeMemoryStore,
  readAll,
  replay,
  storeView,
  verifyLog,
  verifyStoredLog,
} from "@lumbung/core";
import { Effect, Exit } from "effect";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identity } from "../../core/test/helpers.js";
import { APP_ROLE, type LedgerDatabase, makePostgresStore, openServer } from "../src/index.js";
import { freshDatabase, superuserDb } from "./helpers.js";

let database: Awaited<ReturnType<typeof freshDatabase>>;
let ledger: LedgerDatabase;
// biome-ignore lint/suspicious/noExplicitAny: raw SQL in tests.
let admin: Kysely<any>;
const clock = { now: () => new Date("2026-01-20T05:00:00Z") };
const book = "kop-f";

const events = () => Effect.runPromise(readAll(ledger.store, book));
const verifyStore = async () => verifyLog(await events(), await Effect.runPromise(ledger.store.projection(book)));

beforeAll(async () => {
  database = await freshDatabase();
  ledger = await openServer({ url: database.url });
  admin = superuserDb(database.url);
  const executor = makeExecutor({ store: ledger.store, clock });
  await Effect.runPromise(executor.execute(book, [{ type: "OpenBook", bookId: book, name: "K", startDate: "2026-01-01" }]));
  await Effect.runPromise(
    executor.execute(
      book,
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ type: "RegisterMember", memberNo: `A00${n}`, date: "2026-01-02", identity: identity(n) })),
    ),
  );
});

afterAll(async () => {
  await admin?.destroy();
  await ledger?.close();
  await database?.drop();
});

const appUrl = () => {
  const url = new URL(database.url);
  url.username = APP_ROLE;
  return url.toString();
};

/** A book of its own on the server with `count` members numbered PREFIX001…; returns its id. */
const bookOfMembers = async (bookId: string, prefix: string, count: number, firstIdentity: number): Promise<string> => {
  const executor = makeExecutor({ store: ledger.store, clock });
  await Effect.runPromise(executor.execute(bookId, [{ type: "OpenBook", bookId, name: prefix, startDate: "2026-01-01" }]));
  await Effect.runPromise(
    executor.execute(
      bookId,
      Array.from({ length: count }, (_, i) => ({
        type: "RegisterMember",
        memberNo: `${prefix}00${i + 1}`,
        date: "2026-01-02",
        identity: identity(firstIdentity + i + 1),
      })),
    ),
  );
  return bookId;
};

describe("faults", () => {
  it("a writer killed while its batch's transaction is open leaves no partial event, and verify passes", async () => {
    const before = (await events()).length;
    const script = fileURLToPath(new URL("./fixtures/open-writer.ts", import.meta.url));
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", script, appUrl(), book, "A001"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const match = /inserted (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", (code) => reject(new Error(`writer exited early (${code})`)));
    });
    // The transaction is open: its backend is idle in transaction, holds the book row, and its rows are invisible.
    const { rows } = await sql<{ state: string }>`select state from pg_stat_activity where pid = ${pid}`.execute(admin);
    expect(rows[0]?.state).toBe("idle in transaction");
    const locked = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_locks where pid = ${pid} and mode = 'RowExclusiveLock'`.execute(admin);
    expect(locked.rows[0]?.n).toBeGreaterThan(0);
    expect((await events()).length).toBe(before);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    // The server notices the dead client and rolls its transaction back.
    for (let i = 0; i < 100; i++) {
      const { rows: alive } = await sql`select 1 from pg_stat_activity where pid = ${pid}`.execute(admin);
      if (alive.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const after = await events();
    expect(after.length).toBe(before);
    expect(after.some((e) => e.key === "doomed-1")).toBe(false);
    expect((await verifyStore()).ok).toBe(true);
    // The book is not stuck: the next writer appends.
    const executor = makeExecutor({ store: ledger.store, clock });
    await Effect.runPromise(executor.execute(book, [{ type: "DepositSukarela", memberNo: "A001", date: "2026-01-10", amount: "1000" }]));
    expect((await events()).length).toBe(before + 1);
  });

  it("a command retried with the same key after a dropped connection is applied once", async () => {
    const writer = await openServer({ url: database.url, migrate: false, poolSize: 1 });
    try {
      const executor = makeExecutor({ store: writer.store, clock });
      const command = { type: "DepositSukarela", key: "retry-me", memberNo: "A002", date: "2026-01-11", amount: "250000" };
      // Prime the executor's state, then hold the book row so that the append waits, and drop its connection.
      await Effect.runPromise(writer.store.open(book));
      await Effect.runPromise(executor.execute(book, [{ type: "DepositSukarela", memberNo: "A002", date: "2026-01-11", amount: "1" }]));
      const holder = superuserDb(database.url);
      const released = holder.transaction().execute(async (trx) => {
        await sql`select 1 from lumbung.books where book_id = ${book} for update`.execute(trx);
        const attempt = Effect.runPromiseExit(executor.execute(book, [command]));
        for (let i = 0; i < 100; i++) {
          const { rows } = await sql<{
            pid: number;
          }>`select pid from pg_stat_activity where usename = ${APP_ROLE} and query like '%lumbung.append%' and state = 'active'`.execute(
            admin,
          );
          if (rows[0] !== undefined) {
            await sql`select pg_terminate_backend(${rows[0].pid})`.execute(admin);
            break;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        return attempt;
      });
      const first = await released;
      await holder.destroy();
      expect(Exit.isFailure(first)).toBe(true);
      expect(JSON.stringify(first)).toContain("StoreFailure");
      // The caller does not know whether it landed; it retries with the same key, twice.
      const retry = await Effect.runPromise(executor.execute(book, [command]));
      expect(retry[0]?.replayed).toBe(false);
      const again = await Effect.runPromise(executor.execute(book, [command]));
      expect(again[0]?.replayed).toBe(true);
      expect((await events()).filter((e) => e.key === "retry-me")).toHaveLength(1);
    } finally {
      await writer.close();
    }
  });

  it("8 concurrent writers on one book: nothing lost, duplicated or reordered; a valid chain; balances equal a replay", async () => {
    const before = await events();
    const writers = await Promise.all(Array.from({ length: 8 }, () => openServer({ url: database.url, migrate: false, poolSize: 2 })));
    try {
      const perWriter = 15;
      await Promise.all(
        writers.map(async (writer, w) => {
          const executor = makeExecutor({ store: writer.store, clock, maxAttempts: 200 });
          for (let i = 0; i < perWriter; i++) {
            await Effect.runPromise(
              executor.execute(book, [
                { type: "DepositSukarela", key: `w${w}-${i}`, memberNo: `A00${w + 1}`, date: "2026-01-12", amount: String(1000 * (i + 1)) },
              ]),
            );
          }
        }),
      );
      const all = await events();
      expect(all.length).toBe(before.length + 8 * perWriter);
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
      const keys = all.filter((e) => /^w\d-\d+$/.test(e.key)).map((e) => e.key);
      expect(new Set(keys).size).toBe(8 * perWriter);
      // Each writer's own commands stay in its order.
      for (let w = 0; w < 8; w++) {
        const mine = all.filter((e) => e.key.startsWith(`w${w}-`)).map((e) => Number(e.key.split("-")[1]));
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }
      const report = await verifyStore();
      expect(report.problem).toBeUndefined();
      expect(await Effect.runPromise(ledger.store.open(book))).toEqual(replay(all));
    } finally {
      await Promise.all(writers.map((w) => w.close()));
    }
  });

  it("8 callers of one executor share commits beside a writer elsewhere: each rejection its own, a valid chain, balances equal a replay", async () => {
    const before = await events();
    const other = await openServer({ url: database.url, migrate: false, poolSize: 1 });
    try {
      const groups: number[] = [];
      const counted = {
        ...ledger.store,
        append: (request: AppendRequest) => {
          groups.push(request.events.length);
          return ledger.store.append(request);
        },
      };
      const shared = makeExecutor({ store: counted, clock, maxAttempts: 200 });
      const elsewhere = makeExecutor({ store: other.store, clock, maxAttempts: 200 });
      // Members A005 to A008 save and withdraw in turn; every third withdrawal asks for more than
      // any balance holds and must be refused alone.
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, async (_, c) => {
          const results: Array<{ key: string; ok: boolean }> = [];
          for (let i = 0; i < 10; i++) {
            const key = `s${c}-${i}`;
            const member = `A00${5 + (c % 4)}`;
            const command =
              i % 2 === 0
                ? { type: "DepositSukarela", key, memberNo: member, date: "2026-01-13", amount: "5000" }
                : { type: "WithdrawSukarela", key, memberNo: member, date: "2026-01-13", amount: i % 3 === 0 ? "900000000" : "1000" };
            const exit = await Effect.runPromiseExit((c === 7 ? elsewhere : shared).execute(book, [command]));
            if (Exit.isFailure(exit))
              expect(JSON.stringify(exit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).toContain("InsufficientBalance");
            results.push({ key, ok: Exit.isSuccess(exit) });
          }
          return results;
        }),
      );
      const all = await events();
      const accepted = outcomes
        .flat()
        .filter((o) => o.ok)
        .map((o) => o.key);
      const refused = outcomes
        .flat()
        .filter((o) => !o.ok)
        .map((o) => o.key);
      expect(refused.length).toBeGreaterThan(0);
      // The shared executor's callers did share commits.
      expect(Math.max(...groups)).toBeGreaterThan(1);
      expect(all.length).toBe(before.length + accepted.length);
      expect(new Set(all.slice(before.length).map((e) => e.key))).toEqual(new Set(accepted));
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
      expect((await verifyStore()).problem).toBeUndefined();
      expect(await Effect.runPromise(ledger.store.open(book))).toEqual(replay(all));
    } finally {
      await other.close();
    }
  });

  it("open and the projection read a book as of one moment, even when another writer commits while they read", async () => {
    const writer = makeExecutor({ store: ledger.store, clock });
    await Effect.runPromise(
      writer.execute(book, [{ type: "DepositSukarela", key: "snap-0", memberNo: "A001", date: "2026-01-05", amount: "1000" }]),
    );
    // A store whose reads pause after the book's head row (`open` reads it with the config,
    // `projection` without): another writer deposits and commits then.
    let armed = true;
    const pausedAfterHead = (withConfig: boolean, key: string, amount: string) =>
      makePostgresStore(
        ledger.db.withPlugin({
          transformQuery: (args) => args.node,
          transformResult: async (args) => {
            const row = args.result.rows[0];
            if (armed && typeof row === "object" && row !== null && "head_seq" in row && "config" in row === withConfig) {
              armed = false;
              await Effect.runPromise(
                writer.execute(book, [{ type: "DepositSukarela", key, memberNo: "A001", date: "2026-01-05", amount }]),
              );
            }
            return args.result;
          },
        }),
      );
    const opened = await Effect.runPromise(pausedAfterHead(true, "snap-1", "7000").open(book));
    expect(armed).toBe(false);
    // The state is the log's up to the head it read: without the later deposit in any balance.
    const log = await events();
    const at = opened?.seq ?? 0;
    expect(log[at]?.key).toBe("snap-1");
    expect(opened).toEqual(replay(log.slice(0, at)));
    // So does the projection verify compares a log with: its balances are those of the head it read.
    armed = true;
    const projection = await Effect.runPromise(pausedAfterHead(false, "snap-2", "9000").projection(book));
    expect(armed).toBe(false);
    const later = await events();
    expect(later[projection?.headSeq ?? 0]?.key).toBe("snap-2");
    expect(verifyLog(later.slice(0, projection?.headSeq ?? 0), projection).ok).toBe(true);
  });

  it("a row changed behind the engine's back (superuser, triggers disabled) is named by verify", async () => {
    const all = await events();
    const target = all.find((e) => e.type === "SukarelaDeposited");
    expect(target).toBeDefined();
    await sql`alter table lumbung.postings disable trigger all`.execute(admin);
    await sql`update lumbung.postings set amount = amount * 2 where book_id = ${book} and seq = ${target?.seq}`.execute(admin);
    await sql`alter table lumbung.postings enable trigger all`.execute(admin);
    const report = await verifyStore();
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ seq: target?.seq, kind: "hash" });
    // The same, replayed from the server a page at a time; read to the end (as for an export), all of the log is read.
    const projection = await Effect.runPromise(ledger.store.projection(book));
    const paged = await Effect.runPromise(verifyStoredLog(ledger.store, book, { expected: projection, pageSize: 3 }));
    expect(paged.problem).toEqual(report.problem);
    const pages: number[] = [];
    const exported = await Effect.runPromise(
      verifyStoredLog(ledger.store, book, {
        expected: projection,
        pageSize: 3,
        onPage: (page) => pages.push(page.length),
        readToEnd: true,
      }),
    );
    expect(exported.problem).toEqual(report.problem);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(Math.max(...pages)).toBe(3);
  });

  it("a projection row the engine decides from, changed behind its back, is named by verify (the whole state compared)", async () => {
    const other = await bookOfMembers("kop-h", "H", 3, 40);
    const clean = await Effect.runPromise(
      Effect.flatMap(storeView(ledger.store, other), (view) => verifyStoredLog(ledger.store, other, view)),
    );
    expect(clean.ok).toBe(true);
    // A member marked as gone, in the members projection only: balances and the log are untouched, so
    // comparing balances alone (as verify did before) finds nothing.
    await sql`alter table lumbung.members disable trigger all`.execute(admin);
    await sql`update lumbung.members set status = 'exited', exited_on = '2026-01-10' where book_id = ${other} and member_no = 'H002'`.execute(
      admin,
    );
    await sql`alter table lumbung.members enable trigger all`.execute(admin);
    const balancesOnly = await Effect.runPromise(
      Effect.flatMap(ledger.store.projection(other), (expected) => verifyStoredLog(ledger.store, other, { expected })),
    );
    expect(balancesOnly.ok).toBe(true);
    const view = await Effect.runPromise(storeView(ledger.store, other));
    const report = await Effect.runPromise(verifyStoredLog(ledger.store, other, view));
    expect(report.problem).toEqual({
      seq: report.headSeq,
      kind: "projection",
      detail: 'members › H002 › status: store "exited", replay "active"',
    });
    // A copy of that book is refused before anything is written: the source does not verify.
    const copy = makeMemoryStore();
    const refused = await Effect.runPromise(Effect.flip(copyBook(ledger.store, copy, other)));
    expect(refused).toMatchObject({
      _tag: "CopyFailed",
      reason: "source-not-verified",
      detail: expect.stringContaining('members › H002 › status: store "exited", replay "active"'),
    });
    expect(await Effect.runPromise(copy.projection(other))).toBeUndefined();
  });

  it("an event deleted behind the engine's back is named by verify, however the log is paged", async () => {
    const other = await bookOfMembers("kop-g", "G", 8, 20);
    await sql`alter table lumbung.events disable trigger all`.execute(admin);
    await sql`alter table lumbung.postings disable trigger all`.execute(admin);
    await sql`delete from lumbung.postings where book_id = ${other} and seq = 5`.execute(admin);
    await sql`delete from lumbung.events where book_id = ${other} and seq = 5`.execute(admin);
    await sql`alter table lumbung.postings enable trigger all`.execute(admin);
    await sql`alter table lumbung.events enable trigger all`.execute(admin);
    const projection = await Effect.runPromise(ledger.store.projection(other));
    for (const pageSize of [1, 3, 4, 5, 10_000]) {
      const report = await Effect.runPromise(verifyStoredLog(ledger.store, other, { expected: projection, pageSize }));
      expect(report.problem, `pages of ${pageSize}`).toMatchObject({ seq: 6, kind: "sequence", detail: "expected event #5, found #6" });
    }
  });
});
