import { createHash } from "node:crypto";
import { Effect, Exit } from "effect";
import { expect } from "vitest";
import { type CommandOutcome, type Executor, makeExecutor } from "../src/executor.js";
import { decodeFolded, emptyFolded, encodeFolded, FOLDED_EVENT_TYPES, foldEvent } from "../src/folded.js";
import { DEFAULT_KOLEKTIBILITAS } from "../src/loans/kolektibilitas.js";
import { type MemoryStore, makeMemoryStore } from "../src/memory-store.js";
import type { BookConfig, LedgerEvent } from "../src/model.js";
import { stateDifference } from "../src/verify.js";

/** A clock the test moves by hand: time in tests never comes from the wall. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current.getTime());
  /** Sets the clock to noon WIB of a business date. */
  setDate(date: string): void {
    this.current = new Date(`${date}T05:00:00.000Z`);
  }
}

/** Deterministic "randomness" for salts and keys. */
export const seededHex = (seed = "lumbung") => {
  let counter = 0;
  return (bytes: number): string =>
    createHash("sha256")
      .update(`${seed}:${counter++}`)
      .digest("hex")
      .slice(0, bytes * 2);
};

export interface TestBook {
  readonly store: MemoryStore;
  readonly executor: Executor;
  readonly clock: TestClock;
  readonly bookId: string;
  run(command: unknown): Promise<CommandOutcome>;
  batch(commands: unknown[]): Promise<CommandOutcome[]>;
  /** Runs a command expected to be rejected; returns the rejection's reason tag and the error. */
  reject(command: unknown): Promise<{ tag: string; error: unknown }>;
  events(): LedgerEvent[];
}

export const VALID_NIKS = [
  "3275011203900001",
  "3275015507850002",
  "3275012001000003",
  "3275014112990004",
  "3275010101700005",
  "3275013108880006",
  "3275012902000007",
  "3275016902960008",
];

/** A NIK that passes the rule, different for each n. */
export const nikFor = (n: number): string => {
  const day = String((n % 28) + 1).padStart(2, "0");
  const month = String(((n >> 5) % 12) + 1).padStart(2, "0");
  const serial = String((n % 9999) + 1).padStart(4, "0");
  const district = String(10 + ((n >> 9) % 90)).padStart(2, "0");
  return `3275${district}${day}${month}90${serial}`;
};

export const makeTestBook = async (
  options: { startDate?: string; today?: string; savings?: unknown; scale?: 0 | 2; shop?: unknown } = {},
): Promise<TestBook> => {
  const store = makeMemoryStore();
  const clock = new TestClock(new Date());
  clock.setDate(options.today ?? "2026-01-15");
  const executor = makeExecutor({ store, clock, randomHex: seededHex() });
  const bookId = "kop-test";
  const runAll = (commands: unknown[]) => Effect.runPromise(executor.execute(bookId, commands, { actor: "test" }));
  const book: TestBook = {
    store,
    executor,
    clock,
    bookId,
    run: async (command) => (await runAll([command]))[0] as CommandOutcome,
    batch: runAll,
    reject: async (command) => {
      const exit = await Effect.runPromiseExit(executor.execute(bookId, [command], { actor: "test" }));
      if (Exit.isSuccess(exit))
        throw new Error(`expected a rejection, got ${JSON.stringify(exit.value.map((o) => o.events.map((e) => e.type)))}`);
      const error = exit.cause.reasons[0];
      const failure = error !== undefined && "error" in error ? (error.error as { _tag: string; reason?: { _tag: string } }) : undefined;
      if (failure === undefined) throw new Error(`expected a typed failure, got ${String(exit.cause)}`);
      expectBothLanguages(failure);
      return { tag: failure.reason?._tag ?? failure._tag, error: failure };
    },
    events: () => [...store.rawEvents(bookId)],
  };
  await book.run({
    type: "OpenBook",
    bookId,
    name: "Koperasi Uji",
    startDate: options.startDate ?? "2026-01-01",
    ...(options.scale === undefined ? {} : { scale: options.scale }),
    ...(options.savings === undefined ? {} : { savings: options.savings }),
    ...(options.shop === undefined ? {} : { shop: options.shop }),
  });
  return book;
};

/** Words of Bahasa Indonesia that an English message has no business holding (names and account titles are capitalised). */
const INDONESIAN_WORDS =
  /\b(sudah|belum|tidak|dengan|sebelum|sesudah|setelah|melebihi|harus|diminta|dibayar|dijual|dibeli|diretur|ditutup|dilepas|dicatat|berikutnya|paling|yang|atau|untuk|bukan|hanya|masih|tanggal|ada|sisa|pinjaman|bulan|tahun|akun|anggota|barang|lebih|dari|sampai|saldo|perintah|ditolak|adalah|aset|kewajiban|ekuitas|pendapatan|beban|angsuran|agunan|pelanggan|pemasok|jatuh|tempo|dicairkan|penalti|kelas)\b/;

/**
 * A rejection says what is wrong in both languages: its English message holds no Indonesian words,
 * and a detail said in both languages appears in each message in its own language.
 */
export const expectBothLanguages = (failure: unknown): void => {
  const outer = failure as {
    message: string;
    messageEn?: string;
    reason?: { message: string; messageEn?: string; detail?: string; detailEn?: string };
  };
  const rejection = outer.reason ?? outer;
  const tag = (rejection as { _tag?: string })._tag;
  if (typeof rejection.messageEn !== "string") throw new Error(`${tag} has no English message`);
  // Quoted values ("saldo-menurun") are the command's own words.
  const found = INDONESIAN_WORDS.exec(rejection.messageEn.replace(/"[^"]*"/g, '""'));
  if (found !== null) throw new Error(`${tag}'s English message holds the Indonesian word "${found[1]}": ${rejection.messageEn}`);
  if ("detail" in rejection && rejection.detailEn !== undefined) {
    if (!rejection.message.includes(rejection.detail as string)) throw new Error(`${tag}'s message lacks its detail: ${rejection.message}`);
    if (!rejection.messageEn.includes(rejection.detailEn))
      throw new Error(`${tag}'s English message lacks its detail: ${rejection.messageEn}`);
  }
};

export const identity = (n: number) => ({ nik: nikFor(n), name: `Anggota ${n}`, address: `Jl. Raya Jatisampurna No. ${n}` });

/**
 * Runs one command of a property's random steps: accepted, or refused with a typed rejection (never
 * a crash) that writes nothing.
 */
export const runAcceptedOrRefused = async (book: TestBook, command: unknown): Promise<void> => {
  const before = book.events().length;
  const exit = await Effect.runPromiseExit(book.executor.execute(book.bookId, [command], { actor: "test" }));
  if (Exit.isFailure(exit)) {
    const reason = exit.cause.reasons[0];
    expect(reason !== undefined && "error" in reason, String(exit.cause)).toBe(true);
    expect(book.events().length).toBe(before);
  }
};

/** A canonical picture of a state, to show that a rejected command left it exactly as it was. */
export const snapshot = (state: unknown): string =>
  JSON.stringify(state, (_key, value) => {
    if (typeof value === "bigint") return `${value}n`;
    if (value instanceof Map) return [...value.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    if (value instanceof Set) return [...value].sort();
    return value;
  });

/** Balance of an account in a state (debit positive). */
export const balanceOf = (state: { accounts: Map<string, { balanceMinor: bigint }> }, code: string): bigint =>
  state.accounts.get(code)?.balanceMinor ?? 0n;

/**
 * The rest of a 2026 book that has closed January and February: an income-tax policy, member income,
 * every month to December closed, December reopened for an auditor's correction and closed again,
 * the RAT's SHU in January 2027 and one payout. `run` runs one command; `setToday` moves the clock.
 * Shared by the audit test and the stores' conformance scenario, so both hold every closing event.
 */
export const closeTheYear = async (run: (command: unknown) => Promise<unknown>, setToday: (date: string) => void): Promise<void> => {
  setToday("2027-01-20");
  await run({ type: "SetShuPolicy", date: "2026-03-08", incomeTax: { basis: "profit", percent: "10" }, withholdingPercent: "10" });
  await run({
    type: "PostJournal",
    date: "2026-03-08",
    memo: "Jasa lain dari anggota",
    lines: [
      { account: "1101", debit: "5000000" },
      { account: "4901", credit: "5000000", party: "anggota" },
    ],
  });
  for (let m = 3; m <= 12; m++) await run({ type: "CloseMonth", month: `2026-${String(m).padStart(2, "0")}` });
  await run({ type: "ReopenMonth", month: "2026-12", reason: "koreksi auditor" });
  await run({ type: "CloseMonth", month: "2026-12" });
  await run({ type: "DepositSukarela", memberNo: "A002", date: "2027-01-05", amount: "70000" });
  await run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
  await run({ type: "PayShu", memberNo: "A002", date: "2027-01-16", amount: "1000" });
  await run({
    type: "PostJournal",
    date: "2027-01-17",
    memo: "Sewa lapak Januari",
    lines: [
      { account: "1101", debit: "150000", unit: "TOKO" },
      { account: "4901", credit: "150000", unit: "TOKO", party: "nonanggota" },
    ],
  });
};

/**
 * After OpenBook (start 2026-01-01, sukarela at 4% a year) with today 2026-03-10: a log that holds
 * every event type up to the year close (accounts, members, savings, journals, reversals, loans of
 * every kind, the shop with returns, month closes and a reopening). Shared by the audit test and the
 * stores' conformance scenario; `closeTheYear` brings the rest.
 */
export const everyEventType = async (run: (command: unknown) => Promise<CommandOutcome>): Promise<void> => {
  const A = { kas: "1101", bebanAtk: "5304", hibah: "3301" };
  await run({ type: "AddAccount", code: "5399", name: "Beban Rapat", kind: "beban" });
  await run({ type: "AddAccount", code: "5398", name: "Beban Sementara", kind: "beban" });
  await run({ type: "RenameAccount", code: "5399", name: "Beban Rapat Anggota" });
  await run({ type: "RemoveAccount", code: "5398" });
  await run({
    type: "RecordOpeningMember",
    memberNo: "A000",
    date: "2026-01-01",
    joinedOn: "2019-01-01",
    identity: identity(9),
    pokok: "100000",
    wajib: "1200000",
    sukarela: "500000",
  });
  await run({ type: "RecordOpeningBalances", date: "2026-01-01", memo: "Kas", lines: [{ account: A.kas, debit: "2800000" }] });
  // A time deposit held at the start, maturing into sukarela in January (whose close runs twice).
  await run({
    type: "RecordOpeningTimeDeposit",
    depositId: "B-0",
    memberNo: "A000",
    date: "2026-01-01",
    placedOn: "2025-12-10",
    amount: "1000000",
    termMonths: 1,
    ratePerYear: "0.06",
  });
  await run({
    type: "RecordOpeningFixedAsset",
    assetId: "KIOS",
    name: "Kios",
    date: "2026-01-01",
    acquiredOn: "2022-01-01",
    cost: "2400000",
    accumulated: "1200000",
    remainingMonths: 24,
  });
  await run({ type: "RecordOpeningBalances", date: "2026-01-01", memo: "Cadangan", lines: [{ account: "3201", credit: "1200000" }] });
  await run({ type: "AddItem", code: "BERAS", name: "Beras medium", unit: "kg", quantityScale: 3, price: "14000", memberPrice: "13500" });
  await run({ type: "SetItemPrice", code: "BERAS", from: "2026-02-01", price: "14500", memberPrice: "14000" });
  await run({ type: "AddSupplier", code: "BULOG", name: "Bulog Bekasi" });
  await run({ type: "AddCustomer", code: "MBG-1", name: "Dapur MBG", kind: "institutional", creditLimit: "5000000" });
  await run({ type: "RecordOpeningStock", item: "BERAS", date: "2026-01-01", quantity: "10", value: "115000" });
  await run({ type: "RecordOpeningReceivable", customer: "MBG-1", date: "2026-01-01", amount: "250000" });
  await run({ type: "RecordOpeningPayable", supplier: "BULOG", date: "2026-01-01", amount: "365000" });
  await run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
  await run({ type: "UpdateMemberIdentity", memberNo: "A001", date: "2026-01-03", identity: { ...identity(1), phone: "0812" } });
  await run({ type: "PayWajib", memberNo: "A001", date: "2026-01-03", amount: "20000" });
  await run({ type: "ChangeWajibAmount", date: "2026-01-03", fromMonth: "2026-02", amount: "25000" });
  await run({
    type: "ChangeSukarelaRate",
    date: "2026-01-03",
    fromMonth: "2026-03",
    ratePerYear: "0.035",
    tiers: [{ from: "250000", ratePerYear: "0.04" }],
  });
  const deposit = await run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-04", amount: "300000" });
  await run({ type: "DepositSukarela", key: "dep-2", memberNo: "A001", date: "2026-01-04", amount: "300000" });
  await run({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-05", amount: "50000" });
  await run({
    type: "PostJournal",
    date: "2026-01-06",
    memo: "Rapat",
    lines: [
      { account: "5399", debit: "15000" },
      { account: A.kas, credit: "15000" },
    ],
  });
  await run({ type: "ReverseEntry", seq: deposit.events[0]?.seq, date: "2026-01-07", reason: "salah anggota" });
  await run({ type: "SetKolektibilitas", classes: JSON.parse(JSON.stringify(DEFAULT_KOLEKTIBILITAS)) });
  await run({
    type: "CreateLoanProduct",
    code: "KUM",
    name: "Kredit Usaha Mikro",
    method: "menurun",
    ratePerYear: "0.24",
    termMax: 12,
    provisiRate: "0.01",
    penaltyRatePerDay: "0.001",
    overpayment: "sukarela",
  });
  await run({
    type: "DisburseLoan",
    loanId: "P-0",
    memberNo: "A000",
    product: "KUM",
    principal: "1200000",
    instalments: 6,
    date: "2026-01-04",
    eligibleCollateral: "200000",
  });
  await run({ type: "CloseMonth", month: "2026-01" });
  await run({ type: "ReopenMonth", month: "2026-01", reason: "koreksi" });
  await run({ type: "DepositSukarela", memberNo: "A000", date: "2026-01-20", amount: "100000" });
  await run({ type: "CloseMonth", month: "2026-01" });
  await run({ type: "RegisterMember", memberNo: "A002", date: "2026-02-02", identity: identity(2) });
  await run({ type: "SetMemberCreditLimit", memberNo: "A002", date: "2026-02-02", limit: "250000" });
  await run({ type: "DepositSukarela", memberNo: "A002", date: "2026-02-03", amount: "90000" });
  await run({
    type: "DisburseLoan",
    loanId: "P-1",
    memberNo: "A002",
    product: "KUM",
    principal: "600000",
    instalments: 6,
    date: "2026-02-03",
    via: "sukarela",
  });
  await run({ type: "RepayLoan", loanId: "P-1", amount: "150000", date: "2026-02-05" });
  const term = { memberNo: "A002", date: "2026-02-03", termMonths: 1, ratePerYear: "0.06" };
  await run({ type: "PlaceTimeDeposit", depositId: "B-1", ...term, amount: "200000" });
  await run({ type: "PlaceTimeDeposit", depositId: "B-2", ...term, termMonths: 3, amount: "100000", from: "sukarela" });
  // B-2 secures P-1 until P-1 is settled in March, which releases it.
  await run({ type: "PledgeTimeDeposit", depositId: "B-2", loanId: "P-1", date: "2026-02-05" });
  await run({
    type: "ApplyLoan",
    loanId: "P-2",
    memberNo: "A002",
    product: "KUM",
    principal: "300000",
    instalments: 3,
    date: "2026-02-05",
  });
  await run({ type: "ApproveLoan", loanId: "P-2", date: "2026-02-05", approvedBy: "Ketua", note: "disetujui" });
  await run({ type: "RescheduleLoan", loanId: "P-1", date: "2026-02-06", instalments: 8, reason: "panen gagal" });
  await run({
    type: "PurchaseStock",
    purchaseId: "B-1",
    supplier: "BULOG",
    date: "2026-02-02",
    payment: "credit",
    lines: [{ item: "BERAS", quantity: "100", cost: "1200000" }],
  });
  await run({
    type: "RecordSale",
    saleId: "S-1",
    date: "2026-02-03",
    customer: "MBG-1",
    payment: "credit",
    lines: [{ item: "BERAS", quantity: "20" }],
  });
  await run({
    type: "RecordSale",
    saleId: "S-2",
    date: "2026-02-03",
    memberNo: "A002",
    payment: "cash",
    lines: [{ item: "BERAS", quantity: "2.5" }],
  });
  await run({ type: "CountStock", item: "BERAS", date: "2026-02-04", counted: "77" });
  await run({ type: "PaySupplier", supplier: "BULOG", date: "2026-02-04", amount: "500000" });
  await run({ type: "ReceivePayment", customer: "MBG-1", date: "2026-02-04", amount: "300000" });
  await run({ type: "ReturnSale", returnId: "R-1", saleId: "S-1", date: "2026-02-04", lines: [{ item: "BERAS", quantity: "1.5" }] });
  await run({ type: "ReturnPurchase", returnId: "RB-1", purchaseId: "B-1", date: "2026-02-04", lines: [{ item: "BERAS", quantity: "5" }] });
  await run({ type: "ResignMember", memberNo: "A001", date: "2026-02-03" });
  await run({ type: "PayMemberRefund", memberNo: "A001", date: "2026-02-04" });
  await run({
    type: "AddFixedAsset",
    assetId: "TIMBANGAN",
    name: "Timbangan",
    unit: "TOKO",
    date: "2026-02-04",
    cost: "600000",
    lifeMonths: 12,
  });
  // A rack entered with a mistyped cost, cancelled, and entered again under its code, on the declining balance.
  const rack = { type: "AddFixedAsset", assetId: "RAK", name: "Rak", unit: "TOKO", date: "2026-02-05", lifeMonths: 24 };
  await run({ ...rack, cost: "4500000" });
  await run({ type: "CancelFixedAsset", assetId: "RAK", date: "2026-02-05", reason: "harga salah ketik" });
  await run({ ...rack, cost: "450000", method: "saldo-menurun" });
  await run({ type: "CloseMonth", month: "2026-02" });
  await run({ type: "DisposeFixedAsset", assetId: "TIMBANGAN", date: "2026-03-04", proceeds: "500000" });
  // The rack damaged by a flood: its book value brought down to what it can still fetch, the rest of its declining balance re-spread.
  await run({ type: "ImpairFixedAsset", assetId: "RAK", date: "2026-03-04", recoverable: "300000", reason: "rusak terkena banjir" });
  // A shelf of it saved after all: part of the loss reversed, up to what the rack would now fetch.
  await run({
    type: "ReverseFixedAssetImpairment",
    assetId: "RAK",
    date: "2026-03-04",
    recoverable: "400000",
    reason: "sebagian rak diselamatkan",
  });
  await run({
    type: "SetBudget",
    year: "2026",
    date: "2026-03-04",
    memo: "RAPB 2026 disahkan RAT",
    lines: [
      { account: "4101", amount: "1500000" },
      { account: "5304", amount: "250000", unit: "TOKO" },
    ],
  });
  await run({ type: "WriteOffLoan", loanId: "P-0", date: "2026-03-05", reason: "anggota tidak dapat dihubungi" });
  await run({ type: "RecoverLoan", loanId: "P-0", amount: "100000", date: "2026-03-06" });
  await run({ type: "SettleLoan", loanId: "P-1", date: "2026-03-07" });
  // B-1 matured on 3 March, before March's close: it is rolled over at the new rate agreed, then monthly to the year's end.
  await run({ type: "SetTimeDepositInstruction", depositId: "B-1", date: "2026-03-08", atMaturity: "rollover", rolloverRate: "0.055" });
  await run({ type: "WithdrawTimeDeposit", depositId: "B-2", date: "2026-03-08", penalty: "1000" });
};

/**
 * A store's snapshot of the folded parts, taken after any of a log's folded events, read back and
 * folded on, ends as the fold of them all, in state and byte for byte (the text keeps every map's
 * order and every field): checked at up to `cuts` places spread over the log (each place when there
 * are fewer).
 */
export const expectSnapshotsHold = (config: BookConfig, events: ReadonlyArray<LedgerEvent>, cuts = 40): void => {
  const folded = events.filter((e) => FOLDED_EVENT_TYPES.includes(e.type));
  const foldFrom = (parts: ReturnType<typeof emptyFolded>, from: number, to: number) => {
    for (let i = from; i < to; i++) foldEvent(parts, folded[i] as LedgerEvent);
    return parts;
  };
  const whole = foldFrom(emptyFolded(config), 0, folded.length);
  const wholeText = encodeFolded(whole);
  const places = new Set<number>();
  for (let k = 0; k <= cuts; k++) places.add(Math.round((k * folded.length) / cuts));
  for (const cut of places) {
    const onwards = foldFrom(decodeFolded(encodeFolded(foldFrom(emptyFolded(config), 0, cut))), cut, folded.length);
    const at = `a snapshot after folded event ${cut} of ${folded.length} (${folded[cut - 1]?.type ?? "none"})`;
    expect(stateDifference(onwards, whole), at).toBeUndefined();
    expect(encodeFolded(onwards), at).toBe(wholeText);
  }
};
