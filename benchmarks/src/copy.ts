/**
 * Moving a book: `copyBook` from a PGlite folder to a durable PostgreSQL server, from the server into
 * a new folder, and the same again after a day's commands (a copy brought up to date). Each copy
 * verifies the source's whole log first and the copy's after, so those replays are in the times.
 *
 *   node scripts/bench.mjs copy [events]      (default 100,000 deposits on a book of 1,000 members)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyBook, makeExecutor, readAll, verifyLog, verifyStoredLog } from "@lumbung/core";
import { openPGlite, openServer } from "@lumbung/postgres";
import { Effect } from "effect";
import { conditions, mib, peakRss, rate } from "./conditions.js";
import { depositCommand, nik } from "./log.js";
import { withDurableServer } from "./server.js";

const DEPOSITS = Number(process.argv[2] ?? 100_000);
const MEMBERS = 1_000;
const BOOK = "kop-pindah";
const clock = { now: () => new Date("2026-06-30T05:00:00Z") };

let counter = 0;
const deposits = (count: number) =>
  Array.from({ length: count }, () => {
    counter += 1;
    return depositCommand(counter, MEMBERS);
  });

/** Runs `work`, with its time, the process's peak RSS, and the peak growth of the JavaScript heap over where it began. */
const timed = async <A>(work: () => Promise<A>): Promise<{ value: A; ms: number; peak: number; heap: number }> => {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let heap = 0;
  const sample = setInterval(() => {
    heap = Math.max(heap, process.memoryUsage().heapUsed - base);
  }, 5);
  const rss = peakRss();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  clearInterval(sample);
  heap = Math.max(heap, process.memoryUsage().heapUsed - base);
  return { value, ms, peak: rss.stop(), heap };
};

console.log(`# Copy benchmarks (${conditions()})`);
const dir = mkdtempSync(join(tmpdir(), "lumbung-copy-bench-"));
try {
  // The book on the treasurer's laptop: a PGlite folder.
  const laptop = await openPGlite({ folder: join(dir, "laptop") });
  const executor = makeExecutor({ store: laptop.store, clock });
  await Effect.runPromise(executor.execute(BOOK, [{ type: "OpenBook", bookId: BOOK, name: BOOK, startDate: "2026-01-01" }]));
  const members = Array.from({ length: MEMBERS }, (_, i) => ({
    type: "RegisterMember",
    memberNo: `M${i + 1}`,
    date: "2026-01-02",
    identity: { nik: nik(i + 1), name: `Anggota ${i + 1}`, address: "Jatisampurna" },
  }));
  await Effect.runPromise(executor.execute(BOOK, members));
  for (let done = 0; done < DEPOSITS; done += 1000) {
    await Effect.runPromise(executor.execute(BOOK, deposits(Math.min(1000, DEPOSITS - done))));
  }
  const head = (await Effect.runPromise(laptop.store.projection(BOOK)))?.headSeq ?? 0;
  console.log(
    `the book: ${head.toLocaleString("en-US")} events (${MEMBERS} members, ${DEPOSITS.toLocaleString("en-US")} deposits) in a PGlite folder`,
  );

  await withDurableServer(async (_url, socketUrl) => {
    // Over the Unix socket, as an app on the server's machine connects.
    const server = await openServer({ url: socketUrl });
    try {
      const up = await timed(() => Effect.runPromise(copyBook(laptop.store, server.store, BOOK)));
      console.log(
        `PGlite folder → durable server: ${up.value.eventsCopied.toLocaleString("en-US")} events in ${up.value.appends} transactions, ${(up.ms / 1000).toFixed(1)} s, ${rate(up.value.eventsCopied, up.ms)} (both logs replayed), peak RSS ${mib(up.peak)}, heap +${mib(up.heap)}`,
      );
      await laptop.close();

      const copy = await openPGlite({ folder: join(dir, "copy") });
      const down = await timed(() => Effect.runPromise(copyBook(server.store, copy.store, BOOK)));
      console.log(
        `durable server → new PGlite folder: ${(down.ms / 1000).toFixed(1)} s, ${rate(down.value.eventsCopied, down.ms)}, peak RSS ${mib(down.peak)}, heap +${mib(down.heap)}`,
      );

      // A day at the server, then the folder brought up to date.
      const live = makeExecutor({ store: server.store, clock });
      for (let done = 0; done < 1000; done += 100) await Effect.runPromise(live.execute(BOOK, deposits(100)));
      const again = await timed(() => Effect.runPromise(copyBook(server.store, copy.store, BOOK)));
      console.log(
        `the folder brought up to date after 1,000 more commands at the server: ${again.value.eventsCopied.toLocaleString("en-US")} events appended in ${(again.ms / 1000).toFixed(1)} s (the replays of both whole logs are most of it)`,
      );

      // The auditor's replay of the book, on the server and in the PGlite folder (which reads its log
      // as JSON lists, pg-store.ts): a page at a time (as `lumbung verify --book` does), and read whole
      // first. Timed once as is; then again, collecting garbage at each page, for the live heap.
      const gc = globalThis.gc ?? (() => {});
      for (const [where, store] of [
        ["the server's", server.store],
        ["the PGlite folder's", copy.store],
      ] as const) {
        const projection = await Effect.runPromise(store.projection(BOOK));
        const paged = {
          run: (onPage?: () => void) => Effect.runPromise(verifyStoredLog(store, BOOK, { expected: projection, onPage })),
          how: "a page (10,000 events) at a time",
        };
        const whole = {
          run: async (onPage?: () => void) => {
            const events = await Effect.runPromise(readAll(store, BOOK));
            onPage?.();
            const report = verifyLog(events, projection);
            onPage?.();
            return report;
          },
          how: "the whole log read first, then replayed",
        };
        for (const { run, how } of [paged, whole]) {
          const { value, ms } = await timed(() => run());
          if (!value.ok) throw new Error(`verify failed: ${JSON.stringify(value.problem)}`);
          gc();
          const base = process.memoryUsage().heapUsed;
          let live = 0;
          await run(() => {
            gc();
            live = Math.max(live, process.memoryUsage().heapUsed - base);
          });
          console.log(
            `verify of ${where} ${value.eventsChecked.toLocaleString("en-US")} events, ${how}: ${(ms / 1000).toFixed(1)} s; live heap at most +${mib(live)} (after a collection at each page)`,
          );
        }
      }
      await copy.close();
    } finally {
      await server.close();
    }
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
