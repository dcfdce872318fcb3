/**
 * A book held in memory and driven synchronously: decode, decide, seal (hash) and apply, with no
 * store and no Effect. For simulations, replays, tests and benchmarks; the executor is the same path
 * with a store, idempotency and retries around it.
 */
import * as Result from "effect/Result";
import { sealEvent } from "./canonical.js";
import { decodeCommand } from "./commands.js";
import { type DecideContext, decide, referencedSeq } from "./decide.js";
import type { InvalidCommand, Rejection } from "./errors.js";
import { emptyIdentityIndex, type IdentityIndex } from "./identity.js";
import { type BookState, EVENT_VERSION, GENESIS_HASH, type LedgerEvent } from "./model.js";
import { applyEvent } from "./state.js";

export interface EngineOptions {
  /** The business date the engine decides on (no event may be dated after it). */
  readonly today: string;
  readonly recordedAt: string;
  readonly actor?: string;
  readonly identities?: IdentityIndex;
  /** Salt for identity records; a counter by default, so runs are reproducible. */
  readonly salt?: () => string;
  /** Called with each event as it is applied. */
  readonly onEvent?: (event: LedgerEvent) => void;
  /**
   * Reads an earlier event by its number, for a command that names one (a reversal's entry, a
   * return's receipt). Without it the engine keeps the receipts it applied (its sales and purchases,
   * which the state keeps by number only) and no other event, so a reversal is then refused as not found.
   */
  readonly eventAt?: (seq: number) => LedgerEvent | undefined;
}

/** The events the engine keeps by default: those a return names. */
const RECEIPTS: ReadonlySet<string> = new Set(["SaleRecorded", "StockPurchased"]);

export type EngineResult =
  | { readonly ok: true; readonly events: ReadonlyArray<LedgerEvent> }
  | { readonly ok: false; readonly error: Rejection | InvalidCommand };

export class BookEngine {
  state: BookState | undefined;
  private readonly context: DecideContext;
  private readonly nikOwners = new Map<string, string>();
  private readonly receipts = new Map<number, LedgerEvent>();
  private counter = 0;

  constructor(private readonly options: EngineOptions) {
    let salt = 0;
    const identities = options.identities;
    this.context = {
      today: options.today,
      identities: {
        memberWithNik: (nik) => this.nikOwners.get(nik) ?? identities?.memberWithNik(nik) ?? emptyIdentityIndex.memberWithNik(nik),
      },
      salt: options.salt ?? (() => (salt++).toString(16).padStart(32, "0")),
    };
  }

  /** Runs one command from unknown input; a rejection changes nothing. */
  run(input: unknown, key?: string): EngineResult {
    const decoded = decodeCommand(input);
    if (Result.isFailure(decoded)) return { ok: false, error: decoded.failure };
    const referenced = referencedSeq(this.state, decoded.success);
    const referencedEvent = referenced === undefined ? undefined : (this.options.eventAt?.(referenced) ?? this.receipts.get(referenced));
    const decision = decide(this.state, decoded.success, { ...this.context, referencedEvent });
    if (!decision.ok) return decision;
    const events: LedgerEvent[] = [];
    const commandKey = key ?? decoded.success.key ?? `engine-${++this.counter}`;
    for (const draft of decision.events) {
      const seq = (this.state?.seq ?? 0) + 1;
      const envelope = {
        seq,
        version: EVENT_VERSION,
        recordedAt: this.options.recordedAt,
        key: commandKey,
        actor: this.options.actor ?? "engine",
      };
      const event = sealEvent(draft, envelope, this.state?.hash ?? GENESIS_HASH);
      this.state = applyEvent(this.state, event);
      if (this.options.eventAt === undefined && RECEIPTS.has(event.type)) this.receipts.set(event.seq, event);
      this.options.onEvent?.(event);
      events.push(event);
    }
    for (const record of decision.identities) this.nikOwners.set(record.nik, record.memberNo);
    return { ok: true, events };
  }
}
