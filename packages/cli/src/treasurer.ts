/**
 * The treasurer's commands: each `lumbung GROUP ACTION --flag value …` becomes one engine command,
 * run against the book in its store. Flags are the command's fields in kebab case (`--member` is
 * `memberNo`); `--lines` and the like take JSON. With `--json` the outcome is printed as JSON.
 * Exit codes: 0 done, 1 rejected by the book (the reason is printed in Bahasa Indonesia, or English
 * with `--lang en`), 2 bad usage, 3 no such book.
 */
import { type CommandOutcome, CommandRejected, type ExecutorOptions, makeExecutor, toWireValue } from "@lumbung/core";
import { Cause, Effect, Exit } from "effect";
import type { Lang } from "./render.js";

/** How a group and action map to a command: its type, flags renamed, flags read as numbers or JSON, flags gathered into `identity`. */
interface Mapping {
  readonly type: string;
  readonly rename?: Readonly<Record<string, string>>;
  readonly numbers?: ReadonlyArray<string>;
  readonly json?: ReadonlyArray<string>;
  readonly identity?: boolean;
}

const member = { member: "memberNo" };

export const TREASURER_COMMANDS: Readonly<Record<string, Readonly<Record<string, Mapping>>>> = {
  members: {
    add: { type: "RegisterMember", rename: { ...member }, identity: true },
    opening: { type: "RecordOpeningMember", rename: { ...member, joined: "joinedOn" }, identity: true },
    resign: { type: "ResignMember", rename: member },
    refund: { type: "PayMemberRefund", rename: member },
  },
  savings: {
    wajib: { type: "PayWajib", rename: member },
    deposit: { type: "DepositSukarela", rename: member },
    withdraw: { type: "WithdrawSukarela", rename: member },
  },
  loans: {
    product: { type: "CreateLoanProduct", numbers: ["termMax", "graceDays"] },
    disburse: { type: "DisburseLoan", rename: member, numbers: ["instalments"] },
    repay: { type: "RepayLoan" },
    settle: { type: "SettleLoan" },
    writeoff: { type: "WriteOffLoan" },
    recover: { type: "RecoverLoan" },
  },
  items: {
    add: { type: "AddItem", numbers: ["quantityScale"] },
    price: { type: "SetItemPrice" },
    supplier: { type: "AddSupplier" },
    customer: { type: "AddCustomer" },
    count: { type: "CountStock" },
  },
  purchases: {
    add: { type: "PurchaseStock", json: ["lines"] },
    pay: { type: "PaySupplier" },
    return: { type: "ReturnPurchase", json: ["lines"] },
  },
  sales: {
    add: { type: "RecordSale", rename: member, json: ["lines"] },
    receive: { type: "ReceivePayment", rename: member },
    return: { type: "ReturnSale", json: ["lines"] },
  },
  journal: {
    post: { type: "PostJournal", json: ["lines"] },
    opening: { type: "RecordOpeningBalances", json: ["lines"] },
  },
  close: {
    month: { type: "CloseMonth" },
    reopen: { type: "ReopenMonth" },
  },
  shu: {
    policy: { type: "SetShuPolicy", json: ["allocation", "capital", "usage", "incomeTax"] },
    distribute: { type: "DistributeShu" },
    pay: { type: "PayShu", rename: member },
  },
};

/** Flags that belong to the CLI, not to the command. */
const CLI_FLAGS = new Set(["book", "folder", "database-url", "json", "lang", "actor"]);
const IDENTITY_FLAGS = new Set(["nik", "name", "address", "phone"]);

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export type Parsed = { readonly ok: true; readonly command: Record<string, unknown> } | { readonly ok: false; readonly problem: string };

/** Turns `--flag value` pairs into the engine command of `group action`. */
export const commandFromFlags = (group: string, action: string, args: ReadonlyArray<string>): Parsed => {
  const mapping = TREASURER_COMMANDS[group]?.[action];
  if (mapping === undefined) return { ok: false, problem: `${group} ${action}` };
  const command: Record<string, unknown> = { type: mapping.type };
  const identity: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) return { ok: false, problem: arg };
    const flag = arg.slice(2);
    if (flag === "json") continue;
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) return { ok: false, problem: `--${flag}` };
    i += 1;
    if (CLI_FLAGS.has(flag)) continue;
    if (mapping.identity === true && IDENTITY_FLAGS.has(flag)) {
      identity[flag] = value;
      continue;
    }
    const field = mapping.rename?.[flag] ?? camel(flag);
    if (mapping.json?.includes(field)) {
      try {
        command[field] = JSON.parse(value);
      } catch {
        return { ok: false, problem: `--${flag}: JSON` };
      }
    } else if (mapping.numbers?.includes(field)) {
      const n = Number(value);
      if (!Number.isFinite(n)) return { ok: false, problem: `--${flag}: ${value}` };
      command[field] = n;
    } else {
      command[field] = value;
    }
  }
  if (mapping.identity === true) command.identity = identity;
  return { ok: true, command };
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
  if (!isNewBook && (await Effect.runPromise(executor.state(book))) === undefined) {
    console.error(
      options.lang === "en"
        ? `no book ${book} in this store (lumbung init first)`
        : `tidak ada buku ${book} di penyimpanan ini (jalankan lumbung init dahulu)`,
    );
    return 3;
  }
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
      for (const e of outcome.events) console.log(`#${e.seq} ${e.date} ${e.type}`);
    }
    return 0;
  }
  const failure = Cause.squash(exit.cause);
  if (failure instanceof CommandRejected) {
    const reason = failure.reason as { _tag: string; message: string; messageEn?: string };
    const message = options.lang === "en" ? (reason.messageEn ?? reason.message) : reason.message;
    if (options.json) console.log(JSON.stringify({ ok: false, error: reason._tag, message }));
    else console.error(`${options.lang === "en" ? "rejected" : "ditolak"}: ${message}`);
    return 1;
  }
  throw failure;
};
