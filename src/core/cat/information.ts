/** Fisher information of a pool item, computed from the pool's typed arrays (the CAT's inner loop). */
import type { Pool } from "./pool.js";

/** Fisher information of pool item k at θ. */
export function information(pool: Pool, k: number, theta: number, scale = 1): number {
  const a = pool.a[k]!;
  const c = pool.c[k]!;
  const d = pool.d[k]!;
  const z = scale * a * (theta - pool.b[k]!);
  const sig = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  if (c === 0 && d === 1) return scale * scale * a * a * sig * (1 - sig);
  const p = c + (d - c) * sig;
  const dp = scale * a * (d - c) * sig * (1 - sig);
  return (dp * dp) / (p * (1 - p));
}
