/** The public vectors of DOMAIN.md, reproduced exactly, and the schedule's properties. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classify, DEFAULT_KOLEKTIBILITAS, problemLoanRatio, ratioText, requiredAllowance } from "../src/loans/kolektibilitas.js";
import { buildSchedule, effectiveRatePerYear, type ScheduleTerms, ScheduleTermsError, scheduleTotals } from "../src/loans/schedule.js";

const monthly = { unit: "month", every: 1 } as const;
const base = { dayCount: "30/360", disbursedOn: "2026-01-05", frequency: monthly } as const;
const parts = (terms: ScheduleTerms) => {
  const rows = buildSchedule(terms);
  return {
    rows,
    principal: rows.map((r) => r.principalMinor),
    interest: rows.map((r) => r.interestMinor),
    total: rows.map((r) => r.totalMinor),
  };
};

describe("Fineract vectors (amounts in cents)", () => {
  it("T1: 100.00 at 9.4822%/yr, 6 months, 30/360, anuitas", () => {
    const s = parts({ ...base, principalMinor: 10000n, method: "anuitas", rate: { perYear: "0.094822" }, instalments: 6 });
    expect(s.total).toEqual([1713n, 1713n, 1713n, 1713n, 1713n, 1713n]);
    expect(s.interest).toEqual([79n, 66n, 53n, 40n, 27n, 13n]);
    expect(s.principal).toEqual([1634n, 1647n, 1660n, 1673n, 1686n, 1700n]);
  });

  it("T3: 10,000.00 at 2%/month, 4 weekly instalments, declining balance (24%/52 a week)", () => {
    const s = parts({
      ...base,
      principalMinor: 1_000_000n,
      method: "anuitas",
      rate: { perMonth: "0.02" },
      instalments: 4,
      frequency: { unit: "week", every: 1 },
    });
    expect(s.total).toEqual([252891n, 252891n, 252891n, 252891n]);
    expect(s.principal).toEqual([248276n, 249422n, 250573n, 251729n]);
    expect(s.interest).toEqual([4615n, 3469n, 2318n, 1162n]);
    expect(s.rows.map((r) => r.dueDate)).toEqual(["2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"]);
  });

  it("T4: 1,250.00 at 12%/yr flat, 3 months, instalments in multiples of 1.00", () => {
    const s = parts({
      ...base,
      principalMinor: 125000n,
      method: "flat",
      rate: { perYear: "0.12" },
      instalments: 3,
      instalmentRounding: { multipleMinor: 100n, mode: "nearest" },
    });
    expect(s.total).toEqual([42900n, 42900n, 42950n]);
    expect(s.interest).toEqual([1250n, 1250n, 1250n]);
  });

  it("T5: 10,000.00 at 1%/month flat, 5 instalments every 2 months", () => {
    const s = parts({
      ...base,
      principalMinor: 1_000_000n,
      method: "flat",
      rate: { perMonth: "0.01" },
      instalments: 5,
      frequency: { unit: "month", every: 2 },
    });
    expect(s.principal).toEqual([200000n, 200000n, 200000n, 200000n, 200000n]);
    expect(s.interest).toEqual([20000n, 20000n, 20000n, 20000n, 20000n]);
    expect(s.rows.map((r) => r.dueDate)).toEqual(["2026-03-05", "2026-05-05", "2026-07-05", "2026-09-05", "2026-11-05"]);
  });
});

describe("Indonesian koperasi vectors (whole rupiah)", () => {
  it("L1: 30.000.000 flat 12%/yr, 12 months", () => {
    const s = parts({ ...base, principalMinor: 30_000_000n, method: "flat", rate: { perYear: "0.12" }, instalments: 12 });
    expect(new Set(s.total)).toEqual(new Set([2_800_000n]));
    expect(new Set(s.principal)).toEqual(new Set([2_500_000n]));
    expect(scheduleTotals(s.rows).totalMinor).toBe(33_600_000n);
  });

  it("L3: 36.000.000 flat 24%/yr, 12 months", () => {
    const s = parts({ ...base, principalMinor: 36_000_000n, method: "flat", rate: { perYear: "0.24" }, instalments: 12 });
    expect(new Set(s.total)).toEqual(new Set([3_720_000n]));
    expect(scheduleTotals(s.rows).interestMinor).toBe(8_640_000n);
  });

  it("L4: 60.000.000 menurun 24%/yr, 6 months", () => {
    const s = parts({ ...base, principalMinor: 60_000_000n, method: "menurun", rate: { perYear: "0.24" }, instalments: 6 });
    expect(new Set(s.principal)).toEqual(new Set([10_000_000n]));
    expect(s.interest).toEqual([1_200_000n, 1_000_000n, 800_000n, 600_000n, 400_000n, 200_000n]);
    expect(scheduleTotals(s.rows).totalMinor).toBe(64_200_000n);
  });

  it("L6: 500.000.000 anuitas 16%/yr, 60 months", () => {
    const s = parts({ ...base, principalMinor: 500_000_000n, method: "anuitas", rate: { perYear: "0.16" }, instalments: 60 });
    expect(s.total[0]).toBe(12_159_029n);
    expect(s.principal.slice(0, 4)).toEqual([5_492_362n, 5_565_594n, 5_639_802n, 5_714_999n]);
    expect(s.interest.slice(0, 4)).toEqual([6_666_667n, 6_593_435n, 6_519_227n, 6_444_030n]);
    expect(scheduleTotals(s.rows).principalMinor).toBe(500_000_000n);
    expect(s.rows.at(-1)?.balanceAfterMinor).toBe(0n);
  });

  it("L7 (OJK): 12.000.000 flat 17%/yr, 12 months: 1.170.000 a month, about 30.03%/yr effective", () => {
    const s = parts({ ...base, principalMinor: 12_000_000n, method: "flat", rate: { perYear: "0.17" }, instalments: 12 });
    expect(new Set(s.total)).toEqual(new Set([1_170_000n]));
    const effective = effectiveRatePerYear(12_000_000n, s.rows, 12);
    expect(effective.times(100).toDecimalPlaces(2).toString()).toBe("30.03");
  });
});

describe("schedule properties", () => {
  const terms = fc.record({
    principalMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    method: fc.constantFrom("flat" as const, "menurun" as const, "anuitas" as const),
    rate: fc.integer({ min: 1, max: 600 }).map((permille) => ({ perYear: (permille / 1000).toString() })),
    instalments: fc.integer({ min: 1, max: 72 }),
    frequency: fc.constantFrom(
      { unit: "month" as const, every: 1 },
      { unit: "week" as const, every: 1 },
      { unit: "month" as const, every: 3 },
    ),
    dayCount: fc.constantFrom("30/360" as const, "actual/365" as const, "actual/actual" as const),
    disbursedOn: fc.constant("2026-01-31"),
  });

  it("principal parts sum to the principal exactly, and the loan ends at zero", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const rows = buildSchedule(t);
        expect(rows).toHaveLength(t.instalments);
        expect(scheduleTotals(rows).principalMinor).toBe(t.principalMinor);
        expect(rows.at(-1)?.balanceAfterMinor).toBe(0n);
        for (const row of rows) expect(row.totalMinor).toBe(row.principalMinor + row.interestMinor);
      }),
      { numRuns: Number(process.env.FC_RUNS_SCHEDULE ?? 500) },
    );
  });

  it("refuses terms that cannot make a schedule", () => {
    const ok: ScheduleTerms = { ...base, principalMinor: 1000n, method: "flat", rate: { perYear: "0.1" }, instalments: 3 };
    for (const bad of [
      { ...ok, principalMinor: 0n },
      { ...ok, principalMinor: -5n },
      { ...ok, instalments: 0 },
      { ...ok, instalments: 1.5 },
      { ...ok, rate: { perYear: "0" } },
      { ...ok, rate: { perYear: "-0.1" } },
      { ...ok, frequency: { unit: "month" as const, every: 0 } },
      { ...ok, instalmentRounding: { multipleMinor: 0n, mode: "up" as const } },
      { ...ok, instalmentRounding: { multipleMinor: 1000n, mode: "up" as const } },
    ]) {
      expect(() => buildSchedule(bad)).toThrow(ScheduleTermsError);
    }
  });
});

describe("kolektibilitas and PPAP", () => {
  it("maps days past due to the five default classes", () => {
    expect([0, 1, 90, 91, 120, 121, 180, 181, 1000].map((d) => classify(d).code)).toEqual([
      "L",
      "DPK",
      "DPK",
      "KL",
      "KL",
      "D",
      "D",
      "M",
      "M",
    ]);
  });

  it("PPAP vector: outstanding 70.000.000, eligible collateral 56.000.000", () => {
    const byCode = (code: string) => DEFAULT_KOLEKTIBILITAS.find((c) => c.code === code) as (typeof DEFAULT_KOLEKTIBILITAS)[number];
    expect(requiredAllowance(70_000_000n, 56_000_000n, byCode("L"))).toBe(350_000n);
    expect(requiredAllowance(70_000_000n, 56_000_000n, byCode("KL"))).toBe(1_400_000n);
    expect(requiredAllowance(70_000_000n, 56_000_000n, byCode("D"))).toBe(7_000_000n);
    expect(requiredAllowance(70_000_000n, 56_000_000n, byCode("M"))).toBe(14_000_000n);
    expect(requiredAllowance(70_000_000n, 80_000_000n, byCode("M"))).toBe(0n);
  });

  it("scores problem loans against total loans into the health bands", () => {
    const c = (code: string) => DEFAULT_KOLEKTIBILITAS.find((k) => k.code === code) as (typeof DEFAULT_KOLEKTIBILITAS)[number];
    expect(problemLoanRatio([{ outstandingMinor: 100n, kolektibilitas: c("L") }]).band).toBe("sehat");
    const mixed = problemLoanRatio([
      { outstandingMinor: 900n, kolektibilitas: c("L") },
      { outstandingMinor: 100n, kolektibilitas: c("M") },
    ]);
    expect(mixed.ratio.toString()).toBe("0.1");
    expect(mixed.band).toBe("cukup sehat");
    expect(problemLoanRatio([{ outstandingMinor: 100n, kolektibilitas: c("D") }]).band).toBe("tidak sehat");
    // Shown to four places, half up: Rp1 Macet in Rp20.000 is 0.00005 exactly, shown 0.0001 (half even would show 0).
    const tie = problemLoanRatio([
      { outstandingMinor: 19_999n, kolektibilitas: c("L") },
      { outstandingMinor: 1n, kolektibilitas: c("M") },
    ]);
    expect(tie.ratio.toString()).toBe("0.00005");
    expect(ratioText(tie.ratio)).toBe("0.0001");
    expect(ratioText(mixed.ratio)).toBe("0.1");
  });
});
