/**
 * A worker thread of `certpath cat simulate`: it builds the pool once, then simulates each share of
 * examinees it is sent (a Sympson–Hetter calibration round or the simulation itself).
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildPool } from "../../core/cat/pool.js";
import { simulateExaminees } from "../../core/cat/simulate.js";
import type { WorkerJob, WorkerSetup } from "./simulation-runner.js";

const setup = workerData as WorkerSetup;
const pool = buildPool(setup.items, setup.domains);
const weights = setup.weights ? new Map(setup.weights) : undefined;
const truth = setup.truth
  ? {
      a: Float64Array.from(setup.truth.a),
      b: Float64Array.from(setup.truth.b),
      c: Float64Array.from(setup.truth.c),
      d: Float64Array.from(setup.truth.d),
    }
  : undefined;
const times = { beta: Float64Array.from(setup.times.beta), alpha: Float64Array.from(setup.times.alpha) };

parentPort!.on("message", (job: WorkerJob) => {
  pool.exposureControl.set(job.exposureControl);
  const chunk = simulateExaminees(pool, job.rules, job.thetas, job.seed, {
    weights,
    truth,
    offset: job.offset,
    timing: { items: times, speeds: job.speeds, limitMinutes: job.limitMinutes },
    onProgress: (done) => {
      if (done % 25 === 0) parentPort!.postMessage({ progress: done });
    },
  });
  parentPort!.postMessage({
    result: {
      examinees: chunk.examinees,
      exposureCounts: Array.from(chunk.exposureCounts),
      selectionCounts: Array.from(chunk.selectionCounts),
      steps: chunk.steps,
    },
  });
});
