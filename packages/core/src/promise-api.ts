/**
 * A thin Promise API over the Effect API, for apps that do not use Effect. A rejected command
 * rejects the promise with the same tagged error (`CommandRejected`, whose `reason` says why).
 */
import * as Effect from "effect/Effect";
import { type CommandOutcome, type ExecuteOptions, type ExecutorOptions, makeExecutor } from "./executor.js";
import type { BookState, LedgerEvent } from "./model.js";
import { type LogReads, type LogSelection, type ReadResult, readAll, readFor } from "./store.js";
import { boundsOf, type PostingTotals, type TotalsFilter } from "./totals.js";
import { type Anchor, storeView, type VerifyReport, verifyStoredLog } from "./verify.js";

export interface Ledger {
  execute(bookId: string, commands: ReadonlyArray<unknown>, options?: ExecuteOptions): Promise<CommandOutcome[]>;
  /** Runs one command; the same as `execute` with a batch of one. */
  run(bookId: string, command: unknown, options?: ExecuteOptions): Promise<CommandOutcome>;
  state(bookId: string): Promise<BookState | undefined>;
  /**
   * The book's whole log, in order: what the reports and the RAT statements read. With a selection
   * (`loanStatementEvents(loanId)`, `memberStatementEvents(…)`, …), only the events it takes.
   */
  events(bookId: string, selection?: LogSelection): Promise<LedgerEvent[]>;
  /**
   * The book's postings summed for what `filters` ask (`trialBalanceFilters`, `financialPositionFilters`,
   * …), through event `throughSeq` or the head: what the trial balance and the statements take in
   * place of the log, from one query on PostgreSQL and PGlite.
   */
  totals(bookId: string, filters: ReadonlyArray<TotalsFilter>, throughSeq?: number): Promise<PostingTotals>;
  /**
   * What a report's reads ask (`cashFlowReads`, `notesReads`, `ratStatementsReads`, …): the totals and
   * the selected events, through event `throughSeq` or the head. The cash-flow statement, the notes,
   * the health indicators, the stock's valuation and the RAT statements take it in place of the log.
   */
  read(bookId: string, reads: LogReads, throughSeq?: number): Promise<ReadResult>;
  /**
   * Replays the book's log from its first event, a page at a time, and compares the result with the
   * balances the store keeps (what `lumbung verify --book` does). `ok` false names the first event
   * where anything differs; a book with no events fails as `empty`. With an anchor, the log must
   * also hold that event with that hash (see {@link Anchor}).
   */
  verify(bookId: string, anchor?: Anchor): Promise<VerifyReport>;
}

export const createLedger = (options: ExecutorOptions): Ledger => {
  const executor = makeExecutor(options);
  return {
    execute: (bookId, commands, executeOptions) => Effect.runPromise(executor.execute(bookId, commands, executeOptions)),
    run: async (bookId, command, executeOptions) => {
      const [outcome] = await Effect.runPromise(executor.execute(bookId, [command], executeOptions));
      return outcome as CommandOutcome;
    },
    state: (bookId) => Effect.runPromise(executor.state(bookId)),
    events: (bookId, selection) =>
      Effect.runPromise(selection === undefined ? readAll(options.store, bookId) : options.store.readSelected(bookId, selection)),
    totals: (bookId, filters, throughSeq) => Effect.runPromise(options.store.postingTotals(bookId, boundsOf(...filters), throughSeq)),
    read: (bookId, reads, throughSeq) => Effect.runPromise(readFor(options.store, bookId, reads, throughSeq)),
    verify: (bookId, anchor) =>
      Effect.runPromise(
        Effect.flatMap(storeView(options.store, bookId), ({ opened, expected }) =>
          // Through the head the store was read at: a live book's later events are for the next check.
          verifyStoredLog(options.store, bookId, { expected, opened, anchor, throughSeq: expected?.headSeq }),
        ),
      ),
  };
};
