/**
 * `certpath study plan --exam <id> --date YYYY-MM-DD --hours-per-week N [--ics file.ics] [--db …]
 * [--json]`: a week-by-week plan from today to the exam date (core/study/plan.ts), weighting each
 * domain by the exam's weight and the candidate's weakness there (from readiness, when there are
 * answers), with daily reviews, simulations at milestones and a buffer; `--ics` writes it as an
 * iCalendar file.
 */
import { writeFileSync } from "node:fs";
import { ExamParameters } from "../../app/calibration/exam-parameters.js";
import { candidateReadiness } from "../../app/study/readiness.js";
import { isIsoDate } from "../../core/calendar/dates.js";
import { InputError } from "../../core/input-error.js";
import { studyPlan, toIcs } from "../../core/study/plan.js";
import { openStore } from "../../store/open.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { examSetup } from "../exam/setup.js";

export async function studyPlanCommand(
  ctx: CommandContext,
  opts: { exam?: string; date?: string; hoursPerWeek?: string; ics?: string; db?: string; json?: boolean },
): Promise<number> {
  if (!opts.exam) throw new UsageError("study plan needs --exam <id> (e.g. --exam cissp)");
  if (!opts.date) throw new UsageError("study plan needs --date YYYY-MM-DD, the day of the exam");
  if (!isIsoDate(opts.date)) throw new UsageError(`--date must be a date as YYYY-MM-DD, not "${opts.date}"`);
  const hours = Number(opts.hoursPerWeek ?? "8");
  if (!(hours > 0 && hours <= 80))
    throw new UsageError(
      `--hours-per-week must be a number above 0 and at most 80, not "${opts.hoursPerWeek}"`,
    );
  const setup = examSetup(ctx, opts.exam);
  const store = await openStore(opts.db);
  let weakness: Map<string, number>;
  let basis: string;
  try {
    const current = await new ExamParameters(store.db).current(setup.cert.id);
    const r = await candidateReadiness(store.db, setup, null, Date.now(), current);
    const answered = r.domains.filter((d) => d.answered > 0);
    weakness = new Map(answered.map((d) => [d.id, 1 - d.probability]));
    basis = answered.length
      ? `weighted by the exam's weights and your weakness in each domain (from ${r.answered} items answered)`
      : "weighted by the exam's weights (no answers yet: practise, then plan again to weigh your weak domains)";
  } finally {
    await store.close();
  }
  const cert = setup.cert;
  const plan = studyPlan({
    today: ctx.today(),
    examDate: opts.date,
    hoursPerWeek: hours,
    domains: setup.outline.domains.map((d) => ({
      id: d.id,
      name: d.name,
      weight: d.weight,
      ...(weakness.has(d.id) ? { weakness: weakness.get(d.id)! } : {}),
    })),
    simulation: {
      items: cert.exam.maxItems ?? cert.exam.items ?? 150,
      minutes: cert.exam.durationMinutes ?? 180,
    },
  });
  if (opts.ics) {
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    try {
      writeFileSync(opts.ics, toIcs(plan, cert.abbreviation, stamp, `${cert.id}-${opts.date}`));
    } catch (e) {
      throw new InputError(`cannot write the calendar file: ${(e as Error).message}`, { file: opts.ics });
    }
  }
  if (opts.json) {
    ctx.out(JSON.stringify({ exam: cert.id, basis, ...plan }, null, 2));
    return 0;
  }
  const lines = [
    `${cert.abbreviation} study plan: ${plan.daysLeft} day(s) from ${plan.today} to the exam on ${plan.examDate}, ${hours} h a week, ${basis}.`,
  ];
  for (const w of plan.warnings) lines.push(`Note: ${w}.`);
  for (const w of plan.weeks) {
    lines.push(
      "",
      `Week ${w.week} (${w.start} to ${w.end})${w.simulation ? ` — full simulation on ${w.simulation}` : ""}`,
    );
    for (const f of w.focus) lines.push(`  ${f.name}: ${f.hours} h, about ${f.items} items`);
    lines.push(`  Reviews: ${Math.round(w.reviewMinutes / w.days)} min a day`);
    if (w.bufferDays) lines.push(`  Last ${w.bufferDays} day(s): light review only, and rest`);
  }
  if (opts.ics) lines.push("", `Written to ${opts.ics} (iCalendar: import it into your calendar).`);
  ctx.out(lines.join("\n"));
  return 0;
}
