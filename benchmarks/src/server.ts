/** A throwaway, durable PostgreSQL server for a benchmark (fsync and synchronous_commit on), on a free port. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyBook } from "@lumbung/core";
import { type LedgerDatabase, openPGlite, openServer } from "@lumbung/postgres";
import { Effect } from "effect";

const script = join(import.meta.dirname, "..", "..", "scripts", "pg-test-cluster.sh");

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Starts the server, prints its version and durability settings, runs `work` with the owner's URL
 * over TCP on 127.0.0.1 and the same over the server's Unix socket (how an application on the
 * server's own machine reaches it), and stops it.
 */
export const withDurableServer = async (work: (url: string, socketUrl: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "pgbench-"));
  const env = { ...process.env, PGTEST_PORT: String(await freePort()), PGTEST_DIR: dir, PGTEST_DURABLE: "1" };
  const owner = execFileSync("bash", [script, "start"], { env, encoding: "utf8" }).trim().split("\n").pop() as string;
  try {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: owner });
    await client.connect();
    const { rows } = await client.query("select version(), current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc");
    await client.end();
    console.log(
      `server: ${rows[0].version.split(",")[0]}, fsync=${rows[0].fsync}, synchronous_commit=${rows[0].sc}, on 127.0.0.1 and its Unix socket`,
    );
    // pg reads the socket's directory from `host`; the port names the socket file in it.
    const socket = new URL(owner);
    socket.hostname = "localhost";
    socket.searchParams.set("host", dir);
    await work(owner, socket.toString());
  } finally {
    execFileSync("bash", [script, "stop"], { env, stdio: "inherit" });
  }
};

/**
 * Measures a book in a PGlite folder, then the same book copied (`copyBook`) onto a throwaway durable
 * server, reached over its Unix socket: `measure` gets each database, what to call it, and whether
 * its store reads the log as JSON lists (PGlite) or row by row (a server).
 */
export const onPGliteAndServer = async (
  folder: string,
  bookId: string,
  measure: (where: string, ledger: LedgerDatabase, asJson: boolean) => Promise<void>,
): Promise<void> => {
  const laptop = await openPGlite({ folder });
  try {
    await measure("PGlite, file-backed", laptop, true);
    await withDurableServer(async (_url, socketUrl) => {
      const server = await openServer({ url: socketUrl });
      try {
        await Effect.runPromise(copyBook(laptop.store, server.store, bookId));
        await measure("PostgreSQL server (durable), over its Unix socket", server, false);
      } finally {
        await server.close();
      }
    });
  } finally {
    await laptop.close();
  }
};
