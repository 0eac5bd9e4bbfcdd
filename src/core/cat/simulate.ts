/**
 * Simulating examinees through a CAT: true abilities (and, optionally, speeds) in; estimates,
 * lengths, decisions, testing times and item exposure out, with the summary figures used to judge a
 * set of rules (RMSE, bias, correlation, classification accuracy, exposure and overlap, time-outs,
 * conditional SE). Pure and seeded; the caller times it.
 */
import { probability } from "../irt/models.js";
import { seededRandom } from "../random/seeded.js";
import { type ExposureStats, exposureStats } from "./exposure-stats.js";
import { type Pool, poolParams } from "./pool.js";
import { type ItemTimes, responseSeconds } from "./response-time.js";
import type { CatRules } from "./rules.js";
import { CatRun } from "./run.js";
import type { TrueParameters } from "./true-parameters.js";

export interface SimulatedExaminee {
  trueTheta: number;
  theta: number;
  se: number;
  /** Items delivered, pretest items (and an item cut short by the clock) included. */
  length: number;
  passed: boolean;
  reason: string;
  /** Testing time in minutes (timed simulations only). */
  minutes?: number;
  /** Whether the clock ended the test. */
  timedOut?: boolean;
  /** Items answered (pretest included) when the clock ended the test. */
  answered?: number;
}

export interface SimulationChunk {
  examinees: SimulatedExaminee[];
  /** Times each pool item was administered. */
  exposureCounts: Uint32Array;
  /** Times each pool item was selected by information, administered or not (differs under Sympson–Hetter). */
  selectionCounts: Uint32Array;
  steps: number;
}

/** Response times for a simulation: item time parameters, each examinee's speed, and the time limit. */
export interface SimulationTiming {
  items: ItemTimes;
  /** Speed τ of each examinee, parallel to the abilities. */
  speeds: readonly number[];
  /** The time limit in minutes; null: untimed (times are still recorded). */
  limitMinutes: number | null;
}

export interface SimulationOptions {
  /** Blueprint weights by domain id, for content balancing. */
  weights?: ReadonlyMap<string, number>;
  /** Number of the first examinee (each examinee's generator is seeded by the seed and its number). */
  offset?: number;
  onProgress?: (done: number) => void;
  timing?: SimulationTiming;
  /** The parameters examinees answer with (absent: the pool's own, i.e. the engine's beliefs are the truth). */
  truth?: TrueParameters;
}

/** Runs examinees `offset … offset + thetas.length − 1`, each with its own seeded generators. */
export function simulateExaminees(
  pool: Pool,
  rules: CatRules,
  thetas: readonly number[],
  seed: string,
  options: SimulationOptions = {},
): SimulationChunk {
  const { weights, offset = 0, onProgress, timing, truth } = options;
  const trueParams = (k: number) =>
    truth ? { a: truth.a[k]!, b: truth.b[k]!, c: truth.c[k]!, d: truth.d[k]! } : poolParams(pool, k);
  const exposureCounts = new Uint32Array(pool.size);
  const selectionCounts = new Uint32Array(pool.size);
  const examinees: SimulatedExaminee[] = [];
  const limitSeconds = timing?.limitMinutes != null ? timing.limitMinutes * 60 : Number.POSITIVE_INFINITY;
  let steps = 0;
  thetas.forEach((trueTheta, i) => {
    const rng = seededRandom(`${seed}:examinee:${offset + i}`);
    // Times come from a generator of their own, so timing a simulation changes no selection or answer.
    const clock = timing ? seededRandom(`${seed}:time:${offset + i}`) : undefined;
    const tau = timing?.speeds[i] ?? 0;
    const run = new CatRun(pool, rules, rng, weights, selectionCounts);
    let seconds = 0;
    const record = (d: { theta: number; se: number; passed: boolean; reason: string }, timedOut: boolean) => {
      examinees.push({
        trueTheta,
        theta: d.theta,
        se: d.se,
        length: run.administered.length,
        passed: d.passed,
        reason: d.reason,
        ...(timing ? { minutes: Math.min(seconds, limitSeconds) / 60, timedOut } : {}),
        ...(timedOut ? { answered: run.administered.filter((a) => a.score !== null).length } : {}),
      });
    };
    for (;;) {
      const d = run.next();
      steps++;
      if (d.kind === "stop") {
        record(d, false);
        break;
      }
      run.deliver(d.index, d.pretest);
      exposureCounts[d.index]!++;
      if (timing && clock) {
        seconds += responseSeconds(timing.items, d.index, tau, clock);
        if (seconds > limitSeconds) {
          // The clock ran out on this item: it stays unanswered and the time-out rule decides.
          record(run.timeOut(), true);
          break;
        }
      }
      run.answer(rng.next() < probability(trueTheta, trueParams(d.index)) ? 1 : 0);
    }
    onProgress?.(i + 1);
  });
  return { examinees, exposureCounts, selectionCounts, steps };
}

export interface TimingSummary {
  limitMinutes: number | null;
  meanMinutes: number;
  p90Minutes: number;
  /** Examinees whose test the clock ended, and how the time-out rule decided. */
  timedOut: {
    examinees: number;
    passed: number;
    failed: number;
    /** Of those, how many had answered fewer items than the rule's minimum (an automatic fail). */
    belowMinimum: number;
    /** Share of the timed-out examinees classified as their true θ deserves. */
    accuracy: number | null;
  };
}

export interface SimulationSummary {
  examinees: number;
  rmse: number;
  bias: number;
  correlation: number;
  length: { mean: number; min: number; max: number; p50: number; p90: number };
  classification: { accuracy: number; falsePass: number; falseFail: number };
  exposure: ExposureStats;
  timing: TimingSummary | null;
  conditionalSe: { band: string; examinees: number; meanSe: number; rmse: number }[];
  stopReasons: Record<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

/** The summed item exposure counts of several chunks. */
export function totalExposure(chunks: readonly SimulationChunk[], pool: Pool): Uint32Array {
  const exposure = new Uint32Array(pool.size);
  for (const c of chunks) for (let k = 0; k < pool.size; k++) exposure[k]! += c.exposureCounts[k]!;
  return exposure;
}

export interface SummaryOptions {
  /** Count the items given to more than this share of examinees (an exposure control's target). */
  exposureTarget?: number;
  /** The time limit the simulation ran under, to report beside the times. */
  limitMinutes?: number | null;
}

export function summarize(
  chunks: readonly SimulationChunk[],
  pool: Pool,
  rules: Pick<CatRules, "cut" | "timeOut">,
  options: SummaryOptions = {},
): SimulationSummary {
  const cut = rules.cut;
  const all = chunks.flatMap((c) => c.examinees);
  const n = all.length;
  const exposure = totalExposure(chunks, pool);
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
  const stats = exposureStats(
    exposure,
    Array.from(pool.pretest, (p) => !p),
    n,
    options.exposureTarget,
  );
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
    exposure: {
      max: round(stats.max),
      unused: round(stats.unused),
      overlap: round(stats.overlap),
      ...(stats.overTarget !== undefined ? { overTarget: stats.overTarget } : {}),
    },
    timing: timingSummary(all, rules, options.limitMinutes),
    conditionalSe: bands,
    stopReasons,
  };
}

function timingSummary(
  all: readonly SimulatedExaminee[],
  rules: Pick<CatRules, "cut" | "timeOut">,
  limitMinutes?: number | null,
): TimingSummary | null {
  const timed = all.filter((e) => e.minutes !== undefined);
  if (timed.length === 0) return null;
  const minutes = timed.map((e) => e.minutes!).sort((a, b) => a - b);
  const out = timed.filter((e) => e.timedOut);
  const minimum = rules.timeOut?.minAnswered ?? 0;
  const belowMinimum = out.filter((e) => (e.answered ?? 0) < minimum).length;
  const passed = out.filter((e) => e.passed).length;
  const right = out.filter((e) => e.passed === e.trueTheta >= rules.cut).length;
  return {
    limitMinutes: limitMinutes ?? null,
    meanMinutes: round(minutes.reduce((s, x) => s + x, 0) / minutes.length),
    p90Minutes: round(percentile(minutes, 0.9)),
    timedOut: {
      examinees: out.length,
      passed,
      failed: out.length - passed,
      belowMinimum,
      accuracy: out.length ? round(right / out.length) : null,
    },
  };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
