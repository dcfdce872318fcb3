/**
 * The snapshot of a book's folded parts (loans, the shop, the closed years, …) that `open` writes
 * and reads, so that a long book is not folded from its first event at every open: on PGlite and on
 * a PostgreSQL server.
 */
import { decodeFolded, encodeFolded, FOLD_FORMAT, type LedgerStoreShape, readAll, replay, storeView, verifyStoredLog } from "@lumbung/core";
import { Effect } from "effect";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  APP_ROLE,
  inBookTransaction,
  type LedgerDatabase,
  makePostgresStore,
  openPGlite,
  openServer,
  SNAPSHOT_AFTER,
} from "../src/index.js";
import { scenario } from "./conformance.js";
import { freshDatabase, superuserDb } from "./helpers.js";

interface Subject {
  readonly ledger: LedgerDatabase;
  /** A store over the same database that writes a snapshot when an open folded at least `after` events (or never). */
  readonly store: (after: number | false) => LedgerStoreShape;
  /** Runs a statement as the schema's owner: behind the engine's back. */
  readonly asOwner: (statement: RawBuilder<unknown>) => Promise<Array<Record<string, unknown>>>;
  readonly close: () => Promise<void>;
}

const subjects: Record<string, () => Promise<Subject>> = {
  PGlite: async () => {
    const ledger = await openPGlite();
    return {
      ledger,
      store: (after) => makePostgresStore(ledger.db, { readsAsJson: true, snapshotAfter: after }),
      asOwner: (statement) =>
        ledger.db.connection().execute(async (conn) => {
          await sql.raw("reset role").execute(conn);
          try {
            return (await statement.execute(conn)).rows as Array<Record<string, unknown>>;
          } finally {
            await sql.raw(`set role ${APP_ROLE}`).execute(conn);
          }
        }),
      close: () => ledger.close(),
    };
  },
  "PostgreSQL server": async () => {
    expect(inject("databaseUrl")).toBeTruthy();
    const database = await freshDatabase();
    const ledger = await openServer({ url: database.url });
    // biome-ignore lint/suspicious/noExplicitAny: raw SQL in tests.
    const owner: Kysely<any> = superuserDb(database.url);
    return {
      ledger,
      store: (after) => makePostgresStore(ledger.db, { snapshotAfter: after }),
      asOwner: async (statement) => (await statement.execute(owner)).rows as Array<Record<string, unknown>>,
      close: async () => {
        await owner.destroy();
        await ledger.close();
        await database.drop();
      },
    };
  },
};

describe.each(Object.keys(subjects))("the folded parts' snapshot, on %s", (name) => {
  let subject: Subject;
  const book = "kop-s";
  const snapshotRow = async (bookId = book) =>
    (await subject.asOwner(sql`select seq::int as seq, format, folded from lumbung.fold_snapshots where book_id = ${bookId}`))[0] as
      | { seq: number; format: number; folded: string }
      | undefined;
  const open = async (store: LedgerStoreShape, bookId = book) => Effect.runPromise(store.open(bookId));
  const log = async (bookId = book) => Effect.runPromise(readAll(subject.ledger.store, bookId));

  beforeAll(async () => {
    subject = await (subjects[name] as () => Promise<Subject>)();
  });
  afterAll(async () => {
    await subject?.close();
  });

  it("is written by an open that folded enough events, at the head, and the next open starts from it", async () => {
    const eager = subject.store(1);
    const { executor } = await scenario(eager, book, { closeYear: true });
    // The scenario's executor opened the book before its first event: nothing to snapshot then.
    expect(await snapshotRow()).toBeUndefined();
    // The default waits for SNAPSHOT_AFTER folded events; a book this small has fewer.
    expect(await open(subject.ledger.store)).toEqual(replay(await log()));
    expect(await snapshotRow()).toBeUndefined();
    expect(SNAPSHOT_AFTER).toBe(2_000);
    expect(await open(subject.store(false))).toEqual(replay(await log()));
    expect(await snapshotRow()).toBeUndefined();

    const first = await log();
    expect(await open(eager)).toEqual(replay(first));
    const written = await snapshotRow();
    expect(written).toMatchObject({ seq: first.length, format: FOLD_FORMAT });
    // Opened again with nothing after it: the same state, and the snapshot stays as it was.
    expect(await open(eager)).toEqual(replay(first));
    expect(await snapshotRow()).toEqual(written);

    // Folded events after it (a supplier and a customer for the shop) and one that is not (a journal).
    await Effect.runPromise(
      executor.execute(book, [
        { type: "AddSupplier", code: "TANI-2", name: "Kelompok Tani Jati" },
        { type: "AddCustomer", code: "KANTIN-2", name: "Kantin Sekolah", kind: "institutional", creditLimit: "1000000" },
      ]),
    );
    const later = await log();
    expect(later.length).toBe(first.length + 2);
    const reopened = await open(eager);
    expect(reopened).toEqual(replay(later));
    expect(reopened?.shop.suppliers.has("TANI-2")).toBe(true);
    expect(await snapshotRow()).toMatchObject({ seq: later.length, format: FOLD_FORMAT });
    // A store that would not write one still reads it.
    expect(await open(subject.store(false))).toEqual(replay(later));
  });

  it("a snapshot changed behind the engine's back is the state the book opens with, and verify names the difference", async () => {
    const row = (await snapshotRow()) as { seq: number; folded: string };
    const parts = decodeFolded(row.folded);
    const year = parts.closing.years.get("2026");
    expect(year?.distributed).toBe(true);
    if (year !== undefined) year.distributed = false;
    await subject.asOwner(sql`update lumbung.fold_snapshots set folded = ${encodeFolded(parts)} where book_id = ${book}`);
    const store = subject.store(false);
    // Proof that open read it: the year's SHU is not distributed in the state it opened with.
    expect((await open(store))?.closing.years.get("2026")?.distributed).toBe(false);
    const view = await Effect.runPromise(storeView(store, book));
    const report = await Effect.runPromise(verifyStoredLog(store, book, view));
    expect(report.problem).toEqual({
      seq: report.headSeq,
      kind: "projection",
      detail: "closing › years › 2026 › distributed: store false, replay true",
    });
    // Put right by writing it again from the log (here: a snapshot of another format is not read, below).
    await subject.asOwner(sql`update lumbung.fold_snapshots set folded = ${row.folded} where book_id = ${book}`);
    expect(await open(store)).toEqual(replay(await log()));
  });

  it("a snapshot of another format, or one that cannot be read, is not used: the book is folded from its first event and a new one written", async () => {
    const eager = subject.store(1);
    const all = await log();
    for (const change of [sql`format = ${FOLD_FORMAT + 1}`, sql`folded = '{"loans":'`, sql`folded = '{}'`]) {
      await subject.asOwner(sql`update lumbung.fold_snapshots set ${change} where book_id = ${book}`);
      expect(await open(eager)).toEqual(replay(all));
      const rewritten = await snapshotRow();
      expect(rewritten).toMatchObject({ seq: all.length, format: FOLD_FORMAT });
      expect(() => decodeFolded(rewritten?.folded ?? "")).not.toThrow();
    }
    // A snapshot beyond the head (a book restored from an older backup, say) is not used either.
    await subject.asOwner(sql`update lumbung.fold_snapshots set seq = seq + 1000 where book_id = ${book}`);
    expect(await open(subject.store(false))).toEqual(replay(all));
    expect(await open(eager)).toEqual(replay(all));
    expect(await snapshotRow()).toMatchObject({ seq: all.length, format: FOLD_FORMAT });
  });

  it("row-level security: bound to another book, the application role reads none of this book's snapshot and cannot write one for it", async () => {
    const seen = await inBookTransaction(
      subject.ledger.db,
      "kop-other",
      async (trx) => (await sql<{ n: number }>`select count(*)::int as n from lumbung.fold_snapshots`.execute(trx)).rows[0]?.n,
    );
    expect(seen).toBe(0);
    // Bound to its own book, it sees this one's row.
    const own = await inBookTransaction(
      subject.ledger.db,
      book,
      async (trx) => (await sql<{ n: number }>`select count(*)::int as n from lumbung.fold_snapshots`.execute(trx)).rows[0]?.n,
    );
    expect(own).toBe(1);
    const write = inBookTransaction(subject.ledger.db, "kop-other", (trx) =>
      sql`insert into lumbung.fold_snapshots (book_id, seq, format, folded) values (${book}, 1, 1, '{}')`.execute(trx),
    );
    await expect(write).rejects.toThrow(/row-level security/);
  });

  it("refuses a threshold that is not a whole number of events", () => {
    for (const after of [0, -1, 1.5, Number.NaN])
      expect(() => subject.store(after)).toThrow(`snapshotAfter: ${after} is not a whole number of events of at least 1 (or false)`);
  });
});
