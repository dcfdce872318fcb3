/**
 * Simpanan berjangka (time deposits), with the Promise API: two members place deposits, one from cash
 * and one out of her sukarela; four months are closed (each close pays the periods that ended in it,
 * less PP 15/2009 withholding, into sukarela, and settles what matured); one deposit is taken out
 * early with a penalty; the register at the end. Run it with `npx tsx docs/examples/simpanan-berjangka.ts`
 * after `npm test` has installed everything.
 */
import { CommandRejected, createLedger, formatRupiah, makeMemoryStore, timeDepositRegister } from "@lumbung/core";

export const main = async (log: (line: string) => void = console.log) => {
  const store = makeMemoryStore();
  const ledger = createLedger({ store, clock: { now: () => new Date("2026-05-15T05:00:00Z") } });
  const book = "kop-berjangka";
  const rp = (minor: bigint) => formatRupiah(minor, 0);
  const member = (memberNo: string, nik: string, name: string) => ({
    type: "RegisterMember",
    memberNo,
    date: "2026-01-02",
    identity: { nik, name, address: "Jatisampurna, Kota Bekasi" },
  });

  await ledger.execute(book, [
    { type: "OpenBook", bookId: book, name: "Koperasi Simpan Pinjam Contoh", startDate: "2026-01-01" },
    member("A001", "3275011203900001", "Budi Santoso"),
    member("A002", "3275015507850002", "Siti Aminah"),
    { type: "DepositSukarela", memberNo: "A002", date: "2026-01-05", amount: "12000000" },
  ]);
  // Budi places Rp60.000.000 in cash for 3 months at 6% a year: Rp300.000 of jasa a month, above the
  // Rp240.000 threshold, so 10% is withheld. At maturity it goes into his sukarela.
  await ledger.run(book, {
    type: "PlaceTimeDeposit",
    depositId: "BJ-001",
    memberNo: "A001",
    date: "2026-01-15",
    amount: "60000000",
    termMonths: 3,
    ratePerYear: "0.06",
  });
  // Siti moves Rp10.000.000 of her sukarela into a 6-month deposit at 5,5%, rolled over at maturity.
  await ledger.run(book, {
    type: "PlaceTimeDeposit",
    depositId: "BJ-002",
    memberNo: "A002",
    date: "2026-01-20",
    amount: "10000000",
    termMonths: 6,
    ratePerYear: "0.055",
    atMaturity: "rollover",
    from: "sukarela",
  });
  for (const month of ["2026-01", "2026-02", "2026-03", "2026-04"]) {
    const closed = await ledger.run(book, { type: "CloseMonth", month });
    const paid = closed.events.flatMap((e) =>
      e.type === "TimeDepositInterestPosted"
        ? [`${e.data.depositId} jasa ${rp(e.data.grossMinor)} pajak ${rp(e.data.taxMinor)}`]
        : e.type === "TimeDepositMatured"
          ? [`${e.data.depositId} jatuh tempo ${rp(e.data.principalMinor)} ke sukarela`]
          : [],
    );
    log(`${month}: ${paid.join("; ") || "-"}`);
  }

  // Siti needs the money in May: a 1% penalty, and the running period's jasa is forfeited.
  const early = await ledger.run(book, { type: "WithdrawTimeDeposit", depositId: "BJ-002", date: "2026-05-04", penalty: "100000" });
  const withdrawn = early.events[0];
  if (withdrawn?.type !== "TimeDepositWithdrawn") throw new Error("expected the withdrawal");
  log(`BJ-002 dicairkan: pokok ${rp(withdrawn.data.principalMinor)}, penalti ${rp(withdrawn.data.penaltyMinor)}`);

  // Taking it out a second time is refused, and nothing is written.
  try {
    await ledger.run(book, { type: "WithdrawTimeDeposit", depositId: "BJ-002", date: "2026-05-04" });
  } catch (error) {
    if (error instanceof CommandRejected) log(`ditolak (${error.reason._tag}): ${error.reason.message}`);
    else throw error;
  }

  const state = await ledger.state(book);
  if (state === undefined) throw new Error(`buku ${book} tidak ada`);
  const register = timeDepositRegister(state);
  for (const row of register.rows) {
    log(`${row.depositId} ${row.memberNo}: ${row.status}, jasa ${rp(row.interestMinor)}, pajak ${rp(row.taxMinor)}`);
  }
  return register;
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
