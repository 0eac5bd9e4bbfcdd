/** The response matrix of finished attempts: scored as the report scores, with what is left out and why. */
import { describe, expect, it } from "vitest";
import { replay } from "../../exam/attempt.js";
import type { Step } from "../../exam/steps.js";
import type { BankItem } from "../../items/item.js";
import { keyAsResponse } from "../../items/item.js";
import { attemptMatrix, type CalibrationAttempt } from "./attempt-matrix.js";

function item(
  id: string,
  opts: { version?: number; status?: "live" | "review"; generated?: boolean } = {},
): BankItem {
  return {
    id,
    version: opts.version ?? 1,
    status: opts.status ?? "live",
    outlines: ["issmp:1.1.1"],
    type: "single-choice",
    stem: `Stem of ${id}?`,
    options: ["A", "B", "C", "D"].map((o) => ({ id: o, text: `option ${o}`, rationale: `why ${o}` })),
    key: "B",
    difficulty: 0,
    references: [],
    tags: [],
    enemies: [],
    timeSeconds: 60,
    shuffle: true,
    ...(opts.generated ? { generated: true } : {}),
  } as BankItem;
}

const bank = new Map<string, BankItem>(
  [
    item("i1"),
    item("i2"),
    item("i3"),
    item("i4", { version: 2 }),
    item("p1", { status: "review" }),
    item("gen-ale-x", { generated: true }),
  ].map((i) => [i.id, i]),
);

/**
 * A finished attempt: `answers` maps item id → "right" | "wrong" (unlisted: unanswered); entries
 * `p…` are pretest items; `i4` was delivered at version 1 (the bank now holds 2).
 */
function attempt(
  id: string,
  form: string[],
  answers: Record<string, "right" | "wrong">,
  behaviour: "exam" | "adaptive" = "exam",
): CalibrationAttempt {
  const start = {
    seq: 0,
    at: 0,
    kind: "start",
    exam: "issmp",
    behaviour: "exam",
    seed: "s",
    form: form.map((f) => ({
      id: f,
      domain: "1",
      subdomain: "1.1",
      task: "issmp:1.1.1",
      pretest: f.startsWith("p"),
      order: ["A", "B", "C", "D"],
      version: f === "i4" ? 1 : (bank.get(f)?.version ?? 1),
    })),
    timeLimitMs: null,
  } as Step;
  const steps: Step[] = [start];
  for (const [itemId, how] of Object.entries(answers))
    steps.push({
      seq: steps.length,
      at: steps.length,
      kind: "answer",
      itemId,
      response: how === "right" ? keyAsResponse(bank.get(itemId)!) : "D",
    } as Step);
  steps.push({ seq: steps.length, at: steps.length, kind: "finish", reason: "candidate" } as Step);
  const state = replay(steps);
  return {
    id,
    state:
      behaviour === "adaptive" ? { ...state, behaviour: { ...state.behaviour, name: "adaptive" } } : state,
  };
}

describe("attemptMatrix", () => {
  it("scores as the report scores: a skip before the last answer is wrong, what follows it was not reached", () => {
    const a = attempt("a", ["i1", "i2", "p1", "i3"], { i1: "right", p1: "wrong" });
    const b = attempt("b", ["i1", "i2", "p1", "i3"], { i1: "wrong", i2: "right", p1: "right", i3: "right" });
    const c = attempt("c", ["i1", "i2", "p1", "i3"], { i1: "right", i2: "wrong", p1: "right", i3: "wrong" });
    const m = attemptMatrix([a, b, c], bank);
    expect(m.matrix.items).toEqual(["i1", "i2", "i3", "p1"]);
    const row = (k: number) => {
      const out: Record<string, number> = {};
      for (let x = m.matrix.start[k]!; x < m.matrix.start[k + 1]!; x++)
        out[m.matrix.items[m.matrix.item[x]!]!] = m.matrix.score[x]!;
      return out;
    };
    // Attempt a: i2 skipped before its last answer (p1) is wrong; i3 after it was not reached.
    expect(row(0)).toEqual({ i1: 1, i2: 0, p1: 0 });
    expect(row(1)).toEqual({ i1: 0, i2: 1, i3: 1, p1: 1 });
    expect(m.leftOut.notReached).toBe(1);
    // The pretest item is calibrated with the others, and named as such.
    expect([...m.pretest]).toEqual(["p1"]);
    expect(m.attempts).toBe(3);
  });

  it("leaves out older versions, computed-family instances, thin items and items all right or all wrong, and lists them", () => {
    const a = attempt("a", ["i1", "i2", "i3", "i4", "gen-ale-x"], {
      i1: "right",
      i2: "right",
      i3: "wrong",
      i4: "right",
      "gen-ale-x": "right",
    });
    const b = attempt("b", ["i1", "i2", "i3"], { i1: "wrong", i2: "right", i3: "wrong" });
    const c = attempt("c", ["i1", "i2"], { i1: "right", i2: "right" });
    const m = attemptMatrix([a, b, c], bank, { minResponses: 3 });
    expect(m.matrix.items).toEqual(["i1"]);
    expect(m.skipped).toEqual([{ id: "i3", responses: 2 }]);
    expect(m.constant).toEqual([{ id: "i2", responses: 3, all: "right" }]);
    expect(m.leftOut).toMatchObject({ olderVersions: 1, generated: 1 });
  });

  it("for CML, leaves out an item answered alike by every attempt with an informative score", () => {
    const form = ["i1", "i2", "i3"];
    const attempts = [
      attempt("a", form, { i1: "right", i2: "wrong", i3: "right" }),
      attempt("b", form, { i1: "right", i2: "right", i3: "wrong" }),
      // A zero score tells CML nothing: i1's only wrong answer is here.
      attempt("c", form, { i1: "wrong", i2: "wrong", i3: "wrong" }),
      attempt("d", form, { i1: "right", i2: "wrong", i3: "wrong" }),
    ];
    expect(attemptMatrix(attempts, bank).matrix.items).toEqual(["i1", "i2", "i3"]);
    const m = attemptMatrix(attempts, bank, { conditional: true });
    expect(m.matrix.items).toEqual(["i2", "i3"]);
    expect(m.constant).toEqual([{ id: "i1", responses: 3, all: "right" }]);
  });

  it("gives each item's point-biserial with the share right on scored items on linear attempts", () => {
    const forms = ["i1", "i2", "i3", "p1"];
    const linear = [
      attempt("a", forms, { i1: "right", i2: "right", i3: "right", p1: "right" }),
      attempt("b", forms, { i1: "right", i2: "wrong", i3: "right", p1: "right" }),
      attempt("c", forms, { i1: "wrong", i2: "wrong", i3: "wrong", p1: "wrong" }),
      attempt("d", forms, { i1: "wrong", i2: "right", i3: "wrong", p1: "wrong" }),
    ];
    const adaptiveOnly = attempt("e", ["i1", "p1"], { i1: "wrong", p1: "right" }, "adaptive");
    const m = attemptMatrix([...linear, adaptiveOnly], bank);
    // Shares right on scored items: 1, 2/3, 0, 1/3; p1 is right on the first two.
    const share = [1, 2 / 3, 0, 1 / 3];
    const p1 = [1, 1, 0, 0];
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const cov = (x: number[], y: number[]) => mean(x.map((v, i) => (v - mean(x)) * (y[i]! - mean(y))));
    expect(m.pointBiserial.get("p1")).toBeCloseTo(
      cov(p1, share) / Math.sqrt(cov(p1, p1) * cov(share, share)),
      12,
    );
    // The adaptive attempt (without an estimate here) is in the matrix, not in the correlation.
    expect(m.matrix.persons).toContain("e");
    expect(m.attempts).toBe(5);
  });

  it("on adaptive attempts, correlates a pretest item with the engine's last estimate, and pools it with linear attempts by Fisher's z", () => {
    /** An adaptive attempt whose engine last estimated `theta`. */
    const adaptive = (id: string, theta: number, answers: Record<string, "right" | "wrong">) => {
      const a = attempt(id, ["i1", "p1"], answers, "adaptive");
      return { ...a, state: { ...a.state, selections: [{ itemId: "i1", theta, se: 0.3 }] } };
    };
    // p1 is right for the stronger half, i1 for every other candidate whatever their level.
    const thetas = Array.from({ length: 40 }, (_, k) => -2 + k * 0.1);
    const cats = thetas.map((t, k) =>
      adaptive(`c${k}`, t, { i1: k % 2 ? "right" : "wrong", p1: t > 0 ? "right" : "wrong" }),
    );
    const alone = attemptMatrix(cats, bank);
    const p1 = thetas.map((t) => (t > 0 ? 1 : 0));
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const cov = (x: number[], y: number[]) => mean(x.map((v, i) => (v - mean(x)) * (y[i]! - mean(y))));
    const rCat = cov(p1, thetas) / Math.sqrt(cov(p1, p1) * cov(thetas, thetas));
    expect(rCat).toBeGreaterThan(0.8);
    expect(alone.pointBiserial.get("p1")).toBeCloseTo(rCat, 12);
    expect(Math.abs(alone.pointBiserial.get("i1")!)).toBeLessThan(0.2);
    // With eight linear attempts too: z pooled with weights n − 3 (37 and 5).
    const form = ["i1", "i2", "i3", "p1"];
    const linear = Array.from({ length: 8 }, (_, k) =>
      attempt(`l${k}`, form, {
        i1: k < 4 ? "right" : "wrong",
        i2: k < 5 ? "right" : "wrong",
        i3: k < 3 ? "right" : "wrong",
        p1: k % 3 === 0 ? "right" : "wrong",
      }),
    );
    const rLinear = attemptMatrix(linear, bank).pointBiserial.get("p1")!;
    const both = attemptMatrix([...cats, ...linear], bank).pointBiserial.get("p1")!;
    expect(both).toBeCloseTo(Math.tanh((37 * Math.atanh(rCat) + 5 * Math.atanh(rLinear)) / 42), 12);
    expect(both).toBeLessThan(rCat);
  });
});
