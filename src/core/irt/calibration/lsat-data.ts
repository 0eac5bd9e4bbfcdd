/**
 * The LSAT sections 6 and 7 data of Bock & Lieberman (1970, Psychometrika 35, 179–197): 1,000
 * examinees × 5 items each, published as counts of the 32 response patterns. Used by the tests to
 * check calibration against published estimates (ltm's `LSAT` is section 6; mirt's `LSAT6` and
 * `LSAT7`). Counts as in the table of the psych package's `bock.table` (columns Ob6 and Ob7).
 */
import { matrixFromPatterns, type ResponseMatrix } from "./response-matrix.js";

const PATTERNS = Array.from({ length: 32 }, (_, i) => i.toString(2).padStart(5, "0"));
const SECTION6 = [
  3, 6, 2, 11, 1, 1, 3, 4, 1, 8, 0, 16, 0, 3, 2, 15, 10, 29, 14, 81, 3, 28, 15, 80, 16, 56, 21, 173, 11, 61,
  28, 298,
];
const SECTION7 = [
  12, 19, 1, 7, 3, 19, 3, 17, 10, 5, 3, 7, 7, 23, 8, 28, 7, 39, 11, 34, 14, 51, 15, 90, 6, 25, 7, 35, 18, 136,
  32, 308,
];
const ITEMS = ["item1", "item2", "item3", "item4", "item5"];

function build(counts: number[]): ResponseMatrix {
  const kept = PATTERNS.map((p, i) => [p, counts[i]!] as const).filter(([, c]) => c > 0);
  return matrixFromPatterns(
    ITEMS,
    kept.map(([p]) => p),
    kept.map(([, c]) => c),
  );
}

export const lsat6 = (): ResponseMatrix => build(SECTION6);
export const lsat7 = (): ResponseMatrix => build(SECTION7);
