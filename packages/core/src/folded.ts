/**
 * The parts of a book's state that are folds of their own events (loans, the shop, the closed years,
 * the fixed assets, the budgets, the time deposits, the sukarela's rates), and a faithful text form
 * of them: what a store keeps as a snapshot, so that opening a long book folds only the events after
 * it instead of every such event since the book's first day.
 */
import { applyFixedAssetEvent, emptyAssets, FIXED_ASSET_EVENT_TYPES } from "./assets/assets.js";
import { applyBudgetEvent, BUDGET_EVENT_TYPES, emptyBudgets } from "./closing/budget.js";
import { applyClosingEvent, CLOSING_EVENT_TYPES, emptyClosing } from "./closing/closing.js";
import { applyTimeDepositEvent, emptyDeposits, TIME_DEPOSIT_EVENT_TYPES } from "./deposits/deposits.js";
import { applyLoanEvent, emptyLoanBook, LOAN_EVENT_TYPES } from "./loans/loans.js";
import type { BookConfig, BookState } from "./model.js";
import { applyRetailEvent, emptyShop, RETAIL_EVENT_TYPES } from "./retail/retail.js";
import { applySukarelaRateEvent, SUKARELA_RATE_EVENT_TYPES } from "./savings.js";

/** The folded parts of a {@link BookState}. */
export type FoldedParts = Pick<BookState, "sukarelaRates" | "loans" | "shop" | "closing" | "assets" | "budgets" | "deposits">;

/** The event types whose fold the folded parts are: every other event leaves them as they are. */
export const FOLDED_EVENT_TYPES: ReadonlyArray<string> = [
  ...LOAN_EVENT_TYPES,
  ...RETAIL_EVENT_TYPES,
  ...CLOSING_EVENT_TYPES,
  ...FIXED_ASSET_EVENT_TYPES,
  ...BUDGET_EVENT_TYPES,
  ...TIME_DEPOSIT_EVENT_TYPES,
  ...SUKARELA_RATE_EVENT_TYPES,
];

/**
 * The version of the folds and of their text form. A snapshot of another version is not used (the
 * book is folded from its first event, and a new snapshot written): raise it whenever a fold or a
 * folded part's shape changes, so that no snapshot made by older code is read as a newer fold's.
 */
export const FOLD_FORMAT = 2;

/** The folded parts of a book that has none of their events yet. */
export const emptyFolded = (config: BookConfig): FoldedParts => ({
  sukarelaRates: [
    {
      fromMonth: config.startDate.slice(0, 7),
      ratePerYear: config.savings.sukarela.ratePerYear,
      ...(config.savings.sukarela.tiers === undefined ? {} : { tiers: config.savings.sukarela.tiers }),
    },
  ],
  loans: emptyLoanBook(),
  shop: emptyShop(config.shop?.costing),
  closing: emptyClosing(),
  assets: emptyAssets(),
  budgets: emptyBudgets(),
  deposits: emptyDeposits(),
});

/** What a fold reads of an event: its number (a receipt is kept by it), type, business date and data. */
export interface FoldableEvent {
  readonly seq: number;
  readonly type: string;
  readonly date: string;
  readonly data: unknown;
}

/** Folds one event into the parts (an event of another type changes nothing). */
export const foldEvent = (parts: FoldedParts, event: FoldableEvent): void => {
  applySukarelaRateEvent(parts.sukarelaRates, event);
  applyLoanEvent(parts.loans, event);
  applyRetailEvent(parts.shop, event);
  applyClosingEvent(parts.closing, event);
  applyFixedAssetEvent(parts.assets, event);
  applyBudgetEvent(parts.budgets, event);
  applyTimeDepositEvent(parts.deposits, event);
};

/** A snapshot that cannot be read back: the text is not one `encodeFolded` writes. */
export class FoldedFormatError extends Error {
  override readonly name = "FoldedFormatError";
}

// The text form is JSON: {"shapes": [...], "parts": [...]}. Every list, Map, Set and record is a JSON
// list whose first item says what it is: -1 a list (its items follow), -2 a Map (its keys and values,
// in turn), -3 a Set (its values), and a number from 0 a record of that shape (the list of its keys in
// "shapes", in order; its values follow). A bigint and an undefined are strings with a mark for their
// first character: "#" and the bigint's digits, "!u" for undefined; a string of the state that starts
// with a mark, or with "~", is written after a "~". A long book's state is mostly records of a few
// shapes holding bigints (every sale's lines): written so, its text is a third of what plain JSON
// with tagged values took, and read back the faster for it (benchmarks/RESULTS.md).
const LIST = -1;
const MAP = -2;
const SET = -3;
const BIGINT = 35; // "#"
const SPECIAL = 33; // "!"
const ESCAPE = 126; // "~"
const UNDEFINED = "!u";
const INTEGER = /^-?\d+$/;

const encodeString = (value: string): string => {
  const first = value.charCodeAt(0);
  return first === BIGINT || first === SPECIAL || first === ESCAPE ? `~${value}` : value;
};

/** The shapes of the records met, in the order met, each by its keys joined. */
class Shapes {
  readonly list: string[][] = [];
  private readonly ids = new Map<string, number>();
  idOf(keys: string[], path: string): number {
    const signature = keys.join("\u0000");
    let id = this.ids.get(signature);
    if (id === undefined) {
      if (keys.includes("__proto__")) throw new FoldedFormatError(`${path}: a key "__proto__" has no text form`);
      id = this.list.length;
      this.list.push(keys);
      this.ids.set(signature, id);
    }
    return id;
  }
}

// A tree of plain lists, then JSON.stringify: for a ten-year book's parts about half the time of
// writing the text piece by piece.
const encodeValue = (value: unknown, path: string, shapes: Shapes): unknown => {
  switch (typeof value) {
    case "string":
      return encodeString(value);
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new FoldedFormatError(`${path}: ${value} has no text form`);
      return value;
    case "bigint":
      return `#${value}`;
    case "undefined":
      return UNDEFINED;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: unknown[] = [LIST];
        for (let i = 0; i < value.length; i++) out.push(encodeValue(value[i], `${path}[${i}]`, shapes));
        return out;
      }
      if (value instanceof Map) {
        const out: unknown[] = [MAP];
        for (const [k, v] of value) out.push(encodeValue(k, path, shapes), encodeValue(v, `${path}.${String(k)}`, shapes));
        return out;
      }
      if (value instanceof Set) {
        const out: unknown[] = [SET];
        for (const item of value) out.push(encodeValue(item, path, shapes));
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        throw new FoldedFormatError(`${path}: a ${proto?.constructor?.name ?? "value"} has no text form`);
      const keys = Object.keys(value);
      const out: unknown[] = [shapes.idOf(keys, path)];
      for (const key of keys) out.push(encodeValue((value as Record<string, unknown>)[key], `${path}.${key}`, shapes));
      return out;
    }
    default:
      throw new FoldedFormatError(`${path}: a ${typeof value} has no text form`);
  }
};

const decodeString = (value: string): unknown => {
  switch (value.charCodeAt(0)) {
    case BIGINT: {
      const digits = value.slice(1);
      if (!INTEGER.test(digits)) throw new FoldedFormatError(`not an integer: ${JSON.stringify(value)}`);
      return BigInt(digits);
    }
    case SPECIAL:
      if (value !== UNDEFINED) throw new FoldedFormatError(`not a mark: ${JSON.stringify(value)}`);
      return undefined;
    case ESCAPE:
      return value.slice(1);
    default:
      return value;
  }
};

const decodeValue = (value: unknown, shapes: ReadonlyArray<ReadonlyArray<string>>): unknown => {
  if (typeof value === "string") return decodeString(value);
  if (value === null || typeof value !== "object") return value;
  if (!Array.isArray(value)) throw new FoldedFormatError("a record outside a list");
  const kind = value[0];
  switch (kind) {
    case LIST: {
      const out: unknown[] = new Array(value.length - 1);
      for (let i = 1; i < value.length; i++) out[i - 1] = decodeValue(value[i], shapes);
      return out;
    }
    case MAP: {
      if (value.length % 2 !== 1) throw new FoldedFormatError("a map with a key and no value");
      const out = new Map<unknown, unknown>();
      for (let i = 1; i < value.length; i += 2) out.set(decodeValue(value[i], shapes), decodeValue(value[i + 1], shapes));
      return out;
    }
    case SET: {
      const out = new Set<unknown>();
      for (let i = 1; i < value.length; i++) out.add(decodeValue(value[i], shapes));
      return out;
    }
    default: {
      const keys = typeof kind === "number" ? shapes[kind] : undefined;
      if (keys === undefined) throw new FoldedFormatError(`a list of no known kind: ${JSON.stringify(kind)}`);
      if (value.length !== keys.length + 1)
        throw new FoldedFormatError(`a record of shape ${kind} with ${value.length - 1} values for ${keys.length} keys`);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[keys[i] as string] = decodeValue(value[i + 1], shapes);
      return out;
    }
  }
};

/** The folded parts' names, in the order the text form writes them. */
export const FOLDED_PARTS = ["sukarelaRates", "loans", "shop", "closing", "assets", "budgets", "deposits"] as const;
const PARTS = FOLDED_PARTS;

/** The parts as text: every Map's and Set's order, every bigint and every field (an undefined one too) kept. */
export const encodeFolded = (parts: FoldedParts): string => {
  const shapes = new Shapes();
  const encoded = PARTS.map((name) => encodeValue(parts[name], name, shapes));
  return JSON.stringify({ shapes: shapes.list, parts: encoded });
};

const isShapes = (value: unknown): value is string[][] =>
  Array.isArray(value) && value.every((keys) => Array.isArray(keys) && keys.every((key) => typeof key === "string" && key !== "__proto__"));

/** The parts back from {@link encodeFolded}'s text, as new objects: nothing is shared with another state. */
export const decodeFolded = (text: string): FoldedParts => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FoldedFormatError(`not JSON: ${(error as Error).message}`);
  }
  const { shapes, parts } = (parsed ?? {}) as { shapes?: unknown; parts?: unknown };
  if (!isShapes(shapes)) throw new FoldedFormatError("no list of shapes");
  if (!Array.isArray(parts) || parts.length !== PARTS.length) throw new FoldedFormatError(`not a list of the ${PARTS.length} folded parts`);
  const out: Record<string, unknown> = {};
  PARTS.forEach((name, i) => {
    out[name] = decodeValue(parts[i], shapes);
  });
  return out as unknown as FoldedParts;
};
