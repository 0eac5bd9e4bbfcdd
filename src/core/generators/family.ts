/**
 * Parametric item families: items whose key is computed, so candidates can drill the arithmetic of
 * the exam without seeing the same numbers twice. A family draws realistic parameters from a seeded
 * generator, works out the answer, and builds distractors from named misconceptions. An item's id
 * carries its family and seed (`gen-ale-3f9c1a`), so any attempt can regenerate exactly the item it saw.
 */
import type { BankItem } from "../items/item.js";
import { type Random, seededRandom } from "../random/seeded.js";

export type Unit =
  | "usd"
  | "percent"
  | "hours"
  | "minutes"
  | "months"
  | "years"
  /** A percentage to three decimals, for availabilities such as 99.954%. */
  | "availability"
  /** Seconds, shown in the largest fitting unit (seconds to years) to three significant figures. */
  | "duration"
  | "terabytes"
  | "disks"
  | "addresses"
  /** An IPv4 prefix length, shown as /26. */
  | "prefix";

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
      return `${value < -0.5 ? "-" : ""}$${Math.abs(Math.round(value)).toLocaleString("en-US")}`;
    case "percent":
      return `${(Math.round(value * 10) / 10).toLocaleString("en-US")}%`;
    case "hours":
      return `${(Math.round(value * 10) / 10).toLocaleString("en-US")} hours`;
    case "minutes":
      return `${(Math.round(value * 10) / 10).toLocaleString("en-US")} minutes`;
    case "months":
      return `${Math.round(value)} months`;
    case "years":
      return `${Math.round(value * 10) / 10} years`;
    case "availability":
      // Rounded half up from the decimal value (94.7625 shows as 94.763, not as its binary 94.76249…).
      return `${(Math.round(Number(value.toPrecision(12)) * 1000) / 1000).toFixed(3)}%`;
    case "duration":
      return duration(value);
    case "terabytes":
      return `${(Math.round(value * 10) / 10).toLocaleString("en-US")} TB`;
    case "disks":
      return `${Math.round(value)} disk${Math.round(value) === 1 ? "" : "s"}`;
    case "addresses":
      return `${Math.round(value).toLocaleString("en-US")} address${Math.round(value) === 1 ? "" : "es"}`;
    case "prefix":
      return `/${Math.round(value)}`;
  }
}

const SECONDS_PER_YEAR = 365 * 24 * 3600;
const DURATION_STEPS: [number, string][] = [
  [SECONDS_PER_YEAR, "years"],
  [24 * 3600, "days"],
  [3600, "hours"],
  [60, "minutes"],
  [1, "seconds"],
];

/** A duration in seconds in the largest unit that holds at least two of it (years from two years up). */
function duration(seconds: number): string {
  const [size, name] = DURATION_STEPS.find(([size]) => seconds >= 2 * size) ?? [1, "seconds"];
  return `${significant(seconds / size)} ${name}`;
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Three significant figures; powers of ten (2.88 × 10⁹) outside 0.01 to a million. */
export function significant(x: number): string {
  if (x === 0) return "0";
  if (Math.abs(x) >= 1e6 || Math.abs(x) < 0.01) {
    const [mantissa, exponent] = x.toExponential(2).split("e") as [string, string];
    const power = [...String(Number(exponent))]
      .map((c) => (c === "-" ? "⁻" : SUPERSCRIPT[Number(c)]))
      .join("");
    return `${mantissa} × 10${power}`;
  }
  return Number(x.toPrecision(3)).toLocaleString("en-US", { maximumFractionDigits: 4 });
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

/** Annual rates of occurrence that read naturally: once every N years, or N times a year. */
export const ANNUAL_RATES = [
  { aro: 0.1, text: "once every ten years" },
  { aro: 0.2, text: "once every five years" },
  { aro: 0.25, text: "once every four years" },
  { aro: 0.5, text: "once every two years" },
  { aro: 1, text: "once a year" },
  { aro: 2, text: "twice a year" },
] as const;

/** A value rounded to a "round" number of the given step. */
export function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

export function money(n: number): string {
  return formatValue(n, "usd");
}

export function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
