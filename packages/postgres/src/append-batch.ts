/**
 * Turns a batch of events (and the idempotency and identity records that go with it) into the JSON
 * that lumbung.append takes: the rows of history, and the changes every projection needs, computed
 * from the events alone with the same rules as the engine's apply.
 */
import {
  ACCOUNTS,
  type AppendRequest,
  DEFAULT_CHART,
  daysToYearEnd,
  type LedgerEvent,
  lastDayOf,
  NOT_WAJIB_PAYMENT,
  previousMonth,
  toWireValue,
} from "@lumbung/core";

interface MemberDelta {
  memberNo: string;
  pokok: bigint;
  wajib: bigint;
  sukarela: bigint;
  wajibPaid: bigint;
  latestDate: string | null;
}

const MEMBER_KIND_ACCOUNTS: ReadonlyMap<string, keyof Pick<MemberDelta, "pokok" | "wajib" | "sukarela">> = new Map([
  [ACCOUNTS.simpananPokok, "pokok"],
  [ACCOUNTS.simpananWajib, "wajib"],
  [ACCOUNTS.simpananSukarela, "sukarela"],
]);

/** Default accounts that are never Pendapatan or Beban: their postings need no profit-and-loss row (the SQL filters the rest by kind). */
const BALANCE_SHEET_CODES: ReadonlySet<string> = new Set(
  DEFAULT_CHART.filter((a) => a.kind !== "pendapatan" && a.kind !== "beban").map((a) => a.code),
);

interface UsageDelta {
  year: string;
  memberNo: string | null;
  loanId: string | null;
  capitalNet: bigint;
  capitalWeight: bigint;
  sukarelaNet: bigint;
  sukarelaWeight: bigint;
  purchases: bigint;
  interestPaid: bigint;
}

const revenueOf = (lines: ReadonlyArray<{ readonly revenueMinor: bigint }>): bigint => {
  let revenue = 0n;
  for (const l of lines) revenue += l.revenueMinor;
  return revenue;
};

/** An object of the entries, or null (left out of the batch) when there are none. */
const keyed = <T>(entries: ReadonlyArray<readonly [string, T]>): Record<string, T> | null =>
  entries.length === 0 ? null : Object.fromEntries(entries);

/**
 * The arguments of lumbung.append after the book and the expected head: the batch (jsonb) and its
 * events, postings and sukarela moves (json arrays, or null when there are none).
 */
export interface AppendBatch {
  readonly batch: string;
  readonly events: string | null;
  readonly postings: string | null;
  readonly moves: string | null;
}

export const toBatch = (request: AppendRequest): AppendBatch => {
  const plDeltas = new Map<string, { year: string; account: string; unit: string; party: string; delta: bigint }>();
  const usageDeltas = new Map<string, UsageDelta>();
  const closingOps: unknown[] = [];
  const usage = (year: string, memberNo: string | null, loanId: string | null): UsageDelta => {
    const key = `${year}\u0000${memberNo ?? ""}\u0000${loanId ?? ""}`;
    let delta = usageDeltas.get(key);
    if (delta === undefined) {
      delta = {
        year,
        memberNo,
        loanId,
        capitalNet: 0n,
        capitalWeight: 0n,
        sukarelaNet: 0n,
        sukarelaWeight: 0n,
        purchases: 0n,
        interestPaid: 0n,
      };
      usageDeltas.set(key, delta);
    }
    return delta;
  };
  const events: unknown[] = [];
  const postings: unknown[] = [];
  const accountOps: unknown[] = [];
  const accountDeltas = new Map<string, { code: string; delta: bigint; count: number }>();
  const subledgerDeltas = new Map<string, { account: string; sub: string; delta: bigint }>();
  const memberOps: unknown[] = [];
  const memberDeltas = new Map<string, MemberDelta>();
  const moves: unknown[] = [];
  const interest = new Map<string, { month: string; memberNo: string; gross: bigint; tax: bigint }>();
  const wajibOps: unknown[] = [];
  const reversals: unknown[] = [];
  const periodOps: unknown[] = [];
  const loanOps: unknown[] = [];
  const shopOps: unknown[] = [];
  // Stock moves of one item in one batch become one UPDATE; a count starts a new one after it.
  const pendingMove = new Map<string, { op: "move"; item: string; quantity: bigint; value: bigint }>();
  const move = (item: string, quantity: bigint, value: bigint) => {
    const pending = pendingMove.get(item);
    if (pending !== undefined) {
      pending.quantity += quantity;
      pending.value += value;
      return;
    }
    const op = { op: "move" as const, item, quantity, value };
    shopOps.push(op);
    pendingMove.set(item, op);
  };
  let config: unknown;
  let foldThrough: string | null = null;
  let interestPruneBefore: string | null = null;

  const memberDelta = (memberNo: string): MemberDelta => {
    let delta = memberDeltas.get(memberNo);
    if (delta === undefined) {
      delta = { memberNo, pokok: 0n, wajib: 0n, sukarela: 0n, wajibPaid: 0n, latestDate: null };
      memberDeltas.set(memberNo, delta);
    }
    return delta;
  };

  // Each command's idempotency record rides on its first event.
  const commandAt = new Map<number, { digest: string; count: number }>();
  for (const record of request.idempotency) {
    const count = record.lastSeq - record.firstSeq + 1;
    if (count < 1) throw new RangeError(`toBatch: command ${record.key} produced no event`);
    commandAt.set(record.firstSeq, { digest: record.digest, count });
  }
  for (const event of request.events) {
    const command = commandAt.get(event.seq);
    events.push({
      seq: event.seq,
      type: event.type,
      version: event.version,
      date: event.date,
      recordedAt: event.recordedAt,
      key: event.key,
      actor: event.actor,
      data: toWireValue(event.data),
      prevHash: event.prevHash,
      hash: event.hash,
      ...(command === undefined ? {} : { cmdDigest: command.digest, cmdEvents: command.count }),
    });
    eventOps(event);
    event.postings.forEach((p, idx) => {
      postings.push({
        seq: event.seq,
        idx,
        account: p.account,
        amount: p.amount.toString(),
        sub: p.sub ?? null,
        unit: p.unit,
        party: p.party,
      });
      const account = accountDeltas.get(p.account) ?? { code: p.account, delta: 0n, count: 0 };
      account.delta += p.amount;
      account.count += 1;
      accountDeltas.set(p.account, account);
      if (!BALANCE_SHEET_CODES.has(p.account)) {
        const year = event.date.slice(0, 4);
        const key = `${year}|${p.account}|${p.unit}|${p.party}`;
        const row = plDeltas.get(key) ?? { year, account: p.account, unit: p.unit, party: p.party, delta: 0n };
        row.delta += p.amount;
        plDeltas.set(key, row);
      }
      if (p.sub === undefined) return;
      const key = `${p.account}\u0000${p.sub}`;
      const sub = subledgerDeltas.get(key) ?? { account: p.account, sub: p.sub, delta: 0n };
      sub.delta += p.amount;
      subledgerDeltas.set(key, sub);
      const field = MEMBER_KIND_ACCOUNTS.get(p.account);
      if (field === undefined) return;
      const delta = memberDelta(p.sub);
      // Savings are credits: a deposit posts a negative amount and raises what is held for the member.
      delta[field] -= p.amount;
      // Pokok and wajib count into the year's capital as they move; sukarela is counted when its moves
      // are folded at a month close (lumbung.append does that beside the fold).
      if (field !== "sukarela") {
        const used = usage(event.date.slice(0, 4), p.sub, null);
        used.capitalNet -= p.amount;
        used.capitalWeight += -p.amount * daysToYearEnd(event.date);
      }
      if (p.account === ACCOUNTS.simpananWajib && !NOT_WAJIB_PAYMENT.has(event.type)) delta.wajibPaid -= p.amount;
      if (p.account === ACCOUNTS.simpananSukarela) {
        moves.push({ memberNo: p.sub, seq: event.seq, idx, date: event.date, posted: p.amount.toString() });
        if (delta.latestDate === null || event.date > delta.latestDate) delta.latestDate = event.date;
      }
    });
  }

  function eventOps(event: LedgerEvent): void {
    switch (event.type) {
      case "BookOpened":
        config = toWireValue(event.data.config);
        for (const def of event.data.accounts) accountOps.push({ op: "add", ...def });
        wajibOps.push({
          fromMonth: event.data.config.startDate.slice(0, 7),
          amount: event.data.config.savings.wajibMonthlyMinor.toString(),
        });
        return;
      case "AccountAdded":
        accountOps.push({ op: "add", ...event.data.account });
        return;
      case "AccountRenamed":
        accountOps.push({ op: "rename", code: event.data.code, name: event.data.name });
        return;
      case "AccountRemoved":
        accountOps.push({ op: "remove", code: event.data.code });
        return;
      case "MemberRegistered":
        memberOps.push({ op: "join", memberNo: event.data.memberNo, joinedOn: event.date, digest: event.data.identityDigest });
        return;
      case "MemberOpeningRecorded":
        memberOps.push({ op: "join", memberNo: event.data.memberNo, joinedOn: event.data.joinedOn, digest: event.data.identityDigest });
        return;
      case "MemberIdentityChanged":
        memberOps.push({ op: "digest", memberNo: event.data.memberNo, digest: event.data.identityDigest });
        return;
      case "MemberResigned":
        memberOps.push({ op: "exit", memberNo: event.data.memberNo, date: event.date });
        return;
      case "WajibAmountChanged":
        wajibOps.push({ fromMonth: event.data.fromMonth, amount: event.data.amountMinor.toString() });
        return;
      case "JasaSimpananPosted": {
        const key = `${event.data.month}\u0000${event.data.memberNo}`;
        const row = interest.get(key) ?? { month: event.data.month, memberNo: event.data.memberNo, gross: 0n, tax: 0n };
        row.gross += event.data.grossMinor;
        row.tax += event.data.taxMinor;
        interest.set(key, row);
        return;
      }
      case "EntryReversed":
        reversals.push({ reversedSeq: event.data.reversedSeq, bySeq: event.seq });
        return;
      case "MonthClosed": {
        const before = previousMonth(event.data.month);
        foldThrough = lastDayOf(before);
        interestPruneBefore = before;
        periodOps.push({ op: "close", month: event.data.month, seq: event.seq });
        return;
      }
      case "LoanProductCreated":
        loanOps.push({ op: "product", product: toWireValue(event.data.product) });
        return;
      case "LoanDisbursed":
        loanOps.push({
          op: "disburse",
          loanId: event.data.loanId,
          memberNo: event.data.memberNo,
          product: event.data.product,
          principal: event.data.principalMinor.toString(),
          date: event.data.opening?.disbursedOn ?? event.date,
          schedule: toWireValue(event.data.schedule),
        });
        return;
      case "LoanRepaid":
        loanOps.push({ op: "repay", loanId: event.data.loanId, allocations: toWireValue(event.data.allocations) });
        interestPaid(event.date, event.data.loanId, event.data.allocations);
        return;
      case "LoanRescheduled":
        loanOps.push({ op: "reschedule", loanId: event.data.loanId, keep: event.data.keep, schedule: toWireValue(event.data.schedule) });
        return;
      case "LoanSettled":
        interestPaid(event.date, event.data.loanId, event.data.allocations);
        loanOps.push({
          op: "settle",
          loanId: event.data.loanId,
          waived: toWireValue(event.data.waived),
          allocations: toWireValue(event.data.allocations),
        });
        return;
      case "LoanInterestAccrued":
        loanOps.push({ op: "accrue", loanId: event.data.loanId, accruals: toWireValue(event.data.accruals) });
        return;
      case "LoanAllowanceSet":
        loanOps.push({
          op: "allowance",
          loanId: event.data.loanId,
          delta: event.data.deltaMinor.toString(),
          kolektibilitas: event.data.kolektibilitas,
        });
        return;
      case "LoanWrittenOff":
        loanOps.push({ op: "writeoff", loanId: event.data.loanId, fromAllowance: event.data.fromAllowanceMinor.toString() });
        return;
      case "ItemAdded":
        shopOps.push({
          op: "item",
          code: event.data.item.code,
          name: event.data.item.name,
          unit: event.data.item.unit,
          scale: event.data.item.quantityScale,
        });
        return;
      case "OpeningStockRecorded":
        move(event.data.item, event.data.quantityUnits, event.data.valueMinor);
        return;
      case "StockPurchased":
        for (const l of event.data.lines) move(l.item, l.quantityUnits, l.costMinor);
        return;
      case "SaleRecorded":
        for (const l of event.data.lines) move(l.item, -l.quantityUnits, -l.costMinor);
        if (event.data.member) usage(event.date.slice(0, 4), event.data.buyer, null).purchases += revenueOf(event.data.lines);
        return;
      case "SaleReturned":
        for (const l of event.data.lines) move(l.item, l.quantityUnits, l.costMinor);
        if (event.data.member) usage(event.date.slice(0, 4), event.data.buyer, null).purchases -= revenueOf(event.data.lines);
        return;
      case "YearClosed":
        closingOps.push({
          op: "year",
          year: event.data.year,
          member: event.data.memberShuMinor,
          nonMember: event.data.nonMemberShuMinor,
          tax: event.data.taxMinor,
          units: toWireValue(event.data.units),
          seq: event.seq,
        });
        return;
      case "YearReopened":
        closingOps.push({ op: "reopen", year: event.data.year });
        return;
      case "ShuDistributed":
        closingOps.push({
          op: "distribute",
          year: event.data.year,
          date: event.date,
          seq: event.seq,
          pools: toWireValue(event.data.pools),
        });
        return;
      case "ShuShareAllocated":
        closingOps.push({
          op: "share",
          year: event.data.year,
          memberNo: event.data.memberNo,
          capital: event.data.capitalMinor,
          jasaModal: event.data.jasaModalMinor,
          jasaUsaha: event.data.jasaUsahaMinor,
          total: event.data.totalMinor,
          withheld: event.data.withheldMinor,
          payout: event.data.payout,
        });
        return;
      case "PurchaseReturned":
        for (const l of event.data.lines) move(l.item, -l.quantityUnits, -l.valueMinor);
        return;
      case "StockCounted":
        pendingMove.delete(event.data.item);
        shopOps.push({ op: "count", item: event.data.item, quantity: event.data.countedUnits, value: event.data.differenceMinor });
        return;
      case "MonthReopened":
        periodOps.push({ op: "reopen", month: event.data.month, previousMonth: previousMonth(event.data.month), seq: event.seq });
        return;
      default:
        return;
    }
  }

  function interestPaid(date: string, loanId: string, allocations: ReadonlyArray<{ readonly jasaMinor: bigint }>): void {
    let jasa = 0n;
    for (const a of allocations) jasa += a.jasaMinor;
    if (jasa !== 0n) usage(date.slice(0, 4), null, loanId).interestPaid += jasa;
  }

  const last = request.events[request.events.length - 1];
  const batch = {
    ...(config === undefined ? {} : { config }),
    identities: request.identities.map((r) => ({
      memberNo: r.memberNo,
      nik: r.nik,
      name: r.name,
      address: r.address,
      phone: r.phone ?? null,
      salt: r.salt,
    })),
    accountOps,
    // Keyed by account code and by member number: the function updates those rows through their keys.
    accountDeltas: keyed([...accountDeltas.values()].map(({ code, delta, count }) => [code, { delta, count }])),
    subledgerDeltas: [...subledgerDeltas.values()],
    memberOps,
    memberDeltas: keyed([...memberDeltas.values()].map(({ memberNo, ...delta }) => [memberNo, delta])),
    foldThrough,
    interest: [...interest.values()],
    interestPruneBefore,
    wajibOps,
    reversals,
    periodOps,
    loanOps,
    shopOps,
    plDeltas: [...plDeltas.values()].filter((d) => d.delta !== 0n),
    usageDeltas: [...usageDeltas.values()],
    closingOps,
    // The head after the batch, and the hash its first event follows (the head's before it).
    head: last === undefined ? {} : { seq: last.seq, hash: last.hash, prevHash: (request.events[0] as LedgerEvent).prevHash },
  };
  // Empty parts are left out: the function skips what is absent. The bulk of a batch (events,
  // postings, sukarela moves) goes as three json arguments, which the function reads once each
  // (PostgreSQL need not build a jsonb of the whole batch first); it holds no bigint, so
  // JSON.stringify takes its fast path (a replacer would be called for every value). The rest is
  // one small jsonb.
  const parts: string[] = [];
  for (const [key, value] of Object.entries(batch)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    parts.push(`"${key}":${JSON.stringify(value, bigintAsText)}`);
  }
  const bulk = (rows: unknown[]) => (rows.length === 0 ? null : JSON.stringify(rows));
  return { batch: `{${parts.join(",")}}`, events: bulk(events), postings: bulk(postings), moves: bulk(moves) };
};

const bigintAsText = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/** The call of lumbung.append, with its six parameters in the order of {@link appendArgs}. */
export const APPEND_SQL = "select lumbung.append($1, $2, $3::jsonb, $4::json, $5::json, $6::json)";

/** The parameters of {@link APPEND_SQL} for a request: the book, the expected head, and {@link toBatch}'s parts. */
export const appendArgs = (request: AppendRequest): [string, number, string, string | null, string | null, string | null] => {
  const { batch, events, postings, moves } = toBatch(request);
  return [request.bookId, request.expectedSeq, batch, events, postings, moves];
};
