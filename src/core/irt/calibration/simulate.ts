/**
 * Simulated data with known truth, for parameter-recovery checks and benchmarks: item parameters
 * drawn from stated distributions, abilities from a normal population, responses from the model,
 * and optionally a design where each person sees only some items (missing at random). Seeded.
 */
import type { Random } from "../../random/seeded.js";
import { type ItemParameters, probability } from "../models.js";
import type { MmlModel } from "./mml-model.js";
import { type ResponseMatrix, responseMatrix } from "./response-matrix.js";

/**
 * True parameters: b ~ N(0, 1); for the 2PL and 3PL a = exp(N(0, 0.3²)) (median 1, most within
 * 0.55–1.8); for the 3PL c ~ U(0.1, 0.3); the Rasch model a = 1.
 */
export function randomItems(n: number, model: MmlModel, rng: Random): ItemParameters[] {
  return Array.from({ length: n }, () => ({
    a: model === "rasch" ? 1 : Math.exp(0.3 * rng.normal()),
    b: rng.normal(),
    c: model === "3pl" ? 0.1 + 0.2 * rng.next() : 0,
    d: 1,
  }));
}

export interface SimulationOptions {
  mean?: number;
  sd?: number;
  /** Probability that a cell is missing (default 0). */
  missing?: number;
}

export function simulateResponses(
  items: readonly ItemParameters[],
  persons: number,
  rng: Random,
  options: SimulationOptions = {},
): { matrix: ResponseMatrix; thetas: Float64Array } {
  const { mean = 0, sd = 1, missing = 0 } = options;
  const thetas = new Float64Array(persons);
  const rows = Array.from({ length: persons }, (_, i) => {
    const theta = mean + sd * rng.normal();
    thetas[i] = theta;
    return {
      person: `p${i + 1}`,
      scores: items.map((p) => {
        if (missing > 0 && rng.next() < missing) return null;
        return rng.next() < probability(theta, p) ? (1 as const) : (0 as const);
      }),
    };
  });
  return {
    matrix: responseMatrix(
      items.map((_, j) => `i${j + 1}`),
      rows,
    ),
    thetas,
  };
}
