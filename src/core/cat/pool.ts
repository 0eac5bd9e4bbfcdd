/**
 * The item pool a CAT draws from, laid out for speed: parameters in typed arrays, domains as small
 * integers, enemies as index lists. Operational items and pretest items are kept apart.
 */
import type { ItemParameters } from "../irt/models.js";

export interface PoolItem {
  id: string;
  params: ItemParameters;
  domain: string;
  /** Pretest items are delivered unscored and never chosen by information. */
  pretest?: boolean;
  enemies?: readonly string[];
}

export interface Pool {
  size: number;
  ids: string[];
  index: Map<string, number>;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  d: Float64Array;
  /** Domain of each item, as an index into `domains`. */
  domain: Int32Array;
  domains: string[];
  pretest: Uint8Array;
  enemies: Map<number, number[]>;
  /** Operational item indices of each domain. */
  byDomain: Int32Array[];
  /** Sympson–Hetter exposure-control parameters (probability of administering once selected); 1 = no control. */
  exposureControl: Float64Array;
}

export function buildPool(items: readonly PoolItem[], domainOrder?: readonly string[]): Pool {
  const n = items.length;
  const domains = domainOrder ? [...domainOrder] : [...new Set(items.map((i) => i.domain))].sort();
  const domainIndex = new Map(domains.map((d, i) => [d, i]));
  const pool: Pool = {
    size: n,
    ids: items.map((i) => i.id),
    index: new Map(items.map((i, k) => [i.id, k])),
    a: new Float64Array(n),
    b: new Float64Array(n),
    c: new Float64Array(n),
    d: new Float64Array(n),
    domain: new Int32Array(n),
    domains,
    pretest: new Uint8Array(n),
    enemies: new Map(),
    exposureControl: new Float64Array(n).fill(1),
    byDomain: [],
  };
  items.forEach((item, k) => {
    pool.a[k] = item.params.a;
    pool.b[k] = item.params.b;
    pool.c[k] = item.params.c;
    pool.d[k] = item.params.d;
    let di = domainIndex.get(item.domain);
    if (di === undefined) {
      di = domains.length;
      domains.push(item.domain);
      domainIndex.set(item.domain, di);
    }
    pool.domain[k] = di;
    pool.pretest[k] = item.pretest ? 1 : 0;
  });
  const lists: number[][] = domains.map(() => []);
  for (let k = 0; k < n; k++) if (!pool.pretest[k]) lists[pool.domain[k]!]!.push(k);
  pool.byDomain = lists.map((l) => Int32Array.from(l));
  items.forEach((item, k) => {
    for (const e of item.enemies ?? []) {
      const j = pool.index.get(e);
      if (j === undefined) continue;
      for (const [x, y] of [
        [k, j],
        [j, k],
      ] as const) {
        const list = pool.enemies.get(x);
        if (list) list.push(y);
        else pool.enemies.set(x, [y]);
      }
    }
  });
  return pool;
}

export function poolParams(pool: Pool, k: number): ItemParameters {
  return { a: pool.a[k]!, b: pool.b[k]!, c: pool.c[k]!, d: pool.d[k]! };
}
