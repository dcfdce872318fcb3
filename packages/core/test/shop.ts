import { Effect } from "effect";
import { expect } from "vitest";
import type { BookState } from "../src/model.js";
import { identity, makeTestBook, snapshot } from "./helpers.js";

/** A book with a member holding sukarela, two items (BERAS by the gram, MINYAK by the piece), Bulog and an MBG kitchen. */
export const shopBook = async (costing: "moving-average" | "fifo" = "moving-average") => {
  const book = await makeTestBook({ today: "2026-02-28", ...(costing === "fifo" ? { shop: { costing } } : {}) });
  await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
  await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-02", amount: "500000" });
  await book.run({
    type: "AddItem",
    code: "BERAS",
    name: "Beras medium",
    unit: "kg",
    quantityScale: 3,
    price: "14000",
    memberPrice: "13500",
  });
  await book.run({ type: "AddItem", code: "MINYAK", name: "Minyak goreng 1 L", unit: "pcs", quantityScale: 0, price: "18000" });
  await book.run({ type: "AddSupplier", code: "BULOG", name: "Bulog Bekasi" });
  await book.run({ type: "AddCustomer", code: "MBG-1", name: "Dapur MBG Jatisampurna", kind: "institutional", creditLimit: "5000000" });
  return book;
};
export const stateOf = async (book: Awaited<ReturnType<typeof makeTestBook>>) =>
  (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;

/**
 * Each command is rejected with its tag (and its RetailRejected reason, when one is given), and
 * nothing is written: no event, no change of state.
 */
export const expectRejections = async (
  book: Awaited<ReturnType<typeof makeTestBook>>,
  cases: ReadonlyArray<readonly [unknown, string, string?]>,
): Promise<void> => {
  for (const [command, tag, reason] of cases) {
    const before = book.events().length;
    const stateBefore = snapshot(await stateOf(book));
    const rejected = await book.reject(command);
    expect(rejected.tag, JSON.stringify(command)).toBe(tag);
    if (reason !== undefined)
      expect((rejected.error as { reason: { reason: string } }).reason.reason, JSON.stringify(command)).toBe(reason);
    expect(book.events().length).toBe(before);
    expect(snapshot(await stateOf(book))).toBe(stateBefore);
  }
};
