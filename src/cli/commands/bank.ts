/** `certpath bank lint` and `certpath bank stats`. */

import { formOverlap } from "../../core/assembly/overlap.js";
import { lintBank } from "../../core/bank/lint.js";
import { bankStats } from "../../core/bank/stats.js";
import { findCertification } from "../../core/catalog/catalog.js";
import { loadBank } from "../../store/content/item-files.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { examSetup, intOption, withStore } from "../exam/setup.js";

export function bankLint(ctx: CommandContext, opts: { json?: boolean }): number {
  const bank = loadBank();
  const result = lintBank(bank, ctx.catalog());
  if (opts.json) {
    ctx.out(JSON.stringify(result, null, 2));
  } else {
    const line = (f: (typeof result.errors)[number]) =>
      `${f.file ?? ""}${f.line ? `:${f.line}` : ""}: ${f.severity}${f.itemId ? ` [${f.itemId}]` : ""} ${f.rule}: ${f.message}`;
    const out = [...result.errors.map(line), ...result.warnings.map(line)];
    out.push(
      `${result.itemsChecked} items checked: ${result.errors.length} error(s), ${result.warnings.length} warning(s)`,
    );
    ctx.out(out.join("\n"));
  }
  return result.errors.length > 0 ? 1 : 0;
}

export function bankStatsCommand(ctx: CommandContext, opts: { exam?: string; json?: boolean }): number {
  const exam = opts.exam ? findCertification(ctx.catalog(), opts.exam).id : undefined;
  const stats = bankStats(loadBank(), ctx.catalog(), ctx.today(), exam);
  if (opts.json) {
    ctx.out(JSON.stringify({ exams: stats }, null, 2));
    return 0;
  }
  const out: string[] = [];
  for (const [id, s] of Object.entries(stats)) {
    out.push(`${id.toUpperCase()}: ${s.items} live items`);
    out.push(
      `  by domain:   ${
        Object.entries(s.byDomain)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ") || "none"
      }`,
    );
    out.push(
      `  by type:     ${
        Object.entries(s.byType)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ") || "none"
      }`,
    );
    out.push(
      `  by status:   ${
        Object.entries(s.byStatus)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ") || "none"
      }`,
    );
    out.push(
      `  key positions: ${
        Object.entries(s.keyPositions)
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ") || "none"
      }; key longest in ${Math.round(s.keyLongestShare * 100)}%`,
    );
    out.push(
      `  tags:        ${
        Object.entries(s.byTag)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ") || "none"
      }`,
    );
    out.push(
      `  gaps:        ${s.gaps.subdomains.length} subdomain(s) and ${s.gaps.tasks.length} task(s) without a live item`,
    );
    if (s.gaps.subdomains.length) out.push(`               subdomains: ${s.gaps.subdomains.join(", ")}`);
  }
  ctx.out(out.join("\n") || "The bank is empty.");
  return 0;
}

/** `certpath bank reports`: problems candidates reported on items, for the items' authors. */
export async function bankReports(
  ctx: CommandContext,
  opts: { json?: boolean; db?: string },
): Promise<number> {
  const reports = await withStore(opts.db, (repo) => repo.reports());
  if (opts.json) {
    ctx.out(JSON.stringify(reports, null, 2));
    return 0;
  }
  if (reports.length === 0) {
    ctx.out("No problems reported on items.");
    return 0;
  }
  ctx.out(
    reports
      .map(
        (r) =>
          `${new Date(r.createdAt).toISOString().slice(0, 16).replace("T", " ")}  ${r.itemId}  ${r.category}: ${r.comment || "(no comment)"}  [attempt ${r.attemptId}]`,
      )
      .join("\n"),
  );
  return 0;
}

/** `certpath bank overlap --exam <id> [--pairs N] [--items N]`: how much forms with different seeds share. */
export function bankOverlap(
  ctx: CommandContext,
  opts: { exam?: string; pairs?: string; items?: string; json?: boolean },
): number {
  if (!opts.exam) throw new UsageError("bank overlap needs --exam <id>");
  const setup = examSetup(ctx, opts.exam);
  const result = formOverlap(
    {
      exam: setup.cert.id,
      outline: setup.outline,
      examFacts: setup.cert.exam,
      bank: setup.bank,
      length: intOption("--items", opts.items),
    },
    intOption("--pairs", opts.pairs) ?? 10,
  );
  if (opts.json) ctx.out(JSON.stringify(result, null, 2));
  else
    ctx.out(
      `${setup.cert.abbreviation}: forms assembled with different seeds share ${Math.round(result.mean * 100)}% of their items on average (most ${Math.round(result.max * 100)}%) over ${result.pairs} pairs.`,
    );
  return 0;
}
