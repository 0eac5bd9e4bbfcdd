/** `certpath catalog list` and `certpath catalog show <id> [--domain N] [--as-of D]`. */
import { findCertification } from "../../core/catalog/catalog.js";
import {
  certaintyOf,
  describeExam,
  describeExperience,
  describeFact,
  describeMaintenance,
  describeMoney,
  describePrerequisites,
  describeStopRule,
} from "../../core/catalog/describe.js";
import { outlineAsOf } from "../../core/catalog/outline-in-force.js";
import type { Certification } from "../../core/catalog/schema.js";
import { InputError } from "../../core/input-error.js";
import { type CommandContext, parseAsOf } from "../context.js";
import { mark, wrap } from "../render/text.js";

export interface CatalogListRow {
  id: string;
  abbreviation: string;
  name: string;
  issuer: string;
  level: string;
  focus: string[];
  delivery: string;
  items: string;
  durationMinutes: number;
  passing: string;
  fee: string;
}

export function catalogListRows(certs: readonly Certification[]): CatalogListRow[] {
  return certs.map((c) => ({
    id: c.id,
    abbreviation: c.abbreviation,
    name: c.name,
    issuer: c.issuer,
    level: c.level.value,
    focus: c.focus,
    delivery: c.exam.delivery,
    items:
      c.exam.minItems === c.exam.maxItems ? String(c.exam.items) : `${c.exam.minItems}-${c.exam.maxItems}`,
    durationMinutes: c.exam.durationMinutes,
    passing: `${c.exam.scale.passing}/${c.exam.scale.max}`,
    fee: describeMoney(c.fee.value),
  }));
}

export function catalogList(ctx: CommandContext, opts: { json?: boolean }): number {
  const rows = catalogListRows(ctx.catalog().certifications);
  if (opts.json) {
    ctx.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  const lines = rows.map(
    (r) =>
      `${r.id.padEnd(6)} ${r.issuer.padEnd(6)} ${`${r.items} items, ${r.durationMinutes} min`.padEnd(22)} ${r.abbreviation} — ${r.name}`,
  );
  ctx.out(
    [
      `${"ID".padEnd(6)} ${"ISSUER".padEnd(6)} ${"EXAM".padEnd(22)} CERTIFICATION`,
      ...lines.map((l) => (l.length > ctx.width ? `${l.slice(0, ctx.width - 1)}…` : l)),
      "",
      "Details: certpath catalog show <id>    Compare: certpath compare <id> <id>",
    ].join("\n"),
  );
  return 0;
}

export function catalogShow(
  ctx: CommandContext,
  id: string,
  opts: { json?: boolean; domain?: string; asOf?: string },
): number {
  const cert = findCertification(ctx.catalog(), id);
  const asOf = parseAsOf(opts.asOf) ?? ctx.today();
  const { outline, warnings, notice } = outlineAsOf(cert, asOf);
  const domains =
    opts.domain === undefined ? outline.domains : outline.domains.filter((d) => d.id === opts.domain);
  if (opts.domain !== undefined && domains.length === 0) {
    throw new InputError(
      `${cert.abbreviation} has no domain "${opts.domain}" in the ${outline.label} outline (domains: ${outline.domains.map((d) => d.id).join(", ")})`,
    );
  }
  if (opts.json) {
    ctx.out(JSON.stringify({ ...cert, asOf, outline: { ...outline, domains }, notice, warnings }, null, 2));
    return 0;
  }
  const w = ctx.width;
  const out: string[] = [];
  const field = (label: string, text: string, certainty: "unverified" | "secondary" | null = null) =>
    out.push(wrap(`${text}${mark(certainty)}`, w, " ".repeat(16), `${label.padEnd(15)} `));
  out.push(`${cert.abbreviation} — ${cert.name} (${cert.issuer})`, "");
  if (notice) out.push(wrap(`! ${notice}`, w, "  ", ""), "");
  out.push(wrap(cert.summary, w), "");
  const lvl = describeFact(cert.level, (v) => v);
  field("Level", lvl.text, lvl.certainty);
  const launched = describeFact(cert.launched, (v) => v ?? "unknown");
  field("Launched", launched.text, launched.certainty);
  field("Focus", cert.focus.join(", "));
  const best = describeFact(cert.bestFor, (v) => v);
  field("Best for", best.text, best.certainty);
  const roles = describeFact(cert.roles, (v) => v.join(", "));
  field("Typical roles", roles.text, roles.certainty);
  out.push("");
  field("Exam", describeExam(cert), certaintyOf(cert.exam.flags.delivery));
  field("Item types", cert.exam.itemTypes.join(", "));
  field(
    "Languages",
    cert.exam.languages?.join(", ") ?? "not published",
    cert.exam.languages ? null : "unverified",
  );
  field("Delivered by", cert.exam.provider ?? "unknown", certaintyOf(cert.exam.flags.provider));
  const fee = describeFact(cert.fee, describeMoney);
  field("Exam fee", fee.text, fee.certainty);
  if (cert.exam.retakePolicy)
    field("Retakes", cert.exam.retakePolicy, certaintyOf(cert.exam.flags.retakePolicy));
  if (cert.exam.adaptive) {
    const a = cert.exam.adaptive;
    const rules = a.stopRules.map(describeStopRule);
    field("Adaptive rules", rules.map((r, i) => `${i + 1}) ${r}`).join("\n"));
  }
  out.push("");
  field("Eligibility", cert.eligibility.summary);
  field("Prerequisites", describePrerequisites(cert));
  field("Experience", describeExperience(cert), certaintyOf(cert.eligibility.flags.counting));
  field("Maintenance", describeMaintenance(cert), certaintyOf(cert.maintenance.flags.cpeTotal));
  out.push("");
  const effective = outline.effective ? `effective ${outline.effective}` : "effective date unknown";
  const retired = notice && outline.retired ? `, retired ${outline.retired}` : "";
  out.push(
    wrap(
      `${notice ? "Outline used for practice" : "Outline"}: ${outline.label}, ${effective}${retired}${outline.effectiveUnverified ? " [unverified]" : ""} (as of ${asOf})`,
      w,
    ),
  );
  for (const warning of warnings) if (warning !== notice) out.push(wrap(`! ${warning}`, w, "  ", ""));
  for (const d of domains) {
    out.push(
      "",
      wrap(
        `Domain ${d.id}. ${d.name} — ${d.weight}%${d.weightUnverified ? " [unverified]" : ""}`,
        w,
        "    ",
        "",
      ),
    );
    for (const s of d.subdomains) {
      out.push(
        wrap(`${s.id} ${s.name}${s.unverified ? " [unverified]" : ""}`, w, " ".repeat(3 + s.id.length), "  "),
      );
      if (opts.domain !== undefined) {
        for (const t of s.tasks)
          out.push(wrap(`${t.id}  ${t.text}`, w, " ".repeat(8 + t.id.length), "      "));
      }
    }
  }
  const tasks = outline.domains.reduce((n, d) => n + d.subdomains.reduce((m, s) => m + s.tasks.length, 0), 0);
  out.push("");
  if (opts.domain === undefined && tasks > 0)
    out.push(`${tasks} task statements: certpath catalog show ${cert.id} --domain <N> lists them.`);
  out.push(
    wrap(
      `Sources: ${cert.sources.map((s) => `${s.key} (${s.publisher}${s.kind === "secondary" ? ", secondary" : ""})`).join("; ")}`,
      w,
      "  ",
      "",
    ),
  );
  ctx.out(out.join("\n"));
  return 0;
}
