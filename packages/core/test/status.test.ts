import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import type { BookState } from "../src/model.js";
import { bookStatus } from "../src/status.js";
import { identity, makeTestBook } from "./helpers.js";

const stateOf = async (book: Awaited<ReturnType<typeof makeTestBook>>) =>
  (await Effect.runPromise(book.executor.state(book.bookId))) as BookState;

describe("a book's closing status", () => {
  it("counts the months that have ended and wait for their close, and follows a reopened month", async () => {
    const book = await makeTestBook({ today: "2026-04-10" });
    await book.run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-05", identity: identity(1) });
    await book.run({ type: "RegisterMember", memberNo: "A002", date: "2026-01-06", identity: identity(2) });
    await book.run({ type: "ResignMember", memberNo: "A002", date: "2026-01-07" });
    const fresh = bookStatus(await stateOf(book), "2026-04-10");
    expect(fresh).toMatchObject({
      closedThrough: undefined,
      nextMonth: "2026-01",
      monthsToClose: ["2026-01", "2026-02", "2026-03"],
      activeMembers: 1,
      exitedMembers: 1,
      openingDifferenceMinor: 0n,
    });
    await book.run({ type: "CloseMonth", month: "2026-01" });
    await book.run({ type: "CloseMonth", month: "2026-02" });
    const state = await stateOf(book);
    expect(bookStatus(state, "2026-04-10")).toMatchObject({ closedThrough: "2026-02", nextMonth: "2026-03", monthsToClose: ["2026-03"] });
    // The last day of a month has not ended on that day.
    expect(bookStatus(state, "2026-03-31").monthsToClose).toEqual([]);
    expect(bookStatus(state, "2026-04-01").monthsToClose).toEqual(["2026-03"]);
    expect(bookStatus(state, "2026-04-10")).toMatchObject({ headSeq: state.seq, headHash: state.hash });
    await book.run({ type: "ReopenMonth", month: "2026-02", reason: "koreksi" });
    expect(bookStatus(await stateOf(book), "2026-04-10")).toMatchObject({
      closedThrough: "2026-01",
      reopenedMonth: "2026-02",
      nextMonth: "2026-02",
      monthsToClose: ["2026-02", "2026-03"],
    });
  });

  it("shows opening balances that do not balance yet, and a RAT overdue six months after the year", async () => {
    const book = await makeTestBook({ startDate: "2025-01-01", today: "2026-07-02" });
    await book.run({
      type: "RecordOpeningBalances",
      date: "2025-01-01",
      memo: "Kas awal",
      lines: [{ account: ACCOUNTS.kas, debit: "150000" }],
    });
    const status = bookStatus(await stateOf(book), "2026-07-02");
    expect(status.openingDifferenceMinor).toBe(-150_000n);
    expect(status.monthsToClose).toHaveLength(18);
    expect(status.years).toEqual([
      { year: "2025", closed: false, shuDistributed: false, ratDueBy: "2026-06-30", ratOverdue: true },
      { year: "2026", closed: false, shuDistributed: false, ratDueBy: "2027-06-30", ratOverdue: false },
    ]);
    expect(bookStatus(await stateOf(book), "2026-06-30").years[0]?.ratOverdue).toBe(false);
  });
});
