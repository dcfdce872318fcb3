/** The lumbung command against a PostgreSQL server (--database-url) instead of a PGlite folder. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase } from "./helpers.js";

const bin = fileURLToPath(new URL("../../cli/dist/src/bin.js", import.meta.url));
let database: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`build the packages first (pnpm run build): ${bin} is missing`);
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const lumbung = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args, "--database-url", database.url], {
    encoding: "utf8",
    env: { ...process.env, LUMBUNG_TODAY: "2026-02-05" },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

describe("lumbung --database-url", () => {
  it("keeps a book on the server: commands, a rejection, a month close, a report and verify", () => {
    expect(lumbung("init", "--book", "kop-server", "--name", "Koperasi Server", "--start", "2026-01-01").code).toBe(0);
    expect(
      lumbung(
        "members",
        "add",
        "--book",
        "kop-server",
        "--member",
        "A001",
        "--date",
        "2026-01-02",
        "--nik",
        "3275014112990004",
        "--name",
        "Siti",
        "--address",
        "Jl. 1",
      ).code,
    ).toBe(0);
    expect(
      lumbung("savings", "deposit", "--book", "kop-server", "--member", "A001", "--date", "2026-01-03", "--amount", "250000").code,
    ).toBe(0);
    const refused = lumbung(
      "savings",
      "withdraw",
      "--book",
      "kop-server",
      "--member",
      "A001",
      "--date",
      "2026-01-04",
      "--amount",
      "900000",
      "--lang",
      "en",
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("cannot cover");
    expect(lumbung("close", "month", "--book", "kop-server", "--month", "2026-01").code).toBe(0);
    const members = lumbung("report", "anggota", "--book", "kop-server", "--csv");
    expect(members.out.trim().split("\n")[1]).toBe("A001,active,2026-01-02,100000,0,250000");
    const verify = lumbung("verify", "--book", "kop-server", "--json");
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true });
    expect(lumbung("savings", "deposit", "--book", "kop-none", "--member", "A001", "--date", "2026-01-03", "--amount", "1").code).toBe(3);
  });
});

describe("lumbung copy", () => {
  it("moves a book from a PGlite folder to the server, and takes a copy of it back into a folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "lumbung-copy-"));
    const run = (...args: string[]) => {
      const result = spawnSync(process.execPath, [bin, ...args], {
        encoding: "utf8",
        cwd: dir,
        env: { ...process.env, LUMBUNG_TODAY: "2026-02-05", DATABASE_URL: "" },
      });
      return { code: result.status, out: result.stdout, err: result.stderr };
    };
    const book = ["--book", "kop-pindah"];
    expect(run("init", ...book, "--name", "Koperasi Pindah", "--start", "2026-01-01").code).toBe(0);
    const member = ["--member", "A001", "--date", "2026-01-02", "--nik", "3275014112990004", "--name", "Siti", "--address", "Jl. 1"];
    expect(run("members", "add", ...book, ...member).code).toBe(0);
    const deposit = ["savings", "deposit", ...book, "--member", "A001", "--date", "2026-01-03", "--amount", "250000", "--key", "setor-1"];
    expect(run(...deposit).code).toBe(0);
    expect(run("close", "month", ...book, "--month", "2026-01").code).toBe(0);

    // To the server: every event, in one go, and the copy verifies.
    const moved = run("copy", ...book, "--to-database-url", database.url, "--json");
    expect(moved.code).toBe(0);
    const report = JSON.parse(moved.out);
    expect(report).toMatchObject({ ok: true, fromSeq: 0, headSeq: 4, eventsCopied: 4, commandsCopied: 4, identitiesCopied: 1 });
    // The server carries on where the folder stopped, and knows the commands the folder took.
    expect(run(...deposit, "--database-url", database.url).code).toBe(0);
    expect(
      run("savings", "deposit", ...book, "--member", "A001", "--date", "2026-02-03", "--amount", "1000", "--database-url", database.url)
        .code,
    ).toBe(0);
    const onServer = JSON.parse(run("verify", ...book, "--database-url", database.url, "--json").out);
    expect(onServer).toMatchObject({ ok: true, eventsChecked: 5 });
    expect(
      run(
        "members",
        "identity",
        ...book,
        "--member",
        "A001",
        "--date",
        "2026-02-04",
        "--nik",
        "3275014112990004",
        "--name",
        "Siti Aminah",
        "--address",
        "Jl. 1",
        "--database-url",
        database.url,
      ).code,
    ).toBe(0);

    // Back into a folder, for the auditor: the same head, the same members' report, the corrected name.
    const back = run("copy", ...book, "--database-url", database.url, "--to-folder", "audit/kop-pindah", "--lang", "en");
    expect(back.code).toBe(0);
    expect(back.out).toContain("events #1–#6 (6 events of 6 commands, 1 identity records, 0 erased)");
    const inFolder = JSON.parse(run("verify", ...book, "--folder", "audit/kop-pindah", "--json").out);
    expect(inFolder).toMatchObject({ ok: true, eventsChecked: 6 });
    const members = (where: string[]) => run("report", "anggota", ...book, "--csv", ...where).out;
    expect(members(["--folder", "audit/kop-pindah"])).toBe(members(["--database-url", database.url]));
    expect(members(["--folder", "audit/kop-pindah"])).toContain("A001,active,2026-01-02,100000,0,251000");

    // The first folder has fallen behind the server: copying it there again would part the books.
    const parted = run("copy", ...book, "--to-database-url", database.url, "--json");
    expect(parted.code).toBe(1);
    expect(JSON.parse(parted.out)).toMatchObject({ ok: false, error: "CopyFailed", reason: "diverged" });
    expect(JSON.parse(run("verify", ...book, "--database-url", database.url, "--json").out)).toMatchObject({ eventsChecked: 6 });
    // The server up to date in the folder copy: nothing to do.
    const again = run("copy", ...book, "--database-url", database.url, "--to-folder", "audit/kop-pindah");
    expect(again.out).toContain("sudah mutakhir sampai peristiwa #6");
    rmSync(dir, { recursive: true, force: true });
  });
});
