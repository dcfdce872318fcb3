/**
 * A durable PGlite folder: each commit's WAL reaches the disk before the commit returns, as the
 * kernel sees it. strace must be installed (CI installs it with apt-get); a missing tool fails,
 * never skips.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAll, verifyLog } from "@lumbung/core";
import { Effect } from "effect";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openPGlite } from "../src/index.js";

const writer = fileURLToPath(new URL("./fixtures/durable-writer.ts", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "lumbung-durable-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const nodeArgs = (folder: string, mode: string, count: number) => [
  "--conditions=source",
  "--import",
  "tsx",
  writer,
  folder,
  mode,
  String(count),
];

/** Runs the writer under strace, tracing its fsync calls and its writes to standard output. */
const traced = (folder: string, mode: "durable" | "relaxed", count: number): string[] => {
  const log = join(root, `${mode}.strace`);
  const result = spawnSync(
    "strace",
    ["-f", "-y", "-s", "64", "-e", "trace=fsync,fdatasync,write", "-o", log, process.execPath, ...nodeArgs(folder, mode, count)],
    {
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  if (result.error !== undefined) throw new Error(`strace is not installed (apt-get install strace): ${result.error.message}`);
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain(`committed ${count}`);
  return readFileSync(log, "utf8").split("\n");
};

/** For each "committed N" the writer printed: whether a WAL file was synced since the one before. */
const walSyncedBeforeEachCommit = (lines: ReadonlyArray<string>) => {
  const seen: Array<{ n: number; walSynced: boolean }> = [];
  let started = false;
  let walSynced = false;
  for (const line of lines) {
    if (/ f(data)?sync\(\d+<[^>]*\/pgdata\/pg_wal\/[0-9A-F]{24}>\) = 0/.test(line)) walSynced = true;
    if (/ write\(1<[^>]*>, "ready\\n"/.test(line)) {
      started = true;
      walSynced = false;
    }
    const committed = / write\(1<[^>]*>, "committed (\d+)\\n"/.exec(line);
    if (started && committed !== null) {
      seen.push({ n: Number(committed[1]), walSynced });
      walSynced = false;
    }
  }
  return seen;
};

const syncCalls = (lines: ReadonlyArray<string>) => lines.filter((line) => / f(data)?sync\(/.test(line));

describe("a durable PGlite folder", () => {
  it("syncs the WAL to the disk before each commit returns (strace)", () => {
    const folder = join(root, "durable");
    const lines = traced(folder, "durable", 25);
    const seen = walSyncedBeforeEachCommit(lines);
    expect(seen.map((s) => s.n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(seen.filter((s) => !s.walSynced)).toEqual([]);
    // On opening, the new folder was synced whole: its files, itself, and its entry in its parent.
    const opening = lines.slice(
      0,
      lines.findIndex((line) => line.includes('"ready\\n"')),
    );
    const synced = new Set(opening.flatMap((line) => /fsync\(\d+<([^>]*)>\) = 0/.exec(line)?.[1] ?? []));
    for (const path of [
      root,
      folder,
      join(folder, "pgdata"),
      join(folder, "pgdata", "PG_VERSION"),
      join(folder, "pgdata", "global", "pg_control"),
    ])
      expect(synced, path).toContain(path);
  });

  it("with durable: false, syncs nothing: PGlite's own setting", () => {
    const folder = join(root, "relaxed");
    const lines = traced(folder, "relaxed", 25);
    expect(walSyncedBeforeEachCommit(lines)).toHaveLength(25);
    expect(syncCalls(lines)).toEqual([]);
  });

  it("opens a folder with fsync on (off with durable: false) and 32 MB of shared buffers, in memory too", async () => {
    const settingsOf = async (options: Parameters<typeof openPGlite>[0]) => {
      const database = await openPGlite(options);
      try {
        const { rows } = await sql<{ fsync: string; method: string; buffers: string }>`
          select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method,
                 current_setting('shared_buffers') as buffers`.execute(database.db);
        return rows[0];
      } finally {
        await database.close();
      }
    };
    expect(await settingsOf({ folder: join(root, "settings") })).toEqual({ fsync: "on", method: "fsync", buffers: "32MB" });
    expect(await settingsOf({ folder: join(root, "settings"), durable: false })).toMatchObject({ fsync: "off", buffers: "32MB" });
    expect(await settingsOf({})).toMatchObject({ buffers: "32MB" });
  });

  it("a writer killed mid-run leaves every commit that returned, and the book verifies", async () => {
    const folder = join(root, "killed");
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, nodeArgs(folder, "durable", 100_000), { stdio: "pipe" });
    let out = "";
    let lastCommitted = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const all = [...out.matchAll(/committed (\d+)\n/g)];
        lastCommitted = Number(all.at(-1)?.[1] ?? 0);
        if (lastCommitted >= 200) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", (code) => reject(new Error(`exited with ${code} before 200 commits: ${out}`)));
    });
    await new Promise((resolve) => child.on("exit", resolve));
    // Opened again (PostgreSQL recovers from its WAL, syncing the folder as it does): every deposit
    // the writer saw committed is in the log, and the chain and the balances hold.
    const database = await openPGlite({ folder });
    try {
      const events = await Effect.runPromise(readAll(database.store, "kop"));
      const deposits = events.filter((e) => e.type === "SukarelaDeposited").length;
      expect(deposits).toBeGreaterThanOrEqual(lastCommitted);
      expect(verifyLog(events, await Effect.runPromise(database.store.projection("kop"))).ok).toBe(true);
    } finally {
      await database.close();
    }
  });
});
