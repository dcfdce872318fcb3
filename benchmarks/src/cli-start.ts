/**
 * How long one `lumbung` command takes from start to exit, on a small PGlite book: the command as
 * tsc compiled it (packages/cli/dist/src/bin.js, about 800 modules to load) and as the build bundles
 * it (packages/cli/dist/lumbung.js, the package's bin). A treasurer runs one command at a time, so
 * this is the wait they see; most of it is loading the code and starting PGlite, not the work.
 *
 *   node scripts/bench.mjs cli-start [rounds]      (default 7)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conditions } from "./conditions.js";

const ROUNDS = Number(process.argv[2] ?? 7);
const dist = join(import.meta.dirname, "..", "..", "packages", "cli", "dist");
const builds = [
  { name: "modules as compiled (dist/src/bin.js)", bin: join(dist, "src", "bin.js") },
  { name: "bundled (dist/lumbung.js)", bin: join(dist, "lumbung.js") },
];

const dir = mkdtempSync(join(tmpdir(), "lumbung-cli-start-"));
const book = ["--book", "kop", "--folder", join(dir, "kop")];
const env = { ...process.env, LUMBUNG_TODAY: "2026-01-31", DATABASE_URL: "" };

/** Milliseconds from spawn to exit; a command that fails stops the benchmark. */
const timed = (bin: string, args: string[]): number => {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return ms;
};

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return `${Math.round(median)} ms (${Math.round(sorted[0] as number)}–${Math.round(sorted[sorted.length - 1] as number)})`;
};

try {
  console.log(`# CLI start (${conditions()}, ${ROUNDS} rounds, builds alternating)`);
  timed(builds[1]?.bin as string, ["init", ...book, "--name", "Koperasi Uji", "--start", "2026-01-01"]);
  timed(builds[1]?.bin as string, [
    "members",
    "add",
    ...book,
    "--member",
    "A000",
    "--date",
    "2026-01-02",
    "--name",
    "Siti",
    "--nik",
    "3275010101010001",
    "--address",
    "Jatisampurna",
  ]);
  const cases: Array<{ name: string; args: (round: number, build: number) => string[] }> = [
    { name: "lumbung --help", args: () => ["--help"] },
    { name: "report anggota (reads the book)", args: () => ["report", "anggota", ...book] },
    {
      name: "savings deposit (one command written)",
      args: (round, build) => [
        "savings",
        "deposit",
        ...book,
        "--member",
        "A000",
        "--date",
        "2026-01-03",
        "--amount",
        `${1000 + round * 10 + build}`,
      ],
    },
  ];
  const times = cases.map(() => builds.map(() => [] as number[]));
  for (let round = 0; round < ROUNDS; round++)
    cases.forEach((c, i) => {
      builds.forEach((b, j) => {
        times[i]?.[j]?.push(timed(b.bin, c.args(round, j)));
      });
    });
  console.log(`\n| command | ${builds.map((b) => b.name).join(" | ")} |`);
  console.log(`|---|${builds.map(() => "---").join("|")}|`);
  cases.forEach((c, i) => {
    console.log(`| ${c.name} | ${builds.map((_, j) => summary(times[i]?.[j] ?? [])).join(" | ")} |`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
