/**
 * A first book, with the Promise API: open a book, register a member, take a deposit, try a
 * withdrawal that is too large, read the member's statement, and verify the book. Run it with
 * `npx tsx docs/examples/first-book.ts` after `npm test` has installed everything.
 */
import { CommandRejected, createLedger, formatRupiah, makeMemoryStore, memberStatement } from "@lumbung/core";

export const main = async (log: (line: string) => void = console.log) => {
  const store = makeMemoryStore();
  // The clock is injected: here, noon WIB on 15 January 2026.
  const ledger = createLedger({ store, clock: { now: () => new Date("2026-01-15T05:00:00Z") } });
  const book = "kop-contoh";

  await ledger.run(book, {
    type: "OpenBook",
    bookId: book,
    name: "Koperasi Contoh",
    startDate: "2026-01-01",
    savings: { pokok: "100000" },
  });
  await ledger.run(book, {
    type: "RegisterMember",
    key: "daftar-A001",
    memberNo: "A001",
    date: "2026-01-02",
    identity: { nik: "3275014112990004", name: "Siti Rahayu", address: "Jl. Raya Jatisampurna 1" },
  });
  const deposit = await ledger.run(book, {
    type: "DepositSukarela",
    key: "setor-1",
    memberNo: "A001",
    date: "2026-01-03",
    amount: "Rp250.000",
  });
  log(`setoran dicatat sebagai peristiwa #${deposit.events[0]?.seq}`);

  // The same key and the same command: nothing is written twice.
  const again = await ledger.run(book, {
    type: "DepositSukarela",
    key: "setor-1",
    memberNo: "A001",
    date: "2026-01-03",
    amount: "Rp250.000",
  });
  log(`diulang: replayed=${again.replayed}`);

  try {
    await ledger.run(book, { type: "WithdrawSukarela", memberNo: "A001", date: "2026-01-04", amount: "300000" });
  } catch (error) {
    if (error instanceof CommandRejected) log(`ditolak (${error.reason._tag}): ${error.reason.message}`);
    else throw error;
  }

  const events = await ledger.events(book);
  const statement = memberStatement(events, { memberNo: "A001", from: "2026-01-01", to: "2026-01-31" });
  log(`saldo sukarela A001: ${formatRupiah(statement.kinds.sukarela.closingMinor, 0)}`);
  log(`jumlah simpanan A001: ${formatRupiah(statement.totalMinor, 0)}`);

  // The auditor's check: the log replayed from its first event against the balances the store keeps.
  const report = await ledger.verify(book);
  log(report.ok ? `verify: OK, ${report.eventsChecked} peristiwa` : `verify: GAGAL pada #${report.problem?.seq}`);
  return statement;
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
