import { describe, expect, it } from "vitest";
import { main } from "../../../docs/examples/simpanan-berjangka.js";

describe("docs/examples/simpanan-berjangka.ts", () => {
  it("runs as the time-deposit guide says", async () => {
    const lines: string[] = [];
    const register = await main((line) => lines.push(line));
    // 60.000.000 × 6% ÷ 12 = 300.000 a month, withheld 10% (above 240.000); 10.000.000 × 5,5% ÷ 12 =
    // 45.833,33…, down, under the threshold. No period ends in January.
    expect(lines.slice(0, 4)).toEqual([
      "2026-01: -",
      "2026-02: BJ-001 jasa Rp300.000 pajak Rp30.000; BJ-002 jasa Rp45.833 pajak Rp0",
      "2026-03: BJ-001 jasa Rp300.000 pajak Rp30.000; BJ-002 jasa Rp45.833 pajak Rp0",
      "2026-04: BJ-001 jasa Rp300.000 pajak Rp30.000; BJ-002 jasa Rp45.833 pajak Rp0; BJ-001 jatuh tempo Rp60.000.000 ke sukarela",
    ]);
    expect(lines).toContain("BJ-002 dicairkan: pokok Rp10.000.000, penalti Rp100.000");
    expect(
      lines.some((l) => l.startsWith("ditolak (TimeDepositRejected): Simpanan berjangka BJ-002: simpanan berjangka sudah dicairkan")),
    ).toBe(true);
    expect(lines).toContain("BJ-001 A001: matured, jasa Rp900.000, pajak Rp90.000");
    expect(register.heldMinor).toBe(0n);
  });
});
