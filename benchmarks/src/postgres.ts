/**
 * Issue 3's figures, on a local PostgreSQL server with durable settings (fsync and
 * synchronous_commit on) and on file-backed PGlite, each printed with its conditions:
 * single-command latency (p50, p99); single-command throughput at 1 and 8 clients; batched
 * throughput at 100 and 1,000 commands per commit; bytes per 2-posting event in the history tables
 * and their indexes. Targets on the server: ≥ 2,000 single commands/s at one client, ≥ 20,000
 * commands/s batched, ≤ 800 bytes per 2-posting event. On the server, also the single command at one
 * client as the CPUs idle two ways (halting at once, and Linux's default halt polling: idle.ts), in
 * alternating rounds, when this process may change that setting (it puts it back).
 * Run: npm run bench -- postgres   (node scripts/bench.mjs postgres [server|pglite])
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeExecutor } from "@lumbung/core";
import { type LedgerDatabase, openPGlite, openServer } from "@lumbung/postgres";
import { Effect } from "effect";
import { sql } from "kysely";
import { conditions, rate } from "./conditions.js";
import { haltPolling, idleConditions, LINUX_DEFAULT_POLL_NS } from "./idle.js";
import { depositCommand, nik } from "./log.js";
import { withDurableServer } from "./server.js";

const which = process.argv[2] ?? "both";

const MEMBERS = 100;
const BIG_BOOK = 10_000;
const clockMs = Date.parse("2026-01-20T05:00:00Z");
const clock = { now: () => new Date(clockMs) };

const setUpBook = async (ledger: LedgerDatabase, bookId: string, members = MEMBERS) => {
  const executor = makeExecutor({ store: ledger.store, clock, maxAttempts: 1000 });
  await Effect.runPromise(executor.execute(bookId, [{ type: "OpenBook", bookId, name: bookId, startDate: "2026-01-01" }]));
  for (let from = 0; from < members; from += 1000) {
    await Effect.runPromise(
      executor.execute(
        bookId,
        Array.from({ length: Math.min(1000, members - from) }, (_, k) => {
          const i = from + k;
          return {
            type: "RegisterMember",
            memberNo: `M${i + 1}`,
            date: "2026-01-02",
            identity: { nik: nik(i + 1), name: `Anggota ${i + 1}`, address: "Jatisampurna" },
          };
        }),
      ),
    );
  }
  return executor;
};

let counter = 0;
const deposit = (members = MEMBERS) => {
  counter += 1;
  return depositCommand(counter, members);
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const perSecond = (n: number) => `${Math.round(n).toLocaleString("en-US")}/s`;

/** Seconds of single commands before each measurement: a fresh server and process take 3–4 s to reach a steady rate. */
const WARM_UP_S = 5;

const warmUp = async (executor: ReturnType<typeof makeExecutor>, bookId: string, members: number, seconds: number) => {
  const warm = performance.now();
  while (performance.now() - warm < seconds * 1000) await Effect.runPromise(executor.execute(bookId, [deposit(members)]));
};

/** Rounds of single commands per measurement, and commands per round. */
const ROUNDS = 3;
const PER_ROUND = 2000;

/** One round of PER_ROUND single deposits, one after another: its rate, each latency pushed to `latencies`. */
const singleRound = async (executor: ReturnType<typeof makeExecutor>, bookId: string, members: number, latencies: number[]) => {
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const t = performance.now();
    await Effect.runPromise(executor.execute(bookId, [deposit(members)]));
    latencies.push(performance.now() - t);
  }
  return PER_ROUND / ((performance.now() - t0) / 1000);
};

/** PER_ROUND of the machine's cheapest durable commits, one after another: their rate. */
const floorRound = async (floor: () => Promise<unknown>) => {
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) await floor();
  return PER_ROUND / ((performance.now() - t0) / 1000);
};

const singleLine = (label: string, what: string, rates: number[], latencies: number[]) => {
  latencies.sort((a, b) => a - b);
  return `${label} (${what}): median ${perSecond(median(rates))} (rounds ${rates.map(perSecond).join(", ")}); latency p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`;
};

const floorLine = (what: string, rates: number[]) =>
  `  the machine's floor ${what}: ${PER_ROUND} one-row durable commits (insert, no ledger): median ${perSecond(median(rates))} (rounds ${rates.map(perSecond).join(", ")})`;

/**
 * Single commands at one client, in rounds (this shared machine varies from minute to minute), after
 * WARM_UP_S seconds of the same commands: the median round's rate, every round's, and the latency over
 * all rounds.
 */
const singleRounds = async (
  label: string,
  executor: ReturnType<typeof makeExecutor>,
  bookId: string,
  members: number,
  floor?: () => Promise<unknown>,
) => {
  const floorRates: number[] = [];
  await warmUp(executor, bookId, members, WARM_UP_S);
  const latencies: number[] = [];
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    rates.push(await singleRound(executor, bookId, members, latencies));
    if (floor !== undefined) floorRates.push(await floorRound(floor));
  }
  console.log(
    singleLine(label, `${ROUNDS} rounds of ${PER_ROUND} deposits, one commit each, after ${WARM_UP_S} s of warm-up`, rates, latencies),
  );
  if (floor !== undefined) console.log(floorLine("after each round", floorRates));
};

/**
 * The same single commands at one client under two idle policies of this machine's CPUs, in
 * alternating rounds (so both see the same minutes of this shared machine): as the machine is set,
 * and with the other of {no polling, Linux's default polling}. Each round follows 2 s of warm-up under
 * its policy and is followed by the floor's round. The setting found is restored afterwards.
 */
const underIdlePolicies = async (executor: ReturnType<typeof makeExecutor>, bookId: string, floor: () => Promise<unknown>) => {
  console.log(`\n## Single commands at one client, as the CPUs idle (${idleConditions()})`);
  const polling = haltPolling();
  if ("unavailable" in polling) {
    console.log(`not measured: ${polling.unavailable}`);
    return;
  }
  const describe = (ns: number) =>
    ns === 0
      ? "guest_halt_poll_ns=0: a waiting CPU halts at once"
      : `guest_halt_poll_ns=${ns}: a waiting CPU polls up to ${ns / 1000} µs before it halts${ns === LINUX_DEFAULT_POLL_NS ? " (Linux's default)" : ""}`;
  const other = polling.found === LINUX_DEFAULT_POLL_NS ? 0 : LINUX_DEFAULT_POLL_NS;
  const policies = [polling.found, other].map((ns) => ({ ns, rates: [] as number[], floors: [] as number[], latencies: [] as number[] }));
  try {
    for (let r = 0; r < ROUNDS; r++)
      for (const policy of policies) {
        polling.set(policy.ns);
        await warmUp(executor, bookId, MEMBERS, 2);
        policy.rates.push(await singleRound(executor, bookId, MEMBERS, policy.latencies));
        policy.floors.push(await floorRound(floor));
      }
  } finally {
    polling.restore();
  }
  for (const policy of policies) {
    const which = policy.ns === polling.found ? "as this machine is set" : "changed for this measurement";
    console.log(
      singleLine(
        `single command, 1 client, ${describe(policy.ns)}, ${which}`,
        `${ROUNDS} rounds of ${PER_ROUND} deposits alternating with the other policy's`,
        policy.rates,
        policy.latencies,
      ),
    );
    console.log(floorLine("after each of its rounds", policy.floors));
  }
};

/**
 * The cheapest durable commit on the same path (one row into a table of the benchmark's own, as the
 * owner, over the same connection string): what the machine's disk and CPU allow at this moment, printed
 * beside the ledger's rounds, since this shared machine's speed moves by a third from minute to minute.
 */
const durableCommitFloor = async (url: string) => {
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  await client.query("create table if not exists public.bench_floor (id bigint primary key, at timestamptz not null)");
  let id = 0;
  return {
    commit: () => client.query({ name: "bench_floor", text: "insert into public.bench_floor values ($1, now())", values: [++id] }),
    close: () => client.end(),
  };
};

/**
 * Eight callers on "bench-1" at once, each sending 250 single deposits one after another through its
 * executor: the rate, and each command's latency (p50, p99, the slowest).
 */
const onOneBook = async (label: string, executors: ReadonlyArray<ReturnType<typeof makeExecutor>>) => {
  const waits: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    executors.map(async (ex) => {
      for (let n = 0; n < 250; n++) {
        const t = performance.now();
        await Effect.runPromise(ex.execute("bench-1", [deposit()]));
        waits.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  waits.sort((a, b) => a - b);
  console.log(
    `single command, ${label} (${waits.length} deposits): ${rate(waits.length, elapsed)}; latency p50 ${percentile(waits, 50).toFixed(2)} ms, p99 ${percentile(waits, 99).toFixed(2)} ms, slowest ${(waits[waits.length - 1] as number).toFixed(0)} ms`,
  );
};

/** Prints the figures for one store; returns the executor of its "bench-1" book, for more rounds on it. */
const measure = async (label: string, ledger: LedgerDatabase, bytes: boolean, floor?: () => Promise<unknown>) => {
  console.log(`\n## ${label}`);
  const executor = await setUpBook(ledger, "bench-1");
  await singleRounds("single command, 1 client", executor, "bench-1", MEMBERS, floor);
  // The same on a book of 10,000 members: an append must not cost more in a bigger book.
  const bigBook = await setUpBook(ledger, "bench-big", BIG_BOOK);
  await singleRounds(`single command, 1 client, book of ${BIG_BOOK.toLocaleString("en-US")} members`, bigBook, "bench-big", BIG_BOOK);

  // Eight clients, each on its own book (a book's log is serialized; books run in parallel).
  if (ledger.kind === "server") {
    const url = (ledger as LedgerDatabase & { url?: string }).url as string;
    const clients = await Promise.all(Array.from({ length: 8 }, () => openServer({ url, migrate: false, poolSize: 1 })));
    const executors = await Promise.all(clients.map((c, i) => setUpBook(c, `bench-8-${i}`)));
    const perClient = 750;
    const t8 = performance.now();
    await Promise.all(
      executors.map(async (ex, i) => {
        for (let n = 0; n < perClient; n++) await Effect.runPromise(ex.execute(`bench-8-${i}`, [deposit()]));
      }),
    );
    const e8 = performance.now() - t8;
    console.log(`single command, 8 clients on 8 books (${8 * perClient} deposits): ${rate(8 * perClient, e8)}`);
    // And eight clients on one book: they take turns on the book's head (a conflict waits a random,
    // bounded time, catches up and decides again).
    await onOneBook(
      "8 clients on one book",
      clients.map((c) => makeExecutor({ store: c.store, clock, maxAttempts: 1000 })),
    );
    await Promise.all(clients.map((c) => c.close()));
  }
  // Eight callers of one executor on one book (one app process serving concurrent requests, on a
  // server or embedded): single commands that wait for the book share its next turn and commit.
  await onOneBook(
    "8 callers of one executor on one book",
    Array.from({ length: 8 }, () => executor),
  );

  // Batches: many commands decided in order and committed together, in rounds as above.
  for (const size of [100, 1000]) {
    const rounds = 5;
    const batches = size === 100 ? 20 : 4;
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const tb = performance.now();
      for (let b = 0; b < batches; b++)
        await Effect.runPromise(
          executor.execute(
            "bench-1",
            Array.from({ length: size }, () => deposit()),
          ),
        );
      rates.push((batches * size) / ((performance.now() - tb) / 1000));
    }
    console.log(
      `batched, ${size} commands per commit (${rounds} rounds of ${batches * size} deposits): median ${perSecond(median(rates))} (rounds ${rates.map(perSecond).join(", ")})`,
    );
  }

  if (bytes) {
    const sizeOf = async () => {
      const { rows } = await sql<{ bytes: string }>`
        select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'lumbung' and c.relname in ('events', 'postings', 'commands')`.execute(ledger.db);
      return Number(rows[0]?.bytes ?? 0);
    };
    await sql`checkpoint`.execute(ledger.db).catch(() => {});
    const before = await sizeOf();
    const n = 20_000;
    for (let b = 0; b < n / 1000; b++)
      await Effect.runPromise(
        executor.execute(
          "bench-1",
          Array.from({ length: 1000 }, () => deposit()),
        ),
      );
    const after = await sizeOf();
    console.log(
      `bytes per 2-posting event (events + postings + commands, with their indexes, over ${n} deposits): ${((after - before) / n).toFixed(0)} bytes, target ≤ 800`,
    );
  }
  return executor;
};

const main = async () => {
  console.log(`# PostgreSQL store benchmarks (${conditions()})`);
  if (which === "both" || which === "server") {
    await withDurableServer(async (owner, socket) => {
      const ledger = Object.assign(await openServer({ url: socket, poolSize: 1 }), { url: socket });
      const floor = await durableCommitFloor(socket);
      const executor = await measure(
        `PostgreSQL server (durable), the library on the server's machine, over its Unix socket (${idleConditions()})`,
        ledger,
        true,
        floor.commit,
      );
      await underIdlePolicies(executor, "bench-1", floor.commit);
      await floor.close();
      await ledger.close();
      // The same single commands over TCP on 127.0.0.1 (as from another machine, less the network).
      const tcp = await openServer({ url: owner, migrate: false, poolSize: 1 });
      console.log("\n## The same server over TCP on 127.0.0.1");
      await singleRounds("single command, 1 client, over TCP", await setUpBook(tcp, "bench-tcp"), "bench-tcp", MEMBERS);
      await tcp.close();
    });
  }
  if (which === "both" || which === "pglite") {
    // The default, durable (each commit synced to the disk), then PGlite's own setting (fsync off).
    for (const durable of [true, false]) {
      const folder = mkdtempSync(join(tmpdir(), "pglite-bench-"));
      try {
        const ledger = await openPGlite({ folder, durable });
        const sync = durable
          ? "durable: each commit's WAL synced to the disk (the default)"
          : "durable: false, PGlite's own setting: fsync off, nothing synced";
        await measure(`PGlite 0.5.17, file-backed in ${tmpdir()}, ${sync}`, ledger, false);
        await ledger.close();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
