/**
 * Tail probabilities for the significance tests: the complementary error function, the upper tail
 * of the standard normal, and of a chi-square with one degree of freedom (the Mantel–Haenszel test).
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erfc(x) = 1 − erf(x), to about 1e-14 relative: the Maclaurin series of erf below 2 (no
 * cancellation worth the name there, erfc(2) ≈ 0.0047), and the continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) from 2 on, evaluated
 * by the modified Lentz method.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π · Σ (−1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - TWO_OVER_SQRT_PI * sum;
  }
  if (x > 27) return 0;
  // Continued fraction b0 + a1/(b1 + a2/(b2 + …)) with b_k = x and a_k = k/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** P(Z > z) for a standard normal Z. */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** P(X > x) for a chi-square X with one degree of freedom. */
export function chiSquare1Upper(x: number): number {
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}
