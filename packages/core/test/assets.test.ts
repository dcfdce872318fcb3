import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { depreciationSchedule, type FixedAssetState, fixedAssetRegister, nextCharge } from "../src/assets/assets.js";
import { ACCOUNTS } from "../src/chart.js";
import { cashFlowStatementFor, notesSummary } from "../src/closing/statements.js";
import { nextMonth } from "../src/dates.js";
import type { LedgerEvent, Posting } from "../src/model.js";
import { replay, verifyLog } from "../src/verify.js";
import { type AssetOp, assetCommand, assetOps, expectRegisterTied } from "./asset-ops.js";
import { balanceOf, makeTestBook, runAcceptedOrRefused, snapshot, type TestBook } from "./helpers.js";
import { expectRejections, stateOf } from "./shop.js";

const A = ACCOUNTS;
const lines = (postings: ReadonlyArray<Posting>) => postings.map((p) => [p.account, p.amount, p.unit]);
const month = (year: number, m: number) => `${year}-${String(m).padStart(2, "0")}`;
const closeMonths = async (book: TestBook, year: number, from: number, to: number) => {
  for (let m = from; m <= to; m++) await book.run({ type: "CloseMonth", month: month(year, m) });
};
const depreciations = (book: TestBook, assetId: string) =>
  book
    .events()
    .filter((e): e is Extract<LedgerEvent, { type: "FixedAssetDepreciated" }> => e.type === "FixedAssetDepreciated")
    .filter((e) => e.data.assetId === assetId);

/** A book of 2026 with the savings rules switched off, so a month's close posts only what the assets need. */
const assetBook = (today = "2027-01-20") =>
  makeTestBook({ today, savings: { pokok: "0", wajibMonthly: "0", sukarela: { ratePerYear: "0" } } });

describe("fixed assets (aset tetap)", () => {
  it("pays for an asset and depreciates it straight-line from the next month, the months summing exactly to cost less residual", async () => {
    const book = await assetBook();
    const added = await book.run({
      type: "AddFixedAsset",
      assetId: "MOTOR-1",
      name: "Sepeda motor antar sembako",
      unit: "TOKO",
      date: "2026-01-20",
      cost: "10000000",
      residual: "1000000",
      lifeMonths: 7,
      via: A.bank,
    });
    expect(lines(added.events[0]?.postings ?? [])).toEqual([
      [A.asetTetap, 10_000_000n, "TOKO"],
      [A.bank, -10_000_000n, "TOKO"],
    ]);
    await closeMonths(book, 2026, 1, 2);
    // Bought in January: its first month is February. The card shows every month, posted or to come.
    const card = depreciationSchedule((await stateOf(book)).assets.get("MOTOR-1") as FixedAssetState);
    expect(card.map((l) => [l.month, l.chargeMinor, l.accumulatedMinor, l.bookValueMinor, l.posted])).toEqual([
      ["2026-02", 1_285_714n, 1_285_714n, 8_714_286n, true],
      ["2026-03", 1_285_715n, 2_571_429n, 7_428_571n, false],
      ["2026-04", 1_285_714n, 3_857_143n, 6_142_857n, false],
      ["2026-05", 1_285_714n, 5_142_857n, 4_857_143n, false],
      ["2026-06", 1_285_714n, 6_428_571n, 3_571_429n, false],
      ["2026-07", 1_285_715n, 7_714_286n, 2_285_714n, false],
      ["2026-08", 1_285_714n, 9_000_000n, 1_000_000n, false],
    ]);
    expect(depreciations(book, "MOTOR-1").map((e) => e.data.month)).toEqual(["2026-02"]);
    await closeMonths(book, 2026, 3, 11);
    const charges = depreciations(book, "MOTOR-1");
    // 9.000.000 over 7 months: the cumulative schedule rounded half up, so each month is 1.285.714 or 1.285.715.
    expect(charges.map((e) => [e.data.month, e.data.amountMinor])).toEqual([
      ["2026-02", 1_285_714n],
      ["2026-03", 1_285_715n],
      ["2026-04", 1_285_714n],
      ["2026-05", 1_285_714n],
      ["2026-06", 1_285_714n],
      ["2026-07", 1_285_715n],
      ["2026-08", 1_285_714n],
    ]);
    expect(charges.reduce((sum, e) => sum + e.data.amountMinor, 0n)).toBe(9_000_000n);
    expect(lines(charges[0]?.postings ?? [])).toEqual([
      [A.bebanPenyusutan, 1_285_714n, "TOKO"],
      [A.akumulasiPenyusutan, -1_285_714n, "TOKO"],
    ]);
    const state = await stateOf(book);
    expect(balanceOf(state, A.akumulasiPenyusutan)).toBe(-9_000_000n);
    const [row] = fixedAssetRegister(state).rows;
    expect(row).toMatchObject({
      assetId: "MOTOR-1",
      costMinor: 10_000_000n,
      accumulatedMinor: 9_000_000n,
      bookValueMinor: 1_000_000n,
      months: 7,
      monthsDone: 7,
      nextChargeMinor: 0n,
      depreciatedThrough: "2026-08",
    });
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
    expect(verifyLog(book.events()).ok).toBe(true);
  });

  it("brings in an asset held when the book started, with its accumulated depreciation, and goes on from the first month", async () => {
    const book = await assetBook();
    const opened = await book.run({
      type: "RecordOpeningFixedAsset",
      assetId: "GEDUNG",
      name: "Kios toko",
      unit: "TOKO",
      date: "2026-01-01",
      acquiredOn: "2023-01-01",
      cost: "12000000",
      accumulated: "6000000",
      remainingMonths: 24,
    });
    expect(lines(opened.events[0]?.postings ?? [])).toEqual([
      [A.asetTetap, 12_000_000n, "TOKO"],
      [A.akumulasiPenyusutan, -6_000_000n, "TOKO"],
      [A.saldoAwal, -6_000_000n, "TOKO"],
    ]);
    // The opening is balanced against Penyeimbang Saldo Awal, as every opening is; the equity it came
    // from (here Cadangan) clears it, as it would in a real opening.
    await book.run({
      type: "RecordOpeningBalances",
      date: "2026-01-01",
      memo: "cadangan awal",
      lines: [{ account: A.cadangan, credit: "6000000", unit: "TOKO" }],
    });
    await closeMonths(book, 2026, 1, 2);
    expect(depreciations(book, "GEDUNG").map((e) => [e.data.month, e.data.amountMinor, e.data.accumulatedMinor])).toEqual([
      ["2026-01", 250_000n, 6_250_000n],
      ["2026-02", 250_000n, 6_500_000n],
    ]);
    // Its card goes on from the accumulated depreciation it came in with, to the end of its 24 months.
    const card = depreciationSchedule((await stateOf(book)).assets.get("GEDUNG") as FixedAssetState);
    expect(card).toHaveLength(24);
    expect(card[0]).toEqual({
      month: "2026-01",
      kind: "penyusutan",
      chargeMinor: 250_000n,
      accumulatedMinor: 6_250_000n,
      bookValueMinor: 5_750_000n,
      posted: true,
    });
    expect(card[23]).toEqual({
      month: "2027-12",
      kind: "penyusutan",
      chargeMinor: 250_000n,
      accumulatedMinor: 12_000_000n,
      bookValueMinor: 0n,
      posted: false,
    });
  });

  it("disposes of an asset at a gain or a loss against Pendapatan Lain-lain, and stops its depreciation", async () => {
    const book = await assetBook();
    const add = (assetId: string) =>
      book.run({ type: "AddFixedAsset", assetId, name: `Freezer ${assetId}`, date: "2026-01-10", cost: "6000000", lifeMonths: 12 });
    await add("F-1");
    await add("F-2");
    await closeMonths(book, 2026, 1, 3);
    // Two months each (February, March): 1.000.000 accumulated, book value 5.000.000.
    const gain = await book.run({ type: "DisposeFixedAsset", assetId: "F-1", date: "2026-04-10", proceeds: "5500000" });
    expect(lines(gain.events[0]?.postings ?? [])).toEqual([
      [A.akumulasiPenyusutan, 1_000_000n, "USP"],
      [A.kas, 5_500_000n, "USP"],
      [A.asetTetap, -6_000_000n, "USP"],
      [A.pendapatanLain, -500_000n, "USP"],
    ]);
    const loss = await book.run({ type: "DisposeFixedAsset", assetId: "F-2", date: "2026-04-11" });
    expect(loss.events[0]?.data).toMatchObject({ proceedsMinor: 0n, bookValueMinor: 5_000_000n, gainMinor: -5_000_000n });
    expect(lines(loss.events[0]?.postings ?? [])).toEqual([
      [A.akumulasiPenyusutan, 1_000_000n, "USP"],
      [A.asetTetap, -6_000_000n, "USP"],
      [A.pendapatanLain, 5_000_000n, "USP"],
    ]);
    await closeMonths(book, 2026, 4, 5);
    expect(depreciations(book, "F-1").map((e) => e.data.month)).toEqual(["2026-02", "2026-03"]);
    // A disposed asset's card ends with its last posted month.
    expect(depreciationSchedule((await stateOf(book)).assets.get("F-1") as FixedAssetState).map((l) => [l.month, l.posted])).toEqual([
      ["2026-02", true],
      ["2026-03", true],
    ]);
    const state = await stateOf(book);
    expect(balanceOf(state, A.asetTetap)).toBe(0n);
    expect(balanceOf(state, A.akumulasiPenyusutan)).toBe(0n);
    // The notes list what was held on a day: both freezers at the end of March, none at the end of April.
    const march = notesSummary(state, book.events(), "2026-03-31");
    expect(march.fixedAssets.map((a) => [a.assetId, a.costMinor, a.accumulatedMinor, a.bookValueMinor])).toEqual([
      ["F-1", 6_000_000n, 1_000_000n, 5_000_000n],
      ["F-2", 6_000_000n, 1_000_000n, 5_000_000n],
    ]);
    expect([march.fixedAssetsCostMinor, march.fixedAssetsAccumulatedMinor]).toEqual([12_000_000n, 2_000_000n]);
    expect(notesSummary(state, book.events(), "2026-04-30").fixedAssets).toEqual([]);
    // The direct-method cash flow: both purchases and the sale are investing, the gain included.
    const flows = cashFlowStatementFor(state, book.events(), { from: "2026-01-01", to: "2026-06-30" });
    expect(flows.current.lines.map((l) => [l.activity, l.code, l.inMinor, l.outMinor])).toEqual([
      ["investasi", A.asetTetap, 5_500_000n, 12_000_000n],
    ]);
    const register = fixedAssetRegister(state);
    expect(register.rows.map((r) => [r.assetId, r.disposedOn, r.nextChargeMinor])).toEqual([
      ["F-1", "2026-04-10", 0n],
      ["F-2", "2026-04-11", 0n],
    ]);
    expect(register.heldCostMinor).toBe(0n);
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
  });

  it("cancels an asset entered by mistake before its first month's depreciation, reversing its entry, and its code may come in again", async () => {
    const book = await assetBook("2026-03-20");
    await book.run({
      type: "RecordOpeningFixedAsset",
      assetId: "KIOS",
      name: "Kios",
      date: "2026-01-01",
      acquiredOn: "2020-01-01",
      cost: "12000000",
      accumulated: "7000000",
      remainingMonths: 20,
    });
    // The opening asset is cancelled while January is open: its entry against Saldo Awal reversed whole.
    const openingCancelled = await book.run({
      type: "CancelFixedAsset",
      assetId: "KIOS",
      date: "2026-01-02",
      reason: "bukan milik koperasi",
    });
    expect(lines(openingCancelled.events[0]?.postings ?? [])).toEqual([
      [A.saldoAwal, 5_000_000n, "USP"],
      [A.akumulasiPenyusutan, 7_000_000n, "USP"],
      [A.asetTetap, -12_000_000n, "USP"],
    ]);
    const wrong = {
      type: "AddFixedAsset",
      assetId: "LAPTOP",
      name: "Laptop",
      date: "2026-01-10",
      cost: "72000000",
      lifeMonths: 36,
      via: A.bank,
    };
    await book.run(wrong);
    const cancelled = await book.run({ type: "CancelFixedAsset", assetId: "LAPTOP", date: "2026-01-11", reason: "salah ketik harga" });
    expect(cancelled.events[0]?.data).toMatchObject({ assetId: "LAPTOP", costMinor: 72_000_000n, accumulatedMinor: 0n, via: A.bank });
    expect(lines(cancelled.events[0]?.postings ?? [])).toEqual([
      [A.bank, 72_000_000n, "USP"],
      [A.asetTetap, -72_000_000n, "USP"],
    ]);
    let state = await stateOf(book);
    expect(state.assets.size).toBe(0);
    expect(balanceOf(state, A.asetTetap)).toBe(0n);
    expect(balanceOf(state, A.saldoAwal)).toBe(0n);
    await book.run({ ...wrong, cost: "7200000" });
    await closeMonths(book, 2026, 1, 2);
    state = await stateOf(book);
    expect(fixedAssetRegister(state).rows.map((r) => [r.assetId, r.costMinor, r.accumulatedMinor])).toEqual([
      ["LAPTOP", 7_200_000n, 200_000n],
    ]);
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
    expect(verifyLog(book.events()).ok).toBe(true);
  });

  it("refuses to cancel an asset already depreciated, disposed of, unknown, before its entry, or brought in with an opening already closed", async () => {
    const book = await assetBook("2026-03-20");
    const opening = {
      type: "RecordOpeningFixedAsset",
      name: "Lemari",
      date: "2026-01-01",
      acquiredOn: "2015-01-01",
      cost: "3000000",
      accumulated: "3000000",
      remainingMonths: 0,
    };
    await book.run({ ...opening, assetId: "LEMARI" });
    await book.run({ type: "AddFixedAsset", assetId: "F-1", name: "Freezer", date: "2026-01-10", cost: "6000000", lifeMonths: 12 });
    await book.run({ type: "AddFixedAsset", assetId: "F-2", name: "Freezer", date: "2026-01-10", cost: "6000000", lifeMonths: 12 });
    await book.run({ type: "DisposeFixedAsset", assetId: "F-2", date: "2026-01-20", proceeds: "6000000" });
    await closeMonths(book, 2026, 1, 2);
    await book.run({ type: "AddFixedAsset", assetId: "F-4", name: "Freezer", date: "2026-03-10", cost: "6000000", lifeMonths: 12 });
    const cancel = (assetId: string, date = "2026-03-15") => ({ type: "CancelFixedAsset", assetId, date, reason: "salah" });
    await expectRejections(book, [
      [cancel("F-1"), "FixedAssetRejected", "depreciated"],
      [cancel("F-2"), "FixedAssetRejected", "disposed"],
      [cancel("F-9"), "FixedAssetRejected", "unknown-asset"],
      [cancel("F-4", "2026-03-09"), "FixedAssetRejected", "before-acquired"],
      // Fully depreciated in the old books, so never charged: its opening entry closed with January.
      [cancel("LEMARI"), "FixedAssetRejected", "opening-closed"],
      [cancel("F-4", "2026-02-27"), "PeriodClosed"],
      [{ ...cancel("F-4"), reason: "" }, "InvalidCommand"],
    ]);
    await book.run(cancel("F-4"));
  });

  it("posts a month's depreciation once, even when the month is reopened and closed again", async () => {
    const book = await assetBook("2026-05-10");
    await book.run({ type: "AddFixedAsset", assetId: "LAPTOP", name: "Laptop", date: "2026-01-05", cost: "7200000", lifeMonths: 36 });
    await closeMonths(book, 2026, 1, 3);
    await book.run({ type: "ReopenMonth", month: "2026-03", reason: "koreksi auditor" });
    await book.run({ type: "CloseMonth", month: "2026-03" });
    await closeMonths(book, 2026, 4, 4);
    expect(depreciations(book, "LAPTOP").map((e) => [e.data.month, e.data.amountMinor])).toEqual([
      ["2026-02", 200_000n],
      ["2026-03", 200_000n],
      ["2026-04", 200_000n],
    ]);
  });

  it("depreciates on the declining balance at twice the straight-line rate, the last year taking what is left (PMK 72/2023 groups 1 and 2)", async () => {
    const book = await assetBook("2034-01-20");
    const motor = { type: "AddFixedAsset", name: "Motor", date: "2026-01-20", cost: "100000000", method: "saldo-menurun" };
    await book.run({ ...motor, assetId: "MOTOR-4", lifeMonths: 48 });
    await book.run({ ...motor, assetId: "MOTOR-8", lifeMonths: 96 });
    const byYear = async (assetId: string) => {
      const lines = depreciationSchedule((await stateOf(book)).assets.get(assetId) as FixedAssetState);
      const years: bigint[] = [];
      lines.forEach((l, i) => {
        years[Math.floor(i / 12)] = (years[Math.floor(i / 12)] ?? 0n) + l.chargeMinor;
      });
      return years;
    };
    // Group 1 (4 years, 50%): 50, 25, 12,5, and the 12,5 million left in the last year.
    expect(await byYear("MOTOR-4")).toEqual([50_000_000n, 25_000_000n, 12_500_000n, 12_500_000n]);
    // Group 2 (8 years, 25%) of the book value at each year's start, half up; the eighth year takes the rest.
    expect(await byYear("MOTOR-8")).toEqual([
      25_000_000n,
      18_750_000n,
      14_062_500n,
      10_546_875n,
      7_910_156n,
      5_932_617n,
      4_449_463n,
      13_348_389n,
    ]);
    // A year's charge is spread over its months as the straight line spreads a base: 25.000.000 ÷ 12.
    await closeMonths(book, 2026, 1, 12);
    await closeMonths(book, 2027, 1, 1);
    expect(depreciations(book, "MOTOR-8").map((e) => e.data.amountMinor)).toEqual([
      2_083_333n,
      2_083_334n,
      2_083_333n,
      2_083_333n,
      2_083_334n,
      2_083_333n,
      2_083_333n,
      2_083_334n,
      2_083_333n,
      2_083_333n,
      2_083_334n,
      2_083_333n,
    ]);
    // The second year starts from its book value: 75.000.000 × 25% ÷ 12.
    await closeMonths(book, 2027, 2, 2);
    expect(depreciations(book, "MOTOR-8").at(-1)?.data.amountMinor).toBe(1_562_500n);
    expect(fixedAssetRegister(await stateOf(book)).rows.map((r) => [r.assetId, r.method, r.lifeMonths, r.accumulatedMinor])).toEqual([
      ["MOTOR-4", "saldo-menurun", 48, 50_000_000n + 2_083_333n],
      ["MOTOR-8", "saldo-menurun", 96, 25_000_000n + 1_562_500n],
    ]);
    // The notes disclose each asset's method and the months of its schedule.
    expect(notesSummary(await stateOf(book), book.events(), "2027-02-28").fixedAssets.map((a) => [a.assetId, a.method, a.months])).toEqual([
      ["MOTOR-4", "saldo-menurun", 48],
      ["MOTOR-8", "saldo-menurun", 96],
    ]);
    // Straight line stays the default, and its events say nothing of a method.
    const straight = await book.run({
      type: "AddFixedAsset",
      assetId: "RAK",
      name: "Rak",
      date: "2027-03-02",
      cost: "1200000",
      lifeMonths: 12,
    });
    expect(straight.events[0]?.data).not.toHaveProperty("method");
  });

  it("keeps the residual value on the declining balance, and brings in an opening asset at its rate from the months it has left", async () => {
    const book = await assetBook("2031-01-20");
    // 10.000.000 less a residual of 2.000.000 over 4 years at 50%: 5.000.000, then 2.500.000, then only
    // the 500.000 left above the residual, then nothing.
    await book.run({
      type: "AddFixedAsset",
      assetId: "FREEZER",
      name: "Freezer",
      date: "2026-01-10",
      cost: "10000000",
      residual: "2000000",
      lifeMonths: 48,
      method: "saldo-menurun",
    });
    // Half of its 48 months used; book value 30.000.000, at 50%: 15.000.000, then the 15.000.000 left.
    await book.run({
      type: "RecordOpeningFixedAsset",
      assetId: "PICKUP",
      name: "Mobil bak",
      date: "2026-01-01",
      acquiredOn: "2024-01-05",
      cost: "60000000",
      accumulated: "30000000",
      remainingMonths: 24,
      lifeMonths: 48,
      method: "saldo-menurun",
    });
    await book.run({
      type: "RecordOpeningBalances",
      date: "2026-01-01",
      memo: "cadangan awal",
      lines: [{ account: A.cadangan, credit: "30000000" }],
    });
    const state = await stateOf(book);
    const yearly = (assetId: string) => {
      const lines = depreciationSchedule(state.assets.get(assetId) as FixedAssetState);
      return [0, 1, 2, 3]
        .map((y) => lines.slice(y * 12, y * 12 + 12).reduce((sum, l) => sum + l.chargeMinor, 0n))
        .slice(0, Math.ceil(lines.length / 12));
    };
    expect(yearly("FREEZER")).toEqual([5_000_000n, 2_500_000n, 500_000n, 0n]);
    expect(depreciationSchedule(state.assets.get("FREEZER") as FixedAssetState).at(-1)?.bookValueMinor).toBe(2_000_000n);
    expect(yearly("PICKUP")).toEqual([15_000_000n, 15_000_000n]);
    // Closed to the end of both lives: the register ties, each asset exactly at its residual value.
    for (const year of [2026, 2027, 2028, 2029]) await closeMonths(book, year, 1, 12);
    const after = await stateOf(book);
    expect(fixedAssetRegister(after).rows.map((r) => [r.assetId, r.bookValueMinor, r.nextChargeMinor])).toEqual([
      ["FREEZER", 2_000_000n, 0n],
      ["PICKUP", 0n, 0n],
    ]);
    expect(balanceOf(after, A.asetTetap)).toBe(70_000_000n);
    expect(-balanceOf(after, A.akumulasiPenyusutan)).toBe(8_000_000n + 60_000_000n);
    expect(snapshot(replay(book.events()))).toEqual(snapshot(after));
  });

  it("closes the year with the depreciation in the year's SHU: Beban Penyusutan is brought to zero", async () => {
    const book = await assetBook();
    await book.run({
      type: "AddFixedAsset",
      assetId: "RAK",
      name: "Rak toko",
      unit: "TOKO",
      date: "2026-06-15",
      cost: "1200000",
      lifeMonths: 24,
    });
    await closeMonths(book, 2026, 1, 12);
    // July to December: 6 × 50.000.
    const closing = book.events().filter((e) => e.type === "YearClosingEntryPosted");
    const penyusutan = closing.flatMap((e) => e.postings).filter((p) => p.account === A.bebanPenyusutan);
    expect(penyusutan.reduce((sum, p) => sum + p.amount, 0n)).toBe(-300_000n);
    const state = await stateOf(book);
    expect(balanceOf(state, A.bebanPenyusutan)).toBe(0n);
    expect(balanceOf(state, A.akumulasiPenyusutan)).toBe(-300_000n);
  });

  it("refuses bad fixed-asset commands with a reason, and writes nothing", async () => {
    const book = await assetBook("2026-03-15");
    await book.run({ type: "AddFixedAsset", assetId: "F-1", name: "Freezer", date: "2026-01-10", cost: "6000000", lifeMonths: 12 });
    await book.run({ type: "DisposeFixedAsset", assetId: "F-1", date: "2026-02-02", proceeds: "5000000" });
    await book.run({ type: "AddFixedAsset", assetId: "F-2", name: "Freezer", date: "2026-02-10", cost: "6000000", lifeMonths: 12 });
    await closeMonths(book, 2026, 1, 1);
    const add = { type: "AddFixedAsset", assetId: "F-3", name: "Timbangan", date: "2026-02-11", cost: "900000", lifeMonths: 12 };
    await expectRejections(book, [
      [{ ...add, assetId: "F-2" }, "FixedAssetRejected", "asset-exists"],
      [{ ...add, residual: "900000" }, "FixedAssetRejected", "residual"],
      [{ ...add, via: A.asetTetap }, "FixedAssetRejected", "via"],
      [{ ...add, via: A.akumulasiPenyusutan }, "FixedAssetRejected", "via"],
      [{ ...add, via: A.simpananSukarela }, "ControlAccountNotAllowed"],
      [{ ...add, unit: "BENGKEL" }, "UnknownUnit"],
      [{ ...add, cost: "0" }, "InvalidAmount"],
      [{ ...add, cost: "sembilan ratus ribu" }, "InvalidAmount"],
      [{ ...add, residual: "-1" }, "InvalidAmount"],
      [{ ...add, lifeMonths: 0 }, "InvalidCommand"],
      [{ ...add, method: "double-declining" }, "InvalidCommand"],
      [{ ...add, lifeMonths: 1.5 }, "InvalidCommand"],
      [{ ...add, date: "2026-01-31" }, "PeriodClosed"],
      [{ ...add, date: "2026-03-16" }, "DateInFuture"],
      [{ type: "DisposeFixedAsset", assetId: "F-9", date: "2026-02-20" }, "FixedAssetRejected", "unknown-asset"],
      [{ type: "DisposeFixedAsset", assetId: "F-1", date: "2026-02-20" }, "FixedAssetRejected", "disposed"],
      [{ type: "DisposeFixedAsset", assetId: "F-2", date: "2026-02-09" }, "FixedAssetRejected", "before-acquired"],
      [{ type: "DisposeFixedAsset", assetId: "F-2", date: "2026-02-20", proceeds: "-5" }, "InvalidAmount"],
    ]);
    const fresh = await assetBook("2026-01-15");
    const opening = {
      type: "RecordOpeningFixedAsset",
      assetId: "GEDUNG",
      name: "Kios",
      date: "2026-01-01",
      acquiredOn: "2020-01-01",
      cost: "12000000",
      accumulated: "6000000",
      remainingMonths: 24,
    };
    await expectRejections(fresh, [
      [{ ...opening, date: "2026-01-02" }, "NotOnBookStart"],
      [{ ...opening, acquiredOn: "2026-01-02" }, "FixedAssetRejected", "before-acquired"],
      [{ ...opening, accumulated: "12000001" }, "FixedAssetRejected", "accumulated"],
      [{ ...opening, residual: "1000000", accumulated: "11000001" }, "FixedAssetRejected", "accumulated"],
      [{ ...opening, remainingMonths: 0 }, "FixedAssetRejected", "life"],
      [{ ...opening, remainingMonths: -1 }, "InvalidCommand"],
      [{ ...opening, method: "menurun" }, "InvalidCommand"],
      // The declining balance's rate needs the whole life, and the months left cannot exceed it.
      [{ ...opening, method: "saldo-menurun" }, "FixedAssetRejected", "life"],
      [{ ...opening, method: "saldo-menurun", lifeMonths: 23 }, "FixedAssetRejected", "life"],
      [{ ...opening, lifeMonths: 12 }, "FixedAssetRejected", "life"],
    ]);
    // Fully depreciated when the book started: no months left, and nothing left to spread. With months
    // said to be left but nothing to spread, the schedule is empty too: no month is charged nothing.
    await fresh.run({ ...opening, accumulated: "12000000", remainingMonths: 0 });
    await fresh.run({ ...opening, assetId: "MEJA", residual: "500000", accumulated: "11500000", remainingMonths: 12 });
    expect([...(await stateOf(fresh)).assets.values()].map((a) => [a.def.assetId, a.months, nextCharge(a)])).toEqual([
      ["GEDUNG", 0, undefined],
      ["MEJA", 0, undefined],
    ]);
  });

  it("impairs an asset to its recoverable amount and re-spreads the rest of its straight line over the months left", async () => {
    const book = await assetBook();
    await book.run({ type: "AddAccount", code: "5901", name: "Rugi Penurunan Nilai Aset Tetap", kind: "beban" });
    const freezer = { assetId: "FREEZER", name: "Freezer", unit: "TOKO", cost: "12000000", lifeMonths: 24 };
    await book.run({ type: "AddFixedAsset", ...freezer, date: "2026-01-10" });
    await closeMonths(book, 2026, 1, 6);
    // February to June: 5 × 500.000, so a book value of 9.500.000 when a flood damages it in July.
    const impaired = await book.run({
      type: "ImpairFixedAsset",
      assetId: "FREEZER",
      date: "2026-07-15",
      recoverable: "Rp6.000.000",
      reason: "rusak terkena banjir, ditaksir Rp6.000.000",
      account: "5901",
    });
    expect(impaired.events[0]?.data).toEqual({
      assetId: "FREEZER",
      reason: "rusak terkena banjir, ditaksir Rp6.000.000",
      account: "5901",
      bookValueMinor: 9_500_000n,
      recoverableMinor: 6_000_000n,
      lossMinor: 3_500_000n,
      accumulatedMinor: 6_000_000n,
      residualMinor: 0n,
      months: 24,
    });
    expect(lines(impaired.events[0]?.postings ?? [])).toEqual([
      ["5901", 3_500_000n, "TOKO"],
      [A.akumulasiPenyusutan, -3_500_000n, "TOKO"],
    ]);
    // The 6.000.000 left is spread over the 19 months not yet posted: 315.789,47 a month, half up.
    await closeMonths(book, 2026, 7, 7);
    expect(
      depreciations(book, "FREEZER")
        .map((e) => [e.data.month, e.data.amountMinor, e.data.accumulatedMinor])
        .slice(-2),
    ).toEqual([
      ["2026-06", 500_000n, 2_500_000n],
      ["2026-07", 315_789n, 6_315_789n],
    ]);
    const state = await stateOf(book);
    const card = depreciationSchedule(state.assets.get("FREEZER") as FixedAssetState);
    expect(card).toHaveLength(25);
    expect(card.slice(4, 8).map((l) => [l.month, l.kind, l.chargeMinor, l.accumulatedMinor, l.bookValueMinor, l.posted])).toEqual([
      ["2026-06", "penyusutan", 500_000n, 2_500_000n, 9_500_000n, true],
      ["2026-07", "penurunan-nilai", 3_500_000n, 6_000_000n, 6_000_000n, true],
      ["2026-07", "penyusutan", 315_789n, 6_315_789n, 5_684_211n, true],
      ["2026-08", "penyusutan", 315_790n, 6_631_579n, 5_368_421n, false],
    ]);
    expect(card[5]?.date).toBe("2026-07-15");
    expect(card.at(-1)).toMatchObject({ month: "2028-01", accumulatedMinor: 12_000_000n, bookValueMinor: 0n });
    expect(card.filter((l) => l.kind === "penyusutan").reduce((sum, l) => sum + l.chargeMinor, 0n)).toBe(8_500_000n);
    expect(fixedAssetRegister(state).rows[0]).toMatchObject({
      impairedMinor: 3_500_000n,
      accumulatedMinor: 6_315_789n,
      bookValueMinor: 5_684_211n,
    });
    expect(fixedAssetRegister(state)).toMatchObject({ heldAccumulatedMinor: 6_315_789n, heldImpairedMinor: 3_500_000n });
    expect(balanceOf(state, "5901")).toBe(3_500_000n);
    // The notes to the statements disclose the loss within the accumulated depreciation, and not before its day.
    expect(notesSummary(state, book.events(), "2026-07-31").fixedAssets).toMatchObject([
      { assetId: "FREEZER", impairedMinor: 3_500_000n, accumulatedMinor: 6_315_789n, bookValueMinor: 5_684_211n },
    ]);
    expect(notesSummary(state, book.events(), "2026-07-14").fixedAssets).toMatchObject([
      { impairedMinor: 0n, accumulatedMinor: 2_500_000n },
    ]);
    expect(balanceOf(state, A.akumulasiPenyusutan)).toBe(-6_315_789n);

    // Refused, and nothing written.
    const impair = { type: "ImpairFixedAsset", assetId: "FREEZER", date: "2026-08-20", recoverable: "1000000", reason: "rusak" };
    await expectRejections(book, [
      [{ ...impair, recoverable: "5684211" }, "FixedAssetRejected", "not-impaired"],
      [{ ...impair, recoverable: "9000000" }, "FixedAssetRejected", "not-impaired"],
      // August's depreciation is not posted yet, so September's book value is not known.
      [{ ...impair, date: "2026-09-01" }, "FixedAssetRejected", "not-depreciated"],
      [{ ...impair, account: A.kas }, "FixedAssetRejected", "account"],
      [{ ...impair, account: A.pendapatanLain }, "FixedAssetRejected", "account"],
      [{ ...impair, account: "5999" }, "UnknownAccount"],
      [{ ...impair, assetId: "KULKAS" }, "FixedAssetRejected", "unknown-asset"],
      [{ ...impair, recoverable: "-1" }, "InvalidAmount"],
      [{ ...impair, recoverable: "enam juta" }, "InvalidAmount"],
      [{ ...impair, reason: "" }, "InvalidCommand"],
      [{ ...impair, date: "2026-06-30" }, "PeriodClosed"],
    ]);
    // Sold in August: the book value is after the impairment and July's lower charge.
    const sold = await book.run({ type: "DisposeFixedAsset", assetId: "FREEZER", date: "2026-08-20", proceeds: "5000000" });
    expect(sold.events[0]?.data).toMatchObject({ bookValueMinor: 5_684_211n, gainMinor: -684_211n });
    expect(lines(sold.events[0]?.postings ?? [])).toEqual([
      [A.akumulasiPenyusutan, 6_315_789n, "TOKO"],
      [A.kas, 5_000_000n, "TOKO"],
      [A.asetTetap, -12_000_000n, "TOKO"],
      [A.pendapatanLain, 684_211n, "TOKO"],
    ]);
    await expectRejections(book, [[impair, "FixedAssetRejected", "disposed"]]);
    expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
  });

  it("lowers the residual value to a recoverable amount below it, which ends the schedule; re-spreads a declining balance at its rate", async () => {
    const book = await assetBook();
    await book.run({
      type: "AddFixedAsset",
      assetId: "MESIN",
      name: "Mesin giling",
      date: "2026-01-05",
      cost: "10000000",
      residual: "2000000",
      lifeMonths: 10,
    });
    await book.run({
      type: "AddFixedAsset",
      assetId: "MOBIL",
      name: "Mobil bak",
      date: "2026-01-20",
      cost: "100000000",
      lifeMonths: 96,
      method: "saldo-menurun",
    });
    await closeMonths(book, 2026, 1, 2);
    // February: MESIN 800.000; MOBIL 25% of 100.000.000 over 12 months, 2.083.333.
    const at = async () => (await stateOf(book)).assets;
    expect([(await at()).get("MESIN")?.accumulatedMinor, (await at()).get("MOBIL")?.accumulatedMinor]).toEqual([800_000n, 2_083_333n]);
    const mesin = await book.run({
      type: "ImpairFixedAsset",
      assetId: "MESIN",
      date: "2026-03-10",
      recoverable: "1500000",
      reason: "usang",
    });
    expect(mesin.events[0]?.data).toMatchObject({ lossMinor: 7_700_000n, residualMinor: 1_500_000n, months: 1 });
    expect(lines(mesin.events[0]?.postings ?? [])).toEqual([
      [A.bebanPenyusutan, 7_700_000n, "USP"],
      [A.akumulasiPenyusutan, -7_700_000n, "USP"],
    ]);
    // MOBIL from 97.916.667 down to 60.000.000: its 95 months left start a new declining balance at 25%,
    // 15.000.000 in its first year, 1.250.000 a month.
    await book.run({ type: "ImpairFixedAsset", assetId: "MOBIL", date: "2026-03-10", recoverable: "60000000", reason: "tabrakan" });
    await closeMonths(book, 2026, 3, 4);
    expect(depreciations(book, "MESIN").map((e) => e.data.month)).toEqual(["2026-02"]);
    expect(depreciations(book, "MOBIL").map((e) => [e.data.month, e.data.amountMinor])).toEqual([
      ["2026-02", 2_083_333n],
      ["2026-03", 1_250_000n],
      ["2026-04", 1_250_000n],
    ]);
    const register = fixedAssetRegister(await stateOf(book));
    expect(register.rows.map((r) => [r.assetId, r.residualMinor, r.bookValueMinor, r.months, r.monthsDone, r.nextChargeMinor])).toEqual([
      ["MESIN", 1_500_000n, 1_500_000n, 1, 1, 0n],
      ["MOBIL", 0n, 57_500_000n, 96, 3, 1_250_000n],
    ]);
    const card = depreciationSchedule((await at()).get("MOBIL") as FixedAssetState);
    expect(card.filter((l) => l.kind === "penyusutan")).toHaveLength(96);
    expect(card.at(-1)?.bookValueMinor).toBe(0n);
    // An impaired asset is not cancelled: it is disposed of, or corrected with a journal.
    await book.run({ type: "AddFixedAsset", assetId: "RAK", name: "Rak", date: "2026-05-02", cost: "900000", lifeMonths: 12 });
    await expectRejections(book, [
      [
        { type: "ImpairFixedAsset", assetId: "RAK", date: "2026-05-01", recoverable: "0", reason: "x" },
        "FixedAssetRejected",
        "before-acquired",
      ],
    ]);
    await book.run({ type: "ImpairFixedAsset", assetId: "RAK", date: "2026-05-03", recoverable: "0", reason: "hilang" });
    await expectRejections(book, [
      [{ type: "CancelFixedAsset", assetId: "RAK", date: "2026-05-03", reason: "salah" }, "FixedAssetRejected", "impaired"],
    ]);
    expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
  });

  it("reverses an impairment when the value comes back, never above the book value the asset would have had, and re-spreads the rest", async () => {
    const book = await assetBook();
    const freezer = { assetId: "FREEZER", name: "Freezer", unit: "TOKO", cost: "12000000", lifeMonths: 24 };
    await book.run({ type: "AddFixedAsset", ...freezer, date: "2026-01-10" });
    await closeMonths(book, 2026, 1, 6);
    await book.run({
      type: "ImpairFixedAsset",
      assetId: "FREEZER",
      date: "2026-07-15",
      recoverable: "6000000",
      reason: "rusak terkena banjir",
    });
    await closeMonths(book, 2026, 7, 8);
    // July 315.789 and August 315.790 after the impairment: a book value of 5.368.421. With no impairment,
    // seven months of 500.000 would have left 8.500.000: the ceiling, though the freezer would fetch 9.000.000.
    const reversal = {
      type: "ReverseFixedAssetImpairment",
      assetId: "FREEZER",
      date: "2026-09-10",
      recoverable: "9000000",
      reason: "diperbaiki dengan garansi pabrik, ditaksir Rp9.000.000",
    };
    await expectRejections(book, [
      [{ ...reversal, recoverable: "5368421" }, "FixedAssetRejected", "not-recovered"],
      [{ ...reversal, account: A.kas }, "FixedAssetRejected", "reversal-account"],
      [{ ...reversal, account: A.asetTetap }, "FixedAssetRejected", "reversal-account"],
      [{ ...reversal, account: "4999" }, "UnknownAccount"],
      [{ ...reversal, assetId: "KULKAS" }, "FixedAssetRejected", "unknown-asset"],
      [{ ...reversal, date: "2026-10-01" }, "FixedAssetRejected", "not-depreciated"],
      [{ ...reversal, date: "2026-08-31" }, "PeriodClosed"],
      [{ ...reversal, recoverable: "-1" }, "InvalidAmount"],
      [{ ...reversal, recoverable: "sembilan juta" }, "InvalidAmount"],
      [{ ...reversal, reason: "" }, "InvalidCommand"],
      [{ ...reversal, date: "2027-02-01" }, "DateInFuture"],
    ]);
    // An asset never impaired has nothing to reverse.
    await book.run({ type: "AddFixedAsset", assetId: "RAK", name: "Rak", date: "2026-09-02", cost: "900000", lifeMonths: 12 });
    await expectRejections(book, [[{ ...reversal, assetId: "RAK" }, "FixedAssetRejected", "no-impairment"]]);
    const reversed = await book.run(reversal);
    expect(reversed.events[0]?.data).toEqual({
      assetId: "FREEZER",
      reason: "diperbaiki dengan garansi pabrik, ditaksir Rp9.000.000",
      account: A.pendapatanLain,
      bookValueMinor: 5_368_421n,
      recoverableMinor: 9_000_000n,
      unimpairedMinor: 8_500_000n,
      reversedMinor: 3_131_579n,
      accumulatedMinor: 3_500_000n,
      residualMinor: 0n,
      months: 24,
    });
    expect(lines(reversed.events[0]?.postings ?? [])).toEqual([
      [A.akumulasiPenyusutan, 3_131_579n, "TOKO"],
      [A.pendapatanLain, -3_131_579n, "TOKO"],
    ]);
    // Back on the schedule it came in with: 8.500.000 over the 17 months left, 500.000 a month.
    await closeMonths(book, 2026, 9, 9);
    expect(depreciations(book, "FREEZER").at(-1)?.data).toMatchObject({
      month: "2026-09",
      amountMinor: 500_000n,
      accumulatedMinor: 4_000_000n,
    });
    const state = await stateOf(book);
    const card = depreciationSchedule(state.assets.get("FREEZER") as FixedAssetState);
    expect(card.slice(6, 10).map((l) => [l.month, l.kind, l.chargeMinor, l.accumulatedMinor, l.bookValueMinor, l.posted, l.date])).toEqual([
      ["2026-07", "penyusutan", 315_789n, 6_315_789n, 5_684_211n, true, undefined],
      ["2026-08", "penyusutan", 315_790n, 6_631_579n, 5_368_421n, true, undefined],
      ["2026-09", "pemulihan-nilai", -3_131_579n, 3_500_000n, 8_500_000n, true, "2026-09-10"],
      ["2026-09", "penyusutan", 500_000n, 4_000_000n, 8_000_000n, true, undefined],
    ]);
    expect(card.at(-1)).toMatchObject({ month: "2028-01", accumulatedMinor: 12_000_000n, bookValueMinor: 0n });
    // Of the accumulated depreciation, 368.421 is still the impairment: the loss less its reversal, the
    // depreciation the lower book value was spared in July and August.
    expect(fixedAssetRegister(state).rows.find((r) => r.assetId === "FREEZER")).toMatchObject({
      impairedMinor: 368_421n,
      accumulatedMinor: 4_000_000n,
      bookValueMinor: 8_000_000n,
      nextChargeMinor: 500_000n,
    });
    // The notes disclose the year's losses and reversals (SAK EP 27.33) beside what is left of them.
    expect(notesSummary(state, book.events(), "2026-09-30").fixedAssets).toMatchObject([
      { assetId: "FREEZER", impairedMinor: 368_421n, impairedInYearMinor: 3_500_000n, reversedInYearMinor: 3_131_579n },
      { assetId: "RAK", impairedMinor: 0n, impairedInYearMinor: 0n, reversedInYearMinor: 0n },
    ]);
    expect(notesSummary(state, book.events(), "2026-08-31").fixedAssets).toMatchObject([
      { assetId: "FREEZER", impairedMinor: 3_500_000n, impairedInYearMinor: 3_500_000n, reversedInYearMinor: 0n },
    ]);
    // At the ceiling now: a higher value is not a reason to raise it further.
    await expectRejections(book, [[{ ...reversal, date: "2026-10-05", recoverable: "9500000" }, "FixedAssetRejected", "unimpaired"]]);
    expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
    expect(verifyLog(book.events()).ok).toBe(true);
  });

  it("reverses in part to the recoverable amount, credited to the expense charged, and puts back the residual value an impairment lowered", async () => {
    const book = await assetBook();
    const mesin = { assetId: "MESIN", name: "Mesin giling", date: "2026-01-05", cost: "10000000", residual: "2000000", lifeMonths: 10 };
    await book.run({ type: "AddFixedAsset", ...mesin });
    await book.run({ type: "AddFixedAsset", ...mesin, assetId: "MESIN-2" });
    await closeMonths(book, 2026, 1, 2);
    // February 800.000 each; impaired in March below the residual value, which ends their schedules.
    for (const assetId of ["MESIN", "MESIN-2"]) {
      await book.run({ type: "ImpairFixedAsset", assetId, date: "2026-03-10", recoverable: "1500000", reason: "usang" });
    }
    const reversal = { type: "ReverseFixedAssetImpairment", assetId: "MESIN", recoverable: "5000000", reason: "dipakai lagi" };
    const reversed = await book.run({ ...reversal, date: "2026-03-25", account: A.bebanPenyusutan });
    expect(reversed.events[0]?.data).toMatchObject({
      bookValueMinor: 1_500_000n,
      unimpairedMinor: 9_200_000n,
      reversedMinor: 3_500_000n,
      accumulatedMinor: 5_000_000n,
      residualMinor: 2_000_000n,
      months: 10,
    });
    expect(lines(reversed.events[0]?.postings ?? [])).toEqual([
      [A.akumulasiPenyusutan, 3_500_000n, "USP"],
      [A.bebanPenyusutan, -3_500_000n, "USP"],
    ]);
    // 5.000.000 less the residual 2.000.000 over the 9 months left, from March: 333.333,33 a month.
    await closeMonths(book, 2026, 3, 3);
    expect(depreciations(book, "MESIN").map((e) => [e.data.month, e.data.amountMinor])).toEqual([
      ["2026-02", 800_000n],
      ["2026-03", 333_333n],
    ]);
    const card = depreciationSchedule((await stateOf(book)).assets.get("MESIN") as FixedAssetState);
    expect(card.filter((l) => l.kind === "penyusutan")).toHaveLength(10);
    expect(card.at(-1)).toMatchObject({ month: "2026-11", bookValueMinor: 2_000_000n });
    // MESIN-2's schedule stopped at its impairment and March has closed since: the card could not say
    // which months a restarted schedule is charged in, so the reversal goes through a journal.
    await expectRejections(book, [[{ ...reversal, assetId: "MESIN-2", date: "2026-04-02" }, "FixedAssetRejected", "schedule-ended"]]);
    expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
  });

  it("says what is wrong in words a treasurer reads, in Indonesian and English", async () => {
    const book = await assetBook("2026-03-15");
    const { error } = await book.reject({
      type: "AddFixedAsset",
      assetId: "F-1",
      name: "Freezer",
      date: "2026-01-10",
      cost: "6000000",
      residual: "6000000",
      lifeMonths: 12,
    });
    const reason = (error as { reason: { message: string; messageEn: string } }).reason;
    expect(reason.message).toBe(
      "Aset tetap F-1: nilai sisa harus kurang dari harga perolehan (nilai sisa Rp6.000.000, harga perolehan Rp6.000.000).",
    );
    expect(reason.messageEn).toContain("the residual value must be less than the cost");
  });

  it("over random purchases, disposals, cancellations, impairments and their reversals, closes and reopenings: the register ties to its accounts, each schedule ends exactly at cost less residual, and replay agrees", async () => {
    type Step = AssetOp | { kind: "close" } | { kind: "reopen" };
    const step: fc.Arbitrary<Step> = fc.oneof(
      ...assetOps({
        assets: 6,
        maxCost: 90_000_000,
        maxLife: 8,
        when: { min: 1, max: 28 },
        weights: { asset: 3, dispose: 1, cancel: 1, impair: 3, recover: 3 },
      }),
      { weight: 4, arbitrary: fc.constant({ kind: "close" as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        const book = await assetBook("2028-12-31");
        for (const s of steps) {
          const state = await stateOf(book);
          // The open month: the one after the last closed (or the reopened one), where every command is dated.
          const open = state.reopenedMonth ?? (state.closedThrough === undefined ? "2026-01" : nextMonth(state.closedThrough));
          // An asset step's `when` is its day in that month.
          const command =
            s.kind === "close"
              ? { type: "CloseMonth", month: open }
              : s.kind === "reopen"
                ? { type: "ReopenMonth", month: state.closedThrough ?? "2026-01", reason: "koreksi" }
                : assetCommand(s, `${open}-${String(s.when).padStart(2, "0")}`, state);
          // Refusals (a code in use, an unknown or disposed asset, nothing to reopen) are typed
          // rejections, never a crash, and write nothing.
          await runAcceptedOrRefused(book, command);
          expectRegisterTied(await stateOf(book), book.events());
        }
        expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
        expect(verifyLog(book.events()).ok).toBe(true);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    );
  });

  it("any declining-balance schedule sums exactly to its base, each year at its rate of the book value but the last, never below the residual", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        (cost, residualRaw, months, extraLife) => {
          const residual = residualRaw % cost;
          const life = months + extraLife;
          const asset: FixedAssetState = {
            def: {
              assetId: "X",
              name: "X",
              unit: "USP",
              acquiredOn: "2026-01-01",
              costMinor: cost,
              residualMinor: residual,
              method: "saldo-menurun",
              lifeMonths: life,
            },
            months,
            segments: [{ from: 0, chargedBeforeMinor: 0n, baseMinor: cost - residual, startValueMinor: cost, months }],
            impairments: [],
            startMonth: "2026-02",
            via: "1101",
            enteredOn: "2026-01-01",
            monthsDone: 0,
            accumulatedMinor: 0n,
            depreciatedThrough: undefined,
            disposedOn: undefined,
          };
          const lines = depreciationSchedule(asset);
          expect(lines).toHaveLength(months);
          expect(lines.reduce((sum, l) => sum + l.chargeMinor, 0n)).toBe(cost - residual);
          let bookValue = cost;
          for (let first = 0; first < months; first += 12) {
            const year = lines.slice(first, first + 12);
            const charged = year.reduce((sum, l) => sum + l.chargeMinor, 0n);
            // Twice the straight-line rate of the year's opening book value, half up, unless that is more than is left.
            const rated = (bookValue * 24n * 2n + BigInt(life)) / (2n * BigInt(life));
            if (first + year.length < months) expect(charged).toBe(rated < bookValue - residual ? rated : bookValue - residual);
            const floor = charged / BigInt(year.length);
            for (const l of year) expect(l.chargeMinor === floor || l.chargeMinor === floor + 1n).toBe(true);
            bookValue -= charged;
            expect(bookValue >= residual).toBe(true);
          }
          expect(bookValue).toBe(residual);
        },
      ),
    );
  });

  it("any schedule's months sum exactly to its base, each within one minor unit of base ÷ months", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 600 }), (base, months) => {
        const asset: FixedAssetState = {
          def: {
            assetId: "X",
            name: "X",
            unit: "USP",
            acquiredOn: "2026-01-01",
            costMinor: base,
            residualMinor: 0n,
            method: "garis-lurus",
            lifeMonths: undefined,
          },
          months,
          segments: [{ from: 0, chargedBeforeMinor: 0n, baseMinor: base, startValueMinor: base, months }],
          impairments: [],
          startMonth: "2026-02",
          via: "1101",
          enteredOn: "2026-01-01",
          monthsDone: 0,
          accumulatedMinor: 0n,
          depreciatedThrough: undefined,
          disposedOn: undefined,
        };
        const floor = base / BigInt(months);
        let sum = 0n;
        for (let k = 0; k < months; k++) {
          const charge = nextCharge(asset) as bigint;
          expect(charge === floor || charge === floor + 1n).toBe(true);
          sum += charge;
          asset.monthsDone += 1;
        }
        expect(nextCharge(asset)).toBeUndefined();
        expect(sum).toBe(base);
      }),
    );
  });
});
