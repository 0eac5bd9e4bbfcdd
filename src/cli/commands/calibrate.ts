/**
 * `certpath calibrate --responses file.csv | --exam <id> --model rasch|2pl|3pl [--method cml|mml]
 * [--anchor params.csv] [--min-responses N] [--quadrature N] [--prior-a lognormal(m,s)]
 * [--prior-c beta(a,b)|none] [--no-se] [--workers N] [--json]`: item parameters from a response
 * file, or from the store's finished attempts of an exam (`--exam`, see calibrate-exam.ts), written
 * there as a new parameter version unless `--dry-run`. MML E-steps run over both cores; a progress
 * line on a terminal's stderr.
 */
import { parseParameters } from "../../core/formats/item-parameters.js";
import { InputError } from "../../core/input-error.js";
import {
  type CalibrationOptions,
  type CalibrationResult,
  calibrate as calibrateInProcess,
  mmlCalibration,
  resolveMethod,
} from "../../core/irt/calibration/calibrate.js";
import { decisionQuality, precisionCurve } from "../../core/irt/calibration/form-precision.js";
import { runMmlAsync } from "../../core/irt/calibration/mml-em.js";
import type { MmlModel } from "../../core/irt/calibration/mml-model.js";
import { type BetaPrior, type LogNormalPrior, parsePrior } from "../../core/irt/calibration/priors.js";
import { parseResponseFile } from "../../core/irt/calibration/response-file.js";
import type { ResponseMatrix } from "../../core/irt/calibration/response-matrix.js";
import type { ItemParameters } from "../../core/irt/models.js";
import { createEStepPool, defaultThreads } from "../calibration/e-step-pool.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { calibrateExam } from "./calibrate-exam.js";
import { readText } from "./irt.js";

export interface CalibrateOptions {
  responses?: string;
  model?: string;
  method?: string;
  anchor?: string;
  minResponses?: string;
  quadrature?: string;
  priorA?: string;
  priorC?: string;
  se?: boolean;
  workers?: string;
  cut?: string;
  json?: boolean;
  /** From the store: the exam whose finished attempts are calibrated. */
  exam?: string;
  db?: string;
  dryRun?: boolean;
  promoteMin?: string;
  /** With --exam: false (--no-link) leaves the new version on its own scale. */
  link?: boolean;
}

const MODELS = ["rasch", "2pl", "3pl"] as const;

export function intFlag(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

export async function calibrateCommand(ctx: CommandContext, opts: CalibrateOptions): Promise<number> {
  if (opts.responses !== undefined && opts.exam !== undefined)
    throw new UsageError(
      "--exam and --responses are exclusive: calibrate from the store's attempts or from a file, not both",
    );
  if (opts.responses === undefined && opts.exam === undefined)
    throw new UsageError("calibrate needs --responses <file.csv> or --exam <id>");
  if (opts.exam === undefined)
    for (const [flag, set] of [
      ["--dry-run", opts.dryRun],
      ["--db", opts.db],
      ["--promote-min", opts.promoteMin],
      ["--no-link", opts.link === false ? true : undefined],
    ] as const)
      if (set !== undefined) throw new UsageError(`${flag} applies to --exam only`);
  const plan = calibrationPlan(opts);
  if (opts.exam !== undefined) return calibrateExam(ctx, opts.exam, opts, plan);
  const responses = opts.responses!;
  const file = parseResponseFile(readText(responses, "response file"), responses, {
    ...(plan.minResponses !== undefined ? { minResponses: plan.minResponses } : {}),
  });
  const m = file.matrix;
  if (opts.anchor) anchorOptions(plan, m, opts.anchor, responses);
  const { result, threads, seconds } = await runCalibration(m, plan, opts, { file: responses });
  const skipped = file.skipped;
  const form = formSummary(result, plan.cut);
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        { ...resultJson(result), form, skipped, emptyRows: file.emptyRows, threads, seconds: round(seconds) },
        null,
        2,
      ),
    );
    return 0;
  }
  ctx.out(renderText(result, skipped, file.emptyRows, threads, seconds, form));
  return 0;
}

/** What the flags ask for, checked: the calibration options and the numbers around them. */
export interface CalibrationPlan {
  options: CalibrationOptions;
  resolved: "cml" | "mml";
  model: MmlModel;
  minResponses: number | undefined;
  workers: number | undefined;
  cut: number | undefined;
}

function calibrationPlan(opts: CalibrateOptions): CalibrationPlan {
  if (!opts.model) throw new UsageError(`calibrate needs --model (${MODELS.join(", ")})`);
  const model = opts.model.toLowerCase();
  if (!(MODELS as readonly string[]).includes(model))
    throw new UsageError(`--model must be one of ${MODELS.join(", ")}, not "${opts.model}"`);
  const method = opts.method?.toLowerCase();
  if (method !== undefined && method !== "cml" && method !== "mml")
    throw new UsageError(`--method must be cml or mml, not "${opts.method}"`);
  if (method === "cml" && model !== "rasch")
    throw new UsageError(
      `--method cml applies only to --model rasch; the ${model.toUpperCase()} is calibrated by marginal ML (--method mml)`,
    );
  const minResponses = intFlag("--min-responses", opts.minResponses, 1, 1_000_000_000);
  const points = intFlag("--quadrature", opts.quadrature, 5, 401);
  const workers = intFlag("--workers", opts.workers, 1, 64);
  const cut = opts.cut === undefined ? undefined : Number(opts.cut);
  if (cut !== undefined && (!Number.isFinite(cut) || Math.abs(cut) > 6))
    throw new UsageError(`--cut must be a θ between -6 and 6, not "${opts.cut}"`);
  const options: CalibrationOptions = { model: model as MmlModel };
  if (method) options.method = method as "cml" | "mml";
  const resolved = resolveMethod(options);
  if (resolved === "cml" && (points !== undefined || opts.priorA || opts.priorC))
    throw new UsageError("--quadrature, --prior-a and --prior-c apply to marginal ML, not to --method cml");
  if (points !== undefined) options.quadrature = { points };
  if (opts.priorA !== undefined) {
    if (model !== "2pl" && model !== "3pl") throw new UsageError("--prior-a applies to the 2PL and 3PL only");
    const p = parsePrior(opts.priorA);
    if (p?.kind !== "lognormal")
      throw new UsageError(
        `--prior-a must look like lognormal(0,0.5) with a positive SD, not "${opts.priorA}"`,
      );
    options.priors = { ...options.priors, a: p as LogNormalPrior };
  }
  if (opts.priorC !== undefined) {
    if (model !== "3pl") throw new UsageError("--prior-c applies to the 3PL only");
    if (opts.priorC.trim().toLowerCase() === "none") options.noGuessingPrior = true;
    else {
      const p = parsePrior(opts.priorC);
      if (p?.kind !== "beta")
        throw new UsageError(
          `--prior-c must look like beta(6,16) with positive values, or none, not "${opts.priorC}"`,
        );
      options.priors = { ...options.priors, c: p as BetaPrior };
    }
  }
  if (opts.se === false) options.standardErrors = false;
  return { options, resolved, model: model as MmlModel, minResponses, workers, cut };
}

/** Anchor items from `anchorFile` into the plan's options, refused with the file named. */
export function anchorOptions(
  plan: CalibrationPlan,
  m: ResponseMatrix,
  anchorFile: string,
  source: string,
): void {
  const { model, options } = plan;
  const params = parseParameters(readText(anchorFile, "anchor file"), anchorFile);
  const present = new Set(m.items);
  const used = params.filter((p) => present.has(p.id));
  if (used.length === 0)
    throw new InputError(
      `none of the ${params.length} anchor item(s) appears in ${source}, so they cannot fix the scale`,
      { file: anchorFile },
    );
  for (const p of used) {
    if (p.params.d !== 1)
      throw new InputError(`anchor item "${p.id}" has d = ${p.params.d}; calibration handles d = 1 only`, {
        file: anchorFile,
      });
    if (model === "rasch" && (p.params.a !== 1 || p.params.c !== 0))
      throw new InputError(
        `anchor item "${p.id}" has a = ${p.params.a}, c = ${p.params.c}; a Rasch calibration needs a = 1 and c = 0`,
        { file: anchorFile },
      );
    if (model === "2pl" && p.params.c !== 0)
      throw new InputError(`anchor item "${p.id}" has c = ${p.params.c}; a 2PL calibration needs c = 0`, {
        file: anchorFile,
      });
  }
  if (used.length === m.items.length)
    throw new InputError(`every item of ${source} is an anchor: there is nothing to calibrate`, {
      file: anchorFile,
    });
  options.anchors = new Map<string, ItemParameters>(used.map((p) => [p.id, p.params]));
}

/** Runs the calibration the plan describes (MML E-steps over worker threads), with a progress line. */
export async function runCalibration(
  m: ResponseMatrix,
  plan: CalibrationPlan,
  opts: { json?: boolean },
  where: { file?: string },
): Promise<{ result: CalibrationResult; threads: number; seconds: number }> {
  const { options, resolved, workers } = plan;
  const progress = progressLine(!opts.json && process.stderr.isTTY === true);
  let result: CalibrationResult;
  const t0 = performance.now();
  let threads = 1;
  if (resolved === "cml") {
    try {
      result = calibrateInProcess(m, options);
    } catch (e) {
      // CML cannot place an item that every informative person (neither all wrong nor all right)
      // answered the same way: a fact about the file, not a fault of the program.
      if (e instanceof RangeError) throw new InputError(e.message, where);
      throw e;
    }
  } else {
    let eSteps = 0;
    /** E-steps when EM converged; the rest are for the standard errors. */
    let converged: number | undefined;
    options.onCycle = ({ cycle, change, logLik }) => {
      progress(
        `EM cycle ${cycle}: log-likelihood ${logLik.toFixed(3)}, largest change ${change.toExponential(1)}`,
      );
      if (change < 1e-4) converged = eSteps + 1;
    };
    const run = mmlCalibration(m, options);
    const pool = createEStepPool(m, workers ?? defaultThreads(m));
    threads = pool.threads;
    try {
      const em = await runMmlAsync(run.steps, (t) => {
        eSteps++;
        if (converged !== undefined && eSteps > converged)
          progress(`standard errors: ${eSteps - converged} of ${2 * run.layout.size} E-steps`);
        return pool.eStep(t);
      });
      result = run.finish(em);
    } finally {
      await pool.close();
    }
  }
  progress("", true);
  return { result, threads, seconds: (performance.now() - t0) / 1000 };
}

/** The calibration result as the JSON output gives it (rounded). */
export function resultJson(result: CalibrationResult) {
  return {
    model: result.model,
    method: result.method,
    converged: result.converged,
    iterations: result.iterations,
    ...(result.eSteps !== undefined ? { eSteps: result.eSteps } : {}),
    logLik: round(result.logLik),
    persons: result.persons,
    population: {
      ...result.population,
      mean: round(result.population.mean),
      sd: round(result.population.sd),
    },
    marginalReliability: round(result.marginalReliability),
    ...(result.quadrature ? { quadrature: result.quadrature } : {}),
    priors: result.priors,
    items: result.items.map((it) => ({
      id: it.id,
      a: round(it.a),
      b: round(it.b),
      c: round(it.c),
      ...(it.seA !== undefined ? { seA: round(it.seA) } : {}),
      ...(it.seB !== undefined ? { seB: round(it.seB) } : {}),
      ...(it.seC !== undefined ? { seC: round(it.seC) } : {}),
      anchored: it.anchored,
      responses: it.responses,
      pValue: round(it.pValue),
      fit: Object.fromEntries(
        Object.entries(it.fit).map(([k, v]) => [k, typeof v === "number" ? round(v) : v]),
      ),
    })),
    notes: result.notes,
  };
}

/** The calibrated items as one form: precision by θ, and Rudner's decision quality at a cut. */
export function formSummary(r: CalibrationResult, cut: number | undefined) {
  const items = r.items.map((i) => ({ a: i.a, b: i.b, c: i.c, d: 1 }));
  const population = { mean: r.population.mean, sd: r.population.sd };
  return {
    curve: precisionCurve(items).map((p) => ({
      theta: p.theta,
      information: round(p.information),
      sem: round(p.sem),
    })),
    ...(cut === undefined
      ? {}
      : {
          cut,
          decision: Object.fromEntries(
            Object.entries(decisionQuality(items, cut, population)).map(([k, v]) => [k, round(v)]),
          ),
        }),
  };
}

export function renderText(
  r: CalibrationResult,
  skipped: { id: string; responses: number }[],
  emptyRows: number,
  threads: number,
  seconds: number,
  form: ReturnType<typeof formSummary>,
): string {
  const method =
    r.method === "cml"
      ? "conditional ML"
      : `marginal ML (Bock–Aitkin EM with SQUAREM, ${r.quadrature?.points} nodes on [−${r.quadrature?.limit}, ${r.quadrature?.limit}])`;
  const lines = [
    `Calibration: ${r.model === "rasch" ? "Rasch" : r.model.toUpperCase()} by ${method}`,
    `${r.persons} persons, ${r.items.length} items${skipped.length ? ` (${skipped.length} left out for too few responses)` : ""}${emptyRows ? `; ${emptyRows} rows without responses left out` : ""}`,
    `${r.converged ? "Converged" : "NOT converged"} after ${r.iterations} ${r.method === "cml" ? "Newton iterations" : `cycles (${r.eSteps} E-steps)`}; log-likelihood ${r.logLik.toFixed(3)}${r.method === "cml" ? " (conditional)" : ""}`,
  ];
  if (r.population.estimated)
    lines.push(
      `Population: mean ${r.population.mean.toFixed(3)}, SD ${r.population.sd.toFixed(3)} (estimated)`,
    );
  if (r.priors.a || r.priors.c)
    lines.push(
      `Priors: ${[r.priors.a ? `a ~ ${r.priors.a}` : "", r.priors.c ? `c ~ ${r.priors.c}` : ""].filter(Boolean).join(", ")}`,
    );
  lines.push(`Marginal reliability of these items as one form: ${r.marginalReliability.toFixed(3)}`);
  lines.push(
    `Conditional SEM at θ = −2, −1, 0, 1, 2: ${form.curve
      .filter((p) => Number.isInteger(p.theta) && Math.abs(p.theta) <= 2)
      .map((p) => p.sem.toFixed(2))
      .join(", ")}`,
  );
  if (form.decision)
    lines.push(
      `At the cut θ = ${form.cut}: decision accuracy ${pct(form.decision.accuracy!)}, consistency ${pct(form.decision.consistency!)} (Rudner)`,
    );
  lines.push("");
  const rasch = r.model === "rasch";
  const head = rasch
    ? ["ITEM", "B", "SE(B)", "N", "P", "INFIT", "OUTFIT"]
    : [
        "ITEM",
        "A",
        "SE(A)",
        "B",
        "SE(B)",
        ...(r.model === "3pl" ? ["C", "SE(C)"] : []),
        "N",
        "P",
        "S-X2",
        "DF",
        "P(S-X2)",
      ];
  const idWidth = Math.max(4, ...r.items.map((i) => i.id.length)) + 2;
  const num = (x: number | undefined, d = 3) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(d));
  const rows = r.items.map((it) => {
    const cells = rasch
      ? [
          num(it.b),
          it.anchored ? "anchor" : num(it.seB),
          String(Math.round(it.responses)),
          num(it.pValue, 2),
          num(it.fit.infit, 2),
          num(it.fit.outfit, 2),
        ]
      : [
          num(it.a),
          it.anchored ? "anchor" : num(it.seA),
          num(it.b),
          it.anchored ? "" : num(it.seB),
          ...(r.model === "3pl" ? [num(it.c), it.anchored ? "" : num(it.seC)] : []),
          String(Math.round(it.responses)),
          num(it.pValue, 2),
          num(it.fit.sx2, 2),
          it.fit.df === undefined ? "—" : String(it.fit.df),
          num(it.fit.p, 3),
        ];
    return `${it.id.padEnd(idWidth)}${cells.map((c) => c.padStart(8)).join(" ")}${it.fit.flag ? "  !" : ""}`;
  });
  lines.push(
    `${head[0]!.padEnd(idWidth)}${head
      .slice(1)
      .map((h) => h.padStart(8))
      .join(" ")}`,
    ...rows,
  );
  const flagged = r.items.filter((i) => i.fit.flag);
  if (flagged.length) {
    lines.push("", `Flagged (${flagged.length}):`);
    for (const it of flagged) lines.push(`  ${it.id}: ${it.fit.flag}`);
  }
  if (skipped.length)
    lines.push(
      "",
      `Left out (fewer responses than --min-responses): ${skipped.map((s) => `${s.id} (${s.responses})`).join(", ")}`,
    );
  if (r.notes.length) lines.push("", ...r.notes.map((n) => `Note: ${n}`));
  lines.push("", `${seconds.toFixed(2)} s on ${threads} thread(s)`);
  return lines.join("\n");
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** One progress line rewritten in place on a terminal's stderr; silent when piped. */
function progressLine(enabled: boolean) {
  let shown = false;
  return (text: string, finish = false) => {
    if (!enabled) return;
    if (finish) {
      if (shown) process.stderr.write("\r\x1b[2K");
      return;
    }
    shown = true;
    process.stderr.write(`\r\x1b[2K${text}`);
  };
}

export function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x;
}
