import { canonicalText, chainHash, encodeCanonicalValue, sealEvent } from "@lumbung/core";

const draft: any = {
  type: "SukarelaDeposited",
  date: "2026-01-04",
  data: { memberNo: "A001", amountMinor: 300000n, via: "1101" },
  postings: [
    { account: "1101", amount: 300000n, unit: "USP", party: "anggota" },
    { account: "2101", amount: -300000n, sub: "A001", unit: "USP", party: "anggota" },
  ],
};
const env = { seq: 12, version: 1, recordedAt: "2026-01-04T05:00:00.000Z", key: "dep-1", actor: "kasir" };
const N = 300000;
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  let x = 0;
  for (let i = 0; i < N; i++) x += encodeCanonicalValue(draft.data).length;
  const a = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) x += canonicalText(draft, env).length;
  const b = performance.now() - t;
  t = performance.now();
  let h = "0".repeat(64);
  for (let i = 0; i < N; i++) h = chainHash(h, canonicalText(draft, env));
  const c = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) h = sealEvent(draft, env, h).hash;
  const d = performance.now() - t;
  console.log(
    `data ${((a / N) * 1e6).toFixed(0)}ns canonical ${((b / N) * 1e6).toFixed(0)}ns canon+hash ${((c / N) * 1e6).toFixed(0)}ns seal ${((d / N) * 1e6).toFixed(0)}ns`,
  );
}
