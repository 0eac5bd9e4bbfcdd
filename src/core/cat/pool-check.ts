/** Whether a pool is large enough for a set of rules, in words a candidate or author can act on. */
import { InputError } from "../input-error.js";
import type { Pool } from "./pool.js";
import type { CatRules } from "./rules.js";

export function checkPoolSize(pool: Pool, rules: CatRules, label: string): void {
  let operational = 0;
  let pretest = 0;
  for (let k = 0; k < pool.size; k++) {
    if (pool.pretest[k]) pretest++;
    else operational++;
  }
  const needOperational = rules.maxItems - rules.pretest;
  const missing: string[] = [];
  if (operational < needOperational)
    missing.push(
      `${needOperational - operational} operational (live) item(s): it has ${operational} of the ${needOperational} needed`,
    );
  if (pretest < rules.pretest)
    missing.push(
      `${rules.pretest - pretest} pretest (review) item(s): it has ${pretest} of the ${rules.pretest} needed`,
    );
  if (missing.length)
    throw new InputError(
      `the ${label} bank is too small for these adaptive rules; it lacks ${missing.join(" and ")}`,
    );
}
