/**
 * Migration 0010 moved the one-column checks of history, of the head and of a member's status into
 * domains (planned once per session instead of once per statement), and gave the two entry triggers
 * a shortcut for the common case. The rules did not change: every bad row below is refused on PGlite and on the server; statements built to slip past the shortcut of
 * the whole-entry check are refused; and a book written before 0010 is migrated in place, its
 * connections still open, and goes on.
 */
import { makeExecutor, readAll, verifyLog } from "@lumbung/core";
import { Effect } from "effect";
import { type Kysely, Migrator, type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identity } from "../../core/test/helpers.js";
import { ensureAppRole, type LedgerDatabase, MIGRATIONS, migrate, openPGlite, openServer } from "../src/index.js";
import { errorOf, freshDatabase, superuserDb } from "./helpers.js";

const clock = { now: () => new Date("2026-01-20T05:00:00Z") };
const book = "kop-c";

const openBook = async (ledger: LedgerDatabase, bookId = book) => {
  const executor = makeExecutor({ store: ledger.store, clock });
  await Effect.runPromise(executor.execute(bookId, [{ type: "OpenBook", bookId, name: bookId, startDate: "2026-01-01" }]));
  await Effect.runPromise(
    executor.execute(bookId, [{ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) }]),
  );
  return executor;
};

const hex = (byte: string, bytes: number) => sql`decode(${byte.repeat(bytes)}, 'hex')`;

/** An event row of the book by hand; each field may be spoilt. */
const eventRow = (
  seq: number,
  over: {
    seq?: unknown;
    prevHash?: RawBuilder<unknown>;
    hash?: RawBuilder<unknown>;
    digest?: RawBuilder<unknown> | null;
    count?: number | null;
  } = {},
) => sql`insert into lumbung.events (book_id, seq, type, version, business_date, recorded_at, idem_key, actor, data, prev_hash, hash, cmd_digest, cmd_events)
  values (${book}, ${over.seq ?? seq}, 'JournalPosted', 1, '2026-01-05', now(), ${`hand-${seq}`}, 'x', '{}',
          ${over.prevHash ?? hex("00", 32)}, ${over.hash ?? hex("11", 32)}, ${over.digest === undefined ? hex("22", 32) : over.digest},
          ${over.count === undefined ? 1 : over.count})`;

/** A balanced entry of two postings for event `seq`, the first one spoilt as given. */
const postingRows = (seq: number, first: { idx?: number; amount?: string; party?: string } = {}) =>
  sql`insert into lumbung.postings (book_id, seq, idx, account, amount, unit, party)
      values (${book}, ${seq}, ${first.idx ?? 0}, '1101', ${first.amount ?? "100"}, 'USP', ${first.party ?? "umum"}),
             (${book}, ${seq}, 1, '3301', -100, 'USP', 'umum')`;

// Each write breaks exactly one rule. The constraint named is the table's before 0010, but for the
// three hash columns, which share the domain sha256.
const BAD_WRITES: ReadonlyArray<{ rule: string; constraint: string; writes: ReadonlyArray<RawBuilder<unknown>> }> = [
  { rule: "an event numbered 0", constraint: "events_seq_check", writes: [eventRow(90, { seq: 0 })] },
  { rule: "a previous hash of 31 bytes", constraint: "sha256_check", writes: [eventRow(90, { prevHash: hex("00", 31) })] },
  { rule: "a hash of 33 bytes", constraint: "sha256_check", writes: [eventRow(90, { hash: hex("11", 33) })] },
  { rule: "a command digest of 16 bytes", constraint: "sha256_check", writes: [eventRow(90, { digest: hex("22", 16) })] },
  { rule: "a command digest without its count of events", constraint: "events_check", writes: [eventRow(90, { count: null })] },
  { rule: "a posting numbered 64", constraint: "postings_idx_check", writes: [eventRow(90), postingRows(90, { idx: 64 })] },
  { rule: "a posting of zero", constraint: "postings_amount_check", writes: [eventRow(90), postingRows(90, { amount: "0" })] },
  {
    rule: "a posting above 10^15",
    constraint: "postings_amount_check",
    writes: [eventRow(90), postingRows(90, { amount: "1000000000000001" })],
  },
  {
    rule: "a posting of an unknown party",
    constraint: "postings_party_check",
    writes: [eventRow(90), postingRows(90, { party: "tetangga" })],
  },
  {
    rule: "a head below zero",
    constraint: "books_head_seq_check",
    writes: [sql`update lumbung.books set head_seq = -1 where book_id = ${book}`],
  },
  {
    rule: "a member status that does not exist",
    constraint: "members_status_check",
    writes: [sql`update lumbung.members set status = 'gone' where book_id = ${book} and member_no = 'A001'`],
  },
];

const counts = async (db: LedgerDatabase["db"]) =>
  db.transaction().execute(async (trx) => {
    await sql`select set_config('lumbung.book_id', ${book}, true)`.execute(trx);
    const { rows } = await sql<{ events: number; postings: number; head: string; status: string }>`
      select (select count(*)::int from lumbung.events) as events, (select count(*)::int from lumbung.postings) as postings,
             (select head_seq::text from lumbung.books) as head, (select status from lumbung.members where member_no = 'A001') as status`.execute(
      trx,
    );
    return rows[0];
  });

describe.each([
  ["PGlite", () => openPGlite()],
  [
    "PostgreSQL server",
    async () => {
      const database = await freshDatabase();
      const ledger = await openServer({ url: database.url });
      return {
        ...ledger,
        close: async () => {
          await ledger.close();
          await database.drop();
        },
      };
    },
  ],
] as const)("the checks of migration 0010 on %s", (_name, open) => {
  let ledger: LedgerDatabase;
  beforeAll(async () => {
    ledger = await open();
    await openBook(ledger);
  });
  afterAll(async () => ledger?.close());

  it.each(BAD_WRITES.map((bad) => [bad.rule, bad] as const))("refuses %s, and writes nothing", async (_rule, bad) => {
    const before = await counts(ledger.db);
    const error = await errorOf(() =>
      ledger.db.transaction().execute(async (trx) => {
        await sql`select set_config('lumbung.book_id', ${book}, true)`.execute(trx);
        for (const write of bad.writes) await write.execute(trx);
      }),
    );
    expect(error.code).toBe("23514");
    expect(error.message).toContain(`"${bad.constraint}"`);
    expect(await counts(ledger.db)).toEqual(before);
  });

  it("still takes good rows: the same event and entry, unspoilt, are written by hand", async () => {
    const before = await counts(ledger.db);
    await ledger.db.transaction().execute(async (trx) => {
      await sql`select set_config('lumbung.book_id', ${book}, true)`.execute(trx);
      await eventRow(90).execute(trx);
      await postingRows(90).execute(trx);
    });
    expect(await counts(ledger.db)).toEqual({ ...before, events: (before?.events ?? 0) + 1, postings: (before?.postings ?? 0) + 2 });
  });
});

describe("the whole-entry check's shortcut (PostgreSQL server, as superuser)", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let ledger: LedgerDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: raw SQL in tests.
  let admin: Kysely<any>;
  beforeAll(async () => {
    database = await freshDatabase();
    ledger = await openServer({ url: database.url });
    admin = superuserDb(database.url);
    await openBook(ledger);
    await openBook(ledger, "kop-d");
  });
  afterAll(async () => {
    await admin?.destroy();
    await ledger?.close();
    await database?.drop();
  });

  const postingsOf = (rows: ReadonlyArray<{ book: string; seq: number; idx: number; amount: number }>) =>
    sql`insert into lumbung.postings (book_id, seq, idx, account, amount, unit, party)
        values ${sql.join(rows.map((r) => sql`(${r.book}, ${r.seq}, ${r.idx}, '1101', ${r.amount}, 'USP', 'umum')`))}`;

  it("refuses an entry without its first posting between two whole ones (one first posting short of the span)", async () => {
    const error = await errorOf(() =>
      postingsOf([
        { book, seq: 500, idx: 0, amount: 100 },
        { book, seq: 500, idx: 1, amount: -100 },
        { book, seq: 501, idx: 1, amount: 100 },
        { book, seq: 501, idx: 2, amount: -100 },
        { book, seq: 502, idx: 0, amount: 100 },
        { book, seq: 502, idx: 1, amount: -100 },
      ]).execute(admin),
    );
    expect(error.code).toBe("23514");
    expect(error.message).toContain("postings of event 501 in book kop-c were written without its first posting");
  });

  it("refuses a statement over two books whose numbers alone would pass (one first posting, one number)", async () => {
    const error = await errorOf(() =>
      postingsOf([
        { book, seq: 600, idx: 0, amount: 100 },
        { book: "kop-d", seq: 600, idx: 1, amount: -100 },
      ]).execute(admin),
    );
    expect(error.code).toBe("23514");
    expect(error.message).toContain("postings of event 600 in book kop-d were written without its first posting");
  });

  it("takes whole entries with a gap in their numbers (past the shortcut, to the full check)", async () => {
    await admin.transaction().execute(async (trx) => {
      for (const seq of [700, 702])
        await sql`insert into lumbung.events (book_id, seq, type, version, business_date, recorded_at, idem_key, actor, data, prev_hash, hash)
                  values (${book}, ${seq}, 'JournalPosted', 1, '2026-01-05', now(), ${`gap-${seq}`}, 'x', '{}', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'))`.execute(
          trx,
        );
      await postingsOf([
        { book, seq: 700, idx: 0, amount: 100 },
        { book, seq: 700, idx: 1, amount: -100 },
        { book, seq: 702, idx: 0, amount: 50 },
        { book, seq: 702, idx: 1, amount: -50 },
      ]).execute(trx);
    });
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from lumbung.postings where book_id = ${book} and seq in (700, 702)`.execute(admin);
    expect(rows[0]?.n).toBe(4);
  });
});

describe("migration 0010 on a book written before it (PostgreSQL server)", () => {
  it("changes the columns' types in place, keeps every row, and the open connections go on appending", async () => {
    const database = await freshDatabase();
    const owner = superuserDb(database.url);
    let ledger: LedgerDatabase | undefined;
    try {
      await sql`create schema if not exists lumbung`.execute(owner);
      const before0010 = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < "0010"));
      const { error } = await new Migrator({
        db: owner,
        provider: { getMigrations: async () => before0010 },
        migrationTableSchema: "lumbung",
      }).migrateToLatest();
      expect(error).toBeUndefined();
      await ensureAppRole(owner);
      ledger = await openServer({ url: database.url, migrate: false, poolSize: 2 });
      const executor = await openBook(ledger);
      const deposit = (n: number) => ({
        type: "DepositSukarela",
        key: `d${n}`,
        memberNo: "A001",
        date: "2026-01-15",
        amount: String(10_000 * n),
      });
      for (let n = 1; n <= 5; n++) await Effect.runPromise(executor.execute(book, [deposit(n)]));
      const typeOf = async () => {
        const { rows } = await sql<{ t: string }>`select format_type(atttypid, atttypmod) as t from pg_attribute
                                                   where attrelid = 'lumbung.postings'::regclass and attname = 'amount'`.execute(owner);
        return rows[0]?.t;
      };
      expect(await typeOf()).toBe("bigint");

      expect((await migrate(owner)).applied).toContain("0010_cheaper_checks");
      expect(await typeOf()).toBe("lumbung.posting_amount");
      // The same connections, whose append was planned before the change, go on.
      for (let n = 6; n <= 8; n++) await Effect.runPromise(executor.execute(book, [deposit(n)]));
      const events = await Effect.runPromise(readAll(ledger.store, book));
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(verifyLog(events, await Effect.runPromise(ledger.store.projection(book))).ok).toBe(true);
      const { rows } = await sql<{
        sukarela: string;
      }>`select sukarela::text from lumbung.members where book_id = ${book} and member_no = 'A001'`.execute(owner);
      expect(rows[0]?.sukarela).toBe(String(10_000 * 36));
    } finally {
      await ledger?.close();
      await owner.destroy();
      await database.drop();
    }
  });
});
