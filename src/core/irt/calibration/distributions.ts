/**
 * The few distribution functions calibration needs: log Γ (Lanczos, g = 7), the regularised
 * incomplete gamma functions (series below a + 1, Lentz's continued fraction above), and from them
 * the χ² upper tail and the standard normal CDF (erfc x = Q(½, x²)). Accurate to about 1e-14.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0]!;
  for (let k = 1; k < 9; k++) s += LANCZOS[k]! / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a). */
export function upperGammaRegularized(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - Math.exp(logPrefix) * sum;
  }
  // Continued fraction for Q, modified Lentz.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < 10_000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(χ²_df > x). */
export function chiSquareSurvival(x: number, df: number): number {
  if (df <= 0) return Number.NaN;
  return upperGammaRegularized(df / 2, x / 2);
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const erfc = upperGammaRegularized(0.5, x * x);
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}
