import { makePipeline, nik, openBookCommand, prng } from "./log.js";

const members = 1000;
const random = prng(7);
const commands: unknown[] = [];
for (let i = 0; i < 300_000; i++) {
  const memberNo = `M${1 + Math.floor(random() * members)}`;
  commands.push(
    random() < 0.75
      ? { type: "DepositSukarela", memberNo, date: "2025-01-15", amount: String(10_000 * (1 + Math.floor(random() * 20))) }
      : { type: "WithdrawSukarela", memberNo, date: "2025-01-15", amount: "10000" },
  );
}
const p = makePipeline("2030-12-31", process.argv[2] !== "drop");
p.run(openBookCommand);
for (let m = 1; m <= members; m++) {
  p.run({ type: "RegisterMember", memberNo: `M${m}`, date: "2025-01-01", identity: { nik: nik(m), name: `A${m}`, address: "x" } });
  p.run({ type: "DepositSukarela", memberNo: `M${m}`, date: "2025-01-01", amount: "1000000" });
}
const t = performance.now();
for (const c of commands) p.run(c);
console.log("cmd/s", Math.round(commands.length / ((performance.now() - t) / 1000)));
