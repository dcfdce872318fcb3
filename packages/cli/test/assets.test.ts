/** `lumbung assets` and `lumbung report aset` as spawned processes, on a PGlite folder. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lumbungIn, okWith, requireBuild } from "./spawn.js";

const dir = mkdtempSync(join(tmpdir(), "lumbung-assets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** Runs `lumbung` on the book "kop" in a folder of its own, with the clock at 15 April 2026. */
const runIn = (where: string) => lumbungIn(dir, where, "2026-04-15");
const lumbung = runIn("kop");
const ok = okWith(lumbung);
const asset = (code: string) => ["--asset", code, "--name", "Sepeda motor antar", "--unit", "TOKO", "--date", "2026-01-20"];
const motor = asset("MOTOR-1");

beforeAll(() => {
  requireBuild();
  ok("init", "--name", "Koperasi Uji Aset", "--start", "2026-01-01");
});

describe("lumbung assets", () => {
  it("buys an asset, depreciates it at the month's close, lists the register and disposes of it", () => {
    const added = ok(
      "assets",
      "add",
      ...motor,
      "--cost",
      "Rp18.000.000",
      "--residual",
      "3000000",
      "--life",
      "48",
      "--via",
      "1102",
      "--json",
    );
    const event = JSON.parse(added.out).events[0];
    expect(event.type).toBe("FixedAssetAdded");
    expect(event.postings.map((p: { account: string; amount: string }) => [p.account, p.amount])).toEqual([
      ["1501", "18000000"],
      ["1102", "-18000000"],
    ]);
    // The same code again, a life of 0 months, a residual value not below the cost: refused, nothing written.
    const again = lumbung("assets", "add", ...motor, "--cost", "18000000", "--life", "48");
    expect(again.code).toBe(1);
    expect(again.err).toContain("Aset tetap MOTOR-1: kode aset tetap sudah dipakai");
    const noLife = lumbung("assets", "add", ...asset("X"), "--cost", "18000000", "--life", "0");
    expect(noLife.code).toBe(1);
    expect(noLife.err).toContain("--life");
    // Entered by mistake and cancelled the same day: Kas gets its money back, and the code is free again.
    ok("assets", "add", ...asset("LEMARI"), "--cost", "2500000", "--life", "60");
    const cancelled = JSON.parse(ok("assets", "cancel", "--asset", "LEMARI", "--date", "2026-01-20", "--reason", "dobel", "--json").out);
    expect(cancelled.events[0].type).toBe("FixedAssetCancelled");
    const residual = lumbung("assets", "add", ...asset("X"), "--cost", "1000", "--residual", "1000", "--life", "12", "--lang", "en");
    expect(residual.code, residual.err).toBe(1);
    expect(residual.err).toContain("Fixed asset X: the residual value must be less than the cost (residual Rp1.000, cost Rp1.000).");

    ok("close", "month", "--month", "2026-01");
    const february = JSON.parse(ok("close", "month", "--month", "2026-02", "--json").out);
    const depreciated = february.events.filter((e: { type: string }) => e.type === "FixedAssetDepreciated");
    expect(depreciated.map((e: { data: { assetId: string; amountMinor: string } }) => [e.data.assetId, e.data.amountMinor])).toEqual([
      ["MOTOR-1", "312500"],
    ]);

    // Depreciated once, it can no longer be cancelled as a mistake.
    const cancel = lumbung("assets", "cancel", "--asset", "MOTOR-1", "--date", "2026-03-01", "--reason", "salah ketik");
    expect(cancel.code).toBe(1);
    expect(cancel.err).toContain("Aset tetap MOTOR-1: sudah disusutkan, jadi tidak dapat dibatalkan");
    // The motorbike's card: February posted, the other 47 months to come, ending at its residual value.
    const card = ok("report", "kartu-aset", "--asset", "MOTOR-1", "--csv").out.trim().split("\n");
    expect(card).toHaveLength(49);
    expect(card.slice(0, 3)).toEqual([
      "month,charge,accumulated,book_value,posted,kind,date",
      "2026-02,312500,312500,17687500,ya,penyusutan,",
      "2026-03,312500,625000,17375000,tidak,penyusutan,",
    ]);
    expect(card[48]).toBe("2030-01,312500,15000000,3000000,tidak,penyusutan,");
    expect(ok("report", "kartu-aset", "--asset", "MOTOR-1").out).toContain(
      "Aset tetap MOTOR-1 Sepeda motor antar (TOKO), diperoleh 2026-01-20: harga perolehan Rp18.000.000, nilai sisa Rp3.000.000, garis lurus",
    );
    expect(lumbung("report", "kartu-aset", "--asset", "MOTOR-9").code).toBe(1);
    expect(lumbung("report", "kartu-aset").code).toBe(2);
    const csv = ok("report", "aset", "--csv").out.trim().split("\n");
    expect(csv).toEqual([
      "asset,name,unit,acquired_on,cost,residual,accumulated,book_value,months,months_done,next_charge,disposed_on,method,life_months,impaired",
      "MOTOR-1,Sepeda motor antar,TOKO,2026-01-20,18000000,3000000,312500,17687500,48,1,312500,,garis-lurus,,0",
    ]);
    const page = ok("report", "aset").out;
    expect(page).toContain("Rp17.687.500");
    expect(page).toContain("1/48");
    expect(page).toMatch(/Dimiliki\s+Rp18\.000\.000\s+Rp312\.500\s+Rp17\.687\.500/);

    const disposed = JSON.parse(
      ok("assets", "dispose", "--asset", "MOTOR-1", "--date", "2026-03-02", "--proceeds", "17000000", "--json").out,
    );
    expect(disposed.events[0].data).toMatchObject({ bookValueMinor: "17687500", gainMinor: "-687500" });
    const twice = lumbung("assets", "dispose", "--asset", "MOTOR-1", "--date", "2026-03-03");
    expect(twice.code).toBe(1);
    expect(twice.err).toContain("sudah dilepas");
    const register = JSON.parse(ok("report", "aset", "--json").out);
    expect(register.rows[0]).toMatchObject({ assetId: "MOTOR-1", disposedOn: "2026-03-02", nextChargeMinor: "0" });
    expect(register.heldCostMinor).toBe("0");
    // As it stood on a day: before February's charge, and after it but before the sale.
    const at = (day: string) => ok("report", "aset", "--as-of", day, "--csv").out.trim().split("\n")[1];
    expect(at("2026-01-31")).toBe("MOTOR-1,Sepeda motor antar,TOKO,2026-01-20,18000000,3000000,0,18000000,48,0,312500,,garis-lurus,,0");
    expect(at("2026-02-28")).toBe(
      "MOTOR-1,Sepeda motor antar,TOKO,2026-01-20,18000000,3000000,312500,17687500,48,1,312500,,garis-lurus,,0",
    );
    expect(lumbung("report", "aset", "--year", "2026").code).toBe(2);
    expect(ok("verify").out).toContain("OK");
  });

  it("impairs an asset to its recoverable amount: the loss posted, the register and the card show it, the rest re-spread", () => {
    const book = okWith(runIn("kop-impair"));
    book("init", "--name", "Koperasi Uji Penurunan Nilai", "--start", "2026-01-01");
    book(
      "assets",
      "add",
      "--asset",
      "FREEZER",
      "--name",
      "Freezer",
      "--unit",
      "TOKO",
      "--date",
      "2026-01-10",
      "--cost",
      "12000000",
      "--life",
      "24",
    );
    for (const month of ["2026-01", "2026-02", "2026-03"]) book("close", "month", "--month", month);
    // February and March at 500.000: a book value of 11.000.000, down to 6.000.000 after a flood.
    const impair = ["assets", "impair", "--asset", "FREEZER", "--date", "2026-04-10", "--reason", "rusak terkena banjir"];
    const above = runIn("kop-impair")(...impair, "--recoverable", "11000000");
    expect(above.code).toBe(1);
    expect(above.err).toContain(
      "Aset tetap FREEZER: nilai terpulihkan tidak di bawah nilai buku, jadi tidak ada penurunan nilai (nilai terpulihkan Rp11.000.000, nilai buku Rp11.000.000)",
    );
    const income = runIn("kop-impair")(...impair, "--recoverable", "6000000", "--account", "4901", "--lang", "en");
    expect(income.code).toBe(1);
    expect(income.err).toContain("Fixed asset FREEZER: an impairment loss is charged to an expense account");
    expect(runIn("kop-impair")("assets", "impair", "--asset", "FREEZER", "--date", "2026-04-10", "--recoverable", "6000000").code).toBe(2);
    const event = JSON.parse(book(...impair, "--recoverable", "Rp6.000.000", "--json").out).events[0];
    expect(event.type).toBe("FixedAssetImpaired");
    expect(event.data).toMatchObject({ bookValueMinor: "11000000", lossMinor: "5000000", accumulatedMinor: "6000000", account: "5401" });
    expect(event.postings.map((p: { account: string; amount: string }) => [p.account, p.amount])).toEqual([
      ["5401", "5000000"],
      ["1502", "-5000000"],
    ]);
    const card = book("report", "kartu-aset", "--asset", "FREEZER", "--csv").out.trim().split("\n");
    expect(card.slice(2, 5)).toEqual([
      "2026-03,500000,1000000,11000000,ya,penyusutan,",
      "2026-04,5000000,6000000,6000000,ya,penurunan-nilai,2026-04-10",
      // 6.000.000 over the 22 months left: 272.727,27 a month, half up.
      "2026-04,272727,6272727,5727273,tidak,penyusutan,",
    ]);
    expect(book("report", "kartu-aset", "--asset", "FREEZER").out).toContain("rugi penurunan nilai, 2026-04-10");
    const page = book("report", "aset").out;
    expect(page).toContain("Di antaranya penurunan nilai");
    expect(page).toMatch(/Dimiliki\s+Rp12\.000\.000\s+Rp6\.000\.000\s+Rp5\.000\.000\s+Rp6\.000\.000/);
    expect(book("report", "aset", "--csv").out.trim().split("\n")[1]).toBe(
      "FREEZER,Freezer,TOKO,2026-01-10,12000000,0,6000000,6000000,24,2,272727,,garis-lurus,,5000000",
    );
    expect(book("assets", "impair", "--help").out).toContain("--recoverable");
    // Repaired two days later and worth 8.000.000 again (the 11.000.000 it would have been worth with no
    // impairment is the ceiling): 2.000.000 of the loss reversed, to Pendapatan Lain-lain.
    const reverse = ["assets", "reverse-impairment", "--asset", "FREEZER", "--date", "2026-04-12", "--reason", "diperbaiki"];
    const below = runIn("kop-impair")(...reverse, "--recoverable", "5000000");
    expect(below.code).toBe(1);
    expect(below.err).toContain(
      "Aset tetap FREEZER: nilai terpulihkan tidak di atas nilai buku, jadi tidak ada pemulihan (nilai terpulihkan Rp5.000.000, nilai buku Rp6.000.000)",
    );
    const cash = runIn("kop-impair")(...reverse, "--recoverable", "8000000", "--account", "1101", "--lang", "en");
    expect(cash.code).toBe(1);
    expect(cash.err).toContain("Fixed asset FREEZER: a reversal is credited to an income or expense account");
    const reversed = JSON.parse(book(...reverse, "--recoverable", "8000000", "--json").out).events[0];
    expect(reversed.type).toBe("FixedAssetImpairmentReversed");
    expect(reversed.data).toMatchObject({
      unimpairedMinor: "11000000",
      reversedMinor: "2000000",
      accumulatedMinor: "4000000",
      account: "4901",
    });
    expect(reversed.postings.map((p: { account: string; amount: string }) => [p.account, p.amount])).toEqual([
      ["1502", "2000000"],
      ["4901", "-2000000"],
    ]);
    expect(book("report", "kartu-aset", "--asset", "FREEZER", "--csv").out.trim().split("\n").slice(3, 6)).toEqual([
      "2026-04,5000000,6000000,6000000,ya,penurunan-nilai,2026-04-10",
      "2026-04,-2000000,4000000,8000000,ya,pemulihan-nilai,2026-04-12",
      // 8.000.000 over the 22 months left: 363.636,36 a month, half up.
      "2026-04,363636,4363636,7636364,tidak,penyusutan,",
    ]);
    expect(book("report", "kartu-aset", "--asset", "FREEZER").out).toContain("pemulihan rugi penurunan nilai, 2026-04-12");
    expect(book("report", "aset", "--csv").out.trim().split("\n")[1]).toBe(
      "FREEZER,Freezer,TOKO,2026-01-10,12000000,0,4000000,8000000,24,2,363636,,garis-lurus,,3000000",
    );
    expect(book("report", "catatan", "--as-of", "2026-04-15").out).toContain(
      "garis lurus, 24 bulan; termasuk rugi penurunan nilai Rp3.000.000; tahun ini: rugi penurunan nilai Rp5.000.000, pemulihan Rp2.000.000",
    );
    expect(book("assets", "reverse-impairment", "--help").out).toContain("--recoverable");
    expect(book("verify").out).toContain("OK");
  });

  it("brings in an asset held when the book started, balanced by the equity it came from, and charges it from January", () => {
    const book = okWith(runIn("kop-opening"));
    book("init", "--name", "Koperasi Uji Aset Awal", "--start", "2026-01-01");
    const opened = JSON.parse(
      book(
        "assets",
        "opening",
        ...["--asset", "KIOS", "--name", "Kios toko", "--unit", "TOKO", "--date", "2026-01-01", "--acquired", "2022-01-01"],
        ...["--cost", "24000000", "--accumulated", "9600000", "--remaining", "72", "--json"],
      ).out,
    );
    expect(opened.events[0].postings.map((p: { account: string; amount: string }) => [p.account, p.amount])).toEqual([
      ["1501", "24000000"],
      ["1502", "-9600000"],
      ["3901", "-14400000"],
    ]);
    // A count of months that is not a number is the command line's mistake (exit 2), before the book is opened.
    expect(runIn("kop-opening")("assets", "opening", "--asset", "X", "--remaining", "tujuh").code).toBe(2);
    book(
      "journal",
      "opening",
      "--date",
      "2026-01-01",
      "--memo",
      "Cadangan",
      "--lines",
      '[{"account":"3201","credit":"14400000","unit":"TOKO"}]',
    );
    const january = JSON.parse(book("close", "month", "--month", "2026-01", "--json").out);
    const charge = january.events.find((e: { type: string }) => e.type === "FixedAssetDepreciated");
    expect(charge.data).toMatchObject({ assetId: "KIOS", month: "2026-01", amountMinor: "200000", accumulatedMinor: "9800000" });
  });

  it("depreciates on the declining balance: an asset bought (its life sets the rate) and one brought in (its whole life given)", () => {
    const book = okWith(runIn("kop-menurun"));
    book("init", "--name", "Koperasi Uji Saldo Menurun", "--start", "2026-01-01");
    // The opening one needs its whole life for its rate: refused without it, with the reason.
    const opening = [
      ...["assets", "opening", "--asset", "PICKUP", "--name", "Mobil bak", "--date", "2026-01-01", "--acquired", "2024-01-05"],
      ...["--cost", "60000000", "--accumulated", "30000000", "--remaining", "24", "--method", "saldo-menurun"],
    ];
    const noLife = runIn("kop-menurun")(...opening);
    expect(noLife.code).toBe(1);
    expect(noLife.err).toContain("Aset tetap PICKUP: umur manfaat tidak sah (saldo menurun memerlukan umur manfaat");
    book(...opening, "--life", "48");
    book("journal", "opening", "--date", "2026-01-01", "--memo", "Cadangan", "--lines", '[{"account":"3201","credit":"30000000"}]');
    book(
      ...["assets", "add", "--asset", "MOTOR", "--name", "Motor", "--date", "2026-01-20", "--cost", "100000000"],
      ...["--life", "96", "--method", "saldo-menurun"],
    );
    expect(
      runIn("kop-menurun")(
        "assets",
        "add",
        "--asset",
        "X",
        "--name",
        "X",
        "--date",
        "2026-01-20",
        "--cost",
        "1",
        "--life",
        "12",
        "--method",
        "menurun",
      ).code,
    ).not.toBe(0);
    book("close", "month", "--month", "2026-01");
    book("close", "month", "--month", "2026-02");
    // Twice the straight-line rate: 25% a year for 8 years, 50% for 4; its card says so.
    const card = book("report", "kartu-aset", "--asset", "MOTOR").out;
    expect(card).toContain("saldo menurun 25%");
    const lines = book("report", "kartu-aset", "--asset", "MOTOR", "--csv").out.trim().split("\n");
    expect(lines.slice(1, 3)).toEqual([
      "2026-02,2083333,2083333,97916667,ya,penyusutan,",
      "2026-03,2083334,4166667,95833333,tidak,penyusutan,",
    ]);
    // The second year: 75.000.000 × 25% ÷ 12.
    expect(lines[13]).toBe("2027-02,1562500,26562500,73437500,tidak,penyusutan,");
    expect(book("report", "aset", "--csv").out.trim().split("\n").slice(1)).toEqual([
      "PICKUP,Mobil bak,USP,2024-01-05,60000000,0,32500000,27500000,24,2,1250000,,saldo-menurun,48,0",
      "MOTOR,Motor,USP,2026-01-20,100000000,0,2083333,97916667,96,1,2083334,,saldo-menurun,96,0",
    ]);
    expect(book("report", "aset", "--lang", "en").out).toContain("declining balance 50%");
    expect(book("verify").out).toContain("OK");
  });
});
