/**
 * Tutup buku with the Promise API: a small koperasi's year (savings, a shop, costs), every month
 * closed, the year closed into SHU, the RAT's SHU distribution by the AD/ART, one member paid, and
 * the RAT statements, the SHU table and a member's slip. Run it with
 * `npx tsx docs/examples/tutup-buku.ts` after `npm test` has installed everything.
 */
import {
  createLedger,
  formatRupiah,
  makeMemoryStore,
  memberStatement,
  memberStatementEvents,
  ratStatements,
  ratStatementsReads,
  shuSlip,
  shuTable,
  shuTableEvents,
  trialBalance,
  trialBalanceFilters,
} from "@lumbung/core";

export const main = async (log: (line: string) => void = console.log) => {
  const store = makeMemoryStore();
  // The RAT is held on 20 January 2027: every command below is dated on or before it.
  const ledger = createLedger({ store, clock: { now: () => new Date("2027-01-20T05:00:00Z") } });
  const book = "kop-rat";
  const rp = (minor: bigint) => formatRupiah(minor, 0);
  const member = (n: number, name: string) => ({ nik: `32750141129900${String(n).padStart(2, "0")}`, name, address: "Jatisampurna" });

  await ledger.execute(book, [
    { type: "OpenBook", bookId: book, name: "Koperasi Contoh", startDate: "2026-01-01", savings: { pokok: "100000", wajibMonthly: "0" } },
    // The AD/ART: the default allocation (cadangan 40, jasa modal 20, jasa usaha 25, pengurus 5,
    // karyawan 5, pendidikan 2.5, sosial 2.5), and the final income tax of 0,5% of turnover.
    { type: "SetShuPolicy", date: "2026-01-01", incomeTax: { basis: "turnover", percent: "0.5" } },
    { type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: member(1, "Siti Rahayu") },
    { type: "RegisterMember", memberNo: "A002", date: "2026-01-02", identity: member(2, "Budi Santoso") },
    { type: "PayWajib", memberNo: "A001", date: "2026-01-03", amount: "900000" },
    { type: "PayWajib", memberNo: "A002", date: "2026-01-03", amount: "300000" },
    {
      type: "PostJournal",
      date: "2026-01-04",
      memo: "Hibah modal toko dari program Kopdes Merah Putih",
      lines: [
        { account: "1101", debit: "15000000", unit: "TOKO" },
        { account: "3301", credit: "15000000", unit: "TOKO" },
      ],
    },
    { type: "AddItem", code: "BERAS", name: "Beras medium", unit: "kg", quantityScale: 0, price: "14000", memberPrice: "13500" },
    { type: "AddSupplier", code: "BULOG", name: "Bulog Bekasi" },
    {
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "1000", cost: "12000000" }],
    },
    {
      type: "RecordSale",
      saleId: "S-1",
      date: "2026-02-10",
      memberNo: "A001",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "300" }],
    },
    {
      type: "RecordSale",
      saleId: "S-2",
      date: "2026-03-10",
      memberNo: "A002",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "100" }],
    },
    { type: "RecordSale", saleId: "S-3", date: "2026-04-10", payment: "cash", lines: [{ item: "BERAS", quantity: "200" }] },
    {
      type: "PostJournal",
      date: "2026-06-30",
      memo: "Honor pengelola toko semester I",
      lines: [
        { account: "5301", debit: "600000", unit: "TOKO" },
        { account: "1101", credit: "600000", unit: "TOKO" },
      ],
    },
  ]);
  // Every month closed in order; closing December closes the year.
  for (let m = 1; m <= 12; m++) await ledger.run(book, { type: "CloseMonth", month: `2026-${String(m).padStart(2, "0")}` });
  const closed = (await ledger.state(book))?.closing.years.get("2026");
  log(
    `SHU 2026: anggota ${rp(closed?.memberShuMinor ?? 0n)}, non-anggota ${rp(closed?.nonMemberShuMinor ?? 0n)}, pajak ${rp(closed?.taxMinor ?? 0n)}`,
  );

  // The RAT decides: shares held in Utang SHU Anggota until paid; A001 is paid in cash at once.
  await ledger.run(book, { type: "DistributeShu", year: "2026", date: "2027-01-15" });
  await ledger.run(book, { type: "PayShu", memberNo: "A001", date: "2027-01-15" });

  const state = await ledger.state(book);
  if (state === undefined) throw new Error(`buku ${book} tidak ada`);
  // The RAT statements read sums of postings and the entries that move cash, not the whole log.
  const { posisiKeuangan, hasilUsaha, arusKas } = ratStatements(
    state,
    await ledger.read(book, ratStatementsReads(state, "2026"), state.seq),
    "2026",
  );
  log(
    `total aset 31-12-2026: ${rp(posisiKeuangan.totalAset.currentMinor)} = kewajiban ${rp(posisiKeuangan.totalKewajiban.currentMinor)} + ekuitas ${rp(posisiKeuangan.totalEkuitas.currentMinor)}`,
  );
  log(
    `pendapatan ${rp(hasilUsaha.totalPendapatan.currentMinor)}, beban ${rp(hasilUsaha.totalBeban.currentMinor)}, SHU ${rp(hasilUsaha.shu.currentMinor)}`,
  );
  log(`kas awal ${rp(arusKas.current.openingCashMinor)}, kas akhir ${rp(arusKas.current.closingCashMinor)}`);
  // The trial balance needs only sums of postings: the store totals them (one query on PostgreSQL and
  // PGlite) instead of handing over the whole log.
  const asOf = "2026-06-30";
  const tb = trialBalance(state, await ledger.totals(book, trialBalanceFilters({ asOf }), state.seq), { asOf });
  log(`neraca saldo ${asOf}: ${tb.rows.length} akun, debit ${rp(tb.totalDebitMinor)} = kredit ${rp(tb.totalCreditMinor)}`);
  // A member's statement needs only the events posted to the member's savings.
  const year = { memberNo: "A001", from: "2026-01-01", to: "2026-12-31" };
  const mutasi = memberStatement(await ledger.events(book, memberStatementEvents(year)), year);
  log(
    `simpanan A001 akhir 2026: ${rp(mutasi.totalMinor)} dari ${mutasi.kinds.pokok.lines.length + mutasi.kinds.wajib.lines.length} mutasi`,
  );
  const table = shuTable(state, await ledger.events(book, shuTableEvents("2026")), "2026");
  if (table === undefined) throw new Error("SHU 2026 belum ditutup");
  for (const row of table.rows)
    log(`${row.memberNo}: jasa modal ${rp(row.jasaModalMinor)} + jasa usaha ${rp(row.jasaUsahaMinor)} = ${rp(row.totalMinor)}`);
  const slip = shuSlip(state, table, "A001");
  log(`slip A001: modal ${rp(slip.jasaModal.capitalMinor)} dari ${rp(slip.jasaModal.allCapitalMinor)}, diterima ${rp(slip.netMinor)}`);
  return { closed, table, slip, tb };
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
