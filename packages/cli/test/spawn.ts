/** `lumbung` as a spawned process on a PGlite folder: the harness the treasurer-command tests share. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const bin = fileURLToPath(new URL("../dist/lumbung.js", import.meta.url));

export interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `lumbung … --book kop --folder DIR/FOLDER` with the clock at `today` and no server in the environment. */
export const lumbungIn =
  (dir: string, folder: string, today: string) =>
  (...args: string[]): Run => {
    const result = spawnSync(process.execPath, [bin, ...args, "--book", "kop", "--folder", join(dir, folder)], {
      encoding: "utf8",
      env: { ...process.env, LUMBUNG_TODAY: today, DATABASE_URL: "" },
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

/** The same, expecting exit 0 (the failure shows the command and what it printed on stderr). */
export const okWith =
  (run: (...args: string[]) => Run) =>
  (...args: string[]): Run => {
    const r = run(...args);
    expect(r.code, `${args.join(" ")}: ${r.err}`).toBe(0);
    return r;
  };

export const requireBuild = (): void => {
  if (!existsSync(bin)) throw new Error(`build the packages first (pnpm run build): ${bin} is missing`);
};
