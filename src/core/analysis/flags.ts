/**
 * What item analysis flags for an author to look at, each in one sentence, and the thresholds in
 * one place. Flags that judge discrimination or distractors need enough responses to mean anything
 * (`minResponses`); a DIF flag rests on the Mantel–Haenszel test's own significance.
 */
import type { EtsCategory } from "./mantel-haenszel.js";

export type FlagCode =
  | "key-may-be-wrong"
  | "chosen-by-nobody"
  | "negative-discrimination"
  | "weak-discrimination"
  | "distractor-draws-strong"
  | "below-chance"
  | "very-easy"
  | "often-omitted"
  | "dif";

export interface ItemFlag {
  code: FlagCode;
  message: string;
}

export const FLAG_RULES = {
  /** Responses an item needs before its discrimination and distractors are judged. */
  minResponses: 20,
  /** Corrected item–total correlation below which discrimination is weak (Ebel's 0.20). */
  weakDiscrimination: 0.2,
  /** p-value from which an item is too easy to tell candidates apart. */
  veryEasy: 0.95,
  /** Share of candidates leaving an item unanswered from which it is flagged. */
  omission: 0.1,
  /** A distractor chosen by at least this share whose choosers score above the rest is flagged. */
  distractorShare: 0.05,
} as const;

/** The name of a score group's kind for `groups` groups ("quintile" for 5). */
export function groupName(groups: number): string {
  return groups === 5 ? "quintile" : groups === 4 ? "quartile" : groups === 2 ? "half" : "group";
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const r2 = (x: number) => `${x < 0 ? "−" : x > 0 ? "+" : ""}${Math.abs(x).toFixed(2)}`;

/** An option as a flag names it: its authored id, or a family's misconception cut short. */
export function optionLabel(id: string): string {
  if (id.length <= 3) return id;
  return `"${id.length > 60 ? `${id.slice(0, 57)}…` : id}"`;
}

export const flagMessages = {
  keyMayBeWrong: (groups: number, option: string, key: string, single: boolean) =>
    single
      ? `top ${groupName(groups)} prefers ${optionLabel(option)}: key may be wrong`
      : `top ${groupName(groups)} chooses ${optionLabel(option)} more often than the keyed ${optionLabel(key)}: key may be wrong`,
  chosenByNobody: (option: string, offered: number) =>
    `${optionLabel(option)} chosen by nobody (offered ${offered} times): it does no work as a distractor`,
  negativeDiscrimination: (r: number) =>
    `negative discrimination (corrected item–total r = ${r2(r)}): candidates who do better on the rest of the form get it wrong more often; check the key and the wording`,
  weakDiscrimination: (r: number) =>
    `weak discrimination (corrected item–total r = ${r2(r)}): it barely tells stronger candidates from weaker ones`,
  distractorDrawsStrong: (option: string, r: number) =>
    `${optionLabel(option)} draws stronger candidates (r = ${r2(r)} with the rest score): it may be defensible`,
  belowChance: (p: number, chance: number) =>
    `fewer right (${pct(p)}) than blind guessing would give (${pct(chance)})`,
  veryEasy: (p: number) => `nearly everyone gets it right (${pct(p)}): it tells candidates apart little`,
  oftenOmitted: (rate: number) => `left unanswered by ${pct(rate)} of candidates`,
  dif: (ets: EtsCategory, delta: number | null, se: number | null, reference: string, focal: string) =>
    `DIF ${ets.replace("-", "−")} (${
      delta === null || se === null ? "Δ_MH beyond any bound" : `Δ_MH ${r2(delta)}, SE ${se.toFixed(2)}`
    }): ${ets.endsWith("-") ? "harder" : "easier"} for ${focal} than for ${reference} candidates of equal score`,
};
