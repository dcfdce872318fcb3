/**
 * `lumbung import members|balances --book BOOK --file F.csv|F.xlsx [--dry-run]`: members with their
 * opening savings, or the opening balances of the other accounts, from a spreadsheet. Every row is
 * checked on its own and against the rows before it (a NIK or member number twice in the file is
 * caught), in a sandbox copy of the book; every bad row is reported with its line number and the
 * book's reason; nothing is written unless every row is good, and then all rows are written in one
 * transaction. `--dry-run` checks and writes nothing.
 */
import { readFileSync } from "node:fs";
import {
  BookEngine,
  type BookState,
  type ExecutorOptions,
  InvalidCommand,
  localDateOf,
  makeExecutor,
  problemIndonesian,
} from "@lumbung/core";
import type { LedgerDatabase } from "@lumbung/postgres";
import { Effect } from "effect";
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

const pick = (row: Row, ...names: string[]): string | undefined => {
  for (const name of names) {
    const v = row.cells[name];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
};

export type ImportKind = "members" | "balances";

/**
 * A date as a treasurer's spreadsheet writes it: `2024-03-01`, or day first as Indonesian Excel
 * does, `01/03/2024` or `1-3-2024`. Anything else is passed on for the book to refuse.
 */
export const isoDateOf = (text: string): string => {
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  return dayFirst === null ? text : `${dayFirst[3]}-${dayFirst[2]?.padStart(2, "0")}-${dayFirst[1]?.padStart(2, "0")}`;
};

/** The engine command of one row (before the book's own checks). */
const commandOf = (kind: ImportKind, row: Row, startDate: string): Record<string, unknown> => {
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
  joinedOn: "tanggal_masuk",
  nik: "nik",
  name: "nama",
  address: "alamat",
  phone: "telepon",
  account: "akun",
  credit: "kredit",
  party: "pihak",
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
): Promise<{ commands: Array<Record<string, unknown>>; problems: ImportProblem[] }> => {
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
  for (const row of rows) {
    const lossy = lossyNumbers(row, lang);
    if (lossy !== undefined) {
      problems.push({ line: row.line, message: lossy });
      continue;
    }
    const command = commandOf(kind, row, startDate);
    const result = engine.run(command);
    if (result.ok) commands.push(command);
    else if (result.error instanceof InvalidCommand && result.error.problems !== undefined && result.error.problems.length > 0) {
      // A column holds text: a length there counts letters.
      const what = result.error.problems
        .map((p) => `${columnOf(p.path)}: ${lang === "en" ? p.message : problemIndonesian(p.message, p.path.length <= 2 ? " huruf" : "")}`)
        .join("; ");
      problems.push({ line: row.line, message: `${lang === "en" ? "Invalid row" : "Baris tidak sah"}: ${what}` });
    } else {
      const error = result.error as { message: string; messageEn?: string };
      problems.push({ line: row.line, message: lang === "en" ? (error.messageEn ?? error.message) : error.message });
    }
  }
  return { commands, problems };
};

/** Opening balances go in as few commands as the line limit allows (60 lines each). */
const batchCommands = (kind: ImportKind, commands: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> => {
  if (kind === "members") return [...commands];
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
  options: { readonly dryRun: boolean; readonly json: boolean; readonly lang: Lang; readonly clock: NonNullable<ExecutorOptions["clock"]> },
): Promise<number> => {
  const en = options.lang === "en";
  const state = await Effect.runPromise(database.store.open(book));
  if (state === undefined) return noBook(book, options.lang, options.json);
  const rows = await readTable(file);
  const today = localDateOf(options.clock.now(), state.config.utcOffsetMinutes);
  const { commands, problems } = await checkRows(database, book, state, kind, rows, today, options.lang);
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
  if (options.dryRun) {
    if (options.json) console.log(JSON.stringify({ ok: true, rows: rows.length, written: false }));
    else
      console.log(
        en
          ? `${rows.length} rows are valid; nothing written (--dry-run).`
          : `${rows.length} baris sah; tidak ada yang ditulis (--dry-run).`,
      );
    return 0;
  }
  const executor = makeExecutor({ store: database.store, clock: options.clock });
  // One batch: one transaction, so the file goes in whole or not at all.
  await Effect.runPromise(executor.execute(book, batchCommands(kind, commands), { actor: "impor" }));
  if (options.json) console.log(JSON.stringify({ ok: true, rows: rows.length, written: true }));
  else console.log(en ? `${rows.length} rows imported.` : `${rows.length} baris diimpor.`);
  return 0;
};
