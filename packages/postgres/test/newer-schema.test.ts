/**
 * A book whose database a newer version of Lumbung has migrated: this version does not know its
 * schema, so it refuses to open it, names the migrations it does not know, and changes nothing. And a
 * PGlite folder made by another major version of PostgreSQL: refused, saying so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS, openPGlite, openServer, PGliteStartFailed, SchemaFromNewerVersion } from "../src/index.js";
import { freshDatabase, superuserDb } from "./helpers.js";

const FUTURE = "0099_from_a_newer_version";
const folder = mkdtempSync(join(tmpdir(), "lumbung-newer-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const refusal = async (open: () => Promise<unknown>): Promise<SchemaFromNewerVersion> => {
  try {
    await open();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaFromNewerVersion);
    return error as SchemaFromNewerVersion;
  }
  throw new Error("opened a database a newer version had migrated");
};

const expectNamed = (error: SchemaFromNewerVersion) => {
  expect(error.unknown).toEqual([FUTURE]);
  expect(error.message).toBe(
    `This book's database was migrated by a newer version of Lumbung: it has ${FUTURE}, which this version does not know. Use that version or a newer one; nothing was changed.`,
  );
  expect(error.messageId).toContain(`versi Lumbung yang lebih baru: ada ${FUTURE}`);
};

describe("a database migrated by a newer version", () => {
  it("PGlite: is refused, names the migration it does not know, changes nothing, and lets go of the folder", async () => {
    await (await openPGlite({ folder })).close();
    const owner = await PGlite.create({ dataDir: join(folder, "pgdata") });
    await owner.query("insert into lumbung.kysely_migration (name, timestamp) values ($1, now()::text)", [FUTURE]);
    const before = (await owner.query("select name from lumbung.kysely_migration order by name")).rows;
    await owner.close();

    expectNamed(await refusal(() => openPGlite({ folder })));

    const after = await PGlite.create({ dataDir: join(folder, "pgdata") });
    expect((await after.query("select name from lumbung.kysely_migration order by name")).rows).toEqual(before);
    // The version's own migrations were all there already: the refusal is for the unknown one alone.
    expect(before.map((row) => (row as { name: string }).name)).toEqual([...Object.keys(MIGRATIONS), FUTURE].sort());
    await after.query("delete from lumbung.kysely_migration where name = $1", [FUTURE]);
    await after.close();
    // The folder was let go of: with the unknown migration gone, it opens again.
    await (await openPGlite({ folder })).close();
  });

  it("PGlite: a folder made by another major version of PostgreSQL is refused, saying so, and left as it was", async () => {
    const other = mkdtempSync(join(tmpdir(), "lumbung-otherpg-"));
    try {
      await (await openPGlite({ folder: other })).close();
      const versionFile = join(other, "pgdata", "PG_VERSION");
      const ours = readFileSync(versionFile, "utf8");
      writeFileSync(versionFile, "17\n");
      let refused: unknown;
      try {
        await (await openPGlite({ folder: other })).close();
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(PGliteStartFailed);
      const failed = refused as PGliteStartFailed;
      expect(failed).toMatchObject({ otherVersion: true, diskFull: false });
      expect(failed.reason).toMatch(/^FATAL: database files are incompatible with server; DETAIL: .*initialized by PostgreSQL version 17/);
      expect(failed.messageEn).toContain("made by another version of PostgreSQL: open it with the version of Lumbung that made it");
      expect(failed.message).toContain("dibuat oleh versi PostgreSQL lain");
      expect(readFileSync(versionFile, "utf8")).toBe("17\n");
      expect(existsSync(join(other, "lumbung.lock"))).toBe(false);
      // Put back, it opens: nothing else in the folder was touched.
      writeFileSync(versionFile, ours);
      await (await openPGlite({ folder: other })).close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("PostgreSQL server: is refused and changes nothing", async () => {
    const { url, drop } = await freshDatabase();
    const admin = superuserDb(url);
    try {
      await (await openServer({ url })).close();
      await sql`insert into lumbung.kysely_migration (name, timestamp) values (${FUTURE}, now()::text)`.execute(admin);
      const before = await sql`select name, timestamp from lumbung.kysely_migration order by name`.execute(admin);
      expectNamed(await refusal(() => openServer({ url })));
      expect((await sql`select name, timestamp from lumbung.kysely_migration order by name`.execute(admin)).rows).toEqual(before.rows);
    } finally {
      await admin.destroy();
      await drop();
    }
  });
});
