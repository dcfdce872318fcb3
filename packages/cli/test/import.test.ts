/**
 * `lumbung import`: members, opening balances and savings from CSV and XLSX, every bad row named, all or
 * nothing; savings already in the book are not written again.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withIndonesianAmounts } from "../src/import.js";
import { bin, lumbungIn } from "./spawn.js";

const dir = mkdtempSync(join(tmpdir(), "lumbung-import-"));
// The books, logs and packs the tests write (PGlite folders of about 500 MB in all) go when they are done.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const folder = join(dir, "kop");
const lumbung = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args, "--book", "kop", "--folder", folder], {
    encoding: "utf8",
    env: { ...process.env, LUMBUNG_TODAY: "2026-01-20", DATABASE_URL: "" },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const trialBalance = () => lumbung("report", "trial-balance", "--as-of", "2026-01-31", "--csv").out;

/** `lumbung` on the book "kop" in a folder of its own, with the clock at `today`. */
const runOn =
  (folderName: string) =>
  (today: string, ...args: string[]) =>
    lumbungIn(dir, folderName, today)(...args);

/** Checks a good file with --dry-run, which writes nothing, then imports it; returns the trial balance after. */
const dryRunThenImport = (kind: string, file: string, rows: number) => {
  const before = trialBalance();
  const dry = lumbung("import", kind, "--file", file, "--dry-run");
  expect(dry.code, dry.err).toBe(0);
  expect(dry.out).toContain(`${rows} baris sah; tidak ada yang ditulis (--dry-run).`);
  expect(trialBalance()).toBe(before);
  const real = lumbung("import", kind, "--file", file);
  expect(real.code, real.err).toBe(0);
  expect(real.out).toContain(`${rows} baris diimpor.`);
  return trialBalance();
};

const header = "no_anggota;nik;nama;alamat;tanggal_masuk;pokok;wajib;sukarela";
const good = [
  "A001;3275014112990004;Siti Rahayu;Jl. Raya 1;2024-03-01;100000;Rp1.200.000;250000",
  'A002;3275011203900001;"Budi; Santoso";Jl. Raya 2;2024-05-01;100000;900000;0',
  "A003;3275012001000003;Dewi Lestari;Jl. Raya 3;2025-01-15;100000;300000;50000",
];

beforeAll(() => {
  const init = spawnSync(
    process.execPath,
    [bin, "init", "--book", "kop", "--folder", folder, "--name", "Koperasi Impor", "--start", "2026-01-01"],
    {
      encoding: "utf8",
      env: { ...process.env, LUMBUNG_TODAY: "2026-01-20", DATABASE_URL: "" },
    },
  );
  expect(init.status, init.stderr).toBe(0);
}, 60_000);

describe("lumbung import", () => {
  it("reports every bad row with its line number and reason, and writes nothing", () => {
    const file = join(dir, "anggota-salah.csv");
    writeFileSync(
      file,
      [
        header,
        ...good,
        "A004;1234;Nik Salah;Jl. 4;2025-01-01;100000;0;0",
        "A001;3275010101700005;Nomor Ganda;Jl. 5;2025-01-01;100000;0;0",
        "A006;3275014112990004;NIK Ganda;Jl. 6;2025-01-01;100000;0;0",
        "A007;3275013108880006;Jumlah Salah;Jl. 7;2025-01-01;seratus ribu;0;0",
      ].join("\n"),
    );
    const before = trialBalance();
    const result = lumbung("import", "members", "--file", file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/baris 5: .*NIK/);
    expect(result.err).toMatch(/baris 6: .*A001/);
    expect(result.err).toMatch(/baris 7: .*A001/);
    expect(result.err).toMatch(/baris 8: .*seratus ribu/);
    expect(result.err).toContain("4 dari 7 baris tidak sah; tidak ada yang ditulis.");
    expect(trialBalance()).toBe(before);
    const json = lumbung("import", "members", "--file", file, "--json", "--lang", "en");
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, rows: 7, problems: [{ line: 5 }, { line: 6 }, { line: 7 }, { line: 8 }] });
  });

  it("refuses a NIK or phone that Excel holds as a number, names the column of a bad cell, and reads day-first dates", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Anggota");
    sheet.addRow(["No Anggota", "NIK", "Nama", "Alamat", "Telepon", "Tanggal Masuk", "Pokok", "Wajib", "Sukarela"]);
    sheet.addRow(["B001", 3275010101700005, "Ani", "Jl. Melati 1", "081234567890", "01/03/2024", 100000, 0, 0]);
    sheet.addRow(["B002", "3275013108880006", "Rudi", "Jl. Melati 2", 81234567890, "15-01-2025", 100000, 0, 0]);
    sheet.addRow(["B003", "3275011203900001", "", "Jl. Melati 3", "", "31/02/2024", 100000, 0, 0]);
    const bad = join(dir, "anggota-excel.xlsx");
    await workbook.xlsx.writeFile(bad);
    const before = trialBalance();
    const refused = lumbung("import", "members", "--file", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("baris 2: nik tersimpan sebagai angka di berkas XLSX");
    expect(refused.err).toContain("baris 3: telepon tersimpan sebagai angka di berkas XLSX");
    expect(refused.err).toContain(
      'baris 4: Baris tidak sah: tanggal_masuk: harus tanggal TTTT-BB-HH yang ada di kalender (contoh 2026-01-31), bukan "2024-02-31"; nama: paling sedikit 1 huruf',
    );
    expect(refused.err).toContain("3 dari 3 baris tidak sah; tidak ada yang ditulis.");
    expect(trialBalance()).toBe(before);
    // Typed again as text, with the dates as Indonesian Excel writes them (day first).
    sheet.getCell("B2").value = "3275010101700005";
    sheet.getCell("E3").value = "081234567890";
    sheet.spliceRows(4, 1);
    const fixed = join(dir, "anggota-excel-teks.xlsx");
    await workbook.xlsx.writeFile(fixed);
    const dry = lumbung("import", "members", "--file", fixed, "--dry-run");
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain("2 baris sah; tidak ada yang ditulis (--dry-run).");
  });

  it("checks a good file with --dry-run without writing, then imports it in one go", () => {
    const file = join(dir, "anggota.csv");
    writeFileSync(file, `\uFEFF${[header, ...good].join("\r\n")}\r\n`);
    const tb = dryRunThenImport("members", file, 3);
    expect(tb).toContain("3101,Simpanan Pokok,ekuitas,0,300000");
    expect(tb).toContain("3102,Simpanan Wajib,ekuitas,0,2400000");
    expect(tb).toContain("2101,Simpanan Sukarela,kewajiban,0,300000");
    // The same file again: every row is now a member already registered.
    expect(lumbung("import", "members", "--file", file).code).toBe(1);
  });

  it("imports a month's savings (wajib, deposits, withdrawals), refuses bad rows whole, and never writes a row twice", async () => {
    const savingsHeader = "tanggal;no_anggota;jenis;jumlah;via;bukti";
    const rows = [
      "2026-01-10;A001;wajib;50000;;",
      "10/01/2026;A002;wajib;50000;;",
      "2026-01-12;A002;setor;100000;;",
      // The same deposit twice on one day: two rows, and both go in.
      "2026-01-12;A002;setor;100000;;",
      // Against the deposits above it in the file (A002 held no sukarela before).
      "2026-01-15;A002;tarik;150000;;",
      "2026-01-15;A003;setor;25000;1102;BKT-001",
    ];
    const bad = join(dir, "setoran-salah.csv");
    writeFileSync(
      bad,
      [
        savingsHeader,
        ...rows,
        "2026-01-16;A001;pinjam;10000;;",
        "2026-01-16;A009;setor;10000;;",
        "2026-01-16;A003;tarik;80000;;",
        "2026-02-01;A001;setor;10000;;",
        "2026-01-16;A001;setor;lima puluh ribu;;",
        "2026-01-16;A001;setor;10000;;BKT-001",
        "31/01/2026;A 1;setor;10000;;",
        "2026-01-16;A001;constructor;10000;;",
      ].join("\n"),
    );
    const before = trialBalance();
    const refused = lumbung("import", "savings", "--file", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('baris 8: jenis: pilih wajib, setor atau tarik, bukan "pinjam"');
    expect(refused.err).toMatch(/baris 9: .*A009/);
    expect(refused.err).toMatch(/baris 10: .*tidak cukup/);
    expect(refused.err).toMatch(/baris 11: .*2026-02-01/);
    expect(refused.err).toContain("baris 12: Jumlah pada jumlah (lima puluh ribu) bukan angka yang dikenali");
    expect(refused.err).toContain("baris 13: bukti BKT-001 juga dipakai di baris 7");
    // A row that does not decode is named by its columns alone (it has no key to speak of).
    expect(refused.err).toContain("baris 14: Baris tidak sah: no_anggota: harus kode dari huruf, angka, '.', '_' atau '-', tanpa spasi\n");
    expect(refused.err).toContain('baris 15: jenis: pilih wajib, setor atau tarik, bukan "constructor"');
    expect(refused.err).toContain("8 dari 14 baris tidak sah; tidak ada yang ditulis.");
    expect(trialBalance()).toBe(before);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Setoran Januari");
    sheet.addRow(["Tanggal", "No Anggota", "Jenis", "Jumlah", "Via", "Bukti"]);
    for (const line of rows) sheet.addRow(line.split(";").map((cell, i) => (i === 3 ? Number(cell) : cell)));
    const file = join(dir, "setoran.xlsx");
    await workbook.xlsx.writeFile(file);
    const after = dryRunThenImport("savings", file, 6);
    expect(after).toContain("3102,Simpanan Wajib,ekuitas,0,2500000");
    // 300,000 before; +200,000 and −150,000 for A002; +25,000 for A003 (into the bank, 1102).
    expect(after).toContain("2101,Simpanan Sukarela,kewajiban,0,375000");
    expect(after).toContain("1102,Bank,aset,25000,0");

    // The same file again writes nothing; with one more row, only that row.
    const again = lumbung("import", "savings", "--file", file);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain("Tidak ada yang perlu ditulis. 6 baris sudah tercatat sebelumnya dan tidak ditulis lagi.");
    expect(trialBalance()).toBe(after);
    sheet.addRow(["2026-01-18", "A001", "setor", 40000, "", "BKT-002"]);
    await workbook.xlsx.writeFile(file);
    const more = lumbung("import", "savings", "--file", file, "--json");
    expect(JSON.parse(more.out)).toEqual({ ok: true, rows: 7, written: true, alreadyRecorded: 6 });
    expect(trialBalance()).toContain("2101,Simpanan Sukarela,kewajiban,0,415000");

    // A receipt the book holds for another transaction is refused.
    const clash = join(dir, "setoran-bentrok.csv");
    writeFileSync(clash, [savingsHeader, "2026-01-19;A003;setor;30000;;BKT-001"].join("\n"));
    const refusedClash = lumbung("import", "savings", "--file", clash);
    expect(refusedClash.code).toBe(1);
    expect(refusedClash.err).toMatch(/baris 2: bukti BKT-001 sudah tercatat untuk transaksi lain \(peristiwa #\d+\)/);
  });

  it("imports loan repayments the same way: every bad row named, all or nothing, never a row twice", () => {
    const product = ["--code", "KUM", "--name", "Kredit Usaha Mikro", "--method", "menurun", "--rate-per-year", "0.18", "--term-max", "24"];
    expect(lumbung("loans", "product", ...product).code).toBe(0);
    const loan = ["--loan-id", "PJ-1", "--member", "A001", "--product", "KUM", "--principal", "3000000", "--instalments", "12"];
    expect(lumbung("loans", "disburse", ...loan, "--date", "2026-01-12").code).toBe(0);
    const file = join(dir, "angsuran.csv");
    const repaymentHeader = "tanggal;pinjaman;jumlah;via;bukti";
    const good = "2026-01-19;PJ-1;295000;;ANG-1";
    // Line 5 is how a spreadsheet set to Indonesian writes five thousand as text: never booked as five.
    writeFileSync(
      file,
      [repaymentHeader, good, "2026-01-19;PJ-9;100000;;", "2026-01-19;PJ-1;sejuta;;", "2026-01-19;PJ-1;5.000;;"].join("\n"),
    );
    const before = trialBalance();
    const refused = lumbung("import", "repayments", "--file", file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("baris 3: Pinjaman PJ-9: pinjaman tidak dikenal.");
    expect(refused.err).toContain("baris 4: Jumlah pada jumlah (sejuta) bukan angka yang dikenali");
    expect(refused.err).toContain("baris 5: Jumlah pada jumlah (5.000) ambigu: bisa dibaca 5000 (titik sebagai pemisah ribuan) atau 5");
    expect(refused.err).toContain("Bila titik di berkas ini memisahkan ribuan, impor dengan --numbers id.");
    expect(refused.err).toContain("3 dari 4 baris tidak sah; tidak ada yang ditulis.");
    expect(trialBalance()).toBe(before);
    // A second payment taken from the borrower's sukarela (potong simpanan): via "sukarela"; the file
    // writes its amounts the Indonesian way, and says so with --numbers id (5.000 is five thousand).
    const fromSukarela = "2026-01-20;PJ-1;5.000;Sukarela;ANG-2";
    writeFileSync(file, [repaymentHeader, good, fromSukarela].join("\n"));
    expect(lumbung("import", "repayments", "--file", file, "--numbers", "comma").err).toContain("--numbers comma: pilih id, plain");
    const real = lumbung("import", "repayments", "--file", file, "--numbers", "id");
    expect(real.code, real.err).toBe(0);
    expect(real.out).toContain("2 baris diimpor.");
    const again = lumbung("import", "repayments", "--file", file, "--numbers", "id");
    expect(again.out).toContain("Tidak ada yang perlu ditulis. 2 baris sudah tercatat sebelumnya dan tidak ditulis lagi.");
    // The first instalment paid in full (pokok and jasa), once,
    const card = lumbung("report", "kartu-pinjaman", "--loan", "PJ-1", "--csv").out;
    expect(card).toContain("1,2026-02-12,250000,45000,250000,45000,0,0,paid");
    // and 5.000 of the second's jasa.
    expect(card).toContain("2,2026-03-12,250000,41250,0,5000,0,0,partly paid");
    // The second came out of A001's sukarela, not the till.
    const sukarela = lumbung(
      "report",
      "buku-besar",
      "--account",
      "2101",
      "--member",
      "A001",
      "--from",
      "2026-01-20",
      "--to",
      "2026-01-20",
      "--csv",
    ).out;
    expect(sukarela).toMatch(/LoanRepaid.*,5000,0,/);
  });

  it("reads a file's amounts the Indonesian way with --numbers id: only amount columns, never a cell XLSX holds as a number", () => {
    const row = (cells: Record<string, string>, numeric: string[] = []) => ({ line: 2, cells, numeric: new Set(numeric) });
    const [read] = withIndonesianAmounts([
      row({ jumlah: "5.000", pokok: "1.250.000,50", wajib: "2500,5", sukarela: "-100.000", debit: "750000", kredit: "Rp1.000" }),
    ]);
    expect(read?.cells).toEqual({
      jumlah: "Rp5.000",
      pokok: "Rp1.250.000,50",
      wajib: "Rp2500,5",
      sukarela: "-Rp100.000",
      debit: "750000",
      kredit: "Rp1.000",
    });
    const [other] = withIndonesianAmounts([row({ bunga_setahun: "0,06", tanggal: "01.03.2026", jumlah: "1.125" }, ["jumlah"])]);
    expect(other?.cells).toEqual({ bunga_setahun: "0,06", tanggal: "01.03.2026", jumlah: "1.125" });
    // Not a number at all: left for the book to name.
    expect(withIndonesianAmounts([row({ jumlah: "1.25.000" })])[0]?.cells.jumlah).toBe("1.25.000");
  });

  it("imports the opening balances of the other accounts from XLSX, and the first month then closes", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Saldo awal");
    sheet.addRow(["Akun", "Debit", "Kredit", "Unit"]);
    sheet.addRow(["1101", 3_000_000, "", "USP"]);
    sheet.addRow(["1102", "750000", "", "USP"]);
    sheet.addRow(["1101", 1_500_000, "", "TOKO"]);
    sheet.addRow(["3301", "", 1_500_000, "TOKO"]);
    sheet.addRow(["3301", "", "750000", "USP"]);
    const bad = join(dir, "saldo-salah.xlsx");
    sheet.addRow(["9999", "1000", "", "USP"]);
    await workbook.xlsx.writeFile(bad);
    const refused = lumbung("import", "balances", "--file", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/baris 7: .*9999/);
    sheet.spliceRows(7, 1);
    const file = join(dir, "saldo.xlsx");
    await workbook.xlsx.writeFile(file);
    const result = lumbung("import", "balances", "--file", file);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain("5 baris diimpor.");
    // Members' savings (3.000.000 held in cash by USP), the bank and the grants now balance Penyeimbang Saldo Awal.
    expect(trialBalance()).not.toContain("3901");
    const close = spawnSync(process.execPath, [bin, "close", "month", "--book", "kop", "--folder", folder, "--month", "2026-01"], {
      encoding: "utf8",
      env: { ...process.env, LUMBUNG_TODAY: "2026-02-02", DATABASE_URL: "" },
    });
    expect(close.status, close.stderr).toBe(0);
  });

  it("imports the fixed assets held when the book started, every bad row named, and they are depreciated from January", () => {
    // A book of its own: the main test book's January is closed by the test above.
    const run = runOn("kop-aset");
    expect(run("2026-01-20", "init", "--name", "Koperasi Aset", "--start", "2026-01-01").code).toBe(0);
    const head = "kode;nama;unit;tanggal_perolehan;harga_perolehan;nilai_sisa;akumulasi;sisa_umur_bulan;metode;umur_bulan";
    const rows = [
      "KIOS;Kios toko;TOKO;01/01/2022;Rp24.000.000;0;9600000;72;;",
      "MOTOR;Sepeda motor;TOKO;2024-07-01;18000000;3000000;5625000;30;garis lurus;",
      "LEMARI;Lemari arsip;;2019-03-01;2400000;;2400000;0;;",
      // On the declining balance: half of a 4-year life left, at 50% a year of its book value.
      "PICKUP;Mobil bak;TOKO;2024-01-05;60000000;0;30000000;24;Saldo menurun;48",
    ];
    const bad = join(dir, "aset-salah.csv");
    writeFileSync(
      bad,
      [
        head,
        ...rows,
        "KIOS;Kios lagi;TOKO;2022-01-01;1000000;0;0;12",
        "MEJA;Meja;TOKO;2027-01-01;500000;0;0;12",
        "RAK;Rak;TOKO;2023-01-01;500000;600000;0;12",
        "KURSI;Kursi;TOKO;2023-01-01;lima ratus ribu;0;0;12",
        "FREEZER;Freezer;TOKO;2023-01-01;5000000;0;6000000;12",
        "LAPTOP;Laptop;TOKO;2023-01-01;7000000;0;0;dua belas",
        "PRINTER;Printer;GUDANG;2023-01-01;1500000;0;0;12",
        "GEROBAK;Gerobak;TOKO;2023-01-01;1000000;0;0;12;saldo menurun;",
        "TENDA;Tenda;TOKO;2023-01-01;1000000;0;0;12;menurun;24",
      ].join("\n"),
    );
    const refused = run("2026-01-20", "import", "assets", "--file", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("baris 6: Aset tetap KIOS: kode aset tetap sudah dipakai");
    expect(refused.err).toContain("baris 7: Aset tetap MEJA: tanggal sebelum tanggal perolehan");
    expect(refused.err).toContain("baris 8: Aset tetap RAK: nilai sisa harus kurang dari harga perolehan");
    expect(refused.err).toMatch(/baris 9: Jumlah pada harga_perolehan \(lima ratus ribu\)/);
    expect(refused.err).toContain("baris 10: Aset tetap FREEZER: akumulasi penyusutan melebihi");
    expect(refused.err).toMatch(/baris 11: Baris tidak sah: sisa_umur_bulan/);
    expect(refused.err).toMatch(/baris 12: .*GUDANG/);
    expect(refused.err).toContain("baris 13: Aset tetap GEROBAK: umur manfaat tidak sah (saldo menurun memerlukan umur manfaat");
    expect(refused.err).toMatch(/baris 14: .*metode/);
    expect(refused.err).toContain("9 dari 13 baris tidak sah; tidak ada yang ditulis.");
    expect(run("2026-01-20", "report", "aset", "--csv").out.trim().split("\n")).toHaveLength(1);

    const file = join(dir, "aset.csv");
    writeFileSync(file, [head, ...rows].join("\n"));
    const dry = run("2026-01-20", "import", "assets", "--file", file, "--dry-run");
    expect(dry.out).toContain("4 baris sah; tidak ada yang ditulis (--dry-run).");
    const imported = run("2026-01-20", "import", "assets", "--file", file);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain("4 baris diimpor.");
    // The net book values (14.400.000 + 12.375.000 + 0 + 30.000.000) came from the koperasi's equity: Cadangan.
    const balances = join(dir, "aset-saldo.csv");
    writeFileSync(balances, ["akun;debit;kredit;unit", "3201;;56775000;TOKO"].join("\n"));
    expect(run("2026-01-20", "import", "balances", "--file", balances).code).toBe(0);
    const closed = run("2026-02-02", "close", "month", "--month", "2026-01", "--json");
    expect(closed.code, closed.err).toBe(0);
    const charges = JSON.parse(closed.out)
      .events.filter((e: { type: string }) => e.type === "FixedAssetDepreciated")
      .map((e: { data: { assetId: string; amountMinor: string } }) => [e.data.assetId, e.data.amountMinor]);
    // 14.400.000 ÷ 72 and (18.000.000 − 3.000.000 − 5.625.000) ÷ 30; the cabinet is fully depreciated;
    // the pickup's 30.000.000 × 50% ÷ 12.
    expect(charges).toEqual([
      ["KIOS", "200000"],
      ["MOTOR", "312500"],
      ["PICKUP", "1250000"],
    ]);
    expect(run("2026-02-02", "report", "aset", "--csv").out.trim().split("\n").slice(1)).toEqual([
      "KIOS,Kios toko,TOKO,2022-01-01,24000000,0,9800000,14200000,72,1,200000,,garis-lurus,,0",
      "MOTOR,Sepeda motor,TOKO,2024-07-01,18000000,3000000,5937500,12062500,30,1,312500,,garis-lurus,,0",
      "LEMARI,Lemari arsip,USP,2019-03-01,2400000,0,2400000,0,0,0,0,,garis-lurus,,0",
      "PICKUP,Mobil bak,TOKO,2024-01-05,60000000,0,31250000,28750000,24,1,1250000,,saldo-menurun,48,0",
    ]);
  });

  it("imports the time deposits held when the book started, every bad row named, and pays their jasa from January", () => {
    const run = runOn("kop-berjangka");
    expect(run("2026-01-20", "init", "--name", "Koperasi Berjangka", "--start", "2026-01-01").code).toBe(0);
    const members = join(dir, "anggota-berjangka.csv");
    writeFileSync(
      members,
      [
        "no_anggota;nik;nama;alamat;tanggal_masuk;pokok;wajib;sukarela",
        "B01;3275011203900001;Siti;Jatisampurna;2020-01-02;100000;0;0",
        "B02;3275015507850002;Budi;Jatisampurna;2021-06-01;100000;0;0",
      ].join("\n"),
    );
    expect(run("2026-01-20", "import", "members", "--file", members).code).toBe(0);
    const head = "bilyet;no_anggota;tanggal_penempatan;jumlah;jangka_bulan;bunga_setahun;saat_jatuh_tempo;hitungan_hari";
    const rows = ["BJ-1;B01;15/12/2025;Rp24.000.000;3;6%;;", "BJ-2;B02;2025-11-20;12000000;12;0.065;perpanjang;30/360"];
    const bad = join(dir, "berjangka-salah.csv");
    writeFileSync(
      bad,
      [
        head,
        ...rows,
        "BJ-1;B02;2025-12-01;1000000;3;6%;;",
        "BJ-3;B09;2025-12-01;1000000;3;6%;;",
        "BJ-4;B01;2025-09-01;1000000;3;6%;;",
        "BJ-5;B01;2025-12-01;1000000;tiga;6%;;",
        "BJ-6;B01;2025-12-01;1000000;3;enam persen;;",
        "BJ-7;B01;2025-12-01;1000000;3;6%;nanti;",
        "BJ-8;B01;2026-01-05;1000000;3;6%;;",
      ].join("\n"),
    );
    const refused = run("2026-01-20", "import", "deposits", "--file", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("baris 4: Simpanan berjangka BJ-1: nomor bilyet sudah dipakai");
    expect(refused.err).toMatch(/baris 5: .*B09/);
    expect(refused.err).toContain("baris 6: Simpanan berjangka BJ-4: sudah jatuh tempo sebelum buku dimulai");
    expect(refused.err).toMatch(/baris 7: Baris tidak sah: jangka_bulan/);
    expect(refused.err).toMatch(/baris 8: Baris tidak sah: bunga_setahun/);
    expect(refused.err).toMatch(/baris 9: Baris tidak sah: saat_jatuh_tempo/);
    expect(refused.err).toContain("baris 10: Simpanan berjangka BJ-8: tanggal sebelum awal jangka waktunya");
    expect(refused.err).toContain("7 dari 9 baris tidak sah; tidak ada yang ditulis.");
    expect(run("2026-01-20", "report", "berjangka", "--csv").out.trim().split("\n")).toHaveLength(1);

    const file = join(dir, "berjangka.csv");
    writeFileSync(file, [head, ...rows].join("\n"));
    const imported = run("2026-01-20", "import", "deposits", "--file", file);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain("2 baris diimpor.");
    // The principal came in against the opening balances: the cash that was placed.
    const balances = join(dir, "berjangka-saldo.csv");
    writeFileSync(balances, ["akun;debit;kredit", "1101;36200000;"].join("\n"));
    expect(run("2026-01-20", "import", "balances", "--file", balances).code).toBe(0);
    const closed = run("2026-02-02", "close", "month", "--month", "2026-01", "--json");
    expect(closed.code, closed.err).toBe(0);
    // January pays the periods ending 15 and 20 January, whole: 24.000.000 × 6% ÷ 12 and 12.000.000 × 6,5% ÷ 12.
    const paid = JSON.parse(closed.out)
      .events.filter((e: { type: string }) => e.type === "TimeDepositInterestPosted")
      .map((e: { date: string; data: { depositId: string; grossMinor: string } }) => [e.data.depositId, e.date, e.data.grossMinor]);
    expect(paid).toEqual([
      ["BJ-1", "2026-01-15", "120000"],
      ["BJ-2", "2026-01-20", "65000"],
    ]);
    expect(run("2026-02-02", "report", "berjangka", "--csv").out.trim().split("\n").slice(1)).toEqual([
      // Each with the jasa accrued at January's end: 16 of 31 days of 120.000, 11 of 31 days of 65.000;
      // no rate or length agreed for a rollover, no loan secured.
      "BJ-1,B01,24000000,0.06,3,30/360,2025-12-15,2025-12-15,2026-03-15,sukarela,0,active,,120000,0,61935,,,",
      "BJ-2,B02,12000000,0.065,12,30/360,2025-11-20,2025-11-20,2026-11-20,rollover,0,active,,65000,0,23064,,,",
    ]);
  });

  it("refuses bad usage", () => {
    expect(lumbung("import", "loans", "--file", join(dir, "anggota.csv")).code).toBe(2);
    expect(lumbung("import", "members", "--file", join(dir, "tidak-ada.csv")).code).toBe(2);
  });
});
