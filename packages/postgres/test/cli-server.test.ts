/** The lumbung command against a PostgreSQL server (--database-url) instead of a PGlite folder. */
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeExecutor } from "@lumbung/core";
import { Effect } from "effect";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { identity } from "../../core/test/helpers.js";
import { openServer } from "../src/index.js";
import { freshDatabase } from "./helpers.js";

const bin = fileURLToPath(new URL("../../cli/dist/lumbung.js", import.meta.url));
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
  it("runs the demo for two years on the server, names its book, and that book verifies whole", () => {
    const cwd = mkdtempSync(join(tmpdir(), "lumbung-server-demo-"));
    try {
      const demo = spawnSync(process.execPath, [bin, "demo", "--years", "2", "--members", "30", "--database-url", database.url], {
        encoding: "utf8",
        cwd,
        timeout: 240_000,
      });
      expect(demo.status, demo.stderr).toBe(0);
      const book = /^penyimpanan: server PostgreSQL, buku (demo-[0-9a-z]+)$/m.exec(demo.stdout)?.[1];
      expect(book, demo.stdout.slice(0, 300)).toBeDefined();
      expect(demo.stdout).toContain("RAT 2025-02-20");
      const verify = lumbung("verify", "--book", book as string, "--json");
      expect(verify.code, verify.err).toBe(0);
      expect(JSON.parse(verify.out)).toMatchObject({ ok: true });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 300_000);

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
    expect(members.out.trim().split("\n")[1]).toBe("A001,Siti,Jl. 1,active,2026-01-02,,100000,0,250000,0");
    const verify = lumbung("verify", "--book", "kop-server", "--json");
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true });
    expect(lumbung("savings", "deposit", "--book", "kop-none", "--member", "A001", "--date", "2026-01-03", "--amount", "1").code).toBe(3);
  });
});

describe("lumbung verify --book on a book that takes commands meanwhile", () => {
  it("passes, checked through the head whose balances it read first", async () => {
    const ledger = await openServer({ url: database.url });
    try {
      const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date("2026-02-05T05:00:00Z") } });
      const book = "kop-sibuk";
      await Effect.runPromise(
        executor.execute(book, [{ type: "OpenBook", bookId: book, name: "Koperasi Sibuk", startDate: "2026-01-01" }]),
      );
      await Effect.runPromise(
        executor.execute(book, [{ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) }]),
      );
      const deposit = { type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "1000" };
      await Effect.runPromise(
        executor.execute(
          book,
          Array.from({ length: 3000 }, () => deposit),
        ),
      );
      // verify in its own process, while this one keeps depositing until it is done.
      const child = spawn(process.execPath, [bin, "verify", "--book", book, "--json", "--database-url", database.url], {
        env: { ...process.env, LUMBUNG_TODAY: "2026-02-05" },
      });
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
      });
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      let running = true;
      void exited.then(() => {
        running = false;
      });
      let written = 0;
      while (running) {
        await Effect.runPromise(executor.execute(book, [deposit]));
        written += 1;
      }
      expect(await exited).toBe(0);
      const report = JSON.parse(out) as { ok: boolean; headSeq: number };
      expect(report.ok).toBe(true);
      // The book moved on while verify ran; verify checked the head it began at.
      expect(written).toBeGreaterThan(0);
      const head = (await Effect.runPromise(ledger.store.projection(book)))?.headSeq ?? 0;
      expect(report.headSeq).toBeLessThan(head);
    } finally {
      await ledger.close();
    }
  }, 60_000);
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
    expect(members(["--folder", "audit/kop-pindah"])).toContain("A001,Siti Aminah,Jl. 1,active,2026-01-02,,100000,0,251000");

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

describe("lumbung on a server that asks for passwords", () => {
  it("logs in with the owner's password in the URL and lumbung_app's in LUMBUNG_APP_PASSWORD; without either says so in a line (exit 4)", async (context) => {
    const admin = new pg.Client({ connectionString: inject("databaseUrl") });
    await admin.connect();
    const secured = await freshDatabase();
    const name = new URL(secured.url).pathname.slice(1);
    const hbaFile: string = (await admin.query("show hba_file")).rows[0].hba_file;
    let original: string;
    try {
      original = readFileSync(hbaFile, "utf8");
      accessSync(hbaFile, constants.W_OK);
    } catch (error) {
      await admin.end();
      await secured.drop();
      // The throwaway cluster the tests start is ours to configure; a server named by DATABASE_URL may not be.
      if (process.env.CI === "true") throw error;
      context.skip(`cannot change ${hbaFile} on this server`);
      return;
    }
    // Only this database asks for passwords (of the owner and of lumbung_app); every other test database stays as it was.
    const owner = new URL(secured.url).username;
    const lines = ["127.0.0.1/32", "::1/128"].map((address) => `host ${name} all ${address} scram-sha-256`);
    writeFileSync(hbaFile, `${lines.join("\n")}\n${original}`);
    await admin.query(`alter role ${owner} password 'pemilik-koperasi'`);
    await admin.query("select pg_reload_conf()");
    const withPassword = new URL(secured.url);
    withPassword.password = "pemilik-koperasi";
    const run = (env: Record<string, string>, ...args: string[]) => {
      const url = env.OWNER_URL ?? withPassword.toString();
      const result = spawnSync(process.execPath, [bin, ...args, "--database-url", url], {
        encoding: "utf8",
        env: { ...process.env, LUMBUNG_TODAY: "2026-02-05", ...env },
      });
      return { code: result.status, out: result.stdout, err: result.stderr };
    };
    try {
      const init = ["init", "--book", "kop-sandi", "--name", "Koperasi Sandi", "--start", "2026-01-01", "--lang", "en"];
      // The owner's URL without the owner's password.
      const noOwnerPassword = run({ OWNER_URL: secured.url, LUMBUNG_APP_PASSWORD: "rahasia-koperasi" }, ...init);
      expect(noOwnerPassword.code).toBe(4);
      expect(noOwnerPassword.err.trim()).toBe(
        "cannot use the PostgreSQL server: the server asks for a password: give it in the URL (postgres://owner:PASSWORD@host/database)",
      );
      const wrongOwnerPassword = new URL(withPassword);
      wrongOwnerPassword.password = "salah";
      const wrong = run({ OWNER_URL: wrongOwnerPassword.toString() }, ...init);
      expect(wrong.code).toBe(4);
      expect(wrong.err.trim()).toBe(`cannot use the PostgreSQL server: password authentication failed for user "${owner}"`);
      const refused = run({ LUMBUNG_APP_PASSWORD: "" }, ...init);
      expect(refused.code).toBe(4);
      expect(refused.err.trim()).toBe(
        "The server asks for a password for the role lumbung_app, and none was given (appPassword; for the lumbung command: LUMBUNG_APP_PASSWORD).",
      );
      const opened = run({ LUMBUNG_APP_PASSWORD: "rahasia-koperasi" }, ...init);
      expect(opened.err).toBe("");
      expect(opened.code).toBe(0);
      const verified = run({ LUMBUNG_APP_PASSWORD: "rahasia-koperasi" }, "verify", "--book", "kop-sandi", "--json");
      expect(JSON.parse(verified.out)).toMatchObject({ ok: true, eventsChecked: 1 });
    } finally {
      writeFileSync(hbaFile, original);
      await admin.query("select pg_reload_conf()");
      await admin.query("alter role lumbung_app password null");
      await admin.query(`alter role ${owner} password null`);
      await admin.end();
      await secured.drop();
    }
  });

  it("migrates a new database and grants the application role, so an app that opens without migrating works", async () => {
    const fresh = await freshDatabase();
    try {
      const run = spawnSync(process.execPath, [bin, "migrate", "--database-url", fresh.url], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("0012_fixed_assets");
      expect(run.stdout).toContain("peran lumbung_app: hak diberikan");
      const again = spawnSync(process.execPath, [bin, "migrate", "--database-url", fresh.url, "--lang", "en"], { encoding: "utf8" });
      expect(again.stdout).toContain("schema is up to date");
      const ledger = await openServer({ url: fresh.url, migrate: false, poolSize: 1 });
      try {
        const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date("2026-02-05T05:00:00Z") } });
        await Effect.runPromise(
          executor.execute("kop-m", [
            { type: "OpenBook", bookId: "kop-m", name: "M", startDate: "2026-01-01" },
            { type: "AddFixedAsset", assetId: "LAPTOP", name: "Laptop", date: "2026-01-10", cost: "7200000", lifeMonths: 36 },
          ]),
        );
        const rows = await ledger.db.transaction().execute(async (trx) => {
          await sql`select set_config('lumbung.book_id', 'kop-m', true)`.execute(trx);
          return (
            await sql<{ asset_id: string; book_value: string }>`select asset_id, book_value::text from lumbung.fixed_assets`.execute(trx)
          ).rows;
        });
        expect(rows).toEqual([{ asset_id: "LAPTOP", book_value: "7200000" }]);
      } finally {
        await ledger.close();
      }
    } finally {
      await fresh.drop();
    }
  });

  it("says in a line that a server cannot be reached, or has no such database (exit 4)", async () => {
    const unreachable = spawnSync(
      process.execPath,
      [bin, "verify", "--book", "kop", "--database-url", "postgres://owner@127.0.0.1:1/kop", "--lang", "en"],
      {
        encoding: "utf8",
      },
    );
    expect(unreachable.status).toBe(4);
    expect(unreachable.stderr.trim()).toBe("cannot use the PostgreSQL server: connect ECONNREFUSED 127.0.0.1:1");
    const noDatabase = new URL(inject("databaseUrl"));
    noDatabase.pathname = "/tidak_ada_basis_data";
    const missing = spawnSync(process.execPath, [bin, "verify", "--book", "kop", "--database-url", noDatabase.toString()], {
      encoding: "utf8",
    });
    expect(missing.status).toBe(4);
    expect(missing.stderr.trim()).toBe('server PostgreSQL tidak dapat dipakai: database "tidak_ada_basis_data" does not exist');
  });
});
