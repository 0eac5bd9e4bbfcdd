/** A worker thread that simulates a share of the examinees of `certpath cat simulate`. */
import { parentPort, workerData } from "node:worker_threads";
import { buildPool, type PoolItem } from "../../core/cat/pool.js";
import type { CatRules } from "../../core/cat/rules.js";
import { simulateExaminees } from "../../core/cat/simulate.js";

interface Job {
  items: PoolItem[];
  domains: string[];
  exposureControl: number[];
  rules: CatRules;
  thetas: number[];
  seed: string;
  weights: [string, number][] | null;
  offset: number;
}

const job = workerData as Job;
const pool = buildPool(job.items, job.domains);
pool.exposureControl.set(job.exposureControl);
const chunk = simulateExaminees(
  pool,
  job.rules,
  job.thetas,
  job.seed,
  job.weights ? new Map(job.weights) : undefined,
  job.offset,
  (done) => {
    if (done % 25 === 0) parentPort!.postMessage({ progress: done });
  },
);
parentPort!.postMessage({
  result: {
    examinees: chunk.examinees,
    exposureCounts: Array.from(chunk.exposureCounts),
    steps: chunk.steps,
  },
});
