/**
 * PGlite must never be opened by two processes at once: it would silently lose writes. A book folder
 * is guarded by a lock file created exclusively (O_EXCL); a second process gets `BookInUse`, which
 * names the holder. A lock that no process can hold any more (its process ended, the machine has
 * restarted since, or a power cut left it empty) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import * as Data from "effect/Data";

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly command: string;
  /** The boot of the machine the lock was taken in (Linux's boot id); absent elsewhere, and in older locks. */
  readonly boot?: string;
}

export class BookInUse extends Data.TaggedError("BookInUse")<{ readonly folder: string; readonly holder: LockHolder }> {
  override get message() {
    const h = this.holder;
    if (h.pid < 0)
      return `Buku di ${this.folder} terkunci oleh lumbung.lock yang belum terbaca (sedang ditulis, atau terpotong). Jika tidak ada proses lain yang membukanya, coba lagi setelah 10 detik.`;
    return `Buku di ${this.folder} sedang dipakai oleh proses ${h.pid} di ${h.host} (sejak ${h.since}: ${h.command}). Tutup proses itu dahulu.`;
  }
  get messageEn() {
    const h = this.holder;
    if (h.pid < 0)
      return `The book in ${this.folder} is locked by a lumbung.lock that cannot be read yet (being written, or cut short). If no other process has it open, try again after 10 seconds.`;
    return `The book in ${this.folder} is in use by process ${h.pid} on ${h.host} (since ${h.since}: ${h.command}). Close that process first.`;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

const UNKNOWN: LockHolder = { pid: -1, host: "?", since: "?", command: "?" };

/** A lock file as found: its text, its holder (undefined when it cannot be read as one) and when it was written. */
interface FoundLock {
  readonly text: string;
  readonly holder: LockHolder | undefined;
  readonly writtenMs: number;
}

const isGone = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === "ENOENT";

const readLock = (path: string): FoundLock | "gone" => {
  try {
    const writtenMs = statSync(path).mtimeMs;
    const text = readFileSync(path, "utf8");
    try {
      const holder = JSON.parse(text) as LockHolder;
      return { text, holder: typeof holder?.pid === "number" && typeof holder.host === "string" ? holder : undefined, writtenMs };
    } catch {
      return { text, holder: undefined, writtenMs };
    }
  } catch (error) {
    if (isGone(error)) return "gone";
    throw error;
  }
};

/**
 * Removes a stale lock so that it can be taken, unless another process is taking it over at the
 * same moment. Two processes that both found the same stale lock must not both take it (the second
 * would remove the first one's new lock), so the takeover is claimed by a marker file created
 * exclusively, and the lock is removed only if it is still the stale one that was read. False when
 * another process is at it; a marker left by a takeover that died halfway is cleared after 10 s.
 */
export const removeStale = (path: string, staleText: string): boolean => {
  const marker = `${path}.takeover`;
  try {
    closeSync(openSync(marker, "wx"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    try {
      if (statSync(marker).mtimeMs < Date.now() - 10_000) unlinkSync(marker);
    } catch (gone) {
      if (!isGone(gone)) throw gone;
    }
    return false;
  }
  try {
    let now: string;
    try {
      now = readFileSync(path, "utf8");
    } catch (error) {
      if (isGone(error)) return true;
      throw error;
    }
    if (now !== staleText) return false;
    unlinkSync(path);
    return true;
  } finally {
    unlinkSync(marker);
  }
};

/** Waits a moment, synchronously, for another process's takeover of a lock to finish. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * This start of the machine, as Linux names it (a new random id at every boot), or undefined where
 * there is none. Not the clock: a laptop's clock set right after it started would make a live lock
 * look older than the boot.
 */
const bootId = (): string | undefined => {
  try {
    const id = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return id === "" ? undefined : id;
  } catch {
    return undefined;
  }
};

/**
 * Whether a lock no process can be holding any more, so that it may be taken over:
 * - one that cannot be read as a holder and was written more than 10 s ago: a process wrote the file
 *   and stopped before its contents, or a power cut kept the file but not what was written in it
 *   (a lock being written this instant is left alone);
 * - one of this host written in an earlier boot of the machine (its boot id differs from this one):
 *   after a power cut or a reboot its process is gone, even when another process has the same
 *   number now;
 * - one of this host whose process has ended.
 * A lock of another host (a folder shared over a network) is never taken over: its process cannot
 * be seen from here.
 */
const stale = (found: FoundLock, me: LockHolder): boolean => {
  if (found.holder === undefined) return found.writtenMs < Date.now() - 10_000;
  const { host, boot, pid } = found.holder;
  if (host !== me.host) return false;
  const restarted = boot !== undefined && me.boot !== undefined && boot !== me.boot;
  return restarted || (pid > 0 && !alive(pid));
};

export interface FolderLock {
  readonly path: string;
  release(): void;
}

export const lockFolder = (folder: string): FolderLock => {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, "lumbung.lock");
  const boot = bootId();
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    ...(boot === undefined ? {} : { boot }),
  };
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const holder = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
          if (holder.pid === me.pid && holder.host === me.host) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const found = readLock(path);
      if (found === "gone") continue;
      if (stale(found, me)) {
        if (!removeStale(path, found.text)) pause(25);
        continue;
      }
      throw new BookInUse({ folder, holder: found.holder ?? UNKNOWN });
    }
  }
  throw new BookInUse({ folder, holder: UNKNOWN });
};
