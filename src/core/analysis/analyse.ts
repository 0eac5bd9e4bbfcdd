/**
 * Classical item analysis of finished attempts, for authors and instructors: per item its p-value,
 * point-biserial and corrected item–total correlation, distractor analysis by score group, omission
 * rate, mean time, exposure, and DIF between two named groups; per form KR-20, SEM and the score
 * distribution.
 *
 * The criterion. Each attempt's score is its share of scored items right. certpath gives each
 * attempt its own form (assembled from the bank), and forms may differ in length, so the share is
 * what compares across attempts; on one common form it is the number right divided by a constant,
 * so every correlation and score group is exactly what the number right gives. An item's "rest
 * score" on an attempt is the share right of that attempt's other scored items: the corrected
 * item–total correlation, the score groups of the distractor analysis (quintiles by default) and an
 * option's correlation use it, so the item does not correlate with itself.
 *
 * DIF matching. Candidates are matched on the total score, studied item included (as Holland and
 * Thayer recommend for the MH procedure), or on the rest score: the share right, scaled to the most
 * common form length L and rounded (on one common form: the number right itself, 0…L).
 */
import { FLAG_RULES, flagMessages, type ItemFlag } from "./flags.js";
import { type MantelHaenszel, mantelHaenszel, type Stratum } from "./mantel-haenszel.js";
import type { AttemptRecord, ItemResponse, UnitInfo } from "./records.js";
import { type FormStatistics, formStatistics, percentDistribution } from "./reliability.js";
import { pearson, scoreGroups } from "./statistics.js";

export interface AnalysisOptions {
  /** Score groups of the distractor analysis (default 5: quintiles of the rest score). */
  groups?: number;
  /** Responses an item needs before its discrimination and distractors are flagged (default 20). */
  minResponses?: number;
  /** DIF between the attempts marked reference and focal, named so. */
  dif?: { reference: string; focal: string; matching?: "total" | "rest" };
}

export interface OptionStatistics {
  id: string;
  text: string;
  key: boolean;
  /** Attempts that offered the option (all of them, but for a family's misconceptions). */
  offered: number;
  chosen: number;
  /** chosen / offered. */
  share: number;
  /** Share choosing it in each score group, lowest first (null where nobody in the group was offered it). */
  byGroup: (number | null)[];
  /** Correlation of choosing it with the rest score (negative for a working distractor), or null. */
  restCorrelation: number | null;
}

export interface DistractorTable {
  /** The score groups, lowest first: attempts in each and the range of their rest scores (shares; null when empty). */
  groups: { n: number; from: number | null; to: number | null }[];
  options: OptionStatistics[];
}

export interface DifStatistics extends MantelHaenszel {
  /** Attempts of each group that delivered the item, and their share right (unmatched). */
  groups: { reference: { n: number; p: number }; focal: { n: number; p: number } };
}

export interface ItemStatistics {
  /** `<item id>@<version>`, or `gen-<family>`. */
  unit: string;
  itemId: string;
  version: number;
  type: UnitInfo["type"];
  family: boolean;
  /** Attempts that delivered it. */
  n: number;
  /** n over all attempts analysed. */
  exposure: number;
  right: number;
  /** Share right (an omission counts as wrong). */
  p: number;
  omitted: number;
  omissionRate: number;
  /** Mean time on the item among the attempts that spent any on it, in ms; null if none did. */
  meanTimeMs: number | null;
  /** Correlation of the item score with the total (share right), the item included. */
  pointBiserial: number | null;
  /** Correlation with the rest score (the item left out). */
  corrected: number | null;
  /** Null for ordering and matching items (no options to compare). */
  distractors: DistractorTable | null;
  dif: DifStatistics | null;
  flags: ItemFlag[];
}

export interface ItemAnalysis {
  /** Finished attempts analysed. */
  attempts: number;
  items: ItemStatistics[];
  /** Forms two or more attempts shared, with KR-20, SEM and the raw-score distribution. */
  forms: FormStatistics[];
  /** Attempts whose form no other attempt took (KR-20 needs several attempts on one form). */
  singleAttemptForms: number;
  /** Attempts by share right in ten bands (0–9%, …, 90–100%), over all forms. */
  scoreBands: number[];
  groups: number;
  minResponses: number;
  dif: {
    reference: string;
    focal: string;
    matching: "total" | "rest";
    /** Attempts in each group. */
    attempts: { reference: number; focal: number };
    /** The form length L the matching score is scaled to. */
    length: number;
  } | null;
}

/** An analysis of one exam's finished attempts in the store, with what was left out and why. */
export interface ExamAnalysis extends ItemAnalysis {
  exam: string;
  leftOut: {
    /** Finished adaptive attempts (classical statistics assume a form not chosen by ability). */
    adaptive: number;
    /** Responses to item versions neither the bank nor the store knows. */
    unknownVersions: number;
    /** Attempts named in both DIF groups (kept in the analysis, left out of the DIF). */
    inBothGroups: number;
  };
}

interface Row {
  response: ItemResponse;
  attempt: AttemptRecord;
  total: number;
  rest: number | null;
  /** Items on the attempt. */
  k: number;
  right: number;
}

export function analyseItems(
  records: readonly AttemptRecord[],
  units: ReadonlyMap<string, UnitInfo>,
  options: AnalysisOptions = {},
): ItemAnalysis {
  const groups = options.groups ?? 5;
  const minResponses = options.minResponses ?? FLAG_RULES.minResponses;
  const attempts = records.filter((r) => r.responses.length > 0);
  const byUnit = new Map<string, Row[]>();
  const lengths = new Map<number, number>();
  for (const attempt of attempts) {
    const k = attempt.responses.length;
    lengths.set(k, (lengths.get(k) ?? 0) + 1);
    const right = attempt.responses.reduce((s, x) => s + x.credit, 0);
    for (const response of attempt.responses) {
      const rows = byUnit.get(response.unit) ?? [];
      rows.push({
        response,
        attempt,
        total: right / k,
        rest: k > 1 ? (right - response.credit) / (k - 1) : null,
        k,
        right,
      });
      byUnit.set(response.unit, rows);
    }
  }
  // The most common form length (the longest among equals): the scale of the DIF matching score.
  const length = [...lengths].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
  const dif = options.dif ? { ...options.dif, matching: options.dif.matching ?? "total" } : undefined;

  const items: ItemStatistics[] = [];
  for (const [unit, rows] of byUnit) {
    const info = units.get(unit);
    if (!info) throw new Error(`no description of the analysed unit ${unit}`);
    items.push(itemStatistics(info, rows, attempts.length, { groups, minResponses, length, dif }));
  }
  items.sort((a, b) => a.itemId.localeCompare(b.itemId) || a.version - b.version);
  const { forms, singleAttemptForms } = formStatistics(attempts);
  return {
    attempts: attempts.length,
    items,
    forms,
    singleAttemptForms,
    scoreBands: percentDistribution(attempts),
    groups,
    minResponses,
    dif: dif
      ? {
          reference: dif.reference,
          focal: dif.focal,
          matching: dif.matching,
          attempts: {
            reference: attempts.filter((a) => a.group === "reference").length,
            focal: attempts.filter((a) => a.group === "focal").length,
          },
          length,
        }
      : null,
  };
}

function itemStatistics(
  info: UnitInfo,
  rows: readonly Row[],
  attempts: number,
  opts: {
    groups: number;
    minResponses: number;
    length: number;
    dif: { reference: string; focal: string; matching: "total" | "rest" } | undefined;
  },
): ItemStatistics {
  const n = rows.length;
  const credit = rows.map((r) => r.response.credit);
  const right = credit.reduce((s: number, x) => s + x, 0);
  const omitted = rows.filter((r) => r.response.omitted).length;
  const timed = rows.map((r) => r.response.timeMs).filter((t) => t > 0);
  const withRest = rows.filter((r) => r.rest !== null);
  const corrected = pearson(
    withRest.map((r) => r.response.credit),
    withRest.map((r) => r.rest!),
  );
  const stats: ItemStatistics = {
    unit: info.unit,
    itemId: info.itemId,
    version: info.version,
    type: info.type,
    family: info.family,
    n,
    exposure: attempts ? n / attempts : 0,
    right,
    p: right / n,
    omitted,
    omissionRate: omitted / n,
    meanTimeMs: timed.length ? timed.reduce((s, t) => s + t, 0) / timed.length : null,
    pointBiserial: pearson(
      credit,
      rows.map((r) => r.total),
    ),
    corrected,
    distractors: info.options.length ? distractorTable(info, rows, opts.groups) : null,
    dif: opts.dif ? difStatistics(rows, opts.dif.matching, opts.length) : null,
    flags: [],
  };
  stats.flags = flagsOf(stats, info, opts);
  return stats;
}

function distractorTable(info: UnitInfo, rows: readonly Row[], groups: number): DistractorTable {
  // Score groups of the attempts that have a rest score (those with two or more scored items).
  const ranked = rows.flatMap((r, i) => (r.rest === null ? [] : [i]));
  const groupOf = new Array<number>(rows.length).fill(-1);
  scoreGroups(
    ranked.map((i) => rows[i]!.rest!),
    groups,
  ).forEach((g, j) => {
    groupOf[ranked[j]!] = g;
  });
  const table: DistractorTable["groups"] = Array.from({ length: groups }, () => ({
    n: 0,
    from: null,
    to: null,
  }));
  rows.forEach((r, i) => {
    const t = table[groupOf[i]!];
    if (!t) return;
    t.n++;
    t.from = Math.min(t.from ?? r.rest!, r.rest!);
    t.to = Math.max(t.to ?? r.rest!, r.rest!);
  });
  const options = info.options.map((o): OptionStatistics => {
    let offered = 0;
    let chosen = 0;
    const offeredIn = new Array<number>(groups).fill(0);
    const chosenIn = new Array<number>(groups).fill(0);
    const picks: number[] = [];
    const rests: number[] = [];
    rows.forEach((r, i) => {
      if (!r.response.offered.includes(o.id)) return;
      const pick = r.response.chosen.includes(o.id) ? 1 : 0;
      offered++;
      chosen += pick;
      const g = groupOf[i]!;
      if (g < 0) return;
      offeredIn[g]!++;
      chosenIn[g]! += pick;
      picks.push(pick);
      rests.push(r.rest!);
    });
    return {
      id: o.id,
      text: o.text,
      key: o.key,
      offered,
      chosen,
      share: offered ? chosen / offered : 0,
      byGroup: offeredIn.map((m, g) => (m ? chosenIn[g]! / m : null)),
      restCorrelation: pearson(picks, rests),
    };
  });
  return { groups: table, options };
}

function difStatistics(rows: readonly Row[], matching: "total" | "rest", length: number): DifStatistics {
  const strata = new Map<number, Stratum>();
  const counts = { reference: { n: 0, right: 0 }, focal: { n: 0, right: 0 } };
  for (const r of rows) {
    const g = r.attempt.group;
    if (!g) continue;
    counts[g].n++;
    counts[g].right += r.response.credit;
    const score =
      matching === "total"
        ? Math.round(r.total * length)
        : r.rest === null
          ? null
          : Math.round(r.rest * (length - 1));
    if (score === null) continue;
    const s = strata.get(score) ?? { refRight: 0, refWrong: 0, focalRight: 0, focalWrong: 0 };
    const right = r.response.credit === 1;
    if (g === "reference") right ? s.refRight++ : s.refWrong++;
    else right ? s.focalRight++ : s.focalWrong++;
    strata.set(score, s);
  }
  const share = (c: { n: number; right: number }) => ({ n: c.n, p: c.n ? c.right / c.n : 0 });
  return {
    ...mantelHaenszel([...strata.values()]),
    groups: { reference: share(counts.reference), focal: share(counts.focal) },
  };
}

function flagsOf(
  s: ItemStatistics,
  info: UnitInfo,
  opts: { groups: number; minResponses: number; dif: { reference: string; focal: string } | undefined },
): ItemFlag[] {
  const flags: ItemFlag[] = [];
  const enough = s.n >= opts.minResponses;
  const choice = info.type === "single-choice" || info.type === "multiple-response";
  if (enough && s.distractors && choice) {
    const top = opts.groups - 1;
    const shareTop = (o: OptionStatistics) => o.byGroup[top] ?? null;
    const keys = s.distractors.options.filter((o) => o.key && shareTop(o) !== null);
    const wrong = s.distractors.options.filter((o) => !o.key && shareTop(o) !== null);
    const weakestKey = keys.sort((a, b) => shareTop(a)! - shareTop(b)!)[0];
    const strongest = wrong.sort((a, b) => shareTop(b)! - shareTop(a)!)[0];
    let suspect: string | undefined;
    if (weakestKey && strongest && shareTop(strongest)! > shareTop(weakestKey)!) {
      suspect = strongest.id;
      flags.push({
        code: "key-may-be-wrong",
        message: flagMessages.keyMayBeWrong(
          opts.groups,
          strongest.id,
          weakestKey.id,
          info.type === "single-choice",
        ),
      });
    }
    for (const o of s.distractors.options) {
      if (o.key) continue;
      if (o.chosen === 0 && o.offered >= opts.minResponses)
        flags.push({ code: "chosen-by-nobody", message: flagMessages.chosenByNobody(o.id, o.offered) });
      else if (
        o.id !== suspect &&
        o.restCorrelation !== null &&
        o.restCorrelation > 0 &&
        o.share >= FLAG_RULES.distractorShare
      )
        flags.push({
          code: "distractor-draws-strong",
          message: flagMessages.distractorDrawsStrong(o.id, o.restCorrelation),
        });
    }
  }
  if (enough && s.corrected !== null) {
    if (s.corrected < 0)
      flags.push({
        code: "negative-discrimination",
        message: flagMessages.negativeDiscrimination(s.corrected),
      });
    else if (s.corrected < FLAG_RULES.weakDiscrimination)
      flags.push({ code: "weak-discrimination", message: flagMessages.weakDiscrimination(s.corrected) });
  }
  if (enough && info.type === "single-choice") {
    const chance = 1 / (s.family ? 4 : info.options.length);
    if (s.p < chance) flags.push({ code: "below-chance", message: flagMessages.belowChance(s.p, chance) });
  }
  if (enough && s.p >= FLAG_RULES.veryEasy)
    flags.push({ code: "very-easy", message: flagMessages.veryEasy(s.p) });
  if (enough && s.omissionRate >= FLAG_RULES.omission)
    flags.push({ code: "often-omitted", message: flagMessages.oftenOmitted(s.omissionRate) });
  const d = s.dif;
  if (d?.ets && d.ets !== "A" && opts.dif)
    flags.push({
      code: "dif",
      message: flagMessages.dif(d.ets, d.delta, d.seDelta, opts.dif.reference, opts.dif.focal),
    });
  return flags;
}
