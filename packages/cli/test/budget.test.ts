/** `lumbung budget set` and `lumbung report anggaran` as spawned processes, on a PGlite folder. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lumbungIn, okWith, requireBuild } from "./spawn.js";

const dir = mkdtempSync(join(tmpdir(), "lumbung-budget-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lumbung = lumbungIn(dir, "kop", "2026-05-15");
const ok = okWith(lumbung);

describe("lumbung budget and report anggaran", () => {
  it("sets the RAPB, refuses a bad one, and reports the realization beside it", () => {
    requireBuild();
    ok("init", "--name", "Koperasi Uji Anggaran", "--start", "2026-01-01");
    const lines = (list: unknown[]) => ["--lines", JSON.stringify(list)];
    const set = (list: unknown[]) => ["budget", "set", "--year", "2026", "--date", "2026-02-20", "--memo", "RAPB 2026", ...lines(list)];
    const refused = lumbung(...set([{ account: "1101", amount: "1000000" }]));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("Anggaran 2026: anggaran hanya untuk akun pendapatan dan beban (1101 adalah akun aset).");
    ok(
      ...set([
        { account: "4901", amount: "Rp2.000.000" },
        { account: "5302", amount: "1200000" },
      ]),
    );
    ok(
      "journal",
      "post",
      "--date",
      "2026-03-10",
      "--memo",
      "sewa aula",
      ...lines([
        { account: "1101", debit: "500000" },
        { account: "4901", credit: "500000" },
      ]),
    );
    ok(
      "journal",
      "post",
      "--date",
      "2026-03-25",
      "--memo",
      "listrik",
      ...lines([
        { account: "5302", debit: "150000" },
        { account: "1101", credit: "150000" },
      ]),
    );
    const csv = ok("report", "anggaran", "--year", "2026", "--csv").out.trim().split("\n");
    expect(csv).toEqual([
      "account,name,kind,unit,budgeted,budget,actual,difference,realized_permille",
      "4901,Pendapatan Lain-lain,pendapatan,USP,ya,2000000,500000,-1500000,250",
      "5302,Beban Listrik dan Air,beban,USP,ya,1200000,150000,-1050000,125",
    ]);
    const page = ok("report", "anggaran", "--year", "2026").out;
    expect(page).toContain("Anggaran (RAPB) dan realisasinya 2026");
    expect(page).toMatch(/Selisih hasil usaha\s+Rp800\.000\s+Rp350\.000\s+-Rp450\.000/);
    expect(JSON.parse(ok("report", "anggaran", "--year", "2026", "--json").out).totals.surplus).toEqual({
      budgetMinor: "800000",
      actualMinor: "350000",
    });
    expect(ok("report", "anggaran", "--year", "2026", "--unit", "TOKO").out).not.toContain("4901");
    // So far in the year: before the electricity bill of 25 March.
    const early = ok("report", "anggaran", "--as-of", "2026-03-20", "--csv").out.trim().split("\n");
    expect(early.slice(1)).toEqual([
      "4901,Pendapatan Lain-lain,pendapatan,USP,ya,2000000,500000,-1500000,250",
      "5302,Beban Listrik dan Air,beban,USP,ya,1200000,0,-1200000,0",
    ]);
    expect(ok("report", "anggaran", "--as-of", "2026-03-20").out).toContain(
      "Anggaran (RAPB) dan realisasinya 2026, realisasi s.d. 2026-03-20",
    );
  });
});
