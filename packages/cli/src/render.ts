/**
 * Terminal rendering of the engine's reports: plain tables with rupiah right-aligned.
 * Labels are Bahasa Indonesia by default, English with `lang: "en"`.
 */
import {
  AGING_BUCKETS,
  type BookStatus,
  formatRupiah,
  type GeneralLedger,
  type GrossMargin,
  HEALTH_BAND_EN,
  type InventoryValuation,
  type Journal,
  type LoanStatementLine,
  type MarginLine,
  type MemberPurchases,
  type MemberStatement,
  type Portfolio,
  quantityText,
  RateDecimal,
  type ReceivableAging,
  type Scale,
  type ScheduleLine,
  type StockCard,
  type SukarelaRate,
  type TrialBalance,
  UNCLOSED_RESULT,
  UNCLOSED_RESULT_NAME,
  type WajibStatus,
} from "@lumbung/core";

export type Lang = "id" | "en";

/**
 * A statement line as a reader sees it: its code and name; the year's result not yet closed, which is
 * no account, by its name alone, in the reader's language.
 */
export const lineLabel = (line: { readonly code: string; readonly name: string }, lang: Lang): string =>
  line.code === UNCLOSED_RESULT ? UNCLOSED_RESULT_NAME[lang] : `${line.code} ${line.name}`;

/** A rate a year as a percent, with the decimal comma in Indonesian ("0.025" is 2,5%). */
export const rateText = (rate: string, lang: Lang): string => {
  const percent = new RateDecimal(rate).times(100).toString();
  return `${lang === "en" ? percent : percent.replace(".", ",")}%`;
};

/** The sukarela's jasa rate and its tiers, in words: "2,5% setahun; 3,65% dari saldo Rp5.000.000". */
export const sukarelaRateText = (terms: Required<SukarelaRate>, scale: Scale, lang: Lang): string =>
  [
    `${rateText(terms.ratePerYear, lang)} ${lang === "en" ? "a year" : "setahun"}`,
    ...terms.tiers.map(
      (t) => `${rateText(t.ratePerYear, lang)} ${lang === "en" ? "from a balance of" : "dari saldo"} ${formatRupiah(t.fromMinor, scale)}`,
    ),
  ].join("; ");

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

/** An amount in rupiah, or nothing for zero (a table's empty debit or credit). */
export const rp = (amount: bigint, scale: Scale) => (amount === 0n ? "" : formatRupiah(amount, scale));

export const renderTrialBalance = (tb: TrialBalance, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? { title: "Trial balance", code: "Account", name: "Name", debit: "Debit", credit: "Credit", total: "Total" }
      : { title: "Neraca saldo", code: "Akun", name: "Nama", debit: "Debit", credit: "Kredit", total: "Jumlah" };
  const rows = tb.rows.map((r) => [r.code, r.name, rp(r.debitMinor, scale), rp(r.creditMinor, scale)]);
  rows.push(["", t.total, formatRupiah(tb.totalDebitMinor, scale), formatRupiah(tb.totalCreditMinor, scale)]);
  return `${t.title} ${tb.unit === undefined ? "" : `(${tb.unit}) `}${lang === "en" ? "at" : "per"} ${tb.asOf}\n${table([t.code, t.name, t.debit, t.credit], rows, new Set([2, 3]))}`;
};

/** How a report names a member: the number, and the name from the member's identity record when the caller has it. */
export type MemberLabel = (memberNo: string) => string;

export const renderMemberStatement = (
  statement: MemberStatement,
  scale: Scale,
  lang: Lang = "id",
  who: MemberLabel = (no) => no,
): string => {
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
  const parts = [`${t.title} ${who(statement.memberNo)}, ${statement.from} – ${statement.to}`];
  for (const [kind, k] of Object.entries(statement.kinds)) {
    // Most members hold no time deposit: its section only when there is one.
    if (kind === "berjangka" && k.lines.length === 0 && k.openingMinor === 0n && k.closingMinor === 0n) continue;
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

export const renderWajibArrears = (
  rows: ReadonlyArray<WajibStatus>,
  scale: Scale,
  lang: Lang = "id",
  who: MemberLabel = (no) => no,
): string => {
  const behind = rows.filter((r) => r.arrearsMinor > 0n);
  const heading = lang === "en" ? ["Member", "Months", "Due", "Paid", "Arrears"] : ["Anggota", "Bulan", "Wajib", "Dibayar", "Tunggakan"];
  return table(
    heading,
    behind.map((r) => [
      who(r.memberNo),
      String(r.monthsDue),
      formatRupiah(r.dueMinor, scale),
      formatRupiah(r.paidMinor, scale),
      formatRupiah(r.arrearsMinor, scale),
    ]),
    new Set([1, 2, 3, 4]),
  );
};

/** Where a book stands in its closing, as a treasurer reads it before a month's or a year's close. */
export const renderBookStatus = (status: BookStatus, scale: Scale, lang: Lang = "id"): string => {
  const en = lang === "en";
  const yes = (flag: boolean) => (en ? (flag ? "yes" : "no") : flag ? "ya" : "belum");
  const lines = [
    en
      ? `Book ${status.bookId} (${status.name}), from ${status.startDate}; today ${status.today}`
      : `Buku ${status.bookId} (${status.name}), mulai ${status.startDate}; hari ini ${status.today}`,
    en
      ? `${status.headSeq} events, head ${status.headSeq}:${status.headHash}`
      : `${status.headSeq} peristiwa, kepala ${status.headSeq}:${status.headHash}`,
    en
      ? `Members: ${status.activeMembers} active, ${status.exitedMembers} left`
      : `Anggota: ${status.activeMembers} aktif, ${status.exitedMembers} keluar`,
    status.closedThrough === undefined
      ? en
        ? "No month closed yet"
        : "Belum ada bulan yang ditutup"
      : en
        ? `Months closed through ${status.closedThrough}`
        : `Bulan ditutup sampai ${status.closedThrough}`,
  ];
  if (status.reopenedMonth !== undefined)
    lines.push(
      en
        ? `Month ${status.reopenedMonth} is reopened: close it again first`
        : `Bulan ${status.reopenedMonth} dibuka kembali: tutup lagi dahulu`,
    );
  const waiting = status.monthsToClose;
  lines.push(
    waiting.length === 0
      ? en
        ? `Next to close: ${status.nextMonth}, once it has ended`
        : `Berikutnya ditutup: ${status.nextMonth}, setelah bulannya berakhir`
      : en
        ? `Ended and not closed: ${waiting.join(", ")} (in order: lumbung close month --month ${waiting[0]})`
        : `Sudah berakhir, belum ditutup: ${waiting.join(", ")} (berurutan: lumbung close month --month ${waiting[0]})`,
  );
  if (status.openingDifferenceMinor !== 0n) {
    const difference = formatRupiah(status.openingDifferenceMinor, scale);
    lines.push(
      en
        ? `Opening balances do not balance: Penyeimbang Saldo Awal ${difference} (no month closes until it is zero)`
        : `Saldo awal belum seimbang: Penyeimbang Saldo Awal ${difference} (bulan tidak dapat ditutup sampai nol)`,
    );
  }
  const heading = en ? ["Year", "Closed", "SHU distributed", "RAT by"] : ["Tahun", "Ditutup", "SHU dibagi", "RAT paling lambat"];
  const rows = status.years.map((y) => [
    y.year,
    yes(y.closed),
    yes(y.shuDistributed),
    `${y.ratDueBy}${y.ratOverdue ? (en ? " (overdue)" : " (terlambat)") : ""}`,
  ]);
  return `${lines.join("\n")}\n\n${table(heading, rows, new Set())}`;
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
  const health = lang === "en" ? HEALTH_BAND_EN[portfolio.health] : portfolio.health;
  const ratio = `${lang === "en" ? "Problem-loan ratio" : "Rasio pinjaman bermasalah"}: ${rateText(portfolio.problemLoanRatio, lang)} (${health})`;
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
  // "the 10 largest" only when the list is cut short; the report lists every member.
  const cut = purchases.rows.length > top;
  const title =
    lang === "en"
      ? `Member purchases ${purchases.from} – ${purchases.to} (the jasa usaha basis)${cut ? `, the ${top} largest` : ""}`
      : `Belanja anggota ${purchases.from} – ${purchases.to} (dasar jasa usaha)${cut ? `, ${top} terbesar` : ""}`;
  return `${title}\n${table(heading, rows, new Set([1, 2]))}`;
};

/** Buku besar: one account's postings in a period, with the opening, running and closing balances (debit positive). */
export const renderGeneralLedger = (ledger: GeneralLedger, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? {
          title: "General ledger",
          opening: "Opening balance",
          closing: "Closing balance",
          head: ["No.", "Date", "Description", "Sub", "Debit", "Credit", "Balance"],
        }
      : {
          title: "Buku besar",
          opening: "Saldo awal",
          closing: "Saldo akhir",
          head: ["No.", "Tanggal", "Keterangan", "Sub", "Debit", "Kredit", "Saldo"],
        };
  const rows = [
    ["", ledger.from, t.opening, "", "", "", formatRupiah(ledger.openingMinor, scale)],
    ...ledger.lines.map((l) => [
      `#${l.seq}`,
      l.date,
      l.memo,
      l.sub ?? "",
      rp(l.debitMinor, scale),
      rp(l.creditMinor, scale),
      formatRupiah(l.balanceMinor, scale),
    ]),
    ["", ledger.to, t.closing, "", "", "", formatRupiah(ledger.closingMinor, scale)],
  ];
  return `${t.title} ${ledger.account.code} ${ledger.account.name}, ${ledger.from} – ${ledger.to}\n${table(t.head, rows, new Set([4, 5, 6]))}`;
};

/** Kartu stok: an item's movements with the running quantity and value at cost. */
export const renderStockCard = (card: StockCard, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? {
          title: "Stock card",
          opening: "Opening",
          closing: "Closing",
          head: ["No.", "Date", "Reference", "In", "Out", "Balance", "Value at cost"],
        }
      : {
          title: "Kartu stok",
          opening: "Saldo awal",
          closing: "Saldo akhir",
          head: ["No.", "Tanggal", "Referensi", "Masuk", "Keluar", "Sisa", "Nilai (HPP)"],
        };
  const q = (units: bigint) => (units === 0n ? "" : quantityText(units, card.quantityScale));
  const rows = [
    [
      "",
      card.from,
      t.opening,
      "",
      "",
      quantityText(card.opening.quantityUnits, card.quantityScale),
      formatRupiah(card.opening.valueMinor, scale),
    ],
    ...card.lines.map((l) => [
      `#${l.seq}`,
      l.date,
      l.reference,
      q(l.inUnits),
      q(l.outUnits),
      quantityText(l.balanceUnits, card.quantityScale),
      formatRupiah(l.balanceMinor, scale),
    ]),
    [
      "",
      card.to,
      t.closing,
      "",
      "",
      quantityText(card.closing.quantityUnits, card.quantityScale),
      formatRupiah(card.closing.valueMinor, scale),
    ],
  ];
  return `${t.title} ${card.item} ${card.name} (${card.unit}), ${card.from} – ${card.to}\n${table(t.head, rows, new Set([3, 4, 5, 6]))}`;
};

const SCHEDULE_STATUS: Readonly<Record<ScheduleLine["status"], string>> = {
  paid: "lunas",
  "partly paid": "sebagian",
  due: "jatuh tempo",
  overdue: "menunggak",
  "not yet due": "belum jatuh tempo",
};

/** Kartu pinjaman: the schedule as planned against what was paid, then every movement of the loan. */
export const renderLoanCard = (
  loanId: string,
  memberNo: string,
  schedule: ReadonlyArray<ScheduleLine>,
  statement: ReadonlyArray<LoanStatementLine>,
  asOf: string,
  scale: Scale,
  lang: Lang = "id",
  who: MemberLabel = (no) => no,
): string => {
  const t =
    lang === "en"
      ? {
          title: `Loan ${loanId} of member ${who(memberNo)} at ${asOf}`,
          schedule: ["No.", "Due", "Pokok", "Jasa", "Pokok paid", "Jasa paid", "Denda paid", "Denda due", "Status"],
          movements: ["No.", "Date", "Event", "Pokok", "Jasa", "Denda", "Outstanding"],
        }
      : {
          title: `Pinjaman ${loanId} anggota ${who(memberNo)} per ${asOf}`,
          schedule: ["Ke", "Jatuh tempo", "Pokok", "Jasa", "Pokok dibayar", "Jasa dibayar", "Denda dibayar", "Denda terutang", "Status"],
          movements: ["No.", "Tanggal", "Transaksi", "Pokok", "Jasa", "Denda", "Sisa pokok"],
        };
  const plan = table(
    t.schedule,
    schedule.map((l) => [
      String(l.number),
      l.dueDate,
      formatRupiah(l.plannedPrincipalMinor, scale),
      formatRupiah(l.plannedInterestMinor, scale),
      rp(l.paidPrincipalMinor, scale),
      rp(l.paidInterestMinor, scale),
      rp(l.paidDendaMinor, scale),
      rp(l.dendaDueMinor, scale),
      lang === "en" ? l.status : SCHEDULE_STATUS[l.status],
    ]),
    new Set([0, 2, 3, 4, 5, 6, 7]),
  );
  const movements = table(
    t.movements,
    statement.map((l) => [
      `#${l.seq}`,
      l.date,
      l.type,
      rp(l.pokokMinor, scale),
      rp(l.jasaMinor, scale),
      rp(l.dendaMinor, scale),
      formatRupiah(l.outstandingMinor, scale),
    ]),
    new Set([3, 4, 5, 6]),
  );
  return `${t.title}\n${plan}\n\n${movements}`;
};

/** Jurnal umum: each entry with its number, date and description, then its lines; the period's totals. */
export const renderJournal = (j: Journal, scale: Scale, lang: Lang = "id"): string => {
  const t =
    lang === "en"
      ? { title: "Journal", head: ["No.", "Date", "Description", "Sub", "Debit", "Credit"], total: "Total" }
      : { title: "Jurnal umum", head: ["No.", "Tanggal", "Keterangan", "Sub", "Debit", "Kredit"], total: "Jumlah" };
  const rows: string[][] = [];
  for (const e of j.entries) {
    rows.push([`#${e.seq}`, e.date, e.memo, "", "", ""]);
    for (const l of e.lines)
      rows.push(["", "", `  ${l.account} ${l.name}`, l.sub ?? "", rp(l.debitMinor, scale), rp(l.creditMinor, scale)]);
  }
  rows.push(["", "", t.total, "", formatRupiah(j.totalDebitMinor, scale), formatRupiah(j.totalCreditMinor, scale)]);
  return `${t.title} ${j.from} – ${j.to}\n${table(t.head, rows, new Set([4, 5]))}`;
};
