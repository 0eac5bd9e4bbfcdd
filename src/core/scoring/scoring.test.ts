import { describe, expect, it } from "vitest";
import { proficiency } from "./proficiency.js";

describe("domain proficiency", () => {
  it("is Above or Below only when the 95% interval clears the cut", () => {
    expect(proficiency(1.2, 0.5, 0)).toBe("Above");
    expect(proficiency(0.9, 0.5, 0)).toBe("Near");
    expect(proficiency(-1.2, 0.5, 0)).toBe("Below");
    expect(proficiency(-0.9, 0.5, 0)).toBe("Near");
  });
});
