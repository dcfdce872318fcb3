import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import { budgetRealization } from "../src/closing/statements.js";
import { replay } from "../src/verify.js";
import { makeTestBook, snapshot } from "./helpers.js";
import { expectRejections, stateOf } from "./shop.js";

const A = ACCOUNTS;
const book2026 = async (today = "2026-06-10") => {
  const book = await makeTestBook({ today, savings: { pokok: "0", wajibMonthly: "0", sukarela: { ratePerYear: "0" } } });
  const journal = (date: string, debit: string, credit: string, amount: string, unit = "USP") =>
    book.run({
      type: "PostJournal",
      date,
      memo: "transaksi",
      lines: [
        { account: debit, debit: amount, unit },
        { account: credit, credit: amount, unit },
      ],
    });
  return { book, journal };
};

describe("the budget (RAPB) and its realization", () => {
  it("sets a year's budget, replaces it when revised, and sets realization beside it per account and unit", async () => {
    const { book, journal } = await book2026();
    const rapb = (date: string, memo: string, income: string) =>
      book.run({
        type: "SetBudget",
        year: "2026",
        date,
        memo,
        lines: [
          { account: A.pendapatanLain, amount: income },
          { account: A.bebanListrik, amount: "1800000" },
          { account: A.bebanAtk, amount: "600000", unit: "TOKO" },
        ],
      });
    await rapb("2026-02-20", "RAPB 2026", "10000000");
    // Revised: the whole budget is replaced, not merged.
    const revised = await rapb("2026-03-01", "RAPB 2026, revisi", "Rp8.000.000");
    expect(revised.events[0]?.postings).toEqual([]);
    await journal("2026-03-10", A.kas, A.pendapatanLain, "3000000");
    await journal("2026-04-10", A.kas, A.pendapatanLain, "2000000");
    await journal("2026-03-25", A.bebanListrik, A.kas, "150000");
    await journal("2026-04-25", A.bebanListrik, A.kas, "160000");
    await journal("2026-04-26", A.bebanAtk, A.kas, "45000", "TOKO");
    // Not in the budget: shown with its realization, marked unbudgeted.
    await journal("2026-04-27", A.bebanGaji, A.kas, "500000");
    const state = await stateOf(book);
    const report = budgetRealization(state, book.events(), "2026");
    expect(report.set).toBe(true);
    expect(report.pendapatan.map((l) => [l.account, l.unit, l.budgetMinor, l.actualMinor, l.differenceMinor, l.realizedPermille])).toEqual([
      [A.pendapatanLain, "USP", 8_000_000n, 5_000_000n, -3_000_000n, 625n],
    ]);
    expect(report.beban.map((l) => [l.account, l.unit, l.budgeted, l.budgetMinor, l.actualMinor, l.realizedPermille])).toEqual([
      [A.bebanGaji, "USP", false, 0n, 500_000n, undefined],
      [A.bebanListrik, "USP", true, 1_800_000n, 310_000n, 172n],
      [A.bebanAtk, "TOKO", true, 600_000n, 45_000n, 75n],
    ]);
    expect(report.totals).toEqual({
      pendapatan: { budgetMinor: 8_000_000n, actualMinor: 5_000_000n },
      beban: { budgetMinor: 2_400_000n, actualMinor: 855_000n },
      surplus: { budgetMinor: 5_600_000n, actualMinor: 4_145_000n },
    });
    // One unit's.
    const toko = budgetRealization(state, book.events(), "2026", { unit: "TOKO" });
    expect([...toko.pendapatan, ...toko.beban].map((l) => l.account)).toEqual([A.bebanAtk]);
    // So far in the year: the realization through 31 March against the year's budget.
    const march = budgetRealization(state, book.events(), "2026", { through: "2026-03-31" });
    expect(march.through).toBe("2026-03-31");
    expect(march.pendapatan.map((l) => [l.actualMinor, l.realizedPermille])).toEqual([[3_000_000n, 375n]]);
    expect(() => budgetRealization(state, book.events(), "2026", { through: "2027-01-31" })).toThrow(RangeError);
    // A year with no budget: realization only.
    expect(budgetRealization(state, book.events(), "2027").set).toBe(false);
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
  });

  it("leaves the year-close entries out of the realization of a closed year", async () => {
    const { book, journal } = await book2026("2027-01-20");
    await book.run({
      type: "SetBudget",
      year: "2026",
      date: "2026-01-05",
      memo: "RAPB",
      lines: [{ account: A.pendapatanLain, amount: "1000000" }],
    });
    await journal("2026-05-10", A.kas, A.pendapatanLain, "1200000");
    for (let m = 1; m <= 12; m++) await book.run({ type: "CloseMonth", month: `2026-${String(m).padStart(2, "0")}` });
    const report = budgetRealization(await stateOf(book), book.events(), "2026");
    expect(report.pendapatan.map((l) => [l.actualMinor, l.realizedPermille])).toEqual([[1_200_000n, 1200n]]);
  });

  it("refuses a budget for a closed or unknown year, on a balance-sheet account, with a line twice, or an amount that does not read; nothing is written", async () => {
    const { book } = await book2026("2027-02-20");
    for (let m = 1; m <= 12; m++) await book.run({ type: "CloseMonth", month: `2026-${String(m).padStart(2, "0")}` });
    const budget = (year: string, lines: unknown[], date = "2027-02-20") => ({ type: "SetBudget", year, date, memo: "RAPB", lines });
    const line = { account: A.pendapatanLain, amount: "1000000" };
    await expectRejections(book, [
      [budget("2026", [line]), "BudgetRejected", "year-closed"],
      [budget("2025", [line]), "BudgetRejected", "year"],
      [budget("2029", [line]), "BudgetRejected", "year"],
      [budget("2027", [{ account: A.kas, amount: "1000000" }]), "BudgetRejected", "account"],
      [budget("2027", [line, { ...line, amount: "5" }]), "BudgetRejected", "duplicate"],
      [budget("2027", [{ account: "9999", amount: "1" }]), "UnknownAccount"],
      [budget("2027", [{ ...line, unit: "BENGKEL" }]), "UnknownUnit"],
      [budget("2027", [{ ...line, amount: "sejuta" }]), "InvalidAmount"],
      [budget("2027", [{ ...line, amount: "-1" }]), "InvalidAmount"],
      [budget("2027", []), "InvalidCommand"],
      [budget("27", [line]), "InvalidCommand"],
      [budget("2027", [line], "2026-12-31"), "PeriodClosed"],
    ]);
    // The same account in two units is two lines, and a budget for next year may be set now.
    await book.run(budget("2028", [line, { ...line, unit: "TOKO" }]));
  });
});
