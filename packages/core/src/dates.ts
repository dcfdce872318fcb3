/**
 * Business dates are `YYYY-MM-DD` strings in the koperasi's local calendar; months are `YYYY-MM`.
 * Comparing two such strings compares the dates, which keeps the hot path free of Date objects.
 */
import { addMonths, format, isValid, parse, subYears } from "date-fns";

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_PATTERN = /^\d{4}-\d{2}$/;

/** True when `text` is a real calendar date written `YYYY-MM-DD` (so no 2026-02-30). */
export const isIsoDate = (text: string): boolean => {
  if (text.length !== 10 || !DATE_PATTERN.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  return year >= 1900 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
};

export const isIsoMonth = (text: string): boolean => {
  if (!MONTH_PATTERN.test(text)) return false;
  const month = Number(text.slice(5, 7));
  return month >= 1 && month <= 12;
};

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);

export const monthOf = (date: string): string => date.slice(0, 7);
export const yearOf = (dateOrMonth: string): number => Number(dateOrMonth.slice(0, 4));

export const firstDayOf = (month: string): string => `${month}-01`;
export const lastDayOf = (month: string): string => {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(daysInMonth(year, m)).padStart(2, "0")}`;
};
export const daysInMonthOf = (month: string): number => daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));

const parseMonth = (month: string): Date => parse(`${month}-01`, "yyyy-MM-dd", new Date(2000, 0, 1, 12));

export const addMonthsTo = (month: string, count: number): string => format(addMonths(parseMonth(month), count), "yyyy-MM");
export const nextMonth = (month: string): string => addMonthsTo(month, 1);
export const previousMonth = (month: string): string => addMonthsTo(month, -1);

/** The number of months from `from` to `to`, both `YYYY-MM`; 0 when equal, negative when `to` is earlier. */
export const monthsBetween = (from: string, to: string): number =>
  (yearOf(to) - yearOf(from)) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7)));

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `date` plus whole months, clamped to the month's last day (31 January + 1 month = 28 or 29 February). */
export const addMonthsToDate = (date: string, months: number): string => {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${year}-${pad2(month)}-${pad2(day)}`;
};

/** The day after `date`. */
export const nextDay = (date: string): string => {
  const parsed = parse(date, "yyyy-MM-dd", new Date(2000, 0, 1, 12));
  if (!isValid(parsed)) throw new RangeError(`not a date: ${date}`);
  parsed.setDate(parsed.getDate() + 1);
  return format(parsed, "yyyy-MM-dd");
};

/**
 * The business date of an instant in a fixed UTC offset (WIB is +7 hours, WITA +8, WIT +9;
 * Indonesia keeps no daylight saving time).
 */
export const localDateOf = (instant: Date, utcOffsetMinutes: number): string =>
  new Date(instant.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);

const DAY_MS = 86_400_000;
/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  (Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10))) -
    Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)))) /
  DAY_MS;

/** The same day a year earlier; 29 February becomes 28 February. */
export const sameDayYearBefore = (date: string): string =>
  format(subYears(parse(date, "yyyy-MM-dd", new Date(2000, 0, 1)), 1), "yyyy-MM-dd");
