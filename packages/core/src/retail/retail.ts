/**
 * Toko sembako: items with a unit and a quantity scale, suppliers and customers, purchases, sales at
 * moving-average cost (split member and non-member), and stock opname. Quantities are bigints in a
 * fixed fraction of the item's unit (scale 3 = thousandths: grams of a kilogram); in event data their
 * field names end in `Units`, as money's end in `Minor`. The shop's state is
 * a fold of its own events, so a store can rebuild it from those events alone.
 */
import { divideRounded, type Money, money } from "../money.js";

export interface ItemPrice {
  /** The first day the price applies. */
  readonly from: string;
  readonly priceMinor: Money;
  /** A lower price for members, when the koperasi gives one. */
  readonly memberPriceMinor?: Money;
}

export interface ItemDef {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  /** Digits after the decimal point of a quantity: 0 for pieces, 3 for kilograms in grams. */
  readonly quantityScale: number;
}

export interface ItemState {
  readonly def: ItemDef;
  /** Prices by effective date, in order. */
  readonly prices: ItemPrice[];
  /** On hand, in the item's quantity units, and its value at cost. */
  quantity: bigint;
  valueMinor: bigint;
  /** FIFO books only: the stock's cost layers, oldest first; their quantities and values sum to the item's. */
  layers: CostLayer[];
}

export interface CostLayer {
  readonly quantity: bigint;
  readonly valueMinor: bigint;
}

/** How a book costs the goods it sells: the moving average (the default) or first in, first out. */
export type Costing = "moving-average" | "fifo";

/**
 * Takes `quantity` from cost layers, oldest first (or newest first), and returns the value taken and
 * the layers left. A layer taken in part gives up its value in proportion, half up; a layer taken
 * whole gives up all of it, so the values left always sum exactly.
 */
export const takeLayers = (
  layers: ReadonlyArray<CostLayer>,
  quantity: bigint,
  from: "oldest" | "newest" = "oldest",
): { costMinor: Money; rest: CostLayer[] } => {
  const rest = from === "oldest" ? [...layers] : [...layers].reverse();
  let left = quantity;
  let cost = 0n;
  while (left > 0n && rest.length > 0) {
    const layer = rest[0] as CostLayer;
    if (layer.quantity <= left) {
      cost += layer.valueMinor;
      left -= layer.quantity;
      rest.shift();
      continue;
    }
    const part = divideRounded(layer.valueMinor * left, layer.quantity, "half-up");
    cost += part;
    rest[0] = { quantity: layer.quantity - left, valueMinor: layer.valueMinor - part };
    left = 0n;
  }
  return { costMinor: money(cost), rest: from === "oldest" ? rest : rest.reverse() };
};

export interface Counterparty {
  readonly code: string;
  readonly name: string;
  readonly kind: "supplier" | "institutional" | "walk-in";
  /** Credit a customer may owe at most (0 for none). */
  readonly creditLimitMinor: Money;
}

export interface Shop {
  readonly items: Map<string, ItemState>;
  readonly suppliers: Map<string, Counterparty>;
  readonly customers: Map<string, Counterparty>;
  /** Shop credit a member may owe at most, by member number; a member without one buys for cash only. */
  readonly memberCreditLimits: Map<string, bigint>;
  /**
   * Every sale by its id: the number of the event that recorded it. A return reads the sale's lines
   * from that event (the executor fetches it), so a long book's state does not carry every receipt.
   */
  readonly sales: Map<string, number>;
  /** Every purchase by its id: the number of the event that recorded it. */
  readonly purchases: Map<string, number>;
  /** What has been returned of a sale, per item, by the sale's id: only sales with a return have one. */
  readonly saleReturns: Map<string, ReturnedItem[]>;
  /** What has been sent back of a purchase, per item, by the purchase's id. */
  readonly purchaseReturns: Map<string, ReturnedItem[]>;
  readonly costing: Costing;
  /**
   * The latest date any stock moved (bought, sold, returned, counted or brought in): at it or after,
   * the items' quantities and values are the stock as it stood, and a valuation needs no log.
   */
  latestMovementOn: string | undefined;
}

/** The event types that move stock. */
export const STOCK_MOVEMENT_TYPES: ReadonlyArray<string> = [
  "OpeningStockRecorded",
  "StockPurchased",
  "SaleRecorded",
  "PurchaseReturned",
  "SaleReturned",
  "StockCounted",
];
const MOVES_STOCK: ReadonlySet<string> = new Set(STOCK_MOVEMENT_TYPES);

/** One item's returns from one receipt, summed: units, and the revenue (none on a purchase) and cost they took back. */
export interface ReturnedItem {
  readonly item: string;
  units: bigint;
  revenueMinor: bigint;
  costMinor: bigint;
}

/** A purchase as a return sees it: read from its event, with what has been sent back of each line. */
export interface PurchaseState {
  readonly supplier: string;
  readonly payment: "cash" | "credit";
  /** Revenue is zero on a purchase's lines. */
  readonly lines: ReceiptLineState[];
}

/** A sale's or a purchase's line, one per item, with what has been returned of it. */
export interface ReceiptLineState {
  readonly item: string;
  readonly quantityUnits: bigint;
  readonly revenueMinor: bigint;
  readonly costMinor: bigint;
  returnedUnits: bigint;
  returnedRevenueMinor: bigint;
  returnedCostMinor: bigint;
}

/** A sale as a return sees it: read from its event, with what has been returned of each line. */
export interface SaleState {
  readonly buyer: string;
  readonly member: boolean;
  readonly payment: "cash" | "credit" | "sukarela";
  readonly lines: ReceiptLineState[];
}

/** A receipt's lines summed per item (a receipt may ring one item twice), with what its returns took of each. */
const perItem = (
  lines: ReadonlyArray<{
    readonly item: string;
    readonly quantityUnits: bigint;
    readonly costMinor: bigint;
    readonly revenueMinor?: bigint;
  }>,
  returned: ReadonlyArray<ReturnedItem> | undefined,
): ReceiptLineState[] => {
  const byItem = new Map<string, ReceiptLineState>();
  for (const l of lines) {
    const before = byItem.get(l.item);
    byItem.set(l.item, {
      item: l.item,
      quantityUnits: (before?.quantityUnits ?? 0n) + l.quantityUnits,
      revenueMinor: (before?.revenueMinor ?? 0n) + (l.revenueMinor ?? 0n),
      costMinor: (before?.costMinor ?? 0n) + l.costMinor,
      returnedUnits: 0n,
      returnedRevenueMinor: 0n,
      returnedCostMinor: 0n,
    });
  }
  for (const r of returned ?? []) {
    const line = byItem.get(r.item);
    if (line === undefined) continue;
    line.returnedUnits = r.units;
    line.returnedRevenueMinor = r.revenueMinor;
    line.returnedCostMinor = r.costMinor;
  }
  return [...byItem.values()];
};

/** A sale read from the `SaleRecorded` event that recorded it, with the returns the shop has folded. */
export const saleOf = (shop: Shop, recorded: RetailEventData["SaleRecorded"]): SaleState => ({
  buyer: recorded.buyer,
  member: recorded.member,
  payment: recorded.payment,
  lines: perItem(recorded.lines, shop.saleReturns.get(recorded.saleId)),
});

/** A purchase read from the `StockPurchased` event that recorded it, with what has been sent back. */
export const purchaseOf = (shop: Shop, recorded: RetailEventData["StockPurchased"]): PurchaseState => ({
  supplier: recorded.supplier,
  payment: recorded.payment,
  lines: perItem(recorded.lines, shop.purchaseReturns.get(recorded.purchaseId)),
});

/** Adds a return's line to what has been returned of its receipt. */
const addReturned = (
  returns: Map<string, ReturnedItem[]>,
  receipt: string,
  line: { readonly item: string; readonly quantityUnits: bigint; readonly revenueMinor?: bigint; readonly costMinor: bigint },
): void => {
  let items = returns.get(receipt);
  if (items === undefined) {
    items = [];
    returns.set(receipt, items);
  }
  let item = items.find((i) => i.item === line.item);
  if (item === undefined) {
    item = { item: line.item, units: 0n, revenueMinor: 0n, costMinor: 0n };
    items.push(item);
  }
  item.units += line.quantityUnits;
  item.revenueMinor += line.revenueMinor ?? 0n;
  item.costMinor += line.costMinor;
};

export const emptyShop = (costing: Costing = "moving-average"): Shop => ({
  costing,
  items: new Map(),
  suppliers: new Map(),
  customers: new Map(),
  memberCreditLimits: new Map(),
  sales: new Map(),
  purchases: new Map(),
  saleReturns: new Map(),
  purchaseReturns: new Map(),
  latestMovementOn: undefined,
});

/** The sub-ledger key of a buyer on Piutang Usaha: a member's number, or `cust:` and the customer's code. */
export const customerKey = (code: string): string => `cust:${code}`;

/** The price of an item on a date, for a member or not; undefined when no price applies yet. */
export const priceOn = (item: ItemState, date: string, member: boolean): Money | undefined => {
  let found: ItemPrice | undefined;
  for (const price of item.prices) if (price.from <= date) found = price;
  if (found === undefined) return undefined;
  return member && found.memberPriceMinor !== undefined ? found.memberPriceMinor : found.priceMinor;
};

/** The cost of taking `quantity` out of stock at the moving average (half-up; the last unit takes the rest). */
export const costOut = (item: { readonly quantity: bigint; readonly valueMinor: bigint }, quantity: bigint): Money =>
  money(quantity === item.quantity ? item.valueMinor : divideRounded(item.valueMinor * quantity, item.quantity, "half-up"));

/** What taking `quantity` out of stock costs under the book's costing, and (FIFO) the layers it leaves. */
export const issueCost = (
  costing: Costing,
  stock: { readonly quantity: bigint; readonly valueMinor: bigint; readonly layers: ReadonlyArray<CostLayer> },
  quantity: bigint,
): { costMinor: Money; rest: CostLayer[] } =>
  costing === "fifo" ? takeLayers(stock.layers, quantity) : { costMinor: costOut(stock, quantity), rest: [] };

export interface RetailEventData {
  ItemAdded: { readonly item: ItemDef; readonly price: ItemPrice };
  ItemPriceSet: { readonly code: string; readonly price: ItemPrice };
  SupplierAdded: { readonly supplier: Counterparty };
  CustomerAdded: { readonly customer: Counterparty };
  StockPurchased: {
    readonly purchaseId: string;
    readonly supplier: string;
    readonly payment: "cash" | "credit";
    readonly lines: ReadonlyArray<{ readonly item: string; readonly quantityUnits: bigint; readonly costMinor: Money }>;
  };
  SaleRecorded: {
    readonly saleId: string;
    /** A member's number, `cust:` and a customer's code, or `walk-in`. */
    readonly buyer: string;
    readonly member: boolean;
    readonly payment: "cash" | "credit" | "sukarela";
    readonly lines: ReadonlyArray<{
      readonly item: string;
      readonly quantityUnits: bigint;
      readonly revenueMinor: Money;
      readonly discountMinor?: Money;
      readonly costMinor: Money;
    }>;
  };
  StockCounted: { readonly item: string; readonly bookUnits: bigint; readonly countedUnits: bigint; readonly differenceMinor: Money };
  SupplierPaid: { readonly supplier: string; readonly amountMinor: Money; readonly via: string };
  ReceivablePaid: { readonly buyer: string; readonly amountMinor: Money; readonly via: string };
  OpeningStockRecorded: { readonly item: string; readonly quantityUnits: bigint; readonly valueMinor: Money };
  OpeningReceivableRecorded: { readonly buyer: string; readonly amountMinor: Money };
  OpeningPayableRecorded: { readonly supplier: string; readonly amountMinor: Money };
  MemberCreditLimitSet: { readonly memberNo: string; readonly limitMinor: Money };
  PurchaseReturned: {
    readonly returnId: string;
    readonly purchaseId: string;
    readonly supplier: string;
    /** Credited against Utang Usaha (a credit purchase) or refunded into `via` (a cash purchase). */
    readonly via: string;
    /**
     * `costMinor` is what the supplier takes back (the purchase line's share); `valueMinor` what leaves
     * Persediaan: the same, or, when the return empties the item, all that was left of its value (the
     * difference goes to Selisih Persediaan).
     */
    readonly lines: ReadonlyArray<{
      readonly item: string;
      readonly quantityUnits: bigint;
      readonly costMinor: Money;
      readonly valueMinor: Money;
    }>;
  };
  SaleReturned: {
    readonly returnId: string;
    readonly saleId: string;
    readonly buyer: string;
    readonly member: boolean;
    /** What the buyer gets back: their receivable reduced, cash (or `via`), or their sukarela. */
    readonly refund: { readonly receivableMinor: Money; readonly cashMinor: Money; readonly sukarelaMinor: Money; readonly via: string };
    readonly lines: ReadonlyArray<{
      readonly item: string;
      readonly quantityUnits: bigint;
      readonly revenueMinor: Money;
      readonly costMinor: Money;
    }>;
  };
}

export const RETAIL_EVENT_TYPES = [
  "ItemAdded",
  "ItemPriceSet",
  "SupplierAdded",
  "CustomerAdded",
  "StockPurchased",
  "SaleRecorded",
  "StockCounted",
  "OpeningStockRecorded",
  "MemberCreditLimitSet",
  "SaleReturned",
  "PurchaseReturned",
] as const;

const itemOf = (shop: Shop, code: string): ItemState => {
  const item = shop.items.get(code);
  if (item === undefined) throw new RangeError(`unknown item ${code}`);
  return item;
};

/** Folds one shop event into the shop, in place. */
export const applyRetailEvent = (
  shop: Shop,
  event: { readonly type: string; readonly seq: number; readonly date: string; readonly data: unknown },
): void => {
  if (MOVES_STOCK.has(event.type) && (shop.latestMovementOn === undefined || event.date > shop.latestMovementOn)) {
    shop.latestMovementOn = event.date;
  }
  switch (event.type) {
    case "ItemAdded": {
      const d = event.data as RetailEventData["ItemAdded"];
      shop.items.set(d.item.code, { def: d.item, prices: [d.price], quantity: 0n, valueMinor: 0n, layers: [] });
      return;
    }
    case "ItemPriceSet": {
      const d = event.data as RetailEventData["ItemPriceSet"];
      const item = itemOf(shop, d.code);
      const keep = item.prices.filter((p) => p.from < d.price.from);
      item.prices.length = 0;
      item.prices.push(...keep, d.price);
      return;
    }
    case "SupplierAdded": {
      const d = event.data as RetailEventData["SupplierAdded"];
      shop.suppliers.set(d.supplier.code, d.supplier);
      return;
    }
    case "CustomerAdded": {
      const d = event.data as RetailEventData["CustomerAdded"];
      shop.customers.set(d.customer.code, d.customer);
      return;
    }
    case "MemberCreditLimitSet": {
      const d = event.data as RetailEventData["MemberCreditLimitSet"];
      shop.memberCreditLimits.set(d.memberNo, d.limitMinor);
      return;
    }
    case "StockPurchased": {
      const d = event.data as RetailEventData["StockPurchased"];
      for (const line of d.lines) {
        const item = itemOf(shop, line.item);
        item.quantity += line.quantityUnits;
        item.valueMinor += line.costMinor;
        if (shop.costing === "fifo") item.layers.push({ quantity: line.quantityUnits, valueMinor: line.costMinor });
      }
      shop.purchases.set(d.purchaseId, event.seq);
      return;
    }
    case "PurchaseReturned": {
      const d = event.data as RetailEventData["PurchaseReturned"];
      for (const line of d.lines) {
        const item = itemOf(shop, line.item);
        item.quantity -= line.quantityUnits;
        item.valueMinor -= line.valueMinor;
        if (shop.costing === "fifo") item.layers = takeLayers(item.layers, line.quantityUnits, "newest").rest;
        addReturned(shop.purchaseReturns, d.purchaseId, line);
      }
      return;
    }
    case "SaleRecorded": {
      const d = event.data as RetailEventData["SaleRecorded"];
      for (const line of d.lines) {
        const item = itemOf(shop, line.item);
        item.quantity -= line.quantityUnits;
        item.valueMinor -= line.costMinor;
        if (shop.costing === "fifo") item.layers = takeLayers(item.layers, line.quantityUnits).rest;
      }
      shop.sales.set(d.saleId, event.seq);
      return;
    }
    case "SaleReturned": {
      const d = event.data as RetailEventData["SaleReturned"];
      for (const line of d.lines) {
        const item = itemOf(shop, line.item);
        item.quantity += line.quantityUnits;
        item.valueMinor += line.costMinor;
        // Goods brought back come in as a new layer at the cost they left at.
        if (shop.costing === "fifo") item.layers.push({ quantity: line.quantityUnits, valueMinor: line.costMinor });
        addReturned(shop.saleReturns, d.saleId, line);
      }
      return;
    }
    case "OpeningStockRecorded": {
      const d = event.data as RetailEventData["OpeningStockRecorded"];
      const item = itemOf(shop, d.item);
      item.quantity += d.quantityUnits;
      item.valueMinor += d.valueMinor;
      if (shop.costing === "fifo") item.layers.push({ quantity: d.quantityUnits, valueMinor: d.valueMinor });
      return;
    }
    case "StockCounted": {
      const d = event.data as RetailEventData["StockCounted"];
      const item = itemOf(shop, d.item);
      if (shop.costing === "fifo") {
        if (d.countedUnits < d.bookUnits) item.layers = takeLayers(item.layers, d.bookUnits - d.countedUnits).rest;
        else if (d.countedUnits > d.bookUnits) item.layers.push({ quantity: d.countedUnits - d.bookUnits, valueMinor: d.differenceMinor });
      }
      item.quantity = d.countedUnits;
      item.valueMinor += d.differenceMinor;
      return;
    }
    default:
      return;
  }
};

/** A quantity in an item's units as Indonesian writes it, every digit of its scale kept: `34,500` (kg), `12` (botol). */
export const quantityText = (units: bigint, scale: number): string => {
  if (scale === 0) return units.toString();
  const d = 10n ** BigInt(scale);
  const sign = units < 0n ? "-" : "";
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / d},${(abs % d).toString().padStart(scale, "0")}`;
};

/** Parses a quantity ("12.5", "3") at an item's scale; undefined when it has more decimals or is malformed. */
export const parseQuantity = (text: string, scale: number): bigint | undefined => {
  const match = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (match === null) return undefined;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > scale) return undefined;
  return BigInt(match[1] as string) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, "0") || "0");
};
