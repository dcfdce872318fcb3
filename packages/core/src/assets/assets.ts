/**
 * Fixed assets (aset tetap): the register, and depreciation a month at a time, on the straight line
 * (garis lurus) or the declining balance (saldo menurun).
 *
 * An asset's schedule spreads its base (cost, less the residual value, less what was depreciated
 * before the book started) over its months.
 * - Straight line: month k of n is charged round_half_up(base × k / n) − round_half_up(base × (k − 1) / n),
 *   so the months sum exactly to the base and no two months differ by more than one minor unit.
 * - Declining balance: the schedule runs in years of 12 months from its first month. A year is
 *   charged round_half_up(book value at its start × 24 / life months), twice the straight-line rate
 *   (PMK 72/2023: 50%, 25%, 12,5%, 10% for lives of 4, 8, 16, 20 years), never more than is left of
 *   the base; the last year takes all that is left (UU PPh Pasal 11 ayat 2: the book value left at the
 *   end of the life is depreciated at once). A year's charge is spread over its months as the
 *   straight line spreads a base.
 * An asset bought during the book is depreciated from the month after the one it was bought in; an
 * asset brought in with the opening balances, from the book's first month. Each month's charge is
 * posted when the month closes.
 *
 * An impairment (penurunan nilai, SAK EP Bab 27) brings the book value down to the recoverable amount
 * and starts a new segment of the schedule: what is left above the residual value (lowered to the
 * recoverable amount when it is above it) is spread over the months not yet posted, by the same
 * method, as if the asset came in again at that book value.
 *
 * A reversal (pemulihan rugi penurunan nilai, SAK EP 27.30) brings the book value back up when the
 * recoverable amount rises again, never above the book value the asset would have had with no
 * impairment (its first segment's schedule at the months posted) nor by more than the losses not yet
 * reversed, and starts another segment the same way: the residual value back to the one it came in
 * with (or to the new book value when that is lower), the rest spread over the schedule's months left.
 */
import { addMonthsTo, monthOf } from "../dates.js";
import type { Money } from "../money.js";
import { divideRounded } from "../money.js";
import type { LogSelection } from "../store.js";

/** How an asset's base is spread: evenly over its months, or by a fixed rate of its declining book value. */
export type DepreciationMethod = "garis-lurus" | "saldo-menurun";
export const DEPRECIATION_METHODS: ReadonlyArray<DepreciationMethod> = ["garis-lurus", "saldo-menurun"];

export interface FixedAssetDef {
  readonly assetId: string;
  readonly name: string;
  /** The business unit that uses the asset: its depreciation is that unit's cost. */
  readonly unit: string;
  readonly acquiredOn: string;
  readonly costMinor: bigint;
  readonly residualMinor: bigint;
  readonly method: DepreciationMethod;
  /** On the declining balance, the whole useful life in months that sets its rate (24 ÷ lifeMonths a year). */
  readonly lifeMonths: number | undefined;
}

/**
 * A stretch of an asset's schedule: from month `from` (the months posted before it) on, `baseMinor`
 * spread over `months` months by the asset's method, starting from the book value `startValueMinor`.
 * The first segment is the schedule the asset came in with; each impairment starts another.
 */
export interface ScheduleSegment {
  readonly from: number;
  /** Depreciation charged by the schedule through month `from` (the segments before). */
  readonly chargedBeforeMinor: bigint;
  readonly baseMinor: bigint;
  readonly startValueMinor: bigint;
  readonly months: number;
}

export interface FixedAssetState {
  def: FixedAssetDef;
  /** The schedule's months (for an opening asset, the months of life it had left; after an impairment that leaves nothing to depreciate, the months posted). */
  months: number;
  /**
   * The schedule's segments, in order: the first as the asset came in (cost − residual − depreciation
   * before the book started, over its months), one more per impairment or reversal of one.
   */
  readonly segments: ScheduleSegment[];
  /**
   * Each impairment and each reversal of one: after how many posted months, and its loss (part of the
   * accumulated depreciation: Akumulasi Penyusutan holds both), negative for a reversal.
   */
  readonly impairments: Array<{ readonly afterMonths: number; readonly date: string; readonly lossMinor: bigint }>;
  /** The first month depreciated. */
  readonly startMonth: string;
  /** The account its acquisition was credited to (cash, bank, or Penyeimbang Saldo Awal at the opening): where a cancellation returns it. */
  readonly via: string;
  /** The day its acquisition was entered (the book's start for an opening asset). */
  readonly enteredOn: string;
  /** Months of the schedule posted so far. */
  monthsDone: number;
  /** Accumulated depreciation, with what was brought in at the opening and the impairment losses. */
  accumulatedMinor: bigint;
  /** The latest month whose depreciation was posted. */
  depreciatedThrough: string | undefined;
  disposedOn: string | undefined;
}

export interface FixedAssetEventData {
  FixedAssetAdded: {
    readonly assetId: string;
    readonly name: string;
    readonly unit: string;
    readonly acquiredOn: string;
    readonly costMinor: Money;
    readonly residualMinor: Money;
    /** Depreciation accumulated before the book started (zero for an asset bought in the book). */
    readonly accumulatedMinor: Money;
    readonly months: number;
    readonly startMonth: string;
    /** True for an asset brought in with the opening balances. */
    readonly opening: boolean;
    /** The account credited: the cash or bank account that paid, or Penyeimbang Saldo Awal at the opening. */
    readonly via: string;
    /** Present for the declining balance only (an asset without it is on the straight line), with the life that sets its rate. */
    readonly method?: "saldo-menurun";
    readonly lifeMonths?: number;
  };
  FixedAssetDepreciated: {
    readonly runId: string;
    readonly month: string;
    readonly assetId: string;
    readonly amountMinor: Money;
    /** Accumulated depreciation after this month. */
    readonly accumulatedMinor: Money;
  };
  /**
   * An asset entered by mistake (a wrong cost, a wrong life), taken out of the register before its
   * first month's depreciation, with its acquisition entry reversed; its code may be used again.
   */
  FixedAssetCancelled: {
    readonly assetId: string;
    readonly reason: string;
    readonly costMinor: Money;
    readonly accumulatedMinor: Money;
    readonly via: string;
  };
  /**
   * The book value brought down to the recoverable amount (penurunan nilai): the loss charged to an
   * expense account, credited to Akumulasi Penyusutan; the schedule re-spread from here.
   */
  FixedAssetImpaired: {
    readonly assetId: string;
    readonly reason: string;
    /** The expense account charged with the loss. */
    readonly account: string;
    /** The book value before, the recoverable amount (the book value after) and the loss between them. */
    readonly bookValueMinor: Money;
    readonly recoverableMinor: Money;
    readonly lossMinor: Money;
    /** Accumulated depreciation after the loss. */
    readonly accumulatedMinor: Money;
    /** The residual value from here: the old one, or the recoverable amount when that is lower. */
    readonly residualMinor: Money;
    /** The schedule's months after it (those posted, and those the rest is spread over). */
    readonly months: number;
  };
  /**
   * An impairment loss reversed, in part or whole, when the recoverable amount has risen again
   * (pemulihan rugi penurunan nilai): debited to Akumulasi Penyusutan, credited to an income account
   * (or the expense account charged); the schedule re-spread from here.
   */
  FixedAssetImpairmentReversed: {
    readonly assetId: string;
    readonly reason: string;
    /** The account credited with the reversal. */
    readonly account: string;
    /** The book value before, the recoverable amount given, and the book value the asset would have had with no impairment. */
    readonly bookValueMinor: Money;
    readonly recoverableMinor: Money;
    readonly unimpairedMinor: Money;
    /** The book value raised by: the lower of the recoverable amount and the unimpaired book value, less the book value, at most the losses not yet reversed. */
    readonly reversedMinor: Money;
    /** Accumulated depreciation after the reversal. */
    readonly accumulatedMinor: Money;
    /** The residual value from here: the asset's first one, or the new book value when that is lower. */
    readonly residualMinor: Money;
    /** The schedule's months after it (those posted, and those the rest is spread over). */
    readonly months: number;
  };
  FixedAssetDisposed: {
    readonly assetId: string;
    readonly proceedsMinor: Money;
    readonly via: string;
    /** Cost less accumulated depreciation on the day. */
    readonly bookValueMinor: Money;
    /** Proceeds less book value: a gain when positive, a loss when negative. */
    readonly gainMinor: Money;
  };
}

export const FIXED_ASSET_EVENT_TYPES = [
  "FixedAssetAdded",
  "FixedAssetDepreciated",
  "FixedAssetDisposed",
  "FixedAssetCancelled",
  "FixedAssetImpaired",
  "FixedAssetImpairmentReversed",
] as const;

export const emptyAssets = (): Map<string, FixedAssetState> => new Map();

/** Charged by a segment after `k` of its months (half up), so that its months sum to its base. */
const spread = (def: FixedAssetDef, segment: ScheduleSegment, k: number): bigint => {
  if (segment.months === 0 || k === 0) return 0n;
  if (def.method === "garis-lurus") return divideRounded(segment.baseMinor * BigInt(k), BigInt(segment.months), "half-up");
  const life = BigInt(def.lifeMonths as number);
  // The book value at the segment's start: its base and the residual value still to be kept.
  let bookValue = segment.startValueMinor;
  let done = 0n;
  for (let first = 0; ; first += 12) {
    const months = Math.min(12, segment.months - first);
    const left = segment.baseMinor - done;
    const rated = divideRounded(bookValue * 24n, life, "half-up");
    const year = first + months === segment.months || rated > left ? left : rated;
    if (k <= first + months) return done + divideRounded(year * BigInt(k - first), BigInt(months), "half-up");
    done += year;
    bookValue -= year;
  }
};

/** Depreciation charged by the schedule after `k` of its months: the segment that month falls in, from its start. */
const scheduled = (asset: FixedAssetState, k: number): bigint => {
  let segment = asset.segments[0] as ScheduleSegment;
  for (const s of asset.segments) if (s.from <= k) segment = s;
  return segment.chargedBeforeMinor + spread(asset.def, segment, k - segment.from);
};

/** The charge of the schedule's next month, or undefined when the schedule is done. */
export const nextCharge = (asset: FixedAssetState): bigint | undefined =>
  asset.monthsDone >= asset.months ? undefined : scheduled(asset, asset.monthsDone + 1) - scheduled(asset, asset.monthsDone);

/**
 * The month's charge of the asset when its schedule has that month and it is not yet posted (a month
 * reopened and closed again is not charged twice); undefined otherwise.
 */
export const chargeDueIn = (asset: FixedAssetState, month: string): bigint | undefined =>
  asset.disposedOn === undefined &&
  asset.startMonth <= month &&
  (asset.depreciatedThrough === undefined || asset.depreciatedThrough < month)
    ? nextCharge(asset)
    : undefined;

export const bookValue = (asset: FixedAssetState): bigint => asset.def.costMinor - asset.accumulatedMinor;

/**
 * The book value the asset would have had with no impairment: its first segment (the schedule it came
 * in with) after the months posted. A reversal never raises the book value above it (SAK EP 27.30).
 */
export const unimpairedValue = (asset: FixedAssetState): bigint => {
  const first = asset.segments[0] as ScheduleSegment;
  return first.startValueMinor - spread(asset.def, first, Math.min(asset.monthsDone, first.months));
};

/** The residual value the asset came in with (an impairment may lower it; a reversal puts it back). */
export const firstResidual = (asset: FixedAssetState): bigint => {
  const first = asset.segments[0] as ScheduleSegment;
  return first.startValueMinor - first.baseMinor;
};

/** The schedule's months as the asset came in (with the months posted, when more). */
export const firstMonths = (asset: FixedAssetState): number => Math.max((asset.segments[0] as ScheduleSegment).months, asset.monthsDone);

/** The impairment losses within an asset's accumulated depreciation, less those reversed. */
export const impairedOf = (asset: FixedAssetState): bigint => asset.impairments.reduce((sum, i) => sum + i.lossMinor, 0n);

const assetOf = (assets: Map<string, FixedAssetState>, assetId: string): FixedAssetState => {
  const asset = assets.get(assetId);
  if (asset === undefined) throw new RangeError(`unknown fixed asset ${assetId}`);
  return asset;
};

/**
 * An impairment (a positive loss) or its reversal (a negative one): the book value set to `valueMinor`
 * and a new segment of the schedule from the months posted, spreading what is left above the residual
 * value over the schedule's months left.
 */
const restart = (
  asset: FixedAssetState,
  date: string,
  valueMinor: bigint,
  lossMinor: bigint,
  after: { readonly accumulatedMinor: bigint; readonly residualMinor: bigint; readonly months: number },
): void => {
  const from = asset.monthsDone;
  asset.segments.push({
    from,
    chargedBeforeMinor: scheduled(asset, from),
    baseMinor: valueMinor - after.residualMinor,
    startValueMinor: valueMinor,
    months: after.months - from,
  });
  asset.months = after.months;
  asset.accumulatedMinor = after.accumulatedMinor;
  asset.impairments.push({ afterMonths: from, date, lossMinor });
  asset.def = { ...asset.def, residualMinor: after.residualMinor };
};

export const applyFixedAssetEvent = (
  assets: Map<string, FixedAssetState>,
  event: { readonly type: string; readonly date: string; readonly data: unknown },
): void => {
  switch (event.type) {
    case "FixedAssetAdded": {
      const d = event.data as FixedAssetEventData["FixedAssetAdded"];
      const baseMinor = d.costMinor - d.residualMinor - d.accumulatedMinor;
      assets.set(d.assetId, {
        def: {
          assetId: d.assetId,
          name: d.name,
          unit: d.unit,
          acquiredOn: d.acquiredOn,
          costMinor: d.costMinor,
          residualMinor: d.residualMinor,
          method: d.method ?? "garis-lurus",
          lifeMonths: d.lifeMonths,
        },
        months: d.months,
        segments: [{ from: 0, chargedBeforeMinor: 0n, baseMinor, startValueMinor: d.costMinor - d.accumulatedMinor, months: d.months }],
        impairments: [],
        startMonth: d.startMonth,
        via: d.via,
        enteredOn: event.date,
        monthsDone: 0,
        accumulatedMinor: d.accumulatedMinor,
        depreciatedThrough: undefined,
        disposedOn: undefined,
      });
      return;
    }
    case "FixedAssetDepreciated": {
      const d = event.data as FixedAssetEventData["FixedAssetDepreciated"];
      const asset = assetOf(assets, d.assetId);
      asset.monthsDone += 1;
      asset.accumulatedMinor += d.amountMinor;
      asset.depreciatedThrough = d.month;
      return;
    }
    case "FixedAssetImpaired": {
      const d = event.data as FixedAssetEventData["FixedAssetImpaired"];
      restart(assetOf(assets, d.assetId), event.date, d.recoverableMinor, d.lossMinor, d);
      return;
    }
    case "FixedAssetImpairmentReversed": {
      const d = event.data as FixedAssetEventData["FixedAssetImpairmentReversed"];
      restart(assetOf(assets, d.assetId), event.date, d.bookValueMinor + d.reversedMinor, -d.reversedMinor, d);
      return;
    }
    case "FixedAssetDisposed": {
      const d = event.data as FixedAssetEventData["FixedAssetDisposed"];
      assetOf(assets, d.assetId).disposedOn = event.date;
      return;
    }
    case "FixedAssetCancelled": {
      const d = event.data as FixedAssetEventData["FixedAssetCancelled"];
      assetOf(assets, d.assetId);
      assets.delete(d.assetId);
      return;
    }
    default:
      return;
  }
};

/** A line of an asset's card: a month's depreciation, an impairment loss or its reversal; with where the asset stands after it. */
export interface DepreciationLine {
  /** The month charged; for an impairment or a reversal, the month of its date. */
  readonly month: string;
  /**
   * `penyusutan` (a month's depreciation), `penurunan-nilai` (an impairment loss, posted on `date`) or
   * `pemulihan-nilai` (a loss reversed, posted on `date`: its charge is negative).
   */
  readonly kind: "penyusutan" | "penurunan-nilai" | "pemulihan-nilai";
  readonly chargeMinor: bigint;
  readonly accumulatedMinor: bigint;
  readonly bookValueMinor: bigint;
  /** Posted (by a month's close, or the impairment or reversal itself); the others are still to come. */
  readonly posted: boolean;
  /** An impairment's or a reversal's day. */
  readonly date?: string;
}

/**
 * An asset's card (kartu aset tetap): every month of its schedule, those posted and those to come,
 * and each impairment or reversal after the month posted before it, each line with the accumulated depreciation
 * and book value after it. A disposed asset's card ends with its last posted month; an asset with no
 * schedule (fully depreciated at the opening) has no months.
 */
export const depreciationSchedule = (asset: FixedAssetState): DepreciationLine[] => {
  // Depreciation brought in at the opening: the cost less the book value the first segment starts from.
  const before = asset.def.costMinor - (asset.segments[0] as ScheduleSegment).startValueMinor;
  const last = asset.disposedOn === undefined ? asset.months : asset.monthsDone;
  const lines: DepreciationLine[] = [];
  let impaired = 0n;
  const at = (accumulatedMinor: bigint) => ({ accumulatedMinor, bookValueMinor: asset.def.costMinor - accumulatedMinor });
  for (let k = 0; k <= last; k++) {
    if (k > 0) {
      lines.push({
        month: addMonthsTo(asset.startMonth, k - 1),
        kind: "penyusutan",
        chargeMinor: scheduled(asset, k) - scheduled(asset, k - 1),
        ...at(before + impaired + scheduled(asset, k)),
        posted: k <= asset.monthsDone,
      });
    }
    for (const impairment of asset.impairments) {
      if (impairment.afterMonths !== k) continue;
      impaired += impairment.lossMinor;
      lines.push({
        month: monthOf(impairment.date),
        kind: impairment.lossMinor < 0n ? "pemulihan-nilai" : "penurunan-nilai",
        chargeMinor: impairment.lossMinor,
        ...at(before + impaired + scheduled(asset, k)),
        posted: true,
        date: impairment.date,
      });
    }
  }
  return lines;
};

/**
 * The register as it stood at the end of `asOf`: the fixed-asset events dated on or before it,
 * folded in log order (a month's depreciation is dated its last day, a disposal its own day).
 */
/** The events the register at a past date reads: the fixed-asset events through that day. */
export const fixedAssetsAtEvents = (asOf: string): LogSelection => ({ types: FIXED_ASSET_EVENT_TYPES, through: asOf });

export const fixedAssetsAt = (
  events: Iterable<{ readonly type: string; readonly date: string; readonly data: unknown }>,
  asOf: string,
): Map<string, FixedAssetState> => {
  const assets = emptyAssets();
  for (const event of events) if (event.date <= asOf) applyFixedAssetEvent(assets, event);
  return assets;
};

/** One line of the fixed-asset register (daftar aset tetap): the asset as it came in, and where it stands. */
export interface FixedAssetRow extends FixedAssetDef {
  /** Accumulated depreciation, impairment losses included. */
  readonly accumulatedMinor: bigint;
  /** Of which impairment losses (penurunan nilai), less those reversed. */
  readonly impairedMinor: bigint;
  readonly bookValueMinor: bigint;
  /** Months of the schedule, and how many of them have been posted. */
  readonly months: number;
  readonly monthsDone: number;
  /** The next month's charge; zero once the schedule is done or the asset is gone. */
  readonly nextChargeMinor: bigint;
  readonly depreciatedThrough: string | undefined;
  readonly disposedOn: string | undefined;
}

export interface FixedAssetRegister {
  readonly rows: ReadonlyArray<FixedAssetRow>;
  /** Over the assets still held: what the balance sheet shows as Aset Tetap and Akumulasi Penyusutan from the register. */
  readonly heldCostMinor: bigint;
  readonly heldAccumulatedMinor: bigint;
  /** Of the accumulated depreciation of the assets held, the impairment losses. */
  readonly heldImpairedMinor: bigint;
  readonly heldBookValueMinor: bigint;
}

/** The register as the book stands, in the order the assets came in. */
export const fixedAssetRegister = (state: { readonly assets: ReadonlyMap<string, FixedAssetState> }): FixedAssetRegister => {
  const rows: FixedAssetRow[] = [];
  let heldCostMinor = 0n;
  let heldAccumulatedMinor = 0n;
  let heldImpairedMinor = 0n;
  for (const asset of state.assets.values()) {
    const held = asset.disposedOn === undefined;
    const impairedMinor = impairedOf(asset);
    rows.push({
      ...asset.def,
      accumulatedMinor: asset.accumulatedMinor,
      impairedMinor,
      bookValueMinor: bookValue(asset),
      months: asset.months,
      monthsDone: asset.monthsDone,
      nextChargeMinor: held ? (nextCharge(asset) ?? 0n) : 0n,
      depreciatedThrough: asset.depreciatedThrough,
      disposedOn: asset.disposedOn,
    });
    if (held) {
      heldCostMinor += asset.def.costMinor;
      heldAccumulatedMinor += asset.accumulatedMinor;
      heldImpairedMinor += impairedMinor;
    }
  }
  return { rows, heldCostMinor, heldAccumulatedMinor, heldImpairedMinor, heldBookValueMinor: heldCostMinor - heldAccumulatedMinor };
};
