/**
 * Builds the free-value layout and starting values of an MML calibration from the response matrix,
 * the model and any anchor items.
 */
import type { ItemParameters } from "../models.js";
import type { MmlLayout, MmlModel } from "./mml-model.js";
import type { CalibrationPriors } from "./priors.js";
import { DEFAULT_QUADRATURE, normalQuadrature, type QuadratureOptions } from "./quadrature.js";
import { itemCounts, type ResponseMatrix } from "./response-matrix.js";

export interface MmlSetupOptions {
  model: MmlModel;
  /** Anchor items (item index → parameters), kept fixed; the population mean and SD are then estimated. */
  anchors?: ReadonlyMap<number, ItemParameters>;
  quadrature?: QuadratureOptions;
  priors?: CalibrationPriors;
}

export function mmlSetup(
  m: ResponseMatrix,
  options: MmlSetupOptions,
): { layout: MmlLayout; start: Float64Array } {
  const { model, anchors = new Map(), priors = {} } = options;
  const { nodes } = normalQuadrature(0, 1, { ...DEFAULT_QUADRATURE, ...options.quadrature });
  const J = m.items.length;
  const { responses, correct } = itemCounts(m);
  const start: number[] = [];
  const slot = (value: number) => start.push(value) - 1;
  const anchored = anchors.size > 0;
  const sharedSlope = model === "rasch" && !anchored ? slot(1) : -1;
  const slots: MmlLayout["slots"] = [];
  const fixed: MmlLayout["fixed"] = [];
  for (let j = 0; j < J; j++) {
    const anchor = anchors.get(j);
    if (anchor) {
      slots.push({ a: -1, d: -1, g: -1 });
      fixed.push({ a: anchor.a, d: -anchor.a * anchor.b, c: anchor.c });
      continue;
    }
    const p = Math.min(0.99, Math.max(0.01, correct[j]! / Math.max(1, responses[j]!)));
    const c0 = model === "3pl" ? Math.min(0.2, p / 2) : 0;
    const pStar = Math.min(0.99, Math.max(0.01, (p - c0) / (1 - c0)));
    // A marginal proportion p under θ ~ N(0, 1) and slope 1 means an intercept of about
    // logit(p)·√(1 + 1/2.89) (the logistic–normal approximation).
    const d0 = Math.log(pStar / (1 - pStar)) * Math.sqrt(1 + 1 / 2.89);
    const a = model === "rasch" ? (sharedSlope >= 0 ? sharedSlope : -1) : slot(1);
    const d = slot(d0);
    const g = model === "3pl" ? slot(Math.log(c0 / (1 - c0))) : -1;
    slots.push({ a, d, g });
    fixed.push({ a: 1, d: 0, c: 0 });
  }
  const mean = anchored ? slot(0) : -1;
  const logSd = anchored ? slot(0) : -1;
  return {
    layout: { model, nodes, slots, fixed, mean, logSd, sharedSlope, priors, size: start.length },
    start: Float64Array.from(start),
  };
}
