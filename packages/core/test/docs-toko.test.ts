import { describe, expect, it } from "vitest";
import { main } from "../../../docs/examples/toko.js";

describe("docs/examples/toko.ts", () => {
  it("runs as the retail guide says", async () => {
    const lines: string[] = [];
    const result = await main((line) => lines.push(line));
    // 5 kg at the member price of 13.500.
    expect(lines).toContain("penjualan anggota: Rp67.500");
    expect(lines.some((l) => l.startsWith("ditolak (RetailRejected)"))).toBe(true);
    // 120,5 + 100 − 5 − 50 + 1 kg; value 2.696.000 less the moving-average cost of both sales (61.134 and
    // 611.338), plus the returned kilogram's share of S-1's cost (61.134 / 5 = 12.226,8, half up 12.227).
    expect(result.stock).toEqual({ quantityUnits: 166_500n, valueMinor: 2_035_755n });
    // The state keeps S-1 as the number of the event that recorded it.
    expect(result.saleSeq).toBe(result.memberSaleSeq);
    expect(lines).toContain(`struk S-1: transaksi #${result.memberSaleSeq}; diretur 1 kg, Rp13.500`);
    // 50 kg × 14.000 − 20.000 discount − 400.000 paid.
    expect(result.receivable).toBe(280_000n);
    expect(result.payable).toBe(1_250_000n);
    expect(lines).toContain("stok beras: 166,500 kg senilai Rp2.035.755");
  });
});
