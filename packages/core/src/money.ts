/**
 * Money: amounts are `bigint` in the currency's minor unit behind a brand, never a JavaScript
 * `number`. A book fixes its scale (digits after the decimal point) at creation: 0 for whole
 * rupiah (the default), 2 so that vectors in cents can be checked.
 *
 * Every conversion that can lose a digit names its rounding mode; splitting a total uses
 * largest-remainder allocation, so the parts always sum to the total exactly.
 */
import { Decimal } from "decimal.js";

declare const MoneyBrand: unique symbol;
/** An amount in minor units of the book's currency, within ±{@link MONEY_ABS_MAX}. */
export type Money = bigint & { readonly [MoneyBrand]: "Money" };

/** The largest absolute amount the engine accepts, in minor units: 10^15 (a thousand trillion). */
export const MONEY_ABS_MAX = 10n ** 15n;
/** The scales a book may choose. */
export const SCALES = [0, 2] as const;
export type Scale = (typeof SCALES)[number];

/** How a quotient is brought back to a whole number of minor units. */
export type RoundingMode = "half-up" | "half-even" | "down" | "up";
export const ROUNDING_MODES: ReadonlyArray<RoundingMode> = ["half-up", "half-even", "down", "up"];

/** Why a text or a number could not become money. */
export type MoneyProblem =
  | { readonly kind: "syntax"; readonly text: string }
  | { readonly kind: "fraction"; readonly text: string; readonly scale: Scale }
  | { readonly kind: "range"; readonly text: string }
  /** `5.000`: five, or five thousand written the Indonesian way; refused rather than guessed. */
  | { readonly kind: "ambiguous"; readonly text: string };

export const isInRange = (amount: bigint): boolean => amount <= MONEY_ABS_MAX && amount >= -MONEY_ABS_MAX;

/** Brands a bigint as money after checking its range; a value out of range is a defect here. */
export const money = (amount: bigint): Money => {
  if (!isInRange(amount)) throw new RangeError(`money out of range: ${amount}`);
  return amount as Money;
};

export const ZERO = 0n as Money;

const scaleFactor = (scale: Scale): bigint => (scale === 0 ? 1n : 100n);

// Up to 40 digits, the longest amount a command takes: a longer number is still a number, and one
// beyond the range is refused as out of range, not as unreadable.
const PLAIN = /^(-)?(\d{1,40})(?:\.(\d{1,40}))?$/;
// Indonesian: "Rp1.250.000", "Rp 1.250.000,50", "-Rp1.250.000"; grouping with dots, decimals after a comma.
const INDONESIAN = /^(-)?Rp ?(\d{1,3}(?:\.\d{3}){0,13}|\d{1,40})(?:,(\d{1,40}))?$/;
// Indonesian without Rp where nothing else can be meant: two groups of thousands or more ("1.250.000"),
// or one with decimals after a comma ("1.250,50"), as a spreadsheet set to Indonesian writes them.
const INDONESIAN_GROUPED = /^(-)?(\d{1,3}(?:\.\d{3}){2,13}|\d{1,3}\.\d{3}(?=,))(?:,(\d{1,40}))?$/;

/**
 * Parses an amount written in major units into minor units of the given scale.
 * - plain: `1250000`, `-1250000`, `1250000.50` (a dot is the decimal point);
 * - Indonesian: `Rp1.250.000`, `Rp1.250.000,50`, `-Rp 1.250.000` (dots group, a comma is the decimal point).
 * A text that starts with `Rp` (after an optional minus) is read as Indonesian, and so is one that can
 * be nothing else: `1.250.000` (two groups of thousands or more), `1.250,50` (a group and a decimal
 * comma). Any other is plain. A plain text that an Indonesian reader would take for thousands
 * (`5.000`, `1.250`: one to three digits, a dot, three digits) is refused as ambiguous where the
 * decimal reading would be accepted, so five thousand typed as `5.000` is never booked as five.
 * More decimals than the scale allows is an error, never a silent rounding.
 */
const WHOLE_DIGITS = /^\d{1,15}$/;
/** Digits grouped by one dot as Indonesian writes thousands: read as a decimal, it would be a thousand times less. */
const THOUSANDS_SHAPED = /^-?[1-9]\d{0,2}\.\d{3}$/;

export const parseMoney = (text: string, scale: Scale): { ok: true; value: Money } | { ok: false; problem: MoneyProblem } => {
  // The common case, whole units in plain digits: at most 15 digits times 100 stays within 10^17, checked below.
  if (WHOLE_DIGITS.test(text)) {
    const value = BigInt(text) * scaleFactor(scale);
    return isInRange(value) ? { ok: true, value: value as Money } : { ok: false, problem: { kind: "range", text } };
  }
  const trimmed = text.trim();
  const match = PLAIN.exec(trimmed) ?? INDONESIAN.exec(trimmed) ?? INDONESIAN_GROUPED.exec(trimmed);
  if (match === null) return { ok: false, problem: { kind: "syntax", text } };
  const negative = match[1] === "-";
  const whole = (match[2] ?? "0").replaceAll(".", "");
  const fraction = match[3] ?? "";
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > scale) return { ok: false, problem: { kind: "fraction", text, scale } };
  if (THOUSANDS_SHAPED.test(trimmed)) return { ok: false, problem: { kind: "ambiguous", text } };
  const minor = BigInt(whole) * scaleFactor(scale) + (scale === 0 ? 0n : BigInt(significant.padEnd(scale, "0") || "0"));
  const value = negative ? -minor : minor;
  if (!isInRange(value)) return { ok: false, problem: { kind: "range", text } };
  return { ok: true, value: value as Money };
};

const splitMinor = (amount: bigint, scale: Scale): { negative: boolean; whole: bigint; fraction: string } => {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const factor = scaleFactor(scale);
  return { negative, whole: abs / factor, fraction: scale === 0 ? "" : (abs % factor).toString().padStart(scale, "0") };
};

/** `1250000`, `-1250000.50`: the plain form, which {@link parseMoney} reads back. */
export const formatPlain = (amount: bigint, scale: Scale): string => {
  const { negative, whole, fraction } = splitMinor(amount, scale);
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
};

/** `Rp1.250.000`, `Rp1.250.000,50`, `-Rp1.250.000`: the Indonesian form, which {@link parseMoney} reads back. */
export const formatRupiah = (amount: bigint, scale: Scale, options: { readonly symbol?: boolean } = {}): string => {
  const { negative, whole, fraction } = splitMinor(amount, scale);
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const symbol = options.symbol === false ? "" : "Rp";
  return `${negative ? "-" : ""}${symbol}${grouped}${fraction === "" ? "" : `,${fraction}`}`;
};

/**
 * Divides two integers and rounds the quotient to an integer by the named mode.
 * `half-up` and `up` round away from zero; `down` truncates toward zero; `half-even` is banker's rounding.
 */
export const divideRounded = (numerator: bigint, denominator: bigint, mode: RoundingMode): bigint => {
  if (denominator === 0n) throw new RangeError("division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const remainder = n % d;
  if (remainder !== 0n) {
    const twice = remainder * 2n;
    switch (mode) {
      case "down":
        break;
      case "up":
        quotient += 1n;
        break;
      case "half-up":
        if (twice >= d) quotient += 1n;
        break;
      case "half-even":
        if (twice > d || (twice === d && quotient % 2n === 1n)) quotient += 1n;
        break;
    }
  }
  return negative ? -quotient : quotient;
};

const DECIMAL_MODE: Record<RoundingMode, Decimal.Rounding> = {
  "half-up": Decimal.ROUND_HALF_UP,
  "half-even": Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

/** A Decimal configured for rates: 40 significant digits, so no product of a rate and money loses a digit. */
export const RateDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type Rate = InstanceType<typeof RateDecimal>;

/** Brings a decimal quantity of minor units (a rate times money) back to money, by the named mode. */
export const toMinorUnits = (value: Decimal.Value, mode: RoundingMode): Money => {
  const rounded = new RateDecimal(value).toDecimalPlaces(0, DECIMAL_MODE[mode]);
  // Decimal's toFixed is exact (a string of the integer it already is, never exponent notation);
  // this is not Number.prototype.toFixed, and no float is involved.
  return money(BigInt(rounded.toFixed(0)));
};

/** `amount × rate`, rounded to minor units by the named mode. */
export const applyRate = (amount: bigint, rate: Decimal.Value, mode: RoundingMode): Money =>
  toMinorUnits(new RateDecimal(amount.toString()).times(rate), mode);

/**
 * Splits `total` among parts in proportion to `weights` by the largest-remainder method:
 * every part first gets the floor of its exact share, then the units left over go one each to
 * the parts with the largest remainders (ties to the earlier part), so the parts sum to `total`
 * exactly and each part is within one minor unit of its exact share.
 * A negative total is split as its absolute value and negated. Weights are non-negative and not all zero.
 */
export const allocate = (total: bigint, weights: ReadonlyArray<bigint>): Money[] => {
  if (weights.length === 0) throw new RangeError("allocate: no weights");
  let weightSum = 0n;
  for (const weight of weights) {
    if (weight < 0n) throw new RangeError("allocate: negative weight");
    weightSum += weight;
  }
  if (weightSum === 0n) throw new RangeError("allocate: weights sum to zero");
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const parts = new Array<bigint>(weights.length);
  const remainders = new Array<bigint>(weights.length);
  let assigned = 0n;
  for (let i = 0; i < weights.length; i++) {
    const exact = abs * (weights[i] as bigint);
    parts[i] = exact / weightSum;
    remainders[i] = exact % weightSum;
    assigned += parts[i] as bigint;
  }
  let leftover = abs - assigned;
  if (leftover > 0n) {
    const order = weights.map((_, i) => i);
    order.sort((a, b) => {
      const ra = remainders[a] as bigint;
      const rb = remainders[b] as bigint;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
    for (const index of order) {
      if (leftover === 0n) break;
      parts[index] = (parts[index] as bigint) + 1n;
      leftover -= 1n;
    }
  }
  return parts.map((part) => money(negative ? -part : part));
};

/** Sum of amounts; a sum out of range is a defect. */
export const sumMoney = (amounts: Iterable<bigint>): Money => {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return money(total);
};
