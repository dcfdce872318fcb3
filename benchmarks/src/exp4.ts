import { decide, decodeCommand, parseMoney } from "@lumbung/core";

const input = { type: "WithdrawSukarela", memberNo: "M12", date: "2025-01-15", amount: "10000" };
const N = 300000;
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  for (let i = 0; i < N; i++) decodeCommand(input);
  const a = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) parseMoney("10000", 0);
  const b = performance.now() - t;
  console.log(`decode ${((a / N) * 1e6).toFixed(0)}ns parseMoney ${((b / N) * 1e6).toFixed(0)}ns`);
}
