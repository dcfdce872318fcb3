/**
 * Copying a book from one store to another: from a PGlite folder to a PostgreSQL server when the
 * koperasi outgrows one machine, from a server into a PGlite folder for an auditor to take away, or
 * into a second folder as a backup. The copy is the same book, not a new one: every event keeps its
 * sequence number, hash, recorded time, actor and idempotency key, so the copy's chain ends in the
 * same hash, a command retried against the copy is recognised, and `verify` passes on both.
 *
 * A copy can be brought up to date: copying again appends only the events the copy lacks, once its
 * head is an event of the source (same number, same hash). A copy that has its own events, or is
 * further on than the source, is refused, and so is a source that does not verify.
 */
import * as Data from "effect/Data";
import * as Effect from "effect/Effect";
import type { Conflict, IdempotencyConflict, StoreFailure } from "./errors.js";
import { type IdentityRecord, identityDigest } from "./identity.js";
import type { LedgerEvent } from "./model.js";
import { type IdempotencyRecord, type LedgerStoreShape, readRange } from "./store.js";
import { storeView, type VerifyProblem, verifyStoredLog } from "./verify.js";

export type CopyFailure =
  /** The source store has no such book. */
  | "no-such-book"
  /** The source's log or its identity records do not agree with themselves; nothing was written. */
  | "source-not-verified"
  /** The copy has events or identity records the source does not have; nothing was written. */
  | "diverged"
  /** The copy was written but does not verify against the source: look at the target store. */
  | "copy-not-verified";

export class CopyFailed extends Data.TaggedError("CopyFailed")<{
  readonly bookId: string;
  readonly reason: CopyFailure;
  readonly detail: string;
}> {
  override get message() {
    const why = {
      "no-such-book": "tidak ada di penyimpanan asal",
      "source-not-verified": "di penyimpanan asal tidak lolos pemeriksaan; tidak ada yang disalin",
      diverged: "di tujuan sudah berisi hal yang tidak ada di asal; tidak ada yang disalin",
      "copy-not-verified": "sudah disalin tetapi salinannya tidak lolos pemeriksaan",
    }[this.reason];
    return `Buku ${this.bookId} ${why}: ${this.detail}`;
  }
  get messageEn() {
    const why = {
      "no-such-book": "is not in the source store",
      "source-not-verified": "does not verify in the source store; nothing was copied",
      diverged: "already holds, at the target, what the source does not have; nothing was copied",
      "copy-not-verified": "was copied, but the copy does not verify",
    }[this.reason];
    return `Book ${this.bookId} ${why}: ${this.detail}`;
  }
}

export interface CopyReport {
  readonly bookId: string;
  /** The copy's head before: 0 for a new copy, else where an earlier copy left off. */
  readonly fromSeq: number;
  /** The head copied to, the source's head when the copy began, and its hash. */
  readonly headSeq: number;
  readonly headHash: string;
  readonly eventsCopied: number;
  readonly commandsCopied: number;
  /** Identity records written (new or corrected), and those erased at the copy as at the source. */
  readonly identitiesCopied: number;
  readonly identitiesRedacted: number;
  /** The transactions the copy took at the target. */
  readonly appends: number;
}

export interface CopyOptions {
  /** About how many events each transaction at the target carries (a command is never split). Default 1,000. */
  readonly batchEvents?: number;
  /** Events per read from either store while verifying (the logs are read a page at a time). Default 10,000. */
  readonly pageEvents?: number;
}

const problemText = (problem: VerifyProblem | undefined): string =>
  problem === undefined ? "" : `event #${problem.seq} (${problem.kind}): ${problem.detail}`;

const sameIdentity = (a: IdentityRecord, b: IdentityRecord): boolean =>
  a.nik === b.nik &&
  a.name === b.name &&
  a.address === b.address &&
  (a.phone ?? null) === (b.phone ?? null) &&
  a.salt === b.salt &&
  (a.redacted ?? false) === (b.redacted ?? false);

/** Notes the hash of event `seq` as a log's pages go by. */
const hashOf = (seq: number) => {
  let hash: string | undefined;
  return {
    onPage: (page: ReadonlyArray<LedgerEvent>) => {
      const first = (page[0] as LedgerEvent).seq;
      if (seq >= first && seq < first + page.length) hash = (page[seq - first] as LedgerEvent).hash;
    },
    hash: () => hash,
  };
};

/**
 * Copies book `bookId` from `from` into `to`, or brings an earlier copy up to date. The source is
 * verified first (its whole log replayed against the whole state it opens with, and every identity
 * record against the digest the log holds); the copy is verified after, the same way. Logs are read a page at a time, never held
 * whole: the source's is read twice (to verify it, then to copy it), the copy's once.
 */
export const copyBook = (
  from: LedgerStoreShape,
  to: LedgerStoreShape,
  bookId: string,
  options: CopyOptions = {},
): Effect.Effect<CopyReport, CopyFailed | Conflict | IdempotencyConflict | StoreFailure> =>
  Effect.gen(function* () {
    const batchEvents = options.batchEvents ?? 1000;
    const pageSize = options.pageEvents ?? 10_000;
    if (!Number.isSafeInteger(batchEvents) || batchEvents < 1) throw new RangeError(`copyBook: batchEvents ${batchEvents}`);
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`copyBook: pageEvents ${pageSize}`);
    const fail = (reason: CopyFailure, detail: string) => Effect.fail(new CopyFailed({ bookId, reason, detail }));

    // The source at one moment: its state, then its log up to that head (later events wait for the next copy).
    const { opened, expected } = yield* storeView(from, bookId);
    if (expected === undefined) return yield* fail("no-such-book", "the book has no events");
    const head = expected.headSeq;
    const target = yield* to.projection(bookId);
    const start = target?.headSeq ?? 0;
    if (start > head) return yield* fail("diverged", `the copy is at event #${start}, the source at #${head}`);

    // The source's log replayed a page at a time (the log is never held whole), noting its event at the copy's head.
    const atStart = hashOf(start);
    const source = yield* verifyStoredLog(from, bookId, { throughSeq: head, expected, opened, onPage: atStart.onPage, pageSize });
    if (!source.ok || source.state === undefined) return yield* fail("source-not-verified", problemText(source.problem));
    const state = source.state;
    if (target !== undefined && atStart.hash() !== target.headHash) {
      return yield* fail("diverged", `event #${start} of the copy is not event #${start} of the source`);
    }

    // Identity records live outside the log: each must match the digest the log holds for its member.
    const identities: IdentityRecord[] = [];
    const redactions: string[] = [];
    const sourceRecords = new Map((yield* from.identities(bookId)).map((r) => [r.memberNo, r]));
    const targetRecords = new Map(target === undefined ? [] : (yield* to.identities(bookId)).map((r) => [r.memberNo, r]));
    for (const member of state.members.values()) {
      const mine = sourceRecords.get(member.memberNo);
      if (mine === undefined) continue;
      if (mine.redacted !== true && identityDigest(mine) !== member.identityDigest) {
        return yield* fail("source-not-verified", `the identity record of member ${member.memberNo} does not match its digest in the log`);
      }
      const theirs = targetRecords.get(member.memberNo);
      // An erasure made at the copy stands: personal data is never written back.
      if (theirs?.redacted === true) continue;
      if (mine.redacted === true) {
        if (theirs === undefined) identities.push(mine);
        redactions.push(member.memberNo);
        continue;
      }
      if (theirs !== undefined && sameIdentity(mine, theirs)) continue;
      identities.push(mine);
    }
    if (start === head && identities.length > 0) {
      const memberNo = (identities[0] as IdentityRecord).memberNo;
      return yield* fail("diverged", `the identity record of member ${memberNo} at the copy differs from the source's`);
    }

    // The events, a batch of whole commands per transaction, each with its commands' idempotency records.
    let at = start;
    let appends = 0;
    let commands = 0;
    while (at < head) {
      let end = Math.min(at + batchEvents, head);
      const records: IdempotencyRecord[] = yield* from.readIdempotency(bookId, at, end);
      for (const record of records) end = Math.max(end, record.lastSeq);
      const last = end === head;
      yield* to.append({
        bookId,
        expectedSeq: at,
        events: yield* readRange(from, bookId, at, end, pageSize),
        idempotency: records,
        identities: last ? identities : [],
      });
      at = end;
      appends += 1;
      commands += records.length;
    }
    for (const memberNo of redactions) yield* to.redactIdentity(bookId, memberNo);

    // The copy, read back a page at a time and replayed against the whole state it opens with.
    const view = yield* storeView(to, bookId);
    const copied = view.expected;
    if (copied === undefined) return yield* fail("copy-not-verified", "the copy has no events");
    const atHead = hashOf(head);
    const check = yield* verifyStoredLog(to, bookId, { ...view, throughSeq: copied.headSeq, onPage: atHead.onPage, pageSize });
    if (!check.ok) return yield* fail("copy-not-verified", problemText(check.problem));
    if (atHead.hash() !== source.headHash) {
      return yield* fail("copy-not-verified", `event #${head} of the copy is not event #${head} of the source`);
    }
    return {
      bookId,
      fromSeq: start,
      headSeq: head,
      headHash: source.headHash,
      eventsCopied: head - start,
      commandsCopied: commands,
      identitiesCopied: identities.filter((record) => record.redacted !== true).length,
      identitiesRedacted: redactions.length,
      appends,
    } satisfies CopyReport;
  });
