/**
 * Fixed assets (aset tetap), with the Promise API: a kiosk brought in with the opening balances, a
 * delivery motorbike bought from the bank account, three months closed (each close posts the month's
 * depreciation), the register, the motorbike sold at a loss, the kiosk impaired after a flood and part of
 * the loss reversed once it is repaired. Run it with
 * `npx tsx docs/examples/aset-tetap.ts` after `npm test` has installed everything.
 */
import { ACCOUNTS, CommandRejected, createLedger, fixedAssetRegister, formatRupiah, makeMemoryStore } from "@lumbung/core";

export const main = async (log: (line: string) => void = console.log) => {
  const store = makeMemoryStore();
  const ledger = createLedger({ store, clock: { now: () => new Date("2026-04-15T05:00:00Z") } });
  const book = "kop-aset";
  const rp = (minor: bigint) => formatRupiah(minor, 0);

  await ledger.execute(book, [
    { type: "OpenBook", bookId: book, name: "Koperasi Aset Contoh", startDate: "2026-01-01" },
    // From the old books: a kiosk bought in 2022 for Rp24.000.000, Rp9.600.000 depreciated so far,
    // 72 months of its life left. Its opening entry is balanced by the equity it was paid from.
    {
      type: "RecordOpeningFixedAsset",
      assetId: "KIOS",
      name: "Kios toko",
      unit: "TOKO",
      date: "2026-01-01",
      acquiredOn: "2022-01-01",
      cost: "24000000",
      accumulated: "9600000",
      remainingMonths: 72,
    },
    {
      type: "RecordOpeningBalances",
      date: "2026-01-01",
      memo: "Modal awal toko",
      lines: [
        { account: ACCOUNTS.bank, debit: "20000000", unit: "TOKO" },
        { account: ACCOUNTS.cadangan, credit: "34400000", unit: "TOKO" },
      ],
    },
  ]);
  // A motorbike for deliveries: Rp18.000.000 from the bank, worth Rp3.000.000 after 4 years.
  await ledger.run(book, {
    type: "AddFixedAsset",
    assetId: "MOTOR-1",
    name: "Sepeda motor antar",
    unit: "TOKO",
    date: "2026-01-20",
    cost: "18000000",
    residual: "3000000",
    lifeMonths: 48,
    via: ACCOUNTS.bank,
  });
  for (const month of ["2026-01", "2026-02", "2026-03"]) {
    const closed = await ledger.run(book, { type: "CloseMonth", month });
    const charges = closed.events.filter((e) => e.type === "FixedAssetDepreciated");
    log(`${month}: ${charges.map((e) => `${e.data.assetId} ${rp(e.data.amountMinor)}`).join(", ")}`);
  }

  const state = await ledger.state(book);
  if (state === undefined) throw new Error(`buku ${book} tidak ada`);
  for (const row of fixedAssetRegister(state).rows) {
    log(
      `${row.assetId}: harga perolehan ${rp(row.costMinor)}, akumulasi ${rp(row.accumulatedMinor)}, nilai buku ${rp(row.bookValueMinor)}`,
    );
  }

  // A residual value that is not below the cost is refused, and nothing is written.
  try {
    await ledger.run(book, {
      type: "AddFixedAsset",
      assetId: "FREEZER",
      name: "Freezer",
      date: "2026-04-01",
      cost: "5000000",
      residual: "5000000",
      lifeMonths: 60,
    });
  } catch (error) {
    if (error instanceof CommandRejected) log(`ditolak (${error.reason._tag}): ${error.reason.message}`);
    else throw error;
  }

  // The motorbike is sold in April for Rp16.000.000 into the bank: below its book value, a loss.
  const sold = await ledger.run(book, {
    type: "DisposeFixedAsset",
    assetId: "MOTOR-1",
    date: "2026-04-10",
    proceeds: "16000000",
    via: ACCOUNTS.bank,
  });
  const disposal = sold.events[0];
  if (disposal?.type !== "FixedAssetDisposed") throw new Error("expected the disposal");
  log(`MOTOR-1 dijual: nilai buku ${rp(disposal.data.bookValueMinor)}, laba (rugi) ${rp(disposal.data.gainMinor)}`);

  // A flood damages the kiosk: an appraiser puts what it can still bring in at Rp10.000.000. The book
  // value comes down to it (penurunan nilai), and the rest is spread over the 69 months left.
  const impaired = await ledger.run(book, {
    type: "ImpairFixedAsset",
    assetId: "KIOS",
    date: "2026-04-12",
    recoverable: "10000000",
    reason: "rusak terkena banjir, taksiran penilai",
  });
  const impairment = impaired.events[0];
  if (impairment?.type !== "FixedAssetImpaired") throw new Error("expected the impairment");
  const register = fixedAssetRegister((await ledger.state(book)) ?? state);
  const kiosk = register.rows.find((r) => r.assetId === "KIOS");
  log(
    `KIOS turun nilai: rugi ${rp(impairment.data.lossMinor)}, nilai buku ${rp(kiosk?.bookValueMinor ?? 0n)}, penyusutan bulan depan ${rp(kiosk?.nextChargeMinor ?? 0n)}`,
  );

  // Two days later the kiosk is repaired and the appraiser puts it at Rp12.000.000: part of the loss is
  // reversed (pemulihan), to Pendapatan Lain-lain. Never above Rp13.800.000, the book value it would
  // have had with no impairment.
  const recovered = await ledger.run(book, {
    type: "ReverseFixedAssetImpairment",
    assetId: "KIOS",
    date: "2026-04-14",
    recoverable: "12000000",
    reason: "diperbaiki, taksiran penilai",
  });
  const reversal = recovered.events[0];
  if (reversal?.type !== "FixedAssetImpairmentReversed") throw new Error("expected the reversal");
  const after = fixedAssetRegister((await ledger.state(book)) ?? state);
  const repaired = after.rows.find((r) => r.assetId === "KIOS");
  log(
    `KIOS pulih: ${rp(reversal.data.reversedMinor)} dipulihkan, nilai buku ${rp(repaired?.bookValueMinor ?? 0n)}, sisa rugi penurunan nilai ${rp(repaired?.impairedMinor ?? 0n)}, penyusutan bulan depan ${rp(repaired?.nextChargeMinor ?? 0n)}`,
  );
  return { disposal: disposal.data, impairment: impairment.data, register, reversal: reversal.data, after };
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
