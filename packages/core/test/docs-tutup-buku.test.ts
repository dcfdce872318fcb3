import { describe, expect, it } from "vitest";
import { main } from "../../../docs/examples/tutup-buku.js";

describe("docs/examples/tutup-buku.ts", () => {
  it("runs as docs/closing.md and docs/shu.md say", async () => {
    const lines: string[] = [];
    const { closed, table, slip } = await main((line) => lines.push(line));
    // Sales 5.400.000 to members and 2.800.000 to others at cost 4.800.000 and 2.400.000; the honor
    // (600.000) and the tax (0,5% of 8.200.000 = 41.000) are common, shared 54:28 by income.
    expect(closed).toMatchObject({ memberShuMinor: 177_878n, nonMemberShuMinor: 181_122n, taxMinor: 41_000n });
    expect(lines).toContain("SHU 2026: anggota Rp177.878, non-anggota Rp181.122, pajak Rp41.000");
    expect(lines).toContain("total aset 31-12-2026: Rp16.800.000 = kewajiban Rp41.000 + ekuitas Rp16.759.000");
    expect(lines).toContain("kas awal Rp0, kas akhir Rp12.000.000");
    // Jasa modal 35.576 (20% of 177.878, with a rupiah from the largest remainders) over 1.000.000 and 400.000.
    expect(table.pools.find((p) => p.pool === "jasaModal")?.memberMinor).toBe(35_576n);
    expect(lines).toContain("A001: jasa modal Rp25.411 + jasa usaha Rp33.352 = Rp58.763");
    expect(lines).toContain("A002: jasa modal Rp10.165 + jasa usaha Rp11.117 = Rp21.282");
    expect(slip.netMinor).toBe(58_763n);
    // Kas 12.000.000, Persediaan 4.800.000, HPP 7.200.000, honor 600.000 against pokok 200.000, wajib
    // 1.200.000, the grant 15.000.000 and sales 8.200.000.
    expect(lines).toContain("neraca saldo 2026-06-30: 10 akun, debit Rp24.600.000 = kredit Rp24.600.000");
    // Pokok 100.000 and wajib 900.000, paid on 2 and 3 January.
    expect(lines).toContain("simpanan A001 akhir 2026: Rp1.000.000 dari 2 mutasi");
  });
});
