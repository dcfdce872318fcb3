// Starts a throwaway PostgreSQL cluster (scripts/pg-test-cluster.sh) on 127.0.0.1 for this project's
// tests, unless DATABASE_URL is set (with DATABASE_SOCKET_URL, the same server through its Unix
// socket), and stops it afterwards. If the server cannot start, the run fails: the server suite never
// silently skips.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** The same server through its Unix socket ("" when DATABASE_URL is given without DATABASE_SOCKET_URL). */
    databaseSocketUrl: string;
  }
}

const script = fileURLToPath(new URL("../../../scripts/pg-test-cluster.sh", import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide("databaseUrl", process.env.DATABASE_URL);
    project.provide("databaseSocketUrl", process.env.DATABASE_SOCKET_URL ?? "");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "pgtest-"));
  const env = { ...process.env, PGTEST_PORT: String(await freePort()), PGTEST_DIR: dir };
  const t0 = performance.now();
  let out: string;
  try {
    out = execFileSync("bash", [script, "start"], { env, encoding: "utf8" });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start the test PostgreSQL server (install postgresql-15, or set DATABASE_URL): ${String(error)}`);
  }
  const url = out.trim().split("\n").pop() as string;
  console.log(`[global-setup] PostgreSQL up at ${url} in ${(performance.now() - t0).toFixed(0)} ms`);
  project.provide("databaseUrl", url);
  // The cluster's Unix socket is in its directory (pg takes the directory as `host`).
  const socketUrl = new URL(url);
  socketUrl.hostname = "localhost";
  socketUrl.searchParams.set("host", dir);
  project.provide("databaseSocketUrl", socketUrl.toString());
  return () => {
    execFileSync("bash", [script, "stop"], { env, stdio: "inherit" });
  };
}
