/**
 * Tutup buku: the year's profit and loss per unit and party, the members' yearly capital and usage
 * (the bases of jasa modal and jasa usaha), the SHU policy of the AD/ART, and the arithmetic of
 * the SHU distribution. The state kept here is a fold of postings and of a few events, so a store
 * can keep it as projections (`profit_loss`, `member_usage`) and rebuild the rest from its events.
 *
 * Every split is a largest-remainder allocation in whole minor units: the pools sum exactly to the
 * SHU they share, and the members' shares sum exactly to each pool.
 */
import { daysBetween } from "../dates.js";
import { type Detail, say } from "../errors.js";
import { allocate, applyRate, type Money, money } from "../money.js";

/** The SHU pools an AD/ART names, with the account each is credited to (the member pools go to Utang SHU Anggota). */
export const SHU_POOLS = [
  "cadangan",
  "jasaModal",
  "jasaUsaha",
  "pengurus",
  "karyawan",
  "pendidikan",
  "sosial",
  "pembangunanDaerahKerja",
] as const;
export type ShuPool = (typeof SHU_POOLS)[number];
/** The pools that stay with the koperasi (not paid to members): where non-member SHU may go. */
export const FUND_POOLS: ReadonlyArray<ShuPool> = ["cadangan", "pengurus", "karyawan", "pendidikan", "sosial", "pembangunanDaerahKerja"];

export type UsageMeasure = "loan-interest" | "shop-purchases";
export const USAGE_MEASURES: ReadonlyArray<UsageMeasure> = ["loan-interest", "shop-purchases"];

/** The AD/ART's rules for closing the year and sharing its SHU. Percentages are decimal text, e.g. "2.5". */
export interface ShuPolicy {
  /** Percent of SHU bagian anggota per pool; they sum to exactly 100. */
  readonly allocation: Readonly<Record<ShuPool, string>>;
  /** Where the SHU of non-member business goes: all to cadangan (the default), or over the fund pools by their percentages. */
  readonly nonMember: "cadangan" | "funds";
  /** Jasa modal: pokok + wajib, with or without sukarela; the balance at year end or the time-weighted average. */
  readonly capital: { readonly includeSukarela: boolean; readonly measure: "year-end" | "average" };
  /** Jasa usaha: the pool is split over these parts by weight (summing to 100), each part over members by its measure. */
  readonly usage: ReadonlyArray<{ readonly measure: UsageMeasure; readonly weight: string }>;
  /** Tax withheld from each member's share, percent (0 when none). */
  readonly withholdingPercent: string;
  /** The income-tax accrual at the year close: none, a percent of SHU before tax, or a percent of turnover (PP 55/2022). */
  readonly incomeTax: { readonly basis: "none" | "profit" | "turnover"; readonly percent: string };
}

/** DOMAIN.md's first common pattern: cadangan 40, jasa modal 20, jasa usaha 25, pengurus 5, karyawan 5, pendidikan 2.5, sosial 2.5. */
export const DEFAULT_SHU_POLICY: ShuPolicy = {
  allocation: {
    cadangan: "40",
    jasaModal: "20",
    jasaUsaha: "25",
    pengurus: "5",
    karyawan: "5",
    pendidikan: "2.5",
    sosial: "2.5",
    pembangunanDaerahKerja: "0",
  },
  nonMember: "cadangan",
  capital: { includeSukarela: false, measure: "year-end" },
  usage: [{ measure: "shop-purchases", weight: "100" }],
  withholdingPercent: "0",
  incomeTax: { basis: "none", percent: "0" },
};

/** "2.5" → 250n hundredths of a percent; undefined when the text is not 0–100 with at most two decimals. */
export const percentHundredths = (text: string): bigint | undefined => {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) return undefined;
  const value = BigInt(match[1] as string) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
  return value <= 10_000n ? value : undefined;
};

/** What is wrong with a policy, in words (Bahasa Indonesia and English); undefined when it is sound. */
export const policyProblem = (policy: ShuPolicy): Detail | undefined => {
  let sum = 0n;
  for (const pool of SHU_POOLS) {
    const p = percentHundredths(policy.allocation[pool]);
    if (p === undefined)
      return say(
        `persentase ${pool} "${policy.allocation[pool]}" bukan angka 0–100 dengan paling banyak dua desimal`,
        `the ${pool} percentage "${policy.allocation[pool]}" is not a number from 0 to 100 with at most two decimals`,
      );
    sum += p;
  }
  if (sum !== 10_000n)
    return say(
      `persentase pembagian SHU berjumlah ${formatHundredths(sum)}%, harus tepat 100%`,
      `the SHU percentages add up to ${formatHundredths(sum)}%, not exactly 100%`,
    );
  if (policy.usage.length === 0) return say("dasar jasa usaha kosong", "jasa usaha has no measure");
  let weights = 0n;
  const seen = new Set<string>();
  for (const part of policy.usage) {
    if (seen.has(part.measure))
      return say(`dasar jasa usaha ${part.measure} disebut dua kali`, `the jasa usaha measure ${part.measure} is named twice`);
    seen.add(part.measure);
    const w = percentHundredths(part.weight);
    if (w === undefined)
      return say(
        `bobot jasa usaha "${part.weight}" bukan angka 0–100`,
        `the jasa usaha weight "${part.weight}" is not a number from 0 to 100`,
      );
    weights += w;
  }
  if (weights !== 10_000n)
    return say(
      `bobot jasa usaha berjumlah ${formatHundredths(weights)}%, harus tepat 100%`,
      `the jasa usaha weights add up to ${formatHundredths(weights)}%, not exactly 100%`,
    );
  if (percentHundredths(policy.withholdingPercent) === undefined)
    return say(
      `potongan pajak "${policy.withholdingPercent}" bukan angka 0–100`,
      `the tax withholding "${policy.withholdingPercent}" is not a number from 0 to 100`,
    );
  if (percentHundredths(policy.incomeTax.percent) === undefined)
    return say(
      `tarif pajak penghasilan "${policy.incomeTax.percent}" bukan angka 0–100`,
      `the income tax rate "${policy.incomeTax.percent}" is not a number from 0 to 100`,
    );
  return undefined;
};

const formatHundredths = (value: bigint): string => {
  const whole = value / 100n;
  const cents = value % 100n;
  return cents === 0n ? whole.toString() : `${whole}.${cents.toString().padStart(2, "0").replace(/0$/, "")}`;
};

/** One member's business with the koperasi in one book year, from the postings and events dated in it. */
export interface MemberYearUsage {
  /** Movements of pokok + wajib dated in the year (positive = more capital held for the member). */
  capitalNetMinor: bigint;
  /** Σ movement × days from its date to the year's end, inclusive: with the opening balance, the rupiah-days held. */
  capitalWeightMinor: bigint;
  sukarelaNetMinor: bigint;
  sukarelaWeightMinor: bigint;
  /** Shop purchases net of returns (revenue, after discounts). */
  purchasesMinor: bigint;
  /** Jasa pinjaman paid on the member's loans. */
  interestPaidMinor: bigint;
}

export const emptyUsage = (): MemberYearUsage => ({
  capitalNetMinor: 0n,
  capitalWeightMinor: 0n,
  sukarelaNetMinor: 0n,
  sukarelaWeightMinor: 0n,
  purchasesMinor: 0n,
  interestPaidMinor: 0n,
});

export const USAGE_FIELDS = [
  "capitalNetMinor",
  "capitalWeightMinor",
  "sukarelaNetMinor",
  "sukarelaWeightMinor",
  "purchasesMinor",
  "interestPaidMinor",
] as const satisfies ReadonlyArray<keyof MemberYearUsage>;

/** A closed book year: its SHU per unit, member and non-member, as the year close computed them. */
export interface YearRecord {
  readonly year: string;
  readonly units: ReadonlyArray<YearUnitShu>;
  readonly memberShuMinor: Money;
  readonly nonMemberShuMinor: Money;
  readonly taxMinor: Money;
  distributed: boolean;
}

export interface YearUnitShu {
  readonly unit: string;
  /** The unit's SHU from members' business, with its share of the common (umum) result. */
  readonly memberMinor: Money;
  readonly nonMemberMinor: Money;
}

export interface ClosingState {
  policy: ShuPolicy;
  /** Per book year, the balance of every Pendapatan and Beban account per unit and party ("account|unit|party"). */
  readonly profitLoss: Map<string, Map<string, bigint>>;
  /** Per book year, per member, the year's capital movements and usage. */
  readonly usage: Map<string, Map<string, MemberYearUsage>>;
  /** Closed book years. */
  readonly years: Map<string, YearRecord>;
  /** Per book year, the closing entries and income-tax accruals posted, so a reopened December can reverse them exactly. */
  readonly entries: Map<string, YearEntries>;
}

export interface YearEntries {
  readonly closing: Array<{ readonly unit: string; readonly lines: ClosingEventData["YearClosingEntryPosted"]["lines"] }>;
  readonly tax: Array<{ readonly unit: string; readonly basis: "profit" | "turnover"; readonly amountMinor: Money }>;
}

export const emptyClosing = (): ClosingState => ({
  policy: DEFAULT_SHU_POLICY,
  profitLoss: new Map(),
  usage: new Map(),
  years: new Map(),
  entries: new Map(),
});

export const profitLossKey = (account: string, unit: string, party: string): string => `${account}|${unit}|${party}`;

export const addProfitLoss = (closing: ClosingState, year: string, key: string, amount: bigint): void => {
  let balances = closing.profitLoss.get(year);
  if (balances === undefined) {
    balances = new Map();
    closing.profitLoss.set(year, balances);
  }
  const next = (balances.get(key) ?? 0n) + amount;
  if (next !== 0n) balances.set(key, next);
  else if (balances.delete(key) && balances.size === 0) closing.profitLoss.delete(year);
};

export const usageOf = (closing: ClosingState, year: string, memberNo: string): MemberYearUsage => {
  let perMember = closing.usage.get(year);
  if (perMember === undefined) {
    perMember = new Map();
    closing.usage.set(year, perMember);
  }
  let usage = perMember.get(memberNo);
  if (usage === undefined) {
    usage = emptyUsage();
    perMember.set(memberNo, usage);
  }
  return usage;
};

/** Days from `date` to 31 December of its year, inclusive (remembered per date: apply asks for it on every capital movement). */
const daysToYearEndByDate = new Map<string, bigint>();
export const daysToYearEnd = (date: string): bigint => {
  let days = daysToYearEndByDate.get(date);
  if (days === undefined) {
    days = BigInt(daysBetween(date, `${date.slice(0, 4)}-12-31`) + 1);
    daysToYearEndByDate.set(date, days);
  }
  return days;
};

/** The days of book year `year`: from the book's start (a short first year) or 1 January, to 31 December. */
export const daysInBookYear = (year: string, startDate: string): bigint =>
  daysToYearEnd(startDate.slice(0, 4) === year ? startDate : `${year}-01-01`);

/** A movement of pokok or wajib (held for the member: positive) dated `date`, into the year's usage. */
export const addCapitalMove = (closing: ClosingState, memberNo: string, date: string, heldMinor: bigint): void => {
  const usage = usageOf(closing, date.slice(0, 4), memberNo);
  usage.capitalNetMinor += heldMinor;
  usage.capitalWeightMinor += heldMinor * daysToYearEnd(date);
};

/**
 * One year's sukarela movements of a member, folded at a month close (their sum and rupiah-days to
 * the year's end), into the year's usage. Sukarela movements are not
 * counted as they are posted: the member's sukarela track already keeps every movement not yet
 * folded, so the year's sukarela usage is what was folded plus what the track still holds. A year
 * whose SHU is already distributed takes no more.
 */
export const addSukarelaFold = (closing: ClosingState, memberNo: string, year: string, netMinor: bigint, weightMinor: bigint): void => {
  if (closing.years.get(year)?.distributed === true) return;
  const usage = usageOf(closing, year, memberNo);
  usage.sukarelaNetMinor += netMinor;
  usage.sukarelaWeightMinor += weightMinor;
};

// ---------- the year close ----------

/** One line of a closing entry: the balance of a Pendapatan or Beban account in one unit and party, brought to zero. */
export interface ClosingLine {
  readonly account: string;
  readonly unit: string;
  readonly party: "anggota" | "nonanggota" | "umum";
  /** The balance closed (debit positive: an expense, or a negative income). */
  readonly balanceMinor: Money;
}

/** Pendapatan and Beban balances ("account|unit|party" → balance) as closing lines, sorted by unit, account and party. */
export const closingLines = (balances: ReadonlyMap<string, bigint>): ClosingLine[] => {
  const lines: ClosingLine[] = [];
  for (const [key, balance] of balances) {
    if (balance === 0n) continue;
    const [account, unit, party] = key.split("|") as [string, string, ClosingLine["party"]];
    lines.push({ account, unit, party, balanceMinor: money(balance) });
  }
  return lines.sort((a, b) =>
    a.unit !== b.unit
      ? a.unit < b.unit
        ? -1
        : 1
      : a.account !== b.account
        ? a.account < b.account
          ? -1
          : 1
        : a.party < b.party
          ? -1
          : a.party > b.party
            ? 1
            : 0,
  );
};

/**
 * A unit's SHU (income less expenses: minus the sum of its closing lines) split into member and
 * non-member parts. Common (umum) results are shared in proportion to the unit's member and
 * non-member income (all to members when the unit had no non-member income), by largest remainder.
 */
export const unitShu = (lines: ReadonlyArray<ClosingLine>, unit: string, incomeAccounts: ReadonlySet<string>): YearUnitShu => {
  let member = 0n;
  let nonMember = 0n;
  let common = 0n;
  let memberIncome = 0n;
  let nonMemberIncome = 0n;
  for (const line of lines) {
    if (line.unit !== unit) continue;
    const shu = -line.balanceMinor;
    if (line.party === "anggota") member += shu;
    else if (line.party === "nonanggota") nonMember += shu;
    else common += shu;
    if (incomeAccounts.has(line.account) && line.balanceMinor < 0n) {
      if (line.party === "anggota") memberIncome -= line.balanceMinor;
      else if (line.party === "nonanggota") nonMemberIncome -= line.balanceMinor;
    }
  }
  if (common !== 0n) {
    const [toMembers, toOthers] = nonMemberIncome === 0n ? [common, 0n] : allocate(common, [memberIncome, nonMemberIncome]);
    member += toMembers as bigint;
    nonMember += toOthers as bigint;
  }
  return { unit, memberMinor: money(member), nonMemberMinor: money(nonMember) };
};

/** The income-tax accrual of a year: a percent of SHU before tax (nothing on a loss) or of turnover (income), half up. */
export const incomeTaxFor = (policy: ShuPolicy, shuBeforeTaxMinor: bigint, turnoverMinor: bigint): Money => {
  const percent = percentHundredths(policy.incomeTax.percent) ?? 0n;
  if (policy.incomeTax.basis === "none" || percent === 0n) return money(0n);
  const base = policy.incomeTax.basis === "profit" ? shuBeforeTaxMinor : turnoverMinor;
  if (base <= 0n) return money(0n);
  return applyRate(base, `${percent}e-4`, "half-up");
};

// ---------- the SHU distribution ----------

/** One member's bases for a year: capital (as the policy measures it) and each usage measure. */
export interface MemberBasis {
  readonly memberNo: string;
  readonly capitalMinor: bigint;
  readonly usage: Readonly<Record<UsageMeasure, bigint>>;
}

export interface ShuAllocation {
  /** Each pool of SHU bagian anggota, and what non-member SHU adds to it. */
  readonly pools: ReadonlyArray<{ readonly pool: ShuPool; readonly memberMinor: Money; readonly nonMemberMinor: Money }>;
  /** Each part of the jasa usaha pool. */
  readonly usageParts: ReadonlyArray<{ readonly measure: UsageMeasure; readonly poolMinor: Money; readonly basisMinor: bigint }>;
  readonly capitalBasisMinor: bigint;
  /** Members with a share, in member-number order. */
  readonly shares: ReadonlyArray<MemberShare>;
}

export interface MemberShare {
  readonly memberNo: string;
  readonly capitalMinor: bigint;
  readonly jasaModalMinor: Money;
  readonly usage: ReadonlyArray<{ readonly measure: UsageMeasure; readonly basisMinor: bigint; readonly amountMinor: Money }>;
  readonly jasaUsahaMinor: Money;
  readonly totalMinor: Money;
  readonly withheldMinor: Money;
}

export type AllocationProblem = { readonly kind: "no-capital" } | { readonly kind: "no-usage"; readonly measure: UsageMeasure };

/**
 * Splits a year's SHU by the policy: SHU bagian anggota over the pools by their percentages, the
 * non-member SHU to cadangan (or over the fund pools), jasa modal over members by capital, each
 * part of jasa usaha over members by its measure. Largest remainder at every step, ties to the
 * earlier pool or the lower member number, so every pool and every share is whole and exact.
 */
export const allocateShu = (
  policy: ShuPolicy,
  memberShuMinor: bigint,
  nonMemberShuMinor: bigint,
  bases: ReadonlyArray<MemberBasis>,
): { ok: true; allocation: ShuAllocation } | { ok: false; problem: AllocationProblem } => {
  const members = [...bases].sort((a, b) => (a.memberNo < b.memberNo ? -1 : a.memberNo > b.memberNo ? 1 : 0));
  const weights = SHU_POOLS.map((pool) => percentHundredths(policy.allocation[pool]) ?? 0n);
  const memberPools = memberShuMinor > 0n ? allocate(memberShuMinor, weights) : SHU_POOLS.map(() => money(0n));
  // A member loss is not shared: it stays with the koperasi (cadangan) until the RAT decides.
  if (memberShuMinor < 0n) memberPools[0] = money(memberShuMinor);
  const nonMemberPools = SHU_POOLS.map(() => money(0n));
  if (nonMemberShuMinor !== 0n) {
    const fundWeights = SHU_POOLS.map((pool, i) => (FUND_POOLS.includes(pool) ? (weights[i] as bigint) : 0n));
    const spread = policy.nonMember === "funds" && nonMemberShuMinor > 0n && fundWeights.some((w) => w > 0n);
    const parts = spread ? allocate(nonMemberShuMinor, fundWeights) : SHU_POOLS.map((_, i) => money(i === 0 ? nonMemberShuMinor : 0n));
    parts.forEach((part, i) => {
      nonMemberPools[i] = part;
    });
  }
  const poolOf = (pool: ShuPool) => memberPools[SHU_POOLS.indexOf(pool)] as Money;
  const jmPool = poolOf("jasaModal");
  const juPool = poolOf("jasaUsaha");

  const capital = members.map((m) => (m.capitalMinor > 0n ? m.capitalMinor : 0n));
  const capitalBasis = capital.reduce((a, b) => a + b, 0n);
  if (jmPool > 0n && capitalBasis === 0n) return { ok: false, problem: { kind: "no-capital" } };
  const jm = jmPool > 0n ? allocate(jmPool, capital) : members.map(() => money(0n));

  const partPools =
    juPool > 0n
      ? allocate(
          juPool,
          policy.usage.map((p) => percentHundredths(p.weight) ?? 0n),
        )
      : policy.usage.map(() => money(0n));
  const usageParts: Array<{ measure: UsageMeasure; poolMinor: Money; basisMinor: bigint }> = [];
  const perPart: Money[][] = [];
  for (let i = 0; i < policy.usage.length; i++) {
    const measure = (policy.usage[i] as ShuPolicy["usage"][number]).measure;
    const pool = partPools[i] as Money;
    const basis = members.map((m) => (m.usage[measure] > 0n ? m.usage[measure] : 0n));
    const total = basis.reduce((a, b) => a + b, 0n);
    if (pool > 0n && total === 0n) return { ok: false, problem: { kind: "no-usage", measure } };
    perPart.push(pool > 0n ? allocate(pool, basis) : members.map(() => money(0n)));
    usageParts.push({ measure, poolMinor: pool, basisMinor: total });
  }

  const withholding = percentHundredths(policy.withholdingPercent) ?? 0n;
  const shares: MemberShare[] = [];
  members.forEach((m, j) => {
    const usage = usageParts.map((part, i) => ({
      measure: part.measure,
      basisMinor: m.usage[part.measure] > 0n ? m.usage[part.measure] : 0n,
      amountMinor: (perPart[i] as Money[])[j] as Money,
    }));
    const jasaModal = jm[j] as Money;
    const jasaUsaha = usage.reduce((a, u) => a + u.amountMinor, 0n);
    const total = jasaModal + jasaUsaha;
    if (total === 0n) return;
    shares.push({
      memberNo: m.memberNo,
      capitalMinor: capital[j] as bigint,
      jasaModalMinor: jasaModal,
      usage,
      jasaUsahaMinor: money(jasaUsaha),
      totalMinor: money(total),
      withheldMinor: withholding === 0n ? money(0n) : applyRate(total, `${withholding}e-4`, "half-up"),
    });
  });
  return {
    ok: true,
    allocation: {
      pools: SHU_POOLS.map((pool, i) => ({ pool, memberMinor: memberPools[i] as Money, nonMemberMinor: nonMemberPools[i] as Money })),
      usageParts,
      capitalBasisMinor: capitalBasis,
      shares,
    },
  };
};

/**
 * A member's capital basis for `year`: the balance at 31 December (today's balance less every
 * movement dated after that year) or the rupiah-days held over the year (the opening balance times
 * the year's days, plus each movement times the days it was held). The average is proportional to
 * the rupiah-days, so the split uses them as they are: no rounding until the shares.
 */
export const capitalBasis = (
  closing: ClosingState,
  year: string,
  memberNo: string,
  balances: { readonly capitalMinor: bigint; readonly sukarelaMinor: bigint },
  policy: ShuPolicy,
  startDate: string,
  /** The member's sukarela movements not yet folded (posted amounts: a deposit is negative), by date. */
  unfolded: { readonly dates: ReadonlyArray<string>; readonly postedMinor: ReadonlyArray<bigint> },
): bigint => {
  let capitalEnd = balances.capitalMinor;
  let sukarelaEnd = balances.sukarelaMinor;
  for (const [y, perMember] of closing.usage) {
    if (y <= year) continue;
    const later = perMember.get(memberNo);
    if (later === undefined) continue;
    capitalEnd -= later.capitalNetMinor;
    sukarelaEnd -= later.sukarelaNetMinor;
  }
  const within = closing.usage.get(year)?.get(memberNo) ?? emptyUsage();
  let sukarelaNet = within.sukarelaNetMinor;
  let sukarelaWeight = within.sukarelaWeightMinor;
  for (let i = 0; i < unfolded.dates.length; i++) {
    const date = unfolded.dates[i] as string;
    const held = -(unfolded.postedMinor[i] as bigint);
    const y = date.slice(0, 4);
    if (y > year) sukarelaEnd -= held;
    else if (y === year) {
      sukarelaNet += held;
      sukarelaWeight += held * daysToYearEnd(date);
    }
  }
  const includeSukarela = policy.capital.includeSukarela;
  if (policy.capital.measure === "year-end") return capitalEnd + (includeSukarela ? sukarelaEnd : 0n);
  const days = daysInBookYear(year, startDate);
  const capitalDays = (capitalEnd - within.capitalNetMinor) * days + within.capitalWeightMinor;
  const sukarelaDays = (sukarelaEnd - sukarelaNet) * days + sukarelaWeight;
  return capitalDays + (includeSukarela ? sukarelaDays : 0n);
};

// ---------- events ----------

export interface ClosingEventData {
  ShuPolicySet: { readonly policy: ShuPolicy };
  IncomeTaxAccrued: {
    readonly year: string;
    readonly runId: string;
    readonly unit: string;
    readonly basis: "profit" | "turnover";
    readonly amountMinor: Money;
  };
  YearClosingEntryPosted: {
    readonly year: string;
    readonly runId: string;
    readonly unit: string;
    readonly lines: ReadonlyArray<{ readonly account: string; readonly party: ClosingLine["party"]; readonly balanceMinor: Money }>;
  };
  YearClosed: {
    readonly year: string;
    readonly runId: string;
    readonly units: ReadonlyArray<YearUnitShu>;
    readonly memberShuMinor: Money;
    readonly nonMemberShuMinor: Money;
    readonly taxMinor: Money;
  };
  /** SHU Tahun Berjalan of `fromYear` carried to SHU Belum Dibagi on the first day of `year`, one event per unit. */
  YearOpened: {
    readonly year: string;
    readonly fromYear: string;
    readonly unit: string;
    readonly memberMinor: Money;
    readonly nonMemberMinor: Money;
  };
  /**
   * December reopened before the RAT: the year's closing entries, tax accruals and carry to SHU Belum
   * Dibagi were reversed by the events before this one (the same types with the amounts negated).
   */
  YearReopened: { readonly year: string; readonly reason: string };
  ShuDistributed: {
    readonly year: string;
    readonly runId: string;
    readonly policy: ShuPolicy;
    readonly memberShuMinor: Money;
    readonly nonMemberShuMinor: Money;
    readonly pools: ShuAllocation["pools"];
    readonly usageParts: ShuAllocation["usageParts"];
    readonly capitalBasisMinor: bigint;
    readonly payout: "hold" | "sukarela";
  };
  ShuShareAllocated: {
    readonly year: string;
    readonly runId: string;
    readonly memberNo: string;
    readonly capitalMinor: bigint;
    readonly jasaModalMinor: Money;
    readonly usage: MemberShare["usage"];
    readonly jasaUsahaMinor: Money;
    readonly totalMinor: Money;
    readonly withheldMinor: Money;
    readonly payout: "hold" | "sukarela";
  };
  ShuPaid: { readonly memberNo: string; readonly amountMinor: Money; readonly via: string };
}

/** The closing events a store folds to rebuild {@link ClosingState} beside its projections. */
export const CLOSING_EVENT_TYPES = [
  "ShuPolicySet",
  "IncomeTaxAccrued",
  "YearClosingEntryPosted",
  "YearClosed",
  "YearReopened",
  "ShuDistributed",
] as const;

const entriesOf = (closing: ClosingState, year: string): YearEntries => {
  let entries = closing.entries.get(year);
  if (entries === undefined) {
    entries = { closing: [], tax: [] };
    closing.entries.set(year, entries);
  }
  return entries;
};

/** A policy with its keys in one order, however it was stored (a database may reorder a JSON object's keys). */
const ownPolicy = (p: ShuPolicy): ShuPolicy => ({
  allocation: Object.fromEntries(SHU_POOLS.map((pool) => [pool, p.allocation[pool]])) as Record<ShuPool, string>,
  nonMember: p.nonMember,
  capital: { includeSukarela: p.capital.includeSukarela, measure: p.capital.measure },
  usage: p.usage.map((u) => ({ measure: u.measure, weight: u.weight })),
  withholdingPercent: p.withholdingPercent,
  incomeTax: { basis: p.incomeTax.basis, percent: p.incomeTax.percent },
});

/** Folds a closing event into the closing state (the postings' part is folded with every posting). */
export const applyClosingEvent = (closing: ClosingState, event: { readonly type: string; readonly data: unknown }): void => {
  switch (event.type) {
    case "ShuPolicySet":
      closing.policy = ownPolicy((event.data as ClosingEventData["ShuPolicySet"]).policy);
      return;
    case "IncomeTaxAccrued": {
      const d = event.data as ClosingEventData["IncomeTaxAccrued"];
      entriesOf(closing, d.year).tax.push({ unit: d.unit, basis: d.basis, amountMinor: d.amountMinor });
      return;
    }
    case "YearClosingEntryPosted": {
      const d = event.data as ClosingEventData["YearClosingEntryPosted"];
      const lines = d.lines.map((l) => ({ account: l.account, party: l.party, balanceMinor: l.balanceMinor }));
      entriesOf(closing, d.year).closing.push({ unit: d.unit, lines });
      return;
    }
    case "YearReopened": {
      const d = event.data as ClosingEventData["YearReopened"];
      closing.years.delete(d.year);
      closing.entries.delete(d.year);
      return;
    }
    case "YearClosed": {
      const d = event.data as ClosingEventData["YearClosed"];
      closing.years.set(d.year, {
        year: d.year,
        units: d.units.map((u) => ({ unit: u.unit, memberMinor: u.memberMinor, nonMemberMinor: u.nonMemberMinor })),
        memberShuMinor: d.memberShuMinor,
        nonMemberShuMinor: d.nonMemberShuMinor,
        taxMinor: d.taxMinor,
        distributed: false,
      });
      closing.profitLoss.delete(d.year);
      return;
    }
    case "ShuDistributed": {
      const d = event.data as ClosingEventData["ShuDistributed"];
      const record = closing.years.get(d.year);
      if (record !== undefined) record.distributed = true;
      closing.usage.delete(d.year);
      return;
    }
    default:
      return;
  }
};
