/** The study plan: weeks to the exam, time by weight and weakness, simulations, buffer, iCalendar. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromDay, toDay } from "../calendar/dates.js";
import { type PlanInput, studyPlan, toIcs } from "./plan.js";

const domains = [
  { id: "1", name: "Security and Risk Management", weight: 16, weakness: 0.8 },
  { id: "2", name: "Asset Security", weight: 10 },
  { id: "3", name: "Security Architecture, and Engineering", weight: 13, weakness: 0.2 },
  { id: "4", name: "Communication and Network Security", weight: 13, weakness: 0.8 },
];
const input: PlanInput = {
  today: "2026-12-03",
  examDate: "2027-03-01",
  hoursPerWeek: 8,
  domains,
  simulation: { items: 150, minutes: 180 },
};

describe("the study plan", () => {
  it("covers every day from today to the day before the exam, week by week", () => {
    const plan = studyPlan(input);
    expect(plan.daysLeft).toBe(toDay("2027-03-01") - toDay("2026-12-03"));
    expect(plan.weeks[0]!.start).toBe("2026-12-03");
    expect(plan.weeks.at(-1)!.end).toBe("2027-02-28");
    for (let k = 1; k < plan.weeks.length; k++)
      expect(toDay(plan.weeks[k]!.start)).toBe(toDay(plan.weeks[k - 1]!.end) + 1);
    expect(plan.weeks.reduce((s, w) => s + w.days, 0)).toBe(plan.daysLeft);
  });

  it("puts a simulation at the halfway point and one a week in the last month, none in the last three days", () => {
    const plan = studyPlan(input);
    const sims = plan.weeks.flatMap((w) => (w.simulation ? [toDay(w.simulation)] : []));
    const exam = toDay(input.examDate);
    expect(sims.filter((d) => d >= exam - 28)).toHaveLength(4);
    expect(sims.some((d) => Math.abs(d - (toDay(input.today) + Math.floor(plan.daysLeft / 2))) <= 0)).toBe(
      true,
    );
    for (const d of sims) expect(d).toBeLessThanOrEqual(exam - 3);
    expect(plan.simulations).toBe(sims.length);
  });

  it("spends no more than the hours given, and more on a weak domain than on a strong one of the same weight", () => {
    const plan = studyPlan(input);
    for (const w of plan.weeks) {
      const used = w.focus.reduce((s, f) => s + f.hours, 0) + w.reviewMinutes / 60 + (w.simulation ? 3 : 0);
      expect(used).toBeLessThanOrEqual((8 * w.days) / 7 + 0.3);
    }
    const week = plan.weeks[1]!;
    const hours = new Map(week.focus.map((f) => [f.domain, f.hours]));
    // Same weight; weakness 0.8 against 0.2: (0.5 + 0.8) / (0.5 + 0.2) ≈ 1.86 times the time.
    expect(hours.get("4")! / hours.get("3")!).toBeCloseTo(1.3 / 0.7, 0);
    expect(week.focus[0]!.domain).toBe("1");
  });

  it("keeps the last two days for reviews only", () => {
    const plan = studyPlan({ ...input, examDate: "2026-12-17" });
    const last = plan.weeks.at(-1)!;
    expect(last.bufferDays).toBe(2);
    const full = studyPlan({ ...input, examDate: "2026-12-17", bufferDays: 0 }).weeks.at(-1)!;
    const sum = (w: typeof last) => w.focus.reduce((s, f) => s + f.hours, 0);
    expect(sum(last)).toBeLessThan(sum(full));
  });

  it("says so when the date is past or near, and refuses impossible hours", () => {
    const past = studyPlan({ ...input, examDate: "2026-12-01" });
    expect(past.weeks).toEqual([]);
    expect(past.warnings[0]).toMatch(/not after today/);
    const near = studyPlan({ ...input, examDate: "2026-12-10" });
    expect(near.warnings.some((w) => /7 day\(s\) away/.test(w))).toBe(true);
    expect(() => studyPlan({ ...input, hoursPerWeek: 0 })).toThrow(/hours per week/);
    expect(() => studyPlan({ ...input, hoursPerWeek: 200 })).toThrow(/at most 80/);
  });

  it("exports an iCalendar file calendar applications accept: CRLF lines of at most 75 octets, escaped text", () => {
    const plan = studyPlan(input);
    const ics = toIcs(plan, "CISSP", "20261203T120000Z", "plan-1");
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const lines = ics.split("\r\n").slice(0, -1);
    for (const l of lines) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/\n/);
    const events = ics.match(/BEGIN:VEVENT/g)!.length;
    expect(events).toBe(plan.weeks.length + plan.simulations + 1);
    // Unfolded, the week's description names the domain with its comma escaped.
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("Security Architecture\\, and Engineering");
    expect(unfolded).toMatch(
      /DTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270302\r\nSUMMARY:CISSP exam/,
    );
  });

  it("folds any text so that unfolding gives it back (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (name) => {
        const plan = studyPlan({ ...input, examDate: "2026-12-20", domains: [{ id: "1", name, weight: 1 }] });
        const ics = toIcs(plan, "X", "20261203T120000Z", "p");
        for (const l of ics.split("\r\n")) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
        const unfolded = ics.replace(/\r\n /g, "");
        const escaped = name
          .replace(/\\/g, "\\\\")
          .replace(/;/g, "\\;")
          .replace(/,/g, "\\,")
          .replace(/\r?\n/g, "\\n");
        if (plan.weeks[0]!.focus.length) expect(unfolded).toContain(`DESCRIPTION:${escaped}: `);
      }),
      { numRuns: 100 },
    );
  });

  it("re-plans from a later day with the weeks that are left", () => {
    const later = studyPlan({ ...input, today: fromDay(toDay(input.today) + 30) });
    expect(later.weeks.length).toBeLessThan(studyPlan(input).weeks.length);
    expect(later.weeks[0]!.start).toBe("2027-01-02");
  });
});
