/**
 * Replay and verify: rebuild a book from its log alone and check the hash chain, every entry's
 * balance, every account balance and every sub-ledger against its control account, and compare the
 * result with what a store holds. The report names the first event where anything differs.
 * The verifier is incremental (push one event at a time), so a log can stream from a file.
 */
import * as Effect from "effect/Effect";
import { eventHash } from "./canonical.js";
import { InvariantViolation, type StoreFailure } from "./errors.js";
import { FOLDED_PARTS } from "./folded.js";
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

  /**
   * Ends the replay: checks the book as a whole, and compares it with a store's projection when
   * given, and with the whole state the store opens the book with (`opened`) when given.
   */
  finish(expected?: Projection, opened?: BookState): VerifyReport {
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
    // The balances first, by account (a given projection, or the opened state's own): then the rest
    // of the opened state, whose balances the whole comparison below covers again in any case.
    const projection = expected ?? (opened === undefined ? undefined : projectionOf(opened));
    if (projection !== undefined) {
      const difference = compareProjection(state, projection);
      if (difference !== undefined) return failed({ seq: difference.seq, kind: "projection", detail: difference.detail });
    }
    if (opened !== undefined) {
      // Everything else the engine decides from (members and their savings, the wajib schedule,
      // interest posted, closed months, loans, the shop, the year's figures) as the store keeps it.
      // The members first: a member is also held by its sub-ledger balances, and its own path says more.
      const membersFirst = ({ members, ...rest }: BookState) => ({ members, ...rest });
      const difference = stateDifference(membersFirst(opened), membersFirst(state));
      if (difference !== undefined) return failed({ seq: state.seq, kind: "projection", detail: difference });
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

/** The balances a state holds, as a store's projection. */
export const projectionOf = (state: BookState): Projection => ({
  headSeq: state.seq,
  headHash: state.hash,
  balances: new Map([...state.accounts].map(([code, account]) => [code, account.balanceMinor])),
  subledgers: new Map(
    [...state.subledgers].map(([code, ledger]) => [code, new Map([...ledger].map(([sub, balance]) => [sub, balance.minor]))]),
  ),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set);

const shown = (value: unknown): string => {
  if (value === undefined) return "nothing";
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Map) return `${value.size} entries`;
  if (value instanceof Set) return `${value.size} values`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return "a record";
};

/** Between the steps of a path in a {@link stateDifference}: "members › A001 › status". */
export const PATH_SEPARATOR = " › ";

/**
 * Whether a difference {@link stateDifference} found lies in the folded parts: in what a store opens
 * from its snapshot of them and the events after it. The year's profit and loss and the members'
 * usage under `closing` come from postings, not from it.
 */
export const inFoldedParts = (difference: string): boolean => {
  const [first = "", field] = difference.split(PATH_SEPARATOR);
  // A difference in a whole part has no step after it: "sukarelaRates: store …".
  const part = first.split(":")[0];
  if (part === "closing") return field === "years" || field === "entries" || field === "policy";
  return (FOLDED_PARTS as ReadonlyArray<string | undefined>).includes(part);
};

/**
 * The first place where a state a store keeps differs from the state the log replays to, as a path
 * and both values ("members › A001 › status: store "exited", replay "active""); undefined when they
 * are the same. Maps and sets are compared by their keys, not their order; a field that is absent
 * and one that is undefined are the same.
 */
export const stateDifference = (
  stored: unknown,
  replayed: unknown,
  path: ReadonlyArray<string> = [],
  compared: WeakMap<object, WeakSet<object>> = new WeakMap(),
): string | undefined => {
  if (Object.is(stored, replayed)) return undefined;
  const at = path.length === 0 ? "state" : path.join(PATH_SEPARATOR);
  // A part held in two places (a member, in the register and in its sub-ledger balance) is compared once.
  if (typeof stored === "object" && stored !== null && typeof replayed === "object" && replayed !== null) {
    const seen = compared.get(stored) ?? new WeakSet<object>();
    if (seen.has(replayed)) return undefined;
    seen.add(replayed);
    compared.set(stored, seen);
  }
  const within = (a: unknown, b: unknown, step: string) => stateDifference(a, b, [...path, step], compared);
  if (stored instanceof Map && replayed instanceof Map) {
    for (const key of new Set([...stored.keys(), ...replayed.keys()])) {
      const difference = within(stored.get(key), replayed.get(key), String(key));
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (stored instanceof Set && replayed instanceof Set) {
    for (const value of stored) if (!replayed.has(value)) return `${at}: the store has ${shown(value)}, the replay does not`;
    for (const value of replayed) if (!stored.has(value)) return `${at}: the replay has ${shown(value)}, the store does not`;
    return undefined;
  }
  if (Array.isArray(stored) && Array.isArray(replayed)) {
    if (stored.length !== replayed.length) return `${at}: store ${shown(stored)}, replay ${shown(replayed)}`;
    for (let i = 0; i < stored.length; i++) {
      const difference = within(stored[i], replayed[i], `[${i}]`);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (isRecord(stored) && isRecord(replayed)) {
    for (const key of new Set([...Object.keys(stored), ...Object.keys(replayed)])) {
      const difference = within(stored[key], replayed[key], key);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  return `${at}: store ${shown(stored)}, replay ${shown(replayed)}`;
};

/**
 * Verifies a whole log held in memory; with an anchor, the log must hold that event (see
 * {@link Anchor}); with `opened`, the state a store opens the book with must be the replay's.
 */
export const verifyLog = (events: Iterable<LedgerEvent>, expected?: Projection, anchor?: Anchor, opened?: BookState): VerifyReport => {
  const verifier = new Verifier(anchor);
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.finish(expected, opened);
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
  /** The state the store opens the book with, to compare whole with the replay (see {@link storeView}). */
  readonly opened?: BookState | undefined;
}

/**
 * What a store holds of a book beside its log, read for a check: the state it opens the book with
 * and its balances. A state that cannot be opened (a fold that fails on a tampered event) is left
 * out, so that the replay still names the event; the balances are then read on their own.
 */
export const storeView = (
  store: LedgerStoreShape,
  bookId: string,
): Effect.Effect<{ readonly opened: BookState | undefined; readonly expected: Projection | undefined }, StoreFailure> =>
  Effect.gen(function* () {
    const opening = yield* Effect.exit(store.open(bookId));
    if (opening._tag === "Success" && opening.value !== undefined) return { opened: opening.value, expected: projectionOf(opening.value) };
    return { opened: undefined, expected: yield* store.projection(bookId) };
  });

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
    return verifier.finish(options.expected, options.opened);
  });

/** Rebuilds a book's state from its log, trusting it (no hash checks): the fold that defines the state. */
export const replay = (events: Iterable<LedgerEvent>): BookState | undefined => {
  let state: BookState | undefined;
  for (const event of events) state = applyEvent(state, event);
  return state;
};
