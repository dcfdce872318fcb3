import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { depositServer } from "../../../docs/examples/http-deposit.js";
import { makeMemoryStore } from "../src/memory-store.js";
import { createLedger } from "../src/promise-api.js";

describe("docs/examples/http-deposit.ts", () => {
  const store = makeMemoryStore();
  const clock = { now: () => new Date("2026-01-20T05:00:00Z") };
  const server = depositServer(store, clock);
  let url = "";
  beforeAll(async () => {
    await createLedger({ store, clock }).execute("kop-1", [
      { type: "OpenBook", bookId: "kop-1", name: "Koperasi Contoh", startDate: "2026-01-01" },
      {
        type: "RegisterMember",
        memberNo: "A001",
        date: "2026-01-02",
        identity: { nik: "3275014112990004", name: "Siti", address: "Jl. 1" },
      },
    ]);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/books/kop-1/deposits`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

  it("posts a deposit once, replays it for the same key, and explains a refusal", async () => {
    const deposit = JSON.stringify({ memberNo: "A001", date: "2026-01-03", amount: "250000" });
    const first = await post(deposit, { "idempotency-key": "dep-1" });
    expect(first.status).toBe(201);
    const recorded = (await first.json()) as { events: Array<{ type: string; data: { amountMinor: string } }> };
    expect(recorded.events[0]).toMatchObject({ type: "SukarelaDeposited", data: { amountMinor: "250000" } });
    const again = await post(deposit, { "idempotency-key": "dep-1" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { replayed: boolean }).replayed).toBe(true);
    const unknown = await post(JSON.stringify({ memberNo: "A999", date: "2026-01-03", amount: "1000" }));
    expect(unknown.status).toBe(422);
    const unknownBody = await unknown.json();
    expect(unknownBody).toMatchObject({ error: "UnknownMember" });
    expect(unknownBody).not.toHaveProperty("problems");
    const float = await post(JSON.stringify({ memberNo: "A001", date: "2026-01-03", amount: 1000.5 }), { "accept-language": "en" });
    expect(float.status).toBe(422);
    const floatBody = (await float.json()) as { message: string; problems: Array<{ path: string[] }> };
    expect(floatBody.message).toMatch(/Invalid command/);
    expect(floatBody.problems.map((p) => p.path)).toEqual([["amount"]]);
    expect((await post("not json")).status).toBe(400);
  });

  it("answers the commands' JSON Schema", async () => {
    const schema = (await (await fetch(url.replace(/\/books\/.*$/, "/schema/commands"))).json()) as {
      $schema: string;
      anyOf: Array<{ properties: { type: { enum: string[] } }; required: string[] }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const deposit = schema.anyOf.find((b) => b.properties.type.enum[0] === "DepositSukarela");
    expect(deposit?.required).toEqual(["type", "memberNo", "date", "amount"]);
  });
});
