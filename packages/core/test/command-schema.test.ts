/**
 * The commands' JSON Schema, checked by an independent validator (Ajv, draft 2020-12): every command
 * of the every-event-type book passes it, as the engine accepted them; commands the engine refuses
 * for their shape fail it too; and it has one branch per command type.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import * as Result from "effect/Result";
import { beforeAll, describe, expect, it } from "vitest";
import { Command, commandJsonSchema, decodeCommand } from "../src/commands.js";
import { closeTheYear, everyEventType, makeTestBook } from "./helpers.js";

const validator = () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  return ajv.compile(commandJsonSchema());
};

const commands: unknown[] = [];
beforeAll(async () => {
  const book = await makeTestBook({ today: "2026-03-10", savings: { sukarela: { ratePerYear: "0.04" } } });
  const run = (command: unknown) => {
    commands.push(command);
    return book.run(command);
  };
  await everyEventType(run);
  await closeTheYear(run, (date) => book.clock.setDate(date));
});

describe("commandJsonSchema", () => {
  it("has one branch per command type", () => {
    const branches = (commandJsonSchema() as { anyOf: Array<{ properties: { type: { enum: string[] } } }> }).anyOf;
    const types = branches.flatMap((b) => b.properties.type.enum);
    expect(types).toHaveLength(Command.members.length);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toContain("PledgeTimeDeposit");
  });

  it("accepts every command the every-event-type book ran", () => {
    const validate = validator();
    expect(commands.length).toBeGreaterThan(80);
    for (const command of commands) expect(validate(command), `${JSON.stringify(command)}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it("rejects what the engine rejects for its shape: a missing field, an unknown type or choice, a malformed date or month, a number for an amount", () => {
    const validate = validator();
    const bad: unknown[] = [
      { type: "DepositSukarela", memberNo: "A001", date: "2026-01-05" },
      { type: "DepositSukarelaa", memberNo: "A001", date: "2026-01-05", amount: "1000" },
      { type: "DepositSukarela", memberNo: "A001", date: "5/1/2026", amount: "1000" },
      { type: "DepositSukarela", memberNo: "A001", date: "2026-01-05", amount: 1000.5 },
      { type: "CloseMonth", month: "2026-13" },
      { type: "SetTimeDepositInstruction", depositId: "B-1", date: "2026-01-05", atMaturity: "later" },
      { type: "AddFixedAsset", assetId: "X", name: "X", date: "2026-01-05", cost: "1", lifeMonths: 12, method: "menurun" },
      { type: "RepayLoan", loanId: "P-1", amount: "1000", date: "2026-01-05", from: "tabungan" },
    ];
    for (const command of bad) {
      expect(Result.isFailure(decodeCommand(command)), JSON.stringify(command)).toBe(true);
      expect(validate(command), JSON.stringify(command)).toBe(false);
    }
    // 30 February has a date's shape; the engine refuses it, and so does a validator that knows the
    // `date` format (ajv-formats checks the calendar).
    const february30 = { type: "DepositSukarela", memberNo: "A001", date: "2026-02-30", amount: "1000" };
    expect(Result.isFailure(decodeCommand(february30))).toBe(true);
    expect(validate(february30)).toBe(false);
  });
});
