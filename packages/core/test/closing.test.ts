/** Tutup buku: the year close, the SHU distribution (public vectors S1, S3, S5), and their negative space. */
import { Effect, Exit } from "effect";
import { describe, expect, it } from "vitest";
import { ACCOUNTS as A } from "../src/chart.js";
import { allocateShu, DEFAULT_SHU_POLICY, type MemberBasis, type ShuPolicy } from "../src/closing/closing.js";
import {
  financialPosition,
  financialPositionAt,
  notesSummary,
  ratStatements,
  resultOfOperationsFor,
  shuSlip,
  shuTable,
} from "../src/closing/statements.js";
import { sameDayYearBefore } from "../src/dates.js";
import { decide } from "../src/decide.js";
import type { BookState, LedgerEvent } from "../src/model.js";
import { allocate } from "../src/money.js";
import { replay } from "../src/verify.js";
import { identity, makeTestBook, snapshot, type TestBook } from "./helpers.js";

const basis = (memberNo: string, capital: bigint, purchases: bigint, interest = 0n): MemberBasis => ({
  memberNo,
  capitalMinor: capital,
  usage: { "shop-purchases": purchases, "loan-interest": interest },
});

const policyWith = (allocation: Partial<ShuPolicy["allocation"]>): ShuPolicy => ({
  ...DEFAULT_SHU_POLICY,
  allocation: {
    cadangan: "0",
    jasaModal: "0",
    jasaUsaha: "0",
    pengurus: "0",
    karyawan: "0",
    pendidikan: "0",
    sosial: "0",
    pembangunanDaerahKerja: "0",
    ...allocation,
  },
});

const shareOf = (policy: ShuPolicy, shu: bigint, bases: MemberBasis[], memberNo: string) => {
  const result = allocateShu(policy, shu, 0n, bases);
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  const share = result.allocation.shares.find((s) => s.memberNo === memberNo);
  return { share, allocation: result.allocation };
};

describe("SHU vectors from DOMAIN.md", () => {
  it("S1: SHU 60.000.000, JM 20% on 2.000.000 / 100.000.000, JU 25% on 5.000.000 / 75.000.000 → 1.240.000", () => {
    const bases = [basis("X", 2_000_000n, 5_000_000n), basis("Y", 58_000_000n, 30_000_000n), basis("Z", 40_000_000n, 40_000_000n)];
    const { share, allocation } = shareOf(DEFAULT_SHU_POLICY, 60_000_000n, bases, "X");
    expect(allocation.pools.find((p) => p.pool === "jasaModal")?.memberMinor).toBe(12_000_000n);
    expect(allocation.pools.find((p) => p.pool === "jasaUsaha")?.memberMinor).toBe(15_000_000n);
    expect(share?.jasaModalMinor).toBe(240_000n);
    expect(share?.jasaUsahaMinor).toBe(1_000_000n);
    expect(share?.totalMinor).toBe(1_240_000n);
  });

  it("S3: SHU 56.000.000, JM 25% on 600.000 / 28.000.000, JU 30% on 8.400.000 / 168.000.000 → 1.140.000", () => {
    const policy = policyWith({
      cadangan: "30",
      jasaModal: "25",
      jasaUsaha: "30",
      pengurus: "5",
      karyawan: "5",
      pendidikan: "2.5",
      sosial: "2.5",
    });
    const bases = [basis("X", 600_000n, 8_400_000n), basis("Y", 27_400_000n, 159_600_000n)];
    const { share } = shareOf(policy, 56_000_000n, bases, "X");
    expect(share?.jasaModalMinor).toBe(300_000n);
    expect(share?.jasaUsahaMinor).toBe(840_000n);
    expect(share?.totalMinor).toBe(1_140_000n);
  });

  // JM pool 36.000.000 and JU pool 27.000.000: SHU 180.000.000 at JM 20% and JU 15%.
  const s5Policy = policyWith({
    cadangan: "50",
    jasaModal: "20",
    jasaUsaha: "15",
    pengurus: "5",
    karyawan: "5",
    pendidikan: "2.5",
    sosial: "2.5",
  });

  it("S5: JM 36.000.000 on 6.500.000 / 78.000.000 = 3.000.000; JU 397.058,82 rounds up when its remainder is the largest", () => {
    const bases = [basis("X", 6_500_000n, 1_500_000n), basis("Y", 71_500_000n, 100_500_000n)];
    const { share, allocation } = shareOf(s5Policy, 180_000_000n, bases, "X");
    expect(share?.jasaModalMinor).toBe(3_000_000n);
    // X's remainder (.82) beats Y's (.18): the one rupiah left goes to X.
    expect(share?.jasaUsahaMinor).toBe(397_059n);
    expect(allocation.shares.reduce((a, s) => a + s.jasaUsahaMinor, 0n)).toBe(27_000_000n);
  });

  it("S5: … and rounds down when the rupiah left over go to members with larger remainders", () => {
    // Six others whose remainders (29/34 and 30/34 of a rupiah) all beat X's (28/34); six rupiah are left over.
    const others = [16_750_005n, 16_750_005n, 16_750_005n, 16_750_005n, 16_750_024n, 16_749_956n];
    const bases = [
      basis("X", 6_500_000n, 1_500_000n),
      ...others.map((u, i) => basis(`Y${i}`, 71_500_000n / 6n + (i === 0 ? 71_500_000n % 6n : 0n), u)),
    ];
    const { share, allocation } = shareOf(s5Policy, 180_000_000n, bases, "X");
    expect(share?.jasaModalMinor).toBe(3_000_000n);
    expect(share?.jasaUsahaMinor).toBe(397_058n);
    expect(allocation.shares.reduce((a, s) => a + s.jasaUsahaMinor, 0n)).toBe(27_000_000n);
    expect(allocation.shares.reduce((a, s) => a + s.jasaModalMinor, 0n)).toBe(36_000_000n);
  });
});

const stateOf = async (book: TestBook): Promise<BookState> => (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;
const balance = (state: BookState, code: string) => state.accounts.get(code)?.balanceMinor ?? 0n;
const closeThrough = async (book: TestBook, last: number, year = "2026") => {
  for (let m = 1; m <= last; m++) await book.run({ type: "CloseMonth", month: `${year}-${String(m).padStart(2, "0")}` });
};

/** S1 through the engine: capital from opening savings, purchases from real sales, and SHU bagian anggota of exactly 60.000.000. */
const s1Book = async () => {
  const book = await makeTestBook({ today: "2027-01-20", savings: { pokok: "100000", wajibMonthly: "0" } });
  const opening = [
    ["X", "1900000"],
    ["Y", "57900000"],
    ["Z", "39900000"],
  ] as const;
  for (const [i, [memberNo, wajib]] of opening.entries()) {
    await book.run({
      type: "RecordOpeningMember",
      memberNo,
      date: "2026-01-01",
      joinedOn: "2025-06-01",
      identity: identity(i + 1),
      pokok: "100000",
      wajib,
      sukarela: "0",
    });
  }
  await book.run({ type: "RecordOpeningBalances", date: "2026-01-01", memo: "Kas awal", lines: [{ account: A.kas, debit: "100000000" }] });
  await book.run({ type: "AddItem", code: "BERAS", name: "Beras", unit: "kg", quantityScale: 0, price: "10000" });
  await book.run({ type: "AddSupplier", code: "BULOG", name: "Bulog" });
  await book.run({
    type: "PurchaseStock",
    purchaseId: "B-1",
    supplier: "BULOG",
    date: "2026-02-01",
    payment: "cash",
    lines: [{ item: "BERAS", quantity: "7500", cost: "60000000" }],
  });
  for (const [memberNo, kg] of [
    ["X", "500"],
    ["Y", "3000"],
    ["Z", "4000"],
  ]) {
    await book.run({
      type: "RecordSale",
      saleId: `S-${memberNo}`,
      date: "2026-03-01",
      memberNo,
      payment: "cash",
      lines: [{ item: "BERAS", quantity: kg }],
    });
  }
  // Sales 75.000.000 at cost 60.000.000 leave 15.000.000; other member income brings SHU to 60.000.000.
  await book.run({
    type: "PostJournal",
    date: "2026-06-30",
    memo: "Pendapatan jasa lain anggota",
    lines: [
      { account: A.kas, debit: "45000000", unit: "TOKO" },
      { account: A.pendapatanLain, credit: "45000000", unit: "TOKO", party: "anggota" },
    ],
  });
  await closeThrough(book, 12);
  return book;
};

describe("the year close", () => {
  it("brings every Pendapatan and Beban account to zero into SHU Tahun Berjalan, then carries it to SHU Belum Dibagi on 1 January", async () => {
    const book = await s1Book();
    const state = await stateOf(book);
    for (const account of state.accounts.values()) {
      if (account.def.kind === "pendapatan" || account.def.kind === "beban") expect(account.balanceMinor, account.def.code).toBe(0n);
    }
    expect(balance(state, A.shuTahunBerjalan)).toBe(0n);
    expect(balance(state, A.shuBelumDibagi)).toBe(-60_000_000n);
    const closed = book.events().find((e) => e.type === "YearClosed");
    expect(closed?.date).toBe("2026-12-31");
    expect(closed?.data).toMatchObject({ year: "2026", memberShuMinor: 60_000_000n, nonMemberShuMinor: 0n, taxMinor: 0n });
    const opened = book.events().filter((e) => e.type === "YearOpened");
    expect(opened.map((e) => e.date)).toEqual(["2027-01-01"]);
    expect(state.closing.years.get("2026")?.distributed).toBe(false);
  });

  it("S1 end to end: the RAT's distribution gives X 240.000 jasa modal and 1.000.000 jasa usaha, and every pool sums exactly", async () => {
    const book = await s1Book();
    const before = book.events().length;
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
    const run = book.events().slice(before);
    const x = run.find((e) => e.type === "ShuShareAllocated" && e.data.memberNo === "X");
    expect(x?.data).toMatchObject({ jasaModalMinor: 240_000n, jasaUsahaMinor: 1_000_000n, totalMinor: 1_240_000n, withheldMinor: 0n });
    const shares = run.filter((e) => e.type === "ShuShareAllocated");
    const sum = (pick: (d: LedgerEvent & { type: "ShuShareAllocated" }) => bigint) =>
      shares.reduce((a, e) => a + pick(e as LedgerEvent & { type: "ShuShareAllocated" }), 0n);
    expect(sum((e) => e.data.jasaModalMinor)).toBe(12_000_000n);
    expect(sum((e) => e.data.jasaUsahaMinor)).toBe(15_000_000n);
    const state = await stateOf(book);
    // Cadangan 40%, the funds, and the members' shares in Utang SHU Anggota; nothing left undistributed.
    expect(balance(state, A.shuBelumDibagi)).toBe(0n);
    expect(balance(state, A.cadangan)).toBe(-24_000_000n);
    expect(balance(state, A.danaPengurus)).toBe(-3_000_000n);
    expect(balance(state, A.danaPendidikan)).toBe(-1_500_000n);
    expect(balance(state, A.utangShuAnggota)).toBe(-27_000_000n);
    expect(state.subledgers.get(A.utangShuAnggota)?.get("X")?.minor).toBe(-1_240_000n);
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
  });

  it("reopens December before the RAT by reversing the year close exactly, and closes it again with the auditor's correction", async () => {
    const book = await s1Book();
    const closed = await stateOf(book);
    expect(balance(closed, A.shuBelumDibagi)).toBe(-60_000_000n);
    // What each account held before the year close: today's balance less the close's own postings.
    const beforeClose = new Map([...closed.accounts].map(([code, a]) => [code, a.balanceMinor]));
    for (const e of book.events()) {
      if (!["IncomeTaxAccrued", "YearClosingEntryPosted", "YearOpened"].includes(e.type)) continue;
      for (const p of e.postings) beforeClose.set(p.account, (beforeClose.get(p.account) ?? 0n) - p.amount);
    }
    await book.run({ type: "ReopenMonth", month: "2026-12", reason: "koreksi auditor: beban listrik Desember" });
    const reopened = await stateOf(book);
    expect(reopened.closedThrough).toBe("2026-11");
    expect(reopened.closing.years.has("2026")).toBe(false);
    // Every account is back where it stood before the close: income and expenses open, nothing in SHU accounts.
    for (const [code, held] of beforeClose) expect(balance(reopened, code), code).toBe(held);
    expect(balance(reopened, A.pendapatanLain)).toBe(-45_000_000n);
    expect(balance(reopened, A.shuBelumDibagi)).toBe(0n);
    await book.run({
      type: "PostJournal",
      date: "2026-12-31",
      memo: "Listrik Desember",
      lines: [
        { account: A.bebanListrik, debit: "1000000", unit: "TOKO" },
        { account: A.kas, credit: "1000000", unit: "TOKO" },
      ],
    });
    await book.run({ type: "CloseMonth", month: "2026-12" });
    const again = await stateOf(book);
    expect(again.closing.years.get("2026")?.memberShuMinor).toBe(59_000_000n);
    expect(balance(again, A.shuBelumDibagi)).toBe(-59_000_000n);
    for (const account of again.accounts.values()) {
      if (account.def.kind === "pendapatan" || account.def.kind === "beban") expect(account.balanceMinor, account.def.code).toBe(0n);
    }
    expect(snapshot(replay(book.events()))).toBe(snapshot(again));
  });

  it("keeps the member and non-member parts apart, shares common costs by income, and accrues income tax on the profit", async () => {
    const book = await makeTestBook({ today: "2027-01-20" });
    await book.run({ type: "SetShuPolicy", date: "2026-01-02", incomeTax: { basis: "profit", percent: "10" } });
    await book.run({
      type: "PostJournal",
      date: "2026-05-01",
      memo: "Hasil usaha",
      lines: [
        { account: A.kas, debit: "4000000", unit: "TOKO" },
        { account: A.penjualanAnggota, credit: "3000000", unit: "TOKO", party: "anggota" },
        { account: A.penjualanNonAnggota, credit: "1000000", unit: "TOKO", party: "nonanggota" },
      ],
    });
    await book.run({
      type: "PostJournal",
      date: "2026-05-02",
      memo: "Gaji",
      lines: [
        { account: A.bebanGaji, debit: "400000", unit: "TOKO" },
        { account: A.kas, credit: "400000", unit: "TOKO" },
      ],
    });
    await closeThrough(book, 12);
    const tax = book.events().filter((e) => e.type === "IncomeTaxAccrued");
    // SHU before tax 3.600.000; tax 10% = 360.000, posted in the unit that earned it.
    expect(tax.map((e) => e.data)).toEqual([
      { year: "2026", runId: expect.any(String), unit: "TOKO", basis: "profit", amountMinor: 360_000n },
    ]);
    const closed = book.events().find((e) => e.type === "YearClosed");
    // Common result (gaji −400.000, tax −360.000) shared 3:1 by income: members 3.000.000 − 570.000, others 1.000.000 − 190.000.
    expect(closed?.data).toMatchObject({ memberShuMinor: 2_430_000n, nonMemberShuMinor: 810_000n, taxMinor: 360_000n });
    const state = await stateOf(book);
    expect(balance(state, A.utangPajak)).toBe(-360_000n);
    expect(state.subledgers.size).toBeGreaterThan(0);
    // Non-member SHU goes to cadangan by default, beside cadangan's 40% of the member part.
    await book.run({ type: "RegisterMember", memberNo: "M1", date: "2027-01-05", identity: identity(1) });
    const rejected = await book.reject({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
    // M1 joined after the year: no member held capital in 2026, so jasa modal has no basis.
    expect(rejected.tag).toBe("ShuRejected");
    expect((rejected.error as { reason: { reason: string } }).reason.reason).toBe("no-capital");
  });

  it("sends non-member SHU to cadangan by default, or over the funds by their percentages, and counts sukarela as capital when told", async () => {
    const run = async (policy: Record<string, unknown>) => {
      const book = await makeTestBook({ today: "2027-01-20", savings: { pokok: "100000", wajibMonthly: "0" } });
      await book.run({ type: "SetShuPolicy", date: "2026-01-01", usage: [{ measure: "shop-purchases", weight: "100" }], ...policy });
      await book.run({ type: "RegisterMember", memberNo: "A", date: "2026-01-02", identity: identity(1) });
      await book.run({ type: "RegisterMember", memberNo: "B", date: "2026-01-02", identity: identity(2) });
      await book.run({ type: "DepositSukarela", memberNo: "B", date: "2026-01-03", amount: "300000" });
      await book.run({ type: "AddItem", code: "GULA", name: "Gula", unit: "kg", quantityScale: 0, price: "20000" });
      await book.run({ type: "AddSupplier", code: "S", name: "Grosir" });
      await book.run({
        type: "PurchaseStock",
        purchaseId: "P",
        supplier: "S",
        date: "2026-02-01",
        payment: "cash",
        lines: [{ item: "GULA", quantity: "300", cost: "3000000" }],
      });
      // Members buy 100 kg (margin 1.000.000), others 200 kg (margin 2.000.000).
      await book.run({
        type: "RecordSale",
        saleId: "S1",
        date: "2026-02-02",
        memberNo: "A",
        payment: "cash",
        lines: [{ item: "GULA", quantity: "100" }],
      });
      await book.run({ type: "RecordSale", saleId: "S2", date: "2026-02-03", payment: "cash", lines: [{ item: "GULA", quantity: "200" }] });
      await closeThrough(book, 12);
      const before = book.events().length;
      await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
      return { state: await stateOf(book), run: book.events().slice(before) };
    };
    const byDefault = await run({});
    // Cadangan: 40% of the members' 1.000.000, and all of the others' 2.000.000.
    expect(balance(byDefault.state, A.cadangan)).toBe(-2_400_000n);
    expect(balance(byDefault.state, A.danaPengurus)).toBe(-50_000n);
    const spread = await run({ nonMember: "funds" });
    // Over cadangan 40, pengurus 5, karyawan 5, pendidikan 2.5, sosial 2.5 (55 in all): 1.454.545,45 + 2 × 181.818,18 +
    // 2 × 90.909,09; the floors leave one rupiah, which goes to the largest remainder (cadangan's ,45).
    expect(balance(spread.state, A.cadangan)).toBe(-(400_000n + 1_454_546n));
    expect(balance(spread.state, A.danaPengurus)).toBe(-(50_000n + 181_818n));
    expect(balance(spread.state, A.danaPendidikan)).toBe(-(25_000n + 90_909n));
    const fund = [A.cadangan, A.danaPengurus, A.danaKaryawan, A.danaPendidikan, A.danaSosial].reduce(
      (sum, code) => sum + balance(spread.state, code),
      0n,
    );
    expect(fund).toBe(-(1_000_000n - 450_000n + 2_000_000n));
    // Jasa modal 200.000: by pokok + wajib (100.000 each) it is shared equally; with sukarela B holds 400.000 of 500.000.
    const jm = (r: Awaited<ReturnType<typeof run>>) =>
      r.run.flatMap((e) => (e.type === "ShuShareAllocated" ? [[e.data.memberNo, e.data.jasaModalMinor]] : []));
    expect(jm(byDefault)).toEqual([
      ["A", 100_000n],
      ["B", 100_000n],
    ]);
    expect(jm(await run({ capital: { includeSukarela: true } }))).toEqual([
      ["A", 40_000n],
      ["B", 160_000n],
    ]);
  });

  it("shares the SHU among the members at the year's end: one who left after it keeps a share, held for them; one who left during it has none", async () => {
    const book = await makeTestBook({ today: "2027-01-20", savings: { pokok: "100000", wajibMonthly: "0" } });
    const allocation = { cadangan: "0", jasaModal: "100", jasaUsaha: "0", pengurus: "0", karyawan: "0", pendidikan: "0", sosial: "0" };
    await book.run({ type: "SetShuPolicy", date: "2026-01-01", allocation });
    for (const [n, memberNo] of ["A", "B", "C"].entries()) {
      await book.run({ type: "RegisterMember", memberNo, date: "2026-01-02", identity: identity(n + 1) });
    }
    await book.run({ type: "PayWajib", memberNo: "A", date: "2026-01-03", amount: "300000" });
    await book.run({ type: "PayWajib", memberNo: "B", date: "2026-01-03", amount: "100000" });
    await book.run({ type: "PayWajib", memberNo: "C", date: "2026-01-03", amount: "500000" });
    await book.run({ type: "ResignMember", memberNo: "C", date: "2026-06-15" });
    await book.run({
      type: "PostJournal",
      date: "2026-08-01",
      memo: "Hasil",
      lines: [
        { account: A.kas, debit: "1000000" },
        { account: A.pendapatanLain, credit: "1000000", party: "anggota" },
      ],
    });
    await closeThrough(book, 12);
    await book.run({ type: "ResignMember", memberNo: "B", date: "2027-01-10" });
    const before = book.events().length;
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15", payout: "sukarela" });
    const shares = book
      .events()
      .slice(before)
      .flatMap((e) =>
        e.type === "ShuShareAllocated" ? [[e.data.memberNo, e.data.capitalMinor, e.data.jasaModalMinor, e.data.payout]] : [],
      );
    // Capital at 31 December: A 400.000, B 200.000 (refunded only in January); C had left.
    expect(shares).toEqual([
      ["A", 400_000n, 666_667n, "sukarela"],
      ["B", 200_000n, 333_333n, "hold"],
    ]);
    const state = await stateOf(book);
    expect(state.subledgers.get(A.simpananSukarela)?.get("A")?.minor).toBe(-666_667n);
    expect(state.subledgers.get(A.utangShuAnggota)?.get("B")?.minor).toBe(-333_333n);
    // The member who left is paid what is held for them.
    await book.run({ type: "PayShu", memberNo: "B", date: "2027-01-16" });
    expect((await stateOf(book)).subledgers.get(A.utangShuAnggota)?.get("B")?.minor).toBe(0n);
  });

  it("counts sukarela by its rupiah-days, the months already folded and the December not yet folded alike", async () => {
    const book = await makeTestBook({ today: "2027-01-20", savings: { pokok: "0", wajibMonthly: "0", sukarela: { ratePerYear: "0" } } });
    const allocation = { cadangan: "0", jasaModal: "100", jasaUsaha: "0", pengurus: "0", karyawan: "0", pendidikan: "0", sosial: "0" };
    await book.run({ type: "SetShuPolicy", date: "2026-01-01", allocation, capital: { includeSukarela: true, measure: "average" } });
    await book.run({ type: "RegisterMember", memberNo: "A", date: "2026-01-01", identity: identity(1) });
    await book.run({ type: "RegisterMember", memberNo: "B", date: "2026-01-01", identity: identity(2) });
    // A holds 1.200.000 for 365 days; B 14.600.000 for the last 30: 438.000.000 rupiah-days each.
    await book.run({ type: "DepositSukarela", memberNo: "A", date: "2026-01-01", amount: "1200000" });
    await book.run({ type: "DepositSukarela", memberNo: "B", date: "2026-12-02", amount: "14600000" });
    await book.run({
      type: "PostJournal",
      date: "2026-08-01",
      memo: "Hasil",
      lines: [
        { account: A.kas, debit: "1000000" },
        { account: A.pendapatanLain, credit: "1000000", party: "anggota" },
      ],
    });
    await closeThrough(book, 12);
    // B's deposit is not folded yet (December's moves fold when January closes); a January deposit is not 2026's.
    await book.run({ type: "DepositSukarela", memberNo: "A", date: "2027-01-05", amount: "5000000" });
    const before = book.events().length;
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
    const shares = book
      .events()
      .slice(before)
      .flatMap((e) => (e.type === "ShuShareAllocated" ? [[e.data.memberNo, e.data.capitalMinor, e.data.jasaModalMinor]] : []));
    expect(shares).toEqual([
      ["A", 438_000_000n, 500_000n],
      ["B", 438_000_000n, 500_000n],
    ]);
    expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
  });

  it("shares jasa modal by the time-weighted average balance when the policy says so", async () => {
    const book = await makeTestBook({ today: "2027-01-20", savings: { pokok: "0", wajibMonthly: "0" } });
    await book.run({
      type: "SetShuPolicy",
      date: "2026-01-02",
      allocation: { cadangan: "80", jasaModal: "20", jasaUsaha: "0", pengurus: "0", karyawan: "0", pendidikan: "0", sosial: "0" },
      capital: { measure: "average" },
    });
    await book.run({ type: "RegisterMember", memberNo: "A", date: "2026-01-01", identity: identity(1) });
    await book.run({ type: "RegisterMember", memberNo: "B", date: "2026-01-01", identity: identity(2) });
    // A holds 1.200.000 all year (365 days); B holds 2.400.000 from 1 July (184 days).
    await book.run({ type: "PayWajib", memberNo: "A", date: "2026-01-01", amount: "1200000" });
    await book.run({ type: "PayWajib", memberNo: "B", date: "2026-07-01", amount: "2400000" });
    await book.run({
      type: "PostJournal",
      date: "2026-08-01",
      memo: "Hasil",
      lines: [
        { account: A.kas, debit: "4398000" },
        { account: A.pendapatanLain, credit: "4398000", party: "anggota" },
      ],
    });
    await closeThrough(book, 12);
    const before = book.events().length;
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15", payout: "sukarela" });
    const shares = book
      .events()
      .slice(before)
      .filter((e) => e.type === "ShuShareAllocated");
    // JM pool 879.600 over 438.000.000 and 441.600.000 rupiah-days: 438.000 and 441.600.
    expect(shares.map((e) => [e.data.memberNo, e.data.jasaModalMinor])).toEqual([
      ["A", 438_000n],
      ["B", 441_600n],
    ]);
    // Paid into sukarela: the members' savings hold it.
    const state = await stateOf(book);
    expect(state.subledgers.get(A.simpananSukarela)?.get("B")?.minor).toBe(-441_600n);
  });

  it("shares jasa usaha over loan interest paid and shop purchases by weight, with tax withheld", async () => {
    const book = await makeTestBook({ today: "2027-01-20", savings: { pokok: "100000", wajibMonthly: "0" } });
    await book.run({
      type: "SetShuPolicy",
      date: "2026-01-02",
      usage: [
        { measure: "loan-interest", weight: "60" },
        { measure: "shop-purchases", weight: "40" },
      ],
      withholdingPercent: "10",
    });
    await book.run({ type: "RegisterMember", memberNo: "A", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "RegisterMember", memberNo: "B", date: "2026-01-02", identity: identity(2) });
    await book.run({ type: "CreateLoanProduct", code: "FLAT", name: "Flat", method: "flat", ratePerYear: "0.12", termMax: 12 });
    await book.run({
      type: "DisburseLoan",
      loanId: "L-A",
      memberNo: "A",
      product: "FLAT",
      principal: "1200000",
      instalments: 12,
      date: "2026-01-05",
    });
    // A pays two instalments: 2 × (100.000 + 12.000) → 24.000 jasa.
    await book.run({ type: "RepayLoan", loanId: "L-A", amount: "224000", date: "2026-03-05" });
    await book.run({ type: "AddItem", code: "GULA", name: "Gula", unit: "kg", quantityScale: 0, price: "15000" });
    await book.run({ type: "AddSupplier", code: "S", name: "Toko Grosir" });
    await book.run({
      type: "PurchaseStock",
      purchaseId: "P1",
      supplier: "S",
      date: "2026-03-01",
      payment: "cash",
      lines: [{ item: "GULA", quantity: "100", cost: "1200000" }],
    });
    await book.run({
      type: "RecordSale",
      saleId: "S1",
      date: "2026-03-02",
      memberNo: "B",
      payment: "cash",
      lines: [{ item: "GULA", quantity: "20" }],
    });
    await book.run({
      type: "PostJournal",
      date: "2026-08-01",
      memo: "Hasil",
      lines: [
        { account: A.kas, debit: "10000000" },
        { account: A.pendapatanLain, credit: "10000000", party: "anggota" },
      ],
    });
    await closeThrough(book, 12);
    const before = book.events().length;
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
    const run = book.events().slice(before);
    const distributed = run[0] as LedgerEvent & { type: "ShuDistributed" };
    const ju = distributed.data.pools.find((p) => p.pool === "jasaUsaha")?.memberMinor as bigint;
    const parts = distributed.data.usageParts;
    expect(parts.map((p) => p.measure)).toEqual(["loan-interest", "shop-purchases"]);
    expect(parts.map((p) => p.poolMinor)).toEqual(allocate(ju, [6000n, 4000n]));
    expect((parts[0]?.poolMinor as bigint) + (parts[1]?.poolMinor as bigint)).toBe(ju);
    expect(parts[0]?.basisMinor).toBe(24_000n);
    expect(parts[1]?.basisMinor).toBe(300_000n);
    const a = run.find((e) => e.type === "ShuShareAllocated" && e.data.memberNo === "A") as LedgerEvent & { type: "ShuShareAllocated" };
    const b = run.find((e) => e.type === "ShuShareAllocated" && e.data.memberNo === "B") as LedgerEvent & { type: "ShuShareAllocated" };
    // Only A paid interest and only B bought: each takes a whole part.
    expect(a.data.usage.find((u) => u.measure === "loan-interest")?.amountMinor).toBe(parts[0]?.poolMinor);
    expect(b.data.usage.find((u) => u.measure === "shop-purchases")?.amountMinor).toBe(parts[1]?.poolMinor);
    // 10% withheld, half up, to Utang Pajak; the rest owed to the member.
    expect(a.data.withheldMinor).toBe((a.data.totalMinor * 10n + 50n) / 100n);
    const state = await stateOf(book);
    expect(-(state.subledgers.get(A.utangShuAnggota)?.get("A")?.minor ?? 0n)).toBe(a.data.totalMinor - a.data.withheldMinor);
    // PayShu pays what is held, in part or in full.
    await book.run({ type: "PayShu", memberNo: "A", date: "2027-01-16", amount: "1000" });
    await book.run({ type: "PayShu", memberNo: "A", date: "2027-01-17" });
    expect((await stateOf(book)).subledgers.get(A.utangShuAnggota)?.get("A")?.minor).toBe(0n);
  });
});

describe("the negative space of closing and SHU", () => {
  const expectNothingWritten = async (book: TestBook, command: unknown, tag: string, reason?: string) => {
    const before = book.events().length;
    const state = snapshot(await stateOf(book));
    const rejected = await book.reject(command);
    expect(rejected.tag).toBe(tag);
    const error = (rejected.error as { reason: { reason: string; message: string } }).reason;
    if (reason !== undefined) expect(error.reason).toBe(reason);
    expect(book.events().length).toBe(before);
    expect(snapshot(await stateOf(book))).toBe(state);
    return error;
  };

  it("refuses a policy whose percentages do not sum to 100, or whose usage weights do not", async () => {
    const book = await makeTestBook({ today: "2026-03-01" });
    const error = await expectNothingWritten(
      book,
      { type: "SetShuPolicy", date: "2026-02-01", allocation: { cadangan: "45" } },
      "ShuRejected",
      "invalid-policy",
    );
    expect(error.message).toContain("105%");
    await expectNothingWritten(
      book,
      { type: "SetShuPolicy", date: "2026-02-01", usage: [{ measure: "loan-interest", weight: "50" }] },
      "ShuRejected",
      "invalid-policy",
    );
    await expectNothingWritten(
      book,
      {
        type: "SetShuPolicy",
        date: "2026-02-01",
        usage: [
          { measure: "loan-interest", weight: "50" },
          { measure: "loan-interest", weight: "50" },
        ],
      },
      "ShuRejected",
      "invalid-policy",
    );
    await expectNothingWritten(book, { type: "SetShuPolicy", date: "2026-02-01", allocation: { cadangan: "forty" } }, "InvalidCommand");
    await expectNothingWritten(book, { type: "SetShuPolicy", date: "2026-02-01", nonMember: "members" }, "InvalidCommand");
  });

  it("refuses a distribution before the year is closed, dated in the year, twice for one year, and payments beyond what is owed", async () => {
    const book = await s1Book();
    await expectNothingWritten(book, { type: "DistributeShu", year: "2025", date: "2027-01-15" }, "ShuRejected", "year-not-closed");
    await expectNothingWritten(book, { type: "DistributeShu", year: "2026", date: "2026-12-31" }, "ShuRejected", "before-year-end");
    await expectNothingWritten(book, { type: "DistributeShu", year: "2026", date: "2027-02-15" }, "DateInFuture");
    await expectNothingWritten(book, { type: "DistributeShu", year: "26", date: "2027-01-15" }, "InvalidCommand");
    await expectNothingWritten(book, { type: "PayShu", memberNo: "X", date: "2027-01-16" }, "ShuRejected", "nothing-owed");
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
    await expectNothingWritten(book, { type: "DistributeShu", year: "2026", date: "2027-01-16" }, "ShuRejected", "already-distributed");
    await expectNothingWritten(
      book,
      { type: "PayShu", memberNo: "X", date: "2027-01-16", amount: "1240001" },
      "ShuRejected",
      "beyond-owed",
    );
    await expectNothingWritten(book, { type: "PayShu", memberNo: "NOBODY", date: "2027-01-16" }, "UnknownMember");
  });

  it("a year's loss is not shared; the refusal says how the RAT covers it from cadangan, and a journal does", async () => {
    const book = await makeTestBook({ today: "2027-02-20" });
    await book.run({
      type: "RecordOpeningBalances",
      date: "2026-01-01",
      memo: "Saldo awal",
      lines: [
        { account: A.kas, debit: "3000000" },
        { account: A.cadangan, credit: "3000000" },
      ],
    });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-05", identity: identity(1) });
    await book.run({
      type: "PostJournal",
      date: "2026-03-10",
      memo: "Listrik",
      lines: [
        { account: A.bebanListrik, debit: "1200000" },
        { account: A.kas, credit: "1200000" },
      ],
    });
    await closeThrough(book, 12);
    expect(balance(await stateOf(book), A.shuBelumDibagi)).toBe(1_200_000n);
    const refusal = await expectNothingWritten(
      book,
      { type: "DistributeShu", year: "2026", date: "2027-02-20" },
      "ShuRejected",
      "no-surplus",
    );
    expect(refusal.message).toBe(
      "SHU 2026: tidak ada SHU bagian anggota untuk dibagi (SHU bagian anggota -Rp1.200.000: rugi; RAT dapat menutupnya dari cadangan dengan jurnal Dr 3201 Cadangan, Kr 3402 SHU Belum Dibagi).",
    );
    await book.run({
      type: "PostJournal",
      date: "2027-02-20",
      memo: "Penutupan rugi 2026 dari cadangan (keputusan RAT)",
      lines: [
        { account: A.cadangan, debit: "1200000" },
        { account: A.shuBelumDibagi, credit: "1200000" },
      ],
    });
    const covered = await stateOf(book);
    expect(balance(covered, A.shuBelumDibagi)).toBe(0n);
    expect(balance(covered, A.cadangan)).toBe(-1_800_000n);
  });

  it("never posts into the closed year, and once the RAT has shared its SHU the year never reopens", async () => {
    const book = await s1Book();
    await expectNothingWritten(book, { type: "DepositSukarela", memberNo: "X", date: "2026-12-31", amount: "1000" }, "PeriodClosed");
    await expectNothingWritten(book, { type: "CloseMonth", month: "2027-01" }, "MonthNotClosable");
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
    const error = await expectNothingWritten(
      book,
      { type: "ReopenMonth", month: "2026-12", reason: "koreksi audit" },
      "MonthNotReopenable",
    );
    expect(error.message).toContain("RAT");
  });

  it("refuses a distribution whose entry would need more lines than an entry may have (more than 17 units), writing nothing", async () => {
    const book = await makeTestBook({ today: "2027-01-20", savings: { pokok: "100000", wajibMonthly: "0" } });
    // A second book with 18 units: the test helper opens a book with the default two, so open one here.
    const units = Array.from({ length: 18 }, (_, i) => ({ code: `U${i + 1}`, name: `Unit ${i + 1}` }));
    const bookId = "kop-units";
    const run = (command: unknown) => Effect.runPromise(book.executor.execute(bookId, [command]));
    await run({
      type: "OpenBook",
      bookId,
      name: "Banyak unit",
      startDate: "2026-01-01",
      units,
      savings: { pokok: "100000", wajibMonthly: "0" },
    });
    await run({
      type: "SetShuPolicy",
      date: "2026-01-01",
      nonMember: "funds",
      allocation: {
        cadangan: "35",
        jasaModal: "40",
        jasaUsaha: "0",
        pengurus: "5",
        karyawan: "5",
        pendidikan: "5",
        sosial: "5",
        pembangunanDaerahKerja: "5",
      },
    });
    await run({ type: "RegisterMember", memberNo: "A", date: "2026-01-02", identity: identity(1) });
    for (const unit of units) {
      await run({
        type: "PostJournal",
        date: "2026-05-01",
        memo: `Hasil ${unit.code}`,
        lines: [
          { account: A.kas, debit: "300000", unit: unit.code },
          { account: A.pendapatanLain, credit: "200000", unit: unit.code, party: "anggota" },
          { account: A.pendapatanLain, credit: "100000", unit: unit.code, party: "nonanggota" },
        ],
      });
    }
    for (let m = 1; m <= 12; m++) await run({ type: "CloseMonth", month: `2026-${String(m).padStart(2, "0")}` });
    const before = [...book.store.rawEvents(bookId)].length;
    const exit = await Effect.runPromiseExit(book.executor.execute(bookId, [{ type: "DistributeShu", year: "2026", date: "2027-01-15" }]));
    // 18 units × 2 parts + 18 transfer lines + every pool's member and non-member parts: 66 lines.
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("Terlalu banyak baris (66); paling banyak 64.");
    expect([...book.store.rawEvents(bookId)].length).toBe(before);
  });

  it("refuses to close a month, and so the year, while a sub-ledger does not reconcile to its control account", async () => {
    const book = await makeTestBook({ today: "2027-01-20", savings: { pokok: "100000" } });
    await book.run({ type: "RegisterMember", memberNo: "A", date: "2026-01-02", identity: identity(1) });
    // A state whose sub-ledger was changed behind the engine's back (e.g. a projection edited in SQL).
    const tampered = replay(book.events()) as BookState;
    const cell = tampered.subledgers.get(A.simpananPokok)?.get("A");
    if (cell === undefined) throw new Error("no pokok sub-ledger");
    cell.minor -= 1n;
    const decision = decide(
      tampered,
      { type: "CloseMonth", month: "2026-01" },
      { today: "2027-01-20", identities: { memberWithNik: () => undefined }, salt: () => "0".repeat(32) },
    );
    expect(decision.ok).toBe(false);
    if (!decision.ok) {
      expect(decision.error._tag).toBe("MonthNotClosable");
      expect((decision.error as { reason: string }).reason).toBe("subledger-unreconciled");
      expect(decision.error.message).toContain(A.simpananPokok);
    }
  });
});

describe("the RAT statements of a closed year (S1's book)", () => {
  it("lays out posisi keuangan, hasil usaha, perubahan ekuitas and arus kas, per unit and consolidated, beside the prior year", async () => {
    const book = await s1Book();
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
    const state = await stateOf(book);
    const events = book.events();
    const { posisiKeuangan, hasilUsaha, perubahanEkuitas, arusKas } = ratStatements(state, events, "2026");
    const figures = (lines: ReadonlyArray<{ code: string; currentMinor: bigint }>) =>
      Object.fromEntries(lines.map((l) => [l.code, l.currentMinor]));
    // 31 December 2026: Kas 100.000.000 (USP) + 60.000.000 (TOKO); capital 100.000.000; the year's SHU 60.000.000.
    expect(figures(posisiKeuangan.aset)).toEqual({ [A.kas]: 160_000_000n });
    expect(posisiKeuangan.kewajiban).toEqual([]);
    expect(figures(posisiKeuangan.ekuitas)).toEqual({
      [A.simpananPokok]: 300_000n,
      [A.simpananWajib]: 99_700_000n,
      [A.shuTahunBerjalan]: 60_000_000n,
    });
    expect(posisiKeuangan.totalAset).toEqual({ currentMinor: 160_000_000n, priorMinor: 0n });
    const toko = financialPosition(state, events, "2026", { unit: "TOKO" });
    expect(figures(toko.aset)).toEqual({ [A.kas]: 60_000_000n });
    expect(figures(toko.ekuitas)).toEqual({ [A.shuTahunBerjalan]: 60_000_000n });
    // Hasil usaha: members' business only.
    expect(hasilUsaha.pendapatan.map((l) => [l.code, l.anggotaMinor, l.nonAnggotaMinor])).toEqual([
      [A.penjualanAnggota, 75_000_000n, 0n],
      [A.pendapatanLain, 45_000_000n, 0n],
    ]);
    expect(hasilUsaha.beban.map((l) => [l.code, l.currentMinor])).toEqual([[A.hppAnggota, 60_000_000n]]);
    expect(hasilUsaha.shu).toEqual({ currentMinor: 60_000_000n, priorMinor: 0n });
    expect(hasilUsaha.shuAnggota.currentMinor).toBe(60_000_000n);
    // Perubahan ekuitas ends where the balance sheet does.
    expect(perubahanEkuitas.totalCurrent.closingMinor).toBe(posisiKeuangan.totalEkuitas.currentMinor);
    // Arus kas, direct: receipts from sales and other income, payments for stock, capital paid in.
    const flow = Object.fromEntries(arusKas.current.lines.map((l) => [l.code, [l.activity, l.inMinor, l.outMinor]]));
    expect(flow).toEqual({
      [A.penjualanAnggota]: ["operasi", 75_000_000n, 0n],
      [A.pendapatanLain]: ["operasi", 45_000_000n, 0n],
      [A.persediaan]: ["operasi", 0n, 60_000_000n],
    });
    // The cash the book started with (against Penyeimbang Saldo Awal) is opening cash, not a flow.
    expect(arusKas.current.openingCashMinor).toBe(100_000_000n);
    expect(arusKas.current.closingCashMinor).toBe(160_000_000n);
    // 2027: the SHU distributed moves equity into cadangan, the funds and Utang SHU Anggota; no cash yet.
    const next = financialPosition(state, events, "2027");
    expect(figures(next.kewajiban)[A.utangShuAnggota]).toBe(27_000_000n);
    expect(next.totalAset.priorMinor).toBe(160_000_000n);
  });

  it("summarises the notes and gives the SHU table and a member's slip", async () => {
    const book = await s1Book();
    const preview = shuTable(await stateOf(book), book.events(), "2026");
    expect(preview?.distributed).toBe(false);
    expect(preview?.rows.find((r) => r.memberNo === "X")?.totalMinor).toBe(1_240_000n);
    await book.run({ type: "DistributeShu", year: "2026", date: "2027-01-15" });
    const state = await stateOf(book);
    const table = shuTable(state, book.events(), "2026");
    expect(table?.distributed).toBe(true);
    expect(table?.rows.map((r) => r.memberNo)).toEqual(["X", "Y", "Z"]);
    expect(table?.rows).toEqual(preview?.rows);
    expect(table?.totals.totalMinor).toBe(27_000_000n);
    const slip = shuSlip(state, table as NonNullable<typeof table>, "X");
    expect(slip.jasaModal).toEqual({
      percent: "20",
      poolMinor: 12_000_000n,
      capitalMinor: 2_000_000n,
      allCapitalMinor: 100_000_000n,
      amountMinor: 240_000n,
    });
    expect(slip.jasaUsaha).toEqual([
      { measure: "shop-purchases", poolMinor: 15_000_000n, basisMinor: 5_000_000n, allBasisMinor: 75_000_000n, amountMinor: 1_000_000n },
    ]);
    expect(slip.netMinor).toBe(1_240_000n);
    const notes = notesSummary(state, book.events(), "2026-12-31");
    expect(notes.savings).toEqual([
      { kind: "pokok", members: 3, totalMinor: 300_000n },
      { kind: "wajib", members: 3, totalMinor: 99_700_000n },
      { kind: "sukarela", members: 0, totalMinor: 0n },
      { kind: "berjangka", members: 0, totalMinor: 0n },
    ]);
    expect(notes.stockTotalMinor).toBe(0n);
  });
});

describe("interim statements (laporan triwulanan, semesteran)", () => {
  const income = (date: string, amount: string) => ({
    type: "PostJournal",
    date,
    memo: `Jasa lain ${date}`,
    lines: [
      { account: A.kas, debit: amount },
      { account: A.pendapatanLain, credit: amount, party: "anggota" },
    ],
  });

  it("compares a quarter with the same quarter a year earlier, and its balance sheet with the last year end", async () => {
    const book = await makeTestBook({ today: "2027-04-10" });
    await book.run(income("2026-02-10", "1000000"));
    await book.run(income("2026-05-10", "500000"));
    await book.run(income("2027-02-10", "2000000"));
    const state = (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;
    const events = book.events();

    const q1 = resultOfOperationsFor(state, events, { from: "2027-01-01", to: "2027-03-31" });
    expect(q1.period).toEqual({ current: { from: "2027-01-01", to: "2027-03-31" }, prior: { from: "2026-01-01", to: "2026-03-31" } });
    expect(q1.year).toBe("2027");
    expect(q1.shu).toEqual({ currentMinor: 2_000_000n, priorMinor: 1_000_000n });
    // The half year of 2026 holds both of its entries; the whole year is the year's statement.
    expect(resultOfOperationsFor(state, events, { from: "2026-01-01", to: "2026-06-30" }).shu.currentMinor).toBe(1_500_000n);

    const atQ1 = financialPositionAt(state, events, "2027-03-31");
    expect(atQ1.asOf).toEqual({ current: "2027-03-31", prior: "2026-12-31" });
    expect(atQ1.totalAset).toEqual({ currentMinor: 3_500_000n, priorMinor: 1_500_000n });
    expect(atQ1.totalAset.currentMinor).toBe(atQ1.totalKewajiban.currentMinor + atQ1.totalEkuitas.currentMinor);
  });

  it("takes the same days a year earlier, 29 February as 28 February, and refuses a period longer than a year", async () => {
    expect(sameDayYearBefore("2028-02-29")).toBe("2027-02-28");
    expect(sameDayYearBefore("2027-03-01")).toBe("2026-03-01");
    expect(sameDayYearBefore("2026-12-31")).toBe("2025-12-31");
    const book = await makeTestBook();
    const state = (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;
    expect(() => resultOfOperationsFor(state, book.events(), { from: "2026-01-01", to: "2027-01-01" })).toThrow(RangeError);
    expect(() => resultOfOperationsFor(state, book.events(), { from: "2026-03-01", to: "2026-02-01" })).toThrow(RangeError);
    expect(resultOfOperationsFor(state, book.events(), { from: "2026-01-02", to: "2027-01-01" }).period.prior).toEqual({
      from: "2025-01-02",
      to: "2026-01-01",
    });
  });
});
