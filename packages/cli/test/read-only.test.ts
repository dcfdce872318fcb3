/**
 * A book folder on a disk that may only be read, as an auditor may be handed one: the command says
 * what to do instead of failing obscurely. Runs in its own mount namespace (`unshare -rm`,
 * util-linux), where it mounts a tmpfs and makes it read-only; a machine that cannot do that fails
 * the test, never skips it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bin, requireBuild } from "./spawn.js";

const dir = mkdtempSync(join(tmpdir(), "lumbung-ro-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a book folder on a read-only disk", () => {
  it("is refused with what to do instead, in Indonesian and English, and the same folder copied somewhere writable verifies", () => {
    requireBuild();
    const mnt = join(dir, "mnt");
    const copy = join(dir, "copy");
    const node = process.execPath;
    // One shell in a private mount namespace: a book on a tmpfs, the tmpfs made read-only, then the
    // auditor's commands; each command's exit code and output, one per line.
    const script = [
      "set -u",
      `mkdir -p '${mnt}' && mount -t tmpfs -o size=300m tmpfs '${mnt}'`,
      `'${node}' '${bin}' init --book kop --folder '${mnt}/kop' --name 'Koperasi Uji' --start 2026-01-01 >/dev/null`,
      `mount -o remount,ro '${mnt}'`,
      `'${node}' '${bin}' verify --book kop --folder '${mnt}/kop'; echo "exit $?"`,
      `'${node}' '${bin}' verify --book kop --folder '${mnt}/kop' --lang en; echo "exit $?"`,
      `cp -r '${mnt}/kop' '${copy}' && '${node}' '${bin}' verify --book kop --folder '${copy}'; echo "exit $?"`,
    ].join("\n");
    const result = spawnSync("unshare", ["-rm", "sh", "-c", script], { encoding: "utf8", timeout: 120_000 });
    if (result.error !== undefined) throw new Error(`unshare is not installed (util-linux): ${result.error.message}`);
    const all = `${result.stdout}${result.stderr}`;
    expect(result.stderr).toContain(
      `tidak dapat memakai ${mnt}/kop/lumbung.lock: disk hanya-baca. Folder buku harus dapat ditulisi walau hanya untuk dibaca`,
    );
    expect(result.stderr).toContain(
      `cannot use ${mnt}/kop/lumbung.lock: the disk is read-only. A book folder must be writable even to be read (PGlite writes as it opens it): copy the folder somewhere writable first, or verify its exported log with lumbung verify --file`,
    );
    expect(result.stdout.match(/exit \d+/g), all).toEqual(["exit 1", "exit 1", "exit 0"]);
    expect(result.stdout).toMatch(/verify: OK, \d+ peristiwa/);
  });
});
