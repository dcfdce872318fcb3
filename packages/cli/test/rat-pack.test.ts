/**
 * The printable RAT pack in a real browser: Debian's Chromium, driven by playwright-core, renders the
 * demo year's pack; the totals it shows are the engine's figures, and it prints to a PDF.
 * Chromium must be installed (CI installs it with apt-get); a missing browser fails, never skips.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRupiah, notesSummary, ratStatements, shuTable } from "@lumbung/core";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { runDemo } from "../src/demo.js";
import { renderRatPackHtml } from "../src/render-html.js";

const CHROMIUM = "/usr/bin/chromium";

describe("the RAT pack in headless Chromium", () => {
  it("shows the engine's totals and prints to PDF", async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    const demo = await runDemo({ log: () => {}, members: 120 });
    const year = String(demo.year);
    const dir = mkdtempSync(join(tmpdir(), "lumbung-rat-"));
    const file = join(dir, `rat-${year}.html`);
    writeFileSync(file, renderRatPackHtml(demo.state, demo.events, year));
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
      const rp = (minor: bigint) => formatRupiah(minor, demo.state.config.scale);
      const { posisiKeuangan, hasilUsaha, perubahanEkuitas, arusKas } = ratStatements(demo.state, demo.events, year);
      expect(shown.aset).toBe(rp(posisiKeuangan.totalAset.currentMinor));
      expect(shown.kewajiban).toBe(rp(posisiKeuangan.totalKewajiban.currentMinor));
      expect(shown.ekuitas).toBe(rp(posisiKeuangan.totalEkuitas.currentMinor));
      // Assets = liabilities + equity, read back from the page.
      const value = (text: string | undefined) => BigInt((text ?? "").replace(/Rp|\./g, ""));
      expect(value(shown.aset)).toBe(value(shown.kewajiban) + value(shown.ekuitas));
      expect(shown.pendapatan).toBe(rp(hasilUsaha.totalPendapatan.currentMinor));
      expect(shown.shu).toBe(rp(hasilUsaha.shu.currentMinor));
      expect(shown["shu-anggota"]).toBe(rp(hasilUsaha.shuAnggota.currentMinor));
      expect(shown["ekuitas-akhir"]).toBe(rp(perubahanEkuitas.totalCurrent.closingMinor));
      expect(shown["kas-akhir"]).toBe(rp(arusKas.current.closingCashMinor));
      const notes = notesSummary(demo.state, demo.events, `${year}-12-31`);
      expect(shown["simpanan-sukarela"]).toBe(rp(notes.savings.find((s) => s.kind === "sukarela")?.totalMinor ?? 0n));
      expect(shown.persediaan).toBe(rp(notes.stockTotalMinor));
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
      expect(await page.locator("figure").first().locator("rect").count()).toBe(3);
      const pdf = join(dir, `rat-${year}.pdf`);
      await page.pdf({ path: pdf, format: "A4", printBackground: true });
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      expect(statSync(pdf).size).toBeGreaterThan(20_000);
    } finally {
      await context.close();
    }
  }, 180_000);
});
