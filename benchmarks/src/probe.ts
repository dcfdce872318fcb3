import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BookEngine, type BookState, makeExecutor } from "@lumbung/core";
import { openServer, toBatch } from "@lumbung/postgres";
import { Effect } from "effect";
import pg from "pg";
import { nik } from "./log.js";

const script = join(import.meta.dirname, "..", "..", "scripts", "pg-test-cluster.sh");
const env = { ...process.env, PGTEST_PORT: "55998", PGTEST_DIR: mkdtempSync(join(tmpdir(), "probe-")), PGTEST_DURABLE: "1" };
const url = execFileSync("bash", [script, "start"], { env, encoding: "utf8" }).trim().split("\n").pop() as string;
try {
  const ledger = await openServer({ url, poolSize: 1 });
  const ex = makeExecutor({ store: ledger.store, clock: { now: () => new Date("2026-01-20T05:00:00Z") } });
  await Effect.runPromise(ex.execute("b", [{ type: "OpenBook", bookId: "b", name: "b", startDate: "2026-01-01" }]));
  await Effect.runPromise(
    ex.execute(
      "b",
      Array.from({ length: 100 }, (_, i) => ({
        type: "RegisterMember",
        memberNo: `M${i}`,
        date: "2026-01-02",
        identity: { nik: nik(i + 1), name: "x", address: "y" },
      })),
    ),
  );
  const state = (await Effect.runPromise(ledger.store.open("b"))) as BookState;
  await ledger.close();
  const engine = new BookEngine({ today: "2026-01-20", recordedAt: "2026-01-20T05:00:00.000Z" });
  engine.state = state;
  const appUrl = new URL(url);
  appUrl.username = "lumbung_app";
  const c = new pg.Client({ connectionString: appUrl.toString() });
  await c.connect();
  const batches: Array<[number, string]> = [];
  for (let i = 0; i < 3000; i++) {
    const expected = engine.state!.seq;
    const r = engine.run({ type: "DepositSukarela", memberNo: `M${i % 100}`, date: "2026-01-15", amount: "10000" });
    if (!r.ok) throw new Error("no");
    batches.push([
      expected,
      toBatch({
        bookId: "b",
        expectedSeq: expected,
        events: r.events,
        idempotency: [{ key: `k${i}`, digest: "d", firstSeq: expected + 1, lastSeq: expected + 1 }],
        identities: [],
      }),
    ]);
  }
  let i = 0;
  const time = async (label: string, n: number, f: () => Promise<unknown>) => {
    const t = performance.now();
    for (let k = 0; k < n; k++) await f();
    console.log(label, ((performance.now() - t) / n).toFixed(3), "ms");
  };
  await time("append (direct)", 1000, () => {
    const [e, b] = batches[i++]!;
    return c.query("select lumbung.append($1, $2, $3::jsonb)", ["b", e, b]);
  });
  const su = new pg.Client({ connectionString: url });
  await su.connect();
  const inTxn = async (label: string) => {
    await c.query("begin");
    await time(label, 300, () => {
      const [e, b] = batches[i++]!;
      return c.query("select lumbung.append($1, $2, $3::jsonb)", ["b", e, b]);
    });
    await c.query("commit");
  };
  await inTxn("in txn, as is");
  await su.query("alter function lumbung.append(text, bigint, jsonb) set plan_cache_mode = force_generic_plan");
  await inTxn("in txn, generic plans");
  await su.query("alter function lumbung.append(text, bigint, jsonb) reset plan_cache_mode");

  await su.query("alter table lumbung.postings disable trigger entry_balanced");
  await inTxn("in txn, no FK, no balance trigger");
  for (const t of ["events", "postings", "commands", "accounts", "subledger_balances", "members", "sukarela_moves", "books"]) {
    await su.query(`alter table lumbung.${t} no force row level security`);
    await su.query(`alter table lumbung.${t} disable row level security`);
  }
  await inTxn("in txn, no FK, no trigger, no RLS");
  await su.end();
  console.log("batch size", batches[0]![1].length);
  await c.end();
} finally {
  execFileSync("bash", [script, "stop"], { env });
}
