/**
 * Issue 5's benchmark: a busy day of the toko sembako, 100,000 sale lines (receipts of one to five
 * lines over twenty items, members and walk-ins, some on credit), printed with the conditions.
 * (1) through the engine in memory: decide, moving-average cost, hash, apply; then the day's reports
 * (valuation, gross margin, aging) over the log; (2) through the PostgreSQL store on a durable server
 * and (3) on file-backed PGlite, the cashier's receipts committed 100 to a transaction.
 * Run: node scripts/bench.mjs retail [lines] [engine|server|pglite|all]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BookEngine,
  type BookState,
  grossMargin,
  inventoryValuation,
  type LedgerEvent,
  makeExecutor,
  receivableAging,
  seededRandom,
} from "@lumbung/core";
import { type LedgerDatabase, openPGlite, openServer } from "@lumbung/postgres";
import { Effect } from "effect";
import { conditions, mib, peakRss, rate } from "./conditions.js";
import { nik } from "./log.js";
import { withDurableServer } from "./server.js";

const LINES = Number(process.argv[2] ?? 100_000);
const which = process.argv[3] ?? "all";
const MEMBERS = 200;
const ITEMS = Array.from({ length: 20 }, (_, i) => ({ code: `ITEM-${String(i + 1).padStart(2, "0")}`, kg: i < 8 }));
const DAY = "2026-01-20";

const setup = (): unknown[] => [
  { type: "OpenBook", bookId: "toko", name: "Toko", startDate: "2026-01-01" },
  ...ITEMS.map((i, n) => ({
    type: "AddItem",
    code: i.code,
    name: `Barang ${n + 1}`,
    unit: i.kg ? "kg" : "pcs",
    quantityScale: i.kg ? 3 : 0,
    price: String(5_000 + 1_000 * n),
    memberPrice: String(4_800 + 1_000 * n),
  })),
  { type: "AddSupplier", code: "BULOG", name: "Bulog" },
  { type: "AddCustomer", code: "MBG", name: "Dapur MBG", kind: "institutional", creditLimit: "1000000000" },
  ...Array.from({ length: MEMBERS }, (_, m) => ({
    type: "RegisterMember",
    memberNo: `M${m + 1}`,
    date: "2026-01-02",
    identity: { nik: nik(m + 1), name: `Anggota ${m + 1}`, address: "Jatisampurna" },
  })),
  ...Array.from({ length: MEMBERS / 4 }, (_, m) => ({
    type: "SetMemberCreditLimit",
    memberNo: `M${m + 1}`,
    date: "2026-01-02",
    limit: "100000000",
  })),
  // Stock for the day, bought on credit at a cost a little under the member price.
  {
    type: "PurchaseStock",
    purchaseId: "PB-1",
    supplier: "BULOG",
    date: "2026-01-19",
    payment: "credit",
    lines: ITEMS.map((i, n) => ({ item: i.code, quantity: "1000000", cost: String(1_000_000 * (4_000 + 1_000 * n)) })),
  },
];

/** The day's receipts, seeded: about 30,000 of one to five lines, in the order the tills ring them. */
const receipts = (): unknown[] => {
  const random = seededRandom(5);
  const out: unknown[] = [];
  let lines = 0;
  while (lines < LINES) {
    const count = Math.min(1 + Math.floor(random() * 5), LINES - lines);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(random() * ITEMS.length));
    const r = random();
    const buyer =
      r < 0.4
        ? { memberNo: `M${1 + Math.floor(random() * MEMBERS)}`, payment: "cash" }
        : r < 0.45
          ? { memberNo: `M${1 + Math.floor(random() * (MEMBERS / 4))}`, payment: "credit" }
          : r < 0.47
            ? { customer: "MBG", payment: "credit" }
            : { payment: "cash" };
    out.push({
      type: "RecordSale",
      saleId: `S-${out.length + 1}`,
      date: DAY,
      ...buyer,
      lines: [...chosen].map((n) => {
        const item = ITEMS[n] as { code: string; kg: boolean };
        return {
          item: item.code,
          quantity: item.kg ? `${1 + Math.floor(random() * 5)}.${Math.floor(random() * 1000)}` : String(1 + Math.floor(random() * 4)),
        };
      }),
    });
    lines += count;
  }
  return out;
};

const reportTimes = (state: BookState, events: LedgerEvent[]) => {
  const t = performance.now();
  const valuation = inventoryValuation(state, events, { asOf: DAY });
  const margin = grossMargin(events, { from: DAY, to: DAY });
  const aging = receivableAging(state, events, { asOf: DAY });
  const ms = performance.now() - t;
  if (valuation.totalMinor !== valuation.controlMinor || aging.totalMinor !== aging.controlMinor)
    throw new Error("reports do not reconcile");
  return `reports over the log (valuation, gross margin, aging; ${events.length.toLocaleString("en-US")} events): ${ms.toFixed(0)} ms; day's sales ${margin.total.salesMinor.toLocaleString("en-US")} rupiah`;
};

const engine = (day: unknown[]) => {
  const events: LedgerEvent[] = [];
  const book = new BookEngine({ today: DAY, recordedAt: `${DAY}T10:00:00.000Z`, onEvent: (e) => void events.push(e) });
  for (const c of setup()) {
    const r = book.run(c);
    if (!r.ok) throw new Error(`${JSON.stringify(c)}: ${r.error.message}`);
  }
  const sampler = peakRss();
  const t = performance.now();
  for (const c of day) {
    const r = book.run(c);
    if (!r.ok) throw new Error(`${JSON.stringify(c)}: ${r.error.message}`);
  }
  const ms = performance.now() - t;
  const peak = sampler.stop();
  console.log(
    `engine, in memory: ${LINES.toLocaleString("en-US")} sale lines in ${day.length.toLocaleString("en-US")} receipts, ${(ms / 1000).toFixed(2)} s: ${rate(LINES, ms)} lines, ${rate(day.length, ms)} receipts; peak RSS ${mib(peak)}`,
  );
  console.log(reportTimes(book.state as BookState, events));
};

const store = async (label: string, ledger: LedgerDatabase, day: unknown[]) => {
  const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date(`${DAY}T10:00:00Z`) } });
  await Effect.runPromise(executor.execute("toko", setup()));
  const batch = 100;
  const t = performance.now();
  for (let i = 0; i < day.length; i += batch) await Effect.runPromise(executor.execute("toko", day.slice(i, i + batch)));
  const ms = performance.now() - t;
  console.log(
    `${label}, ${batch} receipts per commit: ${LINES.toLocaleString("en-US")} sale lines in ${day.length.toLocaleString("en-US")} receipts, ${(ms / 1000).toFixed(2)} s: ${rate(LINES, ms)} lines, ${rate(day.length, ms)} receipts`,
  );
  // A second executor opening the book from the store (loans and shop folded from their own events).
  const t2 = performance.now();
  const reopened = makeExecutor({ store: ledger.store, clock: { now: () => new Date(`${DAY}T10:00:00Z`) } });
  const state = (await Effect.runPromise(reopened.state("toko"))) as BookState;
  console.log(`${label}: the book opened from the store in ${(performance.now() - t2).toFixed(0)} ms, ${state.shop.items.size} items`);
};

const main = async () => {
  console.log(`# Toko sembako benchmark (${conditions()})`);
  const day = receipts();
  if (which === "all" || which === "engine") engine(day);
  if (which === "all" || which === "server")
    await withDurableServer(async (url) => {
      const ledger = await openServer({ url, poolSize: 1 });
      await store("PostgreSQL server (durable)", ledger, day);
      await ledger.close();
    });
  if (which === "all" || which === "pglite") {
    const folder = mkdtempSync(join(tmpdir(), "pglite-retail-"));
    try {
      const ledger = await openPGlite({ folder });
      await store("PGlite, file-backed", ledger, day);
      await ledger.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
