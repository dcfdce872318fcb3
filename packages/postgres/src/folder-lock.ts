/**
 * PGlite must never be opened by two processes at once: it would silently lose writes. A book folder
 * is guarded by a lock file created exclusively (O_EXCL); a second process gets `BookInUse`, which
 * names the holder. A lock left by a process that died on this host is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { Data } from "effect";

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly command: string;
}

export class BookInUse extends Data.TaggedError("BookInUse")<{ readonly folder: string; readonly holder: LockHolder }> {
  override get message() {
    const h = this.holder;
    return `Buku di ${this.folder} sedang dipakai oleh proses ${h.pid} di ${h.host} (sejak ${h.since}: ${h.command}). Tutup proses itu dahulu.`;
  }
  get messageEn() {
    const h = this.holder;
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

export interface FolderLock {
  readonly path: string;
  release(): void;
}

export const lockFolder = (folder: string): FolderLock => {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, "lumbung.lock");
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
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
      let holder: LockHolder;
      try {
        holder = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
      } catch {
        // A lock file being written this instant, or a torn one: treat it as held.
        holder = { pid: -1, host: "?", since: "?", command: "?" };
      }
      if (holder.host === me.host && holder.pid > 0 && !alive(holder.pid) && attempt === 0) {
        unlinkSync(path);
        continue;
      }
      throw new BookInUse({ folder, holder });
    }
  }
  throw new BookInUse({ folder, holder: { pid: -1, host: "?", since: "?", command: "?" } });
};
