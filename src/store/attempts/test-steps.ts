/** Steps for the attempt store's tests (left out of the build). */
import type { Step } from "../../core/exam/steps.js";

/** The start step of an ISSMP exam attempt over `items`, each with four options in order A–D. */
export function startStep(items: readonly string[], version: number, timeLimitMs: number): Step {
  return {
    seq: 0,
    at: 1000,
    kind: "start",
    exam: "issmp",
    behaviour: "exam",
    seed: "s",
    form: items.map((id) => ({
      id,
      domain: "1",
      subdomain: "1.1",
      task: "issmp:1.1.1",
      pretest: false,
      order: ["A", "B", "C", "D"],
      version,
    })),
    timeLimitMs,
  };
}
