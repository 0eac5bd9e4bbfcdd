// Benchmarks of calibration (issue 16, §2 and §4), run alone with `node bench/calibration.mjs`
// after `npm run build`:
// 1. 2PL by MML of 20,000 persons × 100 items (41 quadrature points, converged when no parameter
//    moves more than 1e-4), SQUAREM-accelerated EM with the E-steps over both cores (the CLI's
//    worker pool): time to convergence, target ≤ 4 s; the same with 61 points; plain EM's cycle
//    count for comparison; recovery of the true a and b (correlation, RMSE).
// 2. 3PL by MML of 20,000 × 100 (Beta(6, 16) prior on c): time and recovery of a, b and c.
// 3. Rasch by CML of 5,000 × 50 in-process, target ≤ 0.3 s, side by side with eRm (R package,
//    Debian's r-cran-erm) on the same data in the same run, estimates within 1e-3 of eRm's. eRm is
//    not installed by the benchmark (it is a system package): without Rscript and eRm the figure is
//    reported missing, with how to get it.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createEStepPool } from "../dist/cli/calibration/e-step-pool.js";
import { mmlCalibration } from "../dist/core/irt/calibration/calibrate.js";
import { runMmlAsync } from "../dist/core/irt/calibration/mml-em.js";
import { raschCml } from "../dist/core/irt/calibration/rasch-cml.js";
import { recovery } from "../dist/core/irt/calibration/recovery-stats.js";
import { randomItems, simulateResponses } from "../dist/core/irt/calibration/simulate.js";
import { seededRandom } from "../dist/core/random/seeded.js";

/** The machine's load when a figure was taken: the timings are wall-clock, and 2 cores are shared. */
const load = () => `load average ${loadavg()[0].toFixed(1)}`;
const fmt = (r) => `r = ${r.correlation.toFixed(4)}, RMSE ${r.rmse.toFixed(4)}`;

async function mml(matrix, model, points, accelerate = true) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = mmlCalibration(matrix, { model, quadrature: { points }, standardErrors: false, accelerate });
  const pool = createEStepPool(matrix, 2);
  try {
    const em = await runMmlAsync(run.steps, (t) => pool.eStep(t));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const result = run.finish(em);
    // process.cpuUsage counts every thread of the process, the worker included.
    return { em, result, seconds, cpu: (cpu.user + cpu.system) / 1e6, threads: pool.threads };
  } finally {
    await pool.close();
  }
}

async function twoPl() {
  const rng = seededRandom("bench-2pl");
  const truth = randomItems(100, "2pl", rng);
  const { matrix } = simulateResponses(truth, 20_000, rng);
  const rows = [];
  const r41 = await mml(matrix, "2pl", 41);
  rows.push({
    name: `2PL MML 20,000 × 100, 41 nodes, 1e-4 rule, ${r41.threads} threads (${r41.em.cycles} SQUAREM cycles, ${r41.em.eSteps} E-steps, converged ${r41.em.converged})`,
    value: `${r41.seconds.toFixed(2)} s (CPU ${r41.cpu.toFixed(2)} s over both threads; ${load()})`,
    target: "≤ 4 s",
    ok: r41.seconds <= 4 && r41.em.converged,
  });
  const r61 = await mml(matrix, "2pl", 61);
  rows.push({
    name: `2PL MML 20,000 × 100, 61 nodes (the default), ${r61.em.eSteps} E-steps`,
    value: `${r61.seconds.toFixed(2)} s (CPU ${r61.cpu.toFixed(2)} s; ${load()})`,
    target: "reported",
    ok: r61.em.converged,
  });
  const plain = await mml(matrix, "2pl", 41, false);
  rows.push({
    name: "plain EM (no acceleration), 41 nodes: cycles to the same rule",
    value: `${plain.em.cycles} cycles, ${plain.seconds.toFixed(1)} s (SQUAREM: ${r41.em.eSteps} E-steps)`,
    target: "reported",
    ok: plain.em.converged,
  });
  const items = r61.result.items;
  rows.push({
    name: "2PL recovery 20,000 × 100 against the truth (a; b)",
    value: `${fmt(
      recovery(
        items.map((i) => i.a),
        truth.map((t) => t.a),
      ),
    )}; ${fmt(
      recovery(
        items.map((i) => i.b),
        truth.map((t) => t.b),
      ),
    )}`,
    target: "reported",
    ok: true,
  });
  return rows;
}

async function threePl() {
  const rng = seededRandom("bench-3pl");
  const truth = randomItems(100, "3pl", rng);
  const { matrix } = simulateResponses(truth, 20_000, rng);
  const r = await mml(matrix, "3pl", 61);
  const items = r.result.items;
  return [
    {
      name: `3PL MML 20,000 × 100, 61 nodes, c ~ Beta(6, 16) (${r.em.cycles} cycles, ${r.em.eSteps} E-steps)`,
      value: `${r.seconds.toFixed(2)} s (CPU ${r.cpu.toFixed(2)} s; ${load()})`,
      target: "reported",
      ok: r.em.converged,
    },
    {
      name: "3PL recovery 20,000 × 100 (a; b; c)",
      value: `${fmt(
        recovery(
          items.map((i) => i.a),
          truth.map((t) => t.a),
        ),
      )}; ${fmt(
        recovery(
          items.map((i) => i.b),
          truth.map((t) => t.b),
        ),
      )}; ${fmt(
        recovery(
          items.map((i) => i.c),
          truth.map((t) => t.c),
        ),
      )}`,
      target: "reported",
      ok: true,
    },
  ];
}

function hasErm() {
  const r = spawnSync(
    "Rscript",
    ["-e", "suppressMessages(library(eRm)); cat(as.character(packageVersion('eRm')))"],
    {
      encoding: "utf8",
    },
  );
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function rasch() {
  const rng = seededRandom("bench-rasch");
  const truth = randomItems(50, "rasch", rng);
  const { matrix } = simulateResponses(truth, 5000, rng);
  const times = [];
  const cpus = [];
  let result;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    result = raschCml(matrix);
    const c = process.cpuUsage(c0);
    times.push((performance.now() - t0) / 1000);
    cpus.push((c.user + c.system) / 1e6);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const cpuMedian = [...cpus].sort((a, b) => a - b)[2];
  const rows = [
    {
      name: `Rasch CML 5,000 × 50 in-process (${result.iterations} Newton iterations; first run ${times[0].toFixed(3)} s, median of 5)`,
      value: `${sorted[2].toFixed(3)} s (CPU ${cpuMedian.toFixed(3)} s; ${load()})`,
      target: "≤ 0.3 s",
      ok: sorted[2] <= 0.3 && result.converged,
    },
  ];
  const version = hasErm();
  if (!version) {
    rows.push({
      name: "eRm comparison",
      value: "missing: needs Rscript with the eRm package (Debian package r-cran-erm)",
      target: "within 1e-3",
      ok: false,
    });
    return rows;
  }
  const dir = mkdtempSync(join(tmpdir(), "certpath-erm-"));
  try {
    const csv = join(dir, "x.csv");
    const lines = [];
    for (let i = 0; i < matrix.persons.length; i++) {
      const row = new Array(matrix.items.length).fill("NA");
      for (let k = matrix.start[i]; k < matrix.start[i + 1]; k++) row[matrix.item[k]] = matrix.score[k];
      lines.push(row.join(","));
    }
    writeFileSync(csv, `${lines.join("\n")}\n`);
    const script = `suppressMessages(library(eRm)); X <- as.matrix(read.csv("${csv}", header = FALSE));
t <- system.time(r <- RM(X))[["elapsed"]]; cat(t, -r$betapar, sep = "\\n")`;
    const t0 = performance.now();
    const out = execFileSync("Rscript", ["-e", script], { encoding: "utf8", maxBuffer: 1 << 24 });
    const wall = (performance.now() - t0) / 1000;
    const [rmSeconds, ...b] = out.trim().split("\n").map(Number);
    let gap = 0;
    b.forEach((x, j) => {
      gap = Math.max(gap, Math.abs(x - result.b[j]));
    });
    rows.push({
      name: `eRm ${version} RM() on the same data (${wall.toFixed(1)} s with R's start-up; ${load()})`,
      value: `${rmSeconds.toFixed(3)} s: certpath ${(rmSeconds / sorted[2]).toFixed(0)}× faster`,
      target: "reported",
      ok: true,
    });
    rows.push({
      name: "largest difference from eRm's difficulties",
      value: gap.toExponential(2),
      target: "≤ 1e-3",
      ok: gap <= 1e-3,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export async function run() {
  return [...rasch(), ...(await twoPl()), ...(await threePl())];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.ok ? "✔" : "✘"} ${r.name}: ${r.value} (target ${r.target})`);
}
