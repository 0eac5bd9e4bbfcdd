// Benchmarks of the IRT/CAT engine (issue: IRT core and computerized adaptive testing):
// 1. against @bdelab/jscat 5.2.3 on the same 2PL bank of 10,000 items, the same examinees and
//    responses, EAP with the same N(0,1) prior on the same grid and maximum-information selection:
//    time per step (estimate + select), agreement of θ (EAP to 1e-6), and MLE agreement (to 1e-3)
//    with certpath's MLE checked against a fine grid;
// 2. a step on a 100,000-item bank (target ≤ 2 ms);
// 3. 10,000 examinees through a 150-item CAT on a 2,000-item bank (target < 30 s on one core);
// 4. measurement quality and item exposure of the CISSP rules under every selection rule (5,000
//    examinees, timed by the lognormal response-time model): RMSE, length, classification, the
//    most-used item, the unused share of the bank, test overlap, time-outs.
// `node bench/cat.mjs [step|simulation|quality]…` runs the named parts alone (all by default).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { buildPool, poolParams } from "../dist/core/cat/pool.js";
import { practiceRules } from "../dist/core/cat/rules.js";
import { CatRun } from "../dist/core/cat/run.js";
import { syntheticPool } from "../dist/core/cat/synthetic-pool.js";
import { maximumLikelihood } from "../dist/core/irt/estimate.js";
import { probability } from "../dist/core/irt/models.js";
import { seededRandom } from "../dist/core/random/seeded.js";
import { cisspWeights } from "./cissp-weights.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** A response that depends only on the examinee and the item, so both engines see the same answers. */
function respond(examinee, itemId, trueTheta, params) {
  const u = seededRandom(`resp:${examinee}:${itemId}`).next();
  return u < probability(trueTheta, params) ? 1 : 0;
}

function loadJsCat() {
  const peer = join(here, "peers", "node_modules", "@bdelab", "jscat");
  if (!existsSync(peer)) return null;
  const require = createRequire(join(here, "peers", "package.json"));
  return require("@bdelab/jscat");
}

function peerComparison() {
  const jscat = loadJsCat();
  if (!jscat)
    return [
      {
        name: "jsCAT comparison",
        value: "skipped: bench/peers not installed (npm run bench installs it)",
        target: "—",
        ok: false,
      },
    ];
  const items = syntheticPool({ size: 10_000, seed: "peer" });
  const pool = buildPool(items);
  const rules = practiceRules({
    minItems: 20,
    maxItems: 20,
    se: undefined,
    exposure: { kind: "none" },
    balanceContent: false,
    startTheta: 0,
  });
  const stimuli = items.map((it) => ({ id: it.id, a: it.params.a, b: it.params.b, c: 0, d: 1 }));
  const thetas = Array.from({ length: 8 }, (_, i) => -1.75 + i * 0.5);
  let certpathMs = 0;
  let peerMs = 0;
  let steps = 0;
  let maxEapGap = 0;
  let sameItems = true;
  const patterns = [];
  thetas.forEach((trueTheta, e) => {
    const run = new CatRun(pool, rules, seededRandom("unused"));
    const cat = new jscat.Cat({
      method: "EAP",
      itemSelect: "MFI",
      minTheta: -6,
      maxTheta: 6,
      priorDist: "norm",
      priorPar: [0, 1],
    });
    let remaining = stimuli;
    const zetas = [];
    const answers = [];
    for (let step = 0; step < rules.maxItems; step++) {
      // certpath: select, deliver, answer (estimate).
      let t0 = performance.now();
      const d = run.next();
      certpathMs += performance.now() - t0;
      // jsCAT: select from the remaining stimuli.
      t0 = performance.now();
      const { nextStimulus, remainingStimuli } = cat.findNextItem(remaining);
      peerMs += performance.now() - t0;
      remaining = remainingStimuli;
      const id = pool.ids[d.index];
      if (nextStimulus.id !== id) sameItems = false;
      const answer = respond(e, id, trueTheta, poolParams(pool, d.index));
      t0 = performance.now();
      run.deliver(d.index, false);
      run.answer(answer);
      certpathMs += performance.now() - t0;
      t0 = performance.now();
      const zeta = { a: nextStimulus.discrimination, b: nextStimulus.difficulty, c: 0, d: 1 };
      cat.updateAbilityEstimate(zeta, answer);
      peerMs += performance.now() - t0;
      steps++;
      maxEapGap = Math.max(maxEapGap, Math.abs(run.estimate.theta - cat.theta));
      zetas.push(zeta);
      answers.push(answer);
    }
    patterns.push({ zetas, answers });
  });
  // MLE on the same patterns: certpath's exact maximum, jsCAT's Powell search, and a fine grid.
  let maxMleGap = 0;
  let maxGridGap = 0;
  let mleCompared = 0;
  for (const { zetas, answers } of patterns) {
    if (answers.every((x) => x === 1) || answers.every((x) => x === 0)) continue;
    const responses = zetas.map((z, i) => ({ params: { a: z.a, b: z.b, c: 0, d: 1 }, score: answers[i] }));
    const mine = maximumLikelihood(responses).theta;
    const cat = new jscat.Cat({ method: "MLE", minTheta: -6, maxTheta: 6 });
    cat.updateAbilityEstimate(zetas, answers);
    const ll = (t) =>
      responses.reduce(
        (s, r) => s + Math.log(r.score ? probability(t, r.params) : 1 - probability(t, r.params)),
        0,
      );
    let best = -6;
    for (let t = -6; t <= 6; t += 1e-5) if (ll(t) > ll(best)) best = t;
    maxMleGap = Math.max(maxMleGap, Math.abs(mine - cat.theta));
    maxGridGap = Math.max(maxGridGap, Math.abs(mine - best));
    mleCompared++;
  }
  const ratio = peerMs / certpathMs;
  return [
    {
      name: `jsCAT 5.2.3 vs certpath, 10,000-item 2PL bank, EAP + MFI, ${steps} steps`,
      value: `certpath ${(certpathMs / steps).toFixed(3)} ms/step, jsCAT ${(peerMs / steps).toFixed(2)} ms/step: ${ratio.toFixed(0)}× faster`,
      target: "≥ 20×",
      ok: ratio >= 20,
    },
    {
      name: "EAP agreement with jsCAT (same grid and prior), largest |Δθ|",
      value: maxEapGap.toExponential(2),
      target: "≤ 1e-6",
      ok: maxEapGap <= 1e-6 && sameItems,
    },
    { name: "same items selected at every step", value: String(sameItems), target: "true", ok: sameItems },
    {
      name: `MLE agreement with jsCAT's Powell search (${mleCompared} patterns), largest |Δθ|`,
      value: maxMleGap.toExponential(2),
      target: "≤ 1e-3",
      ok: maxMleGap <= 1e-3,
    },
    {
      name: "certpath MLE against a 1e-5 grid, largest |Δθ|",
      value: maxGridGap.toExponential(2),
      target: "≤ 1e-5",
      ok: maxGridGap <= 1e-5,
    },
  ];
}

function bigBankStep() {
  const weights = cisspWeights;
  const pool = buildPool(syntheticPool({ size: 100_000, seed: "big", weights }), [...weights.keys()]);
  const exposures = [
    ["randomesque-5", { kind: "randomesque", k: 5 }],
    ["progressive, acceleration 3 (the CISSP default)", { kind: "progressive", acceleration: 3 }],
  ];
  return exposures.map(([name, exposure]) => {
    const rules = practiceRules({ minItems: 150, maxItems: 150, se: undefined, exposure });
    const times = [];
    for (let e = 0; e < 5; e++) {
      const rng = seededRandom(`big:${e}`);
      const trueTheta = rng.normal();
      const run = new CatRun(pool, rules, rng, weights);
      for (let s = 0; s < 150; s++) {
        const t0 = performance.now();
        const d = run.next();
        if (d.kind !== "item") break;
        run.deliver(d.index, false);
        run.answer(rng.next() < probability(trueTheta, poolParams(pool, d.index)) ? 1 : 0);
        times.push(performance.now() - t0);
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)];
    return {
      name: `a step (select + estimate) on a 100,000-item bank, content-balanced, ${name}`,
      value: `median ${median(times).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`,
      target: "≤ 2 ms",
      ok: p99 <= 2,
    };
  });
}

function simulateCli(args) {
  const t0 = performance.now();
  const out = execFileSync(
    process.execPath,
    [join(root, "bin", "certpath.js"), "cat", "simulate", ...args, "--json"],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  return { seconds: (performance.now() - t0) / 1000, result: JSON.parse(out) };
}

function bigSimulation() {
  const common = [
    "--exam",
    "cissp",
    "--examinees",
    "10000",
    "--bank-size",
    "2000",
    "--min",
    "150",
    "--max",
    "150",
    "--seed",
    "bench",
  ];
  const one = simulateCli([...common, "--workers", "1"]);
  const two = simulateCli([...common, "--workers", "2"]);
  return [
    {
      name: "10,000 examinees × 150-item CAT on a 2,000-item bank, one core",
      value: `${one.seconds.toFixed(1)} s`,
      target: "< 30 s",
      ok: one.seconds < 30,
    },
    {
      name: "the same on two worker threads",
      value: `${two.seconds.toFixed(1)} s (${(one.seconds / two.seconds).toFixed(2)}× speed-up)`,
      target: "faster than one core",
      ok: two.seconds < one.seconds,
    },
  ];
}

/** The selection rules of the README's "Measurement quality" table: flags and a name. */
const QUALITY_RULES = [
  ["maximum information at θ, no exposure control", ["--select", "mfi", "--exposure", "none"]],
  ["maximum information at θ, randomesque-5", ["--select", "mfi", "--exposure", "randomesque:5"]],
  ["maximum information at the cut, randomesque-5", ["--select", "mfi-cut", "--exposure", "randomesque:5"]],
  ["progressive, acceleration 3 (the CISSP default)", []],
  ["progressive, acceleration 1", ["--exposure", "progressive:1"]],
  ["a-stratified, 4 strata with b blocking", ["--exposure", "a-stratified"]],
  ["maximum information at θ, Sympson–Hetter 0.25", ["--select", "mfi", "--exposure", "sh"]],
];

function quality() {
  const rows = [];
  for (const [name, flags] of QUALITY_RULES) {
    const { result } = simulateCli(["--exam", "cissp", "--examinees", "5000", ...flags, "--seed", "quality"]);
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    const sh = result.sympsonHetter
      ? `; Sympson–Hetter ${result.sympsonHetter.converged ? "converged" : "did not converge"} in ${result.sympsonHetter.rounds} rounds`
      : "";
    rows.push({
      name: `CISSP rules, ${name}: RMSE / mean length / accuracy (false pass, false fail) / most-used item / unused / overlap / timed out`,
      value: `${result.rmse} / ${result.length.mean} / ${pct(result.classification.accuracy)} (${pct(result.classification.falsePass)}, ${pct(result.classification.falseFail)}) / ${pct(result.exposure.max)} / ${pct(result.exposure.unused)} / ${pct(result.exposure.overlap)} / ${pct(result.timing.timedOut.examinees / result.examinees)}${sh}`,
      target: "reported",
      ok: true,
    });
  }
  return rows;
}

const PARTS = {
  step: () => [...peerComparison(), ...bigBankStep()],
  simulation: bigSimulation,
  quality,
};

export function run(parts = Object.keys(PARTS)) {
  return parts.flatMap((p) => PARTS[p]());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const parts = process.argv.slice(2);
  const unknown = parts.filter((p) => !(p in PARTS));
  if (unknown.length) {
    console.error(`unknown part(s) ${unknown.join(", ")}; parts: ${Object.keys(PARTS).join(", ")}`);
    process.exit(2);
  }
  for (const r of run(parts.length ? parts : undefined))
    console.log(`${r.ok ? "✔" : "✘"} ${r.name}: ${r.value} (target ${r.target})`);
}
