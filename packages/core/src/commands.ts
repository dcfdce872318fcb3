/**
 * Commands: what a caller asks the book to do, decoded from unknown input with Effect Schema.
 * Decoding checks shape, types and lengths; amounts stay text (or bigint) until decide reads them
 * at the book's scale, because the scale belongs to the book, not to the command.
 */
import * as JsonSchema from "effect/JsonSchema";
import * as Result from "effect/Result";
import * as Schema from "effect/Schema";
import * as SchemaIssue from "effect/SchemaIssue";
import { DEPRECIATION_METHODS } from "./assets/assets.js";
import { ACCOUNT_KINDS, SUBLEDGER_KINDS } from "./chart.js";
import { problemIndonesian } from "./command-problems.js";
import { isIsoDate, isIsoMonth } from "./dates.js";
import { AT_MATURITY, DEPOSIT_DAY_COUNTS } from "./deposits/deposits.js";
import { InvalidCommand } from "./errors.js";
import { DAY_COUNTS, LIMITS, PARTIES } from "./model.js";
import { ROUNDING_MODES } from "./money.js";

const text = (max: number) => Schema.String.pipe(Schema.check(Schema.isMaxLength(max)));
const nonEmpty = (max: number) => Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(max)));
const code = (max: number) =>
  Schema.String.pipe(
    Schema.check(
      Schema.isPattern(/^[A-Za-z0-9._-]+$/, { expected: "a code of letters, digits, '.', '_' or '-', without spaces" }),
      Schema.isMaxLength(max),
    ),
  );

// In JSON Schema a date's shape and format (a validator may not know the calendar: a looser check).
const IsoDate = Schema.String.pipe(
  Schema.check(
    Schema.makeFilter((s: string) => isIsoDate(s) || `expected a date YYYY-MM-DD, got ${JSON.stringify(s)}`, {
      toJsonSchema: () => [{ format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" }, true],
    }),
  ),
);
const IsoMonth = Schema.String.pipe(
  Schema.check(
    Schema.makeFilter((s: string) => isIsoMonth(s) || `expected a month YYYY-MM, got ${JSON.stringify(s)}`, {
      toJsonSchema: () => ({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$" }),
    }),
  ),
);
/** An amount in major units as text ("1250000", "Rp1.250.000,50") or minor units as a bigint. */
const AmountInput = Schema.Union([text(40), Schema.BigInt]);
const Rate = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^\d{1,3}(\.\d{1,12})?$/, { expected: "a rate as a decimal fraction, like 0.18 for 18%" })),
);
/** The sukarela's tiers (bunga berjenjang): from a balance up, a rate; at most 10, ascending. */
const SukarelaTiers = Schema.Array(Schema.Struct({ from: AmountInput, ratePerYear: Rate })).pipe(Schema.check(Schema.isMaxLength(10)));
const MemberNo = code(LIMITS.memberNoLengthMax);
const AccountCode = code(LIMITS.accountCodeLengthMax);
const UnitCode = code(LIMITS.unitCodeLengthMax);
const Memo = text(LIMITS.memoLengthMax);

const Identity = Schema.Struct({
  nik: text(32),
  name: nonEmpty(LIMITS.nameLengthMax),
  address: text(LIMITS.addressLengthMax),
  phone: Schema.optionalKey(text(LIMITS.phoneLengthMax)),
});

const command = <const T extends string, const F extends Schema.Struct.Fields>(type: T, fields: F) =>
  Schema.Struct({ type: Schema.Literal(type), key: Schema.optionalKey(nonEmpty(LIMITS.keyLengthMax)), ...fields }).annotate({
    messageUnexpectedKey: `not a field of ${type}`,
  });

export const OpenBook = command("OpenBook", {
  bookId: code(64),
  name: nonEmpty(LIMITS.nameLengthMax),
  startDate: IsoDate,
  scale: Schema.optionalKey(Schema.Literals([0, 2])),
  utcOffsetMinutes: Schema.optionalKey(Schema.Literals([420, 480, 540])),
  units: Schema.optionalKey(
    Schema.Array(Schema.Struct({ code: UnitCode, name: nonEmpty(LIMITS.nameLengthMax) })).pipe(
      Schema.check(Schema.isMinLength(1), Schema.isMaxLength(20)),
    ),
  ),
  /** The shop's costing: `moving-average` (the default) or `fifo`; fixed for the life of the book. */
  shop: Schema.optionalKey(Schema.Struct({ costing: Schema.Literals(["moving-average", "fifo"]) })),
  savings: Schema.optionalKey(
    Schema.Struct({
      pokok: Schema.optionalKey(AmountInput),
      wajibMonthly: Schema.optionalKey(AmountInput),
      unit: Schema.optionalKey(UnitCode),
      sukarela: Schema.optionalKey(
        Schema.Struct({
          minimumBalance: Schema.optionalKey(AmountInput),
          ratePerYear: Schema.optionalKey(Rate),
          tiers: Schema.optionalKey(SukarelaTiers),
          basis: Schema.optionalKey(Schema.Literals(["daily-balance", "lowest-balance"])),
          dayCount: Schema.optionalKey(Schema.Literals(DAY_COUNTS)),
          rounding: Schema.optionalKey(Schema.Literals(ROUNDING_MODES)),
        }),
      ),
      withholding: Schema.optionalKey(
        Schema.Struct({
          thresholdPerMonth: Schema.optionalKey(AmountInput),
          rate: Schema.optionalKey(Rate),
          rounding: Schema.optionalKey(Schema.Literals(ROUNDING_MODES)),
        }),
      ),
    }),
  ),
});

export const AddAccount = command("AddAccount", {
  code: AccountCode,
  name: nonEmpty(LIMITS.nameLengthMax),
  kind: Schema.Literals(ACCOUNT_KINDS),
  normalSide: Schema.optionalKey(Schema.Literals(["debit", "credit"])),
  subledger: Schema.optionalKey(Schema.Literals(SUBLEDGER_KINDS)),
});
export const RenameAccount = command("RenameAccount", { code: AccountCode, name: nonEmpty(LIMITS.nameLengthMax) });
export const RemoveAccount = command("RemoveAccount", { code: AccountCode });

const via = { via: Schema.optionalKey(AccountCode) };

export const RegisterMember = command("RegisterMember", { memberNo: MemberNo, date: IsoDate, identity: Identity, ...via });
export const RecordOpeningMember = command("RecordOpeningMember", {
  memberNo: MemberNo,
  date: IsoDate,
  joinedOn: IsoDate,
  identity: Identity,
  pokok: AmountInput,
  wajib: AmountInput,
  sukarela: AmountInput,
});
export const UpdateMemberIdentity = command("UpdateMemberIdentity", { memberNo: MemberNo, date: IsoDate, identity: Identity });
export const PayWajib = command("PayWajib", { memberNo: MemberNo, date: IsoDate, amount: AmountInput, ...via });
export const ChangeWajibAmount = command("ChangeWajibAmount", { date: IsoDate, fromMonth: IsoMonth, amount: AmountInput });
/**
 * The jasa rate on sukarela from a month on (as the pengurus or the RAT decided), until changed again:
 * a base rate, and tiers above it if any (a change without tiers ends the tiers).
 */
export const ChangeSukarelaRate = command("ChangeSukarelaRate", {
  date: IsoDate,
  fromMonth: IsoMonth,
  ratePerYear: Rate,
  tiers: Schema.optionalKey(SukarelaTiers),
});
export const DepositSukarela = command("DepositSukarela", { memberNo: MemberNo, date: IsoDate, amount: AmountInput, ...via });
export const WithdrawSukarela = command("WithdrawSukarela", { memberNo: MemberNo, date: IsoDate, amount: AmountInput, ...via });
export const ResignMember = command("ResignMember", { memberNo: MemberNo, date: IsoDate });
export const PayMemberRefund = command("PayMemberRefund", { memberNo: MemberNo, date: IsoDate, ...via });

const JournalLine = Schema.Struct({
  account: AccountCode,
  debit: Schema.optionalKey(AmountInput),
  credit: Schema.optionalKey(AmountInput),
  unit: Schema.optionalKey(UnitCode),
  party: Schema.optionalKey(Schema.Literals(PARTIES)),
});
const JournalLines = Schema.Array(JournalLine).pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(LIMITS.journalLinesMax)));

export const RecordOpeningBalances = command("RecordOpeningBalances", { date: IsoDate, memo: Memo, lines: JournalLines });
export const PostJournal = command("PostJournal", { date: IsoDate, memo: Memo, lines: JournalLines });
export const ReverseEntry = command("ReverseEntry", {
  seq: Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isGreaterThan(0))),
  date: IsoDate,
  reason: nonEmpty(LIMITS.memoLengthMax),
});
const Fraction = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^(0(\.\d{1,12})?|1(\.0{1,12})?)$/, { expected: "a fraction from 0 to 1, like 0.025 for 2.5%" })),
);
const LoanCode = code(LIMITS.accountCodeLengthMax * 2);

export const CreateLoanProduct = command("CreateLoanProduct", {
  code: LoanCode,
  name: nonEmpty(LIMITS.nameLengthMax),
  method: Schema.Literals(["flat", "menurun", "anuitas"]),
  ratePerYear: Schema.optionalKey(Rate),
  ratePerMonth: Schema.optionalKey(Rate),
  dayCount: Schema.optionalKey(Schema.Literals(DAY_COUNTS)),
  frequency: Schema.optionalKey(
    Schema.Struct({
      unit: Schema.Literals(["month", "week"]),
      every: Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 12 }))),
    }),
  ),
  termMin: Schema.optionalKey(Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 600 })))),
  termMax: Schema.optionalKey(Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 600 })))),
  provisiRate: Schema.optionalKey(Fraction),
  adminFee: Schema.optionalKey(AmountInput),
  instalmentMultiple: Schema.optionalKey(AmountInput),
  instalmentRounding: Schema.optionalKey(Schema.Literals(["nearest", "up"])),
  penaltyRatePerDay: Schema.optionalKey(Fraction),
  graceDays: Schema.optionalKey(Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 90 })))),
  overpayment: Schema.optionalKey(Schema.Literals(["reject", "sukarela"])),
  prepayment: Schema.optionalKey(Schema.Literals(["waive-future-interest", "full-interest"])),
  savingsDeductionRate: Schema.optionalKey(Fraction),
  penaltyMode: Schema.optionalKey(Schema.Literals(["per-day", "per-month", "fixed"])),
  penaltyRatePerMonth: Schema.optionalKey(Fraction),
  penaltyFixed: Schema.optionalKey(AmountInput),
  allocationOrder: Schema.optionalKey(Schema.Array(Schema.Literals(["denda", "jasa", "pokok"]))),
  requiresApproval: Schema.optionalKey(Schema.Boolean),
  savingsMultipleMax: Schema.optionalKey(Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 100 })))),
});
export const DisburseLoan = command("DisburseLoan", {
  loanId: LoanCode,
  memberNo: MemberNo,
  product: LoanCode,
  principal: AmountInput,
  instalments: Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 600 }))),
  date: IsoDate,
  /** A cash account, or "sukarela" to credit the member's sukarela. */
  via: Schema.optionalKey(Schema.Union([AccountCode, Schema.Literal("sukarela")])),
  /** Collateral that counts against the allowance if the loan stops performing. */
  eligibleCollateral: Schema.optionalKey(AmountInput),
  /** The borrower is a pengurus or pengawas: the related-party cap applies (10% of own capital). */
  relatedParty: Schema.optionalKey(Schema.Boolean),
});
/** A member's application for a loan, decided later by ApproveLoan. */
export const ApplyLoan = command("ApplyLoan", {
  loanId: LoanCode,
  memberNo: MemberNo,
  product: LoanCode,
  principal: AmountInput,
  instalments: Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 600 }))),
  date: IsoDate,
});
export const ApproveLoan = command("ApproveLoan", {
  loanId: LoanCode,
  date: IsoDate,
  approvedBy: nonEmpty(LIMITS.actorLengthMax),
  note: text(LIMITS.memoLengthMax),
});
/** A loan that predates the book, among the opening balances: its remaining schedule as migrated. */
export const RecordOpeningLoan = command("RecordOpeningLoan", {
  loanId: LoanCode,
  memberNo: MemberNo,
  product: LoanCode,
  date: IsoDate,
  disbursedOn: IsoDate,
  schedule: Schema.Array(Schema.Struct({ dueDate: IsoDate, principal: AmountInput, interest: AmountInput })).pipe(
    Schema.check(Schema.isMinLength(1), Schema.isMaxLength(600)),
  ),
  eligibleCollateral: Schema.optionalKey(AmountInput),
});
export const WriteOffLoan = command("WriteOffLoan", { loanId: LoanCode, date: IsoDate, reason: nonEmpty(LIMITS.memoLengthMax) });
/** Where a loan payment comes from: cash or bank (`via`, Kas by default), or with `from: "sukarela"` the borrower's sukarela. */
const paymentSource = { from: Schema.optionalKey(Schema.Literals(["cash", "sukarela"])), ...via };
export const RecoverLoan = command("RecoverLoan", { loanId: LoanCode, amount: AmountInput, date: IsoDate, ...paymentSource });
export const RepayLoan = command("RepayLoan", { loanId: LoanCode, amount: AmountInput, date: IsoDate, ...paymentSource });
/** The book's kolektibilitas classes, from the best to the worst; the last is open-ended. */
export const SetKolektibilitas = command("SetKolektibilitas", {
  classes: Schema.Array(
    Schema.Struct({
      code: code(8),
      name: nonEmpty(LIMITS.nameLengthMax),
      maxDaysPastDue: Schema.optionalKey(Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 3650 })))),
      allowanceRate: Fraction,
      netOfCollateral: Schema.Boolean,
      problemWeight: Fraction,
      performing: Schema.Boolean,
    }),
  ).pipe(Schema.check(Schema.isMinLength(2), Schema.isMaxLength(10))),
});
/** Rescheduling: the remaining principal over new instalments from the date; arrears stay owed as they are. */
export const RescheduleLoan = command("RescheduleLoan", {
  loanId: LoanCode,
  date: IsoDate,
  instalments: Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 600 }))),
  reason: nonEmpty(LIMITS.memoLengthMax),
});
/** Early settlement (pelunasan dipercepat): pays off the loan under the product's prepayment policy. */
export const SettleLoan = command("SettleLoan", { loanId: LoanCode, date: IsoDate, ...paymentSource });

// ---------- toko sembako ----------

const ItemCode = code(LIMITS.accountCodeLengthMax * 2);
const QuantityText = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^\d{1,12}(\.\d{1,6})?$/, { expected: "a quantity like 12 or 12.5 (a dot before at most 6 decimals)" })),
);

export const AddItem = command("AddItem", {
  code: ItemCode,
  name: nonEmpty(LIMITS.nameLengthMax),
  unit: nonEmpty(16),
  quantityScale: Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 3 }))),
  price: AmountInput,
  memberPrice: Schema.optionalKey(AmountInput),
  priceFrom: Schema.optionalKey(IsoDate),
});
export const SetItemPrice = command("SetItemPrice", {
  code: ItemCode,
  from: IsoDate,
  price: AmountInput,
  memberPrice: Schema.optionalKey(AmountInput),
});
export const AddSupplier = command("AddSupplier", { code: ItemCode, name: nonEmpty(LIMITS.nameLengthMax) });
export const AddCustomer = command("AddCustomer", {
  code: ItemCode,
  name: nonEmpty(LIMITS.nameLengthMax),
  kind: Schema.Literals(["institutional", "walk-in"]),
  creditLimit: Schema.optionalKey(AmountInput),
});
export const PurchaseStock = command("PurchaseStock", {
  purchaseId: ItemCode,
  supplier: ItemCode,
  date: IsoDate,
  payment: Schema.Literals(["cash", "credit"]),
  ...via,
  /** Each line's quantity and its total cost. */
  lines: Schema.Array(Schema.Struct({ item: ItemCode, quantity: QuantityText, cost: AmountInput })).pipe(
    Schema.check(Schema.isMinLength(1), Schema.isMaxLength(LIMITS.journalLinesMax)),
  ),
});
export const RecordSale = command("RecordSale", {
  saleId: ItemCode,
  date: IsoDate,
  /** A member (their number), a customer (their code), or neither for a walk-in buyer. */
  memberNo: Schema.optionalKey(MemberNo),
  customer: Schema.optionalKey(ItemCode),
  payment: Schema.Literals(["cash", "credit", "sukarela"]),
  lines: Schema.Array(
    Schema.Struct({
      item: ItemCode,
      quantity: QuantityText,
      unitPrice: Schema.optionalKey(AmountInput),
      discount: Schema.optionalKey(AmountInput),
    }),
  ).pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(LIMITS.journalLinesMax))),
});
export const CountStock = command("CountStock", { item: ItemCode, date: IsoDate, counted: QuantityText });
export const PaySupplier = command("PaySupplier", { supplier: ItemCode, date: IsoDate, amount: AmountInput, ...via });
/** A buyer pays what they owe the shop: a member (their number) or a customer (their code). */
export const ReceivePayment = command("ReceivePayment", {
  memberNo: Schema.optionalKey(MemberNo),
  customer: Schema.optionalKey(ItemCode),
  date: IsoDate,
  amount: AmountInput,
  ...via,
});
export const RecordOpeningStock = command("RecordOpeningStock", {
  item: ItemCode,
  date: IsoDate,
  quantity: QuantityText,
  value: AmountInput,
});
export const RecordOpeningReceivable = command("RecordOpeningReceivable", {
  memberNo: Schema.optionalKey(MemberNo),
  customer: Schema.optionalKey(ItemCode),
  date: IsoDate,
  amount: AmountInput,
});
/** Goods sent back to the supplier: credited against Utang Usaha (a credit purchase) or refunded in cash (a cash purchase). */
export const ReturnPurchase = command("ReturnPurchase", {
  returnId: ItemCode,
  purchaseId: ItemCode,
  date: IsoDate,
  lines: Schema.Array(Schema.Struct({ item: ItemCode, quantity: QuantityText })).pipe(
    Schema.check(Schema.isMinLength(1), Schema.isMaxLength(LIMITS.journalLinesMax)),
  ),
  ...via,
});
/** Goods brought back from a sale: refunded the way the sale was paid (a credit sale reduces the receivable first, then cash). */
export const ReturnSale = command("ReturnSale", {
  returnId: ItemCode,
  saleId: ItemCode,
  date: IsoDate,
  lines: Schema.Array(Schema.Struct({ item: ItemCode, quantity: QuantityText })).pipe(
    Schema.check(Schema.isMinLength(1), Schema.isMaxLength(LIMITS.journalLinesMax)),
  ),
  ...via,
});
/** The shop credit a member may owe at most (0 ends buying on credit); set by the pengurus. */
export const SetMemberCreditLimit = command("SetMemberCreditLimit", { memberNo: MemberNo, date: IsoDate, limit: AmountInput });
export const RecordOpeningPayable = command("RecordOpeningPayable", { supplier: ItemCode, date: IsoDate, amount: AmountInput });

const Percent = Schema.String.pipe(Schema.check(Schema.isPattern(/^\d{1,3}(\.\d{1,2})?$/, { expected: "a percent like 25 or 12.5" })));
/** The AD/ART's SHU rules; every field left out keeps its default (docs/shu.md). */
export const SetShuPolicy = command("SetShuPolicy", {
  date: IsoDate,
  allocation: Schema.optionalKey(
    Schema.Struct({
      cadangan: Schema.optionalKey(Percent),
      jasaModal: Schema.optionalKey(Percent),
      jasaUsaha: Schema.optionalKey(Percent),
      pengurus: Schema.optionalKey(Percent),
      karyawan: Schema.optionalKey(Percent),
      pendidikan: Schema.optionalKey(Percent),
      sosial: Schema.optionalKey(Percent),
      pembangunanDaerahKerja: Schema.optionalKey(Percent),
    }),
  ),
  nonMember: Schema.optionalKey(Schema.Literals(["cadangan", "funds"])),
  capital: Schema.optionalKey(
    Schema.Struct({
      includeSukarela: Schema.optionalKey(Schema.Boolean),
      measure: Schema.optionalKey(Schema.Literals(["year-end", "average"])),
    }),
  ),
  usage: Schema.optionalKey(
    Schema.Array(Schema.Struct({ measure: Schema.Literals(["loan-interest", "shop-purchases"]), weight: Percent })).pipe(
      Schema.check(Schema.isMinLength(1), Schema.isMaxLength(2)),
    ),
  ),
  withholdingPercent: Schema.optionalKey(Percent),
  incomeTax: Schema.optionalKey(Schema.Struct({ basis: Schema.Literals(["none", "profit", "turnover"]), percent: Percent })),
});
const Year = Schema.String.pipe(Schema.check(Schema.isPattern(/^\d{4}$/, { expected: "a year YYYY" })));
/** The RAT's decision: share the closed year's SHU by the book's policy, dated on the RAT. */
export const DistributeShu = command("DistributeShu", {
  year: Year,
  date: IsoDate,
  /** `hold` keeps each share in Utang SHU Anggota until paid (PayShu); `sukarela` credits it to the member's sukarela. */
  payout: Schema.optionalKey(Schema.Literals(["hold", "sukarela"])),
});
/** Pays a member the SHU held for them (all of it unless an amount is given). */
export const PayShu = command("PayShu", { memberNo: MemberNo, date: IsoDate, amount: Schema.optionalKey(AmountInput), ...via });

export const CloseMonth = command("CloseMonth", { month: IsoMonth });
export const ReopenMonth = command("ReopenMonth", { month: IsoMonth, reason: nonEmpty(LIMITS.memoLengthMax) });

/** The RAPB of a book year as the RAT approved it (or revised it): the year's whole budget, replacing any before. */
export const SetBudget = command("SetBudget", {
  year: Schema.String.pipe(Schema.check(Schema.isPattern(/^\d{4}$/, { expected: "a year like 2027" }))),
  date: IsoDate,
  memo: Memo,
  lines: Schema.Array(Schema.Struct({ account: AccountCode, unit: Schema.optionalKey(UnitCode), amount: AmountInput })).pipe(
    Schema.check(Schema.isMinLength(1), Schema.isMaxLength(LIMITS.budgetLinesMax)),
  ),
});

const AssetCode = code(LIMITS.accountCodeLengthMax * 2);
const Months = Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 600 })));

/** A fixed asset bought during the book, paid from a cash or bank account (`via`, Kas by default). */
export const AddFixedAsset = command("AddFixedAsset", {
  assetId: AssetCode,
  name: nonEmpty(LIMITS.nameLengthMax),
  unit: Schema.optionalKey(UnitCode),
  date: IsoDate,
  cost: AmountInput,
  residual: Schema.optionalKey(AmountInput),
  lifeMonths: Months,
  /** `garis-lurus` (straight line, the default) or `saldo-menurun` (declining balance at twice its rate). */
  method: Schema.optionalKey(Schema.Literals(DEPRECIATION_METHODS)),
  ...via,
});
/** A fixed asset the koperasi had when the book started, with its depreciation so far. */
export const RecordOpeningFixedAsset = command("RecordOpeningFixedAsset", {
  assetId: AssetCode,
  name: nonEmpty(LIMITS.nameLengthMax),
  unit: Schema.optionalKey(UnitCode),
  date: IsoDate,
  acquiredOn: IsoDate,
  cost: AmountInput,
  residual: Schema.optionalKey(AmountInput),
  accumulated: AmountInput,
  remainingMonths: Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 600 }))),
  method: Schema.optionalKey(Schema.Literals(DEPRECIATION_METHODS)),
  /** The whole useful life, which sets a declining balance's rate (needed with `saldo-menurun`). */
  lifeMonths: Schema.optionalKey(Months),
});
/** A fixed asset entered by mistake, taken out before its first month's depreciation (its acquisition reversed). */
export const CancelFixedAsset = command("CancelFixedAsset", {
  assetId: AssetCode,
  date: IsoDate,
  reason: nonEmpty(LIMITS.memoLengthMax),
});
/**
 * A fixed asset's book value brought down to its recoverable amount (penurunan nilai, SAK EP Bab 27):
 * the loss charged to Beban Penyusutan, or the expense `account` given, and the rest of its schedule
 * re-spread over the months not yet posted.
 */
export const ImpairFixedAsset = command("ImpairFixedAsset", {
  assetId: AssetCode,
  date: IsoDate,
  /** The recoverable amount (nilai terpulihkan): the book value after the loss; zero or more. */
  recoverable: AmountInput,
  reason: nonEmpty(LIMITS.memoLengthMax),
  account: Schema.optionalKey(AccountCode),
});
/**
 * An impairment loss reversed when the asset's recoverable amount has risen again (pemulihan rugi
 * penurunan nilai, SAK EP 27.30): the book value raised towards the recoverable amount, never above
 * the book value it would have had with no impairment; credited to Pendapatan Lain-lain, or the
 * income or expense `account` given.
 */
export const ReverseFixedAssetImpairment = command("ReverseFixedAssetImpairment", {
  assetId: AssetCode,
  date: IsoDate,
  /** The recoverable amount now (nilai terpulihkan): above the book value. */
  recoverable: AmountInput,
  reason: nonEmpty(LIMITS.memoLengthMax),
  account: Schema.optionalKey(AccountCode),
});
/** A fixed asset sold or scrapped: its cost and depreciation leave the books, the difference is a gain or loss. */
export const DisposeFixedAsset = command("DisposeFixedAsset", {
  assetId: AssetCode,
  date: IsoDate,
  proceeds: Schema.optionalKey(AmountInput),
  ...via,
});

const DepositCode = code(LIMITS.accountCodeLengthMax * 2);
const DepositMonths = Schema.Number.pipe(Schema.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 120 })));
const DepositTerms = {
  depositId: DepositCode,
  memberNo: MemberNo,
  date: IsoDate,
  amount: AmountInput,
  termMonths: DepositMonths,
  ratePerYear: Fraction,
  dayCount: Schema.optionalKey(Schema.Literals(DEPOSIT_DAY_COUNTS)),
  atMaturity: Schema.optionalKey(Schema.Literals(AT_MATURITY)),
};
/** Simpanan berjangka placed: from cash or bank (`via`, Kas by default), or moved from the member's sukarela. */
export const PlaceTimeDeposit = command("PlaceTimeDeposit", {
  ...DepositTerms,
  from: Schema.optionalKey(Schema.Literals(["cash", "sukarela"])),
  ...via,
});
/** A time deposit the member held when the book started, in its current term (`placedOn` is that term's first day). */
export const RecordOpeningTimeDeposit = command("RecordOpeningTimeDeposit", { ...DepositTerms, placedOn: IsoDate });
/**
 * The member's instruction for maturity: into sukarela, or roll over, for the same length or
 * `rolloverTermMonths`, at the same rate or `rolloverRate` (these two only with a rollover). It
 * replaces any earlier instruction.
 */
export const SetTimeDepositInstruction = command("SetTimeDepositInstruction", {
  depositId: DepositCode,
  date: IsoDate,
  atMaturity: Schema.Literals(AT_MATURITY),
  rolloverRate: Schema.optionalKey(Fraction),
  rolloverTermMonths: Schema.optionalKey(DepositMonths),
});
/** A deposit pledged as collateral (agunan) for a loan of the same member still owed. */
export const PledgeTimeDeposit = command("PledgeTimeDeposit", { depositId: DepositCode, loanId: LoanCode, date: IsoDate });
/** A pledge ended by the pengurus before the loan is paid off (a loan paid off releases its deposits by itself). */
export const ReleaseTimeDeposit = command("ReleaseTimeDeposit", {
  depositId: DepositCode,
  date: IsoDate,
  reason: nonEmpty(LIMITS.nameLengthMax),
});
/** The principal taken out, before maturity (with a penalty, if the AD/ART sets one) or on or after it. */
export const WithdrawTimeDeposit = command("WithdrawTimeDeposit", {
  depositId: DepositCode,
  date: IsoDate,
  penalty: Schema.optionalKey(AmountInput),
  to: Schema.optionalKey(Schema.Literals(["cash", "sukarela"])),
  ...via,
});

export const Command = Schema.Union([
  OpenBook,
  AddAccount,
  RenameAccount,
  RemoveAccount,
  RegisterMember,
  RecordOpeningMember,
  UpdateMemberIdentity,
  PayWajib,
  ChangeWajibAmount,
  ChangeSukarelaRate,
  DepositSukarela,
  WithdrawSukarela,
  ResignMember,
  PayMemberRefund,
  RecordOpeningBalances,
  PostJournal,
  ReverseEntry,
  CloseMonth,
  ReopenMonth,
  SetShuPolicy,
  DistributeShu,
  PayShu,
  CreateLoanProduct,
  DisburseLoan,
  RecordOpeningLoan,
  SetKolektibilitas,
  ApplyLoan,
  ApproveLoan,
  AddItem,
  SetItemPrice,
  AddSupplier,
  AddCustomer,
  PurchaseStock,
  RecordSale,
  CountStock,
  PaySupplier,
  ReceivePayment,
  RecordOpeningStock,
  RecordOpeningReceivable,
  RecordOpeningPayable,
  SetMemberCreditLimit,
  ReturnSale,
  ReturnPurchase,
  RepayLoan,
  SettleLoan,
  RescheduleLoan,
  WriteOffLoan,
  RecoverLoan,
  AddFixedAsset,
  RecordOpeningFixedAsset,
  DisposeFixedAsset,
  CancelFixedAsset,
  ImpairFixedAsset,
  ReverseFixedAssetImpairment,
  SetBudget,
  PlaceTimeDeposit,
  RecordOpeningTimeDeposit,
  SetTimeDepositInstruction,
  WithdrawTimeDeposit,
  PledgeTimeDeposit,
  ReleaseTimeDeposit,
]);
export type Command = typeof Command.Type;
export type CommandType = Command["type"];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** The strict decoder: unknown fields are errors, and every problem is reported. */
const strictDecoder = Schema.decodeUnknownResult(Command, { onExcessProperty: "error", errors: "all" });
/**
 * The fast path: one decoder per command type, picked by `type` (so decoding does not try every member
 * of the union), which drops unknown fields instead of rejecting them; {@link sameKeys} then notices
 * any dropped field and the strict decoder says what it was.
 */
const decoderByType = new Map<string, (input: unknown) => Result.Result<Command, Schema.SchemaError>>(
  Command.members.map((member) => [member.fields.type.literal, Schema.decodeUnknownResult(member)]),
);

/** True when the decoded value kept every key of the input, at every depth. */
const sameKeys = (input: unknown, decoded: unknown): boolean => {
  if (typeof input !== "object" || input === null || typeof decoded !== "object" || decoded === null) return true;
  if (Array.isArray(input)) {
    if (!Array.isArray(decoded) || decoded.length !== input.length) return false;
    for (let i = 0; i < input.length; i++) if (!sameKeys(input[i], decoded[i])) return false;
    return true;
  }
  let inputKeys = 0;
  for (const key in input) {
    inputKeys += 1;
    if (!Object.hasOwn(decoded, key)) return false;
    if (!sameKeys((input as Record<string, unknown>)[key], (decoded as Record<string, unknown>)[key])) return false;
  }
  let decodedKeys = 0;
  for (const _key in decoded) decodedKeys += 1;
  return inputKeys === decodedKeys;
};

const toProblems = SchemaIssue.makeFormatterStandardSchemaV1();

/** Decodes a command from unknown input, or says every way it is malformed. */
export const decodeCommand = (input: unknown): Result.Result<Command, InvalidCommand> => {
  const isObject = typeof input === "object" && input !== null && !Array.isArray(input);
  const type = isObject ? (input as { type?: unknown }).type : undefined;
  const decoder = typeof type === "string" ? decoderByType.get(type) : undefined;
  if (decoder === undefined) {
    // Said plainly rather than as every member of the union the input is not.
    const issues = !isObject
      ? "a command is an object with a type"
      : type === undefined
        ? "the command has no type"
        : `unknown command type ${JSON.stringify(type)}`;
    return Result.fail(
      new InvalidCommand({
        issues,
        problems: [{ path: isObject ? ["type"] : [], message: issues, messageId: problemIndonesian(issues) }],
      }),
    );
  }
  const fast = decoder(input);
  if (Result.isSuccess(fast) && sameKeys(input, fast.success)) return Result.succeed(fast.success);
  const result = strictDecoder(input);
  if (Result.isSuccess(result)) return Result.succeed(result.success);
  const problems = toProblems(result.failure.issue).issues.map((i) => ({
    path: (i.path ?? []).map((key) => (typeof key === "number" ? key : String(key))),
    message: i.message,
    messageId: problemIndonesian(i.message),
  }));
  return Result.fail(new InvalidCommand({ issues: result.failure.message, problems }));
};

let commandSchema: JsonSchema.JsonSchema | undefined;
/**
 * Every command as a JSON Schema (draft 2020-12, with its `$schema`): an `anyOf` of one object per
 * command type, for an app written in another language, a form builder or an API gateway to check a
 * command before it is sent. It is a first check only: dates are checked for their shape, not the
 * calendar, and the engine's own decoding (and then the book) decides.
 */
export const commandJsonSchema = (): JsonSchema.JsonSchema => {
  if (commandSchema === undefined) {
    const document = Schema.toJsonSchemaDocument(Command, { generateDescriptions: true });
    commandSchema = {
      $schema: JsonSchema.META_SCHEMA_URI_DRAFT_2020_12,
      ...document.schema,
      ...(Object.keys(document.definitions).length === 0 ? {} : { $defs: document.definitions }),
    };
  }
  return commandSchema;
};
