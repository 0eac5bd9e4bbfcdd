/** Weak-area practice: shares by weight × weakness, coverage first, no recent repeats, deterministic by seed. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../random/seeded.js";
import { weakAreaPractice } from "./weak-areas.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 3);
/** 20 items in each of domains 1–3, four tasks a domain. */
const items = ["1", "2", "3"].flatMap((d) =>
  Array.from({ length: 20 }, (_, k) => ({ id: `d${d}-${k}`, domain: d, task: `x:${d}.1.${k % 4}` })),
);
const domains = [
  { id: "1", weight: 50, probability: 0.9 },
  { id: "2", weight: 25, probability: 0.1 },
  { id: "3", weight: 25, probability: null },
];

describe("weak-area practice", () => {
  it("gives the most items where weight and weakness meet", () => {
    const p = weakAreaPractice({
      items,
      domains,
      lastAnswered: new Map(),
      now: NOW,
      count: 20,
      random: seededRandom(1),
    });
    const byDomain = Object.fromEntries(p.domains.map((d) => [d.domain, d.items]));
    // Needs: 50 × 0.1 = 5, 25 × 0.9 = 22.5, 25 × 0.5 = 12.5 → shares 0.125, 0.5625, 0.3125 of 20.
    expect(byDomain).toEqual({ "1": 3, "2": 11, "3": 6 });
    expect(p.itemIds).toHaveLength(20);
    expect(new Set(p.itemIds).size).toBe(20);
    expect(p.domains.reduce((s, d) => s + d.need, 0)).toBeCloseTo(1, 10);
  });

  it("covers tasks never seen first, and leaves recent answers out while others remain", () => {
    // Domain 2's tasks 0 and 1 were seen; items answered 2 days ago must not come back.
    const lastAnswered = new Map([
      ["d2-0", NOW - 2 * DAY],
      ["d2-1", NOW - 2 * DAY],
      ["d2-4", NOW - 40 * DAY],
    ]);
    const p = weakAreaPractice({
      items,
      domains: [{ id: "2", weight: 1, probability: 0.2 }],
      lastAnswered,
      now: NOW,
      count: 4,
      random: seededRandom(2),
    });
    expect(p.itemIds).toHaveLength(4);
    expect(p.itemIds).not.toContain("d2-0");
    expect(p.itemIds).not.toContain("d2-1");
    // The first two picks are from the unseen tasks 2 and 3.
    const tasks = p.itemIds.slice(0, 2).map((id) => items.find((i) => i.id === id)!.task);
    expect(tasks.sort()).toEqual(["x:2.1.2", "x:2.1.3"]);
  });

  it("never draws more than there are, never repeats an item, and is the same for the same seed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.integer(),
        (count, ps, seed) => {
          const ds = domains.map((d, k) => ({ ...d, probability: ps[k]! }));
          const run = () =>
            weakAreaPractice({
              items,
              domains: ds,
              lastAnswered: new Map(),
              now: NOW,
              count,
              random: seededRandom(seed),
            });
          const p = run();
          expect(p.itemIds).toHaveLength(Math.min(count, items.length));
          expect(new Set(p.itemIds).size).toBe(p.itemIds.length);
          expect(run()).toEqual(p);
          // A weaker domain of equal weight never gets fewer items (domains 2 and 3 weigh the same).
          const n = (d: string) => p.domains.find((x) => x.domain === d)!.items;
          if (ps[1]! < ps[2]! - 1e-9 && count <= 40) expect(n("2")).toBeGreaterThanOrEqual(n("3"));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never puts two enemies on one practice, even when the domain's share would need both", () => {
    const pair = [
      { id: "x1", domain: "1", task: "x:1.1.1", enemies: ["x2"] },
      { id: "x2", domain: "1", task: "x:1.1.2" },
      { id: "x3", domain: "1", task: "x:1.1.3" },
    ];
    for (let seed = 0; seed < 20; seed++) {
      const p = weakAreaPractice({
        items: pair,
        domains: [{ id: "1", weight: 1, probability: 0.2 }],
        lastAnswered: new Map(),
        now: NOW,
        count: 3,
        random: seededRandom(seed),
      });
      expect(p.itemIds.includes("x1") && p.itemIds.includes("x2")).toBe(false);
      expect(p.itemIds).toHaveLength(2);
    }
  });
});
