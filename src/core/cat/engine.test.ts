/** The CAT engine behind a live CISSP adaptive attempt: the default exposure control, replayed exactly. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import { syntheticBank } from "../bank/synthetic.js";
import { findCertification } from "../catalog/catalog.js";
import { outlineAsOf } from "../catalog/outline-in-force.js";
import type { Certification } from "../catalog/schema.js";
import { advance } from "../exam/advance.js";
import { type AttemptState, replay } from "../exam/attempt.js";
import { startBody } from "../exam/start.js";
import type { Step } from "../exam/steps.js";
import type { BankItem } from "../items/item.js";
import { CatEngine } from "./engine.js";
import { EXAM_EXPOSURE, examRules } from "./rules.js";

let cissp: Certification;
let bank: BankItem[];
let items: Map<string, BankItem>;
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

beforeAll(() => {
  cissp = findCertification(loadCatalog(), "cissp");
  bank = syntheticBank({
    exam: "cissp",
    outline: outlineAsOf(cissp, "2026-11-24").outline,
    size: 1500,
    review: 100,
    seed: "engine",
  });
  items = new Map(bank.map((i) => [i.id, i]));
});

function engine(): CatEngine {
  return new CatEngine({
    exam: "cissp",
    outline: outlineAsOf(cissp, "2026-11-24").outline,
    bank,
    rules: examRules(cissp.exam),
  });
}

/** Runs a whole attempt, answering the key when `right(position)` says so; returns the log. */
function takeAttempt(
  seed: string,
  right: (position: number) => boolean,
): { log: Step[]; state: AttemptState } {
  const cat = engine();
  const log: Step[] = [
    {
      ...startBody({
        exam: "cissp",
        behaviour: "adaptive",
        seed,
        form: [],
        items,
        timeLimitMs: 180 * 60_000,
        maxItems: cat.pool.size,
        catRules: "exam",
      }),
      seq: 0,
      at: T0,
    } as Step,
  ];
  let state = replay(log);
  let r = advance(state, null, T0, items, cat);
  log.push(...r.steps);
  state = r.state;
  for (let at = T0 + 1000; state.status === "in-progress"; at += 1000) {
    const position = state.form.length - 1;
    const entry = state.form[position]!;
    const item = items.get(entry.id)!;
    if (item.type !== "single-choice") throw new Error("synthetic items are single-choice");
    const response = right(position) ? item.key : ["A", "B", "C", "D"].find((o) => o !== item.key)!;
    r = advance(state, { kind: "answer", itemId: entry.id, response }, at, items, cat);
    log.push(...r.steps);
    state = r.state;
  }
  return { log, state };
}

describe("the CISSP adaptive engine", () => {
  it("uses the exam rules' default exposure control", () => {
    expect(engine().options.rules.exposure).toEqual(EXAM_EXPOSURE);
    expect(EXAM_EXPOSURE.kind).toBe("progressive");
  });

  it("is deterministic given its seed and answers, and a replayed attempt decides the same next item", () => {
    const right = (p: number) => (p * 7) % 10 < 6;
    const a = takeAttempt("seed-1", right);
    const b = takeAttempt("seed-1", right);
    const ids = (s: AttemptState) => s.form.map((f) => f.id);
    expect(a.state.status).toBe("finished");
    expect(ids(a.state)).toEqual(ids(b.state));
    expect(a.state.form.length).toBeGreaterThanOrEqual(100);
    expect(a.state.form.length).toBeLessThanOrEqual(150);
    expect(a.state.form.filter((f) => f.pretest)).toHaveLength(25);
    // Resume half-way: rebuilding from the log's first steps gives the very next selection recorded.
    const selectAt = a.log.findIndex((s, i) => i > 60 && s.kind === "select");
    const before = replay(a.log.slice(0, selectAt));
    const decision = engine().decide({ state: before, items, remainingMs: 60 * 60_000 });
    const recorded = a.log[selectAt]!;
    expect(decision.kind).toBe("select");
    if (decision.kind === "select" && recorded.kind === "select")
      expect(decision.entry.id).toBe(recorded.entry.id);
    // Another seed, the same answers: a different test.
    const c = takeAttempt("seed-2", right);
    expect(ids(c.state)).not.toEqual(ids(a.state));
  });
});
