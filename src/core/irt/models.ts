/**
 * Item response models on the logistic metric (D = 1 by default): Rasch/1PL, 2PL, 3PL and 4PL as
 * one parameterisation. Probabilities and log-likelihoods are computed in a numerically stable way
 * (no overflow at |θ| = 10 or beyond).
 */

export interface ItemParameters {
  /** Discrimination (slope), a ≥ 0. */
  a: number;
  /** Difficulty (location). */
  b: number;
  /** Lower asymptote (guessing), 0 ≤ c < 1. */
  c: number;
  /** Upper asymptote, c < d ≤ 1 (1 for the 1PL–3PL). */
  d: number;
}

/** Authors' priors until items are calibrated: a = 1, c = 0, d = 1, b = the author's difficulty. */
export function priorParameters(difficulty: number): ItemParameters {
  return { a: 1, b: difficulty, c: 0, d: 1 };
}

/** The logistic function 1/(1+e^−x), stable for large |x|. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** P(correct | θ). `scale` is the scaling constant D (1 for the logistic metric, 1.702 for the normal-ogive metric). */
export function probability(theta: number, p: ItemParameters, scale = 1): number {
  return p.c + (p.d - p.c) * logistic(scale * p.a * (theta - p.b));
}

/** log P(correct) and log P(incorrect), stable in the tails. */
export function logProbabilities(theta: number, p: ItemParameters, scale = 1): [number, number] {
  const z = scale * p.a * (theta - p.b);
  // log σ(z) = −log(1+e^−z); log(1−σ(z)) = −log(1+e^z)
  const logSig = -softplus(-z);
  const logOneMinusSig = -softplus(z);
  if (p.c === 0 && p.d === 1) return [logSig, logOneMinusSig];
  const pr = p.c + (p.d - p.c) * Math.exp(logSig);
  const q = 1 - p.d + (p.d - p.c) * Math.exp(logOneMinusSig);
  return [Math.log(pr), Math.log(q)];
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Fisher information of an item at θ. */
export function itemInformation(theta: number, p: ItemParameters, scale = 1): number {
  const sig = logistic(scale * p.a * (theta - p.b));
  const pr = p.c + (p.d - p.c) * sig;
  const dp = scale * p.a * (p.d - p.c) * sig * (1 - sig);
  const q = 1 - pr;
  if (pr <= 0 || q <= 0) return 0;
  return (dp * dp) / (pr * q);
}
