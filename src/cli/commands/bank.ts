/** `certpath bank lint` and `certpath bank stats`. */

import { GENERATED_PER_FAMILY } from "../../app/exams/setup.js";
import { formOverlap } from "../../core/assembly/overlap.js";
import { type CueAudit, cueAudit } from "../../core/bank/cues.js";
import { lintBank } from "../../core/bank/lint.js";
import { buildBank } from "../../core/bank/load.js";
import {
  agreementRate,
  anchorCheck,
  compareReview,
  priorChanges,
  type ReviewOutcome,
  reviewSheet,
  withAnchors,
} from "../../core/bank/review.js";
import { bankStats, COVERAGE_TARGETS, primaryTask, type ReviewFigures } from "../../core/bank/stats.js";
import { findCertification } from "../../core/catalog/catalog.js";
import { parseStructuredText } from "../../core/formats/structured-text.js";
import { lintFamilies } from "../../core/generators/lint.js";
import type { BankItem } from "../../core/items/item.js";
import { loadBank } from "../../store/content/item-files.js";
import { editItemFiles, recordReviews } from "../../store/content/review-record.js";
import { type CommandContext, parseAsOf } from "../context.js";
import { UsageError } from "../errors.js";
import { examSetup, intOption, withStore } from "../exam/setup.js";
import { readText } from "./irt.js";

/**
 * `certpath bank lint`: the authored items, and a sample of instances of every computed family (so
 * a family that measures an unknown task or breaks a writing rule fails like an authored item).
 */
export function bankLint(ctx: CommandContext, opts: { json?: boolean }): number {
  const bank = loadBank();
  const authored = lintBank(bank, ctx.catalog());
  const computed = lintFamilies(ctx.catalog());
  const result = {
    errors: [...authored.errors, ...computed.errors],
    warnings: [...authored.warnings, ...computed.warnings],
    itemsChecked: authored.itemsChecked,
    computed: { families: computed.families, instancesChecked: computed.instances },
  };
  if (opts.json) {
    ctx.out(JSON.stringify(result, null, 2));
  } else {
    const line = (f: (typeof result.errors)[number]) =>
      `${f.file ?? ""}${f.line ? `:${f.line}` : ""}: ${f.severity}${f.itemId ? ` [${f.itemId}]` : ""} ${f.rule}: ${f.message}`;
    const out = [...result.errors.map(line), ...result.warnings.map(line)];
    out.push(
      `${result.itemsChecked} items and ${computed.instances} instances of ${computed.families} computed families checked: ${result.errors.length} error(s), ${result.warnings.length} warning(s)`,
    );
    ctx.out(out.join("\n"));
  }
  return result.errors.length > 0 ? 1 : 0;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Options-only agreement and difficulty ratings in words. */
function reviewLine(r: ReviewFigures): { optionsOnly: string; ratings: string } {
  const o = r.optionsOnly;
  const g = r.ratings;
  return {
    optionsOnly: o.n
      ? `${o.matching} of ${o.n} answers from the options alone match the key (${percent(o.agreement)})`
      : "no options-only answers",
    ratings: g.n
      ? `${g.n} ratings, 1–5: ${Object.values(g.counts).join(" / ")}; mean ${g.mean.toFixed(2)}; ${percent(g.hard)} at 4–5, ${percent(g.easy)} at 1`
      : "no ratings",
  };
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
    const shares = Object.entries(s.domainShares);
    if (shares.length)
      out.push(
        `  shares:      ${shares.map(([d, x]) => `${d}: ${x.share}% (weight ${x.weight}%)`).join(", ")}`,
      );
    if (shares.length)
      out.push(
        `  thin:        ${s.thin.subdomains.length} subdomain(s) under ${COVERAGE_TARGETS.perSubdomain} items, ${s.thin.tasks.length} task(s) under ${COVERAGE_TARGETS.perTask}`,
      );
    out.push(
      `  reviews:     ${s.reviews.reviewed} of ${s.items} live items blind-reviewed; ${s.reviews.agreeing} answers agree with the key (${Math.round(s.reviews.agreement * 1000) / 10}%)`,
    );
    out.push(`  options-only: ${reviewLine(s.reviews).optionsOnly}`);
    out.push(`  difficulty:  ${reviewLine(s.reviews).ratings}`);
    for (const [domain, r] of Object.entries(s.reviews.byDomain)) {
      const line = reviewLine(r);
      out.push(
        `    domain ${domain}: blind ${r.agreeing}/${r.reviewed} agree; options-only ${line.optionsOnly}; difficulty ${line.ratings}`,
      );
    }
    const families = s.computed.families;
    out.push(
      `  computed:    ${
        families.length
          ? `${families.length} famil${families.length === 1 ? "y" : "ies"} (${families.join(", ")}), ${GENERATED_PER_FAMILY} fresh instances of each on every new linear form, not counted above; by domain ${Object.entries(
              s.computed.byDomain,
            )
              .map(([k, v]) => `${k}: ${v}`)
              .join(", ")}`
          : "none"
      }`,
    );
    if (s.cues)
      out.push(
        `  cues:        from the options alone a model finds ${percent(s.cues.accuracy)} of keys (95% CI ${percent(s.cues.ci[0])}–${percent(s.cues.ci[1])}; chance ${percent(s.cues.chance)}; ${s.cues.items} items); key longest ${percent(s.cues.keyLongest)}, shortest ${percent(s.cues.keyShortest)}, most parts ${percent(s.cues.keyMostParts)}; strongest: ${s.cues.strongest} (bank cues --exam ${id})`,
      );
  }
  ctx.out(out.join("\n") || "The bank is empty.");
  return 0;
}

/**
 * `certpath bank cues --exam <id> [--seed S] [--json]`: how often a model of the options' surface
 * alone (length, parts, overlap, absolutes, hedges, managerial words) finds the key, held out.
 */
export function bankCues(
  ctx: CommandContext,
  opts: { exam?: string; seed?: string; json?: boolean },
): number {
  if (!opts.exam) throw new UsageError("bank cues needs --exam <id>");
  const cert = findCertification(ctx.catalog(), opts.exam);
  const bank = loadBank();
  const first = bank.fileErrors[0];
  if (first) throw first;
  const items = bank.items.filter((i) => primaryTask(i, cert.id) !== undefined);
  const audit = cueAudit(items, { exam: cert.id, seed: opts.seed });
  if (opts.json) {
    ctx.out(JSON.stringify(audit, null, 2));
    return 0;
  }
  ctx.out(cueReport(audit, cert.abbreviation));
  return 0;
}

/** The cue audit in words, for a terminal. */
export function cueReport(audit: CueAudit, name: string): string {
  const out = [
    `${name} cue audit: ${audit.items} live single-choice and multiple-response items`,
    `  from the options alone, a surface-feature model finds the key of ${percent(audit.heldOut.accuracy)} of items held out (95% CI ${percent(audit.heldOut.ci[0])}–${percent(audit.heldOut.ci[1])}); chance is ${percent(audit.chance)}`,
    `  the key is the longest option in ${percent(audit.keyLongest)} of items, the shortest in ${percent(audit.keyShortest)}, the one with the most parts in ${percent(audit.keyMostParts)}`,
    "  strongest cues:",
    ...audit.features
      .slice(0, 5)
      .map((f) => `    ${f.says} (weight ${f.weight >= 0 ? "+" : ""}${f.weight.toFixed(2)})`),
  ];
  if (audit.exposed.length) {
    out.push("  most exposed items (held-out probability of the key), rewrite these first:");
    for (const e of audit.exposed) out.push(`    ${e.id}  ${e.probability.toFixed(3)}`);
  }
  return out.join("\n");
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

/**
 * `certpath bank review-sheet [--exam <id>] [--files <substring>] [--unreviewed]`: the items as
 * candidates see them, without keys, rationales or references, for a blind reviewer.
 */
export function bankReviewSheet(
  ctx: CommandContext,
  opts: {
    exam?: string;
    files?: string;
    unreviewed?: boolean;
    ids?: string;
    optionsOnly?: boolean;
    anchors?: string;
  },
): number {
  const bank = loadBank();
  const first = bank.fileErrors[0];
  if (first) throw first;
  const exam = opts.exam ? findCertification(ctx.catalog(), opts.exam).id : undefined;
  const wanted = opts.ids
    ? new Set(readText(opts.ids, "list of item ids").split(/\s+/).filter(Boolean))
    : undefined;
  const items = bank.items.filter((item) => {
    const where = bank.locations.get(item.id)!;
    if (item.status === "retired") return false;
    if (exam && where.exam !== exam) return false;
    if (opts.files && !where.file.includes(opts.files)) return false;
    if (opts.optionsOnly && item.type === "numeric") return false;
    if (opts.unreviewed && (opts.optionsOnly ? item.review?.optionsOnly : item.review?.blind !== undefined))
      return false;
    return !wanted || wanted.has(item.id);
  });
  if (items.length === 0)
    throw new UsageError("no items match; check --exam, --files, --ids and --unreviewed");
  if (opts.anchors && opts.optionsOnly)
    throw new UsageError("--anchors belongs to a full review sheet, not an options-only one");
  const sheet = opts.anchors ? withAnchors(items, readAnchors(opts.anchors)) : items;
  ctx.out(
    opts.optionsOnly
      ? reviewSheet(sheet, `Options-only review sheet: ${sheet.length} items`, "options-only")
      : reviewSheet(sheet, `Blind review sheet: ${sheet.length} items`),
  );
  return 0;
}

/**
 * `certpath bank review-record --answers <file> [--date D] [--reviewer R] [--dry-run]`: compares a
 * blind reviewer's answers with the keys and records each answer in its item as `review:`.
 */
export function bankReviewRecord(
  ctx: CommandContext,
  opts: {
    answers?: string;
    date?: string;
    reviewer?: string;
    dryRun?: boolean;
    json?: boolean;
    labels?: string;
    optionsOnly?: boolean;
    anchors?: string;
  },
): number {
  if (!opts.answers) throw new UsageError("bank review-record needs --answers <file>");
  const labels = opts.labels ?? "sheet";
  if (labels !== "sheet" && labels !== "authored")
    throw new UsageError(`--labels must be sheet or authored, not "${labels}"`);
  const date = parseAsOf(opts.date) ?? ctx.today();
  const bank = loadBank();
  const first = bank.fileErrors[0];
  if (first) throw first;
  const parsed = parseStructuredText(readText(opts.answers, "review answers"), opts.answers);
  const mode = opts.optionsOnly ? "options-only" : "full";
  // Answers to anchors (frozen items mixed into a full sheet) are checked and reported, never recorded.
  const anchors = opts.anchors ? readAnchors(opts.anchors) : [];
  const anchorIds = new Set(anchors.map((a) => a.id));
  const answers =
    parsed.data && typeof parsed.data === "object" && !Array.isArray(parsed.data)
      ? (parsed.data as Record<string, unknown>)
      : undefined;
  const split = (anchor: boolean) =>
    answers && Object.fromEntries(Object.entries(answers).filter(([id]) => anchorIds.has(id) === anchor));
  const anchorAnswers = split(true);
  const anchorOutcomes: ReviewOutcome[] =
    anchorAnswers && Object.keys(anchorAnswers).length
      ? compareReview(anchors, anchorAnswers, opts.answers, labels, mode)
      : [];
  const outcomes = compareReview(
    bank.items,
    anchors.length ? split(false) : parsed.data,
    opts.answers,
    labels,
    mode,
  );
  const anchorFigures = opts.anchors ? anchorCheck(anchorOutcomes) : undefined;
  const files = opts.dryRun
    ? []
    : recordReviews(outcomes, bank.locations, {
        date,
        reviewer: opts.reviewer,
        optionsOnly: opts.optionsOnly,
      });
  const disagreements = outcomes.filter((o) => !o.agrees);
  const flagged = outcomes.filter((o) => o.agrees && (o.flag || o.note));
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        {
          mode,
          answered: outcomes.length,
          agreement: agreementRate(outcomes),
          disagreements,
          flagged,
          ...(anchorFigures ? { anchors: anchorFigures } : {}),
          files,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const out = [
    `${outcomes.length}${opts.optionsOnly ? " options-only" : ""} answers, ${outcomes.length - disagreements.length} agree with the key (${(agreementRate(outcomes) * 100).toFixed(1)}%).`,
  ];
  for (const o of disagreements)
    out.push(
      `  differs  ${o.id}: answered ${JSON.stringify(o.answer)}, key ${JSON.stringify(o.key)}${o.flag ? ` [${o.flag}]` : ""}${o.note ? ` — ${o.note}` : ""}`,
    );
  for (const o of flagged)
    out.push(`  flagged  ${o.id}${o.flag ? ` [${o.flag}]` : ""}${o.note ? ` — ${o.note}` : ""}`);
  if (anchorFigures) out.push(describeAnchors(anchorFigures));
  out.push(opts.dryRun ? "Dry run: nothing recorded." : `Recorded in ${files.length} file(s).`);
  ctx.out(out.join("\n"));
  return 0;
}

function describeAnchors(a: ReturnType<typeof anchorCheck>): string {
  if (a.answered === 0) return "Anchors: none of the anchors was answered.";
  const mean = a.meanRating === undefined ? "not rated" : `mean rating ${a.meanRating.toFixed(2)}`;
  const verdict =
    a.meanRating === undefined
      ? ""
      : a.generous
        ? ` — above ${a.limit}: this batch was rated too generously; have another reviewer rate it again`
        : ` (limit ${a.limit}: not generous)`;
  return `Anchors: ${a.answered} answered, ${a.agree} agree with their keys; ${mean}${verdict}; not recorded.`;
}

/** The frozen anchor items of a review (an item file kept outside the bank, e.g. content/review/issmp-anchors.yaml). */
function readAnchors(file: string): BankItem[] {
  const anchors = buildBank([{ file, text: readText(file, "anchor items"), exam: "anchors" }]);
  const first = anchors.fileErrors[0];
  if (first) throw first;
  if (anchors.items.length === 0) throw new UsageError(`${file} holds no anchor items`);
  return anchors.items;
}

/**
 * `certpath bank priors [--exam <id>] [--dry-run] [--json]`: sets each rated item's difficulty
 * prior to b = 1.25 × (rating − 3), the mapping documented in docs/item-writing.md.
 */
export function bankPriors(
  ctx: CommandContext,
  opts: { exam?: string; dryRun?: boolean; json?: boolean },
): number {
  const bank = loadBank();
  const first = bank.fileErrors[0];
  if (first) throw first;
  const exam = opts.exam ? findCertification(ctx.catalog(), opts.exam).id : undefined;
  const items = bank.items.filter(
    (item) => item.status !== "retired" && (!exam || bank.locations.get(item.id)!.exam === exam),
  );
  const changes = priorChanges(items);
  const files = opts.dryRun
    ? []
    : editItemFiles(
        changes.map((c) => ({ id: c.id, key: "difficulty", value: () => c.to })),
        bank.locations,
      );
  if (opts.json) {
    ctx.out(JSON.stringify({ changes, files }, null, 2));
    return 0;
  }
  const out = [
    `${changes.length} of ${items.filter((i) => i.review?.rating !== undefined).length} rated items had a difficulty prior that did not follow their rating (b = 1.25 × (rating − 3)).`,
  ];
  for (const c of changes) out.push(`  ${c.id}: rating ${c.rating}, difficulty ${c.from} → ${c.to}`);
  out.push(opts.dryRun ? "Dry run: nothing changed." : `Changed ${files.length} file(s).`);
  ctx.out(out.join("\n"));
  return 0;
}
