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

const encodeString = JSON.stringify as (value: string) => string;

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

/** The canonical text of an event: what its hash covers. */
export const canonicalText = (draft: EventDraft, envelope: EnvelopeFields): string =>
  `{"canon":${CANONICAL_VERSION},"seq":${envelope.seq},"type":"${draft.type}","version":${envelope.version},"date":"${draft.date}",` +
  `"recordedAt":${encodeString(envelope.recordedAt)},"key":${encodeString(envelope.key)},"actor":${encodeString(envelope.actor)},` +
  `"data":${encodeCanonicalValue(draft.data)},"postings":${encodePostings(draft.postings)}}`;

export const sha256Hex = (text: string): string => oneShotHash("sha256", text, "hex");

/** The chain link: SHA-256 over the previous hash and the event's canonical text. */
export const chainHash = (prevHash: string, canonical: string): string => sha256Hex(prevHash + canonical);

/** Places a draft in the log after `prevHash`. */
export const sealEvent = (draft: EventDraft, envelope: EnvelopeFields, prevHash: string): LedgerEvent => {
  const hash = chainHash(prevHash, canonicalText(draft, envelope));
  return { ...draft, ...envelope, prevHash, hash } as LedgerEvent;
};

/** The NDJSON line of an event (no trailing newline). */
export const toWireLine = (event: LedgerEvent): string => {
  const canonical = canonicalText(event, event);
  return `${canonical.slice(0, -1)},"prevHash":"${event.prevHash}","hash":"${event.hash}"}`;
};

/** Turns every string under a key ending in `Minor` back into a bigint. */
const reviveMinor = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reviveMinor);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      out[key] = key.endsWith("Minor") && typeof field === "string" ? BigInt(field) : reviveMinor(field);
    }
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
 * It checks the shape only; whether the event is genuine is `verify`'s job.
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
