/**
 * Migrations and roles. Migrations run as the connection that owns the schema (on open when
 * allowed, or by `lumbung migrate`); the library then works as the application role, which may read
 * and append history but never change it.
 */
import { type Kysely, Migrator, sql } from "kysely";
import { APPEND_SIGNATURE } from "./append-function.js";
import { BOOK_TABLES, BOOK_VIEWS, HISTORY_TABLES, MIGRATIONS } from "./migrations.js";

export const APP_ROLE = "lumbung_app";

// biome-ignore lint/suspicious/noExplicitAny: migrations speak raw SQL.
type AnyDb = Kysely<any>;

export interface MigrationReport {
  /** Names of the migrations applied by this call (empty when the schema was up to date). */
  readonly applied: ReadonlyArray<string>;
}

export class MigrationFailed extends Error {
  override readonly name = "MigrationFailed";
}

/**
 * The database was migrated by a newer version of Lumbung: it has migrations this version does not
 * know, so this version cannot tell what the schema holds and must not write to it. Nothing is
 * changed. `message` is English, as MigrationFailed's; `messageId` says it in Indonesian.
 */
export class SchemaFromNewerVersion extends MigrationFailed {
  constructor(readonly unknown: ReadonlyArray<string>) {
    super(
      `This book's database was migrated by a newer version of Lumbung: it has ${unknown.join(", ")}, which this version does not know. Use that version or a newer one; nothing was changed.`,
    );
  }
  get messageId() {
    return `Basis data buku ini sudah dimigrasi oleh versi Lumbung yang lebih baru: ada ${this.unknown.join(", ")}, yang tidak dikenal versi ini. Pakai versi itu atau yang lebih baru; tidak ada yang diubah.`;
  }
}

/** Migrations the database has run that this version does not have (none on a new database). */
const unknownMigrations = async (db: AnyDb): Promise<string[]> => {
  const { rows: table } = await sql<{ present: boolean }>`select to_regclass('lumbung.kysely_migration') is not null as present`.execute(
    db,
  );
  if (table[0]?.present !== true) return [];
  const { rows } = await sql<{ name: string }>`select name from lumbung.kysely_migration order by name`.execute(db);
  return rows.map((row) => row.name).filter((name) => !Object.hasOwn(MIGRATIONS, name));
};

/** Brings the schema up to date; safe to call on every start and from parallel processes. */
export const migrate = async (db: AnyDb): Promise<MigrationReport> => {
  const unknown = await unknownMigrations(db);
  if (unknown.length > 0) throw new SchemaFromNewerVersion(unknown);
  await sql`create schema if not exists lumbung`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableSchema: "lumbung",
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "?";
    throw new MigrationFailed(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
};

const quoteIdent = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new RangeError(`not a plain role name: ${name}`);
  return `"${name}"`;
};

const isAlreadyExists = (error: unknown): boolean => {
  const code = (error as { code?: string }).code;
  return code === "42710" || code === "23505";
};

/**
 * Creates the application role if it is missing and grants it what the library needs: SELECT and
 * INSERT on history (no UPDATE, no DELETE), full use of the projections, SELECT on the views over
 * history, and the append function.
 * Roles are cluster-wide, so parallel workers may race to create it: an advisory lock orders them
 * within one database, and "already exists" counts as success across databases.
 */
export const ensureAppRole = async (db: AnyDb, options: { role?: string; password?: string } = {}): Promise<string> => {
  const role = quoteIdent(options.role ?? APP_ROLE);
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(7260123)`.execute(conn);
    try {
      const { rows } = await sql`select 1 from pg_roles where rolname = ${options.role ?? APP_ROLE}`.execute(conn);
      if (rows.length === 0) {
        try {
          await sql.raw(`create role ${role} login`).execute(conn);
        } catch (error) {
          if (!isAlreadyExists(error)) throw error;
        }
      }
      if (options.password !== undefined) {
        await sql.raw(`alter role ${role} password '${options.password.replaceAll("'", "''")}'`).execute(conn);
      }
      await sql.raw(`grant usage on schema lumbung to ${role}`).execute(conn);
      const history = HISTORY_TABLES.map((t) => `lumbung.${t}`).join(", ");
      await sql.raw(`grant select, insert on ${history} to ${role}`).execute(conn);
      // A database not yet migrated as far as a table (or a view, below) is granted it when it gets there.
      const { rows: tables } = await sql<{ name: string }>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'lumbung' and c.relkind in ('r', 'p', 'v')`.execute(conn);
      const present = new Set(tables.map((t) => t.name));
      const projections = BOOK_TABLES.filter(
        (t) => !(HISTORY_TABLES as ReadonlyArray<string>).includes(t) && t !== "books" && present.has(t),
      )
        .map((t) => `lumbung.${t}`)
        .join(", ");
      await sql.raw(`grant select, insert, update, delete on ${projections} to ${role}`).execute(conn);
      await sql.raw(`grant select, insert, update on lumbung.books to ${role}`).execute(conn);
      for (const view of BOOK_VIEWS) if (present.has(view)) await sql.raw(`grant select on lumbung.${view} to ${role}`).execute(conn);
      await sql.raw(`revoke all on function ${APPEND_SIGNATURE} from public`).execute(conn);
      await sql.raw(`grant execute on function ${APPEND_SIGNATURE} to ${role}`).execute(conn);
    } finally {
      await sql`select pg_advisory_unlock(7260123)`.execute(conn);
    }
  });
  return options.role ?? APP_ROLE;
};
