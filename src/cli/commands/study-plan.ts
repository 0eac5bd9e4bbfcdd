/**
 * `certpath study plan [--exam <id>] [--date YYYY-MM-DD] [--hours-per-week N] [--ics file.ics]
 * [--db …] [--json]`: a week-by-week plan from today to the exam date (app/study/plan.ts), weighting
 * each domain by the exam's weight and the candidate's weakness there, with daily reviews,
 * simulations at milestones and a buffer; `--ics` writes it as an iCalendar file. What the flags
 * leave out comes from the saved goal (`certpath study goal`).
 *
 * `certpath study goal [--exam <id>] [--date …] [--hours-per-week N] [--eligibility profile.json]
 * [--clear] [--db …] [--json]`: shows the saved study profile, or saves what the flags give.
 */
import { writeFileSync } from "node:fs";
import { ExamParameters } from "../../app/calibration/exam-parameters.js";
import { candidatePlan } from "../../app/study/plan.js";
import { loadStudyProfile, saveStudyProfile } from "../../app/study/profile.js";
import { isIsoDate } from "../../core/calendar/dates.js";
import { InputError } from "../../core/input-error.js";
import { toIcs } from "../../core/study/plan.js";
import { goalFor, MAX_HOURS_PER_WEEK, type StudyGoal, type StudyProfile } from "../../core/study/profile.js";
import { openStore } from "../../store/open.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { examSetup } from "../exam/setup.js";
import { readProfile } from "../profile-file.js";

function hoursFlag(text: string): number {
  const hours = Number(text);
  if (!(hours > 0 && hours <= MAX_HOURS_PER_WEEK))
    throw new UsageError(`--hours-per-week must be a number above 0 and at most 80, not "${text}"`);
  return hours;
}

function dateFlag(text: string): string {
  if (!isIsoDate(text)) throw new UsageError(`--date must be a date as YYYY-MM-DD, not "${text}"`);
  return text;
}

export async function studyPlanCommand(
  ctx: CommandContext,
  opts: { exam?: string; date?: string; hoursPerWeek?: string; ics?: string; db?: string; json?: boolean },
): Promise<number> {
  // Flags are checked before the store is opened.
  const flagDate = opts.date !== undefined ? dateFlag(opts.date) : undefined;
  const flagHours = opts.hoursPerWeek !== undefined ? hoursFlag(opts.hoursPerWeek) : undefined;
  const store = await openStore(opts.db);
  try {
    const saved = (await loadStudyProfile(store.db, null)).goal;
    const goal = goalFor(saved, opts.exam);
    const exam = opts.exam ?? goal?.exam;
    if (!exam)
      throw new UsageError(
        "study plan needs --exam <id> (e.g. --exam cissp), or a saved goal (certpath study goal --exam … --date …)",
      );
    const date = flagDate ?? goal?.examDate;
    if (!date)
      throw new UsageError(
        "study plan needs --date YYYY-MM-DD, the day of the exam, or a saved goal with it (certpath study goal)",
      );
    const hours = flagHours ?? goal?.hoursPerWeek ?? 8;
    const setup = examSetup(ctx, exam);
    const current = await new ExamParameters(store.db).current(setup.cert.id);
    const plan = await candidatePlan(
      store.db,
      setup,
      null,
      { now: Date.now(), today: ctx.today() },
      { examDate: date, hoursPerWeek: hours },
      current,
    );
    const cert = setup.cert;
    if (opts.ics) {
      const stamp = new Date()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z");
      try {
        writeFileSync(opts.ics, toIcs(plan, cert.abbreviation, stamp, `${cert.id}-${date}`));
      } catch (e) {
        throw new InputError(`cannot write the calendar file: ${(e as Error).message}`, { file: opts.ics });
      }
    }
    if (opts.json) {
      const { basis, ...rest } = plan;
      ctx.out(JSON.stringify({ exam: cert.id, basis, ...rest }, null, 2));
      return 0;
    }
    const lines = [
      `${cert.abbreviation} study plan: ${plan.daysLeft} day(s) from ${plan.today} to the exam on ${plan.examDate}, ${hours} h a week, ${plan.basis}.`,
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
  } finally {
    await store.close();
  }
}

function describeProfile(p: StudyProfile): string[] {
  const lines: string[] = [];
  lines.push(
    p.goal
      ? `Goal: ${p.goal.exam.toUpperCase()} on ${p.goal.examDate}, ${p.goal.hoursPerWeek} h a week.`
      : "Goal: none saved (certpath study goal --exam <id> --date YYYY-MM-DD --hours-per-week N).",
  );
  lines.push(
    p.eligibility
      ? `Eligibility profile: ${p.eligibility.experience.length} job(s), ${p.eligibility.education.length} degree(s), ${p.eligibility.credentials.length} credential(s).`
      : "Eligibility profile: none saved (certpath study goal --eligibility profile.json).",
  );
  if (p.updatedAt)
    lines.push(`Saved ${new Date(p.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC.`);
  return lines;
}

export async function studyGoalCommand(
  ctx: CommandContext,
  opts: {
    exam?: string;
    date?: string;
    hoursPerWeek?: string;
    eligibility?: string;
    clear?: boolean;
    db?: string;
    json?: boolean;
  },
): Promise<number> {
  const setsGoal = opts.exam !== undefined || opts.date !== undefined || opts.hoursPerWeek !== undefined;
  if (opts.clear && (setsGoal || opts.eligibility))
    throw new UsageError("--clear removes the saved profile; give it alone");
  // Flags are checked before the store is opened: a wrong flag writes nothing.
  const date = opts.date !== undefined ? dateFlag(opts.date) : undefined;
  const hours = opts.hoursPerWeek !== undefined ? hoursFlag(opts.hoursPerWeek) : undefined;
  const eligibility = opts.eligibility ? readProfile(opts.eligibility, ctx.catalog()) : undefined;
  const store = await openStore(opts.db);
  try {
    let profile = await loadStudyProfile(store.db, null);
    if (opts.clear || setsGoal || eligibility) {
      let goal: StudyGoal | null | undefined;
      if (opts.clear) goal = null;
      else if (setsGoal) {
        const exam = opts.exam?.toLowerCase() ?? profile.goal?.exam;
        const kept = goalFor(profile.goal, exam);
        const examDate = date ?? kept?.examDate;
        if (!exam) throw new UsageError("study goal needs --exam <id> the first time (e.g. --exam cissp)");
        if (!examDate)
          throw new UsageError(
            `study goal needs --date YYYY-MM-DD, the day of the ${exam.toUpperCase()} exam`,
          );
        goal = {
          exam,
          examDate,
          hoursPerWeek: hours ?? kept?.hoursPerWeek ?? 8,
        };
      }
      profile = await saveStudyProfile(
        store.db,
        ctx.catalog(),
        null,
        {
          ...(goal !== undefined ? { goal } : {}),
          ...(opts.clear ? { eligibility: null } : eligibility ? { eligibility } : {}),
        },
        { now: Date.now(), today: ctx.today() },
      );
    }
    if (opts.json) ctx.out(JSON.stringify(profile, null, 2));
    else ctx.out(describeProfile(profile).join("\n"));
    return 0;
  } finally {
    await store.close();
  }
}
