// `npm run bench`: sets up the toolchain, builds the packages and runs the benchmarks against the
// built JavaScript (what an app runs), each in its own process, with the node flags printed.
import { join } from "node:path";
import { ensureToolchain, root, run } from "./toolchain.mjs";

const pnpm = ensureToolchain();
run(pnpm, ["run", "--silent", "build"]);
const which = process.argv[2] ?? "kernel";
const flags = ["--expose-gc", "--max-semi-space-size=64", "--import", "tsx"];
run(process.execPath, [...flags, join(root, "benchmarks", "src", `${which}.ts`), ...process.argv.slice(3)], {
  cwd: join(root, "benchmarks"),
});
