import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import type { BookState, Posting } from "../src/model.js";
import { sukarelaRateIn } from "../src/savings.js";
import { memberSavings, monthStatus, subBalance } from "../src/state.js";
import { replay, verifyLog } from "../src/verify.js";
import { balanceOf, identity, makeTestBook, snapshot } from "./helpers.js";

const A = ACCOUNTS;
const stateOf = async (book: Awaited<ReturnType<typeof makeTestBook>>) =>
  (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;
const lines = (postings: ReadonlyArray<Posting>) => postings.map((p) => [p.account, p.amount, p.sub ?? "", p.unit, p.party]);

describe("members and savings: posting rules", () => {
  it("registration posts pokok: Dr Kas, Cr Simpanan Pokok for the member", async () => {
    const book = await makeTestBook({ savings: { pokok: "Rp100.000" } });
    const { events } = await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-05", identity: identity(1) });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.type).toBe("MemberRegistered");
    expect(lines(event?.postings ?? [])).toEqual([
      [A.kas, 100000n, "", "USP", "anggota"],
      [A.simpananPokok, -100000n, "A001", "USP", "anggota"],
    ]);
    // Personal data stays out of the hashed event; the event carries the identity digest.
    expect(snapshot(event?.data)).not.toContain(identity(1).nik);
    expect(snapshot(event?.data)).not.toContain("Anggota 1");
    const record = await Effect.runPromise(book.store.identity(book.bookId, "A001"));
    expect(record?.nik).toBe(identity(1).nik);
  });

  it("wajib, sukarela deposit and withdrawal post to the member's sub-ledgers", async () => {
    const book = await makeTestBook({ savings: { pokok: "100000", wajibMonthly: "50000", sukarela: { minimumBalance: "10000" } } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-05", identity: identity(1) });
    const wajib = await book.run({ type: "PayWajib", memberNo: "A001", date: "2026-01-06", amount: "50000", via: A.bank });
    expect(lines(wajib.events[0]?.postings ?? [])).toEqual([
      [A.bank, 50000n, "", "USP", "anggota"],
      [A.simpananWajib, -50000n, "A001", "USP", "anggota"],
    ]);
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-06", amount: "500000" });
    const withdrawal = await book.run({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-07", amount: "490000" });
    expect(lines(withdrawal.events[0]?.postings ?? [])).toEqual([
      [A.simpananSukarela, 490000n, "A001", "USP", "anggota"],
      [A.kas, -490000n, "", "USP", "anggota"],
    ]);
    const state = await stateOf(book);
    expect(memberSavings(state, "A001")).toEqual({ pokokMinor: 100000n, wajibMinor: 50000n, sukarelaMinor: 10000n, berjangkaMinor: 0n });
    // The minimum balance holds: one rupiah more is refused.
    expect((await book.reject({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-07", amount: "1" })).tag).toBe(
      "InsufficientBalance",
    );
  });

  it("a backdated withdrawal may not take a later day below the minimum", async () => {
    const book = await makeTestBook();
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-10", amount: "100000" });
    // On the 5th the balance was zero.
    expect((await book.reject({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-05", amount: "1000" })).tag).toBe(
      "InsufficientBalance",
    );
    await book.run({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-12", amount: "100000" });
    // After the 12th the balance is zero again, so a withdrawal dated the 11th would leave the 12th negative.
    expect((await book.reject({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-11", amount: "1000" })).tag).toBe(
      "InsufficientBalance",
    );
  });

  it("resignation refunds pokok, wajib and sukarela through Titipan Anggota Keluar, then pays out", async () => {
    const book = await makeTestBook({ savings: { pokok: "100000" } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "PayWajib", memberNo: "A001", date: "2026-01-03", amount: "20000" });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "300000" });
    const resigned = await book.run({ type: "ResignMember", memberNo: "A001", date: "2026-01-10" });
    expect(resigned.events[0]?.data).toMatchObject({
      pokokMinor: 100000n,
      wajibMinor: 20000n,
      sukarelaMinor: 300000n,
      owedMinor: 0n,
      refundMinor: 420000n,
    });
    expect(lines(resigned.events[0]?.postings ?? [])).toEqual([
      [A.simpananPokok, 100000n, "A001", "USP", "anggota"],
      [A.simpananWajib, 20000n, "A001", "USP", "anggota"],
      [A.simpananSukarela, 300000n, "A001", "USP", "anggota"],
      [A.titipanAnggotaKeluar, -420000n, "A001", "USP", "anggota"],
    ]);
    expect((await book.reject({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-11", amount: "1000" })).tag).toBe("MemberExited");
    expect((await book.reject({ type: "PayWajib", memberNo: "A001", date: "2026-01-11", amount: "1000" })).tag).toBe("MemberExited");
    const paid = await book.run({ type: "PayMemberRefund", memberNo: "A001", date: "2026-01-12" });
    expect(lines(paid.events[0]?.postings ?? [])).toEqual([
      [A.titipanAnggotaKeluar, 420000n, "A001", "USP", "anggota"],
      [A.kas, -420000n, "", "USP", "anggota"],
    ]);
    expect((await book.reject({ type: "PayMemberRefund", memberNo: "A001", date: "2026-01-12" })).tag).toBe("NothingToPay");
    const state = await stateOf(book);
    expect(state.members.get("A001")?.status).toBe("exited");
    expect(balanceOf(state, A.kas)).toBe(0n);
  });

  it("wajib arrears follow the monthly obligation and its changes", async () => {
    const book = await makeTestBook({ today: "2026-04-20", savings: { wajibMonthly: "50000" } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-02-10", identity: identity(1) });
    await book.run({ type: "PayWajib", memberNo: "A001", date: "2026-02-10", amount: "50000" });
    await book.run({ type: "ChangeWajibAmount", date: "2026-03-01", fromMonth: "2026-04", amount: "75000" });
    const { wajibArrears } = await import("../src/reports.js");
    const [status] = wajibArrears(await stateOf(book), "2026-04");
    // February and March at 50.000, April at 75.000; 50.000 paid.
    expect(status).toMatchObject({ monthsDue: 3, dueMinor: 175000n, paidMinor: 50000n, arrearsMinor: 125000n, prepaidMinor: 0n });
  });
});

describe("jasa simpanan and withholding", () => {
  it("daily balance, actual/365: 1.000.000 held 30 days at 6% earns 4.931 (rounded down)", async () => {
    const book = await makeTestBook({ savings: { sukarela: { ratePerYear: "0.06", dayCount: "actual/365", basis: "daily-balance" } } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-02", amount: "1000000" });
    book.clock.setDate("2026-02-01");
    const close = await book.run({ type: "CloseMonth", month: "2026-01" });
    const jasa = close.events[0];
    expect(jasa?.type).toBe("JasaSimpananPosted");
    // 30 days × 1.000.000 × 6% / 365 = 4.931,5… → 4.931
    expect(jasa?.data).toMatchObject({ month: "2026-01", memberNo: "A001", basisMinor: 30_000_000n, grossMinor: 4931n, taxMinor: 0n });
    expect(lines(jasa?.postings ?? [])).toEqual([
      [A.bebanJasaSimpanan, 4931n, "", "USP", "anggota"],
      [A.simpananSukarela, -4931n, "A001", "USP", "anggota"],
    ]);
  });

  it("above Rp240.000 a month, 10% of the gross is withheld to Utang Pajak", async () => {
    const book = await makeTestBook({ savings: { sukarela: { ratePerYear: "0.06" } } });
    await book.run({
      type: "RecordOpeningMember",
      memberNo: "A001",
      date: "2026-01-01",
      joinedOn: "2020-05-01",
      identity: identity(1),
      pokok: "100000",
      wajib: "0",
      sukarela: "100000000",
    });
    await book.run({
      type: "RecordOpeningBalances",
      date: "2026-01-01",
      memo: "Kas awal",
      lines: [{ account: A.kas, debit: "100100000" }],
    });
    book.clock.setDate("2026-02-01");
    const close = await book.run({ type: "CloseMonth", month: "2026-01" });
    // 31 days × 100.000.000 × 6% / 365 = 509.589,04 → 509.589; tax 50.958,9 → 50.958.
    expect(close.events[0]?.data).toMatchObject({ grossMinor: 509589n, taxMinor: 50958n });
    expect(lines(close.events[0]?.postings ?? [])).toEqual([
      [A.bebanJasaSimpanan, 509589n, "", "USP", "anggota"],
      [A.simpananSukarela, -458631n, "A001", "USP", "anggota"],
      [A.utangPajak, -50958n, "", "USP", "anggota"],
    ]);
  });

  it("lowest balance, 30/360: the month's lowest balance × rate × 30/360", async () => {
    const book = await makeTestBook({
      today: "2026-01-31",
      savings: { sukarela: { ratePerYear: "0.12", dayCount: "30/360", basis: "lowest-balance", rounding: "half-up" } },
    });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-01", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-01", amount: "2000000" });
    await book.run({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-20", amount: "500000" });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-25", amount: "900000" });
    book.clock.setDate("2026-02-01");
    const close = await book.run({ type: "CloseMonth", month: "2026-01" });
    // lowest 1.500.000 × 12% × 30/360 = 15.000
    expect(close.events[0]?.data).toMatchObject({ basisMinor: 1500000n, grossMinor: 15000n });
  });

  it("a reopened month re-closes with only the change in jasa", async () => {
    const book = await makeTestBook({ savings: { sukarela: { ratePerYear: "0.0365" } } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-01", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-01", amount: "1000000" });
    book.clock.setDate("2026-02-02");
    const first = await book.run({ type: "CloseMonth", month: "2026-01" });
    // 31 × 1.000.000 × 3,65% / 365 = 3.100
    expect(first.events[0]?.data).toMatchObject({ grossMinor: 3100n });
    expect((await book.reject({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-16", amount: "1000000" })).tag).toBe(
      "PeriodClosed",
    );
    await book.run({ type: "ReopenMonth", month: "2026-01", reason: "setoran tanggal 16 belum dicatat" });
    expect(monthStatus(await stateOf(book), "2026-01")).toBe("REOPENED");
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-16", amount: "1000000" });
    const second = await book.run({ type: "CloseMonth", month: "2026-01" });
    // 16 more days × 1.000.000 × 3,65% / 365 = 1.600 more.
    expect(second.events[0]?.data).toMatchObject({ grossMinor: 1600n });
    expect(monthStatus(await stateOf(book), "2026-01")).toBe("CLOSED");
    expect(subBalance(await stateOf(book), A.simpananSukarela, "A001")).toBe(-2004700n);
  });
});

describe("the sukarela's jasa rate, changed from a month on", () => {
  it("months before keep their rate, months from it earn the new one, and a later change replaces the steps after it", async () => {
    const book = await makeTestBook({ today: "2026-01-20", savings: { sukarela: { ratePerYear: "0.0365" } } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-01", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-01", amount: "1000000" });
    const change = await book.run({ type: "ChangeSukarelaRate", date: "2026-01-20", fromMonth: "2026-02", ratePerYear: "0.073" });
    expect(change.events.map((e) => [e.type, e.data, e.postings.length])).toEqual([
      ["SukarelaRateChanged", { fromMonth: "2026-02", ratePerYear: "0.073" }, 0],
    ]);
    expect((await book.reject({ type: "ChangeSukarelaRate", date: "2026-01-20", fromMonth: "2025-12", ratePerYear: "0.05" })).tag).toBe(
      "DateBeforeBookStart",
    );
    book.clock.setDate("2026-03-01");
    // January at 3,65%: 31 × 1.000.000 × 3,65% / 365 = 3.100.
    expect((await book.run({ type: "CloseMonth", month: "2026-01" })).events[0]?.data).toMatchObject({ grossMinor: 3100n });
    // February at 7,3%: 28 × 1.003.100 × 7,3% / 365 = 5.617,36 → 5.617 (rounded down).
    expect((await book.run({ type: "CloseMonth", month: "2026-02" })).events[0]?.data).toMatchObject({
      basisMinor: 28_086_800n,
      grossMinor: 5617n,
    });
    // Refused, and nothing written: a closed month (a month before the book, above), a rate of 100% or more, not a rate.
    const before = book.events().length;
    expect((await book.reject({ type: "ChangeSukarelaRate", date: "2026-03-01", fromMonth: "2026-02", ratePerYear: "0.05" })).tag).toBe(
      "PeriodClosed",
    );
    const tooHigh = await book.reject({ type: "ChangeSukarelaRate", date: "2026-03-01", fromMonth: "2026-03", ratePerYear: "1.5" });
    expect(tooHigh.tag).toBe("InvalidConfig");
    expect((tooHigh.error as Error).message).toMatch(/ratePerYear.*di bawah 1/);
    expect((await book.reject({ type: "ChangeSukarelaRate", date: "2026-03-01", fromMonth: "2026-03", ratePerYear: "5%" })).tag).toBe(
      "InvalidCommand",
    );
    expect(book.events().length).toBe(before);
    // A change from April, then one from March: the March change replaces April's.
    await book.run({ type: "ChangeSukarelaRate", date: "2026-03-01", fromMonth: "2026-04", ratePerYear: "0.0365" });
    await book.run({ type: "ChangeSukarelaRate", date: "2026-03-01", fromMonth: "2026-03", ratePerYear: "0" });
    const state = await stateOf(book);
    expect(state.sukarelaRates).toEqual([
      { fromMonth: "2026-01", ratePerYear: "0.0365" },
      { fromMonth: "2026-02", ratePerYear: "0.073" },
      { fromMonth: "2026-03", ratePerYear: "0" },
    ]);
    expect(["2026-01", "2026-02", "2026-03", "2026-12"].map((m) => sukarelaRateIn(state, m))).toEqual(["0.0365", "0.073", "0", "0"]);
    book.clock.setDate("2026-05-01");
    const march = await book.run({ type: "CloseMonth", month: "2026-03" });
    expect(march.events.filter((e) => e.type === "JasaSimpananPosted")).toEqual([]);
    // Replay gives the same rates.
    expect(replay(book.events())?.sukarelaRates).toEqual(state.sukarelaRates);
  });
});

describe("periods", () => {
  it("months close in order, only after they end, and only the latest closed month reopens", async () => {
    const book = await makeTestBook({ today: "2026-03-15" });
    expect((await book.reject({ type: "CloseMonth", month: "2026-02" })).tag).toBe("MonthNotClosable");
    expect((await book.reject({ type: "CloseMonth", month: "2026-03" })).tag).toBe("MonthNotClosable");
    await book.run({ type: "CloseMonth", month: "2026-01" });
    await book.run({ type: "CloseMonth", month: "2026-02" });
    expect((await book.reject({ type: "CloseMonth", month: "2026-03" })).tag).toBe("MonthNotClosable"); // not ended
    const why = async (month: string) => {
      const { error } = await book.reject({ type: "CloseMonth", month });
      const refusal = (error as { reason: { reason: string; message: string } }).reason;
      return [refusal.reason, refusal.message];
    };
    expect(await why("2026-03")).toEqual(["not-ended", "Bulan 2026-03 tidak dapat ditutup: bulan belum berakhir (hari ini 2026-03-15)."]);
    expect(await why("2026-01")).toEqual([
      "already-closed",
      "Bulan 2026-01 tidak dapat ditutup: bulan itu sudah ditutup (ditutup sampai 2026-02; berikutnya 2026-03).",
    ]);
    expect((await why("2026-05"))[0]).toBe("out-of-order");
    expect((await book.reject({ type: "ReopenMonth", month: "2026-01", reason: "x" })).tag).toBe("MonthNotReopenable");
    await book.run({ type: "ReopenMonth", month: "2026-02", reason: "koreksi" });
    expect((await why("2026-01"))[0]).toBe("already-closed");
    expect((await book.reject({ type: "ReopenMonth", month: "2026-01", reason: "x" })).tag).toBe("MonthNotReopenable");
    await book.run({ type: "CloseMonth", month: "2026-02" });
    const state = await stateOf(book);
    expect(state.closedThrough).toBe("2026-02");
    expect(state.reopenedMonth).toBeUndefined();
  });

  it("the first close waits for the opening balances to balance", async () => {
    const book = await makeTestBook();
    await book.run({
      type: "RecordOpeningMember",
      memberNo: "A001",
      date: "2026-01-01",
      joinedOn: "2019-01-01",
      identity: identity(1),
      pokok: "100000",
      wajib: "600000",
      sukarela: "250000",
    });
    book.clock.setDate("2026-02-02");
    const rejected = await book.reject({ type: "CloseMonth", month: "2026-01" });
    expect(rejected.tag).toBe("MonthNotClosable");
    const opening = await book.run({
      type: "RecordOpeningBalances",
      date: "2026-01-01",
      memo: "Saldo awal dari buku lama",
      lines: [
        { account: A.kas, debit: "1450000" },
        { account: A.bank, debit: "Rp2.000.000", unit: "TOKO" },
        { account: A.cadangan, credit: "500000" },
      ],
    });
    // Each unit's lines are balanced against Penyeimbang Saldo Awal.
    expect(lines(opening.events[0]?.postings ?? [])).toEqual([
      [A.kas, 1450000n, "", "USP", "umum"],
      [A.bank, 2000000n, "", "TOKO", "umum"],
      [A.cadangan, -500000n, "", "USP", "umum"],
      [A.saldoAwal, -950000n, "", "USP", "umum"],
      [A.saldoAwal, -2000000n, "", "TOKO", "umum"],
    ]);
    // Saldo awal now stands at 950.000 (member) − 950.000 − 2.000.000: still not zero.
    expect((await book.reject({ type: "CloseMonth", month: "2026-01" })).tag).toBe("MonthNotClosable");
    await book.run({
      type: "RecordOpeningBalances",
      date: "2026-01-01",
      memo: "Modal hibah",
      lines: [{ account: A.hibah, credit: "2000000", unit: "TOKO" }],
    });
    await book.run({ type: "CloseMonth", month: "2026-01" });
  });
});

describe("general journal and reversal", () => {
  it("posts balanced entries on non-control accounts, per unit", async () => {
    const book = await makeTestBook();
    const posted = await book.run({
      type: "PostJournal",
      date: "2026-01-10",
      memo: "Gaji Januari, sebagian ditanggung toko",
      lines: [
        { account: A.bebanGaji, debit: "1000000", unit: "USP" },
        { account: A.bebanGaji, debit: "500000", unit: "TOKO" },
        { account: A.kas, credit: "1500000", unit: "USP" },
        { account: A.rekeningAntarUnit, debit: "500000", unit: "USP" },
        { account: A.rekeningAntarUnit, credit: "500000", unit: "TOKO" },
      ],
    });
    expect(posted.events[0]?.type).toBe("JournalPosted");
    const unbalancedUnit = await book.reject({
      type: "PostJournal",
      date: "2026-01-10",
      memo: "x",
      lines: [
        { account: A.bebanGaji, debit: "500000", unit: "TOKO" },
        { account: A.kas, credit: "500000", unit: "USP" },
      ],
    });
    expect(unbalancedUnit.tag).toBe("UnbalancedEntry");
  });

  it("reverses an entry with its negation, once", async () => {
    const book = await makeTestBook();
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    const deposit = await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "75000" });
    const seq = deposit.events[0]?.seq as number;
    const reversal = await book.run({ type: "ReverseEntry", seq, date: "2026-01-04", reason: "salah input" });
    expect(reversal.events[0]?.data).toEqual({ reversedSeq: seq, reason: "salah input" });
    expect(lines(reversal.events[0]?.postings ?? [])).toEqual(
      lines(deposit.events[0]?.postings ?? []).map(([a, amount, ...rest]) => [a, -(amount as bigint), ...rest]),
    );
    expect((await book.reject({ type: "ReverseEntry", seq, date: "2026-01-04", reason: "lagi" })).tag).toBe("NotReversible");
    expect((await book.reject({ type: "ReverseEntry", seq: 2, date: "2026-01-04", reason: "pendaftaran" })).tag).toBe("NotReversible");
    expect((await book.reject({ type: "ReverseEntry", seq: 999, date: "2026-01-04", reason: "tidak ada" })).tag).toBe("NotReversible");
    expect(subBalance(await stateOf(book), A.simpananSukarela, "A001")).toBe(0n);
  });

  it("will not reverse a deposit whose money was already withdrawn", async () => {
    const book = await makeTestBook();
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    const deposit = await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "75000" });
    await book.run({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-05", amount: "70000" });
    const rejected = await book.reject({ type: "ReverseEntry", seq: deposit.events[0]?.seq, date: "2026-01-06", reason: "x" });
    expect(rejected.tag).toBe("NotReversible");
  });
});

describe("chart of accounts", () => {
  it("adds and renames accounts, and removes only unposted non-engine ones", async () => {
    const book = await makeTestBook();
    await book.run({ type: "AddAccount", code: "1103", name: "Bank BRI", kind: "aset" });
    await book.run({ type: "RenameAccount", code: A.bank, name: "Bank Mandiri" });
    expect((await book.reject({ type: "AddAccount", code: "1103", name: "lagi", kind: "aset" })).tag).toBe("AccountAlreadyExists");
    expect((await book.reject({ type: "RemoveAccount", code: A.kas })).tag).toBe("AccountNotRemovable");
    await book.run({
      type: "PostJournal",
      date: "2026-01-05",
      memo: "setor ke BRI",
      lines: [
        { account: "1103", debit: "10" },
        { account: A.hibah, credit: "10" },
      ],
    });
    const hasPostings = await book.reject({ type: "RemoveAccount", code: "1103" });
    expect(hasPostings).toMatchObject({ tag: "AccountNotRemovable", error: { reason: { reason: "has-postings" } } });
    await book.run({ type: "AddAccount", code: "5399", name: "Beban Rapat", kind: "beban" });
    await book.run({ type: "RemoveAccount", code: "5399" });
    const state = await stateOf(book);
    expect(state.accounts.get(A.bank)?.def.name).toBe("Bank Mandiri");
    expect(state.accounts.has("5399")).toBe(false);
    // Deposits may go through the new bank account.
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-05", identity: identity(1), via: "1103" });
  });
});

describe("identity records", () => {
  it("corrects an identity with a new digest and redacts without breaking the chain", async () => {
    const book = await makeTestBook();
    const registered = await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    const changed = await book.run({
      type: "UpdateMemberIdentity",
      memberNo: "A001",
      date: "2026-01-03",
      identity: { ...identity(1), address: "Jl. Baru" },
    });
    expect(changed.events[0]?.type).toBe("MemberIdentityChanged");
    const digestOf = (event: unknown) => (event as { data: { identityDigest: string } }).data.identityDigest;
    expect(digestOf(changed.events[0])).not.toBe(digestOf(registered.events[0]));
    // The member's own NIK may stay the same; another member may not take it.
    expect((await book.reject({ type: "RegisterMember", memberNo: "A002", date: "2026-01-03", identity: identity(1) })).tag).toBe(
      "DuplicateNik",
    );
    expect(await Effect.runPromise(book.store.redactIdentity(book.bookId, "A001"))).toBe(true);
    const record = await Effect.runPromise(book.store.identity(book.bookId, "A001"));
    expect(record).toMatchObject({ nik: "", name: "", redacted: true });
    expect(verifyLog(book.events()).ok).toBe(true);
  });
});

describe("sukarela on the same day", () => {
  it("a withdrawal on the day of a deposit may use that deposit", async () => {
    const book = await makeTestBook();
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-05", amount: "100000" });
    await book.run({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-05", amount: "100000" });
    expect((await book.reject({ type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-05", amount: "1" })).tag).toBe(
      "InsufficientBalance",
    );
  });
});
