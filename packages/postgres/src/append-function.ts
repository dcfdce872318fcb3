/**
 * Two parts of version 2's main statement, named so that version 6 can replace them (the released
 * text is unchanged): the deltas joined to the book's accounts and members.
 */
const JOINED_ACCOUNT_BALANCES = `  account_balances AS (
    UPDATE lumbung.accounts a SET balance = a.balance + d.delta, posting_count = a.posting_count + d.count
      FROM jsonb_to_recordset(p_batch->'accountDeltas') AS d(code text, delta bigint, count bigint)
     WHERE a.book_id = p_book AND a.code = d.code
    RETURNING 1),
`;
const JOINED_MEMBER_SAVINGS = `  member_savings AS (
    UPDATE lumbung.members m
       SET pokok = m.pokok + d.pokok, wajib = m.wajib + d.wajib, sukarela = m.sukarela + d.sukarela,
           wajib_paid = m.wajib_paid + d."wajibPaid",
           sukarela_latest_date = CASE WHEN d."latestDate" IS NULL THEN m.sukarela_latest_date
                                       ELSE GREATEST(m.sukarela_latest_date, d."latestDate") END
      FROM jsonb_to_recordset(p_batch->'memberDeltas')
        AS d("memberNo" text, pokok bigint, wajib bigint, sukarela bigint, "wajibPaid" bigint, "latestDate" date)
     WHERE m.book_id = p_book AND m.member_no = d."memberNo"
    RETURNING 1),
`;

/**
 * lumbung.append(book, expected_seq, batch): appends a batch of events in one call (one round trip,
 * one transaction). Under the book row's lock it checks the head, inserts the events, postings,
 * idempotency records and identity records, and brings every projection in step. The batch is
 * built from the events by `toBatch` (append-batch.ts); the function trusts its shape but not its
 * sense: the constraints and triggers of the tables still check every row.
 *
 * Errors: SQLSTATE LB001 when the head is not expected_seq (the message carries the actual head);
 * LB003 when the transaction is bound to another book; 23505 on events_idempotency when an
 * idempotency key was already recorded.
 */
export const APPEND_FUNCTION = `
CREATE FUNCTION lumbung.append(p_book text, p_expected bigint, p_batch jsonb) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_bound text := current_setting('lumbung.book_id', true);
  v_head bigint;
  v_op jsonb;
  v_closed text;
  v_reopened text;
  v_start_month text;
  v_count bigint;
BEGIN
  IF v_bound IS NULL OR v_bound = '' THEN
    PERFORM set_config('lumbung.book_id', p_book, true);
  ELSIF v_bound <> p_book THEN
    RAISE EXCEPTION 'lumbung: this transaction is bound to book %, not %', v_bound, p_book USING ERRCODE = 'LB003';
  END IF;

  IF p_expected = 0 AND p_batch ? 'config' THEN
    INSERT INTO lumbung.books (book_id, config) VALUES (p_book, p_batch->'config') ON CONFLICT (book_id) DO NOTHING;
  END IF;

  -- Lock the book's row and move its head in one statement, only if the head is where the caller
  -- decided against; otherwise report where it is.
  UPDATE lumbung.books
     SET head_seq = coalesce((p_batch->'head'->>'seq')::bigint, head_seq), head_hash = coalesce(p_batch->'head'->>'hash', head_hash)
   WHERE book_id = p_book AND head_seq = p_expected AND (p_expected > 0 OR p_batch ? 'config')
  RETURNING closed_through, reopened_month, left(config->>'startDate', 7) INTO v_closed, v_reopened, v_start_month;
  IF NOT FOUND THEN
    SELECT head_seq INTO v_head FROM lumbung.books WHERE book_id = p_book;
    RAISE EXCEPTION 'lumbung-conflict head=%', coalesce(v_head, 0) USING ERRCODE = 'LB001', DETAIL = coalesce(v_head, 0)::text;
  END IF;
  -- The batch names only the parts it has (an absent key is an empty part), so the common append
  -- of a deposit runs a handful of statements.

  -- The chart and the members, in the order the events changed them (rare; before the rows that use them).
  IF p_batch ? 'accountOps' THEN
    FOR v_op IN SELECT value FROM jsonb_array_elements(p_batch->'accountOps') LOOP
      IF v_op->>'op' = 'add' THEN
        INSERT INTO lumbung.accounts (book_id, code, name, kind, normal_side, subledger)
        VALUES (p_book, v_op->>'code', v_op->>'name', v_op->>'kind', v_op->>'normalSide', v_op->>'subledger');
      ELSIF v_op->>'op' = 'rename' THEN
        UPDATE lumbung.accounts SET name = v_op->>'name' WHERE book_id = p_book AND code = v_op->>'code';
      ELSE
        DELETE FROM lumbung.accounts WHERE book_id = p_book AND code = v_op->>'code';
      END IF;
    END LOOP;
  END IF;
  IF p_batch ? 'memberOps' THEN
    FOR v_op IN SELECT value FROM jsonb_array_elements(p_batch->'memberOps') LOOP
      IF v_op->>'op' = 'join' THEN
        INSERT INTO lumbung.members (book_id, member_no, status, joined_on, identity_digest)
        VALUES (p_book, v_op->>'memberNo', 'active', (v_op->>'joinedOn')::date, v_op->>'digest');
      ELSIF v_op->>'op' = 'exit' THEN
        UPDATE lumbung.members SET status = 'exited', exited_on = (v_op->>'date')::date WHERE book_id = p_book AND member_no = v_op->>'memberNo';
      ELSE
        UPDATE lumbung.members SET identity_digest = v_op->>'digest' WHERE book_id = p_book AND member_no = v_op->>'memberNo';
      END IF;
    END LOOP;
  END IF;

  -- History and the projections every entry moves, in one statement (an absent part is no rows).
  WITH
  new_events AS (
    INSERT INTO lumbung.events (book_id, seq, type, version, business_date, recorded_at, idem_key, actor, data, prev_hash, hash, cmd_digest, cmd_events)
    SELECT p_book, e.seq, e.type, e.version, e.date, e."recordedAt", e.key, e.actor, e.data, decode(e."prevHash", 'hex'), decode(e.hash, 'hex'),
           decode(e."cmdDigest", 'hex'), e."cmdEvents"
      FROM jsonb_to_recordset(p_batch->'events')
        AS e(seq bigint, type text, version smallint, date date, "recordedAt" timestamptz, key text, actor text, data jsonb, "prevHash" text, hash text,
             "cmdDigest" text, "cmdEvents" smallint)
    RETURNING 1),
  new_postings AS (
    INSERT INTO lumbung.postings (book_id, seq, idx, account, amount, sub, unit, party)
    SELECT p_book, p.seq, p.idx, p.account, p.amount, p.sub, p.unit, p.party
      FROM jsonb_to_recordset(p_batch->'postings') AS p(seq bigint, idx smallint, account text, amount bigint, sub text, unit text, party text)
    RETURNING 1),
${JOINED_ACCOUNT_BALANCES}  subledgers AS (
    INSERT INTO lumbung.subledger_balances AS s (book_id, account, sub_key, balance)
    SELECT p_book, d.account, d.sub, d.delta
      FROM jsonb_to_recordset(p_batch->'subledgerDeltas') AS d(account text, sub text, delta bigint)
    ON CONFLICT (book_id, account, sub_key) DO UPDATE SET balance = s.balance + EXCLUDED.balance
    RETURNING 1),
${JOINED_MEMBER_SAVINGS}  moves AS (
    INSERT INTO lumbung.sukarela_moves (book_id, member_no, seq, idx, business_date, posted)
    SELECT p_book, v."memberNo", v.seq, v.idx, v.date, v.posted
      FROM jsonb_to_recordset(p_batch->'moves') AS v("memberNo" text, seq bigint, idx smallint, date date, posted bigint)
    RETURNING 1)
  SELECT (SELECT count(*) FROM new_events) INTO v_count;

  -- A month close folds each member's movements up to the end of the month before it.
  IF p_batch->>'foldThrough' IS NOT NULL THEN
    UPDATE lumbung.members m SET sukarela_base = m.sukarela_base - f.posted
      FROM (SELECT member_no, sum(posted) AS posted FROM lumbung.sukarela_moves
             WHERE book_id = p_book AND business_date <= (p_batch->>'foldThrough')::date GROUP BY member_no) f
     WHERE m.book_id = p_book AND m.member_no = f.member_no;
    DELETE FROM lumbung.sukarela_moves WHERE book_id = p_book AND business_date <= (p_batch->>'foldThrough')::date;
  END IF;

  IF p_batch ? 'interest' THEN
    INSERT INTO lumbung.interest_posted AS i (book_id, month, member_no, gross, tax)
    SELECT p_book, r.month, r."memberNo", r.gross, r.tax
      FROM jsonb_to_recordset(p_batch->'interest') AS r(month text, "memberNo" text, gross bigint, tax bigint)
    ON CONFLICT (book_id, month, member_no) DO UPDATE SET gross = i.gross + EXCLUDED.gross, tax = i.tax + EXCLUDED.tax;
    IF p_batch->>'interestPruneBefore' IS NOT NULL THEN
      DELETE FROM lumbung.interest_posted WHERE book_id = p_book AND month < p_batch->>'interestPruneBefore';
    END IF;
  END IF;

  IF p_batch ? 'wajibOps' THEN
    FOR v_op IN SELECT value FROM jsonb_array_elements(p_batch->'wajibOps') LOOP
      DELETE FROM lumbung.wajib_schedule WHERE book_id = p_book AND from_month >= v_op->>'fromMonth';
      INSERT INTO lumbung.wajib_schedule (book_id, from_month, amount) VALUES (p_book, v_op->>'fromMonth', (v_op->>'amount')::bigint);
    END LOOP;
  END IF;

  IF p_batch ? 'reversals' THEN
    INSERT INTO lumbung.reversals (book_id, reversed_seq, by_seq)
    SELECT p_book, r."reversedSeq", r."bySeq" FROM jsonb_to_recordset(p_batch->'reversals') AS r("reversedSeq" bigint, "bySeq" bigint);
  END IF;

  IF p_batch ? 'periodOps' THEN
    FOR v_op IN SELECT value FROM jsonb_array_elements(p_batch->'periodOps') LOOP
      IF v_op->>'op' = 'close' THEN
        v_closed := v_op->>'month';
        IF v_reopened = v_closed THEN v_reopened := NULL; END IF;
        INSERT INTO lumbung.periods AS pe (book_id, month, status, changed_seq) VALUES (p_book, v_op->>'month', 'CLOSED', (v_op->>'seq')::bigint)
          ON CONFLICT (book_id, month) DO UPDATE SET status = 'CLOSED', changed_seq = EXCLUDED.changed_seq;
      ELSE
        v_closed := CASE WHEN v_op->>'month' = v_start_month THEN NULL ELSE v_op->>'previousMonth' END;
        v_reopened := v_op->>'month';
        INSERT INTO lumbung.periods AS pe (book_id, month, status, changed_seq) VALUES (p_book, v_op->>'month', 'REOPENED', (v_op->>'seq')::bigint)
          ON CONFLICT (book_id, month) DO UPDATE SET status = 'REOPENED', changed_seq = EXCLUDED.changed_seq;
      END IF;
    END LOOP;
  END IF;

  IF p_batch ? 'identities' THEN
    INSERT INTO lumbung.identities AS t (book_id, member_no, nik, name, address, phone, salt, redacted)
    SELECT p_book, r."memberNo", r.nik, r.name, r.address, r.phone, r.salt, false
      FROM jsonb_to_recordset(p_batch->'identities') AS r("memberNo" text, nik text, name text, address text, phone text, salt text)
    ON CONFLICT (book_id, member_no) DO UPDATE
      SET nik = EXCLUDED.nik, name = EXCLUDED.name, address = EXCLUDED.address, phone = EXCLUDED.phone, salt = EXCLUDED.salt, redacted = false;
  END IF;

  IF p_batch ? 'periodOps' THEN
    UPDATE lumbung.books SET closed_through = v_closed, reopened_month = v_reopened WHERE book_id = p_book;
  END IF;
  RETURN coalesce((p_batch->'head'->>'seq')::bigint, p_expected);
END
$fn$`;

/** Brings the loan tables in step with a batch's loan operations, in order. */
export const LOAN_PROJECTION_FUNCTION = `
CREATE FUNCTION lumbung.project_loans(p_book text, p_ops jsonb) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_op jsonb;
  v_a jsonb;
BEGIN
  FOR v_op IN SELECT value FROM jsonb_array_elements(p_ops) LOOP
    CASE v_op->>'op'
    WHEN 'product' THEN
      INSERT INTO lumbung.loan_products (book_id, code, name, method, terms)
      VALUES (p_book, v_op->'product'->>'code', v_op->'product'->>'name', v_op->'product'->>'method', v_op->'product');
    WHEN 'disburse' THEN
      INSERT INTO lumbung.loans (book_id, loan_id, member_no, product, principal, disbursed_on, status, outstanding)
      VALUES (p_book, v_op->>'loanId', v_op->>'memberNo', v_op->>'product', (v_op->>'principal')::bigint, (v_op->>'date')::date, 'active', (v_op->>'principal')::bigint);
      INSERT INTO lumbung.loan_instalments (book_id, loan_id, number, due_date, principal, interest)
      SELECT p_book, v_op->>'loanId', i.number, i."dueDate", i."principalMinor", i."interestMinor"
        FROM jsonb_to_recordset(v_op->'schedule') AS i(number smallint, "dueDate" date, "principalMinor" bigint, "interestMinor" bigint);
    WHEN 'repay', 'settle' THEN
      FOR v_a IN SELECT value FROM jsonb_array_elements(coalesce(v_op->'waived', '[]'::jsonb)) LOOP
        UPDATE lumbung.loan_instalments SET waived_interest = waived_interest + (v_a->>'amountMinor')::bigint
         WHERE book_id = p_book AND loan_id = v_op->>'loanId' AND number = (v_a->>'number')::smallint;
      END LOOP;
      FOR v_a IN SELECT value FROM jsonb_array_elements(v_op->'allocations') LOOP
        UPDATE lumbung.loan_instalments
           SET paid_principal = paid_principal + (v_a->>'pokokMinor')::bigint,
               paid_interest = paid_interest + (v_a->>'jasaMinor')::bigint,
               paid_denda = paid_denda + (v_a->>'dendaMinor')::bigint
         WHERE book_id = p_book AND loan_id = v_op->>'loanId' AND number = (v_a->>'number')::smallint;
      END LOOP;
      UPDATE lumbung.loans l
         SET outstanding = (SELECT sum(principal - paid_principal) FROM lumbung.loan_instalments i WHERE i.book_id = p_book AND i.loan_id = l.loan_id),
             status = CASE WHEN EXISTS (SELECT 1 FROM lumbung.loan_instalments i WHERE i.book_id = p_book AND i.loan_id = l.loan_id
                                          AND (i.paid_principal < i.principal OR i.paid_interest < i.interest - i.waived_interest)) THEN l.status ELSE 'closed' END
       WHERE l.book_id = p_book AND l.loan_id = v_op->>'loanId';
    WHEN 'reschedule' THEN
      DELETE FROM lumbung.loan_instalments WHERE book_id = p_book AND loan_id = v_op->>'loanId' AND number > (v_op->>'keep')::int;
      UPDATE lumbung.loan_instalments SET principal = paid_principal WHERE book_id = p_book AND loan_id = v_op->>'loanId';
      INSERT INTO lumbung.loan_instalments (book_id, loan_id, number, due_date, principal, interest)
      SELECT p_book, v_op->>'loanId', i.number, i."dueDate", i."principalMinor", i."interestMinor"
        FROM jsonb_to_recordset(v_op->'schedule') AS i(number smallint, "dueDate" date, "principalMinor" bigint, "interestMinor" bigint);
    WHEN 'accrue' THEN
      UPDATE lumbung.loan_instalments i SET accrued_interest = i.accrued_interest + a."amountMinor"
        FROM jsonb_to_recordset(v_op->'accruals') AS a(number smallint, "amountMinor" bigint)
       WHERE i.book_id = p_book AND i.loan_id = v_op->>'loanId' AND i.number = a.number;
    WHEN 'allowance' THEN
      UPDATE lumbung.loans SET allowance = allowance + (v_op->>'delta')::bigint, kolektibilitas = v_op->>'kolektibilitas'
       WHERE book_id = p_book AND loan_id = v_op->>'loanId';
    WHEN 'writeoff' THEN
      UPDATE lumbung.loans SET status = 'written-off', allowance = allowance - (v_op->>'fromAllowance')::bigint
       WHERE book_id = p_book AND loan_id = v_op->>'loanId';
    ELSE
      NULL;
    END CASE;
  END LOOP;
END
$fn$`;

/**
 * Each later version of the append function is the one before with a block inserted before an
 * anchor (most before the periods' update at its end); `anchor` must be in `fn`. A migration's text
 * never changes once released: a new projection is a new version, in a new migration.
 */
function insertBefore(fn: string, anchor: string, block: string): string {
  if (!fn.includes(anchor)) throw new Error(`append function: no place for ${block.trim().slice(0, 40)}…`);
  return fn.replace(anchor, `${block}${anchor}`);
}
const BEFORE_PERIODS = "  IF p_batch ? 'periodOps' THEN\n    UPDATE lumbung.books";

/** Version 3 of the append function: the same, and the loan tables kept in step. */
export const APPEND_FUNCTION_WITH_LOANS = insertBefore(
  APPEND_FUNCTION.replace("CREATE FUNCTION lumbung.append", "CREATE OR REPLACE FUNCTION lumbung.append"),
  BEFORE_PERIODS,
  "  IF p_batch ? 'loanOps' THEN\n    PERFORM lumbung.project_loans(p_book, p_batch->'loanOps');\n  END IF;\n",
);

/**
 * Brings `shop_items` in step with a batch's shop operations, in order: items added, stock moved
 * (quantity and value at cost, signed), and stock counted (the quantity set, the value moved).
 */
export const SHOP_PROJECTION_FUNCTION = `
CREATE FUNCTION lumbung.project_shop(p_book text, p_ops jsonb) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_op jsonb;
BEGIN
  FOR v_op IN SELECT value FROM jsonb_array_elements(p_ops) LOOP
    CASE v_op->>'op'
    WHEN 'item' THEN
      INSERT INTO lumbung.shop_items (book_id, code, name, unit, quantity_scale)
      VALUES (p_book, v_op->>'code', v_op->>'name', v_op->>'unit', (v_op->>'scale')::smallint);
    WHEN 'move' THEN
      UPDATE lumbung.shop_items
         SET quantity = quantity + (v_op->>'quantity')::bigint, value = value + (v_op->>'value')::bigint
       WHERE book_id = p_book AND code = v_op->>'item';
    WHEN 'count' THEN
      UPDATE lumbung.shop_items
         SET quantity = (v_op->>'quantity')::bigint, value = value + (v_op->>'value')::bigint
       WHERE book_id = p_book AND code = v_op->>'item';
    ELSE
      NULL;
    END CASE;
  END LOOP;
END
$fn$`;

/** Version 4 of the append function: the same, and the shop's items and stock kept in step. */
export const APPEND_FUNCTION_WITH_SHOP = insertBefore(
  APPEND_FUNCTION_WITH_LOANS,
  BEFORE_PERIODS,
  "  IF p_batch ? 'shopOps' THEN\n    PERFORM lumbung.project_shop(p_book, p_batch->'shopOps');\n  END IF;\n",
);

/**
 * Brings the closing projections in step with a batch: the open years' Pendapatan and Beban
 * balances per unit and party (`profit_loss`, only accounts of those kinds), the members' yearly
 * capital and usage (`member_usage`; loan interest is credited to the loan's member), the closed
 * years (`year_closings`) and the SHU shares (`shu_shares`). Runs after the loan projection, so a
 * loan disbursed in the same batch is known.
 */
export const CLOSING_PROJECTION_FUNCTION = `
CREATE FUNCTION lumbung.project_closing(p_book text, p_batch jsonb) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_op jsonb;
BEGIN
  IF p_batch ? 'plDeltas' THEN
    INSERT INTO lumbung.profit_loss AS t (book_id, year, account, unit, party, balance)
    SELECT p_book, d.year, d.account, d.unit, d.party, d.delta
      FROM jsonb_to_recordset(p_batch->'plDeltas') AS d(year text, account text, unit text, party text, delta bigint)
      JOIN lumbung.accounts a ON a.book_id = p_book AND a.code = d.account AND a.kind IN ('pendapatan', 'beban')
    ON CONFLICT (book_id, year, account, unit, party) DO UPDATE SET balance = t.balance + EXCLUDED.balance;
  END IF;
  IF p_batch ? 'usageDeltas' THEN
    INSERT INTO lumbung.member_usage AS t (book_id, year, member_no, capital_net, capital_weight, sukarela_net, sukarela_weight, purchases, interest_paid)
    SELECT p_book, u.year, u.member_no, sum(u."capitalNet"), sum(u."capitalWeight"), sum(u."sukarelaNet"), sum(u."sukarelaWeight"),
           sum(u.purchases), sum(u."interestPaid")
      FROM (SELECT d.*, coalesce(d."memberNo", (SELECT l.member_no FROM lumbung.loans l WHERE l.book_id = p_book AND l.loan_id = d."loanId")) AS member_no
              FROM jsonb_to_recordset(p_batch->'usageDeltas')
                AS d(year text, "memberNo" text, "loanId" text, "capitalNet" bigint, "capitalWeight" bigint, "sukarelaNet" bigint,
                     "sukarelaWeight" bigint, purchases bigint, "interestPaid" bigint)) u
     GROUP BY u.year, u.member_no
    ON CONFLICT (book_id, year, member_no) DO UPDATE
      SET capital_net = t.capital_net + EXCLUDED.capital_net, capital_weight = t.capital_weight + EXCLUDED.capital_weight,
          sukarela_net = t.sukarela_net + EXCLUDED.sukarela_net, sukarela_weight = t.sukarela_weight + EXCLUDED.sukarela_weight,
          purchases = t.purchases + EXCLUDED.purchases, interest_paid = t.interest_paid + EXCLUDED.interest_paid;
  END IF;
  IF p_batch ? 'closingOps' THEN
    FOR v_op IN SELECT value FROM jsonb_array_elements(p_batch->'closingOps') LOOP
      CASE v_op->>'op'
      WHEN 'year' THEN
        INSERT INTO lumbung.year_closings (book_id, year, member_shu, non_member_shu, income_tax, units, closed_seq)
        VALUES (p_book, v_op->>'year', (v_op->>'member')::bigint, (v_op->>'nonMember')::bigint, (v_op->>'tax')::bigint, v_op->'units', (v_op->>'seq')::bigint);
        DELETE FROM lumbung.profit_loss WHERE book_id = p_book AND year = v_op->>'year';
      WHEN 'reopen' THEN
        DELETE FROM lumbung.year_closings WHERE book_id = p_book AND year = v_op->>'year';
      WHEN 'distribute' THEN
        UPDATE lumbung.year_closings SET distributed_on = (v_op->>'date')::date, distribution_seq = (v_op->>'seq')::bigint, pools = v_op->'pools'
         WHERE book_id = p_book AND year = v_op->>'year';
        DELETE FROM lumbung.member_usage WHERE book_id = p_book AND year = v_op->>'year';
      WHEN 'share' THEN
        INSERT INTO lumbung.shu_shares (book_id, year, member_no, capital_basis, jasa_modal, jasa_usaha, total, withheld, payout)
        VALUES (p_book, v_op->>'year', v_op->>'memberNo', (v_op->>'capital')::numeric, (v_op->>'jasaModal')::bigint, (v_op->>'jasaUsaha')::bigint,
                (v_op->>'total')::bigint, (v_op->>'withheld')::bigint, v_op->>'payout');
      ELSE
        NULL;
      END CASE;
    END LOOP;
  END IF;
END
$fn$`;

/**
 * The month close's fold of sukarela moves also counts them into each member's yearly usage (their
 * rupiah-days to the year's end), except for a year whose SHU is already distributed.
 */
const SUKARELA_USAGE_AT_FOLD = `    INSERT INTO lumbung.member_usage AS t (book_id, year, member_no, capital_net, capital_weight, sukarela_net, sukarela_weight, purchases, interest_paid)
    SELECT p_book, f.year, f.member_no, 0, 0, -sum(f.posted), -sum(f.posted * f.days), 0, 0
      FROM (SELECT v.member_no, v.posted, to_char(v.business_date, 'YYYY') AS year,
                   (make_date(extract(year FROM v.business_date)::int, 12, 31) - v.business_date) + 1 AS days
              FROM lumbung.sukarela_moves v
             WHERE v.book_id = p_book AND v.business_date <= (p_batch->>'foldThrough')::date) f
     WHERE NOT EXISTS (SELECT 1 FROM lumbung.year_closings c WHERE c.book_id = p_book AND c.year = f.year AND c.distributed_on IS NOT NULL)
     GROUP BY f.year, f.member_no
    ON CONFLICT (book_id, year, member_no) DO UPDATE
      SET sukarela_net = t.sukarela_net + EXCLUDED.sukarela_net, sukarela_weight = t.sukarela_weight + EXCLUDED.sukarela_weight;
`;

/** Version 5 of the append function: the same, and the closing projections kept in step. */
const withClosing = (): string =>
  insertBefore(
    insertBefore(
      APPEND_FUNCTION_WITH_SHOP,
      BEFORE_PERIODS,
      "  IF p_batch ? 'plDeltas' OR p_batch ? 'usageDeltas' OR p_batch ? 'closingOps' THEN\n    PERFORM lumbung.project_closing(p_book, p_batch);\n  END IF;\n",
    ),
    "    UPDATE lumbung.members m SET sukarela_base = m.sukarela_base - f.posted",
    SUKARELA_USAGE_AT_FOLD,
  );
export const APPEND_FUNCTION_WITH_CLOSING = withClosing();

/** Replaces `from` in `fn` with `to`; `from` must be in `fn` exactly once. */
function replaceOnce(fn: string, from: string, to: string): string {
  const at = fn.indexOf(from);
  if (at < 0 || fn.indexOf(from, at + 1) >= 0) throw new Error(`append function: not exactly one ${from.trim().slice(0, 40)}…`);
  return `${fn.slice(0, at)}${to}${fn.slice(at + from.length)}`;
}

const KEYED_ACCOUNT_BALANCES = `  account_balances AS (
    UPDATE lumbung.accounts a
       SET balance = a.balance + (p_batch->'accountDeltas'->a.code->>'delta')::bigint,
           posting_count = a.posting_count + (p_batch->'accountDeltas'->a.code->>'count')::bigint
     WHERE a.book_id = p_book AND a.code = ANY (ARRAY(SELECT jsonb_object_keys(p_batch->'accountDeltas')))
    RETURNING 1),
`;
const KEYED_MEMBER_SAVINGS = `  member_savings AS (
    UPDATE lumbung.members m
       SET pokok = m.pokok + (p_batch->'memberDeltas'->m.member_no->>'pokok')::bigint,
           wajib = m.wajib + (p_batch->'memberDeltas'->m.member_no->>'wajib')::bigint,
           sukarela = m.sukarela + (p_batch->'memberDeltas'->m.member_no->>'sukarela')::bigint,
           wajib_paid = m.wajib_paid + (p_batch->'memberDeltas'->m.member_no->>'wajibPaid')::bigint,
           sukarela_latest_date = GREATEST(m.sukarela_latest_date, (p_batch->'memberDeltas'->m.member_no->>'latestDate')::date)
     WHERE m.book_id = p_book AND m.member_no = ANY (ARRAY(SELECT jsonb_object_keys(p_batch->'memberDeltas')))
    RETURNING 1),
`;

/**
 * The head moves exactly over the events written: from the expected head to the batch's new head,
 * one event per number, none missing, and the head's hash is the last event's. A batch that moves
 * the head without its events (or brings events the head does not cover) is refused and nothing is
 * written.
 */
const HEAD_MATCHES_EVENTS = `  IF v_count <> v_new_head - p_expected OR (v_count > 0 AND (v_first <> p_expected + 1 OR v_last <> v_new_head)) THEN
    RAISE EXCEPTION 'lumbung: the batch moves the head of book % from % to %, but brings % events (% to %)',
      p_book, p_expected, v_new_head, v_count, coalesce(v_first::text, '-'), coalesce(v_last::text, '-') USING ERRCODE = '23514';
  END IF;
  IF v_count > 0 AND v_last_hash IS DISTINCT FROM p_batch->'head'->>'hash' THEN
    RAISE EXCEPTION 'lumbung: the batch sets the head hash of book % to %, but event % has hash %', p_book, p_batch->'head'->>'hash', v_last, v_last_hash
      USING ERRCODE = '23514';
  END IF;
`;

/**
 * A batch built for version 5 carried its events, postings and sukarela moves inside the jsonb: an
 * older @lumbung/postgres still running against a migrated database is told so.
 */
const NO_OLD_BATCH = `  IF p_batch ?| ARRAY['events', 'postings', 'moves'] THEN
    RAISE EXCEPTION 'lumbung: this batch was built for an older schema (events inside the batch); upgrade @lumbung/postgres'
      USING ERRCODE = '22023';
  END IF;
`;

/**
 * Version 6 of the append function: the same work, planned once and fed cheaply. Three things made
 * the append slow, and slower as a book or a batch grows:
 * - plpgsql re-planned its big statement on every call (custom plans: the planner judged the generic
 *   one dearer), which cost more than running it; `plan_cache_mode = force_generic_plan` keeps one
 *   plan per session (nested projection functions inherit the setting for the call);
 * - the planner takes any `jsonb_to_recordset` for 100 rows, so it joined the batch's deltas to the
 *   book's accounts and members by reading all of the book's rows (every member of the book for one
 *   deposit). The account and member deltas now come keyed by code and member number, and the
 *   updates find their rows through the primary key (`= ANY` of the batch's keys), reading only them;
 * - the whole batch was parsed into jsonb before the call. The bulk of a batch, its events, postings
 *   and sukarela moves, now comes as three `json` arguments read once each by `json_to_recordset`
 *   (a batch of 1,000 deposits: 26.5 → 20.9 ms in the function); the small rest stays `jsonb`. An
 *   absent part is NULL.
 * It also refuses a batch whose new head does not match the events it brings, and a batch built
 * for version 5. The signature changes, so the version before is dropped first (ensureAppRole grants
 * this one).
 */
export const APPEND_FUNCTION_PLANNED = [
  [
    "CREATE OR REPLACE FUNCTION lumbung.append(p_book text, p_expected bigint, p_batch jsonb) RETURNS bigint\nLANGUAGE plpgsql AS $fn$",
    "CREATE FUNCTION lumbung.append(p_book text, p_expected bigint, p_batch jsonb,\n" +
      "  p_events json DEFAULT NULL, p_postings json DEFAULT NULL, p_moves json DEFAULT NULL) RETURNS bigint\n" +
      "LANGUAGE plpgsql\nSET plan_cache_mode = force_generic_plan\nAS $fn$",
  ],
  ["FROM jsonb_to_recordset(p_batch->'events')", "FROM json_to_recordset(p_events)"],
  ["FROM jsonb_to_recordset(p_batch->'postings')", "FROM json_to_recordset(p_postings)"],
  ["FROM jsonb_to_recordset(p_batch->'moves')", "FROM json_to_recordset(p_moves)"],
  [JOINED_ACCOUNT_BALANCES, KEYED_ACCOUNT_BALANCES],
  [JOINED_MEMBER_SAVINGS, KEYED_MEMBER_SAVINGS],
  [
    '             "cmdDigest" text, "cmdEvents" smallint)\n    RETURNING 1),',
    '             "cmdDigest" text, "cmdEvents" smallint)\n    RETURNING seq, hash),',
  ],
  [
    "  v_count bigint;\n",
    "  v_count bigint;\n  v_first bigint;\n  v_last bigint;\n  v_last_hash text;\n  v_new_head bigint := coalesce((p_batch->'head'->>'seq')::bigint, p_expected);\n",
  ],
  [
    "  SELECT (SELECT count(*) FROM new_events) INTO v_count;\n",
    `  SELECT count(*), min(seq), max(seq), (array_agg(encode(hash, 'hex') ORDER BY seq DESC))[1]\n    INTO v_count, v_first, v_last, v_last_hash FROM new_events;\n${HEAD_MATCHES_EVENTS}`,
  ],
  ["  IF p_expected = 0 AND p_batch ? 'config' THEN", `${NO_OLD_BATCH}  IF p_expected = 0 AND p_batch ? 'config' THEN`],
].reduce((fn, [from, to]) => replaceOnce(fn, from as string, to as string), APPEND_FUNCTION_WITH_CLOSING);

/** The signature of the append function since version 6 (for grants). */
export const APPEND_SIGNATURE = "lumbung.append(text, bigint, jsonb, json, json, json)";

/**
 * Version 2 of the closing projection: the profit-and-loss rows check each account's kind by its
 * primary key instead of joining the book's whole chart (same reason as version 6 of the append).
 */
export const CLOSING_PROJECTION_FUNCTION_KEYED = replaceOnce(
  replaceOnce(CLOSING_PROJECTION_FUNCTION, "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
  `      FROM jsonb_to_recordset(p_batch->'plDeltas') AS d(year text, account text, unit text, party text, delta bigint)
      JOIN lumbung.accounts a ON a.book_id = p_book AND a.code = d.account AND a.kind IN ('pendapatan', 'beban')
`,
  `      FROM jsonb_to_recordset(p_batch->'plDeltas') AS d(year text, account text, unit text, party text, delta bigint)
     WHERE (SELECT a.kind FROM lumbung.accounts a WHERE a.book_id = p_book AND a.code = d.account) IN ('pendapatan', 'beban')
`,
);

/**
 * Version 7 of the append function: the batch's events must chain onto the head. The first event's
 * `prevHash` must be the head's hash (the genesis hash, 64 zeros, on an empty book) and each next
 * event's the hash of the one before; otherwise nothing is written (SQLSTATE 23514). The batch names
 * its first event's `prevHash` beside the new head, so the head's row is matched on it in the same
 * update that locks it (no statement more), and the events as inserted are then held to that claim.
 * Before, a batch that started a chain of its own on top of the head was accepted as long as its
 * sequence numbers followed on; only `verify` found it afterwards.
 */
export const APPEND_FUNCTION_CHAINED = [
  ["CREATE FUNCTION lumbung.append(", "CREATE OR REPLACE FUNCTION lumbung.append("],
  ["  v_last_hash text;\n", "  v_last_hash text;\n  v_head_hash text;\n  v_first_prev text;\n  v_chained boolean;\n"],
  [
    "   WHERE book_id = p_book AND head_seq = p_expected AND (p_expected > 0 OR p_batch ? 'config')\n",
    "   WHERE book_id = p_book AND head_seq = p_expected AND (p_expected > 0 OR p_batch ? 'config')\n" +
      "     AND (p_events IS NULL OR coalesce(nullif(head_hash, ''), repeat('0', 64)) = p_batch->'head'->>'prevHash')\n",
  ],
  [
    "    SELECT head_seq INTO v_head FROM lumbung.books WHERE book_id = p_book;\n",
    "    SELECT head_seq, coalesce(nullif(head_hash, ''), repeat('0', 64)) INTO v_head, v_head_hash FROM lumbung.books WHERE book_id = p_book;\n" +
      "    IF v_head = p_expected AND (p_expected > 0 OR p_batch ? 'config') THEN\n" +
      "      RAISE EXCEPTION 'lumbung: the batch''s first event follows hash %, but the head of book % (seq %) has hash %',\n" +
      "        p_batch->'head'->>'prevHash', p_book, v_head, v_head_hash USING ERRCODE = '23514';\n" +
      "    END IF;\n",
  ],
  [
    '             "cmdDigest" text, "cmdEvents" smallint)\n    RETURNING seq, hash),',
    '             "cmdDigest" text, "cmdEvents" smallint)\n    RETURNING seq, hash, prev_hash),',
  ],
  [
    "  SELECT count(*), min(seq), max(seq), (array_agg(encode(hash, 'hex') ORDER BY seq DESC))[1]\n    INTO v_count, v_first, v_last, v_last_hash FROM new_events;\n",
    // No sort: the first and the last event are the ones numbered after the expected and the new head
    // (the check after it holds the numbers to that), and every later event's link must be the hash
    // of an event numbered one before it.
    "  SELECT count(*), min(seq), max(seq), min(encode(hash, 'hex')) FILTER (WHERE seq = v_new_head),\n" +
      "         min(encode(prev_hash, 'hex')) FILTER (WHERE seq = p_expected + 1),\n" +
      "         NOT EXISTS (SELECT seq, prev_hash FROM new_events WHERE seq > p_expected + 1\n" +
      "                     EXCEPT SELECT seq + 1, hash FROM new_events)\n" +
      "    INTO v_count, v_first, v_last, v_last_hash, v_first_prev, v_chained FROM new_events;\n",
  ],
  [
    HEAD_MATCHES_EVENTS,
    `${HEAD_MATCHES_EVENTS}  IF v_count > 0 AND (v_first_prev IS DISTINCT FROM p_batch->'head'->>'prevHash' OR NOT v_chained) THEN
    RAISE EXCEPTION 'lumbung: the events of the batch for book % do not chain: event % follows hash %, not the head''s %, or a later event does not follow the one before',
      p_book, v_first, v_first_prev, p_batch->'head'->>'prevHash' USING ERRCODE = '23514';
  END IF;
`,
  ],
  [
    NO_OLD_BATCH,
    `${NO_OLD_BATCH}  IF p_events IS NOT NULL AND NOT coalesce(p_batch->'head' ? 'prevHash', false) THEN
    RAISE EXCEPTION 'lumbung: this batch does not name the hash its first event follows; upgrade @lumbung/postgres'
      USING ERRCODE = '22023';
  END IF;
`,
  ],
].reduce((fn, [from, to]) => replaceOnce(fn, from as string, to as string), APPEND_FUNCTION_PLANNED);
