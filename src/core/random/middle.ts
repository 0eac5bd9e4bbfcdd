/**
 * A generator that always returns the middle of the range and the first choice, and shuffles
 * nothing: for hand-worked cases of code that takes a `Random`.
 */
import type { Random } from "./seeded.js";

export const middleRandom: Random = {
  next: () => 0.5,
  int: () => 0,
  shuffle: (xs) => [...xs],
  pick: (xs) => xs[0]!,
  normal: () => 0,
};
