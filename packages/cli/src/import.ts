/**
 * `lumbung import members|balances|assets|deposits|savings|repayments --book BOOK --file F.csv|F.xlsx [--numbers id|plain] [--dry-run]`:
 * members with their opening savings, the opening balances of the other accounts, the fixed assets or
 * the members' time deposits held when the book started, or a day's or a month's savings (wajib payments, sukarela deposits and
 * withdrawals) or loan repayments, from a spreadsheet. Every row is checked on its own and against
 * the rows before it (a NIK or member number twice in the file is caught, and a withdrawal against
 * the deposits above it), in a sandbox copy of the book; every bad row is reported with its line
 * number and the book's reason; nothing is written unless every row is good, and then all rows are
 * written in one transaction. `--dry-run` checks and writes nothing. A savings or repayment row
 * already in the book (the same receipt, or the same transaction imported before) is not written
 * again.
 */
import { readFileSync } from "node:fs";
import {
  BookEngine,
  type BookState,
  commandDigest,
  decodeCommand,
  type ExecutorOptions,
  InvalidAmount,
  InvalidCommand,
  LIMITS,
  localDateOf,
  makeExecutor,
  problemIndonesian,
  RateDecimal,
} from "@lumbung/core";
import type { LedgerDatabase } from "@lumbung/postgres";
import * as Effect from "effect/Effect";
import * as Result from "effect/Result";
import { noBook } from "./args.js";
import type { Lang } from "./render.js";

export interface Row {
  /** The line in the file (the header is line 1). */
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
  /** The columns whose cell held a number in the XLSX file (a CSV holds only text). */
  readonly numeric?: ReadonlySet<string>;
}

/** Splits CSV text (comma or semicolon, as Indonesian Excel writes it; quotes doubled inside quotes) into rows of cells. */
export const parseCsv = (text: string): string[][] => {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
};

const header = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/** Reads the first sheet of an XLSX file, or a CSV file, as rows keyed by the header row's names. */
export const readTable = async (file: string): Promise<Row[]> => {
  let grid: string[][];
  // "row:column" of the cells that held a number, both from 0.
  const numericCells = new Set<string>();
  if (file.toLowerCase().endsWith(".xlsx")) {
    // Loaded here, not with the command: exceljs alone took about 0.2 s of every command's start.
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    grid = [];
    sheet?.eachRow({ includeEmpty: true }, (r, n) => {
      const cells: string[] = [];
      r.eachCell({ includeEmpty: true }, (c, col) => {
        const v = c.value;
        if (typeof v === "number") numericCells.add(`${n - 1}:${col - 1}`);
        cells[col - 1] =
          v === null || v === undefined
            ? ""
            : v instanceof Date
              ? v.toISOString().slice(0, 10)
              : typeof v === "object" && "text" in v
                ? String(v.text)
                : String(v);
      });
      grid[n - 1] = Array.from(cells, (c) => c ?? "");
    });
    grid = Array.from(grid, (r) => r ?? []);
  } else {
    grid = parseCsv(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  }
  const names = (grid[0] ?? []).map(header);
  const rows: Row[] = [];
  grid.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === "")) return;
    const numeric = new Set(names.filter((_name, j) => numericCells.has(`${i + 1}:${j}`)));
    rows.push({ line: i + 2, cells: Object.fromEntries(names.map((name, j) => [name, (cells[j] ?? "").trim()])), numeric });
  });
  return rows;
};

/** The columns that hold amounts, in either language. */
const AMOUNT_COLUMNS: ReadonlySet<string> = new Set([
  "jumlah",
  "amount",
  "pokok",
  "wajib",
  "sukarela",
  "debit",
  "kredit",
  "credit",
  "harga_perolehan",
  "cost",
  "nilai_sisa",
  "residual",
  "akumulasi",
  "accumulated",
]);
/** A number as Indonesian writes it: dots between thousands, a comma before the decimals. */
const INDONESIAN_NUMBER = /^(-?)((?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)$/;

/**
 * The rows of a file whose amounts are written the Indonesian way (`--numbers id`): each amount cell
 * with a dot or a comma (`100.000`, `1.250.000,50`, `2500,5`) is read as `Rp` would be, so `100.000` is
 * a hundred thousand. A cell that an XLSX file holds as a number is a number already and stays as it is.
 */
export const withIndonesianAmounts = (rows: ReadonlyArray<Row>): Row[] =>
  rows.map((row) => ({
    ...row,
    cells: Object.fromEntries(
      Object.entries(row.cells).map(([name, text]) => {
        if (!AMOUNT_COLUMNS.has(name) || row.numeric?.has(name) === true || !/[.,]/.test(text)) return [name, text];
        const match = INDONESIAN_NUMBER.exec(text);
        return [name, match === null ? text : `${match[1]}Rp${match[2]}`];
      }),
    ),
  }));

const pick = (row: Row, ...names: string[]): string | undefined => {
  for (const name of names) {
    const v = row.cells[name];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
};

export type ImportKind = "members" | "balances" | "assets" | "deposits" | "savings" | "repayments";

/**
 * A yearly rate as a spreadsheet holds it: a fraction (`0.06`), or a percentage with its sign (`6%`,
 * `6,5%`), read as decimal text (never through a float). Anything else goes on for the book to refuse.
 */
export const rateOf = (text: string): string => {
  const percent = /^(\d{1,3}(?:[.,]\d{1,10})?)\s*%$/.exec(text.trim());
  return percent === null ? text.trim() : new RateDecimal((percent[1] as string).replace(",", ".")).div(100).toString();
};

/** A whole number of months is read as one; anything else goes on as written, for the book to name. */
const wholeMonths = (text: string): number | string => (/^\d{1,4}$/.test(text) ? Number(text) : text);

/** A word the treasurer wrote, as the engine's value (any case); an unknown one goes on as written, for the book to name. */
const wordIn = (words: ReadonlyMap<string, string>, text: string): string => words.get(text.toLowerCase()) ?? text;

/** A depreciation method as a treasurer writes it: with a space or a hyphen. */
const METHOD_WORDS: ReadonlyMap<string, string> = new Map([
  ["garis lurus", "garis-lurus"],
  ["garis-lurus", "garis-lurus"],
  ["saldo menurun", "saldo-menurun"],
  ["saldo-menurun", "saldo-menurun"],
]);

/** What a time deposit does at maturity, as a treasurer writes it (`perpanjang` is a rollover). */
const AT_MATURITY_WORDS: ReadonlyMap<string, string> = new Map([
  ["sukarela", "sukarela"],
  ["perpanjang", "rollover"],
  ["diperpanjang", "rollover"],
  ["aro", "rollover"],
  ["rollover", "rollover"],
]);

/**
 * A date as a treasurer's spreadsheet writes it: `2024-03-01`, or day first as Indonesian Excel
 * does, `01/03/2024` or `1-3-2024`. Anything else is passed on for the book to refuse.
 */
export const isoDateOf = (text: string): string => {
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  return dayFirst === null ? text : `${dayFirst[3]}-${dayFirst[2]?.padStart(2, "0")}-${dayFirst[1]?.padStart(2, "0")}`;
};

/** The command of each kind of savings row (`jenis`), in Indonesian and in English. */
const SAVINGS_KINDS: ReadonlyMap<string, string> = new Map([
  ["wajib", "PayWajib"],
  ["setor", "DepositSukarela"],
  ["tarik", "WithdrawSukarela"],
  ["deposit", "DepositSukarela"],
  ["withdraw", "WithdrawSukarela"],
]);

/** A savings or repayment row's date, amount and (optional) cash or bank account. */
const paymentFields = (row: Row) => {
  const via = pick(row, "via");
  return {
    date: isoDateOf(pick(row, "tanggal", "date") ?? ""),
    amount: pick(row, "jumlah", "amount") ?? "",
    ...(via === undefined ? {} : { via }),
  };
};

/** The engine command of one row (before the book's own checks). */
const commandOf = (kind: ImportKind, row: Row, startDate: string): Record<string, unknown> => {
  if (kind === "savings")
    return {
      type: SAVINGS_KINDS.get((pick(row, "jenis", "kind") ?? "").toLowerCase()),
      memberNo: pick(row, "no_anggota", "member_no") ?? "",
      ...paymentFields(row),
    };
  if (kind === "repayments") {
    // `via` sukarela: the instalment taken from the borrower's sukarela (potong simpanan).
    const { via, ...payment } = paymentFields(row);
    const source = via === undefined ? {} : via.toLowerCase() === "sukarela" ? { from: "sukarela" } : { via };
    return { type: "RepayLoan", loanId: pick(row, "pinjaman", "no_pinjaman", "loan", "loan_id") ?? "", ...payment, ...source };
  }
  if (kind === "assets") {
    const unit = pick(row, "unit");
    const residual = pick(row, "nilai_sisa", "residual");
    const months = pick(row, "sisa_umur_bulan", "remaining_months") ?? "";
    const method = pick(row, "metode", "method");
    const life = pick(row, "umur_bulan", "life_months");
    return {
      type: "RecordOpeningFixedAsset",
      assetId: pick(row, "kode", "asset") ?? "",
      name: pick(row, "nama", "name") ?? "",
      ...(unit === undefined ? {} : { unit }),
      date: startDate,
      acquiredOn: isoDateOf(pick(row, "tanggal_perolehan", "acquired_on") ?? ""),
      cost: pick(row, "harga_perolehan", "cost") ?? "",
      ...(residual === undefined ? {} : { residual }),
      accumulated: pick(row, "akumulasi", "accumulated") ?? "0",
      remainingMonths: wholeMonths(months),
      ...(method === undefined ? {} : { method: wordIn(METHOD_WORDS, method) }),
      ...(life === undefined ? {} : { lifeMonths: wholeMonths(life) }),
    };
  }
  if (kind === "deposits") {
    const months = pick(row, "jangka_bulan", "term_months") ?? "";
    const atMaturity = pick(row, "saat_jatuh_tempo", "at_maturity");
    const dayCount = pick(row, "hitungan_hari", "day_count");
    return {
      type: "RecordOpeningTimeDeposit",
      depositId: pick(row, "bilyet", "deposit") ?? "",
      memberNo: pick(row, "no_anggota", "member_no") ?? "",
      date: startDate,
      placedOn: isoDateOf(pick(row, "tanggal_penempatan", "placed_on") ?? ""),
      amount: pick(row, "jumlah", "pokok", "amount") ?? "",
      termMonths: wholeMonths(months),
      ratePerYear: rateOf(pick(row, "bunga_setahun", "rate_per_year") ?? ""),
      ...(atMaturity === undefined ? {} : { atMaturity: wordIn(AT_MATURITY_WORDS, atMaturity) }),
      ...(dayCount === undefined ? {} : { dayCount }),
    };
  }
  if (kind === "members") {
    const phone = pick(row, "telepon", "phone");
    return {
      type: "RecordOpeningMember",
      memberNo: pick(row, "no_anggota", "member_no") ?? "",
      date: startDate,
      joinedOn: isoDateOf(pick(row, "tanggal_masuk", "joined_on") ?? ""),
      identity: {
        nik: pick(row, "nik") ?? "",
        name: pick(row, "nama", "name") ?? "",
        address: pick(row, "alamat", "address") ?? "",
        ...(phone === undefined ? {} : { phone }),
      },
      pokok: pick(row, "pokok") ?? "0",
      wajib: pick(row, "wajib") ?? "0",
      sukarela: pick(row, "sukarela") ?? "0",
    };
  }
  const debit = pick(row, "debit");
  const credit = pick(row, "kredit", "credit");
  const unit = pick(row, "unit");
  const party = pick(row, "pihak", "party");
  return {
    type: "RecordOpeningBalances",
    date: startDate,
    memo: `Saldo awal (impor baris ${row.line})`,
    lines: [
      {
        account: pick(row, "akun", "account") ?? "",
        ...(debit === undefined ? {} : { debit }),
        ...(credit === undefined ? {} : { credit }),
        ...(unit === undefined ? {} : { unit }),
        ...(party === undefined ? {} : { party }),
      },
    ],
  };
};

/**
 * A NIK or a phone number that Excel held as a number has already lost digits: Excel keeps 15
 * significant digits (a 16-digit NIK's last digit becomes 0) and drops a leading zero (0812… becomes
 * 812…). Such a row is refused with the fix, never imported wrong.
 */
const lossyNumbers = (row: Row, lang: Lang): string | undefined => {
  const columns = ["nik", "telepon", "phone"].filter((c) => row.numeric?.has(c) === true);
  if (columns.length === 0) return undefined;
  const list = columns.join(", ");
  return lang === "en"
    ? `${list} is stored as a number in the XLSX file, which loses digits (Excel keeps 15 and drops a leading 0): format the column as Text and type it again`
    : `${list} tersimpan sebagai angka di berkas XLSX, yang menghilangkan digit (Excel menyimpan 15 digit dan membuang 0 di depan): format kolomnya sebagai Teks lalu ketik ulang`;
};

/** The file's column for a field of the command a row became (`joinedOn` is `tanggal_masuk`). */
const COLUMNS: Readonly<Record<string, string>> = {
  memberNo: "no_anggota",
  loanId: "pinjaman",
  date: "tanggal",
  amount: "jumlah",
  joinedOn: "tanggal_masuk",
  nik: "nik",
  name: "nama",
  address: "alamat",
  phone: "telepon",
  account: "akun",
  credit: "kredit",
  party: "pihak",
  assetId: "kode",
  acquiredOn: "tanggal_perolehan",
  cost: "harga_perolehan",
  residual: "nilai_sisa",
  accumulated: "akumulasi",
  remainingMonths: "sisa_umur_bulan",
  method: "metode",
  lifeMonths: "umur_bulan",
  depositId: "bilyet",
  placedOn: "tanggal_penempatan",
  termMonths: "jangka_bulan",
  ratePerYear: "bunga_setahun",
  atMaturity: "saat_jatuh_tempo",
  dayCount: "hitungan_hari",
};
const columnOf = (path: ReadonlyArray<string | number>): string => {
  const field = [...path].reverse().find((key): key is string => typeof key === "string");
  return field === undefined ? "?" : (COLUMNS[field] ?? field);
};

export interface ImportProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Checks every row in a sandbox: the book as opened from its store, each row run in turn; a refused row
 * is reported and leaves the sandbox as it was, so every bad row is found in one pass.
 */
export const checkRows = async (
  database: LedgerDatabase,
  book: string,
  state: BookState,
  kind: ImportKind,
  rows: ReadonlyArray<Row>,
  today: string,
  lang: Lang,
): Promise<{ commands: Array<Record<string, unknown>>; problems: ImportProblem[]; recorded: number }> => {
  // The NIKs of the file already held by a member of the book, for the duplicate check.
  const owners = new Map<string, string>();
  for (const row of rows) {
    const nik = pick(row, "nik");
    if (nik === undefined || owners.has(nik)) continue;
    const holder = await Effect.runPromise(database.store.memberWithNik(book, nik));
    if (holder !== undefined) owners.set(nik, holder);
  }
  // The sandbox: the book as the store opened it, which the engine changes as the good rows go in.
  const engine = new BookEngine({ today, recordedAt: `${today}T05:00:00.000Z`, identities: { memberWithNik: (nik) => owners.get(nik) } });
  engine.state = state;
  const startDate = state.config.startDate;
  const commands: Array<Record<string, unknown>> = [];
  const problems: ImportProblem[] = [];
  const keys = new RowKeys(database, book, lang);
  for (const row of rows) {
    const lossy = lossyNumbers(row, lang);
    if (lossy !== undefined) {
      problems.push({ line: row.line, message: lossy });
      continue;
    }
    const command = commandOf(kind, row, startDate);
    if (command.type === undefined) {
      // A savings row whose `jenis` names no kind of savings.
      const named = pick(row, "jenis", "kind");
      const choose = lang === "en" ? "choose wajib, setor or tarik" : "pilih wajib, setor atau tarik";
      const not = named === undefined ? "" : lang === "en" ? `, not "${named}"` : `, bukan "${named}"`;
      problems.push({ line: row.line, message: `jenis: ${choose}${not}` });
      continue;
    }
    if (kind === "savings" || kind === "repayments") {
      const keyed = await keys.keyOf(row, command);
      if (keyed.problem !== undefined) {
        problems.push({ line: row.line, message: keyed.problem });
        continue;
      }
      if (keyed.recorded) continue;
      if (keyed.key !== undefined) command.key = keyed.key;
    }
    const result = engine.run(command);
    if (result.ok) commands.push(command);
    else if (result.error instanceof InvalidCommand && result.error.problems !== undefined && result.error.problems.length > 0) {
      // A column holds text: a length there counts letters.
      const what = result.error.problems
        .map((p) => `${columnOf(p.path)}: ${lang === "en" ? p.message : problemIndonesian(p.message, p.path.length <= 2 ? " huruf" : "")}`)
        .join("; ");
      problems.push({ line: row.line, message: `${lang === "en" ? "Invalid row" : "Baris tidak sah"}: ${what}` });
    } else {
      // An amount is named by the file's column (`jumlah`), not the command's field (`amount`).
      const raw = result.error;
      const error: { message: string; messageEn?: string } =
        raw instanceof InvalidAmount ? new InvalidAmount({ field: columnOf([raw.field]), text: raw.text, reason: raw.reason }) : raw;
      // A whole file written the Indonesian way says so once, with --numbers id.
      const hint =
        raw instanceof InvalidAmount && raw.reason === "ambiguous"
          ? lang === "en"
            ? " If the dots in this file group thousands, import it with --numbers id."
            : " Bila titik di berkas ini memisahkan ribuan, impor dengan --numbers id."
          : "";
      problems.push({ line: row.line, message: `${lang === "en" ? (error.messageEn ?? error.message) : error.message}${hint}` });
    }
  }
  return { commands, problems, recorded: keys.recorded };
};

/**
 * The idempotency key of each savings or repayment row, so that a file imported twice (or a row
 * imported again in another file) is written once: `bukti:` and the row's receipt number when it has
 * one; otherwise `impor:`, the digest of the transaction (kind, member or loan, date, amount,
 * account) and which of the file's identical rows it is (two equal deposits on one day are two rows,
 * and both go in). A row whose key the book already holds for the same transaction is counted as
 * recorded and skipped; a receipt number the book holds for another transaction, or that the file
 * uses twice, is a problem. A row that does not decode gets no key: the sandbox names its problems.
 */
class RowKeys {
  recorded = 0;
  private readonly receipts = new Map<string, number>();
  private readonly copies = new Map<string, number>();
  constructor(
    private readonly database: LedgerDatabase,
    private readonly book: string,
    private readonly lang: Lang,
  ) {}

  async keyOf(row: Row, command: Record<string, unknown>): Promise<{ key?: string; recorded?: boolean; problem?: string }> {
    const en = this.lang === "en";
    const decoded = decodeCommand(command);
    if (Result.isFailure(decoded)) return {};
    const digest = commandDigest(decoded.success);
    const receipt = pick(row, "bukti", "receipt");
    let key: string;
    if (receipt !== undefined) {
      const max = LIMITS.keyLengthMax - "bukti:".length;
      if (receipt.length > max) return { problem: en ? `bukti: at most ${max} characters` : `bukti: paling banyak ${max} huruf` };
      const first = this.receipts.get(receipt);
      if (first !== undefined)
        return { problem: en ? `receipt ${receipt} is also on line ${first}` : `bukti ${receipt} juga dipakai di baris ${first}` };
      this.receipts.set(receipt, row.line);
      key = `bukti:${receipt}`;
    } else {
      const copy = (this.copies.get(digest) ?? 0) + 1;
      this.copies.set(digest, copy);
      key = `impor:${digest.slice(0, 32)}:${copy}`;
    }
    const recorded = await Effect.runPromise(this.database.store.lookup(this.book, key));
    if (recorded === undefined) return { key };
    if (recorded.digest === digest) {
      this.recorded += 1;
      return { key, recorded: true };
    }
    return {
      problem: en
        ? `receipt ${receipt} is already recorded for another transaction (event #${recorded.firstSeq})`
        : `bukti ${receipt} sudah tercatat untuk transaksi lain (peristiwa #${recorded.firstSeq})`,
    };
  }
}

/** Opening balances go in as few commands as the line limit allows (60 lines each); other rows a command each. */
const batchCommands = (kind: ImportKind, commands: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> => {
  if (kind !== "balances") return [...commands];
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < commands.length; i += 60) {
    const chunk = commands.slice(i, i + 60);
    out.push({
      type: "RecordOpeningBalances",
      date: (chunk[0] as { date: string }).date,
      memo: "Saldo awal (impor)",
      lines: chunk.flatMap((c) => c.lines as unknown[]),
    });
  }
  return out;
};

export const runImport = async (
  database: LedgerDatabase,
  book: string,
  kind: ImportKind,
  file: string,
  options: {
    readonly dryRun: boolean;
    readonly json: boolean;
    /** `id`: the file writes amounts the Indonesian way, a dot between thousands (see withIndonesianAmounts). */
    readonly numbers?: "id" | "plain";
    readonly lang: Lang;
    readonly clock: NonNullable<ExecutorOptions["clock"]>;
  },
): Promise<number> => {
  const en = options.lang === "en";
  const state = await Effect.runPromise(database.store.open(book));
  if (state === undefined) return noBook(book, options.lang, options.json);
  const table = await readTable(file);
  const rows = options.numbers === "id" ? withIndonesianAmounts(table) : table;
  const today = localDateOf(options.clock.now(), state.config.utcOffsetMinutes);
  const { commands, problems, recorded } = await checkRows(database, book, state, kind, rows, today, options.lang);
  if (problems.length > 0 || rows.length === 0) {
    if (options.json) console.log(JSON.stringify({ ok: false, rows: rows.length, problems }));
    else {
      if (rows.length === 0) console.error(en ? "the file has no rows" : "berkas tidak berisi baris");
      for (const p of problems) console.error(`${en ? "line" : "baris"} ${p.line}: ${p.message}`);
      console.error(
        en
          ? `${problems.length} of ${rows.length} rows are not valid; nothing was written.`
          : `${problems.length} dari ${rows.length} baris tidak sah; tidak ada yang ditulis.`,
      );
    }
    return 1;
  }
  // Rows the book already holds (savings or repayments imported before) are neither checked again nor written.
  const already =
    recorded === 0
      ? ""
      : en
        ? ` ${recorded} ${recorded === 1 ? "row was" : "rows were"} already in the book and ${recorded === 1 ? "is" : "are"} not written again.`
        : ` ${recorded} baris sudah tercatat sebelumnya dan tidak ditulis lagi.`;
  const fresh = commands.length;
  if (options.dryRun || fresh === 0) {
    if (options.json) console.log(JSON.stringify({ ok: true, rows: rows.length, written: false, alreadyRecorded: recorded }));
    else if (options.dryRun)
      console.log(
        en
          ? `${fresh} rows are valid; nothing written (--dry-run).${already}`
          : `${fresh} baris sah; tidak ada yang ditulis (--dry-run).${already}`,
      );
    else console.log(en ? `Nothing to write.${already}` : `Tidak ada yang perlu ditulis.${already}`);
    return 0;
  }
  const executor = makeExecutor({ store: database.store, clock: options.clock });
  // One batch: one transaction, so the file goes in whole or not at all.
  await Effect.runPromise(executor.execute(book, batchCommands(kind, commands), { actor: "impor" }));
  if (options.json) console.log(JSON.stringify({ ok: true, rows: rows.length, written: true, alreadyRecorded: recorded }));
  else console.log(en ? `${fresh} rows imported.${already}` : `${fresh} baris diimpor.${already}`);
  return 0;
};
