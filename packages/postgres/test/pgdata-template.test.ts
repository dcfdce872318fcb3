/**
 * A new PGlite database made from the build's template (pgdata-template.ts): the same database as
 * PGlite's initdb makes, a folder that exists only once it is whole, and a damaged template refused.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { createLedger, verifyLog } from "@lumbung/core";
import { Effect } from "effect";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openPGlite } from "../src/index.js";
import {
  loadTemplate,
  makeTemplate,
  pgliteVersion,
  readTar,
  templateFileName,
  templateFolder,
  writeDataDir,
  writeTar,
} from "../src/pgdata-template.js";
import { SYNCED_MARK, startPGlite } from "../src/pglite-start.js";
import { BOOK, clock, deposit, openOneMemberBook } from "./fixtures/one-member-book.js";

const root = mkdtempSync(join(tmpdir(), "lumbung-template-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What a database is made with: what would differ if the template were not what initdb makes. */
const makingOf = async (pglite: Awaited<ReturnType<typeof startPGlite>>["pglite"]) => {
  const { rows } = await pglite.query(`
    select current_setting('server_version_num') as version, current_setting('server_encoding') as encoding,
           current_setting('data_checksums') as checksums, current_setting('wal_segment_size') as segment,
           current_setting('block_size') as block, current_setting('TimeZone') as zone,
           (select array_agg(datname || ' ' || pg_encoding_to_char(encoding) || ' ' || datlocprovider::text || ' ' ||
                             datcollate || ' ' || datctype order by datname) from pg_database) as databases,
           (select array_agg(rolname order by rolname) from pg_roles) as roles,
           (select count(*) from pg_class) as relations`);
  return rows[0];
};

const tarBytes = (): Uint8Array => {
  const tar = loadTemplate();
  if (tar === undefined) throw new Error(`no template in ${templateFolder()}: the build makes it (pnpm build)`);
  return tar;
};

describe("the PGlite template", () => {
  it("is there for the installed PGlite, named after its version, and holds a whole data directory", () => {
    const entries = readTar(tarBytes());
    const paths = entries.map((entry) => entry.path);
    expect(paths).toContain("PG_VERSION");
    expect(paths).toContain("global/pg_control");
    expect(paths.some((path) => /^pg_wal\/[0-9A-F]{24}$/.test(path))).toBe(true);
    expect(existsSync(join(templateFolder(), templateFileName(pgliteVersion())))).toBe(true);
    // Another version's template is not taken.
    const elsewhere = join(root, "other-version");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, templateFileName("0.0.1")), readFileSync(join(templateFolder(), templateFileName(pgliteVersion()))));
    expect(loadTemplate(elsewhere)).toBeUndefined();
    // A damaged one is an error that names the file: not a gzip, or a gzip of a tar cut short.
    const damaged = join(root, "damaged");
    mkdirSync(damaged);
    const path = join(damaged, templateFileName(pgliteVersion()));
    writeFileSync(path, "not a template");
    expect(() => loadTemplate(damaged)).toThrow(`the PGlite template ${path} is damaged`);
    const cutShort = join(root, "cut-short");
    mkdirSync(cutShort);
    writeFileSync(join(cutShort, templateFileName(pgliteVersion())), gzipSync(tarBytes().subarray(0, 512 * 40)));
    expect(() => loadTemplate(cutShort)).toThrow(/is damaged \(tar: .* runs past the end/);
  });

  it("makes the same database as PGlite's initdb, in memory and in a folder", async () => {
    const made = async (folder: string | undefined, template: boolean) => {
      // As openPGlite does, which makes the folder to lock it.
      if (folder !== undefined) mkdirSync(folder, { recursive: true });
      const started = await startPGlite(folder, true, { template });
      try {
        return await makingOf(started.pglite);
      } finally {
        await started.pglite.close();
      }
    };
    const byInitdb = await made(undefined, false);
    expect(byInitdb).toMatchObject({ encoding: "UTF8", zone: "UTC" });
    expect(await made(undefined, true)).toEqual(byInitdb);
    expect(await made(join(root, "from-template"), true)).toEqual(byInitdb);
    expect(await made(join(root, "from-initdb"), false)).toEqual(byInitdb);
    expect(readdirSync(join(root, "from-template"))).toEqual(["pgdata"]);
    // Made by initdb, the database is put in place the same way: under pgdata.partial, then renamed.
    expect(readdirSync(join(root, "from-initdb"))).toEqual(["pgdata"]);
    // Only its owner may read a book's data, as initdb makes it.
    expect(statSync(join(root, "from-template", "pgdata")).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "from-template", "pgdata", "global", "pg_control")).mode & 0o777).toBe(0o600);
  });

  it("was shut down cleanly: a database made from it starts without recovering", async () => {
    const folder = join(root, "clean");
    mkdirSync(folder);
    writeDataDir(folder, tarBytes(), false);
    const said: string[] = [];
    const pglite = await PGlite.create({
      dataDir: join(folder, "pgdata"),
      onStderr: (line: string) => {
        said.push(line);
        return false;
      },
    });
    await pglite.close();
    expect(said.join("\n")).toMatch(/database system is shut down/);
    expect(said.filter((line) => /not properly shut down|recovery|redo/i.test(line))).toEqual([]);
  });

  it("a book on a folder made from it takes commands, keeps them when reopened, and verifies", async () => {
    const folder = join(root, "book");
    for (const round of [1, 2]) {
      const database = await openPGlite({ folder });
      try {
        const ledger = createLedger({ store: database.store, clock });
        if (round === 1) await openOneMemberBook(ledger);
        await ledger.run(BOOK, deposit());
        const events = await Effect.runPromise(database.store.read(BOOK, 0, 10_000));
        expect(events.filter((event) => event.type === "SukarelaDeposited")).toHaveLength(round);
        expect(verifyLog(events, await Effect.runPromise(database.store.projection(BOOK))).ok).toBe(true);
      } finally {
        await database.close();
      }
    }
  });

  it("a folder whose making stopped half-way has no pgdata, and the next open makes it whole", async () => {
    const folder = join(root, "stopped");
    mkdirSync(folder);
    // A template cut short is refused before anything is written.
    expect(() => writeDataDir(folder, tarBytes().subarray(0, 512 * 40), true)).toThrow(/runs past the end/);
    expect(readdirSync(folder)).toEqual([]);
    // What a process stopped while writing the template leaves: part of it, under pgdata.partial.
    const partial = join(folder, "pgdata.partial");
    mkdirSync(join(partial, "global"), { recursive: true });
    for (const entry of readTar(tarBytes())
      .filter((e) => !e.directory && /^(PG_VERSION|global\/)/.test(e.path))
      .slice(0, 5))
      writeFileSync(join(partial, entry.path), entry.data);
    const database = await openPGlite({ folder });
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
    // Nothing else is left beside the data directory: the mark of its clean shutdown (pglite-start.ts).
    expect(readdirSync(folder).sort()).toEqual(["lumbung.lock", "pgdata", SYNCED_MARK].filter((name) => existsSync(join(folder, name))));
    expect(existsSync(join(folder, SYNCED_MARK))).toBe(true);
    expect(existsSync(partial)).toBe(false);
    expect(readdirSync(join(folder, "pgdata"))).toContain("PG_VERSION");
  });

  it("an empty pgdata is made from it; a pgdata with files in it is left to PGlite", async () => {
    const empty = join(root, "empty");
    mkdirSync(join(empty, "pgdata"), { recursive: true });
    const started = await startPGlite(empty, false);
    await started.pglite.close();
    expect(existsSync(join(empty, "pgdata", "PG_VERSION"))).toBe(true);
    // Something that is not a data directory stays as it was: the template is not written over it.
    const other = join(root, "not-ours");
    mkdirSync(join(other, "pgdata"), { recursive: true });
    writeFileSync(join(other, "pgdata", "notes.txt"), "the treasurer's notes");
    await startPGlite(other, false)
      .then((s) => s.pglite.close())
      .catch(() => {});
    expect(readFileSync(join(other, "pgdata", "notes.txt"), "utf8")).toBe("the treasurer's notes");
    expect(existsSync(join(other, "pgdata.partial"))).toBe(false);
  });

  it("refuses a damaged tar: a header that fails its checksum, a path out of the folder, an archive cut short", () => {
    const tar = tarBytes();
    const flipped = new Uint8Array(tar);
    flipped[10] = (flipped[10] as number) ^ 0x55;
    expect(() => readTar(flipped)).toThrow(/header at byte 0 fails its checksum/);
    expect(() => readTar(tar.subarray(0, 512 * 3 + 100))).toThrow(/tar:/);
    // A header naming ../escape, with its checksum right.
    const header = new Uint8Array(1024 + 512);
    const put = (at: number, value: string) => header.set(new TextEncoder().encode(value), at);
    put(0, "../escape");
    put(100, "0000644\0");
    put(124, "00000000000\0");
    put(156, "0");
    put(257, "ustar\0");
    put(148, "        ");
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += header[i] as number;
    put(148, `${sum.toString(8).padStart(6, "0")}\0 `);
    expect(() => readTar(header)).toThrow(/refusing the path "..\/escape"/);
    expect(() => writeDataDir(join(root, "escape"), header, false)).toThrow(/refusing/);
    expect(existsSync(join(root, "escape", "pgdata"))).toBe(false);
  });

  it("writes a tar that reads back the same, a path longer than 100 bytes included", () => {
    const source = join(root, "tar-source");
    const deep = join(source, "a".repeat(60), "b".repeat(60));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, "c".repeat(40)), "deep");
    writeFileSync(join(source, "empty"), "");
    writeFileSync(join(source, "block"), "x".repeat(512));
    const entries = readTar(writeTar(source)).map((entry) => ({
      path: entry.path,
      directory: entry.directory,
      data: new TextDecoder().decode(entry.data),
    }));
    expect(entries).toEqual([
      { path: "a".repeat(60), directory: true, data: "" },
      { path: `${"a".repeat(60)}/${"b".repeat(60)}`, directory: true, data: "" },
      { path: `${"a".repeat(60)}/${"b".repeat(60)}/${"c".repeat(40)}`, directory: false, data: "deep" },
      { path: "block", directory: false, data: "x".repeat(512) },
      { path: "empty", directory: false, data: "" },
    ]);
  });

  it("the build makes it once: an existing template is kept", async () => {
    const again = await makeTemplate();
    expect(again).toEqual({ path: join(templateFolder(), templateFileName(pgliteVersion())), made: false });
  });
});
