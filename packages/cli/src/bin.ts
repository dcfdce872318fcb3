#!/usr/bin/env node
/**
 * The lumbung command. `lumbung demo` runs the seeded demo year; `lumbung verify --file LOG`
 * replays an exported NDJSON log offline and checks it. Exit codes: 0 ok, 1 verification failed
 * or a command was rejected, 2 bad usage.
 */
import { createReadStream, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { setFlagsFromString } from "node:v8";
import {
  type Anchor,
  type BookState,
  CopyFailed,
  copyBook,
  exportJournals,
  forEachPage,
  fromWireLine,
  inFoldedParts,
  type LedgerEvent,
  parseAnchor,
  readThrough,
  storeView,
  toWireLine,
  Verifier,
  type VerifyReport,
  verifyStoredLog,
  WireFormatError,
} from "@lumbung/core";
import {
  AppRoleLoginFailed,
  BookInUse,
  ensureAppRole,
  type LedgerDatabase,
  MigrationFailed,
  migrate,
  openPGlite,
  openServer,
  PGliteStartFailed,
  SchemaFromNewerVersion,
} from "@lumbung/postgres";
import * as Cause from "effect/Cause";
import * as Effect from "effect/Effect";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import {
  type Flags,
  fileProblem,
  LineFile,
  noBook,
  option,
  readFlags,
  STORE_FLAGS,
  serverProblem,
  type UsageProblem,
  writeOutput,
} from "./args.js";
import { runDemo } from "./demo.js";
import { type ImportKind, runImport } from "./import.js";
import type { Lang } from "./render.js";
import { renderPeriodPackHtml, renderRatPackHtml } from "./render-html.js";
import { REPORTS, readReportOptions, reportFlagsLine, runReport } from "./report.js";
import { commandFromFlags, flagsLine, runTreasurerCommand, TREASURER_COMMANDS } from "./treasurer.js";

// PGlite is PostgreSQL compiled to WebAssembly. V8 compiles it first with its baseline compiler
// (Liftoff), then recompiles the functions it finds hot with its optimizing one (TurboFan) on
// background threads, which on a 2-core machine compete with the command itself, and Node waits for
// them before it exits. A command of a second or two never earns that back; the demo, an import or
// a ten-year book's export does. So a function is optimized only after about a hundred times the
// work V8 waits for by default (its tiering budget, 1,800,000, a rough count of bytes executed).
// Measured on such a machine (benchmarks/RESULTS.md, "CLI start" and "tiering budget"): a report on
// a small book 0.88–0.95 s from start to exit (0.75–0.88 s with no optimizing at all, 1.22–1.49 s
// with V8's default), the ten-year demo 62–63 s (74–88 s with no optimizing, 66 s with the default).
// Set before any PGlite is made, when V8 compiles the module.
setFlagsFromString("--wasm-tiering-budget=200000000");

const usage = `Pemakaian / usage:
  lumbung demo [--seed N] [--members N] [--years N] [--folder DIR | --database-url URL] [--export-log FILE] [--export-journal DIR] [--lang id|en]
  lumbung migrate [--folder DIR | --database-url URL]
  lumbung verify --file LOG.ndjson [--anchor SEQ:HASH] [--json]
  lumbung verify --book BOOK [--folder DIR | --database-url URL] [--anchor SEQ:HASH] [--json] [--export-log FILE]
  lumbung init --book BOOK --name NAME --start YYYY-MM-DD [--scale 0|2] [--costing moving-average|fifo]
  lumbung accounts add|rename|remove --book BOOK --code CODE …
  lumbung members add|opening|identity|resign|refund --book BOOK --member NO --date D [--nik … --name … --address …]
  lumbung members erase --book BOOK --member NO [--json]
  lumbung savings wajib|deposit|withdraw|wajib-amount|sukarela-rate --book BOOK --member NO --date D --amount X [--via ACCOUNT]
  lumbung loans product|apply|approve|disburse|repay|settle|reschedule|writeoff|recover|opening|kolektibilitas --book BOOK …
  lumbung items add|price|supplier|customer|count|opening --book BOOK …
  lumbung purchases add|pay|return|opening --book BOOK … [--lines JSON]
  lumbung sales add|receive|return|opening|credit-limit --book BOOK … [--lines JSON]
  lumbung assets add|opening|dispose|cancel|impair|reverse-impairment --book BOOK --asset CODE …
  lumbung deposits place|opening|instruction|withdraw|pledge|release --book BOOK --deposit ID …
  lumbung journal post|opening|reverse --book BOOK --date D …
  lumbung close month|reopen --book BOOK --month YYYY-MM [--reason R]
  lumbung shu policy|distribute|pay --book BOOK …
  lumbung budget set --book BOOK --year Y --date D --memo M --lines JSON
  lumbung import members|balances|assets|deposits|savings|repayments --book BOOK --file FILE.csv|FILE.xlsx [--numbers id|plain] [--dry-run] [--json]
  lumbung report status|anggota|aset|kartu-aset|berjangka|bilyet|pajak-simpanan|pinjaman|portofolio|persediaan|umur-piutang|laba-kotor|belanja-anggota|jurnal|mutasi|tunggakan-wajib|kartu-pinjaman|buku-besar|kartu-stok|trial-balance|posisi|hasil-usaha|ekuitas|arus-kas|catatan|kesehatan|anggaran|shu|slip|rat-pack|laporan-berkala --book BOOK [--year Y] [--as-of D] [--from D --to D] [--unit U] [--member NO] [--loan ID] [--account CODE] [--item CODE] [--asset CODE] [--deposit ID] [--matures-by D] [--json | --csv] [--out FILE.html]
  lumbung export --book BOOK --format hledger|ledger|ndjson --out DIR [--folder DIR | --database-url URL] [--json]
  lumbung copy --book BOOK [--folder DIR | --database-url URL] --to-folder DIR | --to-database-url URL [--json]

lumbung --help, lumbung GROUP --help and lumbung GROUP ACTION --help list the commands, a group's actions, or one action's flags.
The store is PGlite in a folder (default .lumbung/<name>), or a PostgreSQL server with --database-url or DATABASE_URL.`;

/** The server named by --database-url or a non-empty DATABASE_URL; undefined means PGlite in a folder. */
const serverUrl = (args: string[]): string | undefined => option(args, "--database-url") ?? (process.env.DATABASE_URL || undefined);

/**
 * How the command opens a server: migrations and grants through `url`, then the work as the role
 * lumbung_app, with the password in LUMBUNG_APP_PASSWORD when the server asks for one (the owner
 * sets it on the role as it grants).
 */
const serverOptions = (url: string): { url: string; appPassword?: string } => {
  const appPassword = process.env.LUMBUNG_APP_PASSWORD || undefined;
  return appPassword === undefined ? { url } : { url, appPassword };
};

/** Opens the embedded store in a folder, or a server when a URL is given. */
const openStore = async (args: string[], defaultFolder: string): Promise<LedgerDatabase> => {
  const url = serverUrl(args);
  if (url !== undefined) return openServer(serverOptions(url));
  return openPGlite({ folder: option(args, "--folder") ?? defaultFolder });
};

/** Seconds since `started`, with one decimal, for progress lines. */
const secondsSince = (started: number): string =>
  ((performance.now() - started) / 1000).toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

const printReport = (report: VerifyReport, json: boolean, lang: Lang): void => {
  if (json) {
    console.log(
      JSON.stringify({
        ok: report.ok,
        eventsChecked: report.eventsChecked,
        headSeq: report.headSeq,
        headHash: report.headHash,
        problem: report.problem,
      }),
    );
  } else if (report.ok) {
    // The head as SEQ:HASH, as --anchor takes it: what an auditor notes to check later.
    console.log(`verify: OK, ${report.eventsChecked} ${lang === "en" ? "events" : "peristiwa"}, head ${report.headSeq}:${report.headHash}`);
  } else {
    console.log(
      `verify: ${lang === "en" ? "FAILED at event" : "GAGAL pada peristiwa"} #${report.problem?.seq}: ${report.problem?.kind}: ${report.problem?.detail}`,
    );
    // The state is opened from the snapshot of its folded parts there: say where to look.
    if (report.problem?.kind === "projection" && inFoldedParts(report.problem.detail))
      console.log(
        lang === "en"
          ? "This part of the state is opened from the book's snapshot in lumbung.fold_snapshots (docs/audit.md). Deleting that row is safe: the next open folds the log again and writes a new one."
          : "Bagian keadaan ini dibuka dari snapshot buku di lumbung.fold_snapshots (docs/audit.md). Baris itu aman dihapus: pembukaan berikutnya membaca ulang peristiwanya dari log dan menulis yang baru.",
      );
  }
};

/** Events as the lines of an NDJSON log. */
const wireLines = (events: ReadonlyArray<LedgerEvent>): string => events.map((e) => `${toWireLine(e)}\n`).join("");

/** Verifies a book in its store: replays its log and compares with the balances the store keeps. */
const verifyStore = async (args: string[], book: string, anchor: Anchor | undefined, lang: Lang): Promise<number> => {
  const folder = option(args, "--folder") ?? `.lumbung/${book}`;
  const usesServer = serverUrl(args) !== undefined;
  if (!usesServer && !existsSync(folder)) return noBook(book, lang, args.includes("--json"), folder);
  const database = await openStore(args, folder);
  try {
    // The state the store opens the book with (its balances with it), compared whole with the replay.
    const { opened, expected: projection } = await Effect.runPromise(storeView(database.store, book));
    // The log is replayed a page at a time and, with --export-log, written out as each page is read;
    // through the head the store was read at, so a book taking commands meanwhile still verifies.
    const exportTo = option(args, "--export-log");
    const out = exportTo === undefined ? undefined : new LineFile(exportTo);
    const onPage = out && ((page: ReadonlyArray<LedgerEvent>) => out.write(wireLines(page)));
    const report = await Effect.runPromise(
      verifyStoredLog(database.store, book, {
        expected: projection,
        opened,
        onPage,
        readToEnd: out !== undefined,
        anchor,
        throughSeq: projection?.headSeq,
      }),
    ).finally(() => out?.close());
    // A store without the book at all (no log, no balances) is "no such book", not a failed check.
    if (report.eventsChecked === 0 && report.problem?.kind === "empty" && projection === undefined) {
      return noBook(book, lang, args.includes("--json"));
    }
    printReport(report, args.includes("--json"), lang);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
};

/** Writes a book's journals into a folder, one file per month; returns the files written. */
const writeJournals = (state: BookState, events: ReadonlyArray<LedgerEvent>, format: "hledger" | "ledger", out: string): string[] => {
  mkdirSync(out, { recursive: true });
  return exportJournals(state, events, { flavor: format }).map((f) => {
    const file = join(out, f.fileName);
    writeFileSync(file, f.text);
    return file;
  });
};

/** `lumbung export`: the book's log for `verify --file`, or its hledger or Ledger journals, one file per month. */
const exportBook = async (args: string[], flags: Flags, lang: Lang): Promise<number> => {
  // Checked by main: --book, --format (hledger, ledger or ndjson) and --out are there.
  const format = flags.values.get("format") as "hledger" | "ledger" | "ndjson";
  const out = flags.values.get("out") as string;
  return withBook(args, lang, async (database, book) => {
    const state = await Effect.runPromise(database.store.open(book));
    if (state === undefined) return noBook(book, lang, args.includes("--json"));
    // Through the head of the state just read: a book taking commands meanwhile is exported as of one moment.
    let files: string[];
    if (format === "ndjson") {
      // The log, written a page at a time as it is read.
      const file = join(out, `${book}.ndjson`);
      const lines = new LineFile(file);
      const write = (page: ReadonlyArray<LedgerEvent>) => Effect.sync(() => lines.write(wireLines(page))).pipe(Effect.as(true));
      await Effect.runPromise(forEachPage(database.store, book, { throughSeq: state.seq }, write)).finally(() => lines.close());
      files = [file];
    } else {
      files = writeJournals(state, await Effect.runPromise(readThrough(database.store, book, state.seq)), format, out);
    }
    if (args.includes("--json")) console.log(JSON.stringify({ book, format, files }));
    else console.log(`${lang === "en" ? "exported" : "diekspor"}: ${files.length} ${lang === "en" ? "files in" : "berkas di"} ${out}`);
    return 0;
  }) as Promise<number>;
};

/**
 * `lumbung copy`: the book into another store (a PGlite folder or a server), or an earlier copy
 * brought up to date. The source is verified first and the copy after; see docs/persistence.md.
 */
const copyToStore = async (args: string[], flags: Flags, lang: Lang): Promise<number> => {
  const book = flags.values.get("book") as string;
  const json = args.includes("--json");
  const toFolder = flags.values.get("to-folder");
  const toUrl = flags.values.get("to-database-url");
  if ((toFolder === undefined) === (toUrl === undefined)) {
    return usageError(
      {
        message: "copy memerlukan tepat satu dari --to-folder, --to-database-url",
        messageEn: "copy needs exactly one of --to-folder, --to-database-url",
      },
      args,
      lang,
      usage,
    );
  }
  const fromUrl = serverUrl(args);
  const fromFolder = flags.values.get("folder") ?? `.lumbung/${book}`;
  const same = fromUrl === undefined ? toFolder !== undefined && resolve(toFolder) === resolve(fromFolder) : toUrl === fromUrl;
  if (same) {
    return usageError(
      { message: "asal dan tujuan salinan adalah penyimpanan yang sama", messageEn: "the source and the copy are the same store" },
      args,
      lang,
    );
  }
  if (fromUrl === undefined && !existsSync(fromFolder)) return noBook(book, lang, json, fromFolder);
  const source = await openStore(args, fromFolder);
  try {
    // The source must hold the book before the target is opened (a folder would be made for nothing).
    if ((await Effect.runPromise(source.store.read(book, 0, 1))).length === 0) return noBook(book, lang, json);
    const target = toUrl === undefined ? await openPGlite({ folder: toFolder as string }) : await openServer(serverOptions(toUrl));
    try {
      const exit = await Effect.runPromiseExit(copyBook(source.store, target.store, book));
      if (exit._tag === "Success") {
        const r = exit.value;
        const where = toFolder ?? (lang === "en" ? "the server" : "server");
        if (json) console.log(JSON.stringify({ ok: true, ...r, to: toFolder === undefined ? "server" : toFolder }));
        else if (r.eventsCopied === 0) {
          console.log(
            lang === "en"
              ? `the copy in ${where} is up to date at event #${r.headSeq}, head ${r.headHash}`
              : `salinan di ${where} sudah mutakhir sampai peristiwa #${r.headSeq}, kepala ${r.headHash}`,
          );
        } else {
          const range = `#${r.fromSeq + 1}–#${r.headSeq}`;
          console.log(
            lang === "en"
              ? `copied book ${book} to ${where}: events ${range} (${r.eventsCopied} events of ${r.commandsCopied} commands, ${r.identitiesCopied} identity records, ${r.identitiesRedacted} erased) in ${r.appends} transactions; the copy verifies, head ${r.headHash}`
              : `buku ${book} disalin ke ${where}: peristiwa ${range} (${r.eventsCopied} peristiwa dari ${r.commandsCopied} perintah, ${r.identitiesCopied} data identitas, ${r.identitiesRedacted} dihapus) dalam ${r.appends} transaksi; salinan lolos pemeriksaan, kepala ${r.headHash}`,
          );
        }
        return 0;
      }
      const error = exit.cause.reasons.find((reason) => reason._tag === "Fail")?.error;
      if (error === undefined) throw Cause.squash(exit.cause);
      if (error instanceof CopyFailed && error.reason === "no-such-book") return noBook(book, lang, json);
      const message = lang === "en" ? error.messageEn : error.message;
      if (json)
        console.log(
          JSON.stringify({ ok: false, error: error._tag, ...(error instanceof CopyFailed ? { reason: error.reason } : {}), message }),
        );
      else console.error(message);
      return 1;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
};

const ERASE_USAGE = "lumbung members erase --book BOOK --member … [--json]";

/**
 * `lumbung members erase`: erases a former member's personal data (NIK, name, address, phone) at
 * their request (UU 27/2022). Only a member who has left: the register of members (buku daftar
 * anggota) keeps a member's data while they are one. Their number, their transactions and the digest
 * of the erased record stay in the log, so the chain still verifies.
 */
const eraseMember = async (args: string[], lang: Lang): Promise<number> => {
  if (args.includes("--help")) {
    console.log(ERASE_USAGE);
    return 0;
  }
  const read = readFlags("members erase", args, ["member", ...STORE_FLAGS], ["json"]);
  const problem: UsageProblem | undefined = !read.ok
    ? read
    : read.values.has("book") && read.values.has("member")
      ? undefined
      : { message: "members erase memerlukan --book, --member", messageEn: "members erase needs --book, --member" };
  if (problem !== undefined) return usageError(problem, args, lang, `${lang === "en" ? "usage" : "pemakaian"}: ${ERASE_USAGE}`);
  const memberNo = (read as Flags).values.get("member") as string;
  const json = args.includes("--json");
  return withBook(args, lang, async (database, book) => {
    const state = await Effect.runPromise(database.store.open(book));
    if (state === undefined) return noBook(book, lang, json);
    const refuse = (message: string, messageEn: string) => {
      const said = lang === "en" ? messageEn : message;
      if (json) console.log(JSON.stringify({ ok: false, error: "EraseRefused", message: said }));
      else console.error(said);
      return 1;
    };
    const member = state.members.get(memberNo);
    if (member === undefined) return refuse(`buku ini tidak punya anggota ${memberNo}`, `this book has no member ${memberNo}`);
    if (member.status !== "exited") {
      return refuse(
        `${memberNo} masih anggota: data pribadinya disimpan selama ia anggota (buku daftar anggota); hapus setelah ia keluar`,
        `${memberNo} is still a member: their personal data is kept while they are one (the register of members); erase it after they leave`,
      );
    }
    const before = await Effect.runPromise(database.store.identity(book, memberNo));
    const already = before?.redacted === true;
    if (!already && !(await Effect.runPromise(database.store.redactIdentity(book, memberNo)))) {
      return refuse(`${memberNo} tidak punya data pribadi di buku ini`, `${memberNo} has no personal data in this book`);
    }
    if (json) console.log(JSON.stringify({ ok: true, memberNo, erased: true, alreadyErased: already }));
    else
      console.log(
        already
          ? lang === "en"
            ? `the personal data of ${memberNo} was already erased`
            : `data pribadi ${memberNo} sudah dihapus sebelumnya`
          : lang === "en"
            ? `erased the personal data of ${memberNo} (NIK, name, address, phone); their number and transactions stay in the log`
            : `data pribadi ${memberNo} dihapus (NIK, nama, alamat, telepon); nomor anggota dan transaksinya tetap di log`,
      );
    return 0;
  }) as Promise<number>;
};

/** The clock: the machine's, or LUMBUNG_TODAY (YYYY-MM-DD) for rehearsals and tests. */
const clock = {
  now: () => {
    const today = process.env.LUMBUNG_TODAY;
    return today === undefined ? new Date() : new Date(`${today}T05:00:00Z`);
  },
};

/** Opens the book's store for a treasurer's command: PGlite in .lumbung/BOOK unless a server is named. */
const withBook = async <A>(
  args: string[],
  lang: Lang,
  work: (database: LedgerDatabase, book: string) => Promise<A>,
  create = false,
): Promise<A | number> => {
  const book = option(args, "--book");
  if (book === undefined)
    return usageError({ message: "sebutkan bukunya: --book BUKU", messageEn: "name the book: --book BOOK" }, args, lang);
  const folder = option(args, "--folder") ?? `.lumbung/${book}`;
  const usesServer = serverUrl(args) !== undefined;
  // Only `init` makes a new book folder; any other command names a book that must already be there.
  if (!create && !usesServer && !existsSync(folder)) return noBook(book, lang, args.includes("--json"), folder);
  const database = await openStore(args, folder);
  try {
    return await work(database, book);
  } finally {
    await database.close();
  }
};

/**
 * The flags of the commands that are not one engine command each (those read theirs from the
 * command schema; see treasurer.ts, and report.ts for the reports).
 */
const COMMAND_FLAGS: Readonly<
  Record<
    string,
    {
      readonly values: ReadonlyArray<string>;
      readonly switches?: ReadonlyArray<string>;
      readonly required?: ReadonlyArray<string>;
      /** The flags whose value is one of a few. */
      readonly choices?: Readonly<Record<string, ReadonlyArray<string>>>;
      /** The words a command takes first (`import members`), before its flags. */
      readonly words?: ReadonlyArray<string>;
    }
  >
> = {
  demo: { values: ["seed", "members", "years", "folder", "database-url", "export-log", "export-journal"] },
  migrate: { values: ["folder", "database-url"] },
  verify: { values: ["file", "export-log", "anchor", ...STORE_FLAGS], switches: ["json"] },
  init: {
    values: ["name", "start", "scale", "costing", ...STORE_FLAGS],
    switches: ["json"],
    required: ["book", "name", "start"],
    choices: { scale: ["0", "2"], costing: ["moving-average", "fifo"] },
  },
  export: {
    values: ["format", "out", ...STORE_FLAGS],
    switches: ["json"],
    required: ["book", "format", "out"],
    choices: { format: ["hledger", "ledger", "ndjson"] },
  },
  copy: {
    values: ["to-folder", "to-database-url", ...STORE_FLAGS],
    switches: ["json"],
    required: ["book"],
  },
  import: {
    values: ["file", "numbers", ...STORE_FLAGS],
    switches: ["dry-run", "json"],
    required: ["book", "file"],
    choices: { numbers: ["id", "plain"] },
    words: ["members", "balances", "assets", "deposits", "savings", "repayments"],
  },
};

/** The command's required flags and flags with a few allowed values, checked before anything is opened. */
const checkCommandFlags = (command: string, spec: (typeof COMMAND_FLAGS)[string], flags: Flags): UsageProblem | undefined => {
  const missing = (spec.required ?? []).filter((name) => !flags.values.has(name)).map((name) => `--${name}`);
  if (missing.length > 0)
    return { message: `${command} memerlukan ${missing.join(", ")}`, messageEn: `${command} needs ${missing.join(", ")}` };
  for (const [name, allowed] of Object.entries(spec.choices ?? {})) {
    const value = flags.values.get(name);
    if (value === undefined || allowed.includes(value)) continue;
    return { message: `--${name} ${value}: pilih ${allowed.join(", ")}`, messageEn: `--${name} ${value}: choose ${allowed.join(", ")}` };
  }
  return undefined;
};

/** The word a positional command takes first (`import members`), or the problem with it. */
const checkWord = (command: string, spec: (typeof COMMAND_FLAGS)[string], word: string | undefined): UsageProblem | undefined => {
  const allowed = spec.words ?? [];
  if (word !== undefined && allowed.includes(word)) return undefined;
  const what = `${command} ${word ?? ""}`.trim();
  return { message: `${what}: pilih ${command} ${allowed.join("|")}`, messageEn: `${what}: choose ${command} ${allowed.join("|")}` };
};

/**
 * Says what is wrong with a command line and gives its exit code, 2: in words on standard error, then
 * the usage (`hint`); with `--json`, as `{ "ok": false, "error": "Usage", "message": … }` on standard
 * output, as every outcome is.
 */
const usageError = (problem: UsageProblem, args: ReadonlyArray<string>, lang: Lang, hint?: string): number => {
  const message = lang === "en" ? problem.messageEn : problem.message;
  if (args.includes("--json")) console.log(JSON.stringify({ ok: false, error: "Usage", message }));
  else {
    console.error(message);
    if (hint !== undefined) console.error(hint);
  }
  return 2;
};

/** A whole number flag within bounds, or the problem with it. */
const wholeNumber = (flags: Flags, name: string, fallback: number, min: number, max: number): number | UsageProblem => {
  const text = flags.values.get(name);
  if (text === undefined) return fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    return {
      message: `--${name} harus bilangan bulat ${min}–${max}: ${text}`,
      messageEn: `--${name} must be a whole number ${min}–${max}: ${text}`,
    };
  }
  return value;
};

const main = async (argv: string[]): Promise<number> => {
  const [command, ...args] = argv;
  const lang: Lang = option(args, "--lang") === "en" ? "en" : "id";
  // Help: the whole usage, a group's actions with their flags, or the reports.
  if (command === "--help" || command === "help" || command === "-h") {
    console.log(usage);
    return 0;
  }
  if (command !== undefined && args[0] === "--help") {
    const actions = TREASURER_COMMANDS[command];
    if (actions !== undefined) {
      for (const action of Object.keys(actions)) console.log(`lumbung ${command} ${action} --book BOOK ${flagsLine(command, action)}`);
      if (command === "members") console.log(ERASE_USAGE);
      return 0;
    }
    // The other commands: their lines of the usage (verify has two).
    const lines = usage.split("\n").filter((line) => line.startsWith(`  lumbung ${command} `));
    if (lines.length > 0) {
      for (const line of lines) console.log(line.trim());
      return 0;
    }
  }
  const spec = command === undefined ? undefined : COMMAND_FLAGS[command];
  let flags: Flags | undefined;
  if (command !== undefined && spec !== undefined) {
    const word = spec.words === undefined ? undefined : args[0];
    const read =
      spec.words === undefined
        ? readFlags(command, args, spec.values, spec.switches)
        : readFlags(`${command} ${word}`, args.slice(1), spec.values, spec.switches);
    const problem =
      (spec.words === undefined ? undefined : checkWord(command, spec, word)) ?? (read.ok ? checkCommandFlags(command, spec, read) : read);
    if (problem !== undefined) return usageError(problem, args, lang, usage);
    flags = read as Flags;
  }
  switch (command) {
    case "demo": {
      const started = performance.now();
      const seed = wholeNumber(flags as Flags, "seed", 2025, 0, 999_999_999);
      const members = wholeNumber(flags as Flags, "members", 300, 1, 10_000);
      const years = wholeNumber(flags as Flags, "years", 1, 1, 10);
      if (typeof seed !== "number" || typeof members !== "number" || typeof years !== "number") {
        return usageError([seed, members, years].find((value) => typeof value !== "number") as UsageProblem, args, lang);
      }
      const usesServer = serverUrl(args) !== undefined;
      const folder = option(args, "--folder") ?? ".lumbung/demo";
      // The demo is deterministic: it starts its embedded book afresh every time.
      if (!usesServer) rmSync(folder, { recursive: true, force: true });
      const database = await openStore(args, folder);
      // A server may hold many books: the demo's gets a name of its own, said here so that it can be
      // verified, reported on or copied afterwards.
      const serverBook = usesServer ? `demo-${Date.now().toString(36)}` : undefined;
      const en = lang === "en";
      console.log(
        serverBook !== undefined
          ? en
            ? `store: PostgreSQL server, book ${serverBook}`
            : `penyimpanan: server PostgreSQL, buku ${serverBook}`
          : en
            ? `store: PGlite in ${folder} (${secondsSince(started)} s to open)`
            : `penyimpanan: PGlite di ${folder} (${secondsSince(started)} s untuk membuka)`,
      );
      let result: Awaited<ReturnType<typeof runDemo>>;
      try {
        result = await runDemo({
          seed,
          members,
          years,
          lang,
          store: database.store,
          ...(serverBook !== undefined ? { bookId: serverBook } : {}),
        });
      } finally {
        await database.close();
      }
      const file = option(args, "--export-log");
      if (file !== undefined) {
        writeOutput(file, wireLines(result.events));
        console.log(`log: ${file}`);
      }
      // The RAT pack, printable (a browser prints it to PDF).
      const pack = `${folder}-rat-${result.year}.html`;
      writeOutput(pack, renderRatPackHtml(result.state, result.events, String(result.year), lang, result.who));
      console.log(lang === "en" ? `RAT pack: ${pack}` : `bahan RAT: ${pack}`);
      // The first half year's periodic pack (laporan berkala semester I), printable as well.
      const half = `${folder}-berkala-${result.year}-06.html`;
      const period = { from: `${result.year}-01-01`, to: `${result.year}-06-30` };
      writeOutput(half, renderPeriodPackHtml(result.state, result.events, period, lang));
      console.log(lang === "en" ? `periodic report, first half: ${half}` : `laporan berkala semester I: ${half}`);
      // The auditors' cross-check: the year's hledger journal, one file per month.
      const journal = option(args, "--export-journal") ?? `${folder}-jurnal`;
      if (option(args, "--export-journal") === undefined) rmSync(journal, { recursive: true, force: true });
      const written = writeJournals(result.state, result.events, "hledger", journal);
      console.log(
        lang === "en"
          ? `hledger journal: ${written.length} files in ${journal} (check with: hledger -f FILE check -s ordereddates)`
          : `jurnal hledger: ${written.length} berkas di ${journal} (periksa: hledger -f BERKAS check -s ordereddates)`,
      );
      console.log(`${en ? "done in" : "selesai dalam"} ${secondsSince(started)} s`);
      return result.verified ? 0 : 1;
    }
    case "migrate": {
      const url = serverUrl(args);
      if (url === undefined) {
        const database = await openPGlite({ folder: option(args, "--folder") ?? ".lumbung/book" });
        await database.close();
        console.log(lang === "en" ? "schema is up to date (PGlite)" : "skema sudah mutakhir (PGlite)");
        return 0;
      }
      const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
      try {
        const report = await migrate(db);
        // And the grants, as an open does: an app that then opens with `migrate: false` finds its role
        // and every table and view of this schema granted to it.
        const { appPassword } = serverOptions(url);
        const role = await ensureAppRole(db, appPassword === undefined ? {} : { password: appPassword });
        if (lang === "en") {
          console.log(report.applied.length === 0 ? "schema is up to date" : `migrations applied: ${report.applied.join(", ")}`);
          console.log(`role ${role}: granted`);
        } else {
          console.log(report.applied.length === 0 ? "skema sudah mutakhir" : `migrasi dijalankan: ${report.applied.join(", ")}`);
          console.log(`peran ${role}: hak diberikan`);
        }
      } finally {
        await db.destroy();
      }
      return 0;
    }
    case "export":
      return exportBook(args, flags as Flags, lang);
    case "copy":
      return copyToStore(args, flags as Flags, lang);
    case "init": {
      // Checked above: --book, --name and --start are there, --scale and --costing are allowed values.
      const values = (flags as Flags).values;
      const name = values.get("name") as string;
      const start = values.get("start") as string;
      const scale = values.get("scale");
      const costing = values.get("costing");
      return withBook(
        args,
        lang,
        (database, book) =>
          runTreasurerCommand(
            database.store,
            clock,
            book,
            {
              type: "OpenBook",
              bookId: book,
              name,
              startDate: start,
              ...(scale === undefined ? {} : { scale: Number(scale) }),
              ...(costing === undefined ? {} : { shop: { costing } }),
            },
            { json: args.includes("--json"), lang },
          ),
        true,
      ) as Promise<number>;
    }
    case "import": {
      // Checked above: the kind is members, balances, assets, savings or repayments, and --file and --book are there.
      const kind = args[0] as ImportKind;
      const file = (flags as Flags).values.get("file") as string;
      if (!existsSync(file)) {
        console.error(lang === "en" ? `file not found: ${file}` : `berkas tidak ditemukan: ${file}`);
        return 2;
      }
      return withBook(args.slice(1), lang, (database, book) =>
        runImport(database, book, kind, file, {
          dryRun: args.includes("--dry-run"),
          json: args.includes("--json"),
          numbers: (flags as Flags).values.get("numbers") === "id" ? "id" : "plain",
          lang,
          clock,
        }),
      ) as Promise<number>;
    }
    case "report": {
      const name = args[0] ?? "";
      const known = (REPORTS as ReadonlyArray<string>).includes(name);
      const line = known ? `lumbung report ${name} ${reportFlagsLine(name as (typeof REPORTS)[number])}` : undefined;
      if (line !== undefined && args.includes("--help")) {
        console.log(line);
        return 0;
      }
      const read = readReportOptions(name, args.slice(1));
      if (!read.ok)
        return usageError(read, args, lang, line === undefined ? undefined : `${lang === "en" ? "usage" : "pemakaian"}: ${line}`);
      return withBook(args.slice(1), lang, (database, book) =>
        runReport(database, book, args[0] ?? "", read.options, lang, clock),
      ) as Promise<number>;
    }
    case "verify": {
      const file = option(args, "--file");
      const book = option(args, "--book");
      // --anchor SEQ:HASH: an event the log must hold, as a RAT pack, a periodic pack or an earlier verify showed it.
      const anchorText = option(args, "--anchor");
      const anchor = anchorText === undefined ? undefined : parseAnchor(anchorText);
      if (anchorText !== undefined && anchor === undefined) {
        return usageError(
          {
            message: `--anchor harus NOMOR:HASH (nomor peristiwa, hash 64 digit heksadesimal): ${anchorText}`,
            messageEn: `--anchor must be SEQ:HASH (an event number, a hash of 64 hex digits): ${anchorText}`,
          },
          args,
          lang,
        );
      }
      if (file === undefined && book !== undefined) return verifyStore(args, book, anchor, lang);
      if (file === undefined) {
        console.error(usage);
        return 2;
      }
      if (!existsSync(file)) {
        console.error(lang === "en" ? `file not found: ${file}` : `berkas tidak ditemukan: ${file}`);
        return 2;
      }
      const verifier = new Verifier(anchor);
      let lineNo = 0;
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        lineNo += 1;
        if (line.trim() === "") continue;
        let event: ReturnType<typeof fromWireLine>;
        try {
          event = fromWireLine(line);
        } catch (error) {
          const why = error instanceof WireFormatError || error instanceof SyntaxError ? error.message : String(error);
          console.error(lang === "en" ? `line ${lineNo} is not an event: ${why}` : `baris ${lineNo} bukan peristiwa: ${why}`);
          return 1;
        }
        if (!verifier.push(event)) break;
      }
      const report = verifier.finish();
      printReport(report, args.includes("--json"), lang);
      return report.ok ? 0 : 1;
    }
    default: {
      const action = args[0];
      if (command === "members" && action === "erase") return eraseMember(args.slice(1), lang);
      if (command !== undefined && action !== undefined && TREASURER_COMMANDS[command]?.[action] !== undefined) {
        const flags = `lumbung ${command} ${action} --book BOOK ${flagsLine(command, action)}`;
        if (args.includes("--help")) {
          console.log(flags);
          return 0;
        }
        const parsed = commandFromFlags(command, action, args.slice(1));
        const actor = option(args, "--actor");
        if (!parsed.ok) return usageError(parsed, args, lang, `${lang === "en" ? "usage" : "pemakaian"}: ${flags}`);
        return withBook(args.slice(1), lang, (database, book) =>
          runTreasurerCommand(database.store, clock, book, parsed.command, {
            json: args.includes("--json"),
            lang,
            ...(actor === undefined ? {} : { actor }),
          }),
        ) as Promise<number>;
      }
      console.error(usage);
      return 2;
    }
  }
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const lang = option(process.argv, "--lang") === "en" ? "en" : "id";
    const unusable =
      error instanceof BookInUse || error instanceof AppRoleLoginFailed || error instanceof PGliteStartFailed
        ? lang === "en"
          ? error.messageEn
          : error.message
        : error instanceof MigrationFailed
          ? error instanceof SchemaFromNewerVersion && lang !== "en"
            ? error.messageId
            : error.message
          : serverProblem(error, lang);
    if (unusable !== undefined) {
      console.error(unusable);
      // A connection the server never finished (a login pg gave up on) would hold the process open until
      // the server's authentication_timeout: the command has said all it has to say.
      process.exit(4);
    }
    const problem = fileProblem(error, lang);
    console.error(problem ?? error);
    process.exitCode = 1;
  },
);
