import { Effect } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS } from "../src/chart.js";
import { decide, referencedSeq } from "../src/decide.js";
import { BookEngine } from "../src/engine.js";
import type { CommandOutcome } from "../src/executor.js";
import { emptyIdentityIndex } from "../src/identity.js";
import type { Posting } from "../src/model.js";
import { subBalance, unreconciledSubledgers } from "../src/state.js";
import { replay, verifyLog } from "../src/verify.js";
import { expectBothLanguages, expectSnapshotsHold, snapshot } from "./helpers.js";
import { expectRejections, shopBook, stateOf } from "./shop.js";

const A = ACCOUNTS;
const lines = (postings: ReadonlyArray<Posting>) => postings.map((p) => [p.account, p.amount, p.sub ?? "", p.unit]);
const dataOf = (outcome: { readonly events: ReadonlyArray<{ readonly data: unknown }> }): unknown =>
  (outcome.events[0] as { data: unknown }).data;

describe("toko sembako", () => {
  it("buys on credit and for cash, sells at the moving average, split member and non-member", async () => {
    const book = await shopBook();
    const bought = await book.run({
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "credit",
      lines: [{ item: "BERAS", quantity: "100", cost: "1200000" }],
    });
    expect(lines(bought.events[0]?.postings ?? [])).toEqual([
      [A.persediaan, 1_200_000n, "BERAS", "TOKO"],
      [A.utangUsaha, -1_200_000n, "BULOG", "TOKO"],
    ]);
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-2",
      supplier: "BULOG",
      date: "2026-01-06",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "50", cost: "650000" }],
    });
    // Moving average: (1.200.000 + 650.000) / 150 kg = 12.333,33 per kg.
    const sale = await book.run({
      type: "RecordSale",
      saleId: "S-1",
      date: "2026-01-07",
      memberNo: "A001",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "2.5" }],
    });
    // 2,5 kg at the member price 13.500 = 33.750; cost 1.850.000 × 2.500 / 150.000 = 30.833,33 → 30.833.
    expect(lines(sale.events[0]?.postings ?? [])).toEqual([
      [A.kas, 33_750n, "", "TOKO"],
      [A.penjualanAnggota, -33_750n, "", "TOKO"],
      [A.hppAnggota, 30_833n, "", "TOKO"],
      [A.persediaan, -30_833n, "BERAS", "TOKO"],
    ]);
    const walkIn = await book.run({
      type: "RecordSale",
      saleId: "S-2",
      date: "2026-01-07",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "1" }],
    });
    expect(lines(walkIn.events[0]?.postings ?? []).slice(0, 3)).toEqual([
      [A.kas, 14_000n, "", "TOKO"],
      [A.penjualanNonAnggota, -14_000n, "", "TOKO"],
      [A.hppNonAnggota, 12_333n, "", "TOKO"],
    ]);
    const state = await stateOf(book);
    const beras = state.shop.items.get("BERAS");
    expect(beras?.quantity).toBe(146_500n);
    expect(subBalance(state, A.persediaan, "BERAS")).toBe(beras?.valueMinor);
  });

  it("sells on credit to an institutional buyer within its limit, and from a member's sukarela across units", async () => {
    const book = await shopBook();
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "cash",
      lines: [{ item: "MINYAK", quantity: "400", cost: "6400000" }],
    });
    await book.run({
      type: "RecordSale",
      saleId: "S-1",
      date: "2026-01-08",
      customer: "MBG-1",
      payment: "credit",
      lines: [{ item: "MINYAK", quantity: "250" }],
    });
    const state = await stateOf(book);
    expect(subBalance(state, A.piutangUsaha, "cust:MBG-1")).toBe(4_500_000n);
    const over = await book.reject({
      type: "RecordSale",
      saleId: "S-2",
      date: "2026-01-08",
      customer: "MBG-1",
      payment: "credit",
      lines: [{ item: "MINYAK", quantity: "30" }],
    });
    expect(over).toMatchObject({ tag: "RetailRejected", error: { reason: { reason: "credit-limit" } } });
    const fromSavings = await book.run({
      type: "RecordSale",
      saleId: "S-3",
      date: "2026-01-09",
      memberNo: "A001",
      payment: "sukarela",
      lines: [{ item: "MINYAK", quantity: "2" }],
    });
    expect(lines(fromSavings.events[0]?.postings ?? []).slice(0, 3)).toEqual([
      [A.rekeningAntarUnit, 36_000n, "", "TOKO"],
      [A.simpananSukarela, 36_000n, "A001", "USP"],
      [A.rekeningAntarUnit, -36_000n, "", "USP"],
    ]);
    expect(subBalance(await stateOf(book), A.simpananSukarela, "A001")).toBe(-464_000n);
  });

  it("stock opname sets the book quantity to the count and posts the difference to Selisih Persediaan", async () => {
    const book = await shopBook();
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "100", cost: "1200000" }],
    });
    const counted = await book.run({ type: "CountStock", item: "BERAS", date: "2026-01-31", counted: "98.5" });
    // 1,5 kg short at 12.000 a kg = 18.000.
    expect(dataOf(counted)).toMatchObject({ bookUnits: 100_000n, countedUnits: 98_500n, differenceMinor: -18_000n });
    expect(lines(counted.events[0]?.postings ?? [])).toEqual([
      [A.persediaan, -18_000n, "BERAS", "TOKO"],
      [A.selisihPersediaan, 18_000n, "", "TOKO"],
    ]);
    const state = await stateOf(book);
    expect(state.shop.items.get("BERAS")).toMatchObject({ quantity: 98_500n, valueMinor: 1_182_000n });
  });

  it("negative space: unknown item, zero or fractional-beyond-scale quantity, no price for the date, sale beyond stock; nothing written", async () => {
    const book = await shopBook();
    await book.run({ type: "AddItem", code: "GULA", name: "Gula", unit: "kg", quantityScale: 3, price: "17000", priceFrom: "2026-02-01" });
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "cash",
      lines: [
        { item: "BERAS", quantity: "10", cost: "120000" },
        { item: "GULA", quantity: "5", cost: "75000" },
      ],
    });
    const sale = (over: Record<string, unknown>) => ({
      type: "RecordSale",
      saleId: "S-9",
      date: "2026-01-10",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "1" }],
      ...over,
    });
    const cases: Array<[unknown, string, string?]> = [
      [{ type: "AddSupplier", code: "BULOG", name: "Bulog lagi" }, "RetailRejected", "supplier-exists"],
      [{ type: "AddCustomer", code: "MBG-1", name: "Dapur lagi", kind: "institutional" }, "RetailRejected", "customer-exists"],
      [sale({ lines: [{ item: "TEPUNG", quantity: "1" }] }), "RetailRejected", "unknown-item"],
      [sale({ lines: [{ item: "BERAS", quantity: "0" }] }), "RetailRejected", "quantity"],
      [sale({ lines: [{ item: "MINYAK", quantity: "1.5" }] }), "RetailRejected", "quantity"],
      [sale({ lines: [{ item: "GULA", quantity: "1" }] }), "RetailRejected", "no-price"],
      [sale({ lines: [{ item: "BERAS", quantity: "10.001" }] }), "RetailRejected", "beyond-stock"],
      [
        sale({
          lines: [
            { item: "BERAS", quantity: "6" },
            { item: "BERAS", quantity: "5" },
          ],
        }),
        "RetailRejected",
        "beyond-stock",
      ],
      [sale({ customer: "NOPE" }), "RetailRejected", "unknown-customer"],
      [sale({ payment: "credit" }), "RetailRejected", "unknown-customer"],
      [sale({ payment: "sukarela" }), "RetailRejected", "not-a-member"],
      [sale({ lines: [{ item: "BERAS", quantity: "-1" }] }), "InvalidCommand"],
      [
        {
          type: "PurchaseStock",
          purchaseId: "B-2",
          supplier: "NOPE",
          date: "2026-01-05",
          payment: "cash",
          lines: [{ item: "BERAS", quantity: "1", cost: "1" }],
        },
        "RetailRejected",
        "unknown-supplier",
      ],
      [
        {
          type: "PurchaseStock",
          purchaseId: "B-2",
          supplier: "BULOG",
          date: "2026-01-05",
          payment: "cash",
          lines: [{ item: "BERAS", quantity: "1", cost: "0" }],
        },
        "InvalidAmount",
      ],
      [{ type: "AddItem", code: "BERAS", name: "x", unit: "kg", quantityScale: 3, price: "1" }, "RetailRejected", "item-exists"],
      [{ type: "AddItem", code: "X", name: "x", unit: "kg", quantityScale: 4, price: "1" }, "InvalidCommand"],
      [{ type: "CountStock", item: "BERAS", date: "2026-01-31", counted: "1.0001" }, "RetailRejected", "quantity"],
    ];
    await expectRejections(book, cases);
  });

  it("settles what the shop owes and is owed: pays a supplier, collects from a customer and a member, each sub-ledger to zero", async () => {
    const book = await shopBook();
    await book.run({ type: "AddCustomer", code: "WARUNG", name: "Warung Bu Sri", kind: "institutional", creditLimit: "1000000" });
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "credit",
      lines: [{ item: "MINYAK", quantity: "100", cost: "1600000" }],
    });
    const paid = await book.run({ type: "PaySupplier", supplier: "BULOG", date: "2026-01-20", amount: "1000000", via: A.bank });
    expect(lines(paid.events[0]?.postings ?? [])).toEqual([
      [A.utangUsaha, 1_000_000n, "BULOG", "TOKO"],
      [A.bank, -1_000_000n, "", "TOKO"],
    ]);
    await book.run({ type: "PaySupplier", supplier: "BULOG", date: "2026-01-21", amount: "600000" });
    await book.run({
      type: "RecordSale",
      saleId: "S-1",
      date: "2026-01-08",
      customer: "WARUNG",
      payment: "credit",
      lines: [{ item: "MINYAK", quantity: "10" }],
    });
    await book.run({
      type: "RecordSale",
      saleId: "S-2",
      date: "2026-01-08",
      customer: "MBG-1",
      payment: "credit",
      lines: [{ item: "MINYAK", quantity: "20", discount: "10000" }],
    });
    const received = await book.run({ type: "ReceivePayment", customer: "WARUNG", date: "2026-01-25", amount: "180000" });
    expect(lines(received.events[0]?.postings ?? [])).toEqual([
      [A.kas, 180_000n, "", "TOKO"],
      [A.piutangUsaha, -180_000n, "cust:WARUNG", "TOKO"],
    ]);
    const state = await stateOf(book);
    expect(subBalance(state, A.utangUsaha, "BULOG")).toBe(0n);
    expect(subBalance(state, A.piutangUsaha, "cust:WARUNG")).toBe(0n);
    // 20 × 18.000 = 360.000 less a 10.000 discount.
    expect(subBalance(state, A.piutangUsaha, "cust:MBG-1")).toBe(350_000n);
    expect(unreconciledSubledgers(state)).toEqual([]);
    const before = book.events().length;
    const cases: Array<[unknown, string, string?]> = [
      [{ type: "PaySupplier", supplier: "BULOG", date: "2026-01-26", amount: "1" }, "RetailRejected", "overpayment"],
      [{ type: "PaySupplier", supplier: "NOPE", date: "2026-01-26", amount: "1" }, "RetailRejected", "unknown-supplier"],
      [{ type: "ReceivePayment", customer: "MBG-1", date: "2026-01-26", amount: "350001" }, "RetailRejected", "overpayment"],
      [{ type: "ReceivePayment", date: "2026-01-26", amount: "1" }, "RetailRejected", "unknown-customer"],
      [
        { type: "ReceivePayment", customer: "MBG-1", memberNo: "A001", date: "2026-01-26", amount: "1" },
        "RetailRejected",
        "unknown-customer",
      ],
      [{ type: "ReceivePayment", memberNo: "Z999", date: "2026-01-26", amount: "1" }, "UnknownMember"],
      [{ type: "ReceivePayment", customer: "MBG-1", date: "2026-01-26", amount: "0" }, "InvalidAmount"],
      [
        {
          type: "RecordSale",
          saleId: "S-9",
          date: "2026-01-26",
          payment: "cash",
          lines: [{ item: "MINYAK", quantity: "1", discount: "18001" }],
        },
        "RetailRejected",
        "discount",
      ],
    ];
    await expectRejections(book, cases);
    expect(book.events().length).toBe(before);
  });

  it("a member who bought on credit pays later; the member's receivable is keyed by their number", async () => {
    const book = await shopBook();
    await book.run({ type: "RecordOpeningStock", item: "BERAS", date: "2026-01-01", quantity: "50", value: "600000" });
    const noLimit = await book.reject({
      type: "RecordSale",
      saleId: "S-0",
      date: "2026-01-10",
      memberNo: "A001",
      payment: "credit",
      lines: [{ item: "BERAS", quantity: "1" }],
    });
    // A member buys on credit only up to the limit the pengurus set; without one, for cash only.
    expect(noLimit).toMatchObject({ tag: "RetailRejected", error: { reason: { reason: "credit-limit" } } });
    await book.run({ type: "SetMemberCreditLimit", memberNo: "A001", date: "2026-01-02", limit: "60000" });
    await book.run({
      type: "RecordSale",
      saleId: "S-1",
      date: "2026-01-10",
      memberNo: "A001",
      payment: "credit",
      lines: [{ item: "BERAS", quantity: "4" }],
    });
    expect(subBalance(await stateOf(book), A.piutangUsaha, "A001")).toBe(54_000n);
    const overLimit = await book.reject({
      type: "RecordSale",
      saleId: "S-2",
      date: "2026-01-11",
      memberNo: "A001",
      payment: "credit",
      lines: [{ item: "BERAS", quantity: "0.5" }],
    });
    expect(overLimit).toMatchObject({ tag: "RetailRejected", error: { reason: { reason: "credit-limit" } } });
    expect((await book.reject({ type: "SetMemberCreditLimit", memberNo: "Z999", date: "2026-01-11", limit: "1" })).tag).toBe(
      "UnknownMember",
    );
    expect((await book.reject({ type: "SetMemberCreditLimit", memberNo: "A001", date: "2026-01-11", limit: "-1" })).tag).toBe(
      "InvalidAmount",
    );
    const paid = await book.run({ type: "ReceivePayment", memberNo: "A001", date: "2026-01-31", amount: "54000" });
    expect(lines(paid.events[0]?.postings ?? [])).toEqual([
      [A.kas, 54_000n, "", "TOKO"],
      [A.piutangUsaha, -54_000n, "A001", "TOKO"],
    ]);
    expect(subBalance(await stateOf(book), A.piutangUsaha, "A001")).toBe(0n);
  });

  it("opening balances of a shop moving off a spreadsheet: stock at value, receivables and payables, only on the book's first day", async () => {
    const book = await shopBook();
    const stock = await book.run({ type: "RecordOpeningStock", item: "BERAS", date: "2026-01-01", quantity: "120.5", value: "1446000" });
    expect(lines(stock.events[0]?.postings ?? [])).toEqual([
      [A.persediaan, 1_446_000n, "BERAS", "TOKO"],
      [A.saldoAwal, -1_446_000n, "", "TOKO"],
    ]);
    await book.run({ type: "RecordOpeningReceivable", customer: "MBG-1", date: "2026-01-01", amount: "750000" });
    await book.run({ type: "RecordOpeningReceivable", memberNo: "A001", date: "2026-01-01", amount: "25000" });
    const payable = await book.run({ type: "RecordOpeningPayable", supplier: "BULOG", date: "2026-01-01", amount: "900000" });
    expect(lines(payable.events[0]?.postings ?? [])).toEqual([
      [A.saldoAwal, 900_000n, "", "TOKO"],
      [A.utangUsaha, -900_000n, "BULOG", "TOKO"],
    ]);
    const state = await stateOf(book);
    expect(state.shop.items.get("BERAS")).toMatchObject({ quantity: 120_500n, valueMinor: 1_446_000n });
    expect(subBalance(state, A.piutangUsaha, "cust:MBG-1")).toBe(750_000n);
    expect(subBalance(state, A.utangUsaha, "BULOG")).toBe(-900_000n);
    expect(unreconciledSubledgers(state)).toEqual([]);
    // The opening stock sells at its own average: 1.446.000 / 120,5 kg = 12.000 a kg.
    const sale = await book.run({
      type: "RecordSale",
      saleId: "S-1",
      date: "2026-01-10",
      payment: "cash",
      lines: [{ item: "BERAS", quantity: "10" }],
    });
    expect(lines(sale.events[0]?.postings ?? []).slice(2)).toEqual([
      [A.hppNonAnggota, 120_000n, "", "TOKO"],
      [A.persediaan, -120_000n, "BERAS", "TOKO"],
    ]);
    const before = book.events().length;
    const cases: Array<[unknown, string]> = [
      [{ type: "RecordOpeningStock", item: "BERAS", date: "2026-01-02", quantity: "1", value: "1" }, "NotOnBookStart"],
      [{ type: "RecordOpeningReceivable", customer: "MBG-1", date: "2026-02-01", amount: "1" }, "NotOnBookStart"],
      [{ type: "RecordOpeningPayable", supplier: "BULOG", date: "2026-01-31", amount: "1" }, "NotOnBookStart"],
      [{ type: "RecordOpeningStock", item: "TEPUNG", date: "2026-01-01", quantity: "1", value: "1" }, "RetailRejected"],
      [{ type: "RecordOpeningStock", item: "MINYAK", date: "2026-01-01", quantity: "1.5", value: "1" }, "RetailRejected"],
      [{ type: "RecordOpeningPayable", supplier: "NOPE", date: "2026-01-01", amount: "1" }, "RetailRejected"],
      [{ type: "RecordOpeningReceivable", customer: "NOPE", date: "2026-01-01", amount: "1" }, "RetailRejected"],
      [{ type: "RecordOpeningReceivable", customer: "MBG-1", date: "2026-01-01", amount: "-5" }, "InvalidAmount"],
    ];
    await expectRejections(book, cases);
    expect(book.events().length).toBe(before);
    expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
  });

  it("sales returns: stock back at the sale's cost, revenue reversed, refunded the way the sale was paid; the last return takes the rest", async () => {
    const book = await shopBook();
    await book.run({ type: "RecordOpeningStock", item: "BERAS", date: "2026-01-01", quantity: "30", value: "370000" });
    await book.run({ type: "RecordOpeningStock", item: "MINYAK", date: "2026-01-01", quantity: "10", value: "160000" });
    await book.run({ type: "SetMemberCreditLimit", memberNo: "A001", date: "2026-01-02", limit: "500000" });
    // 3 kg at 13.500 = 40.500 on credit; cost 370.000 × 3/30 = 37.000.
    await book.run({
      type: "RecordSale",
      saleId: "S-1",
      date: "2026-01-10",
      memberNo: "A001",
      payment: "credit",
      lines: [{ item: "BERAS", quantity: "3" }],
    });
    // A third back: 13.500 of revenue, 12.333,33 → 12.333 of cost.
    const first = await book.run({
      type: "ReturnSale",
      returnId: "R-1",
      saleId: "S-1",
      date: "2026-01-11",
      lines: [{ item: "BERAS", quantity: "1" }],
    });
    expect(lines(first.events[0]?.postings ?? [])).toEqual([
      [A.penjualanAnggota, 13_500n, "", "TOKO"],
      [A.piutangUsaha, -13_500n, "A001", "TOKO"],
      [A.persediaan, 12_333n, "BERAS", "TOKO"],
      [A.hppAnggota, -12_333n, "", "TOKO"],
    ]);
    await book.run({ type: "ReceivePayment", memberNo: "A001", date: "2026-01-12", amount: "20000" });
    // The rest: 27.000 of revenue, of which 7.000 settles the receivable and 20.000 comes back in cash; cost 37.000 − 12.333 = 24.667.
    const rest = await book.run({
      type: "ReturnSale",
      returnId: "R-2",
      saleId: "S-1",
      date: "2026-01-13",
      lines: [{ item: "BERAS", quantity: "2" }],
    });
    expect(dataOf(rest)).toMatchObject({ refund: { receivableMinor: 7_000n, cashMinor: 20_000n, sukarelaMinor: 0n, via: A.kas } });
    expect(lines(rest.events[0]?.postings ?? [])).toContainEqual([A.persediaan, 24_667n, "BERAS", "TOKO"]);
    let state = await stateOf(book);
    expect(state.shop.items.get("BERAS")).toMatchObject({ quantity: 30_000n, valueMinor: 370_000n });
    expect(subBalance(state, A.piutangUsaha, "A001")).toBe(0n);
    expect(state.accounts.get(A.penjualanAnggota)?.balanceMinor ?? 0n).toBe(0n);
    expect(state.accounts.get(A.hppAnggota)?.balanceMinor ?? 0n).toBe(0n);
    // Paid from sukarela, refunded to sukarela through Rekening Antar Unit.
    await book.run({
      type: "RecordSale",
      saleId: "S-2",
      date: "2026-01-14",
      memberNo: "A001",
      payment: "sukarela",
      lines: [{ item: "MINYAK", quantity: "2" }],
    });
    const back = await book.run({
      type: "ReturnSale",
      returnId: "R-3",
      saleId: "S-2",
      date: "2026-01-15",
      lines: [{ item: "MINYAK", quantity: "2" }],
    });
    expect(lines(back.events[0]?.postings ?? []).slice(0, 4)).toEqual([
      [A.penjualanAnggota, 36_000n, "", "TOKO"],
      [A.rekeningAntarUnit, -36_000n, "", "TOKO"],
      [A.rekeningAntarUnit, 36_000n, "", "USP"],
      [A.simpananSukarela, -36_000n, "A001", "USP"],
    ]);
    state = await stateOf(book);
    expect(subBalance(state, A.simpananSukarela, "A001")).toBe(-500_000n);
    expect(unreconciledSubledgers(state)).toEqual([]);
    await book.run({ type: "RecordSale", saleId: "S-3", date: "2026-01-15", payment: "cash", lines: [{ item: "MINYAK", quantity: "3" }] });
    const before = book.events().length;
    const cases: Array<[unknown, string]> = [
      [
        { type: "ReturnSale", returnId: "R-9", saleId: "S-404", date: "2026-01-16", lines: [{ item: "BERAS", quantity: "1" }] },
        "unknown-sale",
      ],
      [
        { type: "ReturnSale", returnId: "R-9", saleId: "S-1", date: "2026-01-16", lines: [{ item: "BERAS", quantity: "0.001" }] },
        "beyond-sold",
      ],
      [
        { type: "ReturnSale", returnId: "R-9", saleId: "S-2", date: "2026-01-16", lines: [{ item: "BERAS", quantity: "1" }] },
        "beyond-sold",
      ],
      [
        {
          type: "ReturnSale",
          returnId: "R-9",
          saleId: "S-3",
          date: "2026-01-16",
          lines: [
            { item: "MINYAK", quantity: "1" },
            { item: "MINYAK", quantity: "1" },
          ],
        },
        "quantity",
      ],
      [
        { type: "RecordSale", saleId: "S-1", date: "2026-01-16", payment: "cash", lines: [{ item: "BERAS", quantity: "1" }] },
        "sale-exists",
      ],
    ];
    await expectRejections(
      book,
      cases.map(([command, reason]) => [command, "RetailRejected", reason] as const),
    );
    expect(book.events().length).toBe(before);
    expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
  });

  it("keeps a receipt by its event's number: a return reads the receipt from the log, within one batch too, through the engine, and is refused when it is not given", async () => {
    const book = await shopBook();
    await book.run({ type: "RecordOpeningStock", item: "MINYAK", date: "2026-01-01", quantity: "10", value: "160000" });
    // A sale (one item rung twice) and a return of part of it in one batch: the return reads the sale from the batch.
    const [sold, firstBack] = await book.batch([
      {
        type: "RecordSale",
        saleId: "S-1",
        date: "2026-01-10",
        payment: "cash",
        lines: [
          { item: "MINYAK", quantity: "2" },
          { item: "MINYAK", quantity: "1" },
        ],
      },
      { type: "ReturnSale", returnId: "R-1", saleId: "S-1", date: "2026-01-10", lines: [{ item: "MINYAK", quantity: "1" }] },
    ]);
    // 3 at 18.000 = 54.000 for 48.000 of cost; a third of each comes back.
    expect(dataOf(firstBack as CommandOutcome)).toMatchObject({
      lines: [{ quantityUnits: 1n, revenueMinor: 18_000n, costMinor: 16_000n }],
    });
    let state = await stateOf(book);
    expect(state.shop.sales.get("S-1")).toBe(sold?.events[0]?.seq);
    expect(state.shop.saleReturns.get("S-1")).toEqual([{ item: "MINYAK", units: 1n, revenueMinor: 18_000n, costMinor: 16_000n }]);
    // The rest, in a command of its own (the sale read from the store): the line nets to zero.
    const rest = await book.run({
      type: "ReturnSale",
      returnId: "R-2",
      saleId: "S-1",
      date: "2026-01-11",
      lines: [{ item: "MINYAK", quantity: "2" }],
    });
    expect(dataOf(rest)).toMatchObject({ lines: [{ quantityUnits: 2n, revenueMinor: 36_000n, costMinor: 32_000n }] });
    await expectRejections(book, [
      [
        { type: "ReturnSale", returnId: "R-3", saleId: "S-1", date: "2026-01-11", lines: [{ item: "MINYAK", quantity: "1" }] },
        "RetailRejected",
        "beyond-sold",
      ],
    ]);
    // A purchase and a return of part of it in one batch.
    const [bought] = await book.batch([
      {
        type: "PurchaseStock",
        purchaseId: "B-1",
        supplier: "BULOG",
        date: "2026-01-12",
        payment: "cash",
        lines: [{ item: "MINYAK", quantity: "5", cost: "85000" }],
      },
      { type: "ReturnPurchase", returnId: "RB-1", purchaseId: "B-1", date: "2026-01-12", lines: [{ item: "MINYAK", quantity: "2" }] },
    ]);
    state = await stateOf(book);
    expect(state.shop.purchases.get("B-1")).toBe(bought?.events[0]?.seq);
    expect(state.shop.purchaseReturns.get("B-1")).toEqual([{ item: "MINYAK", units: 2n, revenueMinor: 0n, costMinor: 34_000n }]);
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));

    // decide itself, given no receipt or the wrong event, refuses: it never guesses a receipt's lines.
    const command = {
      type: "ReturnSale",
      returnId: "R-9",
      saleId: "S-1",
      date: "2026-01-12",
      lines: [{ item: "MINYAK", quantity: "1" }],
    } as const;
    const context = { today: "2026-02-28", identities: emptyIdentityIndex, salt: () => "0".repeat(32) };
    for (const referencedEvent of [undefined, bought?.events[0]]) {
      const decision = decide(state, command, { ...context, referencedEvent });
      expect(decision.ok).toBe(false);
      if (decision.ok) continue;
      expect(decision.error).toMatchObject({ _tag: "RetailRejected", reason: "receipt-unread", subject: "S-1" });
      expect(decision.error.message).toContain(`#${sold?.events[0]?.seq}`);
      expectBothLanguages({ reason: decision.error });
    }
    expect(referencedSeq(state, command)).toBe(sold?.events[0]?.seq);

    // The engine keeps the receipts it applied; told to read events elsewhere and finding none, it refuses.
    const commands = [
      { type: "OpenBook", bookId: "kop-engine", name: "Koperasi Mesin", startDate: "2026-01-01" },
      { type: "AddItem", code: "MINYAK", name: "Minyak goreng 1 L", unit: "pcs", quantityScale: 0, price: "18000" },
      { type: "RecordOpeningStock", item: "MINYAK", date: "2026-01-01", quantity: "10", value: "160000" },
      { type: "RecordSale", saleId: "S-1", date: "2026-01-10", payment: "cash", lines: [{ item: "MINYAK", quantity: "3" }] },
    ];
    const engine = new BookEngine({ today: "2026-02-28", recordedAt: "2026-02-28T05:00:00.000Z" });
    const blind = new BookEngine({ today: "2026-02-28", recordedAt: "2026-02-28T05:00:00.000Z", eventAt: () => undefined });
    for (const c of commands) {
      expect(engine.run(c).ok).toBe(true);
      expect(blind.run(c).ok).toBe(true);
    }
    expect(engine.run(command)).toMatchObject({
      ok: true,
      events: [{ type: "SaleReturned", data: { lines: [{ revenueMinor: 18_000n }] } }],
    });
    expect(blind.run(command)).toMatchObject({ ok: false, error: { _tag: "RetailRejected", reason: "receipt-unread" } });
  });

  it("purchase returns: the supplier takes back the purchase's cost; emptying an item takes all its value, the difference to Selisih Persediaan", async () => {
    const book = await shopBook();
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "credit",
      lines: [{ item: "BERAS", quantity: "100", cost: "1200000" }],
    });
    const back = await book.run({
      type: "ReturnPurchase",
      returnId: "RB-1",
      purchaseId: "B-1",
      date: "2026-01-06",
      lines: [{ item: "BERAS", quantity: "10" }],
    });
    expect(lines(back.events[0]?.postings ?? [])).toEqual([
      [A.utangUsaha, 120_000n, "BULOG", "TOKO"],
      [A.persediaan, -120_000n, "BERAS", "TOKO"],
    ]);
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-2",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "cash",
      lines: [{ item: "MINYAK", quantity: "10", cost: "160000" }],
    });
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-3",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "cash",
      lines: [{ item: "MINYAK", quantity: "10", cost: "180000" }],
    });
    // 15 of 20 sold at the average 17.000: 255.000; 5 left worth 85.000.
    await book.run({ type: "RecordSale", saleId: "S-1", date: "2026-01-07", payment: "cash", lines: [{ item: "MINYAK", quantity: "15" }] });
    const before = book.events().length;
    const cases: Array<[unknown, string]> = [
      [
        { type: "ReturnPurchase", returnId: "RB-9", purchaseId: "B-404", date: "2026-01-08", lines: [{ item: "MINYAK", quantity: "1" }] },
        "unknown-purchase",
      ],
      [
        { type: "ReturnPurchase", returnId: "RB-9", purchaseId: "B-1", date: "2026-01-08", lines: [{ item: "BERAS", quantity: "90.001" }] },
        "beyond-sold",
      ],
      [
        { type: "ReturnPurchase", returnId: "RB-9", purchaseId: "B-1", date: "2026-01-08", lines: [{ item: "MINYAK", quantity: "1" }] },
        "beyond-sold",
      ],
      [
        { type: "ReturnPurchase", returnId: "RB-9", purchaseId: "B-2", date: "2026-01-08", lines: [{ item: "MINYAK", quantity: "6" }] },
        "beyond-stock",
      ],
      [
        {
          type: "PurchaseStock",
          purchaseId: "B-1",
          supplier: "BULOG",
          date: "2026-01-08",
          payment: "cash",
          lines: [{ item: "BERAS", quantity: "1", cost: "1" }],
        },
        "purchase-exists",
      ],
    ];
    await expectRejections(
      book,
      cases.map(([command, reason]) => [command, "RetailRejected", reason] as const),
    );
    expect(book.events().length).toBe(before);
    // The last 5 go back from B-3 at its cost, 90.000, refunded in cash; the stock held only 85.000 of value.
    const empty = await book.run({
      type: "ReturnPurchase",
      returnId: "RB-2",
      purchaseId: "B-3",
      date: "2026-01-08",
      lines: [{ item: "MINYAK", quantity: "5" }],
    });
    expect(lines(empty.events[0]?.postings ?? [])).toEqual([
      [A.kas, 90_000n, "", "TOKO"],
      [A.persediaan, -85_000n, "MINYAK", "TOKO"],
      [A.selisihPersediaan, -5_000n, "", "TOKO"],
    ]);
    const state = await stateOf(book);
    expect(state.shop.items.get("MINYAK")).toMatchObject({ quantity: 0n, valueMinor: 0n });
    expect(state.shop.items.get("BERAS")).toMatchObject({ quantity: 90_000n, valueMinor: 1_080_000n });
    expect(subBalance(state, A.utangUsaha, "BULOG")).toBe(-1_080_000n);
    expect(unreconciledSubledgers(state)).toEqual([]);
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
  });

  it("FIFO costing, chosen when the book opens: sales take the oldest layers first; returns and counts keep the layers whole", async () => {
    const book = await shopBook("fifo");
    await book.run({ type: "RecordOpeningStock", item: "MINYAK", date: "2026-01-01", quantity: "10", value: "150000" });
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-1",
      supplier: "BULOG",
      date: "2026-01-05",
      payment: "cash",
      lines: [{ item: "MINYAK", quantity: "10", cost: "170000" }],
    });
    // 12 pieces: all 10 at 15.000 and 2 of the 17.000 layer = 184.000 (the moving average would give 192.000).
    const sale = await book.run({
      type: "RecordSale",
      saleId: "S-1",
      date: "2026-01-06",
      payment: "cash",
      lines: [{ item: "MINYAK", quantity: "12" }],
    });
    expect(dataOf(sale)).toMatchObject({ lines: [{ costMinor: 184_000n }] });
    let item = (await stateOf(book)).shop.items.get("MINYAK");
    expect(item).toMatchObject({ quantity: 8n, valueMinor: 136_000n, layers: [{ quantity: 8n, valueMinor: 136_000n }] });
    // Two lines of one item in one sale take layer after layer.
    await book.run({
      type: "PurchaseStock",
      purchaseId: "B-2",
      supplier: "BULOG",
      date: "2026-01-07",
      payment: "cash",
      lines: [{ item: "MINYAK", quantity: "5", cost: "95000" }],
    });
    const two = await book.run({
      type: "RecordSale",
      saleId: "S-2",
      date: "2026-01-08",
      payment: "cash",
      lines: [
        { item: "MINYAK", quantity: "6" },
        { item: "MINYAK", quantity: "4" },
      ],
    });
    // 6 × 17.000 = 102.000; then 2 × 17.000 + 2 × 19.000 = 72.000.
    expect(dataOf(two)).toMatchObject({ lines: [{ costMinor: 102_000n }, { costMinor: 72_000n }] });
    // A shortage of one at the count leaves from the oldest layer: 19.000.
    const counted = await book.run({ type: "CountStock", item: "MINYAK", date: "2026-01-31", counted: "2" });
    expect(dataOf(counted)).toMatchObject({ differenceMinor: -19_000n });
    item = (await stateOf(book)).shop.items.get("MINYAK");
    expect(item).toMatchObject({ quantity: 2n, valueMinor: 38_000n, layers: [{ quantity: 2n, valueMinor: 38_000n }] });
    const state = await stateOf(book);
    expect(subBalance(state, A.persediaan, "MINYAK")).toBe(38_000n);
    expect(state.config.shop).toEqual({ costing: "fifo" });
    expect(snapshot(replay(book.events()))).toBe(snapshot(state));
    expect((await book.reject({ type: "OpenBook", bookId: "x", name: "x", startDate: "2026-01-01", shop: { costing: "lifo" } })).tag).toBe(
      "InvalidCommand",
    );
  });

  it("property: stock value equals the control account, quantity never negative, and begin + purchases = cost of sales + end + opname differences", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant("buy" as const),
              kg: fc.integer({ min: 1, max: 200 }),
              price: fc.integer({ min: 9_000, max: 16_000 }),
            }),
            fc.record({ kind: fc.constant("sell" as const), grams: fc.integer({ min: 1, max: 60_000 }), member: fc.boolean() }),
            fc.record({ kind: fc.constant("count" as const), delta: fc.integer({ min: -3_000, max: 3_000 }) }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        async (ops) => {
          const book = await shopBook();
          let purchases = 0n;
          let n = 0;
          for (const op of ops) {
            n += 1;
            const state = await stateOf(book);
            const beras = state.shop.items.get("BERAS");
            if (op.kind === "buy") {
              const cost = BigInt(op.kg * op.price);
              await book.run({
                type: "PurchaseStock",
                purchaseId: `B-${n}`,
                supplier: "BULOG",
                date: "2026-01-05",
                payment: "cash",
                lines: [{ item: "BERAS", quantity: String(op.kg), cost: cost.toString() }],
              });
              purchases += cost;
            } else if (op.kind === "sell") {
              const kg = `${Math.floor(op.grams / 1000)}.${String(op.grams % 1000).padStart(3, "0")}`;
              await Effect.runPromiseExit(
                book.executor.execute(book.bookId, [
                  {
                    type: "RecordSale",
                    saleId: `S-${n}`,
                    date: "2026-01-06",
                    payment: "cash",
                    ...(op.member ? { memberNo: "A001" } : {}),
                    lines: [{ item: "BERAS", quantity: kg }],
                  },
                ]),
              );
            } else {
              const target = (beras?.quantity ?? 0n) + BigInt(op.delta);
              if (target >= 0n) {
                const kg = `${target / 1000n}.${String(target % 1000n).padStart(3, "0")}`;
                await book.run({ type: "CountStock", item: "BERAS", date: "2026-01-07", counted: kg });
              }
            }
            const after = await stateOf(book);
            const item = after.shop.items.get("BERAS");
            expect(item?.quantity).toBeGreaterThanOrEqual(0n);
            expect(item?.valueMinor).toBeGreaterThanOrEqual(0n);
            expect(subBalance(after, A.persediaan, "BERAS")).toBe(item?.valueMinor);
            expect(unreconciledSubledgers(after)).toEqual([]);
            const hpp = (after.accounts.get(A.hppAnggota)?.balanceMinor ?? 0n) + (after.accounts.get(A.hppNonAnggota)?.balanceMinor ?? 0n);
            const opname = after.accounts.get(A.selisihPersediaan)?.balanceMinor ?? 0n;
            expect(purchases).toBe(hpp + (item?.valueMinor ?? 0n) + opname);
            // Member and non-member sales: each revenue account holds exactly the sales of its kind.
            const saleEvents = book.events().filter((e) => e.type === "SaleRecorded");
            const revenueOf = (member: boolean) =>
              saleEvents
                .map((e) => e.data as unknown as { member: boolean; lines: Array<{ revenueMinor: bigint }> })
                .filter((d) => d.member === member)
                .reduce((sum, d) => sum + d.lines.reduce((s, l) => s + l.revenueMinor, 0n), 0n);
            expect(-(after.accounts.get(A.penjualanAnggota)?.balanceMinor ?? 0n)).toBe(revenueOf(true));
            expect(-(after.accounts.get(A.penjualanNonAnggota)?.balanceMinor ?? 0n)).toBe(revenueOf(false));
          }
          expect(snapshot(replay(book.events()))).toBe(snapshot(await stateOf(book)));
          expect(verifyLog(book.events(), await Effect.runPromise(book.store.projection(book.bookId))).ok).toBe(true);
          expectSnapshotsHold((await stateOf(book)).config, book.events());
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 30) },
    );
  });
});
