/**
 * Turning jobs into counted experience: calendar time counted once however many jobs overlap,
 * part-time hours pro rata, work below the part-time floor not counted.
 */
import { toDay } from "../calendar/dates.js";
import type { Counting } from "../catalog/schema.js";
import type { Job } from "./profile.js";

/** A span of work in day numbers, `end` exclusive, with its weekly hours. */
export interface WorkSpan {
  start: number;
  end: number;
  hoursPerWeek: number;
}

/** The part of a job that falls inside [from, to] (day numbers, inclusive), or null. */
export function jobSpan(job: Job, from: number, to: number): WorkSpan | null {
  const start = Math.max(toDay(job.start), from);
  const last = Math.min(job.end === null ? to : toDay(job.end), to);
  if (last < start) return null;
  return { start, end: last + 1, hoursPerWeek: job.hoursPerWeek };
}

/** Fraction of a full-time day that a week of `hours` hours counts for. */
export function dayRate(hours: number, counting: Counting): number {
  if (hours >= counting.fullTimeHours) return 1;
  if (hours < counting.partTimeMinHours || hours <= 0) return 0;
  return Math.min(1, (hours * 52) / counting.partTimeHoursPerYear);
}

/**
 * Full-time-equivalent days in a set of spans. Where spans overlap, their weekly hours add up
 * (capped at full time), so calendar time is never counted twice.
 */
export function countedDays(spans: readonly WorkSpan[], counting: Counting): number {
  if (spans.length === 0) return 0;
  const events: [number, number][] = [];
  for (const s of spans) {
    events.push([s.start, s.hoursPerWeek], [s.end, -s.hoursPerWeek]);
  }
  events.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let hours = 0;
  let prev = events[0]![0];
  for (const [day, delta] of events) {
    if (day > prev && hours > 1e-9) total += (day - prev) * dayRate(hours, counting);
    hours += delta;
    prev = day;
  }
  return total;
}
