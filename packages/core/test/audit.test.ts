import { Effect } from "effect";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalText, chainHash, fromWireLine, sealEvent, toWireLine } from "../src/canonical.js";
import { makeMemoryStore } from "../src/memory-store.js";
import { EVENT_TYPES, type EventDraft, GENESIS_HASH, type LedgerEvent } from "../src/model.js";
import type { Money } from "../src/money.js";
import { createLedger } from "../src/promise-api.js";
import type { LedgerStoreShape } from "../src/store.js";
import { parseAnchor, stateDifference, verifyLog, verifyStoredLog } from "../src/verify.js";
import { closeTheYear, everyEventType, identity, makeTestBook, type TestBook } from "./helpers.js";

let book: TestBook;

/** A book whose log holds every event type there is. */
beforeAll(async () => {
  book = await makeTestBook({ today: "2026-03-10", savings: { sukarela: { ratePerYear: "0.04" } } });
  await everyEventType(book.run);
  await closeTheYear(book.run, (date) => book.clock.setDate(date));
});

describe("the log's export and the hash chain", () => {
  it("holds every event type", () => {
    expect(new Set(book.events().map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it("round-trips every event through its NDJSON line, byte for byte", () => {
    for (const event of book.events()) {
      const line = toWireLine(event);
      const back = fromWireLine(line);
      expect(back).toEqual(event);
      expect(toWireLine(back)).toBe(line);
    }
    const report = verifyLog(book.events().map((e) => fromWireLine(toWireLine(e))));
    expect(report.ok).toBe(true);
  });

  it("keeps the canonical encoding of version 1 fixed (a change here breaks every stored chain)", () => {
    const draft: EventDraft = {
      type: "SukarelaDeposited",
      date: "2026-01-04",
      data: { memberNo: "A001", amountMinor: 300000n as Money, via: "1101" },
      postings: [
        { account: "1101", amount: 300000n as Money, unit: "USP", party: "anggota" },
        { account: "2101", amount: -300000n as Money, sub: "A001", unit: "USP", party: "anggota" },
      ],
    };
    const envelope = { seq: 12, version: 1, recordedAt: "2026-01-04T05:00:00.000Z", key: "dep-1", actor: "kasir" };
    expect(canonicalText(draft, envelope)).toBe(
      '{"canon":1,"seq":12,"type":"SukarelaDeposited","version":1,"date":"2026-01-04","recordedAt":"2026-01-04T05:00:00.000Z","key":"dep-1","actor":"kasir",' +
        '"data":{"amountMinor":"300000","memberNo":"A001","via":"1101"},' +
        '"postings":[{"account":"1101","amount":"300000","unit":"USP","party":"anggota"},{"account":"2101","amount":"-300000","sub":"A001","unit":"USP","party":"anggota"}]}',
    );
    const sealed = sealEvent(draft, envelope, GENESIS_HASH);
    expect(sealed.hash).toBe(chainHash(GENESIS_HASH, canonicalText(draft, envelope)));
    // SHA-256 of 64 zeros followed by the text above, as `printf '%s' "$prev$text" | sha256sum` computes it.
    expect(sealed.hash).toBe("b652e8860045efbd760d4c08f9c6dc9109781993cc11ca9668cb8d8e94917b98");
  });
});

const clone = (events: LedgerEvent[]): LedgerEvent[] => events.map((e) => fromWireLine(toWireLine(e)));
const rehashFrom = (events: LedgerEvent[], from: number): LedgerEvent[] => {
  const out = events.slice(0, from);
  for (let i = from; i < events.length; i++) {
    const prevHash = i === 0 ? GENESIS_HASH : (out[i - 1] as LedgerEvent).hash;
    out.push(sealEvent(events[i] as LedgerEvent, events[i] as LedgerEvent, prevHash));
  }
  return out;
};

describe("verify names the first event where the log was changed", () => {
  it("a balanced tamper of one entry breaks that event's hash", () => {
    const events = clone(book.events());
    const target = events.findIndex((e) => e.type === "WajibPaid");
    const event = events[target] as LedgerEvent;
    events[target] = {
      ...event,
      postings: event.postings.map((p) => ({ ...p, amount: (p.amount > 0n ? p.amount + 1000n : p.amount - 1000n) as Money })),
    } as LedgerEvent;
    const report = verifyLog(events);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ seq: event.seq, kind: "hash" });
  });

  it("a tamper re-hashed all the way to the head is caught against the store's projection", async () => {
    const events = clone(book.events());
    const target = events.findIndex((e) => e.type === "JournalPosted");
    const event = events[target] as LedgerEvent;
    events[target] = { ...event, postings: event.postings.map((p) => ({ ...p, amount: (p.amount * 2n) as Money })) } as LedgerEvent;
    const rehashed = rehashFrom(events, target);
    expect(verifyLog(rehashed).ok).toBe(true); // a chain alone cannot know: its head moved
    const projection = await Effect.runPromise(book.store.projection(book.bookId));
    const report = verifyLog(rehashed, projection);
    expect(report.ok).toBe(false);
    expect(report.problem?.kind).toBe("projection");
  });

  it("an unbalanced entry is named even when its hash was recomputed", () => {
    const events = clone(book.events());
    const target = events.findIndex((e) => e.type === "SukarelaWithdrawn");
    const event = events[target] as LedgerEvent;
    events[target] = { ...event, postings: [event.postings[0] as LedgerEvent["postings"][number]] } as LedgerEvent;
    const report = verifyLog(rehashFrom(events, target));
    expect(report.problem).toMatchObject({ seq: event.seq, kind: "unbalanced" });
  });

  it("a deleted event and a reordered log break the sequence", () => {
    const events = clone(book.events());
    const removed = [...events.slice(0, 5), ...events.slice(6)];
    expect(verifyLog(removed).problem).toMatchObject({ seq: 7, kind: "sequence" });
    const swapped = [...events];
    [swapped[3], swapped[4]] = [swapped[4] as LedgerEvent, swapped[3] as LedgerEvent];
    expect(verifyLog(swapped).problem).toMatchObject({ seq: 5, kind: "sequence" });
  });

  it("a changed data field breaks the hash, and a broken link breaks the chain", () => {
    const events = clone(book.events());
    const target = events.findIndex((e) => e.type === "MemberRegistered");
    const event = events[target] as LedgerEvent;
    events[target] = { ...event, data: { ...event.data, memberNo: "A999" } } as LedgerEvent;
    expect(verifyLog(events).problem).toMatchObject({ seq: event.seq, kind: "hash" });
    const relinked = clone(book.events());
    relinked[2] = { ...(relinked[2] as LedgerEvent), prevHash: GENESIS_HASH };
    expect(verifyLog(relinked).problem).toMatchObject({ seq: 3, kind: "chain" });
  });

  it("the unchanged log verifies against its store", async () => {
    const report = verifyLog(book.events(), await Effect.runPromise(book.store.projection(book.bookId)));
    expect(report).toMatchObject({ ok: true, eventsChecked: book.events().length });
  });
});

describe("verify compares the whole state a store opens a book with", () => {
  it("stateDifference names the first path where two states part, and nothing when they agree", () => {
    const a = { m: new Map([["A001", { status: "active", moves: [1n, 2n] }]]), s: new Set([1, 2]), x: undefined };
    expect(stateDifference(a, { m: new Map([["A001", { status: "active", moves: [1n, 2n] }]]), s: new Set([2, 1]) })).toBeUndefined();
    expect(stateDifference(a, { ...a, m: new Map([["A001", { status: "exited", moves: [1n, 2n] }]]) })).toBe(
      'm › A001 › status: store "active", replay "exited"',
    );
    expect(stateDifference(a, { ...a, m: new Map([["A001", { status: "active", moves: [1n] }]]) })).toBe(
      "m › A001 › moves: store a list of 2, replay a list of 1",
    );
    expect(stateDifference(a, { ...a, m: new Map([["A001", { status: "active", moves: [1n, 3n] }]]) })).toBe(
      "m › A001 › moves › [1]: store 2, replay 3",
    );
    expect(stateDifference(a, { ...a, m: new Map() })).toBe("m › A001: store a record, replay nothing");
    expect(stateDifference(a, { ...a, s: new Set([1]) })).toBe("s: the store has 2, the replay does not");
    expect(stateDifference(1n, 1)).toBe("state: store 1, replay 1");
  });

  it("the book's own state verifies whole; a store state changed anywhere is named, through the log's head", async () => {
    const opened = await Effect.runPromise(book.store.open(book.bookId));
    if (opened === undefined) throw new Error("no book");
    expect(verifyLog(book.events(), undefined, undefined, opened)).toMatchObject({ ok: true });
    // A member's status, as a projection changed behind the engine's back would have it.
    const member = [...opened.members.values()].find((m) => m.status === "active");
    if (member === undefined) throw new Error("no active member");
    const tampered = { ...opened, members: new Map(opened.members).set(member.memberNo, { ...member, status: "exited" as const }) };
    expect(verifyLog(book.events(), undefined, undefined, tampered).problem).toEqual({
      seq: opened.seq,
      kind: "projection",
      detail: `members › ${member.memberNo} › status: store "exited", replay "active"`,
    });
    // A balance is named as the projection's balances always were.
    const [code, account] = [...opened.accounts].find(([, a]) => a.balanceMinor !== 0n) ?? [];
    if (code === undefined || account === undefined) throw new Error("no account with a balance");
    const skewed = { ...opened, accounts: new Map(opened.accounts).set(code, { ...account, balanceMinor: account.balanceMinor + 1n }) };
    expect(verifyLog(book.events(), undefined, undefined, skewed).problem).toMatchObject({
      kind: "projection",
      detail: `account ${code}: store ${account.balanceMinor + 1n}, replay ${account.balanceMinor}`,
    });
    // The Promise API's verify reads the state the store opens with and compares it whole.
    expect(await createLedger({ store: book.store, clock: book.clock }).verify(book.bookId)).toMatchObject({ ok: true });
  });
});

describe("verifyStoredLog: the store's log replayed a page at a time", () => {
  /** The book's store, holding `events` as its log (tampered or not). */
  const holding = (events: LedgerEvent[], asked: number[] = []): LedgerStoreShape => ({
    ...book.store,
    read: (_bookId, afterSeq, limit) => {
      asked.push(limit);
      const from = events.findIndex((e) => e.seq > afterSeq);
      return Effect.succeed(from < 0 ? [] : events.slice(from, from + limit));
    },
  });

  /** The unchanged log, one with an event's hash broken, one with an event missing, one re-hashed to a new head. */
  const variants = (): Array<[string, LedgerEvent[]]> => {
    const tampered = clone(book.events());
    tampered[20] = { ...(tampered[20] as LedgerEvent), actor: "mallory" };
    const missing = clone(book.events());
    missing.splice(30, 1);
    const moved = clone(book.events());
    const target = moved.findIndex((e) => e.type === "JournalPosted");
    const event = moved[target] as LedgerEvent;
    moved[target] = { ...event, postings: event.postings.map((p) => ({ ...p, amount: (p.amount * 2n) as Money })) } as LedgerEvent;
    return [
      ["unchanged", book.events()],
      ["tampered", tampered],
      ["missing", missing],
      ["re-hashed", rehashFrom(moved, target)],
    ];
  };

  it("property: any page size gives the report that replaying the whole log in memory gives, and asks for no more than a page", async () => {
    const projection = await Effect.runPromise(book.store.projection(book.bookId));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 60 }), fc.constantFrom(...variants()), async (pageSize, [, events]) => {
        const asked: number[] = [];
        const streamed = await Effect.runPromise(verifyStoredLog(holding(events, asked), book.bookId, { expected: projection, pageSize }));
        const whole = verifyLog(events, projection);
        const { state: _a, ...streamedReport } = streamed;
        const { state: _b, ...wholeReport } = whole;
        expect(streamedReport).toEqual(wholeReport);
        expect(Math.max(...asked)).toBeLessThanOrEqual(pageSize);
      }),
      { numRuns: 60 },
    );
  });

  it("stops reading at the first problem, unless asked to read to the end (for an export)", async () => {
    const [, [, tampered]] = variants() as [unknown, [string, LedgerEvent[]]];
    const asked: number[] = [];
    const report = await Effect.runPromise(verifyStoredLog(holding(tampered, asked), book.bookId, { pageSize: 5 }));
    expect(report.problem).toMatchObject({ seq: 21, kind: "hash" });
    expect(asked.length).toBe(5); // events 1–25: the fifth page holds event 21
    // Watching the pages does not change where reading stops.
    const seen: LedgerEvent[] = [];
    await Effect.runPromise(verifyStoredLog(holding(tampered), book.bookId, { pageSize: 5, onPage: (page) => seen.push(...page) }));
    expect(seen).toEqual(tampered.slice(0, 25));
    const pages: LedgerEvent[] = [];
    const whole = await Effect.runPromise(
      verifyStoredLog(holding(tampered), book.bookId, { pageSize: 5, onPage: (page) => pages.push(...page), readToEnd: true }),
    );
    expect(whole.problem).toEqual(report.problem);
    expect(pages).toEqual(tampered);
  });

  it("replays through a given event only", async () => {
    const report = await Effect.runPromise(verifyStoredLog(holding(book.events()), book.bookId, { throughSeq: 40, pageSize: 7 }));
    expect(report).toMatchObject({ ok: true, eventsChecked: 40, headSeq: 40, headHash: book.events()[39]?.hash });
  });

  it("the Promise API's verify: OK for a book as written, the event named once it is changed, empty for no book", async () => {
    const store = makeMemoryStore();
    const ledger = createLedger({ store, clock: { now: () => new Date("2026-01-15T05:00:00Z") } });
    await ledger.run("kop-p", { type: "OpenBook", bookId: "kop-p", name: "Koperasi P", startDate: "2026-01-01" });
    await ledger.run("kop-p", { type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await ledger.run("kop-p", { type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "250000" });
    const written = await ledger.verify("kop-p");
    expect(written).toMatchObject({ ok: true, eventsChecked: 3 });
    expect(await ledger.verify("kop-p", { seq: 3, hash: written.headHash })).toMatchObject({ ok: true });
    const raw = store.rawEvents("kop-p");
    raw[2] = { ...(raw[2] as LedgerEvent), date: "2026-01-04" };
    expect((await ledger.verify("kop-p")).problem).toMatchObject({ seq: 3, kind: "hash" });
    expect(await ledger.verify("kop-none")).toMatchObject({ ok: false, eventsChecked: 0, problem: { kind: "empty" } });
  });

  it("the Promise API's verify of a book that takes a command while it reads: checked through the head its state was read at", async () => {
    const store = makeMemoryStore();
    const writer = createLedger({ store, clock: { now: () => new Date("2026-01-15T05:00:00Z") } });
    await writer.run("kop-q", { type: "OpenBook", bookId: "kop-q", name: "Koperasi Q", startDate: "2026-01-01" });
    await writer.run("kop-q", { type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    // A store whose state, once read, is followed at once by another writer's command.
    const live: LedgerStoreShape = {
      ...store,
      open: (bookId) =>
        store
          .open(bookId)
          .pipe(
            Effect.tap(() =>
              Effect.promise(() => writer.run("kop-q", { type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "1000" })),
            ),
          ),
    };
    const report = await createLedger({ store: live }).verify("kop-q");
    expect(report).toMatchObject({ ok: true, eventsChecked: 2, headSeq: 2 });
    expect(Effect.runSync(store.projection("kop-q"))?.headSeq).toBe(3);
  });
});

describe("an anchor: an event the log must hold, as someone was shown it", () => {
  it("holds for the log as written, and for the log grown since", () => {
    const events = book.events();
    const at = events[40] as LedgerEvent;
    expect(verifyLog(events, undefined, { seq: at.seq, hash: at.hash })).toMatchObject({ ok: true });
    expect(verifyLog(events.slice(0, 41), undefined, { seq: at.seq, hash: at.hash })).toMatchObject({ ok: true, headSeq: 41 });
  });

  it("catches a rewrite before it with every later hash recomputed, which the chain alone cannot", () => {
    const events = clone(book.events());
    const anchor = { seq: 60, hash: (events[59] as LedgerEvent).hash };
    const target = events.findIndex((e) => e.type === "JournalPosted");
    expect(target).toBeLessThan(59);
    const event = events[target] as LedgerEvent;
    events[target] = { ...event, postings: event.postings.map((p) => ({ ...p, amount: (p.amount * 2n) as Money })) } as LedgerEvent;
    const rehashed = rehashFrom(events, target);
    expect(verifyLog(rehashed).ok).toBe(true);
    const report = verifyLog(rehashed, undefined, anchor);
    expect(report.problem).toMatchObject({ seq: 60, kind: "anchor" });
    expect(report.problem?.detail).toContain(`not ${anchor.hash.slice(0, 12)}`);
  });

  it("fails a log that ends before it, and reads only SEQ:HASH with a whole hash", () => {
    const events = book.events();
    const at = events[40] as LedgerEvent;
    const short = verifyLog(events.slice(0, 30), undefined, { seq: at.seq, hash: at.hash });
    expect(short.problem).toMatchObject({
      seq: 41,
      kind: "anchor",
      detail: "the log ends at event #30, before event #41 that was shown before",
    });
    expect(parseAnchor(`41:${at.hash}`)).toEqual({ seq: 41, hash: at.hash });
    expect(parseAnchor(` 41:${at.hash.toUpperCase()} `)).toEqual({ seq: 41, hash: at.hash });
    for (const bad of ["41", `41:${at.hash.slice(0, 12)}`, `0:${at.hash}`, `-1:${at.hash}`, `x:${at.hash}`, `41:${at.hash}0`, ""]) {
      expect(parseAnchor(bad), bad).toBeUndefined();
    }
  });
});
