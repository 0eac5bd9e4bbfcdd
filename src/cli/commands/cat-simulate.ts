/**
 * `certpath cat simulate (--exam <id> [--bank <dir>] | --params items.csv) [--rules …] [...]`:
 * simulated examinees through a CAT, with the figures that judge its rules — accuracy, length,
 * classification, exposure and overlap, time-outs. Uses worker threads when there is a second core and
 * enough examinees; shows progress on a terminal.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { GENERATED_PER_FAMILY } from "../../app/exams/setup.js";
import { buildBank, requireSoundBank } from "../../core/bank/load.js";
import { poolFromBank } from "../../core/cat/engine.js";
import { groupExposure } from "../../core/cat/exposure-stats.js";
import { buildPool, type Pool, type PoolItem } from "../../core/cat/pool.js";
import { checkPoolSize } from "../../core/cat/pool-check.js";
import { syntheticItemTimes } from "../../core/cat/response-time.js";
import { type CatRules, examRules, PROGRESSIVE_ACCELERATION, practiceRules } from "../../core/cat/rules.js";
import type { Exposure } from "../../core/cat/selection.js";
import { summarize, totalExposure } from "../../core/cat/simulate.js";
import { calibrateSympsonHetter, type SympsonHetterCalibration } from "../../core/cat/sympson-hetter.js";
import { syntheticPool } from "../../core/cat/synthetic-pool.js";
import {
  DEFAULT_MISMATCH,
  mismatchSummary,
  perturbedTruth,
  type TrueParameters,
} from "../../core/cat/true-parameters.js";
import { findCertification } from "../../core/catalog/catalog.js";
import { outlineAsOf } from "../../core/catalog/outline-in-force.js";
import type { Certification } from "../../core/catalog/schema.js";
import { taskParts } from "../../core/catalog/task-id.js";
import { parseParameters } from "../../core/formats/item-parameters.js";
import { familiesFor, generatedItems } from "../../core/generators/bank.js";
import { InputError } from "../../core/input-error.js";
import { seededRandom } from "../../core/random/seeded.js";
import { contentDir } from "../../store/content/content-dir.js";
import { readItemFolder } from "../../store/content/item-files.js";
import { simulationSvg } from "../cat/plot.js";
import { SimulationRunner, workersAvailable } from "../cat/simulation-runner.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { intOption, seedOption } from "../exam/setup.js";
import { readText } from "./irt.js";

export interface CatSimulateOptions {
  exam?: string;
  params?: string;
  bank?: string;
  bankSize?: string;
  rules?: string;
  examinees?: string;
  theta?: string;
  speed?: string;
  timeLimit?: string;
  min?: string;
  max?: string;
  se?: string;
  ci?: string;
  cut?: string;
  select?: string;
  exposure?: string;
  shTarget?: string;
  shExaminees?: string;
  shRounds?: string;
  estimator?: string;
  seed?: string;
  json?: boolean;
  plot?: string;
  workers?: string;
  truth?: string;
}

function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v))
    throw new UsageError(`${name} must be a number, not "${value}"`);
  return v;
}

type Sampler = (rng: ReturnType<typeof seededRandom>) => number;

/** Draws from normal(m,s), uniform(a,b) or fixed:x; `name` is the flag, for the message. */
export function distributionSampler(spec: string, name = "--theta"): Sampler {
  let m = /^normal\(\s*(-?[\d.]+)\s*,\s*([\d.]+)\s*\)$/.exec(spec);
  if (m) {
    const [mean, sd] = [Number(m[1]), Number(m[2])];
    return (rng) => mean + sd * rng.normal();
  }
  m = /^uniform\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)$/.exec(spec);
  if (m && Number(m[1]) < Number(m[2])) {
    const [lo, hi] = [Number(m[1]), Number(m[2])];
    return (rng) => lo + (hi - lo) * rng.next();
  }
  m = /^fixed:(-?[\d.]+)$/.exec(spec);
  if (m) {
    const x = Number(m[1]);
    return () => x;
  }
  throw new UsageError(`${name} must be normal(m,s), uniform(a,b) or fixed:x, not "${spec}"`);
}

/** θ draws: normal(m,s), uniform(a,b) or fixed:x. */
export function thetaSampler(spec: string): Sampler {
  return distributionSampler(spec, "--theta");
}

/** The a-stratified rule's defaults: four strata (Chang & Ying's usual number), one of the five nearest items. */
export const A_STRATIFIED_DEFAULTS = { strata: 4, k: 5 };

export function parseExposure(spec: string | undefined, fallback: Exposure): Exposure {
  if (spec === undefined) return fallback;
  if (spec === "none") return { kind: "none" };
  if (spec === "sh") return { kind: "sympson-hetter" };
  let m = /^progressive(?::(\d+(?:\.\d+)?))?$/.exec(spec);
  if (m) {
    const acceleration = m[1] === undefined ? PROGRESSIVE_ACCELERATION : Number(m[1]);
    if (acceleration > 0 && acceleration <= 10) return { kind: "progressive", acceleration };
  }
  m = /^randomesque:(\d+)$/.exec(spec);
  if (m && Number(m[1]) >= 1) return { kind: "randomesque", k: Number(m[1]) };
  m = /^a-stratified(?::(\d+)(?::(\d+))?)?$/.exec(spec);
  if (m) {
    const strata = m[1] === undefined ? A_STRATIFIED_DEFAULTS.strata : Number(m[1]);
    const k = m[2] === undefined ? A_STRATIFIED_DEFAULTS.k : Number(m[2]);
    if (strata >= 1 && strata <= 20 && k >= 1) return { kind: "a-stratified", strata, k };
  }
  throw new UsageError(
    `--exposure must be none, randomesque:<k>, sh, progressive[:<acceleration>] (above 0, at most 10) or a-stratified[:<strata>[:<k>]] (1–20 strata), not "${spec}"`,
  );
}

/** The name of an exposure rule as the flag writes it. */
export function exposureName(e: Exposure): string {
  switch (e.kind) {
    case "randomesque":
      return `randomesque:${e.k}`;
    case "a-stratified":
      return `a-stratified:${e.strata}:${e.k}`;
    case "progressive":
      return `progressive:${e.acceleration}`;
    case "sympson-hetter":
      return "sh";
    default:
      return e.kind;
  }
}

interface RulesChoice {
  rules: CatRules;
  /** What the rules are, in words ("CISSP rules", "practice rules"). */
  name: string;
  /** The time limit those rules come with, in minutes (null: untimed). */
  limitMinutes: number | null;
}

/** `--rules practice | exam | <adaptive exam id>`, with the default for the source. */
function chooseRules(
  ctx: CommandContext,
  spec: string | undefined,
  examCert: Certification | undefined,
): RulesChoice {
  const wanted = spec ?? (examCert?.exam.delivery === "adaptive" ? "exam" : "practice");
  if (wanted === "practice") return { rules: practiceRules(), name: "practice rules", limitMinutes: null };
  let cert: Certification;
  if (wanted === "exam") {
    if (!examCert)
      throw new UsageError(
        "--rules exam needs --exam; with --params, name the exam instead, e.g. --rules cissp",
      );
    cert = examCert;
  } else {
    const found = ctx.catalog().certifications.find((c) => c.id === wanted.toLowerCase());
    if (!found)
      throw new UsageError(
        `--rules must be practice, exam or the id of an adaptive exam (${adaptiveIds(ctx)}), not "${wanted}"`,
      );
    cert = found;
  }
  if (cert.exam.delivery !== "adaptive" || !cert.exam.adaptive)
    throw new UsageError(
      `${cert.abbreviation} is not an adaptive exam and has no CAT rules of its own; use --rules practice or an adaptive exam (${adaptiveIds(ctx)})`,
    );
  return {
    rules: examRules(cert.exam),
    name: `${cert.abbreviation} rules`,
    limitMinutes: cert.exam.durationMinutes,
  };
}

function adaptiveIds(ctx: CommandContext): string {
  return ctx
    .catalog()
    .certifications.filter((c) => c.exam.delivery === "adaptive")
    .map((c) => c.id)
    .join(", ");
}

/** Synthetic pretest items for a source that has none, so rules with pretest slots run as written. */
function pretestFiller(count: number, seed: string, domain: string): PoolItem[] {
  return syntheticPool({ size: 0, pretest: count, seed: `pretest:${seed}`, weights: new Map([[domain, 1]]) });
}

interface Source {
  items: PoolItem[];
  pool: Pool;
  /** Each pool item's subdomain (item banks only). */
  subdomains?: string[];
  weights?: Map<string, number>;
  label: string;
}

function loadSource(
  ctx: CommandContext,
  opts: CatSimulateOptions,
  cert: Certification | undefined,
  choice: RulesChoice,
  seed: string,
): Source {
  const rules = choice.rules;
  const pretestWanted = rules.pretest > 0 ? Math.max(rules.pretest * 4, 100) : 0;
  if (cert) {
    const outline = outlineAsOf(cert, ctx.today()).outline;
    const weights = new Map(outline.domains.map((d) => [d.id, d.weight]));
    const domains = outline.domains.map((d) => d.id);
    if (opts.bank !== undefined) {
      const bundled = opts.bank === "bundled";
      const folder = bundled ? join(contentDir(), "items", cert.id) : opts.bank;
      // As a new adaptive attempt's bank: the authored items and fresh instances of the exam's
      // computed families (one set for the whole run, where each real attempt draws its own).
      const authored = requireSoundBank(buildBank(readItemFolder(folder, cert.id)));
      if (poolFromBank({ exam: cert.id, outline, bank: authored }).size === 0)
        throw new InputError(
          `no live or in-review item names a task statement of the ${cert.abbreviation} (${cert.id}:…)`,
          { file: folder },
        );
      const families = familiesFor(cert.id);
      const generated = families.length ? generatedItems(seed, GENERATED_PER_FAMILY, families) : [];
      const bank = [...authored, ...generated];
      const pool = poolFromBank({ exam: cert.id, outline, bank });
      const byId = new Map(bank.map((i) => [i.id, i]));
      const subdomains = pool.ids.map((id) => {
        const task = byId.get(id)!.outlines.find((t) => t.startsWith(`${cert.id}:`))!;
        return taskParts(task).subdomain;
      });
      const items: PoolItem[] = pool.ids.map((id, k) => ({
        id,
        params: { a: pool.a[k]!, b: pool.b[k]!, c: pool.c[k]!, d: pool.d[k]! },
        domain: pool.domains[pool.domain[k]!]!,
        pretest: pool.pretest[k] === 1,
        enemies: (pool.enemies.get(k) ?? []).map((j) => pool.ids[j]!),
      }));
      const fresh = new Set(generated.map((g) => g.id));
      const operational = items.filter((i) => !i.pretest && !fresh.has(i.id)).length;
      return {
        items,
        pool,
        subdomains,
        weights,
        label: `${choice.name} on the ${operational}-item ${cert.abbreviation} ${bundled ? "bundled bank" : "bank"} in ${folder}${generated.length ? ` with ${generated.length} computed-family instances` : ""} (authors' difficulty priors, a = 1)`,
      };
    }
    const size = intOption("--bank-size", opts.bankSize) ?? 2000;
    const items = syntheticPool({ size, pretest: pretestWanted, seed, weights });
    return {
      items,
      pool: buildPool(items, domains),
      weights,
      label: `${choice.name} on a synthetic ${size}-item 2PL ${cert.abbreviation} bank`,
    };
  }
  const file = opts.params!;
  const items: PoolItem[] = parseParameters(readText(file, "parameter file"), file).map((p) => ({
    id: p.id,
    params: p.params,
    domain: "1",
  }));
  const operational = items.length;
  let label = `${choice.name} on ${operational} items from ${file}`;
  if (pretestWanted > 0) {
    items.push(...pretestFiller(pretestWanted, seed, "1"));
    label += ` (no content balancing: the file names no domains; ${rules.pretest} of ${pretestWanted} synthetic pretest items fill the pretest slots)`;
  }
  return { items, pool: buildPool(items), label };
}

export async function catSimulate(ctx: CommandContext, opts: CatSimulateOptions): Promise<number> {
  if (!opts.exam === !opts.params)
    throw new UsageError("cat simulate needs either --exam <id> or --params <file>, not both");
  if (opts.bank !== undefined && !opts.exam)
    throw new UsageError("--bank takes the items of an exam: use it with --exam <id>");
  if (opts.bank !== undefined && opts.bankSize !== undefined)
    throw new UsageError("--bank-size sizes the synthetic bank; it cannot be used with --bank");
  if (opts.bankSize !== undefined && !opts.exam)
    throw new UsageError("--bank-size sizes the synthetic bank of an exam: use it with --exam <id>");
  const seed = seedOption(opts.seed);
  const n = intOption("--examinees", opts.examinees) ?? 1000;
  const cert = opts.exam ? findCertification(ctx.catalog(), opts.exam) : undefined;
  const choice = chooseRules(ctx, opts.rules, cert);
  let rules = choice.rules;

  const select = opts.select ?? rules.selection;
  if (select !== "mfi" && select !== "mfi-cut")
    throw new UsageError(`--select must be mfi or mfi-cut, not "${select}"`);
  const estimator = opts.estimator ?? rules.estimator;
  if (estimator !== "eap" && estimator !== "mle" && estimator !== "map")
    throw new UsageError(`--estimator must be eap, mle or map, not "${estimator}"`);
  const ci = num("--ci", opts.ci);
  if (ci !== undefined && !(ci > 0 && ci < 1))
    throw new UsageError(`--ci must lie between 0 and 1 (e.g. 0.95), not "${opts.ci}"`);
  const se = num("--se", opts.se);
  if (se !== undefined && !(se > 0)) throw new UsageError(`--se must be positive, not "${opts.se}"`);
  const exposure = parseExposure(opts.exposure, rules.exposure);
  const sh = exposure.kind === "sympson-hetter";
  for (const [flag, value] of [
    ["--sh-target", opts.shTarget],
    ["--sh-examinees", opts.shExaminees],
    ["--sh-rounds", opts.shRounds],
  ] as const)
    if (value !== undefined && !sh) throw new UsageError(`${flag} applies only to --exposure sh`);
  const shTarget = num("--sh-target", opts.shTarget) ?? 0.25;
  if (!(shTarget > 0 && shTarget <= 1))
    throw new UsageError(`--sh-target must lie between 0 and 1 (e.g. 0.25), not "${opts.shTarget}"`);
  const shExaminees = intOption("--sh-examinees", opts.shExaminees, 10) ?? 1000;
  const shRounds = intOption("--sh-rounds", opts.shRounds) ?? 40;
  let limitMinutes = choice.limitMinutes;
  if (opts.timeLimit !== undefined) {
    if (opts.timeLimit === "none") limitMinutes = null;
    else {
      const t = Number(opts.timeLimit);
      if (opts.timeLimit.trim() === "" || !(Number.isFinite(t) && t > 0))
        throw new UsageError(`--time-limit must be a number of minutes or none, not "${opts.timeLimit}"`);
      limitMinutes = t;
    }
  }
  const minItems = intOption("--min", opts.min) ?? rules.minItems;
  rules = {
    ...rules,
    minItems,
    maxItems: intOption("--max", opts.max) ?? rules.maxItems,
    se: se ?? rules.se,
    ci: ci !== undefined ? { level: ci, fromItem: rules.ci?.fromItem ?? minItems } : rules.ci,
    cut: num("--cut", opts.cut) ?? rules.cut,
    selection: select,
    estimator,
    exposure,
  };
  if (rules.minItems > rules.maxItems)
    throw new UsageError(`--min (${rules.minItems}) is greater than --max (${rules.maxItems})`);
  const drawTheta = thetaSampler(opts.theta ?? "normal(0,1)");
  const drawSpeed = distributionSampler(opts.speed ?? "normal(0,0.3)", "--speed");
  const threadsWanted = intOption("--workers", opts.workers);

  const truthKind = opts.truth ?? (opts.bank !== undefined ? "perturbed" : "same");
  if (truthKind !== "same" && truthKind !== "perturbed")
    throw new UsageError(`--truth must be same or perturbed, not "${opts.truth}"`);
  const source = loadSource(ctx, opts, cert, choice, seed);
  const { pool, weights, label } = source;
  checkPoolSize(pool, rules, label);
  const truth: TrueParameters | undefined =
    truthKind === "perturbed" ? perturbedTruth(pool, seed) : undefined;
  const truthReport = truthNote(truth, pool);

  const thetaRng = seededRandom(`thetas:${seed}`);
  const thetas = Array.from({ length: n }, () => drawTheta(thetaRng));
  const speedRng = seededRandom(`speeds:${seed}`);
  const speeds = Array.from({ length: n }, () => drawSpeed(speedRng));
  const times = syntheticItemTimes(pool, seed);
  const cores = availableParallelism();
  const threads =
    threadsWanted ?? (cores >= 2 && workersAvailable() && (n >= 400 || sh) ? Math.min(2, cores) : 1);
  const runner = new SimulationRunner(pool, source.items, weights, times, threads, truth);
  const terminal = !opts.json && process.stderr.isTTY;
  try {
    let calibration: (SympsonHetterCalibration & { seconds: number }) | undefined;
    if (sh) {
      // Calibration draws fresh examinees every round, from generators apart from the simulation's.
      const t0 = performance.now();
      const status = statusLine(terminal);
      const result = await calibrateSympsonHetter(
        pool,
        async (round) => {
          status(`Calibrating Sympson–Hetter: round ${round} of at most ${shRounds}`);
          const rng = seededRandom(`sympson-hetter:${seed}:${round}`);
          const roundThetas = Array.from({ length: shExaminees }, () => drawTheta(rng));
          const chunks = await runner.run({
            rules,
            thetas: roundThetas,
            speeds: roundThetas.map(() => 0),
            limitMinutes: null,
            seed: `sympson-hetter:${seed}:${round}`,
          });
          return {
            examinees: shExaminees,
            selections: sumCounts(
              chunks.map((c) => c.selectionCounts),
              pool.size,
            ),
            administrations: sumCounts(
              chunks.map((c) => c.exposureCounts),
              pool.size,
            ),
          };
        },
        { target: shTarget, maxRounds: shRounds },
      );
      status("", true);
      calibration = { ...result, seconds: round((performance.now() - t0) / 1000) };
    }

    const t0 = performance.now();
    const progress = progressBar(n, terminal);
    const chunks = await runner.run({ rules, thetas, speeds, limitMinutes, seed }, (d) => progress(d));
    progress(n, true);
    const elapsed = performance.now() - t0;
    const steps = chunks.reduce((s, c) => s + c.steps, 0);
    const summary = summarize(chunks, pool, rules, {
      exposureTarget: sh ? shTarget : undefined,
      limitMinutes,
    });
    const exposureTarget = sh ? shTarget : SUBDOMAIN_EXPOSURE_TARGET;
    const subdomains = source.subdomains
      ? groupExposure(
          totalExposure(chunks, pool),
          Array.from(pool.pretest, (p) => !p),
          source.subdomains,
          n,
          exposureTarget,
        )
      : null;
    const result = {
      ...summary,
      truth: truthReport,
      subdomains: subdomains
        ? {
            target: exposureTarget,
            rule: `a subdomain runs short when its items' mean exposure exceeds half the target (${exposureTarget / 2}); shortBy: items it needs to come back under it`,
            short: subdomains.filter((g) => g.shortBy > 0).map((g) => g.group),
            bySubdomain: subdomains,
          }
        : null,
      sympsonHetter: calibration
        ? {
            target: calibration.target,
            converged: calibration.converged,
            rounds: calibration.rounds,
            maxRounds: calibration.maxRounds,
            examineesPerRound: shExaminees,
            seconds: calibration.seconds,
            trace: calibration.trace.map((t) => ({
              ...t,
              maxAdministration: round(t.maxAdministration),
              maxSelection: round(t.maxSelection),
              maxChange: round(t.maxChange),
            })),
          }
        : null,
      msPerStep: round((elapsed * runner.threads) / steps),
      seconds: round(elapsed / 1000),
      workers: runner.threads,
      seed,
      bank: label,
      rules,
    };

    if (opts.plot) {
      const counts = totalExposure(chunks, pool);
      const rates = [...counts].filter((_, k) => !pool.pretest[k]).map((x) => x / n);
      writeFileSync(
        opts.plot,
        simulationSvg(summary, rates, `${label}: ${n} examinees, ${select}, ${exposureName(exposure)}`),
      );
    }
    if (opts.json) {
      ctx.out(JSON.stringify(result, null, 2));
      return 0;
    }
    ctx.out(textReport(result, { n, seed, label, select, estimator, plot: opts.plot }));
    return 0;
  } finally {
    await runner.close();
  }
}

function sumCounts(parts: readonly Uint32Array[], size: number): Uint32Array {
  const total = new Uint32Array(size);
  for (const p of parts) for (let k = 0; k < size; k++) total[k]! += p[k]!;
  return total;
}

/** The exposure target the subdomain report judges against (issue 17: the most-used item in at most 30% of tests). */
const SUBDOMAIN_EXPOSURE_TARGET = 0.3;

/** What the simulated examinees answer with, in words and figures, for the report. */
function truthNote(truth: TrueParameters | undefined, pool: Pool) {
  if (!truth)
    return {
      kind: "same" as const,
      note: "examinees answer with the parameters the engine selects and scores with (no mismatch)",
    };
  const m = DEFAULT_MISMATCH;
  return {
    kind: "perturbed" as const,
    note: `the simulated truth differs from the engine's belief: true b = believed b + N(0, ${m.bSd}²), true a uniform in [${m.aMin}, ${m.aMax}], true c uniform in [0, ${m.cMax}] (seeded); the engine selects and scores with the believed parameters`,
    model: m,
    drawn: mismatchSummary(pool, truth),
  };
}

type Result = ReturnType<typeof summarize> & {
  truth: ReturnType<typeof truthNote>;
  subdomains: {
    target: number;
    short: string[];
    bySubdomain: ReturnType<typeof groupExposure>;
  } | null;
  sympsonHetter: {
    target: number;
    converged: boolean;
    rounds: number;
    maxRounds: number;
    examineesPerRound: number;
    seconds: number;
    trace: { maxAdministration: number; maxChange: number }[];
  } | null;
  msPerStep: number;
  seconds: number;
  workers: number;
  rules: CatRules;
};

function textReport(
  r: Result,
  o: { n: number; seed: string; label: string; select: string; estimator: string; plot?: string },
): string {
  const rules = r.rules;
  const lines = [
    `CAT simulation: ${o.label}; ${o.n} examinees (seed ${o.seed}); selection ${o.select}; exposure ${exposureName(rules.exposure)}; estimator ${o.estimator}; cut θ = ${rules.cut}`,
    ...(r.truth.kind === "perturbed" ? [`Truth: ${r.truth.note}`] : []),
    "",
    `RMSE ${r.rmse}   bias ${r.bias}   correlation ${r.correlation}`,
    `Length: mean ${r.length.mean}, min ${r.length.min}, max ${r.length.max}, median ${r.length.p50}, 90th percentile ${r.length.p90}`,
    `Classification: accuracy ${pct(r.classification.accuracy)}, false pass ${pct(r.classification.falsePass)}, false fail ${pct(r.classification.falseFail)}`,
    `Exposure: most-used item in ${pct(r.exposure.max)} of tests; ${pct(r.exposure.unused)} of the bank never used; two tests share ${pct(r.exposure.overlap)} of their items on average`,
  ];
  const sh = r.sympsonHetter;
  if (sh) {
    const last = sh.trace[sh.trace.length - 1]!;
    lines.push(
      `Sympson–Hetter: target ${sh.target}; ${sh.converged ? "converged" : "NOT converged"} after ${sh.rounds} of at most ${sh.maxRounds} rounds of ${sh.examineesPerRound} examinees (${sh.seconds} s; last round: largest exposure ${pct(last.maxAdministration)}, largest change of a control value ${last.maxChange}); ${r.exposure.overTarget} item(s) above the target in this simulation`,
    );
  }
  const t = r.timing;
  if (t) {
    const out = t.timedOut;
    lines.push(
      `Time: mean ${t.meanMinutes.toFixed(1)} min, 90th percentile ${t.p90Minutes.toFixed(1)} min${t.limitMinutes !== null ? ` of ${t.limitMinutes}` : " (untimed)"}` +
        (t.limitMinutes !== null
          ? `; ${out.examinees} timed out (${out.passed} passed, ${out.failed} failed, ${out.belowMinimum} of them with too few answers${out.accuracy !== null ? `; ${pct(out.accuracy)} classified correctly` : ""})`
          : ""),
    );
  }
  const sub = r.subdomains;
  if (sub) {
    const short = sub.bySubdomain.filter((g) => g.shortBy > 0);
    lines.push(
      short.length
        ? `Subdomains short of items under exposure control (mean exposure above ${pct(sub.target / 2)}): ${short
            .map(
              (g) =>
                `${g.group} (${g.items} items, ${g.perTest} per test, mean ${pct(g.meanExposure)}, max ${pct(g.maxExposure)}; ${g.shortBy} more needed)`,
            )
            .join("; ")}`
        : `No subdomain short of items under exposure control (every subdomain's mean exposure at most ${pct(sub.target / 2)}); busiest: ${sub.bySubdomain
            .slice(0, 3)
            .map(
              (g) => `${g.group} (${g.items} items, mean ${pct(g.meanExposure)}, max ${pct(g.maxExposure)})`,
            )
            .join(", ")}`,
    );
  }
  lines.push(
    `Why tests ended: ${Object.entries(r.stopReasons)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "Conditional SE by true θ:",
    ...r.conditionalSe.map(
      (b) =>
        `  ${b.band.padEnd(9)} ${String(b.examinees).padStart(6)} examinees   mean SE ${b.meanSe.toFixed(3)}   RMSE ${b.rmse.toFixed(3)}`,
    ),
    `Speed: ${r.msPerStep} ms per step; ${r.seconds} s in all on ${r.workers} thread(s)`,
  );
  if (o.plot) lines.push(`Plot written to ${o.plot}`);
  return lines.join("\n");
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** One status line on a terminal's stderr, rewritten in place; silent when piped. */
function statusLine(enabled: boolean) {
  return (text: string, finish = false) => {
    if (!enabled) return;
    process.stderr.write(`\r${text.padEnd(60)}${finish ? "\r" : ""}`);
  };
}

/** A progress bar on a terminal's stderr, silent when piped. */
function progressBar(total: number, enabled: boolean) {
  let last = -1;
  return (done: number, finish = false) => {
    if (!enabled) return;
    const pctDone = Math.floor((done / total) * 100);
    if (pctDone === last && !finish) return;
    last = pctDone;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${pctDone}% (${done}/${total})${finish ? "\n" : ""}`,
    );
  };
}
