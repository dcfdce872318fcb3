import { makeExecutor, makeMemoryStore } from "@lumbung/core";
import { Effect } from "effect";
import { nik } from "./log.js";

const store = makeMemoryStore();
const ex = makeExecutor({ store, clock: { now: () => new Date("2026-01-20T05:00:00Z") } });
await Effect.runPromise(ex.execute("b", [{ type: "OpenBook", bookId: "b", name: "b", startDate: "2026-01-01" }]));
await Effect.runPromise(
  ex.execute(
    "b",
    Array.from({ length: 100 }, (_, i) => ({
      type: "RegisterMember",
      memberNo: `M${i}`,
      date: "2026-01-02",
      identity: { nik: nik(i + 1), name: "x", address: "y" },
    })),
  ),
);
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  for (let i = 0; i < 20000; i++)
    await Effect.runPromise(ex.execute("b", [{ type: "DepositSukarela", memberNo: `M${i % 100}`, date: "2026-01-15", amount: "10000" }]));
  console.log("executor+memory single", (((performance.now() - t) / 20000) * 1000).toFixed(1), "µs");
}
