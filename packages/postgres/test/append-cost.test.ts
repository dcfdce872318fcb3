/**
 * An append reads only the rows its events move, whatever the size of the book: a deposit in a book
 * of many members reads one member row, found through its key, and updates two accounts. (Before
 * migration 0007 the planner joined a deposit's member delta to every member of the book.) Shown
 * with the transaction's own table statistics (pg_stat_xact_user_tables), on PGlite and on the server.
 */
import { BookEngine, type BookState, makeExecutor } from "@lumbung/core";
import { Effect } from "effect";
import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identity } from "../../core/test/helpers.js";
import { APP_ROLE, APPEND_SQL, appendArgs, type LedgerDatabase, openPGlite, openServer } from "../src/index.js";
import { freshDatabase, superuserDb } from "./helpers.js";

const MEMBERS = 600;
const clock = { now: () => new Date("2026-01-20T05:00:00Z") };

const openBook = async (ledger: LedgerDatabase, book: string, members = MEMBERS) => {
  const executor = makeExecutor({ store: ledger.store, clock });
  await Effect.runPromise(executor.execute(book, [{ type: "OpenBook", bookId: book, name: book, startDate: "2026-01-01" }]));
  await Effect.runPromise(
    executor.execute(
      book,
      Array.from({ length: members }, (_, i) => ({
        type: "RegisterMember",
        memberNo: `A${String(i + 1).padStart(4, "0")}`,
        date: "2026-01-02",
        identity: identity(i + 1),
      })),
    ),
  );
};

interface TableReads {
  readonly relname: string;
  readonly seq_tup_read: number;
  readonly idx_tup_fetch: number;
  readonly n_tup_upd: number;
}

/** Appends the deposits in one transaction and returns what that transaction read and updated, per table. */
const appendAndCount = async (ledger: LedgerDatabase, book: string, deposits: ReadonlyArray<{ member: string; amount: string }>) => {
  const state = (await Effect.runPromise(ledger.store.open(book))) as BookState;
  const expectedSeq = state.seq; // the engine applies its events to the state it was given
  const engine = new BookEngine({ today: "2026-01-20", recordedAt: "2026-01-20T05:00:00.000Z", actor: "test" });
  engine.state = state;
  const events = [];
  const idempotency = [];
  for (const [n, deposit] of deposits.entries()) {
    const key = `cost-${expectedSeq}-${n}`;
    const firstSeq = (engine.state?.seq ?? 0) + 1;
    const result = engine.run({ type: "DepositSukarela", key, memberNo: deposit.member, date: "2026-01-10", amount: deposit.amount });
    if (!result.ok) throw new Error(String(result.error));
    events.push(...result.events);
    idempotency.push({ key, digest: "c".repeat(64), firstSeq, lastSeq: firstSeq + result.events.length - 1 });
  }
  const args = appendArgs({ bookId: book, expectedSeq, events, idempotency, identities: [] });
  return ledger.db.transaction().execute(async (trx) => {
    // The view also holds counts this session has not reported yet: count the difference.
    const counts = async () => {
      const { rows } = await sql<TableReads>`
        select relname, coalesce(seq_tup_read, 0)::int as seq_tup_read, coalesce(idx_tup_fetch, 0)::int as idx_tup_fetch,
               n_tup_upd::int as n_tup_upd
          from pg_stat_xact_user_tables where schemaname = 'lumbung' and relname in ('members', 'accounts')`.execute(trx);
      return new Map(rows.map((row) => [row.relname, row]));
    };
    const before = await counts();
    await trx.executeQuery(CompiledQuery.raw(APPEND_SQL, args));
    const after = await counts();
    const read = (table: string) => {
      const [b, a] = [before.get(table), after.get(table)];
      return {
        seq_tup_read: (a?.seq_tup_read ?? 0) - (b?.seq_tup_read ?? 0),
        idx_tup_fetch: (a?.idx_tup_fetch ?? 0) - (b?.idx_tup_fetch ?? 0),
        n_tup_upd: (a?.n_tup_upd ?? 0) - (b?.n_tup_upd ?? 0),
      };
    };
    return new Map([
      ["members", read("members")],
      ["accounts", read("accounts")],
    ]);
  });
};

describe.each([
  ["PGlite", async () => ({ ledger: await openPGlite(), drop: async () => {} })],
  [
    "PostgreSQL server",
    async () => {
      const database = await freshDatabase();
      return { ledger: await openServer({ url: database.url }), drop: database.drop };
    },
  ],
] as const)("an append's cost does not grow with the book (%s)", (_name, open) => {
  let ledger: LedgerDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ ledger, drop } = await open());
    await openBook(ledger, "kop-besar");
  }, 120_000);
  afterAll(async () => {
    await ledger?.close();
    await drop?.();
  });

  it(`a deposit in a book of ${MEMBERS} members reads one member row and updates two accounts`, async () => {
    const reads = await appendAndCount(ledger, "kop-besar", [{ member: "A0300", amount: "25000" }]);
    const members = reads.get("members");
    const accounts = reads.get("accounts");
    expect(members).toMatchObject({ seq_tup_read: 0, n_tup_upd: 1 });
    expect(members?.idx_tup_fetch).toBeLessThanOrEqual(1);
    // The two accounts are updated through the key; the planner may read the book's part of the chart
    // index to find them (it is bounded by the chart, not by the members or the log).
    expect(accounts).toMatchObject({ seq_tup_read: 0, n_tup_upd: 2 });
  });

  it("a batch of deposits for three members reads those three member rows", async () => {
    const reads = await appendAndCount(ledger, "kop-besar", [
      { member: "A0001", amount: "10000" },
      { member: "A0450", amount: "20000" },
      { member: "A0001", amount: "5000" },
      { member: "A0600", amount: "30000" },
    ]);
    expect(reads.get("members")).toMatchObject({ seq_tup_read: 0, n_tup_upd: 3 });
    expect(reads.get("members")?.idx_tup_fetch).toBeLessThanOrEqual(3);
    // The balances moved exactly: the sub-ledger of each member holds what was deposited.
    const { rows } = await ledger.db.transaction().execute(async (trx) => {
      await sql`select set_config('lumbung.book_id', 'kop-besar', true)`.execute(trx);
      return sql<{ member_no: string; sukarela: string }>`
        select member_no, sukarela::text as sukarela from lumbung.members where member_no in ('A0001', 'A0450', 'A0600') order by member_no`.execute(
        trx,
      );
    });
    expect(rows).toEqual([
      { member_no: "A0001", sukarela: "15000" },
      { member_no: "A0450", sukarela: "20000" },
      { member_no: "A0600", sukarela: "30000" },
    ]);
  });
});

/** Brings the planner's statistics up to date (as autovacuum would), as the owner: the plans made after it see them. */
const analyzed = async (ledger: LedgerDatabase, superuserUrl?: string) => {
  const statement = "analyze lumbung.members, lumbung.accounts";
  if (superuserUrl === undefined) {
    // PGlite: one session, working as the application role; its session user owns the schema.
    await ledger.db.connection().execute(async (conn) => {
      await sql.raw("reset role").execute(conn);
      await sql.raw(statement).execute(conn);
      await sql.raw(`set role ${APP_ROLE}`).execute(conn);
    });
  } else {
    const owner = superuserDb(superuserUrl);
    await sql.raw(statement).execute(owner);
    await owner.destroy();
  }
};

describe.each([
  ["PGlite", async () => ({ ledger: await openPGlite(), url: undefined, drop: async () => {} })],
  [
    "PostgreSQL server",
    async () => {
      const database = await freshDatabase();
      return { ledger: await openServer({ url: database.url }), url: database.url, drop: database.drop };
    },
  ],
] as const)("an append never reads another book's rows, whatever the statistics say (%s)", (_name, open) => {
  it("two small books, just analyzed (tables of a few pages, which the planner would rather scan): a deposit in one reads none of the other", async () => {
    const { ledger, url, drop } = await open();
    try {
      await openBook(ledger, "kop-kecil", 12);
      await openBook(ledger, "kop-tetangga", 40);
      await analyzed(ledger, url);
      const chart = await ledger.db.transaction().execute(async (trx) => {
        await sql`select set_config('lumbung.book_id', 'kop-kecil', true)`.execute(trx);
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from lumbung.accounts`.execute(trx);
        return rows[0]?.n ?? 0;
      });
      const reads = await appendAndCount(ledger, "kop-kecil", [{ member: "A0007", amount: "25000" }]);
      // Through the primary key: the member itself (PGlite's PostgreSQL 18), or at most the book's own
      // part of the key (PostgreSQL 15 prices ten probes of the key above one pass over a small book).
      expect(reads.get("members")).toMatchObject({ seq_tup_read: 0, n_tup_upd: 1 });
      expect(reads.get("members")?.idx_tup_fetch).toBeLessThanOrEqual(12);
      expect(reads.get("accounts")).toMatchObject({ seq_tup_read: 0, n_tup_upd: 2 });
      expect(reads.get("accounts")?.idx_tup_fetch).toBeLessThanOrEqual(chart);
    } finally {
      await ledger.close();
      await drop();
    }
  });
});
