/**
 * Differential item functioning by the Mantel–Haenszel procedure (Holland & Thayer, 1988), with the
 * ETS A/B/C classification (as reviewed by Zwick, 2012).
 *
 * Candidates of a reference and a focal group are matched on a score; within each score stratum k a
 * 2×2 table counts right (A_k reference, C_k focal) and wrong (B_k, D_k) answers to the studied item,
 * T_k in all. Then:
 * - the common odds ratio α_MH = Σ(A_k D_k / T_k) / Σ(B_k C_k / T_k): the odds of a right answer in
 *   the reference group over those in the focal group, at equal scores (1 = no DIF);
 * - Δ_MH = −2.35 ln α_MH on the ETS delta scale: negative when the item is harder for the focal
 *   group than for reference candidates of the same score, positive when easier;
 * - its standard error from the variance of ln α_MH of Robins, Breslow & Greenland (1986);
 * - the MH chi-square with continuity correction, (|Σ A_k − Σ E(A_k)| − ½)² / Σ Var(A_k), with
 *   E(A_k) = n_Rk m_1k / T_k and Var(A_k) = n_Rk n_Fk m_1k m_0k / (T_k² (T_k − 1)), 1 df;
 * - the ETS category: A (negligible) when |Δ| < 1 or the chi-square is not significant at .05;
 *   C (large) when |Δ| ≥ 1.5 and |Δ| is significantly greater than 1 (one-sided z test at .05,
 *   (|Δ| − 1)/SE > 1.645); B (moderate) otherwise. B and C carry the sign of Δ ("C−": the item is
 *   harder for the focal group).
 *
 * A stratum adds nothing unless both groups are in it; strata with a single candidate are dropped.
 * When one group is never right (or never wrong) where the other is not, α_MH is 0 or infinite and
 * has no standard error: Δ_MH is then reported as unbounded, and a significant chi-square makes the
 * item C (an infinite |Δ| exceeds any bound).
 */
import { chiSquare1Upper } from "./tail-probabilities.js";

/** One score stratum's 2×2 table. */
export interface Stratum {
  /** Reference group right, wrong. */
  refRight: number;
  refWrong: number;
  /** Focal group right, wrong. */
  focalRight: number;
  focalWrong: number;
}

export type EtsCategory = "A" | "B+" | "B-" | "C+" | "C-";

export interface MantelHaenszel {
  /** Strata with both groups present (the only ones that count). */
  strata: number;
  /** Candidates in those strata, by group. */
  reference: number;
  focal: number;
  /** α_MH, or null when it is 0/0, 0 or infinite (no discordant evidence one way). */
  alpha: number | null;
  /** Δ_MH = −2.35 ln α_MH, or null with α. */
  delta: number | null;
  /** Standard error of Δ_MH (2.35 × the RBG standard error of ln α_MH), or null. */
  seDelta: number | null;
  /** MH chi-square with continuity correction (1 df), or null when it has no variance. */
  chiSquare: number | null;
  /** Its p-value. */
  p: number | null;
  /** ETS category, or null when there is no evidence either way. */
  ets: EtsCategory | null;
  /** Set when α_MH is 0 or infinite: the direction Δ_MH runs off in (−: harder for the focal group). */
  unbounded: "-" | "+" | null;
}

/** ETS's constant: Δ = −2.35 ln α puts the odds ratio on the delta scale of item difficulty. */
export const DELTA_PER_LOG_ODDS = -2.35;
/** χ² with 1 df at the .05 level. */
const CHI2_05 = 3.841458820694124;
/** One-sided z at .05. */
const Z_05_ONE_SIDED = 1.6448536269514722;

export function mantelHaenszel(tables: readonly Stratum[]): MantelHaenszel {
  let R = 0;
  let S = 0;
  let sumPR = 0;
  let sumPSQR = 0;
  let sumQS = 0;
  let a = 0;
  let expected = 0;
  let varA = 0;
  let strata = 0;
  let reference = 0;
  let focal = 0;
  for (const t of tables) {
    const nR = t.refRight + t.refWrong;
    const nF = t.focalRight + t.focalWrong;
    const T = nR + nF;
    if (nR === 0 || nF === 0 || T < 2) continue;
    strata++;
    reference += nR;
    focal += nF;
    const m1 = t.refRight + t.focalRight;
    const m0 = t.refWrong + t.focalWrong;
    const r = (t.refRight * t.focalWrong) / T;
    const s = (t.refWrong * t.focalRight) / T;
    const p = (t.refRight + t.focalWrong) / T;
    const q = (t.refWrong + t.focalRight) / T;
    R += r;
    S += s;
    sumPR += p * r;
    sumPSQR += p * s + q * r;
    sumQS += q * s;
    a += t.refRight;
    expected += (nR * m1) / T;
    varA += (nR * nF * m1 * m0) / (T * T * (T - 1));
  }
  // The continuity correction takes off ½, but never more than the difference itself.
  const gap = Math.abs(a - expected);
  const chi = varA > 0 ? (gap - Math.min(0.5, gap)) ** 2 / varA : null;
  const p = chi === null ? null : chiSquare1Upper(chi);
  if (!(R > 0 && S > 0)) {
    // R > 0 = S: the reference group's odds are infinitely better (Δ → −∞); S > 0 = R: the reverse.
    const unbounded = R > 0 ? "-" : S > 0 ? "+" : null;
    const significant = chi !== null && chi >= CHI2_05;
    return {
      strata,
      reference,
      focal,
      alpha: null,
      delta: null,
      seDelta: null,
      chiSquare: chi,
      p,
      ets: unbounded === null ? null : significant ? `C${unbounded}` : "A",
      unbounded,
    };
  }
  const alpha = R / S;
  const delta = DELTA_PER_LOG_ODDS * Math.log(alpha);
  const varLog = sumPR / (2 * R * R) + sumPSQR / (2 * R * S) + sumQS / (2 * S * S);
  const seDelta = Math.abs(DELTA_PER_LOG_ODDS) * Math.sqrt(varLog);
  return {
    strata,
    reference,
    focal,
    alpha,
    delta,
    seDelta,
    chiSquare: chi,
    p,
    ets: etsCategory(delta, seDelta, chi),
    unbounded: null,
  };
}

/** The ETS category of an MH D-DIF value, its standard error and its MH chi-square. */
export function etsCategory(delta: number, seDelta: number, chiSquare: number | null): EtsCategory {
  const size = Math.abs(delta);
  const significant = chiSquare !== null && chiSquare >= CHI2_05;
  if (size < 1 || !significant) return "A";
  const sign = delta < 0 ? "-" : "+";
  if (size >= 1.5 && seDelta > 0 && (size - 1) / seDelta > Z_05_ONE_SIDED) return `C${sign}`;
  return `B${sign}`;
}
