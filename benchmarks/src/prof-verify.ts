import { verifyLog } from "@lumbung/core";
import { buildSavingsLog } from "./log.js";

const log = buildSavingsLog(1000000, 1000).events;
(globalThis as { gc?: () => void }).gc?.();
const t = performance.now();
const r = verifyLog(log);
console.log(
  "verify",
  r.ok,
  ((performance.now() - t) / 1000).toFixed(2),
  "s",
  Math.round(log.length / ((performance.now() - t) / 1000)),
  "/s",
);
