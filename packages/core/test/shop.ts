import { Effect } from "effect";
import type { BookState } from "../src/model.js";
import { identity, makeTestBook } from "./helpers.js";

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
