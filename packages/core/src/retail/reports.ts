/**
 * The shop's reports as plain typed data, read from the log: the stock card of an item, the
 * inventory valuation at any date (its total equals the Persediaan control account), receivable
 * aging for shop credit, member purchase totals (the jasa usaha basis) and gross margin split member
 * and non-member. Dates are business dates, inclusive; the state is read only for names.
 */
import { ACCOUNTS } from "../chart.js";
import { daysBetween } from "../dates.js";
import type { BookState, LedgerEvent } from "../model.js";
import { accountBalanceAt, eventsByDate } from "../reports.js";
import { type LogReads, type LogSelection, type ReportSource, readResultOf } from "../store.js";
import { balanceWithin } from "../totals.js";
import { type RetailEventData, STOCK_MOVEMENT_TYPES } from "./retail.js";

/** One item's movements in quantity units and value at cost, as an event changes them. */
interface StockMovement {
  readonly item: string;
  readonly quantityUnits: bigint;
  readonly valueMinor: bigint;
  readonly reference: string;
}

/** The events an item's stock card reads: those that move stock, through `to`. */
export const stockCardEvents = (options: { to: string }): LogSelection => ({ types: STOCK_MOVEMENT_TYPES, through: options.to });

/**
 * The events a stock card reads when its opening comes from the state (`opening: "state"`): those that
 * move stock dated from the card's first day on, later ones included; none from before it.
 */
export const stockCardSinceEvents = (options: { from: string }): LogSelection => ({ types: STOCK_MOVEMENT_TYPES, from: options.from });

/**
 * What a stock card from `from` to `to` reads, and where its opening comes from: of the stock's
 * movements, the stretch that covers fewer days. Those through `to` (the opening summed from them),
 * or those from `from` on (the opening the item in `state` less them, read at the state's head): a
 * recent month of a long book reads no years before it.
 */
export const stockCardRead = (
  state: Pick<BookState, "shop" | "config">,
  options: { from: string; to: string },
): { readonly selection: LogSelection; readonly opening: "log" | "state" } => {
  const latest = state.shop.latestMovementOn ?? options.from;
  const recent = latest < options.from || daysBetween(options.from, latest) <= daysBetween(state.config.startDate, options.to);
  return recent ? { selection: stockCardSinceEvents(options), opening: "state" } : { selection: stockCardEvents(options), opening: "log" };
};

/** The events the receivables' aging reads: those posted to Piutang Usaha, through `asOf`. */
export const receivableAgingEvents = (options: { asOf: string }): LogSelection => ({
  through: options.asOf,
  postedTo: { accounts: [ACCOUNTS.piutangUsaha] },
});

/** The events the members' purchases and the gross margin read: the period's sales and returns. */
export const salesEvents = (options: { from: string; to: string }): LogSelection => ({
  types: ["SaleRecorded", "SaleReturned"],
  from: options.from,
  through: options.to,
});

const stockMovements = (event: LedgerEvent): StockMovement[] => {
  switch (event.type) {
    case "OpeningStockRecorded": {
      const d = event.data as RetailEventData["OpeningStockRecorded"];
      return [{ item: d.item, quantityUnits: d.quantityUnits, valueMinor: d.valueMinor, reference: "saldo awal" }];
    }
    case "StockPurchased": {
      const d = event.data as RetailEventData["StockPurchased"];
      return d.lines.map((l) => ({ item: l.item, quantityUnits: l.quantityUnits, valueMinor: l.costMinor, reference: d.purchaseId }));
    }
    case "SaleRecorded": {
      const d = event.data as RetailEventData["SaleRecorded"];
      return d.lines.map((l) => ({ item: l.item, quantityUnits: -l.quantityUnits, valueMinor: -l.costMinor, reference: d.saleId }));
    }
    case "PurchaseReturned": {
      const d = event.data as RetailEventData["PurchaseReturned"];
      return d.lines.map((l) => ({ item: l.item, quantityUnits: -l.quantityUnits, valueMinor: -l.valueMinor, reference: d.returnId }));
    }
    case "SaleReturned": {
      const d = event.data as RetailEventData["SaleReturned"];
      return d.lines.map((l) => ({ item: l.item, quantityUnits: l.quantityUnits, valueMinor: l.costMinor, reference: d.returnId }));
    }
    case "StockCounted": {
      const d = event.data as RetailEventData["StockCounted"];
      return [{ item: d.item, quantityUnits: d.countedUnits - d.bookUnits, valueMinor: d.differenceMinor, reference: "stock opname" }];
    }
    default:
      return [];
  }
};

export interface StockCardLine {
  readonly seq: number;
  readonly date: string;
  readonly type: string;
  /** The purchase or sale id, `saldo awal` or `stock opname`. */
  readonly reference: string;
  readonly inUnits: bigint;
  readonly outUnits: bigint;
  /** Value at cost moved, signed: positive in, negative out. */
  readonly valueMinor: bigint;
  readonly balanceUnits: bigint;
  readonly balanceMinor: bigint;
}

export interface StockCard {
  readonly item: string;
  readonly name: string;
  readonly unit: string;
  readonly quantityScale: number;
  readonly from: string;
  readonly to: string;
  readonly opening: { readonly quantityUnits: bigint; readonly valueMinor: bigint };
  readonly lines: ReadonlyArray<StockCardLine>;
  readonly closing: { readonly quantityUnits: bigint; readonly valueMinor: bigint };
}

/**
 * Kartu stok: an item's movements between two dates with running quantity and value.
 *
 * The opening quantity and value come from the log's movements before `from` (`opening: "log"`, the
 * default: `events` holds at least every stock movement through `to`), or from the state
 * (`opening: "state"`: the item as it stands now, less every movement dated from `from` on, so
 * `events` must hold all of those, later ones included, as {@link stockCardSinceEvents} reads them, at
 * the state's head). On a long book the second reads a recent month's card without the years before it.
 */
export const stockCard = (
  state: BookState,
  events: Iterable<LedgerEvent>,
  options: { item: string; from: string; to: string; opening?: "log" | "state" },
): StockCard => {
  const def = state.shop.items.get(options.item)?.def;
  let quantity = 0n;
  let value = 0n;
  let opening = { quantityUnits: 0n, valueMinor: 0n };
  const lines: StockCardLine[] = [];
  const sorted = eventsByDate(events);
  if (options.opening === "state") {
    const item = state.shop.items.get(options.item);
    quantity = item?.quantity ?? 0n;
    value = item?.valueMinor ?? 0n;
    for (const event of sorted) {
      if (event.date < options.from) continue;
      for (const m of stockMovements(event)) {
        if (m.item !== options.item) continue;
        quantity -= m.quantityUnits;
        value -= m.valueMinor;
      }
    }
    opening = { quantityUnits: quantity, valueMinor: value };
  }
  for (const event of sorted) {
    if (event.date > options.to) break;
    // From the state, the opening is already known: what came before `from` is not counted again.
    if (options.opening === "state" && event.date < options.from) continue;
    for (const m of stockMovements(event)) {
      if (m.item !== options.item) continue;
      quantity += m.quantityUnits;
      value += m.valueMinor;
      if (event.date < options.from) {
        opening = { quantityUnits: quantity, valueMinor: value };
        continue;
      }
      lines.push({
        seq: event.seq,
        date: event.date,
        type: event.type,
        reference: m.reference,
        inUnits: m.quantityUnits > 0n ? m.quantityUnits : 0n,
        outUnits: m.quantityUnits < 0n ? -m.quantityUnits : 0n,
        valueMinor: m.valueMinor,
        balanceUnits: quantity,
        balanceMinor: value,
      });
    }
  }
  return {
    item: options.item,
    name: def?.name ?? options.item,
    unit: def?.unit ?? "",
    quantityScale: def?.quantityScale ?? 0,
    from: options.from,
    to: options.to,
    opening,
    lines,
    closing: { quantityUnits: quantity, valueMinor: value },
  };
};

export interface ValuationRow {
  readonly item: string;
  readonly name: string;
  readonly unit: string;
  readonly quantityScale: number;
  readonly quantityUnits: bigint;
  readonly valueMinor: bigint;
}

export interface InventoryValuation {
  readonly asOf: string;
  readonly rows: ReadonlyArray<ValuationRow>;
  readonly totalMinor: bigint;
  /** Persediaan Barang Dagangan at the same date; equal to `totalMinor` in a sound book. */
  readonly controlMinor: bigint;
}

/** True when no stock moved after `asOf`: the items in the state are then the stock as it stood that day. */
const stockStandsAt = (state: Pick<BookState, "shop"> | undefined, asOf: string): state is Pick<BookState, "shop"> =>
  state !== undefined && (state.shop.latestMovementOn === undefined || state.shop.latestMovementOn <= asOf);

/**
 * What `inventoryValuation` at `asOf` reads instead of the whole log: the control account's totals,
 * and the stock's movements unless the book's `state` is given and no stock moved after `asOf` (then
 * its items are the stock of that day, and a ten-year shop's tens of thousands of sales are not read).
 */
export const inventoryValuationReads = (options: { asOf: string }, state?: Pick<BookState, "shop">): LogReads => ({
  filters: [{ through: options.asOf }],
  selections: stockStandsAt(state, options.asOf) ? [] : [stockCardEvents({ to: options.asOf })],
});

/**
 * Every item's quantity and value at cost at the end of `asOf`, beside the control account: from the
 * log, or from what {@link inventoryValuationReads} read.
 */
export const inventoryValuation = (state: BookState, source: ReportSource, options: { asOf: string }): InventoryValuation => {
  const { totals: sums, events: list } = readResultOf(source, inventoryValuationReads(options, state));
  const totals = new Map<string, { quantityUnits: bigint; valueMinor: bigint }>();
  if (stockStandsAt(state, options.asOf)) {
    for (const [code, item] of state.shop.items) totals.set(code, { quantityUnits: item.quantity, valueMinor: item.valueMinor });
  } else {
    for (const event of list) {
      if (event.date > options.asOf) continue;
      for (const m of stockMovements(event)) {
        const t = totals.get(m.item) ?? { quantityUnits: 0n, valueMinor: 0n };
        t.quantityUnits += m.quantityUnits;
        t.valueMinor += m.valueMinor;
        totals.set(m.item, t);
      }
    }
  }
  const rows = [...totals]
    .filter(([, t]) => t.quantityUnits !== 0n || t.valueMinor !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([item, t]): ValuationRow => {
      const def = state.shop.items.get(item)?.def;
      return { item, name: def?.name ?? item, unit: def?.unit ?? "", quantityScale: def?.quantityScale ?? 0, ...t };
    });
  return {
    asOf: options.asOf,
    rows,
    totalMinor: rows.reduce((s, r) => s + r.valueMinor, 0n),
    controlMinor: balanceWithin(sums, { through: options.asOf }, new Set([ACCOUNTS.persediaan])),
  };
};

/** Age buckets in days past the charge date: 0–30, 31–60, 61–90, over 90. */
export const AGING_BUCKETS = ["0-30", "31-60", "61-90", "91+"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingRow {
  /** A member's number or `cust:` and a customer's code. */
  readonly buyer: string;
  readonly name: string;
  readonly member: boolean;
  readonly balanceMinor: bigint;
  readonly buckets: Readonly<Record<AgingBucket, bigint>>;
  /** The date of the oldest charge not yet paid. */
  readonly oldestOpen: string | undefined;
}

export interface ReceivableAging {
  readonly asOf: string;
  readonly rows: ReadonlyArray<AgingRow>;
  readonly totals: Readonly<Record<AgingBucket, bigint>>;
  readonly totalMinor: bigint;
  /** Piutang Usaha at the same date; equal to `totalMinor` in a sound book. */
  readonly controlMinor: bigint;
}

const bucketOf = (days: number): AgingBucket => (days <= 30 ? "0-30" : days <= 60 ? "31-60" : days <= 90 ? "61-90" : "91+");
const noBuckets = (): Record<AgingBucket, bigint> => ({ "0-30": 0n, "31-60": 0n, "61-90": 0n, "91+": 0n });

/**
 * Piutang Usaha per buyer at the end of `asOf`, aged by the date of each charge. Payments settle the
 * oldest charges first (first in, first out), as a treasurer collecting on account would apply them.
 */
export const receivableAging = (state: BookState, events: Iterable<LedgerEvent>, options: { asOf: string }): ReceivableAging => {
  const list = [...events];
  const open = new Map<string, Array<{ date: string; minor: bigint }>>();
  for (const event of eventsByDate(list)) {
    if (event.date > options.asOf) break;
    for (const p of event.postings) {
      if (p.account !== ACCOUNTS.piutangUsaha || p.sub === undefined) continue;
      const charges = open.get(p.sub) ?? [];
      open.set(p.sub, charges);
      if (p.amount > 0n) {
        charges.push({ date: event.date, minor: p.amount });
        continue;
      }
      let left = -p.amount;
      while (left > 0n && charges.length > 0) {
        const first = charges[0] as { date: string; minor: bigint };
        const taken = first.minor < left ? first.minor : left;
        first.minor -= taken;
        left -= taken;
        if (first.minor === 0n) charges.shift();
      }
      // A payment beyond the charges (an advance) stays as a credit on the newest bucket.
      if (left > 0n) charges.push({ date: event.date, minor: -left });
    }
  }
  const totals = noBuckets();
  const rows: AgingRow[] = [];
  for (const [buyer, charges] of [...open].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const buckets = noBuckets();
    for (const c of charges) buckets[bucketOf(daysBetween(c.date, options.asOf))] += c.minor;
    const balance = charges.reduce((s, c) => s + c.minor, 0n);
    if (balance === 0n && charges.length === 0) continue;
    for (const b of AGING_BUCKETS) totals[b] += buckets[b];
    const member = !buyer.startsWith("cust:");
    // A member's name is personal data kept off the ledger; the member number names them here.
    const name = member ? buyer : (state.shop.customers.get(buyer.slice("cust:".length))?.name ?? buyer);
    rows.push({ buyer, name, member, balanceMinor: balance, buckets, oldestOpen: charges[0]?.date });
  }
  return {
    asOf: options.asOf,
    rows,
    totals,
    totalMinor: rows.reduce((s, r) => s + r.balanceMinor, 0n),
    controlMinor: accountBalanceAt(list, { account: ACCOUNTS.piutangUsaha, asOf: options.asOf }),
  };
};

export interface MemberPurchases {
  readonly from: string;
  readonly to: string;
  /** Net sales (after discounts and returns) to each member, by member number, in the period. */
  readonly rows: ReadonlyArray<{ readonly memberNo: string; readonly sales: number; readonly amountMinor: bigint }>;
  readonly totalMinor: bigint;
}

/** Each member's purchases from the shop in a period: the basis of jasa usaha in the SHU. */
export const memberPurchases = (events: Iterable<LedgerEvent>, options: { from: string; to: string }): MemberPurchases => {
  const byMember = new Map<string, { sales: number; amountMinor: bigint }>();
  for (const event of events) {
    if ((event.type !== "SaleRecorded" && event.type !== "SaleReturned") || event.date < options.from || event.date > options.to) continue;
    const d = event.data as RetailEventData["SaleRecorded"] | RetailEventData["SaleReturned"];
    if (!d.member) continue;
    const row = byMember.get(d.buyer) ?? { sales: 0, amountMinor: 0n };
    const amount = d.lines.reduce((s, l) => s + l.revenueMinor, 0n);
    // Goods brought back are not purchases: a return takes its amount off the member's total.
    if (event.type === "SaleRecorded") {
      row.sales += 1;
      row.amountMinor += amount;
    } else row.amountMinor -= amount;
    byMember.set(d.buyer, row);
  }
  const rows = [...byMember].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([memberNo, r]) => ({ memberNo, ...r }));
  return { from: options.from, to: options.to, rows, totalMinor: rows.reduce((s, r) => s + r.amountMinor, 0n) };
};

export interface MarginLine {
  /** Net of discounts. */
  readonly salesMinor: bigint;
  readonly discountMinor: bigint;
  readonly costMinor: bigint;
  readonly marginMinor: bigint;
}

export interface GrossMargin {
  readonly from: string;
  readonly to: string;
  readonly anggota: MarginLine;
  readonly nonanggota: MarginLine;
  readonly total: MarginLine;
}

/** Sales, cost of goods sold and gross margin in a period, split member and non-member. */
export const grossMargin = (events: Iterable<LedgerEvent>, options: { from: string; to: string }): GrossMargin => {
  const sums = { anggota: { sales: 0n, discount: 0n, cost: 0n }, nonanggota: { sales: 0n, discount: 0n, cost: 0n } };
  for (const event of events) {
    if (event.date < options.from || event.date > options.to) continue;
    if (event.type === "SaleRecorded") {
      const d = event.data as RetailEventData["SaleRecorded"];
      const s = d.member ? sums.anggota : sums.nonanggota;
      for (const l of d.lines) {
        s.sales += l.revenueMinor;
        s.discount += l.discountMinor ?? 0n;
        s.cost += l.costMinor;
      }
    } else if (event.type === "SaleReturned") {
      // Returns net off sales and cost of goods, as they do on the Penjualan and HPP accounts.
      const d = event.data as RetailEventData["SaleReturned"];
      const s = d.member ? sums.anggota : sums.nonanggota;
      for (const l of d.lines) {
        s.sales -= l.revenueMinor;
        s.cost -= l.costMinor;
      }
    }
  }
  const line = (sales: bigint, discount: bigint, cost: bigint): MarginLine => ({
    salesMinor: sales,
    discountMinor: discount,
    costMinor: cost,
    marginMinor: sales - cost,
  });
  const a = sums.anggota;
  const n = sums.nonanggota;
  return {
    from: options.from,
    to: options.to,
    anggota: line(a.sales, a.discount, a.cost),
    nonanggota: line(n.sales, n.discount, n.cost),
    total: line(a.sales + n.sales, a.discount + n.discount, a.cost + n.cost),
  };
};
