import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";

/** The value after a flag (`--book kop` → "kop"), or undefined when the flag is not there. */
export const option = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

/** What is wrong with a command line, in both languages; the command exits with code 2. */
export interface UsageProblem {
  readonly message: string;
  readonly messageEn: string;
}

export const usageProblem = (message: string, messageEn: string): { readonly ok: false } & UsageProblem => ({
  ok: false,
  message,
  messageEn,
});

/** A command line's flags: `--name value` pairs and bare switches (`--json`). */
export interface Flags {
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
}

/** How many single-letter edits turn one word into the other (Levenshtein). */
const editDistance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
};

/**
 * The command's flag a mistyped one most likely meant: one or two letters off (`--amout`), or sharing a
 * word with it as another command names it (`--rate-per-year` for `--rate`, `--scale` for
 * `--quantity-scale`, `--member-no` for `--member`); undefined when none is close.
 */
export const nearestFlag = (name: string, known: ReadonlyArray<string>): string | undefined => {
  const words = name.split("-");
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = editDistance(name, flag);
    const close =
      distance <= (name.length > 4 ? 2 : 1) ||
      words[0] === flag ||
      flag.split("-").includes(name) ||
      (flag.length >= 4 && words.includes(flag));
    if (close && (best === undefined || distance < best.distance)) best = { flag, distance };
  }
  return best?.flag;
};

/**
 * Reads `--flag value` pairs and switches, every one of which the command must know (`--lang` is
 * known to all). A flag the command does not have, a value with no flag before it, a flag without its
 * value, and a flag given twice are usage problems, named in the message. `what` names the command
 * in the message (`report posisi`).
 */
export const readFlags = (
  what: string,
  args: ReadonlyArray<string>,
  values: ReadonlyArray<string>,
  switches: ReadonlyArray<string> = [],
): ({ readonly ok: true } & Flags) | ({ readonly ok: false } & UsageProblem) => {
  const read = new Map<string, string>();
  const set = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--"))
      return usageProblem(
        `tidak dapat membaca ${arg} (setiap nilai didahului --flag)`,
        `cannot read ${arg} (every value follows a --flag)`,
      );
    const name = arg.slice(2);
    if (read.has(name) || set.has(name)) return usageProblem(`--${name} diberikan dua kali`, `--${name} is given twice`);
    if (switches.includes(name)) {
      set.add(name);
      continue;
    }
    if (name !== "lang" && !values.includes(name)) {
      const near = nearestFlag(name, [...values, ...switches]);
      return near === undefined
        ? usageProblem(`${what} tidak mengenal --${name}`, `${what} has no flag --${name}`)
        : usageProblem(
            `${what} tidak mengenal --${name} (maksudnya --${near}?)`,
            `${what} has no flag --${name} (did you mean --${near}?)`,
          );
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) return usageProblem(`--${name} tanpa nilai`, `--${name} has no value`);
    read.set(name, value);
    i += 1;
  }
  const lang = read.get("lang");
  if (lang !== undefined && lang !== "id" && lang !== "en")
    return usageProblem(`--lang adalah id atau en: ${lang}`, `--lang is id or en: ${lang}`);
  return { ok: true, values: read, switches: set };
};

/** The names of the flags that choose the store, which every command on a book takes. */
export const STORE_FLAGS: ReadonlyArray<string> = ["book", "folder", "database-url"];

/** Writes a file the user named, making its folder first (`--out reports/rat-2026.html`). */
export const writeOutput = (file: string, content: string): void => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
};

/**
 * A file written piece by piece (an exported log, a page at a time), opened on the first write so a
 * command that writes nothing leaves no file.
 */
export class LineFile {
  private fd: number | undefined;
  constructor(private readonly file: string) {}
  write(text: string): void {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, "w");
    }
    writeFileSync(this.fd, text); // with a descriptor: writes all of it, at the end of what was written
  }
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * A file the command could not read or write (a folder it may not write to, a disk that is full),
 * said in a line instead of a stack trace; undefined for any other error.
 */
export const fileProblem = (error: unknown, lang: "id" | "en"): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const { code, path } = error as NodeJS.ErrnoException;
  if (code === undefined || path === undefined) return undefined;
  const why =
    {
      EACCES: lang === "en" ? "permission denied" : "tidak diizinkan",
      EPERM: lang === "en" ? "permission denied" : "tidak diizinkan",
      ENOENT: lang === "en" ? "no such file or folder" : "berkas atau folder tidak ada",
      ENOSPC: lang === "en" ? "the disk is full" : "disk penuh",
      EROFS: lang === "en" ? "the disk is read-only" : "disk hanya-baca",
      EISDIR: lang === "en" ? "it is a folder" : "itu sebuah folder",
      ENOTDIR: lang === "en" ? "part of the path is not a folder" : "sebagian jalurnya bukan folder",
      EEXIST: lang === "en" ? "a file of that name is in the way" : "sudah ada berkas dengan nama itu",
    }[code] ?? code;
  // A book folder on a disk the auditor may only read (a write-protected stick, a read-only share):
  // PGlite writes as it opens, so say what can be done instead.
  const unwritableBook = basename(path) === "lumbung.lock" && ["EROFS", "EACCES", "EPERM"].includes(code);
  const hint = !unwritableBook
    ? ""
    : lang === "en"
      ? ". A book folder must be writable even to be read (PGlite writes as it opens it): copy the folder somewhere writable first, or verify its exported log with lumbung verify --file"
      : ". Folder buku harus dapat ditulisi walau hanya untuk dibaca (PGlite menulis saat membukanya): salin dulu foldernya ke tempat yang dapat ditulisi, atau periksa log ekspornya dengan lumbung verify --file";
  return lang === "en" ? `cannot use ${path}: ${why}${hint}` : `tidak dapat memakai ${path}: ${why}${hint}`;
};

/** Network errors of a connection that never came about. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN"]);

/**
 * A PostgreSQL server the command could not use (not reachable, a login refused, no such database,
 * no room for another connection), said in a line instead of a stack trace; the command exits with 4.
 * Undefined for any other error.
 */
export const serverProblem = (error: unknown, lang: "id" | "en"): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === "string" ? raw : undefined;
  const sqlState = code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  // pg's words when the server asks the owner for a password (SCRAM) and the URL has none.
  const noPassword = error.message.includes("client password must be a string");
  const known =
    noPassword ||
    (code !== undefined && UNREACHABLE.has(code)) ||
    (sqlState !== undefined && (sqlState.startsWith("08") || sqlState.startsWith("28") || ["3D000", "53300", "57P03"].includes(sqlState)));
  if (!known) return undefined;
  const what = noPassword
    ? lang === "en"
      ? "the server asks for a password: give it in the URL (postgres://owner:PASSWORD@host/database)"
      : "server meminta kata sandi: tuliskan di URL (postgres://pemilik:KATASANDI@host/basisdata)"
    : error.message || code;
  return lang === "en" ? `cannot use the PostgreSQL server: ${what}` : `server PostgreSQL tidak dapat dipakai: ${what}`;
};

/**
 * Says that the book named is not in the store (exit code 3): in a line on standard error, or with
 * `--json` as `{ "ok": false, "error": "NoSuchBook", "message": … }` on standard output. `folder` is
 * the PGlite folder that was looked for, when that is how it was missed.
 */
export const noBook = (book: string, lang: "id" | "en", json: boolean, folder?: string): number => {
  const message =
    folder === undefined
      ? lang === "en"
        ? `no book ${book} in this store (lumbung init first)`
        : `tidak ada buku ${book} di penyimpanan ini (jalankan lumbung init dahulu)`
      : lang === "en"
        ? `no book ${book}: no folder ${folder} (lumbung init first)`
        : `tidak ada buku ${book}: folder ${folder} tidak ada (jalankan lumbung init dahulu)`;
  if (json) console.log(JSON.stringify({ ok: false, error: "NoSuchBook", message }));
  else console.error(message);
  return 3;
};
