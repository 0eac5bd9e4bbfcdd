/**
 * Marginal maximum likelihood by Bock–Aitkin EM, accelerated by SQUAREM (Varadhan & Roland, 2008,
 * scheme S3 with back-tracking to keep the likelihood from falling), then standard errors from the
 * observed information.
 *
 * The algorithm is a generator that yields the item tables for which it needs expected counts and
 * receives them back, so whoever drives it decides where E-steps run — in this thread
 * (`runMml`), or over slices of the persons in worker threads (the CLI). Core stays pure.
 *
 * Convergence: when a plain EM cycle would move no reported value (a, b, c of any item, or the
 * population mean and SD when free) by more than the tolerance (1e-4 by default, as mirt's TOL).
 *
 * Standard errors: the observed information, −∂²ℓ/∂x², by central differences of the analytic
 * gradient (Fisher's identity: the gradient of the marginal log-likelihood is the expected
 * complete-data gradient under the posterior), which is what mirt calls "Richardson"-type numerical
 * observed information. It costs two E-steps per free value, so it can be switched off for speed.
 */
import type { ExpectedCounts, NodeTables } from "./e-step.js";
import { invertSpd } from "./linear-algebra.js";
import { gradient, logPrior, type MmlLayout, mStep, nodeTables, reportedValues } from "./mml-model.js";

export interface EmOptions {
  /** Largest move of a reported value that still counts as converged (default 1e-4). */
  tolerance?: number;
  /** SQUAREM cycles at most (default 500; each costs about three E-steps). */
  maxCycles?: number;
  /** Accelerate with SQUAREM (default true); false runs plain EM. */
  accelerate?: boolean;
  /** Compute standard errors (default true). */
  standardErrors?: boolean;
  /** Called after each cycle. */
  onCycle?: (progress: { cycle: number; change: number; logLik: number; eSteps: number }) => void;
}

export interface EmResult {
  x: Float64Array;
  /** Covariance of the free values (row-major size × size), when computed and positive definite. */
  covariance?: Float64Array;
  /** Why there are no standard errors, when asked for and not available. */
  seProblem?: string;
  logLik: number;
  /** Expected counts at the solution (for fit statistics and the population's posterior mass). */
  counts: ExpectedCounts;
  converged: boolean;
  cycles: number;
  eSteps: number;
  /** Largest move of a reported value in the last EM cycle. */
  lastChange: number;
}

export type EmSteps = Generator<NodeTables, EmResult, ExpectedCounts>;

export function* mmlEm(layout: MmlLayout, start: Float64Array, options: EmOptions = {}): EmSteps {
  const { tolerance = 1e-4, maxCycles = 500, accelerate = true, standardErrors = true, onCycle } = options;
  let eSteps = 0;
  function* counts(x: Float64Array): Generator<NodeTables, ExpectedCounts, ExpectedCounts> {
    eSteps++;
    return yield nodeTables(layout, x);
  }
  const objective = (x: Float64Array, c: ExpectedCounts) => c.logLik + logPrior(layout, x);
  const change = (a: Float64Array, b: Float64Array) => {
    const ra = reportedValues(layout, a);
    const rb = reportedValues(layout, b);
    let m = 0;
    for (let k = 0; k < ra.length; k++) m = Math.max(m, Math.abs(ra[k]! - rb[k]!));
    return m;
  };

  let x: Float64Array = Float64Array.from(start);
  let c0 = yield* counts(x);
  let converged = false;
  let cycles = 0;
  let lastChange = Number.POSITIVE_INFINITY;
  while (cycles < maxCycles) {
    cycles++;
    const x1 = mStep(layout, x, c0);
    lastChange = change(x, x1);
    onCycle?.({ cycle: cycles, change: lastChange, logLik: c0.logLik, eSteps });
    if (lastChange < tolerance) {
      x = x1;
      c0 = yield* counts(x);
      converged = true;
      break;
    }
    const c1 = yield* counts(x1);
    if (!accelerate) {
      x = x1;
      c0 = c1;
      continue;
    }
    const x2 = mStep(layout, x1, c1);
    const r = new Float64Array(x.length);
    const v = new Float64Array(x.length);
    let rr = 0;
    let vv = 0;
    for (let k = 0; k < x.length; k++) {
      r[k] = x1[k]! - x[k]!;
      v[k] = x2[k]! - x1[k]! - r[k]!;
      rr += r[k]! * r[k]!;
      vv += v[k]! * v[k]!;
    }
    let alpha = vv > 0 ? -Math.sqrt(rr / vv) : -1;
    if (alpha > -1) alpha = -1;
    const base = objective(x, c0);
    let xp: Float64Array = x2;
    let cp: ExpectedCounts | undefined;
    while (alpha < -1 - 1e-3) {
      const trial = new Float64Array(x.length);
      for (let k = 0; k < x.length; k++) trial[k] = x[k]! - 2 * alpha * r[k]! + alpha * alpha * v[k]!;
      if (trial.every(Number.isFinite) && plausible(layout, trial)) {
        const ct = yield* counts(trial);
        if (Number.isFinite(ct.logLik) && objective(trial, ct) >= base - 1e-6 * Math.abs(base)) {
          xp = trial;
          cp = ct;
          break;
        }
      }
      alpha = (alpha - 1) / 2;
    }
    cp ??= yield* counts(xp);
    // Stabilise with one EM cycle from the extrapolated point.
    x = mStep(layout, xp, cp);
    c0 = yield* counts(x);
  }

  const result: EmResult = {
    x,
    logLik: c0.logLik,
    counts: c0,
    converged,
    cycles,
    eSteps,
    lastChange,
  };
  if (!standardErrors) return result;
  // Observed information by central differences of the analytic gradient.
  const P = layout.size;
  const info = new Float64Array(P * P);
  for (let k = 0; k < P; k++) {
    const h = 1e-4 * Math.max(1, Math.abs(x[k]!));
    const up = Float64Array.from(x);
    const down = Float64Array.from(x);
    up[k]! += h;
    down[k]! -= h;
    const gUp = gradient(layout, up, yield* counts(up));
    const gDown = gradient(layout, down, yield* counts(down));
    for (let l = 0; l < P; l++) info[l * P + k] = -(gUp[l]! - gDown[l]!) / (2 * h);
  }
  for (let k = 0; k < P; k++)
    for (let l = 0; l < k; l++) {
      const s = 0.5 * (info[k * P + l]! + info[l * P + k]!);
      info[k * P + l] = s;
      info[l * P + k] = s;
    }
  const cov = invertSpd(info, P);
  if (cov) result.covariance = cov;
  else
    result.seProblem =
      "the observed information is not positive definite (a parameter is not identified by the data)";
  result.eSteps = eSteps;
  return result;
}

/** Extrapolated slopes must stay positive, or the scale would flip. */
function plausible(layout: MmlLayout, x: Float64Array): boolean {
  if (layout.sharedSlope >= 0) return x[layout.sharedSlope]! > 0;
  for (const s of layout.slots) if (s.a >= 0 && !(x[s.a]! > 0.01)) return false;
  if (layout.logSd >= 0 && Math.abs(x[layout.logSd]!) > 5) return false;
  return true;
}

/** Drives the algorithm with E-steps computed in this thread. */
export function runMml(steps: EmSteps, eStep: (t: NodeTables) => ExpectedCounts): EmResult {
  let next = steps.next();
  while (!next.done) next = steps.next(eStep(next.value));
  return next.value;
}

/** Drives the algorithm with E-steps computed elsewhere (e.g. worker threads). */
export async function runMmlAsync(
  steps: EmSteps,
  eStep: (t: NodeTables) => Promise<ExpectedCounts>,
): Promise<EmResult> {
  let next = steps.next();
  while (!next.done) next = steps.next(await eStep(next.value));
  return next.value;
}
