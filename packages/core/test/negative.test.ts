import { Effect, Result } from "effect";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import { decodeCommand } from "../src/commands.js";
import { identity, makeTestBook, nikFor, snapshot, type TestBook } from "./helpers.js";

const A = ACCOUNTS;
let book: TestBook;

beforeAll(async () => {
  book = await makeTestBook({ today: "2026-02-15" });
  await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-05", identity: identity(1) });
  await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-05", amount: "500000" });
  await book.run({ type: "RegisterMember", memberNo: "A002", date: "2026-01-06", identity: identity(2) });
  await book.run({ type: "ResignMember", memberNo: "A002", date: "2026-01-07" });
  await book.run({ type: "PayMemberRefund", memberNo: "A002", date: "2026-01-08" });
  await book.run({ type: "CloseMonth", month: "2026-01" });
  await book.run({ type: "DepositSukarela", key: "dep-1", memberNo: "A001", date: "2026-02-02", amount: "1000" });
});

const deposit = (over: Record<string, unknown>) => ({
  type: "DepositSukarela",
  memberNo: "A001",
  date: "2026-02-10",
  amount: "1000",
  ...over,
});
const long = (n: number) => "x".repeat(n);

const cases: Array<[string, unknown, string]> = [
  ["no command type", { memberNo: "A001" }, "InvalidCommand"],
  ["an unknown command type", { type: "Transfer" }, "InvalidCommand"],
  ["a missing field", { type: "DepositSukarela", memberNo: "A001", date: "2026-02-10" }, "InvalidCommand"],
  ["an unknown field", deposit({ amout: "1000" }), "InvalidCommand"],
  ["an amount as a JavaScript number", deposit({ amount: 1000 }), "InvalidCommand"],
  ["a negative amount", deposit({ amount: "-1000" }), "InvalidAmount"],
  ["a zero amount", deposit({ amount: "0" }), "InvalidAmount"],
  ["a fractional amount in a whole-rupiah book", deposit({ amount: "1000,50".replace(",", ".") }), "InvalidAmount"],
  ["an Indonesian fraction in a whole-rupiah book", deposit({ amount: "Rp1.000,50" }), "InvalidAmount"],
  ["an oversized amount", deposit({ amount: "10000000000000000" }), "InvalidAmount"],
  ["an oversized bigint amount", deposit({ amount: 10n ** 16n }), "InvalidAmount"],
  ["an amount that is not a number", deposit({ amount: "seribu" }), "InvalidAmount"],
  ["an unknown member", deposit({ memberNo: "Z999" }), "UnknownMember"],
  ["a member who left", deposit({ memberNo: "A002" }), "MemberExited"],
  ["an unknown cash account", deposit({ via: "1999" }), "UnknownAccount"],
  ["a control account as the cash account", deposit({ via: A.simpananSukarela }), "ControlAccountNotAllowed"],
  ["a date in a closed month", deposit({ date: "2026-01-20" }), "PeriodClosed"],
  ["a date before the book's start", deposit({ date: "2025-12-31" }), "DateBeforeBookStart"],
  ["a date in the future", deposit({ date: "2026-02-16" }), "DateInFuture"],
  ["a date that does not exist", deposit({ date: "2026-02-30" }), "InvalidCommand"],
  ["a date in another format", deposit({ date: "15/02/2026" }), "InvalidCommand"],
  ["an oversized member number", deposit({ memberNo: long(21) }), "InvalidCommand"],
  ["a member number with spaces", deposit({ memberNo: "A 001" }), "InvalidCommand"],
  ["an oversized idempotency key", deposit({ key: long(129) }), "InvalidCommand"],
  [
    "an oversized name",
    { type: "RegisterMember", memberNo: "A010", date: "2026-02-10", identity: { ...identity(10), name: long(121) } },
    "InvalidCommand",
  ],
  [
    "an oversized memo",
    {
      type: "PostJournal",
      date: "2026-02-10",
      memo: long(501),
      lines: [
        { account: A.bebanAtk, debit: "1" },
        { account: A.kas, credit: "1" },
      ],
    },
    "InvalidCommand",
  ],
  [
    "a NIK of 15 digits",
    { type: "RegisterMember", memberNo: "A010", date: "2026-02-10", identity: { ...identity(10), nik: "327501120390000" } },
    "InvalidNik",
  ],
  [
    "a NIK with an impossible birth date",
    { type: "RegisterMember", memberNo: "A010", date: "2026-02-10", identity: { ...identity(10), nik: "3275013002900001" } },
    "InvalidNik",
  ],
  [
    "a NIK with a woman's impossible birth date",
    { type: "RegisterMember", memberNo: "A010", date: "2026-02-10", identity: { ...identity(10), nik: "3275017202900001" } },
    "InvalidNik",
  ],
  [
    "a NIK with serial 0000",
    { type: "RegisterMember", memberNo: "A010", date: "2026-02-10", identity: { ...identity(10), nik: "3275011203900000" } },
    "InvalidNik",
  ],
  [
    "a NIK with an unknown province",
    { type: "RegisterMember", memberNo: "A010", date: "2026-02-10", identity: { ...identity(10), nik: "9975011203900001" } },
    "InvalidNik",
  ],
  ["a duplicate NIK", { type: "RegisterMember", memberNo: "A010", date: "2026-02-10", identity: identity(1) }, "DuplicateNik"],
  [
    "a taken member number",
    { type: "RegisterMember", memberNo: "A001", date: "2026-02-10", identity: identity(11) },
    "MemberAlreadyRegistered",
  ],
  [
    "a withdrawal over the balance",
    { type: "WithdrawSukarela", memberNo: "A001", date: "2026-02-10", amount: "999999999" },
    "InsufficientBalance",
  ],
  ["a reused idempotency key with other bytes", deposit({ key: "dep-1", amount: "2000" }), "IdempotencyConflict"],
  [
    "an unbalanced journal",
    {
      type: "PostJournal",
      date: "2026-02-10",
      memo: "x",
      lines: [
        { account: A.bebanAtk, debit: "2" },
        { account: A.kas, credit: "1" },
      ],
    },
    "UnbalancedEntry",
  ],
  [
    "a one-line journal",
    { type: "PostJournal", date: "2026-02-10", memo: "x", lines: [{ account: A.bebanAtk, debit: "2" }] },
    "UnbalancedEntry",
  ],
  [
    "a journal line with both debit and credit",
    {
      type: "PostJournal",
      date: "2026-02-10",
      memo: "x",
      lines: [
        { account: A.bebanAtk, debit: "2", credit: "2" },
        { account: A.kas, credit: "0" },
      ],
    },
    "InvalidAmount",
  ],
  [
    "a journal on a control account",
    {
      type: "PostJournal",
      date: "2026-02-10",
      memo: "x",
      lines: [
        { account: A.simpananSukarela, debit: "1" },
        { account: A.kas, credit: "1" },
      ],
    },
    "ControlAccountNotAllowed",
  ],
  [
    "a journal on Penyeimbang Saldo Awal",
    {
      type: "PostJournal",
      date: "2026-02-10",
      memo: "x",
      lines: [
        { account: A.saldoAwal, debit: "1" },
        { account: A.kas, credit: "1" },
      ],
    },
    "ControlAccountNotAllowed",
  ],
  [
    "a journal on an unknown account",
    {
      type: "PostJournal",
      date: "2026-02-10",
      memo: "x",
      lines: [
        { account: "9999", debit: "1" },
        { account: A.kas, credit: "1" },
      ],
    },
    "UnknownAccount",
  ],
  [
    "a journal in an unknown unit",
    {
      type: "PostJournal",
      date: "2026-02-10",
      memo: "x",
      lines: [
        { account: A.bebanAtk, debit: "1", unit: "PABRIK" },
        { account: A.kas, credit: "1", unit: "PABRIK" },
      ],
    },
    "UnknownUnit",
  ],
  [
    "too many journal lines",
    { type: "PostJournal", date: "2026-02-10", memo: "x", lines: Array.from({ length: 61 }, () => ({ account: A.kas, debit: "1" })) },
    "InvalidCommand",
  ],
  [
    "opening balances after the start",
    { type: "RecordOpeningBalances", date: "2026-02-10", memo: "x", lines: [{ account: A.kas, debit: "1" }] },
    "NotOnBookStart",
  ],
  [
    "opening balances in a closed month",
    { type: "RecordOpeningBalances", date: "2026-01-01", memo: "x", lines: [{ account: A.kas, debit: "1" }] },
    "PeriodClosed",
  ],
  ["a second book opening", { type: "OpenBook", bookId: "kop-test", name: "lagi", startDate: "2026-01-01" }, "BookAlreadyOpened"],
  ["closing a month out of order", { type: "CloseMonth", month: "2026-03" }, "MonthNotClosable"],
  ["closing a month twice", { type: "CloseMonth", month: "2026-01" }, "MonthNotClosable"],
  ["reopening a month that is not the latest closed", { type: "ReopenMonth", month: "2025-12", reason: "x" }, "MonthNotReopenable"],
  [
    "a wajib change in a closed month",
    { type: "ChangeWajibAmount", date: "2026-02-10", fromMonth: "2026-01", amount: "1" },
    "PeriodClosed",
  ],
  ["removing an unknown account", { type: "RemoveAccount", code: "7777" }, "UnknownAccount"],
  ["a resignation of an unknown member", { type: "ResignMember", memberNo: "Z1", date: "2026-02-10" }, "UnknownMember"],
  ["a refund with nothing held", { type: "PayMemberRefund", memberNo: "A001", date: "2026-02-10" }, "NothingToPay"],
  ["a refund already paid out", { type: "PayMemberRefund", memberNo: "A002", date: "2026-02-10" }, "NothingToPay"],
  ["a reversal of a closing", { type: "ReverseEntry", seq: 1, date: "2026-02-10", reason: "x" }, "NotReversible"],
  ["a reversal with a fractional sequence", { type: "ReverseEntry", seq: 1.5, date: "2026-02-10", reason: "x" }, "InvalidCommand"],
  ["a plain string", "DepositSukarela", "InvalidCommand"],
  ["null", null, "InvalidCommand"],
];

describe("negative space: every bad command gets its typed error, and nothing is written", () => {
  it.each(cases)("%s", async (_what, command, tag) => {
    const eventsBefore = book.events().length;
    const stateBefore = snapshot(await Effect.runPromise(book.executor.state(book.bookId)));
    const projectionBefore = snapshot(await Effect.runPromise(book.store.projection(book.bookId)));
    const rejected = await book.reject(command);
    expect(rejected.tag).toBe(tag);
    const error = rejected.error as { message: string; messageEn: string };
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.messageEn.length).toBeGreaterThan(10);
    expect(book.events().length).toBe(eventsBefore);
    expect(snapshot(await Effect.runPromise(book.executor.state(book.bookId)))).toBe(stateBefore);
    expect(snapshot(await Effect.runPromise(book.store.projection(book.bookId)))).toBe(projectionBefore);
  });

  it("a batch with one bad command writes none of it, and says which command failed", async () => {
    const before = book.events().length;
    const stateBefore = snapshot(await Effect.runPromise(book.executor.state(book.bookId)));
    const batch = await Effect.runPromiseExit(
      book.executor.execute(book.bookId, [deposit({ amount: "1000" }), deposit({ amount: "2000" }), deposit({ memberNo: "NOPE" })]),
    );
    expect(batch._tag).toBe("Failure");
    const failure = JSON.parse(JSON.stringify(batch, (_k, v) => (typeof v === "bigint" ? String(v) : v)));
    expect(JSON.stringify(failure)).toContain('"index":2');
    expect(book.events().length).toBe(before);
    expect(snapshot(await Effect.runPromise(book.executor.state(book.bookId)))).toBe(stateBefore);
  });

  it("an invalid command lists each problem with where it is, so a form or a command line can point at the field", () => {
    const problems = (input: unknown) => {
      const result = decodeCommand(input);
      if (Result.isSuccess(result)) throw new Error("expected the command to be refused");
      return result.failure.problems;
    };
    expect(problems(deposit({ date: "2026-02-30" }))).toEqual([
      {
        path: ["date"],
        message: 'expected a date YYYY-MM-DD, got "2026-02-30"',
        messageId: 'harus tanggal TTTT-BB-HH yang ada di kalender (contoh 2026-01-31), bukan "2026-02-30"',
      },
    ]);
    expect(problems({ type: "DepositSukarela", memberNo: "A001", date: "2026-02-10" })).toEqual([
      { path: ["amount"], message: "Missing key", messageId: "wajib diisi" },
    ]);
    const purchase = problems({
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-02-10",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "banyak", cost: "1000" }],
      diskon: "10",
    });
    expect(purchase).toEqual([
      { path: ["diskon"], message: "not a field of PurchaseStock", messageId: "bukan isian yang dikenal" },
      {
        path: ["lines", 0, "quantity"],
        message: "Expected a quantity like 12 or 12.5 (a dot before at most 6 decimals)",
        messageId: "harus banyaknya barang seperti 12 atau 12.5 (titik, paling banyak 6 angka di belakangnya)",
      },
    ]);
    // An unknown or missing type is said plainly, not as the union of every command it is not.
    expect(problems({ type: "Transfer" })).toEqual([
      { path: ["type"], message: 'unknown command type "Transfer"', messageId: 'jenis perintah "Transfer" tidak dikenal' },
    ]);
    expect(problems({ memberNo: "A001" })).toEqual([
      { path: ["type"], message: "the command has no type", messageId: "perintah tidak memiliki type" },
    ]);
    expect(problems([1])).toEqual([
      { path: [], message: "a command is an object with a type", messageId: "perintah harus objek dengan type" },
    ]);
    // The rejection's own message is Indonesian throughout, as every other rejection's; messageEn is English.
    const refused = decodeCommand({ type: "DepositSukarela", memberNo: "A 1", date: "2026-02-30" });
    if (Result.isSuccess(refused)) throw new Error("expected the command to be refused");
    expect(refused.failure.message).toBe(
      "Perintah tidak sah: memberNo: harus kode dari huruf, angka, '.', '_' atau '-', tanpa spasi; " +
        'date: harus tanggal TTTT-BB-HH yang ada di kalender (contoh 2026-01-31), bukan "2026-02-30"; amount: wajib diisi',
    );
    expect(refused.failure.messageEn).toMatch(/^Invalid command: .*expected a date YYYY-MM-DD/s);
  });

  it("a rejection writes amounts as rupiah at the book's scale, quantities in the item's unit, names what a date comes before, and says it all in English too", async () => {
    const messages = async (b: TestBook, command: unknown) => {
      const { error } = await b.reject(command);
      const reason = (error as { reason: { message: string; messageEn: string } }).reason;
      return [reason.message, reason.messageEn];
    };
    const cents = await makeTestBook({ scale: 2, today: "2026-03-31" });
    await cents.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-10", identity: { ...identity(4), nik: nikFor(98) } });
    await cents.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-10", amount: "1000.50" });
    expect(await messages(cents, { type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-11", amount: "5000" })).toEqual([
      "Saldo simpanan sukarela anggota A001 (Rp1.000,50) tidak cukup untuk menarik Rp5.000,00 dengan saldo minimum Rp0,00.",
      "Member A001's sukarela balance (Rp1.000,50) cannot cover Rp5.000,00 while keeping the minimum of Rp0,00.",
    ]);
    const unbalanced = {
      type: "PostJournal",
      date: "2026-01-12",
      memo: "salah",
      lines: [
        { account: A.kas, debit: "1000" },
        { account: A.pendapatanLain, credit: "900.25" },
      ],
    };
    expect((await messages(cents, unbalanced))[0]).toBe("Jurnal tidak seimbang: selisih debit dan kredit Rp99,75.");
    expect(await messages(cents, { type: "ResignMember", memberNo: "A001", date: "2026-01-09" })).toEqual([
      "Tanggal 2026-01-09 sebelum anggota A001 masuk (2026-01-10).",
      "Date 2026-01-09 is before member A001 joined (2026-01-10).",
    ]);
    await cents.run({
      type: "CreateLoanProduct",
      code: "KUM",
      name: "Kredit Usaha Mikro",
      method: "flat",
      ratePerYear: "0.12",
      termMax: 12,
    });
    await cents.run({
      type: "DisburseLoan",
      loanId: "P-1",
      memberNo: "A001",
      product: "KUM",
      principal: "1200000",
      instalments: 12,
      date: "2026-01-15",
    });
    expect(await messages(cents, { type: "RepayLoan", loanId: "P-1", date: "2026-01-14", amount: "100000" })).toEqual([
      "Tanggal 2026-01-14 sebelum pinjaman P-1 dicairkan (2026-01-15).",
      "Date 2026-01-14 is before loan P-1 was disbursed (2026-01-15).",
    ]);
    expect(await messages(cents, { type: "RepayLoan", loanId: "NOPE", date: "2026-01-20", amount: "1000" })).toEqual([
      "Pinjaman NOPE: pinjaman tidak dikenal.",
      "Loan NOPE: no such loan.",
    ]);
    const [overpaid, overpaidEn] = await messages(cents, { type: "RepayLoan", loanId: "P-1", date: "2026-01-20", amount: "99000000" });
    expect(overpaid).toMatch(/^Pinjaman P-1: .*\(lebih Rp97\.[0-9.]+,[0-9]{2}; pelunasan Rp1\.[0-9.]+,[0-9]{2}\)\.$/);
    expect(overpaidEn).toMatch(
      /^Loan P-1: the payment is more than everything owed \(Rp97\.[0-9.]+,[0-9]{2} over; the payoff is Rp1\.[0-9.]+,[0-9]{2}\)\.$/,
    );
    await cents.run({ type: "AddItem", code: "BERAS", name: "Beras", unit: "kg", quantityScale: 3, price: "13000" });
    await cents.run({ type: "AddSupplier", code: "BULOG", name: "Bulog" });
    await cents.run({ type: "RecordOpeningBalances", date: "2026-01-01", memo: "Kas awal", lines: [{ account: A.kas, debit: "1000000" }] });
    const bought = { purchaseId: "B-1", supplier: "BULOG", date: "2026-01-20", payment: "cash" };
    await cents.run({ type: "PurchaseStock", ...bought, lines: [{ item: "BERAS", quantity: "12.5", cost: "150000" }] });
    const sale = { type: "RecordSale", saleId: "S-1", date: "2026-01-21", memberNo: "A001", payment: "cash" };
    expect(await messages(cents, { ...sale, lines: [{ item: "BERAS", quantity: "34.25" }] })).toEqual([
      "BERAS: melebihi persediaan (diminta 34,250 kg, ada 12,500 kg).",
      "BERAS: more than the stock on hand (asked 34,250 kg, on hand 12,500 kg).",
    ]);
    expect(await messages(cents, { ...sale, lines: [{ item: "BERAS", quantity: "0" }] })).toEqual([
      "BERAS: jumlah barang tidak sah (0 kg: harus lebih dari nol).",
      "BERAS: the quantity is not valid (0 kg: must be more than zero).",
    ]);
    expect(await messages(cents, { ...sale, lines: [{ item: "BERAS", quantity: "1.0005" }] })).toEqual([
      "BERAS: jumlah barang tidak sah (1.0005 kg: paling banyak 3 desimal).",
      "BERAS: the quantity is not valid (1.0005 kg: at most 3 decimals).",
    ]);
    const deposited = cents.events().find((e) => e.type === "SukarelaDeposited");
    if (deposited === undefined) throw new Error("the deposit is in the log");
    const early = await cents.reject({ type: "ReverseEntry", seq: deposited.seq, date: "2026-01-05", reason: "salah" });
    expect((early.error as { reason: { reason: string } }).reason.reason).toBe("before-original");
    expect(await messages(cents, { type: "ReverseEntry", seq: deposited.seq, date: "2026-01-05", reason: "salah" })).toEqual([
      `Transaksi #${deposited.seq} tidak dapat dibatalkan: tanggal pembatalan sebelum 2026-01-10.`,
      `Event #${deposited.seq} cannot be reversed: the reversal is dated before 2026-01-10.`,
    ]);
  });

  it("a fraction is accepted in a book kept in cents, and a third decimal is not", async () => {
    const cents = await makeTestBook({ scale: 2 });
    await cents.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-05", identity: { ...identity(3), nik: nikFor(99) } });
    const ok = await cents.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-05", amount: "Rp1.000,50" });
    expect(ok.events[0]?.postings[0]?.amount).toBe(100050n);
    expect((await cents.reject({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-05", amount: "1.005" })).tag).toBe(
      "InvalidAmount",
    );
  });
});
