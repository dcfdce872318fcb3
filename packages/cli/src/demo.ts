/**
 * The demo: a seeded, deterministic book year of a small koperasi in Jatisampurna. Members join over
 * the year and pay pokok; they pay wajib monthly (some fall behind) and save and withdraw sukarela;
 * the koperasi pays its running costs; one member resigns and is refunded; every month is closed with
 * its jasa simpanan. It prints the trial balance, member statements and wajib arrears, and ends with
 * `verify`. Each business day's commands are committed as one batch. With `years`, the same koperasi
 * runs several book years in a row, ending with `year`: each year closed, and its SHU shared at the
 * RAT in the February after, while the next year runs.
 */

import { createHash } from "node:crypto";
import {
  ACCOUNTS,
  accountBalanceAt,
  type BookState,
  daysPastDue,
  formatRupiah,
  grossMargin,
  healthIndicators,
  inventoryValuation,
  type LedgerEvent,
  type LedgerStoreShape,
  lastDayOf,
  loanPortfolio,
  makeExecutor,
  makeMemoryStore,
  memberPurchases,
  memberSavings,
  memberStatement,
  nextMonth,
  notesSummary,
  ratStatements,
  readAll,
  receivableAging,
  seededRandom,
  shuSlip,
  shuTable,
  trialBalance,
  verifyLog,
  wajibArrears,
} from "@lumbung/core";
import * as Effect from "effect/Effect";
import { memberCreditLimit, shopDay, shopSetup } from "./demo-shop.js";
import {
  type Lang,
  type MemberLabel,
  renderGrossMargin,
  renderInventoryValuation,
  renderMemberPurchases,
  renderMemberStatement,
  renderPortfolio,
  renderReceivableAging,
  renderTrialBalance,
  renderWajibArrears,
} from "./render.js";
import {
  renderCashFlow,
  renderChangesInEquity,
  renderFinancialPosition,
  renderHealth,
  renderNotesSummary,
  renderResultOfOperations,
  renderShuSlip,
  renderShuTable,
} from "./render-rat.js";
import { memberNames } from "./report.js";

const FIRST_NAMES = [
  "Siti",
  "Budi",
  "Dewi",
  "Agus",
  "Rina",
  "Joko",
  "Wati",
  "Hendra",
  "Sri",
  "Dedi",
  "Yuni",
  "Bambang",
  "Lina",
  "Eko",
  "Nur",
  "Rudi",
];
const LAST_NAMES = ["Rahayu", "Santoso", "Lestari", "Hidayat", "Wulandari", "Saputra", "Kurniawan", "Pratiwi", "Setiawan", "Handayani"];

export interface DemoOptions {
  readonly seed?: number;
  readonly members?: number;
  /** The book year (the last, when there are more): 2025 unless given. */
  readonly year?: number;
  /** How many book years to run, one after another, ending with `year` (1 unless given). */
  readonly years?: number;
  readonly lang?: Lang;
  readonly store?: LedgerStoreShape;
  /** The book's id (a server may hold many books). */
  readonly bookId?: string;
  readonly log?: (line: string) => void;
}

export interface DemoResult {
  readonly state: BookState;
  readonly events: LedgerEvent[];
  readonly verified: boolean;
  readonly headHash: string;
  /** The (last) book year the demo ran. */
  readonly year: number;
  /** Names a member by number and name, from the identity records. */
  readonly who: MemberLabel;
}

const nikOf = (n: number, female: boolean, random: () => number): string => {
  const day = 1 + Math.floor(random() * 28) + (female ? 40 : 0);
  const month = 1 + Math.floor(random() * 12);
  const year = 60 + Math.floor(random() * 40);
  return `327510${String(day).padStart(2, "0")}${String(month).padStart(2, "0")}${String(year).padStart(2, "0")}${String(n).padStart(4, "0")}`;
};

/**
 * The koperasi's fixed assets, on fixed days (no draw on the demo's random stream): in its first
 * February a grant from the city pays for a freezer and a delivery motorbike for the shop and a laptop
 * for the USP; every third year, in March, the motorbike is sold and replaced and the laptop, worn
 * out before its schedule ends, is scrapped (at a loss) and replaced.
 */
const assetCommands = (yearIndex: number, month: number, day: number, date: string): unknown[] => {
  const motor = (n: number, cost: string) => ({
    type: "AddFixedAsset",
    key: `asset-motor-${n}`,
    assetId: `MOTOR-${n}`,
    name: "Sepeda motor antar sembako",
    unit: "TOKO",
    date,
    cost,
    residual: "3000000",
    lifeMonths: 48,
  });
  const laptop = (n: number, cost: string) => ({
    type: "AddFixedAsset",
    key: `asset-laptop-${n}`,
    assetId: `LAPTOP-${n}`,
    name: "Laptop pembukuan",
    unit: "USP",
    date,
    cost,
    lifeMonths: 36,
  });
  if (yearIndex === 0 && month === 2 && day === 5) {
    return [
      {
        type: "PostJournal",
        key: "hibah-sarana",
        date,
        memo: "Hibah sarana dari Pemerintah Kota Bekasi",
        lines: [
          { account: ACCOUNTS.kas, debit: "24500000", unit: "TOKO" },
          { account: ACCOUNTS.hibah, credit: "24500000", unit: "TOKO" },
          { account: ACCOUNTS.kas, debit: "7200000", unit: "USP" },
          { account: ACCOUNTS.hibah, credit: "7200000", unit: "USP" },
        ],
      },
      {
        type: "AddFixedAsset",
        key: "asset-freezer-1",
        assetId: "FREEZER-1",
        name: "Freezer toko",
        unit: "TOKO",
        date,
        cost: "6500000",
        lifeMonths: 60,
      },
      motor(1, "18000000"),
      laptop(1, "7200000"),
    ];
  }
  if (yearIndex % 3 === 2 && month === 3 && day === 10) {
    const n = (yearIndex + 1) / 3;
    return [
      { type: "DisposeFixedAsset", key: `sell-motor-${n}`, assetId: `MOTOR-${n}`, date, proceeds: "4500000" },
      motor(n + 1, "19500000"),
      { type: "DisposeFixedAsset", key: `scrap-laptop-${n}`, assetId: `LAPTOP-${n}`, date },
      laptop(n + 1, "8400000"),
    ];
  }
  return [];
};

/**
 * The RAPB: the founders' meeting sets the first year's on 2 January, and each RAT (20 February) the
 * running year's, 10% above the first for each year since (on fixed figures, not the random stream).
 */
const BUDGET: ReadonlyArray<readonly [string, string, number]> = [
  [ACCOUNTS.jasaPinjaman, "USP", 18_000_000],
  [ACCOUNTS.provisiAdministrasi, "USP", 3_000_000],
  [ACCOUNTS.penjualanAnggota, "TOKO", 120_000_000],
  [ACCOUNTS.penjualanNonAnggota, "TOKO", 250_000_000],
  [ACCOUNTS.bebanJasaSimpanan, "USP", 5_000_000],
  [ACCOUNTS.bebanPenyisihanPiutang, "USP", 10_000_000],
  [ACCOUNTS.hppAnggota, "TOKO", 108_000_000],
  [ACCOUNTS.hppNonAnggota, "TOKO", 225_000_000],
  [ACCOUNTS.bebanListrik, "USP", 1_800_000],
  [ACCOUNTS.bebanAtk, "USP", 360_000],
  [ACCOUNTS.bebanPenyusutan, "TOKO", 4_500_000],
  [ACCOUNTS.bebanPenyusutan, "USP", 2_000_000],
];
/**
 * Simpanan berjangka, on fixed days (no draw on the random stream): in the first March a founder
 * places Rp10.000.000 for a year, rolled over at each maturity, and another Rp4.000.000 for six
 * months, paid into sukarela when it matures; in June a third places Rp5.000.000 and takes it out in
 * October with a 1% penalty; every July a fourth places Rp2.000.000 for three months. In the second
 * February, rates having fallen, the founder agrees 4,5% for the year-long deposit's next term.
 */
const depositCommands = (yearIndex: number, month: number, day: number, date: string, holds: (memberNo: string) => boolean): unknown[] => {
  const place = (depositId: string, memberNo: string, amount: string, termMonths: number, ratePerYear: string, rollover = false) =>
    holds(memberNo)
      ? [
          {
            type: "PlaceTimeDeposit",
            key: `place-${depositId}`,
            depositId,
            memberNo,
            date,
            amount,
            termMonths,
            ratePerYear,
            ...(rollover ? { atMaturity: "rollover" } : {}),
          },
        ]
      : [];
  if (yearIndex === 0 && month === 3 && day === 2)
    return [...place("BJ-0001", "A0001", "10000000", 12, "0.05", true), ...place("BJ-0002", "A0002", "4000000", 6, "0.055")];
  if (yearIndex === 0 && month === 6 && day === 15) return place("BJ-0003", "A0004", "5000000", 12, "0.06");
  if (yearIndex === 0 && month === 10 && day === 20 && holds("A0004"))
    return [{ type: "WithdrawTimeDeposit", key: "withdraw-BJ-0003", depositId: "BJ-0003", date, penalty: "50000" }];
  if (month === 7 && day === 1) return place(`BJ-A0005-${yearIndex + 1}`, "A0005", "2000000", 3, "0.05");
  if (yearIndex === 1 && month === 2 && day === 3 && holds("A0001"))
    return [
      {
        type: "SetTimeDepositInstruction",
        key: "instruction-BJ-0001",
        depositId: "BJ-0001",
        date,
        atMaturity: "rollover",
        rolloverRate: "0.045",
      },
    ];
  return [];
};

const budgetCommand = (year: number, yearIndex: number, date: string) => ({
  type: "SetBudget",
  key: `rapb-${year}`,
  year: String(year),
  date,
  memo: yearIndex === 0 ? `RAPB ${year}, disahkan rapat pendirian` : `RAPB ${year}, disahkan RAT`,
  // Each RAT plans a little above the year before (2% a year, as the demo's business stays about the
  // same size): a ten-year demo's last RAPB is met about as closely as its first.
  lines: BUDGET.map(([account, unit, amount]) => ({ account, unit, amount: String((amount * (50 + yearIndex)) / 50) })),
});

export const runDemo = async (options: DemoOptions = {}): Promise<DemoResult> => {
  const log = options.log ?? ((line: string) => console.log(line));
  const random = seededRandom(options.seed ?? 2025);
  const memberTarget = options.members ?? 300;
  const year = options.year ?? 2025;
  const firstYear = year - (options.years ?? 1) + 1;
  const lang = options.lang ?? "id";
  const store = options.store ?? makeMemoryStore();
  let now = new Date(`${firstYear}-01-01T10:00:00Z`);
  let saltCounter = 0;
  const executor = makeExecutor({
    store,
    clock: { now: () => now },
    randomHex: (bytes) =>
      createHash("sha256")
        .update(`demo-salt-${saltCounter++}`)
        .digest("hex")
        .slice(0, bytes * 2),
  });
  const bookId = options.bookId ?? "kop-jatisampurna";
  let dayCount = 0;
  const runDay = async (date: string, commands: unknown[]) => {
    if (commands.length === 0) return;
    now = new Date(`${date}T10:00:00Z`); // 17:00 WIB
    await Effect.runPromise(executor.execute(bookId, commands, { actor: "bendahara" }));
    dayCount += 1;
  };

  await runDay(`${firstYear}-01-01`, [
    {
      type: "OpenBook",
      key: "open",
      bookId,
      name: "Koperasi Serba Usaha Lumbung Jatisampurna",
      startDate: `${firstYear}-01-01`,
      savings: {
        pokok: "100000",
        wajibMonthly: "25000",
        sukarela: { ratePerYear: "0.03", basis: "daily-balance", dayCount: "actual/365", minimumBalance: "10000", rounding: "down" },
      },
    },
  ]);

  // The AD/ART's SHU rules: the common allocation; jasa modal on the time-weighted average of pokok
  // and wajib; jasa usaha half on loan interest paid, half on shop purchases; 10% withheld from each
  // share; the final tax of 0,5% of turnover (PP 55/2022) accrued at the year close.
  await runDay(`${firstYear}-01-01`, [
    {
      type: "SetShuPolicy",
      key: "shu-policy",
      date: `${firstYear}-01-01`,
      capital: { includeSukarela: false, measure: "average" },
      usage: [
        { measure: "loan-interest", weight: "50" },
        { measure: "shop-purchases", weight: "50" },
      ],
      withholdingPercent: "10",
      incomeTax: { basis: "turnover", percent: "0.5" },
    },
  ]);

  // Loans: a menurun product with denda; borrowers who pay on time, late, or stop paying.
  await runDay(`${firstYear}-01-01`, [
    {
      type: "CreateLoanProduct",
      key: "product-kum",
      code: "KUM",
      name: "Kredit Usaha Mikro",
      method: "menurun",
      ratePerYear: "0.18",
      termMax: 24,
      provisiRate: "0.01",
      adminFee: "25000",
      penaltyRatePerDay: "0.001",
      graceDays: 3,
      overpayment: "sukarela",
    },
    {
      type: "CreateLoanProduct",
      key: "product-flat",
      code: "KBS",
      name: "Kredit Barang Sembako",
      method: "flat",
      ratePerYear: "0.12",
      termMax: 12,
      adminFee: "10000",
      penaltyRatePerDay: "0.001",
      instalmentMultiple: "500",
      overpayment: "sukarela",
    },
    {
      type: "CreateLoanProduct",
      key: "product-anuitas",
      code: "KPR",
      name: "Kredit Perbaikan Rumah",
      method: "anuitas",
      ratePerYear: "0.16",
      termMax: 24,
      provisiRate: "0.005",
      penaltyRatePerDay: "0.0005",
      overpayment: "sukarela",
    },
  ]);
  await runDay(`${firstYear}-01-01`, shopSetup());
  const shopRandom = seededRandom((options.seed ?? 2025) + 1);
  const repayments = new Map<string, unknown[]>();
  let loanCount = 0;
  const members: string[] = [];
  const exited = new Set<string>();
  const pendingLoans: Array<{ loanId: string; habit: "on-time" | "late" | "stops" }> = [];
  const addDaysIso = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  let joined = 0;
  const resignee = "A0003";
  // December's close closes the year. The RAT, in February, shares the SHU by the AD/ART; the shares
  // are held in Utang SHU Anggota and the first members collect theirs in cash the same day.
  const holdRat = async (closedYear: number) => {
    const closed = ((await Effect.runPromise(executor.state(bookId))) as BookState).closing.years.get(String(closedYear));
    log(
      lang === "en"
        ? `year ${closedYear} closed: SHU from members' business ${formatRupiah(closed?.memberShuMinor ?? 0n, 0)}, from others ${formatRupiah(closed?.nonMemberShuMinor ?? 0n, 0)}, income tax ${formatRupiah(closed?.taxMinor ?? 0n, 0)}`
        : `tahun buku ${closedYear} ditutup: SHU bagian anggota ${formatRupiah(closed?.memberShuMinor ?? 0n, 0)}, bagian non-anggota ${formatRupiah(closed?.nonMemberShuMinor ?? 0n, 0)}, pajak ${formatRupiah(closed?.taxMinor ?? 0n, 0)}`,
    );
    const rat = `${closedYear + 1}-02-20`;
    now = new Date(`${rat}T03:00:00Z`);
    if ((closed?.memberShuMinor ?? 0n) > 0n) {
      const [distribution] = await Effect.runPromise(
        executor.execute(bookId, [{ type: "DistributeShu", key: `rat-${closedYear}`, year: String(closedYear), date: rat }], {
          actor: "bendahara",
        }),
      );
      const firstShares = (distribution?.events ?? [])
        .flatMap((e) => (e.type === "ShuShareAllocated" ? [e.data.memberNo] : []))
        .slice(0, 3);
      await runDay(
        rat,
        firstShares.map((memberNo) => ({ type: "PayShu", key: `shu-${closedYear}-${memberNo}`, memberNo, date: rat })),
      );
      log(lang === "en" ? `RAT ${rat}: SHU ${closedYear} distributed` : `RAT ${rat}: SHU ${closedYear} dibagi`);
    } else {
      // A small koperasi can end its year with a loss on its members' business: there is nothing to
      // share, and the RAT decides how the loss is borne under the AD/ART (docs/shu.md).
      log(
        lang === "en"
          ? `RAT ${rat}: no SHU from members' business in ${closedYear}, so nothing is distributed`
          : `RAT ${rat}: tidak ada SHU bagian anggota ${closedYear}, jadi tidak ada yang dibagi`,
      );
    }
  };
  for (let monthIndex = 0; monthIndex < 12 * (year - firstYear + 1); monthIndex++) {
    const bookYear = firstYear + Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    const ym = `${bookYear}-${String(month).padStart(2, "0")}`;
    const days = Number(lastDayOf(ym).slice(8));
    let commandsThisMonth = 0;
    for (let day = 1; day <= days; day++) {
      const date = `${ym}-${String(day).padStart(2, "0")}`;
      // The RAT of the year before, when the demo runs on past it.
      if (bookYear > firstYear && month === 2 && day === 20) await holdRat(bookYear - 1);
      const commands: unknown[] = [];
      // The book as the day starts: what members may draw on, and what the shop has (nothing is run
      // until the day's batch at its end).
      const today = (await Effect.runPromise(executor.state(bookId))) as BookState;
      // Founders join on the first business day; others join through the year.
      const joinToday =
        bookYear === firstYear && month === 1 && day === 2
          ? Math.min(10, memberTarget)
          : joined < memberTarget && random() < (memberTarget - 10) / 330
            ? 1
            : 0;
      for (let j = 0; j < joinToday; j++) {
        joined += 1;
        const memberNo = `A${String(joined).padStart(4, "0")}`;
        const female = random() < 0.5;
        const name = `${FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]} ${LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]}`;
        commands.push({
          type: "RegisterMember",
          key: `join-${memberNo}`,
          memberNo,
          date,
          identity: {
            nik: nikOf(joined, female, random),
            name,
            address: `Jl. Raya Jatisampurna RT ${1 + (joined % 9)}/RW 0${1 + (joined % 5)}, Kota Bekasi`,
          },
        });
        commands.push({
          type: "DepositSukarela",
          key: `first-${memberNo}`,
          memberNo,
          date,
          amount: String(50_000 * (1 + Math.floor(random() * 10))),
        });
        members.push(memberNo);
        // Every fourth member may buy at the shop on credit.
        if (joined % 4 === 1) commands.push(memberCreditLimit(memberNo, date));
      }
      for (const memberNo of members) {
        if (
          exited.has(memberNo) ||
          commands.some((c) => (c as { memberNo?: string }).memberNo === memberNo && (c as { type: string }).type === "RegisterMember")
        )
          continue;
        // Wajib on the 10th, though about one in eight members misses a month.
        if (day === 10 && random() > 0.125)
          commands.push({ type: "PayWajib", key: `wajib-${memberNo}-${ym}`, memberNo, date, amount: "25000" });
        const r = random();
        // After the first year members save less often and draw on their savings more (a quarter of
        // what is above the minimum), so the savings, and the jasa simpanan the koperasi pays on
        // them, do not outgrow the loans that earn it.
        const later = bookYear > firstYear;
        if (r < (later ? 0.01 : 0.02))
          commands.push({
            type: "DepositSukarela",
            key: `dep-${memberNo}-${date}`,
            memberNo,
            date,
            amount: String(10_000 * (1 + Math.floor(random() * 50))),
          });
        // A member withdraws only what the book would let them: 20.000 above the minimum balance of 10.000.
        else if (r < 0.026) {
          const balance = memberSavings(today, memberNo).sukarelaMinor;
          const quarter = ((balance - 10_000n) / 4n / 10_000n) * 10_000n;
          const amount = later && quarter > 20_000n ? quarter : 20_000n;
          if (balance >= 30_000n)
            commands.push({ type: "WithdrawSukarela", key: `wd-${memberNo}-${date}`, memberNo, date, amount: String(amount) });
        }
      }
      if (day === 25) {
        commands.push({
          type: "PostJournal",
          key: `costs-${ym}`,
          date,
          memo: `Biaya operasional ${ym}: listrik dan ATK`,
          lines: [
            { account: ACCOUNTS.bebanListrik, debit: "150000" },
            { account: ACCOUNTS.bebanAtk, debit: String(20_000 + 5_000 * Math.floor(random() * 6)) },
            { account: ACCOUNTS.kas, credit: "" },
          ].map((line, _i, all) =>
            line.credit === "" ? { account: line.account, credit: String(all.slice(0, 2).reduce((s, l) => s + Number(l.debit), 0)) } : line,
          ),
        });
      }
      commands.push(...assetCommands(bookYear - firstYear, month, day, date));
      commands.push(
        ...depositCommands(bookYear - firstYear, month, day, date, (memberNo) => members.includes(memberNo) && !exited.has(memberNo)),
      );
      if ((bookYear === firstYear && month === 1 && day === 2) || (bookYear > firstYear && month === 2 && day === 20))
        commands.push(budgetCommand(bookYear, bookYear - firstYear, date));
      // Deposit rates having fallen, the pengurus lower the sukarela's jasa from 3% to 2,5% from July.
      if (bookYear === firstYear && month === 6 && day === 25)
        commands.push({ type: "ChangeSukarelaRate", key: "sukarela-rate-1", date, fromMonth: `${bookYear}-07`, ratePerYear: "0.025" });
      // A loan now and then to a member who has saved for a while; its repayments are planned by the borrower's habit.
      const borrower = members[Math.floor(random() * members.length)];
      if (month <= 10 && random() < 0.4 && borrower !== undefined && borrower !== resignee && !exited.has(borrower)) {
        loanCount += 1;
        const loanId = `PJ-${String(loanCount).padStart(3, "0")}`;
        const principal = 1_000_000 * (1 + Math.floor(random() * 5));
        const instalments = 6 + 6 * Math.floor(random() * 2);
        commands.push({
          type: "DisburseLoan",
          key: `loan-${loanId}`,
          loanId,
          memberNo: borrower,
          product: ["KUM", "KBS", "KPR"][loanCount % 3] as string,
          principal: String(principal),
          instalments,
          date,
        });
        // The second loan of the year defaults (its borrower stops after two instalments); the rest vary.
        // The first year's borrowers are new to credit and one in six stops paying; after a year the
        // pengurus know their members, and about one loan in thirty goes bad.
        const habit =
          loanCount === 2
            ? "stops"
            : loanCount === 3
              ? "late"
              : bookYear === firstYear
                ? random() < 0.6
                  ? "on-time"
                  : random() < 0.6
                    ? "late"
                    : "stops"
                : random() < 0.8
                  ? "on-time"
                  : random() < 0.85
                    ? "late"
                    : "stops";
        pendingLoans.push({ loanId, habit });
      }
      commands.push(...(repayments.get(date) ?? []));
      // In December the pengurus write off the loans whose borrowers stopped paying months ago.
      if (month === 12 && day === 20) {
        const state = (await Effect.runPromise(executor.state(bookId))) as BookState;
        for (const loan of state.loans.loans.values()) {
          if (loan.status === "active" && daysPastDue(loan, date) > 120) {
            commands.push({
              type: "WriteOffLoan",
              key: `writeoff-${loan.loanId}`,
              loanId: loan.loanId,
              date,
              reason: "macet, disetujui rapat pengurus",
            });
          }
        }
      }
      if (bookYear === firstYear && month === 9 && day === 15 && members.includes(resignee)) {
        commands.push({ type: "ResignMember", key: `resign-${resignee}`, memberNo: resignee, date });
        commands.push({ type: "PayMemberRefund", key: `refund-${resignee}`, memberNo: resignee, date });
        exited.add(resignee);
      }
      commands.push(
        ...shopDay({
          date,
          day,
          lastDay: day === days,
          weekday: new Date(`${date}T00:00:00Z`).getUTCDay(),
          state: today,
          members: members.filter((m) => !exited.has(m)),
          random: shopRandom,
        }),
      );
      commandsThisMonth += commands.length;
      await runDay(date, commands);
      // Plan the repayments of the loans disbursed today, from their schedules.
      if (pendingLoans.length > 0) {
        const state = (await Effect.runPromise(executor.state(bookId))) as BookState;
        for (const { loanId, habit } of pendingLoans.splice(0)) {
          const loan = state.loans.loans.get(loanId);
          if (loan === undefined) continue;
          loan.schedule.forEach((instalment, index) => {
            if (habit === "stops" && index >= 2) return;
            const payOn = habit === "late" ? addDaysIso(instalment.dueDate, 20) : instalment.dueDate;
            if (payOn > `${year}-12-31`) return;
            const amount =
              habit === "late"
                ? ((instalment.principalMinor + instalment.interestMinor) * 102n) / 100n
                : instalment.principalMinor + instalment.interestMinor;
            const list = repayments.get(payOn) ?? [];
            list.push({ type: "RepayLoan", key: `pay-${loanId}-${instalment.number}`, loanId, amount: amount.toString(), date: payOn });
            repayments.set(payOn, list);
          });
        }
      }
    }
    // Close the month on the first working day after it.
    const closeDate = `${nextMonth(ym)}-02`;
    now = new Date(`${closeDate}T02:00:00Z`);
    await Effect.runPromise(executor.execute(bookId, [{ type: "CloseMonth", key: `close-${ym}`, month: ym }], { actor: "bendahara" }));
    const active = members.length - exited.size;
    log(
      lang === "en"
        ? `${ym}: ${active} active members, ${commandsThisMonth} commands, month closed`
        : `${ym}: ${active} anggota aktif, ${commandsThisMonth} perintah, bulan ditutup`,
    );
  }

  await holdRat(year);

  const state = (await Effect.runPromise(executor.state(bookId))) as BookState;
  const events = await Effect.runPromise(readAll(store, bookId));
  const scale = state.config.scale;
  const yearEnd = `${year}-12-31`;
  // Members by number and name (from their identity records, outside the log), as a treasurer hands reports out.
  const { who } = await memberNames(store, bookId, state.members.keys(), lang);
  log("");
  log(renderTrialBalance(trialBalance(state, events, { asOf: yearEnd }), scale, lang));
  for (const memberNo of ["A0001", resignee]) {
    log("");
    log(renderMemberStatement(memberStatement(events, { memberNo, from: `${year}-01-01`, to: yearEnd }), scale, lang, who));
  }
  log("");
  log(lang === "en" ? `Wajib arrears through ${year}-12` : `Tunggakan simpanan wajib s.d. ${year}-12`);
  log(renderWajibArrears(wajibArrears(state, `${year}-12`), scale, lang, who));
  log("");
  log(renderPortfolio(loanPortfolio(state, `${year + 1}-01-01`), scale, lang));
  log("");
  log(renderGrossMargin(grossMargin(events, { from: `${year}-01-01`, to: yearEnd }), scale, lang));
  log("");
  log(renderInventoryValuation(inventoryValuation(state, events, { asOf: yearEnd }), scale, lang));
  log("");
  log(renderReceivableAging(receivableAging(state, events, { asOf: yearEnd }), scale, lang));
  log("");
  log(renderMemberPurchases(memberPurchases(events, { from: `${year}-01-01`, to: yearEnd }), scale, lang));
  // The RAT pack: the statements, consolidated and per unit, the notes, the SHU table and a slip.
  const statements = ratStatements(state, events, String(year));
  log("");
  log(renderFinancialPosition(statements.posisiKeuangan, scale, lang));
  for (const unit of state.config.units) {
    log("");
    log(renderFinancialPosition(ratStatements(state, events, String(year), { unit: unit.code }).posisiKeuangan, scale, lang));
  }
  log("");
  log(renderResultOfOperations(statements.hasilUsaha, scale, lang));
  for (const unit of state.config.units) {
    log("");
    log(renderResultOfOperations(ratStatements(state, events, String(year), { unit: unit.code }).hasilUsaha, scale, lang));
  }
  log("");
  log(renderChangesInEquity(statements.perubahanEkuitas, scale, lang));
  log("");
  log(renderCashFlow(statements.arusKas, scale, lang));
  log("");
  log(renderNotesSummary(notesSummary(state, events, yearEnd), scale, lang));
  log("");
  log(renderHealth(healthIndicators(state, events, String(year)), String(year), lang));
  const shu = shuTable(state, events, String(year));
  if (shu !== undefined) {
    log("");
    log(renderShuTable(shu, scale, lang, 10, who));
    log("");
    log(renderShuSlip(shuSlip(state, shu, "A0001"), scale, lang, shu.capitalDays, who));
  }
  const projection = await Effect.runPromise(store.projection(bookId));
  const report = verifyLog(events, projection);
  log("");
  const en = lang === "en";
  log(
    report.ok
      ? en
        ? `verify: OK, ${report.eventsChecked} events, ${dayCount} working days, last hash ${report.headHash}`
        : `verify: OK, ${report.eventsChecked} peristiwa, ${dayCount} hari kerja, hash terakhir ${report.headHash}`
      : `verify: ${en ? "FAILED at event" : "GAGAL pada peristiwa"} #${report.problem?.seq}: ${report.problem?.kind} ${report.problem?.detail}`,
  );
  // The anchor an auditor notes, to check later that the log still holds this head (verify --anchor).
  if (report.ok)
    log(
      `${en ? "anchor for a later check" : "jangkar untuk pemeriksaan kelak"} (lumbung verify --anchor): ${report.headSeq}:${report.headHash}`,
    );
  const cash = formatRupiah(accountBalanceAt(events, { account: ACCOUNTS.kas, asOf: yearEnd }), scale);
  log(`${en ? "Cash at the end of the year" : "Kas akhir tahun"}: ${cash}`);
  return { state, events, verified: report.ok, headHash: report.headHash, year, who };
};
