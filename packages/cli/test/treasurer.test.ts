/** The treasurer's commands as spawned processes: a small book year from init to the RAT, and bad input. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, requireBuild } from "./spawn.js";

const dir = mkdtempSync(join(tmpdir(), "lumbung-treasurer-"));
// The books, logs and packs the tests write (PGlite folders of about 500 MB in all) go when they are done.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const folder = join(dir, "kop");
/** Runs `lumbung` on the book in `where`, with the clock at `today`. */
const runIn =
  (where: string, today: string) =>
  (...args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args, "--folder", where], {
      encoding: "utf8",
      env: { ...process.env, LUMBUNG_TODAY: today, DATABASE_URL: "" },
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
/** Runs `lumbung` on the test book with the clock at the RAT's season. */
const lumbung = runIn(folder, "2027-01-20");
const ok = (...args: string[]) => {
  const r = lumbung(...args);
  expect(r.code, `${args.join(" ")}: ${r.err}`).toBe(0);
  return r;
};
const book = ["--book", "kop"];

beforeAll(() => {
  requireBuild();
  ok("init", ...book, "--name", "Koperasi Uji Jatisampurna", "--start", "2026-01-01");
  ok(
    "members",
    "add",
    ...book,
    "--member",
    "A001",
    "--date",
    "2026-01-02",
    "--nik",
    "3275014112990004",
    "--name",
    "Siti Rahayu",
    "--address",
    "Jl. Raya 1",
  );
  ok(
    "members",
    "add",
    ...book,
    "--member",
    "A002",
    "--date",
    "2026-01-02",
    "--nik",
    "3275011203900001",
    "--name",
    "Budi Santoso",
    "--address",
    "Jl. Raya 2",
  );
  ok("savings", "wajib", ...book, "--member", "A001", "--date", "2026-01-03", "--amount", "900000");
  ok("savings", "wajib", ...book, "--member", "A002", "--date", "2026-01-03", "--amount", "300000");
  ok("savings", "deposit", ...book, "--member", "A002", "--date", "2026-01-04", "--amount", "Rp250.000");
  ok(
    "journal",
    "post",
    ...book,
    "--date",
    "2026-01-04",
    "--memo",
    "Hibah modal toko",
    "--lines",
    JSON.stringify([
      { account: "1101", debit: "15000000", unit: "TOKO" },
      { account: "3301", credit: "15000000", unit: "TOKO" },
    ]),
  );
  ok(
    "items",
    "add",
    ...book,
    "--code",
    "BERAS",
    "--name",
    "Beras medium",
    "--unit",
    "kg",
    "--quantity-scale",
    "0",
    "--price",
    "14000",
    "--member-price",
    "13500",
  );
  ok("items", "supplier", ...book, "--code", "BULOG", "--name", "Bulog Bekasi");
  ok(
    "purchases",
    "add",
    ...book,
    "--purchase-id",
    "B-1",
    "--supplier",
    "BULOG",
    "--date",
    "2026-01-05",
    "--payment",
    "cash",
    "--lines",
    JSON.stringify([{ item: "BERAS", quantity: "1000", cost: "12000000" }]),
  );
  ok(
    "sales",
    "add",
    ...book,
    "--sale-id",
    "S-1",
    "--date",
    "2026-02-10",
    "--member",
    "A001",
    "--payment",
    "cash",
    "--lines",
    JSON.stringify([{ item: "BERAS", quantity: "300" }]),
  );
  ok(
    "sales",
    "add",
    ...book,
    "--sale-id",
    "S-2",
    "--date",
    "2026-03-10",
    "--member",
    "A002",
    "--payment",
    "cash",
    "--lines",
    JSON.stringify([{ item: "BERAS", quantity: "100" }]),
  );
  ok(
    "sales",
    "add",
    ...book,
    "--sale-id",
    "S-3",
    "--date",
    "2026-04-10",
    "--payment",
    "cash",
    "--lines",
    JSON.stringify([{ item: "BERAS", quantity: "200" }]),
  );
  ok("shu", "policy", ...book, "--date", "2026-01-01", "--income-tax", JSON.stringify({ basis: "turnover", percent: "0.5" }));
  for (let m = 1; m <= 12; m++) ok("close", "month", ...book, "--month", `2026-${String(m).padStart(2, "0")}`);
  ok("shu", "distribute", ...book, "--year", "2026", "--date", "2027-01-15");
}, 120_000);

describe("the treasurer's year through the lumbung command", () => {
  it("says where the book stands in its closing: months closed, months waiting, each year closed and its RAT held", () => {
    const status = JSON.parse(ok("report", "status", ...book, "--json").out);
    expect(status).toMatchObject({
      bookId: "kop",
      today: "2027-01-20",
      closedThrough: "2026-12",
      nextMonth: "2027-01",
      monthsToClose: [],
      openingDifferenceMinor: "0",
      years: [
        { year: "2026", closed: true, shuDistributed: true, ratDueBy: "2027-06-30", ratOverdue: false },
        { year: "2027", closed: false, shuDistributed: false, ratDueBy: "2028-06-30", ratOverdue: false },
      ],
    });
    const later = runIn(folder, "2027-04-02")("report", "status", ...book, "--lang", "en");
    expect(later.code, later.err).toBe(0);
    expect(later.out).toContain("Months closed through 2026-12\n");
    expect(later.out).toContain("Ended and not closed: 2027-01, 2027-02, 2027-03 (in order: lumbung close month --month 2027-01)");
    expect(later.out).toMatch(/^2026 +yes +yes +2027-06-30 *$/m);
  });

  it("closes the year and distributes the SHU: the reports agree with each other and add up", () => {
    const position = JSON.parse(ok("report", "posisi", ...book, "--year", "2026", "--json").out);
    expect(position.totalAset.currentMinor).toBe(
      String(BigInt(position.totalKewajiban.currentMinor) + BigInt(position.totalEkuitas.currentMinor)),
    );
    const result = JSON.parse(ok("report", "hasil-usaha", ...book, "--year", "2026", "--json").out);
    // Sales 5.400.000 to members and 2.800.000 to others at 12.000 a kg; tax 0,5% of 8.200.000.
    expect(result.totalPendapatan.currentMinor).toBe("8200000");
    expect(result.pajakPenghasilan.currentMinor).toBe("41000");
    const table = ok("report", "shu", ...book, "--year", "2026", "--csv")
      .out.trim()
      .split("\n");
    expect(table[0]).toBe("member,name,capital_basis,jasa_modal,jasa_usaha,total,withheld,net");
    expect(table.slice(1).map((r) => r.split(",")[1])).toEqual(["Siti Rahayu", "Budi Santoso"]);
    expect(table.slice(1).map((r) => r.split(",")[0])).toEqual(["A001", "A002"]);
    const slip = ok("report", "slip", ...book, "--year", "2026", "--member", "A001").out;
    expect(slip).toContain("Slip SHU 2026: anggota A001 Siti Rahayu");
    const tb = ok("report", "trial-balance", ...book, "--as-of", "2026-12-31", "--csv")
      .out.trim()
      .split("\n");
    const debit = tb.slice(1).reduce((s, r) => s + BigInt(r.split(",")[3] as string), 0n);
    const credit = tb.slice(1).reduce((s, r) => s + BigInt(r.split(",")[4] as string), 0n);
    expect(debit).toBe(credit);
    expect(ok("report", "kesehatan", ...book, "--year", "2026").out).toContain("Indikator kesehatan 2026");
    expect(
      ok("report", "persediaan", ...book, "--as-of", "2026-12-31", "--csv")
        .out.trim()
        .split("\n"),
    ).toEqual(["item,quantity_units,value", "BERAS,400,4800000"]);
    expect(ok("report", "laba-kotor", ...book, "--year", "2026").out).toContain("Laba kotor toko 2026-01-01 – 2026-12-31");
    expect(ok("report", "belanja-anggota", ...book, "--year", "2026").out).toMatch(/A001\s+1\s+Rp4\.050\.000/);
    expect(ok("report", "umur-piutang", ...book, "--as-of", "2026-12-31").code).toBe(0);
    expect(ok("report", "portofolio", ...book, "--as-of", "2026-12-31").code).toBe(0);
    const members = ok("report", "anggota", ...book, "--csv")
      .out.trim()
      .split("\n");
    expect(members).toEqual([
      "member,name,address,status,joined_on,exited_on,pokok,wajib,sukarela,berjangka",
      "A001,Siti Rahayu,Jl. Raya 1,active,2026-01-02,,100000,900000,0,0",
      "A002,Budi Santoso,Jl. Raya 2,active,2026-01-02,,100000,300000,250000,0",
    ]);
    expect(ok("report", "arus-kas", ...book, "--year", "2026").out).toContain("Kas akhir tahun");
    // A member paid in cash, once; the second time there is nothing owed.
    expect(ok("shu", "pay", ...book, "--member", "A001", "--date", "2027-01-16").out).toMatch(/ShuPaid/);
    const again = lumbung("shu", "pay", ...book, "--member", "A001", "--date", "2027-01-16");
    expect(again.code).toBe(1);
    expect(again.err).toContain("tidak ada SHU terutang kepada anggota ini");
    expect(ok("verify", ...book).out).toMatch(/verify: OK/);
  });

  it("refuses bad input with a reason a treasurer understands, in Indonesian or English, and the right exit code", () => {
    const insufficient = lumbung("savings", "withdraw", ...book, "--member", "A002", "--date", "2027-01-16", "--amount", "9000000");
    expect(insufficient.code).toBe(1);
    expect(insufficient.err).toContain("tidak cukup");
    const english = lumbung(
      "savings",
      "withdraw",
      ...book,
      "--member",
      "A002",
      "--date",
      "2027-01-16",
      "--amount",
      "9000000",
      "--lang",
      "en",
    );
    expect(english.err).toContain("cannot cover");
    const closed = lumbung("savings", "deposit", ...book, "--member", "A002", "--date", "2026-06-01", "--amount", "1000", "--json");
    expect(closed.code).toBe(1);
    expect(JSON.parse(closed.out)).toMatchObject({ ok: false, error: "PeriodClosed" });
    // The sukarela's rate changes from an open month, never from a closed one, and stays below 100%.
    const rate = (fromMonth: string, perYear: string) =>
      lumbung("savings", "sukarela-rate", ...book, "--date", "2027-01-16", "--from-month", fromMonth, "--rate-per-year", perYear);
    expect(rate("2026-12", "0.03")).toMatchObject({ code: 1, err: expect.stringContaining("ditutup") });
    expect(rate("2027-02", "1.2")).toMatchObject({ code: 1, err: expect.stringContaining("harus pecahan di bawah 1") });
    expect(rate("2027-02", "3%")).toMatchObject({ code: 1, err: expect.stringContaining("--rate-per-year") });
    expect(rate("2027-02", "0.03")).toMatchObject({ code: 0, out: expect.stringContaining("SukarelaRateChanged") });
    // Tiers (bunga berjenjang) as JSON: each above the one before, or refused naming the tier.
    const tiered = (json: string) =>
      lumbung(
        "savings",
        "sukarela-rate",
        ...book,
        "--date",
        "2027-01-16",
        "--from-month",
        "2027-03",
        "--rate-per-year",
        "0.02",
        "--tiers",
        json,
      );
    expect(tiered('[{"from":"5000000","ratePerYear":"0.035"},{"from":"1000000","ratePerYear":"0.04"}]')).toMatchObject({
      code: 1,
      err: expect.stringContaining("tiers[1].from"),
    });
    expect(tiered('[{"from":"5000000","ratePerYear":"0.035"}]')).toMatchObject({
      code: 0,
      out: expect.stringContaining("SukarelaRateChanged"),
    });
    // An amount in words is named by its flag, as every other bad value is.
    const words = lumbung("savings", "deposit", ...book, "--member", "A002", "--date", "2027-01-16", "--amount", "sepuluh");
    expect(words.code).toBe(1);
    expect(words.err).toContain("ditolak: Jumlah pada --amount (sepuluh) bukan angka yang dikenali");
    // Five thousand typed the Indonesian way without Rp is refused, not booked as five.
    const dotted = lumbung("savings", "deposit", ...book, "--member", "A002", "--date", "2027-01-16", "--amount", "5.000");
    expect(dotted.code).toBe(1);
    expect(dotted.err).toContain(
      "ditolak: Jumlah pada --amount (5.000) ambigu: bisa dibaca 5000 (titik sebagai pemisah ribuan) atau 5 (titik desimal); tulis 5000 atau Rp5.000",
    );
    expect(
      lumbung("savings", "deposit", ...book, "--member", "A002", "--date", "2027-01-16", "--amount", "-5.000", "--lang", "en").err,
    ).toContain(
      "The amount in --amount (-5.000) is ambiguous: it reads as -5000 (the dot grouping thousands) or -5 (a decimal point); write -5000 or -Rp5.000 for the first, -5 for the second",
    );
    expect(lumbung("savings", "deposit", ...book, "--member", "A002", "--amount").code).toBe(2);
    expect(lumbung("savings", "teleport", ...book).code).toBe(2);
    expect(lumbung("report", "laba-rugi", ...book).code).toBe(2);
    const nobook = spawnSync(
      process.execPath,
      [
        bin,
        "savings",
        "deposit",
        "--book",
        "none",
        "--folder",
        join(dir, "none"),
        "--member",
        "A1",
        "--date",
        "2027-01-01",
        "--amount",
        "1",
      ],
      {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: "" },
      },
    );
    expect(nobook.status).toBe(3);
    expect(existsSync(join(dir, "none"))).toBe(false);
    const twice = lumbung("shu", "distribute", ...book, "--year", "2026", "--date", "2027-01-16");
    expect(twice.code).toBe(1);
    expect(twice.err).toContain("SHU tahun ini sudah dibagi");
  });

  it("reaches the rest of the engine (the chart, corrections by reversal, loan approval, identity, limits) and refuses what it cannot do", () => {
    const date = "2027-01-16";
    ok("accounts", "add", ...book, "--code", "5399", "--name", "Beban rupa-rupa", "--kind", "beban");
    const lines = JSON.stringify([
      { account: "5399", debit: "50000" },
      { account: "1101", credit: "50000" },
    ]);
    const posted = JSON.parse(ok("journal", "post", ...book, "--date", date, "--memo", "Fotokopi", "--lines", lines, "--json").out);
    const seq = String(posted.events[0].seq);
    const reversed = JSON.parse(ok("journal", "reverse", ...book, "--seq", seq, "--date", date, "--reason", "salah catat", "--json").out);
    const negated = posted.events[0].postings.map((p: { account: string; amount: string }) => [p.account, String(-BigInt(p.amount))]);
    expect(reversed.events[0].postings.map((p: { account: string; amount: string }) => [p.account, p.amount])).toEqual(negated);
    expect(lumbung("journal", "reverse", ...book, "--seq", seq, "--date", date, "--reason", "lagi").code).toBe(1);

    ok("loans", "product", ...book, "--code", "KA", "--name", "Kredit Anggota", "--method", "flat", "--rate-per-year", "0.12");
    ok(
      "loans",
      "product",
      ...book,
      "--code",
      "KB",
      "--name",
      "Kredit Besar",
      "--method",
      "flat",
      "--rate-per-year",
      "0.12",
      "--requires-approval",
      "ya",
    );
    const loan = [
      "--loan-id",
      "PB-1",
      "--member",
      "A002",
      "--product",
      "KB",
      "--principal",
      "100000",
      "--instalments",
      "10",
      "--date",
      date,
    ];
    ok("loans", "apply", ...book, ...loan);
    const early = lumbung("loans", "disburse", ...book, ...loan);
    expect(early.code).toBe(1);
    expect(early.err).toContain("belum disetujui");
    ok("loans", "approve", ...book, "--loan", "PB-1", "--date", date, "--approved-by", "Ketua", "--note", "rapat pengurus 16 Januari");
    // The event's number, date, type and what it names.
    expect(ok("loans", "disburse", ...book, ...loan).out).toMatch(new RegExp(`^#\\d+ ${date} LoanDisbursed PB-1 A002$`, "m"));

    const identity = ["--nik", "3275014112990012", "--name", "Budi Santoso", "--address", "Jl. Kenari 3"];
    expect(ok("members", "identity", ...book, "--member", "A002", "--date", date, ...identity, "--actor", "Ketua Pengurus").out).toMatch(
      /MemberIdentityChanged/,
    );
    // The actor named on the command line is the one the log records.
    const exported = join(dir, "log");
    ok("export", ...book, "--format", "ndjson", "--out", exported);
    const logLines = readdirSync(exported).flatMap((f) => readFileSync(join(exported, f), "utf8").trim().split("\n"));
    const changed = logLines.map((l) => JSON.parse(l)).filter((e) => e.type === "MemberIdentityChanged");
    expect(changed.map((e) => e.actor)).toEqual(["Ketua Pengurus"]);
    expect(ok("sales", "credit-limit", ...book, "--member", "A002", "--date", date, "--limit", "Rp500.000").out).toMatch(
      /MemberCreditLimitSet/,
    );

    const unknown = lumbung("savings", "deposit", ...book, "--member", "A002", "--date", date, "--amount", "5000", "--bogus", "1");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("savings deposit tidak mengenal --bogus");
    expect(unknown.err).toContain("pemakaian: lumbung savings deposit --book BOOK --member … --date … --amount … [--via …] [--key …]");
    const badDate = lumbung("savings", "deposit", ...book, "--member", "A002", "--date", "2027-02-30", "--amount", "5000");
    expect(badDate.code).toBe(1);
    expect(badDate.err).toContain(
      'ditolak: Perintah tidak sah: --date: harus tanggal TTTT-BB-HH yang ada di kalender (contoh 2026-01-31), bukan "2027-02-30"',
    );
    const missing = lumbung("savings", "deposit", ...book, "--member", "A002", "--date", date, "--lang", "en");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("savings deposit needs --amount");
    expect(ok("loans", "approve", "--help").out).toContain("--loan … --date … --approved-by … --note …");
    const before = lumbung("report", "posisi", ...book, "--year", "2025");
    expect(before.code).toBe(1);
    expect(before.err).toContain("tahun 2025 berakhir sebelum buku dimulai (2026-01-01)");
    const future = lumbung("report", "posisi", ...book, "--year", "2028", "--lang", "en");
    expect(future.code).toBe(1);
    expect(future.err).toContain("the year 2028 has not begun (today is 2027-01-20)");
    const unit = lumbung("report", "posisi", ...book, "--year", "2026", "--unit", "KANTIN");
    expect(unit.code).toBe(1);
    expect(unit.err).toContain("buku ini tidak punya unit KANTIN (unitnya: USP, TOKO)");
    expect(lumbung("report", "trial-balance", ...book, "--as-of", "2026-02-30").code).toBe(2);
    // Without --year: the last year ended, 2026 on 2027-01-20.
    expect(ok("report", "posisi", ...book).out).toContain("2026-12-31");
    expect(ok("verify", ...book).out).toMatch(/verify: OK/);
  });

  it("prints the books a treasurer and an auditor look up: a member's savings, an account, an item, a loan, wajib arrears", () => {
    const json = (...args: string[]) => JSON.parse(ok("report", ...args, ...book, "--json").out);
    // A member's savings book to the end of 2026 sums to what the member held then.
    const statement = json("mutasi", "--member", "A002", "--year", "2026");
    expect(statement.memberNo).toBe("A002");
    expect(statement.totalMinor).toBe(String(100000 + 300000 + 250000));
    // Buku besar: the cash account's closing balance is its line in the trial balance.
    const ledger = json("buku-besar", "--account", "1101", "--year", "2026");
    const tb = ok("report", "trial-balance", ...book, "--as-of", "2026-12-31", "--csv")
      .out.trim()
      .split("\n");
    const cash = (tb.find((r) => r.startsWith("1101,")) as string).split(",");
    expect(BigInt(ledger.closingMinor)).toBe(BigInt(cash[3] as string) - BigInt(cash[4] as string));
    expect(ledger.lines.length).toBeGreaterThan(5);
    // Jurnal umum: the year's debits equal its credits, and the CSV's lines add up to them.
    const year = json("jurnal", "--year", "2026");
    expect(year.totalDebitMinor).toBe(year.totalCreditMinor);
    expect(year.entries.length).toBeGreaterThan(5);
    const journalCsv = ok("report", "jurnal", ...book, "--year", "2026", "--csv")
      .out.trim()
      .split("\n");
    expect(journalCsv[0]).toBe("seq,date,description,account,sub,unit,debit,credit");
    expect(new Set(journalCsv.slice(1).map((row) => row.split(",")[0])).size).toBe(year.entries.length);
    const csvDebit = journalCsv.slice(1).reduce((sum, row) => sum + BigInt(row.split(",").at(-2) as string), 0n);
    expect(csvDebit).toBe(BigInt(year.totalDebitMinor));
    // Kartu stok: the item's closing value is the stock report's.
    const card = json("kartu-stok", "--item", "BERAS", "--year", "2026");
    expect(card.closing).toEqual({ quantityUnits: "400", valueMinor: "4800000" });
    expect(ok("report", "kartu-stok", ...book, "--item", "BERAS", "--year", "2026").out).toContain("Kartu stok BERAS");
    // Kartu pinjaman: the schedule comes to the principal lent.
    const loan = json("kartu-pinjaman", "--loan", "PB-1", "--as-of", "2027-01-20");
    expect(loan.memberNo).toBe("A002");
    expect(loan.schedule).toHaveLength(10);
    expect(loan.schedule.reduce((sum: bigint, l: { plannedPrincipalMinor: string }) => sum + BigInt(l.plannedPrincipalMinor), 0n)).toBe(
      100000n,
    );
    expect(loan.movements.map((m: { type: string }) => m.type)).toEqual(["LoanDisbursed"]);
    expect(ok("report", "tunggakan-wajib", ...book, "--as-of", "2026-12-31", "--csv").out).toContain("member,name,months,due,paid,arrears");
    // What it cannot print, it says.
    expect(lumbung("report", "buku-besar", ...book, "--year", "2026").err).toContain("report buku-besar memerlukan --account");
    const noAccount = lumbung("report", "buku-besar", ...book, "--account", "9999");
    expect(noAccount.code).toBe(1);
    expect(noAccount.err).toContain("buku ini tidak punya akun 9999");
    const backwards = lumbung(
      "report",
      "mutasi",
      ...book,
      "--member",
      "A002",
      "--from",
      "2026-06-01",
      "--to",
      "2026-01-01",
      "--lang",
      "en",
    );
    expect(backwards.code).toBe(2);
    expect(backwards.err).toContain("--from 2026-06-01 is after --to 2026-01-01");
    expect(lumbung("report", "kartu-pinjaman", ...book, "--loan", "PX-9").code).toBe(1);
    const noMember = lumbung("report", "slip", ...book, "--year", "2026", "--member", "Z9");
    expect(noMember.code).toBe(1);
    expect(noMember.err).toContain("buku ini tidak punya anggota Z9");
    // The RAT pack goes into a folder made for it; a file in the way is said in one line, not a stack trace.
    const pack = join(dir, "rat", "2026", "bahan-rat.html");
    expect(ok("report", "rat-pack", ...book, "--year", "2026", "--out", pack).out).toContain(pack);
    expect(existsSync(pack)).toBe(true);
    // Its SHU table names each member, as they look for their own line at the meeting.
    expect(readFileSync(pack, "utf8")).toContain("<tr><td>A001 Siti Rahayu</td>");
    const blocked = lumbung("report", "rat-pack", ...book, "--year", "2026", "--out", join(pack, "again.html"));
    expect(blocked.code).toBe(1);
    expect(blocked.err.trim()).toBe(`tidak dapat memakai ${pack}: sudah ada berkas dengan nama itu`);
    // The periodic pack of the first half year: its position is the one `posisi --as-of` gives.
    const half = join(dir, "berkala", "2026-h1.html");
    expect(ok("report", "laporan-berkala", ...book, "--to", "2026-06-30", "--out", half).out).toContain(`laporan berkala: ${half}`);
    const page = readFileSync(half, "utf8");
    expect(page).toContain("Laporan keuangan berkala 2026-01-01 s.d. 2026-06-30");
    const position = JSON.parse(ok("report", "posisi", ...book, "--as-of", "2026-06-30", "--json").out) as {
      totalAset: { currentMinor: string };
    };
    const shownAset = /data-total="aset">([^<]+)</.exec(page)?.[1];
    expect(shownAset?.replace(/Rp|\./g, "")).toBe(position.totalAset.currentMinor);
    expect(lumbung("report", "laporan-berkala", ...book, "--from", "2026-01-01").code).toBe(2);
    // A period that has not ended (today is 2027-01-20 here) is refused, with the way to the period so far.
    const early = lumbung("report", "laporan-berkala", ...book, "--to", "2027-03-31", "--out", join(dir, "berkala", "q1.html"));
    expect(early.code).toBe(1);
    expect(early.err).toContain("periode sampai 2027-03-31 belum berakhir (hari ini 2027-01-20); untuk sampai hari ini: --to 2027-01-20");
    expect(existsSync(join(dir, "berkala", "q1.html"))).toBe(false);
  });
});

describe("lumbung members erase (UU 27/2022)", () => {
  const erasing = join(dir, "kop-hapus");
  const run = runIn(erasing, "2026-03-10");
  const kop = ["--book", "kop-hapus"];

  it("erases a former member's personal data, keeps their number and transactions, and the log still verifies", () => {
    expect(run("init", ...kop, "--name", "Koperasi Hapus", "--start", "2026-01-01").code).toBe(0);
    const person = (no: string, nik: string, name: string) =>
      run("members", "add", ...kop, "--member", no, "--date", "2026-01-02", "--nik", nik, "--name", name, "--address", "Jl. 1");
    expect(person("A001", "3275014112990004", "Siti Rahayu").code).toBe(0);
    expect(person("A002", "3275011203900001", "Budi Santoso").code).toBe(0);
    expect(run("members", "resign", ...kop, "--member", "A002", "--date", "2026-02-01").code).toBe(0);

    const stillMember = run("members", "erase", ...kop, "--member", "A001", "--lang", "en");
    expect(stillMember.code).toBe(1);
    expect(stillMember.err).toContain("A001 is still a member: their personal data is kept while they are one");
    const erased = run("members", "erase", ...kop, "--member", "A002");
    expect(erased.code).toBe(0);
    expect(erased.out).toContain("data pribadi A002 dihapus (NIK, nama, alamat, telepon); nomor anggota dan transaksinya tetap di log");
    const members = run("report", "anggota", ...kop, "--csv")
      .out.trim()
      .split("\n");
    expect(members.slice(1).map((line) => line.split(",").slice(0, 6).join(","))).toEqual([
      "A001,Siti Rahayu,Jl. 1,active,2026-01-02,",
      "A002,(data pribadi dihapus),,exited,2026-01-02,2026-02-01",
    ]);
    expect(JSON.parse(run("members", "erase", ...kop, "--member", "A002", "--json").out)).toEqual({
      ok: true,
      memberNo: "A002",
      erased: true,
      alreadyErased: true,
    });
    expect(JSON.parse(run("verify", ...kop, "--json").out)).toMatchObject({ ok: true });
    // Their NIK is free again: no member of the book holds it now.
    expect(person("A003", "3275011203900001", "Budi Santoso").code).toBe(0);
  });

  it("refuses what it cannot do, and says how it is used", () => {
    expect(run("members", "erase", ...kop, "--member", "Z9").code).toBe(1);
    const missing = run("members", "erase", ...kop, "--json");
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.out)).toMatchObject({ error: "Usage", message: "members erase memerlukan --book, --member" });
    expect(run("members", "erase", "--help").out.trim()).toBe("lumbung members erase --book BOOK --member … [--json]");
    expect(run("members", "--help").out).toContain("lumbung members erase --book BOOK --member … [--json]");
  });
});
