/** Synthetic 2PL pools for simulation: a ~ U(0.8, 2.0), b ~ N(0, 1), domains by blueprint weight. */
import { seededRandom } from "../random/seeded.js";
import type { PoolItem } from "./pool.js";

export function syntheticPool(options: {
  size: number;
  pretest?: number;
  seed: string;
  /** Domain id → weight; items are spread over domains in proportion. */
  weights?: ReadonlyMap<string, number>;
}): PoolItem[] {
  const rng = seededRandom(`pool:${options.seed}`);
  const weights = options.weights ?? new Map([["1", 1]]);
  const domains = [...weights.keys()];
  const total = [...weights.values()].reduce((s, w) => s + w, 0);
  const pickDomain = () => {
    let r = rng.next() * total;
    for (const d of domains) {
      r -= weights.get(d)!;
      if (r <= 0) return d;
    }
    return domains[domains.length - 1]!;
  };
  const items: PoolItem[] = [];
  const make = (n: number, pretest: boolean, prefix: string) => {
    for (let i = 0; i < n; i++) {
      items.push({
        id: `${prefix}${String(i + 1).padStart(6, "0")}`,
        params: { a: 0.8 + 1.2 * rng.next(), b: rng.normal(), c: 0, d: 1 },
        domain: pickDomain(),
        pretest,
      });
    }
  };
  make(options.size, false, "op");
  make(options.pretest ?? 0, true, "pt");
  return items;
}
