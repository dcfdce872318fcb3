import { createHash } from "node:crypto";
import { Effect, Exit } from "effect";
import { type CommandOutcome, type Executor, makeExecutor } from "../src/executor.js";
import { type MemoryStore, makeMemoryStore } from "../src/memory-store.js";
import type { LedgerEvent } from "../src/model.js";

/** A clock the test moves by hand: time in tests never comes from the wall. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current.getTime());
  /** Sets the clock to noon WIB of a business date. */
  setDate(date: string): void {
    this.current = new Date(`${date}T05:00:00.000Z`);
  }
}

/** Deterministic "randomness" for salts and keys. */
export const seededHex = (seed = "lumbung") => {
  let counter = 0;
  return (bytes: number): string =>
    createHash("sha256")
      .update(`${seed}:${counter++}`)
      .digest("hex")
      .slice(0, bytes * 2);
};

export interface TestBook {
  readonly store: MemoryStore;
  readonly executor: Executor;
  readonly clock: TestClock;
  readonly bookId: string;
  run(command: unknown): Promise<CommandOutcome>;
  batch(commands: unknown[]): Promise<CommandOutcome[]>;
  /** Runs a command expected to be rejected; returns the rejection's reason tag and the error. */
  reject(command: unknown): Promise<{ tag: string; error: unknown }>;
  events(): LedgerEvent[];
}

export const VALID_NIKS = [
  "3275011203900001",
  "3275015507850002",
  "3275012001000003",
  "3275014112990004",
  "3275010101700005",
  "3275013108880006",
  "3275012902000007",
  "3275016902960008",
];

/** A NIK that passes the rule, different for each n. */
export const nikFor = (n: number): string => {
  const day = String((n % 28) + 1).padStart(2, "0");
  const month = String(((n >> 5) % 12) + 1).padStart(2, "0");
  const serial = String((n % 9999) + 1).padStart(4, "0");
  const district = String(10 + ((n >> 9) % 90)).padStart(2, "0");
  return `3275${district}${day}${month}90${serial}`;
};

export const makeTestBook = async (
  options: { startDate?: string; today?: string; savings?: unknown; scale?: 0 | 2; shop?: unknown } = {},
): Promise<TestBook> => {
  const store = makeMemoryStore();
  const clock = new TestClock(new Date());
  clock.setDate(options.today ?? "2026-01-15");
  const executor = makeExecutor({ store, clock, randomHex: seededHex() });
  const bookId = "kop-test";
  const runAll = (commands: unknown[]) => Effect.runPromise(executor.execute(bookId, commands, { actor: "test" }));
  const book: TestBook = {
    store,
    executor,
    clock,
    bookId,
    run: async (command) => (await runAll([command]))[0] as CommandOutcome,
    batch: runAll,
    reject: async (command) => {
      const exit = await Effect.runPromiseExit(executor.execute(bookId, [command], { actor: "test" }));
      if (Exit.isSuccess(exit))
        throw new Error(`expected a rejection, got ${JSON.stringify(exit.value.map((o) => o.events.map((e) => e.type)))}`);
      const error = exit.cause.reasons[0];
      const failure = error !== undefined && "error" in error ? (error.error as { _tag: string; reason?: { _tag: string } }) : undefined;
      if (failure === undefined) throw new Error(`expected a typed failure, got ${String(exit.cause)}`);
      return { tag: failure.reason?._tag ?? failure._tag, error: failure };
    },
    events: () => [...store.rawEvents(bookId)],
  };
  await book.run({
    type: "OpenBook",
    bookId,
    name: "Koperasi Uji",
    startDate: options.startDate ?? "2026-01-01",
    ...(options.scale === undefined ? {} : { scale: options.scale }),
    ...(options.savings === undefined ? {} : { savings: options.savings }),
    ...(options.shop === undefined ? {} : { shop: options.shop }),
  });
  return book;
};

export const identity = (n: number) => ({ nik: nikFor(n), name: `Anggota ${n}`, address: `Jl. Raya Jatisampurna No. ${n}` });

/** A canonical picture of a state, to show that a rejected command left it exactly as it was. */
export const snapshot = (state: unknown): string =>
  JSON.stringify(state, (_key, value) => {
    if (typeof value === "bigint") return `${value}n`;
    if (value instanceof Map) return [...value.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    if (value instanceof Set) return [...value].sort();
    return value;
  });

/** Balance of an account in a state (debit positive). */
export const balanceOf = (state: { accounts: Map<string, { balanceMinor: bigint }> }, code: string): bigint =>
  state.accounts.get(code)?.balanceMinor ?? 0n;

/**
 * The rest of a 2026 book that has closed January and February: an income-tax policy, member income,
 * every month to December closed, December reopened for an auditor's correction and closed again,
 * the RAT's SHU in January 2027 and one payout. `run` runs one command; `setToday` moves the clock.
 * Shared by the audit test and the stores' conformance scenario, so both hold every closing event.
 */
export const closeTheYear = async (run: (command: unknown) => Promise<unknown>, setToday: (date: string) => void): Promise<void> => {
  setToday("2027-01-20");
  await run({ type: "SetShuPolicy", date: "2026-03-08", incomeTax: { basis: "profit", percent: "10" }, withholdingPercent: "10" });
  await run({
    type: "PostJournal",
    date: "2026-03-08",
    memo: "Jasa lain dari anggota",
    lines: [
      { account: "1101", debit: "5000000" },
      { account: "4901", credit: "5000000", party: "anggota" },
    ],
  });
  for (let m = 3; m <= 12; m++) await run({ type: "CloseMonth", month: `2026-${String(m).padStart(2, "0")}` });
  await run({ type: "ReopenMonth", month: "2026-12", reason: "koreksi auditor" });
  await run({ type: "CloseMonth", month: "2026-12" });
  await run({ type: "DepositSukarela", memberNo: "A002", date: "2027-01-05", amount: "70000" });
  await run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
  await run({ type: "PayShu", memberNo: "A002", date: "2027-01-16", amount: "1000" });
  await run({
    type: "PostJournal",
    date: "2027-01-17",
    memo: "Sewa lapak Januari",
    lines: [
      { account: "1101", debit: "150000", unit: "TOKO" },
      { account: "4901", credit: "150000", unit: "TOKO", party: "nonanggota" },
    ],
  });
};
