/**
 * The toko sembako, with the Promise API: opening stock and a payable carried over from the
 * spreadsheet, a credit purchase, a member sale, a discounted sale on credit to an institutional
 * buyer, a member's return, the buyer's payment and the payment to the supplier. Run it with
 * `npx tsx docs/examples/toko.ts` after `npm test` has installed everything.
 */
import { ACCOUNTS, CommandRejected, createLedger, formatRupiah, makeMemoryStore, subBalance } from "@lumbung/core";

export const main = async (log: (line: string) => void = console.log) => {
  const store = makeMemoryStore();
  const ledger = createLedger({ store, clock: { now: () => new Date("2026-01-31T05:00:00Z") } });
  const book = "kop-toko";
  const rp = (minor: bigint) => formatRupiah(minor, 0);

  // One batch is one transaction: the book, its shop and its opening balances land together or not at all.
  await ledger.execute(book, [
    { type: "OpenBook", bookId: book, name: "Koperasi Toko Contoh", startDate: "2026-01-01" },
    { type: "AddItem", code: "BERAS", name: "Beras medium", unit: "kg", quantityScale: 3, price: "14000", memberPrice: "13500" },
    { type: "AddSupplier", code: "BULOG", name: "Bulog Bekasi" },
    { type: "AddCustomer", code: "MBG-1", name: "Dapur MBG Jatisampurna", kind: "institutional", creditLimit: "5000000" },
    // From the spreadsheet: 120,5 kg worth Rp1.446.000 on the shelf, Rp1.446.000 still owed to Bulog.
    { type: "RecordOpeningStock", item: "BERAS", date: "2026-01-01", quantity: "120.5", value: "1446000" },
    { type: "RecordOpeningPayable", supplier: "BULOG", date: "2026-01-01", amount: "1446000" },
    {
      type: "RegisterMember",
      memberNo: "A001",
      date: "2026-01-02",
      identity: { nik: "3275014112990004", name: "Siti Rahayu", address: "Jl. Raya Jatisampurna 1" },
    },
  ]);
  await ledger.run(book, {
    type: "PurchaseStock",
    purchaseId: "B-1",
    supplier: "BULOG",
    date: "2026-01-05",
    payment: "credit",
    lines: [{ item: "BERAS", quantity: "100", cost: "1250000" }],
  });
  const memberSale = await ledger.run(book, {
    type: "RecordSale",
    saleId: "S-1",
    date: "2026-01-06",
    memberNo: "A001",
    payment: "cash",
    lines: [{ item: "BERAS", quantity: "5" }],
  });
  log(`penjualan anggota: ${rp(memberSale.events[0]?.postings[0]?.amount ?? 0n)}`);
  await ledger.run(book, {
    type: "RecordSale",
    saleId: "S-2",
    date: "2026-01-10",
    customer: "MBG-1",
    payment: "credit",
    lines: [{ item: "BERAS", quantity: "50", discount: "20000" }],
  });
  // 1 kg of S-1 comes back: the return reads S-1's lines from the event that recorded it (the state
  // keeps only that event's number) and refunds the member's cash.
  await ledger.run(book, {
    type: "ReturnSale",
    returnId: "R-1",
    saleId: "S-1",
    date: "2026-01-12",
    lines: [{ item: "BERAS", quantity: "1" }],
  });
  await ledger.run(book, { type: "ReceivePayment", customer: "MBG-1", date: "2026-01-25", amount: "400000" });
  try {
    await ledger.run(book, { type: "PaySupplier", supplier: "BULOG", date: "2026-01-31", amount: "3000000" });
  } catch (error) {
    if (error instanceof CommandRejected) log(`ditolak (${error.reason._tag}): ${error.reason.message}`);
    else throw error;
  }
  await ledger.run(book, { type: "PaySupplier", supplier: "BULOG", date: "2026-01-31", amount: "1446000" });

  const state = await ledger.state(book);
  if (state === undefined) throw new Error(`buku ${book} tidak ada`);
  const beras = state.shop.items.get("BERAS");
  const stock = { quantityUnits: beras?.quantity ?? 0n, valueMinor: beras?.valueMinor ?? 0n };
  const receivable = subBalance(state, ACCOUNTS.piutangUsaha, "cust:MBG-1");
  const payable = -subBalance(state, ACCOUNTS.utangUsaha, "BULOG");
  const kg = `${stock.quantityUnits / 1000n},${(stock.quantityUnits % 1000n).toString().padStart(3, "0")}`;
  log(`stok beras: ${kg} kg senilai ${rp(stock.valueMinor)}`);
  const saleSeq = state.shop.sales.get("S-1");
  const back = state.shop.saleReturns.get("S-1")?.[0];
  log(`struk S-1: transaksi #${saleSeq}; diretur ${(back?.units ?? 0n) / 1000n} kg, ${rp(back?.revenueMinor ?? 0n)}`);
  log(`piutang Dapur MBG: ${rp(receivable)}`);
  log(`utang ke Bulog: ${rp(payable)}`);
  return { stock, receivable, payable, saleSeq, memberSaleSeq: memberSale.events[0]?.seq };
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
