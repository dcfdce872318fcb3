/**
 * Terminal rendering of the RAT statements: laporan posisi keuangan, hasil usaha, perubahan
 * ekuitas, arus kas, the notes summary, the SHU table and a member's SHU slip. Each statement shows
 * the year and the year before; labels in Bahasa Indonesia by default, English with `lang: "en"`.
 */
import {
  type AccountLine,
  type CashFlowStatement,
  type ChangesInEquity,
  divideRounded,
  type FinancialPosition,
  formatRupiah,
  type HealthIndicator,
  type NotesSummary,
  type ResultOfOperations,
  type Scale,
  type ShuSlip,
  type ShuTable,
} from "@lumbung/core";
import { type Lang, lineLabel, type MemberLabel, rp, sukarelaRateText, table } from "./render.js";

const en = (lang: Lang) => lang === "en";

const money = (amount: bigint, scale: Scale) => formatRupiah(amount, scale);
const unitLabel = (unit: string | undefined, lang: Lang) =>
  unit === undefined ? (lang === "en" ? "consolidated" : "gabungan") : `unit ${unit}`;

export const renderFinancialPosition = (p: FinancialPosition, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? {
          title: "Statement of financial position",
          aset: "Assets",
          kewajiban: "Liabilities",
          ekuitas: "Equity",
          total: "Total",
          check: "Liabilities and equity",
        }
      : {
          title: "Laporan posisi keuangan",
          aset: "Aset",
          kewajiban: "Kewajiban",
          ekuitas: "Ekuitas",
          total: "Jumlah",
          check: "Kewajiban dan ekuitas",
        };
  const rows: string[][] = [];
  const section = (label: string, lines: ReadonlyArray<AccountLine>, total: { currentMinor: bigint; priorMinor: bigint }) => {
    rows.push([label, "", ""]);
    for (const l of lines) rows.push([`  ${lineLabel(l, lang)}`, money(l.currentMinor, scale), money(l.priorMinor, scale)]);
    rows.push([`${t.total} ${label.toLowerCase()}`, money(total.currentMinor, scale), money(total.priorMinor, scale)]);
  };
  section(t.aset, p.aset, p.totalAset);
  section(t.kewajiban, p.kewajiban, p.totalKewajiban);
  section(t.ekuitas, p.ekuitas, p.totalEkuitas);
  rows.push([
    t.check,
    money(p.totalKewajiban.currentMinor + p.totalEkuitas.currentMinor, scale),
    money(p.totalKewajiban.priorMinor + p.totalEkuitas.priorMinor, scale),
  ]);
  return `${t.title} (${unitLabel(p.unit, lang)})\n${table(["", p.asOf.current, p.asOf.prior], rows, new Set([1, 2]))}`;
};

/** A column of figures is headed by its book year, or by its first and last days for a period asked by dates. */
const columnOf = (r: ResultOfOperations, which: "current" | "prior"): string =>
  r.interim ? `${r.period[which].from} – ${r.period[which].to}` : which === "current" ? r.year : String(Number(r.year) - 1);

export const renderResultOfOperations = (r: ResultOfOperations, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? {
          title: "Statement of operations (SHU)",
          income: "Income",
          expense: "Expenses",
          totalIncome: "Total income",
          totalExpense: "Total expenses",
          member: "Members",
          other: "Non-members",
          common: "Common",
          total: columnOf(r, "current"),
          prior: columnOf(r, "prior"),
          before: "SHU before tax",
          tax: "Income tax",
          shu: "SHU",
          shuMember: "SHU from members' business",
          shuOther: "SHU from non-members' business",
        }
      : {
          title: "Laporan hasil usaha",
          income: "Pendapatan",
          expense: "Beban",
          totalIncome: "Jumlah pendapatan",
          totalExpense: "Jumlah beban",
          member: "Anggota",
          other: "Non-anggota",
          common: "Umum",
          total: columnOf(r, "current"),
          prior: columnOf(r, "prior"),
          before: "SHU sebelum pajak",
          tax: "Pajak penghasilan",
          shu: "SHU",
          shuMember: "SHU bagian anggota",
          shuOther: "SHU bagian non-anggota",
        };
  const rows: string[][] = [[t.income, "", "", "", "", ""]];
  const line = (l: ResultOfOperations["pendapatan"][number]) => [
    `  ${l.code} ${l.name}`,
    rp(l.anggotaMinor, scale),
    rp(l.nonAnggotaMinor, scale),
    rp(l.umumMinor, scale),
    money(l.currentMinor, scale),
    money(l.priorMinor, scale),
  ];
  rows.push(...r.pendapatan.map(line), [
    t.totalIncome,
    "",
    "",
    "",
    money(r.totalPendapatan.currentMinor, scale),
    money(r.totalPendapatan.priorMinor, scale),
  ]);
  rows.push([t.expense, "", "", "", "", ""], ...r.beban.map(line));
  rows.push([t.totalExpense, "", "", "", money(r.totalBeban.currentMinor, scale), money(r.totalBeban.priorMinor, scale)]);
  for (const [label, pair] of [
    [t.before, r.shuSebelumPajak],
    [t.tax, r.pajakPenghasilan],
    [t.shu, r.shu],
    [t.shuMember, r.shuAnggota],
    [t.shuOther, r.shuNonAnggota],
  ] as const) {
    rows.push([label, "", "", "", money(pair.currentMinor, scale), money(pair.priorMinor, scale)]);
  }
  const title = r.interim ? `${t.title} ${r.period.current.from} – ${r.period.current.to}` : `${t.title} ${r.year}`;
  return `${title} (${unitLabel(r.unit, lang)})\n${table(["", t.member, t.other, t.common, t.total, t.prior], rows, new Set([1, 2, 3, 4, 5]))}`;
};

export const renderChangesInEquity = (c: ChangesInEquity, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? {
          title: "Statement of changes in equity",
          opening: "Opening",
          increase: "Increase",
          decrease: "Decrease",
          closing: "Closing",
          total: "Total equity",
        }
      : {
          title: "Laporan perubahan ekuitas",
          opening: "Saldo awal",
          increase: "Penambahan",
          decrease: "Pengurangan",
          closing: "Saldo akhir",
          total: "Jumlah ekuitas",
        };
  const rows = c.current.map((l) => [
    `${l.code} ${l.name}`,
    money(l.openingMinor, scale),
    rp(l.increaseMinor, scale),
    rp(l.decreaseMinor, scale),
    money(l.closingMinor, scale),
  ]);
  const total = c.totalCurrent;
  rows.push([
    t.total,
    money(total.openingMinor, scale),
    money(total.increaseMinor, scale),
    money(total.decreaseMinor, scale),
    money(total.closingMinor, scale),
  ]);
  const prior = lang === "en" ? `Total equity at the end of ${Number(c.year) - 1}` : `Jumlah ekuitas akhir ${Number(c.year) - 1}`;
  return `${t.title} ${c.year} (${unitLabel(c.unit, lang)})\n${table(["", t.opening, t.increase, t.decrease, t.closing], rows, new Set([1, 2, 3, 4]))}\n${prior}: ${money(c.totalPrior.closingMinor, scale)}`;
};

export const renderCashFlow = (c: CashFlowStatement, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? {
          title: "Statement of cash flows (direct method)",
          activity: { operasi: "Operating activities", investasi: "Investing activities", pendanaan: "Financing activities" },
          in: "Received",
          out: "Paid",
          net: "Net cash from",
          opening: c.interim ? "Cash at the beginning of the period" : "Cash at the beginning of the year",
          change: "Net change in cash",
          closing: c.interim ? "Cash at the end of the period" : "Cash at the end of the year",
        }
      : {
          title: "Laporan arus kas (metode langsung)",
          activity: { operasi: "Aktivitas operasi", investasi: "Aktivitas investasi", pendanaan: "Aktivitas pendanaan" },
          in: "Diterima",
          out: "Dibayar",
          net: "Kas bersih dari",
          opening: c.interim ? "Kas awal periode" : "Kas awal tahun",
          change: "Kenaikan (penurunan) kas",
          closing: c.interim ? "Kas akhir periode" : "Kas akhir tahun",
        };
  const rows: string[][] = [];
  for (const activity of ["operasi", "investasi", "pendanaan"] as const) {
    const lines = c.current.lines.filter((l) => l.activity === activity);
    rows.push([t.activity[activity], "", "", ""]);
    for (const l of lines) rows.push([`  ${l.code} ${l.name}`, rp(l.inMinor, scale), rp(l.outMinor, scale), ""]);
    rows.push([`${t.net} ${t.activity[activity].toLowerCase()}`, "", "", money(c.current.netByActivity[activity], scale)]);
  }
  rows.push([t.change, "", "", money(c.current.netChangeMinor, scale)]);
  rows.push([t.opening, "", "", money(c.current.openingCashMinor, scale)]);
  rows.push([t.closing, "", "", money(c.current.closingCashMinor, scale)]);
  // A period asked by its dates is headed by them, and compared with the cash at the end of the same days a year earlier.
  const period = c.interim ? `${c.current.from} – ${c.current.to}` : c.year;
  const priorEnd = c.interim ? c.prior.to : String(Number(c.year) - 1);
  const prior = lang === "en" ? `Cash at the end of ${priorEnd}` : `Kas akhir ${priorEnd}`;
  return `${t.title} ${period} (${unitLabel(c.unit, lang)})\n${table(["", t.in, t.out, period], rows, new Set([1, 2, 3]))}\n${prior}: ${money(c.prior.closingCashMinor, scale)}`;
};

export const renderNotesSummary = (n: NotesSummary, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? {
          title: "Notes (summary)",
          savings: "Savings",
          members: "Members",
          total: "Total",
          loans: "Loans by kolektibilitas",
          count: "Loans",
          outstanding: "Outstanding",
          allowance: "Allowance",
          stock: "Stock",
          item: "Item",
          value: "Value at cost",
          assets: "Fixed assets",
          asset: "Asset",
          cost: "Cost",
          accumulated: "Accumulated depreciation",
          bookValue: "Book value",
          method: "Method",
          straight: "straight line",
          declining: "declining balance",
          months: "months",
          pledged: "Of the time deposits, pledged as collateral for loans",
          jasa: "Jasa on sukarela",
        }
      : {
          title: "Ringkasan catatan atas laporan keuangan",
          savings: "Simpanan",
          members: "Anggota",
          total: "Jumlah",
          loans: "Pinjaman menurut kolektibilitas",
          count: "Pinjaman",
          outstanding: "Pokok terutang",
          allowance: "Cadangan kerugian",
          stock: "Persediaan",
          item: "Barang",
          value: "Nilai (harga pokok)",
          assets: "Aset tetap",
          asset: "Aset",
          cost: "Harga perolehan",
          accumulated: "Akumulasi penyusutan",
          bookValue: "Nilai buku",
          method: "Metode",
          straight: "garis lurus",
          declining: "saldo menurun",
          months: "bulan",
          pledged: "Dari simpanan berjangka, yang dijaminkan untuk pinjaman",
          jasa: "Jasa simpanan sukarela",
        };
  const savings = `${table(
    [t.savings, t.members, t.total],
    n.savings.map((s) => [s.kind, String(s.members), money(s.totalMinor, scale)]),
    new Set([1, 2]),
  )}${n.pledgedDepositsMinor === 0n ? "" : `\n${t.pledged}: ${money(n.pledgedDepositsMinor, scale)}`}\n${t.jasa}: ${sukarelaRateText(n.sukarelaRate, scale, lang)}`;
  const loans = table(
    ["", t.count, t.outstanding, t.allowance],
    n.loans.map((l) => [l.kolektibilitas, String(l.loans), money(l.outstandingMinor, scale), money(l.allowanceMinor, scale)]),
    new Set([1, 2, 3]),
  );
  const stock = table(
    [t.item, t.value],
    [...n.stock.map((s) => [`${s.item} ${s.name}`, money(s.valueMinor, scale)]), [t.total, money(n.stockTotalMinor, scale)]],
    new Set([1]),
  );
  // A book without fixed assets shows no such table.
  const assets =
    n.fixedAssets.length === 0
      ? ""
      : `\n\n${t.assets}\n${table(
          [t.asset, t.method, t.cost, t.accumulated, t.bookValue],
          [
            ...n.fixedAssets.map((a) => [
              `${a.assetId} ${a.name}`,
              `${a.method === "garis-lurus" ? t.straight : t.declining}, ${a.months} ${t.months}${impairmentText(
                a,
                (minor) => money(minor, scale),
                lang,
              )}`,
              money(a.costMinor, scale),
              money(a.accumulatedMinor, scale),
              money(a.bookValueMinor, scale),
            ]),
            [
              t.total,
              "",
              money(n.fixedAssetsCostMinor, scale),
              money(n.fixedAssetsAccumulatedMinor, scale),
              money(n.fixedAssetsCostMinor - n.fixedAssetsAccumulatedMinor, scale),
            ],
          ],
          new Set([2, 3, 4]),
        )}`;
  return `${t.title} ${lang === "en" ? "at" : "per"} ${n.asOf}\n${savings}\n\n${t.loans}\n${loans}\n\n${t.stock}\n${stock}${assets}`;
};

export const renderShuTable = (s: ShuTable, scale: Scale, lang: Lang = "id", top?: number, who: MemberLabel = (no) => no): string => {
  const t =
    lang === "en"
      ? {
          title: `SHU ${s.year} for members`,
          state: s.distributed ? `distributed by the RAT on ${s.date}` : "preview before the RAT",
          member: "Member",
          capital: "Capital",
          jm: "Jasa modal",
          ju: "Jasa usaha",
          total: "Total",
          withheld: "Tax",
          net: "Received",
          pools: "Pools",
          all: "All members",
          more: "more members",
        }
      : {
          title: `Pembagian SHU ${s.year} kepada anggota`,
          state: s.distributed ? `dibagi RAT tanggal ${s.date}` : "pratinjau sebelum RAT",
          member: "Anggota",
          capital: "Modal",
          jm: "Jasa modal",
          ju: "Jasa usaha",
          total: "Jumlah",
          withheld: "Pajak",
          net: "Diterima",
          pools: "Alokasi",
          all: "Semua anggota",
          more: "anggota lagi",
        };
  const pools = s.pools
    .filter((p) => p.memberMinor !== 0n || p.nonMemberMinor !== 0n)
    .map((p) => `${p.pool} ${s.policy.allocation[p.pool]}% ${money(p.memberMinor + p.nonMemberMinor, scale)}`)
    .join(", ");
  const shown = top === undefined ? s.rows : s.rows.slice(0, top);
  const capital = (basis: bigint) => money(divideRounded(basis, s.capitalDays, "half-up"), scale);
  const rows = shown.map((r) => [
    who(r.memberNo),
    capital(r.capitalMinor),
    money(r.jasaModalMinor, scale),
    money(r.jasaUsahaMinor, scale),
    money(r.totalMinor, scale),
    rp(r.withheldMinor, scale),
    money(r.netMinor, scale),
  ]);
  if (shown.length < s.rows.length) rows.push([`… ${s.rows.length - shown.length} ${t.more}`, "", "", "", "", "", ""]);
  rows.push([
    t.all,
    "",
    money(s.totals.jasaModalMinor, scale),
    money(s.totals.jasaUsahaMinor, scale),
    money(s.totals.totalMinor, scale),
    money(s.totals.withheldMinor, scale),
    money(s.totals.netMinor, scale),
  ]);
  const shu = lang === "en" ? "SHU from members' business" : "SHU bagian anggota";
  const other = lang === "en" ? "from non-members' business" : "bagian non-anggota";
  const average = s.capitalDays === 1n ? "" : en(lang) ? " (capital: time-weighted average)" : " (modal: rata-rata tertimbang waktu)";
  return `${t.title} (${t.state})${average}\n${shu} ${money(s.memberShuMinor, scale)}, ${other} ${money(s.nonMemberShuMinor, scale)}\n${t.pools}: ${pools}\n${table([t.member, t.capital, t.jm, t.ju, t.total, t.withheld, t.net], rows, new Set([1, 2, 3, 4, 5, 6]))}`;
};

/** A member's slip; `capitalDays` is the table's (capital read as an average when the policy measures it so). */
export const renderShuSlip = (slip: ShuSlip, scale: Scale, lang: Lang = "id", capitalDays = 1n, who: MemberLabel = (no) => no): string => {
  const en = lang === "en";
  const capital = (basis: bigint) => money(divideRounded(basis, capitalDays, "half-up"), scale);
  const measure = (m: string) =>
    m === "loan-interest" ? (en ? "loan interest paid" : "jasa pinjaman dibayar") : en ? "shop purchases" : "belanja di toko";
  const lines = [
    en ? `SHU slip ${slip.year}: member ${who(slip.memberNo)}` : `Slip SHU ${slip.year}: anggota ${who(slip.memberNo)}`,
    `  ${en ? "Savings now" : "Simpanan saat ini"}: pokok ${money(slip.savings.pokokMinor, scale)}, wajib ${money(slip.savings.wajibMinor, scale)}, sukarela ${money(slip.savings.sukarelaMinor, scale)}${
      slip.savings.berjangkaMinor === 0n ? "" : `, ${en ? "time deposits" : "berjangka"} ${money(slip.savings.berjangkaMinor, scale)}`
    }`,
    `  Jasa modal (${slip.jasaModal.percent}%): ${money(slip.jasaModal.poolMinor, scale)} × ${capital(slip.jasaModal.capitalMinor)} / ${capital(slip.jasaModal.allCapitalMinor)} = ${money(slip.jasaModal.amountMinor, scale)}`,
    ...slip.jasaUsaha.map(
      (u) =>
        `  Jasa usaha (${measure(u.measure)}): ${money(u.poolMinor, scale)} × ${money(u.basisMinor, scale)} / ${money(u.allBasisMinor, scale)} = ${money(u.amountMinor, scale)}`,
    ),
    `  ${en ? "Total" : "Jumlah"} ${money(slip.totalMinor, scale)}, ${en ? "tax withheld" : "pajak dipotong"} ${money(slip.withheldMinor, scale)}, ${en ? "received" : "diterima"} ${money(slip.netMinor, scale)}`,
  ];
  return lines.join("\n");
};

/**
 * What the notes say of an asset's impairment after its method: the losses left within its
 * accumulated depreciation, and the losses and reversals of the year (SAK EP 27.33); empty when none.
 */
export const impairmentText = (
  a: { readonly impairedMinor: bigint; readonly impairedInYearMinor: bigint; readonly reversedInYearMinor: bigint },
  money: (minor: bigint) => string,
  lang: Lang,
): string => {
  const en = lang === "en";
  const left =
    a.impairedMinor === 0n ? "" : `; ${en ? "of which impairment losses" : "termasuk rugi penurunan nilai"} ${money(a.impairedMinor)}`;
  const year = [
    ...(a.impairedInYearMinor === 0n ? [] : [`${en ? "losses" : "rugi penurunan nilai"} ${money(a.impairedInYearMinor)}`]),
    ...(a.reversedInYearMinor === 0n ? [] : [`${en ? "reversed" : "pemulihan"} ${money(a.reversedInYearMinor)}`]),
  ];
  return `${left}${year.length === 0 ? "" : `; ${en ? "this year" : "tahun ini"}: ${year.join(", ")}`}`;
};

/** Basis points as an Indonesian percentage: 1234n → "12,34%"; "–" when there is no ratio. */
export const percentText = (bp: bigint | undefined): string => {
  if (bp === undefined) return "–";
  const negative = bp < 0n;
  const abs = negative ? -bp : bp;
  return `${negative ? "-" : ""}${abs / 100n},${(abs % 100n).toString().padStart(2, "0")}%`;
};

/** Tenths of a percent as text (1234 is 123,4%); empty when there is none (no budget to compare with). */
export const permilleText = (p: bigint | undefined): string => {
  if (p === undefined) return "";
  const abs = p < 0n ? -p : p;
  return `${p < 0n ? "-" : ""}${abs / 10n},${abs % 10n}%`;
};

export const renderHealth = (indicators: ReadonlyArray<HealthIndicator>, year: string, lang: Lang = "id"): string => {
  const rows = indicators.map((i) => [en(lang) ? i.labelEn : i.label, percentText(i.basisPoints)]);
  return `${en(lang) ? `Health indicators ${year}` : `Indikator kesehatan ${year}`}\n${table([en(lang) ? "Indicator" : "Indikator", "%"], rows, new Set([1]))}`;
};
