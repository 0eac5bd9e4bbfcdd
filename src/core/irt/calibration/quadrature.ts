/**
 * Rectangular quadrature for the ability distribution: equally spaced nodes on [−limit, limit] with
 * weights proportional to a normal density, normalised to sum to 1 (as Bock & Aitkin's EM and the
 * reference programs use). The default is 61 nodes on [−6, 6].
 */

export interface Quadrature {
  nodes: Float64Array;
  /** Weights summing to 1. */
  weights: Float64Array;
}

export interface QuadratureOptions {
  points?: number;
  limit?: number;
}

export const DEFAULT_QUADRATURE = { points: 61, limit: 6 } as const;

/** Nodes on [−limit, limit] and N(mean, sd²) weights. */
export function normalQuadrature(mean = 0, sd = 1, options: QuadratureOptions = {}): Quadrature {
  const { points = DEFAULT_QUADRATURE.points, limit = DEFAULT_QUADRATURE.limit } = options;
  if (!Number.isInteger(points) || points < 5)
    throw new RangeError(`quadrature needs at least 5 points (got ${points})`);
  if (!(limit > 0)) throw new RangeError(`the quadrature limit must be positive (got ${limit})`);
  const nodes = new Float64Array(points);
  for (let q = 0; q < points; q++) nodes[q] = -limit + (2 * limit * q) / (points - 1);
  return { nodes, weights: normalWeights(nodes, mean, sd) };
}

/** Normal weights on given nodes, normalised to sum to 1. */
export function normalWeights(nodes: Float64Array, mean: number, sd: number): Float64Array {
  const w = new Float64Array(nodes.length);
  let s = 0;
  for (let q = 0; q < nodes.length; q++) {
    const z = (nodes[q]! - mean) / sd;
    w[q] = Math.exp(-0.5 * z * z);
    s += w[q]!;
  }
  for (let q = 0; q < nodes.length; q++) w[q]! /= s;
  return w;
}
