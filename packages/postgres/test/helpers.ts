import { randomBytes } from "node:crypto";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { inject } from "vitest";

/** A fresh database on the test server, so that test files do not see each other's books. */
export const freshDatabase = async (): Promise<{ url: string; drop: () => Promise<void> }> => {
  const admin = new URL(inject("databaseUrl"));
  const name = `lumbung_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
};

/** A Kysely connected as the server's superuser (the attacker, or the DBA). */
// biome-ignore lint/suspicious/noExplicitAny: raw SQL in tests.
export const superuserDb = (url: string): Kysely<any> => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // Dropping a test database ends its idle connections; the pool discards them.
  pool.on("error", () => {});
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
};

/** The error a write the database must refuse throws (the test fails if it is not refused). */
export const errorOf = async (work: () => Promise<unknown>): Promise<{ code?: string; message: string }> => {
  try {
    await work();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error("expected the database to refuse");
};

export { sql };
