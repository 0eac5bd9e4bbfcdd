/** Delivered ids tell nothing of the key: checked on every ordering, multiple-response and matching item of the bundled bank. */
import { describe, expect, it } from "vitest";
import { loadBank } from "../../store/content/item-files.js";
import { requireSoundBank } from "../bank/load.js";
import type { BankItem } from "../items/item.js";
import { AttemptError } from "./attempt.js";
import {
  candidateLog,
  type Delivery,
  deliveredView,
  deliveryOf,
  toAuthored,
  toDelivered,
} from "./delivery.js";
import { formEntry } from "./start.js";
import type { FormEntry, Step } from "./steps.js";

const bank = requireSoundBank(loadBank());
const place = { domain: "1", subdomain: "1.1", task: "issmp:1.1.1", pretest: false };
const deliver = (item: BankItem, seed: string): Delivery =>
  deliveryOf(seed, formEntry(item, place, seed), item);
const ofType = <T extends BankItem["type"]>(type: T) =>
  bank.filter((i): i is Extract<BankItem, { type: T }> => i.type === type);

describe("delivered option ids", () => {
  const ordering = ofType("ordering");
  const multiple = ofType("multiple-response");
  const matching = ofType("matching");

  it("has enough items of each type to say something", () => {
    expect(ordering.length).toBeGreaterThanOrEqual(10);
    expect(multiple.length).toBeGreaterThanOrEqual(10);
    expect(matching.length).toBeGreaterThanOrEqual(5);
  });

  it("sorting the delivered ids of an ordering item seldom gives its key", () => {
    let hits = 0;
    for (const item of ordering) {
      const d = deliver(item, `s-${item.id}`);
      const ids = deliveredView(d).options.map((o) => o.id);
      if ([...ids].sort().join() === (toDelivered(d, item.key) as string[]).join()) hits++;
      // Authored ids (A, B, C…) never reach the client.
      for (const id of ids) expect(id).toMatch(/^[a-z2-9]{10}$/);
    }
    // With random ids a 4-step key comes out sorted about once in 24; the authored ids gave 13 of 22.
    expect(hits / ordering.length).toBeLessThan(0.2);
  });

  it("the first sorted delivered ids of a multiple-response item seldom are its key", () => {
    let hits = 0;
    for (const item of multiple) {
      const d = deliver(item, `s-${item.id}`);
      const sorted = deliveredView(d)
        .options.map((o) => o.id)
        .sort();
      const key = new Set(toDelivered(d, item.key) as string[]);
      if (sorted.slice(0, key.size).every((id) => key.has(id))) hits++;
    }
    expect(hits / multiple.length).toBeLessThan(0.3);
  });

  it("matching: categories are shuffled under opaque ids, so option i is seldom in category i", () => {
    let hits = 0;
    for (const item of matching) {
      const d = deliver(item, `s-${item.id}`);
      const view = deliveredView(d);
      const cats = view.categories!;
      expect(cats.map((c) => c.text).sort()).toEqual(item.categories.map((c) => c.text).sort());
      for (const c of cats) expect(item.categories.map((x) => x.id)).not.toContain(c.id);
      const key = toDelivered(d, item.key) as Record<string, string>;
      const sorted = view.options.map((o) => o.id).sort();
      if (sorted.every((id, i) => key[id] === cats[i % cats.length]!.id)) hits++;
    }
    expect(hits / matching.length).toBeLessThan(0.3);
  });

  it("gives the same item other ids on another attempt, and the same ids on a replay", () => {
    const item = ordering[0]!;
    const a = deliveredView(deliver(item, "attempt-1"));
    const again = deliveredView(deliver(item, "attempt-1"));
    const b = deliveredView(deliver(item, "attempt-2"));
    expect(again).toEqual(a);
    const idsOf = (v: typeof a) => new Set(v.options.map((o) => o.id));
    for (const id of idsOf(b)) expect(idsOf(a).has(id)).toBe(false);
  });

  it("maps answers back to authored ids, and refuses an id it did not deliver, naming the field", () => {
    const item = matching[0]!;
    const d = deliver(item, "map");
    expect(toAuthored(d, toDelivered(d, item.key))).toEqual(item.key);
    const mr = multiple[0]!;
    const dm = deliver(mr, "map");
    expect(toAuthored(dm, toDelivered(dm, mr.key))).toEqual(mr.key);
    expect(() => toAuthored(dm, ["A", "B"])).toThrow(AttemptError);
    expect(() => toAuthored(dm, ["A", "B"])).toThrow(/^response\[0\]: item .* has no option "A"$/);
    const [firstOption] = deliveredView(d).options;
    expect(() => toAuthored(d, { [firstOption!.id]: item.categories[0]!.id })).toThrow(
      /^response\.[a-z2-9]{10}: item .* has no category/,
    );
  });
});

describe("the log of a finished adaptive attempt", () => {
  const entry = (id: string, pretest: boolean): FormEntry => ({
    id,
    domain: "1",
    subdomain: "1.1",
    task: "cissp:1.1",
    pretest,
    order: ["A", "B", "C", "D"],
    version: 1,
  });
  /** Five selected items, the third unscored: θ and SE stand still across it, which names it. */
  const finished = (withPretest: boolean): Step[] => {
    const ids = ["i1", "i2", "i3", "i4", "i5"];
    const thetas = [0, 0.4, 0.1, 0.1, 0.5];
    const steps: Step[] = [
      {
        seq: 0,
        at: 0,
        kind: "start",
        exam: "cissp",
        behaviour: "adaptive",
        seed: "s",
        form: [],
        timeLimitMs: null,
      },
    ];
    for (const [i, id] of ids.entries()) {
      const at = i * 1000 + 1;
      steps.push({
        seq: steps.length,
        at,
        kind: "select",
        entry: entry(id, withPretest && i === 2),
        theta: thetas[i]!,
        se: 1 - i / 10,
      });
      steps.push({ seq: steps.length, at, kind: "answer", itemId: id, response: "A" });
      steps.push({ seq: steps.length, at, kind: "submit", itemId: id });
    }
    steps.push({ seq: steps.length, at: 9000, kind: "finish", reason: "adaptive-stop", passed: true });
    return steps;
  };
  const selects = (log: unknown[]) => (log as Record<string, unknown>[]).filter((s) => s.kind === "select");

  it("gives no θ or SE on its select steps when the attempt held pretest items", () => {
    const log = candidateLog(finished(true), new Map());
    expect(selects(log)).toHaveLength(5);
    for (const s of selects(log)) {
      expect(s).not.toHaveProperty("theta");
      expect(s).not.toHaveProperty("se");
      expect(s.entry).not.toHaveProperty("pretest");
    }
    expect(JSON.stringify(log)).not.toMatch(/"theta"|"se"|"seed"|"pretest"/);
  });

  it("keeps θ and SE on its select steps when every item was scored", () => {
    const log = candidateLog(finished(false), new Map());
    expect(selects(log).map((s) => s.theta)).toEqual([0, 0.4, 0.1, 0.1, 0.5]);
    expect(selects(log).every((s) => typeof s.se === "number")).toBe(true);
  });
});
