/** The lumbung command as a spawned process, as a treasurer or an auditor runs it. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/src/bin.js", import.meta.url));
const lumbung = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const dir = mkdtempSync(join(tmpdir(), "lumbung-cli-"));
const log = join(dir, "demo.ndjson");
let firstRun: ReturnType<typeof lumbung>;

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the packages first (pnpm run build): ${bin} is missing`);
  firstRun = lumbung("demo", "--folder", join(dir, "book-1"), "--export-log", log);
});

const headOf = (out: string) => /hash terakhir ([0-9a-f]{64})/.exec(out)?.[1];

describe("lumbung demo", () => {
  it("runs a year on the embedded PGlite store, closes every month, prints the reports and ends with a passing verify", () => {
    expect(firstRun.code).toBe(0);
    expect(firstRun.out).toContain("penyimpanan: PGlite di");
    expect(firstRun.out).toContain("2025-12: ");
    expect(firstRun.out).toContain("Neraca saldo per 2025-12-31");
    expect(firstRun.out).toContain("Rekening anggota A0001");
    expect(firstRun.out).toContain("Tunggakan simpanan wajib");
    expect(firstRun.out).toMatch(/verify: OK, \d+ peristiwa/);
  });

  it("runs the toko sembako: twenty items, member and non-member sales, the MBG kitchen on credit, stock equal to its control account", () => {
    expect(firstRun.out).toContain("Laba kotor toko 2025-01-01 – 2025-12-31");
    const valuation = firstRun.out.slice(firstRun.out.indexOf("Persediaan per 2025-12-31"));
    const itemRows = valuation.split("\n").slice(3, 23);
    expect(itemRows.filter((row) => /^[A-Z0-9-]+\s/.test(row))).toHaveLength(20);
    expect(valuation).toContain("sama dengan akun kontrol Persediaan");
    const margin = /Anggota\s+(Rp[\d.]+)[\s\S]*?Non-anggota\s+(Rp[\d.]+)\s+(Rp[\d.]+)/.exec(firstRun.out);
    expect(margin?.[1]).not.toBe("Rp0");
    expect(margin?.[2]).not.toBe("Rp0");
    // The kitchen's discounts are non-member discounts.
    expect(margin?.[3]).not.toBe("Rp0");
    expect(firstRun.out).toContain("Umur piutang usaha toko per 2025-12-31");
    expect(firstRun.out).toMatch(/Semua \d+ anggota\s+Rp[\d.]+/);
  });

  it("closes the year, holds the RAT, distributes the SHU and prints the RAT statements that add up", () => {
    const out = firstRun.out;
    expect(out).toMatch(/tahun buku 2025 ditutup: SHU bagian anggota Rp[\d.]+, bagian non-anggota Rp[\d.]+, pajak Rp[\d.]+/);
    expect(out).toContain("RAT 2026-02-20: SHU 2025 dibagi");
    // Laporan posisi keuangan, consolidated: total assets = liabilities + equity.
    const position = out.slice(out.indexOf("Laporan posisi keuangan (gabungan)"));
    const assets = /Jumlah aset\s+(Rp[\d.]+)/.exec(position)?.[1];
    expect(assets).toBeDefined();
    expect(/Kewajiban dan ekuitas\s+(Rp[\d.]+)/.exec(position)?.[1]).toBe(assets);
    for (const title of [
      "Laporan posisi keuangan (unit USP)",
      "Laporan posisi keuangan (unit TOKO)",
      "Laporan hasil usaha 2025 (gabungan)",
      "Laporan perubahan ekuitas 2025 (gabungan)",
      "Laporan arus kas (metode langsung) 2025 (gabungan)",
      "Ringkasan catatan atas laporan keuangan per 2025-12-31",
      "Pinjaman menurut kolektibilitas",
      "Pembagian SHU 2025 kepada anggota (dibagi RAT tanggal 2026-02-20)",
      "Slip SHU 2025: anggota A0001",
    ]) {
      expect(out, title).toContain(title);
    }
    // The cash flow ends at the year's closing cash, which the demo also prints from the ledger.
    const closingCash = /Kas akhir tahun\s+(Rp[\d.]+)/.exec(out)?.[1];
    expect(out).toContain(`Kas akhir tahun: ${closingCash}`);
    // The SHU bagian anggota of the hasil usaha is the one the year close computed.
    const member = /tahun buku 2025 ditutup: SHU bagian anggota (Rp[\d.]+)/.exec(out)?.[1];
    expect(out).toMatch(new RegExp(`SHU bagian anggota\\s+${member?.replace(/\./g, "\\.")}\\s`));
  });

  it("is deterministic: the same seed gives the same head hash", () => {
    const again = lumbung("demo", "--folder", join(dir, "book-2"));
    expect(headOf(again.out)).toBeDefined();
    expect(headOf(again.out)).toBe(headOf(firstRun.out));
    const other = lumbung("demo", "--seed", "7", "--folder", join(dir, "book-3"));
    expect(headOf(other.out)).not.toBe(headOf(firstRun.out));
  });

  it("speaks English on request", () => {
    const english = lumbung("demo", "--lang", "en", "--folder", join(dir, "book-4"));
    expect(english.out).toContain("Trial balance per 2025-12-31");
  });
});

describe("lumbung verify --book (online, against the store's own balances)", () => {
  it("replays the demo's book in its PGlite folder and compares it with the projections", () => {
    const result = lumbung("verify", "--book", "kop-jatisampurna", "--folder", join(dir, "book-1"), "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ ok: true, headHash: headOf(firstRun.out) });
  });

  it("exits 2 when there is no such book folder", () => {
    expect(lumbung("verify", "--book", "kop-x", "--folder", join(dir, "nope")).code).toBe(2);
  });
});

describe("lumbung verify --file", () => {
  it("replays the exported log offline and checks it", () => {
    const result = lumbung("verify", "--file", log, "--json");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.ok).toBe(true);
    expect(report.headHash).toBe(headOf(firstRun.out));
  });

  it("names the event whose amount was changed", () => {
    const lines = readFileSync(log, "utf8").split("\n");
    const index = lines.findIndex((l) => l.includes('"type":"WajibPaid"'));
    const tampered = [...lines];
    tampered[index] = (lines[index] as string)
      .replaceAll('"amount":"25000"', '"amount":"26000"')
      .replaceAll('"amount":"-25000"', '"amount":"-26000"');
    const file = join(dir, "tampered.ndjson");
    writeFileSync(file, tampered.join("\n"));
    const result = lumbung("verify", "--file", file);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`GAGAL pada peristiwa #${index + 1}: hash`);
  });

  it("reports a line that is not an event with its line number", () => {
    const file = join(dir, "broken.ndjson");
    writeFileSync(file, `${readFileSync(log, "utf8").split("\n")[0]}\n{not json\n`);
    const result = lumbung("verify", "--file", file, "--lang", "en");
    expect(result.code).toBe(1);
    expect(result.err).toContain("line 2 is not an event");
  });

  it("exits 2 on bad usage and on a missing file", () => {
    expect(lumbung("verify").code).toBe(2);
    expect(lumbung("verify", "--file", join(dir, "nope.ndjson")).code).toBe(2);
    expect(lumbung("frobnicate").code).toBe(2);
  });
});
