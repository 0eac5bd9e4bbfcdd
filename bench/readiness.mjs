// Readiness validated by simulation (issue 18 §4): simulated candidates of known ability practise
// with realistic habits, the readiness model predicts their chance of passing on their exam date
// from the authors' priors alone, and each then takes a simulated full real exam on that date.
//
// The simulated world differs from the model that predicts, as the real one does:
// - items: the model believes a = 1, c = 0, b = the author's prior; truly b = prior + N(0, 0.5²),
//   a uniform in [0.5, 2], c uniform in [0, 0.25];
// - candidates: ability differs by domain (N(0, 0.4²) around their level) and drifts over the
//   60 days of practice (learning of 0–0.02 logits a day, so up to 1.2 by the exam date);
// - habits: 3 sessions a week on average of 10–30 items, domains practised unevenly (each candidate
//   favours some), 10% of answers rushed (a random option), items answered again now and then.
// The true outcome: a 150-item linear form by blueprint from the bank, answered with the true
// parameters and the candidate's true domain abilities on the exam date, scored by EAP with the true
// parameters (as a calibrated real exam is), passed when θ̂ ≥ the cut (0).
// Reported: the Brier score (against the base rate's), and the reliability table by decile of
// predicted probability (target: predicted and observed pass rates within 10 points in every decile
// with at least 50 candidates).
import { performance } from "node:perf_hooks";
import { eap } from "../dist/core/irt/estimate.js";
import { probability } from "../dist/core/irt/models.js";
import { seededRandom } from "../dist/core/random/seeded.js";
import { readiness } from "../dist/core/study/readiness.js";
import { cisspWeights } from "./cissp-weights.mjs";

const CANDIDATES = Number(process.env.BENCH_READINESS_CANDIDATES ?? 2000);
const DAY = 86_400_000;
const EXAM_DAY = 1_800_000_000_000;
const DAYS = 60;
const weights = cisspWeights;
const domains = [...weights.keys()];

function bank(rng) {
  const items = [];
  for (const d of domains)
    for (let k = 0; k < 60; k++) {
      const prior = Math.max(-2.5, Math.min(2.5, 1.25 * Math.round((rng.normal() * 0.9) / 1.25)));
      items.push({
        id: `${d}-${k}`,
        domain: d,
        believed: { a: 1, b: prior, c: 0, d: 1 },
        truth: { a: 0.5 + 1.5 * rng.next(), b: prior + 0.5 * rng.normal(), c: 0.25 * rng.next(), d: 1 },
      });
    }
  return items;
}

function candidate(rng) {
  const level = -0.2 + 0.9 * rng.normal();
  const offsets = new Map(domains.map((d) => [d, 0.4 * rng.normal()]));
  const learning = 0.02 * rng.next();
  // Uneven practice: each candidate's own leaning towards some domains.
  const leaning = new Map(domains.map((d) => [d, rng.next() ** 2 + 0.05]));
  const thetaAt = (d, day) => level + offsets.get(d) + learning * day;
  return { thetaAt, leaning };
}

function pickDomain(rng, leaning) {
  let total = 0;
  for (const w of leaning.values()) total += w;
  let x = rng.next() * total;
  for (const [d, w] of leaning) {
    x -= w;
    if (x <= 0) return d;
  }
  return domains[domains.length - 1];
}

export function run() {
  const rng = seededRandom("bench-readiness");
  const items = bank(rng);
  const byDomain = new Map(domains.map((d) => [d, items.filter((i) => i.domain === d)]));
  const t0 = performance.now();
  const rows = [];
  for (let c = 0; c < CANDIDATES; c++) {
    const who = candidate(rng);
    const answers = [];
    for (let day = 0; day < DAYS; day++) {
      if (rng.next() > 3 / 7) continue;
      const n = 10 + Math.floor(rng.next() * 21);
      for (let k = 0; k < n; k++) {
        const d = pickDomain(rng, who.leaning);
        const pool = byDomain.get(d);
        const item = pool[Math.floor(rng.next() * pool.length)];
        const rushed = rng.next() < 0.1;
        const p = rushed ? 0.25 : probability(who.thetaAt(d, day), item.truth);
        answers.push({
          itemId: item.id,
          domain: d,
          at: EXAM_DAY - (DAYS - day) * DAY + k * 60_000,
          correct: rng.next() < p,
          params: item.believed,
          calibrated: false,
        });
      }
    }
    const r = readiness(answers, { now: EXAM_DAY, cut: 0, weights });
    if (r.probability === null) continue;
    // The real exam on the exam date: 150 items by blueprint, scored with the true parameters.
    const responses = [];
    for (const [d, w] of weights) {
      const pool = byDomain.get(d);
      const count = Math.round((150 * w) / 100);
      for (let k = 0; k < count; k++) {
        const item = pool[Math.floor(rng.next() * pool.length)];
        const right = rng.next() < probability(who.thetaAt(d, DAYS), item.truth);
        responses.push({ params: item.truth, score: right ? 1 : 0 });
      }
    }
    const passed = eap(responses).theta >= 0 ? 1 : 0;
    rows.push({ p: r.probability, passed, enough: r.enoughEvidence });
  }
  const seconds = (performance.now() - t0) / 1000;
  const brier = rows.reduce((s, r) => s + (r.p - r.passed) ** 2, 0) / rows.length;
  const base = rows.reduce((s, r) => s + r.passed, 0) / rows.length;
  const flat = rows.reduce((s, r) => s + (base - r.passed) ** 2, 0) / rows.length;
  const table = [];
  for (let d = 0; d < 10; d++) {
    const part = rows.filter((r) => Math.min(9, Math.floor(r.p * 10)) === d);
    if (!part.length) continue;
    const predicted = part.reduce((s, r) => s + r.p, 0) / part.length;
    const observed = part.reduce((s, r) => s + r.passed, 0) / part.length;
    table.push({ decile: d, n: part.length, predicted, observed });
  }
  const judged = table.filter((t) => t.n >= 50);
  const worst = Math.max(...judged.map((t) => Math.abs(t.predicted - t.observed)));
  const pct = (x) => `${(x * 100).toFixed(0)}%`;
  return [
    {
      name: `readiness of ${rows.length} simulated candidates (60 days of practice, world ≠ model) against a simulated 150-item real exam on their exam date`,
      value: `Brier ${brier.toFixed(3)} (the base rate ${pct(base)} for everyone: ${flat.toFixed(3)}); ${rows.filter((r) => r.enough).length} with enough evidence; ${seconds.toFixed(1)} s`,
      target: "Brier below the base rate's",
      ok: brier < flat,
    },
    {
      name: "reliability by decile of predicted probability (n, predicted → observed)",
      value: table
        .map(
          (t) => `${t.decile * 10}–${t.decile * 10 + 10}%: ${t.n}, ${pct(t.predicted)} → ${pct(t.observed)}`,
        )
        .join("; "),
      target: "within 10 points in every decile with ≥ 50 candidates",
      ok: worst <= 0.1,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of run()) console.log(`${r.ok ? "✔" : "✘"} ${r.name}: ${r.value} (target ${r.target})`);
}
