/**
 * `lumbung report NAME --book BOOK`: the engine's reports as terminal tables, as CSV (`--csv`) or as
 * JSON (`--json`, amounts as strings of minor units). Exit codes: 0 printed, 1 nothing to report
 * (e.g. the year's SHU before the year is closed, a year outside the book, a unit it does not have),
 * 2 the command line is wrong (an unknown report or flag, a year or date that does not read),
 * 3 no such book.
 */
import {
  type BookState,
  type BudgetRealizationLine,
  bookStatus,
  bookYearPeriod,
  boundsOf,
  budgetRealization,
  budgetRealizationFilters,
  cashFlowReads,
  cashFlowReadsFor,
  cashFlowStatement,
  cashFlowStatementFor,
  changesInEquity,
  changesInEquityFilters,
  type DepositPeriodLine,
  depositSchedule,
  depreciationSchedule,
  type FixedAssetDef,
  type FixedAssetState,
  financialPosition,
  financialPositionAt,
  financialPositionFilters,
  fixedAssetRegister,
  fixedAssetsAt,
  fixedAssetsAtEvents,
  formatRupiah,
  generalLedger,
  generalLedgerEvents,
  grossMargin,
  healthIndicators,
  healthReads,
  inventoryValuation,
  inventoryValuationReads,
  isIsoDate,
  JASA_WITHHOLDING_EVENTS,
  type JasaWithholdingRow,
  jasaWithholding,
  journal,
  journalEvents,
  type LedgerStoreShape,
  type LogReads,
  type LogSelection,
  loanPortfolio,
  loanSchedule,
  loanStatement,
  loanStatementEvents,
  localDateOf,
  memberPurchases,
  memberSavings,
  memberStatement,
  memberStatementEvents,
  notesReads,
  notesSummary,
  outstandingPrincipal,
  RateDecimal,
  type ReadResult,
  readFor,
  receivableAging,
  receivableAgingEvents,
  resultOfOperations,
  resultOfOperationsFilters,
  resultOfOperationsFor,
  resultOfOperationsForFilters,
  salesEvents,
  sameDayYearBefore,
  shuSlip,
  shuTable,
  shuTableEvents,
  stockCard,
  stockCardRead,
  type TimeDepositRow,
  type TimeDepositState,
  type TotalsFilter,
  timeDepositRegister,
  timeDepositsAt,
  timeDepositsAtEvents,
  toWireValue,
  trialBalance,
  trialBalanceFilters,
  UNCLOSED_RESULT,
  UNCLOSED_RESULT_NAME,
  wajibArrears,
} from "@lumbung/core";
import type { LedgerDatabase } from "@lumbung/postgres";
import * as Effect from "effect/Effect";
import { noBook, readFlags, STORE_FLAGS, type UsageProblem, usageProblem, writeOutput } from "./args.js";
import {
  type Lang,
  type MemberLabel,
  rateText,
  renderBookStatus,
  renderGeneralLedger,
  renderGrossMargin,
  renderInventoryValuation,
  renderJournal,
  renderLoanCard,
  renderMemberPurchases,
  renderMemberStatement,
  renderPortfolio,
  renderReceivableAging,
  renderStockCard,
  renderTrialBalance,
  renderWajibArrears,
  table,
} from "./render.js";
import { periodPackReads, ratPackReads, renderPeriodPackHtml, renderRatPackHtml } from "./render-html.js";
import {
  permilleText,
  renderCashFlow,
  renderChangesInEquity,
  renderFinancialPosition,
  renderHealth,
  renderNotesSummary,
  renderResultOfOperations,
  renderShuSlip,
  renderShuTable,
} from "./render-rat.js";

/** A yearly rate as a decimal fraction ("0.065"), as a percentage in the reader's language (6,5% or 6.5%). */

/** An asset's depreciation method, with a declining balance's rate a year (24 ÷ its life in months, to 0,01%, half up). */
const methodText = (def: FixedAssetDef, lang: Lang): string =>
  def.method === "garis-lurus"
    ? lang === "en"
      ? "straight line"
      : "garis lurus"
    : `${lang === "en" ? "declining balance" : "saldo menurun"} ${rateText(
        new RateDecimal(24)
          .div(def.lifeMonths as number)
          .toDecimalPlaces(4, RateDecimal.ROUND_HALF_UP)
          .toString(),
        lang,
      )}`;

const PERIOD = ["year", "from", "to"];
/** The flags that take a date. */
const DATE_FLAGS = ["as-of", "from", "to", "matures-by"];
const AT_DATE = ["year", "as-of"];

/**
 * Every report, with the flags it reads (besides the store's and --json; any other is refused, not
 * ignored), whether it prints CSV with --csv (the others print a page, or data with --json), and the
 * flag it needs when it is the report of one member, loan, account or item.
 */
const REPORT_SPECS = {
  anggota: { flags: [], csv: true },
  aset: { flags: ["as-of"], csv: true },
  "kartu-aset": { flags: ["asset"], csv: true, needs: "asset" },
  berjangka: { flags: ["as-of", "member", "matures-by"], csv: true },
  bilyet: { flags: ["deposit"], csv: true, needs: "deposit" },
  pinjaman: { flags: [], csv: true },
  status: { flags: [], csv: false },
  portofolio: { flags: AT_DATE, csv: false },
  persediaan: { flags: AT_DATE, csv: true },
  "umur-piutang": { flags: AT_DATE, csv: false },
  "laba-kotor": { flags: PERIOD, csv: false },
  "belanja-anggota": { flags: PERIOD, csv: false },
  jurnal: { flags: PERIOD, csv: true },
  mutasi: { flags: [...PERIOD, "member"], csv: false, needs: "member" },
  "tunggakan-wajib": { flags: ["as-of"], csv: true },
  "pajak-simpanan": { flags: PERIOD, csv: true },
  "kartu-pinjaman": { flags: ["loan", "as-of"], csv: true, needs: "loan" },
  "buku-besar": { flags: [...PERIOD, "account", "member"], csv: true, needs: "account" },
  "kartu-stok": { flags: [...PERIOD, "item"], csv: true, needs: "item" },
  "trial-balance": { flags: [...AT_DATE, "unit"], csv: true },
  posisi: { flags: [...AT_DATE, "unit"], csv: true },
  "hasil-usaha": { flags: [...PERIOD, "unit"], csv: true },
  ekuitas: { flags: ["year", "unit"], csv: false },
  "arus-kas": { flags: [...PERIOD, "unit"], csv: true },
  catatan: { flags: AT_DATE, csv: false },
  kesehatan: { flags: ["year", "unit"], csv: false },
  anggaran: { flags: ["year", "as-of", "unit"], csv: true },
  shu: { flags: ["year"], csv: true },
  slip: { flags: ["year", "member"], csv: false, needs: "member" },
  "rat-pack": { flags: ["year", "out"], csv: false, printable: true },
  "laporan-berkala": { flags: [...PERIOD, "out"], csv: false, needs: "to", printable: true },
} as const satisfies Record<
  string,
  {
    readonly flags: ReadonlyArray<string>;
    readonly csv: boolean;
    /** The flag that names what the report is of (a member, a loan, …, or the last day of its period). */
    readonly needs?: string;
    /** An HTML page to print (with --out, or to standard output), with no --json or --csv. */
    readonly printable?: boolean;
  }
>;

type Report = keyof typeof REPORT_SPECS;
export const REPORTS = Object.keys(REPORT_SPECS) as ReadonlyArray<Report>;
const flagsOf = (name: Report): ReadonlyArray<string> => REPORT_SPECS[name].flags;

/** The flag a report of one member, loan, account or item (or of a period ending on a day) must be given. */
const needsOf = (name: Report): string | undefined => {
  const spec = REPORT_SPECS[name];
  return "needs" in spec ? spec.needs : undefined;
};

const printable = (name: Report): boolean => "printable" in REPORT_SPECS[name];

/** The flags of a report, for --help and the usage message; those in brackets may be left out. */
export const reportFlagsLine = (name: Report): string =>
  [
    "--book BOOK",
    ...flagsOf(name).map((flag) => {
      const value = flag === "year" ? "YYYY" : DATE_FLAGS.includes(flag) ? "YYYY-MM-DD" : "…";
      return needsOf(name) === flag ? `--${flag} ${value}` : `[--${flag} ${value}]`;
    }),
    printable(name) ? "" : REPORT_SPECS[name].csv ? "[--json | --csv]" : "[--json]",
  ]
    .filter((part) => part !== "")
    .join(" ");

/** A CSV field, quoted when it needs to be. */
const field = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csv = (rows: ReadonlyArray<ReadonlyArray<string | bigint | number>>) =>
  rows.map((r) => r.map((v) => field(String(v))).join(",")).join("\n");

/** What a report is asked for, read from its flags before any store is opened. */
export interface ReportOptions {
  /** The book year (`YYYY`); absent means the year before today's, or the book's first year while it runs. */
  readonly year?: string;
  /** The date of a balance (`YYYY-MM-DD`); absent means the year's last day. */
  readonly asOf?: string;
  /** The time deposits still placed that mature on or before this day (cash to have ready). */
  readonly maturesBy?: string;
  /** A period's first and last days (`YYYY-MM-DD`); absent means the book year's. */
  readonly from?: string;
  readonly to?: string;
  readonly unit?: string;
  readonly member?: string;
  readonly loan?: string;
  readonly account?: string;
  readonly item?: string;
  readonly asset?: string;
  readonly deposit?: string;
  readonly out?: string;
  readonly json: boolean;
  readonly csv: boolean;
}

/**
 * Reads a report's flags, or says what is wrong with them (exit code 2): an unknown report or flag,
 * a flag without its value, a year that is not `YYYY`, a date that is not a real `YYYY-MM-DD`, or
 * both `--json` and `--csv`.
 */
export const readReportOptions = (
  name: string,
  args: ReadonlyArray<string>,
): { readonly ok: true; readonly options: ReportOptions } | ({ readonly ok: false } & UsageProblem) => {
  if (!(REPORTS as ReadonlyArray<string>).includes(name)) {
    return usageProblem(`laporan tidak dikenal: ${name} (${REPORTS.join(", ")})`, `unknown report: ${name} (${REPORTS.join(", ")})`);
  }
  const report = name as Report;
  const switchesOf = printable(report) ? [] : REPORT_SPECS[report].csv ? ["json", "csv"] : ["json"];
  const read = readFlags(`report ${name}`, args, [...flagsOf(report), ...STORE_FLAGS], switchesOf);
  if (!read.ok) return read;
  const { values, switches } = read;
  const year = values.get("year");
  if (year !== undefined && !/^\d{4}$/.test(year))
    return usageProblem(`--year harus tahun YYYY: ${year}`, `--year must be a year YYYY: ${year}`);
  for (const flag of DATE_FLAGS) {
    const date = values.get(flag);
    if (date !== undefined && !isIsoDate(date)) {
      return usageProblem(`--${flag} harus tanggal YYYY-MM-DD: ${date}`, `--${flag} must be a date YYYY-MM-DD: ${date}`);
    }
  }
  const from = values.get("from");
  const to = values.get("to");
  if (from !== undefined && to !== undefined && from > to)
    return usageProblem(`--from ${from} setelah --to ${to}`, `--from ${from} is after --to ${to}`);
  // With --year, a date names a day of that year.
  for (const flag of ["as-of", "from", "to"]) {
    const date = values.get(flag);
    if (year !== undefined && date !== undefined && date.slice(0, 4) !== year)
      return usageProblem(`--${flag} ${date} tidak dalam --year ${year}`, `--${flag} ${date} is not in --year ${year}`);
  }
  // The statement of operations of a period compares it with the same days a year earlier: at most a year.
  if (
    (report === "hasil-usaha" || report === "arus-kas" || report === "laporan-berkala") &&
    from !== undefined &&
    to !== undefined &&
    sameDayYearBefore(to) >= from
  )
    return usageProblem(
      `--from ${from} --to ${to}: periode laporan ${report} paling lama setahun`,
      `--from ${from} --to ${to}: a statement (${report}) covers at most a year`,
    );
  // The reports of one member, loan, account or item need it named.
  const needs = needsOf(report);
  if (needs !== undefined && !values.has(needs))
    return usageProblem(`report ${name} memerlukan --${needs}`, `report ${name} needs --${needs}`);
  if (switches.has("json") && switches.has("csv"))
    return usageProblem("pilih salah satu: --json atau --csv", "choose one: --json or --csv");
  const optional = (key: string, flag: string) => (values.has(flag) ? { [key]: values.get(flag) as string } : {});
  return {
    ok: true,
    options: {
      ...optional("year", "year"),
      ...optional("asOf", "as-of"),
      ...optional("maturesBy", "matures-by"),
      ...optional("from", "from"),
      ...optional("to", "to"),
      ...optional("unit", "unit"),
      ...optional("member", "member"),
      ...optional("loan", "loan"),
      ...optional("account", "account"),
      ...optional("item", "item"),
      ...optional("asset", "asset"),
      ...optional("deposit", "deposit"),
      ...optional("out", "out"),
      json: switches.has("json"),
      csv: switches.has("csv"),
    },
  };
};

/**
 * The members' names from their identity records, which live outside the log: the member list, the
 * SHU table and slips, a savings book, arrears and a loan card are handed to people, who know each
 * other by name. A member whose personal data was erased is shown as such.
 */
export const memberNames = async (
  store: LedgerStoreShape,
  book: string,
  memberNos: Iterable<string>,
  lang: Lang,
): Promise<{
  readonly nameOf: (memberNo: string) => string;
  readonly addressOf: (memberNo: string) => string;
  readonly who: MemberLabel;
}> => {
  const records = new Map<string, { name: string; address: string }>();
  const wanted = [...new Set(memberNos)];
  // One member: one lookup; more: every record of the book in one read.
  const found =
    wanted.length === 0
      ? []
      : wanted.length === 1
        ? [await Effect.runPromise(store.identity(book, wanted[0] as string))]
        : await Effect.runPromise(store.identities(book));
  const erased = lang === "en" ? "(personal data erased)" : "(data pribadi dihapus)";
  for (const record of found) {
    if (record === undefined) continue;
    records.set(record.memberNo, record.redacted === true ? { name: erased, address: "" } : { name: record.name, address: record.address });
  }
  const nameOf = (memberNo: string) => records.get(memberNo)?.name ?? "";
  return {
    nameOf,
    addressOf: (memberNo) => records.get(memberNo)?.address ?? "",
    who: (memberNo) => (records.has(memberNo) ? `${memberNo} ${nameOf(memberNo)}` : memberNo),
  };
};

export const runReport = async (
  database: LedgerDatabase,
  book: string,
  name: string,
  options: ReportOptions,
  lang: Lang,
  clock: { readonly now: () => Date },
): Promise<number> => {
  const state = (await Effect.runPromise(database.store.open(book))) as BookState | undefined;
  if (state === undefined) return noBook(book, lang, options.json);
  const { startDate, utcOffsetMinutes } = state.config;
  const today = localDateOf(clock.now(), utcOffsetMinutes);
  // The default year is the last one ended (the RAT's), or the book's first while that is still running.
  // A report of a date or a period (--as-of, --from, --to) without --year is of that date's year.
  const dated = flagsOf(name as Report).includes("year") ? (options.asOf ?? options.to ?? options.from) : undefined;
  const year = options.year ?? dated?.slice(0, 4) ?? String(Math.max(Number(today.slice(0, 4)) - 1, Number(startDate.slice(0, 4))));
  const asOf = options.asOf ?? `${year}-12-31`;
  const refuse = (message: string, messageEn: string) => {
    console.error(lang === "en" ? messageEn : message);
    return 1;
  };
  // A year or a date the book has no figures for is refused, not printed as a page of zeros.
  if (`${year}-12-31` < startDate) {
    return refuse(
      `tahun ${year} berakhir sebelum buku dimulai (${startDate})`,
      `the year ${year} ends before the book starts (${startDate})`,
    );
  }
  if (year > today.slice(0, 4))
    return refuse(`tahun ${year} belum dimulai (hari ini ${today})`, `the year ${year} has not begun (today is ${today})`);
  if (options.asOf !== undefined && asOf < startDate)
    return refuse(`${asOf} sebelum buku dimulai (${startDate})`, `${asOf} is before the book starts (${startDate})`);
  const unit = options.unit;
  if (unit !== undefined && !state.config.units.some((u) => u.code === unit)) {
    const units = state.config.units.map((u) => u.code).join(", ");
    return refuse(`buku ini tidak punya unit ${unit} (unitnya: ${units})`, `this book has no unit ${unit} (its units: ${units})`);
  }
  const named: Array<[string | undefined, boolean, string, string]> = [
    [options.member, options.member === undefined || state.members.has(options.member), "anggota", "member"],
    [options.loan, options.loan === undefined || state.loans.loans.has(options.loan), "pinjaman", "loan"],
    [options.account, options.account === undefined || state.accounts.has(options.account), "akun", "account"],
    [options.item, options.item === undefined || state.shop.items.has(options.item), "barang", "item"],
    [options.asset, options.asset === undefined || state.assets.has(options.asset), "aset tetap", "fixed asset"],
    [options.deposit, options.deposit === undefined || state.deposits.has(options.deposit), "simpanan berjangka", "time deposit"],
  ];
  for (const [value, known, id, en] of named) {
    if (!known) return refuse(`buku ini tidak punya ${id} ${value}`, `this book has no ${en} ${value}`);
  }
  // A period: --from and --to, each defaulting to the book year's first and last day.
  const period = bookYearPeriod(state, year);
  const from = options.from ?? period.from;
  const to = options.to ?? period.to;
  if (options.from !== undefined && from < startDate)
    return refuse(`${from} sebelum buku dimulai (${startDate})`, `${from} is before the book starts (${startDate})`);
  // No report reads the whole log (the register, the loans and the arrears come from the state). Each
  // reads through the state's head: a book taking commands meanwhile gives one moment's report.
  // The trial balance and the statements read sums of postings, which the store totals in one query
  // (a ten-year book: a few hundred rows instead of 163,000 events).
  const totalsFor = (filters: ReadonlyArray<TotalsFilter>) =>
    Effect.runPromise(database.store.postingTotals(book, boundsOf(...filters), state.seq));
  // A report that looks at some events only (a member's, a loan's, a period's, …) reads only those.
  const readSelected = (selection: LogSelection) => Effect.runPromise(database.store.readSelected(book, selection, state.seq));
  // A report that needs both: totals (before its period, or per member, loan or item) and some events.
  const readsFor = (reads: LogReads): Promise<ReadResult> => Effect.runPromise(readFor(database.store, book, reads, state.seq));
  const scale = state.config.scale;
  const statementOptions = unit === undefined ? {} : { unit };
  const json = options.json;
  const wantsCsv = options.csv;
  const print = (data: unknown, text: () => string, rows?: () => ReadonlyArray<ReadonlyArray<string | bigint | number>>) => {
    if (json) console.log(JSON.stringify(toWireValue(data)));
    else if (wantsCsv && rows !== undefined) console.log(csv(rows()));
    else console.log(text());
    return 0;
  };
  const printPage = (html: string, what: string) => {
    if (options.out === undefined) process.stdout.write(html);
    else {
      writeOutput(options.out, html);
      console.log(`${what}: ${options.out}`);
    }
    return 0;
  };
  switch (name) {
    case "anggota": {
      // Every member with their status and savings now.
      // The register of members (buku daftar anggota): each with their name, status and savings now.
      const { nameOf, addressOf } = await memberNames(database.store, book, state.members.keys(), lang);
      const members = [...state.members.values()].map((m) => ({
        memberNo: m.memberNo,
        name: nameOf(m.memberNo),
        address: addressOf(m.memberNo),
        status: m.status,
        joinedOn: m.joinedOn,
        exitedOn: m.exitedOn ?? "",
        ...memberSavings(state, m.memberNo),
      }));
      const header =
        lang === "en"
          ? ["Member", "Name", "Status", "Joined", "Pokok", "Wajib", "Sukarela", "Time deposits"]
          : ["Anggota", "Nama", "Status", "Masuk", "Pokok", "Wajib", "Sukarela", "Berjangka"];
      return print(
        members,
        () =>
          table(
            header,
            members.map((m) => [
              m.memberNo,
              m.name,
              m.status,
              m.joinedOn,
              formatRupiah(m.pokokMinor, scale),
              formatRupiah(m.wajibMinor, scale),
              formatRupiah(m.sukarelaMinor, scale),
              formatRupiah(m.berjangkaMinor, scale),
            ]),
            new Set([4, 5, 6, 7]),
          ),
        () => [
          ["member", "name", "address", "status", "joined_on", "exited_on", "pokok", "wajib", "sukarela", "berjangka"],
          ...members.map((m) => [
            m.memberNo,
            m.name,
            m.address,
            m.status,
            m.joinedOn,
            m.exitedOn,
            m.pokokMinor,
            m.wajibMinor,
            m.sukarelaMinor,
            m.berjangkaMinor,
          ]),
        ],
      );
    }
    case "pinjaman": {
      // Every loan with its member, product, principal outstanding, kolektibilitas and allowance.
      const loans = [...state.loans.loans.values()].map((l) => ({
        loanId: l.loanId,
        memberNo: l.memberNo,
        product: l.product,
        status: l.status,
        principalMinor: l.principalMinor,
        outstandingMinor: outstandingPrincipal(l),
        kolektibilitas: l.kolektibilitas,
        allowanceMinor: l.allowanceMinor,
      }));
      const header =
        lang === "en"
          ? ["Loan", "Member", "Product", "Status", "Principal", "Outstanding", "Class", "Allowance"]
          : ["Pinjaman", "Anggota", "Produk", "Status", "Pokok", "Sisa pokok", "Kolektibilitas", "PPAP"];
      return print(
        loans,
        () =>
          table(
            header,
            loans.map((l) => [
              l.loanId,
              l.memberNo,
              l.product,
              l.status,
              formatRupiah(l.principalMinor, scale),
              formatRupiah(l.outstandingMinor, scale),
              l.kolektibilitas,
              formatRupiah(l.allowanceMinor, scale),
            ]),
            new Set([4, 5, 7]),
          ),
        () => [
          ["loan", "member", "product", "status", "principal", "outstanding", "kolektibilitas", "allowance"],
          ...loans.map((l) => [
            l.loanId,
            l.memberNo,
            l.product,
            l.status,
            l.principalMinor,
            l.outstandingMinor,
            l.kolektibilitas,
            l.allowanceMinor,
          ]),
        ],
      );
    }
    case "aset": {
      // The fixed-asset register as the book stands (or as it stood at --as-of): cost, depreciation so
      // far, book value, the next month's charge.
      const register = fixedAssetRegister(
        options.asOf === undefined ? state : { assets: fixedAssetsAt(await readSelected(fixedAssetsAtEvents(asOf)), asOf) },
      );
      const header =
        lang === "en"
          ? [
              "Asset",
              "Name",
              "Unit",
              "Acquired",
              "Cost",
              "Residual",
              "Accumulated",
              "Book value",
              "Months",
              "Method",
              "Next month",
              "Disposed",
            ]
          : [
              "Aset",
              "Nama",
              "Unit",
              "Diperoleh",
              "Harga perolehan",
              "Nilai sisa",
              "Akumulasi",
              "Nilai buku",
              "Bulan",
              "Metode",
              "Bulan depan",
              "Dilepas",
            ];
      const total = lang === "en" ? "Held" : "Dimiliki";
      // A register with an impaired asset says, after the accumulated depreciation, how much of it is impairment losses.
      const impaired = register.rows.some((r) => r.impairedMinor !== 0n);
      const ofWhich = (cells: string[], cell: string): string[] => (impaired ? [...cells.slice(0, 7), cell, ...cells.slice(7)] : cells);
      return print(
        register,
        () =>
          table(
            ofWhich(header, lang === "en" ? "Of which impairment" : "Di antaranya penurunan nilai"),
            [
              ...register.rows.map((r) =>
                ofWhich(
                  [
                    r.assetId,
                    r.name,
                    r.unit,
                    r.acquiredOn,
                    formatRupiah(r.costMinor, scale),
                    formatRupiah(r.residualMinor, scale),
                    formatRupiah(r.accumulatedMinor, scale),
                    formatRupiah(r.bookValueMinor, scale),
                    `${r.monthsDone}/${r.months}`,
                    methodText(r, lang),
                    formatRupiah(r.nextChargeMinor, scale),
                    r.disposedOn ?? "",
                  ],
                  formatRupiah(r.impairedMinor, scale),
                ),
              ),
              ofWhich(
                [
                  total,
                  "",
                  "",
                  "",
                  formatRupiah(register.heldCostMinor, scale),
                  "",
                  formatRupiah(register.heldAccumulatedMinor, scale),
                  formatRupiah(register.heldBookValueMinor, scale),
                  "",
                  "",
                  "",
                  "",
                ],
                formatRupiah(register.heldImpairedMinor, scale),
              ),
            ],
            impaired ? new Set([4, 5, 6, 7, 8, 11]) : new Set([4, 5, 6, 7, 10]),
          ),
        () => [
          [
            "asset",
            "name",
            "unit",
            "acquired_on",
            "cost",
            "residual",
            "accumulated",
            "book_value",
            "months",
            "months_done",
            "next_charge",
            "disposed_on",
            "method",
            "life_months",
            "impaired",
          ],
          ...register.rows.map((r) => [
            r.assetId,
            r.name,
            r.unit,
            r.acquiredOn,
            r.costMinor,
            r.residualMinor,
            r.accumulatedMinor,
            r.bookValueMinor,
            r.months,
            r.monthsDone,
            r.nextChargeMinor,
            r.disposedOn ?? "",
            r.method,
            r.lifeMonths ?? "",
            r.impairedMinor,
          ]),
        ],
      );
    }
    case "anggaran": {
      // The RAPB against the year's realization, per account and unit.
      // With --as-of, the realization so far in its year.
      const soFar = options.asOf === undefined ? {} : { through: options.asOf };
      const report = budgetRealization(state, await totalsFor(budgetRealizationFilters(state, year, soFar)), year, {
        ...statementOptions,
        ...soFar,
      });
      const en = lang === "en";
      const rows = (lines: ReadonlyArray<BudgetRealizationLine>) =>
        lines.map((l) => [
          l.account,
          `${l.name}${l.budgeted ? "" : en ? " (not budgeted)" : " (tidak dianggarkan)"}`,
          l.unit,
          formatRupiah(l.budgetMinor, scale),
          formatRupiah(l.actualMinor, scale),
          formatRupiah(l.differenceMinor, scale),
          permilleText(l.realizedPermille),
        ]);
      const total = (label: string, t: { budgetMinor: bigint; actualMinor: bigint }) => [
        label,
        "",
        "",
        formatRupiah(t.budgetMinor, scale),
        formatRupiah(t.actualMinor, scale),
        formatRupiah(t.actualMinor - t.budgetMinor, scale),
        "",
      ];
      const header = en
        ? ["Account", "Name", "Unit", "Budget", "Actual", "Difference", "Realized"]
        : ["Akun", "Nama", "Unit", "Anggaran", "Realisasi", "Selisih", "Realisasi %"];
      const through = options.asOf === undefined ? "" : en ? `, realized through ${report.through}` : `, realisasi s.d. ${report.through}`;
      const title = `${en ? "Budget (RAPB) and its realization" : "Anggaran (RAPB) dan realisasinya"} ${year}${through}${report.unit === undefined ? "" : `, unit ${report.unit}`}${
        report.set ? "" : en ? ": no budget was set for this year" : ": belum ada anggaran untuk tahun ini"
      }`;
      return print(
        report,
        () =>
          `${title}\n${table(
            header,
            [
              ...rows(report.pendapatan),
              total(en ? "Total income" : "Jumlah pendapatan", report.totals.pendapatan),
              ...rows(report.beban),
              total(en ? "Total expenses" : "Jumlah beban", report.totals.beban),
              total(en ? "Surplus" : "Selisih hasil usaha", report.totals.surplus),
            ],
            new Set([3, 4, 5, 6]),
          )}`,
        () => [
          ["account", "name", "kind", "unit", "budgeted", "budget", "actual", "difference", "realized_permille"],
          ...[...report.pendapatan, ...report.beban].map((l) => [
            l.account,
            l.name,
            l.kind,
            l.unit,
            l.budgeted ? "ya" : "tidak",
            l.budgetMinor,
            l.actualMinor,
            l.differenceMinor,
            l.realizedPermille ?? "",
          ]),
        ],
      );
    }
    case "berjangka": {
      // The time-deposit register (daftar simpanan berjangka) as the book stands, or as it stood at
      // --as-of; with --member, one member's deposits; with --matures-by, the deposits still placed
      // that mature by that day, soonest first: the cash the treasurer must have ready.
      const register = timeDepositRegister(
        options.asOf === undefined ? state : { deposits: timeDepositsAt(await readSelected(timeDepositsAtEvents(asOf)), asOf) },
      );
      const maturesBy = options.maturesBy;
      const rows = register.rows
        .filter((r) => options.member === undefined || r.memberNo === options.member)
        .filter((r) => maturesBy === undefined || (r.status === "active" && r.maturesOn <= maturesBy))
        .sort((a, b) => (maturesBy === undefined || a.maturesOn === b.maturesOn ? 0 : a.maturesOn < b.maturesOn ? -1 : 1));
      const en = lang === "en";
      const statusText = (r: TimeDepositRow) =>
        r.status === "active"
          ? en
            ? "placed"
            : "aktif"
          : r.status === "matured"
            ? en
              ? "matured"
              : "jatuh tempo"
            : en
              ? "withdrawn"
              : "dicairkan";
      const atMaturityText = (r: TimeDepositRow) =>
        r.atMaturity === "rollover"
          ? `${en ? "roll over" : "diperpanjang"}${r.rolloverTermMonths === undefined ? "" : ` ${r.rolloverTermMonths} ${en ? "mo" : "bln"}`}${
              r.rolloverRate === undefined ? "" : ` ${en ? "at" : "dengan"} ${rateText(r.rolloverRate, lang)}`
            }`
          : "sukarela";
      const held = rows.filter((r) => r.status === "active").reduce((sum, r) => sum + r.principalMinor, 0n);
      // Jasa earned to the last month end and not yet paid: what Utang Jasa Simpanan Berjangka holds.
      const accrued = rows.reduce((sum, r) => sum + r.accruedMinor, 0n);
      return print(
        { ...register, rows },
        () =>
          table(
            en
              ? [
                  "Deposit",
                  "Member",
                  "Principal",
                  "Rate",
                  "Term",
                  "Placed",
                  "Matures",
                  "At maturity",
                  "Status",
                  "Jasa paid",
                  "Tax withheld",
                  "Jasa accrued",
                ]
              : [
                  "Bilyet",
                  "Anggota",
                  "Pokok",
                  "Bunga",
                  "Jangka",
                  "Ditempatkan",
                  "Jatuh tempo",
                  "Saat jatuh tempo",
                  "Status",
                  "Jasa dibayar",
                  "Pajak dipotong",
                  "Jasa terutang",
                ],
            [
              ...rows.map((r) => [
                r.depositId,
                r.memberNo,
                formatRupiah(r.principalMinor, scale),
                rateText(r.ratePerYear, lang),
                `${r.termMonths} ${en ? "mo" : "bln"}`,
                r.placedOn,
                r.maturesOn,
                atMaturityText(r),
                `${statusText(r)}${r.endedOn === undefined ? "" : ` ${r.endedOn}`}${
                  r.pledgedTo === undefined ? "" : `, ${en ? "secures" : "agunan"} ${r.pledgedTo}`
                }`,
                formatRupiah(r.interestMinor, scale),
                formatRupiah(r.taxMinor, scale),
                formatRupiah(r.accruedMinor, scale),
              ]),
              [en ? "Placed" : "Aktif", "", formatRupiah(held, scale), "", "", "", "", "", "", "", "", formatRupiah(accrued, scale)],
            ],
            new Set([2, 9, 10, 11]),
          ),
        () => [
          [
            "deposit",
            "member",
            "principal",
            "rate_per_year",
            "term_months",
            "day_count",
            "placed_on",
            "term_start",
            "matures_on",
            "at_maturity",
            "rollovers",
            "status",
            "ended_on",
            "interest",
            "tax",
            "accrued",
            "rollover_rate",
            "pledged_to",
            "rollover_term_months",
          ],
          ...rows.map((r) => [
            r.depositId,
            r.memberNo,
            r.principalMinor,
            r.ratePerYear,
            r.termMonths,
            r.dayCount,
            r.placedOn,
            r.termStart,
            r.maturesOn,
            r.atMaturity,
            r.rollovers,
            r.status,
            r.endedOn ?? "",
            r.interestMinor,
            r.taxMinor,
            r.accruedMinor,
            r.rolloverRate ?? "",
            r.pledgedTo ?? "",
            r.rolloverTermMonths ?? "",
          ]),
        ],
      );
    }
    case "bilyet": {
      // One deposit's card: every period of its current term, its jasa posted, to come or forfeited.
      const deposit = state.deposits.get(options.deposit as string) as TimeDepositState;
      const lines = depositSchedule(deposit);
      const en = lang === "en";
      const mark = (l: DepositPeriodLine) =>
        l.posted ? (en ? "paid" : "dibayar") : l.forfeited ? (en ? "forfeited" : "hangus") : en ? "to come" : "rencana";
      return print(
        { ...deposit, postedByMonth: undefined, lines },
        () =>
          `${en ? "Time deposit" : "Simpanan berjangka"} ${deposit.depositId}, ${en ? "member" : "anggota"} ${deposit.memberNo}: ${formatRupiah(
            deposit.principalMinor,
            scale,
          )} ${en ? "at" : "dengan jasa"} ${rateText(deposit.ratePerYear, lang)} ${en ? "a year" : "setahun"} (${deposit.dayCount}), ${deposit.termMonths} ${
            en ? "months from" : "bulan sejak"
          } ${deposit.termStart}, ${en ? "matures" : "jatuh tempo"} ${deposit.maturesOn}${
            deposit.endedOn !== undefined
              ? en
                ? `, ended ${deposit.endedOn}`
                : `, selesai ${deposit.endedOn}`
              : deposit.atMaturity === "sukarela"
                ? en
                  ? ", then into sukarela"
                  : ", lalu ke sukarela"
                : `, ${en ? "then rolls over for" : "lalu diperpanjang"} ${deposit.rolloverTermMonths ?? deposit.termMonths} ${en ? "months at" : "bulan dengan jasa"} ${rateText(
                    deposit.rolloverRate ?? deposit.ratePerYear,
                    lang,
                  )}`
          }\n${table(
            en ? ["From", "To", "Days", "Jasa", ""] : ["Dari", "Sampai", "Hari", "Jasa", ""],
            lines.map((l) => [l.start, l.end, String(l.days), formatRupiah(l.grossMinor, scale), mark(l)]),
            new Set([2, 3]),
          )}`,
        () => [
          ["start", "end", "days", "gross", "status"],
          ...lines.map((l) => [l.start, l.end, l.days, l.grossMinor, l.posted ? "paid" : l.forfeited ? "forfeited" : "to-come"]),
        ],
      );
    }
    case "kartu-aset": {
      // One asset's card: every month of its schedule, posted or still to come.
      const asset = state.assets.get(options.asset as string) as FixedAssetState;
      const lines = depreciationSchedule(asset);
      const en = lang === "en";
      const d = asset.def;
      return print(
        { ...d, months: asset.months, monthsDone: asset.monthsDone, disposedOn: asset.disposedOn, lines },
        () =>
          `${en ? "Fixed asset" : "Aset tetap"} ${d.assetId} ${d.name} (${d.unit}), ${en ? "acquired" : "diperoleh"} ${d.acquiredOn}: ${
            en ? "cost" : "harga perolehan"
          } ${formatRupiah(d.costMinor, scale)}, ${en ? "residual value" : "nilai sisa"} ${formatRupiah(d.residualMinor, scale)}, ${methodText(
            d,
            lang,
          )}${asset.disposedOn === undefined ? "" : en ? `, disposed of ${asset.disposedOn}` : `, dilepas ${asset.disposedOn}`}\n${table(
            en ? ["Month", "Depreciation", "Accumulated", "Book value", ""] : ["Bulan", "Penyusutan", "Akumulasi", "Nilai buku", ""],
            lines.map((l) => [
              l.month,
              formatRupiah(l.chargeMinor, scale),
              formatRupiah(l.accumulatedMinor, scale),
              formatRupiah(l.bookValueMinor, scale),
              l.kind === "penurunan-nilai"
                ? en
                  ? `impairment loss, ${l.date}`
                  : `rugi penurunan nilai, ${l.date}`
                : l.kind === "pemulihan-nilai"
                  ? en
                    ? `impairment loss reversed, ${l.date}`
                    : `pemulihan rugi penurunan nilai, ${l.date}`
                  : l.posted
                    ? en
                      ? "posted"
                      : "dibukukan"
                    : en
                      ? "to come"
                      : "rencana",
            ]),
            new Set([1, 2, 3]),
          )}`,
        () => [
          ["month", "charge", "accumulated", "book_value", "posted", "kind", "date"],
          ...lines.map((l) => [
            l.month,
            l.chargeMinor,
            l.accumulatedMinor,
            l.bookValueMinor,
            l.posted ? "ya" : "tidak",
            l.kind,
            l.date ?? "",
          ]),
        ],
      );
    }
    case "status": {
      const status = bookStatus(state, today);
      return print(status, () => renderBookStatus(status, scale, lang));
    }
    case "portofolio": {
      const portfolio = loanPortfolio(state, asOf);
      return print(portfolio, () => renderPortfolio(portfolio, scale, lang));
    }
    case "persediaan": {
      const valuation = inventoryValuation(state, await readsFor(inventoryValuationReads({ asOf }, state)), { asOf });
      return print(
        valuation,
        () => renderInventoryValuation(valuation, scale, lang),
        () => [["item", "quantity_units", "value"], ...valuation.rows.map((r) => [r.item, r.quantityUnits, r.valueMinor])],
      );
    }
    case "umur-piutang": {
      const aging = receivableAging(state, await readSelected(receivableAgingEvents({ asOf })), { asOf });
      return print(aging, () => renderReceivableAging(aging, scale, lang));
    }
    case "laba-kotor": {
      const margin = grossMargin(await readSelected(salesEvents({ from, to })), { from, to });
      return print(margin, () => renderGrossMargin(margin, scale, lang));
    }
    case "belanja-anggota": {
      const purchases = memberPurchases(await readSelected(salesEvents({ from, to })), { from, to });
      return print(purchases, () => renderMemberPurchases(purchases, scale, lang, 1_000_000));
    }
    case "jurnal": {
      const entries = journal(state, await readSelected(journalEvents({ from, to })), { from, to });
      return print(
        entries,
        () => renderJournal(entries, scale, lang),
        () => [
          ["seq", "date", "description", "account", "sub", "unit", "debit", "credit"],
          ...entries.entries.flatMap((e) =>
            e.lines.map((l) => [e.seq, e.date, e.memo, l.account, l.sub ?? "", l.unit, l.debitMinor, l.creditMinor]),
          ),
        ],
      );
    }
    case "mutasi": {
      const memberNo = options.member as string;
      const statement = memberStatement(await readSelected(memberStatementEvents({ memberNo, to })), { memberNo, from, to });
      const { who } = await memberNames(database.store, book, [statement.memberNo], lang);
      return print(statement, () => renderMemberStatement(statement, scale, lang, who));
    }
    case "pajak-simpanan": {
      // PP 15/2009: the jasa simpanan paid for the months of the period and the final tax withheld
      // from it, per member (the bukti potong's figures), with the total to remit.
      const report = jasaWithholding(await readSelected(JASA_WITHHOLDING_EVENTS), from.slice(0, 7), to.slice(0, 7));
      const { nameOf } = await memberNames(
        database.store,
        book,
        report.rows.map((r) => r.memberNo),
        lang,
      );
      const en = lang === "en";
      // The amounts of a member's row, and of the total, in the same order.
      const amounts = (r: Omit<JasaWithholdingRow, "memberNo">) => [
        r.sukarelaMinor,
        r.berjangkaMinor,
        r.grossMinor,
        r.taxMinor,
        r.netMinor,
      ];
      return print(
        report,
        () =>
          `${en ? "Final tax on savings jasa (PP 15/2009)" : "PPh final atas jasa simpanan (PP 15/2009)"} ${report.fromMonth} – ${report.toMonth}\n${table(
            en
              ? ["Member", "Name", "Sukarela", "Time deposits", "Gross", "Tax withheld", "Net"]
              : ["Anggota", "Nama", "Sukarela", "Berjangka", "Bruto", "Pajak dipotong", "Neto"],
            [
              ...report.rows.map((r) => [r.memberNo, nameOf(r.memberNo), ...amounts(r).map((m) => formatRupiah(m, scale))]),
              [en ? "Total" : "Jumlah", "", ...amounts(report.totals).map((m) => formatRupiah(m, scale))],
            ],
            new Set([2, 3, 4, 5, 6]),
          )}`,
        () => [
          ["member", "name", "sukarela", "berjangka", "gross", "tax", "net"],
          ...report.rows.map((r) => [r.memberNo, nameOf(r.memberNo), ...amounts(r)]),
        ],
      );
    }
    case "tunggakan-wajib": {
      // Through the month of --as-of, or this month.
      const month = (options.asOf ?? today).slice(0, 7);
      const rows = wajibArrears(state, month);
      const behind = rows.filter((r) => r.arrearsMinor > 0n);
      const title = lang === "en" ? `Wajib arrears through ${month}` : `Tunggakan simpanan wajib s.d. ${month}`;
      const { nameOf, who } = await memberNames(
        database.store,
        book,
        behind.map((r) => r.memberNo),
        lang,
      );
      return print(
        behind,
        () => `${title}\n${renderWajibArrears(rows, scale, lang, who)}`,
        () => [
          ["member", "name", "months", "due", "paid", "arrears"],
          ...behind.map((r) => [r.memberNo, nameOf(r.memberNo), r.monthsDue, r.dueMinor, r.paidMinor, r.arrearsMinor]),
        ],
      );
    }
    case "kartu-pinjaman": {
      // The schedule's state at --as-of, or today.
      const loanId = options.loan as string;
      const loanAsOf = options.asOf ?? today;
      const schedule = loanSchedule(state, loanId, loanAsOf);
      const movements = loanStatement(await readSelected(loanStatementEvents(loanId)), loanId);
      const memberNo = state.loans.loans.get(loanId)?.memberNo ?? "";
      const { who } = await memberNames(database.store, book, [memberNo], lang);
      return print(
        { loanId, memberNo, asOf: loanAsOf, schedule, movements },
        () => renderLoanCard(loanId, memberNo, schedule, movements, loanAsOf, scale, lang, who),
        () => [
          ["number", "due_date", "pokok", "jasa", "pokok_paid", "jasa_paid", "denda_paid", "denda_due", "status"],
          ...schedule.map((l) => [
            l.number,
            l.dueDate,
            l.plannedPrincipalMinor,
            l.plannedInterestMinor,
            l.paidPrincipalMinor,
            l.paidInterestMinor,
            l.paidDendaMinor,
            l.dendaDueMinor,
            l.status,
          ]),
        ],
      );
    }
    case "buku-besar": {
      const account = { account: options.account as string, ...(options.member === undefined ? {} : { sub: options.member }) };
      const ledger = generalLedger(state, await readSelected(generalLedgerEvents({ ...account, to })), { ...account, from, to });
      return print(
        ledger,
        () => renderGeneralLedger(ledger, scale, lang),
        () => [
          ["seq", "date", "description", "sub", "debit", "credit", "balance"],
          ["", from, "opening", "", "", "", ledger.openingMinor],
          ...ledger.lines.map((l) => [l.seq, l.date, l.memo, l.sub ?? "", l.debitMinor, l.creditMinor, l.balanceMinor]),
        ],
      );
    }
    case "kartu-stok": {
      // Of the stock's movements, the stretch that covers fewer days (a recent month of a long book reads no years before it).
      const read = stockCardRead(state, { from, to });
      const card = stockCard(state, await readSelected(read.selection), { item: options.item as string, from, to, opening: read.opening });
      return print(
        card,
        () => renderStockCard(card, scale, lang),
        () => [
          ["seq", "date", "reference", "in_units", "out_units", "balance_units", "balance_value"],
          ["", from, "opening", "", "", card.opening.quantityUnits, card.opening.valueMinor],
          ...card.lines.map((l) => [l.seq, l.date, l.reference, l.inUnits, l.outUnits, l.balanceUnits, l.balanceMinor]),
        ],
      );
    }
    case "trial-balance": {
      const tb = trialBalance(state, await totalsFor(trialBalanceFilters({ asOf })), { asOf, ...statementOptions });
      return print(
        tb,
        () => renderTrialBalance(tb, scale, lang),
        () => [["code", "name", "kind", "debit", "credit"], ...tb.rows.map((r) => [r.code, r.name, r.kind, r.debitMinor, r.creditMinor])],
      );
    }
    case "posisi": {
      // At --as-of (a quarter's or a half year's end) beside the last year end, or at the end of the year.
      const p =
        options.asOf === undefined
          ? financialPosition(state, await totalsFor(financialPositionFilters(`${year}-12-31`)), year, statementOptions)
          : financialPositionAt(state, await totalsFor(financialPositionFilters(asOf)), asOf, statementOptions);
      const columns = options.asOf === undefined ? [year, String(Number(year) - 1)] : [p.asOf.current, p.asOf.prior];
      return print(
        p,
        () => renderFinancialPosition(p, scale, lang),
        () => [
          ["section", "code", "name", ...columns],
          ...(["aset", "kewajiban", "ekuitas"] as const).flatMap((section) =>
            p[section].map((l) => [
              section,
              l.code,
              l.code === UNCLOSED_RESULT ? UNCLOSED_RESULT_NAME[lang] : l.name,
              l.currentMinor,
              l.priorMinor,
            ]),
          ),
        ],
      );
    }
    case "hasil-usaha": {
      // Of the period --from … --to beside the same days a year earlier, or of the book year.
      const r =
        options.from === undefined && options.to === undefined
          ? resultOfOperations(state, await totalsFor(resultOfOperationsFilters(state, year)), year, statementOptions)
          : resultOfOperationsFor(state, await totalsFor(resultOfOperationsForFilters({ from, to })), { from, to }, statementOptions);
      const { current, prior } = r.period;
      const columns = r.interim ? [`${current.from}/${current.to}`, `${prior.from}/${prior.to}`] : [year, String(Number(year) - 1)];
      return print(
        r,
        () => renderResultOfOperations(r, scale, lang),
        () => [
          ["code", "name", "anggota", "non_anggota", "umum", ...columns],
          ...[...r.pendapatan, ...r.beban].map((l) => [
            l.code,
            l.name,
            l.anggotaMinor,
            l.nonAnggotaMinor,
            l.umumMinor,
            l.currentMinor,
            l.priorMinor,
          ]),
        ],
      );
    }
    case "ekuitas": {
      const c = changesInEquity(state, await totalsFor(changesInEquityFilters(state, year)), year, statementOptions);
      return print(c, () => renderChangesInEquity(c, scale, lang));
    }
    case "arus-kas": {
      const c =
        options.from === undefined && options.to === undefined
          ? cashFlowStatement(state, await readsFor(cashFlowReads(state, year, statementOptions)), year, statementOptions)
          : cashFlowStatementFor(state, await readsFor(cashFlowReadsFor({ from, to }, statementOptions)), { from, to }, statementOptions);
      return print(
        c,
        () => renderCashFlow(c, scale, lang),
        () => [
          ["activity", "code", "name", "in", "out"],
          ...c.current.lines.map((l) => [l.activity, l.code, l.name, l.inMinor, l.outMinor]),
        ],
      );
    }
    case "catatan": {
      const n = notesSummary(state, await readsFor(notesReads(asOf)), asOf);
      return print(n, () => renderNotesSummary(n, scale, lang));
    }
    case "kesehatan": {
      const h = healthIndicators(state, await readsFor(healthReads(state, year)), year, statementOptions);
      return print(h, () => renderHealth(h, year, lang));
    }
    case "rat-pack": {
      // The printable RAT pack: to a file with --out, or to standard output.
      // The SHU table names each member: members look for their own line at the RAT. The pack makes
      // the table itself, so the names are read for every member, in one read.
      const { who } = await memberNames(database.store, book, state.members.keys(), lang);
      return printPage(
        renderRatPackHtml(state, await readsFor(ratPackReads(state, year)), year, lang, who),
        lang === "en" ? "RAT pack" : "bahan RAT",
      );
    }
    case "laporan-berkala": {
      // The printable periodic pack of --from … --to (a quarter or half year; --from defaults to the year's first day).
      // A pack is handed out: one whose period has not ended would show part of it under its whole name.
      if (to > today) {
        return refuse(
          `periode sampai ${to} belum berakhir (hari ini ${today}); untuk sampai hari ini: --to ${today}`,
          `the period to ${to} has not ended (today is ${today}); for the period so far: --to ${today}`,
        );
      }
      const html = renderPeriodPackHtml(state, await readsFor(periodPackReads(state, { from, to })), { from, to }, lang);
      return printPage(html, lang === "en" ? "periodic report" : "laporan berkala");
    }
    case "shu":
    case "slip": {
      const table = shuTable(state, await readSelected(shuTableEvents(year)), year);
      if (table === undefined) {
        console.error(
          lang === "en"
            ? `no SHU for ${year}: the year is not closed, or has no member SHU`
            : `tidak ada SHU ${year}: tahun buku belum ditutup, atau tidak ada SHU bagian anggota`,
        );
        return 1;
      }
      const { nameOf, who } = await memberNames(
        database.store,
        book,
        name === "shu" ? table.rows.map((r) => r.memberNo) : [options.member as string],
        lang,
      );
      if (name === "shu") {
        return print(
          table,
          () => renderShuTable(table, scale, lang, undefined, who),
          () => [
            ["member", "name", "capital_basis", "jasa_modal", "jasa_usaha", "total", "withheld", "net"],
            ...table.rows.map((r) => [
              r.memberNo,
              nameOf(r.memberNo),
              r.capitalMinor,
              r.jasaModalMinor,
              r.jasaUsahaMinor,
              r.totalMinor,
              r.withheldMinor,
              r.netMinor,
            ]),
          ],
        );
      }
      // readReportOptions made --member required for the slip, and the book was checked to have it.
      const slip = shuSlip(state, table, options.member as string);
      return print(slip, () => renderShuSlip(slip, scale, lang, table.capitalDays, who));
    }
  }
  return 2;
};
