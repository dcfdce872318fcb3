/**
 * Issue 6's benchmark: the year close and the RAT's SHU distribution of a koperasi with 10,000
 * members and about 1,000,000 events in its book year (opening savings, monthly wajib, sukarela
 * deposits and withdrawals, member and walk-in sales at the shop, eleven month closes with their
 * jasa simpanan runs), printed with the conditions.
 * (1) In memory through the engine: CloseMonth of December (its jasa run, the income-tax accrual,
 *     the closing entries, the carry to SHU Belum Dibagi) and DistributeShu (one event per member);
 *     then the RAT statements over the whole log.
 * (2) On a durable PostgreSQL server: the same year loaded into the store, the book opened from its
 *     projections, then the same two commands through the executor, each one append.
 * Target: year close and SHU under 10 s on the server.
 * Run: node scripts/bench.mjs closing [members] [engine|server|all]
 */
import { BookEngine, type BookState, type LedgerEvent, makeExecutor, ratStatements, seededRandom } from "@lumbung/core";
import { openServer } from "@lumbung/postgres";
import { Effect } from "effect";
import { conditions, mib, peakRss, rate } from "./conditions.js";
import { nik } from "./log.js";
import { withDurableServer } from "./server.js";

const MEMBERS = Number(process.argv[2] ?? 10_000);
const which = process.argv[3] ?? "all";
const TODAY = "2027-01-20";
const BOOK = "kop-tahunan";

const pad = (n: number) => String(n).padStart(2, "0");

/** The book year's commands up to (not including) the December close, seeded. */
function* yearCommands(): Generator<unknown> {
  yield {
    type: "OpenBook",
    bookId: BOOK,
    name: "Koperasi Jatisampurna",
    startDate: "2026-01-01",
    savings: { pokok: "100000", wajibMonthly: "50000", sukarela: { ratePerYear: "0.03" } },
  };
  yield {
    type: "SetShuPolicy",
    date: "2026-01-01",
    usage: [{ measure: "shop-purchases", weight: "100" }],
    capital: { measure: "average", includeSukarela: false },
    incomeTax: { basis: "turnover", percent: "0.5" },
  };
  for (let m = 1; m <= MEMBERS; m++) {
    yield {
      type: "RecordOpeningMember",
      memberNo: `M${m}`,
      date: "2026-01-01",
      joinedOn: "2024-01-01",
      identity: { nik: nik(m), name: `Anggota ${m}`, address: "Jatisampurna" },
      pokok: "100000",
      wajib: String(600_000 + (m % 7) * 50_000),
      sukarela: String((m % 11) * 100_000),
    };
  }
  let kas = 0n;
  for (let m = 1; m <= MEMBERS; m++) kas += 100_000n + BigInt(600_000 + (m % 7) * 50_000) + BigInt((m % 11) * 100_000);
  yield { type: "RecordOpeningBalances", date: "2026-01-01", memo: "Kas awal", lines: [{ account: "1101", debit: String(kas) }] };
  yield { type: "AddItem", code: "BERAS", name: "Beras", unit: "kg", quantityScale: 0, price: "14000", memberPrice: "13500" };
  yield { type: "AddItem", code: "MINYAK", name: "Minyak goreng", unit: "liter", quantityScale: 0, price: "18000", memberPrice: "17500" };
  yield { type: "AddSupplier", code: "BULOG", name: "Bulog" };
  const random = seededRandom(6);
  let sale = 0;
  for (let month = 1; month <= 12; month++) {
    const mm = pad(month);
    yield {
      type: "PurchaseStock",
      purchaseId: `PB-${mm}`,
      supplier: "BULOG",
      date: `2026-${mm}-01`,
      payment: "cash",
      lines: [
        { item: "BERAS", quantity: "200000", cost: String(200_000 * 12_000) },
        { item: "MINYAK", quantity: "100000", cost: String(100_000 * 16_000) },
      ],
    };
    const day = () => `2026-${mm}-${pad(2 + Math.floor(random() * 26))}`;
    for (let m = 1; m <= MEMBERS; m++) yield { type: "PayWajib", memberNo: `M${m}`, date: day(), amount: "50000" };
    for (let i = 0; i < 3.9 * MEMBERS; i++) {
      yield {
        type: "DepositSukarela",
        memberNo: `M${1 + Math.floor(random() * MEMBERS)}`,
        date: day(),
        amount: String(10_000 * (1 + Math.floor(random() * 10))),
      };
    }
    for (let i = 0; i < 0.5 * MEMBERS; i++) {
      // A small withdrawal from a member who opened with at least 500.000 in sukarela (m % 11 ≥ 5).
      const m = 11 * Math.floor(random() * (MEMBERS / 11)) + 5 + Math.floor(random() * 6);
      if (m > MEMBERS) continue;
      yield { type: "WithdrawSukarela", memberNo: `M${m}`, date: `2026-${mm}-28`, amount: "20000" };
    }
    for (let i = 0; i < 2 * MEMBERS; i++) {
      const member = random() < 0.9;
      sale += 1;
      yield {
        type: "RecordSale",
        saleId: `S-${sale}`,
        date: day(),
        ...(member ? { memberNo: `M${1 + Math.floor(random() * MEMBERS)}` } : {}),
        payment: "cash",
        lines: [{ item: random() < 0.7 ? "BERAS" : "MINYAK", quantity: String(1 + Math.floor(random() * 5)) }],
      };
    }
    yield {
      type: "PostJournal",
      date: `2026-${mm}-28`,
      memo: "Gaji dan listrik",
      lines: [
        { account: "5301", debit: String(600 * MEMBERS), unit: "TOKO" },
        { account: "5302", debit: String(150 * MEMBERS), unit: "TOKO" },
        { account: "1101", credit: String(750 * MEMBERS), unit: "TOKO" },
      ],
    };
    if (month < 12) yield { type: "CloseMonth", month: `2026-${mm}` };
  }
}

const YEAR_END = [
  { type: "CloseMonth", month: "2026-12" },
  { type: "DistributeShu", year: "2026", date: "2027-01-15" },
];

const buildYear = () => {
  const events: LedgerEvent[] = [];
  const engine = new BookEngine({ today: TODAY, recordedAt: `${TODAY}T03:00:00.000Z`, onEvent: (e) => void events.push(e) });
  const t = performance.now();
  let commands = 0;
  for (const command of yearCommands()) {
    const r = engine.run(command);
    if (!r.ok) throw new Error(`${JSON.stringify(command)}: ${r.error.message}`);
    commands += 1;
  }
  return { engine, events, commands, ms: performance.now() - t };
};

const runEngine = () => {
  const { engine, events, commands, ms } = buildYear();
  console.log(
    `the year through the engine: ${commands.toLocaleString("en-US")} commands, ${events.length.toLocaleString("en-US")} events in ${(ms / 1000).toFixed(1)} s`,
  );
  const sampler = peakRss();
  const times: string[] = [];
  const before = events.length;
  for (const command of YEAR_END) {
    const t = performance.now();
    const r = engine.run(command);
    if (!r.ok) throw new Error(`${JSON.stringify(command)}: ${r.error.message}`);
    times.push(`${command.type} ${(performance.now() - t).toFixed(0)} ms (${r.events.length.toLocaleString("en-US")} events)`);
  }
  const peak = sampler.stop();
  const state = engine.state as BookState;
  const record = state.closing.years.get("2026");
  console.log(
    `engine, in memory, ${MEMBERS.toLocaleString("en-US")} members and ${before.toLocaleString("en-US")} events before the close: ${times.join("; ")}; peak RSS ${mib(peak)}`,
  );
  console.log(
    `  SHU 2026: members ${record?.memberShuMinor.toLocaleString("en-US")}, others ${record?.nonMemberShuMinor.toLocaleString("en-US")}, tax ${record?.taxMinor.toLocaleString("en-US")}`,
  );
  const t = performance.now();
  const statements = ratStatements(state, events, "2026");
  console.log(
    `  RAT statements over ${events.length.toLocaleString("en-US")} events: ${(performance.now() - t).toFixed(0)} ms (total assets ${statements.posisiKeuangan.totalAset.currentMinor.toLocaleString("en-US")})`,
  );
};

const runServer = async () => {
  const { events } = buildYear();
  await withDurableServer(async (url) => {
    const ledger = await openServer({ url });
    try {
      const batch = 10_000;
      const t = performance.now();
      for (let i = 0; i < events.length; i += batch) {
        const slice = events.slice(i, i + batch);
        await Effect.runPromise(ledger.store.append({ bookId: BOOK, expectedSeq: i, events: slice, idempotency: [], identities: [] }));
      }
      const load = performance.now() - t;
      console.log(
        `server: the year loaded (${events.length.toLocaleString("en-US")} events, ${batch.toLocaleString("en-US")} per commit) in ${(load / 1000).toFixed(1)} s, ${rate(events.length, load)}`,
      );
      const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date(`${TODAY}T03:00:00Z`) } });
      const t0 = performance.now();
      await Effect.runPromise(executor.state(BOOK));
      const open = performance.now() - t0;
      const times: string[] = [];
      const t1 = performance.now();
      for (const command of YEAR_END) {
        const t = performance.now();
        const [outcome] = await Effect.runPromise(executor.execute(BOOK, [command]));
        times.push(
          `${command.type} ${((performance.now() - t) / 1000).toFixed(2)} s (${outcome?.events.length.toLocaleString("en-US")} events)`,
        );
      }
      const total = performance.now() - t1;
      console.log(
        `server (durable), ${MEMBERS.toLocaleString("en-US")} members: open from projections ${(open / 1000).toFixed(2)} s; ${times.join("; ")}; year close and SHU ${(total / 1000).toFixed(2)} s, target < 10 s`,
      );
    } finally {
      await ledger.close();
    }
  });
};

console.log(`# Closing benchmarks (${conditions()})`);
if (which === "engine" || which === "all") runEngine();
if (which === "server" || which === "all") await runServer();
