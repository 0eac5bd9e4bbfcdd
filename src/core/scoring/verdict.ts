/**
 * What a score's likely range says about passing, in the same words on every page: a pass or fail
 * is stated only for a full-length simulation or an adaptive test; otherwise the range speaks.
 */

export interface Scaled {
  score: number;
  band: [number, number];
  passing: number;
  passed: boolean;
}

export type RangeVerdict = "likely-pass" | "likely-fail" | "too-close";

/** Clearly above the passing score, clearly below, or too close to call. */
export function verdictOf(s: Scaled): RangeVerdict {
  if (s.band[0] >= s.passing) return "likely-pass";
  if (s.band[1] < s.passing) return "likely-fail";
  return "too-close";
}

/** Whether an attempt of this kind and length earns a pass or fail. */
export function isDecisive(behaviour: string, items: number, fullLength: number): boolean {
  return behaviour === "adaptive" || (behaviour === "exam" && items >= fullLength);
}

/** "PASS", "FAIL", "likely a pass", "likely not yet", "too close to call". */
export function shortVerdict(s: Scaled, decisive: boolean): string {
  if (decisive) return s.passed ? "PASS" : "FAIL";
  const v = verdictOf(s);
  return v === "likely-pass" ? "likely a pass" : v === "likely-fail" ? "likely not yet" : "too close to call";
}
