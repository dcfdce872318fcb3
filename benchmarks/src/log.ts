/**
 * Builds a realistic savings log through the engine's own pure path (decode, decide, seal, apply):
 * members join on the book's first day, then every day a mix of sukarela deposits, withdrawals and
 * wajib payments, and every month a close with its jasa simpanan run.
 */
import { BookEngine, type BookState, type LedgerEvent, lastDayOf, seededRandom } from "@lumbung/core";

export const prng = seededRandom;

/** The `n`th sukarela deposit of the store benchmarks: its own key, members in turn, amounts of 10,000–59,000. */
export const depositCommand = (n: number, members: number) => ({
  type: "DepositSukarela",
  key: `d${n}`,
  memberNo: `M${1 + (n % members)}`,
  date: "2026-01-15",
  amount: String(10_000 + (n % 50) * 1000),
});

export const nik = (n: number) =>
  `3275${String(10 + (n % 80)).padStart(2, "0")}${String((n % 28) + 1).padStart(2, "0")}${String(((n >> 5) % 12) + 1).padStart(2, "0")}${String(60 + ((n >> 9) % 40))}${String((n % 9999) + 1).padStart(4, "0")}`;

export interface Pipeline {
  readonly engine: BookEngine;
  readonly events: LedgerEvent[];
  /** Runs one command; returns false when the book rejected it (a malformed command throws). */
  run(input: unknown): boolean;
  readonly state: BookState | undefined;
}

/** The engine's command path without a store: decode, decide, seal (hash), apply. */
export const makePipeline = (today = "2030-12-31", keepEvents = true): Pipeline => {
  const events: LedgerEvent[] = [];
  const engine = new BookEngine({
    today,
    recordedAt: "2030-12-31T00:00:00.000Z",
    actor: "bench",
    ...(keepEvents ? { onEvent: (event: LedgerEvent) => events.push(event) } : {}),
  });
  return {
    engine,
    events,
    run: (input) => {
      const result = engine.run(input);
      if (!result.ok && result.error._tag === "InvalidCommand") throw result.error;
      return result.ok;
    },
    get state() {
      return engine.state;
    },
  };
};

export const openBookCommand = {
  type: "OpenBook",
  bookId: "bench",
  name: "Koperasi Bench",
  startDate: "2025-01-01",
  savings: { sukarela: { ratePerYear: "0.03", minimumBalance: "10000" } },
};

const pad = (n: number) => String(n).padStart(2, "0");

/** Generates about `target` events on `members` members over as many months as it takes. */
export const buildSavingsLog = (target: number, members = 1000, onProgress?: (events: number) => void): Pipeline => {
  const random = prng(42);
  const p = makePipeline();
  p.run(openBookCommand);
  for (let m = 1; m <= members; m++) {
    p.run({
      type: "RegisterMember",
      memberNo: `M${m}`,
      date: "2025-01-01",
      identity: { nik: nik(m), name: `Anggota ${m}`, address: "Jatisampurna" },
    });
    p.run({ type: "DepositSukarela", memberNo: `M${m}`, date: "2025-01-01", amount: "1000000" });
  }
  const perDay = Math.max(1, Math.ceil(target / 360));
  let year = 2025;
  let month = 1;
  while (p.events.length < target) {
    const ym = `${year}-${pad(month)}`;
    const days = Number(lastDayOf(ym).slice(8));
    for (let day = 1; day <= days && p.events.length < target; day++) {
      const date = `${ym}-${pad(day)}`;
      for (let i = 0; i < perDay && p.events.length < target; i++) {
        const memberNo = `M${1 + Math.floor(random() * members)}`;
        const r = random();
        const amount = String(10_000 * (1 + Math.floor(random() * 20)));
        if (r < 0.6) p.run({ type: "DepositSukarela", memberNo, date, amount });
        else if (r < 0.8) p.run({ type: "PayWajib", memberNo, date, amount: "20000" });
        else p.run({ type: "WithdrawSukarela", memberNo, date, amount: "10000" });
      }
      onProgress?.(p.events.length);
    }
    p.run({ type: "CloseMonth", month: ym });
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return p;
};
