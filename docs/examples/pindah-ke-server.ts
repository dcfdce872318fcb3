/**
 * Moving a book from PGlite to a PostgreSQL server: the koperasi started on a PGlite folder, and now
 * copies its book to a server and carries on there. Run it, after `npm test` has installed
 * everything, with a server that a role owning the schema can reach:
 *
 *   DATABASE_URL=postgres://owner@localhost:5432/koperasi npx tsx docs/examples/pindah-ke-server.ts
 *
 * Without DATABASE_URL it copies into a second, in-memory PGlite instead, to show the same steps.
 */
import { copyBook, createLedger } from "@lumbung/core";
import { type LedgerDatabase, openPGlite, openServer } from "@lumbung/postgres";
import { Effect } from "effect";

export const main = async (
  target: () => Promise<LedgerDatabase> = () => (process.env.DATABASE_URL ? openServer({ url: process.env.DATABASE_URL }) : openPGlite()),
  log: (line: string) => void = console.log,
) => {
  const book = "kop-pindah";
  const clock = { now: () => new Date("2026-01-15T05:00:00Z") };
  const deposit = { type: "DepositSukarela", key: "setor-1", memberNo: "A001", date: "2026-01-03", amount: "250000" };

  // The book as it was kept on the treasurer's laptop (a folder in real life; in memory here).
  const laptop = await openPGlite();
  const before = createLedger({ store: laptop.store, clock });
  await before.run(book, { type: "OpenBook", bookId: book, name: "Koperasi Pindah", startDate: "2026-01-01" });
  await before.run(book, {
    type: "RegisterMember",
    memberNo: "A001",
    date: "2026-01-02",
    identity: { nik: "3275014112990004", name: "Siti Rahayu", address: "Jl. Raya Jatisampurna 1" },
  });
  await before.run(book, deposit);

  // Stop writing on the laptop, copy, and carry on at the server.
  const server = await target();
  try {
    const report = await Effect.runPromise(copyBook(laptop.store, server.store, book));
    log(`disalin: ${report.eventsCopied} peristiwa dari ${report.commandsCopied} perintah, ${report.identitiesCopied} data identitas`);
    log(`kepala salinan: #${report.headSeq} ${report.headHash.slice(0, 16)}…`);
    await laptop.close();

    const after = createLedger({ store: server.store, clock });
    // A retry of a command the laptop took is recognised at the server: nothing is written twice.
    const again = await after.run(book, deposit);
    log(`setoran diulang di server: replayed=${again.replayed}`);
    const next = await after.run(book, { ...deposit, key: "setor-2", date: "2026-01-10", amount: "50000" });
    log(`setoran berikutnya di server: peristiwa #${next.events[0]?.seq}`);
    const member = (await after.state(book))?.members.get("A001");
    return { report, replayed: again.replayed, nextSeq: next.events[0]?.seq, sukarelaMinor: member?.sukarela.balanceMinor };
  } finally {
    await server.close();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
