import { DepositSukarela } from "@lumbung/core";
import { Schema } from "effect";

const input = { type: "DepositSukarela", memberNo: "M12", date: "2025-01-15", amount: "10000" };
const N = 300000;
const variants: Record<string, any> = {
  plain: Schema.decodeUnknownResult(DepositSukarela),
  excess: Schema.decodeUnknownResult(DepositSukarela, { onExcessProperty: "error" }),
  all: Schema.decodeUnknownResult(DepositSukarela, { onExcessProperty: "error", errors: "all" }),
  sync: Schema.decodeUnknownSync(DepositSukarela),
  is: Schema.is(DepositSukarela),
};
for (let r = 0; r < 3; r++) {
  const out: string[] = [];
  for (const [name, f] of Object.entries(variants)) {
    const t = performance.now();
    for (let i = 0; i < N; i++) f(input);
    out.push(`${name} ${(((performance.now() - t) / N) * 1e6).toFixed(0)}ns`);
  }
  console.log(out.join("  "));
}
