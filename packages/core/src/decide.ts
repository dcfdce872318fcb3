/**
 * Decide: a pure function of the book's state, a decoded command and its context, returning either
 * a typed rejection or the events that the command causes, each with its balanced journal entry.
 * It never mutates the state; the executor applies what it returns.
 */

import { bookValue, chargeDueIn, type FixedAssetState, firstMonths, firstResidual, impairedOf, unimpairedValue } from "./assets/assets.js";
import { ACCOUNTS, type AccountDef, type AccountKind, CASH_ACCOUNTS, DEFAULT_CHART, ENGINE_ACCOUNTS, naturalSide } from "./chart.js";
import {
  allocateShu,
  capitalBasis,
  closingLines,
  incomeTaxFor,
  type MemberBasis,
  policyProblem,
  profitLossKey,
  type ShuPolicy,
  type ShuPool,
  unitShu,
} from "./closing/closing.js";
import type { Command, CommandOf } from "./commands.js";
import { addMonthsTo, isIsoDate, lastDayOf, monthOf, nextDay, nextMonth, previousMonth } from "./dates.js";
import {
  accrualAt,
  type DuePeriod,
  depositPeriodDueIn,
  depositPeriodEnd,
  type PostedPeriod,
  paysOutAtMaturity,
  pendingPeriodEnd,
  rolledTerm,
  type TimeDepositState,
} from "./deposits/deposits.js";
import {
  AccountAlreadyExists,
  AccountNotRemovable,
  BookAlreadyOpened,
  BookNotFound,
  BudgetRejected,
  ControlAccountNotAllowed,
  DateBeforeBookStart,
  DateInFuture,
  type Detail,
  DuplicateNik,
  detailOf,
  FixedAssetRejected,
  InsufficientBalance,
  InvalidAmount,
  InvalidConfig,
  InvalidNik,
  LoanRejected,
  MemberAlreadyRegistered,
  MemberExited,
  MonthNotClosable,
  MonthNotReopenable,
  NothingToPay,
  NotOnBookStart,
  NotReversible,
  PeriodClosed,
  type Rejection,
  ResignationBlocked,
  RetailRejected,
  ShuRejected,
  say,
  TimeDepositRejected,
  TooManyLines,
  UnbalancedEntry,
  UnknownAccount,
  UnknownMember,
  UnknownUnit,
} from "./errors.js";
import { type IdentityIndex, type IdentityRecord, identityDigest, nikProblem } from "./identity.js";
import { classify, requiredAllowance } from "./loans/kolektibilitas.js";
import {
  type Allocation,
  accruedReceivable,
  allocateRepayment,
  closesLoan,
  daysPastDue,
  dendaDue,
  dendaLeftAfter,
  dendaReceivable,
  type LoanProduct,
  outstandingPrincipal,
  type ScheduledInstalment,
  settlementAmount,
  settlementTerms,
  unrecognisedInterest,
} from "./loans/loans.js";
import { buildSchedule, ScheduleTermsError } from "./loans/schedule.js";
import {
  type BookConfig,
  type BookState,
  type EventDraft,
  type IdentityRecordData,
  type LedgerEvent,
  LIMITS,
  type MemberState,
  type Party,
  type Posting,
  type SukarelaTier,
} from "./model.js";
import { allocate, applyRate, divideRounded, formatRupiah, type Money, money, parseMoney, RateDecimal, type Scale } from "./money.js";
import {
  type CostLayer,
  customerKey,
  type ItemState,
  issueCost,
  parseQuantity,
  priceOn,
  purchaseOf,
  quantityText,
  type RetailEventData,
  saleOf,
  takeLayers,
} from "./retail/retail.js";
import { lowestBalanceFrom, monthInterest, type SukarelaMove, sukarelaBalance, sukarelaTermsIn, withholdingOn } from "./savings.js";
import { memberSavings, nextMonthToClose, openingDifference, subBalance, unreconciledSubledgers } from "./state.js";

export interface DecideContext {
  /** Today in the koperasi's local calendar, from the injected clock. */
  readonly today: string;
  readonly identities: IdentityIndex;
  /** 32 hex characters of randomness for a new identity record's salt (called only by commands that write one). */
  readonly salt: () => string;
  /**
   * The earlier event the command names, fetched by the executor (undefined when there is none): a
   * ReverseEntry's entry, a ReturnSale's sale, a ReturnPurchase's purchase. `referencedSeq` says which.
   */
  readonly referencedEvent?: LedgerEvent | undefined;
}

/**
 * The number of the earlier event a command needs whole and the state does not keep: the entry a
 * reversal names, the receipt a return names (the state keeps only its number). The executor reads
 * that event and gives it to decide as `referencedEvent`.
 */
export const referencedSeq = (state: BookState | undefined, command: Command): number | undefined => {
  if (state === undefined) return undefined;
  switch (command.type) {
    case "ReverseEntry":
      return command.seq >= 1 && command.seq <= state.seq ? command.seq : undefined;
    case "ReturnSale":
      return state.shop.sales.get(command.saleId);
    case "ReturnPurchase":
      return state.shop.purchases.get(command.purchaseId);
    default:
      return undefined;
  }
};

export type Decision =
  | { readonly ok: true; readonly events: EventDraft[]; readonly identities: IdentityRecord[] }
  | { readonly ok: false; readonly error: Rejection };

const reject = (error: Rejection): Decision => ({ ok: false, error });
const NO_IDENTITIES: IdentityRecord[] = [];
const accept = (events: EventDraft[], identities: IdentityRecord[] = NO_IDENTITIES): Decision => ({ ok: true, events, identities });

/** Thrown inside decide to short-cut a rejection; caught once at decide's boundary. */
class Rejected {
  constructor(readonly error: Rejection) {}
}
const fail = (error: Rejection): never => {
  throw new Rejected(error);
};

/** An amount in a rejection's words, as the treasurer writes it: `Rp1.250.000` (or `Rp1.250.000,50` in a book with sen). */
const rp = (state: BookState, amount: bigint): string => formatRupiah(amount, state.config.scale);
/** An account as a rejection names it: its code and its name in this book's chart. */
const accountLabel = (state: BookState, code: string): string => `${code} ${state.accounts.get(code)?.def.name ?? ""}`.trim();
/** A quantity in a rejection's words, in the item's unit: `34,500 kg`, `12 botol`. */
const qty = (item: ItemState, units: bigint): string => `${quantityText(units, item.def.quantityScale)} ${item.def.unit}`;

// ---------- readers of command fields ----------

const readAmount = (field: string, input: string | bigint, scale: Scale, sign: "positive" | "non-negative" | "any"): Money => {
  let value: bigint;
  if (typeof input === "bigint") {
    value = input;
    if (value > 10n ** 15n || value < -(10n ** 15n)) fail(new InvalidAmount({ field, text: String(input), reason: "range" }));
  } else {
    const parsed = parseMoney(input, scale);
    if (!parsed.ok) return fail(new InvalidAmount({ field, text: input, reason: parsed.problem.kind }));
    value = parsed.value;
  }
  if (sign === "positive" && value <= 0n) fail(new InvalidAmount({ field, text: String(input), reason: "not-positive" }));
  if (sign === "non-negative" && value < 0n) fail(new InvalidAmount({ field, text: String(input), reason: "negative" }));
  return money(value);
};

/** Every dated event obeys the period rules: not before the start, not after today, not in a closed month. */
const checkDate = (state: BookState, date: string, today: string): void => {
  if (date < state.config.startDate) fail(new DateBeforeBookStart({ date, startDate: state.config.startDate }));
  if (date > today) fail(new DateInFuture({ date, today }));
  if (state.closedThrough !== undefined && monthOf(date) <= state.closedThrough) {
    fail(new PeriodClosed({ date, month: monthOf(date) }));
  }
};

const activeMember = (state: BookState, memberNo: string): MemberState => {
  const member = state.members.get(memberNo);
  if (member === undefined) return fail(new UnknownMember({ memberNo }));
  if (member.status === "exited") fail(new MemberExited({ memberNo, exitedOn: member.exitedOn ?? "" }));
  return member;
};

/**
 * Money taken out of a member's sukarela (a withdrawal, a deposit placed from it, a purchase or a loan
 * payment from it) must leave the balance at or above the minimum on its date and every later day.
 */
const keepSukarelaMinimum = (state: BookState, member: MemberState, date: string, amount: bigint): void => {
  const minimum = state.config.savings.sukarela.minimumBalanceMinor;
  const lowest = lowestBalanceFrom(member.sukarela, date);
  if (lowest - amount < minimum) {
    fail(
      new InsufficientBalance({
        memberNo: member.memberNo,
        balanceMinor: lowest,
        requestedMinor: amount,
        minimumMinor: minimum,
        scale: state.config.scale,
      }),
    );
  }
};

const account = (state: BookState, code: string): AccountDef => {
  const found = state.accounts.get(code);
  if (found === undefined) return fail(new UnknownAccount({ code }));
  return found.def;
};

/** A payment comes from or goes to a non-control asset account (Kas, Bank, another cash account). */
const cashAccount = (state: BookState, code: string | undefined): string => {
  const chosen = code ?? ACCOUNTS.kas;
  const def = account(state, chosen);
  if (def.subledger !== undefined) fail(new ControlAccountNotAllowed({ code: chosen }));
  if (def.kind !== "aset" && !CASH_ACCOUNTS.has(chosen)) fail(new UnknownAccount({ code: chosen }));
  return chosen;
};

const checkUnit = (state: BookState, unit: string): string => {
  if (!state.config.units.some((u) => u.code === unit)) fail(new UnknownUnit({ unit }));
  return unit;
};

const posting = (accountCode: string, amount: bigint, unit: string, party: Party, sub?: string): Posting =>
  sub === undefined
    ? { account: accountCode, amount: money(amount), unit, party }
    : { account: accountCode, amount: money(amount), sub, unit, party };

/** Drops zero lines: an entry never carries a posting of nothing. */
const nonZero = (postings: Posting[]): Posting[] => postings.filter((p) => p.amount !== 0n);

const checkIdentity = (identity: IdentityRecordData, memberNo: string, context: DecideContext): IdentityRecord => {
  const problem = nikProblem(identity.nik);
  if (problem !== undefined)
    fail(new InvalidNik({ nik: identity.nik, reason: problem.detail, reasonEn: problem.detailEn ?? problem.detail }));
  const holder = context.identities.memberWithNik(identity.nik);
  if (holder !== undefined && holder !== memberNo) fail(new DuplicateNik({ existingMemberNo: holder }));
  return {
    memberNo,
    nik: identity.nik,
    name: identity.name,
    address: identity.address,
    ...(identity.phone === undefined ? {} : { phone: identity.phone }),
    salt: context.salt(),
  };
};

// ---------- the book ----------

const DEFAULT_UNITS = [
  { code: "USP", name: "Unit Simpan Pinjam" },
  { code: "TOKO", name: "Toko Sembako" },
];

const openBook = (command: CommandOf<"OpenBook">, context: DecideContext): Decision => {
  const scale: Scale = command.scale ?? 0;
  const s = command.savings ?? {};
  const units = command.units ?? DEFAULT_UNITS;
  const unitCodes = new Set(units.map((u) => u.code));
  if (unitCodes.size !== units.length)
    fail(new InvalidConfig({ field: "units", reason: "kode unit ganda", reasonEn: "a unit code is given twice" }));
  const savingsUnit = s.unit ?? units[0]?.code ?? "USP";
  if (!unitCodes.has(savingsUnit)) fail(new UnknownUnit({ unit: savingsUnit }));
  if (command.startDate > context.today) fail(new DateInFuture({ date: command.startDate, today: context.today }));
  const factor = scale === 0 ? 1n : 100n;
  const config: BookConfig = {
    bookId: command.bookId,
    name: command.name,
    currency: "IDR",
    scale,
    startDate: command.startDate,
    utcOffsetMinutes: command.utcOffsetMinutes ?? 420,
    units,
    ...(command.shop?.costing === "fifo" ? { shop: { costing: "fifo" as const } } : {}),
    savings: {
      pokokMinor: readAmount("savings.pokok", s.pokok ?? "100000", scale, "non-negative"),
      wajibMonthlyMinor: readAmount("savings.wajibMonthly", s.wajibMonthly ?? "20000", scale, "non-negative"),
      unit: savingsUnit,
      sukarela: {
        minimumBalanceMinor: readAmount("savings.sukarela.minimumBalance", s.sukarela?.minimumBalance ?? "0", scale, "non-negative"),
        ratePerYear: s.sukarela?.ratePerYear ?? "0",
        ...readTiers("savings.sukarela.tiers", s.sukarela?.tiers, scale),
        basis: s.sukarela?.basis ?? "daily-balance",
        dayCount: s.sukarela?.dayCount ?? "actual/365",
        rounding: s.sukarela?.rounding ?? "down",
      },
      withholding: {
        thresholdPerMonthMinor:
          s.withholding?.thresholdPerMonth === undefined
            ? money(240_000n * factor)
            : readAmount("savings.withholding.thresholdPerMonth", s.withholding.thresholdPerMonth, scale, "non-negative"),
        rate: s.withholding?.rate ?? "0.10",
        rounding: s.withholding?.rounding ?? "down",
      },
    },
  };
  rateBelowOne("savings.sukarela.ratePerYear", config.savings.sukarela.ratePerYear);
  if (Number(config.savings.withholding.rate) >= 1) {
    fail(
      new InvalidConfig({
        field: "savings.withholding.rate",
        reason: "harus pecahan di bawah 1 (0.10 = 10%)",
        reasonEn: "must be a fraction below 1 (0.10 = 10%)",
      }),
    );
  }
  return accept([{ type: "BookOpened", date: command.startDate, data: { config, accounts: DEFAULT_CHART }, postings: [] }]);
};

const addAccountCommand = (state: BookState, command: CommandOf<"AddAccount">, context: DecideContext): Decision => {
  if (state.accounts.has(command.code)) fail(new AccountAlreadyExists({ code: command.code }));
  const def: AccountDef = {
    code: command.code,
    name: command.name,
    kind: command.kind,
    normalSide: command.normalSide ?? naturalSide(command.kind),
    ...(command.subledger === undefined ? {} : { subledger: command.subledger }),
  };
  return accept([{ type: "AccountAdded", date: context.today, data: { account: def }, postings: [] }]);
};

const renameAccount = (state: BookState, command: CommandOf<"RenameAccount">, context: DecideContext): Decision => {
  account(state, command.code);
  return accept([{ type: "AccountRenamed", date: context.today, data: { code: command.code, name: command.name }, postings: [] }]);
};

const removeAccount = (state: BookState, command: CommandOf<"RemoveAccount">, context: DecideContext): Decision => {
  const found = state.accounts.get(command.code);
  if (found === undefined) return reject(new UnknownAccount({ code: command.code }));
  if (ENGINE_ACCOUNTS.has(command.code)) fail(new AccountNotRemovable({ code: command.code, reason: "engine-account" }));
  if (found.postingCount > 0) fail(new AccountNotRemovable({ code: command.code, reason: "has-postings" }));
  return accept([{ type: "AccountRemoved", date: context.today, data: { code: command.code }, postings: [] }]);
};

// ---------- members and savings ----------

const registerMember = (state: BookState, command: CommandOf<"RegisterMember">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  if (state.members.has(command.memberNo)) fail(new MemberAlreadyRegistered({ memberNo: command.memberNo }));
  if (state.members.size >= LIMITS.membersPerBookMax)
    fail(new TooManyLines({ count: state.members.size + 1, max: LIMITS.membersPerBookMax }));
  const record = checkIdentity(command.identity, command.memberNo, context);
  const via = cashAccount(state, command.via);
  const unit = state.config.savings.unit;
  const pokok = state.config.savings.pokokMinor;
  const m = command.memberNo;
  return accept(
    [
      {
        type: "MemberRegistered",
        date: command.date,
        data: { memberNo: m, identityDigest: identityDigest(record), via, pokokMinor: pokok },
        postings: nonZero([posting(via, pokok, unit, "anggota"), posting(ACCOUNTS.simpananPokok, -pokok, unit, "anggota", m)]),
      },
    ],
    [record],
  );
};

const recordOpeningMember = (state: BookState, command: CommandOf<"RecordOpeningMember">, context: DecideContext): Decision => {
  const start = state.config.startDate;
  if (command.date !== start) fail(new NotOnBookStart({ date: command.date, startDate: start }));
  checkDate(state, command.date, context.today);
  if (command.joinedOn > start) fail(new NotOnBookStart({ date: command.joinedOn, startDate: start }));
  if (state.members.has(command.memberNo)) fail(new MemberAlreadyRegistered({ memberNo: command.memberNo }));
  const record = checkIdentity(command.identity, command.memberNo, context);
  const scale = state.config.scale;
  const pokok = readAmount("pokok", command.pokok, scale, "non-negative");
  const wajib = readAmount("wajib", command.wajib, scale, "non-negative");
  const sukarela = readAmount("sukarela", command.sukarela, scale, "non-negative");
  const unit = state.config.savings.unit;
  const m = command.memberNo;
  return accept(
    [
      {
        type: "MemberOpeningRecorded",
        date: start,
        data: {
          memberNo: m,
          identityDigest: identityDigest(record),
          joinedOn: command.joinedOn,
          pokokMinor: pokok,
          wajibMinor: wajib,
          sukarelaMinor: sukarela,
        },
        postings: nonZero([
          posting(ACCOUNTS.saldoAwal, pokok + wajib + sukarela, unit, "anggota"),
          posting(ACCOUNTS.simpananPokok, -pokok, unit, "anggota", m),
          posting(ACCOUNTS.simpananWajib, -wajib, unit, "anggota", m),
          posting(ACCOUNTS.simpananSukarela, -sukarela, unit, "anggota", m),
        ]),
      },
    ],
    [record],
  );
};

const updateMemberIdentity = (state: BookState, command: CommandOf<"UpdateMemberIdentity">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  if (!state.members.has(command.memberNo)) fail(new UnknownMember({ memberNo: command.memberNo }));
  const record = checkIdentity(command.identity, command.memberNo, context);
  return accept(
    [
      {
        type: "MemberIdentityChanged",
        date: command.date,
        data: { memberNo: command.memberNo, identityDigest: identityDigest(record) },
        postings: [],
      },
    ],
    [record],
  );
};

/** A member pays cash into their wajib or sukarela savings: the cash account debited, the savings credited to the member. */
const savingsDeposit =
  (type: "WajibPaid" | "SukarelaDeposited", account: string) =>
  (state: BookState, command: CommandOf<"PayWajib"> | CommandOf<"DepositSukarela">, context: DecideContext): Decision => {
    checkDate(state, command.date, context.today);
    activeMember(state, command.memberNo);
    const amount = readAmount("amount", command.amount, state.config.scale, "positive");
    const via = cashAccount(state, command.via);
    const unit = state.config.savings.unit;
    return accept([
      {
        type,
        date: command.date,
        data: { memberNo: command.memberNo, amountMinor: amount, via },
        postings: [posting(via, amount, unit, "anggota"), posting(account, -amount, unit, "anggota", command.memberNo)],
      },
    ]);
  };

const payWajib = savingsDeposit("WajibPaid", ACCOUNTS.simpananWajib);

/** A setting changed from a month on: dated on a day the book takes, from a month still open and not before the book. */
const checkFromMonth = (state: BookState, command: { readonly date: string; readonly fromMonth: string }, context: DecideContext): void => {
  checkDate(state, command.date, context.today);
  if (state.closedThrough !== undefined && command.fromMonth <= state.closedThrough) {
    fail(new PeriodClosed({ date: `${command.fromMonth}-01`, month: command.fromMonth }));
  }
  if (command.fromMonth < monthOf(state.config.startDate)) {
    fail(new DateBeforeBookStart({ date: `${command.fromMonth}-01`, startDate: state.config.startDate }));
  }
};

const changeWajibAmount = (state: BookState, command: CommandOf<"ChangeWajibAmount">, context: DecideContext): Decision => {
  checkFromMonth(state, command, context);
  const amount = readAmount("amount", command.amount, state.config.scale, "non-negative");
  return accept([
    { type: "WajibAmountChanged", date: command.date, data: { fromMonth: command.fromMonth, amountMinor: amount }, postings: [] },
  ]);
};

/** A jasa rate is a fraction of a year below 1 (0.03 = 3%). */
const rateBelowOne = (field: string, rate: string): void => {
  if (Number(rate) >= 1) {
    fail(new InvalidConfig({ field, reason: "harus pecahan di bawah 1 (0.03 = 3%)", reasonEn: "must be a fraction below 1 (0.03 = 3%)" }));
  }
};

/**
 * The sukarela's tiers (bunga berjenjang) as given: each from a positive balance above the one before,
 * each rate a fraction below 1. None given, or an empty list, is no tiers.
 */
const readTiers = (
  field: string,
  tiers: ReadonlyArray<{ readonly from: string | bigint; readonly ratePerYear: string }> | undefined,
  scale: Scale,
): { tiers?: ReadonlyArray<SukarelaTier> } => {
  if (tiers === undefined || tiers.length === 0) return {};
  let previous = 0n;
  const read = tiers.map((tier, i): SukarelaTier => {
    const fromMinor = readAmount(`${field}[${i}].from`, tier.from, scale, "positive");
    if (i > 0 && fromMinor <= previous) {
      fail(
        new InvalidConfig({
          field: `${field}[${i}].from`,
          reason: "harus di atas batas tingkat sebelumnya (tingkat urut naik)",
          reasonEn: "must be above the tier before it (tiers go up)",
        }),
      );
    }
    previous = fromMinor;
    rateBelowOne(`${field}[${i}].ratePerYear`, tier.ratePerYear);
    return { fromMinor, ratePerYear: tier.ratePerYear };
  });
  return { tiers: read };
};

/** The sukarela's jasa rate (and tiers) from a month on; months already closed keep the jasa they were paid. */
const changeSukarelaRate = (state: BookState, command: CommandOf<"ChangeSukarelaRate">, context: DecideContext): Decision => {
  checkFromMonth(state, command, context);
  rateBelowOne("ratePerYear", command.ratePerYear);
  const tiers = readTiers("tiers", command.tiers, state.config.scale);
  return accept([
    {
      type: "SukarelaRateChanged",
      date: command.date,
      data: { fromMonth: command.fromMonth, ratePerYear: command.ratePerYear, ...tiers },
      postings: [],
    },
  ]);
};

const depositSukarela = savingsDeposit("SukarelaDeposited", ACCOUNTS.simpananSukarela);

const withdrawSukarela = (state: BookState, command: CommandOf<"WithdrawSukarela">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const member = activeMember(state, command.memberNo);
  const amount = readAmount("amount", command.amount, state.config.scale, "positive");
  const via = cashAccount(state, command.via);
  keepSukarelaMinimum(state, member, command.date, amount);
  const unit = state.config.savings.unit;
  return accept([
    {
      type: "SukarelaWithdrawn",
      date: command.date,
      data: { memberNo: command.memberNo, amountMinor: amount, via },
      postings: [posting(ACCOUNTS.simpananSukarela, amount, unit, "anggota", command.memberNo), posting(via, -amount, unit, "anggota")],
    },
  ]);
};

/** What a member owes the koperasi: debit balances under the member's key on asset control accounts. */
export const memberReceivables = (state: BookState, memberNo: string): Array<{ account: string; amountMinor: bigint }> => {
  const owed: Array<{ account: string; amountMinor: bigint }> = [];
  for (const [code, ledger] of state.subledgers) {
    const def = state.accounts.get(code)?.def;
    if (def === undefined || def.kind !== "aset") continue;
    const amount = ledger.get(memberNo)?.minor ?? 0n;
    if (amount > 0n) owed.push({ account: code, amountMinor: amount });
  }
  return owed;
};

const resignMember = (state: BookState, command: CommandOf<"ResignMember">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const m = command.memberNo;
  const member = activeMember(state, m);
  if (command.date < member.joinedOn)
    fail(new DateBeforeBookStart({ date: command.date, startDate: member.joinedOn, of: { kind: "member", id: member.memberNo } }));
  const { pokokMinor, wajibMinor, sukarelaMinor } = memberSavings(state, m);
  // A backdated resignation must not leave a later movement without its balance.
  if (lowestBalanceFrom(member.sukarela, command.date) < sukarelaMinor) {
    fail(
      new InsufficientBalance({
        memberNo: m,
        balanceMinor: lowestBalanceFrom(member.sukarela, command.date),
        requestedMinor: sukarelaMinor,
        minimumMinor: 0n,
        scale: state.config.scale,
      }),
    );
  }
  checkNoDeposits(state, m);
  const activeLoan = [...state.loans.loans.values()].find((loan) => loan.memberNo === m && loan.status === "active");
  if (activeLoan !== undefined) {
    loanFail(
      activeLoan.loanId,
      "has-active-loan",
      say(
        `sisa pokok ${rp(state, outstandingPrincipal(activeLoan))}`,
        `principal outstanding ${rp(state, outstandingPrincipal(activeLoan))}`,
      ),
    );
  }
  const savings = pokokMinor + wajibMinor + sukarelaMinor;
  const owed = memberReceivables(state, m);
  const owedTotal = owed.reduce((sum, o) => sum + o.amountMinor, 0n);
  if (owedTotal > savings)
    fail(new ResignationBlocked({ memberNo: m, owedMinor: owedTotal, savingsMinor: savings, scale: state.config.scale }));
  const unit = state.config.savings.unit;
  const refund = savings - owedTotal;
  return accept([
    {
      type: "MemberResigned",
      date: command.date,
      data: {
        memberNo: m,
        pokokMinor: money(pokokMinor),
        wajibMinor: money(wajibMinor),
        sukarelaMinor: money(sukarelaMinor),
        owedMinor: money(owedTotal),
        refundMinor: money(refund),
      },
      postings: nonZero([
        posting(ACCOUNTS.simpananPokok, pokokMinor, unit, "anggota", m),
        posting(ACCOUNTS.simpananWajib, wajibMinor, unit, "anggota", m),
        posting(ACCOUNTS.simpananSukarela, sukarelaMinor, unit, "anggota", m),
        ...owed.map((o) => posting(o.account, -o.amountMinor, unit, "anggota", m)),
        posting(ACCOUNTS.titipanAnggotaKeluar, -refund, unit, "anggota", m),
      ]),
    },
  ]);
};

const payMemberRefund = (state: BookState, command: CommandOf<"PayMemberRefund">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const m = command.memberNo;
  if (!state.members.has(m)) fail(new UnknownMember({ memberNo: m }));
  const held = -subBalance(state, ACCOUNTS.titipanAnggotaKeluar, m);
  if (held <= 0n) fail(new NothingToPay({ memberNo: m }));
  const via = cashAccount(state, command.via);
  const unit = state.config.savings.unit;
  return accept([
    {
      type: "MemberRefundPaid",
      date: command.date,
      data: { memberNo: m, amountMinor: money(held), via },
      postings: [posting(ACCOUNTS.titipanAnggotaKeluar, held, unit, "anggota", m), posting(via, -held, unit, "anggota")],
    },
  ]);
};

// ---------- journals ----------

type JournalLineInput = CommandOf<"PostJournal">["lines"][number];

/** Reads journal lines on non-control accounts: each line exactly one of debit or credit, positive. */
const readJournalLines = (state: BookState, lines: ReadonlyArray<JournalLineInput>, allowSaldoAwal: boolean): Posting[] => {
  if (lines.length > LIMITS.journalLinesMax) fail(new TooManyLines({ count: lines.length, max: LIMITS.journalLinesMax }));
  const defaultUnit = state.config.units[0]?.code ?? "USP";
  return lines.map((line, index) => {
    const def = account(state, line.account);
    if (def.subledger !== undefined || (!allowSaldoAwal && line.account === ACCOUNTS.saldoAwal)) {
      fail(new ControlAccountNotAllowed({ code: line.account }));
    }
    const field = `lines[${index}]`;
    if ((line.debit === undefined) === (line.credit === undefined)) {
      fail(new InvalidAmount({ field, text: "", reason: "syntax" }));
    }
    const amount =
      line.debit !== undefined
        ? readAmount(`${field}.debit`, line.debit, state.config.scale, "positive")
        : -readAmount(`${field}.credit`, line.credit as string | bigint, state.config.scale, "positive");
    return posting(line.account, amount, checkUnit(state, line.unit ?? defaultUnit), line.party ?? "umum");
  });
};

const checkBalancedByUnit = (postings: ReadonlyArray<Posting>, scale: Scale): void => {
  const total = postings.reduce((sum, p) => sum + p.amount, 0n);
  if (total !== 0n) fail(new UnbalancedEntry({ unit: undefined, differenceMinor: total, scale }));
  const perUnit = new Map<string, bigint>();
  for (const p of postings) perUnit.set(p.unit, (perUnit.get(p.unit) ?? 0n) + p.amount);
  for (const [unit, sum] of perUnit) if (sum !== 0n) fail(new UnbalancedEntry({ unit, differenceMinor: sum, scale }));
};

const postJournal = (state: BookState, command: CommandOf<"PostJournal">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const postings = readJournalLines(state, command.lines, false);
  if (postings.length < 2)
    fail(new UnbalancedEntry({ unit: undefined, differenceMinor: postings[0]?.amount ?? 0n, scale: state.config.scale }));
  checkBalancedByUnit(postings, state.config.scale);
  return accept([{ type: "JournalPosted", date: command.date, data: { memo: command.memo }, postings }]);
};

const recordOpeningBalances = (state: BookState, command: CommandOf<"RecordOpeningBalances">, context: DecideContext): Decision => {
  const start = state.config.startDate;
  if (command.date !== start) fail(new NotOnBookStart({ date: command.date, startDate: start }));
  checkDate(state, command.date, context.today);
  const lines = readJournalLines(state, command.lines, false);
  // Each unit's lines are balanced against Penyeimbang Saldo Awal; all opening commands together bring it to zero.
  const perUnit = new Map<string, bigint>();
  for (const p of lines) perUnit.set(p.unit, (perUnit.get(p.unit) ?? 0n) + p.amount);
  const counter = [...perUnit].filter(([, sum]) => sum !== 0n).map(([unit, sum]) => posting(ACCOUNTS.saldoAwal, -sum, unit, "umum"));
  return accept([{ type: "OpeningBalancePosted", date: start, data: { memo: command.memo }, postings: [...lines, ...counter] }]);
};

const REVERSIBLE = new Set(["JournalPosted", "SukarelaDeposited", "SukarelaWithdrawn", "WajibPaid"]);

const reverseEntry = (state: BookState, command: CommandOf<"ReverseEntry">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const original = context.referencedEvent;
  const seq = command.seq;
  if (original === undefined || original.seq !== seq || seq > state.seq) {
    return reject(
      new NotReversible({ seq, reason: "not-found", ...say("tidak ada transaksi dengan nomor ini", "no event has this number") }),
    );
  }
  if (!REVERSIBLE.has(original.type)) {
    fail(
      new NotReversible({
        seq,
        reason: "type",
        ...say(
          `${original.type} dikoreksi dengan perintahnya sendiri, bukan pembatalan`,
          `${original.type} is corrected by its own command, not reversed`,
        ),
      }),
    );
  }
  if (state.reversedSeqs.has(seq))
    fail(new NotReversible({ seq, reason: "already-reversed", ...say("sudah dibatalkan", "already reversed") }));
  if (command.date < original.date)
    fail(
      new NotReversible({
        seq,
        reason: "before-original",
        ...say(`tanggal pembatalan sebelum ${original.date}`, `the reversal is dated before ${original.date}`),
      }),
    );
  const reversed = original.postings.map((p) => ({ ...p, amount: money(-p.amount) }));
  for (const p of reversed) {
    if (p.sub === undefined) continue;
    const member = state.members.get(p.sub);
    if (member !== undefined && member.status === "exited") fail(new MemberExited({ memberNo: p.sub, exitedOn: member.exitedOn ?? "" }));
    if (p.account === ACCOUNTS.simpananSukarela && member !== undefined && p.amount > 0n) {
      const lowest = lowestBalanceFrom(member.sukarela, command.date);
      if (lowest - p.amount < 0n) {
        fail(
          new NotReversible({
            seq,
            reason: "would-go-negative",
            ...say(`saldo sukarela ${p.sub} akan menjadi negatif`, `${p.sub}'s sukarela balance would go negative`),
          }),
        );
      }
    }
  }
  return accept([{ type: "EntryReversed", date: command.date, data: { reversedSeq: seq, reason: command.reason }, postings: reversed }]);
};

// ---------- periods ----------

/**
 * Jasa paid to a member's sukarela: the expense (less what month ends accrued for it, paid out of Utang
 * Jasa Simpanan Berjangka), the net credit, and what is withheld for the tax office.
 */
const jasaPostings = (unit: string, memberNo: string, grossMinor: bigint, taxMinor: bigint, fromAccruedMinor = 0n): Posting[] =>
  nonZero([
    posting(ACCOUNTS.utangJasaSimpanan, fromAccruedMinor, unit, "anggota"),
    posting(ACCOUNTS.bebanJasaSimpanan, grossMinor - fromAccruedMinor, unit, "anggota"),
    posting(ACCOUNTS.simpananSukarela, -(grossMinor - taxMinor), unit, "anggota", memberNo),
    posting(ACCOUNTS.utangPajak, -taxMinor, unit, "anggota"),
  ]);

/** A time deposit's jasa in a month: what its close owes now, and what an earlier close of the month posted. */
interface DepositMonth {
  readonly deposit: TimeDepositState;
  readonly due: DuePeriod | undefined;
  readonly posted: PostedPeriod | undefined;
}

/**
 * The jasa simpanan run of a month: per member, the sukarela's jasa and each time deposit's period
 * that ends in the month, withheld by PP 15/2009 on the member's month total. One event per payment
 * whose jasa (or, on a re-close, its change) is not zero.
 */
const interestRun = (state: BookState, month: string, runId: string): EventDraft[] => {
  const { withholding, unit } = state.config.savings;
  // The sukarela's terms, at the rate (and tiers) in force for the month.
  const sukarela = { ...state.config.savings.sukarela, ...sukarelaTermsIn(state, month) };
  const date = lastDayOf(month);
  const posted = state.interestPosted.get(month);
  const depositsOf = new Map<string, DepositMonth[]>();
  // The sukarela's jasa counts a principal this close pays in at maturity from its day, and never the
  // deposits' jasa a close pays in (its withholding depends on the sukarela's jasa): on a re-close,
  // the jasa an earlier close of the month paid in is taken back out of the month's balances.
  const adjustOf = new Map<string, SukarelaMove[]>();
  const adjust = (memberNo: string, move: SukarelaMove) => {
    const list = adjustOf.get(memberNo);
    if (list === undefined) adjustOf.set(memberNo, [move]);
    else list.push(move);
  };
  for (const deposit of state.deposits.values()) {
    const due = depositPeriodDueIn(deposit, month);
    const before = deposit.postedByMonth.get(month);
    if (deposit.status === "active" && paysOutAtMaturity(deposit) && monthOf(deposit.maturesOn) === month) {
      adjust(deposit.memberNo, { date: deposit.maturesOn, postedMinor: -deposit.principalMinor });
    }
    if (before !== undefined) adjust(deposit.memberNo, { date: before.end, postedMinor: before.grossMinor - before.taxMinor });
    if (due === undefined && before === undefined) continue;
    let list = depositsOf.get(deposit.memberNo);
    if (list === undefined) {
      list = [];
      depositsOf.set(deposit.memberNo, list);
    }
    list.push({ deposit, due, posted: before });
  }
  const events: EventDraft[] = [];
  for (const member of state.members.values()) {
    if (member.status === "exited") continue;
    const m = member.memberNo;
    const before = posted?.get(m);
    // Nor does the sukarela's own jasa, which an earlier close of the month paid in on its last day.
    if (before !== undefined) adjust(m, { date, postedMinor: before.grossMinor - before.taxMinor });
    const { basisMinor, grossMinor } = monthInterest(member.sukarela, month, sukarela, adjustOf.get(m));
    const deposits = depositsOf.get(m) ?? [];
    let monthTotal: bigint = grossMinor;
    for (const d of deposits) monthTotal += (d.posted?.grossMinor ?? 0n) + (d.due?.grossMinor ?? 0n);
    const taxMinor = withholdingOn(grossMinor, monthTotal, withholding);
    const grossDelta = grossMinor - (before?.grossMinor ?? 0n);
    const taxDelta = taxMinor - (before?.taxMinor ?? 0n);
    if (grossDelta !== 0n || taxDelta !== 0n) {
      events.push({
        type: "JasaSimpananPosted",
        date,
        data: { runId, month, memberNo: m, basisMinor, grossMinor: money(grossDelta), taxMinor: money(taxDelta) },
        postings: jasaPostings(unit, m, grossDelta, taxDelta),
      });
    }
    for (const { deposit, due, posted: earlier } of deposits) {
      const period = (due ?? earlier) as PostedPeriod | DuePeriod;
      const gross = (earlier?.grossMinor ?? 0n) + (due?.grossMinor ?? 0n);
      const depositTaxDelta = withholdingOn(gross, monthTotal, withholding) - (earlier?.taxMinor ?? 0n);
      const depositGrossDelta = due?.grossMinor ?? 0n;
      // What earlier month ends accrued for this period is paid out of Utang Jasa Simpanan Berjangka.
      const fromAccrued = due !== undefined && deposit.accruedFor === due.end ? deposit.accruedMinor : 0n;
      // A period due is recorded even when its jasa is nothing (a deposit at 0%), so that it counts as paid.
      if (due === undefined && depositTaxDelta === 0n) continue;
      events.push({
        type: "TimeDepositInterestPosted",
        date: period.end,
        data: {
          runId,
          month,
          depositId: deposit.depositId,
          memberNo: m,
          periodStart: period.start,
          periodEnd: period.end,
          days: period.days,
          grossMinor: money(depositGrossDelta),
          taxMinor: money(depositTaxDelta),
          fromAccruedMinor: money(fromAccrued),
        },
        postings: jasaPostings(unit, m, depositGrossDelta, depositTaxDelta, fromAccrued),
      });
    }
  }
  return events;
};

/**
 * The month end's accrual (SAK EP): for each deposit still placed, the jasa of the period running past
 * the month's end, pro rata to its days so far, as Beban Jasa Simpanan owed in Utang Jasa Simpanan
 * Berjangka; only what this close adds (nothing when the month is closed again). After the month's
 * jasa and maturities: a deposit rolled over accrues its new term's first period. A book without the
 * account (opened before it was in the chart) pays jasa when it falls due, as before.
 */
const accrualRun = (state: BookState, month: string, runId: string): EventDraft[] => {
  if (!state.accounts.has(ACCOUNTS.utangJasaSimpanan)) return [];
  const unit = state.config.savings.unit;
  const monthEnd = lastDayOf(month);
  const events: EventDraft[] = [];
  for (const deposit of state.deposits.values()) {
    if (deposit.status !== "active") continue;
    const matures = monthOf(deposit.maturesOn) === month;
    if (matures && paysOutAtMaturity(deposit)) continue;
    const running = accrualAt(matures ? { ...deposit, ...rolledTerm(deposit) } : deposit, monthEnd);
    if (running === undefined) continue;
    const already = deposit.accruedFor === running.periodEnd ? deposit.accruedMinor : 0n;
    const amount = running.accruedMinor - already;
    if (amount === 0n) continue;
    events.push({
      type: "TimeDepositJasaAccrued",
      date: monthEnd,
      data: {
        runId,
        month,
        depositId: deposit.depositId,
        memberNo: deposit.memberNo,
        periodEnd: running.periodEnd,
        amountMinor: money(amount),
        accruedMinor: running.accruedMinor,
      },
      postings: [
        posting(ACCOUNTS.bebanJasaSimpanan, amount, unit, "anggota"),
        posting(ACCOUNTS.utangJasaSimpanan, -amount, unit, "anggota"),
      ],
    });
  }
  return events;
};

/**
 * The month's maturities, after its jasa: each deposit still placed whose term ends in the month is
 * paid into the member's sukarela, or placed again for the same term, as the member instructed (a
 * deposit pledged for a loan is placed again whatever the instruction).
 */
const maturityRun = (state: BookState, month: string): EventDraft[] => {
  const unit = state.config.savings.unit;
  const events: EventDraft[] = [];
  for (const deposit of state.deposits.values()) {
    if (deposit.status !== "active" || monthOf(deposit.maturesOn) !== month) continue;
    const m = deposit.memberNo;
    if (!paysOutAtMaturity(deposit)) {
      const term = rolledTerm(deposit);
      events.push({ type: "TimeDepositRolledOver", date: term.termStart, data: { depositId: deposit.depositId, ...term }, postings: [] });
    } else {
      const principal = money(deposit.principalMinor);
      events.push({
        type: "TimeDepositMatured",
        date: deposit.maturesOn,
        data: { depositId: deposit.depositId, memberNo: m, principalMinor: principal },
        postings: [
          posting(ACCOUNTS.simpananBerjangka, principal, unit, "anggota", m),
          posting(ACCOUNTS.simpananSukarela, -principal, unit, "anggota", m),
        ],
      });
    }
  }
  return events;
};

const closeMonth = (state: BookState, command: CommandOf<"CloseMonth">, context: DecideContext): Decision => {
  const month = command.month;
  const expected = nextMonthToClose(state);
  if (state.closedThrough !== undefined && month <= state.closedThrough) {
    fail(
      new MonthNotClosable({
        month,
        reason: "already-closed",
        ...say(`ditutup sampai ${state.closedThrough}; berikutnya ${expected}`, `closed through ${state.closedThrough}; next ${expected}`),
      }),
    );
  }
  if (month !== expected)
    fail(new MonthNotClosable({ month, reason: "out-of-order", ...say(`berikutnya ${expected}`, `next ${expected}`) }));
  if (lastDayOf(month) >= context.today)
    fail(new MonthNotClosable({ month, reason: "not-ended", ...say(`hari ini ${context.today}`, `today is ${context.today}`) }));
  const suspense = openingDifference(state);
  if (suspense !== 0n)
    fail(
      new MonthNotClosable({
        month,
        reason: "opening-unbalanced",
        ...say(`selisih ${rp(state, suspense)}`, `off by ${rp(state, suspense)}`),
      }),
    );
  const mismatches = unreconciledSubledgers(state);
  if (mismatches.length > 0) {
    fail(new MonthNotClosable({ month, reason: "subledger-unreconciled", detail: mismatches.map((x) => x.account).join(", ") }));
  }
  const runId = `${month}#${state.seq + 1}`;
  const events = [
    ...interestRun(state, month, runId),
    ...maturityRun(state, month),
    ...accrualRun(state, month, runId),
    ...loanRun(state, month),
    ...depreciationRun(state, month, runId),
  ];
  if (month.endsWith("-12")) events.push(...yearClose(state, month.slice(0, 4), runId, events));
  events.push({ type: "MonthClosed", date: lastDayOf(month), data: { month, runId }, postings: [] });
  return accept(events);
};

// ---------- time deposits (simpanan berjangka) ----------

const depositFail = (depositId: string, reason: TimeDepositRejected["reason"], detail: string | Detail): never =>
  fail(new TimeDepositRejected({ depositId, reason, ...detailOf(detail) }));

const depositOf = (state: BookState, depositId: string): TimeDepositState =>
  state.deposits.get(depositId) ?? depositFail(depositId, "unknown-deposit", say("belum ditempatkan", "not placed"));

/**
 * The other side of a deposit's principal: the member's sukarela (which takes no `via`), or a cash or
 * bank account (Kas by default). `amount` is the posting's: positive when money comes in, negative out.
 */
const depositCounterpart = (
  state: BookState,
  depositId: string,
  sukarela: boolean,
  via: string | undefined,
  memberNo: string,
  amount: bigint,
): { readonly account: string; readonly posting: Posting } => {
  const unit = state.config.savings.unit;
  if (sukarela) {
    if (via !== undefined) depositFail(depositId, "source", `via ${via}`);
    return { account: ACCOUNTS.simpananSukarela, posting: posting(ACCOUNTS.simpananSukarela, amount, unit, "anggota", memberNo) };
  }
  const account = cashAccount(state, via);
  return { account, posting: posting(account, amount, unit, "anggota") };
};

/** What a placement and an opening deposit both check: a new number, an active member, a positive principal. */
const depositTerms = (state: BookState, command: CommandOf<"PlaceTimeDeposit"> | CommandOf<"RecordOpeningTimeDeposit">) => {
  if (state.deposits.has(command.depositId)) depositFail(command.depositId, "deposit-exists", command.depositId);
  const member = activeMember(state, command.memberNo);
  const principal = readAmount("amount", command.amount, state.config.scale, "positive");
  // The terms as the placement event records them, the same for a new deposit and an opening one.
  const terms = {
    depositId: command.depositId,
    memberNo: command.memberNo,
    principalMinor: principal,
    ratePerYear: command.ratePerYear,
    termMonths: command.termMonths,
    dayCount: command.dayCount ?? "30/360",
    rounding: state.config.savings.sukarela.rounding,
    atMaturity: command.atMaturity ?? "sukarela",
  } as const;
  return { member, principal, terms };
};

const placeTimeDeposit = (state: BookState, command: CommandOf<"PlaceTimeDeposit">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const { member, principal, terms } = depositTerms(state, command);
  if (command.date < member.joinedOn)
    fail(new DateBeforeBookStart({ date: command.date, startDate: member.joinedOn, of: { kind: "member", id: member.memberNo } }));
  const m = command.memberNo;
  const unit = state.config.savings.unit;
  const fromSukarela = command.from === "sukarela";
  const source = depositCounterpart(state, command.depositId, fromSukarela, command.via, m, principal);
  if (fromSukarela) keepSukarelaMinimum(state, member, command.date, principal);
  return accept([
    {
      type: "TimeDepositPlaced",
      date: command.date,
      data: {
        ...terms,
        placedOn: command.date,
        maturesOn: depositPeriodEnd(command.date, command.termMonths),
        paidThrough: command.date,
        opening: false,
        source: source.account,
      },
      postings: [source.posting, posting(ACCOUNTS.simpananBerjangka, -principal, unit, "anggota", m)],
    },
  ]);
};

const recordOpeningTimeDeposit = (state: BookState, command: CommandOf<"RecordOpeningTimeDeposit">, context: DecideContext): Decision => {
  const start = state.config.startDate;
  if (command.date !== start) fail(new NotOnBookStart({ date: command.date, startDate: start }));
  checkDate(state, command.date, context.today);
  const { principal, terms } = depositTerms(state, command);
  if (command.placedOn > start)
    depositFail(
      command.depositId,
      "before-placed",
      say(`ditempatkan ${command.placedOn}, buku mulai ${start}`, `placed ${command.placedOn}, the book starts ${start}`),
    );
  const maturesOn = depositPeriodEnd(command.placedOn, command.termMonths);
  if (maturesOn < start) depositFail(command.depositId, "matured", say(`jatuh tempo ${maturesOn}`, `matured ${maturesOn}`));
  // The periods that ended before the book were paid by the books before it.
  let paidThrough = command.placedOn;
  for (let k = 1; k <= command.termMonths && depositPeriodEnd(command.placedOn, k) < start; k++)
    paidThrough = depositPeriodEnd(command.placedOn, k);
  const unit = state.config.savings.unit;
  return accept([
    {
      type: "TimeDepositPlaced",
      date: start,
      data: {
        ...terms,
        placedOn: command.placedOn,
        maturesOn,
        paidThrough,
        opening: true,
        source: ACCOUNTS.saldoAwal,
      },
      postings: [
        posting(ACCOUNTS.saldoAwal, principal, unit, "anggota"),
        posting(ACCOUNTS.simpananBerjangka, -principal, unit, "anggota", command.memberNo),
      ],
    },
  ]);
};

/** A deposit still placed, of a member still in the koperasi. */
const placedDeposit = (state: BookState, depositId: string, date: string): TimeDepositState => {
  const deposit = depositOf(state, depositId);
  if (deposit.status !== "active")
    depositFail(
      depositId,
      "ended",
      say(
        `${deposit.status === "matured" ? "jatuh tempo" : "dicairkan"} ${deposit.endedOn ?? ""}`,
        `${deposit.status === "matured" ? "matured" : "withdrawn"} ${deposit.endedOn ?? ""}`,
      ),
    );
  activeMember(state, deposit.memberNo);
  if (date < deposit.termStart)
    depositFail(depositId, "before-placed", say(`jangka waktu mulai ${deposit.termStart}`, `the term began ${deposit.termStart}`));
  return deposit;
};

const setTimeDepositInstruction = (state: BookState, command: CommandOf<"SetTimeDepositInstruction">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  placedDeposit(state, command.depositId, command.date);
  if ((command.rolloverRate !== undefined || command.rolloverTermMonths !== undefined) && command.atMaturity !== "rollover")
    depositFail(command.depositId, "rollover-terms", say(`saat jatuh tempo: ${command.atMaturity}`, `at maturity: ${command.atMaturity}`));
  return accept([
    {
      type: "TimeDepositInstructionSet",
      date: command.date,
      data: {
        depositId: command.depositId,
        atMaturity: command.atMaturity,
        ...(command.rolloverRate === undefined ? {} : { rolloverRate: command.rolloverRate }),
        ...(command.rolloverTermMonths === undefined ? {} : { rolloverTermMonths: command.rolloverTermMonths }),
      },
      postings: [],
    },
  ]);
};

/** A deposit of the borrower's pledged as collateral (agunan) for a loan still owed: it stays placed until the pledge ends. */
const pledgeTimeDeposit = (state: BookState, command: CommandOf<"PledgeTimeDeposit">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const deposit = placedDeposit(state, command.depositId, command.date);
  const loan = state.loans.loans.get(command.loanId);
  if (loan === undefined) return reject(new LoanRejected({ loanId: command.loanId, reason: "unknown-loan", detail: command.loanId }));
  if (loan.status !== "active") loanFail(command.loanId, "not-active", loan.status);
  if (command.date < loan.disbursedOn)
    fail(new DateBeforeBookStart({ date: command.date, startDate: loan.disbursedOn, of: { kind: "loan", id: loan.loanId } }));
  if (loan.memberNo !== deposit.memberNo)
    depositFail(
      command.depositId,
      "pledge",
      say(
        `pinjaman ${command.loanId} milik ${loan.memberNo}, simpanan milik ${deposit.memberNo}`,
        `loan ${command.loanId} is ${loan.memberNo}'s, the deposit ${deposit.memberNo}'s`,
      ),
    );
  if (deposit.pledgedTo !== undefined)
    depositFail(command.depositId, "pledged", say(`agunan pinjaman ${deposit.pledgedTo}`, `pledged to loan ${deposit.pledgedTo}`));
  return accept([
    {
      type: "TimeDepositPledged",
      date: command.date,
      data: { depositId: command.depositId, memberNo: deposit.memberNo, loanId: command.loanId },
      postings: [],
    },
  ]);
};

/** The pengurus end a pledge before the loan is paid off (to take the deposit against the loan, or by decision). */
const releaseTimeDeposit = (state: BookState, command: CommandOf<"ReleaseTimeDeposit">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const deposit = depositOf(state, command.depositId);
  if (deposit.pledgedTo === undefined) depositFail(command.depositId, "not-pledged", say("bukan agunan pinjaman", "not pledged"));
  if (command.date < (deposit.pledgedOn as string))
    depositFail(command.depositId, "not-pledged", say(`agunan sejak ${deposit.pledgedOn}`, `pledged since ${deposit.pledgedOn}`));
  return accept([
    {
      type: "TimeDepositReleased",
      date: command.date,
      data: { depositId: command.depositId, loanId: deposit.pledgedTo as string, reason: command.reason },
      postings: [],
    },
  ]);
};

/** The pledges of a loan paid off in full, released in the same command. */
const collateralReleased = (state: BookState, loanId: string, date: string): EventDraft[] =>
  [...state.deposits.values()]
    .filter((d) => d.pledgedTo === loanId)
    .map((d) => ({ type: "TimeDepositReleased", date, data: { depositId: d.depositId, loanId, reason: "lunas" }, postings: [] }));

const withdrawTimeDeposit = (state: BookState, command: CommandOf<"WithdrawTimeDeposit">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const deposit = placedDeposit(state, command.depositId, command.date);
  if (deposit.pledgedTo !== undefined)
    depositFail(command.depositId, "pledged", say(`agunan pinjaman ${deposit.pledgedTo}`, `pledged to loan ${deposit.pledgedTo}`));
  if (command.date < deposit.paidThrough)
    depositFail(
      command.depositId,
      "interest-posted",
      say(`jasa sampai ${deposit.paidThrough}`, `jasa posted through ${deposit.paidThrough}`),
    );
  const early = command.date < deposit.maturesOn;
  const principal = money(deposit.principalMinor);
  const penalty = command.penalty === undefined ? money(0n) : readAmount("penalty", command.penalty, state.config.scale, "non-negative");
  if (penalty > 0n && !early)
    depositFail(command.depositId, "penalty", say(`jatuh tempo ${deposit.maturesOn}`, `matures ${deposit.maturesOn}`));
  if (penalty > principal)
    depositFail(
      command.depositId,
      "penalty",
      say(
        `penalti ${rp(state, penalty)}, pokok ${rp(state, principal)}`,
        `penalty ${rp(state, penalty)}, principal ${rp(state, principal)}`,
      ),
    );
  const m = deposit.memberNo;
  const unit = state.config.savings.unit;
  const to = depositCounterpart(state, command.depositId, command.to === "sukarela", command.via, m, -(principal - penalty));
  // The period running on the day is forfeited: what month ends accrued for it comes back out of the expense.
  const reversed = deposit.accruedFor !== undefined && deposit.accruedFor > command.date ? deposit.accruedMinor : 0n;
  return accept([
    {
      type: "TimeDepositWithdrawn",
      date: command.date,
      data: {
        depositId: command.depositId,
        memberNo: m,
        principalMinor: principal,
        penaltyMinor: penalty,
        early,
        to: to.account,
        accrualReversedMinor: money(reversed),
      },
      postings: nonZero([
        posting(ACCOUNTS.simpananBerjangka, principal, unit, "anggota", m),
        to.posting,
        posting(ACCOUNTS.utangJasaSimpanan, reversed, unit, "anggota"),
        posting(ACCOUNTS.bebanJasaSimpanan, -reversed, unit, "anggota"),
        posting(ACCOUNTS.denda, -penalty, unit, "anggota"),
      ]),
    },
  ]);
};

/** A member leaves only once every time deposit is withdrawn and its last jasa posted. */
const checkNoDeposits = (state: BookState, memberNo: string): void => {
  for (const deposit of state.deposits.values()) {
    if (deposit.memberNo !== memberNo) continue;
    if (deposit.status === "active")
      depositFail(
        deposit.depositId,
        "held",
        say(`pokok ${rp(state, deposit.principalMinor)}`, `principal ${rp(state, deposit.principalMinor)}`),
      );
    const pending = pendingPeriodEnd(deposit);
    if (pending !== undefined)
      depositFail(deposit.depositId, "interest-pending", say(`periode sampai ${pending}`, `the period through ${pending}`));
  }
};

/** An account's kind in English, with its article, as a detail says it ("an income account"). */
const KIND_EN: Readonly<Record<AccountKind, string>> = {
  aset: "an asset",
  kewajiban: "a liability",
  ekuitas: "an equity",
  pendapatan: "an income",
  beban: "an expense",
};

// ---------- fixed assets ----------

/** An impairment's or its reversal's detail: the recoverable amount beside the book value. */
const recoverableAgainst = (state: BookState, recoverable: bigint, value: bigint): Detail =>
  say(
    `nilai terpulihkan ${rp(state, recoverable)}, nilai buku ${rp(state, value)}`,
    `recoverable ${rp(state, recoverable)}, book value ${rp(state, value)}`,
  );

const loanFail = (loanId: string, reason: LoanRejected["reason"], detail: string | Detail): never =>
  fail(new LoanRejected({ loanId, reason, ...detailOf(detail) }));

const assetFail = (assetId: string, reason: FixedAssetRejected["reason"], detail: string | Detail): never =>
  fail(new FixedAssetRejected({ assetId, reason, ...detailOf(detail) }));

const assetOf = (state: BookState, assetId: string): FixedAssetState =>
  state.assets.get(assetId) ?? assetFail(assetId, "unknown-asset", say("belum didaftarkan", "not registered"));

/** The cash or bank account an asset is paid from or sold into: never the register's own accounts. */
const assetVia = (state: BookState, assetId: string, via: string | undefined): string => {
  const chosen = cashAccount(state, via);
  if (chosen === ACCOUNTS.asetTetap || chosen === ACCOUNTS.akumulasiPenyusutan) assetFail(assetId, "via", chosen);
  return chosen;
};

/** The month's depreciation (straight line or declining balance): one event per asset whose schedule has this month. */
const depreciationRun = (state: BookState, month: string, runId: string): EventDraft[] => {
  const events: EventDraft[] = [];
  for (const asset of state.assets.values()) {
    const amount = chargeDueIn(asset, month);
    if (amount === undefined) continue;
    const unit = asset.def.unit;
    events.push({
      type: "FixedAssetDepreciated",
      date: lastDayOf(month),
      data: {
        runId,
        month,
        assetId: asset.def.assetId,
        amountMinor: money(amount),
        accumulatedMinor: money(asset.accumulatedMinor + amount),
      },
      postings: nonZero([
        posting(ACCOUNTS.bebanPenyusutan, amount, unit, "umum"),
        posting(ACCOUNTS.akumulasiPenyusutan, -amount, unit, "umum"),
      ]),
    });
  }
  return events;
};

/** What every way in of an asset checks: a new code, a known unit, a residual value below cost. */
const assetTerms = (
  state: BookState,
  command: { readonly assetId: string; readonly unit?: string; readonly cost: string | bigint; readonly residual?: string | bigint },
) => {
  if (state.assets.has(command.assetId)) assetFail(command.assetId, "asset-exists", command.assetId);
  const unit = checkUnit(state, command.unit ?? state.config.units[0]?.code ?? "USP");
  const cost = readAmount("cost", command.cost, state.config.scale, "positive");
  const residual =
    command.residual === undefined ? money(0n) : readAmount("residual", command.residual, state.config.scale, "non-negative");
  if (residual >= cost)
    assetFail(
      command.assetId,
      "residual",
      say(
        `nilai sisa ${rp(state, residual)}, harga perolehan ${rp(state, cost)}`,
        `residual ${rp(state, residual)}, cost ${rp(state, cost)}`,
      ),
    );
  return { unit, cost, residual };
};

const addFixedAsset = (state: BookState, command: CommandOf<"AddFixedAsset">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const { unit, cost, residual } = assetTerms(state, command);
  const via = assetVia(state, command.assetId, command.via);
  return accept([
    {
      type: "FixedAssetAdded",
      date: command.date,
      data: {
        assetId: command.assetId,
        name: command.name,
        unit,
        acquiredOn: command.date,
        costMinor: cost,
        residualMinor: residual,
        accumulatedMinor: money(0n),
        months: command.lifeMonths,
        startMonth: nextMonth(monthOf(command.date)),
        opening: false,
        via,
        ...(command.method === "saldo-menurun" ? { method: "saldo-menurun", lifeMonths: command.lifeMonths } : {}),
      },
      postings: [posting(ACCOUNTS.asetTetap, cost, unit, "umum"), posting(via, -cost, unit, "umum")],
    },
  ]);
};

const recordOpeningFixedAsset = (state: BookState, command: CommandOf<"RecordOpeningFixedAsset">, context: DecideContext): Decision => {
  const start = state.config.startDate;
  if (command.date !== start) fail(new NotOnBookStart({ date: command.date, startDate: start }));
  checkDate(state, command.date, context.today);
  const { unit, cost, residual } = assetTerms(state, command);
  if (command.acquiredOn > start)
    assetFail(
      command.assetId,
      "before-acquired",
      say(`diperoleh ${command.acquiredOn}, buku mulai ${start}`, `acquired ${command.acquiredOn}, the book starts ${start}`),
    );
  const accumulated = readAmount("accumulated", command.accumulated, state.config.scale, "non-negative");
  if (accumulated > cost - residual) {
    assetFail(
      command.assetId,
      "accumulated",
      say(
        `akumulasi ${rp(state, accumulated)}, harga perolehan ${rp(state, cost)} − nilai sisa ${rp(state, residual)}`,
        `accumulated ${rp(state, accumulated)}, cost ${rp(state, cost)} − residual ${rp(state, residual)}`,
      ),
    );
  }
  const left = cost - residual - accumulated;
  if (command.remainingMonths === 0 && left !== 0n) {
    assetFail(
      command.assetId,
      "life",
      say(
        `sisa umur 0 bulan, tetapi masih ${rp(state, left)} yang belum disusutkan`,
        `0 months of life left, but ${rp(state, left)} not yet depreciated`,
      ),
    );
  }
  // The declining balance's rate comes from the whole life, which the months left cannot exceed.
  const declining = command.method === "saldo-menurun";
  if (declining && command.lifeMonths === undefined)
    assetFail(
      command.assetId,
      "life",
      say("saldo menurun memerlukan umur manfaat (lifeMonths)", "declining balance needs a useful life (lifeMonths)"),
    );
  if (command.lifeMonths !== undefined && command.lifeMonths < command.remainingMonths) {
    assetFail(
      command.assetId,
      "life",
      say(
        `sisa umur ${command.remainingMonths} bulan melebihi umur manfaat ${command.lifeMonths} bulan`,
        `${command.remainingMonths} months left is more than the useful life of ${command.lifeMonths} months`,
      ),
    );
  }
  return accept([
    {
      type: "FixedAssetAdded",
      date: start,
      data: {
        assetId: command.assetId,
        name: command.name,
        unit,
        acquiredOn: command.acquiredOn,
        costMinor: cost,
        residualMinor: residual,
        accumulatedMinor: accumulated,
        // Fully depreciated already: no schedule, so no month is charged nothing.
        months: left === 0n ? 0 : command.remainingMonths,
        startMonth: monthOf(start),
        opening: true,
        via: ACCOUNTS.saldoAwal,
        ...(declining ? { method: "saldo-menurun", lifeMonths: command.lifeMonths } : {}),
      },
      postings: nonZero([
        posting(ACCOUNTS.asetTetap, cost, unit, "umum"),
        posting(ACCOUNTS.akumulasiPenyusutan, -accumulated, unit, "umum"),
        posting(ACCOUNTS.saldoAwal, -(cost - accumulated), unit, "umum"),
      ]),
    },
  ]);
};

const cancelFixedAsset = (state: BookState, command: CommandOf<"CancelFixedAsset">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const asset = assetOf(state, command.assetId);
  if (asset.disposedOn !== undefined)
    assetFail(command.assetId, "disposed", say(`dilepas ${asset.disposedOn}`, `disposed of ${asset.disposedOn}`));
  if (asset.monthsDone > 0)
    assetFail(
      command.assetId,
      "depreciated",
      say(`disusutkan sampai ${asset.depreciatedThrough ?? ""}`, `depreciated through ${asset.depreciatedThrough ?? ""}`),
    );
  const impaired = asset.impairments[0];
  if (impaired !== undefined) assetFail(command.assetId, "impaired", say(`penurunan nilai ${impaired.date}`, `impaired ${impaired.date}`));
  // An opening asset went in against Penyeimbang Saldo Awal, which the first close requires at zero.
  if (asset.via === ACCOUNTS.saldoAwal && state.closedThrough !== undefined) {
    assetFail(
      command.assetId,
      "opening-closed",
      say(`bulan pertama ${monthOf(state.config.startDate)} ditutup`, `the first month ${monthOf(state.config.startDate)} is closed`),
    );
  }
  if (command.date < asset.enteredOn)
    assetFail(command.assetId, "before-acquired", say(`dicatat ${asset.enteredOn}`, `entered ${asset.enteredOn}`));
  const unit = asset.def.unit;
  const cost = asset.def.costMinor;
  // The acquisition's entry, reversed: Aset Tetap out, Akumulasi Penyusutan (an opening asset's) and the account credited back.
  return accept([
    {
      type: "FixedAssetCancelled",
      date: command.date,
      data: {
        assetId: command.assetId,
        reason: command.reason,
        costMinor: money(cost),
        accumulatedMinor: money(asset.accumulatedMinor),
        via: asset.via,
      },
      postings: nonZero([
        posting(asset.via, cost - asset.accumulatedMinor, unit, "umum"),
        posting(ACCOUNTS.akumulasiPenyusutan, asset.accumulatedMinor, unit, "umum"),
        posting(ACCOUNTS.asetTetap, -cost, unit, "umum"),
      ]),
    },
  ]);
};

/**
 * The asset an impairment or its reversal is for: held, entered by its date, and depreciated through
 * the month before, so that the book value of its day is known.
 */
const revaluedAsset = (
  state: BookState,
  command: { readonly assetId: string; readonly date: string },
  context: DecideContext,
): FixedAssetState => {
  checkDate(state, command.date, context.today);
  const asset = assetOf(state, command.assetId);
  if (asset.disposedOn !== undefined)
    assetFail(command.assetId, "disposed", say(`dilepas ${asset.disposedOn}`, `disposed of ${asset.disposedOn}`));
  if (command.date < asset.enteredOn)
    assetFail(command.assetId, "before-acquired", say(`dicatat ${asset.enteredOn}`, `entered ${asset.enteredOn}`));
  const before = previousMonth(monthOf(command.date));
  if (chargeDueIn(asset, before) !== undefined)
    assetFail(command.assetId, "not-depreciated", say(`bulan ${before} belum ditutup`, `month ${before} is not closed`));
  return asset;
};

/**
 * An impairment (penurunan nilai): the book value brought down to the recoverable amount, the loss an
 * expense, and the schedule re-spread from the next month not yet posted. The months before the
 * impairment's own must be posted first, so that the loss is measured from the book value of its day.
 */
const impairFixedAsset = (state: BookState, command: CommandOf<"ImpairFixedAsset">, context: DecideContext): Decision => {
  const asset = revaluedAsset(state, command, context);
  const expense = command.account ?? ACCOUNTS.bebanPenyusutan;
  const def = account(state, expense);
  if (def.kind !== "beban" || def.subledger !== undefined)
    assetFail(command.assetId, "account", say(`${expense} adalah akun ${def.kind}`, `${expense} is ${KIND_EN[def.kind]} account`));
  const recoverable = readAmount("recoverable", command.recoverable, state.config.scale, "non-negative");
  const value = bookValue(asset);
  if (recoverable >= value) assetFail(command.assetId, "not-impaired", recoverableAgainst(state, recoverable, value));
  const loss = value - recoverable;
  const residual = recoverable < asset.def.residualMinor ? recoverable : asset.def.residualMinor;
  const unit = asset.def.unit;
  return accept([
    {
      type: "FixedAssetImpaired",
      date: command.date,
      data: {
        assetId: command.assetId,
        reason: command.reason,
        account: expense,
        bookValueMinor: money(value),
        recoverableMinor: recoverable,
        lossMinor: money(loss),
        accumulatedMinor: money(asset.accumulatedMinor + loss),
        residualMinor: money(residual),
        // Nothing left above the residual value: the schedule ends with the months already posted.
        months: recoverable === residual ? asset.monthsDone : asset.months,
      },
      postings: [posting(expense, loss, unit, "umum"), posting(ACCOUNTS.akumulasiPenyusutan, -loss, unit, "umum")],
    },
  ]);
};

/**
 * An impairment loss reversed (pemulihan rugi penurunan nilai, SAK EP 27.30): the book value raised to
 * the recoverable amount, but never above the book value the asset would have had with no impairment,
 * nor by more than the losses not yet reversed; the residual value back to the asset's first (or the
 * new book value, when lower), and the rest spread over the schedule's months left.
 */
const reverseImpairment = (state: BookState, command: CommandOf<"ReverseFixedAssetImpairment">, context: DecideContext): Decision => {
  const asset = revaluedAsset(state, command, context);
  const outstanding = impairedOf(asset);
  if (outstanding <= 0n)
    assetFail(
      command.assetId,
      "no-impairment",
      say(`rugi penurunan nilai tersisa ${rp(state, outstanding)}`, `impairment loss left ${rp(state, outstanding)}`),
    );
  // An impairment to the residual value ends the schedule early. A month closed since charged nothing,
  // and the card counts the schedule's months from its first: a schedule restarted after such a gap
  // would be charged in other months than its card says.
  const resumes = addMonthsTo(asset.startMonth, asset.monthsDone);
  if (asset.monthsDone >= asset.months && asset.monthsDone < firstMonths(asset) && resumes < monthOf(command.date)) {
    assetFail(
      command.assetId,
      "schedule-ended",
      say(`jadwal berhenti setelah ${previousMonth(resumes)}`, `the schedule stopped after ${previousMonth(resumes)}`),
    );
  }
  const credited = command.account ?? ACCOUNTS.pendapatanLain;
  const def = account(state, credited);
  if ((def.kind !== "pendapatan" && def.kind !== "beban") || def.subledger !== undefined) {
    assetFail(
      command.assetId,
      "reversal-account",
      say(`${credited} adalah akun ${def.kind}`, `${credited} is ${KIND_EN[def.kind]} account`),
    );
  }
  const recoverable = readAmount("recoverable", command.recoverable, state.config.scale, "non-negative");
  const value = bookValue(asset);
  if (recoverable <= value) assetFail(command.assetId, "not-recovered", recoverableAgainst(state, recoverable, value));
  const unimpaired = unimpairedValue(asset);
  const target = recoverable < unimpaired ? recoverable : unimpaired;
  const reversed = target - value < outstanding ? target - value : outstanding;
  if (reversed <= 0n)
    assetFail(
      command.assetId,
      "unimpaired",
      say(
        `nilai buku tanpa penurunan nilai ${rp(state, unimpaired)}, nilai buku ${rp(state, value)}`,
        `book value without impairment ${rp(state, unimpaired)}, book value ${rp(state, value)}`,
      ),
    );
  const after = value + reversed;
  const first = firstResidual(asset);
  const residual = first < after ? first : after;
  const unit = asset.def.unit;
  return accept([
    {
      type: "FixedAssetImpairmentReversed",
      date: command.date,
      data: {
        assetId: command.assetId,
        reason: command.reason,
        account: credited,
        bookValueMinor: money(value),
        recoverableMinor: recoverable,
        unimpairedMinor: money(unimpaired),
        reversedMinor: money(reversed),
        accumulatedMinor: money(asset.accumulatedMinor - reversed),
        residualMinor: money(residual),
        // Nothing above the residual value: the schedule ends with the months already posted.
        months: after === residual ? asset.monthsDone : firstMonths(asset),
      },
      postings: [posting(ACCOUNTS.akumulasiPenyusutan, reversed, unit, "umum"), posting(credited, -reversed, unit, "umum")],
    },
  ]);
};

const disposeFixedAsset = (state: BookState, command: CommandOf<"DisposeFixedAsset">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const asset = assetOf(state, command.assetId);
  if (asset.disposedOn !== undefined)
    assetFail(command.assetId, "disposed", say(`dilepas ${asset.disposedOn}`, `disposed of ${asset.disposedOn}`));
  if (command.date < asset.def.acquiredOn)
    assetFail(command.assetId, "before-acquired", say(`diperoleh ${asset.def.acquiredOn}`, `acquired ${asset.def.acquiredOn}`));
  const proceeds =
    command.proceeds === undefined ? money(0n) : readAmount("proceeds", command.proceeds, state.config.scale, "non-negative");
  const via = assetVia(state, command.assetId, command.via);
  const value = bookValue(asset);
  const gain = proceeds - value;
  const unit = asset.def.unit;
  return accept([
    {
      type: "FixedAssetDisposed",
      date: command.date,
      data: { assetId: command.assetId, proceedsMinor: proceeds, via, bookValueMinor: money(value), gainMinor: money(gain) },
      // A gain is other income; a loss is charged against it (Pendapatan Lain-lain shows the net).
      postings: nonZero([
        posting(ACCOUNTS.akumulasiPenyusutan, asset.accumulatedMinor, unit, "umum"),
        posting(via, proceeds, unit, "umum"),
        posting(ACCOUNTS.asetTetap, -asset.def.costMinor, unit, "umum"),
        posting(ACCOUNTS.pendapatanLain, -gain, unit, "umum"),
      ]),
    },
  ]);
};

// ---------- the budget (RAPB) ----------

const setBudget = (state: BookState, command: CommandOf<"SetBudget">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const year = command.year;
  const budgetFail = (reason: BudgetRejected["reason"], detail: string | Detail): never =>
    fail(new BudgetRejected({ year, reason, ...detailOf(detail) }));
  const first = state.config.startDate.slice(0, 4);
  const last = String(Number(command.date.slice(0, 4)) + 1);
  if (year < first || year > last) budgetFail("year", say(`dari ${first} sampai ${last}`, `from ${first} to ${last}`));
  if (state.closing.years.has(year)) budgetFail("year-closed", say(`${year} ditutup`, `${year} is closed`));
  const seen = new Set<string>();
  const lines = command.lines.map((line, index) => {
    const kind = account(state, line.account).kind;
    if (kind !== "pendapatan" && kind !== "beban")
      budgetFail("account", say(`${line.account} adalah akun ${kind}`, `${line.account} is ${KIND_EN[kind]} account`));
    const unit = checkUnit(state, line.unit ?? state.config.units[0]?.code ?? "USP");
    const key = `${line.account}|${unit}`;
    if (seen.has(key)) budgetFail("duplicate", `${line.account} ${unit}`);
    seen.add(key);
    return {
      account: line.account,
      unit,
      amountMinor: readAmount(`lines[${index}].amount`, line.amount, state.config.scale, "non-negative"),
    };
  });
  return accept([{ type: "BudgetSet", date: command.date, data: { year, memo: command.memo, lines }, postings: [] }]);
};

// ---------- the year close and the SHU ----------

const isProfitLoss = (state: BookState, code: string): boolean => {
  const kind = state.accounts.get(code)?.def.kind;
  return kind === "pendapatan" || kind === "beban";
};

/** A closing entry carries at most this many lines, so with its SHU Tahun Berjalan lines it stays within the posting limit. */
const CLOSING_LINES_PER_ENTRY = LIMITS.postingsPerEntryMax - 4;

/**
 * The year close, after December's accruals (`accruals`, not yet applied): the income-tax accrual
 * when the policy names one; one closing entry per unit (more for a unit with very many lines)
 * bringing every Pendapatan and Beban balance to zero into SHU Tahun Berjalan, party by party;
 * the year's SHU per unit, member and non-member; and, on 1 January, SHU Tahun Berjalan carried to
 * SHU Belum Dibagi for the RAT, with the common (umum) result shared between members and others.
 */
const yearClose = (state: BookState, year: string, runId: string, accruals: ReadonlyArray<EventDraft>): EventDraft[] => {
  const date = `${year}-12-31`;
  const balances = new Map(state.closing.profitLoss.get(year) ?? []);
  const add = (key: string, amount: bigint) => {
    const next = (balances.get(key) ?? 0n) + amount;
    if (next === 0n) balances.delete(key);
    else balances.set(key, next);
  };
  for (const draft of accruals) {
    if (!draft.date.startsWith(year)) continue;
    for (const p of draft.postings) if (isProfitLoss(state, p.account)) add(profitLossKey(p.account, p.unit, p.party), p.amount);
  }
  const incomeCodes = new Set([...state.accounts.values()].filter((a) => a.def.kind === "pendapatan").map((a) => a.def.code));
  const units = state.config.units.map((u) => u.code);
  const shuBefore = new Map<string, bigint>(units.map((u) => [u, 0n]));
  const turnover = new Map<string, bigint>(units.map((u) => [u, 0n]));
  for (const [key, balance] of balances) {
    const [code, unit] = key.split("|") as [string, string];
    shuBefore.set(unit, (shuBefore.get(unit) ?? 0n) - balance);
    if (incomeCodes.has(code) && balance < 0n) turnover.set(unit, (turnover.get(unit) ?? 0n) - balance);
  }
  const sum = (m: Map<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);
  const policy = state.closing.policy;
  const events: EventDraft[] = [];
  const tax = incomeTaxFor(policy, sum(shuBefore), sum(turnover));
  if (tax > 0n) {
    const basis = policy.incomeTax.basis === "turnover" ? "turnover" : "profit";
    const weights = units.map((u) => {
      const w = (basis === "profit" ? shuBefore : turnover).get(u) ?? 0n;
      return w > 0n ? w : 0n;
    });
    allocate(tax, weights).forEach((amount, i) => {
      if (amount === 0n) return;
      const unit = units[i] as string;
      add(profitLossKey(ACCOUNTS.pajakPenghasilan, unit, "umum"), amount);
      events.push(taxAccrual(year, runId, unit, basis, amount));
    });
  }
  const lines = closingLines(balances);
  for (const unit of units) {
    const own = lines.filter((line) => line.unit === unit);
    for (let from = 0; from < own.length; from += CLOSING_LINES_PER_ENTRY) {
      const chunk = own.slice(from, from + CLOSING_LINES_PER_ENTRY);
      events.push(closingEntry(year, runId, unit, chunk));
    }
  }
  const perUnit = units.filter((u) => lines.some((l) => l.unit === u)).map((u) => unitShu(lines, u, incomeCodes));
  events.push({
    type: "YearClosed",
    date,
    data: {
      year,
      runId,
      units: perUnit,
      memberShuMinor: money(perUnit.reduce((a, u) => a + u.memberMinor, 0n)),
      nonMemberShuMinor: money(perUnit.reduce((a, u) => a + u.nonMemberMinor, 0n)),
      taxMinor: tax,
    },
    postings: [],
  });
  for (const u of perUnit) events.push(carryToNextYear(year, u, lines));
  return events;
};

const taxAccrual = (year: string, runId: string, unit: string, basis: "profit" | "turnover", amount: Money): EventDraft => ({
  type: "IncomeTaxAccrued",
  date: `${year}-12-31`,
  data: { year, runId, unit, basis, amountMinor: amount },
  postings: [posting(ACCOUNTS.pajakPenghasilan, amount, unit, "umum"), posting(ACCOUNTS.utangPajak, -amount, unit, "umum")],
});

/** One closing entry: each line's balance brought to zero against SHU Tahun Berjalan, party by party. */
const closingEntry = (
  year: string,
  runId: string,
  unit: string,
  lines: ReadonlyArray<{ readonly account: string; readonly party: Party; readonly balanceMinor: Money }>,
): EventDraft => {
  const toShu = new Map<Party, bigint>();
  for (const line of lines) toShu.set(line.party, (toShu.get(line.party) ?? 0n) + line.balanceMinor);
  return {
    type: "YearClosingEntryPosted",
    date: `${year}-12-31`,
    data: { year, runId, unit, lines: lines.map((l) => ({ account: l.account, party: l.party, balanceMinor: l.balanceMinor })) },
    postings: nonZero([
      ...lines.map((l) => posting(l.account, -l.balanceMinor, unit, l.party)),
      ...[...toShu].map(([party, amount]) => posting(ACCOUNTS.shuTahunBerjalan, amount, unit, party)),
    ]),
  };
};

/** On 1 January, a unit's SHU Tahun Berjalan (per party) carried to SHU Belum Dibagi, members' and others' parts. */
const carryToNextYear = (
  year: string,
  u: { readonly unit: string; readonly memberMinor: Money; readonly nonMemberMinor: Money },
  lines: ReadonlyArray<{ readonly unit: string; readonly party: Party; readonly balanceMinor: bigint }>,
): EventDraft => {
  const next = String(Number(year) + 1);
  const carried = new Map<Party, bigint>();
  for (const line of lines) if (line.unit === u.unit) carried.set(line.party, (carried.get(line.party) ?? 0n) + line.balanceMinor);
  return {
    type: "YearOpened",
    date: `${next}-01-01`,
    data: { year: next, fromYear: year, unit: u.unit, memberMinor: u.memberMinor, nonMemberMinor: u.nonMemberMinor },
    postings: nonZero([
      ...[...carried].map(([party, amount]) => posting(ACCOUNTS.shuTahunBerjalan, -amount, u.unit, party)),
      posting(ACCOUNTS.shuBelumDibagi, -u.memberMinor, u.unit, "anggota"),
      posting(ACCOUNTS.shuBelumDibagi, -u.nonMemberMinor, u.unit, "nonanggota"),
    ]),
  };
};

/**
 * December reopened before the RAT: every closing entry, tax accrual and carry of the year reversed
 * exactly (the same events with the amounts negated, dated as the originals), then YearReopened.
 */
const yearReopen = (state: BookState, year: string, reason: string): EventDraft[] => {
  const record = state.closing.years.get(year);
  const entries = state.closing.entries.get(year);
  if (record === undefined || entries === undefined) return [];
  const runId = `${year}-reopen#${state.seq + 1}`;
  const negate = (amount: bigint) => money(-amount);
  const events: EventDraft[] = [];
  for (const tax of entries.tax) events.push(taxAccrual(year, runId, tax.unit, tax.basis, negate(tax.amountMinor)));
  const allLines = entries.closing.flatMap((e) => e.lines.map((l) => ({ ...l, unit: e.unit, balanceMinor: negate(l.balanceMinor) })));
  for (const entry of entries.closing) {
    events.push(
      closingEntry(
        year,
        runId,
        entry.unit,
        entry.lines.map((l) => ({ ...l, balanceMinor: negate(l.balanceMinor) })),
      ),
    );
  }
  for (const u of record.units) {
    events.push(
      carryToNextYear(year, { unit: u.unit, memberMinor: negate(u.memberMinor), nonMemberMinor: negate(u.nonMemberMinor) }, allLines),
    );
  }
  events.push({ type: "YearReopened", date: `${year}-12-31`, data: { year, reason }, postings: [] });
  return events;
};

const shuFail = (subject: string, reason: ShuRejected["reason"], detail: string | Detail): never =>
  fail(new ShuRejected({ subject, reason, ...detailOf(detail) }));

const setShuPolicy = (state: BookState, command: CommandOf<"SetShuPolicy">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const base = state.closing.policy;
  const policy: ShuPolicy = {
    allocation: { ...base.allocation, ...command.allocation },
    nonMember: command.nonMember ?? base.nonMember,
    capital: { ...base.capital, ...command.capital },
    usage: command.usage ?? base.usage,
    withholdingPercent: command.withholdingPercent ?? base.withholdingPercent,
    incomeTax: command.incomeTax ?? base.incomeTax,
  };
  const problem = policyProblem(policy);
  if (problem !== undefined) shuFail("kebijakan", "invalid-policy", problem);
  return accept([{ type: "ShuPolicySet", date: command.date, data: { policy }, postings: [] }]);
};

const POOL_ACCOUNTS: Readonly<Record<Exclude<ShuPool, "jasaModal" | "jasaUsaha">, string>> = {
  cadangan: ACCOUNTS.cadangan,
  pengurus: ACCOUNTS.danaPengurus,
  karyawan: ACCOUNTS.danaKaryawan,
  pendidikan: ACCOUNTS.danaPendidikan,
  sosial: ACCOUNTS.danaSosial,
  pembangunanDaerahKerja: ACCOUNTS.danaPembangunanDaerahKerja,
};

/** The bases of each member of the book at a closed year's end: capital as the policy measures it, loan interest paid, shop purchases. */
export const shuBases = (state: BookState, year: string): MemberBasis[] => {
  const policy = state.closing.policy;
  const usage = state.closing.usage.get(year);
  const bases: MemberBasis[] = [];
  const yearEnd = `${year}-12-31`;
  for (const member of state.members.values()) {
    // The members of the book at the year's end: joined by then and not left by then. A member who
    // left after the year (before the RAT) keeps their share; one who left during it has none.
    if (member.joinedOn > yearEnd || (member.exitedOn !== undefined && member.exitedOn <= yearEnd)) continue;
    const savings = memberSavings(state, member.memberNo);
    const capital = capitalBasis(
      state.closing,
      year,
      member.memberNo,
      { capitalMinor: savings.pokokMinor + savings.wajibMinor, sukarelaMinor: savings.sukarelaMinor },
      policy,
      state.config.startDate,
      member.sukarela,
    );
    const used = usage?.get(member.memberNo);
    bases.push({
      memberNo: member.memberNo,
      capitalMinor: capital,
      usage: { "loan-interest": used?.interestPaidMinor ?? 0n, "shop-purchases": used?.purchasesMinor ?? 0n },
    });
  }
  return bases;
};

const distributeShu = (state: BookState, command: CommandOf<"DistributeShu">, context: DecideContext): Decision => {
  const year = command.year;
  const record = state.closing.years.get(year);
  if (record === undefined) return shuFail(year, "year-not-closed", say(`tutup bulan ${year}-12 dahulu`, `close ${year}-12 first`));
  if (record.distributed)
    shuFail(
      year,
      "already-distributed",
      say(`RAT tahun buku ${year} sudah membagi SHU`, `the RAT of book year ${year} has distributed its SHU`),
    );
  if (command.date <= `${year}-12-31`)
    shuFail(year, "before-year-end", say(`tanggal RAT ${command.date}`, `the RAT is dated ${command.date}`));
  checkDate(state, command.date, context.today);
  if (record.memberShuMinor <= 0n) {
    // Nothing to share; a loss is covered by the RAT from reserves, with a journal.
    const shu = rp(state, record.memberShuMinor);
    const [dr, cr] = [accountLabel(state, ACCOUNTS.cadangan), accountLabel(state, ACCOUNTS.shuBelumDibagi)];
    shuFail(
      year,
      "no-surplus",
      record.memberShuMinor === 0n
        ? say(`SHU bagian anggota ${shu}`, `the members' SHU is ${shu}`)
        : say(
            `SHU bagian anggota ${shu}: rugi; RAT dapat menutupnya dari cadangan dengan jurnal Dr ${dr}, Kr ${cr}`,
            `the members' SHU is ${shu}: a loss; the RAT can cover it from reserves with a journal Dr ${dr}, Cr ${cr}`,
          ),
    );
  }
  const policy = state.closing.policy;
  const result = allocateShu(policy, record.memberShuMinor, record.nonMemberShuMinor, shuBases(state, year));
  if (!result.ok) {
    return result.problem.kind === "no-capital"
      ? shuFail(year, "no-capital", say("simpanan pokok dan wajib anggota nol", "members' simpanan pokok and wajib are zero"))
      : shuFail(year, "no-usage", say(`dasar ${result.problem.measure} bernilai nol`, `the measure ${result.problem.measure} is zero`));
  }
  const { pools, usageParts, capitalBasisMinor, shares } = result.allocation;
  const payout = command.payout ?? "hold";
  const runId = `SHU-${year}#${state.seq + 1}`;
  const home = state.config.savings.unit;
  const lines = new Map<string, { account: string; unit: string; party: Party; amount: bigint }>();
  const add = (account: string, unit: string, party: Party, amount: bigint) => {
    const key = `${account}|${unit}|${party}`;
    const line = lines.get(key);
    if (line === undefined) lines.set(key, { account, unit, party, amount });
    else line.amount += amount;
  };
  for (const u of record.units) {
    add(ACCOUNTS.shuBelumDibagi, u.unit, "anggota", u.memberMinor);
    add(ACCOUNTS.shuBelumDibagi, u.unit, "nonanggota", u.nonMemberMinor);
    if (u.unit !== home) {
      add(ACCOUNTS.rekeningAntarUnit, u.unit, "umum", -(u.memberMinor + u.nonMemberMinor));
      add(ACCOUNTS.rekeningAntarUnit, home, "umum", u.memberMinor + u.nonMemberMinor);
    }
  }
  for (const pool of pools) {
    if (pool.pool === "jasaModal" || pool.pool === "jasaUsaha") {
      add(ACCOUNTS.shuBelumDibagi, home, "anggota", -pool.memberMinor);
      continue;
    }
    add(POOL_ACCOUNTS[pool.pool], home, "anggota", -pool.memberMinor);
    add(POOL_ACCOUNTS[pool.pool], home, "nonanggota", -pool.nonMemberMinor);
  }
  // One entry: each unit's SHU Belum Dibagi, its transfer to the savings unit, and the pools; a book of
  // more than 17 units would need more lines than an entry may have.
  const distribution = nonZero([...lines.values()].map((l) => posting(l.account, l.amount, l.unit, l.party)));
  if (distribution.length > LIMITS.postingsPerEntryMax)
    fail(new TooManyLines({ count: distribution.length, max: LIMITS.postingsPerEntryMax }));
  const events: EventDraft[] = [
    {
      type: "ShuDistributed",
      date: command.date,
      data: {
        year,
        runId,
        policy,
        memberShuMinor: record.memberShuMinor,
        nonMemberShuMinor: record.nonMemberShuMinor,
        pools,
        usageParts,
        capitalBasisMinor,
        payout,
      },
      postings: distribution,
    },
  ];
  for (const share of shares) {
    const net = share.totalMinor - share.withheldMinor;
    // A member who has left since the year's end has no sukarela any more: their share is held for them.
    const payTo = payout === "sukarela" && state.members.get(share.memberNo)?.status === "active" ? "sukarela" : "hold";
    events.push({
      type: "ShuShareAllocated",
      date: command.date,
      data: {
        year,
        runId,
        memberNo: share.memberNo,
        capitalMinor: share.capitalMinor,
        jasaModalMinor: share.jasaModalMinor,
        usage: share.usage,
        jasaUsahaMinor: share.jasaUsahaMinor,
        totalMinor: share.totalMinor,
        withheldMinor: share.withheldMinor,
        payout: payTo,
      },
      postings: nonZero([
        posting(ACCOUNTS.shuBelumDibagi, share.totalMinor, home, "anggota"),
        posting(ACCOUNTS.utangPajak, -share.withheldMinor, home, "anggota"),
        posting(payTo === "sukarela" ? ACCOUNTS.simpananSukarela : ACCOUNTS.utangShuAnggota, -net, home, "anggota", share.memberNo),
      ]),
    });
  }
  return accept(events);
};

const payShu = (state: BookState, command: CommandOf<"PayShu">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  if (!state.members.has(command.memberNo)) fail(new UnknownMember({ memberNo: command.memberNo }));
  const owed = -subBalance(state, ACCOUNTS.utangShuAnggota, command.memberNo);
  if (owed <= 0n) shuFail(command.memberNo, "nothing-owed", say("Utang SHU Anggota nol", "Utang SHU Anggota is zero"));
  const amount = command.amount === undefined ? money(owed) : readAmount("amount", command.amount, state.config.scale, "positive");
  if (amount > owed) shuFail(command.memberNo, "beyond-owed", say(`terutang ${rp(state, owed)}`, `owed ${rp(state, owed)}`));
  const via = cashAccount(state, command.via);
  const home = state.config.savings.unit;
  return accept([
    {
      type: "ShuPaid",
      date: command.date,
      data: { memberNo: command.memberNo, amountMinor: amount, via },
      postings: [posting(ACCOUNTS.utangShuAnggota, amount, home, "anggota", command.memberNo), posting(via, -amount, home, "anggota")],
    },
  ]);
};

const reopenMonth = (state: BookState, command: CommandOf<"ReopenMonth">, context: DecideContext): Decision => {
  const month = command.month;
  if (state.closedThrough !== month) {
    fail(
      new MonthNotReopenable({
        month,
        ...say(
          `hanya bulan tertutup terakhir (${state.closedThrough ?? "belum ada"}) yang dapat dibuka`,
          `only the latest closed month (${state.closedThrough ?? "none yet"}) can be reopened`,
        ),
      }),
    );
  }
  const year = month.slice(0, 4);
  if (month.endsWith("-12") && state.closing.years.get(year)?.distributed === true)
    fail(
      new MonthNotReopenable({
        month,
        ...say(
          `RAT telah membagi SHU ${year}; tahun yang ditutup RAT tidak dibuka lagi`,
          `the RAT has distributed ${year}'s SHU; a year the RAT closed is not reopened`,
        ),
      }),
    );
  if (state.reopenedMonth !== undefined)
    fail(
      new MonthNotReopenable({
        month,
        ...say(`bulan ${state.reopenedMonth} masih dibuka kembali`, `month ${state.reopenedMonth} is still reopened`),
      }),
    );
  // Dated today: the reopening happens now, while the month it names is still closed. Reopening
  // December (before the RAT) also reverses the year close, in the reopened month.
  return accept([
    { type: "MonthReopened", date: context.today, data: { month, reason: command.reason }, postings: [] },
    ...(month.endsWith("-12") ? yearReopen(state, year, command.reason) : []),
  ]);
};

// ---------- toko sembako ----------

const SHOP_UNIT = "TOKO";

type RetailCommand = CommandOf<
  | "AddItem"
  | "SetItemPrice"
  | "AddSupplier"
  | "AddCustomer"
  | "PurchaseStock"
  | "RecordSale"
  | "CountStock"
  | "PaySupplier"
  | "ReceivePayment"
  | "RecordOpeningStock"
  | "RecordOpeningReceivable"
  | "RecordOpeningPayable"
  | "SetMemberCreditLimit"
  | "ReturnSale"
  | "ReturnPurchase"
>;

/** The sub-ledger key of the buyer a command names: a member's number or a customer's `cust:` key. */
const buyerKey = (
  state: BookState,
  memberNo: string | undefined,
  customer: string | undefined,
  subject: string,
): { key: string; member: boolean } => {
  if ((memberNo === undefined) === (customer === undefined))
    return retailFail(
      subject,
      "unknown-customer",
      say("sebutkan anggota atau pelanggan, satu saja", "name a member or a customer, just one"),
    );
  if (memberNo !== undefined) {
    if (!state.members.has(memberNo)) fail(new UnknownMember({ memberNo }));
    return { key: memberNo, member: true };
  }
  if (!state.shop.customers.has(customer as string)) retailFail(customer as string, "unknown-customer", customer as string);
  return { key: customerKey(customer as string), member: false };
};

const retailFail = (subject: string, reason: RetailRejected["reason"], detail: string | Detail): never =>
  fail(new RetailRejected({ subject, reason, ...detailOf(detail) }));

const shopItem = (state: BookState, code: string): ItemState => state.shop.items.get(code) ?? retailFail(code, "unknown-item", code);

/** The event that recorded a receipt, as the executor read it for decide. */
const receiptEvent = <T extends "SaleRecorded" | "StockPurchased">(
  context: DecideContext,
  seq: number,
  type: T,
  id: string,
): RetailEventData[T] => {
  const event = context.referencedEvent;
  if (event === undefined || event.seq !== seq || event.type !== type)
    retailFail(
      id,
      "receipt-unread",
      say(`transaksi #${seq} yang mencatatnya tidak diberikan`, `event #${seq}, which recorded it, was not given`),
    );
  return (event as LedgerEvent).data as RetailEventData[T];
};

/**
 * Why a quantity of an item is refused: the command's schema has read it as digits with at most six
 * decimals, so it is too fine for the item's unit, or zero where a quantity must be more.
 */
const quantityProblem = (item: ItemState, text: string): Detail => {
  const { unit, quantityScale: scale } = item.def;
  if (parseQuantity(text, scale) !== undefined)
    return say(`${text} ${unit}: harus lebih dari nol`, `${text} ${unit}: must be more than zero`);
  return scale === 0
    ? say(`${text} ${unit}: harus bilangan bulat`, `${text} ${unit}: must be a whole number`)
    : say(`${text} ${unit}: paling banyak ${scale} desimal`, `${text} ${unit}: at most ${scale} decimals`);
};

const quantityOf = (item: ItemState, text: string): bigint => {
  const units = parseQuantity(text, item.def.quantityScale);
  if (units === undefined || units <= 0n) retailFail(item.def.code, "quantity", quantityProblem(item, text));
  return units as bigint;
};

const decideRetail = (state: BookState, command: RetailCommand, context: DecideContext): Decision => {
  const scale = state.config.scale;
  const unit = checkUnit(state, SHOP_UNIT);
  switch (command.type) {
    case "AddItem": {
      if (state.shop.items.has(command.code)) retailFail(command.code, "item-exists", command.code);
      const memberPrice = command.memberPrice === undefined ? undefined : readAmount("memberPrice", command.memberPrice, scale, "positive");
      const price = {
        from: command.priceFrom ?? state.config.startDate,
        priceMinor: readAmount("price", command.price, scale, "positive"),
        ...(memberPrice === undefined ? {} : { memberPriceMinor: memberPrice }),
      };
      const item = { code: command.code, name: command.name, unit: command.unit, quantityScale: command.quantityScale };
      return accept([{ type: "ItemAdded", date: context.today, data: { item, price }, postings: [] }]);
    }
    case "SetItemPrice": {
      shopItem(state, command.code);
      if (state.closedThrough !== undefined && monthOf(command.from) <= state.closedThrough)
        fail(new PeriodClosed({ date: command.from, month: monthOf(command.from) }));
      const memberPrice = command.memberPrice === undefined ? undefined : readAmount("memberPrice", command.memberPrice, scale, "positive");
      const price = {
        from: command.from,
        priceMinor: readAmount("price", command.price, scale, "positive"),
        ...(memberPrice === undefined ? {} : { memberPriceMinor: memberPrice }),
      };
      return accept([{ type: "ItemPriceSet", date: context.today, data: { code: command.code, price }, postings: [] }]);
    }
    case "AddSupplier": {
      if (state.shop.suppliers.has(command.code)) retailFail(command.code, "supplier-exists", command.code);
      return accept([
        {
          type: "SupplierAdded",
          date: context.today,
          data: { supplier: { code: command.code, name: command.name, kind: "supplier", creditLimitMinor: money(0n) } },
          postings: [],
        },
      ]);
    }
    case "AddCustomer": {
      if (state.shop.customers.has(command.code)) retailFail(command.code, "customer-exists", command.code);
      const limit = readAmount("creditLimit", command.creditLimit ?? "0", scale, "non-negative");
      return accept([
        {
          type: "CustomerAdded",
          date: context.today,
          data: { customer: { code: command.code, name: command.name, kind: command.kind, creditLimitMinor: limit } },
          postings: [],
        },
      ]);
    }
    case "PurchaseStock": {
      checkDate(state, command.date, context.today);
      if (state.shop.purchases.has(command.purchaseId)) retailFail(command.purchaseId, "purchase-exists", command.purchaseId);
      if (!state.shop.suppliers.has(command.supplier)) retailFail(command.supplier, "unknown-supplier", command.supplier);
      const lines = command.lines.map((line, index) => {
        const item = shopItem(state, line.item);
        return {
          item: item.def.code,
          quantityUnits: quantityOf(item, line.quantity),
          costMinor: readAmount(`lines[${index}].cost`, line.cost, scale, "positive"),
        };
      });
      const total = lines.reduce((s, l) => s + l.costMinor, 0n);
      const credit = command.payment === "credit";
      const via = credit ? ACCOUNTS.utangUsaha : cashAccount(state, command.via);
      return accept([
        {
          type: "StockPurchased",
          date: command.date,
          data: { purchaseId: command.purchaseId, supplier: command.supplier, payment: command.payment, lines },
          postings: [
            ...lines.map((l) => posting(ACCOUNTS.persediaan, l.costMinor, unit, "umum", l.item)),
            credit ? posting(ACCOUNTS.utangUsaha, -total, unit, "umum", command.supplier) : posting(via, -total, unit, "umum"),
          ],
        },
      ]);
    }
    case "RecordSale": {
      checkDate(state, command.date, context.today);
      if (state.shop.sales.has(command.saleId)) retailFail(command.saleId, "sale-exists", command.saleId);
      if (command.memberNo !== undefined && command.customer !== undefined)
        retailFail(
          command.saleId,
          "unknown-customer",
          say("pembeli anggota atau pelanggan, bukan keduanya", "the buyer is a member or a customer, not both"),
        );
      const member = command.memberNo === undefined ? undefined : activeMember(state, command.memberNo);
      const customer =
        command.customer === undefined
          ? undefined
          : (state.shop.customers.get(command.customer) ?? retailFail(command.customer, "unknown-customer", command.customer));
      const isMember = member !== undefined;
      const buyer = member?.memberNo ?? (customer === undefined ? "walk-in" : customerKey(customer.code));
      // Stock taken by earlier lines of the same sale counts against later ones.
      const taken = new Map<string, { quantity: bigint; value: bigint; layers: ReadonlyArray<CostLayer> }>();
      const lines = command.lines.map((line, index) => {
        const item = shopItem(state, line.item);
        const quantity = quantityOf(item, line.quantity);
        const before = taken.get(item.def.code) ?? { quantity: 0n, value: 0n, layers: item.layers };
        const onHand = { quantity: item.quantity - before.quantity, valueMinor: item.valueMinor - before.value, layers: before.layers };
        if (quantity > onHand.quantity)
          retailFail(
            item.def.code,
            "beyond-stock",
            say(
              `diminta ${qty(item, quantity)}, ada ${qty(item, onHand.quantity)}`,
              `asked ${qty(item, quantity)}, on hand ${qty(item, onHand.quantity)}`,
            ),
          );
        const { costMinor: cost, rest } = issueCost(state.shop.costing, onHand, quantity);
        taken.set(item.def.code, { quantity: before.quantity + quantity, value: before.value + cost, layers: rest });
        const unitPrice =
          line.unitPrice === undefined
            ? (priceOn(item, command.date, isMember) ?? retailFail(item.def.code, "no-price", command.date))
            : readAmount(`lines[${index}].unitPrice`, line.unitPrice, scale, "positive");
        const gross = divideRounded(unitPrice * quantity, 10n ** BigInt(item.def.quantityScale), "half-up");
        const discount = line.discount === undefined ? 0n : readAmount(`lines[${index}].discount`, line.discount, scale, "non-negative");
        if (discount > gross)
          retailFail(
            item.def.code,
            "discount",
            say(
              `potongan ${rp(state, discount)} melebihi harga ${rp(state, gross)}`,
              `discount ${rp(state, discount)} is more than the price ${rp(state, gross)}`,
            ),
          );
        return {
          item: item.def.code,
          quantityUnits: quantity,
          revenueMinor: money(gross - discount),
          ...(discount === 0n ? {} : { discountMinor: money(discount) }),
          costMinor: cost,
        };
      });
      const revenue = lines.reduce((s, l) => s + l.revenueMinor, 0n);
      const party: Party = isMember ? "anggota" : "nonanggota";
      const paymentPostings: Posting[] = [];
      if (command.payment === "cash") paymentPostings.push(posting(ACCOUNTS.kas, revenue, unit, party));
      else if (command.payment === "credit") {
        if (member === undefined && customer === undefined)
          retailFail(
            command.saleId,
            "unknown-customer",
            say("penjualan kredit perlu anggota atau pelanggan", "a credit sale needs a member or a customer"),
          );
        const owed = subBalance(state, ACCOUNTS.piutangUsaha, buyer);
        const limit = customer?.creditLimitMinor ?? state.shop.memberCreditLimits.get(buyer) ?? 0n;
        if (owed + revenue > limit)
          retailFail(
            buyer,
            "credit-limit",
            say(
              `piutang ${rp(state, owed)} + ${rp(state, revenue)} > batas ${rp(state, limit)}`,
              `owed ${rp(state, owed)} + ${rp(state, revenue)} > limit ${rp(state, limit)}`,
            ),
          );
        paymentPostings.push(posting(ACCOUNTS.piutangUsaha, revenue, unit, party, buyer));
      } else {
        if (member === undefined)
          return reject(new RetailRejected({ subject: command.saleId, reason: "not-a-member", detail: "sukarela" }));
        const savingsUnit = state.config.savings.unit;
        keepSukarelaMinimum(state, member, command.date, revenue);
        // Paid from the member's sukarela, kept by the savings unit: the units settle through Rekening Antar Unit.
        paymentPostings.push(
          posting(ACCOUNTS.rekeningAntarUnit, revenue, unit, party),
          posting(ACCOUNTS.simpananSukarela, revenue, savingsUnit, party, member.memberNo),
          posting(ACCOUNTS.rekeningAntarUnit, -revenue, savingsUnit, party),
        );
      }
      const revenueAccount = isMember ? ACCOUNTS.penjualanAnggota : ACCOUNTS.penjualanNonAnggota;
      const costAccount = isMember ? ACCOUNTS.hppAnggota : ACCOUNTS.hppNonAnggota;
      return accept([
        {
          type: "SaleRecorded",
          date: command.date,
          data: { saleId: command.saleId, buyer, member: isMember, payment: command.payment, lines },
          postings: nonZero([
            ...paymentPostings,
            posting(revenueAccount, -revenue, unit, party),
            ...lines.flatMap((l) => [
              posting(costAccount, l.costMinor, unit, party),
              posting(ACCOUNTS.persediaan, -l.costMinor, unit, party, l.item),
            ]),
          ]),
        },
      ]);
    }
    case "PaySupplier": {
      checkDate(state, command.date, context.today);
      if (!state.shop.suppliers.has(command.supplier)) retailFail(command.supplier, "unknown-supplier", command.supplier);
      const amount = readAmount("amount", command.amount, scale, "positive");
      const owed = -subBalance(state, ACCOUNTS.utangUsaha, command.supplier);
      if (amount > owed)
        retailFail(
          command.supplier,
          "overpayment",
          say(`dibayar ${rp(state, amount)}, utang ${rp(state, owed)}`, `paid ${rp(state, amount)}, owed ${rp(state, owed)}`),
        );
      const via = cashAccount(state, command.via);
      return accept([
        {
          type: "SupplierPaid",
          date: command.date,
          data: { supplier: command.supplier, amountMinor: amount, via },
          postings: [posting(ACCOUNTS.utangUsaha, amount, unit, "umum", command.supplier), posting(via, -amount, unit, "umum")],
        },
      ]);
    }
    case "ReceivePayment": {
      checkDate(state, command.date, context.today);
      const buyer = buyerKey(state, command.memberNo, command.customer, "pembayaran");
      const amount = readAmount("amount", command.amount, scale, "positive");
      const owed = subBalance(state, ACCOUNTS.piutangUsaha, buyer.key);
      if (amount > owed)
        retailFail(
          buyer.key,
          "overpayment",
          say(`dibayar ${rp(state, amount)}, piutang ${rp(state, owed)}`, `paid ${rp(state, amount)}, owed ${rp(state, owed)}`),
        );
      const via = cashAccount(state, command.via);
      const party: Party = buyer.member ? "anggota" : "nonanggota";
      return accept([
        {
          type: "ReceivablePaid",
          date: command.date,
          data: { buyer: buyer.key, amountMinor: amount, via },
          postings: [posting(via, amount, unit, party), posting(ACCOUNTS.piutangUsaha, -amount, unit, party, buyer.key)],
        },
      ]);
    }
    case "RecordOpeningStock": {
      if (command.date !== state.config.startDate) fail(new NotOnBookStart({ date: command.date, startDate: state.config.startDate }));
      checkDate(state, command.date, context.today);
      const item = shopItem(state, command.item);
      const quantity = quantityOf(item, command.quantity);
      const value = readAmount("value", command.value, scale, "non-negative");
      return accept([
        {
          type: "OpeningStockRecorded",
          date: command.date,
          data: { item: item.def.code, quantityUnits: quantity, valueMinor: value },
          postings: nonZero([
            posting(ACCOUNTS.persediaan, value, unit, "umum", item.def.code),
            posting(ACCOUNTS.saldoAwal, -value, unit, "umum"),
          ]),
        },
      ]);
    }
    case "RecordOpeningReceivable": {
      if (command.date !== state.config.startDate) fail(new NotOnBookStart({ date: command.date, startDate: state.config.startDate }));
      checkDate(state, command.date, context.today);
      const buyer = buyerKey(state, command.memberNo, command.customer, "saldo awal piutang");
      const amount = readAmount("amount", command.amount, scale, "positive");
      const party: Party = buyer.member ? "anggota" : "nonanggota";
      return accept([
        {
          type: "OpeningReceivableRecorded",
          date: command.date,
          data: { buyer: buyer.key, amountMinor: amount },
          postings: [posting(ACCOUNTS.piutangUsaha, amount, unit, party, buyer.key), posting(ACCOUNTS.saldoAwal, -amount, unit, party)],
        },
      ]);
    }
    case "RecordOpeningPayable": {
      if (command.date !== state.config.startDate) fail(new NotOnBookStart({ date: command.date, startDate: state.config.startDate }));
      checkDate(state, command.date, context.today);
      if (!state.shop.suppliers.has(command.supplier)) retailFail(command.supplier, "unknown-supplier", command.supplier);
      const amount = readAmount("amount", command.amount, scale, "positive");
      return accept([
        {
          type: "OpeningPayableRecorded",
          date: command.date,
          data: { supplier: command.supplier, amountMinor: amount },
          postings: [
            posting(ACCOUNTS.saldoAwal, amount, unit, "umum"),
            posting(ACCOUNTS.utangUsaha, -amount, unit, "umum", command.supplier),
          ],
        },
      ]);
    }
    case "ReturnPurchase": {
      checkDate(state, command.date, context.today);
      const purchaseSeq =
        state.shop.purchases.get(command.purchaseId) ?? retailFail(command.purchaseId, "unknown-purchase", command.purchaseId);
      const purchase = purchaseOf(state.shop, receiptEvent(context, purchaseSeq, "StockPurchased", command.purchaseId));
      const seen = new Set<string>();
      const lines = command.lines.map((line) => {
        const item = shopItem(state, line.item);
        const quantity = quantityOf(item, line.quantity);
        if (seen.has(item.def.code))
          retailFail(item.def.code, "quantity", say("barang yang sama dua kali dalam satu retur", "the same item twice in one return"));
        seen.add(item.def.code);
        const bought =
          purchase.lines.find((l) => l.item === item.def.code) ??
          retailFail(
            item.def.code,
            "beyond-sold",
            say(`${command.purchaseId} tidak memuat barang ini`, `${command.purchaseId} has no such item`),
          );
        if (bought.returnedUnits + quantity > bought.quantityUnits)
          retailFail(
            item.def.code,
            "beyond-sold",
            say(
              `dibeli ${qty(item, bought.quantityUnits)}, sudah diretur ${qty(item, bought.returnedUnits)}, diminta ${qty(item, quantity)}`,
              `bought ${qty(item, bought.quantityUnits)}, returned ${qty(item, bought.returnedUnits)}, asked ${qty(item, quantity)}`,
            ),
          );
        if (quantity > item.quantity)
          retailFail(
            item.def.code,
            "beyond-stock",
            say(
              `persediaan ${qty(item, item.quantity)}, diretur ${qty(item, quantity)}`,
              `on hand ${qty(item, item.quantity)}, returned ${qty(item, quantity)}`,
            ),
          );
        // The supplier takes back the purchase line's share of its cost, half up; the last return of a line takes the rest.
        const cost =
          bought.returnedUnits + quantity === bought.quantityUnits
            ? bought.costMinor - bought.returnedCostMinor
            : divideRounded(bought.costMinor * quantity, bought.quantityUnits, "half-up");
        // Emptying the item takes all of its value, so nothing is left at zero quantity; otherwise no more than there is.
        const value =
          state.shop.costing === "fifo"
            ? takeLayers(item.layers, quantity, "newest").costMinor
            : quantity === item.quantity
              ? item.valueMinor
              : cost < item.valueMinor
                ? cost
                : item.valueMinor;
        return { item: item.def.code, quantityUnits: quantity, costMinor: money(cost), valueMinor: money(value) };
      });
      const total = lines.reduce((sum, l) => sum + l.costMinor, 0n);
      const via = purchase.payment === "credit" ? ACCOUNTS.utangUsaha : cashAccount(state, command.via);
      return accept([
        {
          type: "PurchaseReturned",
          date: command.date,
          data: { returnId: command.returnId, purchaseId: command.purchaseId, supplier: purchase.supplier, via, lines },
          postings: nonZero([
            purchase.payment === "credit"
              ? posting(ACCOUNTS.utangUsaha, total, unit, "umum", purchase.supplier)
              : posting(via, total, unit, "umum"),
            ...lines.flatMap((l) => [
              posting(ACCOUNTS.persediaan, -l.valueMinor, unit, "umum", l.item),
              posting(ACCOUNTS.selisihPersediaan, l.valueMinor - l.costMinor, unit, "umum"),
            ]),
          ]),
        },
      ]);
    }
    case "ReturnSale": {
      checkDate(state, command.date, context.today);
      const saleSeq = state.shop.sales.get(command.saleId) ?? retailFail(command.saleId, "unknown-sale", command.saleId);
      const sale = saleOf(state.shop, receiptEvent(context, saleSeq, "SaleRecorded", command.saleId));
      const party: Party = sale.member ? "anggota" : "nonanggota";
      const taken = new Map<string, bigint>();
      const lines = command.lines.map((line) => {
        const item = shopItem(state, line.item);
        const quantity = quantityOf(item, line.quantity);
        const sold =
          sale.lines.find((l) => l.item === item.def.code) ??
          retailFail(item.def.code, "beyond-sold", say(`${command.saleId} tidak memuat barang ini`, `${command.saleId} has no such item`));
        if (taken.has(item.def.code))
          retailFail(item.def.code, "quantity", say("barang yang sama dua kali dalam satu retur", "the same item twice in one return"));
        taken.set(item.def.code, quantity);
        const already = sold.returnedUnits;
        if (already + quantity > sold.quantityUnits)
          retailFail(
            item.def.code,
            "beyond-sold",
            say(
              `dijual ${qty(item, sold.quantityUnits)}, sudah diretur ${qty(item, already)}, diminta ${qty(item, quantity)}`,
              `sold ${qty(item, sold.quantityUnits)}, returned ${qty(item, already)}, asked ${qty(item, quantity)}`,
            ),
          );
        // The returned share of the line's revenue and cost, half up; the last return of a line takes the rest, so the line nets to zero.
        const last = already + quantity === sold.quantityUnits;
        const share = (total: bigint, returnedSoFar: bigint) =>
          last ? total - returnedSoFar : divideRounded(total * quantity, sold.quantityUnits, "half-up");
        return {
          item: item.def.code,
          quantityUnits: quantity,
          revenueMinor: money(share(sold.revenueMinor, sold.returnedRevenueMinor)),
          costMinor: money(share(sold.costMinor, sold.returnedCostMinor)),
        };
      });
      const refund = lines.reduce((sum, l) => sum + l.revenueMinor, 0n);
      const via = cashAccount(state, command.via);
      const owed = sale.payment === "credit" ? subBalance(state, ACCOUNTS.piutangUsaha, sale.buyer) : 0n;
      const receivable = sale.payment === "credit" ? (owed > 0n ? (owed < refund ? owed : refund) : 0n) : 0n;
      const sukarela = sale.payment === "sukarela" ? refund : 0n;
      const cash = refund - receivable - sukarela;
      if (sukarela > 0n) activeMember(state, sale.buyer);
      const savingsUnit = state.config.savings.unit;
      const revenueAccount = sale.member ? ACCOUNTS.penjualanAnggota : ACCOUNTS.penjualanNonAnggota;
      const costAccount = sale.member ? ACCOUNTS.hppAnggota : ACCOUNTS.hppNonAnggota;
      return accept([
        {
          type: "SaleReturned",
          date: command.date,
          data: {
            returnId: command.returnId,
            saleId: command.saleId,
            buyer: sale.buyer,
            member: sale.member,
            refund: { receivableMinor: money(receivable), cashMinor: money(cash), sukarelaMinor: money(sukarela), via },
            lines,
          },
          postings: nonZero([
            posting(revenueAccount, refund, unit, party),
            posting(ACCOUNTS.piutangUsaha, -receivable, unit, party, sale.buyer),
            posting(via, -cash, unit, party),
            posting(ACCOUNTS.rekeningAntarUnit, -sukarela, unit, party),
            posting(ACCOUNTS.rekeningAntarUnit, sukarela, savingsUnit, party),
            posting(ACCOUNTS.simpananSukarela, -sukarela, savingsUnit, party, sale.buyer),
            ...lines.flatMap((l) => [
              posting(ACCOUNTS.persediaan, l.costMinor, unit, party, l.item),
              posting(costAccount, -l.costMinor, unit, party),
            ]),
          ]),
        },
      ]);
    }
    case "SetMemberCreditLimit": {
      checkDate(state, command.date, context.today);
      activeMember(state, command.memberNo);
      const limit = readAmount("limit", command.limit, scale, "non-negative");
      return accept([
        { type: "MemberCreditLimitSet", date: command.date, data: { memberNo: command.memberNo, limitMinor: limit }, postings: [] },
      ]);
    }
    case "CountStock": {
      checkDate(state, command.date, context.today);
      const item = shopItem(state, command.item);
      const counted = parseQuantity(command.counted, item.def.quantityScale);
      if (counted === undefined) return retailFail(item.def.code, "quantity", quantityProblem(item, command.counted));
      const book = item.quantity;
      // A shortage leaves at its cost (the moving average, or the oldest FIFO layers); a surplus comes in
      // at the average (nothing, if there is no stock to price it).
      const difference =
        counted < book
          ? -issueCost(state.shop.costing, item, book - counted).costMinor
          : book === 0n
            ? 0n
            : divideRounded(item.valueMinor * (counted - book), book, "half-up");
      return accept([
        {
          type: "StockCounted",
          date: command.date,
          data: { item: item.def.code, bookUnits: book, countedUnits: counted, differenceMinor: money(difference) },
          postings: nonZero([
            posting(ACCOUNTS.persediaan, difference, unit, "umum", item.def.code),
            posting(ACCOUNTS.selisihPersediaan, -difference, unit, "umum"),
          ]),
        },
      ]);
    }
  }
};

// ---------- loans ----------

/** The number of instalments must lie within the product's term. */
const checkTerm = (product: { readonly termMin: number; readonly termMax: number }, instalments: number, loanId: string): void => {
  if (instalments < product.termMin || instalments > product.termMax)
    loanFail(
      loanId,
      "terms",
      say(
        `${instalments} angsuran di luar ${product.termMin}–${product.termMax}`,
        `${instalments} instalments, outside ${product.termMin}–${product.termMax}`,
      ),
    );
};

const createLoanProduct = (state: BookState, command: CommandOf<"CreateLoanProduct">, context: DecideContext): Decision => {
  const code = command.code;
  const terms = (detail: Detail) => loanFail(code, "terms", detail);
  if (state.loans.products.has(code)) loanFail(code, "product-exists", code);
  if ((command.ratePerYear === undefined) === (command.ratePerMonth === undefined))
    terms(say("sebutkan tepat satu dari ratePerYear dan ratePerMonth", "give exactly one of ratePerYear and ratePerMonth"));
  const rate = command.ratePerYear !== undefined ? { perYear: command.ratePerYear } : { perMonth: command.ratePerMonth as string };
  const yearly = "perYear" in rate ? new RateDecimal(rate.perYear) : new RateDecimal(rate.perMonth).times(12);
  if (yearly.lte(0) || yearly.gte(10))
    terms(say("suku bunga harus di atas 0% dan di bawah 1000% setahun", "the rate must be above 0% and below 1000% a year"));
  if (command.allocationOrder !== undefined && (command.allocationOrder.length !== 3 || new Set(command.allocationOrder).size !== 3)) {
    terms(
      say(
        "allocationOrder harus menyebut denda, jasa dan pokok, masing-masing sekali",
        "allocationOrder must name denda, jasa and pokok once each",
      ),
    );
  }
  const termMin = command.termMin ?? 1;
  const termMax = command.termMax ?? 60;
  if (termMin > termMax) terms(say("termMin lebih besar dari termMax", "termMin is above termMax"));
  const scale = state.config.scale;
  const multiple =
    command.instalmentMultiple === undefined ? undefined : readAmount("instalmentMultiple", command.instalmentMultiple, scale, "positive");
  const product: LoanProduct = {
    code,
    name: command.name,
    method: command.method,
    rate,
    dayCount: command.dayCount ?? "30/360",
    frequency: command.frequency ?? { unit: "month", every: 1 },
    termMin,
    termMax,
    provisiRate: command.provisiRate ?? "0",
    adminFeeMinor: readAmount("adminFee", command.adminFee ?? "0", scale, "non-negative"),
    ...(multiple === undefined ? {} : { instalmentRounding: { multipleMinor: multiple, mode: command.instalmentRounding ?? "nearest" } }),
    penaltyRatePerDay: command.penaltyRatePerDay ?? "0",
    graceDays: command.graceDays ?? 0,
    overpayment: command.overpayment ?? "reject",
    prepayment: command.prepayment ?? "waive-future-interest",
    savingsDeductionRate: command.savingsDeductionRate ?? "0",
    ...(command.penaltyMode === undefined ? {} : { penaltyMode: command.penaltyMode }),
    ...(command.penaltyRatePerMonth === undefined ? {} : { penaltyRatePerMonth: command.penaltyRatePerMonth }),
    ...(command.penaltyFixed === undefined
      ? {}
      : { penaltyFixedMinor: readAmount("penaltyFixed", command.penaltyFixed, scale, "non-negative") }),
    ...(command.allocationOrder === undefined ? {} : { allocationOrder: command.allocationOrder }),
    ...(command.requiresApproval === undefined ? {} : { requiresApproval: command.requiresApproval }),
    savingsMultipleMax: command.savingsMultipleMax ?? 0,
  };
  return accept([{ type: "LoanProductCreated", date: context.today, data: { product }, postings: [] }]);
};

const disburseLoan = (state: BookState, command: CommandOf<"DisburseLoan">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  const member = activeMember(state, command.memberNo);
  const product = state.loans.products.get(command.product);
  if (product === undefined) return reject(new LoanRejected({ loanId: id, reason: "unknown-product", detail: command.product }));
  if (state.loans.loans.has(id)) loanFail(id, "loan-exists", id);
  const application = state.loans.applications.get(id);
  if (product.requiresApproval === true || application !== undefined) {
    // Disbursed as applied and approved: the same member, product, principal and term.
    if (application === undefined || application.status !== "approved") {
      return reject(
        new LoanRejected({
          loanId: id,
          reason: "terms",
          ...(application === undefined ? say("belum diajukan", "not applied for") : say("belum disetujui", "not approved")),
        }),
      );
    }
    const principalAsked = readAmount("principal", command.principal, state.config.scale, "positive");
    if (
      application.memberNo !== command.memberNo ||
      application.product !== command.product ||
      application.principalMinor !== principalAsked ||
      application.instalments !== command.instalments
    ) {
      loanFail(id, "terms", say("berbeda dari pengajuan yang disetujui", "differs from the approved application"));
    }
  }
  checkTerm(product, command.instalments, id);
  const principal = readAmount("principal", command.principal, state.config.scale, "positive");
  if (product.savingsMultipleMax > 0) {
    const { pokokMinor, wajibMinor, sukarelaMinor } = memberSavings(state, member.memberNo);
    const limit = (pokokMinor + wajibMinor + sukarelaMinor) * BigInt(product.savingsMultipleMax);
    if (principal > limit)
      loanFail(
        id,
        "over-limit",
        say(
          `paling besar ${rp(state, limit)} (${product.savingsMultipleMax}× simpanan)`,
          `at most ${rp(state, limit)} (${product.savingsMultipleMax}× savings)`,
        ),
      );
  }
  let schedule: ReadonlyArray<ScheduledInstalment>;
  try {
    schedule = buildSchedule({
      principalMinor: principal,
      method: product.method,
      rate: product.rate,
      instalments: command.instalments,
      frequency: product.frequency,
      dayCount: product.dayCount,
      disbursedOn: command.date,
      ...(product.instalmentRounding === undefined ? {} : { instalmentRounding: product.instalmentRounding }),
    }).map((row) => ({ number: row.number, dueDate: row.dueDate, principalMinor: row.principalMinor, interestMinor: row.interestMinor }));
  } catch (error) {
    if (error instanceof ScheduleTermsError)
      return reject(new LoanRejected({ loanId: id, reason: "terms", ...say(error.messageId, error.message) }));
    throw error;
  }
  const collateral =
    command.eligibleCollateral === undefined
      ? money(0n)
      : readAmount("eligibleCollateral", command.eligibleCollateral, state.config.scale, "non-negative");
  const provisi = applyRate(principal, product.provisiRate, "half-up");
  const admin = product.adminFeeMinor;
  const deduction = applyRate(principal, product.savingsDeductionRate, "half-up");
  const net = principal - provisi - admin - deduction;
  if (net <= 0n) loanFail(id, "terms", say("biaya dan potongan menghabiskan pinjaman", "fees and deductions take the whole loan"));
  if (command.relatedParty === true) {
    // Permenkop UKM 8/2023: loans to pengurus and pengawas at most 10% of own capital.
    const equity = (code: string) => -(state.accounts.get(code)?.balanceMinor ?? 0n);
    const ownCapital = equity(ACCOUNTS.simpananPokok) + equity(ACCOUNTS.simpananWajib) + equity(ACCOUNTS.cadangan) + equity(ACCOUNTS.hibah);
    const related = [...state.loans.loans.values()]
      .filter((l) => l.relatedParty && l.status === "active")
      .reduce((s, l) => s + outstandingPrincipal(l), 0n);
    const cap = divideRounded(ownCapital, 10n, "down");
    if (related + principal > cap) {
      loanFail(
        id,
        "over-limit",
        say(
          `pinjaman pihak terkait ${rp(state, related + principal)} melebihi 10% modal sendiri (${rp(state, cap)})`,
          `related-party loans of ${rp(state, related + principal)} exceed 10% of own capital (${rp(state, cap)})`,
        ),
      );
    }
  }
  const unit = state.config.savings.unit;
  const toSukarela = command.via === "sukarela";
  const via = toSukarela ? "sukarela" : cashAccount(state, command.via);
  const m = member.memberNo;
  return accept([
    {
      type: "LoanDisbursed",
      date: command.date,
      data: {
        loanId: id,
        memberNo: m,
        product: product.code,
        principalMinor: principal,
        provisiMinor: provisi,
        adminMinor: admin,
        netMinor: money(net),
        via,
        schedule,
        ...(collateral === 0n ? {} : { eligibleCollateralMinor: collateral }),
        ...(deduction === 0n ? {} : { savingsDeductionMinor: deduction }),
        ...(command.relatedParty === true ? { relatedParty: true } : {}),
      },
      postings: nonZero([
        posting(ACCOUNTS.piutangPinjaman, principal, unit, "anggota", id),
        posting(ACCOUNTS.provisiAdministrasi, -(provisi + admin), unit, "anggota"),
        posting(ACCOUNTS.simpananSukarela, -(deduction + (toSukarela ? net : 0n)), unit, "anggota", m),
        toSukarela ? posting(via, 0n, unit, "anggota") : posting(via, -net, unit, "anggota"),
      ]),
    },
  ]);
};

const applyLoan = (state: BookState, command: CommandOf<"ApplyLoan">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  const member = activeMember(state, command.memberNo);
  const product = state.loans.products.get(command.product);
  if (product === undefined) return reject(new LoanRejected({ loanId: id, reason: "unknown-product", detail: command.product }));
  if (state.loans.loans.has(id) || state.loans.applications.has(id)) loanFail(id, "loan-exists", id);
  checkTerm(product, command.instalments, id);
  const principal = readAmount("principal", command.principal, state.config.scale, "positive");
  return accept([
    {
      type: "LoanApplied",
      date: command.date,
      data: { loanId: id, memberNo: member.memberNo, product: product.code, principalMinor: principal, instalments: command.instalments },
      postings: [],
    },
  ]);
};

const approveLoan = (state: BookState, command: CommandOf<"ApproveLoan">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  const application = state.loans.applications.get(id);
  if (application === undefined)
    return reject(new LoanRejected({ loanId: id, reason: "unknown-loan", ...say("tidak ada pengajuan", "no application") }));
  if (application.status !== "applied")
    loanFail(id, "not-active", say(`pengajuan sudah ${application.status}`, `the application is ${application.status}`));
  activeMember(state, application.memberNo);
  return accept([
    { type: "LoanApproved", date: command.date, data: { loanId: id, approvedBy: command.approvedBy, note: command.note }, postings: [] },
  ]);
};

const setKolektibilitas = (state: BookState, command: CommandOf<"SetKolektibilitas">, context: DecideContext): Decision => {
  const bad = (detail: Detail) => loanFail("-", "terms", detail);
  const classes = command.classes.map((c) => ({
    code: c.code,
    name: c.name,
    maxDaysPastDue: c.maxDaysPastDue,
    allowanceRate: c.allowanceRate,
    netOfCollateral: c.netOfCollateral,
    problemWeight: c.problemWeight,
    performing: c.performing,
  }));
  if (new Set(classes.map((c) => c.code)).size !== classes.length) bad(say("kode kolektibilitas ganda", "a kolektibilitas code twice"));
  let previous = -1;
  classes.forEach((c, index) => {
    const last = index === classes.length - 1;
    if (last !== (c.maxDaysPastDue === undefined))
      bad(say("hanya kelas terakhir yang tanpa batas hari", "only the last class has no day limit"));
    if (c.maxDaysPastDue !== undefined) {
      if (c.maxDaysPastDue <= previous) bad(say("batas hari harus naik", "day limits must rise"));
      previous = c.maxDaysPastDue;
    }
  });
  if (classes[0]?.maxDaysPastDue !== 0)
    bad(say("kelas pertama adalah pinjaman tanpa tunggakan (0 hari)", "the first class is loans with nothing past due (0 days)"));
  // Loans keep the class their last run gave them; a code that disappears would strand them.
  for (const loan of state.loans.loans.values()) {
    if (loan.status === "active" && !classes.some((c) => c.code === loan.kolektibilitas))
      bad(say(`pinjaman ${loan.loanId} berada di kelas ${loan.kolektibilitas}`, `loan ${loan.loanId} is in class ${loan.kolektibilitas}`));
  }
  return accept([{ type: "LoanKolektibilitasSet", date: context.today, data: { classes }, postings: [] }]);
};

const recordOpeningLoan = (state: BookState, command: CommandOf<"RecordOpeningLoan">, context: DecideContext): Decision => {
  const start = state.config.startDate;
  if (command.date !== start) fail(new NotOnBookStart({ date: command.date, startDate: start }));
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  if (command.disbursedOn > start) fail(new NotOnBookStart({ date: command.disbursedOn, startDate: start }));
  const member = activeMember(state, command.memberNo);
  const product = state.loans.products.get(command.product);
  if (product === undefined) return reject(new LoanRejected({ loanId: id, reason: "unknown-product", detail: command.product }));
  if (state.loans.loans.has(id)) loanFail(id, "loan-exists", id);
  const scale = state.config.scale;
  let previous = "";
  const schedule = command.schedule.map((row, index) => {
    if (row.dueDate <= previous)
      loanFail(
        id,
        "terms",
        say(`angsuran ${index + 1}: tanggal jatuh tempo harus berurutan`, `instalment ${index + 1}: due dates must be in order`),
      );
    previous = row.dueDate;
    return {
      number: index + 1,
      dueDate: row.dueDate,
      principalMinor: readAmount(`schedule[${index}].principal`, row.principal, scale, "non-negative"),
      interestMinor: readAmount(`schedule[${index}].interest`, row.interest, scale, "non-negative"),
    };
  });
  const outstanding = schedule.reduce((s, i) => s + i.principalMinor, 0n);
  if (outstanding <= 0n) loanFail(id, "terms", say("sisa pokok harus lebih dari nol", "the principal outstanding must be above zero"));
  const collateral =
    command.eligibleCollateral === undefined
      ? money(0n)
      : readAmount("eligibleCollateral", command.eligibleCollateral, scale, "non-negative");
  const unit = state.config.savings.unit;
  return accept([
    {
      type: "LoanDisbursed",
      date: start,
      data: {
        loanId: id,
        memberNo: member.memberNo,
        product: product.code,
        principalMinor: money(outstanding),
        provisiMinor: money(0n),
        adminMinor: money(0n),
        netMinor: money(0n),
        via: ACCOUNTS.saldoAwal,
        schedule,
        ...(collateral === 0n ? {} : { eligibleCollateralMinor: collateral }),
        opening: { disbursedOn: command.disbursedOn },
      },
      postings: [
        posting(ACCOUNTS.piutangPinjaman, outstanding, unit, "anggota", id),
        posting(ACCOUNTS.saldoAwal, -outstanding, unit, "anggota"),
      ],
    },
  ]);
};

/**
 * Where a loan payment of `amount` comes from, and its debit: a cash or bank account (`via`, Kas by
 * default), or with `from: "sukarela"` the borrower's sukarela, a member still in the koperasi whose
 * sukarela keeps its minimum on the day and after.
 */
const loanPaymentSource = (
  state: BookState,
  loan: { readonly loanId: string; readonly memberNo: string },
  command: { readonly from?: "cash" | "sukarela"; readonly via?: string; readonly date: string },
  amount: bigint,
): { readonly via: string; readonly debit: Posting } => {
  const unit = state.config.savings.unit;
  if (command.from !== "sukarela") {
    const via = cashAccount(state, command.via);
    return { via, debit: posting(via, amount, unit, "anggota") };
  }
  if (command.via !== undefined) loanFail(loan.loanId, "source", `via ${command.via}`);
  keepSukarelaMinimum(state, activeMember(state, loan.memberNo), command.date, amount);
  return { via: ACCOUNTS.simpananSukarela, debit: posting(ACCOUNTS.simpananSukarela, amount, unit, "anggota", loan.memberNo) };
};

const repayLoan = (state: BookState, command: CommandOf<"RepayLoan">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  const loan = state.loans.loans.get(id);
  if (loan === undefined) return reject(new LoanRejected({ loanId: id, reason: "unknown-loan", detail: id }));
  if (loan.status !== "active") loanFail(id, "not-active", loan.status);
  if (command.date < loan.disbursedOn)
    fail(new DateBeforeBookStart({ date: command.date, startDate: loan.disbursedOn, of: { kind: "loan", id: loan.loanId } }));
  const product = state.loans.products.get(loan.product) as LoanProduct;
  const amount = readAmount("amount", command.amount, state.config.scale, "positive");
  const fromSukarela = command.from === "sukarela";
  const { allocations, leftoverMinor } = allocateRepayment(product, loan, amount, command.date);
  if (leftoverMinor > 0n && product.overpayment === "reject") {
    loanFail(
      id,
      "overpayment",
      say(
        `lebih ${rp(state, leftoverMinor)}; pelunasan ${rp(state, settlementAmount(product, loan, command.date))}`,
        `${rp(state, leftoverMinor)} over; the payoff is ${rp(state, settlementAmount(product, loan, command.date))}`,
      ),
    );
  }
  const member = state.members.get(loan.memberNo);
  if (leftoverMinor > 0n && member?.status !== "active")
    fail(new MemberExited({ memberNo: loan.memberNo, exitedOn: member?.exitedOn ?? "" }));
  // From sukarela only what the loan takes leaves it (an overpayment stays there).
  const { via, debit } = loanPaymentSource(state, loan, command, fromSukarela ? amount - leftoverMinor : amount);
  const sum = (pick: (a: Allocation) => bigint) => allocations.reduce((s, a) => s + pick(a), 0n);
  const denda = sum((a) => a.dendaMinor);
  const jasa = sum((a) => a.jasaMinor);
  const jasaAccrued = sum((a) => a.jasaAccruedMinor);
  const dendaAccrued = sum((a) => a.dendaAccruedMinor);
  const pokok = sum((a) => a.pokokMinor);
  // A payment that closes the loan releases denda recognised that is no longer owed.
  const released = closesLoan(loan, allocations) ? dendaLeftAfter(loan, allocations) : 0n;
  const unit = state.config.savings.unit;
  return accept([
    {
      type: "LoanRepaid",
      date: command.date,
      data: { loanId: id, amountMinor: amount, via, allocations, toSukarelaMinor: money(leftoverMinor) },
      postings: nonZero([
        debit,
        posting(ACCOUNTS.denda, -(denda - dendaAccrued) + released, unit, "anggota"),
        posting(ACCOUNTS.piutangDenda, -(dendaAccrued + released), unit, "anggota", id),
        posting(ACCOUNTS.jasaPinjaman, -(jasa - jasaAccrued), unit, "anggota"),
        posting(ACCOUNTS.piutangJasaPinjaman, -jasaAccrued, unit, "anggota", id),
        posting(ACCOUNTS.piutangPinjaman, -pokok, unit, "anggota", id),
        posting(ACCOUNTS.simpananSukarela, fromSukarela ? 0n : -leftoverMinor, unit, "anggota", loan.memberNo),
      ]),
    },
    ...(closesLoan(loan, allocations) ? collateralReleased(state, id, command.date) : []),
  ]);
};

const settleLoan = (state: BookState, command: CommandOf<"SettleLoan">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  const loan = state.loans.loans.get(id);
  if (loan === undefined) return reject(new LoanRejected({ loanId: id, reason: "unknown-loan", detail: id }));
  if (loan.status !== "active") loanFail(id, "not-active", loan.status);
  if (command.date < loan.disbursedOn)
    fail(new DateBeforeBookStart({ date: command.date, startDate: loan.disbursedOn, of: { kind: "loan", id: loan.loanId } }));
  const product = state.loans.products.get(loan.product) as LoanProduct;
  const { waived, owedMinor, after } = settlementTerms(product, loan, command.date);
  const { via, debit } = loanPaymentSource(state, loan, command, owedMinor);
  const { allocations, leftoverMinor } = allocateRepayment(product, after, owedMinor, command.date);
  if (leftoverMinor !== 0n) throw new Error(`settlement of ${id} left ${leftoverMinor}: a defect`);
  const sum = (pick: (a: Allocation) => bigint) => allocations.reduce((s, a) => s + pick(a), 0n);
  const jasa = sum((a) => a.jasaMinor);
  const jasaAccrued = sum((a) => a.jasaAccruedMinor);
  const denda = sum((a) => a.dendaMinor);
  const dendaAccrued = sum((a) => a.dendaAccruedMinor);
  const released = dendaLeftAfter(after, allocations);
  const waivedAccrued = waived.reduce((s, w) => s + w.accruedMinor, 0n);
  const unit = state.config.savings.unit;
  return accept([
    {
      type: "LoanSettled",
      date: command.date,
      data: { loanId: id, amountMinor: money(owedMinor), via, waived, allocations },
      postings: nonZero([
        debit,
        posting(ACCOUNTS.denda, -(denda - dendaAccrued) + released, unit, "anggota"),
        posting(ACCOUNTS.piutangDenda, -(dendaAccrued + released), unit, "anggota", id),
        // Forgiven jasa that had been accrued is taken back out of income and the receivable.
        posting(ACCOUNTS.jasaPinjaman, -(jasa - jasaAccrued) + waivedAccrued, unit, "anggota"),
        posting(ACCOUNTS.piutangJasaPinjaman, -(jasaAccrued + waivedAccrued), unit, "anggota", id),
        posting(ACCOUNTS.piutangPinjaman, -sum((a) => a.pokokMinor), unit, "anggota", id),
      ]),
    },
    ...collateralReleased(state, id, command.date),
  ]);
};

const rescheduleLoan = (state: BookState, command: CommandOf<"RescheduleLoan">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  const loan = state.loans.loans.get(id);
  if (loan === undefined) return reject(new LoanRejected({ loanId: id, reason: "unknown-loan", detail: id }));
  if (loan.status !== "active") loanFail(id, "not-active", loan.status);
  if (command.date < loan.disbursedOn)
    fail(new DateBeforeBookStart({ date: command.date, startDate: loan.disbursedOn, of: { kind: "loan", id: loan.loanId } }));
  const product = state.loans.products.get(loan.product) as LoanProduct;
  const remaining = outstandingPrincipal(loan);
  if (remaining <= 0n) loanFail(id, "terms", say("tidak ada sisa pokok untuk dijadwal ulang", "no principal is left to reschedule"));
  // Kept: instalments already due by the date, and any partly paid; the rest is replaced.
  const keep = loan.schedule.filter((i) => i.dueDate <= command.date || i.paidPrincipalMinor > 0n || i.paidInterestMinor > 0n).length;
  let rows: ReturnType<typeof buildSchedule>;
  try {
    rows = buildSchedule({
      principalMinor: remaining,
      method: product.method,
      rate: product.rate,
      instalments: command.instalments,
      frequency: product.frequency,
      dayCount: product.dayCount,
      disbursedOn: command.date,
      ...(product.instalmentRounding === undefined ? {} : { instalmentRounding: product.instalmentRounding }),
    });
  } catch (error) {
    if (error instanceof ScheduleTermsError)
      return reject(new LoanRejected({ loanId: id, reason: "terms", ...say(error.messageId, error.message) }));
    throw error;
  }
  const schedule = rows.map((row) => ({
    number: keep + row.number,
    dueDate: row.dueDate,
    principalMinor: row.principalMinor,
    interestMinor: row.interestMinor,
  }));
  return accept([
    {
      type: "LoanRescheduled",
      date: command.date,
      data: { loanId: id, reason: command.reason, keep, principalMinor: money(remaining), schedule },
      postings: [],
    },
  ]);
};

const writeOffLoan = (state: BookState, command: CommandOf<"WriteOffLoan">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  const loan = state.loans.loans.get(id);
  if (loan === undefined) return reject(new LoanRejected({ loanId: id, reason: "unknown-loan", detail: id }));
  if (loan.status !== "active") loanFail(id, "not-active", loan.status);
  const principal = outstandingPrincipal(loan);
  const accrued = accruedReceivable(loan);
  const dendaRecognised = loan.schedule.reduce((s, i) => s + dendaReceivable(i), 0n);
  const total = principal + accrued + dendaRecognised;
  // The allowance booked for the loan absorbs the loss first; the rest is an expense now.
  const fromAllowance = loan.allowanceMinor < total ? loan.allowanceMinor : total;
  const expense = total - fromAllowance;
  const unit = state.config.savings.unit;
  return accept([
    {
      type: "LoanWrittenOff",
      date: command.date,
      data: {
        loanId: id,
        reason: command.reason,
        principalMinor: money(principal),
        accruedMinor: money(accrued),
        fromAllowanceMinor: money(fromAllowance),
        expenseMinor: money(expense),
      },
      postings: nonZero([
        posting(ACCOUNTS.cadanganKerugianPiutang, fromAllowance, unit, "anggota"),
        posting(ACCOUNTS.bebanPenyisihanPiutang, expense, unit, "anggota"),
        posting(ACCOUNTS.piutangPinjaman, -principal, unit, "anggota", id),
        posting(ACCOUNTS.piutangJasaPinjaman, -accrued, unit, "anggota", id),
        posting(ACCOUNTS.piutangDenda, -dendaRecognised, unit, "anggota", id),
      ]),
    },
  ]);
};

const recoverLoan = (state: BookState, command: CommandOf<"RecoverLoan">, context: DecideContext): Decision => {
  checkDate(state, command.date, context.today);
  const id = command.loanId;
  const loan = state.loans.loans.get(id);
  if (loan === undefined) return reject(new LoanRejected({ loanId: id, reason: "unknown-loan", detail: id }));
  if (loan.status !== "written-off") {
    loanFail(
      id,
      "not-active",
      say(
        `hanya pinjaman yang dihapusbukukan dapat dipulihkan (${loan.status})`,
        `only a written-off loan can be recovered (${loan.status})`,
      ),
    );
  }
  const amount = readAmount("amount", command.amount, state.config.scale, "positive");
  const { via, debit } = loanPaymentSource(state, loan, command, amount);
  const unit = state.config.savings.unit;
  return accept([
    {
      type: "LoanRecovered",
      date: command.date,
      data: { loanId: id, amountMinor: amount, via },
      postings: [debit, posting(ACCOUNTS.pendapatanLain, -amount, unit, "anggota")],
    },
  ]);
};

/**
 * The month's loan run: jasa accrued on performing loans (Lancar and Dalam Perhatian Khusus) for the
 * instalments due in the month, then each loan's kolektibilitas at the month's end and the change in
 * its allowance. Non-performing loans accrue nothing: their jasa is income when paid.
 */
const loanRun = (state: BookState, month: string): EventDraft[] => {
  const events: EventDraft[] = [];
  const monthEnd = lastDayOf(month);
  const unit = state.config.savings.unit;
  for (const loan of state.loans.loans.values()) {
    if (loan.status === "closed" && loan.allowanceMinor !== 0n) {
      // A loan repaid in full needs no allowance: release what was booked for it.
      const release = -loan.allowanceMinor;
      events.push({
        type: "LoanAllowanceSet",
        date: monthEnd,
        data: {
          loanId: loan.loanId,
          month,
          daysPastDue: 0,
          kolektibilitas: loan.kolektibilitas,
          requiredMinor: money(0n),
          deltaMinor: money(release),
        },
        postings: nonZero([
          posting(ACCOUNTS.bebanPenyisihanPiutang, release, unit, "anggota"),
          posting(ACCOUNTS.cadanganKerugianPiutang, -release, unit, "anggota"),
        ]),
      });
      continue;
    }
    if (loan.status !== "active") continue;
    const dpd = daysPastDue(loan, nextDay(monthEnd));
    const kolektibilitas = classify(dpd, state.loans.kolektibilitas);
    const performing = kolektibilitas.performing;
    if (performing) {
      const accruals = loan.schedule
        .filter((i) => i.dueDate <= monthEnd && unrecognisedInterest(i) > 0n)
        .map((i) => ({ number: i.number, amountMinor: money(unrecognisedInterest(i)) }));
      const product = state.loans.products.get(loan.product) as LoanProduct;
      const changes = loan.schedule
        .map((i) => ({ number: i.number, amountMinor: money(dendaDue(product, i, monthEnd) - dendaReceivable(i)) }))
        .filter((c) => c.amountMinor !== 0n);
      const dendaTotal = changes.reduce((sum, c) => sum + c.amountMinor, 0n);
      if (changes.length > 0) {
        events.push({
          type: "LoanDendaRecognised",
          date: monthEnd,
          data: { loanId: loan.loanId, month, changes },
          postings: nonZero([
            posting(ACCOUNTS.piutangDenda, dendaTotal, unit, "anggota", loan.loanId),
            posting(ACCOUNTS.denda, -dendaTotal, unit, "anggota"),
          ]),
        });
      }
      const total = accruals.reduce((sum, a) => sum + a.amountMinor, 0n);
      if (total > 0n) {
        events.push({
          type: "LoanInterestAccrued",
          date: monthEnd,
          data: { loanId: loan.loanId, month, accruals },
          postings: [
            posting(ACCOUNTS.piutangJasaPinjaman, total, unit, "anggota", loan.loanId),
            posting(ACCOUNTS.jasaPinjaman, -total, unit, "anggota"),
          ],
        });
      }
    }
    const required = requiredAllowance(outstandingPrincipal(loan), loan.eligibleCollateralMinor, kolektibilitas);
    const delta = required - loan.allowanceMinor;
    if (delta !== 0n || kolektibilitas.code !== loan.kolektibilitas) {
      events.push({
        type: "LoanAllowanceSet",
        date: monthEnd,
        data: {
          loanId: loan.loanId,
          month,
          daysPastDue: dpd,
          kolektibilitas: kolektibilitas.code,
          requiredMinor: required,
          deltaMinor: money(delta),
        },
        postings: nonZero([
          posting(ACCOUNTS.bebanPenyisihanPiutang, delta, unit, "anggota"),
          posting(ACCOUNTS.cadanganKerugianPiutang, -delta, unit, "anggota"),
        ]),
      });
    }
  }
  return events;
};

/** Decides a command against the book's state (undefined before OpenBook). */
export const decide = (state: BookState | undefined, command: Command, context: DecideContext): Decision => {
  if (!isIsoDate(context.today)) throw new RangeError(`decide: today is not a date: ${context.today}`);
  try {
    if (command.type === "OpenBook") {
      return state === undefined ? openBook(command, context) : reject(new BookAlreadyOpened({ bookId: state.config.bookId }));
    }
    if (state === undefined) return reject(new BookNotFound({ bookId: "" }));
    switch (command.type) {
      case "AddAccount":
        return addAccountCommand(state, command, context);
      case "RenameAccount":
        return renameAccount(state, command, context);
      case "RemoveAccount":
        return removeAccount(state, command, context);
      case "RegisterMember":
        return registerMember(state, command, context);
      case "RecordOpeningMember":
        return recordOpeningMember(state, command, context);
      case "UpdateMemberIdentity":
        return updateMemberIdentity(state, command, context);
      case "PayWajib":
        return payWajib(state, command, context);
      case "ChangeWajibAmount":
        return changeWajibAmount(state, command, context);
      case "ChangeSukarelaRate":
        return changeSukarelaRate(state, command, context);
      case "DepositSukarela":
        return depositSukarela(state, command, context);
      case "WithdrawSukarela":
        return withdrawSukarela(state, command, context);
      case "ResignMember":
        return resignMember(state, command, context);
      case "PayMemberRefund":
        return payMemberRefund(state, command, context);
      case "RecordOpeningBalances":
        return recordOpeningBalances(state, command, context);
      case "PostJournal":
        return postJournal(state, command, context);
      case "ReverseEntry":
        return reverseEntry(state, command, context);
      case "CloseMonth":
        return closeMonth(state, command, context);
      case "ReopenMonth":
        return reopenMonth(state, command, context);
      case "SetShuPolicy":
        return setShuPolicy(state, command, context);
      case "DistributeShu":
        return distributeShu(state, command, context);
      case "PayShu":
        return payShu(state, command, context);
      case "CreateLoanProduct":
        return createLoanProduct(state, command, context);
      case "DisburseLoan":
        return disburseLoan(state, command, context);
      case "RepayLoan":
        return repayLoan(state, command, context);
      case "RecordOpeningLoan":
        return recordOpeningLoan(state, command, context);
      case "SetKolektibilitas":
        return setKolektibilitas(state, command, context);
      case "ApplyLoan":
        return applyLoan(state, command, context);
      case "AddItem":
      case "SetItemPrice":
      case "AddSupplier":
      case "AddCustomer":
      case "PurchaseStock":
      case "RecordSale":
      case "CountStock":
      case "PaySupplier":
      case "ReceivePayment":
      case "RecordOpeningStock":
      case "RecordOpeningReceivable":
      case "RecordOpeningPayable":
      case "SetMemberCreditLimit":
      case "ReturnSale":
      case "ReturnPurchase":
        return decideRetail(state, command, context);
      case "ApproveLoan":
        return approveLoan(state, command, context);
      case "SettleLoan":
        return settleLoan(state, command, context);
      case "RescheduleLoan":
        return rescheduleLoan(state, command, context);
      case "WriteOffLoan":
        return writeOffLoan(state, command, context);
      case "RecoverLoan":
        return recoverLoan(state, command, context);
      case "AddFixedAsset":
        return addFixedAsset(state, command, context);
      case "RecordOpeningFixedAsset":
        return recordOpeningFixedAsset(state, command, context);
      case "DisposeFixedAsset":
        return disposeFixedAsset(state, command, context);
      case "CancelFixedAsset":
        return cancelFixedAsset(state, command, context);
      case "ImpairFixedAsset":
        return impairFixedAsset(state, command, context);
      case "ReverseFixedAssetImpairment":
        return reverseImpairment(state, command, context);
      case "SetBudget":
        return setBudget(state, command, context);
      case "PlaceTimeDeposit":
        return placeTimeDeposit(state, command, context);
      case "RecordOpeningTimeDeposit":
        return recordOpeningTimeDeposit(state, command, context);
      case "SetTimeDepositInstruction":
        return setTimeDepositInstruction(state, command, context);
      case "WithdrawTimeDeposit":
        return withdrawTimeDeposit(state, command, context);
      case "PledgeTimeDeposit":
        return pledgeTimeDeposit(state, command, context);
      case "ReleaseTimeDeposit":
        return releaseTimeDeposit(state, command, context);
    }
  } catch (thrown) {
    if (thrown instanceof Rejected) return reject(thrown.error);
    throw thrown;
  }
};

export { sukarelaBalance };
