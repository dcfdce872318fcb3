/**
 * Tiered jasa on sukarela (bunga berjenjang): a day's whole balance earns the rate of the highest tier
 * it reaches. Worked by hand on one book, refused when the tiers are not sound, and held to a per-day
 * computation over random months.
 */
import { Decimal } from "decimal.js";
import { Effect } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { notesSummary } from "../src/closing/statements.js";
import type { BookState, DayCount, InterestBasis, SukarelaConfig, SukarelaTrack } from "../src/model.js";
import { money } from "../src/money.js";
import { dailyBalances, monthInterest, rateForBalance, sukarelaTermsIn } from "../src/savings.js";
import { replay } from "../src/verify.js";
import { identity, makeTestBook, type TestBook } from "./helpers.js";

const stateOf = (book: TestBook) => Effect.runPromise(book.executor.state(book.bookId));

const RUNS = Number(process.env.FC_RUNS ?? 60);
const tiers = [
  { from: "5000000", ratePerYear: "0.0365" },
  { from: "10000000", ratePerYear: "0.073" },
];

describe("tiered jasa on sukarela", () => {
  it("each day's balance earns its tier's rate; a change without tiers ends them; replay gives the same terms", async () => {
    const book = await makeTestBook({ today: "2026-02-01", savings: { sukarela: { ratePerYear: "0.02", tiers } } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-01", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-01", amount: "4000000" });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-11", amount: "2000000" });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-21", amount: "5000000" });
    // 10 days of 4.000.000 at 2% (below every tier), 10 of 6.000.000 at 3,65%, 11 of 11.000.000 at 7,3%:
    // (40.000.000 × 0,02 + 60.000.000 × 0,0365 + 121.000.000 × 0,073) / 365 = 11.823.000 / 365 = 32.391,78 → 32.391.
    const january = await book.run({ type: "CloseMonth", month: "2026-01" });
    expect(january.events[0]?.data).toMatchObject({ memberNo: "A001", basisMinor: 221_000_000n, grossMinor: 32_391n, taxMinor: 0n });
    // From February one rate for every balance: 28 × 11.032.391 × 2% / 365 = 16.926,40 → 16.926.
    await book.run({ type: "ChangeSukarelaRate", date: "2026-02-01", fromMonth: "2026-02", ratePerYear: "0.02" });
    // From March the tiers again, set by the change.
    const march = await book.run({ type: "ChangeSukarelaRate", date: "2026-02-01", fromMonth: "2026-03", ratePerYear: "0.02", tiers });
    expect(march.events[0]?.data).toEqual({
      fromMonth: "2026-03",
      ratePerYear: "0.02",
      tiers: [
        { fromMinor: 5_000_000n, ratePerYear: "0.0365" },
        { fromMinor: 10_000_000n, ratePerYear: "0.073" },
      ],
    });
    book.clock.setDate("2026-04-01");
    const february = await book.run({ type: "CloseMonth", month: "2026-02" });
    expect(february.events[0]?.data).toMatchObject({ basisMinor: 308_906_948n, grossMinor: 16_926n });
    // March, every day above 10.000.000: 31 × 11.049.317 = 342.528.827 × 7,3% / 365 = 68.505,77 → 68.505.
    const marchClose = await book.run({ type: "CloseMonth", month: "2026-03" });
    expect(marchClose.events[0]?.data).toMatchObject({ basisMinor: 342_528_827n, grossMinor: 68_505n });
    // A balance on a tier's bound earns that tier's rate.
    const terms = sukarelaTermsIn((await stateOf(book)) as BookState, "2026-03");
    expect([4_999_999n, 5_000_000n, 9_999_999n, 10_000_000n].map((b) => rateForBalance(terms, b))).toEqual([
      "0.02",
      "0.0365",
      "0.0365",
      "0.073",
    ]);
    // The notes state the terms in force in their month.
    const current = (await stateOf(book)) as BookState;
    expect(notesSummary(current, book.events(), "2026-02-28").sukarelaRate).toEqual({ ratePerYear: "0.02", tiers: [] });
    expect(notesSummary(current, book.events(), "2026-03-31").sukarelaRate).toEqual(terms);
    const state = replay(book.events());
    expect(state === undefined ? [] : ["2026-01", "2026-02", "2026-03"].map((m) => sukarelaTermsIn(state, m).tiers.length)).toEqual([
      2, 0, 2,
    ]);
  });

  it("refuses tiers that are not ascending, not above zero or not a fraction below 1, at the book's opening and at a change, writing nothing", async () => {
    const book = await makeTestBook({ today: "2026-02-01" });
    const before = book.events().length;
    const change = (t: unknown) =>
      book.reject({ type: "ChangeSukarelaRate", date: "2026-01-20", fromMonth: "2026-02", ratePerYear: "0.02", tiers: t });
    const descending = await change([tiers[1], tiers[0]]);
    expect(descending.tag).toBe("InvalidConfig");
    expect((descending.error as Error).message).toMatch(/tiers\[1\]\.from.*di atas batas tingkat sebelumnya/);
    expect((descending.error as { messageEn: string }).messageEn).toMatch(/tiers\[1\]\.from is invalid: must be above the tier before it/);
    const same = await change([tiers[0], { from: "5000000", ratePerYear: "0.05" }]);
    expect((same.error as Error).message).toMatch(/tiers\[1\]\.from/);
    const zero = await change([{ from: "0", ratePerYear: "0.03" }]);
    expect(zero.tag).toBe("InvalidAmount");
    expect((zero.error as Error).message).toMatch(/tiers\[0\]\.from/);
    const high = await change([{ from: "1000000", ratePerYear: "1.2" }]);
    expect((high.error as Error).message).toMatch(/tiers\[0\]\.ratePerYear.*di bawah 1/);
    expect((await change([{ from: "1000000", ratePerYear: "3%" }])).tag).toBe("InvalidCommand");
    expect((await change([{ from: "satu juta", ratePerYear: "0.03" }])).tag).toBe("InvalidAmount");
    expect((await change(Array.from({ length: 11 }, (_, i) => ({ from: String((i + 1) * 1000), ratePerYear: "0.03" })))).tag).toBe(
      "InvalidCommand",
    );
    expect(book.events().length).toBe(before);
    // The same rules when the book opens.
    await expect(makeTestBook({ savings: { sukarela: { ratePerYear: "0.02", tiers: [tiers[1], tiers[0]] } } })).rejects.toThrow(
      /savings\.sukarela\.tiers\[1\]\.from/,
    );
    // An empty list is no tiers.
    const plain = await book.run({ type: "ChangeSukarelaRate", date: "2026-01-20", fromMonth: "2026-02", ratePerYear: "0.02", tiers: [] });
    expect(plain.events[0]?.data).toEqual({ fromMonth: "2026-02", ratePerYear: "0.02" });
  });

  it("over random months, the jasa is the sum of each day's balance at its tier's rate, rounded once", () => {
    const month = "2026-02";
    const arbitrary = fc.record({
      base: fc.bigInt({ min: 0n, max: 20_000_000n }),
      moves: fc.array(fc.record({ day: fc.integer({ min: 1, max: 28 }), amount: fc.bigInt({ min: -5_000_000n, max: 8_000_000n }) }), {
        maxLength: 8,
      }),
      rates: fc.array(fc.integer({ min: 0, max: 150_000 }), { minLength: 1, maxLength: 4 }),
      steps: fc.uniqueArray(fc.bigInt({ min: 1n, max: 25_000_000n }), { maxLength: 3 }),
      basis: fc.constantFrom<InterestBasis>("daily-balance", "lowest-balance"),
      dayCount: fc.constantFrom<DayCount>("actual/365", "actual/actual", "30/360"),
    });
    fc.assert(
      fc.property(arbitrary, ({ base, moves, rates, steps, basis, dayCount }) => {
        // A track whose balance never goes below zero: a withdrawal takes at most what is there.
        let balance = base;
        const dates: string[] = [];
        const postedMinor: bigint[] = [];
        for (const move of [...moves].sort((a, b) => a.day - b.day)) {
          const amount = move.amount < -balance ? -balance : move.amount;
          balance += amount;
          dates.push(`${month}-${String(move.day).padStart(2, "0")}`);
          postedMinor.push(-amount);
        }
        const track: SukarelaTrack = { baseMinor: base, dates, postedMinor, balanceMinor: balance, latestDate: `${month}-28` };
        // Rates in millionths of a year, written as decimal fractions.
        const rate = (i: number, more = 0) => new Decimal((rates[i % rates.length] as number) + more).div(1_000_000).toString();
        const tierList = [...steps]
          .sort((a, b) => (a < b ? -1 : 1))
          .map((from, i) => ({ fromMinor: money(from), ratePerYear: rate(i + 1) }));
        const config: SukarelaConfig = {
          minimumBalanceMinor: money(0n),
          ratePerYear: rate(0),
          tiers: tierList,
          basis,
          dayCount,
          rounding: "down",
        };
        // The definition, day by day, in decimal.js at 50 digits.
        const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_DOWN });
        const balances = dailyBalances(track, month);
        const n = balances.length;
        const rateOf = (b: bigint) => {
          let r = config.ratePerYear;
          for (const t of tierList) if (b >= t.fromMinor) r = t.ratePerYear;
          return new D(r);
        };
        let interest: Decimal;
        if (basis === "daily-balance") {
          interest = balances.reduce((sum, b) => sum.plus(new D(b.toString()).times(rateOf(b))), new D(0));
          interest = dayCount === "30/360" ? interest.div(n).times(30).div(360) : interest.div(365);
        } else {
          const lowest = balances.reduce((l, b) => (b < l ? b : l));
          const l = lowest < 0n ? 0n : lowest;
          interest = new D(l.toString()).times(rateOf(l));
          interest = dayCount === "30/360" ? interest.times(30).div(360) : interest.times(n).div(365);
        }
        const { grossMinor } = monthInterest(track, month, config);
        // 2026 is not a leap year: actual/actual divides by 365 too.
        expect(grossMinor).toBe(BigInt(interest.toFixed(0, Decimal.ROUND_DOWN)));
        // Tiers at the base rate are no tiers.
        const flat = { ...config, tiers: tierList.map((t) => ({ ...t, ratePerYear: config.ratePerYear })) };
        expect(monthInterest(track, month, flat).grossMinor).toBe(monthInterest(track, month, { ...config, tiers: [] }).grossMinor);
        // A higher rate on the top tier never pays less.
        if (tierList.length > 0) {
          const top = tierList.length - 1;
          const higher = { ...config, tiers: tierList.map((t, i) => (i === top ? { ...t, ratePerYear: rate(i + 1, 10_000) } : t)) };
          expect(monthInterest(track, month, higher).grossMinor >= grossMinor).toBe(true);
        }
        // Each day's balance is paid at its tier's rate.
        for (const b of balances) expect(new D(rateForBalance(config, b)).equals(rateOf(b))).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
