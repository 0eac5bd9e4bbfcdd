/**
 * Linking two calibrations through their common items: find A and B such that θ_old = A·θ_new + B,
 * which puts the new calibration's items on the old scale as a* = a/A, b* = A·b + B, c* = c.
 *
 * Stocking–Lord minimises the squared difference between the common items' test characteristic
 * curves; Haebara the sum over items of the squared differences between item characteristic curves.
 * Both integrate over the old scale's population (N(0, 1) on a 61-point grid by default). Starting
 * from mean–sigma, the two-parameter criterion is minimised by Nelder–Mead and polished by Newton
 * steps with numerical derivatives.
 */
import { type ItemParameters, probability } from "../models.js";
import { normalQuadrature, type QuadratureOptions } from "./quadrature.js";

export interface CommonItem {
  old: ItemParameters;
  new: ItemParameters;
}

export interface Linking {
  method: "stocking-lord" | "haebara";
  /** θ_old = A·θ_new + B. */
  A: number;
  B: number;
  /** The criterion at the solution. */
  criterion: number;
}

export function transformParameters(p: ItemParameters, A: number, B: number): ItemParameters {
  return { a: p.a / A, b: A * p.b + B, c: p.c, d: p.d };
}

export function meanSigma(common: readonly CommonItem[]): { A: number; B: number } {
  const mo = mean(common.map((c) => c.old.b));
  const mn = mean(common.map((c) => c.new.b));
  const so = sd(
    common.map((c) => c.old.b),
    mo,
  );
  const sn = sd(
    common.map((c) => c.new.b),
    mn,
  );
  const A = sn > 0 && so > 0 ? so / sn : 1;
  return { A, B: mo - A * mn };
}

export function link(
  common: readonly CommonItem[],
  method: Linking["method"],
  options: { quadrature?: QuadratureOptions; mean?: number; sd?: number } = {},
): Linking {
  if (common.length < 2)
    throw new RangeError(`linking needs at least two common items (got ${common.length})`);
  const { nodes, weights } = normalQuadrature(options.mean ?? 0, options.sd ?? 1, options.quadrature);
  const oldP = common.map((c) => Float64Array.from(nodes, (t) => probability(t, c.old)));
  const criterion = (A: number, B: number): number => {
    if (!(A > 0)) return Number.POSITIVE_INFINITY;
    const moved = common.map((c) => transformParameters(c.new, A, B));
    let total = 0;
    for (let q = 0; q < nodes.length; q++) {
      const t = nodes[q]!;
      if (method === "stocking-lord") {
        let diff = 0;
        for (let j = 0; j < moved.length; j++) diff += oldP[j]![q]! - probability(t, moved[j]!);
        total += weights[q]! * diff * diff;
      } else {
        let sum = 0;
        for (let j = 0; j < moved.length; j++) sum += (oldP[j]![q]! - probability(t, moved[j]!)) ** 2;
        total += weights[q]! * sum;
      }
    }
    return total;
  };
  const start = meanSigma(common);
  let [A, B] = nelderMead(([x, y]) => criterion(x!, y!), [start.A, start.B]);
  // Newton polish with central differences.
  for (let iter = 0; iter < 20; iter++) {
    const h = 1e-5;
    const f = criterion(A!, B!);
    const fa = (criterion(A! + h, B!) - criterion(A! - h, B!)) / (2 * h);
    const fb = (criterion(A!, B! + h) - criterion(A!, B! - h)) / (2 * h);
    const faa = (criterion(A! + h, B!) - 2 * f + criterion(A! - h, B!)) / (h * h);
    const fbb = (criterion(A!, B! + h) - 2 * f + criterion(A!, B! - h)) / (h * h);
    const fab =
      (criterion(A! + h, B! + h) -
        criterion(A! + h, B! - h) -
        criterion(A! - h, B! + h) +
        criterion(A! - h, B! - h)) /
      (4 * h * h);
    const det = faa * fbb - fab * fab;
    if (!(det > 0) || !(faa > 0)) break;
    const dA = (fbb * fa - fab * fb) / det;
    const dB = (faa * fb - fab * fa) / det;
    if (!(criterion(A! - dA, B! - dB) <= f)) break;
    A = A! - dA;
    B = B! - dB;
    if (Math.abs(dA) + Math.abs(dB) < 1e-12) break;
  }
  return { method, A: A!, B: B!, criterion: criterion(A!, B!) };
}

function nelderMead(f: (x: number[]) => number, start: number[]): number[] {
  const n = start.length;
  let simplex = [
    start,
    ...start.map((_, k) => start.map((v, i) => (i === k ? v + (Math.abs(v) > 0.1 ? 0.1 * v : 0.1) : v))),
  ];
  let values = simplex.map(f);
  for (let iter = 0; iter < 2000; iter++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    simplex = order.map(([, i]) => simplex[i]!);
    values = order.map(([v]) => v);
    if (Math.abs(values[n]! - values[0]!) < 1e-16 && iter > 50) break;
    const centroid = Array.from(
      { length: n },
      (_, k) => simplex.slice(0, n).reduce((s, p) => s + p[k]!, 0) / n,
    );
    const worst = simplex[n]!;
    const along = (t: number) => centroid.map((c, k) => c + t * (worst[k]! - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = along(-2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = along(fr < values[n]! ? -0.5 : 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n]!)) [simplex[n], values[n]] = [contracted, fc];
      else {
        simplex = simplex.map((p, i) =>
          i === 0 ? p : p.map((v, k) => simplex[0]![k]! + 0.5 * (v - simplex[0]![k]!)),
        );
        values = simplex.map(f);
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return simplex[best]!;
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function sd(xs: number[], m: number): number {
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}
