/**
 * The RAPB (rencana anggaran pendapatan dan belanja): the income and expenses the RAT approves for a
 * book year, per account and business unit (statements.ts puts the realization beside it). A budget
 * is set whole; a revised RAPB replaces the year's budget. It posts nothing: it is a plan, kept in the log so that
 * the RAT's decision is part of the book's history.
 */
import type { Money } from "../money.js";

export interface BudgetLine {
  readonly account: string;
  readonly unit: string;
  /** The year's planned income or expense on the account (zero or more). */
  readonly amountMinor: Money;
}

export interface BudgetEventData {
  BudgetSet: { readonly year: string; readonly memo: string; readonly lines: ReadonlyArray<BudgetLine> };
}

export const BUDGET_EVENT_TYPES = ["BudgetSet"] as const;

export const emptyBudgets = (): Map<string, ReadonlyArray<BudgetLine>> => new Map();

export const applyBudgetEvent = (
  budgets: Map<string, ReadonlyArray<BudgetLine>>,
  event: { readonly type: string; readonly data: unknown },
): void => {
  if (event.type !== "BudgetSet") return;
  const d = event.data as BudgetEventData["BudgetSet"];
  budgets.set(d.year, d.lines);
};
