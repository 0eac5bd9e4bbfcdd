/**
 * `certpath readiness --exam <id> [--db <store>] [--json]`: the chance of passing the real exam
 * today, with its interval, by domain, and why — from every final answer in the store (the single
 * user's) and the exam's current parameters (see app/study/readiness.ts).
 */
import { ExamParameters } from "../../app/calibration/exam-parameters.js";
import { candidateReadiness } from "../../app/study/readiness.js";
import type { Readiness } from "../../core/study/readiness.js";
import { openStore } from "../../store/open.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { examSetup } from "../exam/setup.js";
import { wrap } from "../render/text.js";

export async function readinessCommand(
  ctx: CommandContext,
  opts: { exam?: string; db?: string; json?: boolean },
): Promise<number> {
  if (!opts.exam) throw new UsageError("readiness needs --exam <id> (e.g. --exam cissp)");
  const setup = examSetup(ctx, opts.exam);
  const store = await openStore(opts.db);
  let r: Readiness;
  try {
    const current = await new ExamParameters(store.db).current(setup.cert.id);
    r = await candidateReadiness(store.db, setup, null, Date.now(), current);
  } finally {
    await store.close();
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        {
          exam: setup.cert.id,
          probability: r.probability === null ? null : round(r.probability),
          interval: r.interval?.map(round) ?? null,
          enoughEvidence: r.enoughEvidence,
          parameters: r.parameters,
          theta: round(r.theta),
          se: round(r.se),
          answered: r.answered,
          effectiveAnswers: round(r.effectiveAnswers),
          domains: r.domains.map((d) => ({
            id: d.id,
            name: d.name,
            share: round(d.share),
            answered: d.answered,
            probability: round(d.probability),
            theta: round(d.theta),
            se: round(d.se),
          })),
          drivers: r.drivers,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const name = setup.cert.abbreviation;
  const lines: string[] = [];
  if (r.probability === null || r.interval === null) {
    lines.push(
      `${name} readiness: no answers yet. Practise (certpath exam take ${setup.cert.id} --items 10) to get a figure.`,
    );
  } else {
    const figure = `${pct(r.probability)} chance of passing the ${name} today (80% interval ${pct(r.interval[0])}–${pct(r.interval[1])})`;
    lines.push(
      r.enoughEvidence
        ? `${name} readiness: ${figure}, from ${r.answered} item(s) answered.`
        : `${name} readiness: not enough evidence yet (${r.answered} item(s) answered). For what it is worth: ${figure}.`,
    );
    lines.push("");
    const width = Math.max(6, ...r.domains.map((d) => d.name.length)) + 2;
    lines.push(
      `${"DOMAIN".padEnd(width)}${["SHARE", "ANSWERED", "AT STANDARD"].map((h) => h.padStart(12)).join("")}`,
    );
    for (const d of r.domains)
      lines.push(
        `${d.name.padEnd(width)}${[pct(d.share), String(d.answered), d.answered ? pct(d.probability) : "—"].map((c) => c.padStart(12)).join("")}`,
      );
    lines.push(
      "",
      "AT STANDARD: the chance that your ability in the domain is at or above the passing standard.",
    );
  }
  if (r.probability !== null && r.drivers.length) {
    lines.push("", "Why:");
    for (const d of r.drivers) lines.push(wrap(`- ${d}`, ctx.width, "  ", ""));
  }
  ctx.out(lines.join("\n"));
  return 0;
}
