import { describe, expect, it } from "vitest";
import { seededRandom } from "../random/seeded.js";
import { buildPool } from "./pool.js";
import { practiceRules } from "./rules.js";
import { information, newSelectionState, selectItem } from "./selection.js";
import { simulateExaminees, summarize } from "./simulate.js";
import { calibrateSympsonHetter, controlValue, inProcessRounds, type RoundCounts } from "./sympson-hetter.js";
import { syntheticPool } from "./synthetic-pool.js";

/**
 * A population whose selection rates are known exactly as functions of the control values:
 * 60% of examinees are first offered A; if A is given they are offered B next, else C. The other 40%
 * are first offered B. Whoever turns down B is offered D, and whoever turns down D, E.
 *   P(S_A) = .6, P(S_B) = .4 + .6·K_A, P(S_C) = .6·(1 − K_A), P(S_D) = P(S_B)·(1 − K_B), P(S_E) = P(S_D)·(1 − K_D)
 * Lowering K_A lowers B's selection rate, so K_B, set low in the first round, must rise again.
 */
function knownPopulation(k: Float64Array, examinees = 1000): RoundCounts {
  const [A, B, C, D, E] = [0, 1, 2, 3, 4];
  const s = new Float64Array(5);
  s[A] = 0.6;
  s[B] = 0.4 + 0.6 * k[A]!;
  s[C] = 0.6 * (1 - k[A]!);
  s[D] = s[B]! * (1 - k[B]!);
  s[E] = s[D]! * (1 - k[D]!);
  return {
    examinees,
    selections: Array.from(s, (x) => x * examinees),
    administrations: Array.from(s, (x, i) => x * k[i]! * examinees),
  };
}

describe("Sympson–Hetter calibration", () => {
  it("sets K = min(1, r / P(S))", () => {
    expect(controlValue(1, 0.25)).toBe(0.25);
    expect(controlValue(0.5, 0.25)).toBe(0.5);
    expect(controlValue(0.25, 0.25)).toBe(1);
    expect(controlValue(0, 0.25)).toBe(1);
  });

  it("iterates on selection rates to the known fixed point, raising a value set too low", async () => {
    const pool = buildPool(syntheticPool({ size: 5, seed: "toy" }));
    const kB: number[] = [];
    const result = await calibrateSympsonHetter(
      pool,
      () => {
        kB.push(pool.exposureControl[1]!);
        return knownPopulation(pool.exposureControl);
      },
      { target: 0.25, maxRounds: 200, rateTolerance: 1e-4, changeTolerance: 1e-4 },
    );
    expect(result.converged).toBe(true);
    // The fixed point: K_A = .25/.6; then P(S_B) = .65, K_B = .25/.65; P(S_C) = .35, K_C = .25/.35;
    // P(S_D) = .65·(1 − K_B) = .4, K_D = .625; P(S_E) = .4·.375 = .15 < .25, K_E = 1.
    const expected = [0.25 / 0.6, 0.25 / 0.65, 0.25 / 0.35, 0.625, 1];
    expected.forEach((k, i) => {
      expect(pool.exposureControl[i]!).toBeCloseTo(k, 2);
    });
    const final = knownPopulation(pool.exposureControl);
    for (let i = 0; i < 5; i++) expect(final.administrations[i]! / 1000).toBeLessThanOrEqual(0.25 + 1e-3);
    // After round 1 K_B is .25 (B was chosen by everyone); it then rises towards .385.
    expect(kB[1]).toBeCloseTo(0.25, 10);
    expect(Math.max(...kB.slice(2))).toBeGreaterThan(0.35);
    expect(result.trace[0]!.maxAdministration).toBe(1);
  });

  it("stops at the round limit and says it has not converged", async () => {
    const pool = buildPool(syntheticPool({ size: 5, seed: "toy" }));
    const result = await calibrateSympsonHetter(pool, () => knownPopulation(pool.exposureControl), {
      maxRounds: 2,
      rateTolerance: 0,
      changeTolerance: 0,
    });
    expect(result).toMatchObject({ converged: false, rounds: 2, maxRounds: 2 });
  });

  it("walks down the list past rejected items instead of falling back to one of them", () => {
    const pool = buildPool(syntheticPool({ size: 300, seed: "walk" }));
    const ranked = [...Array(pool.size).keys()].sort(
      (x, y) => information(pool, y, 0) - information(pool, x, 0),
    );
    // The 40 best items at θ = 0 are never to be given.
    for (const k of ranked.slice(0, 40)) pool.exposureControl[k] = 0;
    const selections = new Uint32Array(pool.size);
    const state = newSelectionState(pool);
    const k = selectItem(pool, state, {
      at: 0,
      exposure: { kind: "sympson-hetter" },
      rng: seededRandom("walk"),
      selections,
    });
    expect(k).toBe(ranked[40]);
    expect(selections.reduce((s, x) => s + x, 0)).toBe(41);
    for (const r of ranked.slice(0, 40)) expect(state.unavailable[r]).toBe(1);
  });

  it("keeps a fresh 1,000-examinee simulation within 0.30 once calibrated to 0.25 (known truth)", async () => {
    const pool = buildPool(syntheticPool({ size: 300, seed: "sh-bank" }));
    const rules = practiceRules({
      minItems: 20,
      maxItems: 20,
      se: undefined,
      ci: undefined,
      balanceContent: false,
      exposure: { kind: "sympson-hetter" },
    });
    const draw = (round: number) => {
      const rng = seededRandom(`sh-calibration:${round}`);
      return Array.from({ length: 500 }, () => rng.normal());
    };
    const calibration = await calibrateSympsonHetter(
      pool,
      inProcessRounds(pool, rules, draw, "sh-calibration"),
    );
    expect(calibration.converged).toBe(true);
    expect(calibration.rounds).toBeLessThan(calibration.maxRounds);
    const fresh = seededRandom("sh-fresh");
    const thetas = Array.from({ length: 1000 }, () => fresh.normal());
    const controlled = summarize([simulateExaminees(pool, rules, thetas, "sh-fresh")], pool, rules, {
      exposureTarget: 0.25,
    });
    expect(controlled.exposure.max).toBeLessThanOrEqual(0.3);
    // Without control the same examinees share the best items far more.
    const free = { ...rules, exposure: { kind: "none" as const } };
    const uncontrolled = summarize([simulateExaminees(pool, free, thetas, "sh-fresh")], pool, free);
    expect(uncontrolled.exposure.max).toBeGreaterThan(0.6);
    expect(controlled.rmse).toBeLessThan(uncontrolled.rmse + 0.05);
  }, 120_000);
});
