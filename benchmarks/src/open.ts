/**
 * Opening a long book: `open` from the folded parts' snapshot (migration 0022) against `open` folding
 * every loan, shop, closing, asset, budget, time-deposit and rate event since the book's first day (as
 * before the snapshot), alternating in one process, on a PGlite folder and on a durable PostgreSQL
 * server. The book is the demo's, run for some years by the CLI (`lumbung demo --years N`), or a copy
 * of one already made. The two opens must give the same state.
 *
 *   node scripts/bench.mjs open [years] [folder of a demo book made before]      (default 10)
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BookState, FOLDED_EVENT_TYPES, stateDifference } from "@lumbung/core";
import { inBookTransaction, type LedgerDatabase, makePostgresStore, SNAPSHOT_AFTER } from "@lumbung/postgres";
import { Effect } from "effect";
import { sql } from "kysely";
import { conditions } from "./conditions.js";
import { onPGliteAndServer } from "./server.js";

const YEARS = Number(process.argv[2] ?? 10);
const MADE = process.argv[3];
const BOOK = "kop-jatisampurna";
const ROUNDS = 5;
const cli = join(import.meta.dirname, "..", "..", "packages", "cli", "dist", "lumbung.js");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ms = (value: number) => `${Math.round(value).toLocaleString("en-US")} ms`;
const list = (values: number[]) => values.map((v) => Math.round(v).toLocaleString("en-US")).join(", ");

const measure = async (where: string, ledger: LedgerDatabase, asJson: boolean) => {
  const store = (after: number | false) => makePostgresStore(ledger.db, { readsAsJson: asJson, snapshotAfter: after });
  const inBook = <A>(work: Parameters<typeof inBookTransaction<A>>[2]) => inBookTransaction(ledger.db, BOOK, work);
  const snapshot = () =>
    inBook(async (trx) => {
      const { rows } = await sql<{ seq: number; folded: string; chars: number; stored: number }>`
        select seq::int as seq, folded, length(folded) as chars, pg_column_size(folded) as stored from lumbung.fold_snapshots`.execute(trx);
      return rows[0];
    });
  const drop = () => inBook((trx) => sql`delete from lumbung.fold_snapshots`.execute(trx));
  const open = async (after: number | false): Promise<{ state: BookState; ms: number }> => {
    const started = performance.now();
    const state = (await Effect.runPromise(store(after).open(BOOK))) as BookState;
    return { state, ms: performance.now() - started };
  };

  const folded = await inBook(async (trx) => {
    const types = sql.join(FOLDED_EVENT_TYPES);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from lumbung.events where type in (${types})`.execute(trx);
    return rows[0]?.n ?? 0;
  });
  // Each round: an open that folds every folded event (no snapshot: as before migration 0022); the
  // same open writing the snapshot (the first open after the migration, or after SNAPSHOT_AFTER folded
  // events); an open from that snapshot at the head.
  const full: number[] = [];
  const writing: number[] = [];
  const fromSnapshot: number[] = [];
  let written: Awaited<ReturnType<typeof snapshot>>;
  let seq = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await drop();
    const a = await open(false);
    full.push(a.ms);
    seq = a.state.seq;
    writing.push((await open(SNAPSHOT_AFTER)).ms);
    written = await snapshot();
    if (written === undefined) throw new Error(`${where}: no snapshot was written`);
    const b = await open(false);
    fromSnapshot.push(b.ms);
    const difference = stateDifference(b.state, a.state);
    if (difference !== undefined) {
      console.error(`${where}: the state opened from the snapshot differs: ${difference}`);
      process.exitCode = 1;
    }
  }
  console.log(
    `\n## ${where}: ${seq.toLocaleString("en-US")} events, ${folded.toLocaleString("en-US")} of them folded (median of ${ROUNDS} rounds each)`,
  );
  if (written !== undefined)
    console.log(
      `the snapshot at event ${written.seq.toLocaleString("en-US")}: ${(written.chars / 2 ** 20).toFixed(1)} MiB of text, ${(written.stored / 2 ** 20).toFixed(1)} MiB stored (compressed by PostgreSQL)`,
    );
  console.log(`open, folding every folded event (no snapshot): ${ms(median(full))} (rounds ${list(full)} ms)`);
  console.log(`the same open writing the snapshot: ${ms(median(writing))} (rounds ${list(writing)} ms)`);
  console.log(
    `open from the snapshot at the head: ${ms(median(fromSnapshot))} (rounds ${list(fromSnapshot)} ms); the same state as folding every event: ${process.exitCode !== 1}`,
  );
};

console.log(`# Opening a long book (${conditions()})`);
const dir = mkdtempSync(join(tmpdir(), "lumbung-open-bench-"));
try {
  const folder = join(dir, "book");
  if (MADE === undefined) {
    const started = performance.now();
    execFileSync(process.execPath, [cli, "demo", "--years", String(YEARS), "--folder", folder], { stdio: ["ignore", "ignore", "inherit"] });
    console.log(`the book: lumbung demo --years ${YEARS}, made in ${ms(performance.now() - started)}`);
  } else {
    cpSync(MADE, folder, { recursive: true });
    console.log(`the book: a copy of ${MADE}`);
  }
  await onPGliteAndServer(folder, BOOK, measure);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
