// `npm test`: sets up the toolchain, runs every test with vitest, and prints the closing line
// `N passed, N failed` that CI counts. Exits non-zero on any failure or when no test ran.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureToolchain, root, run } from "./toolchain.mjs";

const pnpm = ensureToolchain();
// The CLI's tests spawn the built `lumbung` command.
run(pnpm, ["run", "--silent", "build"]);
const report = join(root, ".vitest-report.json");
rmSync(report, { force: true });
const result = spawnSync(
  pnpm,
  ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
let status = result.status ?? 1;
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file that fails before its tests run (a broken import, a failing beforeAll) fails no test of
  // its own; count it as one failure so the closing line never reads "0 failed" for a red run.
  const brokenFiles = r.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  ).length;
  const failed = r.numFailedTests + brokenFiles;
  console.log(`${r.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  if (r.numTotalTests === 0) {
    console.error("no test ran");
    status = 1;
  }
  if (r.numFailedTests > 0 || r.numFailedTestSuites > 0) status = status || 1;
} catch (error) {
  console.error(`could not read the test report: ${error}`);
  console.log("0 passed, 1 failed");
  status = 1;
}
process.exit(status);
