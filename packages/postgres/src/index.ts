/**
 * @lumbung/postgres: Lumbung's books on PostgreSQL, or embedded on PGlite, through one Kysely code path.
 * See docs/persistence.md.
 */
export { APPEND_SQL, type AppendBatch, appendArgs, toBatch } from "./append-batch.js";
export { BookInUse, type FolderLock, type LockHolder, lockFolder } from "./folder-lock.js";
export { APP_ROLE, ensureAppRole, MigrationFailed, type MigrationReport, migrate, SchemaFromNewerVersion } from "./migrate.js";
export { BOOK_TABLES, BOOK_VIEWS, HISTORY_TABLES, MIGRATIONS } from "./migrations.js";
export {
  AppRoleLoginFailed,
  type LedgerDatabase,
  type LedgerDb,
  openPGlite,
  openServer,
  type PGliteOptions,
} from "./open.js";
export { inBookTransaction, makePostgresStore, type PostgresStoreOptions, SNAPSHOT_AFTER } from "./pg-store.js";
export { PGliteStartFailed, PGliteStopped } from "./pglite-start.js";
