/** Fixed-asset steps for the property tests, and the register's invariants they check. */
import fc from "fast-check";
import { expect } from "vitest";
import { depreciationSchedule, impairedOf } from "../src/assets/assets.js";
import { ACCOUNTS } from "../src/chart.js";
import type { BookState, LedgerEvent } from "../src/model.js";

export type AssetOp =
  | { kind: "asset"; n: number; cost: number; residualPercent: number; life: number; declining: boolean; toko: boolean; when: number }
  | { kind: "dispose"; n: number; proceeds: number; when: number }
  | { kind: "cancel"; n: number; when: number }
  | { kind: "impair"; n: number; recoverable: number; when: number }
  | { kind: "recover"; n: number; recoverable: number; when: number };

/**
 * Weighted purchases, disposals, cancellations, impairments and their reversals of a few assets (AT-1, AT-2, …), for `fc.oneof`: `when` is a
 * number the test turns into a date in the book's open period.
 */
export const assetOps = (options: {
  readonly assets: number;
  readonly maxCost: number;
  readonly maxLife: number;
  readonly when: { readonly min: number; readonly max: number };
  readonly weights: {
    readonly asset: number;
    readonly dispose: number;
    readonly cancel: number;
    readonly impair: number;
    readonly recover: number;
  };
}): Array<fc.WeightedArbitrary<AssetOp>> => [
  {
    weight: options.weights.asset,
    arbitrary: fc.record({
      kind: fc.constant("asset" as const),
      n: fc.integer({ min: 1, max: options.assets }),
      cost: fc.integer({ min: 1, max: options.maxCost }),
      residualPercent: fc.integer({ min: 0, max: 99 }),
      life: fc.integer({ min: 1, max: options.maxLife }),
      declining: fc.boolean(),
      toko: fc.boolean(),
      when: fc.integer(options.when),
    }),
  },
  {
    weight: options.weights.dispose,
    arbitrary: fc.record({
      kind: fc.constant("dispose" as const),
      n: fc.integer({ min: 1, max: options.assets }),
      proceeds: fc.integer({ min: 0, max: options.maxCost }),
      when: fc.integer(options.when),
    }),
  },
  {
    weight: options.weights.cancel,
    arbitrary: fc.record({
      kind: fc.constant("cancel" as const),
      n: fc.integer({ min: 1, max: options.assets }),
      when: fc.integer(options.when),
    }),
  },
  {
    weight: options.weights.impair,
    // A recoverable amount at or above the book value is refused (`not-impaired`); zero writes the asset off.
    arbitrary: fc.record({
      kind: fc.constant("impair" as const),
      n: fc.integer({ min: 1, max: options.assets }),
      recoverable: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: options.maxCost })),
      when: fc.integer(options.when),
    }),
  },
  {
    weight: options.weights.recover,
    // A recoverable amount at or below the book value is refused (`not-recovered`), one above the
    // book value the asset would have had with no impairment is held to it.
    arbitrary: fc.record({
      kind: fc.constant("recover" as const),
      n: fc.integer({ min: 1, max: options.assets }),
      recoverable: fc.oneof(fc.constant(options.maxCost), fc.integer({ min: 0, max: options.maxCost })),
      when: fc.integer(options.when),
    }),
  },
];

/**
 * The command of a step dated `date`. Given the book's `state`, an impairment is of the `n`-th asset
 * held and a reversal of the `n`-th with an impairment loss left (counting round), when there is one:
 * drawn among all codes, they would rarely meet one.
 */
export const assetCommand = (op: AssetOp, date: string, state?: BookState): Record<string, unknown> => {
  if ((op.kind !== "impair" && op.kind !== "recover") || state === undefined) return stepCommand(op, date);
  const held = [...state.assets.values()].filter((a) => a.disposedOn === undefined);
  const candidates = op.kind === "impair" ? held : held.filter((a) => impairedOf(a) > 0n);
  const target = candidates[op.n % Math.max(1, candidates.length)];
  return { ...stepCommand(op, date), ...(target === undefined ? {} : { assetId: target.def.assetId }) };
};

const stepCommand = (op: AssetOp, date: string): Record<string, unknown> =>
  op.kind === "asset"
    ? {
        type: "AddFixedAsset",
        assetId: `AT-${op.n}`,
        name: `Aset ${op.n}`,
        unit: op.toko ? "TOKO" : "USP",
        date,
        cost: String(op.cost),
        residual: String(Math.floor((op.cost * op.residualPercent) / 100)),
        lifeMonths: op.life,
        ...(op.declining ? { method: "saldo-menurun" } : {}),
      }
    : op.kind === "dispose"
      ? { type: "DisposeFixedAsset", assetId: `AT-${op.n}`, date, proceeds: String(op.proceeds) }
      : op.kind === "cancel"
        ? { type: "CancelFixedAsset", assetId: `AT-${op.n}`, date, reason: "salah catat" }
        : op.kind === "impair"
          ? { type: "ImpairFixedAsset", assetId: `AT-${op.n}`, date, recoverable: String(op.recoverable), reason: "rusak" }
          : { type: "ReverseFixedAssetImpairment", assetId: `AT-${op.n}`, date, recoverable: String(op.recoverable), reason: "pulih" };

/**
 * The register's invariants, for a book where nothing but the assets posts to their accounts: Aset
 * Tetap holds the cost of the assets held and Akumulasi Penyusutan their depreciation and impairment
 * losses less the reversals, which never raise a book value above the one the asset would have had
 * with no impairment; each asset is charged once a month, in order, as many months as its schedule has done, its
 * charges and losses summing to its accumulated depreciation, never past cost less residual (the
 * residual an impairment may have lowered), and exactly that when its schedule ends; its card ends there too.
 */
export const expectRegisterTied = (state: BookState, events: ReadonlyArray<LedgerEvent>): void => {
  let held = 0n;
  let accumulated = 0n;
  for (const asset of state.assets.values()) {
    const charges = events.flatMap((e) => (e.type === "FixedAssetDepreciated" && e.data.assetId === asset.def.assetId ? [e.data] : []));
    expect(charges.map((c) => c.month)).toEqual([...new Set(charges.map((c) => c.month))].sort());
    expect(charges.length).toBe(asset.monthsDone);
    // (An impaired asset is never cancelled, so these are all of the asset as it stands.)
    const impaired = events.reduce(
      (sum, e) =>
        !("assetId" in e.data) || e.data.assetId !== asset.def.assetId
          ? sum
          : e.type === "FixedAssetImpaired"
            ? sum + e.data.lossMinor
            : e.type === "FixedAssetImpairmentReversed"
              ? sum - e.data.reversedMinor
              : sum,
      0n,
    );
    expect(impaired).toBe(impairedOf(asset));
    expect(impaired >= 0n).toBe(true);
    for (const e of events) {
      if (e.type !== "FixedAssetImpairmentReversed" || e.data.assetId !== asset.def.assetId) continue;
      expect(e.data.bookValueMinor + e.data.reversedMinor <= e.data.unimpairedMinor).toBe(true);
      expect(e.data.bookValueMinor + e.data.reversedMinor <= e.data.recoverableMinor).toBe(true);
    }
    expect(charges.reduce((sum, c) => sum + c.amountMinor, 0n) + impaired).toBe(asset.accumulatedMinor);
    const base = asset.def.costMinor - asset.def.residualMinor;
    expect(asset.accumulatedMinor <= base).toBe(true);
    if (asset.monthsDone === asset.months) expect(asset.accumulatedMinor).toBe(base);
    if (asset.disposedOn === undefined) {
      const card = depreciationSchedule(asset);
      expect(card.filter((l) => l.kind === "penyusutan")).toHaveLength(asset.months);
      expect(card.filter((l) => l.kind !== "penyusutan").reduce((sum, l) => sum + l.chargeMinor, 0n)).toBe(impaired);
      expect(card.filter((l) => l.posted).at(-1)?.accumulatedMinor ?? asset.accumulatedMinor).toBe(asset.accumulatedMinor);
      expect(card.at(-1)?.bookValueMinor ?? asset.def.residualMinor).toBe(asset.def.residualMinor);
    }
    if (asset.disposedOn === undefined) {
      held += asset.def.costMinor;
      accumulated += asset.accumulatedMinor;
    }
  }
  expect(state.accounts.get(ACCOUNTS.asetTetap)?.balanceMinor ?? 0n).toBe(held);
  expect(-(state.accounts.get(ACCOUNTS.akumulasiPenyusutan)?.balanceMinor ?? 0n)).toBe(accumulated);
};
