/**
 * Sympson–Hetter exposure control: each item gets a probability K_i of being administered once
 * selected, calibrated by simulation so that no item's administration rate exceeds r_max. Each
 * round simulates the population and scales down K_i for items over the target.
 */
import type { Pool } from "./pool.js";
import type { CatRules } from "./rules.js";
import { simulateExaminees } from "./simulate.js";

export function calibrateSympsonHetter(
  pool: Pool,
  rules: CatRules,
  thetas: readonly number[],
  seed: string,
  weights?: ReadonlyMap<string, number>,
  rmax = 0.25,
  rounds = 5,
): { round: number; maxRate: number }[] {
  pool.exposureControl.fill(1);
  const shRules: CatRules = { ...rules, exposure: { kind: "sympson-hetter" } };
  const trace: { round: number; maxRate: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const chunk = simulateExaminees(pool, shRules, thetas, `${seed}:sh:${r}`, weights);
    let maxRate = 0;
    for (let k = 0; k < pool.size; k++) {
      if (pool.pretest[k]) continue;
      const rate = chunk.exposureCounts[k]! / thetas.length;
      maxRate = Math.max(maxRate, rate);
      if (rate > rmax) pool.exposureControl[k] = Math.max(0.01, pool.exposureControl[k]! * (rmax / rate));
    }
    trace.push({ round: r + 1, maxRate });
  }
  return trace;
}
