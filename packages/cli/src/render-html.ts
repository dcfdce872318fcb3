/**
 * The printable packs, each one HTML page. The RAT pack: the year's statements (consolidated, each
 * with the prior year), the notes summary with charts of savings by kind and of loans by
 * kolektibilitas (inline SVG, no script), the health indicators and the SHU table. The periodic pack
 * (laporan berkala) of a quarter or half year: the position at its last day beside the last year
 * end, the operations of the period beside the same days a year earlier, its cash flows and the notes
 * at its last day. Every total carries a `data-total` attribute so that a test (or an auditor's
 * script) can read the rendered figures back.
 */
import {
  type BookState,
  type BudgetRealization,
  type BudgetRealizationLine,
  budgetRealization,
  budgetRealizationFilters,
  type CashFlowStatement,
  cashFlowReadsFor,
  cashFlowStatementFor,
  combineReads,
  eventsOf,
  type FinancialPosition,
  financialPositionAt,
  financialPositionFilters,
  formatRupiah,
  healthIndicators,
  healthReads,
  type LogReads,
  type NotesSummary,
  notesReads,
  notesSummary,
  postingSourceOf,
  type ReportSource,
  type ResultOfOperations,
  ratStatements,
  ratStatementsReads,
  resultOfOperationsFor,
  resultOfOperationsForFilters,
  type Scale,
  shuTable,
  shuTableEvents,
} from "@lumbung/core";
import { type Lang, lineLabel, type MemberLabel, sukarelaRateText } from "./render.js";
import { impairmentText, percentText, permilleText } from "./render-rat.js";

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A horizontal bar chart in SVG: one bar per label, scaled to the largest value. */
const barChart = (title: string, bars: ReadonlyArray<{ label: string; value: bigint; text: string }>): string => {
  const max = bars.reduce((m, b) => (b.value > m ? b.value : m), 0n);
  const height = 28 * bars.length + 10;
  const rows = bars
    .map((b, i) => {
      // Widths are drawing units, not money: the ratio to the largest bar, in whole pixels.
      const width = max === 0n ? 0 : Number((b.value * 400n) / max);
      const y = 5 + 28 * i;
      return `<text x="0" y="${y + 16}" font-size="12">${html(b.label)}</text><rect x="110" y="${y}" width="${width}" height="20" fill="#2f6f4f"></rect><text x="${115 + width}" y="${y + 15}" font-size="12">${html(b.text)}</text>`;
    })
    .join("");
  return `<figure><figcaption>${html(title)}</figcaption><svg role="img" aria-label="${html(title)}" width="680" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows}</svg></figure>`;
};

/** The parts both packs are made of, in the book's scale and the reader's language. */
const packParts = (state: BookState, lang: Lang) => {
  const en = lang === "en";
  const scale: Scale = state.config.scale;
  const rp = (minor: bigint) => html(formatRupiah(minor, scale));
  const section = (title: string, key: string, lines: FinancialPosition["aset"], total: FinancialPosition["totalAset"]) =>
    `<tr class="section"><th colspan="3">${html(title)}</th></tr>${lines
      .map(
        (l) =>
          `<tr><td>${html(lineLabel(l, lang))}</td><td class="n">${rp(l.currentMinor)}</td><td class="n">${rp(l.priorMinor)}</td></tr>`,
      )
      .join(
        "",
      )}<tr class="total"><td>${en ? "Total" : "Jumlah"} ${html(title.toLowerCase())}</td><td class="n" data-total="${key}">${rp(total.currentMinor)}</td><td class="n">${rp(total.priorMinor)}</td></tr>`;
  const resultLines = (lines: ResultOfOperations["pendapatan"]) =>
    lines
      .map(
        (l) =>
          `<tr><td>${html(`${l.code} ${l.name}`)}</td><td class="n">${rp(l.anggotaMinor)}</td><td class="n">${rp(l.nonAnggotaMinor)}</td><td class="n">${rp(l.umumMinor)}</td><td class="n">${rp(l.currentMinor)}</td><td class="n">${rp(l.priorMinor)}</td></tr>`,
      )
      .join("");
  /** The whole page around its sections. */
  const page = (title: string, intro: string, sections: string) => `<!doctype html>
<html lang="${en ? "en" : "id"}"><head><meta charset="utf-8"><title>${html(title)}</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; page-break-after: avoid; }
table { border-collapse: collapse; margin: 0.5em 0 1em; } td, th { padding: 2px 10px; border-bottom: 1px solid #ddd; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.section th { text-align: left; background: #eef4ef; } tr.total td { font-weight: bold; border-top: 2px solid #999; }
figure { margin: 1em 0; } figcaption { font-weight: bold; margin-bottom: 0.3em; }
@media print { h2 { page-break-before: auto; } }
</style></head><body>
<h1>${html(title)}</h1>
<p>${html(intro)}</p>
<p class="anchor" data-anchor="${state.seq}:${state.hash}">${html(
    en
      ? `Computed from the book's log through event #${state.seq}, hash ${state.hash}. To check later that the log still holds it: lumbung verify --book ${state.config.bookId} --anchor ${state.seq}:${state.hash}`
      : `Dihitung dari log peristiwa buku sampai peristiwa #${state.seq}, hash ${state.hash}. Untuk memeriksa kelak bahwa log masih memuatnya: lumbung verify --book ${state.config.bookId} --anchor ${state.seq}:${state.hash}`,
  )}</p>

${sections}
</body></html>
`;
  /** The statement of financial position, its two columns headed `now` and `then`. */
  const position = (
    p: FinancialPosition,
    heading: string,
    now: string,
    then: string,
  ) => `<h2>${en ? "Statement of financial position" : "Laporan posisi keuangan"} ${html(heading)}</h2>
<table><tr><th></th><th>${html(now)}</th><th>${html(then)}</th></tr>
${section(en ? "Assets" : "Aset", "aset", p.aset, p.totalAset)}
${section(en ? "Liabilities" : "Kewajiban", "kewajiban", p.kewajiban, p.totalKewajiban)}
${section(en ? "Equity" : "Ekuitas", "ekuitas", p.ekuitas, p.totalEkuitas)}
</table>`;
  const operations = (
    r: ResultOfOperations,
    heading: string,
    now: string,
    then: string,
  ) => `<h2>${en ? "Statement of operations" : "Laporan hasil usaha"} ${html(heading)}</h2>
<table><tr><th></th><th>${en ? "Members" : "Anggota"}</th><th>${en ? "Non-members" : "Non-anggota"}</th><th>${en ? "Common" : "Umum"}</th><th>${html(now)}</th><th>${html(then)}</th></tr>
<tr class="section"><th colspan="6">${en ? "Income" : "Pendapatan"}</th></tr>${resultLines(r.pendapatan)}
<tr class="total"><td colspan="4">${en ? "Total income" : "Jumlah pendapatan"}</td><td class="n" data-total="pendapatan">${rp(r.totalPendapatan.currentMinor)}</td><td class="n">${rp(r.totalPendapatan.priorMinor)}</td></tr>
<tr class="section"><th colspan="6">${en ? "Expenses" : "Beban"}</th></tr>${resultLines(r.beban)}
<tr class="total"><td colspan="4">${en ? "Total expenses" : "Jumlah beban"}</td><td class="n" data-total="beban">${rp(r.totalBeban.currentMinor)}</td><td class="n">${rp(r.totalBeban.priorMinor)}</td></tr>
<tr><td colspan="4">${en ? "Income tax" : "Pajak penghasilan"}</td><td class="n" data-total="pajak">${rp(r.pajakPenghasilan.currentMinor)}</td><td class="n">${rp(r.pajakPenghasilan.priorMinor)}</td></tr>
<tr class="total"><td colspan="4">SHU</td><td class="n" data-total="shu">${rp(r.shu.currentMinor)}</td><td class="n">${rp(r.shu.priorMinor)}</td></tr>
<tr><td colspan="4">${en ? "SHU from members' business" : "SHU bagian anggota"}</td><td class="n" data-total="shu-anggota">${rp(r.shuAnggota.currentMinor)}</td><td class="n">${rp(r.shuAnggota.priorMinor)}</td></tr>
<tr><td colspan="4">${en ? "SHU from non-members' business" : "SHU bagian non-anggota"}</td><td class="n" data-total="shu-non-anggota">${rp(r.shuNonAnggota.currentMinor)}</td><td class="n">${rp(r.shuNonAnggota.priorMinor)}</td></tr>
</table>`;
  /** Each business unit's position and operations, from `statementsOf(unit code)`. */
  const units = (
    statementsOf: (unit: string) => { readonly position: FinancialPosition; readonly operations: ResultOfOperations },
    heading: string,
    now: string,
    then: string,
  ) =>
    state.config.units
      .map((u) => {
        const { position: up, operations: ur } = statementsOf(u.code);
        const key = u.code.toLowerCase();
        return `<h2>${html(`${u.name} (${u.code})`)}: ${en ? "position and operations" : "posisi keuangan dan hasil usaha"} ${html(heading)}</h2>
<table><tr><th></th><th>${html(now)}</th><th>${html(then)}</th></tr>
${section(en ? "Assets" : "Aset", `aset-${key}`, up.aset, up.totalAset)}
${section(en ? "Liabilities" : "Kewajiban", `kewajiban-${key}`, up.kewajiban, up.totalKewajiban)}
${section(en ? "Equity" : "Ekuitas", `ekuitas-${key}`, up.ekuitas, up.totalEkuitas)}
<tr><td>${en ? "Income" : "Pendapatan"}</td><td class="n">${rp(ur.totalPendapatan.currentMinor)}</td><td class="n">${rp(ur.totalPendapatan.priorMinor)}</td></tr>
<tr><td>${en ? "Expenses and tax" : "Beban dan pajak"}</td><td class="n">${rp(ur.totalBeban.currentMinor + ur.pajakPenghasilan.currentMinor)}</td><td class="n">${rp(ur.totalBeban.priorMinor + ur.pajakPenghasilan.priorMinor)}</td></tr>
<tr class="total"><td>SHU ${html(u.code)}</td><td class="n" data-total="shu-${key}">${rp(ur.shu.currentMinor)}</td><td class="n">${rp(ur.shu.priorMinor)}</td></tr>
</table>`;
      })
      .join("\n");
  /** The statement of cash flows of a year (`interim` false) or of a period. */
  const cashFlows = (
    k: CashFlowStatement,
    heading: string,
  ) => `<h2>${en ? "Statement of cash flows (direct method)" : "Laporan arus kas (metode langsung)"} ${html(heading)}</h2>
<table><tr><th></th><th>${en ? "Received" : "Diterima"}</th><th>${en ? "Paid" : "Dibayar"}</th></tr>
${(["operasi", "investasi", "pendanaan"] as const)
  .map(
    (a) =>
      `<tr class="section"><th colspan="3">${html(a)}</th></tr>${k.current.lines
        .filter((l) => l.activity === a)
        .map(
          (l) => `<tr><td>${html(`${l.code} ${l.name}`)}</td><td class="n">${rp(l.inMinor)}</td><td class="n">${rp(l.outMinor)}</td></tr>`,
        )
        .join(
          "",
        )}<tr class="total"><td colspan="2">${en ? "Net" : "Bersih"}</td><td class="n" data-total="arus-${a}">${rp(k.current.netByActivity[a])}</td></tr>`,
  )
  .join("")}
<tr><td colspan="2">${k.interim ? (en ? "Cash at the beginning of the period" : "Kas awal periode") : en ? "Cash at the beginning of the year" : "Kas awal tahun"}</td><td class="n" data-total="kas-awal">${rp(k.current.openingCashMinor)}</td></tr>
<tr class="total"><td colspan="2">${k.interim ? (en ? "Cash at the end of the period" : "Kas akhir periode") : en ? "Cash at the end of the year" : "Kas akhir tahun"}</td><td class="n" data-total="kas-akhir">${rp(k.current.closingCashMinor)}</td></tr>
</table>`;
  const notes = (n: NotesSummary) => `${barChart(
    en ? "Savings by kind" : "Simpanan menurut jenis",
    n.savings.map((s) => ({ label: s.kind, value: s.totalMinor, text: formatRupiah(s.totalMinor, scale) })),
  )}
<table><tr><th>${en ? "Savings" : "Simpanan"}</th><th>${en ? "Members" : "Anggota"}</th><th>${en ? "Total" : "Jumlah"}</th></tr>
${n.savings.map((s) => `<tr><td>${html(s.kind)}</td><td class="n">${s.members}</td><td class="n" data-total="simpanan-${s.kind}">${rp(s.totalMinor)}</td></tr>`).join("")}</table>${
    n.pledgedDepositsMinor === 0n
      ? ""
      : `
<p>${en ? "Of the time deposits, pledged as collateral for loans" : "Dari simpanan berjangka, yang dijaminkan untuk pinjaman"}: <span data-total="berjangka-dijaminkan">${rp(n.pledgedDepositsMinor)}</span></p>`
  }
<p>${en ? "Jasa on sukarela" : "Jasa simpanan sukarela"}: ${html(sukarelaRateText(n.sukarelaRate, scale, lang))}</p>
${barChart(
  en ? "Loans by kolektibilitas" : "Pinjaman menurut kolektibilitas",
  n.loans.map((l) => ({
    label: l.kolektibilitas,
    value: l.outstandingMinor,
    text: `${formatRupiah(l.outstandingMinor, scale)} (${l.loans})`,
  })),
)}
<table><tr><th>${en ? "Kolektibilitas" : "Kolektibilitas"}</th><th>${en ? "Loans" : "Pinjaman"}</th><th>${en ? "Outstanding" : "Pokok terutang"}</th><th>${en ? "Allowance" : "Cadangan kerugian"}</th></tr>
${n.loans.map((l) => `<tr><td>${html(l.kolektibilitas)}</td><td class="n">${l.loans}</td><td class="n">${rp(l.outstandingMinor)}</td><td class="n">${rp(l.allowanceMinor)}</td></tr>`).join("")}</table>
<p>${en ? "Stock at cost" : "Persediaan (harga pokok)"}: <span data-total="persediaan">${rp(n.stockTotalMinor)}</span></p>${
    n.fixedAssets.length === 0
      ? ""
      : `
<table><tr><th>${en ? "Fixed asset" : "Aset tetap"}</th><th>${en ? "Method" : "Metode"}</th><th>${en ? "Cost" : "Harga perolehan"}</th><th>${en ? "Accumulated depreciation" : "Akumulasi penyusutan"}</th><th>${en ? "Book value" : "Nilai buku"}</th></tr>
${n.fixedAssets.map((a) => `<tr><td>${html(`${a.assetId} ${a.name}`)}</td><td>${a.method === "garis-lurus" ? (en ? "straight line" : "garis lurus") : en ? "declining balance" : "saldo menurun"}, ${a.months} ${en ? "months" : "bulan"}${html(impairmentText(a, (minor) => formatRupiah(minor, scale), lang))}</td><td class="n">${rp(a.costMinor)}</td><td class="n">${rp(a.accumulatedMinor)}</td><td class="n">${rp(a.bookValueMinor)}</td></tr>`).join("")}
<tr class="total"><td>${en ? "Total" : "Jumlah"}</td><td></td><td class="n" data-total="aset-tetap">${rp(n.fixedAssetsCostMinor)}</td><td class="n">${rp(n.fixedAssetsAccumulatedMinor)}</td><td class="n">${rp(n.fixedAssetsCostMinor - n.fixedAssetsAccumulatedMinor)}</td></tr></table>`
  }`;
  return { en, rp, page, position, operations, units, cashFlows, notes };
};

/** The year's RAPB beside its realization, for the pengurus's account to the RAT; a note when none was set. */
const budgetSection = (b: BudgetRealization, en: boolean, rp: (minor: bigint) => string): string => {
  const through = b.through === `${b.year}-12-31` ? "" : en ? `, realized through ${b.through}` : `, realisasi s.d. ${b.through}`;
  const title = `<h2>${en ? "Budget (RAPB) and its realization" : "Anggaran (RAPB) dan realisasinya"} ${b.year}${through}</h2>`;
  if (!b.set) return `${title}\n<p>${en ? "The RAT set no budget for this year." : "RAT tidak menetapkan anggaran untuk tahun ini."}</p>`;
  const row = (l: BudgetRealizationLine) =>
    `<tr><td>${html(`${l.account} ${l.name}${l.budgeted ? "" : en ? " (not budgeted)" : " (tidak dianggarkan)"}`)}</td><td>${html(l.unit)}</td><td class="n">${rp(l.budgetMinor)}</td><td class="n">${rp(l.actualMinor)}</td><td class="n">${permilleText(l.realizedPermille)}</td></tr>`;
  const total = (label: string, key: string, t: { budgetMinor: bigint; actualMinor: bigint }) =>
    `<tr class="total"><td colspan="2">${label}</td><td class="n">${rp(t.budgetMinor)}</td><td class="n" data-total="${key}">${rp(t.actualMinor)}</td><td></td></tr>`;
  return `${title}
<table><tr><th>${en ? "Account" : "Akun"}</th><th>Unit</th><th>${en ? "Budget" : "Anggaran"}</th><th>${en ? "Actual" : "Realisasi"}</th><th>%</th></tr>
${b.pendapatan.map(row).join("")}
${total(en ? "Total income" : "Jumlah pendapatan", "anggaran-pendapatan", b.totals.pendapatan)}
${b.beban.map(row).join("")}
${total(en ? "Total expenses" : "Jumlah beban", "anggaran-beban", b.totals.beban)}
${total(en ? "Surplus" : "Selisih hasil usaha", "anggaran-selisih", b.totals.surplus)}
</table>`;
};

/**
 * What the RAT pack of book year `year` reads instead of the whole log: the statements' reads (every
 * unit's too), the notes' and the health indicators', the budget's totals and the year's SHU.
 */
export const ratPackReads = (state: BookState, year: string): LogReads =>
  combineReads(ratStatementsReads(state, year), healthReads(state, year), {
    filters: budgetRealizationFilters(state, year),
    selections: [shuTableEvents(year)],
  });

/** The RAT pack of book year `year`: from the log, or from what {@link ratPackReads} read. */
export const renderRatPackHtml = (
  state: BookState,
  source: ReportSource,
  year: string,
  lang: Lang = "id",
  who: MemberLabel = (memberNo) => memberNo,
): string => {
  const { en, rp, page, position, operations, units, cashFlows, notes } = packParts(state, lang);
  const budget = (b: BudgetRealization) => budgetSection(b, en, rp);
  const { posisiKeuangan: p, hasilUsaha: r, perubahanEkuitas: c, arusKas: k } = ratStatements(state, source, year);
  const health = healthIndicators(state, source, year);
  const shu = shuTable(state, eventsOf(source), year);
  const prior = String(Number(year) - 1);
  const unitStatements = (unit: string) => {
    const statements = ratStatements(state, source, year, { unit });
    return { position: statements.posisiKeuangan, operations: statements.hasilUsaha };
  };
  return page(
    en ? `RAT pack ${year}: ${state.config.name}` : `Bahan RAT tahun buku ${year}: ${state.config.name}`,
    en
      ? `Book ${state.config.bookId}; figures in rupiah; each statement beside ${prior}.`
      : `Buku ${state.config.bookId}; angka dalam rupiah; setiap laporan disandingkan dengan ${prior}.`,
    `${position(p, p.asOf.current, year, prior)}

${operations(r, year, year, prior)}

${units(unitStatements, year, year, prior)}

<h2>${en ? "Statement of changes in equity" : "Laporan perubahan ekuitas"} ${year}</h2>
<table><tr><th></th><th>${en ? "Opening" : "Saldo awal"}</th><th>${en ? "Increase" : "Penambahan"}</th><th>${en ? "Decrease" : "Pengurangan"}</th><th>${en ? "Closing" : "Saldo akhir"}</th></tr>
${c.current.map((l) => `<tr><td>${html(`${l.code} ${l.name}`)}</td><td class="n">${rp(l.openingMinor)}</td><td class="n">${rp(l.increaseMinor)}</td><td class="n">${rp(l.decreaseMinor)}</td><td class="n">${rp(l.closingMinor)}</td></tr>`).join("")}
<tr class="total"><td>${en ? "Total equity" : "Jumlah ekuitas"}</td><td class="n">${rp(c.totalCurrent.openingMinor)}</td><td class="n">${rp(c.totalCurrent.increaseMinor)}</td><td class="n">${rp(c.totalCurrent.decreaseMinor)}</td><td class="n" data-total="ekuitas-akhir">${rp(c.totalCurrent.closingMinor)}</td></tr>
</table>

${cashFlows(k, year)}

<h2>${en ? "Notes (summary)" : "Ringkasan catatan atas laporan keuangan"}</h2>
${notes(notesSummary(state, source, `${year}-12-31`))}

${budget(budgetRealization(state, postingSourceOf(source), year))}

<h2>${en ? "Health indicators" : "Indikator kesehatan"} ${year}</h2>
<table>${health.map((h) => `<tr><td>${html(en ? h.labelEn : h.label)}</td><td class="n">${percentText(h.basisPoints)}</td></tr>`).join("")}</table>

<h2>${en ? "SHU for members" : "Pembagian SHU kepada anggota"} ${year}</h2>
${
  shu === undefined
    ? `<p>${en ? "The year is not closed yet." : "Tahun buku belum ditutup."}</p>`
    : `<p>${html(shu.distributed ? `${en ? "Distributed by the RAT on" : "Dibagi RAT tanggal"} ${shu.date}` : en ? "Preview before the RAT" : "Pratinjau sebelum RAT")}</p>
<table><tr><th>${en ? "Member" : "Anggota"}</th><th>Jasa modal</th><th>Jasa usaha</th><th>${en ? "Total" : "Jumlah"}</th><th>${en ? "Tax" : "Pajak"}</th><th>${en ? "Received" : "Diterima"}</th></tr>
${shu.rows.map((row) => `<tr><td>${html(who(row.memberNo))}</td><td class="n">${rp(row.jasaModalMinor)}</td><td class="n">${rp(row.jasaUsahaMinor)}</td><td class="n">${rp(row.totalMinor)}</td><td class="n">${rp(row.withheldMinor)}</td><td class="n">${rp(row.netMinor)}</td></tr>`).join("")}
<tr class="total"><td>${en ? "All members" : "Semua anggota"}</td><td class="n">${rp(shu.totals.jasaModalMinor)}</td><td class="n">${rp(shu.totals.jasaUsahaMinor)}</td><td class="n" data-total="shu-dibagi">${rp(shu.totals.totalMinor)}</td><td class="n">${rp(shu.totals.withheldMinor)}</td><td class="n">${rp(shu.totals.netMinor)}</td></tr></table>`
}`,
  );
};

/** What the periodic pack of `period` reads instead of the whole log. */
export const periodPackReads = (state: BookState, period: { readonly from: string; readonly to: string }): LogReads =>
  combineReads(
    {
      filters: [
        ...financialPositionFilters(period.to),
        ...resultOfOperationsForFilters(period),
        ...budgetRealizationFilters(state, period.to.slice(0, 4), { through: period.to }),
      ],
      selections: [],
    },
    cashFlowReadsFor(period),
    notesReads(period.to),
  );

/**
 * The periodic pack (laporan berkala) of `from` … `to` (a quarter or half year, at most a year): the
 * position at `to` beside the last year end, the operations of the period beside the same days a
 * year earlier (consolidated and per unit), the period's cash flows, and the notes at `to`. From the
 * log, or from what {@link periodPackReads} read.
 */
export const renderPeriodPackHtml = (
  state: BookState,
  source: ReportSource,
  period: { readonly from: string; readonly to: string },
  lang: Lang = "id",
): string => {
  const { en, rp, page, position, operations, units, cashFlows, notes } = packParts(state, lang);
  const { to } = period;
  const totals = postingSourceOf(source);
  const p = financialPositionAt(state, totals, to);
  const r = resultOfOperationsFor(state, totals, period);
  const k = cashFlowStatementFor(state, source, period);
  const span = (q: { readonly from: string; readonly to: string }) => `${q.from} ${en ? "to" : "s.d."} ${q.to}`;
  const now = span(r.period.current);
  const then = span(r.period.prior);
  const unitStatements = (unit: string) => ({
    position: financialPositionAt(state, totals, to, { unit }),
    operations: resultOfOperationsFor(state, totals, period, { unit }),
  });
  return page(
    en ? `Periodic report ${span(period)}: ${state.config.name}` : `Laporan keuangan berkala ${span(period)}: ${state.config.name}`,
    en
      ? `Book ${state.config.bookId}; figures in rupiah; the position beside the last year end (${p.asOf.prior}), the operations beside the same days a year earlier. Interim figures, not audited and not closed.`
      : `Buku ${state.config.bookId}; angka dalam rupiah; posisi keuangan disandingkan dengan akhir tahun buku lalu (${p.asOf.prior}), hasil usaha dengan hari yang sama setahun sebelumnya. Angka sementara, belum diaudit dan belum ditutup.`,
    `${position(p, to, to, p.asOf.prior)}

${operations(r, now, now, then)}

${units(unitStatements, now, `${to} / ${now}`, `${p.asOf.prior} / ${then}`)}

${cashFlows(k, now)}

<h2>${en ? "Notes (summary)" : "Ringkasan catatan atas laporan keuangan"} ${to}</h2>
${notes(notesSummary(state, source, to))}

${budgetSection(budgetRealization(state, totals, to.slice(0, 4), { through: to }), en, rp)}`,
  );
};
