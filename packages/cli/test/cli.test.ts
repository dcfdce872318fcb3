/** The lumbung command as a spawned process, as a treasurer or an auditor runs it. */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BookState,
  createLedger,
  decodeFolded,
  encodeFolded,
  exportJournals,
  fromWireLine,
  journalAccount,
  lastDayOf,
  makeMemoryStore,
  replay,
  trialBalance,
} from "@lumbung/core";
import { inBookTransaction, openPGlite } from "@lumbung/postgres";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, requireBuild } from "./spawn.js";

const lumbung = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const dir = mkdtempSync(join(tmpdir(), "lumbung-cli-"));
// The books, logs and packs the tests write (PGlite folders of about 500 MB in all) go when they are done.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = join(dir, "demo.ndjson");
let firstRun: ReturnType<typeof lumbung>;
const journalDir = join(dir, "jurnal");

beforeAll(() => {
  requireBuild();
  firstRun = lumbung("demo", "--folder", join(dir, "book-1"), "--export-log", log, "--export-journal", journalDir);
});

const headOf = (out: string) => /hash terakhir ([0-9a-f]{64})/.exec(out)?.[1];

describe("lumbung demo", () => {
  it("runs a year on the embedded PGlite store, closes every month, prints the reports and ends with a passing verify", () => {
    expect(firstRun.code).toBe(0);
    expect(firstRun.out).toContain("penyimpanan: PGlite di");
    expect(firstRun.out).toContain("2025-12: ");
    expect(firstRun.out).toContain("Neraca saldo per 2025-12-31");
    // Members by number and name, from their identity records outside the log.
    expect(firstRun.out).toMatch(/Rekening anggota A0001 [A-Z][a-z]+ [A-Z][a-z]+, 2025-01-01/);
    expect(firstRun.out).toContain("Tunggakan simpanan wajib");
    expect(firstRun.out).toMatch(/verify: OK, \d+ peristiwa/);
    expect(firstRun.out).toMatch(/jangkar untuk pemeriksaan kelak \(lumbung verify --anchor\): \d+:[0-9a-f]{64}/);
    // The printable packs: the RAT's, and the first half year's periodic pack.
    const half = join(dir, "book-1-berkala-2025-06.html");
    expect(firstRun.out).toContain(`laporan berkala semester I: ${half}`);
    expect(readFileSync(half, "utf8")).toContain("Laporan keuangan berkala 2025-01-01 s.d. 2025-06-30");
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
    expect(english.out).toContain("Trial balance at 2025-12-31");
    expect(english.out).toMatch(/^store: PGlite in .* s to open\)$/m);
    expect(english.out).toMatch(/^anchor for a later check \(lumbung verify --anchor\): \d+:[0-9a-f]{64}$/m);
    expect(english.out).toMatch(/^done in [0-9.]+ s$/m);
    // Names (members, items, accounts) are the book's own; the words around them are English.
    const indonesian =
      /\b(sudah|belum|tidak|dengan|sebelum|sesudah|melebihi|harus|dibayar|ditutup|berikutnya|paling|yang|atau|untuk|bukan|hanya|masih|tanggal|ada|sisa|bulan|tahun|akun|anggota|lebih|dari|sampai|saldo|jumlah|setahun|per|berkas|periksa|peristiwa|selesai|penyimpanan|jangkar)\b/;
    expect(english.out.split("\n").filter((line) => indonesian.test(line))).toEqual([]);
  });
});

describe("lumbung verify --book (online, against the store's own balances)", () => {
  it("replays the demo's book in its PGlite folder and compares it with the projections", () => {
    const result = lumbung("verify", "--book", "kop-jatisampurna", "--folder", join(dir, "book-1"), "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ ok: true, headHash: headOf(firstRun.out) });
  });

  it("checks with --anchor that the log still holds the event a RAT pack was computed from", () => {
    const pack = readFileSync(join(dir, "book-1-rat-2025.html"), "utf8");
    const anchor = /data-anchor="(\d+:[0-9a-f]{64})"/.exec(pack)?.[1] as string;
    expect(anchor).toBeDefined();
    expect(pack).toContain(`lumbung verify --book kop-jatisampurna --anchor ${anchor}`);
    const [seq, hash] = anchor.split(":") as [string, string];
    expect(hash).toBe(headOf(firstRun.out));
    const book = ["--book", "kop-jatisampurna", "--folder", join(dir, "book-1")];
    const anchored = lumbung("verify", ...book, "--anchor", anchor);
    expect(anchored.code).toBe(0);
    // verify prints its head in the form --anchor takes.
    expect(anchored.out).toContain(`head ${anchor}`);
    // The same on the exported log, offline.
    expect(lumbung("verify", "--file", log, "--anchor", anchor).code).toBe(0);
    // Another hash for that event: the log was rewritten since, even if every later hash was recomputed.
    const other = `${seq}:${hash.replace(/^./, (c) => (c === "0" ? "1" : "0"))}`;
    const rewritten = lumbung("verify", ...book, "--anchor", other, "--json");
    expect(rewritten.code).toBe(1);
    expect(JSON.parse(rewritten.out)).toMatchObject({ ok: false, problem: { seq: Number(seq), kind: "anchor" } });
    // An event the log does not reach yet.
    const beyond = lumbung("verify", "--file", log, "--anchor", `${Number(seq) + 5}:${hash}`);
    expect(beyond.code).toBe(1);
    expect(beyond.out).toContain(`anchor: the log ends at event #${seq}`);
    // Not SEQ:HASH: a usage error, nothing checked.
    const bad = lumbung("verify", ...book, "--anchor", `${seq}:${hash.slice(0, 12)}`);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--anchor harus NOMOR:HASH");
  });

  it("exports the log as it replays it (--export-log): the demo's own export, byte for byte", () => {
    const file = join(dir, "exported", "from-store.ndjson");
    const result = lumbung("verify", "--book", "kop-jatisampurna", "--folder", join(dir, "book-1"), "--export-log", file);
    expect(result.code, result.err).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(log, "utf8"));
    // No book, no file.
    const none = join(dir, "exported", "none.ndjson");
    expect(lumbung("verify", "--book", "kop-x", "--folder", join(dir, "book-1"), "--export-log", none).code).toBe(3);
    expect(existsSync(none)).toBe(false);
  });

  it("names a change made by hand inside the snapshot of the folded parts, says where to look, and passes once the row is gone", async () => {
    const folder = join(dir, "book-snapshot");
    cpSync(join(dir, "book-1"), folder, { recursive: true });
    const book = ["--book", "kop-jatisampurna", "--folder", folder];
    // The demo's own verify opened the book and wrote its snapshot; a loan's status changed inside it.
    const inBook = async <A>(work: Parameters<typeof inBookTransaction<A>>[2]): Promise<A> => {
      const ledger = await openPGlite({ folder });
      try {
        return await inBookTransaction(ledger.db, "kop-jatisampurna", work);
      } finally {
        await ledger.close();
      }
    };
    const statusOf = await inBook(async (trx) => {
      const { rows } = await sql<{ folded: string }>`select folded from lumbung.fold_snapshots`.execute(trx);
      const parts = decodeFolded((rows[0] as { folded: string }).folded);
      const loan = parts.loans.loans.get("PJ-001");
      expect(loan).toBeDefined();
      const was = loan?.status;
      if (loan !== undefined) loan.status = was === "closed" ? "active" : "closed";
      await sql`update lumbung.fold_snapshots set folded = ${encodeFolded(parts)}`.execute(trx);
      return { was, now: loan?.status };
    });
    const failed = lumbung("verify", ...book, "--lang", "en");
    expect(failed.code).toBe(1);
    expect(failed.out).toContain(`projection: loans › loans › PJ-001 › status: store "${statusOf.now}", replay "${statusOf.was}"`);
    expect(failed.out).toContain("opened from the book's snapshot in lumbung.fold_snapshots (docs/audit.md)");
    expect(lumbung("verify", ...book).out).toContain("dibuka dari snapshot buku di lumbung.fold_snapshots");
    await inBook((trx) => sql`delete from lumbung.fold_snapshots`.execute(trx));
    const after = lumbung("verify", ...book);
    expect(after.code, after.out).toBe(0);
    expect(after.out).not.toContain("fold_snapshots");
  });

  it("exits 3 when there is no such book folder, and says so in JSON with --json", () => {
    const missing = lumbung("verify", "--book", "kop-x", "--folder", join(dir, "nope"));
    expect(missing.code).toBe(3);
    expect(missing.err).toContain(`tidak ada buku kop-x: folder ${join(dir, "nope")} tidak ada`);
    const json = lumbung("report", "anggota", "--book", "kop-x", "--folder", join(dir, "nope"), "--json", "--lang", "en");
    expect(json.code).toBe(3);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, error: "NoSuchBook", message: expect.stringContaining("no book kop-x") });
    expect(existsSync(join(dir, "nope"))).toBe(false);
  });
});

describe("lumbung report: interim statements (triwulan, semester)", () => {
  const book = () => ["--book", "kop-jatisampurna", "--folder", join(dir, "book-1")];
  const rowsOf = (out: string) =>
    out
      .trim()
      .split("\n")
      .map((line) => line.split(","));

  it("gives the statement of operations of each quarter, beside the same quarter a year earlier; the four add up to the year", () => {
    const year = lumbung("report", "hasil-usaha", ...book(), "--year", "2025", "--csv");
    expect(year.code).toBe(0);
    const yearly = new Map(
      rowsOf(year.out)
        .slice(1)
        .map((r) => [r[0], BigInt(r[5] as string)]),
    );
    const sums = new Map<string, bigint>();
    for (const [from, to] of [
      ["2025-01-01", "2025-03-31"],
      ["2025-04-01", "2025-06-30"],
      ["2025-07-01", "2025-09-30"],
      ["2025-10-01", "2025-12-31"],
    ] as const) {
      const quarter = lumbung("report", "hasil-usaha", ...book(), "--from", from, "--to", to, "--csv");
      expect(quarter.code).toBe(0);
      const [header, ...rows] = rowsOf(quarter.out);
      expect(header?.slice(5)).toEqual([`${from}/${to}`, `${from.replace("2025", "2024")}/${to.replace("2025", "2024")}`]);
      for (const r of rows) sums.set(r[0] as string, (sums.get(r[0] as string) ?? 0n) + BigInt(r[5] as string));
    }
    expect(sums).toEqual(yearly);
    const text = lumbung("report", "hasil-usaha", ...book(), "--from", "2025-01-01", "--to", "2025-06-30", "--lang", "en");
    expect(text.out).toContain("Statement of operations (SHU) 2025-01-01 – 2025-06-30 (consolidated)");
  });

  it("gives the cash flows of a half year, which chain into the next half and add up to the year", () => {
    const flow = (...period: string[]) => lumbung("report", "arus-kas", ...book(), ...period, "--json");
    const year = JSON.parse(flow("--year", "2025").out);
    const first = JSON.parse(flow("--from", "2025-01-01", "--to", "2025-06-30").out);
    const second = JSON.parse(flow("--from", "2025-07-01", "--to", "2025-12-31").out);
    expect(first).toMatchObject({
      interim: true,
      current: { from: "2025-01-01", to: "2025-06-30" },
      prior: { from: "2024-01-01", to: "2024-06-30" },
    });
    expect(second.current.openingCashMinor).toBe(first.current.closingCashMinor);
    expect(second.current.closingCashMinor).toBe(year.current.closingCashMinor);
    expect(BigInt(first.current.netChangeMinor) + BigInt(second.current.netChangeMinor)).toBe(BigInt(year.current.netChangeMinor));
    const text = lumbung("report", "arus-kas", ...book(), "--from", "2025-01-01", "--to", "2025-06-30");
    expect(text.out).toContain("Laporan arus kas (metode langsung) 2025-01-01 – 2025-06-30");
    expect(text.out).toContain("Kas akhir periode");
    expect(text.out).toContain("Kas akhir 2024-06-30: Rp0");
  });

  it("gives the balance sheet at a quarter's end beside the last year end, and it balances", () => {
    const result = lumbung("report", "posisi", ...book(), "--as-of", "2025-06-30", "--csv");
    expect(result.code).toBe(0);
    const [header, ...rows] = rowsOf(result.out);
    expect(header).toEqual(["section", "code", "name", "2025-06-30", "2024-12-31"]);
    const total = (section: string) => rows.filter((r) => r[0] === section).reduce((a, r) => a + BigInt(r[3] as string), 0n);
    expect(total("aset")).toBeGreaterThan(0n);
    expect(total("aset")).toBe(total("kewajiban") + total("ekuitas"));
    // The year's SHU so far is its own line of equity until the year closes.
    expect(rows.some((r) => r[1] === "SHU-BERJALAN")).toBe(true);
  });

  it("refuses a flag a report does not read (exit 2), and prints each report's flags with --help", () => {
    const refused = lumbung("report", "anggota", ...book(), "--year", "2025", "--lang", "en");
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("report anggota has no flag --year");
    expect(refused.err).toContain("usage: lumbung report anggota --book BOOK [--json | --csv]");
    const help = lumbung("report", "kartu-stok", "--help");
    expect(help.code).toBe(0);
    expect(help.out.trim()).toBe(
      "lumbung report kartu-stok --book BOOK [--year YYYY] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --item … [--json | --csv]",
    );
  });
});

describe("lumbung copy", () => {
  it("copies the demo's book year into a backup folder that verifies with the same head and gives the same statements", () => {
    const backup = join(dir, "backup", "kop");
    const copied = lumbung("copy", "--book", "kop-jatisampurna", "--folder", join(dir, "book-1"), "--to-folder", backup, "--json");
    expect(copied.code).toBe(0);
    const report = JSON.parse(copied.out);
    expect(report).toMatchObject({ ok: true, fromSeq: 0, headHash: headOf(firstRun.out), identitiesCopied: 300, identitiesRedacted: 0 });
    expect(report.eventsCopied).toBe(report.headSeq);
    expect(report.commandsCopied).toBeLessThan(report.eventsCopied);
    expect(JSON.parse(lumbung("verify", "--book", "kop-jatisampurna", "--folder", backup, "--json").out)).toMatchObject({
      ok: true,
      headHash: headOf(firstRun.out),
    });
    const statement = (folder: string) =>
      lumbung("report", "posisi", "--book", "kop-jatisampurna", "--folder", folder, "--year", "2025", "--csv").out;
    expect(statement(backup)).toBe(statement(join(dir, "book-1")));
    expect(statement(backup)).toContain("aset,1101,Kas,");
    const again = lumbung("copy", "--book", "kop-jatisampurna", "--folder", join(dir, "book-1"), "--to-folder", backup, "--lang", "en");
    expect(again.out).toContain(`the copy in ${backup} is up to date at event #${report.headSeq}`);
  });

  it("refuses a command line without exactly one target, a target that is the source, and a book that is not there", () => {
    const source = ["--book", "kop-jatisampurna", "--folder", join(dir, "book-1")];
    const neither = lumbung("copy", ...source, "--json", "--lang", "en");
    expect(neither.code).toBe(2);
    expect(JSON.parse(neither.out)).toMatchObject({ error: "Usage", message: "copy needs exactly one of --to-folder, --to-database-url" });
    expect(lumbung("copy", ...source, "--to-folder", join(dir, "x"), "--to-database-url", "postgres://h/db").code).toBe(2);
    const same = lumbung("copy", ...source, "--to-folder", `${join(dir, "book-1")}/`, "--lang", "en");
    expect(same.code).toBe(2);
    expect(same.err).toContain("the source and the copy are the same store");
    const missing = lumbung("copy", "--book", "kop-lain", "--folder", join(dir, "book-1"), "--to-folder", join(dir, "copy-of-nothing"));
    expect(missing.code).toBe(3);
    expect(missing.err).toContain("tidak ada buku kop-lain");
    // Nothing was made for a copy that could not start.
    expect(existsSync(join(dir, "copy-of-nothing"))).toBe(false);
    const noFolder = lumbung("verify", "--book", "kop-lain", "--folder", join(dir, "book-1"), "--json");
    expect(noFolder.code).toBe(3);
    expect(JSON.parse(noFolder.out)).toMatchObject({ error: "NoSuchBook" });
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

  it("helps: the whole usage, a group's actions with their flags, the reports, any other command's usage (exit 0)", () => {
    const all = lumbung("--help");
    expect(all.code).toBe(0);
    expect(all.out).toContain("lumbung savings wajib|deposit|withdraw|wajib-amount");
    const savings = lumbung("savings", "--help");
    expect(savings.code).toBe(0);
    expect(savings.out.trim().split("\n")).toEqual([
      "lumbung savings wajib --book BOOK --member … --date … --amount … [--via …] [--key …]",
      "lumbung savings deposit --book BOOK --member … --date … --amount … [--via …] [--key …]",
      "lumbung savings withdraw --book BOOK --member … --date … --amount … [--via …] [--key …]",
      "lumbung savings wajib-amount --book BOOK --date … --from-month … --amount … [--key …]",
      "lumbung savings sukarela-rate --book BOOK --date … --from-month … --rate-per-year … [--tiers …] [--key …]",
    ]);
    expect(lumbung("report", "--help").out).toContain("buku-besar");
    // Every other command: its own lines of the usage.
    const copy = lumbung("copy", "--help");
    expect(copy.code).toBe(0);
    expect(copy.out.trim()).toBe(
      "lumbung copy --book BOOK [--folder DIR | --database-url URL] --to-folder DIR | --to-database-url URL [--json]",
    );
    expect(lumbung("verify", "--help").out.trim().split("\n")).toEqual([
      "lumbung verify --file LOG.ndjson [--anchor SEQ:HASH] [--json]",
      "lumbung verify --book BOOK [--folder DIR | --database-url URL] [--anchor SEQ:HASH] [--json] [--export-log FILE]",
    ]);
    expect(lumbung("export", "--help").out).toContain("--format hledger|ledger|ndjson");
  });

  it("exits 2 on bad usage and on a missing file", () => {
    expect(lumbung("verify").code).toBe(2);
    expect(lumbung("verify", "--file", join(dir, "nope.ndjson")).code).toBe(2);
    expect(lumbung("frobnicate").code).toBe(2);
    // Every command refuses a flag it does not know, before anything is opened or written.
    const cases: Array<[string[], string]> = [
      [
        ["init", "--book", "baru", "--folder", join(dir, "baru"), "--name", "X", "--start", "2026-01-01", "--mulai", "2026-01-01"],
        "init tidak mengenal --mulai",
      ],
      [["demo", "--members", "banyak"], "--members harus bilangan bulat 1–10000: banyak"],
      [["demo", "--members", "0"], "--members harus bilangan bulat 1–10000: 0"],
      [["demo", "--seed", "-1"], "--seed harus bilangan bulat 0–999999999: -1"],
      [["export", "--book", "demo", "--format", "hledger", "--out", join(dir, "x"), "--fomat", "ledger"], "export tidak mengenal --fomat"],
      [["verify", "--book", "demo", "--verbose"], "verify tidak mengenal --verbose"],
      [["import", "members", "--book", "demo", "--file", "a.csv", "--dry-run", "--dry-run"], "--dry-run diberikan dua kali"],
      [["migrate", "--lang", "jv"], "--lang adalah id atau en: jv"],
      [["init", "--book", "baru", "--folder", join(dir, "baru"), "--name", "X"], "init memerlukan --start"],
      [
        ["init", "--book", "baru", "--folder", join(dir, "baru"), "--name", "X", "--start", "2026-01-01", "--scale", "3"],
        "--scale 3: pilih 0, 2",
      ],
      [["export", "--book", "demo", "--format", "xml", "--out", join(dir, "x")], "--format xml: pilih hledger, ledger, ndjson"],
      [["import", "--book", "demo", "--file", "a.csv"], "import --book: pilih import members|balances"],
      [["import", "anggota", "--book", "demo", "--file", "a.csv"], "import anggota: pilih import members|balances"],
    ];
    for (const [args, message] of cases) {
      const result = lumbung(...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err, args.join(" ")).toContain(message);
    }
    // With --json, a usage error is an outcome like any other, on standard output.
    const json = lumbung("report", "posisi", "--book", "demo", "--year", "26", "--json", "--lang", "en");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({ ok: false, error: "Usage", message: "--year must be a year YYYY: 26" });
    expect(existsSync(join(dir, "x"))).toBe(false);
    expect(existsSync(join(dir, "baru"))).toBe(false);
  });
});

/** A plain-text accounting tool, which must be installed (CI installs it with apt-get; a missing tool fails, never skips). */
const tool = (name: "hledger" | "ledger", ...args: string[]) => {
  const result = spawnSync(name, args, { encoding: "utf8" });
  if (result.error !== undefined) throw new Error(`${name} is not installed (apt-get install ${name}): ${result.error.message}`);
  return { code: result.status, out: result.stdout, err: result.stderr };
};

/** Per journal account, the balance a tool reports for a file (flat, leaf accounts, in rupiah). */
const toolBalances = (name: "hledger" | "ledger", file: string): Map<string, bigint> => {
  const result =
    name === "hledger"
      ? tool("hledger", "-f", file, "bal", "--flat", "-N", "-O", "csv")
      : tool(
          "ledger",
          "-f",
          file,
          "balance",
          "--flat",
          "--no-total",
          "--balance-format",
          "%(account)\t%(quantity(scrub(display_total)))\n",
        );
  expect(result.code, result.err).toBe(0);
  const balances = new Map<string, bigint>();
  for (const line of result.out.trim().split("\n")) {
    if (name === "hledger") {
      const match = /^"(.*)","(-?[\d.]+),00 IDR"$/.exec(line);
      if (match !== null) balances.set(match[1] as string, BigInt((match[2] as string).replace(/\./g, "")));
    } else {
      const [account, amount] = line.split("\t");
      if (account !== undefined && amount !== undefined) balances.set(account, BigInt(amount));
    }
  }
  return balances;
};

describe("exports for auditors: hledger and Ledger journals of the demo year", () => {
  const files = () =>
    readdirSync(journalDir)
      .filter((f) => f.endsWith(".journal"))
      .sort();

  it("writes one file per month, each passing hledger check -s ordereddates and ledger --pedantic balance", () => {
    expect(firstRun.out).toContain(`jurnal hledger: ${files().length} berkas di ${journalDir}`);
    expect(files()).toContain("kop-jatisampurna-2025-01.journal");
    expect(files()).toContain("kop-jatisampurna-2025-12.journal");
    for (const file of files()) {
      const checked = tool("hledger", "-f", join(journalDir, file), "check", "-s", "ordereddates");
      expect(checked.code, `${file}: ${checked.err}`).toBe(0);
      const pedantic = tool("ledger", "--pedantic", "-f", join(journalDir, file), "balance");
      expect(pedantic.code, `${file}: ${pedantic.err}`).toBe(0);
      expect(pedantic.err).toBe("");
      // One code per entry: no code twice.
      const codes = tool("hledger", "-f", join(journalDir, file), "codes").out.trim().split("\n");
      expect(new Set(codes).size).toBe(codes.length);
    }
  });

  it("reports every account's balance at every month end as the engine does, and the trial balance at the year end", () => {
    const events = readFileSync(log, "utf8").trim().split("\n").map(fromWireLine);
    const state = replay(events) as BookState;
    const balancesAt = (asOf: string) => {
      const engine = new Map<string, bigint>();
      for (const e of events) {
        if (e.date > asOf) continue;
        for (const p of e.postings) {
          const account = journalAccount(state, p.account, p.sub);
          engine.set(account, (engine.get(account) ?? 0n) + p.amount);
        }
      }
      for (const [account, balance] of engine) if (balance === 0n) engine.delete(account);
      return engine;
    };
    for (const file of files()) {
      const month = (/(\d{4}-\d{2})\.journal$/.exec(file) as RegExpExecArray)[1] as string;
      const engine = balancesAt(lastDayOf(month));
      expect(toolBalances("hledger", join(journalDir, file)), file).toEqual(engine);
      expect(toolBalances("ledger", join(journalDir, file)), file).toEqual(engine);
    }
    const yearEnd = "2025-12-31";
    const engine = balancesAt(yearEnd);
    // And per control account, the trial balance itself.
    const tb = trialBalance(state, events, { asOf: yearEnd });
    for (const row of tb.rows) {
      const name = journalAccount(state, row.code);
      const sum = [...engine].filter(([a]) => a === name || a.startsWith(`${name}:`)).reduce((acc, [, v]) => acc + v, 0n);
      expect(sum, row.code).toBe(row.balanceMinor);
    }
  });

  it("writes a book kept in sen with its cents after a comma, which both tools read exactly", async () => {
    const store = makeMemoryStore();
    const ledger = createLedger({ store, clock: { now: () => new Date("2026-03-10T05:00:00Z") } });
    await ledger.execute("sen", [
      { type: "OpenBook", bookId: "sen", name: "Buku dalam sen", startDate: "2026-01-01", scale: 2 },
      {
        type: "RegisterMember",
        memberNo: "A001",
        date: "2026-01-02",
        identity: { nik: "3275014112990004", name: "Siti", address: "Jl. 1" },
      },
      { type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "Rp250.000,55" },
      { type: "WithdrawSukarela", memberNo: "A001", date: "2026-02-03", amount: "Rp1.000,05" },
    ]);
    const state = (await ledger.state("sen")) as BookState;
    const files = exportJournals(state, await ledger.events("sen"), { flavor: "ledger" });
    const last = files[files.length - 1] as (typeof files)[number];
    expect(last.text).toContain("1101 Kas  0,00 IDR = 349000,50 IDR");
    const file = join(dir, last.fileName);
    writeFileSync(file, last.text);
    expect(tool("hledger", "-f", file, "check", "-s", "ordereddates").code).toBe(0);
    expect(tool("ledger", "--pedantic", "-f", file, "balance").code).toBe(0);
    const hledger = tool("hledger", "-f", file, "bal", "--flat", "-N", "-O", "csv").out;
    expect(hledger).toContain('"1101 Kas","349000,50 IDR"');
    expect(hledger).toContain('"2101 Simpanan Sukarela:A001","-249000,50 IDR"');
  });

  it("catches a balanced tamper (both sides of one entry changed by the same amount) with its balance assertions", () => {
    const original = join(journalDir, "kop-jatisampurna-2025-06.journal");
    const lines = readFileSync(original, "utf8").split("\n");
    // The first entry with exactly two postings: raise both sides by 1.000.
    const start = lines.findIndex((l, i) => /^\d{4}-\d{2}-\d{2} \(\d+\)/.test(l) && lines[i + 3] === "");
    expect(start).toBeGreaterThan(0);
    const bump = (line: string) => line.replace(/ (-?\d+) IDR/, (_m, n: string) => ` ${BigInt(n) + (BigInt(n) < 0n ? -1000n : 1000n)} IDR`);
    lines[start + 1] = bump(lines[start + 1] as string);
    lines[start + 2] = bump(lines[start + 2] as string);
    const tampered = join(dir, "tampered-2025-06.journal");
    writeFileSync(tampered, lines.join("\n"));
    // Still balanced, so only the assertions can see it.
    const hledger = tool("hledger", "-f", tampered, "check", "-s", "ordereddates");
    expect(hledger.code).not.toBe(0);
    expect(hledger.err).toMatch(/balance assertion/i);
    const ledger = tool("ledger", "--pedantic", "-f", tampered, "balance");
    expect(ledger.code).not.toBe(0);
    expect(ledger.err).toMatch(/Balance assertion/i);
  });
});

describe("lumbung export", () => {
  it("exports a book from its PGlite folder as hledger and Ledger journals and as the log, and refuses bad usage", () => {
    const out = join(dir, "export");
    const hledger = lumbung(
      "export",
      "--book",
      "kop-jatisampurna",
      "--folder",
      join(dir, "book-1"),
      "--format",
      "hledger",
      "--out",
      out,
      "--json",
    );
    expect(hledger.code, hledger.err).toBe(0);
    const written = JSON.parse(hledger.out) as { files: string[] };
    expect(written.files.map((f) => f.split("/").pop())).toEqual(files());
    // The same bytes as the demo's own export.
    for (const f of written.files)
      expect(readFileSync(f, "utf8")).toBe(readFileSync(join(journalDir, f.split("/").pop() as string), "utf8"));
    const ledger = lumbung("export", "--book", "kop-jatisampurna", "--folder", join(dir, "book-1"), "--format", "ledger", "--out", out);
    expect(ledger.code).toBe(0);
    expect(tool("ledger", "--pedantic", "-f", join(out, "kop-jatisampurna-2025-03.ledger"), "balance").code).toBe(0);
    const ndjson = lumbung("export", "--book", "kop-jatisampurna", "--folder", join(dir, "book-1"), "--format", "ndjson", "--out", out);
    expect(ndjson.code).toBe(0);
    expect(lumbung("verify", "--file", join(out, "kop-jatisampurna.ndjson")).code).toBe(0);
    expect(lumbung("export", "--book", "kop-jatisampurna", "--folder", join(dir, "book-1"), "--format", "xlsx", "--out", out).code).toBe(2);
    const missing = lumbung("export", "--book", "kop-none", "--folder", join(dir, "book-1"), "--format", "hledger", "--out", out);
    expect(missing.code).toBe(3);
    expect(missing.err).toContain("tidak ada buku kop-none");
  });
  const files = () =>
    readdirSync(journalDir)
      .filter((f) => f.endsWith(".journal"))
      .sort();
});
