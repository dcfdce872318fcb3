/**
 * The treasurer's commands: each `lumbung GROUP ACTION --flag value …` becomes one engine command,
 * run against the book in its store. Flags are the command's fields in kebab case (`--member` is
 * `memberNo`); `--lines` and the like take JSON. With `--json` the outcome is printed as JSON.
 * Exit codes: 0 done, 1 rejected by the book (the reason is printed in Bahasa Indonesia, or English
 * with `--lang en`), 2 bad usage, 3 no such book.
 */
import {
  Command,
  type CommandOutcome,
  type CommandProblem,
  CommandRejected,
  type ExecutorOptions,
  eventSummary,
  InvalidAmount,
  InvalidCommand,
  makeExecutor,
  problemIndonesian,
  toWireValue,
} from "@lumbung/core";
import * as Cause from "effect/Cause";
import * as Effect from "effect/Effect";
import * as Exit from "effect/Exit";
import * as SchemaAST from "effect/SchemaAST";
import { noBook, readFlags, STORE_FLAGS, type UsageProblem, usageProblem } from "./args.js";
import type { Lang } from "./render.js";

/**
 * How a group and action map to a command: its type, flags renamed, flags gathered into `identity`.
 * How each flag's value is read (text, a number, yes or no, JSON) comes from the command's schema.
 */
interface Mapping {
  readonly type: string;
  readonly rename?: Readonly<Record<string, string>>;
  readonly identity?: boolean;
}

const member = { member: "memberNo" };

/** Every command of the engine but `OpenBook` (which is `lumbung init`), by group and action. */
export const TREASURER_COMMANDS: Readonly<Record<string, Readonly<Record<string, Mapping>>>> = {
  accounts: {
    add: { type: "AddAccount" },
    rename: { type: "RenameAccount" },
    remove: { type: "RemoveAccount" },
  },
  members: {
    add: { type: "RegisterMember", rename: { ...member }, identity: true },
    opening: { type: "RecordOpeningMember", rename: { ...member, joined: "joinedOn" }, identity: true },
    resign: { type: "ResignMember", rename: member },
    refund: { type: "PayMemberRefund", rename: member },
    identity: { type: "UpdateMemberIdentity", rename: member, identity: true },
  },
  savings: {
    wajib: { type: "PayWajib", rename: member },
    deposit: { type: "DepositSukarela", rename: member },
    withdraw: { type: "WithdrawSukarela", rename: member },
    "wajib-amount": { type: "ChangeWajibAmount" },
    "sukarela-rate": { type: "ChangeSukarelaRate" },
  },
  loans: {
    product: { type: "CreateLoanProduct" },
    disburse: { type: "DisburseLoan", rename: member },
    repay: { type: "RepayLoan" },
    settle: { type: "SettleLoan" },
    writeoff: { type: "WriteOffLoan" },
    recover: { type: "RecoverLoan" },
    apply: { type: "ApplyLoan", rename: member },
    approve: { type: "ApproveLoan" },
    reschedule: { type: "RescheduleLoan" },
    opening: { type: "RecordOpeningLoan", rename: member },
    kolektibilitas: { type: "SetKolektibilitas" },
  },
  items: {
    add: { type: "AddItem" },
    price: { type: "SetItemPrice" },
    supplier: { type: "AddSupplier" },
    customer: { type: "AddCustomer" },
    count: { type: "CountStock" },
    opening: { type: "RecordOpeningStock" },
  },
  purchases: {
    add: { type: "PurchaseStock" },
    pay: { type: "PaySupplier" },
    return: { type: "ReturnPurchase" },
    opening: { type: "RecordOpeningPayable" },
  },
  sales: {
    add: { type: "RecordSale", rename: member },
    receive: { type: "ReceivePayment", rename: member },
    return: { type: "ReturnSale" },
    opening: { type: "RecordOpeningReceivable", rename: member },
    "credit-limit": { type: "SetMemberCreditLimit", rename: member },
  },
  assets: {
    add: { type: "AddFixedAsset", rename: { asset: "assetId", life: "lifeMonths" } },
    opening: {
      type: "RecordOpeningFixedAsset",
      rename: { asset: "assetId", acquired: "acquiredOn", remaining: "remainingMonths", life: "lifeMonths" },
    },
    dispose: { type: "DisposeFixedAsset", rename: { asset: "assetId" } },
    cancel: { type: "CancelFixedAsset", rename: { asset: "assetId" } },
    impair: { type: "ImpairFixedAsset", rename: { asset: "assetId" } },
    "reverse-impairment": { type: "ReverseFixedAssetImpairment", rename: { asset: "assetId" } },
  },
  deposits: {
    place: { type: "PlaceTimeDeposit", rename: { ...member, deposit: "depositId", term: "termMonths", rate: "ratePerYear" } },
    opening: {
      type: "RecordOpeningTimeDeposit",
      rename: { ...member, deposit: "depositId", term: "termMonths", rate: "ratePerYear", placed: "placedOn" },
    },
    instruction: { type: "SetTimeDepositInstruction", rename: { deposit: "depositId" } },
    withdraw: { type: "WithdrawTimeDeposit", rename: { deposit: "depositId" } },
    pledge: { type: "PledgeTimeDeposit", rename: { deposit: "depositId", loan: "loanId" } },
    release: { type: "ReleaseTimeDeposit", rename: { deposit: "depositId" } },
  },
  journal: {
    post: { type: "PostJournal" },
    opening: { type: "RecordOpeningBalances" },
    reverse: { type: "ReverseEntry" },
  },
  close: {
    month: { type: "CloseMonth" },
    reopen: { type: "ReopenMonth" },
  },
  budget: {
    set: { type: "SetBudget" },
  },
  shu: {
    policy: { type: "SetShuPolicy" },
    distribute: { type: "DistributeShu" },
    pay: { type: "PayShu", rename: member },
  },
};

/** Flags that belong to the CLI, not to the command. */
const CLI_FLAGS = [...STORE_FLAGS, "actor"];

const kebab = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One flag of an action: the command's field it fills, and whether the command needs it. */
export interface Flag {
  readonly flag: string;
  readonly field: string;
  readonly required: boolean;
  /** True for the member's identity (`--nik`, `--name`, …), gathered into the command's `identity`. */
  readonly identity: boolean;
  /** How the value is read: as written, as a number, as yes or no, or as JSON (lists and structures). */
  readonly kind: "text" | "number" | "boolean" | "json";
  /** The flag's earlier name, still read: scripts written with it keep working. */
  readonly alias?: string;
}

/**
 * A loan is `--loan` everywhere (as `deposits pledge --loan` and `report --loan`); the loan
 * commands' flag was `--loan-id` (the field in kebab case), still read.
 */
const LOAN_FLAG = { flag: "loan", alias: "loan-id" } as const;

/** How a field's value is read from the command line, from the field's schema. */
const kindOf = (ast: SchemaAST.AST): Flag["kind"] => {
  switch (ast._tag) {
    case "Number":
      return "number";
    case "Boolean":
      return "boolean";
    case "Arrays":
    case "Objects":
      return "json";
    case "Literal":
      return typeof ast.literal === "number" ? "number" : "text";
    case "Union":
      return ast.types.every((t) => t._tag === "Literal" && typeof t.literal === "number") ? "number" : "text";
    default:
      return "text";
  }
};

type StructSchema = { readonly fields: Readonly<Record<string, { readonly ast: SchemaAST.AST }>> };

/**
 * The flags of `group action`, read from the engine's own command schema (so a field added to a
 * command is a flag at once): every field but `type`, renamed as the mapping says or in kebab case,
 * with the identity's fields in place of `identity`.
 */
export const flagsOf = (group: string, action: string): ReadonlyArray<Flag> | undefined => {
  const mapping = TREASURER_COMMANDS[group]?.[action];
  if (mapping === undefined) return undefined;
  const schema = Command.members.find((m) => m.fields.type.literal === mapping.type) as unknown as StructSchema | undefined;
  if (schema === undefined) return undefined;
  const renamedFrom = new Map(Object.entries(mapping.rename ?? {}).map(([flag, field]) => [field, flag]));
  const flags: Flag[] = [];
  for (const [field, value] of Object.entries(schema.fields)) {
    if (field === "type") continue;
    if (field === "identity" && mapping.identity === true) {
      const identity = value as unknown as StructSchema;
      for (const [part, partValue] of Object.entries(identity.fields)) {
        flags.push({ flag: part, field: part, required: !SchemaAST.isOptional(partValue.ast), identity: true, kind: "text" });
      }
      continue;
    }
    const renamed = renamedFrom.get(field);
    flags.push({
      ...(renamed === undefined && field === "loanId" ? LOAN_FLAG : { flag: renamed ?? kebab(field) }),
      field,
      required: !SchemaAST.isOptional(value.ast),
      identity: false,
      kind: kindOf(value.ast),
    });
  }
  // The idempotency key last: every command has it, and it is seldom typed by hand.
  return [...flags.filter((f) => f.field !== "key"), ...flags.filter((f) => f.field === "key")];
};

/** The flags of an action for a usage line: `--member … --date … [--via …]`, the optional ones in brackets. */
export const flagsLine = (group: string, action: string): string =>
  (flagsOf(group, action) ?? []).map((f) => (f.required ? `--${f.flag} …` : `[--${f.flag} …]`)).join(" ");

export type Parsed = { readonly ok: true; readonly command: Record<string, unknown> } | ({ readonly ok: false } & UsageProblem);

const problem = usageProblem;

const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, false: false, ya: true, tidak: false, yes: true, no: false };

/** Reads one flag's value as its field's kind. */
const readValue = (flag: Flag, value: string): { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & UsageProblem) => {
  switch (flag.kind) {
    case "text":
      return { ok: true, value };
    case "number": {
      if (!/^-?\d+(\.\d+)?$/.test(value))
        return problem(`--${flag.flag} bukan bilangan: ${value}`, `--${flag.flag} is not a number: ${value}`);
      return { ok: true, value: Number(value) };
    }
    case "boolean": {
      const b = BOOLEANS[value.toLowerCase()];
      if (b === undefined) return problem(`--${flag.flag} harus ya atau tidak: ${value}`, `--${flag.flag} must be yes or no: ${value}`);
      return { ok: true, value: b };
    }
    case "json":
      try {
        return { ok: true, value: JSON.parse(value) };
      } catch {
        return problem(`--${flag.flag} bukan JSON yang sah: ${value}`, `--${flag.flag} is not valid JSON: ${value}`);
      }
  }
};

/**
 * Turns `--flag value` pairs into the engine command of `group action`. A flag the command does not
 * have, a flag without its value, a required flag left out, and a number or JSON value that does not
 * read are usage problems (exit code 2), said before anything is opened; what the values mean is the
 * book's to judge.
 */
export const commandFromFlags = (group: string, action: string, args: ReadonlyArray<string>): Parsed => {
  const mapping = TREASURER_COMMANDS[group]?.[action];
  const flags = flagsOf(group, action);
  if (mapping === undefined || flags === undefined)
    return problem(`tidak ada perintah ${group} ${action}`, `no command ${group} ${action}`);
  const aliases = flags.flatMap((f) => (f.alias === undefined ? [] : [f.alias]));
  const read = readFlags(`${group} ${action}`, args, [...flags.map((f) => f.flag), ...aliases, ...CLI_FLAGS], ["json"]);
  if (!read.ok) return read;
  const command: Record<string, unknown> = { type: mapping.type };
  const identity: Record<string, string> = {};
  const givenValue = (flag: Flag) => read.values.get(flag.flag) ?? (flag.alias === undefined ? undefined : read.values.get(flag.alias));
  for (const flag of flags) {
    if (flag.alias !== undefined && read.values.has(flag.alias) && read.values.has(flag.flag))
      return problem(
        `--${flag.flag} dan --${flag.alias} adalah flag yang sama: berikan salah satu`,
        `--${flag.flag} and --${flag.alias} are the same flag: give one`,
      );
    const value = givenValue(flag);
    if (value === undefined) continue;
    if (flag.identity) {
      identity[flag.field] = value;
      continue;
    }
    const parsed = readValue(flag, value);
    if (!parsed.ok) return parsed;
    command[flag.field] = parsed.value;
  }
  const missing = flags.filter((f) => f.required && givenValue(f) === undefined).map((f) => `--${f.flag}`);
  if (missing.length > 0) {
    return problem(`${group} ${action} memerlukan ${missing.join(", ")}`, `${group} ${action} needs ${missing.join(", ")}`);
  }
  if (mapping.identity === true) command.identity = identity;
  return { ok: true, command };
};

/** The flags of a command type, for naming a problem's field on the command line. */
const flagsOfType = (type: string): ReadonlyArray<Flag> => {
  for (const [group, actions] of Object.entries(TREASURER_COMMANDS)) {
    for (const [action, mapping] of Object.entries(actions)) if (mapping.type === type) return flagsOf(group, action) ?? [];
  }
  return [];
};

/**
 * An invalid command's problems, each at the flag it came from: `--date: expected a date …`,
 * `--lines [0].quantity: …`, `--nik: …` for the identity's fields.
 */
export const describeProblems = (type: string, problems: ReadonlyArray<CommandProblem>, lang: Lang = "en"): string => {
  const flags = flagsOfType(type);
  return problems
    .map(({ path, message: english }) => {
      const [head, ...rest] = path;
      const identity = head === "identity" && rest.length > 0;
      const field = identity ? rest[0] : head;
      const flag = flags.find((f) => f.field === field && f.identity === identity);
      const inner = (identity ? rest.slice(1) : rest).map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("");
      // What a length counts: a JSON flag's own value is a list (lines), a text flag's is letters.
      const counted = inner !== "" ? "" : flag?.kind === "json" ? " baris" : flag?.kind === "text" ? " huruf" : "";
      const message = lang === "en" ? english : problemIndonesian(english, counted);
      if (flag === undefined) return path.length === 0 ? message : `${path.join(".")}: ${message}`;
      return `--${flag.flag}${inner === "" ? "" : ` ${inner}`}: ${message}`;
    })
    .join("; ");
};

/** An amount that does not parse, named by the flag it came from (`--amount`), not the command's field. */
const amountAtFlag = (type: string, error: InvalidAmount): InvalidAmount => {
  const flag = flagsOfType(type).find((f) => f.field === error.field && !f.identity);
  return flag === undefined ? error : new InvalidAmount({ field: `--${flag.flag}`, text: error.text, reason: error.reason });
};

/** Runs one treasurer's command against a book; prints the outcome; returns the exit code. */
export const runTreasurerCommand = async (
  store: ExecutorOptions["store"],
  clock: NonNullable<ExecutorOptions["clock"]>,
  book: string,
  command: Record<string, unknown>,
  options: { readonly json: boolean; readonly lang: Lang; readonly actor?: string },
): Promise<number> => {
  const executor = makeExecutor({ store, clock });
  const isNewBook = command.type === "OpenBook";
  if (!isNewBook && (await Effect.runPromise(executor.state(book))) === undefined) return noBook(book, options.lang, options.json);
  const exit = await Effect.runPromiseExit(executor.execute(book, [command], { actor: options.actor ?? "bendahara" }));
  if (Exit.isSuccess(exit)) {
    const outcome = exit.value[0] as CommandOutcome;
    if (options.json) {
      console.log(
        JSON.stringify({
          ok: true,
          replayed: outcome.replayed,
          events: outcome.events.map((e) => ({
            seq: e.seq,
            type: e.type,
            date: e.date,
            data: toWireValue(e.data),
            postings: toWireValue(e.postings),
          })),
        }),
      );
    } else {
      // Each event's number, date, type and what it names: `#12 2026-01-20 SaleReturned R-1 S-1 A001`.
      for (const e of outcome.events) {
        const summary = eventSummary(e);
        console.log(`#${e.seq} ${e.date} ${summary.startsWith(e.type) ? summary : `${e.type} ${summary}`}`);
      }
    }
    return 0;
  }
  const failure = Cause.squash(exit.cause);
  if (failure instanceof CommandRejected) {
    const rejected = failure.reason instanceof InvalidAmount ? amountAtFlag(String(command.type), failure.reason) : failure.reason;
    const reason = rejected as { _tag: string; message: string; messageEn?: string };
    const message =
      reason instanceof InvalidCommand && reason.problems !== undefined && reason.problems.length > 0
        ? `${options.lang === "en" ? "Invalid command" : "Perintah tidak sah"}: ${describeProblems(String(command.type), reason.problems, options.lang)}`
        : options.lang === "en"
          ? (reason.messageEn ?? reason.message)
          : reason.message;
    // A coded refusal (LoanRejected, RetailRejected, …) gives its reason code and detail too, for a program to switch on.
    const coded = rejected as { reason?: unknown; detail?: unknown; detailEn?: string };
    const code =
      typeof coded.reason === "string" && typeof coded.detail === "string"
        ? { reason: coded.reason, detail: options.lang === "en" ? (coded.detailEn ?? coded.detail) : coded.detail }
        : {};
    if (options.json) console.log(JSON.stringify({ ok: false, error: reason._tag, ...code, message }));
    else console.error(`${options.lang === "en" ? "rejected" : "ditolak"}: ${message}`);
    return 1;
  }
  throw failure;
};
