import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyedRandom } from "./keyed.js";

describe("keyedRandom", () => {
  it("gives the same stream for the same key and label, and another for another key or label", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (key, label) => {
        const a = Array.from({ length: 20 }, keyedRandom(key, label).next);
        const b = Array.from({ length: 20 }, keyedRandom(key, label).next);
        const otherKey = Array.from({ length: 20 }, keyedRandom(`${key}x`, label).next);
        const otherLabel = Array.from({ length: 20 }, keyedRandom(key, `${label}x`).next);
        expect(b).toEqual(a);
        expect(otherKey).not.toEqual(a);
        expect(otherLabel).not.toEqual(a);
      }),
      { numRuns: 50 },
    );
  });

  it("matches HMAC-SHA-256 of the counter under the key (RFC 2104 through node:crypto)", async () => {
    const { createHmac } = await import("node:crypto");
    const rng = keyedRandom("secret seed", "options:issmp-1");
    const words = Array.from({ length: 10 }, () => Math.round(rng.next() * 2 ** 32));
    const expected: number[] = [];
    for (const counter of [0, 1]) {
      const digest = createHmac("sha256", "secret seed").update(`options:issmp-1\u0000${counter}`).digest();
      for (let i = 0; i < 32 && expected.length < 10; i += 4) expected.push(digest.readUInt32BE(i));
    }
    expect(words).toEqual(expected);
  });

  it("draws every position of a four-option shuffle about equally often", () => {
    const counts = [0, 0, 0, 0];
    const n = 8000;
    for (let i = 0; i < n; i++) counts[keyedRandom("k", `item-${i}`).shuffle([0, 1, 2, 3]).indexOf(0)]!++;
    const expected = n / 4;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 3 degrees of freedom: 16.27 is the 0.1% critical value.
    expect(chi2).toBeLessThan(16.27);
  });
});
