/**
 * `certpath bank analysis --exam <id> [--item <id>] [--group-by cohort:<a>,<b> | date:<YYYY-MM-DD>]`:
 * classical item analysis of the exam's finished attempts in the store (see app/analysis).
 */
import {
  AnalysisSource,
  cohortAttempts,
  type DifGroups,
  type ExamAnalysis,
  groupsByDate,
} from "../../app/analysis/item-analysis.js";
import type { ItemStatistics } from "../../core/analysis/analyse.js";
import { groupName } from "../../core/analysis/flags.js";
import { InputError } from "../../core/input-error.js";
import { CohortRepository } from "../../store/cohorts/cohort-repository.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { examSetup, intOption, withStore } from "../exam/setup.js";

export interface AnalysisCliOptions {
  exam?: string;
  item?: string;
  groupBy?: string;
  match?: string;
  groups?: string;
  minResponses?: string;
  json?: boolean;
  db?: string;
}

const GROUP_BY_HELP = "cohort:<reference>,<focal> (two cohorts, by id or name) or date:<YYYY-MM-DD>";

export async function bankAnalysis(ctx: CommandContext, opts: AnalysisCliOptions): Promise<number> {
  if (!opts.exam) throw new UsageError("bank analysis needs --exam <id>");
  const setup = examSetup(ctx, opts.exam);
  const groups = intOption("--groups", opts.groups, 2);
  if (groups !== undefined && groups > 10) throw new UsageError(`--groups must be 2 to 10, not ${groups}`);
  const minResponses = intOption("--min-responses", opts.minResponses);
  const matching = opts.match ?? "total";
  if (matching !== "total" && matching !== "rest")
    throw new UsageError(`--match must be total or rest, not "${opts.match}"`);
  if (opts.match && !opts.groupBy)
    throw new UsageError("--match applies to a DIF comparison: add --group-by");
  const analysis = await withStore(opts.db, async (repo, store) => {
    const source = new AnalysisSource(repo, store.db);
    const dif = opts.groupBy
      ? await difGroups(opts.groupBy, setup.cert.id, source, new CohortRepository(store.db), opts.db)
      : undefined;
    return source.analyse({
      exam: setup.cert.id,
      items: setup.items,
      dif: dif ? { ...dif, matching } : undefined,
      groups,
      minResponses,
    });
  });
  const shown = opts.item
    ? itemsNamed(analysis, opts.item, setup.cert.abbreviation, setup.items.has(opts.item))
    : analysis.items;
  if (opts.json) {
    ctx.out(JSON.stringify({ ...analysis, items: shown }, null, 2));
    return 0;
  }
  const name = setup.cert.abbreviation;
  ctx.out(
    opts.item
      ? [summary(analysis, name), "", ...shown.map((i) => itemDetail(i, analysis))].join("\n")
      : report(analysis, name),
  );
  return 0;
}

/** The units of one item (each version), or of a family (`gen-ale`). */
function itemsNamed(analysis: ExamAnalysis, id: string, exam: string, inBank: boolean): ItemStatistics[] {
  const found = analysis.items.filter((i) => i.itemId === id || i.unit === id);
  if (found.length) return found;
  if (!inBank && !id.startsWith("gen-")) throw new InputError(`no item "${id}" in the ${exam} bank`);
  throw new InputError(
    `no finished ${exam} attempt in the store delivered ${id} as a scored item (${analysis.attempts} attempts analysed)`,
  );
}

async function difGroups(
  spec: string,
  exam: string,
  source: AnalysisSource,
  cohorts: CohortRepository,
  db: string | undefined,
): Promise<DifGroups> {
  const colon = spec.indexOf(":");
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const value = colon < 0 ? "" : spec.slice(colon + 1);
  if (kind === "date") {
    try {
      return await groupsByDate(source, exam, value, "--group-by date:");
    } catch (e) {
      if (e instanceof InputError) throw new UsageError(e.message);
      throw e;
    }
  }
  if (kind !== "cohort") throw new UsageError(`--group-by must be ${GROUP_BY_HELP}, not "${spec}"`);
  const names = value.split(",").map((s) => s.trim());
  if (names.length !== 2 || names.some((n) => !n))
    throw new UsageError(
      `--group-by cohort: needs two cohorts, reference then focal, e.g. cohort:spring,autumn`,
    );
  if (names[0] === names[1]) throw new UsageError("--group-by cohort: names the same cohort twice");
  const where = db ?? "the default database";
  const find = async (name: string) => {
    const byId = await cohorts.get(name);
    if (byId) return byId;
    const named = await cohorts.named(name);
    if (named.length === 1) return named[0]!;
    if (named.length > 1)
      throw new InputError(
        `${named.length} cohorts in ${where} are named "${name}"; name one by its id (${named.map((c) => c.id).join(", ")})`,
      );
    throw new InputError(`no cohort "${name}" in ${where} (give a cohort's id or name)`);
  };
  const [reference, focal] = [await find(names[0]!), await find(names[1]!)];
  if (reference.id === focal.id) throw new UsageError("--group-by cohort: names the same cohort twice");
  return {
    reference: { name: reference.name, attempts: await cohortAttempts(cohorts, reference.id) },
    focal: { name: focal.name, attempts: await cohortAttempts(cohorts, focal.id) },
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const fixed = (x: number | null, digits = 2) => (x === null ? "—" : x.toFixed(digits));
const seconds = (ms: number | null) => (ms === null ? "—" : `${Math.round(ms / 1000)} s`);

function summary(a: ExamAnalysis, name: string): string {
  const left = [
    a.leftOut.adaptive ? `${a.leftOut.adaptive} adaptive attempt(s) left out` : "",
    a.leftOut.unknownVersions
      ? `${a.leftOut.unknownVersions} response(s) to unknown item versions left out`
      : "",
  ].filter(Boolean);
  const lines = [
    `${name} item analysis: ${a.attempts} finished attempt(s), ${a.items.length} scored item(s)${left.length ? ` (${left.join("; ")})` : ""}.`,
  ];
  if (a.dif)
    lines.push(
      `DIF: ${a.dif.reference} (reference, ${a.dif.attempts.reference} attempts) against ${a.dif.focal} (focal, ${a.dif.attempts.focal}), matched on the ${a.dif.matching} score (0–${a.dif.matching === "total" ? a.dif.length : a.dif.length - 1}); Mantel–Haenszel, ETS categories A/B/C${a.leftOut.inBothGroups ? `; ${a.leftOut.inBothGroups} attempt(s) in both groups left out` : ""}.`,
    );
  return lines.join("\n");
}

function report(a: ExamAnalysis, name: string): string {
  const out = [summary(a, name)];
  if (a.attempts === 0) {
    out.push("No finished attempts to analyse yet.");
    return out.join("\n");
  }
  out.push(
    "Each attempt's score is its share of scored items right; r(rest) and the score groups leave the item out.",
    "",
    "Forms:",
  );
  for (const f of a.forms) {
    out.push(
      `  ${f.id}: ${f.items} items, ${f.attempts} attempts; mean ${f.mean.toFixed(1)} (SD ${f.sd.toFixed(2)}); KR-20 ${fixed(f.kr20)}; SEM ${fixed(f.sem)}`,
    );
    out.push(`    attempts by raw score 0–${f.items}: ${f.distribution.join(" ")}`);
  }
  if (a.singleAttemptForms)
    out.push(
      `  ${a.singleAttemptForms} attempt(s) took a form no other attempt took: KR-20 needs several attempts on one form.`,
    );
  out.push(
    `  all attempts by share right (0–9% … 90–100%): ${a.scoreBands.join(" ")}`,
    "",
    "Items (n: attempts that saw it; exposure: share of attempts; r: point-biserial; r(rest): corrected item–total):",
  );
  const width = Math.max(4, ...a.items.map((i) => i.unit.length));
  const head = [
    "item".padEnd(width),
    "n".padStart(5),
    "exposure",
    "    p",
    "omitted",
    "  time",
    "    r",
    "r(rest)",
  ];
  if (a.dif) head.push("DIF");
  head.push("flags");
  out.push(`  ${head.join("  ")}`);
  for (const i of a.items) {
    const row = [
      i.unit.padEnd(width),
      String(i.n).padStart(5),
      pct(i.exposure).padStart(8),
      i.p.toFixed(2).padStart(5),
      pct(i.omissionRate).padStart(7),
      seconds(i.meanTimeMs).padStart(6),
      fixed(i.pointBiserial).padStart(5),
      fixed(i.corrected).padStart(7),
    ];
    if (a.dif) row.push((i.dif?.ets ?? "—").padEnd(3));
    row.push(String(i.flags.length));
    out.push(`  ${row.join("  ")}`);
  }
  const flagged = a.items.filter((i) => i.flags.length);
  out.push(
    "",
    flagged.length
      ? `Flags (${flagged.length} item(s); judged once an item has ${a.minResponses} responses):`
      : `No item flagged (items are judged once they have ${a.minResponses} responses).`,
  );
  for (const i of flagged) out.push(`  ${i.unit}: ${i.flags.map((f) => f.message).join("; ")}`);
  return out.join("\n");
}

function itemDetail(i: ItemStatistics, a: ExamAnalysis): string {
  const out = [
    `${i.family ? `${i.itemId} (computed family, all instances)` : `${i.itemId} version ${i.version}`} — ${i.type}: ${i.n} attempt(s), exposure ${pct(i.exposure)}`,
    `  p ${i.p.toFixed(2)} · omitted ${pct(i.omissionRate)} · mean time ${seconds(i.meanTimeMs)} · point-biserial ${fixed(i.pointBiserial)} · corrected item–total ${fixed(i.corrected)}`,
  ];
  const t = i.distractors;
  if (t) {
    const kind = groupName(a.groups);
    out.push(
      `  Options by ${kind} of the rest score (share choosing each, lowest ${kind} first; * the key):`,
      `    ${"option".padEnd(10)} ${"all".padStart(5)}  ${t.groups.map((_, g) => `G${g + 1}`.padStart(5)).join(" ")}  r(rest)`,
      `    ${"attempts".padEnd(10)} ${String(i.n).padStart(5)}  ${t.groups.map((g) => String(g.n).padStart(5)).join(" ")}`,
    );
    for (const o of t.options) {
      const label = `${o.key ? "*" : " "}${o.id.length > 9 ? `${o.id.slice(0, 8)}…` : o.id}`;
      out.push(
        `    ${label.padEnd(10)} ${pct(o.share).padStart(5)}  ${o.byGroup.map((s) => (s === null ? "—" : pct(s)).padStart(5)).join(" ")}  ${fixed(o.restCorrelation).padStart(7)}`,
      );
    }
    const long = t.options.filter((o) => o.id.length > 9);
    for (const o of long) out.push(`    ${o.id.slice(0, 8)}…: ${o.text}`);
  }
  const d = i.dif;
  if (d && a.dif) {
    out.push(
      `  DIF, ${a.dif.focal} against ${a.dif.reference}: ${d.groups.reference.n} and ${d.groups.focal.n} attempts (p ${d.groups.reference.p.toFixed(2)} and ${d.groups.focal.p.toFixed(2)}); ${d.strata} score strata`,
      d.delta !== null
        ? `    α_MH ${d.alpha!.toFixed(3)} · Δ_MH ${d.delta.toFixed(2)} (SE ${d.seDelta!.toFixed(2)}) · MH χ² ${fixed(d.chiSquare)} (p ${fixed(d.p, 4)}) · ETS ${d.ets}`
        : d.unbounded
          ? `    Δ_MH beyond any bound (α_MH ${d.unbounded === "-" ? "infinite" : "0"}) · MH χ² ${fixed(d.chiSquare)} (p ${fixed(d.p, 4)}) · ETS ${d.ets}`
          : `    no Mantel–Haenszel estimate: ${d.strata ? "no stratum holds answers that tell the groups apart" : "no score stratum holds both groups"}`,
    );
  }
  out.push(i.flags.length ? `  Flags: ${i.flags.map((f) => f.message).join("; ")}` : "  No flags.");
  return out.join("\n");
}
