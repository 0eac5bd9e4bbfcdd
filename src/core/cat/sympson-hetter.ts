/**
 * Sympson–Hetter exposure control (Sympson & Hetter 1985; as set out by van der Linden 2003). Each
 * item i has a control value K_i = P(administered | selected): when selection picks it, it is given
 * with probability K_i, otherwise it is set aside for that examinee and selection moves on to the next
 * best item. So P(A_i) = K_i · P(S_i), and keeping every item's exposure rate P(A_i) at most r_max
 * asks for K_i = min(1, r_max / P(S_i)).
 *
 * The selection rates P(S_i) depend on the control values themselves (setting one item aside sends
 * examinees to others), so the K_i are found by iterating simulations of the population: start with
 * every K_i = 1; simulate; estimate each item's *selection* rate; set K_i = min(1, r_max / P(S_i))
 * afresh — so a value lowered too far in one round rises again in the next — and repeat.
 *
 * Each round simulates a fresh sample of examinees, and the selection rates a round's update uses are
 * pooled over the later half of the rounds so far (rounds ⌈t/2⌉…t after round t): early rounds, far from
 * the fixed point, drop out of the window, while near it the pooled sample grows, so the sampling
 * noise in the control values shrinks instead of being redrawn every round (iterate averaging, as in
 * stochastic approximation). The iteration has converged when, over that window, no item's
 * administration rate exceeds the target by more than a tolerance and the last update moved no control
 * value by more than another; otherwise it stops at the round limit and says so.
 */
import type { Pool } from "./pool.js";
import type { CatRules } from "./rules.js";
import { type SimulationOptions, simulateExaminees } from "./simulate.js";

/** What one calibration round reports: selection and administration counts over its examinees. */
export interface RoundCounts {
  examinees: number;
  selections: ArrayLike<number>;
  administrations: ArrayLike<number>;
}

/** Runs one round with the pool's current control values (`pool.exposureControl`). */
export type RoundRunner = (round: number) => RoundCounts | Promise<RoundCounts>;

export interface SympsonHetterSettings {
  /** The exposure target r_max (default 0.25). */
  target?: number;
  /** The most rounds (default 40). */
  maxRounds?: number;
  /** Converged when no administration rate over the window exceeds the target by more than this (default 0.01)… */
  rateTolerance?: number;
  /** …and no control value moved by more than this (default 0.02). */
  changeTolerance?: number;
}

export interface SympsonHetterRound {
  round: number;
  /** Examinees in the window of rounds the update pooled. */
  examinees: number;
  /** Largest administration rate P(A_i) over the window. */
  maxAdministration: number;
  /** Largest selection rate P(S_i) over the window. */
  maxSelection: number;
  /** Largest change of a control value made after the round. */
  maxChange: number;
  /** Items whose control value is below 1 after the round. */
  controlled: number;
}

export interface SympsonHetterCalibration {
  target: number;
  converged: boolean;
  rounds: number;
  maxRounds: number;
  trace: SympsonHetterRound[];
}

/** The control value for an item selected at rate `selection`: min(1, r_max / P(S)). */
export function controlValue(selection: number, target: number): number {
  return selection > target ? target / selection : 1;
}

/** Iterates the control values in `pool.exposureControl` to convergence; returns the trace. */
export async function calibrateSympsonHetter(
  pool: Pool,
  runRound: RoundRunner,
  settings: SympsonHetterSettings = {},
): Promise<SympsonHetterCalibration> {
  const target = settings.target ?? 0.25;
  const maxRounds = settings.maxRounds ?? 40;
  const rateTolerance = settings.rateTolerance ?? 0.01;
  const changeTolerance = settings.changeTolerance ?? 0.02;
  if (!(target > 0 && target <= 1)) throw new RangeError("the exposure target must lie in (0, 1]");
  if (!(Number.isInteger(maxRounds) && maxRounds >= 1))
    throw new RangeError("the round limit must be a whole number of at least 1");
  pool.exposureControl.fill(1);
  const rounds: RoundCounts[] = [];
  const trace: SympsonHetterRound[] = [];
  let converged = false;
  for (let round = 1; round <= maxRounds && !converged; round++) {
    const counts = await runRound(round);
    if (!(counts.examinees > 0)) throw new RangeError("a calibration round needs at least one examinee");
    rounds.push(counts);
    const window = rounds.slice(Math.ceil(round / 2) - 1);
    const n = window.reduce((s, r) => s + r.examinees, 0);
    let maxAdministration = 0;
    let maxSelection = 0;
    let maxChange = 0;
    let controlled = 0;
    for (let k = 0; k < pool.size; k++) {
      if (pool.pretest[k]) continue;
      let selected = 0;
      let administered = 0;
      for (const r of window) {
        selected += r.selections[k]!;
        administered += r.administrations[k]!;
      }
      const selection = selected / n;
      maxSelection = Math.max(maxSelection, selection);
      maxAdministration = Math.max(maxAdministration, administered / n);
      const next = controlValue(selection, target);
      maxChange = Math.max(maxChange, Math.abs(next - pool.exposureControl[k]!));
      pool.exposureControl[k] = next;
      if (next < 1) controlled++;
    }
    trace.push({ round, examinees: n, maxAdministration, maxSelection, maxChange, controlled });
    converged = round >= 2 && maxAdministration <= target + rateTolerance && maxChange <= changeTolerance;
  }
  return { target, converged, rounds: trace.length, maxRounds, trace };
}

/** A round runner that simulates in this thread: round r draws its own examinees with `draw(r)`. */
export function inProcessRounds(
  pool: Pool,
  rules: CatRules,
  draw: (round: number) => readonly number[],
  seed: string,
  options: Pick<SimulationOptions, "weights"> = {},
): RoundRunner {
  const shRules: CatRules = { ...rules, exposure: { kind: "sympson-hetter" } };
  return (round) => {
    const thetas = draw(round);
    const chunk = simulateExaminees(pool, shRules, thetas, `${seed}:sympson-hetter:${round}`, options);
    return {
      examinees: thetas.length,
      selections: chunk.selectionCounts,
      administrations: chunk.exposureCounts,
    };
  };
}
