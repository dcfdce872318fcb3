/**
 * Reports on a long book: what each report reads from the store (the whole log, its posting totals,
 * the events it selects, or both) and the time from asking the store to having the report, on a PGlite
 * folder and on a durable PostgreSQL server. The book is the demo's, run for some years by the CLI
 * (`lumbung demo --years N`). Each report is also made from the whole log, and the two must be equal.
 *
 *   node scripts/bench.mjs reports [years]      (default 10)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BookState,
  boundsOf,
  cashFlowReads,
  cashFlowStatement,
  financialPositionAt,
  financialPositionFilters,
  healthIndicators,
  healthReads,
  inventoryValuation,
  inventoryValuationReads,
  JASA_WITHHOLDING_EVENTS,
  jasaWithholding,
  journal,
  journalEvents,
  type LedgerEvent,
  type LedgerStoreShape,
  type LogReads,
  type LogSelection,
  loanStatement,
  loanStatementEvents,
  memberStatement,
  memberStatementEvents,
  notesReads,
  notesSummary,
  type PostingSource,
  type ReportSource,
  ratStatements,
  ratStatementsReads,
  readFor,
  readThrough,
  resultOfOperations,
  resultOfOperationsFilters,
  stockCard,
  stockCardEvents,
  type TotalsFilter,
  toWireValue,
  trialBalance,
  trialBalanceFilters,
} from "@lumbung/core";
import { Effect } from "effect";
import { conditions } from "./conditions.js";
import { onPGliteAndServer } from "./server.js";

const YEARS = Number(process.argv[2] ?? 10);
const BOOK = "kop-jatisampurna";
const ROUNDS = 3;
const cli = join(import.meta.dirname, "..", "..", "packages", "cli", "dist", "lumbung.js");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ms = (value: number) => `${Math.round(value).toLocaleString("en-US")} ms`;

interface Report {
  readonly name: string;
  /** What the report reads from the store: its posting totals, or the events it selects. */
  readonly read: (store: LedgerStoreShape, state: BookState) => Promise<{ source: unknown; size: string }>;
  /** The report from what was read, and from the whole log. */
  readonly make: (state: BookState, source: never) => unknown;
}

const totals = (filters: ReadonlyArray<TotalsFilter>) => async (store: LedgerStoreShape, state: BookState) => {
  const source = await Effect.runPromise(store.postingTotals(BOOK, boundsOf(...filters), state.seq));
  return { source, size: `${source.rows.length} sums` };
};
const selected = (selection: LogSelection) => async (store: LedgerStoreShape, state: BookState) => {
  const source = await Effect.runPromise(store.readSelected(BOOK, selection, state.seq));
  return { source, size: `${source.length} events` };
};

const both = (what: LogReads) => async (store: LedgerStoreShape, state: BookState) => {
  const source = await Effect.runPromise(readFor(store, BOOK, what, state.seq));
  return { source, size: `${source.totals.rows.length} sums and ${source.events.length} events` };
};

const year = String(2025);
const month = { from: "2025-12-01", to: "2025-12-31" };
const reports = (state: BookState): Report[] => {
  const firstLoan = [...state.loans.loans.keys()][0] as string;
  const item = [...state.shop.items.keys()][0] as string;
  return [
    {
      name: "trial balance at the year end",
      read: totals(trialBalanceFilters({ asOf: `${year}-12-31` })),
      make: (s, source: PostingSource) => trialBalance(s, source, { asOf: `${year}-12-31` }),
    },
    {
      name: "statement of financial position",
      read: totals(financialPositionFilters(`${year}-12-31`)),
      make: (s, source: PostingSource) => financialPositionAt(s, source, `${year}-12-31`),
    },
    {
      name: "statement of operations",
      read: totals(resultOfOperationsFilters(state, year)),
      make: (s, source: PostingSource) => resultOfOperations(s, source, year),
    },
    {
      name: "a member's statement (A0001, the year)",
      read: selected(memberStatementEvents({ memberNo: "A0001", to: `${year}-12-31` })),
      make: (_s, source: LedgerEvent[]) => memberStatement(source, { memberNo: "A0001", from: `${year}-01-01`, to: `${year}-12-31` }),
    },
    {
      name: `a loan's card (${firstLoan})`,
      read: selected(loanStatementEvents(firstLoan)),
      make: (_s, source: LedgerEvent[]) => loanStatement(source, firstLoan),
    },
    {
      name: "December's journal",
      read: selected(journalEvents(month)),
      make: (s, source: LedgerEvent[]) => journal(s, source, month),
    },
    {
      name: `a stock card (${item}, December)`,
      read: selected(stockCardEvents(month)),
      make: (s, source: LedgerEvent[]) => stockCard(s, source, { item, ...month }),
    },
    {
      name: "jasa withholding (the year)",
      read: selected(JASA_WITHHOLDING_EVENTS),
      make: (_s, source: LedgerEvent[]) => jasaWithholding(source, `${year}-01`, `${year}-12`),
    },
    {
      name: "cash-flow statement",
      read: both(cashFlowReads(state, year)),
      make: (s, source: ReportSource) => cashFlowStatement(s, source, year),
    },
    {
      name: "notes at the year end",
      read: both(notesReads(`${year}-12-31`)),
      make: (s, source: ReportSource) => notesSummary(s, source, `${year}-12-31`),
    },
    {
      name: "health indicators",
      read: both(healthReads(state, year)),
      make: (s, source: ReportSource) => healthIndicators(s, source, year),
    },
    {
      name: "inventory valuation at the year end",
      read: both(inventoryValuationReads({ asOf: `${year}-12-31` })),
      make: (s, source: ReportSource) => inventoryValuation(s, source, { asOf: `${year}-12-31` }),
    },
    {
      name: "the four RAT statements",
      read: both(ratStatementsReads(state, year)),
      make: (s, source: ReportSource) => ratStatements(s, source, year),
    },
  ];
};

const same = (a: unknown, b: unknown) => JSON.stringify(toWireValue(a)) === JSON.stringify(toWireValue(b));

const measure = async (where: string, store: LedgerStoreShape) => {
  const state = (await Effect.runPromise(store.open(BOOK))) as BookState;
  console.log(`\n## ${where}: ${state.seq.toLocaleString("en-US")} events (median of ${ROUNDS} rounds each)`);
  const whole: number[] = [];
  let log: LedgerEvent[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    log = await Effect.runPromise(readThrough(store, BOOK, state.seq));
    whole.push(performance.now() - started);
  }
  console.log(`the whole log read (what every report read before): ${ms(median(whole))}`);
  for (const report of reports(state)) {
    const times: number[] = [];
    let size = "";
    let made: unknown;
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      const read = await report.read(store, state);
      made = report.make(state, read.source as never);
      times.push(performance.now() - started);
      size = read.size;
    }
    const fromLog = report.make(state, log as never);
    if (!same(made, fromLog)) {
      console.error(`${where}: ${report.name} differs from the same report made from the whole log`);
      process.exitCode = 1;
    }
    console.log(
      `${report.name}: ${ms(median(times))} to read ${size} and make it (the same as from the whole log: ${same(made, fromLog)})`,
    );
  }
};

console.log(`# Report benchmarks (${conditions()})`);
const dir = mkdtempSync(join(tmpdir(), "lumbung-reports-bench-"));
try {
  const folder = join(dir, "book");
  const started = performance.now();
  execFileSync(process.execPath, [cli, "demo", "--years", String(YEARS), "--folder", folder], { stdio: ["ignore", "ignore", "inherit"] });
  console.log(`the book: lumbung demo --years ${YEARS}, made in ${ms(performance.now() - started)}`);
  await onPGliteAndServer(folder, BOOK, (where, ledger) => measure(where, ledger.store));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
