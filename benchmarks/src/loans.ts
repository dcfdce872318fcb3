/**
 * Issue 4's benchmark: schedules and the kolektibilitas run for 100,000 loans, printed with the
 * conditions. (1) 100,000 schedules built (a mix of flat, menurun and anuitas, 12 to 36 instalments);
 * (2) a book with 100,000 loans through the engine, then the month close that classifies every loan,
 * accrues jasa on the performing ones and books the allowance: events and time.
 * Run: node scripts/bench.mjs loans [loans]
 */
import { BookEngine, buildSchedule, type LoanMethod, seededRandom } from "@lumbung/core";
import { conditions, mib, peakRss, rate } from "./conditions.js";
import { nik } from "./log.js";

const LOANS = Number(process.argv[2] ?? 100_000);
const METHODS: LoanMethod[] = ["flat", "menurun", "anuitas"];

const main = () => {
  console.log(`# Loan benchmarks (${conditions()})`);
  const random = seededRandom(4);

  // (1) Schedules alone.
  const t0 = performance.now();
  let instalments = 0;
  for (let i = 0; i < LOANS; i++) {
    const rows = buildSchedule({
      principalMinor: BigInt(1_000_000 + Math.floor(random() * 49_000_000)),
      method: METHODS[i % 3] as LoanMethod,
      rate: { perYear: "0.18" },
      instalments: 12 + (i % 25),
      frequency: { unit: "month", every: 1 },
      dayCount: "30/360",
      disbursedOn: "2026-01-15",
    });
    instalments += rows.length;
  }
  const scheduleMs = performance.now() - t0;
  console.log(
    `schedules: ${LOANS.toLocaleString("en-US")} loans (${instalments.toLocaleString("en-US")} instalments) in ${(scheduleMs / 1000).toFixed(2)} s, ${rate(LOANS, scheduleMs)}`,
  );

  // (2) A book with that many loans, and its month close.
  let events = 0;
  const engine = new BookEngine({ today: "2026-05-01", recordedAt: "2026-05-01T00:00:00.000Z", onEvent: () => void events++ });
  const must = (input: unknown) => {
    const result = engine.run(input);
    if (!result.ok) throw new Error(`${JSON.stringify(input)}: ${result.error.message}`);
  };
  must({ type: "OpenBook", bookId: "bench", name: "Bench", startDate: "2026-01-01" });
  must({
    type: "CreateLoanProduct",
    code: "MIX",
    name: "Campuran",
    method: "menurun",
    ratePerYear: "0.18",
    termMax: 36,
    penaltyRatePerDay: "0.001",
  });
  const members = Math.ceil(LOANS / 10);
  for (let m = 1; m <= members; m++)
    must({ type: "RegisterMember", memberNo: `M${m}`, date: "2026-01-02", identity: { nik: nik(m), name: `A${m}`, address: "x" } });
  const tDisburse = performance.now();
  for (let i = 0; i < LOANS; i++) {
    must({
      type: "DisburseLoan",
      loanId: `L${i}`,
      memberNo: `M${1 + (i % members)}`,
      product: "MIX",
      principal: String(1_000_000 + Math.floor(random() * 9_000) * 1000),
      instalments: 12 + (i % 25),
      date: "2026-01-15",
    });
  }
  const disburseMs = performance.now() - tDisburse;
  console.log(
    `disbursements through the engine (decide, schedule, hash, apply): ${LOANS.toLocaleString("en-US")} in ${(disburseMs / 1000).toFixed(2)} s, ${rate(LOANS, disburseMs)}`,
  );
  // Two in three borrowers pay February's instalment; the rest fall behind.
  for (let i = 0; i < LOANS; i++) {
    if (i % 3 === 0) continue;
    const loan = engine.state?.loans.loans.get(`L${i}`);
    const first = loan?.schedule[0];
    if (first !== undefined)
      must({ type: "RepayLoan", loanId: `L${i}`, amount: String(first.principalMinor + first.interestMinor), date: "2026-02-15" });
  }
  for (const month of ["2026-01", "2026-02"]) must({ type: "CloseMonth", month });
  const before = events;
  const sampler = peakRss();
  const tClose = performance.now();
  must({ type: "CloseMonth", month: "2026-03" });
  const closeMs = performance.now() - tClose;
  const peak = sampler.stop();
  console.log(
    `month close with the loan run (kolektibilitas, accrual, allowance) over ${LOANS.toLocaleString("en-US")} loans: ${(closeMs / 1000).toFixed(2)} s, ` +
      `${(events - before).toLocaleString("en-US")} events, ${rate(LOANS, closeMs)} loans; peak RSS ${mib(peak)}`,
  );
};

main();
