/**
 * How much forms assembled with different seeds overlap: the average share of items two forms have
 * in common. A bank that is too small, or a blueprint that leans on a few items, shows up here.
 */
import { type AssemblyRequest, assembleForm } from "./assemble.js";

export interface OverlapResult {
  pairs: number;
  /** Mean share of items two forms share (items in common / form length). */
  mean: number;
  max: number;
}

export function formOverlap(
  request: Omit<AssemblyRequest, "seed">,
  pairs = 10,
  seed = "overlap",
): OverlapResult {
  const shares: number[] = [];
  for (let p = 0; p < pairs; p++) {
    const a = assembleForm({ ...request, seed: `${seed}:${p}:a` }).items.filter((i) => !i.pretest);
    const b = new Set(
      assembleForm({ ...request, seed: `${seed}:${p}:b` })
        .items.filter((i) => !i.pretest)
        .map((i) => i.id),
    );
    shares.push(a.filter((i) => b.has(i.id)).length / a.length);
  }
  return {
    pairs,
    mean: Math.round((shares.reduce((s, x) => s + x, 0) / pairs) * 1000) / 1000,
    max: Math.round(Math.max(...shares) * 1000) / 1000,
  };
}
