/**
 * Blind review of items: a reviewer who did not write an item answers it from a sheet that shows no
 * key, rationale, explanation or reference; the answers are then compared with the keys. Pure: the
 * caller reads the answers file and writes the review records into the item files.
 */
import { z } from "zod";
import { InputError } from "../input-error.js";
import { diagramSvg } from "../items/hotspot.js";
import { type BankItem, gradeResponse, keyAsResponse, positionLabel, responseSchema } from "../items/item.js";
import { seededRandom } from "../random/seeded.js";

/** Why a reviewer thinks an item needs work, besides a different answer. */
export const reviewFlags = ["two-answers", "no-answer", "unclear", "outdated", "cue"] as const;
export type ReviewFlag = (typeof reviewFlags)[number];

const answerEntry = z.union([
  z.strictObject({
    answer: z.unknown(),
    note: z.string().trim().min(1).optional(),
    flag: z.enum(reviewFlags).optional(),
    /** Difficulty against the real exam, 1 (far easier) to 5 (far harder). */
    rating: z.number().int().min(1, "rating must be 1 to 5").max(5, "rating must be 1 to 5").optional(),
    /** Confidence in the answer, 1 (a guess) to 5 (certain). */
    confidence: z
      .number()
      .int()
      .min(1, "confidence must be 1 to 5")
      .max(5, "confidence must be 1 to 5")
      .optional(),
  }),
  z.string(),
  z.number(),
  z.array(z.string()),
  z
    .record(z.string(), z.string())
    .refine(
      (r) => !("answer" in r),
      'an entry with "answer" takes only "flag", "note", "rating" and "confidence" beside it',
    ),
]);

/**
 * A reviewer's answers file: item id → answer, or { answer, note?, flag?, rating?, confidence? }
 * (rating and confidence 1–5, for a full review only).
 */
export const reviewAnswersSchema = z.record(z.string(), answerEntry);
export type ReviewAnswers = z.output<typeof reviewAnswersSchema>;

export interface ReviewOutcome {
  id: string;
  /** The reviewer's answer, in the shape of the key. */
  answer: unknown;
  key: unknown;
  agrees: boolean;
  note?: string;
  flag?: ReviewFlag;
  rating?: number;
  confidence?: number;
}

/** A full review answers from the whole item; an options-only review from the options alone. */
export type ReviewMode = "full" | "options-only";

/**
 * The order of an item's options on the review sheet, as delivery would show them: a shuffle seeded
 * by the item id (authored order when the item must not be shuffled), labelled A, B, C… by position.
 */
export function sheetOrder(item: BankItem): string[] {
  if (item.type === "numeric") return [];
  const ids = item.options.map((o) => o.id);
  return item.shuffle ? seededRandom(`review:${item.id}`).shuffle(ids) : ids;
}

/** How the answers name options: by the letter shown on the sheet, or by the authored option id. */
export type AnswerLabels = "sheet" | "authored";

/** A sheet answer with letters turned into authored option ids (unknown letters are left as they are). */
export function fromSheetLabels(item: BankItem, answer: unknown): unknown {
  if (item.type === "numeric") return answer;
  const order = sheetOrder(item);
  const id = (label: unknown) =>
    typeof label === "string" && /^[A-Z]$/.test(label) ? (order[label.charCodeAt(0) - 65] ?? label) : label;
  if (typeof answer === "string") return id(answer);
  if (Array.isArray(answer)) return answer.map(id);
  if (answer && typeof answer === "object")
    return Object.fromEntries(Object.entries(answer).map(([k, v]) => [id(k), v]));
  return answer;
}

/** The sheet a reviewer answers from: every item as a candidate sees it, options shuffled and lettered by position. */
export function reviewSheet(
  items: readonly BankItem[],
  title = "Blind review sheet",
  mode: ReviewMode = "full",
): string {
  const optionsOnly = mode === "options-only";
  const out: string[] = optionsOnly
    ? [
        `# ${title}`,
        "",
        "Each item shows its options only: no question and no case study. Pick the option most likely",
        'to be keyed, from the options alone. Write a JSON object from item id to your answer: "B" for',
        'one choice, ["A", "C"] for choose-N, ["C", "A", "B", "D"] for an order, {"A": "category-id", ...}',
        "for matching. Record it with `certpath bank review-record --options-only`.",
        "",
      ]
    : [
        `# ${title}`,
        "",
        "Answer every item as a candidate would, without looking at the item files. Write a JSON object",
        'from item id to your answer: "B" for one choice, ["A", "C"] for choose-N, ["C", "A", "B", "D"] for',
        'an order, {"A": "category-id", ...} for matching, a number for numeric. Where an item has two',
        'defensible answers, no right one or is unclear, answer anyway and write {"answer": ..., "flag":',
        '"two-answers" | "no-answer" | "unclear" | "outdated" | "cue", "note": "why"}. Rate each item\'s',
        'difficulty against the real exam with "rating": 1 (far easier) to 5 (far harder), 3 a typical',
        'real item, and your confidence in your answer with "confidence": 1 (a guess) to 5 (certain).',
        "",
      ];
  let scenario: string | undefined;
  for (const item of items) {
    if (optionsOnly && item.type === "numeric") continue;
    if (!optionsOnly && item.scenario && item.scenario.id !== scenario) {
      out.push(`## Case study: ${item.scenario.title}`, "", item.scenario.case.trim(), "");
    }
    scenario = item.scenario?.id;
    out.push(`### ${item.id} (${describeType(item)})`, "");
    if (!optionsOnly) out.push(item.stem.trim(), "");
    if (item.type === "numeric") {
      out.push(`Answer in ${item.key.unit}.`, "");
      continue;
    }
    const order = sheetOrder(item);
    const byId = new Map(item.options.map((o) => [o.id, o]));
    order.forEach((id, i) => {
      out.push(`- ${positionLabel(i)}. ${byId.get(id)!.text.trim()}`);
    });
    if (item.type === "hotspot") {
      const labels = new Map(order.map((id, i) => [id, positionLabel(i)]));
      out.push("", "Diagram (regions outlined and lettered as above):", "", diagramSvg(item, labels));
    }
    if (item.type === "matching") {
      out.push("", "Categories:");
      const categories = seededRandom(`review-categories:${item.id}`).shuffle(item.categories);
      for (const category of categories) out.push(`- \`${category.id}\`: ${category.text.trim()}`);
    }
    out.push("");
  }
  return out.join("\n");
}

function describeType(item: BankItem): string {
  switch (item.type) {
    case "single-choice":
      return "choose one";
    case "multiple-response":
      return `choose ${item.key.length}`;
    case "ordering":
      return "put in order";
    case "matching":
      return "match each option to a category";
    case "numeric":
      return "numeric";
    case "hotspot":
      return "choose one region";
  }
}

/**
 * Checks a reviewer's answers against the bank and compares them with the keys. Every answer must
 * name an item of `items` and have the shape of that item's responses; the first problem throws an
 * InputError naming the item, so nothing is recorded from a file with a mistake in it.
 */
export function compareReview(
  items: readonly BankItem[],
  answers: unknown,
  file: string,
  labels: AnswerLabels = "sheet",
  mode: ReviewMode = "full",
): ReviewOutcome[] {
  const parsed = reviewAnswersSchema.safeParse(answers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`is not a review answers file: ${issue.message}`, {
      file,
      path: issue.path.length ? issue.path.join(".") : undefined,
    });
  }
  const byId = new Map(items.map((i) => [i.id, i]));
  const outcomes: ReviewOutcome[] = [];
  for (const [id, entry] of Object.entries(parsed.data)) {
    const item = byId.get(id);
    if (!item) throw new InputError(`answers an item that is not in the bank: "${id}"`, { file, path: id });
    type Entry = { answer: unknown; note?: string; flag?: ReviewFlag; rating?: number; confidence?: number };
    const full: Entry =
      typeof entry === "object" && !Array.isArray(entry) && "answer" in entry
        ? { ...(entry as Entry) }
        : { answer: entry };
    if (mode === "options-only") {
      const extra = (["rating", "confidence", "flag", "note"] as const).filter((k) => full[k] !== undefined);
      if (extra.length)
        throw new InputError(
          `an options-only answer is the answer alone; "${extra[0]}" belongs to a full review`,
          { file, path: id },
        );
      if (item.type === "numeric")
        throw new InputError(`"${id}" is a numeric item, which has no options to answer from`, {
          file,
          path: id,
        });
    }
    if (labels === "sheet") full.answer = fromSheetLabels(item, full.answer);
    const shape = responseSchema(item.type).safeParse(full.answer);
    if (!shape.success || !sameOptions(item, full.answer)) {
      throw new InputError(
        `the answer to "${id}" (${JSON.stringify(full.answer)}) is not a ${describeType(item)} answer for this item`,
        { file, path: id },
      );
    }
    const outcome: ReviewOutcome = {
      id,
      answer: full.answer,
      key: keyAsResponse(item),
      agrees: gradeResponse(item, full.answer).credit === 1,
    };
    if (full.note) outcome.note = full.note;
    if (full.flag) outcome.flag = full.flag;
    if (full.rating !== undefined) outcome.rating = full.rating;
    if (full.confidence !== undefined) outcome.confidence = full.confidence;
    outcomes.push(outcome);
  }
  if (outcomes.length === 0) throw new InputError("holds no answers", { file });
  return outcomes;
}

/** Whether an answer only uses the item's own option and category ids, in the right number. */
function sameOptions(item: BankItem, answer: unknown): boolean {
  if (item.type === "numeric") return typeof answer === "number" && Number.isFinite(answer);
  const ids = new Set(item.options.map((o) => o.id));
  switch (item.type) {
    case "single-choice":
    case "hotspot":
      return typeof answer === "string" && ids.has(answer);
    case "multiple-response":
    case "ordering": {
      const list = answer as string[];
      const size = item.type === "ordering" ? ids.size : item.key.length;
      return list.length === size && new Set(list).size === list.length && list.every((a) => ids.has(a));
    }
    case "matching": {
      const map = answer as Record<string, string>;
      const categories = new Set(item.categories.map((c) => c.id));
      return (
        Object.keys(map).length === ids.size &&
        Object.entries(map).every(([k, v]) => ids.has(k) && categories.has(v))
      );
    }
  }
}

/** Agreement of blind answers with keys: the share of items answered as keyed. */
export function agreementRate(outcomes: readonly ReviewOutcome[]): number {
  return outcomes.length === 0 ? 0 : outcomes.filter((o) => o.agrees).length / outcomes.length;
}

/**
 * The authors' difficulty prior (IRT b, in logits) that follows reviewers' mean difficulty rating r
 * (1–5 against the real exam): b = 1.25 × (r − 3), so 1 → −2.5, 3 → 0, 5 → +2.5. One mapping for
 * every exam; `bank lint` warns when an item's difficulty is further than DIFFICULTY_PRIOR_TOLERANCE
 * from it.
 */
export function difficultyFromRating(rating: number): number {
  return 1.25 * (rating - 3);
}

/** How far (in logits) an item's difficulty may sit from the mapping of its rating before lint warns. */
export const DIFFICULTY_PRIOR_TOLERANCE = 0.5;

/** A difficulty prior that no longer follows its item's rating. */
export interface PriorChange {
  id: string;
  rating: number;
  /** The difficulty the item holds now (0, the schema's default, when it names none). */
  from: number;
  /** b = 1.25 × (rating − 3), to two decimals. */
  to: number;
}

/**
 * The items whose difficulty prior differs from the mapping of their reviewed rating
 * (`difficultyFromRating`), with the value it should take. Items without a rating are left alone.
 */
export function priorChanges(items: readonly BankItem[]): PriorChange[] {
  const changes: PriorChange[] = [];
  for (const item of items) {
    const rating = item.review?.rating;
    if (rating === undefined) continue;
    const to = Math.round(difficultyFromRating(rating) * 100) / 100;
    if (item.difficulty !== to) changes.push({ id: item.id, rating, from: item.difficulty, to });
  }
  return changes;
}

/**
 * A review sheet's items with anchors mixed in: frozen items whose ratings are known, spread evenly
 * through the sheet (never inside a case-study set, whose items must stay together), so a reviewer
 * cannot tell them by their place. An anchor may not share an id with an item of the sheet.
 */
export function withAnchors(items: readonly BankItem[], anchors: readonly BankItem[]): BankItem[] {
  const ids = new Set(items.map((i) => i.id));
  const clash = anchors.find((a) => ids.has(a.id));
  if (clash)
    throw new InputError(
      `anchor "${clash.id}" is also one of the sheet's items; leave it out of the sheet (its live version is reviewed on its own)`,
    );
  // Places where an anchor may go: before item i, when i does not continue the case study of i − 1.
  const slots: number[] = [];
  for (let i = 0; i <= items.length; i++) {
    const before = items[i - 1]?.scenario?.id;
    if (i === 0 || i === items.length || !before || before !== items[i]?.scenario?.id) slots.push(i);
  }
  const at = new Map<number, BankItem[]>();
  anchors.forEach((anchor, k) => {
    const slot =
      slots[Math.min(slots.length - 1, Math.round(((k + 1) * (slots.length - 1)) / (anchors.length + 1)))]!;
    at.set(slot, [...(at.get(slot) ?? []), anchor]);
  });
  const out: BankItem[] = [];
  for (let i = 0; i <= items.length; i++) {
    out.push(...(at.get(i) ?? []));
    if (i < items.length) out.push(items[i]!);
  }
  return out;
}

/** What the anchors' answers say about a full review: how generously the reviewer rated. */
export interface AnchorCheck {
  answered: number;
  agree: number;
  /** Mean rating of the anchors (undefined when none was rated). */
  meanRating: number | undefined;
  /** Above this mean the batch was rated too generously and is reviewed again by another reviewer. */
  limit: number;
  generous: boolean;
}

/** The anchors of a batch were rated 1.6 on average at 789584e; above 2.2 a batch is rated again. */
export const ANCHOR_RATING_LIMIT = 2.2;

export function anchorCheck(outcomes: readonly ReviewOutcome[]): AnchorCheck {
  const rated = outcomes.filter((o) => o.rating !== undefined);
  const meanRating = rated.length ? rated.reduce((s, o) => s + o.rating!, 0) / rated.length : undefined;
  return {
    answered: outcomes.length,
    agree: outcomes.filter((o) => o.agrees).length,
    meanRating,
    limit: ANCHOR_RATING_LIMIT,
    generous: meanRating !== undefined && meanRating > ANCHOR_RATING_LIMIT,
  };
}
