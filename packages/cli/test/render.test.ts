import type { Portfolio } from "@lumbung/core";
import { describe, expect, it } from "vitest";
import { renderPortfolio } from "../src/render.js";

const portfolio = (problemLoanRatio: string, health: Portfolio["health"]): Portfolio => ({
  asOf: "2026-01-01",
  classes: [
    { code: "L", name: "Lancar", loans: 2, outstandingMinor: 1_000_000n, requiredAllowanceMinor: 5_000n, bookedAllowanceMinor: 5_000n },
  ],
  outstandingMinor: 1_000_000n,
  accruedJasaMinor: 0n,
  requiredAllowanceMinor: 5_000n,
  bookedAllowanceMinor: 5_000n,
  problemLoanRatio,
  health,
});

describe("the loan portfolio as text", () => {
  it("writes the problem-loan ratio as a percent and its band in the reader's language", () => {
    const last = (text: string) => text.split("\n").at(-1);
    expect(last(renderPortfolio(portfolio("0.0235", "sehat"), 0))).toBe("Rasio pinjaman bermasalah: 2,35% (sehat)");
    expect(last(renderPortfolio(portfolio("0.0235", "sehat"), 0, "en"))).toBe("Problem-loan ratio: 2.35% (healthy)");
    expect(last(renderPortfolio(portfolio("0.1275", "kurang sehat"), 0, "en"))).toBe("Problem-loan ratio: 12.75% (less than healthy)");
    expect(last(renderPortfolio(portfolio("0", "sehat"), 0))).toBe("Rasio pinjaman bermasalah: 0% (sehat)");
  });
});
