/**
 * Opening a ledger database: embedded PGlite in a local folder (the default: no server needed), or a
 * PostgreSQL server. Both give the same LedgerStore over the same Kysely code path.
 */
import type { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import type { LedgerStoreShape } from "@lumbung/core";
import * as Data from "effect/Data";
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from "kysely";
import pg from "pg";
import { type FolderLock, lockFolder } from "./folder-lock.js";
import { APP_ROLE, ensureAppRole, migrate } from "./migrate.js";
import { makePostgresStore } from "./pg-store.js";
import { DISK_FULL, PGliteStopped, startPGlite } from "./pglite-start.js";

// biome-ignore lint/suspicious/noExplicitAny: the store speaks raw SQL.
export type LedgerDb = Kysely<any>;

export interface LedgerDatabase {
  readonly kind: "pglite" | "server";
  readonly store: LedgerStoreShape;
  /** Kysely connected as the application role: query the projections with it. */
  readonly db: LedgerDb;
  close(): Promise<void>;
}

/**
 * The subset of pg's Pool that Kysely needs, with one difference: a client whose connection broke
 * (a server restart, pg_terminate_backend, a network cut) is destroyed when released instead of
 * going back to the pool, where the next query would find it dead. Kysely releases clients without
 * saying whether they failed, so the wrapper watches each client's own error and end events.
 */
const resilientPool = (pool: pg.Pool, guard: () => void = () => {}): PostgresPool => {
  // An idle client that the server drops raises an error on the pool: the pool discards it.
  pool.on("error", () => {});
  const broken = new WeakSet<pg.PoolClient>();
  const watched = new WeakSet<pg.PoolClient>();
  return {
    connect: async () => {
      // A database that can no longer answer (PGliteStopped) says so before anything waits on it.
      guard();
      const client = await pool.connect();
      if (!watched.has(client)) {
        watched.add(client);
        client.on("error", () => broken.add(client));
        client.on("end", () => broken.add(client));
      }
      const query = (async (...args: unknown[]) => {
        try {
          guard();
          return await (client.query as (...a: unknown[]) => Promise<unknown>).apply(client, args);
        } catch (error) {
          // A connection that is gone: no SQLSTATE (a socket error), class 08 (connection exception)
          // or class 57 (the server shut it down, pg_terminate_backend included).
          const code = (error as { code?: unknown }).code;
          if (typeof code !== "string" || code.length !== 5 || code.startsWith("08") || code.startsWith("57")) broken.add(client);
          throw error;
        }
      }) as unknown as PostgresPoolClient["query"];
      return { query, release: () => client.release(broken.has(client) ? true : undefined) };
    },
    end: () => pool.end(),
  };
};

/** The store's option, when given (exactOptionalPropertyTypes: an undefined is not an option). */
const snapshotOption = (snapshotAfter: number | false | undefined) => (snapshotAfter === undefined ? {} : { snapshotAfter });

const kysely = (pool: pg.Pool, guard?: () => void): LedgerDb =>
  new Kysely({ dialect: new PostgresDialect({ pool: resilientPool(pool, guard) }) });

export interface PGliteOptions {
  /** The book's folder; in memory when left out. */
  readonly folder?: string;
  /**
   * True (the default): a commit returns only once it is on the disk, so it survives a power cut or
   * an operating system crash (durable-fs.ts). False: PGlite's own setting, fsync off, about 0.2 ms
   * less a commit on our machine; a commit survives the app crashing, but a power cut can lose the
   * last seconds' commits and leave the folder corrupt. For scratch folders and tests that nothing
   * depends on.
   */
  readonly durable?: boolean;
  /** When `open` writes a snapshot of a book's folded parts (`PostgresStoreOptions.snapshotAfter`). */
  readonly snapshotAfter?: number | false;
}

/**
 * Opens (or creates) a book database in a folder with PGlite, or in memory when no folder is given.
 * The folder is locked for this process; migrations run as PGlite's owner, then the session works
 * as the application role, so row-level security and the history grants apply as on a server.
 * A folder is durable unless `durable: false` is given: each commit is on the disk when it returns.
 */
export const openPGlite = async (options: PGliteOptions = {}): Promise<LedgerDatabase> => {
  const lock: FolderLock | undefined = options.folder === undefined ? undefined : lockFolder(options.folder);
  let pglite: PGlite | undefined;
  try {
    const started = await startPGlite(options.folder, options.durable ?? true);
    pglite = started.pglite;
    const pool = new pg.Pool(createPgConfig(pglite));
    const where = options.folder ?? "(memory)";
    const db = kysely(pool, () => {
      const reason = started.stopped();
      if (reason !== undefined) throw new PGliteStopped({ folder: where, reason, diskFull: DISK_FULL.test(reason) });
    });
    await migrate(db);
    await ensureAppRole(db);
    await sql.raw(`set role ${APP_ROLE}`).execute(db);
    const opened = started;
    return {
      kind: "pglite",
      // PGlite's pg adapter does not keep named statements apart from its one session: plain queries.
      store: makePostgresStore(db, { readsAsJson: true, ...snapshotOption(options.snapshotAfter) }),
      db,
      close: async () => {
        await db.destroy();
        await opened.close();
        lock?.release();
      },
    };
  } catch (error) {
    await pglite?.close().catch(() => {});
    lock?.release();
    throw error;
  }
};

/** pg's words when the server asks for a password (SCRAM) and the connection has none. */
const NO_PASSWORD = "client password must be a string";

/**
 * The application role could not log in to the server (after the owner had migrated and granted):
 * most often a server that asks for a password that was not given (`appPassword`), or a pg_hba.conf
 * line that does not let the role in.
 */
export class AppRoleLoginFailed extends Data.TaggedError("AppRoleLoginFailed")<{
  readonly role: string;
  /** The server's (or pg's) own words. */
  readonly reason: string;
  /** True when the server asked for a password and none was given. */
  readonly noPassword: boolean;
}> {
  override get message() {
    return this.noPassword
      ? `Server meminta kata sandi untuk peran ${this.role}, dan tidak ada yang diberikan (appPassword; untuk perintah lumbung: LUMBUNG_APP_PASSWORD).`
      : `Peran ${this.role} tidak dapat masuk ke server: ${this.reason}`;
  }
  get messageEn() {
    return this.noPassword
      ? `The server asks for a password for the role ${this.role}, and none was given (appPassword; for the lumbung command: LUMBUNG_APP_PASSWORD).`
      : `The role ${this.role} cannot log in to the server: ${this.reason}`;
  }
}

/**
 * Opens a PostgreSQL server. With `migrate` (the default) it first migrates and grants through
 * `url` (a role that owns the schema), then works through `appUrl`: by default the same server as
 * the application role `lumbung_app` (password from `appPassword` when the server asks for one).
 */
export const openServer = async (options: {
  url: string;
  appUrl?: string;
  appPassword?: string;
  migrate?: boolean;
  poolSize?: number;
  /** When `open` writes a snapshot of a book's folded parts (`PostgresStoreOptions.snapshotAfter`). */
  snapshotAfter?: number | false;
}): Promise<LedgerDatabase> => {
  if (options.migrate !== false) {
    const owner = kysely(new pg.Pool({ connectionString: options.url, max: 1 }));
    try {
      await migrate(owner);
      await ensureAppRole(owner, options.appPassword === undefined ? {} : { password: options.appPassword });
    } finally {
      await owner.destroy();
    }
  }
  const appUrl = new URL(options.appUrl ?? options.url);
  if (options.appUrl === undefined) {
    appUrl.username = APP_ROLE;
    appUrl.password = options.appPassword ?? "";
  }
  const pool = new pg.Pool({ connectionString: appUrl.toString(), max: options.poolSize ?? 4 });
  // An idle connection the server ends (a restart, a DBA's pg_terminate_backend) is reported on the
  // pool; the pool has already discarded it and the next query opens a new one, so this must not
  // crash the application. Errors of queries in flight still reach their callers.
  pool.on("error", () => {});
  // Log in once now, so that a role the server refuses is said at open, with what to do about it.
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    const noPassword = reason.includes(NO_PASSWORD);
    // A login refused (SQLSTATE class 28) or no password to give; any other failure is the server's, as it came.
    if (!noPassword && !(typeof code === "string" && code.startsWith("28"))) throw error;
    throw new AppRoleLoginFailed({ role: decodeURIComponent(appUrl.username), reason, noPassword });
  }
  const db = kysely(pool);
  return {
    kind: "server",
    store: makePostgresStore(db, { prepared: pool, ...snapshotOption(options.snapshotAfter) }),
    db,
    close: () => db.destroy(),
  };
};
