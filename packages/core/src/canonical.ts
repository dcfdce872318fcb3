/**
 * The canonical encoding of events (version 1) and the hash chain. docs/audit.md is the spec:
 * - an event is encoded as JSON text with its envelope keys in a fixed order
 *   (`canon`, `seq`, `type`, `version`, `date`, `recordedAt`, `key`, `actor`, `data`, `postings`);
 * - inside `data`, object keys are sorted by UTF-16 code units; absent optional fields are omitted;
 * - bigints are decimal strings, dates `YYYY-MM-DD`, other numbers safe integers;
 * - each posting is `{account, amount, sub?, unit, party}` in that order;
 * - hash = hex SHA-256 of (previous hash, as 64 hex characters) followed by the canonical text;
 *   the first event's previous hash is 64 zeros.
 * The NDJSON export line of an event is its canonical text with `prevHash` and `hash` appended.
 */
import { hash as oneShotHash } from "node:crypto";
import type { EventDraft, LedgerEvent, Posting } from "./model.js";
import type { Money } from "./money.js";

export const CANONICAL_VERSION = 1;

/** JSON string quoting: printable ASCII without `"` or `\\` is quoted as is, anything else as JSON.stringify does. */
const encodeString = (value: string): string => {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return JSON.stringify(value);
  }
  return `"${value}"`;
};

/** Encodes a JSON-like value with sorted object keys and bigints as decimal strings. */
export const encodeCanonicalValue = (value: unknown): string => {
  switch (typeof value) {
    case "string":
      return encodeString(value);
    case "bigint":
      return `"${value}"`;
    case "number":
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonical: not a safe integer: ${value}`);
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) throw new TypeError("canonical: null is not encodable; omit the field");
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          out += encodeCanonicalValue(value[i]);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = "{";
      let first = true;
      for (const key of keys) {
        const field = record[key];
        if (field === undefined) continue;
        out += `${first ? "" : ","}${encodeString(key)}:${encodeCanonicalValue(field)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical: ${typeof value} is not encodable`);
  }
};

/**
 * Encodes an event's data: the same as {@link encodeCanonicalValue}, but the sorted key list of each
 * (event type, key count) is computed once and reused while an object has exactly those keys, so the
 * hot path does not sort. A record whose keys differ falls back to sorting: the bytes never depend on the cache.
 */
interface Shape {
  readonly keys: ReadonlyArray<string>;
  /** Each key already quoted and followed by a colon. */
  readonly prefixes: ReadonlyArray<string>;
}
/** Per event type, per number of keys: the last shape seen. */
const shapes = new Map<string, Array<Shape | undefined>>();
const shapeOf = (record: Record<string, unknown>): Shape => {
  const keys = Object.keys(record).sort();
  return { keys, prefixes: keys.map((key) => `${encodeString(key)}:`) };
};
const encodeData = (type: string, data: object): string => {
  const record = data as Record<string, unknown>;
  let count = 0;
  for (const _key in record) count += 1;
  let byCount = shapes.get(type);
  if (byCount === undefined) {
    byCount = [];
    shapes.set(type, byCount);
  }
  let shape = byCount[count];
  let fits = shape !== undefined;
  if (shape !== undefined) {
    for (let i = 0; i < shape.keys.length; i++) {
      if (!Object.hasOwn(record, shape.keys[i] as string)) {
        fits = false;
        break;
      }
    }
  }
  if (shape === undefined || !fits) {
    shape = shapeOf(record);
    if (count < 64) byCount[count] = shape;
  }
  let out = "{";
  let first = true;
  for (let i = 0; i < shape.keys.length; i++) {
    const field = record[shape.keys[i] as string];
    if (field === undefined) continue;
    out += `${first ? "" : ","}${shape.prefixes[i]}${encodeCanonicalValue(field)}`;
    first = false;
  }
  return `${out}}`;
};

const encodePostings = (postings: ReadonlyArray<Posting>): string => {
  let out = "[";
  for (let i = 0; i < postings.length; i++) {
    const p = postings[i] as Posting;
    out += `${i > 0 ? "," : ""}{"account":${encodeString(p.account)},"amount":"${p.amount}"`;
    if (p.sub !== undefined) out += `,"sub":${encodeString(p.sub)}`;
    out += `,"unit":${encodeString(p.unit)},"party":"${p.party}"}`;
  }
  return `${out}]`;
};

export interface EnvelopeFields {
  readonly seq: number;
  readonly version: number;
  readonly recordedAt: string;
  readonly key: string;
  readonly actor: string;
}

/** The canonical text, after a prefix (the previous hash when it is hashed; nothing when it is shown). */
const prefixedCanonicalText = (prefix: string, draft: EventDraft, envelope: EnvelopeFields): string =>
  `${prefix}{"canon":${CANONICAL_VERSION},"seq":${envelope.seq},"type":"${draft.type}","version":${envelope.version},"date":"${draft.date}",` +
  `"recordedAt":${encodeString(envelope.recordedAt)},"key":${encodeString(envelope.key)},"actor":${encodeString(envelope.actor)},` +
  `"data":${encodeData(draft.type, draft.data)},"postings":${encodePostings(draft.postings)}}`;

/** The canonical text of an event: what its hash covers. */
export const canonicalText = (draft: EventDraft, envelope: EnvelopeFields): string => prefixedCanonicalText("", draft, envelope);

export const sha256Hex = (text: string): string => oneShotHash("sha256", text, "hex");

/** The chain link: SHA-256 over the previous hash and the event's canonical text. */
export const chainHash = (prevHash: string, canonical: string): string => sha256Hex(prevHash + canonical);

/** An event's hash: {@link chainHash} of its previous hash and canonical text, built as one string. */
export const eventHash = (draft: EventDraft, envelope: EnvelopeFields, prevHash: string): string =>
  sha256Hex(prefixedCanonicalText(prevHash, draft, envelope));

/** Places a draft in the log after `prevHash`. */
export const sealEvent = (draft: EventDraft, envelope: EnvelopeFields, prevHash: string): LedgerEvent => {
  const hash = eventHash(draft, envelope, prevHash);
  // One literal with one key order: every event shares a hidden class (a spread would not).
  return {
    seq: envelope.seq,
    type: draft.type,
    version: envelope.version,
    date: draft.date,
    recordedAt: envelope.recordedAt,
    key: envelope.key,
    actor: envelope.actor,
    data: draft.data,
    postings: draft.postings,
    prevHash,
    hash,
  } as LedgerEvent;
};

/** The NDJSON line of an event (no trailing newline). */
export const toWireLine = (event: LedgerEvent): string => {
  const canonical = canonicalText(event, event);
  return `${canonical.slice(0, -1)},"prevHash":"${event.prevHash}","hash":"${event.hash}"}`;
};

/** Turns every string under a key ending in `Minor` (money) or `Units` (quantities) back into a bigint. */
export const reviveMinor = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reviveMinor);
  if (value !== null && typeof value === "object") {
    // In place: the value is fresh from JSON.parse and nobody else holds it.
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const field = record[key];
      if (typeof field === "string") {
        if (key.endsWith("Minor") || key.endsWith("Units")) record[key] = BigInt(field);
      } else if (typeof field === "object") reviveMinor(field);
    }
    return record;
  }
  return value;
};

/** The JSON form of a value: every bigint as a decimal string (read back with {@link reviveMinor}). */
export const toWireValue = (value: unknown): unknown => {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toWireValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) if (field !== undefined) out[key] = toWireValue(field);
    return out;
  }
  return value;
};

export class WireFormatError extends Error {
  override readonly name = "WireFormatError";
}

const DECIMAL_INTEGER = /^-?\d{1,20}$/;

/**
 * Reads an event back from its wire object (a parsed NDJSON line or a database row's JSON).
 * It checks the shape only; whether the event is genuine is `verify`'s job. It takes ownership of `wire`
 * (its data object becomes the event's, with money revived in place), so pass a fresh parse.
 */
export const fromWire = (wire: unknown): LedgerEvent => {
  if (wire === null || typeof wire !== "object") throw new WireFormatError("event is not an object");
  const w = wire as Record<string, unknown>;
  const str = (key: string): string => {
    const value = w[key];
    if (typeof value !== "string") throw new WireFormatError(`event field ${key} is not a string`);
    return value;
  };
  const int = (key: string): number => {
    const value = w[key];
    if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new WireFormatError(`event field ${key} is not an integer`);
    return value;
  };
  if (w.canon !== CANONICAL_VERSION) throw new WireFormatError(`unknown canonical version ${String(w.canon)}`);
  const rawPostings = w.postings;
  if (!Array.isArray(rawPostings)) throw new WireFormatError("event field postings is not an array");
  const postings: Posting[] = rawPostings.map((raw: unknown, index) => {
    const p = raw as Record<string, unknown>;
    if (typeof p.amount !== "string" || !DECIMAL_INTEGER.test(p.amount)) throw new WireFormatError(`posting ${index}: bad amount`);
    if (typeof p.account !== "string" || typeof p.unit !== "string" || typeof p.party !== "string") {
      throw new WireFormatError(`posting ${index}: missing account, unit or party`);
    }
    return {
      account: p.account,
      amount: BigInt(p.amount) as Money,
      ...(typeof p.sub === "string" ? { sub: p.sub } : {}),
      unit: p.unit,
      party: p.party as Posting["party"],
    };
  });
  if (w.data === null || typeof w.data !== "object") throw new WireFormatError("event field data is not an object");
  return {
    seq: int("seq"),
    type: str("type"),
    version: int("version"),
    date: str("date"),
    recordedAt: str("recordedAt"),
    key: str("key"),
    actor: str("actor"),
    data: reviveMinor(w.data),
    postings,
    prevHash: str("prevHash"),
    hash: str("hash"),
  } as LedgerEvent;
};

export const fromWireLine = (line: string): LedgerEvent => fromWire(JSON.parse(line));
