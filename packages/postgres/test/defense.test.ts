/** The database defends the books even against a buggy caller: shown on a real PostgreSQL server. */
import { BookEngine, type BookState, makeExecutor } from "@lumbung/core";
import { Effect } from "effect";
import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identity } from "../../core/test/helpers.js";
import { APP_ROLE, APPEND_SQL, ensureAppRole, type LedgerDatabase, migrate, openServer, toBatch } from "../src/index.js";
import { errorOf, freshDatabase, superuserDb } from "./helpers.js";

let database: Awaited<ReturnType<typeof freshDatabase>>;
let ledger: LedgerDatabase;
// biome-ignore lint/suspicious/noExplicitAny: raw SQL in tests.
let admin: Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: raw SQL in tests.
let app: Kysely<any>;

interface Posting {
  readonly idx: number;
  readonly account: string;
  readonly amount: number;
  readonly unit: string;
}

/** Writes an event of book kop-a and its postings by hand, as a buggy caller would, in one transaction (as superuser). */
const writeByHand = (seq: number, key: string, postings: ReadonlyArray<Posting>) =>
  admin.transaction().execute(async (trx) => {
    await sql`insert into lumbung.events (book_id, seq, type, version, business_date, recorded_at, idem_key, actor, data, prev_hash, hash)
              values ('kop-a', ${seq}, 'JournalPosted', 1, '2026-01-05', now(), ${key}, 'x', '{}', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'))`.execute(
      trx,
    );
    // One statement, as an entry is written.
    await sql`insert into lumbung.postings (book_id, seq, idx, account, amount, unit, party)
              values ${sql.join(postings.map((p) => sql`('kop-a', ${seq}, ${p.idx}, ${p.account}, ${p.amount}, ${p.unit}, 'umum')`))}`.execute(
      trx,
    );
  });

const countOf = async (table: "events" | "postings", seq?: number): Promise<number> => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`lumbung.${table}`)}
                                             where book_id = 'kop-a' and (${seq ?? null}::bigint is null or seq = ${seq ?? null})`.execute(
    admin,
  );
  return rows[0]?.n ?? -1;
};

beforeAll(async () => {
  database = await freshDatabase();
  ledger = await openServer({ url: database.url });
  admin = superuserDb(database.url);
  const appUrl = new URL(database.url);
  appUrl.username = APP_ROLE;
  app = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: appUrl.toString(), max: 2 }) }) });
  const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date("2026-01-20T05:00:00Z") } });
  for (const book of ["kop-a", "kop-b"]) {
    await Effect.runPromise(executor.execute(book, [{ type: "OpenBook", bookId: book, name: book, startDate: "2026-01-01" }]));
    await Effect.runPromise(
      executor.execute(book, [{ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) }]),
    );
  }
});

afterAll(async () => {
  await app?.destroy();
  await admin?.destroy();
  await ledger?.close();
  await database?.drop();
});

describe("the database defends the books", () => {
  it("a constraint trigger rejects an event whose postings do not balance (checked at commit)", async () => {
    const error = await errorOf(() =>
      writeByHand(99, "bad", [
        { idx: 0, account: "1101", amount: 100, unit: "USP" },
        { idx: 1, account: "3301", amount: -99, unit: "USP" },
      ]),
    );
    expect(error.code).toBe("23514");
    expect(error.message).toContain("does not balance");
    expect(await countOf("events", 99)).toBe(0);
  });

  it("an entry balanced in total but not within its unit is rejected too", async () => {
    const error = await errorOf(() =>
      writeByHand(98, "bad2", [
        { idx: 0, account: "1101", amount: 100, unit: "USP" },
        { idx: 1, account: "3301", amount: -100, unit: "TOKO" },
      ]),
    );
    expect(error.code).toBe("23514");
  });

  it("an entry written without its first posting is rejected, balanced or not, and so is a posting added to an old entry", async () => {
    // The balance is checked on each entry's first posting (idx 0): an entry must bring it.
    const missingFirst = await errorOf(() =>
      writeByHand(97, "bad3", [
        { idx: 1, account: "1101", amount: 100, unit: "USP" },
        { idx: 2, account: "3301", amount: -99, unit: "USP" },
      ]),
    );
    expect(missingFirst.code).toBe("23514");
    expect(missingFirst.message).toContain("without its first posting");
    // A posting slipped into an entry already in the log (here the member's registration, seq 2).
    const before = await countOf("postings");
    const addedLater = await errorOf(() =>
      sql`insert into lumbung.postings (book_id, seq, idx, account, amount, unit, party)
          values ('kop-a', 2, 7, '1101', 100, 'USP', 'umum')`.execute(admin),
    );
    expect(addedLater.code).toBe("23514");
    expect(await countOf("events", 97)).toBe(0);
    expect(await countOf("postings")).toBe(before);
  });

  it("lumbung.append refuses a batch whose head does not match its events, or whose events do not chain onto the head, and writes nothing", async () => {
    // A book of its own; a deposit decided against its head, as the store would send it; then spoilt.
    const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date("2026-01-20T05:00:00Z") } });
    await Effect.runPromise(executor.execute("kop-c", [{ type: "OpenBook", bookId: "kop-c", name: "kop-c", startDate: "2026-01-01" }]));
    await Effect.runPromise(
      executor.execute("kop-c", [{ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(7) }]),
    );
    const state = (await Effect.runPromise(ledger.store.open("kop-c"))) as BookState;
    const expectedSeq = state.seq;
    const engine = new BookEngine({ today: "2026-01-20", recordedAt: "2026-01-20T05:00:00.000Z", actor: "test" });
    engine.state = state;
    const result = engine.run({ type: "DepositSukarela", key: "spoilt", memberNo: "A001", date: "2026-01-10", amount: "5000" });
    if (!result.ok) throw new Error(String(result.error));
    const good = toBatch({
      bookId: "kop-c",
      expectedSeq,
      events: result.events,
      idempotency: [{ key: "spoilt", digest: "e".repeat(64), firstSeq: expectedSeq + 1, lastSeq: expectedSeq + 1 }],
      identities: [],
    });
    const batch = JSON.parse(good.batch) as { head: { seq: number; hash: string; prevHash: string } };
    const events = JSON.parse(good.events as string) as Array<{ seq: number }>;
    const postings = JSON.parse(good.postings as string) as Array<{ seq: number }>;
    const append = (b: unknown, e: unknown, p: unknown, m: string | null) =>
      errorOf(() =>
        app.executeQuery(
          CompiledQuery.raw(APPEND_SQL, [
            "kop-c",
            expectedSeq,
            JSON.stringify(b),
            e === null ? null : JSON.stringify(e),
            p === null ? null : JSON.stringify(p),
            m,
          ]),
        ),
      );
    const spoilt = [
      // the head moves, but no event comes with it
      await append(batch, null, null, null),
      // the event is numbered past a gap
      await append(
        { ...batch, head: { ...batch.head, seq: expectedSeq + 2 } },
        events.map((e) => ({ ...e, seq: expectedSeq + 2 })),
        postings.map((p) => ({ ...p, seq: expectedSeq + 2 })),
        good.moves?.replaceAll(`"seq":${expectedSeq + 1}`, `"seq":${expectedSeq + 2}`) ?? null,
      ),
      // the head's hash is not the last event's
      await append({ ...batch, head: { ...batch.head, hash: "ab".repeat(32) } }, events, postings, good.moves),
      // the batch claims its event follows another hash than the head's
      await append({ ...batch, head: { ...batch.head, prevHash: "ab".repeat(32) } }, events, postings, good.moves),
      // the batch claims the head's hash, but its event follows another
      await append(
        batch,
        events.map((e) => ({ ...e, prevHash: "cd".repeat(32) })),
        postings,
        good.moves,
      ),
    ];
    expect(spoilt.map((error) => error.code)).toEqual(["23514", "23514", "23514", "23514", "23514"]);
    expect(spoilt.map((error) => /moves the head|head hash|but the head of book|do not chain/.exec(error.message)?.[0])).toEqual([
      "moves the head",
      "moves the head",
      "head hash",
      "but the head of book",
      "do not chain",
    ]);
    // A batch built by an older @lumbung/postgres (events inside the jsonb) is told to upgrade, and so
    // is one that does not name the hash its first event follows.
    const old = await append({ ...batch, events, postings }, null, null, null);
    expect(old.code).toBe("22023");
    expect(old.message).toContain("older schema");
    const { prevHash: _unnamed, ...headWithoutPrev } = batch.head as { seq: number; hash: string; prevHash?: string };
    const unnamed = await append({ ...batch, head: headWithoutPrev }, events, postings, good.moves);
    expect(unnamed.code).toBe("22023");
    expect(unnamed.message).toContain("does not name the hash");
    const { rows } = await sql<{ head_seq: string; n: number }>`
      select b.head_seq, (select count(*)::int from lumbung.events e where e.book_id = 'kop-c') as n
        from lumbung.books b where b.book_id = 'kop-c'`.execute(admin);
    expect(rows[0]).toEqual({ head_seq: String(expectedSeq), n: expectedSeq });
    // The batch as built is accepted.
    await app.executeQuery(CompiledQuery.raw(APPEND_SQL, ["kop-c", expectedSeq, good.batch, good.events, good.postings, good.moves]));
  });

  it("triggers refuse UPDATE, DELETE and TRUNCATE of history, even for a superuser", async () => {
    for (const statement of [
      "update lumbung.events set actor = 'someone' where book_id = 'kop-a'",
      "delete from lumbung.events where book_id = 'kop-a' and seq = 2",
      "update lumbung.postings set amount = amount * 2 where book_id = 'kop-a'",
      "delete from lumbung.postings where book_id = 'kop-a'",
      "update lumbung.events set cmd_digest = null where book_id = 'kop-a'",
      "truncate lumbung.postings cascade",
    ]) {
      const error = await errorOf(() => sql.raw(statement).execute(admin));
      expect(error.message).toMatch(/append-only/);
    }
  });

  it("the application role has no grant to change history", async () => {
    const error = await errorOf(() =>
      app.transaction().execute(async (trx) => {
        await sql`select set_config('lumbung.book_id', 'kop-a', true)`.execute(trx);
        await sql`update lumbung.events set actor = 'x'`.execute(trx);
      }),
    );
    expect(error.code).toBe("42501");
    expect(error.message).toContain("permission denied");
    const deleted = await errorOf(() => sql`delete from lumbung.postings`.execute(app));
    expect(deleted.message).toContain("permission denied");
  });

  it("row-level security: the application role bound to one book reads none of another and cannot write to it", async () => {
    const seen = await app.transaction().execute(async (trx) => {
      await sql`select set_config('lumbung.book_id', 'kop-a', true)`.execute(trx);
      const { rows } = await sql<{
        book_id: string;
        n: number;
      }>`select book_id, count(*)::int as n from lumbung.events group by book_id`.execute(trx);
      const other = await sql<{ n: number }>`select count(*)::int as n from lumbung.members where book_id = 'kop-b'`.execute(trx);
      return { rows, other: other.rows[0]?.n };
    });
    expect(seen.rows).toEqual([{ book_id: "kop-a", n: 2 }]);
    expect(seen.other).toBe(0);
    const write = await errorOf(() =>
      app.transaction().execute(async (trx) => {
        await sql`select set_config('lumbung.book_id', 'kop-a', true)`.execute(trx);
        await sql`insert into lumbung.members (book_id, member_no, status, joined_on, identity_digest) values ('kop-b', 'Z9', 'active', '2026-01-02', 'x')`.execute(
          trx,
        );
      }),
    );
    expect(write.message).toContain("row-level security");
    const unbound = await sql<{ n: number }>`select count(*)::int as n from lumbung.events`.execute(app);
    expect(unbound.rows[0]?.n).toBe(0);
    const append = await errorOf(() =>
      app.transaction().execute(async (trx) => {
        await sql`select set_config('lumbung.book_id', 'kop-a', true)`.execute(trx);
        await sql`select lumbung.append('kop-b', 2, '{"events":[]}'::jsonb)`.execute(trx);
      }),
    );
    expect(append.code).toBe("LB003");
  });

  it("creating the application role is safe when parallel workers race", async () => {
    const role = `lumbung_race_${Date.now().toString(36)}`;
    const databases = await Promise.all([1, 2, 3, 4].map(() => freshDatabase()));
    try {
      const dbs = databases.map((d) => superuserDb(d.url));
      await Promise.all(dbs.map((db) => migrate(db)));
      const results = await Promise.all(dbs.map((db) => ensureAppRole(db, { role })));
      expect(results).toEqual([role, role, role, role]);
      await Promise.all(dbs.map((db) => db.destroy()));
    } finally {
      await Promise.all(databases.map((d) => d.drop()));
      await sql.raw(`drop role if exists ${role}`).execute(admin);
    }
  });

  it("migrations are idempotent: a second run applies nothing", async () => {
    const report = await migrate(admin);
    expect(report.applied).toEqual([]);
  });
});

describe("a projection changed behind the engine's back", () => {
  it("stops the month close (the sub-ledger no longer reconciles) and nothing is written", async () => {
    // As the DBA: a member's pokok in the sub-ledger projection, and not its control account.
    await admin.transaction().execute(async (trx) => {
      await sql`update lumbung.subledger_balances set balance = balance - 1
                 where book_id = 'kop-b' and account = '3101' and sub_key = 'A001'`.execute(trx);
    });
    const head = async () =>
      (await sql<{ head_seq: string }>`select head_seq from lumbung.books where book_id = 'kop-b'`.execute(admin)).rows[0]?.head_seq;
    const before = await head();
    // A fresh executor opens the book from the projections, as after a restart.
    const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date("2026-02-03T05:00:00Z") } });
    const exit = await Effect.runPromiseExit(executor.execute("kop-b", [{ type: "CloseMonth", month: "2026-01" }]));
    const text = JSON.stringify(exit);
    expect(text).toContain("MonthNotClosable");
    expect(text).toContain("subledger-unreconciled");
    expect(await head()).toBe(before);
  });
});
