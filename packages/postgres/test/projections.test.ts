/** The projections an app builder queries with SQL stay equal to the engine's state. */
import { type BookState, fixedAssetRegister, makeExecutor, outstandingPrincipal, readAll, timeDepositRegister } from "@lumbung/core";
import { Effect } from "effect";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identity } from "../../core/test/helpers.js";
import { type LedgerDatabase, openPGlite, openServer } from "../src/index.js";
import { scenario as everyEventType } from "./conformance.js";
import { freshDatabase } from "./helpers.js";

const book = "kop-p";

const scenario = async (ledger: LedgerDatabase) => {
  let today = "2026-01-20";
  const executor = makeExecutor({ store: ledger.store, clock: { now: () => new Date(`${today}T05:00:00Z`) } });
  const run = (command: unknown) => Effect.runPromise(executor.execute(book, [command]));
  await run({ type: "OpenBook", bookId: book, name: "P", startDate: "2026-01-01" });
  await run({ type: "RegisterMember", memberNo: "A001", date: "2026-01-02", identity: identity(1) });
  await run({ type: "RegisterMember", memberNo: "A002", date: "2026-01-02", identity: identity(2) });
  await run({ type: "DepositSukarela", memberNo: "A001", date: "2026-01-03", amount: "250000" });
  await run({
    type: "CreateLoanProduct",
    code: "MEN",
    name: "Menurun",
    method: "menurun",
    ratePerYear: "0.24",
    termMax: 12,
    penaltyRatePerDay: "0.001",
  });
  await run({
    type: "DisburseLoan",
    loanId: "P-1",
    memberNo: "A001",
    product: "MEN",
    principal: "1200000",
    instalments: 6,
    date: "2026-01-04",
  });
  await run({
    type: "DisburseLoan",
    loanId: "P-2",
    memberNo: "A002",
    product: "MEN",
    principal: "600000",
    instalments: 3,
    date: "2026-01-04",
  });
  today = "2026-03-10";
  await run({ type: "CloseMonth", month: "2026-01" });
  await run({ type: "RepayLoan", loanId: "P-1", amount: "224000", date: "2026-02-04" });
  await run({ type: "CloseMonth", month: "2026-02" });
  await run({ type: "RepayLoan", loanId: "P-2", amount: "630356", date: "2026-03-05" });
  return (await Effect.runPromise(executor.state(book))) as BookState;
};

/** The shop's items and stock in SQL equal the engine's shop, item by item. */
const checkShop = async (ledger: LedgerDatabase, bookId: string) => {
  const { executor } = await everyEventType(ledger.store, bookId);
  // One batch moving one item several times, with a count between: the projection must follow it in order.
  await Effect.runPromise(
    executor.execute(bookId, [
      { type: "RecordSale", saleId: "S-B1", date: "2026-03-09", payment: "cash", lines: [{ item: "BERAS", quantity: "1" }] },
      { type: "RecordSale", saleId: "S-B2", date: "2026-03-09", payment: "cash", lines: [{ item: "BERAS", quantity: "2.25" }] },
      { type: "CountStock", item: "BERAS", date: "2026-03-09", counted: "60" },
      {
        type: "PurchaseStock",
        purchaseId: "B-B1",
        supplier: "BULOG",
        date: "2026-03-09",
        payment: "cash",
        lines: [{ item: "BERAS", quantity: "10", cost: "125000" }],
      },
      { type: "RecordSale", saleId: "S-B3", date: "2026-03-09", payment: "cash", lines: [{ item: "BERAS", quantity: "0.5" }] },
    ]),
  );
  const state = (await Effect.runPromise(executor.state(bookId))) as BookState;
  const rows = await ledger.db.transaction().execute(async (trx) => {
    await sql`select set_config('lumbung.book_id', ${bookId}, true)`.execute(trx);
    return (
      await sql<{ code: string; name: string; unit: string; quantity_scale: number; quantity: string; value: string }>`
        select code, name, unit, quantity_scale, quantity, value from lumbung.shop_items order by code`.execute(trx)
    ).rows;
  });
  expect(rows.length).toBeGreaterThan(0);
  expect(rows).toEqual(
    [...state.shop.items.values()]
      .sort((a, b) => (a.def.code < b.def.code ? -1 : 1))
      .map((i) => ({
        code: i.def.code,
        name: i.def.name,
        unit: i.def.unit,
        quantity_scale: i.def.quantityScale,
        quantity: i.quantity.toString(),
        value: i.valueMinor.toString(),
      })),
  );
  // The stock's value in SQL is the Persediaan control account.
  const total = rows.reduce((sum, r) => sum + BigInt(r.value), 0n);
  expect(total).toBe(state.accounts.get("1401")?.balanceMinor ?? 0n);
};

/**
 * The fixed-asset view equals the engine's register, asset by asset, for the book set in the
 * transaction and for no other: the every-event-type book holds an opening asset depreciated every
 * month, one bought and disposed of, and a rack impaired and the loss reversed in part; a second
 * book's asset, impaired and then reversed, stays out of it.
 */
const checkFixedAssets = async (ledger: LedgerDatabase, bookId: string) => {
  const { executor } = await everyEventType(ledger.store, bookId);
  const other = `${bookId}-2`;
  await Effect.runPromise(
    executor.execute(other, [
      { type: "OpenBook", bookId: other, name: "Q", startDate: "2026-01-01" },
      {
        type: "AddFixedAsset",
        assetId: "KIOS",
        name: "Kios lain",
        date: "2026-01-05",
        cost: "1000000",
        residual: "100000",
        lifeMonths: 10,
      },
      // Impaired below its residual value: the residual comes down to 50.000 and nothing is left to depreciate.
      { type: "ImpairFixedAsset", assetId: "KIOS", date: "2026-01-06", recoverable: "50000", reason: "terbakar" },
    ]),
  );
  const state = (await Effect.runPromise(executor.state(bookId))) as BookState;
  const read = (book: string) =>
    ledger.db.transaction().execute(async (trx) => {
      await sql`select set_config('lumbung.book_id', ${book}, true)`.execute(trx);
      return (
        await sql<Record<string, unknown>>`
          select book_id, asset_id, name, unit, acquired_on::text, cost::text, residual::text, months, months_done,
                 accumulated::text, book_value::text, depreciated_through, disposed_on::text, proceeds::text, method, life_months, impaired::text
            from lumbung.fixed_assets order by added_seq`.execute(trx)
      ).rows;
    });
  const rows = await read(bookId);
  const disposals = new Map(
    (await Effect.runPromise(readAll(ledger.store, bookId)))
      .filter((e) => e.type === "FixedAssetDisposed")
      .map((e) => [(e.data as { assetId: string }).assetId, (e.data as { proceedsMinor: bigint }).proceedsMinor]),
  );
  const registerRows = (of: BookState, book: string) =>
    fixedAssetRegister(of).rows.map((r) => ({
      book_id: book,
      asset_id: r.assetId,
      name: r.name,
      unit: r.unit,
      acquired_on: r.acquiredOn,
      cost: r.costMinor.toString(),
      residual: r.residualMinor.toString(),
      months: r.months,
      months_done: r.monthsDone,
      accumulated: r.accumulatedMinor.toString(),
      book_value: r.bookValueMinor.toString(),
      depreciated_through: r.depreciatedThrough ?? null,
      disposed_on: r.disposedOn ?? null,
      proceeds: disposals.get(r.assetId)?.toString() ?? null,
      method: r.method,
      life_months: r.lifeMonths ?? null,
      impaired: r.impairedMinor.toString(),
    }));
  expect(rows).toEqual(registerRows(state, bookId));
  // The rack entered twice (the first cancelled) is one row, the second entry's, impaired by 150.000 and 100.000 of it reversed.
  expect(rows.map((r) => [r.asset_id, r.cost, r.method, r.life_months, r.impaired])).toEqual([
    ["KIOS", "2400000", "garis-lurus", null, "0"],
    ["TIMBANGAN", "600000", "garis-lurus", null, "0"],
    ["RAK", "450000", "saldo-menurun", 24, "50000"],
  ]);
  const others = await read(other);
  expect(others.map((r) => [r.book_id, r.name])).toEqual([[other, "Kios lain"]]);
  expect(others).toEqual(registerRows((await Effect.runPromise(executor.state(other))) as BookState, other));
  expect(others.map((r) => [r.residual, r.months, r.accumulated, r.book_value, r.impaired])).toEqual([
    ["50000", 0, "950000", "50000", "950000"],
  ]);
  // Its value back to 600.000 the next day: the residual value and the schedule's months as it came in.
  await Effect.runPromise(
    executor.execute(other, [
      { type: "ReverseFixedAssetImpairment", assetId: "KIOS", date: "2026-01-07", recoverable: "600000", reason: "diperbaiki" },
    ]),
  );
  const reversed = await read(other);
  expect(reversed).toEqual(registerRows((await Effect.runPromise(executor.state(other))) as BookState, other));
  expect(reversed.map((r) => [r.residual, r.months, r.accumulated, r.book_value, r.impaired])).toEqual([
    ["100000", 10, "400000", "600000", "400000"],
  ]);
  // Without a book set, the view shows nothing.
  expect((await sql`select * from lumbung.fixed_assets`.execute(ledger.db)).rows).toEqual([]);
};

/**
 * The time-deposit view equals the engine's register, deposit by deposit, for the book set in the
 * transaction only: the every-event-type book holds a deposit brought in at the opening that matured
 * into sukarela, one rolled over, and one taken out early with a penalty.
 */
const checkTimeDeposits = async (ledger: LedgerDatabase, bookId: string) => {
  const { executor } = await everyEventType(ledger.store, bookId);
  const other = `${bookId}-2`;
  await Effect.runPromise(
    executor.execute(other, [
      { type: "OpenBook", bookId: other, name: "Q", startDate: "2026-01-01" },
      { type: "RegisterMember", memberNo: "Q1", date: "2026-01-02", identity: identity(41) },
      {
        type: "PlaceTimeDeposit",
        depositId: "B-0",
        memberNo: "Q1",
        date: "2026-01-05",
        amount: "1000000",
        termMonths: 1,
        ratePerYear: "0.05",
        atMaturity: "rollover",
      },
      // The member agrees a lower rate for the next term, then, after it began, another for the one after.
      {
        type: "SetTimeDepositInstruction",
        depositId: "B-0",
        date: "2026-01-20",
        atMaturity: "rollover",
        rolloverRate: "0.04",
        rolloverTermMonths: 2,
      },
      { type: "CloseMonth", month: "2026-01" },
      { type: "CloseMonth", month: "2026-02" },
      {
        type: "SetTimeDepositInstruction",
        depositId: "B-0",
        date: "2026-03-02",
        atMaturity: "rollover",
        rolloverRate: "0.045",
        rolloverTermMonths: 3,
      },
      // And pledges it for a loan.
      { type: "CreateLoanProduct", code: "KUM", name: "Kredit", method: "flat", ratePerYear: "0.12", termMax: 12 },
      { type: "DisburseLoan", loanId: "L-1", memberNo: "Q1", product: "KUM", principal: "500000", instalments: 5, date: "2026-03-02" },
      { type: "PledgeTimeDeposit", depositId: "B-0", loanId: "L-1", date: "2026-03-03" },
    ]),
  );
  const read = (book: string) =>
    ledger.db.transaction().execute(async (trx) => {
      await sql`select set_config('lumbung.book_id', ${book}, true)`.execute(trx);
      return (
        await sql<Record<string, unknown>>`
          select book_id, deposit_id, member_no, principal::text, rate_per_year, term_months, day_count, placed_on::text,
                 term_start::text, matures_on::text, at_maturity, rollovers, status, ended_on::text, interest::text, tax::text,
                 accrued::text, rollover_rate, pledged_to, rollover_term_months
            from lumbung.time_deposits order by placed_seq`.execute(trx)
      ).rows;
    });
  const expectRegister = async (book: string) => {
    const rows = await read(book);
    const state = (await Effect.runPromise(executor.state(book))) as BookState;
    expect(rows).toEqual(
      timeDepositRegister(state).rows.map((r) => ({
        book_id: book,
        deposit_id: r.depositId,
        member_no: r.memberNo,
        principal: r.principalMinor.toString(),
        rate_per_year: r.ratePerYear,
        term_months: r.termMonths,
        day_count: r.dayCount,
        placed_on: r.placedOn,
        term_start: r.termStart,
        matures_on: r.maturesOn,
        at_maturity: r.atMaturity,
        rollovers: r.rollovers,
        status: r.status,
        ended_on: r.endedOn ?? null,
        interest: r.interestMinor.toString(),
        tax: r.taxMinor.toString(),
        accrued: r.accruedMinor.toString(),
        rollover_rate: r.rolloverRate ?? null,
        pledged_to: r.pledgedTo ?? null,
        rollover_term_months: r.rolloverTermMonths ?? null,
      })),
    );
    return rows;
  };
  expect((await expectRegister(bookId)).map((r) => [r.deposit_id, r.status])).toEqual([
    ["B-0", "matured"],
    ["B-1", "active"],
    ["B-2", "closed"],
  ]);
  // The other book's deposit, rolled over once at the new rate for two months, is in its own rows only, with
  // February's accrual at that rate: 23 of the 28 days from 5 February of 1.000.000 × 4% ÷ 12
  // (3.333), down; the rate and length agreed for its next term; and the loan it secures.
  expect(
    (await expectRegister(other)).map((r) => [
      r.book_id,
      r.deposit_id,
      r.member_no,
      r.rollovers,
      r.term_start,
      r.rate_per_year,
      r.accrued,
      r.rollover_rate,
      r.pledged_to,
      r.term_months,
      r.matures_on,
      r.rollover_term_months,
    ]),
  ).toEqual([[other, "B-0", "Q1", 1, "2026-02-05", "0.04", String((3333n * 23n) / 28n), "0.045", "L-1", 2, "2026-04-05", 3]]);
  // Without a book set, the view shows nothing.
  expect((await sql`select * from lumbung.time_deposits`.execute(ledger.db)).rows).toEqual([]);
};

const checkProjections = async (ledger: LedgerDatabase, state: BookState) => {
  const rows = await ledger.db.transaction().execute(async (trx) => {
    await sql`select set_config('lumbung.book_id', ${book}, true)`.execute(trx);
    const loans = await sql<{ loan_id: string; status: string; outstanding: string; allowance: string; kolektibilitas: string }>`
      select loan_id, status, outstanding, allowance, kolektibilitas from lumbung.loans order by loan_id`.execute(trx);
    const instalments = await sql<{
      loan_id: string;
      number: number;
      paid_principal: string;
      paid_interest: string;
      accrued_interest: string;
    }>`
      select loan_id, number, paid_principal, paid_interest, accrued_interest from lumbung.loan_instalments order by loan_id, number`.execute(
      trx,
    );
    const members = await sql<{
      member_no: string;
      sukarela: string;
      pokok: string;
    }>`select member_no, sukarela, pokok from lumbung.members order by member_no`.execute(trx);
    return { loans: loans.rows, instalments: instalments.rows, members: members.rows };
  });
  expect(rows.loans).toEqual(
    [...state.loans.loans.values()].map((l) => ({
      loan_id: l.loanId,
      status: l.status,
      outstanding: String(outstandingPrincipal(l)),
      allowance: String(l.allowanceMinor),
      kolektibilitas: l.kolektibilitas,
    })),
  );
  expect(rows.instalments).toEqual(
    [...state.loans.loans.values()].flatMap((l) =>
      l.schedule.map((i) => ({
        loan_id: l.loanId,
        number: i.number,
        paid_principal: String(i.paidPrincipalMinor),
        paid_interest: String(i.paidInterestMinor),
        accrued_interest: String(i.accruedInterestMinor),
      })),
    ),
  );
  expect(rows.members).toEqual([
    { member_no: "A001", sukarela: "250000", pokok: "100000" },
    { member_no: "A002", sukarela: "0", pokok: "100000" },
  ]);
};

/** The closed years, the SHU shares and the open year's profit and loss in SQL equal the engine's. */
const checkClosing = async (ledger: LedgerDatabase, bookId: string) => {
  const { executor } = await everyEventType(ledger.store, bookId, { closeYear: true });
  const state = (await Effect.runPromise(executor.state(bookId))) as BookState;
  const events = await Effect.runPromise(readAll(ledger.store, bookId));
  const rows = await ledger.db.transaction().execute(async (trx) => {
    await sql`select set_config('lumbung.book_id', ${bookId}, true)`.execute(trx);
    const years = await sql<{
      year: string;
      member_shu: string;
      non_member_shu: string;
      income_tax: string;
      distributed_on: string | null;
    }>`
      select year, member_shu, non_member_shu, income_tax, distributed_on::text as distributed_on from lumbung.year_closings order by year`.execute(
      trx,
    );
    const shares = await sql<{ member_no: string; jasa_modal: string; jasa_usaha: string; total: string; withheld: string }>`
      select member_no, jasa_modal, jasa_usaha, total, withheld from lumbung.shu_shares where year = '2026' order by member_no`.execute(
      trx,
    );
    const profitLoss = await sql<{ year: string; account: string; unit: string; party: string; balance: string }>`
      select year, account, unit, party, balance from lumbung.profit_loss where balance <> 0 order by year, account, unit, party`.execute(
      trx,
    );
    return { years: years.rows, shares: shares.rows, profitLoss: profitLoss.rows };
  });
  const record = state.closing.years.get("2026");
  expect(rows.years).toEqual([
    {
      year: "2026",
      member_shu: String(record?.memberShuMinor),
      non_member_shu: String(record?.nonMemberShuMinor),
      income_tax: String(record?.taxMinor),
      distributed_on: "2027-01-15",
    },
  ]);
  const allocated = events.filter((e) => e.type === "ShuShareAllocated");
  expect(rows.shares.length).toBeGreaterThan(0);
  expect(rows.shares).toEqual(
    allocated.map((e) => ({
      member_no: e.data.memberNo,
      jasa_modal: String(e.data.jasaModalMinor),
      jasa_usaha: String(e.data.jasaUsahaMinor),
      total: String(e.data.totalMinor),
      withheld: String(e.data.withheldMinor),
    })),
  );
  // The year after: its income and costs so far, per unit and party.
  expect(rows.profitLoss).toContainEqual({ year: "2027", account: "4901", unit: "TOKO", party: "nonanggota", balance: "-150000" });
  expect(rows.profitLoss).toEqual(
    [...state.closing.profitLoss].flatMap(([year, balances]) =>
      [...balances]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, balance]) => {
          const [account, unit, party] = key.split("|");
          return { year, account, unit, party, balance: String(balance) };
        }),
    ),
  );
};

describe("SQL projections for app builders", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let server: LedgerDatabase;
  let embedded: LedgerDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
    server = await openServer({ url: database.url });
    embedded = await openPGlite();
  });
  afterAll(async () => {
    await server?.close();
    await embedded?.close();
    await database?.drop();
  });

  it("on a PostgreSQL server: loans, instalments and members equal the engine's state", async () => {
    const state = await scenario(server);
    expect(state.loans.loans.get("P-2")?.status).toBe("closed");
    await checkProjections(server, state);
  });

  it("on PGlite: the same", async () => {
    await checkProjections(embedded, await scenario(embedded));
  });

  it("the closed years, the SHU shares and the open year's profit and loss, on a PostgreSQL server and on PGlite", async () => {
    await checkClosing(server, "kop-close");
    await checkClosing(embedded, "kop-close");
  });

  it("the fixed-asset register (a view over the log), on a PostgreSQL server and on PGlite, book by book", async () => {
    await checkFixedAssets(server, "kop-aset");
    await checkFixedAssets(embedded, "kop-aset");
  });

  it("the time-deposit register (a view over the log), on a PostgreSQL server and on PGlite, book by book", async () => {
    await checkTimeDeposits(server, "kop-berjangka");
    await checkTimeDeposits(embedded, "kop-berjangka");
  });

  it("the shop's items and stock (every shop event type), on a PostgreSQL server and on PGlite", async () => {
    await checkShop(server, "kop-shop");
    await checkShop(embedded, "kop-shop");
  });
});
