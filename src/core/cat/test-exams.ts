/**
 * For tests: the CISSP's adaptive rules (as the catalog holds them) and its domain weights, so the
 * CAT's tests run on the real exam's rules without reading the catalog.
 */
export const cisspExam = {
  minItems: 100,
  maxItems: 150,
  pretestItems: 25,
  adaptive: {
    start: "below",
    review: false,
    pretestWithinFirst: 100,
    breaksCountAgainstClock: true,
    stopRules: [
      { kind: "confidence-interval" as const, fromItem: 100, level: 0.95 },
      { kind: "maximum-length" as const, atItem: 150, pass: "final-estimate-at-or-above-cut" as const },
      {
        kind: "time-out" as const,
        minAnswered: 100,
        lastScored: 75,
        pass: "estimate-at-or-above-cut-after-each-of-last-scored" as const,
      },
    ],
  },
};

/** The 2024 outline's domain weights, in per cent. */
export const cisspWeights = new Map([
  ["1", 16],
  ["2", 10],
  ["3", 13],
  ["4", 13],
  ["5", 13],
  ["6", 12],
  ["7", 13],
  ["8", 10],
]);
