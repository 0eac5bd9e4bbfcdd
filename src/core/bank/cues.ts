/**
 * The cue audit: can a test-wise reader find an item's key from the surface of its options alone?
 *
 * Every live single-choice and multiple-response item is described option by option by surface
 * features (relative length, parts, overlap with the stem and with the other options, absolute and
 * hedge words, managerial vocabulary, and whether a feature is unique to the option in its item). A
 * conditional-logit model — a softmax over each item's options, L2-regularised, fitted by Newton's
 * method — learns which features mark keys. k-fold cross-validation over items (folds drawn by a
 * seeded shuffle) gives the held-out share of keys the model finds, beside chance.
 *
 * Definitions:
 * - An item is *found* when the model's top-scored option is a key. When several options tie for
 *   the top score, the item counts as found by the share of the tied options that are keys (the
 *   expected result of breaking the tie at random).
 * - *Chance* for an item is keys / options (1/4 for a four-option single-choice item, 2/5 for a
 *   choose-TWO item of five options); the bank's chance is the mean over items.
 * - An item's *probability* is the held-out probability the model gives to its keyed option(s)
 *   (summed for multiple-response items): how surely the surface gives the key away.
 * - The key is the *longest* (*shortest*, *has the most parts*) when a key is strictly longer
 *   (shorter, has more parts) than every distractor.
 *
 * Pure: no I/O, no clock; the folds come from the seeded generator.
 */
import { InputError } from "../input-error.js";
import { seededRandom } from "../random/seeded.js";

/** What the audit needs of an item (a BankItem of the two types fits). */
export interface CueItem {
  id: string;
  type: string;
  stem: string;
  /** Absent on numeric items, which the audit skips. */
  options?: readonly { id: string; text: string }[];
  key: unknown;
  status?: string;
  scenario?: { case: string };
}

type Audited = CueItem & { options: readonly { id: string; text: string }[] };

export interface CueAudit {
  exam: string;
  /** Items audited: live single-choice and multiple-response items. */
  items: number;
  /** Mean over items of keys / options. */
  chance: number;
  /** Held-out share of items whose key the model finds, with its 95% Wilson interval. */
  heldOut: { accuracy: number; ci: [number, number] };
  /** Share of items whose key is strictly the longest, the shortest, and the one with the most parts. */
  keyLongest: number;
  keyShortest: number;
  keyMostParts: number;
  /** The model's standardised weights, largest first, each said in words. */
  features: { name: string; weight: number; says: string }[];
  /** Items whose key the model finds with the highest held-out probability, most exposed first. */
  exposed: { id: string; probability: number }[];
}

export interface CueAuditOptions {
  exam: string;
  /** Seed of the fold assignment (default "cues"). */
  seed?: string;
  /** Folds of the cross-validation (default 5). */
  folds?: number;
  /** L2 penalty on the standardised weights (default 1). */
  lambda?: number;
  /** How many exposed items to list (default 10). */
  exposed?: number;
}

export const CUE_AUDIT_DEFAULTS = { seed: "cues", folds: 5, lambda: 1, exposed: 10, minItems: 10 } as const;

/** Words that make a claim absolute. */
const ABSOLUTE = new Set([
  "always",
  "never",
  "all",
  "every",
  "none",
  "only",
  "must",
  "entirely",
  "completely",
  "solely",
  "guarantee",
  "guarantees",
  "eliminate",
  "eliminates",
]);
/** Words that soften a claim. */
const HEDGE = new Set([
  "may",
  "might",
  "could",
  "can",
  "usually",
  "generally",
  "often",
  "typically",
  "likely",
  "appropriate",
  "consider",
  "possible",
  "where",
  "relevant",
]);
/** Roots of the managerial exams' vocabulary: a word starting with one of them counts. */
const MANAGERIAL = [
  "risk",
  "owner",
  "business",
  "agree",
  "stakeholder",
  "govern",
  "polic",
  "manage",
  "senior",
  "board",
  "appetite",
  "toleran",
  "accountab",
  "approv",
  "process",
  "objective",
  "strateg",
  "align",
  "executive",
  "sponsor",
  "budget",
  "requirement",
  "priorit",
  "framework",
  "program",
  "impact",
  "mission",
  "committee",
  "leader",
  "decision",
  "document",
];
const STOP = new Set(
  "the a an of to and or in on for is are be was were what which should that with by it its as this from at into their they them than then who whom whose".split(
    " ",
  ),
);

interface FeatureDef {
  name: string;
  more: string;
  less: string;
}

/** The model's features, in the order of the design matrix. */
export const CUE_FEATURES: readonly FeatureDef[] = [
  { name: "length", more: "keys are longer than distractors", less: "keys are shorter than distractors" },
  {
    name: "longest",
    more: "keys are the longest option more often than distractors",
    less: "keys are the longest option less often than distractors",
  },
  {
    name: "shortest",
    more: "keys are the shortest option more often than distractors",
    less: "keys are the shortest option less often than distractors",
  },
  {
    name: "parts",
    more: "keys have more clauses and listed parts than distractors",
    less: "keys have fewer clauses and listed parts than distractors",
  },
  {
    name: "most-parts",
    more: "keys are the option with the most parts more often than distractors",
    less: "keys are the option with the most parts less often than distractors",
  },
  {
    name: "stem-overlap",
    more: "keys repeat more words of the stem than distractors",
    less: "keys repeat fewer words of the stem than distractors",
  },
  {
    name: "only-stem-echo",
    more: "keys are more often the only option that repeats a word of the stem",
    less: "keys are less often the only option that repeats a word of the stem",
  },
  {
    name: "option-overlap",
    more: "keys share more words with the other options than distractors do",
    less: "keys share fewer words with the other options than distractors do",
  },
  {
    name: "absolute",
    more: "keys use more absolute words (always, never, only, all) than distractors",
    less: "keys use fewer absolute words (always, never, only, all) than distractors",
  },
  {
    name: "only-without-absolute",
    more: "keys are more often the only option without an absolute word",
    less: "keys are less often the only option without an absolute word",
  },
  {
    name: "hedge",
    more: "keys use more hedge words (may, usually, appropriate) than distractors",
    less: "keys use fewer hedge words (may, usually, appropriate) than distractors",
  },
  {
    name: "managerial",
    more: "keys use more managerial vocabulary (risk, owner, business, agreed, policy) than distractors",
    less: "keys use less managerial vocabulary (risk, owner, business, agreed, policy) than distractors",
  },
  {
    name: "only-managerial",
    more: "keys are more often the only option with managerial vocabulary",
    less: "keys are less often the only option with managerial vocabulary",
  },
];
const D = CUE_FEATURES.length;

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, " ")
    .split(/\s+/)
    .filter(Boolean);
}

/** Clauses and listed parts of an option: 1 + commas, semicolons and joining words. */
export function partCount(text: string): number {
  const joins = text.match(/[,;]|\b(and|or|then|plus|while|before|after)\b/gi);
  return 1 + (joins?.length ?? 0);
}

function managerialCount(words: readonly string[]): number {
  let n = 0;
  for (const w of words) if (MANAGERIAL.some((root) => w.startsWith(root))) n++;
  return n;
}

function count(words: readonly string[], set: ReadonlySet<string>): number {
  let n = 0;
  for (const w of words) if (set.has(w)) n++;
  return n;
}

/**
 * Which options are keys, or undefined for an item the audit does not cover. Hotspot items are not
 * covered: their regions' names are places in a diagram the stem describes, so they echo the stem by
 * design and their length follows the diagram; their cue is the drawing, which a text model cannot read.
 */
function keysOf(item: CueItem): boolean[] | undefined {
  if (!item.options) return undefined;
  if (item.type === "single-choice" && typeof item.key === "string")
    return item.options.map((o) => o.id === item.key);
  if (item.type === "multiple-response" && Array.isArray(item.key)) {
    const keys = new Set(item.key as string[]);
    return item.options.map((o) => keys.has(o.id));
  }
  return undefined;
}

/** Whether option `i` is strictly the only maximum of `xs`. */
function uniqueMax(xs: readonly number[], i: number): boolean {
  return xs.every((x, j) => j === i || x < xs[i]!);
}

/** The raw features of each option of an item (one row per option, in CUE_FEATURES order). */
export function optionFeatures(item: Audited): number[][] {
  const texts = item.options.map((o) => o.text);
  const words = texts.map(tokens);
  const content = words.map((ws) => ws.filter((w) => !STOP.has(w)));
  const stemWords = new Set(tokens(`${item.scenario?.case ?? ""} ${item.stem}`).filter((w) => !STOP.has(w)));
  const lengths = texts.map((t) => t.trim().length);
  const meanLength = lengths.reduce((s, x) => s + x, 0) / lengths.length;
  const parts = texts.map(partCount);
  const stemShare = content.map((ws) =>
    ws.length ? ws.filter((w) => stemWords.has(w)).length / ws.length : 0,
  );
  const echoes = content.map((ws) => ws.some((w) => stemWords.has(w)));
  const sets = content.map((ws) => new Set(ws));
  const otherShare = content.map((ws, i) => {
    if (!ws.length) return 0;
    const others = new Set<string>();
    sets.forEach((s, j) => {
      if (j !== i) for (const w of s) others.add(w);
    });
    return ws.filter((w) => others.has(w)).length / ws.length;
  });
  const absolutes = words.map((ws) => count(ws, ABSOLUTE));
  const hedges = words.map((ws) => count(ws, HEDGE));
  const managerial = words.map(managerialCount);
  const onlyWith = (has: readonly boolean[], i: number) => has[i]! && has.every((h, j) => j === i || !h);
  return texts.map((_, i) => [
    Math.log(Math.max(1, lengths[i]!) / Math.max(1, meanLength)),
    uniqueMax(lengths, i) ? 1 : 0,
    uniqueMax(
      lengths.map((x) => -x),
      i,
    )
      ? 1
      : 0,
    parts[i]!,
    uniqueMax(parts, i) ? 1 : 0,
    stemShare[i]!,
    onlyWith(echoes, i) ? 1 : 0,
    otherShare[i]!,
    absolutes[i]!,
    onlyWith(
      absolutes.map((a) => a === 0),
      i,
    )
      ? 1
      : 0,
    hedges[i]!,
    managerial[i]!,
    onlyWith(
      managerial.map((m) => m > 0),
      i,
    )
      ? 1
      : 0,
  ]);
}

interface Prepared {
  id: string;
  /** Standardised, item-centred features, one row per option. */
  x: number[][];
  keys: boolean[];
}

/** Softmax scores of one item under weights w. */
function probabilities(x: readonly number[][], w: readonly number[]): number[] {
  const s = x.map((row) => row.reduce((acc, v, k) => acc + v * w[k]!, 0));
  const max = Math.max(...s);
  const e = s.map((v) => Math.exp(v - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/**
 * Fits the conditional-logit model by Newton's method with step halving. For an item with several
 * keys the target spreads evenly over them (a concave objective: the mean log-probability of the keys).
 */
export function fitConditionalLogit(items: readonly Prepared[], lambda: number): number[] {
  let w = new Array<number>(D).fill(0);
  const objective = (v: readonly number[]) => {
    let ll = 0;
    for (const it of items) {
      const p = probabilities(it.x, v);
      const nk = it.keys.filter(Boolean).length;
      it.keys.forEach((k, j) => {
        if (k) ll += Math.log(Math.max(p[j]!, 1e-300)) / nk;
      });
    }
    return ll - (lambda / 2) * v.reduce((s, x) => s + x * x, 0);
  };
  let current = objective(w);
  for (let iter = 0; iter < 50; iter++) {
    const g = w.map((x) => -lambda * x);
    const h: number[][] = Array.from({ length: D }, (_, a) =>
      Array.from({ length: D }, (_, b) => (a === b ? lambda : 0)),
    );
    for (const it of items) {
      const p = probabilities(it.x, w);
      const nk = it.keys.filter(Boolean).length;
      const mean = new Array<number>(D).fill(0);
      it.x.forEach((row, j) => {
        for (let k = 0; k < D; k++) mean[k]! += p[j]! * row[k]!;
      });
      it.x.forEach((row, j) => {
        if (it.keys[j]) for (let k = 0; k < D; k++) g[k]! += row[k]! / nk;
        for (let a = 0; a < D; a++) {
          const da = row[a]! - mean[a]!;
          if (da === 0) continue;
          for (let b = 0; b < D; b++) h[a]![b]! += p[j]! * da * (row[b]! - mean[b]!);
        }
      });
      for (let k = 0; k < D; k++) g[k]! -= mean[k]!;
    }
    const step = solve(h, g);
    let t = 1;
    let next = w.map((x, k) => x + step[k]!);
    let value = objective(next);
    while (value < current - 1e-12 && t > 1e-6) {
      t /= 2;
      next = w.map((x, k) => x + t * step[k]!);
      value = objective(next);
    }
    const moved = Math.max(...step.map((s) => Math.abs(s * t)));
    w = next;
    current = value;
    if (moved < 1e-9) break;
  }
  return w;
}

/** Solves A x = b for a symmetric positive definite A (Cholesky). */
function solve(a: readonly number[][], b: readonly number[]): number[] {
  const n = b.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

/** The 95% Wilson score interval of a share p of n. */
export function wilsonInterval(p: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Three decimals, and never -0 (JSON would print it as 0, so the audit would differ from its own JSON). */
const round3 = (x: number) => Math.round(x * 1000) / 1000 + 0;

/** The items a cue audit covers: live single-choice and multiple-response items with their keys. */
export function cueAuditItems(items: readonly CueItem[]): Audited[] {
  return items.filter(
    (i): i is Audited =>
      (i.status === undefined || i.status === "live") && keysOf(i) !== undefined && i.options!.length >= 2,
  );
}

/**
 * The cue audit of a set of items (pass the live single-choice and multiple-response items of one
 * exam; others are ignored). Throws an InputError when fewer than 10 items can be audited.
 */
export function cueAudit(
  all: readonly (CueItem & { status?: string })[],
  options: CueAuditOptions,
): CueAudit {
  const seed = options.seed ?? CUE_AUDIT_DEFAULTS.seed;
  const lambda = options.lambda ?? CUE_AUDIT_DEFAULTS.lambda;
  const exposedCount = options.exposed ?? CUE_AUDIT_DEFAULTS.exposed;
  const items = cueAuditItems(all);
  if (items.length < CUE_AUDIT_DEFAULTS.minItems)
    throw new InputError(
      `${options.exam} has ${items.length} live single-choice or multiple-response item(s); a cue audit needs at least ${CUE_AUDIT_DEFAULTS.minItems}`,
    );
  const folds = Math.max(2, Math.min(options.folds ?? CUE_AUDIT_DEFAULTS.folds, items.length));

  // Raw features, centred within each item; then each column scaled to unit spread over all options.
  const raw = items.map(optionFeatures);
  const centred = raw.map((rows) => {
    const mean = new Array<number>(D).fill(0);
    for (const row of rows) for (let k = 0; k < D; k++) mean[k]! += row[k]! / rows.length;
    return rows.map((row) => row.map((v, k) => v - mean[k]!));
  });
  const scale = new Array<number>(D).fill(0);
  let cells = 0;
  for (const rows of centred)
    for (const row of rows) {
      cells++;
      for (let k = 0; k < D; k++) scale[k]! += row[k]! * row[k]!;
    }
  for (let k = 0; k < D; k++) scale[k] = Math.sqrt(scale[k]! / cells) || 1;
  const prepared: Prepared[] = items.map((item, i) => ({
    id: item.id,
    x: centred[i]!.map((row) => row.map((v, k) => v / scale[k]!)),
    keys: keysOf(item)!,
  }));

  // Seeded folds over items.
  const order = seededRandom(`cue-folds:${seed}`).shuffle(prepared.map((_, i) => i));
  const foldOf = new Array<number>(prepared.length);
  order.forEach((index, position) => {
    foldOf[index] = position % folds;
  });
  let found = 0;
  const heldOut: { id: string; probability: number; found: boolean }[] = [];
  for (let f = 0; f < folds; f++) {
    const train = prepared.filter((_, i) => foldOf[i] !== f);
    const w = fitConditionalLogit(train, lambda);
    prepared.forEach((it, i) => {
      if (foldOf[i] !== f) return;
      const p = probabilities(it.x, w);
      const top = Math.max(...p);
      const tied = p.map((_v, j) => j).filter((j) => p[j]! >= top * (1 - 1e-9));
      const share = tied.filter((j) => it.keys[j]).length / tied.length;
      found += share;
      const probability = p.reduce((s, v, j) => s + (it.keys[j] ? v : 0), 0);
      heldOut.push({ id: it.id, probability, found: share === 1 });
    });
  }
  const accuracy = found / prepared.length;
  const chance =
    prepared.reduce((s, it) => s + it.keys.filter(Boolean).length / it.keys.length, 0) / prepared.length;

  const full = fitConditionalLogit(prepared, lambda);
  const features = CUE_FEATURES.map((def, k) => ({
    name: def.name,
    weight: round3(full[k]!),
    says: full[k]! >= 0 ? def.more : def.less,
  })).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.name.localeCompare(b.name));

  const strictly = (values: (i: number) => number[], sign: 1 | -1) =>
    prepared.filter((it, i) => {
      const v = values(i).map((x) => x * sign);
      const bestKey = Math.max(...v.filter((_, j) => it.keys[j]));
      const bestOther = Math.max(...v.filter((_, j) => !it.keys[j]));
      return bestKey > bestOther;
    }).length / prepared.length;
  const lengthOf = (i: number) => items[i]!.options.map((o) => o.text.trim().length);
  const keyLongest = strictly(lengthOf, 1);
  const keyShortest = strictly(lengthOf, -1);
  const keyMostParts = strictly((i) => raw[i]!.map((r) => r[3]!), 1);

  const exposed = heldOut
    .filter((h) => h.found)
    .sort((a, b) => b.probability - a.probability || a.id.localeCompare(b.id))
    .slice(0, exposedCount)
    .map((h) => ({ id: h.id, probability: round3(h.probability) }));
  const [lo, hi] = wilsonInterval(accuracy, prepared.length);
  return {
    exam: options.exam,
    items: prepared.length,
    chance: round3(chance),
    heldOut: { accuracy: round3(accuracy), ci: [round3(lo), round3(hi)] },
    keyLongest: round3(keyLongest),
    keyShortest: round3(keyShortest),
    keyMostParts: round3(keyMostParts),
    features,
    exposed,
  };
}
