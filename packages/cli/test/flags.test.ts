/** The command line read before any store is opened: the treasurer's flags from the engine's command schema, and a report's flags. */
import { Command, decodeCommand } from "@lumbung/core";
import { Result } from "effect";
import { describe, expect, it } from "vitest";
import { nearestFlag, readFlags } from "../src/args.js";
import { readReportOptions, reportFlagsLine } from "../src/report.js";
import { commandFromFlags, describeProblems, flagsLine, flagsOf, TREASURER_COMMANDS } from "../src/treasurer.js";

const read = (group: string, action: string, ...args: string[]) => commandFromFlags(group, action, args);
const refused = (group: string, action: string, ...args: string[]) => {
  const parsed = read(group, action, ...args);
  if (parsed.ok) throw new Error(`expected ${group} ${action} ${args.join(" ")} to be refused`);
  return parsed;
};

describe("the treasurer's flags", () => {
  it("reach every command of the engine but OpenBook (lumbung init), each once", () => {
    const mapped = Object.values(TREASURER_COMMANDS).flatMap((group) => Object.values(group).map((m) => m.type));
    const engine = Command.members.map((m) => m.fields.type.literal).filter((t) => t !== "OpenBook");
    expect([...mapped].sort()).toEqual([...engine].sort());
  });

  it("are the command's fields, renamed or in kebab case, required as the schema says, the idempotency key last", () => {
    expect(flagsOf("savings", "deposit")?.map((f) => [f.flag, f.field, f.required])).toEqual([
      ["member", "memberNo", true],
      ["date", "date", true],
      ["amount", "amount", true],
      ["via", "via", false],
      ["key", "key", false],
    ]);
    expect(flagsLine("members", "add")).toBe("--member … --date … --nik … --name … --address … [--phone …] [--via …] [--key …]");
    expect(flagsOf("members", "opening")?.find((f) => f.flag === "joined")?.field).toBe("joinedOn");
    expect(flagsOf("savings", "teleport")).toBeUndefined();
  });

  it("read each value as its field's kind: text, number, yes or no, JSON", () => {
    const parsed = read(
      "loans",
      "product",
      "--book",
      "kop",
      "--code",
      "KUM",
      "--name",
      "Kredit Usaha Mikro",
      "--method",
      "menurun",
      "--rate-per-year",
      "0.18",
      "--term-max",
      "24",
      "--requires-approval",
      "ya",
      "--allocation-order",
      '["denda","jasa","pokok"]',
      "--frequency",
      '{"unit":"month","every":1}',
      "--json",
    );
    expect(parsed).toEqual({
      ok: true,
      command: {
        type: "CreateLoanProduct",
        code: "KUM",
        name: "Kredit Usaha Mikro",
        method: "menurun",
        ratePerYear: "0.18",
        termMax: 24,
        requiresApproval: true,
        allocationOrder: ["denda", "jasa", "pokok"],
        frequency: { unit: "month", every: 1 },
      },
    });
    if (parsed.ok) expect(Result.isSuccess(decodeCommand(parsed.command))).toBe(true);
    const disburse = read("loans", "disburse", "--loan-id", "P1", "--member", "A1", "--product", "KUM", "--principal", "1000000");
    expect(disburse.ok).toBe(false);
    const related = read(
      "loans",
      "disburse",
      ...["--loan-id", "P1", "--member", "A1", "--product", "KUM", "--principal", "1000000", "--instalments", "12"],
      ...["--date", "2026-02-01", "--related-party", "tidak"],
    );
    expect(related.ok && related.command).toMatchObject({ memberNo: "A1", instalments: 12, relatedParty: false });
    // A loan is --loan, as in `deposits pledge` and `report`; --loan-id, its earlier name, still reads; not both.
    const repay = ["--amount", "210000", "--date", "2026-05-06"];
    expect(read("loans", "repay", "--loan", "P1", ...repay)).toMatchObject({ ok: true, command: { type: "RepayLoan", loanId: "P1" } });
    expect(read("loans", "repay", "--loan-id", "P1", ...repay)).toMatchObject({ ok: true, command: { type: "RepayLoan", loanId: "P1" } });
    expect(read("loans", "repay", "--loan", "P1", "--loan-id", "P2", ...repay)).toMatchObject({
      ok: false,
      message: "--loan dan --loan-id adalah flag yang sama: berikan salah satu",
      messageEn: "--loan and --loan-id are the same flag: give one",
    });
    expect(read("loans", "repay", ...repay)).toMatchObject({ ok: false, messageEn: "loans repay needs --loan" });
    expect(flagsLine("loans", "repay")).toMatch(/^--loan … --amount … --date …/);
    const member = read(
      "members",
      "identity",
      ...["--member", "A1", "--date", "2026-02-01", "--nik", "3275014112990004", "--name", "Siti", "--address", "Jl. Baru 2"],
    );
    expect(member).toEqual({
      ok: true,
      command: {
        type: "UpdateMemberIdentity",
        memberNo: "A1",
        date: "2026-02-01",
        identity: { nik: "3275014112990004", name: "Siti", address: "Jl. Baru 2" },
      },
    });
    expect(read("journal", "reverse", "--seq", "42", "--date", "2026-02-01", "--reason", "salah akun")).toEqual({
      ok: true,
      command: { type: "ReverseEntry", seq: 42, date: "2026-02-01", reason: "salah akun" },
    });
  });

  it("refuse a bad command line before anything is opened, naming the flag, in Indonesian and English", () => {
    const cases: Array<[string[], RegExp, RegExp]> = [
      [["--member", "A1", "--date", "2026-01-10", "--amount", "5", "--bogus", "1"], /tidak mengenal --bogus$/, /has no flag --bogus$/],
      [
        ["--member", "A1", "--date", "2026-01-10", "--amout", "5"],
        /tidak mengenal --amout \(maksudnya --amount\?\)$/,
        /has no flag --amout \(did you mean --amount\?\)$/,
      ],
      [
        ["--member-no", "A1", "--date", "2026-01-10", "--amount", "5"],
        /tidak mengenal --member-no \(maksudnya --member\?\)$/,
        /\(did you mean --member\?\)$/,
      ],
      [["--member", "A1", "--date", "2026-01-10"], /memerlukan --amount/, /needs --amount/],
      [["--date", "2026-01-10"], /memerlukan --member, --amount/, /needs --member, --amount/],
      [
        ["--member", "A1", "--member", "A2", "--date", "2026-01-10", "--amount", "5"],
        /--member diberikan dua kali/,
        /--member is given twice/,
      ],
      [["--member", "A1", "--date", "2026-01-10", "--amount"], /--amount tanpa nilai/, /--amount has no value/],
      [["--member", "--date", "2026-01-10", "--amount", "5"], /--member tanpa nilai/, /--member has no value/],
      [["A1", "--date", "2026-01-10"], /tidak dapat membaca A1/, /cannot read A1/],
    ];
    for (const [args, id, en] of cases) {
      const problem = refused("savings", "deposit", ...args);
      expect(problem.message, args.join(" ")).toMatch(id);
      expect(problem.messageEn, args.join(" ")).toMatch(en);
    }
    const product = ["--code", "K", "--name", "K", "--method", "flat"];
    expect(refused("loans", "product", ...product, "--term-max", "1e3").message).toBe("--term-max bukan bilangan: 1e3");
    expect(refused("loans", "product", ...product, "--term-max", "").messageEn).toBe("--term-max is not a number: ");
    expect(refused("loans", "product", ...product, "--requires-approval", "mungkin").messageEn).toBe(
      "--requires-approval must be yes or no: mungkin",
    );
    expect(refused("loans", "product", ...product, "--frequency", "{unit:month}").message).toBe(
      "--frequency bukan JSON yang sah: {unit:month}",
    );
    expect(refused("savings", "teleport").messageEn).toBe("no command savings teleport");
  });
});

describe("an invalid command on the command line", () => {
  it("names the flag each problem came from", () => {
    const problems = (input: unknown) => {
      const result = decodeCommand(input);
      return Result.isFailure(result) ? (result.failure.problems ?? []) : [];
    };
    const lines = { type: "PurchaseStock", purchaseId: "B-1", supplier: "S", date: "2026-02-01", payment: "cash" };
    expect(describeProblems("PurchaseStock", problems({ ...lines, lines: [{ item: "X", quantity: "abc", cost: "1" }] }))).toBe(
      "--lines [0].quantity: Expected a quantity like 12 or 12.5 (a dot before at most 6 decimals)",
    );
    const member = { type: "RegisterMember", memberNo: "A1", date: "2026-02-30", identity: { nik: "1", name: "", address: "J" } };
    expect(describeProblems("RegisterMember", problems(member))).toBe(
      '--date: expected a date YYYY-MM-DD, got "2026-02-30"; --name: Expected a value with a length of at least 1',
    );
    expect(describeProblems("DepositSukarela", [{ path: [], message: "a command is an object with a type" }])).toBe(
      "a command is an object with a type",
    );
  });

  it("says each problem in Indonesian for the Indonesian command line, with nothing left in English", () => {
    const problems = (input: unknown) => {
      const result = decodeCommand(input);
      if (!Result.isFailure(result)) throw new Error(`decoded: ${JSON.stringify(input)}`);
      return result.failure.problems ?? [];
    };
    const inId = (input: { type: string }) => describeProblems(input.type, problems(input), "id");
    const product = { type: "CreateLoanProduct", code: "P1", name: "N", method: "flat" };
    const purchase = { type: "PurchaseStock", purchaseId: "B-1", supplier: "S", date: "2026-02-01", payment: "cash" };
    const member = { type: "RegisterMember", memberNo: "A 1", date: "2026-02-30", identity: { nik: "1", name: "", address: "J" } };
    expect(inId(member)).toBe(
      "--member: harus kode dari huruf, angka, '.', '_' atau '-', tanpa spasi; " +
        '--date: harus tanggal TTTT-BB-HH yang ada di kalender (contoh 2026-01-31), bukan "2026-02-30"; ' +
        "--name: paling sedikit 1 huruf",
    );
    expect(inId({ ...purchase, payment: "kredit", lines: [] } as { type: string })).toBe(
      '--payment: harus salah satu dari "cash", "credit"; --lines: paling sedikit 1 baris',
    );
    expect(inId({ ...purchase, lines: [{ item: "X", qty: "1", cost: "1" }] } as { type: string })).toBe(
      "--lines [0].qty: bukan isian yang dikenal; --lines [0].quantity: wajib diisi",
    );
    const english = /Expected|expected|Missing|excess|unknown|a command is/;
    for (const input of [
      { ...product, ratePerYear: "18%" },
      { ...product, provisiRate: "2" },
      { ...product, termMin: 1.5 },
      { ...product, termMax: 700 },
      { ...product, termMin: "5" },
      { ...product, requiresApproval: "yes" },
      { ...product, allocationOrder: "pokok" },
      { ...product, name: "x".repeat(500) },
      { ...purchase, lines: [{ item: "X", quantity: "1,5", cost: "1" }] },
      { type: "DistributeShu", year: "25" },
      { type: "SetShuPolicy", date: "2026-01-01", withholdingPercent: "sepuluh" },
      { type: "CloseMonth", month: "2026-13" },
      { type: "DepositSukarela", memberNo: 5, date: "2026-01-01", amount: 1.5 },
      { type: "Nope" },
    ]) {
      const said = inId(input as { type: string });
      expect(said, JSON.stringify(input)).not.toMatch(english);
      expect(said.length).toBeGreaterThan(0);
    }
    // The English command line keeps the schema's words.
    expect(describeProblems("CloseMonth", problems({ type: "CloseMonth", month: "2026-13" }), "en")).toBe(
      '--month: expected a month YYYY-MM, got "2026-13"',
    );
  });
});

describe("a report's flags", () => {
  it("are read before any store is opened", () => {
    expect(readReportOptions("posisi", ["--book", "kop", "--year", "2026", "--unit", "TOKO", "--json"])).toEqual({
      ok: true,
      options: { year: "2026", unit: "TOKO", json: true, csv: false },
    });
    expect(readReportOptions("buku-besar", ["--account", "1101", "--member", "A001", "--from", "2026-02-01", "--csv"])).toEqual({
      ok: true,
      options: { from: "2026-02-01", account: "1101", member: "A001", json: false, csv: true },
    });
    // The interim statements: a quarter's balance sheet, a half year's operations.
    expect(readReportOptions("posisi", ["--as-of", "2026-03-31"])).toMatchObject({ ok: true, options: { asOf: "2026-03-31" } });
    expect(readReportOptions("hasil-usaha", ["--from", "2026-01-01", "--to", "2026-06-30", "--csv"])).toMatchObject({
      ok: true,
      options: { from: "2026-01-01", to: "2026-06-30", csv: true },
    });
  });

  it("refuse a flag the report does not read, rather than ignore it, and say which flags it has", () => {
    const cases: Array<[string, string[], string]> = [
      ["anggota", ["--year", "2026"], "report anggota has no flag --year"],
      ["pinjaman", ["--as-of", "2026-03-31"], "report pinjaman has no flag --as-of"],
      ["anggota", ["--unit", "TOKO"], "report anggota has no flag --unit"],
      ["ekuitas", ["--from", "2026-01-01"], "report ekuitas has no flag --from"],
      ["kesehatan", ["--as-of", "2026-03-31"], "report kesehatan has no flag --as-of"],
      ["slip", ["--member", "A001", "--csv"], "report slip has no flag --csv"],
      ["kesehatan", ["--csv"], "report kesehatan has no flag --csv"],
      ["rat-pack", ["--json"], "report rat-pack has no flag --json"],
      ["posisi", ["--out", "x.html"], "report posisi has no flag --out"],
      ["kartu-pinjaman", ["--loan", "PJ-1", "--year", "2026"], "report kartu-pinjaman has no flag --year"],
      ["posisi", ["--year", "2025", "--as-of", "2026-03-31"], "--as-of 2026-03-31 is not in --year 2025"],
      ["jurnal", ["--year", "2026", "--to", "2027-01-31"], "--to 2027-01-31 is not in --year 2026"],
      ["hasil-usaha", ["--from", "2025-07-01", "--to", "2026-07-01"], "a statement (hasil-usaha) covers at most a year"],
      ["arus-kas", ["--from", "2025-01-01", "--to", "2026-01-01"], "a statement (arus-kas) covers at most a year"],
      ["laporan-berkala", ["--from", "2025-07-01", "--to", "2026-07-01"], "a statement (laporan-berkala) covers at most a year"],
      ["laporan-berkala", ["--from", "2026-01-01"], "report laporan-berkala needs --to"],
      ["laporan-berkala", ["--to", "2026-06-30", "--json"], "report laporan-berkala has no flag --json"],
      ["laporan-berkala", ["--as-of", "2026-06-30"], "report laporan-berkala has no flag --as-of"],
    ];
    for (const [name, args, en] of cases) {
      const read = readReportOptions(name, args);
      expect(read.ok, `${name} ${args.join(" ")}`).toBe(false);
      if (!read.ok) expect(read.messageEn).toContain(en);
    }
    expect(readReportOptions("hasil-usaha", ["--from", "2025-07-02", "--to", "2026-07-01"]).ok).toBe(true);
    expect(reportFlagsLine("posisi")).toBe("--book BOOK [--year YYYY] [--as-of YYYY-MM-DD] [--unit …] [--json | --csv]");
    expect(reportFlagsLine("rat-pack")).toBe("--book BOOK [--year YYYY] [--out …]");
    expect(reportFlagsLine("laporan-berkala")).toBe("--book BOOK [--year YYYY] [--from YYYY-MM-DD] --to YYYY-MM-DD [--out …]");
    expect(readReportOptions("laporan-berkala", ["--to", "2026-06-30", "--out", "q2.html"])).toEqual({
      ok: true,
      options: { to: "2026-06-30", out: "q2.html", json: false, csv: false },
    });
    expect(reportFlagsLine("slip")).toBe("--book BOOK [--year YYYY] --member … [--json]");
  });

  it("refuse what does not read, naming it", () => {
    const cases: Array<[string, string[], string, string]> = [
      ["laba", [], "laporan tidak dikenal: laba", "unknown report: laba"],
      ["anggota", ["--bogus", "1"], "report anggota tidak mengenal --bogus", "report anggota has no flag --bogus"],
      ["posisi", ["2026"], "tidak dapat membaca 2026", "cannot read 2026"],
      ["posisi", ["--year"], "--year tanpa nilai", "--year has no value"],
      ["posisi", ["--year", "--json"], "--year tanpa nilai", "--year has no value"],
      ["posisi", ["--year", "abc"], "--year harus tahun YYYY: abc", "--year must be a year YYYY: abc"],
      ["posisi", ["--year", "26"], "--year harus tahun YYYY: 26", "--year must be a year YYYY: 26"],
      [
        "trial-balance",
        ["--as-of", "2026-02-30"],
        "--as-of harus tanggal YYYY-MM-DD: 2026-02-30",
        "--as-of must be a date YYYY-MM-DD: 2026-02-30",
      ],
      ["posisi", ["--json", "--csv"], "pilih salah satu: --json atau --csv", "choose one: --json or --csv"],
      ["slip", ["--year", "2026"], "report slip memerlukan --member", "report slip needs --member"],
      ["buku-besar", ["--from", "2026-01-01"], "report buku-besar memerlukan --account", "report buku-besar needs --account"],
      [
        "mutasi",
        ["--member", "A1", "--from", "2026-03-01", "--to", "2026-02-01"],
        "--from 2026-03-01 setelah --to 2026-02-01",
        "--from 2026-03-01 is after --to 2026-02-01",
      ],
    ];
    for (const [name, args, id, en] of cases) {
      const read = readReportOptions(name, args);
      expect(read.ok, `${name} ${args.join(" ")}`).toBe(false);
      if (!read.ok) {
        expect(read.message).toContain(id);
        expect(read.messageEn).toContain(en);
      }
    }
  });
});

describe("readFlags", () => {
  it("reads values and switches the command knows, and --lang for every command", () => {
    const read = readFlags("export", ["--book", "kop", "--json", "--format", "hledger", "--lang", "en"], ["book", "format"], ["json"]);
    expect(read.ok && [...read.values]).toEqual([
      ["book", "kop"],
      ["format", "hledger"],
      ["lang", "en"],
    ]);
    expect(read.ok && [...read.switches]).toEqual(["json"]);
    // A value may start with a single dash (a negative amount), never with two.
    const negative = readFlags("x", ["--amount", "-5"], ["amount"]);
    expect(negative.ok && negative.values.get("amount")).toBe("-5");
  });

  it("names what is wrong", () => {
    const cases: Array<[string[], string, string]> = [
      [["--bogus", "1"], "export tidak mengenal --bogus", "export has no flag --bogus"],
      [["--book"], "--book tanpa nilai", "--book has no value"],
      [["--book", "--json"], "--book tanpa nilai", "--book has no value"],
      [["--book", "a", "--book", "b"], "--book diberikan dua kali", "--book is given twice"],
      [["--json", "--json"], "--json diberikan dua kali", "--json is given twice"],
      [["kop"], "tidak dapat membaca kop (setiap nilai didahului --flag)", "cannot read kop (every value follows a --flag)"],
      [["--lang", "jv"], "--lang adalah id atau en: jv", "--lang is id or en: jv"],
    ];
    for (const [args, id, en] of cases) {
      const read = readFlags("export", args, ["book"], ["json"]);
      expect(read, args.join(" ")).toEqual({ ok: false, message: id, messageEn: en });
    }
  });

  it("suggests the flag a mistyped one most likely meant, and nothing when none is close", () => {
    const deposit = (flagsOf("deposits", "place") ?? []).map((f) => f.flag);
    const item = (flagsOf("items", "add") ?? []).map((f) => f.flag);
    expect(nearestFlag("rate-per-year", deposit)).toBe("rate");
    expect(nearestFlag("term-months", deposit)).toBe("term");
    expect(nearestFlag("scale", item)).toBe("quantity-scale");
    expect(nearestFlag("memebr", deposit)).toBe("member");
    expect(nearestFlag("fomat", ["book", "format", "out"])).toBe("format");
    expect(nearestFlag("bogus", deposit)).toBeUndefined();
    expect(nearestFlag("months", deposit)).toBeUndefined();
    expect(nearestFlag("to", ["book", "from"])).toBeUndefined();
    const read = readFlags("deposits place", ["--rate-per-year", "0.06"], deposit);
    expect(read).toEqual({
      ok: false,
      message: "deposits place tidak mengenal --rate-per-year (maksudnya --rate?)",
      messageEn: "deposits place has no flag --rate-per-year (did you mean --rate?)",
    });
  });
});
