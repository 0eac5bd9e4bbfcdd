/**
 * Runs simulated examinees for `certpath cat simulate`, in this thread or split over worker threads
 * that stay up for the whole command (Sympson–Hetter calibration sends them a share of every round).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Pool, PoolItem } from "../../core/cat/pool.js";
import type { ItemTimes } from "../../core/cat/response-time.js";
import type { CatRules } from "../../core/cat/rules.js";
import { type SimulationChunk, simulateExaminees } from "../../core/cat/simulate.js";
import type { TrueParameters } from "../../core/cat/true-parameters.js";

export interface WorkerSetup {
  items: PoolItem[];
  domains: string[];
  weights: [string, number][] | null;
  times: { beta: number[]; alpha: number[] };
  /** The true parameters examinees answer with (null: the pool's own). */
  truth: { a: number[]; b: number[]; c: number[]; d: number[] } | null;
}

export interface WorkerJob {
  rules: CatRules;
  exposureControl: number[];
  thetas: number[];
  speeds: number[];
  limitMinutes: number | null;
  seed: string;
  offset: number;
}

interface WorkerReply {
  progress?: number;
  result?: Omit<SimulationChunk, "exposureCounts" | "selectionCounts"> & {
    exposureCounts: number[];
    selectionCounts: number[];
  };
}

export const workerFile = fileURLToPath(new URL("./simulate-worker.js", import.meta.url));

/** Whether worker threads can run here (the compiled worker exists: not under the TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(workerFile);
}

export interface Batch {
  rules: CatRules;
  thetas: readonly number[];
  speeds: readonly number[];
  limitMinutes: number | null;
  seed: string;
}

export class SimulationRunner {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly pool: Pool,
    items: PoolItem[],
    private readonly weights: Map<string, number> | undefined,
    private readonly times: ItemTimes,
    threads: number,
    private readonly truth?: TrueParameters,
  ) {
    if (threads <= 1 || !workersAvailable()) return;
    const setup: WorkerSetup = {
      items,
      domains: pool.domains,
      weights: weights ? [...weights] : null,
      times: { beta: Array.from(times.beta), alpha: Array.from(times.alpha) },
      truth: truth
        ? { a: Array.from(truth.a), b: Array.from(truth.b), c: Array.from(truth.c), d: Array.from(truth.d) }
        : null,
    };
    for (let w = 0; w < threads; w++) this.workers.push(new Worker(workerFile, { workerData: setup }));
  }

  get threads(): number {
    return Math.max(1, this.workers.length);
  }

  /** Simulates a batch with the pool's current exposure-control values; `onProgress` gets the examinees done. */
  async run(batch: Batch, onProgress: (done: number) => void = () => {}): Promise<SimulationChunk[]> {
    if (this.workers.length === 0)
      return [
        simulateExaminees(this.pool, batch.rules, batch.thetas, batch.seed, {
          weights: this.weights,
          truth: this.truth,
          timing: { items: this.times, speeds: batch.speeds, limitMinutes: batch.limitMinutes },
          onProgress,
        }),
      ];
    const per = Math.ceil(batch.thetas.length / this.workers.length);
    const done = this.workers.map(() => 0);
    const exposureControl = Array.from(this.pool.exposureControl);
    return Promise.all(
      this.workers.map(
        (worker, w) =>
          new Promise<SimulationChunk>((resolve, reject) => {
            const onMessage = (m: WorkerReply) => {
              if (m.progress !== undefined) {
                done[w] = m.progress;
                onProgress(done.reduce((s, x) => s + x, 0));
              }
              if (m.result) {
                worker.off("message", onMessage);
                worker.off("error", reject);
                resolve({
                  examinees: m.result.examinees,
                  exposureCounts: Uint32Array.from(m.result.exposureCounts),
                  selectionCounts: Uint32Array.from(m.result.selectionCounts),
                  steps: m.result.steps,
                });
              }
            };
            worker.on("message", onMessage);
            worker.on("error", reject);
            const job: WorkerJob = {
              rules: batch.rules,
              exposureControl,
              thetas: batch.thetas.slice(w * per, (w + 1) * per),
              speeds: batch.speeds.slice(w * per, (w + 1) * per),
              limitMinutes: batch.limitMinutes,
              seed: batch.seed,
              offset: w * per,
            };
            worker.postMessage(job);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
