/**
 * Plain-text journals for the auditors' cross-check with hledger and Ledger: one file per month,
 * each starting with the opening balances carried from the month before and ending with a balance
 * assertion for every account (and sub-ledger account) that has a balance or moved in the month.
 * Every entry of the log is one transaction, dated on its business date, in date order, with the
 * event's sequence number as its code and its hash in a comment. Accounts are declared with their
 * types, the commodity IDR with its format. The syntax follows DOMAIN.md's notes: amounts as plain
 * numbers in the book's minor unit (with a comma before the cents of a book kept in sen), account
 * types on the line after the declaration, no tags (Ledger's --pedantic would want them declared).
 */
import type { AccountKind } from "./chart.js";
import { lastDayOf, nextMonth } from "./dates.js";
import type { BookState, LedgerEvent } from "./model.js";
import type { Scale } from "./money.js";
import { eventSummary } from "./reports.js";

export type JournalFlavor = "hledger" | "ledger";

export interface JournalFile {
  /** The month, `YYYY-MM`. */
  readonly period: string;
  /** e.g. `kop-jatisampurna-2025-03.journal` (hledger) or `.ledger`. */
  readonly fileName: string;
  readonly text: string;
}

const TYPE: Readonly<Record<AccountKind, string>> = { aset: "A", kewajiban: "L", ekuitas: "E", pendapatan: "R", beban: "X" };

/** Characters that mean something in a journal's account names (two spaces end a name; brackets and parentheses make virtual postings). */
const clean = (text: string): string =>
  text
    .replace(/[;()[\]=@*!]/g, "-")
    .replace(/:/g, "/")
    .replace(/\s+/g, " ")
    .trim();

/** The journal account of a posting: "1101 Kas", or "2101 Simpanan Sukarela:A0001" for a sub-ledger key. */
export const journalAccount = (state: BookState, code: string, sub?: string): string => {
  const name = clean(`${code} ${state.accounts.get(code)?.def.name ?? code}`);
  return sub === undefined ? name : `${name}:${clean(sub)}`;
};

const amountText = (minor: bigint, scale: Scale): string => {
  if (scale === 0) return `${minor} IDR`;
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  return `${negative ? "-" : ""}${abs / 100n},${(abs % 100n).toString().padStart(2, "0")} IDR`;
};

/**
 * The book's journal, one file per month from its first to its last entry. Each file checks on its
 * own: the opening balances, the month's entries, and the assertions of every balance at its end.
 */
export const exportJournals = (
  state: BookState,
  events: ReadonlyArray<LedgerEvent>,
  options: { readonly flavor: JournalFlavor },
): JournalFile[] => {
  const scale = state.config.scale;
  const book = state.config.bookId;
  const entries = events.filter((e) => e.postings.length > 0).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));
  if (entries.length === 0) return [];
  // Every account name the journal will use, declared in every file with its type.
  const declared = new Map<string, AccountKind>();
  for (const e of entries) {
    for (const p of e.postings) declared.set(journalAccount(state, p.account, p.sub), state.accounts.get(p.account)?.def.kind ?? "aset");
  }
  const header = [
    `; Buku ${clean(state.config.name)} (${book}): jurnal untuk hledger dan Ledger, diekspor oleh Lumbung dari log peristiwa.`,
    "; Setiap transaksi adalah satu peristiwa: kode = nomor urut, komentar = hash rantai.",
    "",
    "commodity IDR",
    "  format 1.000,00 IDR",
    "",
    ...[...declared]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([name, kind]) => [`account ${name}`, `  ; type: ${TYPE[kind]}`]),
    "",
  ].join("\n");

  const files: JournalFile[] = [];
  const balances = new Map<string, bigint>();
  const first = (entries[0] as LedgerEvent).date.slice(0, 7);
  const last = (entries[entries.length - 1] as LedgerEvent).date.slice(0, 7);
  let index = 0;
  for (let month = first; month <= last; month = nextMonth(month)) {
    const lines: string[] = [header];
    const opening = [...balances].filter(([, v]) => v !== 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (opening.length > 0) {
      lines.push(`${month}-01 (saldo-awal-${month}) Saldo awal periode ${month}`);
      for (const [account, balance] of opening) lines.push(`    ${account}  ${amountText(balance, scale)}`);
      lines.push("");
    }
    const moved = new Set<string>();
    while (index < entries.length && (entries[index] as LedgerEvent).date.slice(0, 7) === month) {
      const e = entries[index] as LedgerEvent;
      index += 1;
      lines.push(`${e.date} (${e.seq}) ${clean(eventSummary(e))}  ; hash ${e.hash}`);
      for (const p of e.postings) {
        const account = journalAccount(state, p.account, p.sub);
        lines.push(`    ${account}  ${amountText(p.amount, scale)}  ; ${p.unit} ${p.party}`);
        balances.set(account, (balances.get(account) ?? 0n) + p.amount);
        moved.add(account);
      }
      lines.push("");
    }
    const asserted = [...balances]
      .filter(([account, v]) => v !== 0n || moved.has(account))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (asserted.length > 0) {
      lines.push(`${lastDayOf(month)} (saldo-akhir-${month}) Saldo akhir periode ${month}`);
      for (const [account, balance] of asserted) lines.push(`    ${account}  ${amountText(0n, scale)} = ${amountText(balance, scale)}`);
      lines.push("");
    }
    files.push({
      period: month,
      fileName: `${book}-${month}.${options.flavor === "hledger" ? "journal" : "ledger"}`,
      text: lines.join("\n"),
    });
  }
  return files;
};
