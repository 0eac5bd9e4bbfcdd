/** Agreement between estimates and known true values, for parameter-recovery studies. */

export interface Recovery {
  correlation: number;
  rmse: number;
  bias: number;
}

export function recovery(estimates: readonly number[], truth: readonly number[]): Recovery {
  const n = estimates.length;
  let me = 0;
  let mt = 0;
  for (let k = 0; k < n; k++) {
    me += estimates[k]!;
    mt += truth[k]!;
  }
  me /= n;
  mt /= n;
  let see = 0;
  let stt = 0;
  let set = 0;
  let sq = 0;
  for (let k = 0; k < n; k++) {
    const e = estimates[k]! - me;
    const t = truth[k]! - mt;
    see += e * e;
    stt += t * t;
    set += e * t;
    sq += (estimates[k]! - truth[k]!) ** 2;
  }
  return { correlation: set / Math.sqrt(see * stt), rmse: Math.sqrt(sq / n), bias: me - mt };
}
