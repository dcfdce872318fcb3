import { describe, expect, it } from "vitest";
import { main } from "../../../docs/examples/toko.js";

describe("docs/examples/toko.ts", () => {
  it("runs as the retail guide says", async () => {
    const lines: string[] = [];
    const result = await main((line) => lines.push(line));
    // 5 kg at the member price of 13.500.
    expect(lines).toContain("penjualan anggota: Rp67.500");
    expect(lines.some((l) => l.startsWith("ditolak (RetailRejected)"))).toBe(true);
    // 120,5 + 100 − 5 − 50 kg; value 2.696.000 less the moving-average cost of both sales (61.134 and 611.338).
    expect(result.stock).toEqual({ quantityUnits: 165_500n, valueMinor: 2_023_528n });
    // 50 kg × 14.000 − 20.000 discount − 400.000 paid.
    expect(result.receivable).toBe(280_000n);
    expect(result.payable).toBe(1_250_000n);
    expect(lines).toContain("stok beras: 165,500 kg senilai Rp2.023.528");
  });
});
