/**
 * The demo's toko sembako: twenty items bought on credit from two suppliers and restocked when they
 * run low; daily sales to members (for cash, on credit up to their limit, or from their sukarela)
 * and to walk-in neighbours; an MBG kitchen that buys three times a week on credit with a 2%
 * discount and pays at the end of the month; supplier payments and a rice stock opname at month end.
 * Every sale is planned against the stock on hand and the prices, so no command of a day is rejected.
 */
import { ACCOUNTS, type BookState, subBalance } from "@lumbung/core";

interface DemoItem {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly scale: 0 | 3;
  readonly price: bigint;
  readonly memberPrice: bigint;
  readonly cost: bigint;
  /** Restock to this many whole units when stock falls under a third of it. */
  readonly target: bigint;
  readonly supplier: "BULOG" | "GROSIR";
}

const item = (
  code: string,
  name: string,
  unit: string,
  scale: 0 | 3,
  price: number,
  memberPrice: number,
  cost: number,
  target: number,
  supplier: "BULOG" | "GROSIR" = "GROSIR",
): DemoItem => ({
  code,
  name,
  unit,
  scale,
  price: BigInt(price),
  memberPrice: BigInt(memberPrice),
  cost: BigInt(cost),
  target: BigInt(target),
  supplier,
});

export const SHOP_ITEMS: ReadonlyArray<DemoItem> = [
  item("BERAS-M", "Beras medium", "kg", 3, 14_000, 13_500, 12_000, 600, "BULOG"),
  item("BERAS-P", "Beras premium", "kg", 3, 16_000, 15_500, 13_800, 200, "BULOG"),
  item("GULA", "Gula pasir", "kg", 3, 18_000, 17_500, 16_000, 120, "BULOG"),
  item("MINYAK-1L", "Minyak goreng 1 L", "pcs", 0, 18_000, 17_500, 16_000, 150, "BULOG"),
  item("MINYAK-2L", "Minyak goreng 2 L", "pcs", 0, 35_000, 34_000, 31_500, 60, "BULOG"),
  item("TELUR", "Telur ayam", "kg", 3, 29_000, 28_000, 26_000, 80),
  item("TEPUNG", "Tepung terigu", "kg", 3, 12_000, 11_500, 10_000, 50),
  item("MIE", "Mi instan", "pcs", 0, 3_500, 3_300, 2_900, 400),
  item("KECAP", "Kecap manis 520 ml", "pcs", 0, 22_000, 21_000, 19_000, 40),
  item("GARAM", "Garam 250 g", "pcs", 0, 3_000, 2_800, 2_200, 60),
  item("TEH", "Teh celup isi 25", "pcs", 0, 7_000, 6_500, 5_600, 40),
  item("KOPI", "Kopi bubuk 165 g", "pcs", 0, 14_000, 13_500, 12_000, 40),
  item("SUSU", "Susu kental manis", "pcs", 0, 12_500, 12_000, 10_800, 48),
  item("SABUN", "Sabun cuci 800 g", "pcs", 0, 21_000, 20_000, 18_000, 30),
  item("GAS-3KG", "Gas LPG 3 kg", "tabung", 0, 21_000, 20_000, 18_000, 40),
  item("BAWANG-M", "Bawang merah", "kg", 3, 40_000, 38_000, 34_000, 30),
  item("BAWANG-P", "Bawang putih", "kg", 3, 38_000, 36_000, 32_000, 30),
  item("CABAI", "Cabai merah", "kg", 3, 45_000, 43_000, 38_000, 20),
  item("KACANG", "Kacang tanah", "kg", 3, 30_000, 29_000, 26_000, 20),
  item("AIR", "Air mineral galon isi ulang", "pcs", 0, 6_000, 5_500, 4_000, 60),
];

const BY_CODE = new Map(SHOP_ITEMS.map((i) => [i.code, i]));
const KITCHEN = "MBG-JTS";
const MEMBER_CREDIT_LIMIT = 500_000n;

/** The shop's master data, on the book's first day. */
export const shopSetup = (): unknown[] => [
  ...SHOP_ITEMS.map((i) => ({
    type: "AddItem",
    key: `item-${i.code}`,
    code: i.code,
    name: i.name,
    unit: i.unit,
    quantityScale: i.scale,
    price: i.price.toString(),
    memberPrice: i.memberPrice.toString(),
  })),
  { type: "AddSupplier", key: "supplier-BULOG", code: "BULOG", name: "Bulog Cabang Bekasi" },
  { type: "AddSupplier", key: "supplier-GROSIR", code: "GROSIR", name: "Toko Grosir Sumber Rezeki" },
  {
    type: "AddCustomer",
    key: `customer-${KITCHEN}`,
    code: KITCHEN,
    name: "Dapur MBG Jatisampurna",
    kind: "institutional",
    creditLimit: "20000000",
  },
];

const units = (i: DemoItem, whole: bigint) => whole * 10n ** BigInt(i.scale);
const quantityText = (i: DemoItem, u: bigint) => (i.scale === 0 ? u.toString() : `${u / 1000n}.${(u % 1000n).toString().padStart(3, "0")}`);
/** What the engine charges for a line: price × quantity, half up to whole rupiah. */
const lineAmount = (price: bigint, i: DemoItem, u: bigint) => {
  const d = 10n ** BigInt(i.scale);
  return (price * u * 2n + d) / (2n * d);
};

export interface ShopDay {
  readonly date: string;
  readonly day: number;
  readonly lastDay: boolean;
  /** 0 Sunday … 6 Saturday. */
  readonly weekday: number;
  readonly state: BookState;
  readonly members: ReadonlyArray<string>;
  readonly random: () => number;
}

/** A day of the shop, planned against the state at the start of the day. */
export const shopDay = (d: ShopDay): unknown[] => {
  const { state, random, date } = d;
  const commands: unknown[] = [];
  const onHand = new Map(SHOP_ITEMS.map((i) => [i.code, state.shop.items.get(i.code)?.quantity ?? 0n]));
  const owedBy = new Map<string, bigint>();
  const owed = (key: string) => owedBy.get(key) ?? subBalance(state, ACCOUNTS.piutangUsaha, key);

  // Restock what runs low, on credit, at a cost that moves a little from delivery to delivery.
  const purchases = new Map<string, Array<{ item: string; quantity: string; cost: string }>>();
  for (const i of SHOP_ITEMS) {
    const have = onHand.get(i.code) ?? 0n;
    if (have * 3n >= units(i, i.target)) continue;
    const whole = i.target - have / 10n ** BigInt(i.scale);
    const unitCost = (i.cost * BigInt(97 + Math.floor(random() * 7))) / 100n;
    const lines = purchases.get(i.supplier) ?? [];
    lines.push({ item: i.code, quantity: whole.toString(), cost: (unitCost * whole).toString() });
    purchases.set(i.supplier, lines);
    onHand.set(i.code, have + units(i, whole));
  }
  for (const [supplier, lines] of purchases)
    commands.push({
      type: "PurchaseStock",
      key: `buy-${supplier}-${date}`,
      purchaseId: `PB-${supplier}-${date}`,
      supplier,
      date,
      payment: "credit",
      lines,
    });

  // A basket of one to three items, within the stock on hand.
  const basket = (member: boolean, maxLines: number) => {
    const lines: Array<{ item: string; quantity: string }> = [];
    let amount = 0n;
    const count = 1 + Math.floor(random() * maxLines);
    for (let n = 0; n < count; n++) {
      const i = SHOP_ITEMS[Math.floor(random() * SHOP_ITEMS.length)] as DemoItem;
      if (lines.some((l) => l.item === i.code)) continue;
      // Kilograms in steps of a quarter; pieces one to four.
      const u = i.scale === 3 ? BigInt(250 * (1 + Math.floor(random() * 12))) : BigInt(1 + Math.floor(random() * 4));
      const have = onHand.get(i.code) ?? 0n;
      if (u > have) continue;
      onHand.set(i.code, have - u);
      lines.push({ item: i.code, quantity: quantityText(i, u) });
      amount += lineAmount(member ? i.memberPrice : i.price, i, u);
    }
    return { lines, amount };
  };

  if (d.weekday !== 0) {
    const active = d.members.filter((m) => state.members.get(m)?.status === "active");
    const memberSales = 3 + Math.floor(random() * 6);
    for (let n = 0; n < memberSales && active.length > 0; n++) {
      const memberNo = active[Math.floor(random() * active.length)] as string;
      const { lines, amount } = basket(true, 3);
      if (lines.length === 0) continue;
      const r = random();
      const limit = state.shop.memberCreditLimits.get(memberNo) ?? 0n;
      const sukarela = subBalance(state, ACCOUNTS.simpananSukarela, memberNo);
      const payment =
        r < 0.2 && limit > 0n && owed(memberNo) + amount <= limit
          ? "credit"
          : r < 0.3 && -sukarela >= 400_000n + amount && !owedBy.has(`sukarela:${memberNo}`)
            ? "sukarela"
            : "cash";
      if (payment === "credit") owedBy.set(memberNo, owed(memberNo) + amount);
      if (payment === "sukarela") owedBy.set(`sukarela:${memberNo}`, amount);
      commands.push({ type: "RecordSale", key: `sale-${date}-m${n}`, saleId: `TS-${date}-M${n}`, date, memberNo, payment, lines });
    }
    const walkIns = 3 + Math.floor(random() * 8);
    for (let n = 0; n < walkIns; n++) {
      const { lines } = basket(false, 2);
      if (lines.length > 0)
        commands.push({ type: "RecordSale", key: `sale-${date}-n${n}`, saleId: `TS-${date}-N${n}`, date, payment: "cash", lines });
    }
  }

  // The MBG kitchen on Monday, Wednesday and Friday: rice, oil, eggs, sugar; 2% off each line.
  if (d.weekday === 1 || d.weekday === 3 || d.weekday === 5) {
    const order: Array<[string, bigint]> = [
      ["BERAS-M", BigInt(25_000 + 1_000 * Math.floor(random() * 16))],
      ["MINYAK-1L", BigInt(8 + Math.floor(random() * 6))],
      ["TELUR", BigInt(8_000 + 500 * Math.floor(random() * 8))],
      ["GULA", 5_000n],
    ];
    const lines: Array<{ item: string; quantity: string; discount: string }> = [];
    let amount = 0n;
    for (const [code, u] of order) {
      const i = BY_CODE.get(code) as DemoItem;
      const have = onHand.get(code) ?? 0n;
      if (u > have) continue;
      onHand.set(code, have - u);
      const gross = lineAmount(i.price, i, u);
      const discount = (gross * 2n) / 100n;
      amount += gross - discount;
      lines.push({ item: code, quantity: quantityText(i, u), discount: discount.toString() });
    }
    const key = `cust:${KITCHEN}`;
    const limit = state.shop.customers.get(KITCHEN)?.creditLimitMinor ?? 0n;
    if (lines.length > 0 && owed(key) + amount <= limit) {
      owedBy.set(key, owed(key) + amount);
      commands.push({ type: "RecordSale", key: `mbg-${date}`, saleId: `MBG-${date}`, date, customer: KITCHEN, payment: "credit", lines });
    }
  }

  // Members settle their shop credit with their wajib, on the 10th.
  if (d.day === 10) {
    for (const memberNo of d.members) {
      const due = subBalance(state, ACCOUNTS.piutangUsaha, memberNo);
      if (due > 0n && state.members.get(memberNo)?.status === "active")
        commands.push({ type: "ReceivePayment", key: `bayar-${memberNo}-${date}`, memberNo, date, amount: due.toString() });
    }
  }

  if (d.lastDay) {
    // The kitchen pays the month's bills by transfer.
    const kitchenOwes = owed(`cust:${KITCHEN}`);
    if (kitchenOwes > 0n)
      commands.push({
        type: "ReceivePayment",
        key: `mbg-bayar-${date}`,
        customer: KITCHEN,
        date,
        amount: kitchenOwes.toString(),
        via: ACCOUNTS.bank,
      });
    // Suppliers are paid by transfer from the bank, then from the cash on hand, keeping two million in the till.
    const funds: Array<{ via: string; left: bigint }> = [
      { via: ACCOUNTS.bank, left: (state.accounts.get(ACCOUNTS.bank)?.balanceMinor ?? 0n) + (kitchenOwes > 0n ? kitchenOwes : 0n) },
      { via: ACCOUNTS.kas, left: (state.accounts.get(ACCOUNTS.kas)?.balanceMinor ?? 0n) - 2_000_000n },
    ];
    for (const supplier of ["BULOG", "GROSIR"]) {
      let payable = -subBalance(state, ACCOUNTS.utangUsaha, supplier);
      for (const fund of funds) {
        const pay = payable < fund.left ? payable : fund.left;
        if (pay <= 0n) continue;
        fund.left -= pay;
        payable -= pay;
        commands.push({
          type: "PaySupplier",
          key: `bayar-${supplier}-${fund.via}-${date}`,
          supplier,
          date,
          amount: pay.toString(),
          via: fund.via,
        });
      }
    }
    // Rice opname: a little is always lost to spillage and mice.
    const rice = BY_CODE.get("BERAS-M") as DemoItem;
    const have = onHand.get(rice.code) ?? 0n;
    const shrink = BigInt(200 + Math.floor(random() * 1_300));
    if (have > shrink)
      commands.push({ type: "CountStock", key: `opname-${date}`, item: rice.code, date, counted: quantityText(rice, have - shrink) });
  }
  return commands;
};

/** A few members may buy on credit at the shop, as the pengurus decided. */
export const memberCreditLimit = (memberNo: string, date: string): unknown => ({
  type: "SetMemberCreditLimit",
  key: `limit-${memberNo}`,
  memberNo,
  date,
  limit: MEMBER_CREDIT_LIMIT.toString(),
});
