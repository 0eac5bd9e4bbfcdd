/** `certpath advise --profile p.json [--goal management|technical|ai|audit|risk] [--json]`. */
import { advise as adviseCore, type Goal, goals } from "../../core/advice/advise.js";
import { type CommandContext, parseAsOf } from "../context.js";
import { UsageError } from "../errors.js";
import { readProfile } from "../profile-file.js";
import { wrap } from "../render/text.js";
import { verdictJson } from "./eligibility.js";

export function advise(
  ctx: CommandContext,
  opts: { profile?: string; goal?: string; json?: boolean; asOf?: string },
): number {
  if (!opts.profile)
    throw new UsageError("advise needs --profile <file> (JSON or YAML); see certpath schema profile");
  if (opts.goal !== undefined && !(goals as readonly string[]).includes(opts.goal)) {
    throw new UsageError(`--goal must be one of ${goals.join(", ")}, not "${opts.goal}"`);
  }
  const catalog = ctx.catalog();
  const profile = readProfile(opts.profile, catalog);
  const asOf = parseAsOf(opts.asOf) ?? profile.asOf ?? ctx.today();
  const advice = adviseCore(catalog, profile, asOf, opts.goal as Goal | undefined);
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        {
          ...advice,
          recommendations: advice.recommendations.map((r) => ({
            ...r,
            eligibility: verdictJson(r.eligibility),
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const w = ctx.width;
  const goalText = advice.goal
    ? `${advice.goal}${advice.goalInferred ? " (inferred from your most recent job; set --goal to choose)" : ""}`
    : "none given";
  const lines = [`Next certifications as of ${asOf} — goal: ${goalText}`];
  if (advice.held.length) lines.push(`You hold: ${advice.held.map((h) => h.toUpperCase()).join(", ")}`);
  for (const r of advice.recommendations) {
    lines.push("", `${r.rank}. ${r.abbreviation} (${r.eligibility.status})`);
    for (const reason of r.reasons) lines.push(wrap(reason, w, "     ", "   + "));
    for (const blocker of r.blockers) lines.push(wrap(blocker, w, "     ", "   - "));
  }
  ctx.out(lines.join("\n"));
  return 0;
}
