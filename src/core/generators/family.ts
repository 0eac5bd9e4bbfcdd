/**
 * Parametric item families: items whose key is computed, so candidates can drill the arithmetic of
 * the exam without seeing the same numbers twice. A family draws realistic parameters from a seeded
 * generator, works out the answer, and builds distractors from named misconceptions. An item's id
 * carries its family and seed (`gen-ale-3f9c1a`), so any attempt can regenerate exactly the item it saw.
 */
import type { BankItem } from "../items/item.js";
import { type Random, seededRandom } from "../random/seeded.js";

export type Unit = "usd" | "percent" | "hours" | "minutes" | "months" | "years";

export interface Worked {
  stem: string;
  answer: number;
  unit: Unit;
  /** The working shown with the key. */
  working: string;
  /** Wrong answers from named misconceptions (at least three distinct from the answer). */
  distractors: { value: number; misconception: string }[];
}

export interface Family {
  id: string;
  name: string;
  outlines: string[];
  references: string[];
  difficulty: number;
  build(rng: Random): Worked;
}

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case "usd":
      return `$${Math.round(value).toLocaleString("en-US")}`;
    case "percent":
      return `${(Math.round(value * 10) / 10).toLocaleString("en-US")}%`;
    case "hours":
      return `${Math.round(value * 10) / 10} hours`;
    case "minutes":
      return `${(Math.round(value * 10) / 10).toLocaleString("en-US")} minutes`;
    case "months":
      return `${Math.round(value)} months`;
    case "years":
      return `${Math.round(value * 10) / 10} years`;
  }
}

/** What joins a generated distractor's misconception to the working in its rationale. */
const WORKING = " The working: ";

/**
 * The misconception a generated item's wrong option stands for, read back from its rationale (the
 * misconception, then the working): the same misconception is the same distractor across instances.
 */
export function distractorMisconception(rationale: string): string {
  const at = rationale.indexOf(WORKING);
  return at < 0 ? rationale : rationale.slice(0, at);
}

/** Builds the single-choice item of a family for a seed: the key at a seeded position among A–D. */
export function generateItem(family: Family, seed: string): BankItem {
  const rng = seededRandom(`gen:${family.id}:${seed}`);
  let worked = family.build(rng);
  // Distractors must read differently from the key and from each other once formatted.
  for (let attempt = 0; attempt < 20; attempt++) {
    const shown = new Set([formatValue(worked.answer, worked.unit)]);
    const ok = worked.distractors.filter((d) => {
      const text = formatValue(d.value, worked.unit);
      if (shown.has(text) || !Number.isFinite(d.value)) return false;
      shown.add(text);
      return true;
    });
    if (ok.length >= 3) {
      worked = { ...worked, distractors: ok.slice(0, 3) };
      break;
    }
    worked = family.build(rng);
  }
  const keyAt = rng.int(4);
  const wrong = rng.shuffle(worked.distractors).slice(0, 3);
  const options = Array.from({ length: 4 }, (_, i) => {
    const id = String.fromCharCode(65 + i);
    if (i === keyAt) {
      return { id, text: formatValue(worked.answer, worked.unit), rationale: `Right. ${worked.working}` };
    }
    const d = wrong[i < keyAt ? i : i - 1]!;
    return {
      id,
      text: formatValue(d.value, worked.unit),
      rationale: `${d.misconception}${WORKING}${worked.working}`,
    };
  });
  return {
    id: `gen-${family.id}-${seed}`,
    version: 1,
    status: "live",
    outlines: family.outlines,
    type: "single-choice",
    stem: worked.stem,
    options,
    key: String.fromCharCode(65 + keyAt),
    explanation: worked.working,
    references: family.references,
    tags: ["generated", "quantitative"],
    difficulty: family.difficulty,
    enemies: [],
    timeSeconds: 120,
    shuffle: false,
    generated: true,
  };
}

/** A value rounded to a "round" number of the given step. */
export function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

export function money(n: number): string {
  return formatValue(n, "usd");
}
