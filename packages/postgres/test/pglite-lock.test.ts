/** PGlite must never be opened by two processes at once: the second is told clearly, and nothing is lost. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAll, verifyLog } from "@lumbung/core";
import { Effect } from "effect";
import { afterAll, describe, expect, it } from "vitest";
import { lockFolder, openPGlite } from "../src/index.js";

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
