/**
 * Starting PostgreSQL inside PGlite for a book: durable or not, with 32 MB of shared buffers, and
 * saying in PostgreSQL's own words why it would not start (PGliteStartFailed) or why it stopped
 * once running (PGliteStopped).
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PGlite, type PGliteOptions as PGliteCreateOptions } from "@electric-sql/pglite";
import * as Data from "effect/Data";
import { DurableNodeFS, durableStartParams, syncPath, syncTree } from "./durable-fs.js";
import { isNewDataDir, loadTemplate, placeDataDir, writeDataDir } from "./pgdata-template.js";

/**
 * PostgreSQL's shared buffers in PGlite: 32 MB instead of PostgreSQL's 128 MB. A PGlite opened with
 * 128 MB held about 130 MB more memory (the demo's RAT pack: 435–471 MB resident against 304–349 MB)
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
  /**
   * True when the book was new and its database files could not be written (from the template,
   * before PostgreSQL started); nothing of it is left in the folder.
   */
  readonly creating?: boolean;
}> {
  override get message() {
    if (this.creating === true)
      return `Buku baru di ${this.folder} tidak dapat dibuat: berkas basis datanya tidak dapat ditulis (${this.reason}).${
        this.diskFull ? " Disk penuh: kosongkan ruang di disk itu, lalu coba lagi." : ""
      } Tidak ada yang tertinggal di folder itu.`;
    const what = `Buku di ${this.folder} tidak dapat dibuka: PostgreSQL di dalam PGlite berhenti saat mulai (${this.reason}).`;
    if (this.diskFull) return `${what} Disk penuh: kosongkan ruang di disk itu, lalu coba lagi. Perintah yang sudah tercatat tidak hilang.`;
    if (this.otherVersion)
      return `${what} Folder ini dibuat oleh versi PostgreSQL lain: bukalah dengan versi Lumbung yang membuatnya. Folder itu tidak diubah.`;
    return `${what} Biarkan folder itu apa adanya; buka salinan cadangannya bila ada.`;
  }
  get messageEn() {
    if (this.creating === true)
      return `A new book cannot be made in ${this.folder}: its database files could not be written (${this.reason}).${
        this.diskFull ? " The disk is full: free some space on it and try again." : ""
      } Nothing of it is left in the folder.`;
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

export const DISK_FULL = /No space left on device/i;

export interface StartedPGlite {
  readonly pglite: PGlite;
  /** Why PostgreSQL stopped after it started, if it has. */
  readonly stopped: () => string | undefined;
  /**
   * Shuts PostgreSQL down. A durable folder that it shut down cleanly is marked so (SYNCED_MARK),
   * and its next open need not sync it whole again.
   */
  readonly close: () => Promise<void>;
}

/**
 * The mark a durable folder is left with when PostgreSQL shut down cleanly in it: with fsync on, its
 * shutdown checkpoint synced every file it had written, and every commit's WAL was synced before the
 * commit returned, so nothing in the folder waits for the disk. The mark names the data directory it
 * was made for (device and inode): a folder copied elsewhere (`cp -r`, a file manager, onto a stick),
 * whose files the copy may not have synced, does not match it. An open takes the mark away (synced)
 * before PostgreSQL starts: a session that then ends any other way (killed, a power cut, PostgreSQL
 * stopping) or that runs with fsync off leaves none. Without a mark that matches, a durable open
 * syncs the folder whole, as every open did before (1,094 files: 52–62 ms on this machine).
 */
export const SYNCED_MARK = "pgdata.synced";

/** The data directory's identity on the disk, or undefined where the system gives none. */
const identityOf = (dataDir: string): string | undefined => {
  const stats = statSync(dataDir, { bigint: true });
  return stats.ino === 0n ? undefined : `${stats.dev}:${stats.ino}`;
};

const MARK_TEXT = "PostgreSQL shut down cleanly in this data directory with fsync on: every file is on the disk. ";

/**
 * Takes the folder's SYNCED_MARK away, if it has one, for good before anything is written; whether it
 * had one made for this very data directory.
 */
const takeSyncedMark = (folder: string): boolean => {
  const mark = join(folder, SYNCED_MARK);
  if (!existsSync(mark)) return false;
  const text = readFileSync(mark, "utf8");
  rmSync(mark);
  syncPath(folder, true);
  const identity = identityOf(join(folder, "pgdata"));
  return identity !== undefined && text === `${MARK_TEXT}${identity}\n`;
};

const leaveSyncedMark = (folder: string): void => {
  const identity = identityOf(join(folder, "pgdata"));
  if (identity === undefined) return;
  const mark = join(folder, SYNCED_MARK);
  writeFileSync(mark, `${MARK_TEXT}${identity}\n`);
  syncPath(mark);
  syncPath(folder, true);
};

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
    return { pglite, stopped: () => stoppedReason, close: () => pglite.close() };
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

/**
 * Makes a new folder's database under `pgdata.partial` and puts it in place as `pgdata` once whole
 * (pgdata-template.ts): from the template when there is one, by PGlite's initdb otherwise. False
 * when the folder has its database already.
 */
const makeDataDir = async (folder: string, durable: boolean, template: (() => Uint8Array | undefined) | undefined): Promise<boolean> => {
  if (!isNewDataDir(join(folder, "pgdata"))) return false;
  const tar = template?.();
  if (tar === undefined) {
    // No template for this PGlite: its initdb makes the database, and PostgreSQL shuts down on it
    // before it is put in place.
    rmSync(join(folder, "pgdata.partial"), { recursive: true, force: true });
    const made = await createPGlite(folder, { dataDir: join(folder, "pgdata.partial") });
    await made.pglite.close();
    placeDataDir(folder, durable);
    return true;
  }
  try {
    writeDataDir(folder, tar, durable);
  } catch (error) {
    // A disk that fills up while the new database is written: say so, and leave nothing half-made.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOSPC" && code !== "EDQUOT") throw error;
    rmSync(join(folder, "pgdata.partial"), { recursive: true, force: true });
    throw new PGliteStartFailed({ folder, reason: (error as Error).message, diskFull: true, otherVersion: false, creating: true });
  }
  return true;
};

/**
 * Starts PostgreSQL in PGlite for a folder, or in memory. A new database starts from the build's
 * template when there is one for this PGlite (pgdata-template.ts), from PGlite's initdb otherwise;
 * `template: false` always runs initdb. Either way a new folder's database is made under
 * `pgdata.partial` and renamed to `pgdata` once whole.
 */
export const startPGlite = async (
  folder: string | undefined,
  durable: boolean,
  options: { readonly template?: boolean } = {},
): Promise<StartedPGlite> => {
  const startParams = [...(durable && folder !== undefined ? durableStartParams() : PGlite.defaultStartParams), ...SHARED_BUFFERS];
  const template = options.template === false ? undefined : loadTemplate;
  if (folder === undefined) {
    const tar = template?.();
    return createPGlite(folder, tar === undefined ? { startParams } : { startParams, loadDataDir: new Blob([tar]) });
  }
  const dataDir = join(folder, "pgdata");
  const madeDurable = (await makeDataDir(folder, durable, template)) && durable;
  const closedSynced = takeSyncedMark(folder);
  if (!durable) return createPGlite(folder, { dataDir, startParams });
  const started = await createPGlite(folder, { fs: new DurableNodeFS(dataDir), startParams });
  const { pglite } = started;
  try {
    // What was written before this open (by PGlite's initdb, by an earlier open with fsync off, or
    // by one that did not shut down cleanly) goes to the disk before the first commit that builds
    // on it, and so does the folder's own entry in its parent, which a new folder has just been
    // given. A data directory just written from the template was synced before it was renamed into
    // place, and one that PostgreSQL last shut down cleanly with fsync on has nothing to sync.
    if (!madeDurable && !closedSynced) syncTree(folder);
    syncPath(dirname(resolve(folder)), true);
    const settings = await pglite.query<{ fsync: string; method: string }>(
      "select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method",
    );
    const { fsync, method } = settings.rows[0] ?? { fsync: "?", method: "?" };
    if (fsync !== "on" || method !== "fsync") throw new Error(`a durable PGlite started with fsync=${fsync}, wal_sync_method=${method}`);
  } catch (error) {
    await pglite.close().catch(() => {});
    throw error;
  }
  return {
    ...started,
    close: async () => {
      await pglite.close();
      if (started.stopped() === undefined) leaveSyncedMark(folder);
    },
  };
};
