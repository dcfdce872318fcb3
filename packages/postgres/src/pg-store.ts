/**
 * The LedgerStore on PostgreSQL, for a server (`pg`) and for PGlite alike: the same Kysely code
 * path over a `pg.Pool`. It works as the application role; every read runs in a transaction bound
 * to one book (row-level security), and append is one call of lumbung.append: one round trip.
 */
import {
  type AccountDef,
  type AppendRequest,
  type BookConfig,
  type BookState,
  CLOSING_ENTRY_TYPE,
  Conflict,
  checkSelection,
  decodeFolded,
  emptyFolded,
  encodeFolded,
  FOLD_FORMAT,
  FOLDED_EVENT_TYPES,
  FoldedFormatError,
  type FoldedParts,
  foldEvent,
  IdempotencyConflict,
  type IdempotencyRecord,
  type IdentityRecord,
  type LedgerEvent,
  type LedgerStoreShape,
  type LogSelection,
  type Money,
  type Posting,
  type PostingTotal,
  type PostingTotals,
  type Projection,
  restoreState,
  reviveMinor,
  type StateRows,
  StoreFailure,
  type SubledgerKind,
  sortTotals,
  spanBounds,
  subledgerAccounts,
} from "@lumbung/core";
import * as Effect from "effect/Effect";
import { CompiledQuery, type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import { APPEND_SQL, appendArgs } from "./append-batch.js";

// biome-ignore lint/suspicious/noExplicitAny: the store speaks raw SQL; rows are typed where they are read.
type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above.
type AnyTrx = Transaction<any>;

/** What the pg driver raises: the SQLSTATE and its details. */
interface PgError {
  readonly code?: string;
  readonly detail?: string;
  readonly constraint?: string;
  readonly message?: string;
}

const failure = (operation: string) => (cause: unknown) => new StoreFailure({ operation, cause });

/**
 * Runs `work` in a transaction bound to one book (`lumbung.book_id`), so that row-level security
 * shows it that book's rows only: how an app queries the projections with SQL of its own. A
 * `snapshot` reads every query as of the same moment (repeatable read): a state read in many queries
 * (`open`, `projection`) must not mix a head with balances another writer committed between two of them.
 */
export const inBookTransaction = <A>(db: AnyDb, bookId: string, work: (trx: AnyTrx) => Promise<A>, snapshot = false): Promise<A> =>
  (snapshot ? db.transaction().setIsolationLevel("repeatable read") : db.transaction()).execute(async (trx) => {
    await sql`select set_config('lumbung.book_id', ${bookId}, true)`.execute(trx);
    return work(trx);
  });

const inBook = <A>(db: AnyDb, bookId: string, operation: string, work: (trx: AnyTrx) => Promise<A>, snapshot = false) =>
  Effect.tryPromise({ try: () => inBookTransaction(db, bookId, work, snapshot), catch: failure(operation) });

const big = (value: string | number | bigint | null | undefined): bigint => BigInt(value ?? 0);

interface IdentityRow {
  member_no: string;
  nik: string;
  name: string;
  address: string;
  phone: string | null;
  salt: string;
  redacted: boolean;
}

const identityOf = (row: IdentityRow): IdentityRecord => ({
  memberNo: row.member_no,
  nik: row.nik,
  name: row.name,
  address: row.address,
  ...(row.phone === null ? {} : { phone: row.phone }),
  salt: row.salt,
  ...(row.redacted ? { redacted: true } : {}),
});

/** A posting as the read sends it: account, amount (as text), sub, unit, party. */
type PostingCells = [string, string, string | null, string, Posting["party"]];
/**
 * An event as the read sends it: seq, type, version, date, recorded at, key, actor, data, prev hash,
 * hash, and (read a row each) its postings.
 */
type EventCells = [number | string, string, number, string, string, string, string, unknown, string, string, PostingCells[]?];

/**
 * Rows as arrays of their cells, ordered by the first `orderBy` cells. With `asJson`, as PGlite has
 * it, the rows come as one JSON array in one cell: PGlite decodes every cell of every row in
 * JavaScript, and a ten-year book's log read in 2.7–3.0 s that way against 4.7–5.5 s a row each. A
 * server's rows are decoded natively, and there the JSON cost more than it saved
 * (benchmarks/RESULTS.md).
 */
const listOf = async <T extends unknown[]>(
  trx: AnyTrx,
  asJson: boolean,
  cells: ReadonlyArray<RawBuilder<unknown>>,
  from: RawBuilder<unknown>,
  orderBy: number,
  limit?: number,
): Promise<T[]> => {
  const names = cells.map((_, i) => sql.ref(`c${i}`));
  const order = sql.join(names.slice(0, orderBy));
  const inner = sql<Record<string, unknown>>`select ${sql.join(cells.map((cell, i) => sql`${cell} as ${names[i]}`))} ${from}
    order by ${order}${limit === undefined ? sql`` : sql` limit ${limit}`}`;
  if (!asJson) return (await inner.execute(trx)).rows.map((row) => Object.values(row) as T);
  const { rows } = await sql<{ list: T[] | null }>`
    select json_agg(json_build_array(${sql.join(names)}) order by ${order}) as list from (${inner}) as t`.execute(trx);
  return rows[0]?.list ?? [];
};

const EVENT_CELLS = [
  sql`e.seq`,
  sql`e.type`,
  sql`e.version`,
  sql`e.business_date::text`,
  sql`to_char(e.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  sql`e.idem_key`,
  sql`e.actor`,
  sql`e.data`,
  sql`encode(e.prev_hash, 'hex')`,
  sql`encode(e.hash, 'hex')`,
];
const POSTING_CELLS = [sql`p.account`, sql`p.amount::text`, sql`p.sub`, sql`p.unit`, sql`p.party`];
/** An event's postings as one JSON array, in their order: a subquery over the postings' key. */
const POSTINGS_OF_EVENT = sql`(select json_agg(json_build_array(${sql.join(POSTING_CELLS)}) order by p.idx)
  from lumbung.postings p where p.book_id = e.book_id and p.seq = e.seq)`;

const readEvents = async (trx: AnyTrx, asJson: boolean, afterSeq: number, limit: number): Promise<LedgerEvent[]> => {
  // A book's events are numbered without gaps, so a page is a range of the key: said as a range, the
  // read costs the page alone (with only the lower bound, a planner without fresh statistics, as on
  // PGlite, which never runs autovacuum, fetched and sorted every later event to keep the first
  // `limit`). A short page is read again without the upper bound: at the head that costs the few
  // events there are, and past an event deleted behind the store's back it finds the ones after it,
  // so that verify names the gap.
  const page = (upTo: number) => eventRows(trx, asJson, sql`e.seq > ${afterSeq} and e.seq <= ${upTo}`, limit);
  let events = await page(Math.min(afterSeq + limit, Number.MAX_SAFE_INTEGER));
  if (events.length < limit) events = await page(Number.MAX_SAFE_INTEGER);
  const last = events[events.length - 1];
  if (last === undefined) return [];
  return withPostings(trx, asJson, events, sql`p.seq > ${afterSeq} and p.seq <= ${last[0]}`);
};

/** Events' rows that meet a condition on `e`, in order; on a server each with its postings. */
const eventRows = (trx: AnyTrx, asJson: boolean, where: RawBuilder<unknown>, limit?: number): Promise<EventCells[]> =>
  listOf<EventCells>(
    trx,
    asJson,
    asJson ? EVENT_CELLS : [...EVENT_CELLS, POSTINGS_OF_EVENT],
    sql`from lumbung.events e where ${where}`,
    1,
    limit,
  );

/**
 * The events of `rows`, with their postings. On a server each event's postings came in its own row
 * (POSTINGS_OF_EVENT). On PGlite that subquery asked the file system for the postings table's size once
 * per event, so the postings come in one list, those that meet `postingsWhere` on `p` (the same events'
 * keys), without a join (whose plan would depend on statistics PGlite never gathers). A posting whose
 * event is not among the rows (written behind the store's back) is left out: verify then finds that
 * event missing or its hash wrong.
 */
const withPostings = async (
  trx: AnyTrx,
  asJson: boolean,
  rows: ReadonlyArray<EventCells>,
  postingsWhere: RawBuilder<unknown>,
): Promise<LedgerEvent[]> => {
  const postingsOf = new Map<number, PostingCells[]>();
  if (asJson) {
    const postings = await listOf<[number, number, ...PostingCells]>(
      trx,
      true,
      [sql`p.seq`, sql`p.idx`, ...POSTING_CELLS],
      sql`from lumbung.postings p where ${postingsWhere}`,
      2,
    );
    for (const [seq, , ...posting] of postings) {
      const list = postingsOf.get(seq);
      if (list === undefined) postingsOf.set(seq, [posting]);
      else list.push(posting);
    }
  }
  return rows.map(
    ([seq, type, version, date, recordedAt, key, actor, data, prevHash, hash, postings]) =>
      ({
        seq: Number(seq),
        type,
        version,
        date,
        recordedAt,
        key,
        actor,
        data: reviveMinor(data),
        postings: (postings ?? postingsOf.get(Number(seq)) ?? []).map(([account, amount, sub, unit, party]) => ({
          account,
          amount: BigInt(amount) as Money,
          ...(sub === null ? {} : { sub }),
          unit,
          party,
        })),
        prevHash,
        hash,
      }) as LedgerEvent,
  );
};

/** How many events `readSelected` reads per query. */
const SELECTED_PAGE = 10_000;

/**
 * The events a selection takes, through `throughSeq`: their numbers first (from the events, or from
 * the postings when the selection names accounts), then the events and their postings by those
 * numbers, a page at a time, each read as a page of the log is. No join: on PGlite a join's plan would
 * depend on statistics it never gathers.
 */
const readSelected = async (
  trx: AnyTrx,
  asJson: boolean,
  bookId: string,
  selection: LogSelection,
  throughSeq: number,
): Promise<LedgerEvent[]> => {
  const { types, from, through, data, postedTo } = selection;
  const conditions = [sql`e.book_id = ${bookId}`, sql`e.seq <= ${throughSeq}`];
  if (types !== undefined) conditions.push(sql`e.type = any(${types}::text[])`);
  if (from !== undefined) conditions.push(sql`e.business_date >= ${from}::date`);
  if (through !== undefined) conditions.push(sql`e.business_date <= ${through}::date`);
  if (data !== undefined) conditions.push(sql`e.data @> ${JSON.stringify(data)}::jsonb`);
  const where = sql.join(conditions, sql` and `);
  const seqs = (
    postedTo === undefined
      ? await listOf<[number | string]>(trx, asJson, [sql`e.seq`], sql`from lumbung.events e where ${where}`, 1)
      : await listOf<[number | string]>(
          trx,
          asJson,
          [sql`distinct p.seq`],
          sql`from lumbung.postings p where p.book_id = ${bookId} and p.seq <= ${throughSeq}
            and p.account = any(${postedTo.accounts}::text[])${postedTo.sub === undefined ? sql`` : sql` and p.sub = ${postedTo.sub}`}`,
          1,
        )
  ).map(([seq]) => Number(seq));
  const events: LedgerEvent[] = [];
  for (let at = 0; at < seqs.length; at += SELECTED_PAGE) {
    const page = seqs.slice(at, at + SELECTED_PAGE);
    const rows = await eventRows(trx, asJson, sql`${where} and e.seq = any(${page}::bigint[])`);
    if (rows.length === 0) continue;
    // The postings of the events taken (with accounts named, the other criteria may have left some out).
    const taken = rows.map(([seq]) => Number(seq));
    for (const event of await withPostings(trx, asJson, rows, sql`p.seq = any(${taken}::bigint[])`)) events.push(event);
  }
  return events;
};

/**
 * The postings summed per span, account, unit and party (and sub-ledger key, on the `subledgers`
 * accounts) in one aggregate query (postingTotalsOf's definition): a join of the postings with their
 * events' dates and types, which the trial balance and the statements read instead of the log.
 * width_bucket counts the bounds on or before a date.
 */
const readTotals = async (
  trx: AnyTrx,
  bookId: string,
  bounds: ReadonlyArray<string>,
  subledgers: ReadonlyArray<string>,
  throughSeq: number,
): Promise<PostingTotals> => {
  const span = bounds.length === 0 ? sql`0` : sql`width_bucket(e.business_date, ${bounds}::date[])`;
  const sub = subledgers.length === 0 ? sql`null::text` : sql`case when p.account = any(${subledgers}::text[]) then p.sub end`;
  const { rows } = await sql<{
    span: number;
    closing: boolean;
    account: string;
    unit: string;
    party: string;
    sub: string | null;
    debit: string;
    credit: string;
  }>`
    select ${span} as span, e.type = ${CLOSING_ENTRY_TYPE} as closing, p.account, p.unit, p.party, ${sub} as sub,
           sum(greatest(p.amount, 0))::text as debit, (-sum(least(p.amount, 0)))::text as credit
      from lumbung.postings p join lumbung.events e on e.book_id = p.book_id and e.seq = p.seq
     where p.book_id = ${bookId} and p.seq <= ${throughSeq}
     group by 1, 2, 3, 4, 5, 6`.execute(trx);
  const totals: PostingTotal[] = [];
  for (const r of rows) {
    const debitMinor = BigInt(r.debit);
    const creditMinor = BigInt(r.credit);
    if (debitMinor === 0n && creditMinor === 0n) continue;
    const { account, unit, party, closing } = r;
    totals.push({
      span: Number(r.span),
      closing,
      account,
      unit,
      party,
      ...(r.sub === null ? {} : { sub: r.sub }),
      debitMinor,
      creditMinor,
    });
  }
  return { bounds, subledgers, rows: sortTotals(totals) };
};

/** How many events of the log `open` looks through per query for the events it folds. */
const FOLD_RANGE = 20_000;

/** What `open` read: the state, and the snapshot it made when it folded enough events to be worth one. */
interface Loaded {
  readonly state: BookState;
  readonly snapshot?: Snapshot | undefined;
}

/** A snapshot to write: `replace`s the book's, when that one could not be used, or else only an older one. */
interface Snapshot {
  readonly seq: number;
  readonly folded: string;
  readonly replace: boolean;
}

const loadState = async (trx: AnyTrx, asJson: boolean, bookId: string, snapshotAfter: number | false): Promise<Loaded | undefined> => {
  const { rows: books } = await sql<{
    config: unknown;
    head_seq: string;
    head_hash: string;
    closed_through: string | null;
    reopened_month: string | null;
  }>`select config, head_seq, head_hash, closed_through, reopened_month from lumbung.books where book_id = ${bookId}`.execute(trx);
  const book = books[0];
  if (book === undefined || book.head_seq === "0") return undefined;
  const config = reviveMinor(book.config) as BookConfig;
  const { rows: accounts } = await sql<{
    code: string;
    name: string;
    kind: AccountDef["kind"];
    normal_side: AccountDef["normalSide"];
    subledger: SubledgerKind | null;
    balance: string;
    posting_count: string;
  }>`select code, name, kind, normal_side, subledger, balance, posting_count from lumbung.accounts order by code`.execute(trx);
  const { rows: subledgers } = await sql<{ account: string; sub_key: string; balance: string }>`
    select account, sub_key, balance from lumbung.subledger_balances order by account, sub_key`.execute(trx);
  const { rows: members } = await sql<{
    member_no: string;
    status: "active" | "exited";
    joined_on: string;
    exited_on: string | null;
    identity_digest: string;
    wajib_paid: string;
    sukarela: string;
    sukarela_base: string;
    sukarela_latest_date: string | null;
  }>`select member_no, status, joined_on::text as joined_on, exited_on::text as exited_on, identity_digest, wajib_paid,
            sukarela, sukarela_base, sukarela_latest_date::text as sukarela_latest_date
       from lumbung.members order by member_no`.execute(trx);
  const { rows: moves } = await sql<{ member_no: string; business_date: string; posted: string }>`
    select member_no, business_date::text as business_date, posted from lumbung.sukarela_moves order by member_no, seq, idx`.execute(trx);
  const { rows: schedule } = await sql<{ from_month: string; amount: string }>`
    select from_month, amount from lumbung.wajib_schedule order by from_month`.execute(trx);
  const { rows: interest } = await sql<{ month: string; member_no: string; gross: string; tax: string }>`
    select month, member_no, gross, tax from lumbung.interest_posted order by month, member_no`.execute(trx);
  const { rows: reversals } = await sql<{ reversed_seq: string }>`select reversed_seq from lumbung.reversals order by reversed_seq`.execute(
    trx,
  );
  // Loans, the shop, the closed years, the fixed assets, the budgets, the time deposits and the
  // sukarela's rates are the folds of their own events: start from the book's snapshot of them (one
  // this code can read), and fold the events after it, not the whole log. The events are read over
  // ranges of FOLD_RANGE events (as one JSON list each on PGlite, whose memory keeps the size of the
  // largest result it has built: all of a ten-year book's 66,189 such events in one list took
  // 100–120 MB more) and folded range by range.
  const headSeq = Number(book.head_seq);
  const { rows: snapshots } = await sql<{ seq: string; format: number; folded: string }>`
    select seq, format, folded from lumbung.fold_snapshots where book_id = ${bookId}`.execute(trx);
  const stored = snapshots[0];
  let parts: FoldedParts | undefined;
  let from = 0;
  // A snapshot beyond the head cannot be of this log (a database put together from two backups, say).
  if (stored !== undefined && stored.format === FOLD_FORMAT && Number(stored.seq) <= headSeq) {
    try {
      parts = decodeFolded(stored.folded);
      from = Number(stored.seq);
    } catch (error) {
      // A snapshot that cannot be read is left for the one this open writes: the events are all there.
      if (!(error instanceof FoldedFormatError)) throw error;
    }
  }
  parts ??= emptyFolded(config);
  let foldedCount = 0;
  for (let after = from; after < headSeq; after += FOLD_RANGE) {
    const range = await listOf<[number | string, string, string, unknown]>(
      trx,
      asJson,
      [sql`seq`, sql`type`, sql`business_date::text`, sql`data`],
      sql`from lumbung.events where seq > ${after} and seq <= ${after + FOLD_RANGE} and type in (${sql.join(FOLDED_EVENT_TYPES)})`,
      1,
    );
    for (const [seq, type, date, data] of range) foldEvent(parts, { seq: Number(seq), type, date, data: reviveMinor(data) });
    foldedCount += range.length;
  }
  // Written before the state is restored around the parts (which adds the year's profit and loss to them).
  const snapshot =
    snapshotAfter !== false && foldedCount >= snapshotAfter
      ? { seq: headSeq, folded: encodeFolded(parts), replace: stored !== undefined && from === 0 }
      : undefined;
  const { rows: profitLoss } = await sql<{ year: string; account: string; unit: string; party: string; balance: string }>`
    select year, account, unit, party, balance from lumbung.profit_loss where balance <> 0 order by year, account, unit, party`.execute(
    trx,
  );
  const { rows: usage } = await sql<{
    year: string;
    member_no: string;
    capital_net: string;
    capital_weight: string;
    sukarela_net: string;
    sukarela_weight: string;
    purchases: string;
    interest_paid: string;
  }>`select year, member_no, capital_net, capital_weight, sukarela_net, sukarela_weight, purchases, interest_paid
       from lumbung.member_usage order by year, member_no`.execute(trx);
  const movesByMember = new Map<string, Array<{ date: string; postedMinor: bigint }>>();
  for (const move of moves) {
    let list = movesByMember.get(move.member_no);
    if (list === undefined) {
      list = [];
      movesByMember.set(move.member_no, list);
    }
    list.push({ date: move.business_date, postedMinor: BigInt(move.posted) });
  }
  const rows: StateRows = {
    config,
    headSeq,
    headHash: book.head_hash,
    closedThrough: book.closed_through ?? undefined,
    reopenedMonth: book.reopened_month ?? undefined,
    accounts: accounts.map((a) => ({
      def: {
        code: a.code,
        name: a.name,
        kind: a.kind,
        normalSide: a.normal_side,
        ...(a.subledger === null ? {} : { subledger: a.subledger }),
      },
      balanceMinor: BigInt(a.balance),
      postingCount: Number(a.posting_count),
    })),
    subledgers: subledgers.map((s) => ({ account: s.account, sub: s.sub_key, balanceMinor: BigInt(s.balance) })),
    members: members.map((m) => ({
      memberNo: m.member_no,
      status: m.status,
      joinedOn: m.joined_on,
      exitedOn: m.exited_on ?? undefined,
      identityDigest: m.identity_digest,
      wajibPaidMinor: BigInt(m.wajib_paid),
      sukarelaBaseMinor: BigInt(m.sukarela_base),
      sukarelaBalanceMinor: BigInt(m.sukarela),
      sukarelaLatestDate: m.sukarela_latest_date ?? "",
      moves: movesByMember.get(m.member_no) ?? [],
    })),
    wajibSchedule: schedule.map((s) => ({ fromMonth: s.from_month, amountMinor: BigInt(s.amount) })),
    interestPosted: interest.map((i) => ({ month: i.month, memberNo: i.member_no, grossMinor: BigInt(i.gross), taxMinor: BigInt(i.tax) })),
    reversedSeqs: reversals.map((r) => Number(r.reversed_seq)),
    folded: parts,
    loanEvents: [],
    profitLoss: profitLoss.map((r) => ({
      year: r.year,
      account: r.account,
      unit: r.unit,
      party: r.party,
      balanceMinor: BigInt(r.balance),
    })),
    usage: usage.map((u) => ({
      year: u.year,
      memberNo: u.member_no,
      capitalNetMinor: BigInt(u.capital_net),
      capitalWeightMinor: BigInt(u.capital_weight),
      sukarelaNetMinor: BigInt(u.sukarela_net),
      sukarelaWeightMinor: BigInt(u.sukarela_weight),
      purchasesMinor: BigInt(u.purchases),
      interestPaidMinor: BigInt(u.interest_paid),
    })),
  };
  return { state: restoreState(rows), snapshot };
};

const appendError = (bookId: string, expectedSeq: number, error: PgError): Conflict | IdempotencyConflict | StoreFailure => {
  if (error.code === "LB001") return new Conflict({ bookId, expectedSeq, actualSeq: Number(error.detail ?? -1) });
  if (error.code === "23505" && error.constraint === "events_idempotency") {
    const key = /idem_key\)=\([^,]*, (.*)\) already exists/.exec(error.detail ?? "")?.[1] ?? "";
    return new IdempotencyConflict({ key });
  }
  return new StoreFailure({ operation: "append", cause: error });
};

/**
 * The subset of pg's Pool the append uses: a named statement, parsed and planned once per
 * connection, so the hot path costs one round trip and no parse.
 */
export interface PreparedQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<unknown>;
}

export interface PostgresStoreOptions {
  /** The pool under the Kysely instance: appends then run as a prepared statement (Kysely builds everything else). */
  readonly prepared?: PreparedQueryable;
  /** Read the log and the folded events as one JSON array per query, not a row each: for PGlite (see `listOf`). */
  readonly readsAsJson?: boolean;
  /**
   * `open` writes a snapshot of the book's folded parts at its head when it had to fold at least
   * this many events after the last one (default {@link SNAPSHOT_AFTER}); false: never (a read-only
   * connection, such as a standby's).
   */
  readonly snapshotAfter?: number | false;
}

/** How many folded events an open reads after a book's snapshot before it writes a new one. */
export const SNAPSHOT_AFTER = 2_000;

/**
 * Keeps a snapshot of a book's folded parts in place of the book's: one that could not be used, or
 * an older one (another open may have written a newer one meanwhile, which stays).
 */
const saveSnapshot = (trx: AnyTrx, bookId: string, snapshot: Snapshot) =>
  sql`insert into lumbung.fold_snapshots as s (book_id, seq, format, folded)
      values (${bookId}, ${snapshot.seq}, ${FOLD_FORMAT}, ${snapshot.folded})
      on conflict (book_id) do update set seq = excluded.seq, format = excluded.format, folded = excluded.folded
      where ${snapshot.replace} or s.seq < excluded.seq`.execute(trx);

/** The PostgreSQL LedgerStore over a Kysely instance connected as the application role. */
export const makePostgresStore = (db: AnyDb, options: PostgresStoreOptions = {}): LedgerStoreShape => {
  const asJson = options.readsAsJson ?? false;
  const snapshotAfter = options.snapshotAfter ?? SNAPSHOT_AFTER;
  if (snapshotAfter !== false && !(Number.isSafeInteger(snapshotAfter) && snapshotAfter >= 1))
    throw new RangeError(`snapshotAfter: ${snapshotAfter} is not a whole number of events of at least 1 (or false)`);
  return {
    open: (bookId) =>
      inBook(db, bookId, "open", (trx) => loadState(trx, asJson, bookId, snapshotAfter), true).pipe(
        Effect.flatMap((loaded) => {
          const snapshot = loaded?.snapshot;
          // In a transaction of its own, after the read: a snapshot written meanwhile by another open is kept if newer.
          if (snapshot === undefined) return Effect.succeed(loaded?.state);
          return inBook(db, bookId, "open", (trx) => saveSnapshot(trx, bookId, snapshot)).pipe(Effect.as(loaded?.state));
        }),
      ),
    read: (bookId, afterSeq, limit) => inBook(db, bookId, "read", (trx) => readEvents(trx, asJson, afterSeq, limit)),
    readSelected: (bookId, selection, throughSeq = Number.MAX_SAFE_INTEGER) =>
      Effect.suspend(() => {
        checkSelection(selection);
        return inBook(db, bookId, "readSelected", (trx) => readSelected(trx, asJson, bookId, selection, throughSeq), true);
      }),
    postingTotals: (bookId, bounds, throughSeq = Number.MAX_SAFE_INTEGER, subledgers = []) =>
      Effect.suspend(() => {
        const sorted = spanBounds(bounds);
        const split = subledgerAccounts(subledgers);
        return inBook(db, bookId, "postingTotals", (trx) => readTotals(trx, bookId, sorted, split, throughSeq), true);
      }),
    append: (request: AppendRequest) =>
      Effect.tryPromise({
        try: () => {
          const values = appendArgs(request);
          return options.prepared === undefined
            ? db.executeQuery(CompiledQuery.raw(APPEND_SQL, values))
            : options.prepared.query({ name: "lumbung_append", text: APPEND_SQL, values });
        },
        catch: (error) => appendError(request.bookId, request.expectedSeq, error as PgError),
      }).pipe(Effect.asVoid),
    lookup: (bookId, key) =>
      inBook(db, bookId, "lookup", async (trx) => {
        const { rows } = await sql<{ digest: string; seq: string; cmd_events: number }>`
        select encode(cmd_digest, 'hex') as digest, seq, cmd_events from lumbung.events
         where idem_key = ${key} and cmd_digest is not null`.execute(trx);
        const row = rows[0];
        return row === undefined
          ? undefined
          : ({
              key,
              digest: row.digest,
              firstSeq: Number(row.seq),
              lastSeq: Number(row.seq) + row.cmd_events - 1,
            } satisfies IdempotencyRecord);
      }),
    readIdempotency: (bookId, afterSeq, throughSeq) =>
      inBook(db, bookId, "readIdempotency", async (trx) => {
        const { rows } = await sql<{ key: string; digest: string; seq: string; cmd_events: number }>`
        select idem_key as key, encode(cmd_digest, 'hex') as digest, seq, cmd_events from lumbung.events
         where seq > ${afterSeq} and seq <= ${throughSeq} and cmd_digest is not null order by seq`.execute(trx);
        return rows.map(
          (row): IdempotencyRecord => ({
            key: row.key,
            digest: row.digest,
            firstSeq: Number(row.seq),
            lastSeq: Number(row.seq) + row.cmd_events - 1,
          }),
        );
      }),
    memberWithNik: (bookId, nik) =>
      inBook(db, bookId, "memberWithNik", async (trx) => {
        const { rows } = await sql<{
          member_no: string;
        }>`select member_no from lumbung.identities where nik = ${nik} and nik <> ''`.execute(trx);
        return rows[0]?.member_no;
      }),
    identity: (bookId, memberNo) =>
      inBook(db, bookId, "identity", async (trx) => {
        const { rows } = await sql<IdentityRow>`
        select member_no, nik, name, address, phone, salt, redacted from lumbung.identities where member_no = ${memberNo}`.execute(trx);
        const row = rows[0];
        return row === undefined ? undefined : identityOf(row);
      }),
    identities: (bookId) =>
      inBook(db, bookId, "identities", async (trx) => {
        const { rows } = await sql<IdentityRow>`
        select member_no, nik, name, address, phone, salt, redacted from lumbung.identities order by member_no collate "C"`.execute(trx);
        return rows.map(identityOf);
      }),
    redactIdentity: (bookId, memberNo) =>
      inBook(db, bookId, "redactIdentity", async (trx) => {
        const result = await sql`update lumbung.identities set nik = '', name = '', address = '', phone = null, redacted = true
                                where member_no = ${memberNo}`.execute(trx);
        return Number(result.numAffectedRows ?? 0n) > 0;
      }),
    projection: (bookId) =>
      inBook(
        db,
        bookId,
        "projection",
        async (trx): Promise<Projection | undefined> => {
          const { rows: books } = await sql<{ head_seq: string; head_hash: string }>`
        select head_seq, head_hash from lumbung.books where book_id = ${bookId}`.execute(trx);
          const book = books[0];
          if (book === undefined) return undefined;
          const { rows: accounts } = await sql<{ code: string; balance: string }>`select code, balance from lumbung.accounts`.execute(trx);
          const { rows: subs } = await sql<{ account: string; sub_key: string; balance: string }>`
        select account, sub_key, balance from lumbung.subledger_balances`.execute(trx);
          const subledgers = new Map<string, Map<string, bigint>>();
          for (const s of subs) {
            let ledger = subledgers.get(s.account);
            if (ledger === undefined) {
              ledger = new Map();
              subledgers.set(s.account, ledger);
            }
            ledger.set(s.sub_key, big(s.balance));
          }
          return {
            headSeq: Number(book.head_seq),
            headHash: book.head_hash,
            balances: new Map(accounts.map((a) => [a.code, big(a.balance)])),
            subledgers,
          };
        },
        true,
      ),
  };
};
