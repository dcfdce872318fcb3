/**
 * The shapes every part shares: a book's configuration, postings, events and the book's state.
 * Field names that end in `Minor` hold money in minor units (a `bigint`); the canonical encoding
 * and the wire codec rely on that suffix, so keep it.
 */

import type { FixedAssetEventData, FixedAssetState } from "./assets/assets.js";
import type { AccountDef } from "./chart.js";
import type { BudgetEventData, BudgetLine } from "./closing/budget.js";
import type { ClosingEventData, ClosingState } from "./closing/closing.js";
import { TIME_DEPOSIT_EVENT_TYPES, type TimeDepositEventData, type TimeDepositState } from "./deposits/deposits.js";
import type { LoanBook, LoanEventData } from "./loans/loans.js";
import type { Money, RoundingMode, Scale } from "./money.js";
import type { Costing, RetailEventData, Shop } from "./retail/retail.js";

export type DayCount = "actual/365" | "actual/actual" | "30/360";
export const DAY_COUNTS: ReadonlyArray<DayCount> = ["actual/365", "actual/actual", "30/360"];
export type InterestBasis = "daily-balance" | "lowest-balance";

/**
 * A higher jasa rate from a balance up (bunga berjenjang): a day's whole balance earns the rate of the
 * highest tier it reaches, and a balance below every tier the base rate.
 */
export interface SukarelaTier {
  /** The lowest balance that earns this rate. */
  readonly fromMinor: Money;
  /** As a decimal fraction ("0.035" is 3,5% a year). */
  readonly ratePerYear: string;
}

/** The sukarela's jasa rate: a base rate, and the tiers above it, if any (ascending). */
export interface SukarelaRate {
  readonly ratePerYear: string;
  readonly tiers?: ReadonlyArray<SukarelaTier>;
}

/** The sukarela's rate from a month on (`ChangeSukarelaRate`). */
export interface SukarelaRateStep extends SukarelaRate {
  readonly fromMonth: string;
}

export interface SukarelaConfig extends SukarelaRate {
  /** A withdrawal never takes the balance below this. */
  readonly minimumBalanceMinor: Money;
  /** Jasa simpanan per year, as a decimal fraction ("0.03" is 3% a year): the base rate, below every tier. */
  readonly ratePerYear: string;
  readonly basis: InterestBasis;
  readonly dayCount: DayCount;
  /** How a month's jasa becomes whole minor units. */
  readonly rounding: RoundingMode;
}

/** PP 15/2009: jasa simpanan up to the threshold a month is not taxed; above it, the rate on the gross. */
export interface WithholdingConfig {
  readonly thresholdPerMonthMinor: Money;
  /** As a decimal fraction ("0.10"). */
  readonly rate: string;
  readonly rounding: RoundingMode;
}

export interface SavingsConfig {
  /** Simpanan pokok: the same for every member, paid once on joining. */
  readonly pokokMinor: Money;
  /** Simpanan wajib a month, from the book's start (later changes are events). */
  readonly wajibMonthlyMinor: Money;
  readonly sukarela: SukarelaConfig;
  readonly withholding: WithholdingConfig;
  /** The business unit whose books keep members' savings (USP by default). */
  readonly unit: string;
}

export interface BusinessUnit {
  readonly code: string;
  readonly name: string;
}

export interface BookConfig {
  readonly bookId: string;
  readonly name: string;
  readonly currency: "IDR";
  readonly scale: Scale;
  /** The first day of the first book year (a koperasi founded in November has a short first year). */
  readonly startDate: string;
  /** The koperasi's local time: WIB is 420 minutes ahead of UTC, WITA 480, WIT 540. */
  readonly utcOffsetMinutes: number;
  readonly units: ReadonlyArray<BusinessUnit>;
  readonly savings: SavingsConfig;
  /** The shop's costing; absent means the moving average. */
  readonly shop?: { readonly costing: Costing };
}

/** Whose business a posting belongs to: the SHU shares members' business only. */
export type Party = "anggota" | "nonanggota" | "umum";
export const PARTIES: ReadonlyArray<Party> = ["anggota", "nonanggota", "umum"];

/** One line of a journal entry. Debit is positive, credit negative. */
export interface Posting {
  readonly account: string;
  readonly amount: Money;
  /** The sub-ledger key; present exactly when `account` is a control account. */
  readonly sub?: string;
  readonly unit: string;
  readonly party: Party;
}

export interface IdentityRecordData {
  readonly nik: string;
  readonly name: string;
  readonly address: string;
  readonly phone?: string;
}

/** Per event type, its data. */
export interface EventDataByType {
  BookOpened: { readonly config: BookConfig; readonly accounts: ReadonlyArray<AccountDef> };
  AccountAdded: { readonly account: AccountDef };
  AccountRenamed: { readonly code: string; readonly name: string };
  AccountRemoved: { readonly code: string };
  MemberRegistered: { readonly memberNo: string; readonly identityDigest: string; readonly via: string; readonly pokokMinor: Money };
  MemberOpeningRecorded: {
    readonly memberNo: string;
    readonly identityDigest: string;
    readonly joinedOn: string;
    readonly pokokMinor: Money;
    readonly wajibMinor: Money;
    readonly sukarelaMinor: Money;
  };
  MemberIdentityChanged: { readonly memberNo: string; readonly identityDigest: string };
  WajibPaid: { readonly memberNo: string; readonly amountMinor: Money; readonly via: string };
  WajibAmountChanged: { readonly fromMonth: string; readonly amountMinor: Money };
  /** The jasa rate on sukarela from `fromMonth` on, a decimal fraction a year (0.03 = 3%). */
  SukarelaRateChanged: { readonly fromMonth: string; readonly ratePerYear: string; readonly tiers?: ReadonlyArray<SukarelaTier> };
  SukarelaDeposited: { readonly memberNo: string; readonly amountMinor: Money; readonly via: string };
  SukarelaWithdrawn: { readonly memberNo: string; readonly amountMinor: Money; readonly via: string };
  JasaSimpananPosted: {
    readonly runId: string;
    readonly month: string;
    readonly memberNo: string;
    /** The balance the rate applied to: the sum of the month's end-of-day balances, or the lowest one. */
    readonly basisMinor: Money;
    /** The jasa computed for the month, and the part of it posted now (less on a re-close). */
    readonly grossMinor: Money;
    readonly taxMinor: Money;
  };
  MemberResigned: {
    readonly memberNo: string;
    readonly pokokMinor: Money;
    readonly wajibMinor: Money;
    readonly sukarelaMinor: Money;
    readonly owedMinor: Money;
    readonly refundMinor: Money;
  };
  MemberRefundPaid: { readonly memberNo: string; readonly amountMinor: Money; readonly via: string };
  OpeningBalancePosted: { readonly memo: string };
  JournalPosted: { readonly memo: string };
  EntryReversed: { readonly reversedSeq: number; readonly reason: string };
  MonthClosed: { readonly month: string; readonly runId: string };
  MonthReopened: { readonly month: string; readonly reason: string };
  LoanProductCreated: LoanEventData["LoanProductCreated"];
  LoanDisbursed: LoanEventData["LoanDisbursed"];
  LoanRepaid: LoanEventData["LoanRepaid"];
  LoanInterestAccrued: LoanEventData["LoanInterestAccrued"];
  LoanAllowanceSet: LoanEventData["LoanAllowanceSet"];
  LoanWrittenOff: LoanEventData["LoanWrittenOff"];
  LoanRecovered: LoanEventData["LoanRecovered"];
  LoanSettled: LoanEventData["LoanSettled"];
  LoanRescheduled: LoanEventData["LoanRescheduled"];
  LoanKolektibilitasSet: LoanEventData["LoanKolektibilitasSet"];
  LoanApplied: LoanEventData["LoanApplied"];
  LoanApproved: LoanEventData["LoanApproved"];
  LoanDendaRecognised: LoanEventData["LoanDendaRecognised"];
  ItemAdded: RetailEventData["ItemAdded"];
  ItemPriceSet: RetailEventData["ItemPriceSet"];
  SupplierAdded: RetailEventData["SupplierAdded"];
  CustomerAdded: RetailEventData["CustomerAdded"];
  StockPurchased: RetailEventData["StockPurchased"];
  SaleRecorded: RetailEventData["SaleRecorded"];
  StockCounted: RetailEventData["StockCounted"];
  SupplierPaid: RetailEventData["SupplierPaid"];
  ReceivablePaid: RetailEventData["ReceivablePaid"];
  OpeningStockRecorded: RetailEventData["OpeningStockRecorded"];
  OpeningReceivableRecorded: RetailEventData["OpeningReceivableRecorded"];
  OpeningPayableRecorded: RetailEventData["OpeningPayableRecorded"];
  MemberCreditLimitSet: RetailEventData["MemberCreditLimitSet"];
  SaleReturned: RetailEventData["SaleReturned"];
  PurchaseReturned: RetailEventData["PurchaseReturned"];
  ShuPolicySet: ClosingEventData["ShuPolicySet"];
  IncomeTaxAccrued: ClosingEventData["IncomeTaxAccrued"];
  YearClosingEntryPosted: ClosingEventData["YearClosingEntryPosted"];
  YearClosed: ClosingEventData["YearClosed"];
  YearOpened: ClosingEventData["YearOpened"];
  YearReopened: ClosingEventData["YearReopened"];
  ShuDistributed: ClosingEventData["ShuDistributed"];
  ShuShareAllocated: ClosingEventData["ShuShareAllocated"];
  ShuPaid: ClosingEventData["ShuPaid"];
  FixedAssetAdded: FixedAssetEventData["FixedAssetAdded"];
  FixedAssetDepreciated: FixedAssetEventData["FixedAssetDepreciated"];
  FixedAssetDisposed: FixedAssetEventData["FixedAssetDisposed"];
  FixedAssetCancelled: FixedAssetEventData["FixedAssetCancelled"];
  FixedAssetImpaired: FixedAssetEventData["FixedAssetImpaired"];
  FixedAssetImpairmentReversed: FixedAssetEventData["FixedAssetImpairmentReversed"];
  BudgetSet: BudgetEventData["BudgetSet"];
  TimeDepositPlaced: TimeDepositEventData["TimeDepositPlaced"];
  TimeDepositInterestPosted: TimeDepositEventData["TimeDepositInterestPosted"];
  TimeDepositJasaAccrued: TimeDepositEventData["TimeDepositJasaAccrued"];
  TimeDepositMatured: TimeDepositEventData["TimeDepositMatured"];
  TimeDepositRolledOver: TimeDepositEventData["TimeDepositRolledOver"];
  TimeDepositInstructionSet: TimeDepositEventData["TimeDepositInstructionSet"];
  TimeDepositWithdrawn: TimeDepositEventData["TimeDepositWithdrawn"];
  TimeDepositPledged: TimeDepositEventData["TimeDepositPledged"];
  TimeDepositReleased: TimeDepositEventData["TimeDepositReleased"];
}

export type EventType = keyof EventDataByType;
export const EVENT_TYPES = [
  "BookOpened",
  "AccountAdded",
  "AccountRenamed",
  "AccountRemoved",
  "MemberRegistered",
  "MemberOpeningRecorded",
  "MemberIdentityChanged",
  "WajibPaid",
  "WajibAmountChanged",
  "SukarelaRateChanged",
  "SukarelaDeposited",
  "SukarelaWithdrawn",
  "JasaSimpananPosted",
  "MemberResigned",
  "MemberRefundPaid",
  "OpeningBalancePosted",
  "JournalPosted",
  "EntryReversed",
  "MonthClosed",
  "MonthReopened",
  "LoanProductCreated",
  "LoanDisbursed",
  "LoanRepaid",
  "LoanInterestAccrued",
  "LoanAllowanceSet",
  "LoanWrittenOff",
  "LoanRecovered",
  "LoanSettled",
  "LoanRescheduled",
  "LoanKolektibilitasSet",
  "LoanApplied",
  "LoanApproved",
  "LoanDendaRecognised",
  "ItemAdded",
  "ItemPriceSet",
  "SupplierAdded",
  "CustomerAdded",
  "StockPurchased",
  "SaleRecorded",
  "StockCounted",
  "SupplierPaid",
  "ReceivablePaid",
  "OpeningStockRecorded",
  "OpeningReceivableRecorded",
  "OpeningPayableRecorded",
  "MemberCreditLimitSet",
  "SaleReturned",
  "PurchaseReturned",
  "ShuPolicySet",
  "IncomeTaxAccrued",
  "YearClosingEntryPosted",
  "YearClosed",
  "YearOpened",
  "YearReopened",
  "ShuDistributed",
  "ShuShareAllocated",
  "ShuPaid",
  "FixedAssetAdded",
  "FixedAssetDepreciated",
  "FixedAssetDisposed",
  "FixedAssetCancelled",
  "FixedAssetImpaired",
  "FixedAssetImpairmentReversed",
  "BudgetSet",
  ...TIME_DEPOSIT_EVENT_TYPES,
] as const satisfies ReadonlyArray<EventType>;

/** The schema version of each event type's data; bump it when a type's data changes shape. */
export const EVENT_VERSION = 1;

/** What decide returns: an event before it is placed in the log. */
export type EventDraft = {
  [T in EventType]: {
    readonly type: T;
    readonly date: string;
    readonly data: EventDataByType[T];
    readonly postings: ReadonlyArray<Posting>;
  };
}[EventType];

/** An event in the log: its draft plus its place, its provenance and its hash. */
export type LedgerEvent = EventDraft & {
  readonly seq: number;
  readonly version: number;
  readonly recordedAt: string;
  /** The idempotency key of the command that produced it. */
  readonly key: string;
  readonly actor: string;
  readonly prevHash: string;
  readonly hash: string;
};

export type EventOf<T extends EventType> = Extract<LedgerEvent, { type: T }>;

/** A sub-ledger key's balance, a mutable cell so that apply updates it with one lookup. */
export interface SubledgerBalance {
  minor: bigint;
  /** On a member-kind control account: the member, so that apply reaches its savings without a second lookup. */
  member?: MemberState;
}

export interface AccountState {
  def: AccountDef;
  balanceMinor: bigint;
  postingCount: number;
}

/**
 * A member's sukarela movements, kept while their months may still earn jasa: two parallel arrays in
 * log order (a business date and the posted amount), so apply only appends.
 */
export interface SukarelaTrack {
  /**
   * The balance before the movements kept: at each month close, movements dated up to the end of the
   * month before the closed one are folded in (the closed month itself is kept, since it may reopen).
   */
  baseMinor: bigint;
  readonly dates: string[];
  /** The posted amounts themselves (a credit, which raises the balance, is negative): no new bigint per movement. */
  readonly postedMinor: bigint[];
  /** The balance now, and the latest date moved: a withdrawal dated on or after it needs no history. */
  balanceMinor: bigint;
  latestDate: string;
}

export interface MemberState {
  readonly memberNo: string;
  status: "active" | "exited";
  readonly joinedOn: string;
  identityDigest: string;
  /** Wajib paid since the book's start (an opening balance is not part of it). */
  wajibPaidMinor: bigint;
  exitedOn: string | undefined;
  readonly sukarela: SukarelaTrack;
}

export interface InterestPosted {
  grossMinor: bigint;
  taxMinor: bigint;
}

/** A book's state: the fold of its log. Apply mutates it in place. */
export interface BookState {
  config: BookConfig;
  readonly accounts: Map<string, AccountState>;
  readonly unitCodes: Set<string>;
  /** Per control account, the balance per sub-ledger key. */
  readonly subledgers: Map<string, Map<string, SubledgerBalance>>;
  readonly members: Map<string, MemberState>;
  readonly wajibSchedule: Array<{ readonly fromMonth: string; readonly amountMinor: bigint }>;
  /** The jasa rate on sukarela from each month it changed (the book's own rate from its first month). */
  readonly sukarelaRates: Array<SukarelaRateStep>;
  /** The latest closed month, if any. Every month up to it is closed. */
  closedThrough: string | undefined;
  /** The month that was reopened and not yet closed again, if any. */
  reopenedMonth: string | undefined;
  readonly interestPosted: Map<string, Map<string, InterestPosted>>;
  readonly reversedSeqs: Set<number>;
  /** Loan products and loans: the fold of the loan events. */
  readonly loans: LoanBook;
  /** The toko sembako: items, stock at cost, suppliers and customers. */
  readonly shop: Shop;
  /** The year's profit and loss per unit and party, members' capital and usage per year, closed years, the SHU policy. */
  readonly closing: ClosingState;
  /** The fixed-asset register (aset tetap): the fold of the fixed-asset events. */
  readonly assets: Map<string, FixedAssetState>;
  /** The RAPB of each book year the RAT has set one for (the latest, when revised). */
  readonly budgets: Map<string, ReadonlyArray<BudgetLine>>;
  /** Simpanan berjangka: the fold of the time-deposit events. */
  readonly deposits: Map<string, TimeDepositState>;
  seq: number;
  hash: string;
}

export const GENESIS_HASH = "0".repeat(64);

/** Limits: each a named constant, each breach its own error. */
export const LIMITS = {
  postingsPerEntryMax: 64,
  journalLinesMax: 60,
  /** Lines of a book year's budget (RAPB): an account and unit each. */
  budgetLinesMax: 400,
  commandsPerBatchMax: 10_000,
  memberNoLengthMax: 20,
  nameLengthMax: 120,
  addressLengthMax: 240,
  phoneLengthMax: 20,
  memoLengthMax: 500,
  keyLengthMax: 128,
  actorLengthMax: 64,
  accountCodeLengthMax: 12,
  unitCodeLengthMax: 12,
  membersPerBookMax: 1_000_000,
} as const;
