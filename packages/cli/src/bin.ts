#!/usr/bin/env node
/**
 * The lumbung command. `lumbung demo` runs the seeded demo year; `lumbung verify --file LOG`
 * replays an exported NDJSON log offline and checks it. Exit codes: 0 ok, 1 verification failed
 * or a command was rejected, 2 bad usage.
 */
import { createReadStream, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  type BookState,
  exportJournals,
  fromWireLine,
  type LedgerEvent,
  readAll,
  toWireLine,
  Verifier,
  type VerifyReport,
  verifyLog,
  WireFormatError,
} from "@lumbung/core";
import { BookInUse, type LedgerDatabase, MigrationFailed, migrate, openPGlite, openServer } from "@lumbung/postgres";
import { Effect } from "effect";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { runDemo } from "./demo.js";
import type { Lang } from "./render.js";

const usage = `Pemakaian / usage:
  lumbung demo [--seed N] [--members N] [--folder DIR | --database-url URL] [--export-log FILE] [--export-journal DIR] [--lang id|en]
  lumbung migrate [--folder DIR | --database-url URL]
  lumbung verify --file LOG.ndjson [--json]
  lumbung verify --book BOOK [--folder DIR | --database-url URL] [--json] [--export-log FILE]
  lumbung export --book BOOK --format hledger|ledger|ndjson --out DIR [--folder DIR | --database-url URL] [--json]

The store is PGlite in a folder (default .lumbung/<name>), or a PostgreSQL server with --database-url or DATABASE_URL.`;

/** Opens the embedded store in a folder, or a server when a URL is given. */
const openStore = async (args: string[], defaultFolder: string): Promise<LedgerDatabase> => {
  const url = option(args, "--database-url") ?? process.env.DATABASE_URL;
  if (url !== undefined) return openServer({ url });
  return openPGlite({ folder: option(args, "--folder") ?? defaultFolder });
};

/** Seconds since `started`, with one decimal, for progress lines. */
const secondsSince = (started: number): string =>
  ((performance.now() - started) / 1000).toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

const option = (args: string[], name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

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
    console.log(`verify: OK, ${report.eventsChecked} ${lang === "en" ? "events" : "peristiwa"}, head ${report.headHash}`);
  } else {
    console.log(
      `verify: ${lang === "en" ? "FAILED at event" : "GAGAL pada peristiwa"} #${report.problem?.seq}: ${report.problem?.kind}: ${report.problem?.detail}`,
    );
  }
};

/** Verifies a book in its store: replays its log and compares with the balances the store keeps. */
const verifyStore = async (args: string[], book: string, lang: Lang): Promise<number> => {
  const folder = option(args, "--folder") ?? `.lumbung/${book}`;
  const usesServer = option(args, "--database-url") !== undefined || process.env.DATABASE_URL !== undefined;
  if (!usesServer && !existsSync(folder)) {
    console.error(lang === "en" ? `no book folder at ${folder}` : `tidak ada folder buku di ${folder}`);
    return 2;
  }
  const database = await openStore(args, folder);
  try {
    const events = await Effect.runPromise(readAll(database.store, book));
    const report = verifyLog(events, await Effect.runPromise(database.store.projection(book)));
    const exportTo = option(args, "--export-log");
    if (exportTo !== undefined) writeFileSync(exportTo, events.map((e) => `${toWireLine(e)}\n`).join(""));
    printReport(report, args.includes("--json"), lang);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
};

/** Writes a book's journals (one file per month) or its log into a folder; returns the files written. */
const writeExport = (
  state: BookState,
  events: ReadonlyArray<LedgerEvent>,
  format: "hledger" | "ledger" | "ndjson",
  out: string,
): string[] => {
  mkdirSync(out, { recursive: true });
  if (format === "ndjson") {
    const file = join(out, `${state.config.bookId}.ndjson`);
    writeFileSync(file, events.map((e) => `${toWireLine(e)}\n`).join(""));
    return [file];
  }
  return exportJournals(state, events, { flavor: format }).map((f) => {
    const file = join(out, f.fileName);
    writeFileSync(file, f.text);
    return file;
  });
};

/** `lumbung export`: the book's log for `verify --file`, or its hledger or Ledger journals, one file per month. */
const exportBook = async (args: string[], lang: Lang): Promise<number> => {
  const book = option(args, "--book");
  const format = option(args, "--format");
  const out = option(args, "--out");
  if (book === undefined || out === undefined || (format !== "hledger" && format !== "ledger" && format !== "ndjson")) {
    console.error(usage);
    return 2;
  }
  const folder = option(args, "--folder") ?? `.lumbung/${book}`;
  const usesServer = option(args, "--database-url") !== undefined || process.env.DATABASE_URL !== undefined;
  if (!usesServer && !existsSync(folder)) {
    console.error(lang === "en" ? `no book folder at ${folder}` : `tidak ada folder buku di ${folder}`);
    return 2;
  }
  const database = await openStore(args, folder);
  try {
    const state = await Effect.runPromise(database.store.open(book));
    if (state === undefined) {
      console.error(lang === "en" ? `no book ${book} in this store` : `tidak ada buku ${book} di penyimpanan ini`);
      return 3;
    }
    const events = await Effect.runPromise(readAll(database.store, book));
    const files = writeExport(state, events, format, out);
    if (args.includes("--json")) console.log(JSON.stringify({ book, format, files }));
    else console.log(`${lang === "en" ? "exported" : "diekspor"}: ${files.length} ${lang === "en" ? "files in" : "berkas di"} ${out}`);
    return 0;
  } finally {
    await database.close();
  }
};

const main = async (argv: string[]): Promise<number> => {
  const [command, ...args] = argv;
  const lang: Lang = option(args, "--lang") === "en" ? "en" : "id";
  switch (command) {
    case "demo": {
      const started = performance.now();
      const usesServer = option(args, "--database-url") !== undefined || process.env.DATABASE_URL !== undefined;
      const folder = option(args, "--folder") ?? ".lumbung/demo";
      // The demo is deterministic: it starts its embedded book afresh every time.
      if (!usesServer) rmSync(folder, { recursive: true, force: true });
      const database = await openStore(args, folder);
      console.log(
        usesServer ? "penyimpanan: server PostgreSQL" : `penyimpanan: PGlite di ${folder} (${secondsSince(started)} s untuk membuka)`,
      );
      let result: Awaited<ReturnType<typeof runDemo>>;
      try {
        result = await runDemo({
          seed: Number(option(args, "--seed") ?? 2025),
          members: Number(option(args, "--members") ?? 300),
          lang,
          store: database.store,
          ...(usesServer ? { bookId: `demo-${Date.now().toString(36)}` } : {}),
        });
      } finally {
        await database.close();
      }
      const file = option(args, "--export-log");
      if (file !== undefined) {
        writeFileSync(file, result.events.map((e) => `${toWireLine(e)}\n`).join(""));
        console.log(`log: ${file}`);
      }
      // The auditors' cross-check: the year's hledger journal, one file per month.
      const journal = option(args, "--export-journal") ?? `${folder}-jurnal`;
      if (option(args, "--export-journal") === undefined) rmSync(journal, { recursive: true, force: true });
      const written = writeExport(result.state, result.events, "hledger", journal);
      console.log(
        lang === "en"
          ? `hledger journal: ${written.length} files in ${journal} (check with: hledger -f FILE check -s ordereddates)`
          : `jurnal hledger: ${written.length} berkas di ${journal} (periksa: hledger -f BERKAS check -s ordereddates)`,
      );
      console.log(`selesai dalam ${secondsSince(started)} s`);
      return result.verified ? 0 : 1;
    }
    case "migrate": {
      const url = option(args, "--database-url") ?? process.env.DATABASE_URL;
      if (url === undefined) {
        const database = await openPGlite({ folder: option(args, "--folder") ?? ".lumbung/book" });
        await database.close();
        console.log(lang === "en" ? "schema is up to date (PGlite)" : "skema sudah mutakhir (PGlite)");
        return 0;
      }
      const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
      try {
        const report = await migrate(db);
        console.log(report.applied.length === 0 ? "skema sudah mutakhir" : `migrasi dijalankan: ${report.applied.join(", ")}`);
      } finally {
        await db.destroy();
      }
      return 0;
    }
    case "export":
      return exportBook(args, lang);
    case "verify": {
      const file = option(args, "--file");
      const book = option(args, "--book");
      if (file === undefined && book !== undefined) return verifyStore(args, book, lang);
      if (file === undefined) {
        console.error(usage);
        return 2;
      }
      if (!existsSync(file)) {
        console.error(lang === "en" ? `file not found: ${file}` : `berkas tidak ditemukan: ${file}`);
        return 2;
      }
      const verifier = new Verifier();
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
    default:
      console.error(usage);
      return 2;
  }
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof BookInUse || error instanceof MigrationFailed) {
      console.error(error.message);
      process.exitCode = 4;
      return;
    }
    console.error(error);
    process.exitCode = 1;
  },
);
