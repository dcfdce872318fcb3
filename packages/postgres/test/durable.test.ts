/**
 * A durable PGlite folder: each commit's WAL reaches the disk before the commit returns, as the
 * kernel sees it. strace must be installed (CI installs it with apt-get); a missing tool fails,
 * never skips.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAll, verifyLog } from "@lumbung/core";
import { Effect } from "effect";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openPGlite } from "../src/index.js";
import { loadTemplate, readTar } from "../src/pgdata-template.js";
import { SYNCED_MARK } from "../src/pglite-start.js";

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
    [
      "-f",
      "-y",
      "-s",
      "64",
      "-e",
      "trace=fsync,fdatasync,write,rename,renameat,renameat2",
      "-o",
      log,
      process.execPath,
      ...nodeArgs(folder, mode, count),
    ],
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

/**
 * The writer's syncs that succeeded and its lines to standard output, in the order strace saw them.
 * A call that another thread interrupts is printed in two lines ("fsync(…) <unfinished ...>", then
 * "<... fsync resumed>) = 0"); it counts when it returns, on the line that says so.
 */
const traceOf = (lines: ReadonlyArray<string>) => {
  const seen: Array<{ sync: string } | { out: string } | { renamed: string }> = [];
  const pending = new Map<string, string>();
  for (const line of lines) {
    const whole = /^(\d+) +f(?:data)?sync\(\d+<([^>]*)>\) += 0/.exec(line);
    if (whole !== null) seen.push({ sync: whole[2] as string });
    const unfinished = /^(\d+) +f(?:data)?sync\(\d+<([^>]*)> <unfinished \.\.\.>/.exec(line);
    if (unfinished !== null) pending.set(unfinished[1] as string, unfinished[2] as string);
    const resumed = /^(\d+) +<\.\.\. f(?:data)?sync resumed>\) += 0/.exec(line);
    const path = resumed === null ? undefined : pending.get(resumed[1] as string);
    if (path !== undefined) seen.push({ sync: path });
    if (/^\d+ +rename(at2?)?\(.* = 0$/.test(line)) seen.push({ renamed: line });
    const out = /^\d+ +write\(1<[^>]*>, "([^"]*)\\n"/.exec(line);
    if (out !== null) seen.push({ out: out[1] as string });
  }
  return seen;
};

const WAL_FILE = /\/pgdata\/pg_wal\/[0-9A-F]{24}$/;

/** For each "committed N" the writer printed: whether a WAL file was synced since the one before. */
const walSyncedBeforeEachCommit = (lines: ReadonlyArray<string>) => {
  const seen: Array<{ n: number; walSynced: boolean }> = [];
  let started = false;
  let walSynced = false;
  for (const step of traceOf(lines)) {
    if ("sync" in step) {
      if (WAL_FILE.test(step.sync)) walSynced = true;
      continue;
    }
    if (!("out" in step)) continue;
    if (step.out === "ready") {
      started = true;
      walSynced = false;
    }
    const committed = /^committed (\d+)$/.exec(step.out);
    if (started && committed !== null) {
      seen.push({ n: Number(committed[1]), walSynced });
      walSynced = false;
    }
  }
  return seen;
};

/** The paths synced before the writer said "ready": what opening the folder synced. */
const syncedWhileOpening = (lines: ReadonlyArray<string>) => {
  const synced = new Set<string>();
  for (const step of traceOf(lines)) {
    if ("out" in step && step.out === "ready") break;
    if ("sync" in step) synced.add(step.sync);
  }
  return synced;
};

/**
 * How the new folder's data directory came to be: the paths synced under `pgdata.partial` before
 * it was renamed to `pgdata`, whether it was, and whether anything under `pgdata.partial` was
 * synced after.
 */
const madeWhole = (lines: ReadonlyArray<string>, folder: string) => {
  const partial = join(folder, "pgdata.partial");
  const before = new Set<string>();
  let renamed = false;
  let syncedAfter = false;
  for (const step of traceOf(lines)) {
    if ("renamed" in step && step.renamed.includes(`"${partial}"`) && step.renamed.includes(`"${join(folder, "pgdata")}"`)) renamed = true;
    if ("sync" in step && (step.sync === partial || step.sync.startsWith(`${partial}/`))) {
      if (renamed) syncedAfter = true;
      else before.add(step.sync.slice(partial.length));
    }
  }
  return { before, renamed, syncedAfter };
};

const syncCalls = (lines: ReadonlyArray<string>) => lines.filter((line) => / f(data)?sync\(|<\.\.\. f(data)?sync resumed>/.test(line));

describe("a durable PGlite folder", () => {
  it("reads strace's lines, a sync that another thread interrupted included", () => {
    const wal = "/tmp/x/pgdata/pg_wal/000000010000000000000001";
    const lines = [
      '7 write(1<pipe:[1]>, "ready\\n", 6) = 6',
      `7 fsync(23<${wal}> <unfinished ...>`,
      '8 write(5<anon_inode:[eventfd]>, "\\1\\0", 8) = 8',
      "7 <... fsync resumed>) = 0",
      '7 write(1<pipe:[1]>, "committed 1\\n", 12) = 12',
      `7 fsync(23<${wal}>) = 0`,
      '7 write(1<pipe:[1]>, "committed 2\\n", 12) = 12',
      '7 write(1<pipe:[1]>, "committed 3\\n", 12) = 12',
    ];
    expect(walSyncedBeforeEachCommit(lines)).toEqual([
      { n: 1, walSynced: true },
      { n: 2, walSynced: true },
      { n: 3, walSynced: false },
    ]);
    expect(syncCalls(lines)).toHaveLength(3);
  });

  it("syncs the WAL to the disk before each commit returns (strace)", () => {
    const folder = join(root, "durable");
    const lines = traced(folder, "durable", 25);
    const seen = walSyncedBeforeEachCommit(lines);
    expect(seen.map((s) => s.n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(seen.filter((s) => !s.walSynced)).toEqual([]);
    // On opening, the new folder was synced whole: its files, itself, and its entry in its parent.
    const synced = syncedWhileOpening(lines);
    for (const path of [root, folder]) expect(synced, path).toContain(path);
    // The folder's data directory was made from the template under pgdata.partial, every file and
    // directory of it synced before the rename that made it pgdata.
    const made = madeWhole(lines, folder);
    expect(made.renamed).toBe(true);
    expect(made.syncedAfter).toBe(false);
    const template = readTar(loadTemplate() as Uint8Array);
    expect(made.before.size).toBe(template.length + 1);
    for (const entry of template) expect(made.before, entry.path).toContain(`/${entry.path}`);
    expect(made.before).toContain("");
    // PostgreSQL shut down cleanly with fsync on and the folder was marked so: the next open syncs
    // what PostgreSQL itself syncs as it starts (pg_control), and the folder as the mark goes, but not
    // the folder's files whole.
    expect(existsSync(join(folder, SYNCED_MARK))).toBe(true);
    const again = syncedWhileOpening(traced(folder, "durable", 1));
    expect(again).toContain(folder);
    expect(again).not.toContain(join(folder, "pgdata", "PG_VERSION"));
    expect([...again].filter((path) => path.startsWith(join(folder, "pgdata", "base")))).toEqual([]);
    expect(again.size).toBeLessThan(20);
    // A copy of that folder made by copying its files (which need not have synced them) carries the
    // mark, but the mark names the data directory it was made for: the copy is synced whole.
    const copy = join(root, "durable-copied");
    cpSync(folder, copy, { recursive: true });
    expect(existsSync(join(copy, SYNCED_MARK))).toBe(true);
    expect(syncedWhileOpening(traced(copy, "durable", 1))).toContain(join(copy, "pgdata", "PG_VERSION"));
  });

  it("with durable: false, syncs nothing: PGlite's own setting; opened durable later, the folder is synced whole first", () => {
    const folder = join(root, "relaxed");
    const lines = traced(folder, "relaxed", 25);
    expect(walSyncedBeforeEachCommit(lines)).toHaveLength(25);
    expect(syncCalls(lines)).toEqual([]);
    // What was written without syncs goes to the disk when the folder is next opened durable.
    const synced = syncedWhileOpening(traced(folder, "durable", 1));
    for (const path of [
      root,
      folder,
      join(folder, "pgdata"),
      join(folder, "pgdata", "PG_VERSION"),
      join(folder, "pgdata", "global", "pg_control"),
    ])
      expect(synced, path).toContain(path);
    // Closed cleanly, that durable open left the mark; a later open with fsync off takes it away
    // (one sync: the folder's entries), so the durable open after it syncs the folder whole again.
    expect(existsSync(join(folder, SYNCED_MARK))).toBe(true);
    const relaxedAgain = traced(folder, "relaxed", 5);
    expect(syncCalls(relaxedAgain)).toHaveLength(1);
    expect(existsSync(join(folder, SYNCED_MARK))).toBe(false);
    expect(syncedWhileOpening(traced(folder, "durable", 1))).toContain(join(folder, "pgdata", "PG_VERSION"));
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
    // Killed, it left no mark of a clean shutdown: the next open syncs the folder whole.
    expect(existsSync(join(folder, SYNCED_MARK))).toBe(false);
    expect(syncedWhileOpening(traced(folder, "durable", 1))).toContain(join(folder, "pgdata", "PG_VERSION"));
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
