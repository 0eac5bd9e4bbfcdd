/**
 * The bank linter: every check of the item-writing guide. Errors block an item from going live;
 * warnings are for the author's judgement. Bank-wide checks (key balance, longest-key share, near
 * duplicates) look at the live and review items of each exam.
 */
import type { Catalog } from "../catalog/catalog.js";
import {
  diagramSvg,
  type HotspotItem,
  shapeBounds,
  sharedArea,
  svgSafetyProblems,
} from "../items/hotspot.js";
import type { BankItem } from "../items/item.js";
import type { Bank } from "./load.js";
import { DIFFICULTY_PRIOR_TOLERANCE, difficultyFromRating } from "./review.js";
import { similarPairs } from "./text-similarity.js";

export interface Finding {
  severity: "error" | "warning";
  rule: string;
  message: string;
  itemId?: string;
  file?: string;
  line?: number;
}

export interface LintResult {
  errors: Finding[];
  warnings: Finding[];
  itemsChecked: number;
}

/** Thresholds, in one place. */
export const LINT_LIMITS = {
  stemMinChars: 30,
  stemMaxChars: 1500,
  nearDuplicate: 0.7,
  /** The bank-wide share of single-choice items whose key is the longest option that fails lint. */
  longestKeyShareMax: 0.3,
  /** Each key position's share of an exam's single-choice items must lie in this range. */
  keyPositionShare: [0.2, 0.3] as const,
  /** Bank-wide shares are judged only from this many single-choice items up (warned below). */
  minItemsForShares: 40,
  /** Options longer than this many times the shortest are warned about. */
  optionLengthRatio: 2.5,
  /** Hotspot regions: the smallest width and height a region may have, in diagram units. */
  regionMinSize: 16,
  /** Hotspot regions: the area two regions may share, in square diagram units, before it is ambiguous. */
  regionOverlapMax: 0,
};

/** Words a hotspot region's name may not use: names say where a region is, not whether it is right. */
const GIVEAWAY_NAMES = /\b(correct|incorrect|right answer|answer|wrong)\b/i;

/** The hotspot checks: regions inside the diagram, big enough, distinct, not overlapping; a safe drawing. */
export function hotspotProblems(item: HotspotItem): [rule: string, message: string][] {
  const out: [string, string][] = [];
  const { width, height } = item.diagram;
  const names = new Map<string, string>();
  for (const r of item.options) {
    const [x, y, w, h] = shapeBounds(r.shape);
    if (x < 0 || y < 0 || x + w > width || y + h > height)
      out.push(["hotspot-region", `region ${r.id} reaches outside the ${width}×${height} diagram`]);
    if (w < LINT_LIMITS.regionMinSize || h < LINT_LIMITS.regionMinSize)
      out.push([
        "hotspot-region",
        `region ${r.id} is ${Math.round(w)}×${Math.round(h)}; regions need at least ${LINT_LIMITS.regionMinSize}×${LINT_LIMITS.regionMinSize} to be picked`,
      ]);
    const name = r.text.trim().toLowerCase();
    const twin = names.get(name);
    if (twin)
      out.push([
        "hotspot-name",
        `regions ${twin} and ${r.id} have the same name; a name tells a region apart`,
      ]);
    names.set(name, r.id);
    const m = GIVEAWAY_NAMES.exec(r.text);
    if (m)
      out.push([
        "hotspot-name",
        `region ${r.id}'s name uses "${m[0]}"; name where a region is, not what it scores`,
      ]);
  }
  item.options.forEach((a, i) => {
    for (const b of item.options.slice(i + 1)) {
      const area = sharedArea(a.shape, b.shape);
      if (area > LINT_LIMITS.regionOverlapMax)
        out.push([
          "hotspot-overlap",
          `regions ${a.id} and ${b.id} overlap (about ${Math.round(area)} square units): a point in both is ambiguous`,
        ]);
    }
  });
  const labels = [
    ...item.diagram.boxes.map((b) => b.label),
    ...item.diagram.links.flatMap((l) => l.label ?? []),
    ...item.diagram.notes.map((t) => t.text),
  ];
  for (const label of labels)
    if (/[<>]|javascript:|url\s*\(|https?:\/\//i.test(label))
      out.push([
        "hotspot-svg",
        `diagram text "${label}" holds markup or a link; diagram text is plain words`,
      ]);
  for (const p of svgSafetyProblems(diagramSvg(item))) out.push(["hotspot-svg", `the drawn diagram ${p}`]);
  return out;
}

const BANNED_OPTIONS: [RegExp, string][] = [
  [/\ball of the above\b/i, "all of the above"],
  [/\bnone of the above\b/i, "none of the above"],
  // "all of these" is banned as an answer, not as words inside one ("all of these tasks").
  [/\ball of these\s*[.!]?\s*$/i, "all of these"],
  [/\bnone of these\s*[.!]?\s*$/i, "none of these"],
  [/\bboth [A-F] and [A-F]\b/, "both A and B"],
  [/^\s*[A-F] and [A-F]\.?\s*$/, "A and B"],
];
const NEGATIVES = ["not", "except", "least"];
const QUALIFIERS = ["first", "best", "most", "primary", "primarily", "greatest", "main"];
const ABSOLUTES = /\b(always|never|all|none|only|must)\b/i;
const COUNT_WORDS: Record<string, number> = { TWO: 2, THREE: 3, FOUR: 4 };

/** The question sentence of a stem: its last sentence ending with "?" (or the whole stem). */
function questionSentence(stem: string): string {
  const parts = stem.split(/(?<=[.?!])\s+/);
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i]!.trim().endsWith("?")) return parts[i]!;
  return parts[parts.length - 1] ?? stem;
}

function taskIds(catalog: Catalog): Set<string> {
  const ids = new Set<string>();
  for (const c of catalog.certifications) {
    for (const o of c.outlines)
      for (const d of o.domains) for (const s of d.subdomains) for (const t of s.tasks) ids.add(t.id);
  }
  return ids;
}

export function lintBank(bank: Bank, catalog: Catalog): LintResult {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const at = (item: BankItem) => {
    const loc = bank.locations.get(item.id);
    return { itemId: item.id, file: loc?.file, line: loc?.line };
  };
  const error = (item: BankItem, rule: string, message: string) =>
    errors.push({ severity: "error", rule, message, ...at(item) });
  const warn = (item: BankItem, rule: string, message: string) =>
    warnings.push({ severity: "warning", rule, message, ...at(item) });

  for (const e of bank.fileErrors) {
    errors.push({
      severity: "error",
      rule: "schema",
      message: e.message,
      file: e.location.file,
      line: e.location.line,
    });
  }

  const known = taskIds(catalog);
  const ids = new Set(bank.items.map((i) => i.id));
  const checked = bank.items.filter((i) => i.status !== "retired");

  for (const item of checked) {
    for (const t of item.outlines) {
      if (!known.has(t))
        error(item, "task-id", `measures "${t}", which is not a task statement of any catalog outline`);
    }
    const loc = bank.locations.get(item.id);
    if (loc && !item.outlines.some((t) => t.startsWith(`${loc.exam}:`))) {
      error(item, "task-id", `sits in content/items/${loc.exam}/ but measures no ${loc.exam} task statement`);
    }
    if (item.stem.length < LINT_LIMITS.stemMinChars)
      error(
        item,
        "stem-length",
        `stem is ${item.stem.length} characters; at least ${LINT_LIMITS.stemMinChars} are needed for a complete question`,
      );
    if (item.stem.length > LINT_LIMITS.stemMaxChars)
      error(
        item,
        "stem-length",
        `stem is ${item.stem.length} characters; at most ${LINT_LIMITS.stemMaxChars}`,
      );
    if (item.references.length === 0)
      error(item, "references", "has no references; cite the framework and section");
    for (const enemy of item.enemies) {
      if (!ids.has(enemy)) error(item, "enemies", `names enemy "${enemy}", which is not in the bank`);
      if (enemy === item.id) error(item, "enemies", "names itself as an enemy");
    }

    const rating = item.review?.rating;
    if (rating !== undefined) {
      const prior = difficultyFromRating(rating);
      if (Math.abs(item.difficulty - prior) > DIFFICULTY_PRIOR_TOLERANCE)
        warn(
          item,
          "difficulty-prior",
          `difficulty is ${item.difficulty} but the reviewer rated the item ${rating} of 5, which maps to ${prior} (b = 1.25 × (rating − 3)); set difficulty within ${DIFFICULTY_PRIOR_TOLERANCE} of it`,
        );
    }

    const question = questionSentence(item.stem);
    for (const neg of NEGATIVES) {
      const m = new RegExp(`\\b${neg}\\b`, "i").exec(question);
      if (m && m[0] !== m[0].toUpperCase())
        error(
          item,
          "negative-caps",
          `the question uses "${m[0]}"; write a negative in capitals (${neg.toUpperCase()})`,
        );
    }
    for (const q of QUALIFIERS) {
      const m = new RegExp(`\\b${q}\\b`, "i").exec(question);
      if (m && m[0] !== m[0].toUpperCase() && /\?\s*$/.test(question)) {
        warn(
          item,
          "qualifier-caps",
          `the question turns on "${m[0]}"; write the qualifier in capitals (${q.toUpperCase()})`,
        );
      }
    }

    if (item.type === "numeric") continue;
    for (const o of item.options) {
      for (const [re, phrase] of BANNED_OPTIONS) {
        if (re.test(o.text)) error(item, "banned-option", `option ${o.id} uses "${phrase}"`);
      }
    }
    if (item.type === "single-choice") {
      if (item.options.length !== 4)
        error(item, "four-options", `has ${item.options.length} options; single-choice items have four`);
      const key = item.options.find((o) => o.id === item.key)!;
      const others = item.options.filter((o) => o.id !== item.key);
      if (others.every((o) => o.text.length < key.text.length))
        warn(item, "longest-key", "the key is longer than every distractor");
      const absolute = others.filter((o) => ABSOLUTES.test(o.text) && !ABSOLUTES.test(key.text));
      if (absolute.length > 0 && absolute.length === others.length) {
        warn(
          item,
          "absolutes",
          "every distractor uses an absolute (always, never, only…) and the key none: a giveaway",
        );
      }
    }
    if (item.type === "hotspot") {
      for (const [rule, message] of hotspotProblems(item)) error(item, rule, message);
    }
    if (item.type === "multiple-response") {
      const m = /\b(?:[Cc]hoose|[Ss]elect)\s+(TWO|THREE|FOUR)\b/.exec(item.stem);
      if (!m)
        error(
          item,
          "select-count",
          `the stem must say how many to choose in capitals (e.g. "Choose ${["TWO", "THREE", "FOUR"][item.key.length - 2] ?? "TWO"}.")`,
        );
      else if (COUNT_WORDS[m[1]!] !== item.key.length)
        error(item, "select-count", `the stem says choose ${m[1]} but ${item.key.length} options are keyed`);
    }
    const lengths = item.options.map((o) => o.text.length);
    // A hotspot region's name says where it is ("Link between X and Y"); its length follows the diagram.
    if (
      item.type !== "hotspot" &&
      Math.max(...lengths) > LINT_LIMITS.optionLengthRatio * Math.min(...lengths) &&
      Math.max(...lengths) > 40
    ) {
      warn(item, "option-length", "options differ a lot in length; keep them similar in length and detail");
    }
  }

  // Near-duplicate stems across the bank. A scenario item is read with its case, so short questions
  // such as "What should the security manager do FIRST?" in different case studies are not duplicates;
  // items of one scenario set are compared by their own stems.
  const texts = checked.map((i) => (i.scenario ? `${i.scenario.case} ${i.stem}` : i.stem));
  const sameScenario = (a: BankItem, b: BankItem) =>
    Boolean(a.scenario && b.scenario && a.scenario.id === b.scenario.id);
  const pairs = similarPairs(texts, LINT_LIMITS.nearDuplicate).filter(
    (p) => !sameScenario(checked[p.a]!, checked[p.b]!),
  );
  const bySet = new Map<string, number[]>();
  checked.forEach((item, k) => {
    if (!item.scenario) return;
    const list = bySet.get(item.scenario.id);
    if (list) list.push(k);
    else bySet.set(item.scenario.id, [k]);
  });
  for (const members of bySet.values()) {
    for (const p of similarPairs(
      members.map((k) => checked[k]!.stem),
      LINT_LIMITS.nearDuplicate,
    )) {
      pairs.push({ a: members[p.a]!, b: members[p.b]!, similarity: p.similarity });
    }
  }
  for (const { a, b, similarity } of pairs) {
    const first = checked[a]!;
    const second = checked[b]!;
    const where = bank.locations.get(first.id);
    error(
      second,
      "near-duplicate",
      `stem is ${Math.round(similarity * 100)}% similar to ${first.id} (${where?.file}:${where?.line ?? "?"})`,
    );
  }

  // Bank-wide shares per exam.
  const byExam = new Map<string, BankItem[]>();
  for (const item of checked.filter((i) => i.status === "live" || i.status === "review")) {
    const exam = bank.locations.get(item.id)?.exam ?? "?";
    const list = byExam.get(exam);
    if (list) list.push(item);
    else byExam.set(exam, [item]);
  }
  for (const [exam, items] of byExam) {
    const singles = items.filter((i) => i.type === "single-choice");
    if (singles.length === 0) continue;
    const enough = singles.length >= LINT_LIMITS.minItemsForShares;
    const push = (rule: string, message: string) =>
      (enough ? errors : warnings).push({
        severity: enough ? "error" : "warning",
        rule,
        message,
        file: `content/items/${exam}/`,
      });
    const longest = singles.filter((i) => {
      const key = i.options.find((o) => o.id === i.key)!;
      return i.options.every((o) => o.id === i.key || o.text.length < key.text.length);
    }).length;
    const share = longest / singles.length;
    if (share > LINT_LIMITS.longestKeyShareMax) {
      push(
        "longest-key-share",
        `${exam}: the key is the longest option in ${pct(share)} of ${singles.length} single-choice items (at most ${pct(LINT_LIMITS.longestKeyShareMax)})`,
      );
    }
    const counts = new Map<string, number>();
    for (const i of singles) counts.set(i.key, (counts.get(i.key) ?? 0) + 1);
    for (const pos of ["A", "B", "C", "D"]) {
      const s = (counts.get(pos) ?? 0) / singles.length;
      const [lo, hi] = LINT_LIMITS.keyPositionShare;
      if (s < lo || s > hi)
        push(
          "key-balance",
          `${exam}: key position ${pos} holds ${pct(s)} of ${singles.length} single-choice items (${pct(lo)}–${pct(hi)} expected)`,
        );
    }
  }

  const order = (f: Finding) => `${f.file ?? ""}:${String(f.line ?? 0).padStart(6, "0")}`;
  errors.sort((x, y) => order(x).localeCompare(order(y)));
  warnings.sort((x, y) => order(x).localeCompare(order(y)));
  return { errors, warnings, itemsChecked: checked.length };
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
