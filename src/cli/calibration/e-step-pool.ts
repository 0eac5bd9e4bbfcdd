/**
 * E-steps of an MML calibration over both cores: the persons are split into slices of about equal
 * numbers of responses; worker threads each hold one slice for the whole run and this thread
 * computes the first, so a 2-core machine runs one worker. The counts are added up in a fixed
 * order, so results do not depend on timing.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  addCounts,
  type ExpectedCounts,
  expectedCounts,
  type NodeTables,
} from "../../core/irt/calibration/e-step.js";
import { type ResponseMatrix, sliceRows } from "../../core/irt/calibration/response-matrix.js";

export interface EStepPool {
  /** Threads in use, this one included. */
  threads: number;
  eStep(tables: NodeTables): Promise<ExpectedCounts>;
  close(): Promise<void>;
}

const WORKER_FILE = fileURLToPath(new URL("./e-step-worker.js", import.meta.url));

/** Threads worth using: one per core (at most `max`), or one for small data or without the built worker. */
export function defaultThreads(m: ResponseMatrix, max = 2): number {
  if (!existsSync(WORKER_FILE)) return 1;
  if (m.item.length < 200_000) return 1;
  return Math.max(1, Math.min(max, availableParallelism()));
}

export function createEStepPool(m: ResponseMatrix, threads = defaultThreads(m)): EStepPool {
  const n = Math.max(1, Math.min(threads, m.persons.length, existsSync(WORKER_FILE) ? threads : 1));
  // Cut points with about equal numbers of responses in each slice.
  const cuts = [0];
  const cells = m.item.length;
  for (let s = 1; s < n; s++) {
    const target = (cells * s) / n;
    let i = cuts[s - 1]!;
    while (i < m.persons.length && m.start[i]! < target) i++;
    cuts.push(i);
  }
  cuts.push(m.persons.length);
  const own = sliceRows(m, cuts[0]!, cuts[1]!);
  const workers = Array.from({ length: n - 1 }, (_, w) => {
    const slice = sliceRows(m, cuts[w + 1]!, cuts[w + 2]!);
    return new Worker(WORKER_FILE, { workerData: slice });
  });
  const ask = (worker: Worker, tables: NodeTables) =>
    new Promise<ExpectedCounts>((resolve, reject) => {
      const onMessage = (c: ExpectedCounts) => {
        worker.off("error", onError);
        resolve(c);
      };
      const onError = (e: Error) => {
        worker.off("message", onMessage);
        reject(e);
      };
      worker.once("message", onMessage);
      worker.once("error", onError);
      worker.postMessage(tables);
    });
  return {
    threads: n,
    async eStep(tables) {
      const pending = workers.map((w) => ask(w, tables));
      const total = expectedCounts(own, tables);
      for (const c of await Promise.all(pending)) addCounts(total, c);
      return total;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
