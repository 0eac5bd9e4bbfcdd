/** Walkthrough scenarios of the attempt engine: answer, change, flag, review, time-out, finish, resume, regrade. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import { assembleForm } from "../assembly/assemble.js";
import { syntheticBank } from "../bank/synthetic.js";
import { findCertification } from "../catalog/catalog.js";
import { outlineAsOf } from "../catalog/outline-in-force.js";
import type { Certification } from "../catalog/schema.js";
import type { BankItem } from "../items/item.js";
import { buildReport } from "../scoring/report.js";
import type { AdaptiveEngine } from "./adaptive.js";
import { advance, applySteps, record } from "./advance.js";
import {
  type AttemptState,
  type Command,
  clockWarnings,
  feedbackVisible,
  remainingMs,
  replay,
  reviewScreen,
  usedMs,
} from "./attempt.js";
import type { BehaviourName } from "./behaviour.js";
import { startBody } from "./start.js";
import type { Step } from "./steps.js";

let issmp: Certification;
let bank: BankItem[];
let items: Map<string, BankItem>;
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const MIN = 60_000;

beforeAll(() => {
  issmp = findCertification(loadCatalog(), "issmp");
  bank = syntheticBank({
    exam: "issmp",
    outline: outlineAsOf(issmp, "2026-11-24").outline,
    size: 800,
    seed: "walk",
  });
  items = new Map(bank.map((i) => [i.id, i]));
});

/** A small harness: an attempt's log and its state, driven like the CLI drives it. */
class Harness {
  log: Step[] = [];
  state!: AttemptState;
  constructor(
    behaviour: BehaviourName,
    length = 125,
    limitMs: number | null = 180 * MIN,
    engine?: AdaptiveEngine,
  ) {
    const outline = outlineAsOf(issmp, "2026-11-24").outline;
    const form =
      behaviour === "adaptive"
        ? []
        : assembleForm({ exam: "issmp", outline, examFacts: issmp.exam, bank, seed: "f", length }).items;
    const start = {
      ...startBody({ exam: "issmp", behaviour, seed: "f", form, items, timeLimitMs: limitMs }),
      seq: 0,
      at: T0,
    } as Step;
    this.log.push(start);
    this.state = replay(this.log);
    this.engine = engine;
    this.do(null, T0);
  }
  engine?: AdaptiveEngine;
  do(command: Command | null, at: number) {
    const r = advance(this.state, command, at, items, this.engine);
    this.log.push(...r.steps);
    this.state = r.state;
    return r;
  }
  raw(bodies: Parameters<typeof record>[1], at: number) {
    const r = record(this.state, bodies, at);
    this.log.push(...r.steps);
    this.state = r.state;
  }
  item(k: number) {
    return this.state.form[k]!.id;
  }
  key(k: number) {
    const item = items.get(this.item(k))!;
    return item.type === "single-choice" ? item.key : null;
  }
  wrong(k: number) {
    return ["A", "B", "C", "D"].find((o) => o !== this.key(k))!;
  }
}

function report(h: Harness, now: number) {
  return buildReport(
    h.state,
    { exam: issmp.exam, outline: outlineAsOf(issmp, "2026-11-24").outline, items },
    usedMs(h.state, now),
  );
}

describe("exam behaviour", () => {
  it("answers, changes an answer, flags, reviews, jumps and finishes", () => {
    const h = new Harness("exam");
    h.raw([{ kind: "open" }], T0);
    h.do({ kind: "answer", itemId: h.item(0), response: h.wrong(0) }, T0 + MIN);
    h.do({ kind: "answer", itemId: h.item(0), response: h.key(0) }, T0 + 2 * MIN);
    h.do({ kind: "flag", itemId: h.item(0), flagged: true }, T0 + 2 * MIN);
    h.do({ kind: "navigate", position: 10 }, T0 + 3 * MIN);
    h.do({ kind: "strike", itemId: h.item(10), optionId: h.wrong(10), struck: true }, T0 + 3 * MIN);
    h.do({ kind: "answer", itemId: h.item(10), response: h.key(10) }, T0 + 4 * MIN);
    const review = reviewScreen(h.state);
    expect(review.filter((r) => r.answered)).toHaveLength(2);
    expect(review.filter((r) => r.flagged).map((r) => r.position)).toEqual([0]);
    expect(h.state.strikes.get(h.item(10))).toEqual(new Set([h.wrong(10)]));
    h.do({ kind: "finish" }, T0 + 5 * MIN);
    expect(h.state.status).toBe("finished");
    // An exam shows no feedback, not even once every answer is final.
    expect(feedbackVisible(h.state, h.item(0))).toBe(false);
    expect(() => h.do({ kind: "answer", itemId: h.item(1), response: "A" }, T0 + 6 * MIN)).toThrow(
      /finished/,
    );
    const r = report(h, T0 + 6 * MIN);
    expect(r.raw).toMatchObject({ correct: 2, scored: 125, answered: 2 });
    expect(r.flagged).toEqual([h.item(0)]);
    expect(r.scaled.passed).toBe(false);
    expect(r.time.usedMs).toBe(5 * MIN);
  });

  it("rejects answers that are not answers, and items that are not on the form", () => {
    const h = new Harness("exam");
    expect(() => h.do({ kind: "answer", itemId: h.item(0), response: "E" }, T0)).toThrow(/no option E/);
    expect(() => h.do({ kind: "answer", itemId: h.item(0), response: ["A"] }, T0)).toThrow(
      /not a single-choice answer/,
    );
    expect(() => h.do({ kind: "answer", itemId: "nope", response: "A" }, T0)).toThrow(/not on this attempt/);
    expect(() => h.do({ kind: "navigate", position: 125 }, T0)).toThrow(/no item 126/);
  });

  it("warns at 30 and 5 minutes and finishes by itself at time-out", () => {
    const h = new Harness("exam", 125, 60 * MIN);
    h.raw([{ kind: "open" }], T0);
    expect(clockWarnings(h.state, T0 + 29 * MIN)).toEqual([]);
    expect(clockWarnings(h.state, T0 + 31 * MIN)).toEqual([30]);
    expect(clockWarnings(h.state, T0 + 56 * MIN)).toEqual([30, 5]);
    // A 15-minute attempt gets the 5-minute warning only.
    const short = new Harness("exam", 10, 15 * MIN);
    short.raw([{ kind: "open" }], T0);
    expect(clockWarnings(short.state, T0 + MIN)).toEqual([]);
    expect(clockWarnings(short.state, T0 + 11 * MIN)).toEqual([5]);
    h.do({ kind: "answer", itemId: h.item(0), response: h.key(0) }, T0 + 10 * MIN);
    const late = h.do({ kind: "answer", itemId: h.item(1), response: h.key(1) }, T0 + 61 * MIN);
    expect(late.timedOut).toBe(true);
    expect(h.state.status).toBe("finished");
    expect(h.state.finish?.reason).toBe("time-out");
    expect(h.state.responses.has(h.item(1))).toBe(false);
  });

  it("gives back time an instructor grants, and the time-out moves with it", () => {
    const h = new Harness("exam", 125, 60 * MIN);
    h.raw([{ kind: "open" }], T0);
    h.raw([{ kind: "grant", ms: 15 * MIN, by: "instructor-1" }], T0 + 40 * MIN);
    expect(h.state.timeLimitMs).toBe(75 * MIN);
    expect(remainingMs(h.state, T0 + 61 * MIN)).toBe(14 * MIN);
    const on = h.do({ kind: "answer", itemId: h.item(0), response: h.key(0) }, T0 + 70 * MIN);
    expect(on.timedOut).toBe(false);
    expect(replay(h.log).timeLimitMs).toBe(75 * MIN);
    expect(h.do(null, T0 + 76 * MIN).timedOut).toBe(true);
  });

  it("charges no time while no process holds the attempt, and breaks count against the clock", () => {
    const h = new Harness("exam", 125, 180 * MIN);
    h.raw([{ kind: "open" }], T0);
    h.raw([{ kind: "heartbeat" }], T0 + 10 * MIN);
    // Crash: nothing after the heartbeat. Two hours later the candidate resumes: a new process opens it.
    h.raw([{ kind: "open" }], T0 + 130 * MIN);
    expect(usedMs(h.state, T0 + 131 * MIN)).toBe(11 * MIN);
    // A graceful close and reopen charges nothing in between either.
    h.raw([{ kind: "close" }], T0 + 131 * MIN);
    h.raw([{ kind: "open" }], T0 + 200 * MIN);
    expect(usedMs(h.state, T0 + 200 * MIN)).toBe(11 * MIN);
    h.do({ kind: "break", state: "start" }, T0 + 200 * MIN);
    h.do({ kind: "break", state: "end" }, T0 + 210 * MIN);
    expect(usedMs(h.state, T0 + 210 * MIN)).toBe(21 * MIN);
    expect(remainingMs(h.state, T0 + 210 * MIN)).toBe(159 * MIN);
  });

  it("resumes exactly: a replay of the log is the same state", () => {
    const h = new Harness("exam");
    h.raw([{ kind: "open" }], T0);
    for (let k = 0; k < 40; k++)
      h.do({ kind: "answer", itemId: h.item(k), response: k % 3 ? h.key(k) : h.wrong(k) }, T0 + k * 30_000);
    h.do({ kind: "flag", itemId: h.item(7), flagged: true }, T0 + 21 * MIN);
    h.do({ kind: "navigate", position: 7 }, T0 + 21 * MIN);
    const again = replay(h.log);
    expect(again.responses).toEqual(h.state.responses);
    expect(again.flags).toEqual(h.state.flags);
    expect(again.position).toBe(7);
    expect(again.form).toEqual(h.state.form);
    expect(usedMs(again, T0 + 22 * MIN)).toBe(usedMs(h.state, T0 + 22 * MIN));
  });

  it("catches a replayed state up with the steps logged since: the same state as a replay of the whole log", () => {
    const h = new Harness("exam");
    h.raw([{ kind: "open" }], T0);
    for (let k = 0; k < 10; k++)
      h.do({ kind: "answer", itemId: h.item(k), response: h.key(k) }, T0 + k * 30_000);
    const cut = h.log.length;
    const held = replay(h.log);
    const heldCopy = replay(h.log);
    for (let k = 10; k < 20; k++)
      h.do({ kind: "answer", itemId: h.item(k), response: h.wrong(k) }, T0 + k * 30_000);
    h.do({ kind: "flag", itemId: h.item(3), flagged: true }, T0 + 11 * MIN);
    h.raw([{ kind: "close" }], T0 + 12 * MIN);
    const caughtUp = applySteps(held, h.log.slice(cut));
    expect(caughtUp).toEqual(replay(h.log));
    expect(caughtUp).toEqual(h.state);
    // The state it started from is left as it was (another request may still be using it).
    expect(held).toEqual(heldCopy);
    expect(applySteps(held, [])).toBe(held);
  });

  it("regrades by replay when an item's key is corrected", () => {
    const h = new Harness("exam", 20);
    for (let k = 0; k < 20; k++) h.do({ kind: "answer", itemId: h.item(k), response: "A" }, T0 + k);
    h.do({ kind: "finish" }, T0 + 100);
    const before = report(h, T0 + 100).raw.correct;
    const target = h.state.form.find((f) => (items.get(f.id) as { key: string }).key !== "A")!.id;
    const original = items.get(target)!;
    items.set(target, { ...original, key: "A" } as BankItem);
    try {
      expect(
        buildReport(
          replay(h.log),
          { exam: issmp.exam, outline: outlineAsOf(issmp, "2026-11-24").outline, items },
          0,
        ).raw.correct,
      ).toBe(before + 1);
    } finally {
      items.set(target, original);
    }
  });
});

describe("numeric feedback", () => {
  it("names in the report the misconception behind a wrong numeric answer", () => {
    const h = new Harness("tutor", 3, null);
    const target = h.item(0);
    const original = items.get(target)!;
    const numeric = {
      ...original,
      type: "numeric",
      options: undefined,
      key: { value: 125000, tolerance: 1, unit: "USD" },
      rationale: "SLE × ARO",
      misconceptions: [{ value: 250000, rationale: "the exposure factor was left out" }],
    } as unknown as BankItem;
    items.set(target, numeric);
    try {
      h.raw([{ kind: "answer", itemId: target, response: 250000 }], T0);
      h.raw([{ kind: "answer", itemId: h.item(1), response: "A" }], T0);
      const r = report(h, T0 + MIN);
      expect(r.items[0]).toMatchObject({ credit: 0, misconception: "the exposure factor was left out" });
      expect(r.items[1]!.misconception).toBeUndefined();
    } finally {
      items.set(target, original);
    }
  });
});

describe("tutor behaviour", () => {
  it("makes an answer final once submitted, and only then shows its feedback", () => {
    const h = new Harness("tutor", 10, null);
    h.do({ kind: "answer", itemId: h.item(0), response: h.wrong(0) }, T0);
    expect(feedbackVisible(h.state, h.item(0))).toBe(false);
    h.do({ kind: "submit", itemId: h.item(0) }, T0);
    expect(feedbackVisible(h.state, h.item(0))).toBe(true);
    expect(feedbackVisible(h.state, h.item(1))).toBe(false);
    expect(() => h.do({ kind: "answer", itemId: h.item(0), response: h.key(0) }, T0)).toThrow(/final/);
    expect(remainingMs(h.state, T0 + 1e9)).toBeNull();
  });

  it("keeps how sure the candidate is until the answer is final, and refuses it after", () => {
    const h = new Harness("tutor", 10, null);
    h.do({ kind: "confidence", itemId: h.item(0), level: "sure" }, T0);
    h.do({ kind: "confidence", itemId: h.item(0), level: "guessed" }, T0 + 1);
    h.do({ kind: "answer", itemId: h.item(0), response: h.key(0) }, T0 + 2);
    expect(replay(h.log).confidence.get(h.item(0))).toBe("guessed");
    h.do({ kind: "submit", itemId: h.item(0) }, T0 + 3);
    // Once the key is shown, "sure" would be hindsight.
    expect(() => h.do({ kind: "confidence", itemId: h.item(0), level: "sure" }, T0 + 4)).toThrow(/final/);
    expect(() => h.do({ kind: "confidence", itemId: "not-on-it", level: "sure" }, T0 + 4)).toThrow(
      /not on this attempt/,
    );
  });
});

describe("adaptive behaviour", () => {
  /** A test engine: delivers items in bank order and stops after five. */
  const engine: AdaptiveEngine = {
    decide({ state }) {
      if (state.form.length >= 5)
        return { kind: "stop", reason: "test engine: five items", theta: 0.5, se: 0.4, passed: true };
      const next = bank.find((i) => !state.form.some((f) => f.id === i.id))!;
      return {
        kind: "select",
        entry: {
          id: next.id,
          domain: "1",
          subdomain: "1.1",
          task: next.outlines[0]!,
          pretest: false,
          order: ["A", "B", "C", "D"],
          version: 1,
        },
        theta: 0,
        se: 1,
      };
    },
  };

  it("is forward-only, answers are final, and the engine's decisions are steps", () => {
    const h = new Harness("adaptive", 0, null, engine);
    expect(h.state.form).toHaveLength(1);
    h.do({ kind: "answer", itemId: h.item(0), response: "A" }, T0 + 1);
    expect(h.state.form).toHaveLength(2);
    expect(() => h.do({ kind: "answer", itemId: h.item(0), response: "B" }, T0 + 2)).toThrow(/final/);
    expect(() => h.do({ kind: "navigate", position: 0 }, T0 + 2)).toThrow(/forward-only/);
    expect(() => h.do({ kind: "flag", itemId: h.item(1), flagged: true }, T0 + 2)).toThrow(
      /no flags or review/,
    );
    for (let k = 1; k < 5; k++) h.do({ kind: "answer", itemId: h.item(k), response: "A" }, T0 + 10 + k);
    expect(h.state.status).toBe("finished");
    expect(h.state.finish?.detail).toMatch(/test engine: five items/);
    expect(replay(h.log).selections).toHaveLength(5);
  });
});
