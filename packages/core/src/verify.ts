/**
 * Replay and verify: rebuild a book from its log alone and check the hash chain, every entry's
 * balance, every account balance and every sub-ledger against its control account, and compare the
 * result with what a store holds. The report names the first event where anything differs.
 * The verifier is incremental (push one event at a time), so a log can stream from a file.
 */
import { Effect } from "effect";
import { eventHash } from "./canonical.js";
import { InvariantViolation, type StoreFailure } from "./errors.js";
import { type BookState, GENESIS_HASH, type LedgerEvent } from "./model.js";
import { applyEvent, trialBalanceNet, unreconciledSubledgers } from "./state.js";
import { forEachPage, type LedgerStoreShape, type Projection } from "./store.js";

export type ProblemKind =
  | "sequence"
  | "chain"
  | "hash"
  | "unbalanced"
  | "apply"
  | "subledger"
  | "trial-balance"
  | "projection"
  | "empty"
  | "anchor";

/**
 * An event the log must hold, as someone was shown it: its number and hash, printed on a RAT pack,
 * a periodic pack, an export or by an earlier verify. The log may have grown since; it may not have
 * been rewritten up to that event, even with every later hash recomputed.
 */
export interface Anchor {
  readonly seq: number;
  readonly hash: string;
}

/** Reads an anchor written `SEQ:HASH` (the hash as 64 hex digits); undefined if it is not one. */
export const parseAnchor = (text: string): Anchor | undefined => {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const seq = Number(match[1]);
  return seq >= 1 ? { seq, hash: match[2] as string } : undefined;
};

export interface VerifyProblem {
  /** The first event where the log and the replay part ways (0 when it is the log as a whole). */
  readonly seq: number;
  readonly kind: ProblemKind;
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly problem?: VerifyProblem;
  /** The replayed state, when every event applied. */
  readonly state?: BookState;
}

/** Says how an entry fails to balance, in total or within a unit; undefined when it balances. */
const unbalancedBy = (postings: LedgerEvent["postings"]): string | undefined => {
  let total = 0n;
  let singleUnit = true;
  const firstUnit = postings[0]?.unit;
  for (const posting of postings) {
    total += posting.amount;
    if (posting.unit !== firstUnit) singleUnit = false;
  }
  if (total !== 0n) return `postings sum to ${total}`;
  if (singleUnit) return undefined;
  const totals = new Map<string, bigint>();
  for (const posting of postings) totals.set(posting.unit, (totals.get(posting.unit) ?? 0n) + posting.amount);
  for (const [unit, sum] of totals) if (sum !== 0n) return `postings in unit ${unit} sum to ${sum}`;
  return undefined;
};

export class Verifier {
  /** @param anchor an event the log must hold (see {@link Anchor}); checked as it passes and at the end. */
  constructor(private readonly anchor?: Anchor) {}
  private state: BookState | undefined;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private count = 0;
  private problem: VerifyProblem | undefined;

  /** Checks and applies the next event; returns false once a problem was found (later events are ignored). */
  push(event: LedgerEvent): boolean {
    if (this.problem !== undefined) return false;
    if (event.seq !== this.lastSeq + 1) return this.fail(event, "sequence", `expected event #${this.lastSeq + 1}, found #${event.seq}`);
    if (event.prevHash !== this.lastHash) return this.fail(event, "chain", "prevHash does not match the previous event's hash");
    const recomputed = eventHash(event, event, event.prevHash);
    if (recomputed !== event.hash) {
      return this.fail(event, "hash", `stored hash ${event.hash.slice(0, 12)}…, recomputed ${recomputed.slice(0, 12)}…`);
    }
    if (this.anchor !== undefined && event.seq === this.anchor.seq && event.hash !== this.anchor.hash) {
      return this.fail(
        event,
        "anchor",
        `event #${event.seq} has hash ${event.hash.slice(0, 12)}…, not ${this.anchor.hash.slice(0, 12)}… as shown before`,
      );
    }
    const unbalanced = unbalancedBy(event.postings);
    if (unbalanced !== undefined) return this.fail(event, "unbalanced", unbalanced);
    try {
      this.state = applyEvent(this.state, event);
    } catch (error) {
      if (error instanceof InvariantViolation) return this.fail(event, "apply", error.message);
      throw error;
    }
    this.lastSeq = event.seq;
    this.lastHash = event.hash;
    this.count += 1;
    return true;
  }

  private fail(event: LedgerEvent, kind: ProblemKind, detail: string): false {
    this.problem = { seq: event.seq, kind, detail };
    return false;
  }

  /** Ends the replay: checks the book as a whole, and compares it with a store's projection when given. */
  finish(expected?: Projection): VerifyReport {
    const base = { eventsChecked: this.count, headSeq: this.lastSeq, headHash: this.lastHash };
    const state = this.state;
    const failed = (problem: VerifyProblem): VerifyReport => ({ ok: false, ...base, problem, ...(state === undefined ? {} : { state }) });
    if (this.problem !== undefined) return failed(this.problem);
    if (state === undefined) return failed({ seq: 0, kind: "empty", detail: "the log has no events" });
    if (this.anchor !== undefined && this.lastSeq < this.anchor.seq) {
      return failed({
        seq: this.anchor.seq,
        kind: "anchor",
        detail: `the log ends at event #${this.lastSeq}, before event #${this.anchor.seq} that was shown before`,
      });
    }
    const net = trialBalanceNet(state);
    if (net !== 0n) return failed({ seq: this.lastSeq, kind: "trial-balance", detail: `balances net to ${net}` });
    const mismatch = unreconciledSubledgers(state)[0];
    if (mismatch !== undefined) {
      return failed({
        seq: this.lastSeq,
        kind: "subledger",
        detail: `${mismatch.account}: control ${mismatch.controlMinor}, sub-ledger ${mismatch.subledgerMinor}`,
      });
    }
    if (expected !== undefined) {
      const difference = compareProjection(state, expected);
      if (difference !== undefined) return failed({ seq: difference.seq, kind: "projection", detail: difference.detail });
    }
    return { ok: true, ...base, state };
  }
}

const compareProjection = (state: BookState, expected: Projection): { seq: number; detail: string } | undefined => {
  if (expected.headSeq !== state.seq || expected.headHash !== state.hash) {
    return { seq: Math.min(expected.headSeq, state.seq) + 1, detail: `store head #${expected.headSeq}, log head #${state.seq}` };
  }
  const codes = new Set([...state.accounts.keys(), ...expected.balances.keys()]);
  for (const code of codes) {
    const replayed = state.accounts.get(code)?.balanceMinor ?? 0n;
    const stored = expected.balances.get(code) ?? 0n;
    if (replayed !== stored) return { seq: state.seq, detail: `account ${code}: store ${stored}, replay ${replayed}` };
  }
  for (const [code, ledger] of expected.subledgers) {
    const replayed = state.subledgers.get(code);
    for (const [sub, amount] of ledger) {
      const mine = replayed?.get(sub)?.minor ?? 0n;
      if (mine !== amount) return { seq: state.seq, detail: `account ${code} / ${sub}: store ${amount}, replay ${mine}` };
    }
  }
  return undefined;
};

/** Verifies a whole log held in memory; with an anchor, the log must hold that event (see {@link Anchor}). */
export const verifyLog = (events: Iterable<LedgerEvent>, expected?: Projection, anchor?: Anchor): VerifyReport => {
  const verifier = new Verifier(anchor);
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.finish(expected);
};

export interface StoredLogOptions {
  /** Replay up to this event (the store's head by default). */
  readonly throughSeq?: number | undefined;
  /** The store's balances to compare the replay with at the end. */
  readonly expected?: Projection | undefined;
  /** Events per read; 10,000 by default. */
  readonly pageSize?: number;
  /** Called with each page after it is replayed (to export the log as it is read, or note a hash). */
  readonly onPage?: ((page: ReadonlyArray<LedgerEvent>) => void) | undefined;
  /** Read to the head even after a problem, so that an export made by `onPage` is whole. Default false: stop at it. */
  readonly readToEnd?: boolean | undefined;
  /** An event the log must hold (see {@link Anchor}). */
  readonly anchor?: Anchor | undefined;
}

/**
 * Verifies a book's log as a store holds it, reading it a page at a time: memory for one page and
 * the book's state, not for the whole log, so an auditor can replay a book of any length.
 */
export const verifyStoredLog = (
  store: LedgerStoreShape,
  bookId: string,
  options: StoredLogOptions = {},
): Effect.Effect<VerifyReport, StoreFailure> =>
  Effect.gen(function* () {
    const verifier = new Verifier(options.anchor);
    const { onPage } = options;
    yield* forEachPage(store, bookId, options, (page) =>
      Effect.sync(() => {
        let ok = true;
        for (const event of page) if (!verifier.push(event)) ok = false;
        onPage?.(page);
        return ok || options.readToEnd === true;
      }),
    );
    return verifier.finish(options.expected);
  });

/** Rebuilds a book's state from its log, trusting it (no hash checks): the fold that defines the state. */
export const replay = (events: Iterable<LedgerEvent>): BookState | undefined => {
  let state: BookState | undefined;
  for (const event of events) state = applyEvent(state, event);
  return state;
};
