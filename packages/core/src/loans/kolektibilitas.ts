/**
 * Kolektibilitas and the allowance it requires (PPAP). Classes by days past due, configurable; the
 * default five classes of DOMAIN.md with the POJK 33/2018 rates: 0.5% of outstanding for Lancar, and
 * 3%, 10%, 50%, 100% of (outstanding − eligible collateral, floored at zero) for the others.
 */
import { type Money, money, RateDecimal, type RoundingMode, toMinorUnits } from "../money.js";

export interface KolektibilitasClass {
  readonly code: string;
  readonly name: string;
  /** The highest days past due in this class; undefined for the last (open-ended) class. */
  readonly maxDaysPastDue: number | undefined;
  /** Allowance rate as a decimal fraction ("0.005" is 0.5%). */
  readonly allowanceRate: string;
  /** Whether eligible collateral is deducted before the rate applies. */
  readonly netOfCollateral: boolean;
  /** Weight in the problem-loan ratio of the koperasi health rule (0 for performing classes). */
  readonly problemWeight: string;
  /** Whether loans in this class still accrue jasa (performing); otherwise jasa is income when paid. */
  readonly performing: boolean;
}

export const DEFAULT_KOLEKTIBILITAS: ReadonlyArray<KolektibilitasClass> = [
  { code: "L", name: "Lancar", maxDaysPastDue: 0, allowanceRate: "0.005", netOfCollateral: false, problemWeight: "0", performing: true },
  {
    code: "DPK",
    name: "Dalam Perhatian Khusus",
    maxDaysPastDue: 90,
    allowanceRate: "0.03",
    netOfCollateral: true,
    problemWeight: "0",
    performing: true,
  },
  {
    code: "KL",
    name: "Kurang Lancar",
    maxDaysPastDue: 120,
    allowanceRate: "0.10",
    netOfCollateral: true,
    problemWeight: "0.50",
    performing: false,
  },
  {
    code: "D",
    name: "Diragukan",
    maxDaysPastDue: 180,
    allowanceRate: "0.50",
    netOfCollateral: true,
    problemWeight: "0.75",
    performing: false,
  },
  { code: "M", name: "Macet", maxDaysPastDue: undefined, allowanceRate: "1", netOfCollateral: true, problemWeight: "1", performing: false },
];

export const classify = (
  daysPastDue: number,
  classes: ReadonlyArray<KolektibilitasClass> = DEFAULT_KOLEKTIBILITAS,
): KolektibilitasClass => {
  if (!Number.isInteger(daysPastDue) || daysPastDue < 0)
    throw new RangeError(`days past due must be a whole number ≥ 0, got ${daysPastDue}`);
  for (const c of classes) if (c.maxDaysPastDue === undefined || daysPastDue <= c.maxDaysPastDue) return c;
  throw new RangeError("the last kolektibilitas class must be open-ended");
};

/** The allowance a loan requires in its class, rounded by the named mode (half-up by default). */
export const requiredAllowance = (
  outstandingMinor: bigint,
  eligibleCollateralMinor: bigint,
  kolektibilitas: KolektibilitasClass,
  mode: RoundingMode = "half-up",
): Money => {
  const base = kolektibilitas.netOfCollateral ? outstandingMinor - eligibleCollateralMinor : outstandingMinor;
  if (base <= 0n) return money(0n);
  return toMinorUnits(new RateDecimal(base.toString()).times(kolektibilitas.allowanceRate), mode);
};

export type HealthBand = "sehat" | "cukup sehat" | "kurang sehat" | "tidak sehat";

/** A health band in English. */
export const HEALTH_BAND_EN: Readonly<Record<HealthBand, string>> = {
  sehat: "healthy",
  "cukup sehat": "fairly healthy",
  "kurang sehat": "less than healthy",
  "tidak sehat": "unhealthy",
};

/** A ratio as a fraction to four places, half up, as reports show it (`0.00005` is `"0.0001"`). */
export const ratioText = (ratio: InstanceType<typeof RateDecimal>): string =>
  ratio.toDecimalPlaces(4, RateDecimal.ROUND_HALF_UP).toString();

/**
 * The koperasi health rule's problem-loan ratio: Kurang Lancar weighed 50%, Diragukan 75%, Macet
 * 100%, against total loans; ≤ 5% sehat, ≤ 10% cukup sehat, ≤ 15% kurang sehat, above tidak sehat.
 */
export const problemLoanRatio = (
  portfolio: ReadonlyArray<{ readonly outstandingMinor: bigint; readonly kolektibilitas: KolektibilitasClass }>,
): { ratio: InstanceType<typeof RateDecimal>; band: HealthBand } => {
  let total = new RateDecimal(0);
  let problem = new RateDecimal(0);
  for (const loan of portfolio) {
    const outstanding = new RateDecimal(loan.outstandingMinor.toString());
    total = total.plus(outstanding);
    problem = problem.plus(outstanding.times(loan.kolektibilitas.problemWeight));
  }
  const ratio = total.isZero() ? new RateDecimal(0) : problem.div(total);
  const band: HealthBand = ratio.lte("0.05")
    ? "sehat"
    : ratio.lte("0.10")
      ? "cukup sehat"
      : ratio.lte("0.15")
        ? "kurang sehat"
        : "tidak sehat";
  return { ratio, band };
};
