/**
 * Simulating examinees through a CAT: true abilities in, estimates, lengths, decisions and item
 * exposure out, with the summary figures used to judge a set of rules (RMSE, bias, correlation,
 * classification accuracy, exposure, conditional SE). Pure and seeded; the caller times it.
 */
import { probability } from "../irt/models.js";
import { seededRandom } from "../random/seeded.js";
import { type Pool, poolParams } from "./pool.js";
import type { CatRules } from "./rules.js";
import { CatRun } from "./run.js";

export interface SimulatedExaminee {
  trueTheta: number;
  theta: number;
  se: number;
  length: number;
  passed: boolean;
  reason: string;
}

export interface SimulationChunk {
  examinees: SimulatedExaminee[];
  /** Times each pool item was administered. */
  exposureCounts: Uint32Array;
  steps: number;
}

/** Runs examinees `offset … offset + thetas.length − 1`, each with its own seeded generator. */
export function simulateExaminees(
  pool: Pool,
  rules: CatRules,
  thetas: readonly number[],
  seed: string,
  weights?: ReadonlyMap<string, number>,
  offset = 0,
  onProgress?: (done: number) => void,
): SimulationChunk {
  const exposureCounts = new Uint32Array(pool.size);
  const examinees: SimulatedExaminee[] = [];
  let steps = 0;
  thetas.forEach((trueTheta, i) => {
    const rng = seededRandom(`${seed}:examinee:${offset + i}`);
    const run = new CatRun(pool, rules, rng, weights);
    for (;;) {
      const d = run.next();
      steps++;
      if (d.kind === "stop") {
        examinees.push({
          trueTheta,
          theta: d.theta,
          se: d.se,
          length: run.administered.length,
          passed: d.passed,
          reason: d.reason,
        });
        break;
      }
      run.deliver(d.index, d.pretest);
      exposureCounts[d.index]!++;
      run.answer(rng.next() < probability(trueTheta, poolParams(pool, d.index)) ? 1 : 0);
    }
    onProgress?.(i + 1);
  });
  return { examinees, exposureCounts, steps };
}

export interface SimulationSummary {
  examinees: number;
  rmse: number;
  bias: number;
  correlation: number;
  length: { mean: number; min: number; max: number; p50: number; p90: number };
  classification: { accuracy: number; falsePass: number; falseFail: number };
  exposure: { max: number; unused: number };
  conditionalSe: { band: string; examinees: number; meanSe: number; rmse: number }[];
  stopReasons: Record<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(chunks: readonly SimulationChunk[], pool: Pool, cut: number): SimulationSummary {
  const all = chunks.flatMap((c) => c.examinees);
  const n = all.length;
  const exposure = new Uint32Array(pool.size);
  for (const c of chunks) for (let k = 0; k < pool.size; k++) exposure[k]! += c.exposureCounts[k]!;
  let se2 = 0;
  let bias = 0;
  let mx = 0;
  let my = 0;
  for (const e of all) {
    se2 += (e.theta - e.trueTheta) ** 2;
    bias += e.theta - e.trueTheta;
    mx += e.trueTheta;
    my += e.theta;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const e of all) {
    sxy += (e.trueTheta - mx) * (e.theta - my);
    sxx += (e.trueTheta - mx) ** 2;
    syy += (e.theta - my) ** 2;
  }
  const lengths = all.map((e) => e.length).sort((a, b) => a - b);
  let correct = 0;
  let falsePass = 0;
  let falseFail = 0;
  for (const e of all) {
    const truePass = e.trueTheta >= cut;
    if (e.passed === truePass) correct++;
    else if (e.passed) falsePass++;
    else falseFail++;
  }
  const operational = [...Array(pool.size).keys()].filter((k) => !pool.pretest[k]);
  let maxExposure = 0;
  let unused = 0;
  for (const k of operational) {
    maxExposure = Math.max(maxExposure, exposure[k]! / n);
    if (exposure[k] === 0) unused++;
  }
  const bands: SimulationSummary["conditionalSe"] = [];
  for (let lo = -3; lo < 3; lo += 1) {
    const inBand = all.filter((e) => e.trueTheta >= lo && e.trueTheta < lo + 1);
    if (inBand.length === 0) continue;
    bands.push({
      band: `[${lo}, ${lo + 1})`,
      examinees: inBand.length,
      meanSe: round(inBand.reduce((s, e) => s + e.se, 0) / inBand.length),
      rmse: round(Math.sqrt(inBand.reduce((s, e) => s + (e.theta - e.trueTheta) ** 2, 0) / inBand.length)),
    });
  }
  const stopReasons: Record<string, number> = {};
  for (const e of all) {
    const key = e.reason.split(":")[0]!;
    stopReasons[key] = (stopReasons[key] ?? 0) + 1;
  }
  return {
    examinees: n,
    rmse: round(Math.sqrt(se2 / n)),
    bias: round(bias / n),
    correlation: round(sxy / Math.sqrt(sxx * syy)),
    length: {
      mean: round(lengths.reduce((s, x) => s + x, 0) / n),
      min: lengths[0] ?? 0,
      max: lengths[lengths.length - 1] ?? 0,
      p50: percentile(lengths, 0.5),
      p90: percentile(lengths, 0.9),
    },
    classification: {
      accuracy: round(correct / n),
      falsePass: round(falsePass / n),
      falseFail: round(falseFail / n),
    },
    exposure: { max: round(maxExposure), unused: round(unused / Math.max(1, operational.length)) },
    conditionalSe: bands,
    stopReasons,
  };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
