import { type FinancialPosition, type MemberPurchases, type Portfolio, UNCLOSED_RESULT, UNCLOSED_RESULT_NAME } from "@lumbung/core";
import { describe, expect, it } from "vitest";
import { renderMemberPurchases, renderPortfolio, renderTrialBalance } from "../src/render.js";
import { renderFinancialPosition } from "../src/render-rat.js";

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

describe("report titles", () => {
  const first = (text: string) => text.split("\n")[0];

  it("says a trial balance is at its date in English, per in Indonesian", () => {
    const tb = { asOf: "2025-12-31", unit: undefined, rows: [], totalDebitMinor: 0n, totalCreditMinor: 0n };
    expect(first(renderTrialBalance(tb, 0, "en"))).toBe("Trial balance at 2025-12-31");
    expect(first(renderTrialBalance({ ...tb, unit: "TOKO" }, 0))).toBe("Neraca saldo (TOKO) per 2025-12-31");
  });

  it("names the largest members' purchases only when the list is cut short", () => {
    const rows = ["A1", "A2", "A3"].map((memberNo, i) => ({ memberNo, sales: i + 1, amountMinor: BigInt((i + 1) * 1000) }));
    const purchases: MemberPurchases = { from: "2025-01-01", to: "2025-12-31", rows, totalMinor: 6000n };
    expect(first(renderMemberPurchases(purchases, 0, "en", 2))).toBe(
      "Member purchases 2025-01-01 – 2025-12-31 (the jasa usaha basis), the 2 largest",
    );
    expect(first(renderMemberPurchases(purchases, 0, "id", 2))).toBe(
      "Belanja anggota 2025-01-01 – 2025-12-31 (dasar jasa usaha), 2 terbesar",
    );
    expect(first(renderMemberPurchases(purchases, 0, "en", 1_000_000))).toBe(
      "Member purchases 2025-01-01 – 2025-12-31 (the jasa usaha basis)",
    );
    const shown = renderMemberPurchases(purchases, 0, "en", 2).split("\n");
    expect(shown.slice(3).map((line) => line.split(/ +/)[0])).toEqual(["A3", "A2", "All"]);
  });
});

describe("the year's result not yet closed, in the statement of financial position", () => {
  const line = (name: string, code: string, currentMinor: bigint) => ({ code, name, currentMinor, priorMinor: 0n });
  const position: FinancialPosition = {
    asOf: { current: "2026-06-30", prior: "2025-12-31" },
    unit: undefined,
    aset: [line("Kas", "1101", 1_500_000n)],
    kewajiban: [],
    ekuitas: [line("Simpanan Pokok", "3101", 1_000_000n), line(UNCLOSED_RESULT_NAME.id, UNCLOSED_RESULT, 500_000n)],
    totalAset: { currentMinor: 1_500_000n, priorMinor: 0n },
    totalKewajiban: { currentMinor: 0n, priorMinor: 0n },
    totalEkuitas: { currentMinor: 1_500_000n, priorMinor: 0n },
  };
  it("is named, without its code, in the reader's language; an account keeps its code and its chart's name", () => {
    const rowOf = (text: string, start: string) => text.split("\n").find((row) => row.trimStart().startsWith(start));
    const id = renderFinancialPosition(position, 0);
    const en = renderFinancialPosition(position, 0, "en");
    expect(rowOf(id, "SHU tahun berjalan (belum ditutup)")).toContain("500.000");
    expect(rowOf(en, "Current year's result (not yet closed)")).toContain("Rp500.000");
    expect(en).not.toContain("SHU tahun berjalan");
    expect(en).not.toContain(UNCLOSED_RESULT);
    expect(rowOf(en, "3101 Simpanan Pokok")).toContain("Rp1.000.000");
  });
});
