// Makes sure a fresh machine with only Node and npm can run the project: pnpm 12.4.2 (exactly the
// version in package.json's packageManager) and the locked dependencies. Used by `npm run demo` and
// `npm test`; safe to run again (a warm install takes well under a second).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.replace(/^pnpm@/, "");
const localPnpm = join(root, ".tools", "node_modules", ".bin", "pnpm");

const versionOf = (command) => {
  try {
    return execFileSync(command, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .trim()
      .split("\n")
      .pop();
  } catch {
    return undefined;
  }
};

/** Returns a pnpm command of the pinned version, installing it into .tools/ when none is at hand. */
export const ensurePnpm = () => {
  if (versionOf("pnpm") === pinned) return "pnpm";
  if (existsSync(localPnpm) && versionOf(localPnpm) === pinned) return localPnpm;
  console.error(`[setup] installing pnpm ${pinned} into .tools/ …`);
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", join(root, ".tools"), `pnpm@${pinned}`]);
  if (versionOf(localPnpm) !== pinned) throw new Error(`pnpm ${pinned} did not install`);
  return localPnpm;
};

export const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
  return result;
};

/** pnpm and the locked dependencies, then returns the pnpm command. */
export const ensureToolchain = () => {
  const pnpm = ensurePnpm();
  run(pnpm, ["install", "--frozen-lockfile", "--reporter=silent"]);
  return pnpm;
};
