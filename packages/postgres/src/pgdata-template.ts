/**
 * A new PGlite database from a template instead of from initdb.
 *
 * PGlite makes a new database by running initdb inside a second PostgreSQL instance of its own,
 * then (in memory) copying that instance's data directory into the first. On our machine that took
 * about 2 s in memory and 2.4–3.6 s for a folder, and left the process at 670–830 MB resident for as
 * long as it lived, against 290–360 MB for a folder made from the template (benchmarks/RESULTS.md). The data
 * directory initdb writes is the same every time for one PGlite version, so the build makes it once
 * (`makeTemplate`, run by `pnpm build`) and keeps it beside the compiled code as a gzipped tar named
 * after that PGlite version. A new book then starts from a copy of it:
 *
 * - in memory, PGlite loads the template (its `loadDataDir`);
 * - in a folder, the template is written to `pgdata.partial`, synced when the folder is durable, and
 *   only then renamed to `pgdata`. A process stopped while the folder is being made leaves no
 *   `pgdata` that looks whole: the next open starts again from the template. (PGlite's own initdb
 *   writes straight into `pgdata`, so a stop half-way left a folder that would not open.)
 *
 * When there is no template for the PGlite that is installed (a build that skipped it, another
 * PGlite version), PGlite's own initdb runs as before.
 */

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { syncPath, syncTree } from "./durable-fs.js";

let installed: string | undefined;

/** The installed PGlite's version, from its package.json. */
export const pgliteVersion = (): string => {
  if (installed !== undefined) return installed;
  const require = createRequire(import.meta.url);
  // The package's main file is dist/index.cjs; its package.json is one folder up from dist.
  const main = require.resolve("@electric-sql/pglite");
  const manifest = JSON.parse(readFileSync(join(dirname(main), "..", "package.json"), "utf8")) as { version?: unknown };
  if (typeof manifest.version !== "string") throw new Error(`no version in ${join(dirname(main), "..", "package.json")}`);
  installed = manifest.version;
  return installed;
};

/** The template's file name for one PGlite version. */
export const templateFileName = (version: string): string => `pglite-${version}-pgdata.tar.gz`;

/**
 * Where the build puts the template: `dist/template` of this package, seen from the compiled module
 * (dist/src) or from the source (src, as the tests run it). Bundled into another file (the `lumbung`
 * command is one file, packages/cli/dist/lumbung.js), this module is no longer inside this package:
 * the folder is then found from where the package resolves, its main module being dist/src/index.js.
 */
export const templateFolder = (): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  if (basename(here) !== "src") return resolve(dirname(createRequire(import.meta.url).resolve("@lumbung/postgres")), "..", "template");
  const compiled = basename(dirname(here)) === "dist";
  return compiled ? resolve(here, "..", "template") : resolve(here, "..", "dist", "template");
};

let cached: { readonly path: string; readonly gzipped: Buffer } | undefined;

/**
 * The template's tar for the installed PGlite, or undefined when the build made none for it.
 * `folder` is where to look (the build's folder unless given).
 */
export const loadTemplate = (folder: string = templateFolder()): Uint8Array | undefined => {
  const path = join(folder, templateFileName(pgliteVersion()));
  if (cached?.path !== path) {
    if (!existsSync(path)) return undefined;
    cached = { path, gzipped: readFileSync(path) };
  }
  try {
    const tar = gunzipSync(cached.gzipped);
    readTar(tar);
    return tar;
  } catch (error) {
    throw new Error(`the PGlite template ${path} is damaged (${(error as Error).message}); build again (pnpm build) or delete it`);
  }
};

/** One entry of a tar: a directory or a regular file, its path inside the data directory. */
interface TarEntry {
  readonly path: string;
  readonly directory: boolean;
  readonly data: Uint8Array;
}

const text = (block: Uint8Array, start: number, length: number): string => {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
};

const octal = (block: Uint8Array, start: number, length: number, what: string): number => {
  const digits = text(block, start, length).trim();
  if (!/^[0-7]+$/.test(digits)) throw new Error(`tar: the ${what} field is not an octal number: "${digits}"`);
  return Number.parseInt(digits, 8);
};

/** The entries of a POSIX (ustar) tar holding directories and regular files, each header's checksum checked. */
export const readTar = (tar: Uint8Array): TarEntry[] => {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) return entries;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
    if (sum !== octal(header, 148, 8, "checksum")) throw new Error(`tar: the header at byte ${at} fails its checksum`);
    const name = text(header, 0, 100);
    const prefix = text(header, 257, 6).startsWith("ustar") ? text(header, 345, 155) : "";
    const path = (prefix === "" ? name : `${prefix}/${name}`).replace(/^\/+/, "").replace(/\/+$/, "");
    const parts = path.split("/");
    if (parts.some((part) => part === ".." || part === "")) throw new Error(`tar: refusing the path "${path}"`);
    const size = octal(header, 124, 12, "size");
    const type = String.fromCharCode(header[156] as number);
    if (at + 512 + size > tar.length) throw new Error(`tar: ${path} runs past the end of the archive`);
    if (type === "5") entries.push({ path, directory: true, data: new Uint8Array(0) });
    else if (type === "0" || type === "\0") entries.push({ path, directory: false, data: tar.subarray(at + 512, at + 512 + size) });
    else throw new Error(`tar: ${path} is of type "${type}", neither a file nor a directory`);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error("tar: the archive ends without its closing blocks");
};

/** True when `dataDir` is not there yet, or is an empty folder: a database to make. */
export const isNewDataDir = (dataDir: string): boolean => !existsSync(dataDir) || readdirSync(dataDir).length === 0;

/**
 * Makes `folder/pgdata` from the template: written to `pgdata.partial`, synced to the disk when
 * `durable`, then renamed, so that `pgdata` exists only once it is whole. A `pgdata.partial` left by
 * an earlier attempt that stopped is removed first. A damaged template changes nothing.
 */
export const writeDataDir = (folder: string, template: Uint8Array, durable: boolean): void => {
  // Read whole first: a damaged template leaves the folder as it was.
  const entries = readTar(template);
  const partial = join(folder, "pgdata.partial");
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  for (const entry of entries) {
    const path = join(partial, ...entry.path.split("/"));
    if (!path.startsWith(partial + sep)) throw new Error(`tar: ${entry.path} is outside the data directory`);
    // Only the owner may read a book's data directory, as initdb makes it; the tar's modes are not taken.
    if (entry.directory) mkdirSync(path, { recursive: true, mode: 0o700 });
    else {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, entry.data, { mode: 0o600 });
    }
  }
  placeDataDir(folder, durable);
};

/**
 * Puts a data directory made whole in `folder/pgdata.partial` in place as `folder/pgdata`: synced
 * first when `durable`, so that `pgdata` never names a directory whose files a power cut could lose.
 */
export const placeDataDir = (folder: string, durable: boolean): void => {
  const partial = join(folder, "pgdata.partial");
  if (durable) syncTree(partial);
  const dataDir = join(folder, "pgdata");
  // An empty pgdata (isNewDataDir) gives way; Windows would not rename over it.
  if (existsSync(dataDir)) rmdirSync(dataDir);
  renameSync(partial, dataDir);
  if (durable) syncPath(folder, true);
};

const field = (header: Uint8Array, at: number, length: number, value: string): void => {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > length) throw new Error(`tar: "${value}" does not fit in ${length} bytes`);
  header.set(bytes, at);
};

const octalField = (header: Uint8Array, at: number, length: number, value: number): void =>
  field(header, at, length, `${value.toString(8).padStart(length - 1, "0")}\0`);

/** A POSIX (ustar) tar of a folder's directories and regular files, in name order, paths relative to it. */
export const writeTar = (root: string): Uint8Array => {
  const blocks: Uint8Array[] = [];
  const add = (path: string, full: string, directory: boolean) => {
    const stats = statSync(full);
    const data = directory ? new Uint8Array(0) : readFileSync(full);
    const header = new Uint8Array(512);
    const name = directory ? `${path}/` : path;
    // Names of more than 100 bytes go in two parts, split at a slash.
    const split = name.length > 100 ? name.lastIndexOf("/", name.length - 2) : -1;
    field(header, 0, 100, split === -1 ? name : name.slice(split + 1));
    if (split !== -1) field(header, 345, 155, name.slice(0, split));
    octalField(header, 100, 8, stats.mode & 0o777);
    octalField(header, 108, 8, 0);
    octalField(header, 116, 8, 0);
    octalField(header, 124, 12, data.length);
    octalField(header, 136, 12, 0);
    field(header, 156, 1, directory ? "5" : "0");
    field(header, 257, 6, "ustar\0");
    field(header, 263, 2, "00");
    field(header, 148, 8, "        ");
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  };
  const walk = (relative: string) => {
    const entries = readdirSync(join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        add(path, join(root, path), true);
        walk(path);
      } else if (entry.isFile()) add(path, join(root, path), false);
      else throw new Error(`tar: ${join(root, path)} is neither a file nor a directory`);
    }
  };
  walk("");
  blocks.push(new Uint8Array(1024));
  const tar = new Uint8Array(blocks.reduce((total, block) => total + block.length, 0));
  let at = 0;
  for (const block of blocks) {
    tar.set(block, at);
    at += block.length;
  }
  return tar;
};

/**
 * Makes the template for the installed PGlite in `folder` (the build's folder unless given), unless
 * it is there already; returns its path. PGlite's own initdb makes a data directory in a scratch
 * folder; PostgreSQL starts on it once and shuts down cleanly, so that a database made from the
 * template starts without recovering (a recovery would sync every file of a durable folder); the
 * directory is kept as a gzipped tar.
 */
export const makeTemplate = async (folder: string = templateFolder()): Promise<{ path: string; made: boolean }> => {
  const path = join(folder, templateFileName(pgliteVersion()));
  if (existsSync(path)) return { path, made: false };
  const scratch = mkdtempSync(join(tmpdir(), "lumbung-pgdata-template-"));
  try {
    const dataDir = join(scratch, "pgdata");
    const pglite = await PGlite.create({ dataDir });
    await pglite.close();
    const tar = writeTar(dataDir);
    readTar(tar);
    mkdirSync(folder, { recursive: true });
    const part = `${path}.${process.pid}.partial`;
    writeFileSync(part, gzipSync(tar));
    renameSync(part, path);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { path, made: true };
};
