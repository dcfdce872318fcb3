import { createHash, hash } from "node:crypto";
import { canonicalText } from "@lumbung/core";

const draft: any = {
  type: "SukarelaDeposited",
  date: "2026-01-04",
  data: { memberNo: "M123", amountMinor: 300000n, via: "1101" },
  postings: [
    { account: "1101", amount: 300000n, unit: "USP", party: "anggota" },
    { account: "2101", amount: -300000n, sub: "M123", unit: "USP", party: "anggota" },
  ],
};
const text = canonicalText(draft, {
  seq: 123456,
  version: 1,
  recordedAt: "2026-01-04T05:00:00.000Z",
  key: "auto-1b4e28ba-2fa1-11d2-883f-0016d3cca427",
  actor: "bendahara",
});
console.log(text.length);
const N = 300000;
const prev = "a".repeat(64);
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  for (let i = 0; i < N; i++) hash("sha256", prev + text, "hex");
  const a = performance.now() - t;
  t = performance.now();
  const buf = Buffer.from(prev + text);
  for (let i = 0; i < N; i++) hash("sha256", buf, "hex");
  const b = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) createHash("sha256").update(prev).update(text).digest("hex");
  const c = performance.now() - t;
  console.log(
    `hash(string) ${((a / N) * 1e6).toFixed(0)}ns hash(buffer) ${((b / N) * 1e6).toFixed(0)}ns createHash ${((c / N) * 1e6).toFixed(0)}ns`,
  );
}
