/**
 * PGlite that keeps its commits through a power cut.
 *
 * PGlite 0.5 on Node never asks the disk to keep anything. It starts PostgreSQL with fsync off
 * (`-F` among its default start parameters), and the WebAssembly build's `fdatasync` does nothing
 * even with fsync on: a command was "committed" once its bytes were in the operating system's page
 * cache. That survives the app crashing or being killed, but not the power going out or the
 * operating system crashing: the last seconds of commits are lost, and PostgreSQL's own documentation
 * warns that with fsync off such a crash can leave the database corrupt.
 *
 * A durable folder starts PostgreSQL with fsync on and `wal_sync_method = fsync`, and gives the
 * WebAssembly file system the `fsync` it lacks: PostgreSQL's every sync (the WAL at each commit,
 * the data files and directories at each checkpoint, the data directory after a crash) becomes a
 * real `fsync` of the file in the folder. A commit then returns only after its WAL is on the disk,
 * as on a server with fsync on. It costs one sync a commit (about 0.16 ms on this machine's disk;
 * docs/persistence.md).
 */
import { closeSync, fsyncSync, openSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/** The part of Emscripten's NODEFS this file touches. */
interface NodeFsModule {
  readonly stream_ops: { fsync?: (stream: { readonly nfd: number }) => number };
  tryFSOperation<T>(operation: () => T): T;
}

/**
 * PostgreSQL's start parameters for a durable folder: PGlite's own, without `-F` (fsync off), with
 * the WAL synced by `fsync` (the one sync call the WebAssembly build passes on to the file system).
 */
export const durableStartParams = (): string[] => [
  ...PGlite.defaultStartParams.filter((param) => param !== "-F"),
  "-c",
  "wal_sync_method=fsync",
];

/** A PGlite file system on a folder whose syncs reach the disk. */
export class DurableNodeFS extends NodeFS {
  // The parameter types are PGlite's; they are not exported by name.
  override async init(...args: Parameters<NodeFS["init"]>): ReturnType<NodeFS["init"]> {
    const { emscriptenOpts } = await super.init(...args);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [
          ...(emscriptenOpts.preRun ?? []),
          (mod) => {
            // Every file and directory in the folder shares NODEFS's stream operations. Its `fsync`
            // is what the WebAssembly `fsync` calls, when there is one; an error reaches PostgreSQL
            // as an errno, and PostgreSQL stops rather than carry on (data_sync_retry is off).
            const nodefs = mod.NODEFS as unknown as NodeFsModule;
            nodefs.stream_ops.fsync = (stream) => {
              nodefs.tryFSOperation(() => fsyncSync(stream.nfd));
              return 0;
            };
          },
        ],
      },
    };
  }
}

/**
 * Syncs one file, or a directory's entries, to the disk. Some systems cannot open a directory to
 * sync it (Windows refuses with EISDIR, EACCES or EPERM) and keep its entries by other means; as
 * PostgreSQL's own fsync_fname does, a directory that cannot be opened is passed over there.
 */
export const syncPath = (path: string, isDirectory = false): void => {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (isDirectory && (code === "EISDIR" || code === "EACCES" || code === "EPERM")) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Syncs every file and directory under `root` to the disk: for a data directory that PGlite has
 * just created (its initdb syncs nothing) or one written before without syncs.
 */
export const syncTree = (root: string): void => {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) syncTree(path);
    else if (entry.isFile()) syncPath(path);
  }
  syncPath(root, true);
};
