/**
 * A study plan from today to the exam date, week by week: new material by domain in proportion to
 * the exam's weight and the candidate's weakness, daily reviews, full-length simulations at
 * milestones (weekly in the last four weeks), and a light buffer before the exam. Re-planned by
 * calling it again with new weaknesses. Pure: today is passed in. `toIcs` exports it as an
 * iCalendar file (RFC 5545) that calendar applications import.
 */

import { fromDay, toDay } from "../calendar/dates.js";
import { InputError } from "../input-error.js";

export interface PlanDomain {
  id: string;
  name: string;
  /** Weight on the exam (any unit; shares are taken). */
  weight: number;
  /** 0 (strong) to 1 (weak), e.g. 1 − P(at standard); unknown: 0.5. */
  weakness?: number;
}

export interface PlanInput {
  today: string;
  examDate: string;
  hoursPerWeek: number;
  domains: readonly PlanDomain[];
  /** The full-length simulation: its items and minutes. */
  simulation: { items: number; minutes: number };
  /** Minutes a practice item takes with its rationales read (default 2.5). */
  itemMinutes?: number;
  /** Minutes of FSRS reviews a day (default 15). */
  reviewMinutesPerDay?: number;
  /** Days before the exam kept light: reviews only (default 2). */
  bufferDays?: number;
}

export interface PlanFocus {
  domain: string;
  name: string;
  hours: number;
  items: number;
}

export interface PlanWeek {
  /** 1-based. */
  week: number;
  /** First and last day (YYYY-MM-DD), the last at most the day before the exam. */
  start: string;
  end: string;
  days: number;
  /** New material, by domain, largest first. */
  focus: PlanFocus[];
  reviewMinutes: number;
  /** The day of a full-length simulation this week, if any. */
  simulation: string | null;
  /** Days of the week in the buffer before the exam (reviews only). */
  bufferDays: number;
}

export interface StudyPlan {
  today: string;
  examDate: string;
  daysLeft: number;
  weeks: PlanWeek[];
  totalHours: number;
  simulations: number;
  warnings: string[];
}

/** The furthest exam date a plan is made for, in days from today. */
export const MAX_PLAN_DAYS = 731;

const round1 = (x: number) => Math.round(x * 10) / 10;

export function studyPlan(input: PlanInput): StudyPlan {
  const itemMinutes = input.itemMinutes ?? 2.5;
  const reviewPerDay = input.reviewMinutesPerDay ?? 15;
  const buffer = input.bufferDays ?? 2;
  if (!(input.hoursPerWeek > 0 && input.hoursPerWeek <= 80))
    throw new RangeError(`hours per week must be more than 0 and at most 80 (got ${input.hoursPerWeek})`);
  if (input.domains.length === 0) throw new RangeError("a plan needs the exam's domains");
  const start = toDay(input.today);
  const exam = toDay(input.examDate);
  const daysLeft = exam - start;
  if (daysLeft > MAX_PLAN_DAYS)
    throw new InputError(
      `the exam date ${input.examDate} is more than two years after today (${input.today}): plan for a date within ${MAX_PLAN_DAYS} days`,
      { path: "examDate" },
    );
  const warnings: string[] = [];
  if (daysLeft <= 0)
    return {
      today: input.today,
      examDate: input.examDate,
      daysLeft,
      weeks: [],
      totalHours: 0,
      simulations: 0,
      warnings: [`the exam date ${input.examDate} is not after today (${input.today}): set a future date`],
    };
  const bufferStart = exam - Math.min(buffer, daysLeft);
  // Simulations: one at the halfway point, then weekly over the last four weeks, each at least three
  // days before the exam (and never in the buffer), on the last study day of its week.
  const simDays = new Set<number>();
  const lastSim = exam - 3;
  if (daysLeft >= 14) simDays.add(start + Math.floor(daysLeft / 2));
  for (let d = lastSim; d >= start + 6 && d >= exam - 28; d -= 7) simDays.add(d);
  if (daysLeft >= 7 && simDays.size === 0) simDays.add(Math.max(start, lastSim));

  const totalWeight = input.domains.reduce((s, d) => s + d.weight, 0);
  const need = input.domains.map((d) => {
    const weakness = d.weakness === undefined ? 0.5 : Math.min(1, Math.max(0, d.weakness));
    return { d, score: (d.weight / totalWeight) * (0.5 + weakness) };
  });
  const needTotal = need.reduce((s, x) => s + x.score, 0);

  const weeks: PlanWeek[] = [];
  for (let from = start, w = 1; from < exam; from += 7, w++) {
    const to = Math.min(from + 6, exam - 1);
    const days = to - from + 1;
    const inBuffer = Math.max(0, to - Math.max(from, bufferStart) + 1);
    const sim = [...simDays].find((d) => d >= from && d <= to) ?? null;
    const budget = (input.hoursPerWeek * days) / 7;
    const reviewMinutes = reviewPerDay * days;
    let hoursForNew = budget - reviewMinutes / 60 - (sim !== null ? input.simulation.minutes / 60 : 0);
    // Buffer days hold reviews only.
    hoursForNew *= (days - inBuffer) / days;
    hoursForNew = Math.max(0, hoursForNew);
    const focus = need
      .map(({ d, score }) => {
        const hours = (hoursForNew * score) / needTotal;
        return {
          domain: d.id,
          name: d.name,
          hours: round1(hours),
          items: Math.floor((hours * 60) / itemMinutes),
        };
      })
      .filter((f) => f.items > 0)
      .sort((x, y) => y.hours - x.hours || x.domain.localeCompare(y.domain));
    weeks.push({
      week: w,
      start: fromDay(from),
      end: fromDay(to),
      days,
      focus,
      reviewMinutes,
      simulation: sim === null ? null : fromDay(sim),
      bufferDays: inBuffer,
    });
  }
  const simulations = weeks.filter((w) => w.simulation !== null).length;
  const simHours = (simulations * input.simulation.minutes) / 60;
  const totalHours = round1((input.hoursPerWeek * daysLeft) / 7);
  if (daysLeft < 14)
    warnings.push(
      `the exam is ${daysLeft} day(s) away: there is time for reviews and ${simulations ? "one simulation" : "short practice"}, not for new material in every domain`,
    );
  if (simHours > totalHours / 2)
    warnings.push(
      `${input.hoursPerWeek} hour(s) a week leave little beside the ${simulations} full simulation(s) of ${Math.round(input.simulation.minutes / 60)} h: more hours, or a later date, would leave room for new material`,
    );
  return { today: input.today, examDate: input.examDate, daysLeft, weeks, totalHours, simulations, warnings };
}

/** Text for an iCalendar property value: backslash, semicolon, comma and newline escaped. */
function icsText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** A content line folded at 75 octets (continuation lines start with a space), CRLF-terminated. */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return `${line}\r\n`;
  const out: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = new TextEncoder().encode(ch).length;
    if (size + n > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return `${out.join("\r\n ")}\r\n`;
}

const basic = (date: string) => date.replace(/-/g, "");

/**
 * The plan as an iCalendar file: an all-day event per study week (its focus and reviews in the
 * description), one per simulation day, and the exam day. `stamp` is the creation time (UTC,
 * YYYYMMDDTHHMMSSZ), `uid` a prefix unique to this plan.
 */
export function toIcs(plan: StudyPlan, exam: string, stamp: string, uid: string): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//certpath//study plan//EN",
    "CALSCALE:GREGORIAN",
  ];
  const event = (id: string, from: string, toExclusive: string, summary: string, description: string) => {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uid}-${id}@certpath`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basic(from)}`,
      `DTEND;VALUE=DATE:${basic(toExclusive)}`,
      `SUMMARY:${icsText(summary)}`,
      `DESCRIPTION:${icsText(description)}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  };
  for (const w of plan.weeks) {
    const focus = w.focus.map((f) => `${f.name}: ${f.hours} h (about ${f.items} items)`).join("\n");
    const parts = [
      focus || "No new material: reviews only.",
      `Reviews: ${w.reviewMinutes} min (about ${Math.round(w.reviewMinutes / w.days)} a day).`,
      ...(w.bufferDays ? [`Last ${w.bufferDays} day(s): light review only, rest before the exam.`] : []),
    ];
    event(
      `week-${w.week}`,
      w.start,
      fromDay(toDay(w.end) + 1),
      `${exam} study, week ${w.week}`,
      parts.join("\n"),
    );
    if (w.simulation)
      event(
        `sim-${w.week}`,
        w.simulation,
        fromDay(toDay(w.simulation) + 1),
        `${exam} full-length simulation`,
        "A full timed simulation under exam conditions; review every miss afterwards.",
      );
  }
  event("exam", plan.examDate, fromDay(toDay(plan.examDate) + 1), `${exam} exam`, "Exam day.");
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("");
}
