/**
 * The `lumbung` command is one bundled file (packages/cli/dist/lumbung.js). Bundled, the postgres
 * package's code no longer sits beside the PGlite template the build makes, and a lookup that lost it
 * would not fail: a new book would quietly start from PGlite's own initdb, a second or more slower
 * and hundreds of MB larger. This test watches, with strace, which files `lumbung init` opens.
 * strace must be installed (CI installs it with apt-get); a missing tool fails, never skips.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bin, requireBuild } from "./spawn.js";

const dir = mkdtempSync(join(tmpdir(), "lumbung-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the bundled command", () => {
  it("starts a new book from the build's PGlite template, not from initdb", () => {
    requireBuild();
    const trace = join(dir, "init.strace");
    const args = ["init", "--book", "kop", "--folder", join(dir, "kop"), "--name", "Koperasi Uji", "--start", "2026-01-01"];
    const result = spawnSync("strace", ["-f", "-e", "trace=openat", "-o", trace, process.execPath, bin, ...args], {
      encoding: "utf8",
      env: { ...process.env, LUMBUNG_TODAY: "2026-01-05", DATABASE_URL: "" },
    });
    if (result.error !== undefined) throw new Error(`strace is not installed (apt-get install strace): ${result.error.message}`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("BookOpened");
    const opened = readFileSync(trace, "utf8");
    expect(opened).toMatch(/packages\/postgres\/dist\/template\/pglite-[0-9.]+-pgdata\.tar\.gz", O_RDONLY[^\n]*= \d+/);
  });
});
