/**
 * Opening a ledger database: embedded PGlite in a local folder (the default: no server needed), or a
 * PostgreSQL server. Both give the same LedgerStore over the same Kysely code path.
 */
import { dirname, join, resolve } from "node:path";
import { PGlite, type PGliteOptions as PGliteCreateOptions } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import type { LedgerStoreShape } from "@lumbung/core";
import { Data } from "effect";
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from "kysely";
import pg from "pg";
import { DurableNodeFS, durableStartParams, syncPath, syncTree } from "./durable-fs.js";
import { type FolderLock, lockFolder } from "./folder-lock.js";
import { APP_ROLE, ensureAppRole, migrate } from "./migrate.js";
import { makePostgresStore } from "./pg-store.js";

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

const kysely = (pool: pg.Pool, guard?: () => void): LedgerDb =>
  new Kysely({ dialect: new PostgresDialect({ pool: resilientPool(pool, guard) }) });

export interface PGliteOptions {
  /** The book's folder; in memory when left out. */
  readonly folder?: string;
  /**
   * True (the default): a commit returns only once it is on the disk, so it survives a power cut or
   * an operating system crash (durable-fs.ts). False: PGlite's own setting, fsync off, about a third
   * faster a commit; a commit survives the app crashing, but a power cut can lose the last seconds'
   * commits and leave the folder corrupt. For scratch folders and tests that nothing depends on.
   */
  readonly durable?: boolean;
}

/**
 * PostgreSQL's shared buffers in PGlite: 32 MB instead of PostgreSQL's 128 MB. A PGlite opened with
 * 128 MB held about 130 MB more memory (the demo's RAT pack: 435–471 MB resident against 304–338 MB)
 * and was no faster at anything measured (benchmarks/RESULTS.md): the operating system caches the
 * folder's files as well.
 */
const SHARED_BUFFERS = ["-c", "shared_buffers=32MB"];

/**
 * PostgreSQL inside PGlite stopped while it started, so the folder could not be opened. `reason` is
 * PostgreSQL's own last words (its FATAL or PANIC lines). The commonest cause is a full disk: a
 * folder whose last write failed for want of space needs room again to finish its recovery, and then
 * opens with every command that was committed.
 */
export class PGliteStartFailed extends Data.TaggedError("PGliteStartFailed")<{
  readonly folder: string;
  readonly reason: string;
  /** True when PostgreSQL ran out of disk space. */
  readonly diskFull: boolean;
  /** True when the folder was made by another major version of PostgreSQL (another PGlite). */
  readonly otherVersion: boolean;
}> {
  override get message() {
    const what = `Buku di ${this.folder} tidak dapat dibuka: PostgreSQL di dalam PGlite berhenti saat mulai (${this.reason}).`;
    if (this.diskFull) return `${what} Disk penuh: kosongkan ruang di disk itu, lalu coba lagi. Perintah yang sudah tercatat tidak hilang.`;
    if (this.otherVersion)
      return `${what} Folder ini dibuat oleh versi PostgreSQL lain: bukalah dengan versi Lumbung yang membuatnya. Folder itu tidak diubah.`;
    return `${what} Biarkan folder itu apa adanya; buka salinan cadangannya bila ada.`;
  }
  get messageEn() {
    const what = `The book in ${this.folder} cannot be opened: PostgreSQL inside PGlite stopped while starting (${this.reason}).`;
    if (this.diskFull) return `${what} The disk is full: free some space on it and try again. No command that was recorded is lost.`;
    if (this.otherVersion)
      return `${what} The folder was made by another version of PostgreSQL: open it with the version of Lumbung that made it. The folder was not changed.`;
    return `${what} Leave the folder as it is; open a backup copy of it if there is one.`;
  }
}

/**
 * PostgreSQL inside an open PGlite stopped (a PANIC, such as a WAL write that found the disk full):
 * every later query fails at once with this instead of waiting forever on an engine that is gone.
 * Close the book and open it again (after freeing disk space when `diskFull`); every command that
 * was committed is kept.
 */
export class PGliteStopped extends Data.TaggedError("PGliteStopped")<{
  readonly folder: string;
  readonly reason: string;
  readonly diskFull: boolean;
}> {
  override get message() {
    return `PostgreSQL di dalam PGlite untuk ${this.folder} telah berhenti (${this.reason}). Tutup buku lalu buka lagi${
      this.diskFull ? " setelah ruang disk dikosongkan" : ""
    }; perintah yang sudah tercatat tidak hilang.`;
  }
  get messageEn() {
    return `PostgreSQL inside PGlite for ${this.folder} has stopped (${this.reason}). Close the book and open it again${
      this.diskFull ? " once there is free disk space" : ""
    }; no command that was recorded is lost.`;
  }
}

/** A PostgreSQL log line without its time and process prefix. */
const bareLine = (line: string): string =>
  line
    .replace(/^\d{4}-\d{2}-\d{2} [\d:.]+ \S+ \[\d+\] /, "")
    .replace(/\s+/g, " ")
    .trim();

/** A log line that says PostgreSQL stopped, without its prefix. */
const stopLine = (line: string): string | undefined => {
  const bare = bareLine(line);
  return /^(FATAL|PANIC):/.test(bare) ? bare : undefined;
};

const DISK_FULL = /No space left on device/i;

interface StartedPGlite {
  readonly pglite: PGlite;
  /** Why PostgreSQL stopped after it started, if it has. */
  readonly stopped: () => string | undefined;
}

const createPGlite = async (folder: string | undefined, options: Omit<PGliteCreateOptions, "onStderr">): Promise<StartedPGlite> => {
  // Why PostgreSQL stopped, while it starts and once it runs, in its own words.
  const starting: string[] = [];
  let started = false;
  let stoppedReason: string | undefined;
  const onStderr = (line: string) => {
    const stop = stopLine(line);
    if (stop !== undefined) {
      if (!started) starting.push(stop);
      else stoppedReason ??= stop;
    } else if (!started && starting.length > 0 && /^DETAIL:/.test(bareLine(line))) {
      // What PostgreSQL adds to why it stopped (which versions, which file).
      starting.push(bareLine(line));
    }
    return false;
  };
  try {
    const pglite = await PGlite.create({ ...options, onStderr });
    started = true;
    return { pglite, stopped: () => stoppedReason };
  } catch (error) {
    if (starting.length === 0) throw error;
    const reason = starting.join("; ");
    throw new PGliteStartFailed({
      folder: folder ?? "(memory)",
      reason,
      diskFull: DISK_FULL.test(reason),
      otherVersion: /incompatible with server/i.test(reason),
    });
  }
};

const startPGlite = async (folder: string | undefined, durable: boolean): Promise<StartedPGlite> => {
  const startParams = [...(durable && folder !== undefined ? durableStartParams() : PGlite.defaultStartParams), ...SHARED_BUFFERS];
  if (folder === undefined) return createPGlite(folder, { startParams });
  const dataDir = join(folder, "pgdata");
  if (!durable) return createPGlite(folder, { dataDir, startParams });
  const started = await createPGlite(folder, { fs: new DurableNodeFS(dataDir), startParams });
  const { pglite } = started;
  try {
    // What was written before this open (by PGlite's initdb, or by an earlier open with fsync off)
    // goes to the disk before the first commit that builds on it, and so does the folder's own entry
    // in its parent, which a new folder has just been given.
    syncTree(folder);
    syncPath(dirname(resolve(folder)));
    const settings = await pglite.query<{ fsync: string; method: string }>(
      "select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method",
    );
    const { fsync, method } = settings.rows[0] ?? { fsync: "?", method: "?" };
    if (fsync !== "on" || method !== "fsync") throw new Error(`a durable PGlite started with fsync=${fsync}, wal_sync_method=${method}`);
  } catch (error) {
    await pglite.close().catch(() => {});
    throw error;
  }
  return started;
};

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
    const opened = pglite;
    return {
      kind: "pglite",
      // PGlite's pg adapter does not keep named statements apart from its one session: plain queries.
      store: makePostgresStore(db),
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
  return { kind: "server", store: makePostgresStore(db, { prepared: pool }), db, close: () => db.destroy() };
};
