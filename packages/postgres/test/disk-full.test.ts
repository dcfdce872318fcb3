/**
 * A PGlite folder whose disk fills up: the command that does not fit fails with the disk's words and
 * writes nothing; the folder then says plainly that the disk is full; given room again, it opens
 * with every command that was committed. Runs in its own mount namespace (`unshare -rm`, util-linux),
 * where it mounts a small tmpfs; a machine that cannot do that fails the test, never skips it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./fixtures/disk-full.ts", import.meta.url));
const newBook = fileURLToPath(new URL("./fixtures/new-book-full-disk.ts", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "lumbung-diskfull-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs a fixture in its own mount namespace (so it may mount a tmpfs) and returns the JSON line it printed last. */
const inMountNamespace = (script: string, mountPoint: string, timeout: number) => {
  const result = spawnSync("unshare", ["-rm", process.execPath, "--conditions=source", "--import", "tsx", script, mountPoint], {
    encoding: "utf8",
    timeout,
  });
  if (result.error !== undefined) throw new Error(`unshare is not installed (util-linux): ${result.error.message}`);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
};

describe("a PGlite folder on a full disk", () => {
  it("fails the command that does not fit, says the disk is full, and keeps every committed command", () => {
    const seen = inMountNamespace(fixture, join(root, "mnt"), 240_000);
    // Some batches fit before the disk filled; the one that did not failed as a store failure, in the disk's words.
    expect(seen.committed).toBeGreaterThan(0);
    expect(seen.failure).toMatch(/^StoreFailure: .*No space left on device/);
    // PostgreSQL stopped at the failed WAL write: the next command and the app's own query fail at once, saying so.
    expect(seen.next.outcome).toMatch(
      /^StoreFailure <- PGliteStopped diskFull=true: PostgreSQL inside PGlite .* has stopped \(PANIC: .*No space left on device/,
    );
    expect(seen.ownQuery.outcome).toMatch(/^PGliteStopped <- PGliteStopped diskFull=true: /);
    expect(seen.next.ms).toBeLessThan(2_000);
    expect(seen.ownQuery.ms).toBeLessThan(2_000);
    // Opening the folder again on the full disk says why, plainly.
    expect(seen.reopenedFull).toMatch(
      /^PGliteStartFailed creating=false diskFull=true: .*The disk is full: free some space on it and try again/,
    );
    // With room again: exactly the committed deposits, a log that verifies, and a book that takes commands.
    expect(seen.deposits).toBe(seen.committed);
    expect(seen.verified).toBe(true);
  });

  it("a new book on a disk too small for it says so, leaves nothing half-made, and is made once there is room", () => {
    const seen = inMountNamespace(newBook, join(root, "small"), 120_000);
    expect(seen.refused).toMatch(
      /^PGliteStartFailed creating=true diskFull=true: A new book cannot be made in .*: its database files could not be written \(ENOSPC.*The disk is full/,
    );
    expect(seen.left).toEqual([]);
    expect(seen.reopened).toBe(true);
    // The data directory, and the mark of its clean shutdown (pglite-start.ts).
    expect(seen.after).toEqual(["pgdata", "pgdata.synced"]);
  });
});
