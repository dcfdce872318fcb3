/**
 * The printable packs in a real browser: Debian's Chromium, driven by playwright-core, renders the
 * demo year's RAT pack and its periodic packs (a half year, a quarter); the totals they show are the
 * engine's figures, and they print to PDF.
 * Chromium must be installed (CI installs it with apt-get); a missing browser fails, never skips.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ACCOUNTS,
  budgetRealization,
  cashFlowStatementFor,
  financialPositionAt,
  formatRupiah,
  notesSummary,
  ratStatements,
  resultOfOperationsFor,
  shuTable,
} from "@lumbung/core";
import { chromium, type Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../src/demo.js";
// Through the package's entry point, as an app imports them.
import { renderPeriodPackHtml, renderRatPackHtml } from "../src/index.js";

const CHROMIUM = "/usr/bin/chromium";

let demo: Awaited<ReturnType<typeof runDemo>>;
beforeAll(async () => {
  demo = await runDemo({ log: () => {}, members: 120 });
}, 180_000);

/** Opens `html` in headless Chromium; gives the page and the figures of its `data-total` cells. */
const inChromium = async (html: string, work: (page: Page, shown: Record<string, string>, dir: string) => Promise<void>) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const dir = mkdtempSync(join(tmpdir(), "lumbung-pack-"));
  const file = join(dir, "pack.html");
  writeFileSync(file, html);
  const context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    const shown = Object.fromEntries(
      await page.$$eval("[data-total]", (cells) => cells.map((c) => [c.getAttribute("data-total"), (c.textContent ?? "").trim()])),
    ) as Record<string, string>;
    await work(page, shown, dir);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/** A figure as the page shows it (Rp1.234.567, or -Rp…), back to rupiah. */
const value = (text: string | undefined) => BigInt((text ?? "").replace(/Rp|\./g, ""));

describe("the RAT pack in headless Chromium", () => {
  it("shows the engine's totals and prints to PDF", async () => {
    const year = String(demo.year);
    await inChromium(renderRatPackHtml(demo.state, demo.events, year), async (page, shown, dir) => {
      const rp = (minor: bigint) => formatRupiah(minor, demo.state.config.scale);
      const { posisiKeuangan, hasilUsaha, perubahanEkuitas, arusKas } = ratStatements(demo.state, demo.events, year);
      expect(shown.aset).toBe(rp(posisiKeuangan.totalAset.currentMinor));
      expect(shown.kewajiban).toBe(rp(posisiKeuangan.totalKewajiban.currentMinor));
      expect(shown.ekuitas).toBe(rp(posisiKeuangan.totalEkuitas.currentMinor));
      // Assets = liabilities + equity, read back from the page.
      expect(value(shown.aset)).toBe(value(shown.kewajiban) + value(shown.ekuitas));
      expect(shown.pendapatan).toBe(rp(hasilUsaha.totalPendapatan.currentMinor));
      expect(shown.shu).toBe(rp(hasilUsaha.shu.currentMinor));
      expect(shown["shu-anggota"]).toBe(rp(hasilUsaha.shuAnggota.currentMinor));
      expect(shown["ekuitas-akhir"]).toBe(rp(perubahanEkuitas.totalCurrent.closingMinor));
      expect(shown["kas-akhir"]).toBe(rp(arusKas.current.closingCashMinor));
      const notes = notesSummary(demo.state, demo.events, `${year}-12-31`);
      expect(shown["simpanan-sukarela"]).toBe(rp(notes.savings.find((s) => s.kind === "sukarela")?.totalMinor ?? 0n));
      // The demo's year-long deposit, rolled over at each maturity, is what Simpanan Berjangka holds at the year's end.
      expect(shown["simpanan-berjangka"]).toBe(rp(notes.savings.find((s) => s.kind === "berjangka")?.totalMinor ?? 0n));
      expect(shown["simpanan-berjangka"]).toBe(rp(10_000_000n));
      expect(shown.persediaan).toBe(rp(notes.stockTotalMinor));
      // The demo's freezer, motorbike and laptop, at cost; the register's total is what Aset Tetap holds.
      expect(notes.fixedAssets.map((a) => a.assetId)).toEqual(["FREEZER-1", "MOTOR-1", "LAPTOP-1"]);
      expect(shown["aset-tetap"]).toBe(rp(notes.fixedAssetsCostMinor));
      expect(notes.fixedAssetsCostMinor).toBe(demo.state.accounts.get(ACCOUNTS.asetTetap)?.balanceMinor);
      // The RAPB beside its realization: the page's totals are the engine's, and the realized
      // income and expenses are the statement of operations' (the closing entries left out of both).
      const budget = budgetRealization(demo.state, demo.events, year);
      expect(budget.set).toBe(true);
      expect(shown["anggaran-pendapatan"]).toBe(rp(budget.totals.pendapatan.actualMinor));
      expect(shown["anggaran-beban"]).toBe(rp(budget.totals.beban.actualMinor));
      expect(shown["anggaran-selisih"]).toBe(rp(budget.totals.surplus.actualMinor));
      expect(budget.totals.pendapatan.actualMinor).toBe(hasilUsaha.totalPendapatan.currentMinor);
      expect(budget.totals.surplus.actualMinor).toBe(hasilUsaha.shu.currentMinor);
      expect(shown["shu-dibagi"]).toBe(rp(shuTable(demo.state, demo.events, year)?.totals.totalMinor ?? 0n));
      // Each unit's statements, and the units' SHU adding up to the koperasi's.
      let unitsShu = 0n;
      for (const unit of demo.state.config.units) {
        const own = ratStatements(demo.state, demo.events, year, { unit: unit.code });
        const key = unit.code.toLowerCase();
        expect(shown[`aset-${key}`]).toBe(rp(own.posisiKeuangan.totalAset.currentMinor));
        expect(value(shown[`aset-${key}`])).toBe(value(shown[`kewajiban-${key}`]) + value(shown[`ekuitas-${key}`]));
        expect(shown[`shu-${key}`]).toBe(rp(own.hasilUsaha.shu.currentMinor));
        unitsShu += value(shown[`shu-${key}`]);
      }
      expect(unitsShu).toBe(hasilUsaha.shu.currentMinor);
      // The two charts are drawn, one bar per savings kind and per kolektibilitas class.
      expect(await page.locator("figure svg").count()).toBe(2);
      expect(await page.locator("figure").first().locator("rect").count()).toBe(4);
      const pdf = join(dir, `rat-${year}.pdf`);
      await page.pdf({ path: pdf, format: "A4", printBackground: true });
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      expect(statSync(pdf).size).toBeGreaterThan(20_000);
    });
  }, 180_000);
});

describe("the periodic pack (laporan berkala) in headless Chromium", () => {
  it("shows a half year's and a quarter's figures as the interim statements give them, and prints to PDF", async () => {
    const year = String(demo.year);
    const rp = (minor: bigint) => formatRupiah(minor, demo.state.config.scale);
    const periods = [
      { from: `${year}-01-01`, to: `${year}-06-30` },
      { from: `${year}-04-01`, to: `${year}-06-30` },
      { from: `${year}-07-01`, to: `${year}-09-30` },
    ];
    const shuOf: bigint[] = [];
    for (const period of periods) {
      await inChromium(renderPeriodPackHtml(demo.state, demo.events, period), async (page, shown, dir) => {
        const position = financialPositionAt(demo.state, demo.events, period.to);
        const operations = resultOfOperationsFor(demo.state, demo.events, period);
        const cash = cashFlowStatementFor(demo.state, demo.events, period);
        expect(await page.locator("h1").textContent()).toContain(`${period.from} s.d. ${period.to}`);
        expect(shown.aset).toBe(rp(position.totalAset.currentMinor));
        expect(value(shown.aset)).toBe(value(shown.kewajiban) + value(shown.ekuitas));
        expect(shown.pendapatan).toBe(rp(operations.totalPendapatan.currentMinor));
        expect(shown.shu).toBe(rp(operations.shu.currentMinor));
        // The period's cash: opening plus the three activities is closing, on the page.
        expect(shown["kas-akhir"]).toBe(rp(cash.current.closingCashMinor));
        const net = ["operasi", "investasi", "pendanaan"].reduce((sum, a) => sum + value(shown[`arus-${a}`]), 0n);
        expect(value(shown["kas-awal"]) + net).toBe(value(shown["kas-akhir"]));
        // The notes at the period's last day.
        const notes = notesSummary(demo.state, demo.events, period.to);
        expect(shown.persediaan).toBe(rp(notes.stockTotalMinor));
        // The year's budget, realized from 1 January to the period's last day: for the half year, the
        // same income as the period's statement of operations.
        const budget = budgetRealization(demo.state, demo.events, year, { through: period.to });
        expect(await page.locator("h2", { hasText: "Anggaran (RAPB)" }).textContent()).toContain(`realisasi s.d. ${period.to}`);
        expect(shown["anggaran-pendapatan"]).toBe(rp(budget.totals.pendapatan.actualMinor));
        if (period.from === `${year}-01-01`) expect(budget.totals.pendapatan.actualMinor).toBe(operations.totalPendapatan.currentMinor);
        // Each unit, and the units' SHU adding up to the koperasi's.
        let unitsShu = 0n;
        for (const unit of demo.state.config.units) {
          const key = unit.code.toLowerCase();
          expect(shown[`aset-${key}`]).toBe(
            rp(financialPositionAt(demo.state, demo.events, period.to, { unit: unit.code }).totalAset.currentMinor),
          );
          unitsShu += value(shown[`shu-${key}`]);
        }
        expect(unitsShu).toBe(value(shown.shu));
        shuOf.push(value(shown.shu));
        const pdf = join(dir, "berkala.pdf");
        await page.pdf({ path: pdf, format: "A4", printBackground: true });
        expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      });
    }
    // The first quarter's SHU (the half year's less the second quarter's) is that of the first quarter's own statement.
    const q1 = resultOfOperationsFor(demo.state, demo.events, { from: `${year}-01-01`, to: `${year}-03-31` });
    expect((shuOf[0] as bigint) - (shuOf[1] as bigint)).toBe(q1.shu.currentMinor);
  }, 180_000);
});
