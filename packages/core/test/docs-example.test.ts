import { describe, expect, it } from "vitest";
import { main } from "../../../docs/examples/first-book.js";

describe("docs/examples/first-book.ts", () => {
  it("runs as the embedding guide says", async () => {
    const lines: string[] = [];
    const statement = await main((line) => lines.push(line));
    expect(lines).toContain("diulang: replayed=true");
    expect(lines.at(-1)).toBe("verify: OK, 3 peristiwa");
    expect(lines.some((l) => l.startsWith("ditolak (InsufficientBalance)"))).toBe(true);
    expect(statement.kinds.sukarela.closingMinor).toBe(250000n);
    expect(statement.totalMinor).toBe(350000n);
  });
});
