import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Counting } from "../catalog/schema.js";
import { countedDays, dayRate, type WorkSpan } from "./experience.js";

const isc2: Counting = {
  fullTimeHours: 35,
  partTimeMinHours: 20,
  partTimeHoursPerYear: 2080,
  kinds: ["employment"],
};

const span = fc
  .tuple(
    fc.integer({ min: 0, max: 5000 }),
    fc.integer({ min: 1, max: 3000 }),
    fc.integer({ min: 1, max: 80 }),
  )
  .map(([start, len, hoursPerWeek]): WorkSpan => ({ start, end: start + len, hoursPerWeek }));

/** Days covered by at least one span: the calendar time, however many jobs overlap. */
function unionDays(spans: WorkSpan[]): number {
  const days = new Set<number>();
  for (const s of spans) for (let d = s.start; d < s.end; d++) days.add(d);
  return days.size;
}

/** Day-by-day oracle: sum the hours of the jobs active each day, then apply the rate. */
function oracle(spans: WorkSpan[], counting: Counting): number {
  const hours = new Map<number, number>();
  for (const s of spans)
    for (let d = s.start; d < s.end; d++) hours.set(d, (hours.get(d) ?? 0) + s.hoursPerWeek);
  let total = 0;
  for (const h of hours.values()) total += dayRate(h, counting);
  return total;
}

describe("counted experience", () => {
  it("follows ISC2's rates: full time from 35 hours, pro rata from 20, nothing below", () => {
    expect(dayRate(40, isc2)).toBe(1);
    expect(dayRate(35, isc2)).toBe(1);
    expect(dayRate(34, isc2)).toBeCloseTo(0.85, 10);
    expect(dayRate(20, isc2)).toBe(0.5);
    expect(dayRate(19.5, isc2)).toBe(0);
  });

  it("matches a day-by-day count", () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 6 }), (spans) => {
        expect(countedDays(spans, isc2)).toBeCloseTo(oracle(spans, isc2), 6);
      }),
    );
  });

  it("never counts more than the calendar time covered", () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 8 }), (spans) => {
        expect(countedDays(spans, isc2)).toBeLessThanOrEqual(unionDays(spans) + 1e-9);
      }),
    );
  });

  it("does not depend on the order of the jobs, and never drops when a job is added", () => {
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 8 }), span, (spans, extra) => {
        const base = countedDays(spans, isc2);
        expect(countedDays([...spans].reverse(), isc2)).toBeCloseTo(base, 9);
        expect(countedDays([...spans, extra], isc2)).toBeGreaterThanOrEqual(base - 1e-9);
      }),
    );
  });
});
