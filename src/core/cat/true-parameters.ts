/**
 * The item parameters a simulation answers with, when they differ from those the engine believes.
 * Real items never behave exactly as their authors' priors say: a simulation that answers with the
 * priors it selects and scores with flatters the CAT. `perturbedTruth` draws, per item and seeded,
 * true b = believed b + N(0, sd_b²), true a uniform in [a_min, a_max] and true c uniform in [0, c_max]
 * (the issue-17 defaults: sd_b 0.5, a in [0.5, 2], c up to 0.25); the engine keeps scoring with its beliefs.
 */
import { seededRandom } from "../random/seeded.js";
import type { Pool } from "./pool.js";

/** True parameters of each pool item, parallel to the pool's arrays. */
export interface TrueParameters {
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  d: Float64Array;
}

export interface Mismatch {
  bSd: number;
  aMin: number;
  aMax: number;
  cMax: number;
}

export const DEFAULT_MISMATCH: Mismatch = { bSd: 0.5, aMin: 0.5, aMax: 2, cMax: 0.25 };

/** Seeded true parameters for every item of the pool, drawn around the believed ones. */
export function perturbedTruth(pool: Pool, seed: string, m: Mismatch = DEFAULT_MISMATCH): TrueParameters {
  const rng = seededRandom(`truth:${seed}`);
  const n = pool.size;
  const t: TrueParameters = {
    a: new Float64Array(n),
    b: new Float64Array(n),
    c: new Float64Array(n),
    d: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    t.b[k] = pool.b[k]! + m.bSd * rng.normal();
    t.a[k] = m.aMin + (m.aMax - m.aMin) * rng.next();
    t.c[k] = m.cMax * rng.next();
    t.d[k] = pool.d[k]!;
  }
  return t;
}

/** How far the truth lies from the beliefs, over the operational items: mean and SD of b − b̂, mean a and c. */
export function mismatchSummary(pool: Pool, t: TrueParameters) {
  let n = 0;
  let sb = 0;
  let sbb = 0;
  let sa = 0;
  let sc = 0;
  for (let k = 0; k < pool.size; k++) {
    if (pool.pretest[k]) continue;
    const db = t.b[k]! - pool.b[k]!;
    n++;
    sb += db;
    sbb += db * db;
    sa += t.a[k]!;
    sc += t.c[k]!;
  }
  const mean = n ? sb / n : 0;
  const r = (x: number) => Math.round(x * 10000) / 10000;
  return {
    items: n,
    meanBShift: r(mean),
    sdBShift: r(n ? Math.sqrt(Math.max(0, sbb / n - mean * mean)) : 0),
    meanTrueA: r(n ? sa / n : 0),
    meanTrueC: r(n ? sc / n : 0),
  };
}
