/** The numeric items' calculator, against JavaScript's own arithmetic as the peer. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { display, evaluate } from "../web/src/lib/calc.js";

/** A random arithmetic expression, as text for the calculator and for JavaScript. */
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: 0, max: 999 }).map(String),
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/"), tie("e")).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie("e").map((a) => `(${a})`),
    tie("e").map((a) => `-(${a})`),
  ),
})).e as fc.Arbitrary<string>;

describe("the calculator", () => {
  it("agrees with JavaScript on random expressions, or refuses a division by zero", () => {
    fc.assert(
      fc.property(expr, (text) => {
        const js = Function(`"use strict"; return (${text});`)() as number;
        const r = evaluate(text);
        if (r.ok) expect(r.value).toBeCloseTo(js, 9);
        else
          expect(r.error === "division by zero" || !Number.isFinite(js) || r.error.includes("large")).toBe(
            true,
          );
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the symbols on its keys, percent and unary signs", () => {
    expect(evaluate("12 × 3 ÷ 4 − 1")).toEqual({ ok: true, value: 8 });
    expect(evaluate("250000 × 15%")).toEqual({ ok: true, value: 37500 });
    expect(evaluate("--2")).toEqual({ ok: true, value: 2 });
    expect(evaluate("1.5e3 / 3")).toEqual({ ok: true, value: 500 });
    expect(display(0.1 + 0.2)).toBe("0.3");
  });

  it("says what is wrong and where", () => {
    expect(evaluate("")).toEqual({ ok: false, error: "nothing to calculate" });
    expect(evaluate("2 + x")).toEqual({ ok: false, error: 'unexpected "x" at position 5' });
    expect(evaluate("(2 + 3")).toEqual({ ok: false, error: 'a ")" is missing at the end' });
    expect(evaluate("2 +")).toEqual({ ok: false, error: "the expression ends too soon" });
    expect(evaluate("2 3")).toEqual({ ok: false, error: 'unexpected "3" at position 3' });
    expect(evaluate("1/0")).toEqual({ ok: false, error: "division by zero" });
  });
});
