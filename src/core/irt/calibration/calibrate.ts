/**
 * Calibration: item parameters from responses. One entry point for the models and methods —
 *
 * - Rasch by conditional ML (`cml`, the default for Rasch: difficulties summing to zero, as eRm) or
 *   by marginal ML (`mml`: a = 1 with the population SD estimated, as mirt's Rasch);
 * - 2PL and 3PL by marginal ML (Bock–Aitkin EM with SQUAREM; θ ~ N(0, 1); 61 nodes on [−6, 6]; no
 *   priors on a or b; a Beta(6, 16) prior on c for the 3PL unless told otherwise);
 *
 * with anchor items held at given parameters (the other items are then put on their scale), item
 * fit, the population and the marginal reliability of the calibrated items as one form.
 *
 * `calibrate` runs everything in this thread. `mmlCalibration` hands out the EM's steps so the E-steps
 * can run elsewhere (worker threads) and `finish` builds the same result.
 */
import type { ItemParameters } from "../models.js";
import { expectedCounts } from "./e-step.js";
import { type RaschFit, raschMeanSquares, SX2_MIN_PERSONS, type SX2Fit, sx2ByForm } from "./fit.js";
import { marginalReliability } from "./form-precision.js";
import { type EmOptions, type EmResult, type EmSteps, mmlEm, runMml } from "./mml-em.js";
import { itemValues, type MmlLayout, type MmlModel, population } from "./mml-model.js";
import { mmlSetup } from "./mml-setup.js";
import { type CalibrationPriors, DEFAULT_GUESSING_PRIOR } from "./priors.js";
import { DEFAULT_QUADRATURE, normalWeights, type QuadratureOptions } from "./quadrature.js";
import { raschCml } from "./rasch-cml.js";
import { itemCounts, type ResponseMatrix, totalWeight } from "./response-matrix.js";

export type CalibrationMethod = "cml" | "mml";

export interface CalibrationOptions extends Omit<EmOptions, "onCycle"> {
  model: MmlModel;
  /** Default: cml for Rasch, mml otherwise (the only method for the 2PL and 3PL). */
  method?: CalibrationMethod;
  /** Anchor items by id, kept at these parameters. */
  anchors?: ReadonlyMap<string, ItemParameters>;
  quadrature?: QuadratureOptions;
  /** Priors; for the 3PL, c gets Beta(6, 16) unless `priors.c` is given or `noGuessingPrior` is set. */
  priors?: CalibrationPriors;
  noGuessingPrior?: boolean;
  onCycle?: EmOptions["onCycle"];
}

export interface ItemFit {
  infit?: number;
  outfit?: number;
  sx2?: number;
  df?: number;
  p?: number;
  /** Why the item is flagged, when it is. */
  flag?: string;
}

export interface CalibratedItem {
  id: string;
  a: number;
  b: number;
  c: number;
  seA?: number;
  seB?: number;
  seC?: number;
  /** Held at the anchor's parameters. */
  anchored: boolean;
  /** Weighted number of responses and proportion correct. */
  responses: number;
  pValue: number;
  fit: ItemFit;
}

export interface CalibrationResult {
  model: MmlModel;
  method: CalibrationMethod;
  converged: boolean;
  /** Newton iterations (CML) or SQUAREM cycles (MML). */
  iterations: number;
  /** E-steps computed (MML), including those for the standard errors. */
  eSteps?: number;
  /** Conditional (CML) or marginal (MML) log-likelihood at the estimates. */
  logLik: number;
  persons: number;
  items: CalibratedItem[];
  /** The ability distribution on the reported scale (estimated: Rasch MML's SD, or with anchors). */
  population: { mean: number; sd: number; estimated: boolean };
  /** Of all calibrated items as one form, over that population. */
  marginalReliability: number;
  quadrature?: { points: number; limit: number };
  priors: { a?: string; c?: string };
  /** Plain-language remarks: fit not computed and why, standard errors missing, etc. */
  notes: string[];
}

/** Checks option combinations; returns the method. */
export function resolveMethod(options: CalibrationOptions): CalibrationMethod {
  const method = options.method ?? (options.model === "rasch" ? "cml" : "mml");
  if (method === "cml" && options.model !== "rasch")
    throw new RangeError(
      `conditional ML exists only for the Rasch model, not the ${options.model.toUpperCase()}`,
    );
  return method;
}

export function calibrate(m: ResponseMatrix, options: CalibrationOptions): CalibrationResult {
  const method = resolveMethod(options);
  if (method === "cml") return cmlCalibration(m, options);
  const run = mmlCalibration(m, options);
  return run.finish(runMml(run.steps, (t) => expectedCounts(m, t)));
}

function anchorIndices(m: ResponseMatrix, anchors: ReadonlyMap<string, ItemParameters> | undefined) {
  const out = new Map<number, ItemParameters>();
  if (!anchors) return out;
  m.items.forEach((id, j) => {
    const p = anchors.get(id);
    if (p) out.set(j, p);
  });
  return out;
}

function cmlCalibration(m: ResponseMatrix, options: CalibrationOptions): CalibrationResult {
  const anchors = anchorIndices(m, options.anchors);
  for (const [j, p] of anchors)
    if (p.a !== 1 || p.c !== 0)
      throw new RangeError(
        `anchor item ${m.items[j]} has a = ${p.a}, c = ${p.c}; a Rasch calibration needs a = 1 and c = 0`,
      );
  const r = raschCml(m, {
    anchors: new Map([...anchors].map(([j, p]) => [j, p.b])),
    maxIterations: options.maxCycles ?? 100,
  });
  const fit = raschMeanSquares(m, r.b);
  const { responses, correct } = itemCounts(m);
  const items = m.items.map((id, j) => {
    const item: CalibratedItem = {
      id,
      a: 1,
      b: r.b[j]!,
      c: 0,
      anchored: anchors.has(j),
      responses: responses[j]!,
      pValue: correct[j]! / responses[j]!,
      fit: raschFitOf(fit[j]!),
    };
    if (!anchors.has(j) && Number.isFinite(r.se[j]!)) item.seB = r.se[j]!;
    return item;
  });
  const params = items.map((i) => ({ a: 1, b: i.b, c: 0, d: 1 }));
  const notes = [
    anchors.size > 0
      ? `${anchors.size} anchor item(s) fix the scale; the other difficulties are estimated on it`
      : "difficulties sum to zero (eRm's identification); persons with a zero or perfect score carry no information",
  ];
  if (!r.converged) notes.push(`Newton–Raphson stopped after ${r.iterations} iterations without converging`);
  return {
    model: "rasch",
    method: "cml",
    converged: r.converged,
    iterations: r.iterations,
    logLik: r.logLik,
    persons: totalWeight(m),
    items,
    population: { mean: 0, sd: 1, estimated: false },
    marginalReliability: marginalReliability(params),
    priors: {},
    notes,
  };
}

function raschFitOf(f: RaschFit): ItemFit {
  const out: ItemFit = { infit: f.infit, outfit: f.outfit };
  if (f.flag) out.flag = f.flag;
  return out;
}

export interface MmlRun {
  layout: MmlLayout;
  steps: EmSteps;
  finish(em: EmResult): CalibrationResult;
}

export function mmlCalibration(m: ResponseMatrix, options: CalibrationOptions): MmlRun {
  resolveMethod(options);
  const anchors = anchorIndices(m, options.anchors);
  if (options.model === "rasch")
    for (const [j, p] of anchors)
      if (p.a !== 1 || p.c !== 0)
        throw new RangeError(
          `anchor item ${m.items[j]} has a = ${p.a}, c = ${p.c}; a Rasch calibration needs a = 1 and c = 0`,
        );
  const priors: CalibrationPriors = { ...options.priors };
  if (options.model === "3pl" && !priors.c && !options.noGuessingPrior) priors.c = DEFAULT_GUESSING_PRIOR;
  if (options.model !== "3pl") delete priors.c;
  if (options.model === "rasch") delete priors.a;
  const quadrature = { ...DEFAULT_QUADRATURE, ...options.quadrature };
  const { layout, start } = mmlSetup(m, { model: options.model, anchors, quadrature, priors });
  const emOptions: EmOptions = {};
  if (options.tolerance !== undefined) emOptions.tolerance = options.tolerance;
  if (options.maxCycles !== undefined) emOptions.maxCycles = options.maxCycles;
  if (options.accelerate !== undefined) emOptions.accelerate = options.accelerate;
  if (options.standardErrors !== undefined) emOptions.standardErrors = options.standardErrors;
  if (options.onCycle) emOptions.onCycle = options.onCycle;
  const steps = mmlEm(layout, start, emOptions);
  return {
    layout,
    steps,
    finish: (em) => finishMml(m, options.model, layout, em, anchors, quadrature, priors),
  };
}

function finishMml(
  m: ResponseMatrix,
  model: MmlModel,
  layout: MmlLayout,
  em: EmResult,
  anchors: Map<number, ItemParameters>,
  quadrature: { points: number; limit: number },
  priors: CalibrationPriors,
): CalibrationResult {
  const P = layout.size;
  const cov = em.covariance;
  const variance = (k: number) => (cov && k >= 0 ? cov[k * P + k]! : Number.NaN);
  const covariance = (k: number, l: number) => (cov && k >= 0 && l >= 0 ? cov[k * P + l]! : Number.NaN);
  const pop = population(layout, em.x);
  const shared = layout.sharedSlope >= 0;
  const reportedSd = shared ? em.x[layout.sharedSlope]! : pop.sd;
  const { responses, correct } = itemCounts(m);
  const params: ItemParameters[] = [];
  const items = m.items.map((id, j) => {
    const v = itemValues(layout, em.x, j);
    const s = layout.slots[j]!;
    const a = shared ? 1 : v.a;
    const b = shared ? -v.d : -v.d / v.a;
    params.push({ a, b, c: v.c, d: 1 });
    const item: CalibratedItem = {
      id,
      a,
      b,
      c: v.c,
      anchored: anchors.has(j),
      responses: responses[j]!,
      pValue: correct[j]! / responses[j]!,
      fit: {},
    };
    if (cov && !anchors.has(j)) {
      if (shared) item.seB = Math.sqrt(variance(s.d));
      else {
        if (s.a >= 0) item.seA = Math.sqrt(variance(s.a));
        // b = −d/a: var b = (b² var a + var d + 2b cov(a, d)) / a².
        const vb =
          s.a >= 0
            ? (b * b * variance(s.a) + variance(s.d) + 2 * b * covariance(s.a, s.d)) / (v.a * v.a)
            : variance(s.d) / (v.a * v.a);
        item.seB = Math.sqrt(vb);
      }
      if (s.g >= 0) item.seC = v.c * (1 - v.c) * Math.sqrt(variance(s.g));
    }
    return item;
  });
  const notes: string[] = [];
  // Fit on the reported scale: for Rasch, θ in logits with the estimated SD; else the population.
  const fitMean = pop.mean;
  const fitSd = reportedSd;
  if (model === "rasch") {
    const fit = raschMeanSquares(
      m,
      Float64Array.from(items, (i) => i.b),
    );
    items.forEach((it, j) => {
      it.fit = raschFitOf(fit[j]!);
    });
  } else {
    const nodes = Float64Array.from(layout.nodes, (t) => fitMean + fitSd * t);
    const weights = normalWeights(layout.nodes, 0, 1);
    const free = layout.slots.map((s) => [s.a, s.d, s.g].filter((k) => k >= 0).length);
    const { fits, forms, persons } = sx2ByForm(m, params, free, nodes, weights);
    if (forms === 0)
      notes.push(
        `S-X² not computed: it needs at least ${SX2_MIN_PERSONS} persons who answered the same set of items (a summed score over one form)`,
      );
    else if (forms > 1 || persons < totalWeight(m))
      notes.push(
        `S-X² from ${forms} form(s) each answered in full by ${SX2_MIN_PERSONS}+ persons (${persons} of ${totalWeight(m)} persons), added over forms`,
      );
    items.forEach((it, j) => {
      const f: SX2Fit | undefined = fits[j];
      if (!f) return;
      it.fit = { sx2: f.sx2, df: f.df, p: f.p };
      if (f.flag) it.fit.flag = f.flag;
    });
  }
  if (em.seProblem) notes.push(`no standard errors: ${em.seProblem}`);
  if (!em.converged)
    notes.push(
      `EM stopped after ${em.cycles} cycles; the last cycle still moved a value by ${em.lastChange.toExponential(1)}`,
    );
  if (anchors.size > 0)
    notes.push(`${anchors.size} anchor item(s) held fixed; population estimated on their scale`);
  const priorText: { a?: string; c?: string } = {};
  if (priors.a) priorText.a = `lognormal(${priors.a.meanLog}, ${priors.a.sdLog})`;
  if (priors.c) priorText.c = `beta(${priors.c.alpha}, ${priors.c.beta})`;
  return {
    model,
    method: "mml",
    converged: em.converged,
    iterations: em.cycles,
    eSteps: em.eSteps,
    logLik: em.logLik,
    persons: totalWeight(m),
    items,
    population: { mean: pop.mean, sd: reportedSd, estimated: shared || layout.mean >= 0 },
    marginalReliability: marginalReliability(params, { mean: pop.mean, sd: reportedSd, quadrature }),
    quadrature,
    priors: priorText,
    notes,
  };
}
