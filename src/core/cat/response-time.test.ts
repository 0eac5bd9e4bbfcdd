import { describe, expect, it } from "vitest";
import { seededRandom } from "../random/seeded.js";
import { buildPool } from "./pool.js";
import { expectedSeconds, responseSeconds, syntheticItemTimes } from "./response-time.js";
import { examRules } from "./rules.js";
import { simulateExaminees, summarize } from "./simulate.js";
import { syntheticPool } from "./synthetic-pool.js";
import { cisspExam } from "./test-exams.js";

/** The CISSP's rules without the 150-item cap, so only the clock ends a slow candidate's test. */
const cissp = {
  ...cisspExam,
  adaptive: {
    ...cisspExam.adaptive,
    stopRules: cisspExam.adaptive.stopRules.filter((r) => r.kind !== "maximum-length"),
  },
};

describe("the lognormal response-time model", () => {
  it("draws log-times with mean β − τ and standard deviation 1/α (known truth)", () => {
    const times = { beta: Float64Array.of(4.1), alpha: Float64Array.of(2) };
    const rng = seededRandom("rt");
    const tau = 0.3;
    const logs = Array.from({ length: 40_000 }, () => Math.log(responseSeconds(times, 0, tau, rng)));
    const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (logs.length - 1));
    expect(mean).toBeCloseTo(4.1 - 0.3, 2);
    expect(sd).toBeCloseTo(0.5, 2);
    const seconds = logs.map(Math.exp);
    const meanSeconds = seconds.reduce((s, x) => s + x, 0) / seconds.length;
    expect(meanSeconds / expectedSeconds(times, 0, tau)).toBeCloseTo(1, 1);
  });

  it("draws each item's parameters from its id, whatever the pool order", () => {
    const items = syntheticPool({ size: 20, seed: "ids" });
    const a = syntheticItemTimes(buildPool(items), "s");
    const b = syntheticItemTimes(buildPool([...items].reverse()), "s");
    expect(a.beta[0]).toBe(b.beta[19]);
    expect(a.alpha[3]).toBe(b.alpha[16]);
  });
});

describe("timed CAT simulations", () => {
  const pool = buildPool(syntheticPool({ size: 1200, pretest: 100, seed: "timed" }));
  const rules = examRules(cissp);
  const times = syntheticItemTimes(pool, "timed");
  const rng = seededRandom("timed:people");
  const thetas = Array.from({ length: 300 }, () => rng.normal() * 0.4);
  // Slow candidates: the time-out rule must come into play.
  const speeds = thetas.map(() => -0.5 + 0.3 * rng.normal());

  it("ends tests at the time limit by the CISSP's time-out rule, and reports them", () => {
    const chunk = simulateExaminees(pool, rules, thetas, "timed", {
      timing: { items: times, speeds, limitMinutes: 180 },
    });
    const out = chunk.examinees.filter((e) => e.timedOut);
    expect(out.length).toBeGreaterThan(20);
    for (const e of out) {
      expect(e.minutes).toBeCloseTo(180, 6);
      if ((e.answered ?? 0) < 100) {
        expect(e.passed).toBe(false);
        expect(e.reason).toMatch(/^time-out: \d+ items answered, fewer than 100: fail/);
      } else expect(e.reason).toMatch(/^time-out: the estimate (stayed at or above|fell below)/);
    }
    expect(out.some((e) => (e.answered ?? 0) < 100)).toBe(true);
    expect(out.some((e) => (e.answered ?? 0) >= 100)).toBe(true);
    for (const e of chunk.examinees.filter((x) => !x.timedOut)) expect(e.minutes!).toBeLessThanOrEqual(180);
    const s = summarize([chunk], pool, rules, { limitMinutes: 180 });
    expect(s.timing).toMatchObject({ limitMinutes: 180, timedOut: { examinees: out.length } });
    expect(s.timing!.timedOut.passed + s.timing!.timedOut.failed).toBe(out.length);
    expect(s.timing!.timedOut.belowMinimum).toBe(out.filter((e) => (e.answered ?? 0) < 100).length);
    expect(s.stopReasons["time-out"]).toBe(out.length);
  });

  it("changes no selection or answer when the clock never runs out", () => {
    const few = thetas.slice(0, 40);
    const untimed = simulateExaminees(pool, rules, few, "same");
    const timed = simulateExaminees(pool, rules, few, "same", {
      timing: { items: times, speeds: speeds.slice(0, 40), limitMinutes: null },
    });
    expect(timed.exposureCounts).toEqual(untimed.exposureCounts);
    expect(timed.examinees.map((e) => [e.theta, e.length])).toEqual(
      untimed.examinees.map((e) => [e.theta, e.length]),
    );
    expect(timed.examinees.every((e) => e.minutes! > 0 && e.timedOut === false)).toBe(true);
  });
});
