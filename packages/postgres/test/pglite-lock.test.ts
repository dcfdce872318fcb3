/** PGlite must never be opened by two processes at once: the second is told clearly, and nothing is lost. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAll, verifyLog } from "@lumbung/core";
import { Effect } from "effect";
import { afterAll, describe, expect, it } from "vitest";
import { removeStale } from "../src/folder-lock.js";
import { BookInUse, lockFolder, openPGlite } from "../src/index.js";

const holderScript = fileURLToPath(new URL("./fixtures/pglite-holder.ts", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "lumbung-pglite-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const start = (...args: string[]): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, ["--conditions=source", "--import", "tsx", holderScript, folder, ...args], { stdio: "pipe" });

const waitFor = (child: ChildProcessWithoutNullStreams, text: string) =>
  new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(text)) resolve(out);
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code} before "${text}": ${out}`)));
  });

const exitOf = (child: ChildProcessWithoutNullStreams) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, out }));
  });

describe("the PGlite folder lock", () => {
  it("a second process that opens a book folder in use gets a clear error naming the holder, and nothing is lost", async () => {
    const first = start("write");
    await waitFor(first, "written");
    const second = start("write");
    const refused = await exitOf(second);
    expect(refused.code).toBe(3);
    expect(refused.out).toContain(`in use by process ${first.pid}`);
    first.stdin.end();
    await exitOf(first);
    // The first process's book is intact, and the folder opens again once it is free.
    const ledger = await openPGlite({ folder });
    try {
      const events = await Effect.runPromise(readAll(ledger.store, "kop"));
      expect(events.map((e) => e.type)).toEqual(["BookOpened"]);
      expect(verifyLog(events, await Effect.runPromise(ledger.store.projection("kop"))).ok).toBe(true);
    } finally {
      await ledger.close();
    }
    expect(existsSync(join(folder, "lumbung.lock"))).toBe(false);
  });

  /** A folder holding a lock file with `text`, last written `ageMs` before now. */
  const withLock = (text: string, ageMs: number, check: (folder: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), "lumbung-lockfile-"));
    try {
      const path = join(dir, "lumbung.lock");
      writeFileSync(path, text);
      const at = new Date(Date.now() - ageMs);
      utimesSync(path, at, at);
      check(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const takenOver = (dir: string) => {
    const lock = lockFolder(dir);
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    expect(existsSync(`${lock.path}.takeover`)).toBe(false);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  };
  const refusedAs = (pid: number) => (dir: string) => {
    const error = (() => {
      try {
        lockFolder(dir).release();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BookInUse);
    expect((error as BookInUse).holder.pid).toBe(pid);
  };
  const thisBoot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  // This process is alive: its number stands for a process that has the number again after a restart.
  const mine = (fields: { host?: string; boot?: string } = {}) =>
    JSON.stringify({ pid: process.pid, host: hostname(), since: "2026-01-01T00:00:00Z", command: "lumbung", ...fields });

  it("takes its boot id into the lock", () => {
    const dir = mkdtempSync(join(tmpdir(), "lumbung-lockfile-"));
    try {
      const lock = lockFolder(dir);
      expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, host: hostname(), boot: thisBoot });
      lock.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a lock taken in an earlier boot of the machine is taken over, though a live process has its number now", () => {
    withLock(mine({ boot: "00000000-0000-4000-8000-000000000000" }), 0, takenOver);
  });

  it("a live process's lock of this boot, or of a lock without a boot id, is not taken over, however old", () => {
    withLock(mine({ boot: thisBoot }), 0, refusedAs(process.pid));
    withLock(mine({ boot: thisBoot }), 365 * 86_400_000, refusedAs(process.pid));
    withLock(mine(), 365 * 86_400_000, refusedAs(process.pid));
  });

  it("a lock of another host is never taken over, even from another boot", () => {
    withLock(mine({ host: "kasir-lain", boot: "00000000-0000-4000-8000-000000000000" }), 0, refusedAs(process.pid));
  });

  it("a lock left empty or torn (a power cut, or a process stopped while writing it) is taken over once 10 s old", () => {
    withLock("", 60_000, takenOver);
    withLock('{"pid":12', 60_000, takenOver);
    // One being written this instant is left to its writer, and the message says to try again.
    withLock("", 0, (dir) => {
      refusedAs(-1)(dir);
      expect(() => lockFolder(dir)).toThrow(/belum terbaca .* coba lagi setelah 10 detik/);
      try {
        lockFolder(dir);
      } catch (error) {
        expect((error as BookInUse).messageEn).toMatch(/cannot be read yet .* try again after 10 seconds/);
      }
    });
  });

  it("a stale lock that another process is taking over at the same moment is left to it; a marker of a takeover that died is cleared", () => {
    const deadLock = mine({ boot: "00000000-0000-4000-8000-000000000000" });
    withLock(deadLock, 0, (dir) => {
      const marker = join(dir, "lumbung.lock.takeover");
      writeFileSync(marker, "");
      refusedAs(-1)(dir);
      // Neither the stale lock nor the other process's marker was touched.
      expect(readFileSync(join(dir, "lumbung.lock"), "utf8")).toBe(deadLock);
      expect(existsSync(marker)).toBe(true);
      // The same marker, left 60 s ago by a takeover that died: cleared, and the lock taken over.
      const old = new Date(Date.now() - 60_000);
      utimesSync(marker, old, old);
      takenOver(dir);
      expect(existsSync(marker)).toBe(false);
    });
  });

  it("a stale lock is removed only if it is still the one that was found stale: a process that lost the race leaves the winner's lock", () => {
    const dir = mkdtempSync(join(tmpdir(), "lumbung-takeover-"));
    try {
      const path = join(dir, "lumbung.lock");
      const stale = mine({ boot: "00000000-0000-4000-8000-000000000000" });
      const winners = mine({ boot: "11111111-1111-4111-8111-111111111111" });
      // Found stale, but in the meantime another process took the folder over: its lock stays.
      writeFileSync(path, winners);
      expect(removeStale(path, stale)).toBe(false);
      expect(readFileSync(path, "utf8")).toBe(winners);
      // Still the stale one: removed. Either way the takeover's marker is gone afterwards.
      writeFileSync(path, stale);
      expect(removeStale(path, stale)).toBe(true);
      expect(existsSync(path)).toBe(false);
      expect(existsSync(`${path}.takeover`)).toBe(false);
      // Already gone (the other process removed it and has not yet written its own): the way is clear.
      expect(removeStale(path, stale)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a lock left by a process that died is taken over", () => {
    const stale = mkdtempSync(join(tmpdir(), "lumbung-stale-"));
    try {
      writeFileSync(join(stale, "lumbung.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: "x", command: "gone" }));
      const lock = lockFolder(stale);
      lock.release();
      expect(existsSync(join(stale, "lumbung.lock"))).toBe(false);
    } finally {
      rmSync(stale, { recursive: true, force: true });
    }
  });
});
