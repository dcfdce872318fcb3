import { Effect } from "effect";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decodeFolded,
  emptyFolded,
  encodeFolded,
  FOLDED_EVENT_TYPES,
  FoldedFormatError,
  type FoldedParts,
  foldEvent,
} from "../src/folded.js";
import type { BookState, LedgerEvent } from "../src/model.js";
import { restoreState } from "../src/state.js";
import { inFoldedParts, stateDifference } from "../src/verify.js";
import { closeTheYear, everyEventType, expectSnapshotsHold, makeTestBook } from "./helpers.js";

interface Book {
  readonly state: BookState;
  readonly folded: ReadonlyArray<LedgerEvent>;
}

const books: Record<"moving-average" | "fifo", Book> = {} as never;

/** Every event type, the year closed and its SHU distributed: with each costing of the shop. */
beforeAll(async () => {
  for (const costing of ["moving-average", "fifo"] as const) {
    const book = await makeTestBook({
      today: "2026-03-10",
      savings: { sukarela: { ratePerYear: "0.04" } },
      ...(costing === "fifo" ? { shop: { costing } } : {}),
    });
    await everyEventType(book.run);
    await closeTheYear(book.run, (date) => book.clock.setDate(date));
    const state = (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;
    books[costing] = { state, folded: book.events().filter((e) => FOLDED_EVENT_TYPES.includes(e.type)) };
  }
});

const foldFrom = (parts: FoldedParts, events: ReadonlyArray<LedgerEvent>): FoldedParts => {
  for (const event of events) foldEvent(parts, event);
  return parts;
};

describe("the folded parts' snapshot", () => {
  it.each(["moving-average", "fifo"] as const)(
    "(%s) taken after any folded event and read back, then folded on, is the fold of every event: the same text and the same state",
    (costing) => {
      const { state, folded } = books[costing];
      expect(folded.length).toBeGreaterThan(100);
      const whole = foldFrom(emptyFolded(state.config), folded);
      // The book's own state holds the same parts but for the year's profit and loss and the members'
      // usage, which come from postings, not from the folded events.
      expect(
        stateDifference(
          { ...state, closing: { ...state.closing, profitLoss: undefined, usage: undefined } },
          {
            ...state,
            ...whole,
            closing: { ...whole.closing, profitLoss: undefined, usage: undefined },
          },
        ),
      ).toBeUndefined();
      // After each folded event: the same state, and the same bytes.
      expectSnapshotsHold(state.config, folded, folded.length);
    },
  );

  it("restores a book's state from a snapshot and the folded events after it exactly as from the events alone", () => {
    const { state, folded } = books["moving-average"];
    const half = Math.floor(folded.length / 2);
    const rows = {
      config: state.config,
      headSeq: state.seq,
      headHash: state.hash,
      closedThrough: state.closedThrough,
      reopenedMonth: state.reopenedMonth,
      accounts: [],
      subledgers: [],
      members: [],
      wajibSchedule: state.wajibSchedule,
      interestPosted: [],
      reversedSeqs: [],
      profitLoss: [],
      usage: [],
    };
    const fromEvents = restoreState({ ...rows, loanEvents: folded });
    const snapshot = decodeFolded(encodeFolded(foldFrom(emptyFolded(state.config), folded.slice(0, half))));
    const fromSnapshot = restoreState({ ...rows, folded: snapshot, loanEvents: folded.slice(half) });
    expect(stateDifference(fromSnapshot, fromEvents)).toBeUndefined();
    expect(fromSnapshot.loans.loans.size).toBeGreaterThan(0);
    expect(fromSnapshot.closing.years.size).toBe(1);
  });

  it("keeps a bigint, a map's and a set's order, an undefined field and an empty record as they were", () => {
    const parts = emptyFolded(books.fifo.state.config);
    parts.budgets.set("2027", []);
    parts.budgets.set("2026", []);
    const text = encodeFolded(parts);
    const back = decodeFolded(text);
    expect([...back.budgets.keys()]).toEqual(["2027", "2026"]);
    expect(back.shop.latestMovementOn).toBeUndefined();
    expect(Object.hasOwn(back.shop, "latestMovementOn")).toBe(true);
    expect(encodeFolded(back)).toBe(text);
    expect(decodeFolded(text)).not.toBe(back);
  });

  it("keeps a string that starts with one of the text form's marks as it was", () => {
    const parts = emptyFolded(books.fifo.state.config);
    const names = ["#1 Grosir", "!penting", "~tilde", "~", "#", "!u", "", "Toko #2", "-5", "12"];
    names.forEach((name, i) => {
      parts.shop.suppliers.set(name, { code: name, name } as never);
      parts.shop.memberCreditLimits.set(`A${i}`, BigInt(-i) * 10n ** 30n);
    });
    const text = encodeFolded(parts);
    const back = decodeFolded(text);
    expect([...back.shop.suppliers.keys()]).toEqual(names);
    expect([...back.shop.suppliers.values()].map((s) => s.name)).toEqual(names);
    expect(back.shop.memberCreditLimits.get("A3")).toBe(-3n * 10n ** 30n);
    expect(encodeFolded(back)).toBe(text);
  });

  it("refuses, with a typed error naming the place, what has no text form and text it did not write", () => {
    const parts = emptyFolded(books.fifo.state.config);
    // The message of the FoldedFormatError that `work` throws (the test fails if it throws none).
    const messageOf = (work: () => unknown): string => {
      try {
        work();
      } catch (error) {
        expect(error).toBeInstanceOf(FoldedFormatError);
        return (error as Error).message;
      }
      throw new Error("no refusal");
    };
    const refusal = (change: (p: FoldedParts) => void): string => {
      const copy = decodeFolded(encodeFolded(parts));
      change(copy);
      return messageOf(() => encodeFolded(copy));
    };
    expect(refusal((p) => p.budgets.set("2026", [{ when: new Date(0) }] as never))).toBe("budgets.2026[0].when: a Date has no text form");
    expect(refusal((p) => Object.assign(p.shop, { ratio: Number.NaN }))).toBe("shop.ratio: NaN has no text form");
    expect(refusal((p) => p.budgets.set("2026", [JSON.parse('{"__proto__": 1}')]))).toBe(
      'budgets.2026[0]: a key "__proto__" has no text form',
    );
    const decodeRefusal = (text: string): string => messageOf(() => decodeFolded(text));
    expect(decodeRefusal("{")).toMatch(/^not JSON: /);
    expect(decodeRefusal("[]")).toBe("no list of shapes");
    expect(decodeRefusal('{"shapes":[["__proto__"]],"parts":[]}')).toBe("no list of shapes");
    expect(decodeRefusal('{"shapes":[],"parts":[[-1]]}')).toBe("not a list of the 7 folded parts");
    const good = JSON.parse(encodeFolded(parts)) as { shapes: string[][]; parts: unknown[] };
    const withAssets = (assets: unknown) => JSON.stringify({ ...good, parts: good.parts.map((p, i) => (i === 4 ? assets : p)) });
    expect(decodeRefusal(withAssets([-2, "A"]))).toBe("a map with a key and no value");
    expect(decodeRefusal(withAssets("#1.5"))).toBe('not an integer: "#1.5"');
    expect(decodeRefusal(withAssets("#"))).toBe('not an integer: "#"');
    expect(decodeRefusal(withAssets("!x"))).toBe('not a mark: "!x"');
    expect(decodeRefusal(withAssets({ $big: "1" }))).toBe("a record outside a list");
    expect(decodeRefusal(withAssets([good.shapes.length]))).toBe(`a list of no known kind: ${good.shapes.length}`);
    expect(decodeRefusal(withAssets(["x"]))).toBe('a list of no known kind: "x"');
    expect(decodeRefusal(withAssets([0]))).toBe(`a record of shape 0 with 0 values for ${good.shapes[0]?.length} keys`);
  });
});

describe("inFoldedParts", () => {
  it("tells a difference in the folded parts from one in the rest of the state", () => {
    for (const inside of [
      'loans › loans › PJ-001 › status: store "closed", replay "active"',
      "shop › items › BERAS › quantityUnits: store 1, replay 2",
      "closing › years › 2026 › distributed: store false, replay true",
      "closing › entries › 2026: store a list of 1, replay a list of 2",
      "closing › policy › withholdingPercent: store 10, replay 15",
      "assets › AT-1 › cost: store 1, replay 2",
      "budgets › 2026: store a list of 1, replay a list of 2",
      "deposits › B-1 › status: store 1, replay 2",
      "sukarelaRates: store a list of 1, replay a list of 2",
    ])
      expect(inFoldedParts(inside), inside).toBe(true);
    for (const outside of [
      'members › A0001 › status: store "exited", replay "active"',
      "closing › profitLoss › 2026 › 4101|SP|anggota: store 1, replay 2",
      "closing › usage › 2026 › A0001 › purchasesMinor: store 1, replay 2",
      "accounts › 1101 › balanceMinor: store 1, replay 2",
      "loansExtra: store 1, replay 2",
    ])
      expect(inFoldedParts(outside), outside).toBe(false);
  });
});
