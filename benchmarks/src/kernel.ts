/**
 * Issue 2's three figures, each printed with its conditions:
 * 1. apply: decided savings events applied to state from memory (target ≥ 1,000,000 events/s);
 * 2. the full command path: decode, decide, hash and apply (target ≥ 200,000 commands/s);
 * 3. replay and verify of a 1,000,000-event log, hash chain included, from memory (target < 3 s and
 *    < 1 GB), and the same log read from an NDJSON file.
 * Run: pnpm bench (or: pnpm --filter @lumbung/benchmarks exec tsx src/kernel.ts [events]).
 */
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { applyEvent, type BookState, fromWireLine, type LedgerEvent, toWireLine, Verifier, verifyLog } from "@lumbung/core";
import { conditions, mib, peakRss, rate } from "./conditions.js";
import { buildSavingsLog, makePipeline, nik, openBookCommand, prng } from "./log.js";

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const main = async () => {
  console.log(`# Kernel benchmarks (${conditions()})`);

  // ---- 2. the full command path ----
  const members = 1000;
  const commands: unknown[] = [];
  const random = prng(7);
  for (let i = 0; i < 300_000; i++) {
    const memberNo = `M${1 + Math.floor(random() * members)}`;
    commands.push(
      random() < 0.75
        ? { type: "DepositSukarela", memberNo, date: "2025-01-15", amount: String(10_000 * (1 + Math.floor(random() * 20))) }
        : { type: "WithdrawSukarela", memberNo, date: "2025-01-15", amount: "10000" },
    );
  }
  // The engine hands each event on (as the executor hands it to a store) and keeps none itself.
  const pipeline = makePipeline("2030-12-31", false);
  pipeline.run(openBookCommand);
  for (let m = 1; m <= members; m++) {
    pipeline.run({ type: "RegisterMember", memberNo: `M${m}`, date: "2025-01-01", identity: { nik: nik(m), name: `A${m}`, address: "x" } });
    pipeline.run({ type: "DepositSukarela", memberNo: `M${m}`, date: "2025-01-01", amount: "1000000" });
  }
  // Warm up the JIT on the same path, then measure.
  for (let i = 0; i < 20_000; i++) pipeline.run(commands[i]);
  let accepted = 0;
  const t0 = performance.now();
  for (let i = 20_000; i < commands.length; i++) if (pipeline.run(commands[i])) accepted += 1;
  const commandMs = performance.now() - t0;
  console.log(
    `full command path (decode + decide + hash + apply, in memory, ${(commands.length - 20_000).toLocaleString("en-US")} commands, ${members} members, one thread): ` +
      `${rate(commands.length - 20_000, commandMs)} (${accepted} accepted), target ≥ 200,000/s`,
  );

  // ---- the log for 1 and 3 ----
  gc();
  const tBuild = performance.now();
  const log = buildSavingsLog(EVENTS, 1000).events;
  console.log(
    `(built a log of ${log.length.toLocaleString("en-US")} events through the engine in ${((performance.now() - tBuild) / 1000).toFixed(1)} s)`,
  );
  const savingsEvents = log.filter((e) => e.postings.length === 2).length;

  // ---- 1. apply ----
  for (let round = 0; round < 2; round++) {
    gc();
    const t1 = performance.now();
    let state: BookState | undefined;
    for (const event of log) state = applyEvent(state, event);
    const applyMs = performance.now() - t1;
    if (round === 1) {
      console.log(
        `apply (events from memory to state, ${log.length.toLocaleString("en-US")} events of which ${savingsEvents.toLocaleString("en-US")} 2-posting savings events): ` +
          `${rate(log.length, applyMs)} in ${applyMs.toFixed(0)} ms, target ≥ 1,000,000/s`,
      );
    }
  }

  // ---- 3. replay and verify ----
  gc();
  const heapBefore = process.memoryUsage();
  const sampler = peakRss();
  const t3 = performance.now();
  const report = verifyLog(log);
  const verifyMs = performance.now() - t3;
  const peak = sampler.stop();
  if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.problem)}`);
  console.log(
    `replay + verify from memory (${report.eventsChecked.toLocaleString("en-US")} events: hash chain, entry balances, apply, sub-ledgers): ` +
      `${(verifyMs / 1000).toFixed(2)} s (${rate(report.eventsChecked, verifyMs)}), peak RSS ${mib(peak)} (RSS before ${mib(heapBefore.rss)}, of which the log in memory), target < 3 s and < 1 GB`,
  );

  // ---- the same from an NDJSON file ----
  const dir = mkdtempSync(join(tmpdir(), "lumbung-bench-"));
  const file = join(dir, "log.ndjson");
  const tw = performance.now();
  const chunk: string[] = [];
  writeFileSync(file, "");
  const { appendFileSync } = await import("node:fs");
  for (const event of log) {
    chunk.push(toWireLine(event));
    if (chunk.length === 50_000) {
      appendFileSync(file, `${chunk.join("\n")}\n`);
      chunk.length = 0;
    }
  }
  if (chunk.length > 0) appendFileSync(file, `${chunk.join("\n")}\n`);
  const writeMs = performance.now() - tw;
  const size = statSync(file).size;
  const eventsCount = log.length;
  log.length = 0;
  gc();
  const sampler2 = peakRss();
  const t4 = performance.now();
  const verifier = new Verifier();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) if (line !== "") verifier.push(fromWireLine(line) as LedgerEvent);
  const fileReport = verifier.finish();
  const fileMs = performance.now() - t4;
  const peak2 = sampler2.stop();
  if (!fileReport.ok) throw new Error(`verify from file failed: ${JSON.stringify(fileReport.problem)}`);
  console.log(
    `replay + verify streaming an NDJSON file (${eventsCount.toLocaleString("en-US")} events, ${mib(size)}, written in ${(writeMs / 1000).toFixed(1)} s): ` +
      `${(fileMs / 1000).toFixed(2)} s (${rate(eventsCount, fileMs)}), peak RSS ${mib(peak2)}`,
  );
  rmSync(dir, { recursive: true, force: true });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
