/** `certpath bank families`: the computed item families, and the help text that names them. */
import { GENERATED_PER_FAMILY } from "../../app/exams/setup.js";
import { findCertification } from "../../core/catalog/catalog.js";
import { familySummaries } from "../../core/generators/bank.js";
import type { CommandContext } from "../context.js";

export function bankFamilies(ctx: CommandContext, opts: { exam?: string; json?: boolean }): number {
  const exam = opts.exam ? findCertification(ctx.catalog(), opts.exam).id : undefined;
  const families = familySummaries(exam);
  if (opts.json) {
    ctx.out(JSON.stringify({ perForm: GENERATED_PER_FAMILY, families }, null, 2));
    return 0;
  }
  if (families.length === 0) {
    ctx.out(`${exam?.toUpperCase() ?? "The bank"} has no computed item families.`);
    return 0;
  }
  const width = Math.max(...families.map((f) => f.id.length));
  const out = [
    `${families.length} computed item famil${families.length === 1 ? "y" : "ies"}${exam ? ` for ${exam.toUpperCase()}` : ""}: ${GENERATED_PER_FAMILY} fresh instances of each join every new linear form (ids gen-<family>-<seed>)`,
    "",
  ];
  for (const f of families) {
    out.push(`  ${f.id.padEnd(width)}  ${f.name} — ${f.tasks.join(", ")}; difficulty ${f.difficulty}`);
    out.push(`  ${"".padEnd(width)}  references: ${f.references.join("; ")}`);
  }
  ctx.out(out.join("\n"));
  return 0;
}

/** The computed families by exam, for the help of the commands whose forms draw them. */
export function familiesHelp(): string {
  const byExam = new Map<string, string[]>();
  for (const f of familySummaries())
    for (const exam of f.exams) byExam.set(exam, [...(byExam.get(exam) ?? []), f.id]);
  const lines = [...byExam].map(([exam, ids]) => `  ${exam.toUpperCase()}: ${ids.join(", ")}`);
  return `\nComputed item families (fresh numbers on every linear form; certpath bank families):\n${lines.join("\n")}\n`;
}
