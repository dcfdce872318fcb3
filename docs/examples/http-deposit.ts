/**
 * An HTTP handler that posts a sukarela deposit, with the Promise API and nothing but node:http.
 * POST /books/:book/deposits with a JSON body { memberNo, date, amount } and an Idempotency-Key
 * header: 201 with the recorded events; 200 with the same events when the key was seen before; 422
 * with the book's reason (in Bahasa Indonesia, or English with Accept-Language: en) when the book
 * refuses it, and the fields at fault when the body does not make a command; 400 when the body is not JSON.
 * GET /schema/commands answers every command's JSON Schema, for a client to check its forms. Run it with `npx tsx docs/examples/http-deposit.ts`
 * and try `curl -X POST localhost:8080/books/kop-1/deposits -H 'Idempotency-Key: d1' -d
 * '{"memberNo":"A001","date":"2026-01-03","amount":"250000"}'`.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import {
  CommandRejected,
  commandJsonSchema,
  createLedger,
  InvalidCommand,
  type LedgerStoreShape,
  makeMemoryStore,
  toWireValue,
} from "@lumbung/core";

const body = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

/** The app: one route. Give it the PostgreSQL store (`openServer(…).store`) in production. */
export const depositServer = (store: LedgerStoreShape, clock?: { now(): Date }): Server => {
  const ledger = createLedger({ store, ...(clock === undefined ? {} : { clock }) });
  return createServer(async (req, res) => {
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.method === "GET" && req.url === "/schema/commands") return reply(200, commandJsonSchema());
    const route = /^\/books\/([A-Za-z0-9._-]+)\/deposits$/.exec(req.url ?? "");
    if (req.method !== "POST" || route === null) return reply(404, { error: "not found" });
    let input: { memberNo?: unknown; date?: unknown; amount?: unknown };
    try {
      input = JSON.parse(await body(req));
    } catch {
      return reply(400, { error: "the body is not JSON" });
    }
    const key = req.headers["idempotency-key"];
    try {
      // The body's fields go to the engine as they are: it decodes and checks them, and refuses a
      // number for an amount (money is text or bigint, never a float).
      const outcome = await ledger.run(route[1] as string, {
        type: "DepositSukarela",
        ...(typeof key === "string" ? { key } : {}),
        memberNo: input.memberNo,
        date: input.date,
        amount: input.amount,
      });
      return reply(outcome.replayed ? 200 : 201, { replayed: outcome.replayed, events: toWireValue(outcome.events) });
    } catch (error) {
      if (error instanceof CommandRejected) {
        const english = (req.headers["accept-language"] ?? "").startsWith("en");
        const reason = error.reason as { _tag: string; message: string; messageEn?: string };
        const message = english ? (reason.messageEn ?? reason.message) : reason.message;
        // A malformed body also says which fields are wrong, for the form to mark them.
        const problems = error.reason instanceof InvalidCommand ? { problems: error.reason.problems } : {};
        return reply(422, { error: reason._tag, message, ...problems });
      }
      return reply(500, { error: "the ledger could not be reached" });
    }
  });
};

export const main = async () => {
  const store = makeMemoryStore();
  const ledger = createLedger({ store });
  await ledger.execute("kop-1", [
    { type: "OpenBook", bookId: "kop-1", name: "Koperasi Contoh", startDate: "2026-01-01" },
    {
      type: "RegisterMember",
      memberNo: "A001",
      date: "2026-01-02",
      identity: { nik: "3275014112990004", name: "Siti Rahayu", address: "Jl. Raya Jatisampurna 1" },
    },
  ]);
  depositServer(store).listen(8080, () => console.log("listening on http://localhost:8080"));
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
