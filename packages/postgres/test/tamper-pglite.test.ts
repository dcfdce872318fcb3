/**
 * Rows changed behind the engine's back on PGlite, where the log is read as one JSON list of a page's
 * events and another of their postings (pg-store.ts, `readEvents`), not a row each as on the server
 * (faults.test.ts): verify names the event, however the log is paged, and a posting left without its
 * event is not taken for another event's.
 */
import { makeExecutor, readAll, verifyStoredLog } from "@lumbung/core";
import { Effect } from "effect";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identity } from "../../core/test/helpers.js";
import { APP_ROLE, type LedgerDatabase, openPGlite } from "../src/index.js";

const clock = { now: () => new Date("2026-01-20T05:00:00Z") };
let ledger: LedgerDatabase;

/** A book of four members, each with two sukarela deposits and a journal entry: events of none, two and three postings. */
const makeBook = async (book: string) => {
  const executor = makeExecutor({ store: ledger.store, clock });
  await Effect.runPromise(executor.execute(book, [{ type: "OpenBook", bookId: book, name: book, startDate: "2026-01-01" }]));
  for (let n = 1; n <= 4; n++) {
    await Effect.runPromise(
      executor.execute(book, [{ type: "RegisterMember", memberNo: `A00${n}`, date: "2026-01-02", identity: identity(n) }]),
    );
    for (const amount of ["15000", "27500"])
      await Effect.runPromise(executor.execute(book, [{ type: "DepositSukarela", memberNo: `A00${n}`, date: "2026-01-05", amount }]));
    await Effect.runPromise(
      executor.execute(book, [
        {
          type: "PostJournal",
          date: "2026-01-06",
          memo: "pendapatan lain dan hibah",
          lines: [
            { account: "1101", debit: "30000" },
            { account: "4901", credit: "20000" },
            { account: "3301", credit: "10000" },
          ],
        },
      ]),
    );
  }
  return Effect.runPromise(readAll(ledger.store, book));
};

/** Runs statements as PGlite's owner with the tables' triggers off, then works as the application role again. */
const behindTheEnginesBack = (...statements: string[]) =>
  ledger.db.connection().execute(async (conn) => {
    await sql.raw("reset role").execute(conn);
    await sql.raw("alter table lumbung.events disable trigger all; alter table lumbung.postings disable trigger all").execute(conn);
    for (const statement of statements) await sql.raw(statement).execute(conn);
    await sql.raw("alter table lumbung.events enable trigger all; alter table lumbung.postings enable trigger all").execute(conn);
    await sql.raw(`set role ${APP_ROLE}`).execute(conn);
  });

const verifyPaged = async (book: string, pageSize: number) => {
  const expected = await Effect.runPromise(ledger.store.projection(book));
  return Effect.runPromise(verifyStoredLog(ledger.store, book, { expected, pageSize }));
};

beforeAll(async () => {
  ledger = await openPGlite();
});
afterAll(async () => {
  await ledger?.close();
});

describe("PGlite: the log read as JSON lists, changed behind the engine's back", () => {
  it("reads every event with its own postings, in order, in pages of any size", async () => {
    const all = await makeBook("kop-r");
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(new Set(all.map((e) => e.postings.length))).toEqual(new Set([0, 2, 3]));
    for (const pageSize of [1, 2, 3, 5, 7, 10_000]) {
      const pages: number[] = [];
      const report = await Effect.runPromise(
        verifyStoredLog(ledger.store, "kop-r", {
          expected: await Effect.runPromise(ledger.store.projection("kop-r")),
          pageSize,
          onPage: (page) => pages.push(page.length),
          readToEnd: true,
        }),
      );
      expect(report.ok, `pages of ${pageSize}`).toBe(true);
      expect(pages.reduce((a, b) => a + b, 0)).toBe(all.length);
    }
    expect(await Effect.runPromise(ledger.store.read("kop-r", 4, 3))).toEqual(all.slice(4, 7));
    expect(await Effect.runPromise(ledger.store.read("kop-r", all.length, 3))).toEqual([]);
  });

  it("a posting's amount changed is named by verify as that event's hash", async () => {
    const all = await makeBook("kop-s");
    const target = all.filter((e) => e.type === "SukarelaDeposited")[3];
    expect(target?.postings.length).toBe(2);
    await behindTheEnginesBack(
      `update lumbung.postings set amount = amount * 2 where book_id = 'kop-s' and seq = ${target?.seq} and idx = 1`,
    );
    for (const pageSize of [1, 3, 10_000]) {
      const report = await verifyPaged("kop-s", pageSize);
      expect(report.problem, `pages of ${pageSize}`).toMatchObject({ seq: target?.seq, kind: "hash" });
    }
  });

  it("an event deleted with its postings left behind: verify names the gap, and no other event takes those postings", async () => {
    const all = await makeBook("kop-t");
    const gone = all.find((e) => e.type === "SukarelaDeposited" && e.seq > 5) as (typeof all)[number];
    await behindTheEnginesBack(`delete from lumbung.events where book_id = 'kop-t' and seq = ${gone.seq}`);
    const left = await Effect.runPromise(readAll(ledger.store, "kop-t"));
    expect(left.map((e) => e.seq)).toEqual(all.map((e) => e.seq).filter((seq) => seq !== gone.seq));
    expect(left).toEqual(all.filter((e) => e.seq !== gone.seq));
    for (const pageSize of [1, 3, 4, 5, 10_000]) {
      const report = await verifyPaged("kop-t", pageSize);
      expect(report.problem, `pages of ${pageSize}`).toMatchObject({
        seq: gone.seq + 1,
        kind: "sequence",
        detail: `expected event #${gone.seq}, found #${gone.seq + 1}`,
      });
    }
  });

  it("a posting deleted is named by verify as its event's hash", async () => {
    const all = await makeBook("kop-u");
    const target = all.filter((e) => e.type === "SukarelaDeposited")[1] as (typeof all)[number];
    await behindTheEnginesBack(`delete from lumbung.postings where book_id = 'kop-u' and seq = ${target.seq} and idx = 0`);
    const read = await Effect.runPromise(ledger.store.read("kop-u", target.seq - 1, 1));
    expect(read[0]?.postings).toEqual(target.postings.slice(1));
    const report = await verifyPaged("kop-u", 10_000);
    expect(report.problem).toMatchObject({ seq: target.seq, kind: "hash" });
  });
});
