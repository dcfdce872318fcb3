/**
 * @lumbung/core: the pure double-entry engine for Indonesian cooperatives.
 * See docs/architecture.md for the command → event → state flow.
 */
export * from "./assets/assets.js";
export * from "./canonical.js";
export * from "./chart.js";
export * from "./closing/budget.js";
export * from "./closing/closing.js";
export * from "./closing/statements.js";
export * from "./command-problems.js";
export * from "./commands.js";
export * from "./copy.js";
export * from "./dates.js";
export * from "./decide.js";
export * from "./deposits/deposits.js";
export * from "./engine.js";
export * from "./errors.js";
export * from "./executor.js";
export * from "./folded.js";
export * from "./identity.js";
export * from "./journal-export.js";
export * from "./loans/kolektibilitas.js";
export * from "./loans/loans.js";
export * from "./loans/reports.js";
export * from "./loans/schedule.js";
export * from "./memory-store.js";
export * from "./model.js";
export * from "./money.js";
export * from "./promise-api.js";
export * from "./random.js";
export * from "./reports.js";
export * from "./retail/reports.js";
export * from "./retail/retail.js";
export * from "./savings.js";
export * from "./state.js";
export * from "./status.js";
export * from "./store.js";
export * from "./totals.js";
export * from "./verify.js";
