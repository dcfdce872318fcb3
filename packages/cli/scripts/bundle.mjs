// Run by the build, after tsc: bundles the compiled `lumbung` command (dist/src/bin.js and everything
// it imports from the workspace, effect, kysely, date-fns and decimal.js) into one file,
// dist/lumbung.js, the package's bin. Node loads one file instead of about 800 modules, which took
// 0.6–0.9 s of every command's start on a 2-core machine (benchmarks/RESULTS.md, "CLI start").
// Left outside, resolved from this package's dependencies when the command runs:
// - @electric-sql/pglite loads its .wasm and .data files from beside its own modules;
// - pg requires its optional native binding only when asked for it;
// - exceljs is imported only by `lumbung import` of an .xlsx file.
import { chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const outfile = join(here, "dist", "lumbung.js");

await build({
  entryPoints: [join(here, "dist", "src", "bin.js")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["@electric-sql/pglite", "pg", "exceljs"],
  // A bundled CommonJS module that calls require() gets Node's own, made for this file.
  banner: {
    js: 'import { createRequire as lumbungCreateRequire } from "node:module";\nconst require = lumbungCreateRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
});
chmodSync(outfile, 0o755);
