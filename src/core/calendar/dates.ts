/**
 * Calendar dates as plain `YYYY-MM-DD` strings and whole day numbers (days since 1970-01-01, UTC).
 * Pure: nothing here reads the clock; "today" is always passed in by the caller.
 */
import { z } from "zod";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a calendar date written YYYY-MM-DD")
  .refine(isIsoDate, { message: "must be a calendar date written YYYY-MM-DD" });

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day number of a YYYY-MM-DD date. Throws on a malformed date (callers validate first). */
export function toDay(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** YYYY-MM-DD of a day number. */
export function fromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The date `years` calendar years after `date` (Feb 29 falls back to Feb 28). */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const mo = Number(date.slice(5, 7));
  const d = Math.min(Number(date.slice(8, 10)), daysInMonth(y, mo));
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Average length of a year in days, as used to turn counted days into years. */
export const DAYS_PER_YEAR = 365.25;

/**
 * Days that must be counted to meet a requirement of `years` years. Rounded down so that any run of
 * N calendar years meets an N-year requirement whatever the number of leap days in it.
 */
export function requiredDays(years: number): number {
  return Math.floor(years * DAYS_PER_YEAR + 1e-9);
}

/** Counted days as years, to two decimals. */
export function daysToYears(days: number): number {
  return Math.round((days / DAYS_PER_YEAR) * 100) / 100;
}
