/**
 * On the server's own machine the library can reach PostgreSQL through its Unix socket (the faster
 * path, docs/persistence.md): migrations, the application role and appends work there as over TCP.
 */
import { makeExecutor } from "@lumbung/core";
import { Effect } from "effect";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { identity } from "../../core/test/helpers.js";
import { APP_ROLE, type LedgerDatabase, openServer } from "../src/index.js";
import { freshDatabase } from "./helpers.js";

let database: Awaited<ReturnType<typeof freshDatabase>>;
let ledger: LedgerDatabase;

beforeAll(async () => {
  const socket = inject("databaseSocketUrl");
  if (socket === "") throw new Error("DATABASE_URL is set without DATABASE_SOCKET_URL: give the same server's Unix socket URL too");
  database = await freshDatabase();
  const url = new URL(socket);
  url.pathname = new URL(database.url).pathname;
  ledger = await openServer({ url: url.toString(), poolSize: 1 });
});

afterAll(async () => {
  await ledger?.close();
  await database?.drop();
});

describe("a server through its Unix socket", () => {
  it("migrates, works as the application role and appends, over the socket and not TCP", async () => {
    const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date("2026-01-20T05:00:00Z") } });
    const run = (command: unknown) => Effect.runPromise(executor.execute("kop-s", [command]));
    await run({ type: "OpenBook", bookId: "kop-s", name: "S", startDate: "2026-01-01" });
    await run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await run({ type: "DepositSukarela", key: "s-1", memberNo: "A001", date: "2026-01-03", amount: "250000" });
    const { rows } = await ledger.db.transaction().execute(async (trx) => {
      await sql`select set_config('lumbung.book_id', 'kop-s', true)`.execute(trx);
      return sql<{ tcp: boolean; role: string; sukarela: string; head: string }>`
        select inet_server_addr() is not null as tcp, current_user as role,
               (select sukarela::text from lumbung.members where member_no = 'A001') as sukarela,
               (select head_seq::text from lumbung.books) as head`.execute(trx);
    });
    expect(rows[0]).toEqual({ tcp: false, role: APP_ROLE, sukarela: "250000", head: "3" });
  });
});
