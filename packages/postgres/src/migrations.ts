/**
 * The schema, as versioned, forward-only migrations. Each runs once (Kysely's Migrator records it in
 * lumbung.kysely_migration) and only uses SQL that PostgreSQL 15 and PGlite (PostgreSQL 18) both accept.
 *
 * History (events and postings) is append-only; the rest are projections of it that the
 * engine keeps in step on every append and that an app may query with plain SQL. Every primary key
 * starts with book_id, so the schema can be distributed by book (docs/scaling.md).
 */
import { type Kysely, type Migration, sql } from "kysely";
import {
  APPEND_FUNCTION,
  APPEND_FUNCTION_CHAINED,
  APPEND_FUNCTION_PLANNED,
  APPEND_FUNCTION_WITH_CLOSING,
  APPEND_FUNCTION_WITH_LOANS,
  APPEND_FUNCTION_WITH_SHOP,
  APPEND_SIGNATURE,
  CLOSING_PROJECTION_FUNCTION,
  CLOSING_PROJECTION_FUNCTION_KEYED,
  LOAN_PROJECTION_FUNCTION,
  SHOP_PROJECTION_FUNCTION,
} from "./append-function.js";

/** The book-scoped tables of the first migration. */
const INITIAL_BOOK_TABLES = [
  "books",
  "events",
  "postings",
  "accounts",
  "subledger_balances",
  "members",
  "sukarela_moves",
  "identities",
  "periods",
  "interest_posted",
  "wajib_schedule",
  "reversals",
] as const;

/** Book-scoped tables: row-level security keeps each to the book set for the transaction. */
export const BOOK_TABLES = [
  ...INITIAL_BOOK_TABLES,
  "loan_products",
  "loans",
  "loan_instalments",
  "shop_items",
  "profit_loss",
  "member_usage",
  "year_closings",
  "shu_shares",
  "fold_snapshots",
] as const;

export const HISTORY_TABLES = ["events", "postings"] as const;

/** Views over history for app builders: read-only, and kept to the transaction's book by the history's row-level security. */
export const BOOK_VIEWS = ["fixed_assets", "time_deposits"] as const;

const statements = (list: ReadonlyArray<string>): Migration => ({
  up: async (db: Kysely<unknown>) => {
    for (const statement of list) await sql.raw(statement).execute(db);
  },
});

/**
 * Row-level security on a book table, forced (the owner too): a session sees and writes only the book
 * it set for its transaction with set_config('lumbung.book_id', …, true).
 */
const bookIsolation = (table: string): string[] => [
  `ALTER TABLE lumbung.${table} ENABLE ROW LEVEL SECURITY`,
  `ALTER TABLE lumbung.${table} FORCE ROW LEVEL SECURITY`,
  `CREATE POLICY book_isolation ON lumbung.${table}
     USING (book_id = current_setting('lumbung.book_id', true))
     WITH CHECK (book_id = current_setting('lumbung.book_id', true))`,
];

/** The balance check on each entry's first posting (made in 0001, made again in 0010). */
const ENTRY_BALANCED_TRIGGER = `CREATE CONSTRAINT TRIGGER entry_balanced AFTER INSERT ON lumbung.postings
     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.idx = 0) EXECUTE FUNCTION lumbung.check_entry_balanced()`;

const initial = [
  `CREATE TABLE lumbung.books (
    book_id text PRIMARY KEY,
    head_seq bigint NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
    head_hash text NOT NULL DEFAULT '',
    config jsonb NOT NULL,
    closed_through text,
    reopened_month text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE lumbung.events (
    book_id text NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),
    type text NOT NULL,
    version smallint NOT NULL,
    business_date date NOT NULL,
    recorded_at timestamptz NOT NULL,
    idem_key text NOT NULL,
    actor text NOT NULL,
    data jsonb NOT NULL,
    prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    -- On the first event of each command: the SHA-256 of the command's canonical bytes and how many
    -- events it produced. Together with idem_key this is the command's idempotency record.
    cmd_digest bytea CHECK (cmd_digest IS NULL OR length(cmd_digest) = 32),
    cmd_events smallint CHECK ((cmd_digest IS NULL) = (cmd_events IS NULL) AND (cmd_events IS NULL OR cmd_events > 0)),
    PRIMARY KEY (book_id, seq)
  )`,
  `CREATE UNIQUE INDEX events_idempotency ON lumbung.events (book_id, idem_key) WHERE cmd_digest IS NOT NULL`,
  // Events that make up a state fold of their own (loans), read at open without the rest of the log.
  `CREATE INDEX events_by_type ON lumbung.events (book_id, type, seq)
     WHERE type LIKE 'Loan%' OR type IN ('ItemAdded', 'ItemPriceSet', 'SupplierAdded', 'CustomerAdded', 'StockPurchased', 'SaleRecorded', 'StockCounted')`,
  `CREATE TABLE lumbung.postings (
    book_id text NOT NULL,
    seq bigint NOT NULL,
    idx smallint NOT NULL CHECK (idx >= 0 AND idx < 64),
    account text NOT NULL,
    amount bigint NOT NULL CHECK (amount <> 0 AND amount BETWEEN -1000000000000000 AND 1000000000000000),
    sub text,
    unit text NOT NULL,
    party text NOT NULL CHECK (party IN ('anggota', 'nonanggota', 'umum')),
    PRIMARY KEY (book_id, seq, idx)
  )`,
  `CREATE TABLE lumbung.accounts (
    book_id text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    normal_side text NOT NULL,
    subledger text,
    balance bigint NOT NULL DEFAULT 0,
    posting_count bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (book_id, code)
  )`,
  `CREATE TABLE lumbung.subledger_balances (
    book_id text NOT NULL,
    account text NOT NULL,
    sub_key text NOT NULL,
    balance bigint NOT NULL,
    PRIMARY KEY (book_id, account, sub_key)
  )`,
  `CREATE TABLE lumbung.members (
    book_id text NOT NULL,
    member_no text NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'exited')),
    joined_on date NOT NULL,
    exited_on date,
    identity_digest text NOT NULL,
    pokok bigint NOT NULL DEFAULT 0,
    wajib bigint NOT NULL DEFAULT 0,
    sukarela bigint NOT NULL DEFAULT 0,
    wajib_paid bigint NOT NULL DEFAULT 0,
    sukarela_base bigint NOT NULL DEFAULT 0,
    sukarela_latest_date date,
    PRIMARY KEY (book_id, member_no)
  )`,
  `CREATE TABLE lumbung.sukarela_moves (
    book_id text NOT NULL,
    member_no text NOT NULL,
    seq bigint NOT NULL,
    idx smallint NOT NULL,
    business_date date NOT NULL,
    posted bigint NOT NULL,
    PRIMARY KEY (book_id, member_no, seq, idx)
  )`,
  `CREATE TABLE lumbung.identities (
    book_id text NOT NULL,
    member_no text NOT NULL,
    nik text NOT NULL,
    name text NOT NULL,
    address text NOT NULL,
    phone text,
    salt text NOT NULL,
    redacted boolean NOT NULL DEFAULT false,
    PRIMARY KEY (book_id, member_no)
  )`,
  `CREATE UNIQUE INDEX identities_nik ON lumbung.identities (book_id, nik) WHERE nik <> ''`,
  `CREATE TABLE lumbung.periods (
    book_id text NOT NULL,
    month text NOT NULL,
    status text NOT NULL CHECK (status IN ('CLOSED', 'REOPENED')),
    changed_seq bigint NOT NULL,
    PRIMARY KEY (book_id, month)
  )`,
  `CREATE TABLE lumbung.interest_posted (
    book_id text NOT NULL,
    month text NOT NULL,
    member_no text NOT NULL,
    gross bigint NOT NULL,
    tax bigint NOT NULL,
    PRIMARY KEY (book_id, month, member_no)
  )`,
  `CREATE TABLE lumbung.wajib_schedule (
    book_id text NOT NULL,
    from_month text NOT NULL,
    amount bigint NOT NULL,
    PRIMARY KEY (book_id, from_month)
  )`,
  `CREATE TABLE lumbung.reversals (
    book_id text NOT NULL,
    reversed_seq bigint NOT NULL,
    by_seq bigint NOT NULL,
    PRIMARY KEY (book_id, reversed_seq)
  )`,
  // The log is append-only: UPDATE, DELETE and TRUNCATE of history are refused, whoever asks.
  `CREATE FUNCTION lumbung.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'lumbung: % on %.% is not allowed: the log is append-only; correct with a reversing event',
      TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = '42501';
  END $$`,
  ...HISTORY_TABLES.flatMap((table) => [
    `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON lumbung.${table} FOR EACH ROW EXECUTE FUNCTION lumbung.reject_change()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON lumbung.${table} FOR EACH STATEMENT EXECUTE FUNCTION lumbung.reject_change()`,
  ]),
  // Every entry balances, in each business unit: checked at commit, once per event (on its first posting).
  `CREATE FUNCTION lumbung.check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    bad record;
  BEGIN
    SELECT p.unit, sum(p.amount) AS total INTO bad
      FROM lumbung.postings p
     WHERE p.book_id = NEW.book_id AND p.seq = NEW.seq
     GROUP BY p.unit
    HAVING sum(p.amount) <> 0
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'lumbung: the entry of event % in book % does not balance in unit % (%)', NEW.seq, NEW.book_id, bad.unit, bad.total
        USING ERRCODE = '23514';
    END IF;
    -- Postings belong to an event of the log (checked once per event rather than per posting).
    IF NOT EXISTS (SELECT 1 FROM lumbung.events e WHERE e.book_id = NEW.book_id AND e.seq = NEW.seq) THEN
      RAISE EXCEPTION 'lumbung: postings of event % in book % have no event', NEW.seq, NEW.book_id USING ERRCODE = '23503';
    END IF;
    RETURN NULL;
  END $$`,
  ENTRY_BALANCED_TRIGGER,
  // Row-level security, forced (the owner too): a session sees and writes only the book it set for
  // its transaction with set_config('lumbung.book_id', …, true).
  ...INITIAL_BOOK_TABLES.flatMap(bookIsolation),
];

/** Loans for app builders to query: products, loans and their instalments, kept in step by lumbung.append. */
const loans = [
  `CREATE TABLE lumbung.loan_products (
    book_id text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    method text NOT NULL,
    terms jsonb NOT NULL,
    PRIMARY KEY (book_id, code)
  )`,
  `CREATE TABLE lumbung.loans (
    book_id text NOT NULL,
    loan_id text NOT NULL,
    member_no text NOT NULL,
    product text NOT NULL,
    principal bigint NOT NULL,
    disbursed_on date NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'closed', 'written-off')),
    outstanding bigint NOT NULL,
    allowance bigint NOT NULL DEFAULT 0,
    kolektibilitas text NOT NULL DEFAULT 'L',
    PRIMARY KEY (book_id, loan_id)
  )`,
  `CREATE TABLE lumbung.loan_instalments (
    book_id text NOT NULL,
    loan_id text NOT NULL,
    number smallint NOT NULL,
    due_date date NOT NULL,
    principal bigint NOT NULL,
    interest bigint NOT NULL,
    paid_principal bigint NOT NULL DEFAULT 0,
    paid_interest bigint NOT NULL DEFAULT 0,
    paid_denda bigint NOT NULL DEFAULT 0,
    accrued_interest bigint NOT NULL DEFAULT 0,
    waived_interest bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (book_id, loan_id, number)
  )`,
  ...["loan_products", "loans", "loan_instalments"].flatMap(bookIsolation),
];

/** The shop's items with their stock on hand and its value at cost, for app builders to query. */
const shop = [
  `CREATE TABLE lumbung.shop_items (
    book_id text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    unit text NOT NULL,
    quantity_scale smallint NOT NULL,
    quantity bigint NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    value bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (book_id, code)
  )`,
  ...bookIsolation("shop_items"),
];

/**
 * Tutup buku: the open years' profit and loss per unit and party, the members' yearly capital and
 * usage (the SHU bases), the closed years and the SHU shares, for app builders to query.
 */
const CLOSING_TABLES = ["profit_loss", "member_usage", "year_closings", "shu_shares"];
const closing = [
  `CREATE TABLE lumbung.profit_loss (
    book_id text NOT NULL,
    year text NOT NULL,
    account text NOT NULL,
    unit text NOT NULL,
    party text NOT NULL,
    balance bigint NOT NULL,
    PRIMARY KEY (book_id, year, account, unit, party)
  )`,
  `CREATE TABLE lumbung.member_usage (
    book_id text NOT NULL,
    year text NOT NULL,
    member_no text NOT NULL,
    capital_net bigint NOT NULL,
    capital_weight bigint NOT NULL,
    sukarela_net bigint NOT NULL,
    sukarela_weight bigint NOT NULL,
    purchases bigint NOT NULL,
    interest_paid bigint NOT NULL,
    PRIMARY KEY (book_id, year, member_no)
  )`,
  `CREATE TABLE lumbung.year_closings (
    book_id text NOT NULL,
    year text NOT NULL,
    member_shu bigint NOT NULL,
    non_member_shu bigint NOT NULL,
    income_tax bigint NOT NULL,
    units jsonb NOT NULL,
    closed_seq bigint NOT NULL,
    distributed_on date,
    distribution_seq bigint,
    pools jsonb,
    PRIMARY KEY (book_id, year)
  )`,
  `CREATE TABLE lumbung.shu_shares (
    book_id text NOT NULL,
    year text NOT NULL,
    member_no text NOT NULL,
    capital_basis numeric NOT NULL,
    jasa_modal bigint NOT NULL,
    jasa_usaha bigint NOT NULL,
    total bigint NOT NULL,
    withheld bigint NOT NULL,
    payout text NOT NULL CHECK (payout IN ('hold', 'sukarela')),
    PRIMARY KEY (book_id, year, member_no)
  )`,
  ...CLOSING_TABLES.flatMap(bookIsolation),
  // The closed years and the SHU policy are folds of their own events: `open` reads them through the index.
  "DROP INDEX lumbung.events_by_type",
  `CREATE INDEX events_by_type ON lumbung.events (book_id, type, seq)
     WHERE type LIKE 'Loan%' OR type IN ('ItemAdded', 'ItemPriceSet', 'SupplierAdded', 'CustomerAdded', 'StockPurchased', 'SaleRecorded', 'StockCounted', 'OpeningStockRecorded', 'MemberCreditLimitSet', 'SaleReturned', 'PurchaseReturned', 'ShuPolicySet', 'IncomeTaxAccrued', 'YearClosingEntryPosted', 'YearClosed', 'YearReopened', 'ShuDistributed')`,
];

/**
 * The whole-entry check of 0008, indented by `indent` (0010 runs it after its shortcut): the first
 * event of the statement written without its first posting (idx 0) is refused.
 */
const firstPostingMissing = (indent: string): string =>
  [
    "SELECT i.book_id, i.seq INTO bad FROM inserted i GROUP BY i.book_id, i.seq HAVING bool_and(i.idx <> 0) LIMIT 1;",
    "IF FOUND THEN",
    "  RAISE EXCEPTION 'lumbung: postings of event % in book % were written without its first posting (idx 0); an entry is written whole, in one statement',",
    "    bad.seq, bad.book_id USING ERRCODE = '23514';",
    "END IF;",
  ]
    .map((line) => indent + line)
    .join("\n");

/**
 * Every entry comes whole, in one statement, with its first posting (idx 0): the balance check above
 * runs on that posting, so postings written without it (an entry numbered from 1, or a posting
 * slipped into an entry already in the log) would never be checked. Checked once per statement over
 * the rows it inserted, not once per posting.
 */
const wholeEntries = [
  `CREATE FUNCTION lumbung.check_entries_whole() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    bad record;
  BEGIN
${firstPostingMissing("    ")}
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER postings_whole_entries AFTER INSERT ON lumbung.postings
     REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION lumbung.check_entries_whole()`,
];

/**
 * The same checks, cheaper per append (migration 0010). PostgreSQL 15 parses and plans a table's
 * CHECK constraints again for every statement that writes the table (ten of them on a deposit's
 * path), while a domain's are planned once per session. So each one-column check becomes a domain
 * under the same constraint name; the columns change type without a rewrite (the domain is empty
 * when the column takes it, and gains its check after, which scans the rows once; the three hash
 * columns share one domain, `sha256`, whose constraint is `sha256_check`). The two trigger
 * functions keep their rules and take a shortcut for the common case: an entry in one unit is summed
 * in one query (with its event's existence), and a statement's postings of one book numbered without
 * gaps are whole when they hold one first posting per event.
 */
const CHECK_DOMAINS: ReadonlyArray<{ domain: string; base: string; constraint: string; check: string }> = [
  { domain: "event_seq", base: "bigint", constraint: "events_seq_check", check: "VALUE > 0" },
  // Three columns of events, one domain: its constraint is named after the domain.
  { domain: "sha256", base: "bytea", constraint: "sha256_check", check: "length(VALUE) = 32" },
  { domain: "posting_idx", base: "smallint", constraint: "postings_idx_check", check: "VALUE >= 0 AND VALUE < 64" },
  {
    domain: "posting_amount",
    base: "bigint",
    constraint: "postings_amount_check",
    check: "VALUE <> 0 AND VALUE BETWEEN -1000000000000000 AND 1000000000000000",
  },
  { domain: "party", base: "text", constraint: "postings_party_check", check: "VALUE IN ('anggota', 'nonanggota', 'umum')" },
  { domain: "head_seq", base: "bigint", constraint: "books_head_seq_check", check: "VALUE >= 0" },
  { domain: "member_status", base: "text", constraint: "members_status_check", check: "VALUE IN ('active', 'exited')" },
];

/** Each column that takes a domain; the check it replaces is the one PostgreSQL named `<table>_<column>_check`. */
const CHECKED_COLUMNS: ReadonlyArray<{ table: string; column: string; domain: string }> = [
  { table: "events", column: "seq", domain: "event_seq" },
  { table: "events", column: "prev_hash", domain: "sha256" },
  { table: "events", column: "hash", domain: "sha256" },
  { table: "events", column: "cmd_digest", domain: "sha256" },
  { table: "postings", column: "idx", domain: "posting_idx" },
  { table: "postings", column: "amount", domain: "posting_amount" },
  { table: "postings", column: "party", domain: "party" },
  { table: "books", column: "head_seq", domain: "head_seq" },
  { table: "members", column: "status", domain: "member_status" },
];

const cheaperChecks = [
  // The balance trigger names postings.idx in its WHEN clause, so it is made again after the type change.
  "DROP TRIGGER entry_balanced ON lumbung.postings",
  ...CHECK_DOMAINS.map((d) => `CREATE DOMAIN lumbung.${d.domain} AS ${d.base}`),
  ...CHECKED_COLUMNS.map((c) => `ALTER TABLE lumbung.${c.table} ALTER COLUMN ${c.column} TYPE lumbung.${c.domain}`),
  ...CHECKED_COLUMNS.map((c) => `ALTER TABLE lumbung.${c.table} DROP CONSTRAINT ${c.table}_${c.column}_check`),
  ...CHECK_DOMAINS.map((d) => `ALTER DOMAIN lumbung.${d.domain} ADD CONSTRAINT ${d.constraint} CHECK (${d.check})`),
  ENTRY_BALANCED_TRIGGER,
  `CREATE OR REPLACE FUNCTION lumbung.check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    v_total numeric;
    v_first_unit text;
    v_last_unit text;
    v_event boolean;
    v_bad_unit text;
    v_bad_total numeric;
  BEGIN
    SELECT sum(p.amount), min(p.unit), max(p.unit),
           EXISTS (SELECT 1 FROM lumbung.events e WHERE e.book_id = NEW.book_id AND e.seq = NEW.seq)
      INTO v_total, v_first_unit, v_last_unit, v_event
      FROM lumbung.postings p
     WHERE p.book_id = NEW.book_id AND p.seq = NEW.seq;
    IF v_first_unit = v_last_unit THEN
      IF v_total <> 0 THEN
        v_bad_unit := v_first_unit;
        v_bad_total := v_total;
      END IF;
    ELSE
      SELECT p.unit, sum(p.amount) INTO v_bad_unit, v_bad_total
        FROM lumbung.postings p
       WHERE p.book_id = NEW.book_id AND p.seq = NEW.seq
       GROUP BY p.unit
      HAVING sum(p.amount) <> 0
       LIMIT 1;
    END IF;
    IF v_bad_unit IS NOT NULL THEN
      RAISE EXCEPTION 'lumbung: the entry of event % in book % does not balance in unit % (%)', NEW.seq, NEW.book_id, v_bad_unit, v_bad_total
        USING ERRCODE = '23514';
    END IF;
    -- Postings belong to an event of the log (checked once per event rather than per posting).
    IF NOT v_event THEN
      RAISE EXCEPTION 'lumbung: postings of event % in book % have no event', NEW.seq, NEW.book_id USING ERRCODE = '23503';
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE OR REPLACE FUNCTION lumbung.check_entries_whole() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    v_whole boolean;
    bad record;
  BEGIN
    -- One book, events numbered without gaps, one first posting for each (the key allows no more):
    -- then every event of the statement has its first posting.
    SELECT min(i.book_id) = max(i.book_id) AND count(*) FILTER (WHERE i.idx = 0) = max(i.seq) - min(i.seq) + 1
      INTO v_whole FROM inserted i;
    IF v_whole IS NOT TRUE THEN
${firstPostingMissing("      ")}
    END IF;
    RETURN NULL;
  END $$`,
];

/**
 * The append plans once per session, with the statistics of that moment. On small tables (a new
 * database, or a few small books), the planner judged scanning cheaper than the primary key: a
 * deposit read every member of every book in the database (and the book's whole chart), and kept
 * doing so for the session, even after the tables grew, until something re-planned it. With scans
 * priced out inside the function (its projection functions inherit the settings for the call),
 * each update reads through the primary key and never another book's rows: PostgreSQL 18 goes
 * straight to the batch's codes and member numbers; PostgreSQL 15, on a small book, may read the
 * book's own part of the key. A statement with no index to use still scans.
 */
const APPEND_BY_KEYS = `ALTER FUNCTION ${APPEND_SIGNATURE} SET enable_seqscan = off SET enable_bitmapscan = off`;

/**
 * The fixed-asset register for app builders, as a view over the log rather than a table the append
 * keeps: each asset as it came in, its depreciation so far (the latest month's accumulated), and its
 * disposal. `security_invoker` makes a query of the view run as its caller, so row-level security on
 * the events keeps it to the book set for the transaction. The partial index serves the view's
 * lookups of an asset's events, and costs nothing to the appends of other events (each type test
 * is also said as LIKE 'FixedAsset%', the index's own predicate, so that the planner may use it).
 */
const fixedAssetsView = (version: "0012" | "0013" | "0017" | "0020" | "0021") => {
  // From 0013 an asset cancelled (entered by mistake) is left out, and its code may come in again:
  // each row is an asset's latest entry, with the events after it.
  const latest = version !== "0012";
  const after = latest ? " AND e.seq > a.seq" : "";
  const disposedAfter = latest ? " AND x.seq > a.seq" : "";
  // From 0017 each row says how the asset is depreciated, and the life that sets a declining balance's rate.
  const method =
    version >= "0017"
      ? ",\n          coalesce(a.data->>'method', 'garis-lurus') AS method,\n          (a.data->>'lifeMonths')::integer AS life_months"
      : "";
  // From 0020 an impairment (penurunan nilai) counts: the accumulated depreciation is the latest
  // month's or impairment's, the residual value and the schedule's months are the latest impairment's
  // when there is one, and the last column sums the impairment losses.
  const impaired = version >= "0020";
  // From 0021 a reversal of an impairment counts as one does: it sets the accumulated depreciation,
  // the residual value and the months, and takes its amount off the losses.
  const revaluations = version >= "0021" ? "'FixedAssetImpaired', 'FixedAssetImpairmentReversed'" : "'FixedAssetImpaired'";
  const accumulatedTypes = impaired ? `e.type IN ('FixedAssetDepreciated', ${revaluations})` : "e.type = 'FixedAssetDepreciated'";
  const lost =
    version >= "0021"
      ? "sum(coalesce((e.data->>'lossMinor')::bigint, 0) - coalesce((e.data->>'reversedMinor')::bigint, 0))"
      : "sum((e.data->>'lossMinor')::bigint)";
  const latestImpairment = (field: string, cast: string, fallback: string) =>
    impaired ? `coalesce((i.last->>'${field}')::${cast}, ${fallback})` : fallback;
  const impairedColumn = impaired ? ",\n          coalesce(i.lost, 0) AS impaired" : "";
  const impairedJoin = impaired
    ? `
     LEFT JOIN LATERAL (
       SELECT ${lost}::bigint AS lost,
              (array_agg(e.data ORDER BY e.seq DESC))[1] AS last
         FROM lumbung.events e
        WHERE e.book_id = a.book_id AND e.type LIKE 'FixedAsset%' AND e.type IN (${revaluations})
          AND e.data->>'assetId' = a.data->>'assetId' AND e.seq > a.seq
     ) i ON true`
    : "";
  const live = latest
    ? `
      AND NOT EXISTS (
        SELECT 1 FROM lumbung.events c
         WHERE c.book_id = a.book_id AND c.type LIKE 'FixedAsset%' AND c.type = 'FixedAssetCancelled'
           AND c.data->>'assetId' = a.data->>'assetId' AND c.seq > a.seq)`
    : "";
  return `${version === "0012" ? "CREATE" : "CREATE OR REPLACE"} VIEW lumbung.fixed_assets WITH (security_invoker = true) AS
   SELECT a.book_id,
          a.data->>'assetId' AS asset_id,
          a.data->>'name' AS name,
          a.data->>'unit' AS unit,
          (a.data->>'acquiredOn')::date AS acquired_on,
          (a.data->>'costMinor')::bigint AS cost,
          ${latestImpairment("residualMinor", "bigint", "(a.data->>'residualMinor')::bigint")} AS residual,
          ${latestImpairment("months", "integer", "(a.data->>'months')::integer")} AS months,
          coalesce(d.months_done, 0) AS months_done,
          coalesce(d.accumulated, (a.data->>'accumulatedMinor')::bigint) AS accumulated,
          (a.data->>'costMinor')::bigint - coalesce(d.accumulated, (a.data->>'accumulatedMinor')::bigint) AS book_value,
          d.depreciated_through,
          x.business_date AS disposed_on,
          (x.data->>'proceedsMinor')::bigint AS proceeds,
          a.seq AS added_seq${method}${impairedColumn}
     FROM lumbung.events a
     LEFT JOIN LATERAL (
       SELECT ${impaired ? "(count(*) FILTER (WHERE e.type = 'FixedAssetDepreciated'))" : "count(*)"}::integer AS months_done,
              max(e.data->>'month') AS depreciated_through,
              (array_agg((e.data->>'accumulatedMinor')::bigint ORDER BY e.seq DESC))[1] AS accumulated
         FROM lumbung.events e
        WHERE e.book_id = a.book_id AND e.type LIKE 'FixedAsset%' AND ${accumulatedTypes}
          AND e.data->>'assetId' = a.data->>'assetId'${after}
     ) d ON true${impairedJoin}
     LEFT JOIN lumbung.events x
       ON x.book_id = a.book_id AND x.type LIKE 'FixedAsset%' AND x.type = 'FixedAssetDisposed'
      AND x.data->>'assetId' = a.data->>'assetId'${disposedAfter}
    WHERE a.type LIKE 'FixedAsset%' AND a.type = 'FixedAssetAdded'${live}`;
};

const fixedAssets = [
  `CREATE INDEX events_fixed_assets ON lumbung.events (book_id, (data->>'assetId'), seq) WHERE type LIKE 'FixedAsset%'`,
  fixedAssetsView("0012"),
];

/**
 * The time-deposit register (simpanan berjangka), as a view over the log like the fixed assets: each
 * deposit as placed, with its latest term (after rollovers), the member's latest instruction, how it
 * ended, and the jasa and tax posted over its life.
 */
/** The loan a deposit secures: its latest pledge, unless a release came after it. */
const pledgedJoin = `
     LEFT JOIN LATERAL (
       SELECT CASE WHEN e.type = 'TimeDepositPledged' THEN e.data->>'loanId' END AS pledged_to
         FROM lumbung.events e
        WHERE e.book_id = p.book_id AND e.type LIKE 'TimeDeposit%'
          AND e.type IN ('TimeDepositPledged', 'TimeDepositReleased')
          AND e.data->>'depositId' = p.data->>'depositId'
        ORDER BY e.seq DESC LIMIT 1
     ) g ON true`;

const timeDepositsView = (version: "0014" | "0015" | "0016" | "0018" | "0019") => {
  // From 0015 each row also has the jasa accrued at month ends and not yet paid (accrued, less what
  // payments took out of it and withdrawals took back): its last column, as a view may only grow at its end.
  const accrued = version >= "0015";
  // From 0016 the rate is the current term's (a rollover may set a new one), and rollover_rate is the
  // one the latest instruction agreed for the next term, until that rollover happens.
  const rates = version >= "0016";
  // From 0018, pledged_to: the loan the deposit secures (its latest pledge, unless a release came after).
  const pledges = version >= "0018";
  // From 0019 the term's length is the current term's too, and rollover_term_months the one agreed for the next.
  const terms = version >= "0019";
  return `${version === "0014" ? "CREATE" : "CREATE OR REPLACE"} VIEW lumbung.time_deposits WITH (security_invoker = true) AS
   SELECT p.book_id,
          p.data->>'depositId' AS deposit_id,
          p.data->>'memberNo' AS member_no,
          (p.data->>'principalMinor')::bigint AS principal,
          ${rates ? "coalesce(r.rate_per_year, p.data->>'ratePerYear')" : "p.data->>'ratePerYear'"} AS rate_per_year,
          ${terms ? "coalesce(r.term_months, (p.data->>'termMonths')::integer)" : "(p.data->>'termMonths')::integer"} AS term_months,
          p.data->>'dayCount' AS day_count,
          (p.data->>'placedOn')::date AS placed_on,
          coalesce(r.term_start, (p.data->>'placedOn')::date) AS term_start,
          coalesce(r.matures_on, (p.data->>'maturesOn')::date) AS matures_on,
          coalesce(i.at_maturity, p.data->>'atMaturity') AS at_maturity,
          coalesce(r.rollovers, 0) AS rollovers,
          CASE WHEN w.seq IS NOT NULL THEN 'closed' WHEN m.seq IS NOT NULL THEN 'matured' ELSE 'active' END AS status,
          coalesce(w.business_date, m.business_date) AS ended_on,
          (w.data->>'penaltyMinor')::bigint AS penalty,
          coalesce(j.interest, 0) AS interest,
          coalesce(j.tax, 0) AS tax,
          p.seq AS placed_seq${accrued ? ",\n          coalesce(a.accrued, 0) AS accrued" : ""}${
            rates ? ",\n          CASE WHEN i.seq > coalesce(r.last_seq, 0) THEN i.rollover_rate END AS rollover_rate" : ""
          }${pledges ? ",\n          g.pledged_to" : ""}${
            terms ? ",\n          CASE WHEN i.seq > coalesce(r.last_seq, 0) THEN i.rollover_term_months END AS rollover_term_months" : ""
          }
     FROM lumbung.events p
     LEFT JOIN LATERAL (
       SELECT sum((e.data->>'grossMinor')::bigint)::bigint AS interest, sum((e.data->>'taxMinor')::bigint)::bigint AS tax
         FROM lumbung.events e
        WHERE e.book_id = p.book_id AND e.type LIKE 'TimeDeposit%' AND e.type = 'TimeDepositInterestPosted'
          AND e.data->>'depositId' = p.data->>'depositId'
     ) j ON true
     LEFT JOIN LATERAL (
       SELECT (array_agg((e.data->>'termStart')::date ORDER BY e.seq DESC))[1] AS term_start,
              (array_agg((e.data->>'maturesOn')::date ORDER BY e.seq DESC))[1] AS matures_on,
              count(*)::integer AS rollovers${
                rates
                  ? `,
              (array_agg(e.data->>'ratePerYear' ORDER BY e.seq DESC) FILTER (WHERE e.data ? 'ratePerYear'))[1] AS rate_per_year,
              max(e.seq) AS last_seq`
                  : ""
              }${
                terms
                  ? `,
              (array_agg((e.data->>'termMonths')::integer ORDER BY e.seq DESC) FILTER (WHERE e.data ? 'termMonths'))[1] AS term_months`
                  : ""
              }
         FROM lumbung.events e
        WHERE e.book_id = p.book_id AND e.type LIKE 'TimeDeposit%' AND e.type = 'TimeDepositRolledOver'
          AND e.data->>'depositId' = p.data->>'depositId'
     ) r ON true
     LEFT JOIN LATERAL (
       SELECT e.data->>'atMaturity' AS at_maturity${rates ? ", e.data->>'rolloverRate' AS rollover_rate, e.seq" : ""}${
         terms ? ", (e.data->>'rolloverTermMonths')::integer AS rollover_term_months" : ""
       }
         FROM lumbung.events e
        WHERE e.book_id = p.book_id AND e.type LIKE 'TimeDeposit%' AND e.type = 'TimeDepositInstructionSet'
          AND e.data->>'depositId' = p.data->>'depositId'
        ORDER BY e.seq DESC LIMIT 1
     ) i ON true
     LEFT JOIN lumbung.events m
       ON m.book_id = p.book_id AND m.type LIKE 'TimeDeposit%' AND m.type = 'TimeDepositMatured'
      AND m.data->>'depositId' = p.data->>'depositId'
     LEFT JOIN lumbung.events w
       ON w.book_id = p.book_id AND w.type LIKE 'TimeDeposit%' AND w.type = 'TimeDepositWithdrawn'
      AND w.data->>'depositId' = p.data->>'depositId'${
        accrued
          ? `
     LEFT JOIN LATERAL (
       SELECT sum(CASE e.type
                    WHEN 'TimeDepositJasaAccrued' THEN (e.data->>'amountMinor')::bigint
                    WHEN 'TimeDepositInterestPosted' THEN -coalesce((e.data->>'fromAccruedMinor')::bigint, 0)
                    ELSE -coalesce((e.data->>'accrualReversedMinor')::bigint, 0)
                  END)::bigint AS accrued
         FROM lumbung.events e
        WHERE e.book_id = p.book_id AND e.type LIKE 'TimeDeposit%'
          AND e.type IN ('TimeDepositJasaAccrued', 'TimeDepositInterestPosted', 'TimeDepositWithdrawn')
          AND e.data->>'depositId' = p.data->>'depositId'
     ) a ON true`
          : ""
      }${pledges ? pledgedJoin : ""}
    WHERE p.type LIKE 'TimeDeposit%' AND p.type = 'TimeDepositPlaced'`;
};

const timeDeposits = [
  `CREATE INDEX events_time_deposits ON lumbung.events (book_id, (data->>'depositId'), seq) WHERE type LIKE 'TimeDeposit%'`,
  timeDepositsView("0014"),
];

/**
 * A snapshot of each book's folded parts (loans, the shop, the closed years, the fixed assets, the
 * budgets, the time deposits, the sukarela's rates) through one event, in core's text form
 * (`encodeFolded`, of version `format`): `open` folds only the events after it. A projection like
 * the others: written by `open`, never by the append, and checked by `verify` as part of the state
 * a book opens with.
 */
const foldSnapshots = [
  `CREATE TABLE lumbung.fold_snapshots (
    book_id text NOT NULL PRIMARY KEY,
    seq bigint NOT NULL CHECK (seq > 0),
    format smallint NOT NULL,
    folded text NOT NULL
  )`,
  ...bookIsolation("fold_snapshots"),
];

export const MIGRATIONS: Record<string, Migration> = {
  "0001_initial_schema": statements(initial),
  "0002_append_function": statements([APPEND_FUNCTION]),
  "0003_loans": statements([...loans, LOAN_PROJECTION_FUNCTION, APPEND_FUNCTION_WITH_LOANS]),
  // Opening stock, member credit limits and returns are part of the shop's fold, so the index that serves
  // `open` must cover them too.
  "0004_shop_fold_index": statements([
    "DROP INDEX lumbung.events_by_type",
    `CREATE INDEX events_by_type ON lumbung.events (book_id, type, seq)
       WHERE type LIKE 'Loan%' OR type IN ('ItemAdded', 'ItemPriceSet', 'SupplierAdded', 'CustomerAdded', 'StockPurchased', 'SaleRecorded', 'StockCounted', 'OpeningStockRecorded', 'MemberCreditLimitSet', 'SaleReturned', 'PurchaseReturned')`,
  ]),
  "0005_shop_items": statements([...shop, SHOP_PROJECTION_FUNCTION, APPEND_FUNCTION_WITH_SHOP]),
  "0006_closing": statements([...closing, CLOSING_PROJECTION_FUNCTION, APPEND_FUNCTION_WITH_CLOSING]),
  // The append planned once per session, and its deltas applied through primary keys (append-function.ts).
  "0007_append_planned": statements([
    CLOSING_PROJECTION_FUNCTION_KEYED,
    "DROP FUNCTION lumbung.append(text, bigint, jsonb)",
    APPEND_FUNCTION_PLANNED,
  ]),
  "0008_whole_entries": statements(wholeEntries),
  // The batch's events must chain onto the head, and onto each other (append-function.ts).
  "0009_chained_append": statements([APPEND_FUNCTION_CHAINED]),
  // The same checks, planned once per session instead of once per statement.
  "0010_cheaper_checks": statements(cheaperChecks),
  // The append's updates find their rows through the keys whatever the statistics say.
  "0011_append_by_keys": statements([APPEND_BY_KEYS]),
  // The fixed-asset register, as a view over the log.
  "0012_fixed_assets": statements(fixedAssets),
  // Cancelled assets (entered by mistake) leave the register, and their codes may be used again.
  "0013_fixed_assets_cancelled": statements([fixedAssetsView("0013")]),
  // The time-deposit register (simpanan berjangka), as a view over the log.
  "0014_time_deposits": statements(timeDeposits),
  // Each deposit's jasa accrued at month ends and not yet paid.
  "0015_time_deposits_accrued": statements([timeDepositsView("0015")]),
  // A rollover may set a new rate: each deposit's current rate, and the one agreed for its next term.
  "0016_time_deposit_rollover_rate": statements([timeDepositsView("0016")]),
  // Fixed assets on the declining balance: each asset's method, and the life that sets its rate.
  "0017_fixed_asset_method": statements([fixedAssetsView("0017")]),
  // Time deposits pledged as collateral for a loan: the loan each one secures.
  "0018_time_deposit_pledges": statements([timeDepositsView("0018")]),
  // A rollover may set a new length: each deposit's current term, and the length agreed for its next.
  "0019_time_deposit_rollover_term": statements([timeDepositsView("0019")]),
  // Impairments (penurunan nilai): in each asset's accumulated depreciation, residual value and months, and summed.
  "0020_fixed_asset_impairment": statements([fixedAssetsView("0020")]),
  // Reversals of impairments (pemulihan): in each asset's accumulated depreciation, residual value and months, and off the losses.
  "0021_fixed_asset_impairment_reversal": statements([fixedAssetsView("0021")]),
  // A snapshot of each book's folded parts, so that opening a long book folds only the events after it.
  "0022_fold_snapshots": statements(foldSnapshots),
};
