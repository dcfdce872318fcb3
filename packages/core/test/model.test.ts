/**
 * Model-based test: random command sequences run against the engine and against a small reference
 * model written independently of it: its own balances in plain bigints, its own day-by-day jasa
 * arithmetic (integer division, no decimal library), its own period rules. After every command the
 * two must agree on acceptance and on every member's savings, Kas, Utang Pajak and the closed month.
 */
import { Effect, Exit } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import type { BookState } from "../src/model.js";
import { subBalance } from "../src/state.js";
import { identity, makeTestBook, type TestBook } from "./helpers.js";

const RUNS = Number(process.env.FC_RUNS ?? 150);
const POKOK = 50_000n;
const MINIMUM = 10_000n;
/** 5% a year, actual/365, rounded down: gross = floor(Σ daily balances × 5 / 36500). */
const jasa = (balanceDays: bigint) => (balanceDays * 5n) / 36_500n;
const THRESHOLD = 240_000n;

interface ModelMember {
  status: "active" | "exited";
  pokok: bigint;
  wajib: bigint;
  /** Sukarela movements by date (the balance is their sum). */
  moves: Array<[string, bigint]>;
  held: bigint;
}

interface Model {
  today: string;
  members: Map<string, ModelMember>;
  kas: bigint;
  tax: bigint;
  closedThrough: string | undefined;
  reopened: string | undefined;
  /** Jasa already posted per month and member. */
  posted: Map<string, Map<string, { gross: bigint; tax: bigint }>>;
}

interface Real {
  book: TestBook;
}

const pad = (n: number) => String(n).padStart(2, "0");
const monthsOfYear = Array.from({ length: 12 }, (_, i) => `2026-${pad(i + 1)}`);
const daysIn = (month: string) => new Date(Date.UTC(2026, Number(month.slice(5)) /* next month */, 0)).getUTCDate();
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const sukarelaOf = (m: ModelMember, through = "9999-12-31") => m.moves.filter(([d]) => d <= through).reduce((s, [, v]) => s + v, 0n);
const nextToClose = (model: Model) =>
  model.closedThrough === undefined ? "2026-01" : monthsOfYear[monthsOfYear.indexOf(model.closedThrough) + 1];

const state = async (real: Real) => (await Effect.runPromise(real.book.executor.state(real.book.bookId))) as BookState;
const attempt = async (real: Real, command: unknown) =>
  Exit.isSuccess(await Effect.runPromiseExit(real.book.executor.execute(real.book.bookId, [command])));

const agree = async (model: Model, real: Real) => {
  const s = await state(real);
  for (const [memberNo, m] of model.members) {
    expect(-subBalance(s, ACCOUNTS.simpananPokok, memberNo)).toBe(m.pokok);
    expect(-subBalance(s, ACCOUNTS.simpananWajib, memberNo)).toBe(m.wajib);
    expect(-subBalance(s, ACCOUNTS.simpananSukarela, memberNo)).toBe(sukarelaOf(m));
    expect(-subBalance(s, ACCOUNTS.titipanAnggotaKeluar, memberNo)).toBe(m.held);
    expect(s.members.get(memberNo)?.status).toBe(m.status);
  }
  expect(s.accounts.get(ACCOUNTS.kas)?.balanceMinor).toBe(model.kas);
  expect(-(s.accounts.get(ACCOUNTS.utangPajak)?.balanceMinor ?? 0n)).toBe(model.tax);
  expect(s.closedThrough).toBe(model.closedThrough);
};

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly days: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const next = addDays(model.today, this.days);
    if (next > "2026-12-31") return;
    model.today = next;
    real.book.clock.setDate(next);
  }
  toString = () => `Advance(${this.days})`;
}

class Join implements fc.AsyncCommand<Model, Real> {
  constructor(readonly n: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const memberNo = `M${this.n}`;
    const accepted = await attempt(real, { type: "RegisterMember", memberNo, date: model.today, identity: identity(this.n) });
    expect(accepted).toBe(!model.members.has(memberNo));
    if (accepted) {
      model.members.set(memberNo, { status: "active", pokok: POKOK, wajib: 0n, moves: [], held: 0n });
      model.kas += POKOK;
    }
    await agree(model, real);
  }
  toString = () => `Join(${this.n})`;
}

class Save implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly kind: "PayWajib" | "DepositSukarela" | "WithdrawSukarela",
    readonly n: number,
    readonly amount: bigint,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const memberNo = `M${this.n}`;
    const m = model.members.get(memberNo);
    const active = m !== undefined && m.status === "active";
    const expected = active && (this.kind !== "WithdrawSukarela" || sukarelaOf(m) - this.amount >= MINIMUM);
    const accepted = await attempt(real, { type: this.kind, memberNo, date: model.today, amount: this.amount.toString() });
    expect(accepted).toBe(expected);
    if (accepted && m !== undefined) {
      if (this.kind === "PayWajib") {
        m.wajib += this.amount;
        model.kas += this.amount;
      } else if (this.kind === "DepositSukarela") {
        m.moves.push([model.today, this.amount]);
        model.kas += this.amount;
      } else {
        m.moves.push([model.today, -this.amount]);
        model.kas -= this.amount;
      }
    }
    await agree(model, real);
  }
  toString = () => `${this.kind}(${this.n}, ${this.amount})`;
}

class Resign implements fc.AsyncCommand<Model, Real> {
  constructor(readonly n: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const memberNo = `M${this.n}`;
    const m = model.members.get(memberNo);
    const accepted = await attempt(real, { type: "ResignMember", memberNo, date: model.today });
    expect(accepted).toBe(m !== undefined && m.status === "active");
    if (accepted && m !== undefined) {
      m.held = m.pokok + m.wajib + sukarelaOf(m);
      m.moves.push([model.today, -sukarelaOf(m)]);
      m.pokok = 0n;
      m.wajib = 0n;
      m.status = "exited";
      const paid = await attempt(real, { type: "PayMemberRefund", memberNo, date: model.today });
      expect(paid).toBe(m.held > 0n);
      model.kas -= m.held;
      m.held = 0n;
    }
    await agree(model, real);
  }
  toString = () => `Resign(${this.n})`;
}

class Close implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    const month = nextToClose(model);
    if (month === undefined) return;
    const lastDay = `${month}-${pad(daysIn(month))}`;
    const accepted = await attempt(real, { type: "CloseMonth", month });
    expect(accepted).toBe(lastDay < model.today);
    if (!accepted) return;
    const posted = model.posted.get(month) ?? new Map<string, { gross: bigint; tax: bigint }>();
    for (const [memberNo, m] of model.members) {
      if (m.status !== "active") continue;
      let balanceDays = 0n;
      for (let day = 1; day <= daysIn(month); day++) balanceDays += sukarelaOf(m, `${month}-${pad(day)}`);
      const before = posted.get(memberNo) ?? { gross: 0n, tax: 0n };
      // The jasa an earlier close of this month paid in on its last day earns no jasa in the month itself.
      balanceDays -= before.gross - before.tax;
      const gross = jasa(balanceDays);
      const tax = gross > THRESHOLD ? gross / 10n : 0n;
      const net = gross - tax - (before.gross - before.tax);
      if (net !== 0n) m.moves.push([lastDay, net]);
      model.tax += tax - before.tax;
      posted.set(memberNo, { gross, tax });
    }
    model.posted.set(month, posted);
    model.closedThrough = month;
    if (model.reopened === month) model.reopened = undefined;
    await agree(model, real);
  }
  toString = () => "Close";
}

class Reopen implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    const month = model.closedThrough ?? "2026-01";
    const expected = model.closedThrough !== undefined && model.reopened === undefined && !month.endsWith("-12");
    const accepted = await attempt(real, { type: "ReopenMonth", month, reason: "koreksi" });
    expect(accepted).toBe(expected);
    if (accepted) {
      model.closedThrough = month === "2026-01" ? undefined : monthsOfYear[monthsOfYear.indexOf(month) - 1];
      model.reopened = month;
    }
    await agree(model, real);
  }
  toString = () => "Reopen";
}

const member = fc.integer({ min: 1, max: 5 });
const commands = [
  fc.integer({ min: 1, max: 20 }).map((d) => new Advance(d)),
  member.map((n) => new Join(n)),
  fc
    .tuple(
      fc.constantFrom("PayWajib" as const, "DepositSukarela" as const, "WithdrawSukarela" as const),
      member,
      fc.bigInt({ min: 1n, max: 3_000_000n }),
    )
    .map(([kind, n, amount]) => new Save(kind, n, amount)),
  // Now and then a deposit big enough that the month's jasa crosses the withholding threshold.
  member.map((n) => new Save("DepositSukarela", n, 80_000_000n)),
  member.map((n) => new Resign(n)),
  fc.constant(new Close()),
  fc.constant(new Reopen()),
];

describe("model-based: the engine agrees with an independent reference model", () => {
  it("on random sequences of join, pay, deposit, withdraw, jasa, resign, close and reopen", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 80, size: "max" }), async (cmds) => {
        const book = await makeTestBook({
          today: "2026-01-01",
          savings: {
            pokok: "50000",
            sukarela: { ratePerYear: "0.05", dayCount: "actual/365", basis: "daily-balance", minimumBalance: "10000", rounding: "down" },
          },
        });
        const model: Model = {
          today: "2026-01-01",
          members: new Map(),
          kas: 0n,
          tax: 0n,
          closedThrough: undefined,
          reopened: undefined,
          posted: new Map(),
        };
        await fc.asyncModelRun(() => ({ model, real: { book } }), cmds);
      }),
      { numRuns: RUNS },
    );
  });
});
