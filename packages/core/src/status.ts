/**
 * Where a book stands in its closing: the months closed and the next to close, the months that
 * have ended and wait for their close, each book year closed or not and its SHU distributed by the
 * RAT or not (the RAT is due within six months of the year's end, UU 25/1992 Pasal 26 and 35), and
 * the opening balances still unbalanced. What a treasurer looks at before the month's or the year's
 * close, and an app's dashboard shows.
 */
import { lastDayOf, nextMonth } from "./dates.js";
import type { BookState } from "./model.js";
import { nextMonthToClose, openingDifference } from "./state.js";

export interface BookYearStatus {
  readonly year: string;
  /** The year's December is closed: its closing entries are posted. */
  readonly closed: boolean;
  /** The RAT has distributed the year's SHU. */
  readonly shuDistributed: boolean;
  /** The last day the RAT may be held: six months after the year's end. */
  readonly ratDueBy: string;
  /** The RAT's day has passed and the SHU is not distributed. */
  readonly ratOverdue: boolean;
}

export interface BookStatus {
  readonly bookId: string;
  readonly name: string;
  readonly startDate: string;
  readonly today: string;
  /** The number of events in the log, and the head's hash (what `verify --anchor` takes). */
  readonly headSeq: number;
  readonly headHash: string;
  readonly activeMembers: number;
  readonly exitedMembers: number;
  /** The last month closed, if any. */
  readonly closedThrough: string | undefined;
  /** A closed month reopened for a correction, if any: it must be closed again first. */
  readonly reopenedMonth: string | undefined;
  /** The next month to close. */
  readonly nextMonth: string;
  /** The months that have ended and are not closed, oldest first (they close in this order). */
  readonly monthsToClose: ReadonlyArray<string>;
  /** Penyeimbang Saldo Awal's balance: not zero while the opening balances do not balance (no month closes then). */
  readonly openingDifferenceMinor: bigint;
  /** Each book year from the book's start through today's. */
  readonly years: ReadonlyArray<BookYearStatus>;
}

/** Where a book stands in its closing on `today`. */
export const bookStatus = (state: BookState, today: string): BookStatus => {
  const start = state.config.startDate;
  const next = nextMonthToClose(state);
  const monthsToClose: string[] = [];
  for (let month = next; lastDayOf(month) < today; month = nextMonth(month)) monthsToClose.push(month);
  const years: BookYearStatus[] = [];
  for (let year = Number(start.slice(0, 4)); year <= Number(today.slice(0, 4)); year += 1) {
    const record = state.closing.years.get(String(year));
    const ratDueBy = `${year + 1}-06-30`;
    const shuDistributed = record?.distributed === true;
    years.push({
      year: String(year),
      closed: record !== undefined,
      shuDistributed,
      ratDueBy,
      ratOverdue: !shuDistributed && today > ratDueBy,
    });
  }
  let active = 0;
  for (const member of state.members.values()) if (member.status === "active") active += 1;
  return {
    bookId: state.config.bookId,
    name: state.config.name,
    startDate: start,
    today,
    headSeq: state.seq,
    headHash: state.hash,
    activeMembers: active,
    exitedMembers: state.members.size - active,
    closedThrough: state.closedThrough,
    reopenedMonth: state.reopenedMonth,
    nextMonth: next,
    monthsToClose,
    openingDifferenceMinor: openingDifference(state),
    years,
  };
};
