import { describe, expect, it } from "vitest";
import { verifyLog } from "../src/verify.js";
import { identity, makeTestBook } from "./helpers.js";

describe("smoke", () => {
  it("opens a book, registers, deposits, closes a month and verifies", async () => {
    const book = await makeTestBook({ savings: { pokok: "100000", wajibMonthly: "50000", sukarela: { ratePerYear: "0.06" } } });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
    await book.run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-02", amount: "1000000" });
    book.clock.setDate("2026-02-03");
    const close = await book.run({ type: "CloseMonth", month: "2026-01" });
    expect(close.events.map((e) => e.type)).toEqual(["JasaSimpananPosted", "MonthClosed"]);
    const report = verifyLog(book.events());
    expect(report.problem).toBeUndefined();
    expect(report.ok).toBe(true);
  });
});
