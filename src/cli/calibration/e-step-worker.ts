/** A worker thread holding a slice of the persons, computing E-steps of an MML calibration on request. */
import { parentPort, workerData } from "node:worker_threads";
import { expectedCounts, type NodeTables } from "../../core/irt/calibration/e-step.js";
import type { ResponseMatrix } from "../../core/irt/calibration/response-matrix.js";

const slice = workerData as ResponseMatrix;
parentPort!.on("message", (tables: NodeTables) => {
  const c = expectedCounts(slice, tables);
  parentPort!.postMessage(c, [
    c.r.buffer as ArrayBuffer,
    c.n.buffer as ArrayBuffer,
    c.mass.buffer as ArrayBuffer,
  ]);
});
