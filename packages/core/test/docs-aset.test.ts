import { describe, expect, it } from "vitest";
import { main } from "../../../docs/examples/aset-tetap.js";

describe("docs/examples/aset-tetap.ts", () => {
  it("runs as the fixed-asset guide says", async () => {
    const lines: string[] = [];
    const result = await main((line) => lines.push(line));
    // The kiosk: (24.000.000 − 9.600.000) ÷ 72 = 200.000 a month from January. The motorbike, bought
    // on 20 January: (18.000.000 − 3.000.000) ÷ 48 = 312.500 a month from February.
    expect(lines.slice(0, 3)).toEqual([
      "2026-01: KIOS Rp200.000",
      "2026-02: KIOS Rp200.000, MOTOR-1 Rp312.500",
      "2026-03: KIOS Rp200.000, MOTOR-1 Rp312.500",
    ]);
    expect(lines).toContain("KIOS: harga perolehan Rp24.000.000, akumulasi Rp10.200.000, nilai buku Rp13.800.000");
    expect(lines).toContain("MOTOR-1: harga perolehan Rp18.000.000, akumulasi Rp625.000, nilai buku Rp17.375.000");
    expect(lines.some((l) => l.startsWith("ditolak (FixedAssetRejected): Aset tetap FREEZER: nilai sisa"))).toBe(true);
    // 16.000.000 − 17.375.000.
    expect(result.disposal).toMatchObject({ bookValueMinor: 17_375_000n, gainMinor: -1_375_000n });
    expect(lines).toContain("MOTOR-1 dijual: nilai buku Rp17.375.000, laba (rugi) -Rp1.375.000");
    expect(result.register.heldCostMinor).toBe(24_000_000n);
    // The kiosk's book value 13.800.000 down to 10.000.000; then 10.000.000 over 69 months, 144.927,54 half up.
    expect(result.impairment).toMatchObject({ bookValueMinor: 13_800_000n, lossMinor: 3_800_000n, accumulatedMinor: 14_000_000n });
    expect(lines).toContain("KIOS turun nilai: rugi Rp3.800.000, nilai buku Rp10.000.000, penyusutan bulan depan Rp144.928");
    expect(result.register.heldAccumulatedMinor).toBe(14_000_000n);
    // Repaired: back up to 12.000.000 (below the 13.800.000 it would have been), 2.000.000 reversed and
    // 1.800.000 of the loss left; 12.000.000 over the 69 months left, 173.913,04 half up.
    expect(result.reversal).toMatchObject({ bookValueMinor: 10_000_000n, unimpairedMinor: 13_800_000n, reversedMinor: 2_000_000n });
    expect(lines).toContain(
      "KIOS pulih: Rp2.000.000 dipulihkan, nilai buku Rp12.000.000, sisa rugi penurunan nilai Rp1.800.000, penyusutan bulan depan Rp173.913",
    );
    expect(result.after.heldAccumulatedMinor).toBe(12_000_000n);
  });
});
