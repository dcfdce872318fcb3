import { Effect } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import { accountBalanceAt } from "../src/reports.js";
import {
  grossMargin,
  inventoryValuation,
  inventoryValuationReads,
  memberPurchases,
  receivableAging,
  stockCard,
  stockCardRead,
  stockCardSinceEvents,
} from "../src/retail/reports.js";
import { STOCK_MOVEMENT_TYPES } from "../src/retail/retail.js";
import { isSelected } from "../src/store.js";
import { replay } from "../src/verify.js";
import { snapshot } from "./helpers.js";
import { shopBook, stateOf } from "./shop.js";

const A = ACCOUNTS;

const busyMonth = async () => {
  const book = await shopBook();
  await book.run({ type: "RecordOpeningStock", item: "BERAS", date: "2026-01-01", quantity: "50", value: "600000" });
  await book.run({ type: "RecordOpeningReceivable", customer: "MBG-1", date: "2026-01-01", amount: "600000" });
  await book.run({ type: "RecordOpeningPayable", supplier: "BULOG", date: "2026-01-01", amount: "1200000" });
  await book.run({ type: "SetMemberCreditLimit", memberNo: "A001", date: "2026-01-02", limit: "100000" });
  await book.run({
    type: "PurchaseStock",
    purchaseId: "B-1",
    supplier: "BULOG",
    date: "2026-01-10",
    payment: "credit",
    lines: [
      { item: "BERAS", quantity: "100", cost: "1260000" },
      { item: "MINYAK", quantity: "40", cost: "640000" },
    ],
  });
  // Member: 10 kg at 13.500 = 135.000; cost 1.860.000 × 10/150 = 124.000.
  await book.run({
    type: "RecordSale",
    saleId: "S-1",
    date: "2026-01-12",
    memberNo: "A001",
    payment: "cash",
    lines: [{ item: "BERAS", quantity: "10" }],
  });
  // MBG: 40 kg at 14.000 = 560.000 less 10.000, and 10 pcs at 18.000 = 180.000; cost 496.000 and 160.000.
  await book.run({
    type: "RecordSale",
    saleId: "S-2",
    date: "2026-01-15",
    customer: "MBG-1",
    payment: "credit",
    lines: [
      { item: "BERAS", quantity: "40", discount: "10000" },
      { item: "MINYAK", quantity: "10" },
    ],
  });
  // Member on credit: 2 pcs at 18.000 = 36.000; cost 32.000.
  await book.run({
    type: "RecordSale",
    saleId: "S-3",
    date: "2026-02-20",
    memberNo: "A001",
    payment: "credit",
    lines: [{ item: "MINYAK", quantity: "2" }],
  });
  await book.run({ type: "CountStock", item: "BERAS", date: "2026-01-31", counted: "99.5" });
  await book.run({ type: "ReceivePayment", customer: "MBG-1", date: "2026-02-10", amount: "700000" });
  return book;
};

describe("shop reports", () => {
  it("stock card: opening from before the period, each movement with running quantity and value", async () => {
    const book = await busyMonth();
    const card = stockCard(await stateOf(book), book.events(), { item: "BERAS", from: "2026-01-05", to: "2026-01-31" });
    expect(card.opening).toEqual({ quantityUnits: 50_000n, valueMinor: 600_000n });
    expect(card.lines.map((l) => [l.date, l.reference, l.inUnits, l.outUnits, l.valueMinor, l.balanceUnits, l.balanceMinor])).toEqual([
      ["2026-01-10", "B-1", 100_000n, 0n, 1_260_000n, 150_000n, 1_860_000n],
      ["2026-01-12", "S-1", 0n, 10_000n, -124_000n, 140_000n, 1_736_000n],
      ["2026-01-15", "S-2", 0n, 40_000n, -496_000n, 100_000n, 1_240_000n],
      // Half a kilogram short at 12.400 a kg.
      ["2026-01-31", "stock opname", 0n, 500n, -6_200n, 99_500n, 1_233_800n],
    ]);
    expect(card.closing).toEqual({ quantityUnits: 99_500n, valueMinor: 1_233_800n });
    expect(card).toMatchObject({ name: "Beras medium", unit: "kg", quantityScale: 3 });
  });

  it("inventory valuation at any date equals the Persediaan control account", async () => {
    const book = await busyMonth();
    const state = await stateOf(book);
    const atEnd = inventoryValuation(state, book.events(), { asOf: "2026-02-28" });
    expect(atEnd.rows.map((r) => [r.item, r.quantityUnits, r.valueMinor])).toEqual([
      ["BERAS", 99_500n, 1_233_800n],
      ["MINYAK", 28n, 448_000n],
    ]);
    expect(atEnd.totalMinor).toBe(1_681_800n);
    expect(atEnd.controlMinor).toBe(atEnd.totalMinor);
    const early = inventoryValuation(state, book.events(), { asOf: "2026-01-11" });
    expect(early.rows.map((r) => [r.item, r.valueMinor])).toEqual([
      ["BERAS", 1_860_000n],
      ["MINYAK", 640_000n],
    ]);
    expect(early.controlMinor).toBe(2_500_000n);
    expect(inventoryValuation(state, book.events(), { asOf: "2025-12-31" })).toMatchObject({ rows: [], totalMinor: 0n, controlMinor: 0n });
  });

  it("receivable aging applies payments to the oldest charges and buckets the rest by age", async () => {
    const book = await busyMonth();
    const state = await stateOf(book);
    const aging = receivableAging(state, book.events(), { asOf: "2026-03-20" });
    // MBG owed 600.000 from 1 January and 730.000 from 15 January; 700.000 paid clears the first and 100.000 of the second.
    expect(aging.rows).toEqual([
      {
        buyer: "A001",
        name: "A001",
        member: true,
        balanceMinor: 36_000n,
        buckets: { "0-30": 36_000n, "31-60": 0n, "61-90": 0n, "91+": 0n },
        oldestOpen: "2026-02-20",
      },
      {
        buyer: "cust:MBG-1",
        name: "Dapur MBG Jatisampurna",
        member: false,
        balanceMinor: 630_000n,
        buckets: { "0-30": 0n, "31-60": 0n, "61-90": 630_000n, "91+": 0n },
        oldestOpen: "2026-01-15",
      },
    ]);
    expect(aging.totalMinor).toBe(666_000n);
    expect(aging.controlMinor).toBe(aging.totalMinor);
    expect(aging.totals["61-90"]).toBe(630_000n);
    // On 5 February, before the payment: 35 days since 1 January, 21 since 15 January.
    const february = receivableAging(state, book.events(), { asOf: "2026-02-05" });
    expect(february.rows.map((r) => [r.buyer, r.balanceMinor, r.buckets["0-30"], r.buckets["31-60"]])).toEqual([
      ["cust:MBG-1", 1_330_000n, 730_000n, 600_000n],
    ]);
  });

  it("member purchases and gross margin, split member and non-member, after discounts", async () => {
    const book = await busyMonth();
    expect(memberPurchases(book.events(), { from: "2026-01-01", to: "2026-12-31" })).toEqual({
      from: "2026-01-01",
      to: "2026-12-31",
      rows: [{ memberNo: "A001", sales: 2, amountMinor: 171_000n }],
      totalMinor: 171_000n,
    });
    expect(memberPurchases(book.events(), { from: "2026-02-01", to: "2026-02-28" }).totalMinor).toBe(36_000n);
    const margin = grossMargin(book.events(), { from: "2026-01-01", to: "2026-01-31" });
    expect(margin.anggota).toEqual({ salesMinor: 135_000n, discountMinor: 0n, costMinor: 124_000n, marginMinor: 11_000n });
    expect(margin.nonanggota).toEqual({ salesMinor: 730_000n, discountMinor: 10_000n, costMinor: 656_000n, marginMinor: 74_000n });
    expect(margin.total).toEqual({ salesMinor: 865_000n, discountMinor: 10_000n, costMinor: 780_000n, marginMinor: 85_000n });
  });

  it("property (moving average and FIFO): at every date, valuation = Persediaan, aging = Piutang Usaha, member + non-member = the sales and cost accounts; FIFO layers sum to the stock", async () => {
    const dates = ["2026-01-05", "2026-01-20", "2026-02-03", "2026-02-25"];
    const accepted = { sales: 0, payments: 0, returns: 0, sentBack: 0, fromState: 0 };
    const readsFrom = { log: 0, state: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom("buy", "buy", "sell", "sell", "sell", "sell", "pay", "pay", "count", "return", "send-back"),
            day: fc.integer({ min: 0, max: dates.length - 1 }),
            amount: fc.integer({ min: 1, max: 90 }),
            buyer: fc.constantFrom("A001", "MBG-1", "walk-in"),
            item: fc.constantFrom("BERAS", "MINYAK"),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.constantFrom("moving-average" as const, "fifo" as const),
        async (ops, costing) => {
          const book = await shopBook(costing);
          await book.run({ type: "RecordOpeningStock", item: "BERAS", date: "2026-01-01", quantity: "40", value: "480000" });
          await book.run({ type: "RecordOpeningStock", item: "MINYAK", date: "2026-01-01", quantity: "30", value: "480000" });
          await book.run({ type: "RecordOpeningReceivable", customer: "MBG-1", date: "2026-01-01", amount: "50000" });
          await book.run({ type: "SetMemberCreditLimit", memberNo: "A001", date: "2026-01-02", limit: "300000" });
          let n = 0;
          const sold: Array<{ saleId: string; item: string }> = [];
          const bought: Array<{ purchaseId: string; item: string }> = [];
          // In date order, as a shop records its day; the log's order and the dates' order agree.
          for (const op of [...ops].sort((a, b) => a.day - b.day)) {
            n += 1;
            const date = dates[op.day] as string;
            const buyer = op.buyer === "A001" ? { memberNo: "A001" } : op.buyer === "MBG-1" ? { customer: "MBG-1" } : {};
            const command =
              op.kind === "buy"
                ? {
                    type: "PurchaseStock",
                    purchaseId: `B-${n}`,
                    supplier: "BULOG",
                    date,
                    payment: "credit",
                    lines: [{ item: op.item, quantity: String(op.amount), cost: String(op.amount * 12_345) }],
                  }
                : op.kind === "sell"
                  ? {
                      type: "RecordSale",
                      saleId: `S-${n}`,
                      date,
                      payment: op.buyer === "walk-in" ? "cash" : "credit",
                      ...buyer,
                      lines: [{ item: op.item, quantity: String(Math.ceil(op.amount / 10)), discount: String(op.amount * 7) }],
                    }
                  : op.kind === "pay"
                    ? {
                        type: "ReceivePayment",
                        date,
                        amount: String(op.amount * 1_000),
                        ...(op.buyer === "walk-in" ? { customer: "MBG-1" } : buyer),
                      }
                    : op.kind === "send-back"
                      ? {
                          type: "ReturnPurchase",
                          returnId: `RB-${n}`,
                          purchaseId: bought[op.amount % Math.max(1, bought.length)]?.purchaseId ?? "none",
                          date,
                          lines: [{ item: bought[op.amount % Math.max(1, bought.length)]?.item ?? op.item, quantity: "1" }],
                        }
                      : op.kind === "return"
                        ? {
                            type: "ReturnSale",
                            returnId: `R-${n}`,
                            // One piece or kilogram back from one of the sales made so far.
                            saleId: sold[op.amount % Math.max(1, sold.length)]?.saleId ?? "none",
                            date,
                            lines: [{ item: sold[op.amount % Math.max(1, sold.length)]?.item ?? op.item, quantity: "1" }],
                          }
                        : { type: "CountStock", item: op.item, date, counted: String(op.amount) };
            // Some commands are rejected (beyond stock, overpayment); the reports must hold either way.
            const exit = await Effect.runPromiseExit(book.executor.execute(book.bookId, [command]));
            if (exit._tag === "Success" && command.type === "RecordSale") sold.push({ saleId: `S-${n}`, item: op.item });
            if (exit._tag === "Success" && command.type === "PurchaseStock") bought.push({ purchaseId: `B-${n}`, item: op.item });
          }
          const state = await stateOf(book);
          const events = book.events();
          accepted.sales += events.filter((e) => e.type === "SaleRecorded").length;
          accepted.payments += events.filter((e) => e.type === "ReceivablePaid").length;
          accepted.returns += events.filter((e) => e.type === "SaleReturned").length;
          accepted.sentBack += events.filter((e) => e.type === "PurchaseReturned").length;
          for (const item of state.shop.items.values()) {
            if (costing === "moving-average") expect(item.layers).toEqual([]);
            else {
              expect(item.layers.reduce((sum, l) => sum + l.quantity, 0n)).toBe(item.quantity);
              expect(item.layers.reduce((sum, l) => sum + l.valueMinor, 0n)).toBe(item.valueMinor);
              for (const layer of item.layers) expect(layer.quantity).toBeGreaterThan(0n);
            }
          }
          expect(snapshot(replay(events))).toBe(snapshot(state));
          // The latest day stock moved; on it and after, the valuation is the state's items, read from no log.
          const moved = events.filter((e) => STOCK_MOVEMENT_TYPES.includes(e.type)).map((e) => e.date);
          expect(state.shop.latestMovementOn).toBe(moved.length === 0 ? undefined : moved.reduce((a, b) => (a > b ? a : b)));
          // The same valuation from the log's movements, whatever the state says.
          const fromLog = { ...state, shop: { ...state.shop, latestMovementOn: "9999-12-31" } };
          for (const asOf of dates) {
            const valuation = inventoryValuation(state, events, { asOf });
            expect(valuation).toEqual(inventoryValuation(fromLog, events, { asOf }));
            if (inventoryValuationReads({ asOf }, state).selections.length === 0) accepted.fromState += 1;
            expect(valuation.totalMinor).toBe(valuation.controlMinor);
            for (const row of valuation.rows) {
              expect(row.quantityUnits).toBeGreaterThanOrEqual(0n);
              const card = stockCard(state, events, { item: row.item, from: "2026-01-01", to: asOf });
              expect(card.closing).toEqual({ quantityUnits: row.quantityUnits, valueMinor: row.valueMinor });
              // The opening from the state, with the movements from the first day on only (or the whole log): the same card.
              for (const from of dates.filter((d) => d <= asOf)) {
                const options = { item: row.item, from, to: asOf };
                const since = events.filter((e) => isSelected(e, stockCardSinceEvents({ from })));
                expect(stockCard(state, since, { ...options, opening: "state" })).toEqual(stockCard(state, events, options));
                expect(stockCard(state, events, { ...options, opening: "state" })).toEqual(stockCard(state, events, options));
                // And as the CLI reads it: the stretch stockCardRead picks, which covers fewer days.
                const read = stockCardRead(state, options);
                const picked = events.filter((e) => isSelected(e, read.selection));
                expect(stockCard(state, picked, { ...options, opening: read.opening })).toEqual(stockCard(state, events, options));
                readsFrom[read.opening] += 1;
              }
            }
            const aging = receivableAging(state, events, { asOf });
            expect(aging.totalMinor).toBe(aging.controlMinor);
            expect(Object.values(aging.totals).reduce((s, v) => s + v, 0n)).toBe(aging.totalMinor);
            const margin = grossMargin(events, { from: "2026-01-01", to: asOf });
            const balance = (account: string) => accountBalanceAt(events, { account, asOf });
            expect(margin.anggota.salesMinor).toBe(-balance(A.penjualanAnggota));
            expect(margin.nonanggota.salesMinor).toBe(-balance(A.penjualanNonAnggota));
            expect(margin.total.salesMinor).toBe(margin.anggota.salesMinor + margin.nonanggota.salesMinor);
            expect(margin.total.costMinor).toBe(balance(A.hppAnggota) + balance(A.hppNonAnggota));
            expect(memberPurchases(events, { from: "2026-01-01", to: asOf }).totalMinor).toBe(margin.anggota.salesMinor);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 30) },
    );
    // The generator reaches the interesting cases: sales and payments are accepted, not all rejected.
    expect(accepted.sales).toBeGreaterThan(30);
    expect(accepted.payments).toBeGreaterThan(5);
    expect(accepted.returns).toBeGreaterThan(2);
    expect(accepted.sentBack).toBeGreaterThan(0);
    expect(accepted.fromState).toBeGreaterThan(10);
    // stockCardRead picks each stretch for some cards.
    expect(readsFrom.log).toBeGreaterThan(0);
    expect(readsFrom.state).toBeGreaterThan(0);
  });
});
