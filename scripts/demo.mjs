// `npm run demo`: sets up the toolchain, builds the packages and runs `lumbung demo`.
import { join } from "node:path";
import { ensureToolchain, root, run } from "./toolchain.mjs";

const pnpm = ensureToolchain();
run(pnpm, ["run", "--silent", "build"]);
run(process.execPath, [join(root, "packages", "cli", "dist", "lumbung.js"), "demo", ...process.argv.slice(2)]);
