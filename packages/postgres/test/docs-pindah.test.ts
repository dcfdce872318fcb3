import { expect, inject, it } from "vitest";
import { main } from "../../../docs/examples/pindah-ke-server.js";
import { openPGlite, openServer } from "../src/index.js";
import { freshDatabase } from "./helpers.js";

const check = async (target: Parameters<typeof main>[0]) => {
  const lines: string[] = [];
  const result = await main(target, (line) => lines.push(line));
  expect(result.report).toMatchObject({ fromSeq: 0, eventsCopied: 3, commandsCopied: 3, identitiesCopied: 1 });
  expect(result.replayed).toBe(true);
  expect(result.nextSeq).toBe(4);
  expect(result.sukarelaMinor).toBe(300_000n);
  expect(lines).toContain("setoran diulang di server: replayed=true");
};

it("docs/examples/pindah-ke-server.ts moves a book from PGlite to a PostgreSQL server, as persistence.md says", async () => {
  expect(inject("databaseUrl")).toBeTruthy();
  const database = await freshDatabase();
  try {
    await check(() => openServer({ url: database.url }));
  } finally {
    await database.drop();
  }
});

it("docs/examples/pindah-ke-server.ts runs without a server, into a second PGlite", async () => {
  await check(() => openPGlite());
});
