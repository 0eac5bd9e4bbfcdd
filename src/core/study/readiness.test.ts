/** Readiness: P(pass today) from all answers, checked against simulated candidates of known ability. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomItems } from "../irt/calibration/simulate.js";
import { type ItemParameters, probability } from "../irt/models.js";
import { seededRandom } from "../random/seeded.js";
import { type ReadinessAnswer, readiness } from "./readiness.js";

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const weights = new Map([
  ["1", 20],
  ["2", 30],
  ["3", 50],
]);
const names = new Map([
  ["1", "Risk Management"],
  ["2", "Operations"],
  ["3", "Engineering"],
]);
const options = { now: NOW, cut: 0, weights, names };
const bank = randomItems(300, "2pl", seededRandom("readiness-bank"));

/** A candidate of ability `theta` (per domain if a map) answering `n` distinct items of the bank today. */
function answersOf(theta: number | ReadonlyMap<string, number>, n: number, seed: string): ReadinessAnswer[] {
  const rng = seededRandom(seed);
  const ids = Array.from({ length: bank.length }, (_, k) => k);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, n).map((k) => {
    const domain = String((k % 3) + 1);
    const t = typeof theta === "number" ? theta : theta.get(domain)!;
    const params: ItemParameters = bank[k]!;
    return {
      itemId: `i${k}`,
      domain,
      at: NOW - rng.next() * DAY,
      correct: rng.next() < probability(t, params),
      params,
      calibrated: true,
    };
  });
}

describe("readiness", () => {
  it("says there is nothing to go on without answers", () => {
    const r = readiness([], options);
    expect(r).toMatchObject({ probability: null, interval: null, enoughEvidence: false, parameters: "none" });
    expect(r.drivers).toEqual(["No answers yet: practise to get a readiness figure."]);
  });

  it("is near certain for a strong candidate and near nil for a weak one, with enough evidence (known truth)", () => {
    const strong = readiness(answersOf(1.2, 150, "strong"), options);
    expect(strong.probability).toBeGreaterThan(0.95);
    expect(strong.enoughEvidence).toBe(true);
    expect(strong.interval![0]).toBeLessThanOrEqual(strong.probability!);
    expect(strong.interval![1]).toBeGreaterThanOrEqual(strong.probability!);
    expect(Math.abs(strong.theta - 1.2)).toBeLessThan(3 * strong.se);
    const weak = readiness(answersOf(-1.2, 150, "weak"), options);
    expect(weak.probability).toBeLessThan(0.05);
    expect(weak.enoughEvidence).toBe(true);
  });

  it("holds back its verdict on a handful of answers", () => {
    const r = readiness(answersOf(0.3, 6, "few"), options);
    expect(r.enoughEvidence).toBe(false);
    expect(r.drivers[0]).toMatch(/^Not enough evidence yet: 6 item\(s\) answered/);
    expect(r.interval![1] - r.interval![0]).toBeGreaterThan(0.5);
    // Six wrong answers give a narrow interval near nil, but six answers are still too few to trust.
    const wrong = readiness(
      answersOf(0, 6, "few").map((a) => ({ ...a, correct: false })),
      options,
    );
    expect(wrong.interval![1]).toBeLessThan(0.2);
    expect(wrong.enoughEvidence).toBe(false);
  });

  it("counts each item once, at its latest answer, and older answers less", () => {
    const base = answersOf(0, 40, "latest");
    const first = base[0]!;
    const wrongThenRight = [
      { ...first, correct: false, at: NOW - 10 * DAY },
      { ...first, correct: true, at: NOW - DAY },
      ...base.slice(1),
    ];
    const rightOnly = [{ ...first, correct: true, at: NOW - DAY }, ...base.slice(1)];
    expect(readiness(wrongThenRight, options)).toEqual(readiness(rightOnly, options));
    expect(readiness(wrongThenRight, options).answered).toBe(40);
    // An answer one half-life old counts half.
    const old = base.map((a) => ({ ...a, at: NOW - 45 * DAY }));
    expect(readiness(old, options).effectiveAnswers).toBeCloseTo(20, 9);
    // Old evidence is weaker evidence: the same answers a half-life ago give a wider posterior.
    expect(readiness(old, options).se).toBeGreaterThan(readiness(base, options).se);
  });

  it("estimates domains toward the overall level, names the weakest with its weight, and the thin ones", () => {
    const theta = new Map([
      ["1", -1],
      ["2", 0.8],
      ["3", 0.8],
    ]);
    const answers = answersOf(theta, 240, "domains").filter((a) => a.domain !== "2" || a.itemId < "i1");
    const r = readiness(answers, options);
    const d = new Map(r.domains.map((x) => [x.id, x]));
    expect(d.get("1")!.theta).toBeLessThan(d.get("3")!.theta - 0.8);
    expect(d.get("1")!.probability).toBeLessThan(0.2);
    expect(d.get("1")!.share).toBeCloseTo(0.2, 12);
    expect(r.drivers).toContain(
      "Risk Management is 20% of the exam and your weakest domain, below the passing standard.",
    );
    expect(d.get("2")!.answered).toBeLessThan(5);
    expect(r.drivers.some((s) => /^Few answers in Operations \(\d\)/.test(s))).toBe(true);
    // With no answers of its own, a domain sits at the overall estimate, less surely.
    const none = readiness(
      answers.filter((a) => a.domain !== "2"),
      options,
    ).domains.find((x) => x.id === "2")!;
    expect(none.answered).toBe(0);
    expect(none.theta).toBeCloseTo(
      readiness(
        answers.filter((a) => a.domain !== "2"),
        options,
      ).theta,
      6,
    );
  });

  it("says when the item difficulties are the authors' guesses", () => {
    const guessed = answersOf(0.5, 80, "priors").map((a) => ({ ...a, calibrated: false }));
    const r = readiness(guessed, options);
    expect(r.parameters).toBe("priors");
    expect(r.drivers.at(-1)).toMatch(/authors' estimates/);
    const mixed = guessed.map((a, k) => ({ ...a, calibrated: k % 2 === 0 }));
    expect(readiness(mixed, options).parameters).toBe("mixed");
  });

  it("never falls when a wrong answer becomes a right one (property)", () => {
    const base = answersOf(0, 30, "monotone");
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), fc.nat(29), (pattern, flip) => {
        const answers = base.map((a, k) => ({ ...a, correct: pattern[k]! }));
        if (answers[flip]!.correct) return;
        const better = answers.map((a, k) => (k === flip ? { ...a, correct: true } : a));
        expect(readiness(better, options).probability!).toBeGreaterThanOrEqual(
          readiness(answers, options).probability! - 1e-12,
        );
      }),
      { numRuns: 60 },
    );
  });

  it("predicts pass rates that come true: 1,000 simulated candidates, reliability by fifth within 10 points (known truth)", () => {
    const rng = seededRandom("readiness-calibration");
    const rows: { p: number; passed: number }[] = [];
    for (let c = 0; c < 1000; c++) {
      const theta = rng.normal();
      const r = readiness(answersOf(theta, 40, `cal-${c}`), options);
      // The real exam measures with its own error, 0.25 at the cut.
      const passed = theta + 0.25 * rng.normal() >= 0 ? 1 : 0;
      rows.push({ p: r.probability!, passed });
    }
    const brier = rows.reduce((s, r) => s + (r.p - r.passed) ** 2, 0) / rows.length;
    expect(brier).toBeLessThan(0.12);
    rows.sort((a, b) => a.p - b.p);
    for (let d = 0; d < 5; d++) {
      const part = rows.slice(d * 200, (d + 1) * 200);
      const predicted = part.reduce((s, r) => s + r.p, 0) / part.length;
      const observed = part.reduce((s, r) => s + r.passed, 0) / part.length;
      expect(Math.abs(predicted - observed), `fifth ${d + 1}`).toBeLessThan(0.1);
    }
    // The check can fail: a forecast that ignores the answers (the base rate for everyone) scores worse.
    const base = rows.reduce((s, r) => s + r.passed, 0) / rows.length;
    const flat = rows.reduce((s, r) => s + (base - r.passed) ** 2, 0) / rows.length;
    expect(brier).toBeLessThan(flat - 0.08);
  }, 60_000);
});
