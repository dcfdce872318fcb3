/**
 * Terminal rendering of the engine's reports: plain tables with rupiah right-aligned.
 * Labels are Bahasa Indonesia by default, English with `lang: "en"`.
 */
import {
  AGING_BUCKETS,
  formatRupiah,
  type GrossMargin,
  type InventoryValuation,
  type MarginLine,
  type MemberPurchases,
  type MemberStatement,
  type Portfolio,
  type ReceivableAging,
  type Scale,
  type TrialBalance,
  type WajibStatus,
} from "@lumbung/core";

export type Lang = "id" | "en";

export const table = (
  headers: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  rightAligned: ReadonlySet<number>,
): string => {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(headers), rule, ...rows.map(line)].join("\n");
};

const rp = (amount: bigint, scale: Scale) => (amount === 0n ? "" : formatRupiah(amount, scale));

export const renderTrialBalance = (tb: TrialBalance, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? { title: "Trial balance", code: "Account", name: "Name", debit: "Debit", credit: "Credit", total: "Total" }
      : { title: "Neraca saldo", code: "Akun", name: "Nama", debit: "Debit", credit: "Kredit", total: "Jumlah" };
  const rows = tb.rows.map((r) => [r.code, r.name, rp(r.debitMinor, scale), rp(r.creditMinor, scale)]);
  rows.push(["", t.total, formatRupiah(tb.totalDebitMinor, scale), formatRupiah(tb.totalCreditMinor, scale)]);
  return `${t.title} ${tb.unit === undefined ? "" : `(${tb.unit}) `}per ${tb.asOf}\n${table([t.code, t.name, t.debit, t.credit], rows, new Set([2, 3]))}`;
};

export const renderMemberStatement = (statement: MemberStatement, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? {
          title: "Member statement",
          opening: "opening",
          closing: "closing",
          date: "Date",
          event: "Event",
          in: "In",
          out: "Out",
          balance: "Balance",
          total: "Total savings",
        }
      : {
          title: "Rekening anggota",
          opening: "saldo awal",
          closing: "saldo akhir",
          date: "Tanggal",
          event: "Transaksi",
          in: "Masuk",
          out: "Keluar",
          balance: "Saldo",
          total: "Jumlah simpanan",
        };
  const parts = [`${t.title} ${statement.memberNo}, ${statement.from} – ${statement.to}`];
  for (const [kind, k] of Object.entries(statement.kinds)) {
    const rows = k.lines.map((l) => [l.date, l.type, rp(l.inMinor, scale), rp(l.outMinor, scale), formatRupiah(l.balanceMinor, scale)]);
    parts.push(
      `  Simpanan ${kind}: ${t.opening} ${formatRupiah(k.openingMinor, scale)}, ${t.closing} ${formatRupiah(k.closingMinor, scale)}`,
      table([t.date, t.event, t.in, t.out, t.balance], rows, new Set([2, 3, 4]))
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n"),
    );
  }
  parts.push(`  ${t.total}: ${formatRupiah(statement.totalMinor, scale)}`);
  return parts.join("\n");
};

export const renderWajibArrears = (rows: ReadonlyArray<WajibStatus>, scale: Scale, lang: Lang = "id"): string => {
  const behind = rows.filter((r) => r.arrearsMinor > 0n);
  const heading = lang === "en" ? ["Member", "Months", "Due", "Paid", "Arrears"] : ["Anggota", "Bulan", "Wajib", "Dibayar", "Tunggakan"];
  return table(
    heading,
    behind.map((r) => [
      r.memberNo,
      String(r.monthsDue),
      formatRupiah(r.dueMinor, scale),
      formatRupiah(r.paidMinor, scale),
      formatRupiah(r.arrearsMinor, scale),
    ]),
    new Set([1, 2, 3, 4]),
  );
};

export const renderPortfolio = (portfolio: Portfolio, scale: Scale, lang: Lang = "id"): string => {
  const heading =
    lang === "en"
      ? ["Class", "Loans", "Outstanding", "Allowance required", "Allowance booked"]
      : ["Kolektibilitas", "Pinjaman", "Sisa pokok", "PPAP wajib", "PPAP dibentuk"];
  const rows = portfolio.classes.map((c) => [
    c.name,
    String(c.loans),
    formatRupiah(c.outstandingMinor, scale),
    formatRupiah(c.requiredAllowanceMinor, scale),
    formatRupiah(c.bookedAllowanceMinor, scale),
  ]);
  rows.push([
    lang === "en" ? "Total" : "Jumlah",
    "",
    formatRupiah(portfolio.outstandingMinor, scale),
    formatRupiah(portfolio.requiredAllowanceMinor, scale),
    formatRupiah(portfolio.bookedAllowanceMinor, scale),
  ]);
  const title = lang === "en" ? `Loan portfolio at ${portfolio.asOf}` : `Portofolio pinjaman per ${portfolio.asOf}`;
  const ratio = `${lang === "en" ? "Problem-loan ratio" : "Rasio pinjaman bermasalah"}: ${portfolio.problemLoanRatio} (${portfolio.health})`;
  return `${title}\n${table(heading, rows, new Set([1, 2, 3, 4]))}\n${ratio}`;
};

export const renderGrossMargin = (margin: GrossMargin, scale: Scale, lang: Lang = "id"): string => {
  const heading =
    lang === "en"
      ? ["", "Sales (net)", "Discounts", "Cost of goods", "Gross margin"]
      : ["", "Penjualan (neto)", "Potongan", "HPP", "Laba kotor"];
  const row = (label: string, m: MarginLine) => [
    label,
    formatRupiah(m.salesMinor, scale),
    formatRupiah(m.discountMinor, scale),
    formatRupiah(m.costMinor, scale),
    formatRupiah(m.marginMinor, scale),
  ];
  const rows =
    lang === "en"
      ? [row("Members", margin.anggota), row("Non-members", margin.nonanggota), row("Total", margin.total)]
      : [row("Anggota", margin.anggota), row("Non-anggota", margin.nonanggota), row("Jumlah", margin.total)];
  const title = lang === "en" ? `Shop gross margin ${margin.from} – ${margin.to}` : `Laba kotor toko ${margin.from} – ${margin.to}`;
  return `${title}\n${table(heading, rows, new Set([1, 2, 3, 4]))}`;
};

const quantityText = (units: bigint, scale: number): string => {
  if (scale === 0) return units.toString();
  const d = 10n ** BigInt(scale);
  const sign = units < 0n ? "-" : "";
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / d},${(abs % d).toString().padStart(scale, "0")}`;
};

export const renderInventoryValuation = (valuation: InventoryValuation, scale: Scale, lang: Lang = "id"): string => {
  const heading =
    lang === "en" ? ["Item", "Name", "Quantity", "Unit", "Value at cost"] : ["Barang", "Nama", "Jumlah", "Satuan", "Nilai (HPP)"];
  const rows = valuation.rows.map((r) => [
    r.item,
    r.name,
    quantityText(r.quantityUnits, r.quantityScale),
    r.unit,
    formatRupiah(r.valueMinor, scale),
  ]);
  rows.push(["", lang === "en" ? "Total" : "Jumlah", "", "", formatRupiah(valuation.totalMinor, scale)]);
  const title = lang === "en" ? `Inventory at ${valuation.asOf}` : `Persediaan per ${valuation.asOf}`;
  const check =
    valuation.totalMinor === valuation.controlMinor
      ? lang === "en"
        ? "equal to the Persediaan control account"
        : "sama dengan akun kontrol Persediaan"
      : `${lang === "en" ? "DIFFERS from the control account" : "BERBEDA dengan akun kontrol"} ${formatRupiah(valuation.controlMinor, scale)}`;
  return `${title}\n${table(heading, rows, new Set([2, 4]))}\n${check}`;
};

export const renderReceivableAging = (aging: ReceivableAging, scale: Scale, lang: Lang = "id"): string => {
  const heading = [
    lang === "en" ? "Buyer" : "Pembeli",
    ...AGING_BUCKETS.map((b) => `${b} ${lang === "en" ? "days" : "hari"}`),
    lang === "en" ? "Total" : "Jumlah",
  ];
  const rows = aging.rows.map((r) => [r.name, ...AGING_BUCKETS.map((b) => rp(r.buckets[b], scale)), formatRupiah(r.balanceMinor, scale)]);
  rows.push([
    lang === "en" ? "Total" : "Jumlah",
    ...AGING_BUCKETS.map((b) => rp(aging.totals[b], scale)),
    formatRupiah(aging.totalMinor, scale),
  ]);
  const title = lang === "en" ? `Shop receivables by age at ${aging.asOf}` : `Umur piutang usaha toko per ${aging.asOf}`;
  return `${title}\n${table(heading, rows, new Set([1, 2, 3, 4, 5]))}`;
};

export const renderMemberPurchases = (purchases: MemberPurchases, scale: Scale, lang: Lang = "id", top = 10): string => {
  const heading = lang === "en" ? ["Member", "Purchases", "Amount"] : ["Anggota", "Transaksi", "Jumlah belanja"];
  const sorted = [...purchases.rows].sort((a, b) => (a.amountMinor > b.amountMinor ? -1 : a.amountMinor < b.amountMinor ? 1 : 0));
  const rows = sorted.slice(0, top).map((r) => [r.memberNo, String(r.sales), formatRupiah(r.amountMinor, scale)]);
  rows.push([
    lang === "en" ? `All ${purchases.rows.length} members` : `Semua ${purchases.rows.length} anggota`,
    "",
    formatRupiah(purchases.totalMinor, scale),
  ]);
  const title =
    lang === "en"
      ? `Member purchases ${purchases.from} – ${purchases.to} (the jasa usaha basis), top ${top}`
      : `Belanja anggota ${purchases.from} – ${purchases.to} (dasar jasa usaha), ${top} terbesar`;
  return `${title}\n${table(heading, rows, new Set([1, 2]))}`;
};
