/** The words every page uses for a score against the passing standard. */
import { describe, expect, it } from "vitest";
import { isDecisive, shortVerdict, verdictOf } from "./verdict.js";

const at = (score: number, lo: number, hi: number, passed = score >= 700) => ({
  score,
  band: [lo, hi] as [number, number],
  passing: 700,
  passed,
});

describe("verdicts", () => {
  it("reads the likely range against the passing score", () => {
    expect(verdictOf(at(820, 700, 900))).toBe("likely-pass");
    expect(verdictOf(at(500, 300, 699))).toBe("likely-fail");
    expect(verdictOf(at(690, 550, 800))).toBe("too-close");
  });
  it("gives pass or fail only for a full-length exam or an adaptive test", () => {
    expect(isDecisive("exam", 125, 125)).toBe(true);
    expect(isDecisive("exam", 10, 125)).toBe(false);
    expect(isDecisive("tutor", 125, 125)).toBe(false);
    expect(isDecisive("adaptive", 23, 125)).toBe(true);
    expect(shortVerdict(at(690, 550, 800), true)).toBe("FAIL");
    expect(shortVerdict(at(690, 550, 800), false)).toBe("too close to call");
    expect(shortVerdict(at(355, 126, 697), false)).toBe("likely not yet");
    expect(shortVerdict(at(780, 720, 840), false)).toBe("likely a pass");
  });
});
