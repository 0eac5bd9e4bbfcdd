/**
 * `certpath cat simulate (--exam cissp | --params items.csv) [...]`: simulated examinees through a CAT,
 * with the figures that judge its rules. Uses a second worker thread when there is a second core and
 * enough examinees; shows progress on a terminal.
 */
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { buildPool, type PoolItem } from "../../core/cat/pool.js";
import { checkPoolSize } from "../../core/cat/pool-check.js";
import { type CatRules, examRules, practiceRules } from "../../core/cat/rules.js";
import type { Exposure } from "../../core/cat/selection.js";
import { type SimulationChunk, simulateExaminees, summarize } from "../../core/cat/simulate.js";
import { calibrateSympsonHetter } from "../../core/cat/sympson-hetter.js";
import { syntheticPool } from "../../core/cat/synthetic-pool.js";
import { findCertification } from "../../core/catalog/catalog.js";
import { outlineAsOf } from "../../core/catalog/outline-in-force.js";
import { parseParameters } from "../../core/formats/item-parameters.js";
import { seededRandom } from "../../core/random/seeded.js";
import { simulationSvg } from "../cat/plot.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { intOption, seedOption } from "../exam/setup.js";
import { readText } from "./irt.js";

export interface CatSimulateOptions {
  exam?: string;
  params?: string;
  examinees?: string;
  theta?: string;
  min?: string;
  max?: string;
  se?: string;
  ci?: string;
  cut?: string;
  select?: string;
  exposure?: string;
  estimator?: string;
  bankSize?: string;
  seed?: string;
  json?: boolean;
  plot?: string;
  workers?: string;
}

function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isFinite(v)) throw new UsageError(`${name} must be a number, not "${value}"`);
  return v;
}

/** θ draws: normal(m,s), uniform(a,b) or fixed:x. */
export function thetaSampler(spec: string): (rng: ReturnType<typeof seededRandom>) => number {
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
  throw new UsageError(`--theta must be normal(m,s), uniform(a,b) or fixed:x, not "${spec}"`);
}

function parseExposure(spec: string | undefined, fallback: Exposure): Exposure {
  if (spec === undefined) return fallback;
  if (spec === "none") return { kind: "none" };
  if (spec === "sh") return { kind: "sympson-hetter" };
  const m = /^randomesque:(\d+)$/.exec(spec);
  if (m && Number(m[1]) >= 1) return { kind: "randomesque", k: Number(m[1]) };
  throw new UsageError(`--exposure must be none, randomesque:<k> or sh, not "${spec}"`);
}

export async function catSimulate(ctx: CommandContext, opts: CatSimulateOptions): Promise<number> {
  if (!opts.exam === !opts.params)
    throw new UsageError("cat simulate needs either --exam <id> or --params <file>");
  const seed = seedOption(opts.seed);
  const n = intOption("--examinees", opts.examinees) ?? 1000;
  let items: PoolItem[];
  let rules: CatRules;
  let weights: Map<string, number> | undefined;
  let label: string;
  let domains: string[] | undefined;
  if (opts.exam) {
    const cert = findCertification(ctx.catalog(), opts.exam);
    const outline = outlineAsOf(cert, ctx.today()).outline;
    weights = new Map(outline.domains.map((d) => [d.id, d.weight]));
    domains = outline.domains.map((d) => d.id);
    rules = cert.exam.delivery === "adaptive" ? examRules(cert.exam) : practiceRules();
    const size = intOption("--bank-size", opts.bankSize) ?? 2000;
    items = syntheticPool({
      size,
      pretest: rules.pretest > 0 ? Math.max(rules.pretest * 4, 100) : 0,
      seed,
      weights,
    });
    label = `${cert.abbreviation} rules on a synthetic ${size}-item 2PL bank`;
  } else {
    items = parseParameters(readText(opts.params!, "parameter file"), opts.params!).map((p) => ({
      id: p.id,
      params: p.params,
      domain: "1",
    }));
    rules = practiceRules();
    label = `${items.length} items from ${opts.params}`;
  }
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
  rules = {
    ...rules,
    minItems: intOption("--min", opts.min) ?? rules.minItems,
    maxItems: intOption("--max", opts.max) ?? rules.maxItems,
    se: se ?? rules.se,
    ci:
      ci !== undefined
        ? { level: ci, fromItem: rules.ci?.fromItem ?? intOption("--min", opts.min) ?? rules.minItems }
        : rules.ci,
    cut: num("--cut", opts.cut) ?? rules.cut,
    selection: select,
    estimator,
    exposure: parseExposure(opts.exposure, rules.exposure),
  };
  if (rules.minItems > rules.maxItems)
    throw new UsageError(`--min (${rules.minItems}) is greater than --max (${rules.maxItems})`);
  const pool = buildPool(items, domains);
  checkPoolSize(pool, rules, label);

  const draw = thetaSampler(opts.theta ?? "normal(0,1)");
  const rng = seededRandom(`thetas:${seed}`);
  const thetas = Array.from({ length: n }, () => draw(rng));

  const t0 = performance.now();
  if (rules.exposure.kind === "sympson-hetter") {
    const calib = seededRandom(`sh:${seed}`);
    calibrateSympsonHetter(
      pool,
      rules,
      Array.from({ length: Math.min(n, 2000) }, () => draw(calib)),
      seed,
      weights,
    );
  }
  const workerFile = fileURLToPath(new URL("../cat/simulate-worker.js", import.meta.url));
  const cores = availableParallelism();
  const wanted =
    intOption("--workers", opts.workers) ??
    (n >= 400 && cores >= 2 && existsSync(workerFile) ? Math.min(2, cores) : 1);
  const progress = progressBar(n, !opts.json && process.stderr.isTTY);
  let chunks: SimulationChunk[];
  if (wanted <= 1 || !existsSync(workerFile)) {
    chunks = [simulateExaminees(pool, rules, thetas, seed, weights, 0, (d) => progress(d))];
  } else {
    const per = Math.ceil(n / wanted);
    const done = new Array(wanted).fill(0);
    chunks = await Promise.all(
      Array.from({ length: wanted }, (_, w) => {
        const slice = thetas.slice(w * per, (w + 1) * per);
        return new Promise<SimulationChunk>((resolve, reject) => {
          const worker = new Worker(workerFile, {
            workerData: {
              items,
              domains: pool.domains,
              exposureControl: Array.from(pool.exposureControl),
              rules,
              thetas: slice,
              seed,
              weights: weights ? [...weights] : null,
              offset: w * per,
            },
          });
          worker.on(
            "message",
            (m: {
              progress?: number;
              result?: { examinees: SimulationChunk["examinees"]; exposureCounts: number[]; steps: number };
            }) => {
              if (m.progress !== undefined) {
                done[w] = m.progress;
                progress(done.reduce((s, x) => s + x, 0));
              }
              if (m.result)
                resolve({
                  examinees: m.result.examinees,
                  exposureCounts: Uint32Array.from(m.result.exposureCounts),
                  steps: m.result.steps,
                });
            },
          );
          worker.on("error", reject);
        });
      }),
    );
  }
  progress(n, true);
  const elapsed = performance.now() - t0;
  const steps = chunks.reduce((s, c) => s + c.steps, 0);
  const summary = summarize(chunks, pool, rules.cut);
  const result = {
    ...summary,
    msPerStep: round((elapsed * Math.max(1, wanted)) / steps),
    seconds: round(elapsed / 1000),
    workers: Math.max(1, wanted),
    seed,
    bank: label,
    rules,
  };

  if (opts.plot) {
    const exposure = new Float64Array(pool.size);
    for (const c of chunks) for (let k = 0; k < pool.size; k++) exposure[k]! += c.exposureCounts[k]! / n;
    const rates = [...exposure].filter((_, k) => !pool.pretest[k]);
    writeFileSync(
      opts.plot,
      simulationSvg(summary, rates, `${label}: ${n} examinees, ${select}, ${rules.exposure.kind}`),
    );
  }
  if (opts.json) {
    ctx.out(JSON.stringify(result, null, 2));
    return 0;
  }
  const lines = [
    `CAT simulation: ${label}; ${n} examinees (seed ${seed}); selection ${select}; exposure ${rules.exposure.kind}${rules.exposure.kind === "randomesque" ? `:${rules.exposure.k}` : ""}; estimator ${estimator}; cut θ = ${rules.cut}`,
    "",
    `RMSE ${summary.rmse}   bias ${summary.bias}   correlation ${summary.correlation}`,
    `Length: mean ${summary.length.mean}, min ${summary.length.min}, max ${summary.length.max}, median ${summary.length.p50}, 90th percentile ${summary.length.p90}`,
    `Classification: accuracy ${pct(summary.classification.accuracy)}, false pass ${pct(summary.classification.falsePass)}, false fail ${pct(summary.classification.falseFail)}`,
    `Exposure: most-used item in ${pct(summary.exposure.max)} of tests; ${pct(summary.exposure.unused)} of the bank never used`,
    `Why tests ended: ${Object.entries(summary.stopReasons)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "Conditional SE by true θ:",
    ...summary.conditionalSe.map(
      (b) =>
        `  ${b.band.padEnd(9)} ${String(b.examinees).padStart(6)} examinees   mean SE ${b.meanSe.toFixed(3)}   RMSE ${b.rmse.toFixed(3)}`,
    ),
    `Speed: ${result.msPerStep} ms per step; ${result.seconds} s in all on ${result.workers} thread(s)`,
  ];
  if (opts.plot) lines.push(`Plot written to ${opts.plot}`);
  ctx.out(lines.join("\n"));
  return 0;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
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
