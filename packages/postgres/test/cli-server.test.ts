/** The lumbung command against a PostgreSQL server (--database-url) instead of a PGlite folder. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
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
