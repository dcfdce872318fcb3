import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocate,
  divideRounded,
  formatPlain,
  formatRupiah,
  MONEY_ABS_MAX,
  parseMoney,
  RateDecimal,
  type RoundingMode,
  toMinorUnits,
} from "../src/money.js";

const ok = (text: string, scale: 0 | 2) => {
  const parsed = parseMoney(text, scale);
  if (!parsed.ok) throw new Error(`did not parse ${text}: ${parsed.problem.kind}`);
  return parsed.value;
};

describe("parse and format", () => {
  it("reads plain and Indonesian forms", () => {
    expect(ok("1250000", 0)).toBe(1250000n);
    expect(ok("Rp1.250.000", 0)).toBe(1250000n);
    expect(ok("Rp 1.250.000", 0)).toBe(1250000n);
    expect(ok("-Rp1.250.000", 0)).toBe(-1250000n);
    expect(ok("Rp1.250.000,50", 2)).toBe(125000050n);
    expect(ok("1250000.50", 2)).toBe(125000050n);
    expect(ok("1250000.5", 2)).toBe(125000050n);
    expect(ok("Rp1250000", 0)).toBe(1250000n);
    expect(ok("1000.000", 0)).toBe(1000n); // plain: a dot is a decimal point, and .000 is no fraction
    expect(ok("0.500", 2)).toBe(50n); // no thousands start with 0
    expect(ok("1.25", 2)).toBe(125n);
    // Without Rp, Indonesian where nothing else can be meant: as a spreadsheet set to Indonesian writes it.
    expect(ok("1.250.000", 0)).toBe(1250000n);
    expect(ok("-1.250.000", 0)).toBe(-1250000n);
    expect(ok("1.250.000,50", 2)).toBe(125000050n);
    expect(ok("1.250,50", 2)).toBe(125050n);
    expect(ok("5.000,00", 0)).toBe(5000n);
    expect(ok("12,00".replace(",", "."), 0)).toBe(12n);
  });

  it("refuses a plain text an Indonesian reader takes for thousands, where the decimal reading would pass", () => {
    for (const [text, scale] of [
      ["5.000", 0],
      ["-5.000", 0],
      ["1.250", 2],
      ["999.000", 2],
      [" 12.000 ", 0],
    ] as const) {
      expect(parseMoney(text, scale), text).toEqual({ ok: false, problem: { kind: "ambiguous", text } });
    }
    // Its fraction would be refused anyway: that refusal stands.
    expect(parseMoney("1.250", 0)).toMatchObject({ ok: false, problem: { kind: "fraction" } });
    // Every thousands-shaped text is refused or read as it was written with Rp.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(0 as const, 2 as const),
        (whole, part, scale) => {
          const digits = `${whole}.${String(part).padStart(3, "0")}`;
          expect(parseMoney(digits, scale).ok).toBe(false);
          expect(ok(`Rp${digits}`, scale)).toBe(BigInt(whole * 1000 + part) * (scale === 0 ? 1n : 100n));
        },
      ),
    );
  });

  it("refuses fractions below the scale, bad syntax and amounts out of range", () => {
    expect(parseMoney("1250000,50", 0)).toEqual({ ok: false, problem: { kind: "syntax", text: "1250000,50" } });
    expect(parseMoney("Rp1.250.000,50", 0)).toMatchObject({ ok: false, problem: { kind: "fraction" } });
    expect(parseMoney("1.005", 2)).toMatchObject({ ok: false, problem: { kind: "fraction" } });
    expect(parseMoney("1e6", 0)).toMatchObject({ ok: false, problem: { kind: "syntax" } });
    expect(parseMoney("", 0)).toMatchObject({ ok: false, problem: { kind: "syntax" } });
    expect(parseMoney("Rp1.25.000", 0)).toMatchObject({ ok: false, problem: { kind: "syntax" } });
    for (const text of ["1.25.000", "1.250.00", "1250.000.000", "1,250", "1.250.000,", "1.250.000.50"]) {
      expect(parseMoney(text, 2), text).toMatchObject({ ok: false, problem: { kind: "syntax" } });
    }
    expect(parseMoney("1.250.000,50", 0)).toMatchObject({ ok: false, problem: { kind: "fraction" } });
    expect(parseMoney("1000000000000001", 0)).toMatchObject({ ok: false, problem: { kind: "range" } });
    // A number too long for the range is out of range, not unreadable, in either form.
    for (const text of [
      "99999999999999999999999999",
      "-99999999999999999999999999",
      "Rp99.999.999.999.999.999.999",
      "1000000000000000.01",
    ]) {
      expect(parseMoney(text, 2), text).toMatchObject({ ok: false, problem: { kind: "range" } });
    }
    expect(parseMoney(String(MONEY_ABS_MAX), 0)).toMatchObject({ ok: true });
    expect(parseMoney("NaN", 0)).toMatchObject({ ok: false });
    expect(parseMoney("0x10", 0)).toMatchObject({ ok: false });
  });

  it("formats both forms", () => {
    expect(formatRupiah(1250000n, 0)).toBe("Rp1.250.000");
    expect(formatRupiah(125000050n, 2)).toBe("Rp1.250.000,50");
    expect(formatRupiah(-5n, 2)).toBe("-Rp0,05");
    expect(formatRupiah(999n, 0)).toBe("Rp999");
    expect(formatPlain(-125000050n, 2)).toBe("-1250000.50");
    expect(formatPlain(0n, 0)).toBe("0");
  });

  it("property: format then parse gives the amount back, in both forms and both scales", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MONEY_ABS_MAX, max: MONEY_ABS_MAX }), fc.constantFrom<0 | 2>(0, 2), (amount, scale) => {
        expect(ok(formatPlain(amount, scale), scale)).toBe(amount);
        expect(ok(formatRupiah(amount, scale), scale)).toBe(amount);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("division with a named rounding mode", () => {
  const cases: Array<[bigint, bigint, RoundingMode, bigint]> = [
    [5n, 2n, "half-up", 3n],
    [5n, 2n, "half-even", 2n],
    [7n, 2n, "half-even", 4n],
    [5n, 2n, "down", 2n],
    [5n, 2n, "up", 3n],
    [-5n, 2n, "half-up", -3n],
    [-5n, 2n, "half-even", -2n],
    [-5n, 2n, "down", -2n],
    [-5n, 2n, "up", -3n],
    [4n, 3n, "up", 2n],
    [4n, 3n, "half-up", 1n],
    [6n, 3n, "up", 2n],
  ];
  it.each(cases)("%s / %s %s = %s", (n, d, mode, expected) => {
    expect(divideRounded(n, d, mode)).toBe(expected);
  });

  it("agrees with decimal rounding for every mode", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.constantFrom<RoundingMode>("half-up", "half-even", "down", "up"),
        (n, d, mode) => {
          expect(divideRounded(n, d, mode)).toBe(toDecimalQuotient(n, d, mode));
          expect(toMinorUnits(new RateDecimal(n.toString()).div(d.toString()), mode)).toBe(toDecimalQuotient(n, d, mode));
        },
      ),
    );
  });
});

const toDecimalQuotient = (n: bigint, d: bigint, mode: RoundingMode): bigint => {
  // An independent oracle: exact rational comparison on twice the remainder.
  const q = n / d;
  const r = n - q * d;
  if (r === 0n) return q;
  const away = n < 0n ? q - 1n : q + 1n;
  const twice = (r < 0n ? -r : r) * 2n;
  switch (mode) {
    case "down":
      return q;
    case "up":
      return away;
    case "half-up":
      return twice >= d ? away : q;
    case "half-even":
      return twice > d || (twice === d && away % 2n === 0n) ? away : q;
  }
};

describe("largest-remainder allocation", () => {
  it("splits 100 by 1:1:1 into 34, 33, 33", () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocate(10n, [0n, 5n, 5n])).toEqual([0n, 5n, 5n]);
  });

  it("refuses no weights, negative weights and all-zero weights", () => {
    expect(() => allocate(1n, [])).toThrow();
    expect(() => allocate(1n, [-1n, 2n])).toThrow();
    expect(() => allocate(1n, [0n, 0n])).toThrow();
  });

  it("property: parts sum exactly to the total and each is within one unit of its exact share", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 40 }).filter((w) => w.some((x) => x > 0n)),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((s, p) => s + p, 0n)).toBe(total);
          const weightSum = weights.reduce((s, w) => s + w, 0n);
          parts.forEach((part, i) => {
            // |part × W − total × w| < W  ⇔  |part − exact share| < 1
            const diff = part * weightSum - total * (weights[i] as bigint);
            expect(diff < weightSum && diff > -weightSum).toBe(true);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
