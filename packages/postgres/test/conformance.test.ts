import { makeMemoryStore } from "@lumbung/core";
import { expect, inject } from "vitest";
import { openPGlite, openServer } from "../src/index.js";
import { defineConformance } from "./conformance.js";
import { freshDatabase } from "./helpers.js";

defineConformance("in memory", async () => ({ store: makeMemoryStore(), close: async () => {} }));

defineConformance("PGlite", async () => {
  // A snapshot of the folded parts at nearly every open, so that the suite opens books from them too.
  const ledger = await openPGlite({ snapshotAfter: 3 });
  return { store: ledger.store, close: () => ledger.close() };
});

defineConformance("PostgreSQL server", async () => {
  expect(inject("databaseUrl")).toBeTruthy();
  const database = await freshDatabase();
  const ledger = await openServer({ url: database.url, snapshotAfter: 3 });
  return {
    store: ledger.store,
    close: async () => {
      await ledger.close();
      await database.drop();
    },
  };
});
