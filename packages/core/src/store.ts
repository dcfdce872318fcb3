/**
 * The LedgerStore service: where a book's log, idempotency records and identity records live.
 * Three implementations share this contract (in memory here; PostgreSQL and PGlite in
 * @lumbung/postgres) and one conformance suite.
 */
import * as Context from "effect/Context";
import * as Effect from "effect/Effect";
import { isIsoDate } from "./dates.js";
import { type Conflict, IdempotencyConflict, type StoreFailure } from "./errors.js";
import type { IdentityRecord } from "./identity.js";
import type { BookState, LedgerEvent } from "./model.js";
import { boundsOf, type PostingSource, type PostingTotals, postingTotalsOf, subledgerAccounts, type TotalsFilter } from "./totals.js";

/** What an accepted command left behind: the digest of its canonical bytes and the events it produced. */
export interface IdempotencyRecord {
  readonly key: string;
  readonly digest: string;
  readonly firstSeq: number;
  /** Equal to firstSeq - 1 when the command produced no event. */
  readonly lastSeq: number;
}

export interface AppendRequest {
  readonly bookId: string;
  /** The head the caller decided against: the append succeeds only if the head is still here. */
  readonly expectedSeq: number;
  readonly events: ReadonlyArray<LedgerEvent>;
  readonly idempotency: ReadonlyArray<IdempotencyRecord>;
  readonly identities: ReadonlyArray<IdentityRecord>;
}

/** Balances a store keeps beside the log (its projections), which `verify` compares with a replay. */
export interface Projection {
  readonly headSeq: number;
  readonly headHash: string;
  /** Per account code, the balance (debit positive). */
  readonly balances: ReadonlyMap<string, bigint>;
  /** Per control account, the balance per sub-ledger key. */
  readonly subledgers: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
}

export interface LedgerStoreShape {
  /** The book's state at its head, or undefined when the book has no events yet. */
  readonly open: (bookId: string) => Effect.Effect<BookState | undefined, StoreFailure>;
  /** Up to `limit` events after `afterSeq`, in order. */
  readonly read: (bookId: string, afterSeq: number, limit: number) => Effect.Effect<LedgerEvent[], StoreFailure>;
  /** Atomically appends events, idempotency and identity records if the head is still `expectedSeq`. */
  readonly append: (request: AppendRequest) => Effect.Effect<void, Conflict | IdempotencyConflict | StoreFailure>;
  readonly lookup: (bookId: string, key: string) => Effect.Effect<IdempotencyRecord | undefined, StoreFailure>;
  /**
   * The idempotency records of the commands whose first event is after `afterSeq` and at or before
   * `throughSeq`, in the order of their events: what a copy of the book needs beside its events.
   */
  readonly readIdempotency: (bookId: string, afterSeq: number, throughSeq: number) => Effect.Effect<IdempotencyRecord[], StoreFailure>;
  /** The member that holds a NIK in this book, if any. */
  readonly memberWithNik: (bookId: string, nik: string) => Effect.Effect<string | undefined, StoreFailure>;
  readonly identity: (bookId: string, memberNo: string) => Effect.Effect<IdentityRecord | undefined, StoreFailure>;
  /** Every identity record of a book, by member number: for reports that name members, and for copies. */
  readonly identities: (bookId: string) => Effect.Effect<IdentityRecord[], StoreFailure>;
  /** Erases a member's personal data (UU 27/2022); the digest in the log stays. */
  readonly redactIdentity: (bookId: string, memberNo: string) => Effect.Effect<boolean, StoreFailure>;
  readonly projection: (bookId: string) => Effect.Effect<Projection | undefined, StoreFailure>;
  /**
   * The book's postings from its first event through event `throughSeq` (or its head, if sooner),
   * summed per account, unit and party in the spans of business dates that `bounds` start: what
   * the trial balance and the statements read, without reading the log (`postingTotalsOf` is its
   * definition). Bounds are dates; they need not be sorted. The postings to the `subledgers` accounts
   * are summed per sub-ledger key too (a member's savings, a loan's principal, an item's stock).
   */
  readonly postingTotals: (
    bookId: string,
    bounds: ReadonlyArray<string>,
    throughSeq?: number,
    subledgers?: ReadonlyArray<string>,
  ) => Effect.Effect<PostingTotals, StoreFailure>;
  /**
   * The events through `throughSeq` (or the head) that `selection` takes, in order, each whole: what
   * a report that looks at some events only (a member's statement, a loan's card, a period's journal)
   * reads instead of the whole log. `isSelected` is its definition.
   */
  readonly readSelected: (bookId: string, selection: LogSelection, throughSeq?: number) => Effect.Effect<LedgerEvent[], StoreFailure>;
}

/** Postings to any of some accounts, and to one sub-ledger key of them when `sub` is given. */
export interface PostedTo {
  readonly accounts: ReadonlyArray<string>;
  readonly sub?: string | undefined;
}

/** Which events of a log a report looks at: those that meet every criterion given. */
export interface LogSelection {
  /** Events of these types. */
  readonly types?: ReadonlyArray<string> | undefined;
  /** Events dated on or after this day. */
  readonly from?: string | undefined;
  /** Events dated on or before this day. */
  readonly through?: string | undefined;
  /** Events whose data has these fields (at its top level) with these text values: a loan's id, … */
  readonly data?: Readonly<Record<string, string>> | undefined;
  /** Events with a posting to one of these accounts (to this sub-ledger key, when given). */
  readonly postedTo?: PostedTo | undefined;
}

/** A selection's dates must be dates: a caller's mistake otherwise. */
export const checkSelection = (selection: LogSelection): void => {
  for (const date of [selection.from, selection.through]) {
    if (date !== undefined && !isIsoDate(date)) throw new RangeError(`log selection: ${JSON.stringify(date)} is not a date`);
  }
};

/** Whether `selection` takes an event. */
export const isSelected = (event: LedgerEvent, selection: LogSelection): boolean => {
  const { types, from, through, data, postedTo } = selection;
  if (types !== undefined && !types.includes(event.type)) return false;
  if ((from !== undefined && event.date < from) || (through !== undefined && event.date > through)) return false;
  if (data !== undefined) {
    const fields = event.data as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(data)) if (fields[key] !== value) return false;
  }
  return (
    postedTo === undefined ||
    event.postings.some((p) => postedTo.accounts.includes(p.account) && (postedTo.sub === undefined || p.sub === postedTo.sub))
  );
};

/**
 * What a report reads instead of a book's whole log: the posting totals its filters need (the
 * postings to the `subledgers` accounts summed per sub-ledger key too), and the events that any of
 * its selections takes.
 */
export interface LogReads {
  readonly filters: ReadonlyArray<TotalsFilter>;
  readonly subledgers?: ReadonlyArray<string>;
  readonly selections: ReadonlyArray<LogSelection>;
}

/** What was read for a {@link LogReads}: the totals, and the selected events in order, each once. */
export interface ReadResult {
  readonly totals: PostingTotals;
  readonly events: ReadonlyArray<LedgerEvent>;
}

/**
 * A book's whole log, or what a report's {@link LogReads} gave (`readFor`): what the cash-flow
 * statement, the notes, the health indicators, the inventory valuation and the packs read.
 */
export type ReportSource = ReadonlyArray<LedgerEvent> | ReadResult;

export const isReadResult = (source: ReportSource): source is ReadResult => !(Symbol.iterator in source);

/** What the reports that sum postings read of a source: the log, or its totals. */
export const postingSourceOf = (source: ReportSource): PostingSource => (isReadResult(source) ? source.totals : source);

/** The events of a source: the whole log, or the events its reads selected. */
export const eventsOf = (source: ReportSource): ReadonlyArray<LedgerEvent> => (isReadResult(source) ? source.events : source);

/** Several reports' reads as one: every filter, sub-ledger account and selection of each. */
export const combineReads = (...reads: ReadonlyArray<LogReads>): LogReads => ({
  filters: reads.flatMap((r) => r.filters),
  subledgers: subledgerAccounts(reads.flatMap((r) => r.subledgers ?? [])),
  selections: reads.flatMap((r) => r.selections),
});

/** What {@link readFor} gives, from a log: its definition. */
export const readsOf = (events: ReadonlyArray<LedgerEvent>, reads: LogReads): ReadResult => ({
  totals: postingTotalsOf(events, boundsOf(...reads.filters), reads.subledgers ?? []),
  events: events.filter((e) => reads.selections.some((s) => isSelected(e, s))),
});

/**
 * A source as what `reads` read: a report's one way in. A log is read here by the definition
 * (`readsOf`); what a store read is taken as it is.
 */
export const readResultOf = (source: ReportSource, reads: LogReads): ReadResult => (isReadResult(source) ? source : readsOf(source, reads));

/**
 * Reads what `reads` asks of a book through event `throughSeq` (or its head): the totals in one
 * query, then each selection's events, merged in order (an event two selections take, once).
 */
export const readFor = (
  store: LedgerStoreShape,
  bookId: string,
  reads: LogReads,
  throughSeq?: number,
): Effect.Effect<ReadResult, StoreFailure> =>
  Effect.all([
    store.postingTotals(bookId, boundsOf(...reads.filters), throughSeq, reads.subledgers ?? []),
    Effect.forEach(reads.selections, (selection) => store.readSelected(bookId, selection, throughSeq)),
  ]).pipe(
    Effect.map(([totals, lists]) => {
      if (lists.length === 1) return { totals, events: lists[0] as LedgerEvent[] };
      const bySeq = new Map<number, LedgerEvent>();
      for (const list of lists) for (const event of list) bySeq.set(event.seq, event);
      return { totals, events: [...bySeq.values()].sort((a, b) => a.seq - b.seq) };
    }),
  );

export class LedgerStore extends Context.Service<LedgerStore, LedgerStoreShape>()("@lumbung/core/LedgerStore") {}

/** Reads the whole log of a book in pages. */
export const readAll = (store: LedgerStoreShape, bookId: string, pageSize = 10_000): Effect.Effect<LedgerEvent[], StoreFailure> =>
  readThrough(store, bookId, Number.MAX_SAFE_INTEGER, pageSize);

/** Reads a book's log in pages from its first event up to event `throughSeq` (or its head, if sooner). */
export const readThrough = (
  store: LedgerStoreShape,
  bookId: string,
  throughSeq: number,
  pageSize = 10_000,
): Effect.Effect<LedgerEvent[], StoreFailure> => readRange(store, bookId, 0, throughSeq, pageSize);

/** The events after `afterSeq` up to event `throughSeq` (or the head, if sooner), read in pages. */
export const readRange = (
  store: LedgerStoreShape,
  bookId: string,
  afterSeq: number,
  throughSeq: number,
  pageSize = 10_000,
): Effect.Effect<LedgerEvent[], StoreFailure> => {
  const all: LedgerEvent[] = [];
  return forEachPage(store, bookId, { afterSeq, throughSeq, pageSize }, (page) => {
    for (const event of page) all.push(event);
    return Effect.succeed(true);
  }).pipe(Effect.as(all));
};

export interface PageRange {
  /** Start after this event (0, the default, is the first event). */
  readonly afterSeq?: number;
  /** Stop at this event, or at the head if it comes sooner (the default). */
  readonly throughSeq?: number | undefined;
  /** Events per read; 10,000 by default. */
  readonly pageSize?: number;
}

/**
 * Reads a book's log page by page and hands each page to `each` before reading the next, so only one
 * page is in memory at a time: how a log of any length is replayed, exported or copied. `each`
 * answers whether to go on. Reading ends at `throughSeq` or at the first empty page. Returns the
 * number of the last event read (`afterSeq` if none).
 */
export const forEachPage = <E, R>(
  store: LedgerStoreShape,
  bookId: string,
  range: PageRange,
  each: (page: LedgerEvent[]) => Effect.Effect<boolean, E, R>,
): Effect.Effect<number, StoreFailure | E, R> =>
  Effect.gen(function* () {
    const pageSize = range.pageSize ?? 10_000;
    const throughSeq = range.throughSeq ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`forEachPage: pageSize ${pageSize}`);
    let after = range.afterSeq ?? 0;
    for (;;) {
      const wanted = Math.min(pageSize, throughSeq - after);
      if (wanted <= 0) return after;
      const page = yield* store.read(bookId, after, wanted);
      if (page.length === 0) return after;
      after = (page[page.length - 1] as LedgerEvent).seq;
      const goOn = yield* each(page);
      // A short page is read past rather than taken as the end: an event deleted behind the store's
      // back leaves a gap, and the events after it must still reach a verifier, to be named there.
      if (!goOn) return after;
    }
  });

export const idempotencyConflict = (key: string) => new IdempotencyConflict({ key });
