import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CueItem, cueAudit, optionFeatures, partCount, wilsonInterval } from "./cues.js";
import { syntheticCueBank } from "./synthetic.js";

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../test/fixtures/issmp-789584e.json"), "utf8"),
) as { items: CueItem[] };

describe("cue audit", () => {
  it("finds at least 60% of the keys of the ISSMP bank as it stood at commit 789584e", () => {
    const audit = cueAudit(fixture.items, { exam: "issmp" });
    expect(audit.items).toBe(fixture.items.length);
    expect(audit.heldOut.accuracy).toBeGreaterThanOrEqual(0.6);
    expect(audit.heldOut.ci[0]).toBeGreaterThan(audit.chance);
    // The reviewers' findings: the key is rarely the longest option, and parts are the strongest cue.
    expect(audit.keyLongest).toBeLessThan(0.2);
    expect(audit.features[0]!.name).toBe("parts");
    expect(audit.features[0]!.says).toBe("keys have more clauses and listed parts than distractors");
    expect(audit.exposed).toHaveLength(10);
    expect(audit.exposed[0]!.probability).toBeGreaterThanOrEqual(audit.exposed[9]!.probability);
  });

  it("finds a planted cue (the key has one more clause) in at least 90% of items and names it first", () => {
    const audit = cueAudit(syntheticCueBank({ size: 300, seed: "planted", cue: "parts" }), { exam: "syn" });
    expect(audit.heldOut.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(["parts", "most-parts"]).toContain(audit.features[0]!.name);
    expect(audit.features[0]!.weight).toBeGreaterThan(0);
    expect(audit.keyMostParts).toBe(1);
  });

  it("finds no more than chance in a bank without cues", () => {
    const audit = cueAudit(syntheticCueBank({ size: 400, seed: "plain" }), { exam: "syn" });
    expect(audit.chance).toBe(0.25);
    expect(audit.heldOut.accuracy).toBeLessThan(audit.chance + 0.12);
    expect(audit.heldOut.ci[0]).toBeLessThanOrEqual(audit.chance);
  });

  it("counts a multiple-response item found when the top option is a key; chance is keys / options", () => {
    const items: CueItem[] = Array.from({ length: 20 }, (_, i) => ({
      id: `mr-${i}`,
      type: "multiple-response",
      stem: "Which TWO actions should the manager take?",
      options: [
        { id: "A", text: "Agree the risk owner, budget and business priorities" },
        { id: "B", text: "Patch" },
        { id: "C", text: "Review the policy, the owner and the governance" },
        { id: "D", text: "Scan" },
        { id: "E", text: "Wait" },
      ],
      key: i % 2 ? ["A", "C"] : ["C", "A"],
    }));
    const audit = cueAudit(items, { exam: "x" });
    expect(audit.chance).toBe(0.4);
    expect(audit.heldOut.accuracy).toBe(1);
    expect(audit.keyLongest).toBe(1);
    expect(audit.keyShortest).toBe(0);
  });

  it("refuses a bank too small to audit, in one sentence", () => {
    expect(() => cueAudit(syntheticCueBank({ size: 5, seed: "s" }), { exam: "tiny" })).toThrow(
      "tiny has 5 live single-choice or multiple-response item(s); a cue audit needs at least 10",
    );
  });

  it("is the same after a JSON round trip (no -0 weights), as the CLI and the API print it", () => {
    // Bank seeds s133 and s154 give a weight that rounds to -0 (found by search).
    for (const bankSeed of ["s133", "s154", "a"]) {
      const audit = cueAudit(syntheticCueBank({ size: 40, seed: bankSeed }), { exam: "issmp", seed: "x" });
      expect(JSON.parse(JSON.stringify(audit))).toEqual(audit);
    }
  });

  it("gives the same audit for the same seed, whatever the bank", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (bankSeed, seed) => {
        const bank = syntheticCueBank({ size: 40, seed: bankSeed });
        expect(cueAudit(bank, { exam: "p", seed })).toEqual(cueAudit(bank, { exam: "p", seed }));
      }),
      { numRuns: 15 },
    );
  });

  it("describes options by parts, absolutes and managerial words", () => {
    expect(partCount("Review the risk register, agree owners and report to the board")).toBe(3);
    const [a, b] = optionFeatures({
      id: "f",
      type: "single-choice",
      stem: "The board asks about the register?",
      options: [
        { id: "A", text: "Always patch every server" },
        { id: "B", text: "Agree the risk owner with the business" },
      ],
      key: "B",
    });
    expect(a![8]).toBe(2); // "always", "every"
    expect(b![9]).toBe(1); // the only option without an absolute
    expect(b![11]).toBe(4); // agree, risk, owner, business
  });

  it("computes the Wilson interval", () => {
    const [lo, hi] = wilsonInterval(0.5, 100);
    expect(lo).toBeCloseTo(0.4038, 3);
    expect(hi).toBeCloseTo(0.5962, 3);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});
