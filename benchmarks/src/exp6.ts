import {
  applyEvent,
  type BookState,
  type Command,
  decide,
  decodeCommand,
  EVENT_VERSION,
  emptyIdentityIndex,
  GENESIS_HASH,
  sealEvent,
} from "@lumbung/core";
import { Result } from "effect";
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
const p = makePipeline();
p.run(openBookCommand);
for (let m = 1; m <= members; m++) {
  p.run({ type: "RegisterMember", memberNo: `M${m}`, date: "2025-01-01", identity: { nik: nik(m), name: `A${m}`, address: "x" } });
  p.run({ type: "DepositSukarela", memberNo: `M${m}`, date: "2025-01-01", amount: "1000000" });
}
let state = p.state as BookState;
const ctx = { today: "2030-12-31", identities: emptyIdentityIndex, salt: () => "0" };
let tDecode = 0,
  tDecide = 0,
  tSeal = 0,
  tApply = 0;
for (const c of commands) {
  let t = performance.now();
  const d = decodeCommand(c);
  if (Result.isFailure(d)) throw d.failure;
  let t2 = performance.now();
  tDecode += t2 - t;
  t = t2;
  const dec = decide(state, d.success as Command, ctx);
  if (!dec.ok) continue;
  t2 = performance.now();
  tDecide += t2 - t;
  for (const draft of dec.events) {
    t = performance.now();
    const e = sealEvent(
      draft,
      { seq: state.seq + 1, version: EVENT_VERSION, recordedAt: "2030-12-31T00:00:00.000Z", key: "k", actor: "b" },
      state.hash ?? GENESIS_HASH,
    );
    t2 = performance.now();
    tSeal += t2 - t;
    t = t2;
    state = applyEvent(state, e);
    t2 = performance.now();
    tApply += t2 - t;
  }
}
const N = commands.length;
console.log(
  `decode ${((tDecode / N) * 1e6).toFixed(0)} decide ${((tDecide / N) * 1e6).toFixed(0)} seal ${((tSeal / N) * 1e6).toFixed(0)} apply ${((tApply / N) * 1e6).toFixed(0)} ns (timer overhead included)`,
);
