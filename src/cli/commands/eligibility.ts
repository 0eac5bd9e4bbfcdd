/** `certpath eligibility <id>|--all --profile p.json [--as-of D] [--json]`. */
import { findCertification } from "../../core/catalog/catalog.js";
import { evaluateEligibility, type Verdict } from "../../core/eligibility/evaluate.js";
import { type CommandContext, parseAsOf } from "../context.js";
import { UsageError } from "../errors.js";
import { readProfile } from "../profile-file.js";
import { wrap } from "../render/text.js";

const STATUS_TEXT: Record<Verdict["status"], string> = {
  eligible: "ELIGIBLE",
  "eligible-with-waiver": "ELIGIBLE WITH WAIVER",
  "associate-path": "NOT YET — can pass the exam first",
  "prerequisite-missing": "PREREQUISITE MISSING",
  "not-yet": "NOT YET",
};

/** The JSON shape of one verdict. */
export function verdictJson(v: Verdict) {
  return {
    certification: v.certification,
    status: v.status,
    path: v.path,
    experience: v.experience,
    waiver: v.waiver,
    missing: v.missing,
    eligibleOn: v.eligibleOn,
    passFirst: v.passFirst,
    notes: v.notes,
  };
}

export function eligibility(
  ctx: CommandContext,
  id: string | undefined,
  opts: { profile?: string; all?: boolean; json?: boolean; asOf?: string },
): number {
  if (!opts.profile)
    throw new UsageError("eligibility needs --profile <file> (JSON or YAML); see certpath schema profile");
  if (opts.all && id) throw new UsageError("give either a certification id or --all, not both");
  if (!opts.all && !id)
    throw new UsageError(
      "name a certification (e.g. certpath eligibility cissp --profile p.json) or use --all",
    );
  const catalog = ctx.catalog();
  const certs = opts.all ? catalog.certifications : [findCertification(catalog, id!)];
  const profile = readProfile(opts.profile, catalog);
  const asOf = parseAsOf(opts.asOf) ?? profile.asOf ?? ctx.today();
  const verdicts = certs.map((c) => evaluateEligibility(c, profile, asOf));
  if (opts.json) {
    ctx.out(JSON.stringify(opts.all ? verdicts.map(verdictJson) : verdictJson(verdicts[0]!), null, 2));
    return 0;
  }
  const blocks = verdicts.map((v) =>
    verdictText(v, certs.find((c) => c.id === v.certification)!.abbreviation, ctx.width),
  );
  ctx.out([`Eligibility as of ${asOf}`, "", blocks.join("\n\n")].join("\n"));
  return 0;
}

export function verdictText(v: Verdict, abbreviation: string, width: number): string {
  const lines = [`${abbreviation}: ${STATUS_TEXT[v.status]}`];
  if (v.path) lines.push(wrap(`path: ${v.path.label}`, width, "    ", "  "));
  const e = v.experience;
  if (e.required !== null) {
    const domains = Object.entries(e.byDomain)
      .map(([d, y]) => `domain ${d}: ${y.toFixed(2)}`)
      .join(", ");
    lines.push(
      wrap(
        `experience counted: ${e.total.toFixed(2)} of ${e.required} years${domains ? ` (${domains})` : ""}`,
        width,
        "    ",
        "  ",
      ),
    );
    if (e.part)
      lines.push(
        wrap(`${e.part.label}: ${e.part.years.toFixed(2)} of ${e.part.required} years`, width, "    ", "  "),
      );
  }
  if (v.waiver)
    lines.push(
      wrap(`waiver: ${v.waiver.years} year(s) for ${v.waiver.reasons.join("; ")}`, width, "    ", "  "),
    );
  for (const m of v.missing) lines.push(wrap(`missing: ${m}`, width, "    ", "  "));
  if (v.eligibleOn) lines.push(`  eligible on ${v.eligibleOn} if your current job goes on`);
  if (v.passFirst) {
    // A route already named for what it is ("Pass first, apply within five years") is not prefixed again.
    const route = /^pass first\b/i.test(v.passFirst.name)
      ? v.passFirst.name
      : `pass first: ${v.passFirst.name}`;
    lines.push(wrap(`${route} — ${v.passFirst.description}`, width, "    ", "  "));
  }
  for (const n of v.notes) lines.push(wrap(`note: ${n}`, width, "    ", "  "));
  return lines.join("\n");
}
