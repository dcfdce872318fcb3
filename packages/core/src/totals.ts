/**
 * Posting totals: the sums of a book's postings per account, unit and party, in spans of business
 * dates. They are all the trial balance and the statements of position, of operations, of changes in
 * equity and the budget's realization read from the log, so a store can answer them with one
 * aggregate query instead of handing over every event (on a ten-year book, 163,000 events against a
 * few hundred sums). `postingTotalsOf` computes them from events, and is the definition the stores'
 * queries are held to.
 */
import { isIsoDate, nextDay } from "./dates.js";
import type { LedgerEvent } from "./model.js";

/** The sums of one account's postings for one unit and party (and sub-ledger key, when asked), within one span of dates. */
export interface PostingTotal {
  /** The span: the number of bounds on or before the postings' business date. */
  readonly span: number;
  /** True for the year close's entries (YearClosingEntryPosted), which the statements leave out. */
  readonly closing: boolean;
  readonly account: string;
  readonly unit: string;
  readonly party: string;
  /** The sub-ledger key (a member, a loan, an item), on the accounts the totals were asked to split by it only. */
  readonly sub?: string;
  /** The sum of the debits (the positive amounts). */
  readonly debitMinor: bigint;
  /** The sum of the credits (the negative amounts), as a positive number. */
  readonly creditMinor: bigint;
}

/**
 * A book's postings summed in spans of business dates. `bounds` are the first days of every span
 * but the first (ascending, no repeats): span 0 holds the dates before `bounds[0]`, span i the dates
 * from `bounds[i - 1]` to the day before `bounds[i]`, and the last span the dates from the last bound
 * on. The postings of the `subledgers` accounts are summed per sub-ledger key as well. Rows are
 * ordered by span, closing, account, unit, party and key, and none is all zero.
 */
export interface PostingTotals {
  readonly bounds: ReadonlyArray<string>;
  /** The control accounts whose rows are split by sub-ledger key (sorted, no repeats). */
  readonly subledgers: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<PostingTotal>;
}

/** What a report sums: the postings from one date through another (either open), of one unit or all. */
export interface TotalsFilter {
  readonly from?: string | undefined;
  readonly through?: string | undefined;
  /** The day after the last one taken: instead of `through`. */
  readonly before?: string | undefined;
  readonly unit?: string | undefined;
  /** Leave out the year close's entries. */
  readonly withoutClosing?: boolean;
}

/** The log, or its totals: what the trial balance and the statements read. */
export type PostingSource = Iterable<LedgerEvent> | PostingTotals;

const isTotals = (source: PostingSource): source is PostingTotals => !(Symbol.iterator in source);

/** Bounds sorted, without repeats; a bound that is not a date is a caller's mistake. */
export const spanBounds = (bounds: Iterable<string>): string[] => {
  const sorted = [...new Set(bounds)].sort();
  for (const bound of sorted) if (!isIsoDate(bound)) throw new RangeError(`posting totals: bound ${JSON.stringify(bound)} is not a date`);
  return sorted;
};

/** The bounds a filter needs: the first day it takes, and the day after the last. */
export const boundsOf = (...filters: ReadonlyArray<TotalsFilter>): string[] =>
  spanBounds(
    filters.flatMap((f) => [
      ...(f.from === undefined ? [] : [f.from]),
      ...(f.through === undefined ? [] : [nextDay(f.through)]),
      ...(f.before === undefined ? [] : [f.before]),
    ]),
  );

/** The span of a business date: how many bounds are on or before it. */
const spanOf = (bounds: ReadonlyArray<string>, date: string): number => {
  let low = 0;
  let high = bounds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((bounds[mid] as string) <= date) low = mid + 1;
    else high = mid;
  }
  return low;
};

/** The event type of the year close's entries, which the totals keep apart. */
export const CLOSING_ENTRY_TYPE = "YearClosingEntryPosted";

const compareRows = (a: PostingTotal, b: PostingTotal): number =>
  a.span - b.span ||
  Number(a.closing) - Number(b.closing) ||
  (a.account < b.account ? -1 : a.account > b.account ? 1 : 0) ||
  (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0) ||
  (a.party < b.party ? -1 : a.party > b.party ? 1 : 0) ||
  ((a.sub ?? "") < (b.sub ?? "") ? -1 : (a.sub ?? "") > (b.sub ?? "") ? 1 : 0);

/** Rows in their order (for rows a store built). */
export const sortTotals = (rows: PostingTotal[]): PostingTotal[] => rows.sort(compareRows);

/** Accounts sorted, without repeats. */
export const subledgerAccounts = (accounts: Iterable<string>): string[] => [...new Set(accounts)].sort();

/**
 * The totals of a log (through its last event) in the spans that `bounds` start, the postings to the
 * `subledgers` accounts per sub-ledger key too.
 */
export const postingTotalsOf = (
  events: Iterable<LedgerEvent>,
  bounds: Iterable<string>,
  subledgers: Iterable<string> = [],
): PostingTotals => {
  const sorted = spanBounds(bounds);
  const split = subledgerAccounts(subledgers);
  const bySub = new Set(split);
  const sums = new Map<string, { -readonly [K in keyof PostingTotal]: PostingTotal[K] }>();
  for (const event of events) {
    const span = spanOf(sorted, event.date);
    const closing = event.type === CLOSING_ENTRY_TYPE;
    for (const p of event.postings) {
      const sub = bySub.size > 0 && bySub.has(p.account) ? p.sub : undefined;
      const key =
        sub === undefined
          ? `${span}\u0000${closing}\u0000${p.account}\u0000${p.unit}\u0000${p.party}`
          : `${span}\u0000${closing}\u0000${p.account}\u0000${p.unit}\u0000${p.party}\u0000${sub}`;
      let row = sums.get(key);
      if (row === undefined) {
        row = {
          span,
          closing,
          account: p.account,
          unit: p.unit,
          party: p.party,
          ...(sub === undefined ? {} : { sub }),
          debitMinor: 0n,
          creditMinor: 0n,
        };
        sums.set(key, row);
      }
      if (p.amount > 0n) row.debitMinor += p.amount;
      else row.creditMinor -= p.amount;
    }
  }
  return {
    bounds: sorted,
    subledgers: split,
    rows: sortTotals([...sums.values()].filter((r) => r.debitMinor !== 0n || r.creditMinor !== 0n)),
  };
};

/** The balance (debits less credits) of the rows a filter takes on some accounts. */
export const balanceWithin = (totals: PostingTotals, filter: TotalsFilter, accounts: ReadonlySet<string>): bigint => {
  let balance = 0n;
  for (const row of totalsWithin(totals, filter)) if (accounts.has(row.account)) balance += row.debitMinor - row.creditMinor;
  return balance;
};

/** The source as totals with at least the bounds the filters need: a log is summed here. */
export const totalsFor = (source: PostingSource, ...filters: ReadonlyArray<TotalsFilter>): PostingTotals =>
  isTotals(source) ? source : postingTotalsOf(source, boundsOf(...filters));

/**
 * The rows of the totals that a filter takes. Its dates must fall on the totals' bounds (the first day
 * on one, the day after the last on one): a span cannot be split.
 */
export const totalsWithin = (totals: PostingTotals, filter: TotalsFilter): PostingTotal[] => {
  const spanAt = (date: string, what: string): number => {
    const at = totals.bounds.indexOf(date);
    if (at < 0) {
      throw new RangeError(
        `posting totals: ${what} ${date} is not among the bounds they were summed at (${totals.bounds.join(", ") || "none"})`,
      );
    }
    return at + 1;
  };
  const first = filter.from === undefined ? 0 : spanAt(filter.from, "the first day");
  const last =
    filter.before !== undefined
      ? spanAt(filter.before, "the day after the last") - 1
      : filter.through !== undefined
        ? spanAt(nextDay(filter.through), "the day after the last") - 1
        : totals.bounds.length;
  return totals.rows.filter(
    (r) =>
      r.span >= first &&
      r.span <= last &&
      (filter.unit === undefined || r.unit === filter.unit) &&
      !(filter.withoutClosing === true && r.closing),
  );
};
