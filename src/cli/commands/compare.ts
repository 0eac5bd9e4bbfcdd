/** `certpath compare <id> <id> [...] [--format table|markdown|json] [--json] [--as-of D]`. */
import { findCertification } from "../../core/catalog/catalog.js";
import { type Comparison, compareCertifications } from "../../core/compare/compare.js";
import { type CommandContext, parseAsOf } from "../context.js";
import { UsageError } from "../errors.js";
import { renderMarkdownTable, renderTable } from "../render/table.js";
import { mark, wrap } from "../render/text.js";

const FORMATS = ["table", "markdown", "json"] as const;

export function compare(
  ctx: CommandContext,
  ids: string[],
  opts: { json?: boolean; format?: string; asOf?: string },
): number {
  if (ids.length < 2)
    throw new UsageError("compare needs at least two certification ids, e.g. certpath compare cissp cism");
  if (new Set(ids.map((i) => i.toLowerCase())).size !== ids.length)
    throw new UsageError("compare names the same certification twice");
  const format = opts.json ? "json" : (opts.format ?? "table");
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}"`);
  }
  const catalog = ctx.catalog();
  const certs = ids.map((id) => findCertification(catalog, id));
  const asOf = parseAsOf(opts.asOf) ?? ctx.today();
  const comparison = compareCertifications(catalog, certs, asOf);
  if (format === "json") ctx.out(JSON.stringify(comparison, null, 2));
  else if (format === "markdown") ctx.out(comparisonMarkdown(comparison));
  else ctx.out(comparisonText(comparison, ctx.width));
  return 0;
}

function head(c: Comparison): string[] {
  return ["", ...c.certifications.map((x) => x.abbreviation)];
}

function attributeRows(c: Comparison): string[][] {
  return c.rows.map((r) => [r.label, ...r.cells.map((cell) => `${cell.text}${mark(cell.certainty)}`)]);
}

function overlapRows(c: Comparison): string[][] {
  return c.overlap.map((t) => [
    t.name,
    ...c.certifications.map((x) => (t.coverage[x.id] ?? ["—"]).join("\n")),
  ]);
}

export function comparisonText(c: Comparison, width: number): string {
  const parts = [renderTable(head(c), attributeRows(c), width)];
  if (c.overlap.length) {
    parts.push(
      "",
      "Where the outlines overlap",
      renderTable(["Topic", ...head(c).slice(1)], overlapRows(c), width, 16),
    );
  }
  for (const w of c.warnings) parts.push(wrap(`! ${w}`, width, "  ", ""));
  parts.push(
    wrap(
      "[unverified]: not confirmed by the sources certpath holds; [secondary source]: confirmed only by non-issuer sources.",
      width,
    ),
  );
  return parts.join("\n");
}

export function comparisonMarkdown(c: Comparison): string {
  const parts = [
    `## ${c.certifications.map((x) => x.abbreviation).join(" vs ")} (as of ${c.asOf})`,
    "",
    renderMarkdownTable(head(c), attributeRows(c)),
  ];
  if (c.overlap.length) {
    parts.push(
      "",
      "### Where the outlines overlap",
      "",
      renderMarkdownTable(["Topic", ...head(c).slice(1)], overlapRows(c)),
    );
  }
  for (const w of c.warnings) parts.push("", `> ${w}`);
  return parts.join("\n");
}
