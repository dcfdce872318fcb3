/**
 * The in-memory LedgerStore: for tests, for pure replay, and as the reference the conformance suite
 * holds the database stores to. It keeps the log as an array and a live projection beside it.
 */
import * as Effect from "effect/Effect";
import { Conflict, IdempotencyConflict, StoreFailure } from "./errors.js";
import { type IdentityRecord, redactIdentity } from "./identity.js";
import { type BookState, GENESIS_HASH, type LedgerEvent } from "./model.js";
import { applyEvent, subledgerBalances } from "./state.js";
import { type AppendRequest, checkSelection, type IdempotencyRecord, isSelected, type LedgerStoreShape, type Projection } from "./store.js";
import { postingTotalsOf } from "./totals.js";

interface MemoryBook {
  readonly events: LedgerEvent[];
  readonly idempotency: Map<string, IdempotencyRecord>;
  readonly identities: Map<string, IdentityRecord>;
  readonly nikOwners: Map<string, string>;
  /** The live projection, applied on every append. */
  projection: BookState | undefined;
}

export interface MemoryStore extends LedgerStoreShape {
  /** For tests that play the attacker: the raw log of a book, mutable. */
  readonly rawEvents: (bookId: string) => LedgerEvent[];
}

export const makeMemoryStore = (): MemoryStore => {
  const books = new Map<string, MemoryBook>();
  const book = (bookId: string): MemoryBook => {
    let found = books.get(bookId);
    if (found === undefined) {
      found = { events: [], idempotency: new Map(), identities: new Map(), nikOwners: new Map(), projection: undefined };
      books.set(bookId, found);
    }
    return found;
  };

  const append = (request: AppendRequest): Effect.Effect<void, Conflict | IdempotencyConflict | StoreFailure> =>
    Effect.suspend((): Effect.Effect<void, Conflict | IdempotencyConflict | StoreFailure> => {
      const b = book(request.bookId);
      const head = b.events.length;
      if (head !== request.expectedSeq) {
        return Effect.fail(new Conflict({ bookId: request.bookId, expectedSeq: request.expectedSeq, actualSeq: head }));
      }
      // The events must follow on from the head, by number and by hash, as the database stores require.
      let prevHash = head === 0 ? GENESIS_HASH : (b.events[head - 1] as LedgerEvent).hash;
      for (let i = 0; i < request.events.length; i++) {
        const event = request.events[i] as LedgerEvent;
        if (event.seq !== head + i + 1 || event.prevHash !== prevHash) {
          const cause = new Error(
            `event ${event.seq} of book ${request.bookId} follows hash ${event.prevHash}, but comes after seq ${head + i} with hash ${prevHash}`,
          );
          return Effect.fail(new StoreFailure({ operation: "append", cause }));
        }
        prevHash = event.hash;
      }
      for (const record of request.idempotency) {
        if (b.idempotency.has(record.key)) return Effect.fail(new IdempotencyConflict({ key: record.key }));
      }
      // Apply to a projection first: a defect here leaves the stored log untouched.
      let projection = b.projection;
      for (const event of request.events) projection = applyEvent(projection, event);
      b.projection = projection;
      b.events.push(...request.events);
      for (const record of request.idempotency) b.idempotency.set(record.key, record);
      for (const identity of request.identities) {
        const previous = b.identities.get(identity.memberNo);
        if (previous !== undefined && b.nikOwners.get(previous.nik) === identity.memberNo) b.nikOwners.delete(previous.nik);
        b.identities.set(identity.memberNo, identity);
        b.nikOwners.set(identity.nik, identity.memberNo);
      }
      return Effect.void;
    });

  const replayOf = (events: ReadonlyArray<LedgerEvent>): BookState | undefined => {
    let state: BookState | undefined;
    for (const event of events) state = applyEvent(state, event);
    return state;
  };

  const projection = (bookId: string) =>
    Effect.sync((): Projection | undefined => {
      const state = books.get(bookId)?.projection;
      if (state === undefined) return undefined;
      const balances = new Map<string, bigint>();
      for (const [code, account] of state.accounts) balances.set(code, account.balanceMinor);
      return { headSeq: state.seq, headHash: state.hash, balances, subledgers: subledgerBalances(state) };
    });

  return {
    open: (bookId) => Effect.sync(() => replayOf(books.get(bookId)?.events ?? [])),
    read: (bookId, afterSeq, limit) => Effect.sync(() => (books.get(bookId)?.events ?? []).slice(afterSeq, afterSeq + limit)),
    readSelected: (bookId, selection, throughSeq = Number.MAX_SAFE_INTEGER) =>
      Effect.sync(() => {
        checkSelection(selection);
        return (books.get(bookId)?.events ?? []).filter((e) => e.seq <= throughSeq && isSelected(e, selection));
      }),
    postingTotals: (bookId, bounds, throughSeq = Number.MAX_SAFE_INTEGER, subledgers = []) =>
      Effect.sync(() => postingTotalsOf((books.get(bookId)?.events ?? []).slice(0, Math.max(0, throughSeq)), bounds, subledgers)),
    append,
    lookup: (bookId, key) => Effect.sync(() => books.get(bookId)?.idempotency.get(key)),
    readIdempotency: (bookId, afterSeq, throughSeq) =>
      Effect.sync(() =>
        [...(books.get(bookId)?.idempotency.values() ?? [])]
          .filter((r) => r.firstSeq > afterSeq && r.firstSeq <= throughSeq)
          .sort((a, b) => a.firstSeq - b.firstSeq),
      ),
    memberWithNik: (bookId, nik) => Effect.sync(() => books.get(bookId)?.nikOwners.get(nik)),
    identity: (bookId, memberNo) => Effect.sync(() => books.get(bookId)?.identities.get(memberNo)),
    identities: (bookId) =>
      Effect.sync(() => [...(books.get(bookId)?.identities.values() ?? [])].sort((a, b) => (a.memberNo < b.memberNo ? -1 : 1))),
    redactIdentity: (bookId, memberNo) =>
      Effect.sync(() => {
        const b = books.get(bookId);
        const record = b?.identities.get(memberNo);
        if (b === undefined || record === undefined) return false;
        b.nikOwners.delete(record.nik);
        b.identities.set(memberNo, redactIdentity(record));
        return true;
      }),
    projection,
    rawEvents: (bookId) => book(bookId).events,
  };
};
