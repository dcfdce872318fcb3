/** `lumbung deposits` and `lumbung report berjangka|bilyet` as spawned processes, on a PGlite folder. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lumbungIn, okWith, requireBuild } from "./spawn.js";

const dir = mkdtempSync(join(tmpdir(), "lumbung-deposits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** Runs `lumbung` on the book "kop", with the clock at 15 May 2026. */
const lumbung = lumbungIn(dir, "kop", "2026-05-15");
const ok = okWith(lumbung);
const member = (no: string, nik: string) =>
  ok("members", "add", "--member", no, "--date", "2026-01-02", "--nik", nik, "--name", `Anggota ${no}`, "--address", "Jatisampurna");

beforeAll(() => {
  requireBuild();
  ok("init", "--name", "Koperasi Uji Berjangka", "--start", "2026-01-01");
  member("A1", "3275011203900001");
  member("A2", "3275015507850002");
});

describe("lumbung deposits", () => {
  it("places deposits, pays their jasa at the closes, matures one into sukarela, rolls one over, and takes one out early", () => {
    const placed = ok(
      ...["deposits", "place", "--deposit", "BJ-1", "--member", "A1", "--date", "2026-01-10", "--amount", "Rp50.000.000"],
      ...["--term", "3", "--rate", "0.065", "--via", "1102", "--json"],
    );
    const event = JSON.parse(placed.out).events[0];
    expect(event.type).toBe("TimeDepositPlaced");
    expect(event.postings.map((p: { account: string; amount: string }) => [p.account, p.amount])).toEqual([
      ["1102", "50000000"],
      ["2102", "-50000000"],
    ]);
    ok(
      ...["deposits", "place", "--deposit", "BJ-2", "--member", "A2", "--date", "2026-01-31", "--amount", "6000000"],
      ...["--term", "1", "--rate", "0.05", "--at-maturity", "rollover", "--day-count", "actual/365"],
    );
    ok(
      "deposits",
      "place",
      "--deposit",
      "BJ-3",
      "--member",
      "A2",
      "--date",
      "2026-02-02",
      "--amount",
      "2000000",
      "--term",
      "12",
      "--rate",
      "0.07",
    );
    // The register of members shows each member's deposits beside the other savings.
    const members = ok("report", "anggota", "--csv").out.trim().split("\n");
    expect(members[0]?.endsWith(",sukarela,berjangka")).toBe(true);
    expect(members.slice(1).map((l) => l.split(",").slice(-2))).toEqual([
      ["0", "50000000"],
      ["0", "8000000"],
    ]);
    for (const month of ["2026-01", "2026-02", "2026-03"]) ok("close", "month", "--month", month);
    // A refusal names the deposit and the reason, and writes nothing.
    const refused = lumbung("deposits", "withdraw", "--deposit", "BJ-3", "--date", "2026-04-02", "--penalty", "2000001");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("Simpanan berjangka BJ-3: penalti pencairan hanya sebelum jatuh tempo");
    // With --json, the reason's code and its detail in the language asked, for a program to switch on.
    const refusedJson = (...lang: string[]) =>
      JSON.parse(
        lumbung("deposits", "withdraw", "--deposit", "BJ-3", "--date", "2026-04-02", "--penalty", "2000001", "--json", ...lang).out,
      );
    expect(refusedJson()).toMatchObject({
      ok: false,
      error: "TimeDepositRejected",
      reason: "penalty",
      detail: expect.stringMatching(/^penalti Rp2\.000\.001, pokok Rp[0-9.]+$/),
    });
    expect(refusedJson("--lang", "en")).toMatchObject({
      reason: "penalty",
      detail: expect.stringMatching(/^penalty Rp2\.000\.001, principal Rp[0-9.]+$/),
      message: expect.stringMatching(
        /^Time deposit BJ-3: an early-withdrawal penalty applies only before maturity, and at most the principal \(penalty /,
      ),
    });
    const early = JSON.parse(ok("deposits", "withdraw", "--deposit", "BJ-3", "--date", "2026-04-02", "--penalty", "20000", "--json").out);
    expect(early.events[0].data).toMatchObject({ early: true, penaltyMinor: "20000", to: "1101" });
    ok("deposits", "instruction", "--deposit", "BJ-2", "--date", "2026-04-05", "--at-maturity", "sukarela");
    ok("close", "month", "--month", "2026-04");
    const register = JSON.parse(ok("report", "berjangka", "--json").out);
    expect(
      register.rows.map((r: Record<string, string>) => [r.depositId, r.status, r.endedOn ?? "", r.interestMinor, r.taxMinor, r.rollovers]),
    ).toEqual([
      // 50.000.000 × 6,5% / 12 = 270.833 a month (down), withheld 10% above the 240.000 threshold.
      ["BJ-1", "matured", "2026-04-10", "812499", "81249", 0],
      // Actual days at 5% on 6.000.000 (under the threshold): 31 January to 28 February, rolled over
      // from there to 28 March and to 28 April (31 days), then into sukarela on the member's instruction.
      ["BJ-2", "matured", "2026-04-28", String(23013n + 23013n + 25479n), "0", 2],
      // Placed on 2 February, taken out on 2 April: March's period paid, April's forfeited.
      ["BJ-3", "closed", "2026-04-02", String(11666n + 11666n), "0", 0],
    ]);
    expect(register.heldMinor).toBe("0");
    const text = ok("report", "berjangka", "--member", "A1").out;
    expect(text).toContain("BJ-1");
    expect(text).not.toContain("BJ-2");
    expect(text).toContain("6,5%");
    const csv = ok("report", "berjangka", "--csv").out.trim().split("\n");
    expect(csv[0]).toBe(
      "deposit,member,principal,rate_per_year,term_months,day_count,placed_on,term_start,matures_on,at_maturity,rollovers,status,ended_on,interest,tax,accrued,rollover_rate,pledged_to,rollover_term_months",
    );
    // As at the end of March: all three still placed.
    const march = JSON.parse(ok("report", "berjangka", "--as-of", "2026-03-31", "--json").out);
    expect(march.rows.map((r: Record<string, string>) => r.status)).toEqual(["active", "active", "active"]);
    expect(march.heldMinor).toBe("58000000");
    // Each with the jasa of its running period accrued at March's end, pro rata to its days.
    expect(march.rows.map((r: Record<string, string>) => r.accruedMinor)).toEqual([
      String((270833n * 21n) / 31n),
      String((25479n * 3n) / 31n),
      String((11666n * 29n) / 31n),
    ]);
    // What matures by 15 April, as at the end of March: BJ-1 on 10 April; BJ-2 rolled to 28 April, BJ-3 runs to 2027.
    const due = ok("report", "berjangka", "--as-of", "2026-03-31", "--matures-by", "2026-04-15", "--csv").out.trim().split("\n");
    expect(
      due.slice(1).map((l) =>
        l
          .split(",")
          .slice(0, 2)
          .concat(l.split(",")[8] ?? ""),
      ),
    ).toEqual([["BJ-1", "A1", "2026-04-10"]]);
    expect(lumbung("report", "berjangka", "--matures-by", "2026-04-31").code).toBe(2);
    // February's final tax on savings jasa (PP 15/2009): A1's 270.833 is above the threshold, A2's 23.013 is not.
    expect(ok("report", "pajak-simpanan", "--from", "2026-02-01", "--to", "2026-02-28", "--csv").out.trim().split("\n")).toEqual([
      "member,name,sukarela,berjangka,gross,tax,net",
      "A1,Anggota A1,0,270833,270833,27083,243750",
      "A2,Anggota A2,0,23013,23013,0,23013",
    ]);
    expect(ok("report", "pajak-simpanan", "--year", "2026").out).toMatch(/Jumlah .*Rp81\.249/);
    const card = ok("report", "bilyet", "--deposit", "BJ-3").out;
    expect(card).toContain("Simpanan berjangka BJ-3, anggota A2: Rp2.000.000 dengan jasa 7% setahun (30/360)");
    expect(card.split("\n").filter((l) => l.includes("hangus"))).toHaveLength(10);
    expect(card.split("\n").filter((l) => l.includes("dibayar"))).toHaveLength(2);
    const missing = lumbung("report", "bilyet", "--deposit", "BJ-9");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("simpanan berjangka BJ-9");
    // Without the deposit it is about, the card is bad usage.
    expect(lumbung("report", "bilyet").code).toBe(2);
    // A new deposit whose member agrees a lower rate for the term after this one.
    ok(
      ...["deposits", "place", "--deposit", "BJ-4", "--member", "A1", "--date", "2026-05-04", "--amount", "3000000"],
      ...["--term", "6", "--rate", "0.06", "--at-maturity", "rollover"],
    );
    const instruction = ["deposits", "instruction", "--deposit", "BJ-4", "--date", "2026-05-05", "--at-maturity"];
    const sukarelaRate = lumbung(...instruction, "sukarela", "--rollover-rate", "0.05");
    expect(sukarelaRate.code).toBe(1);
    expect(sukarelaRate.err).toContain("suku bunga atau jangka waktu perpanjangan hanya bersama instruksi perpanjang");
    // The next term: twelve months at 4,5%.
    const instructed = JSON.parse(ok(...instruction, "rollover", "--rollover-rate", "0.045", "--rollover-term-months", "12", "--json").out);
    expect(instructed.events[0].data).toEqual({ depositId: "BJ-4", atMaturity: "rollover", rolloverRate: "0.045", rolloverTermMonths: 12 });
    expect(ok("report", "berjangka", "--member", "A1").out).toMatch(/BJ-4 .*6%.*diperpanjang 12 bln dengan 4,5%/);
    expect(
      ok("report", "berjangka", "--csv")
        .out.trim()
        .split("\n")
        .map((l) => l.split(",").at(-3)),
    ).toEqual(["rollover_rate", "", "", "", "0.045"]);
    expect(ok("report", "bilyet", "--deposit", "BJ-4", "--lang", "en").out).toContain(
      "matures 2026-11-04, then rolls over for 12 months at 4.5%",
    );
    // BJ-4 secures A1's loan: it cannot be taken out until the pengurus release it; an instalment
    // comes out of A1's sukarela (50.000.000 since BJ-1 matured into it).
    ok("loans", "product", "--code", "KUM", "--name", "Kredit Usaha", "--method", "flat", "--rate-per-year", "0.12", "--term-max", "12");
    ok(
      ...["loans", "disburse", "--loan-id", "P-1", "--member", "A1", "--product", "KUM", "--principal", "1000000"],
      ...["--instalments", "5", "--date", "2026-05-04"],
    );
    const ended = lumbung("deposits", "pledge", "--deposit", "BJ-3", "--loan", "P-1", "--date", "2026-05-05");
    expect(ended.code).toBe(1);
    expect(ended.err).toContain("Simpanan berjangka BJ-3: simpanan berjangka sudah dicairkan");
    ok("deposits", "pledge", "--deposit", "BJ-4", "--loan", "P-1", "--date", "2026-05-05");
    const pledged = lumbung("deposits", "withdraw", "--deposit", "BJ-4", "--date", "2026-05-06");
    expect(pledged.code).toBe(1);
    expect(pledged.err).toContain("Simpanan berjangka BJ-4: sedang menjadi agunan pinjaman");
    expect(ok("report", "berjangka", "--member", "A1").out).toMatch(/BJ-4 .*aktif, agunan P-1/);
    expect(ok("report", "berjangka", "--csv").out.trim().split("\n").at(-1)?.split(",").at(-2)).toBe("P-1");
    const repaid = JSON.parse(
      ok("loans", "repay", "--loan-id", "P-1", "--amount", "210000", "--date", "2026-05-06", "--from", "sukarela", "--json").out,
    );
    expect(repaid.events[0].postings[0]).toMatchObject({ account: "2101", amount: "210000", sub: "A1" });
    const released = JSON.parse(
      ok("deposits", "release", "--deposit", "BJ-4", "--date", "2026-05-07", "--reason", "keputusan pengurus", "--json").out,
    );
    expect(released.events[0].data).toEqual({ depositId: "BJ-4", loanId: "P-1", reason: "keputusan pengurus" });
    ok("deposits", "withdraw", "--deposit", "BJ-4", "--date", "2026-05-07", "--to", "sukarela", "--penalty", "30000");
    ok("verify");
  });
});
