/** What item analysis reads of an attempt: scored items only, shuffles undone, versions apart, families as one item. */
import { describe, expect, it } from "vitest";
import { replay } from "../exam/attempt.js";
import { startBody } from "../exam/start.js";
import type { Step, StepBody } from "../exam/steps.js";
import { aleFamily } from "../generators/families.js";
import { distractorMisconception, generateItem } from "../generators/family.js";
import { hotspotFixture } from "../items/hotspot-fixture.js";
import { authoredItemSchema, type BankItem } from "../items/item.js";
import { analyseItems } from "./analyse.js";
import { attemptRecord, KEY_OPTION, OTHER_OPTION, type UnitInfo } from "./records.js";

const T0 = Date.UTC(2026, 10, 24, 9);

function item(fields: Record<string, unknown>): BankItem {
  return authoredItemSchema.parse({
    status: "live",
    outlines: ["issmp:1.1.1"],
    stem: "What should the security manager do first?",
    ...fields,
  }) as BankItem;
}

const options = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: String.fromCharCode(65 + i),
    text: `option ${i}`,
    rationale: `why ${i}`,
  }));

const choice = item({ id: "sc-1", type: "single-choice", options: options(4), key: "C" });
const changed = { ...item({ id: "sc-1", type: "single-choice", options: options(4), key: "D" }), version: 2 };
const pretest = item({ id: "pre-1", type: "single-choice", options: options(4), key: "A" });
const numeric = item({
  id: "num-1",
  type: "numeric",
  key: { value: 100, tolerance: 0.5, unit: "usd" },
  misconceptions: [{ value: 50, rationale: "halved the loss" }],
  rationale: "100 = 200 × 0.5",
});
const ordering = item({ id: "ord-1", type: "ordering", options: options(3), key: ["B", "A", "C"] });
const family = [generateItem(aleFamily, "00c0ffee"), generateItem(aleFamily, "00facade")];

/** A finished exam attempt of these items (the first version of sc-1 unless `version` says otherwise). */
function attempt(
  seed: string,
  form: BankItem[],
  answers: Record<string, unknown>,
  version = 1,
): ReturnType<typeof replay> {
  const items = new Map(form.map((i) => [i.id, i]));
  const start = startBody({
    exam: "issmp",
    behaviour: "exam",
    seed,
    form: form.map((i) => ({
      id: i.id,
      domain: "1",
      subdomain: "1.1",
      task: "issmp:1.1.1",
      pretest: i === pretest,
    })),
    items,
    timeLimitMs: 3_600_000,
  }) as Extract<StepBody, { kind: "start" }>;
  start.form = start.form.map((f) => (f.id === "sc-1" ? { ...f, version } : f));
  const bodies: StepBody[] = [start, { kind: "open" }];
  form.forEach((i, position) => {
    bodies.push({ kind: "navigate", position });
    if (answers[i.id] !== undefined) bodies.push({ kind: "answer", itemId: i.id, response: answers[i.id] });
  });
  bodies.push({ kind: "finish", reason: "candidate" });
  // Ten seconds per step.
  return replay(bodies.map((b, seq) => ({ ...b, seq, at: T0 + seq * 10_000 }) as Step));
}

const versions = (id: string, version: number) => (id === "sc-1" && version === 2 ? changed : undefined);
const itemAt = (bank: BankItem[]) => (id: string, version: number) =>
  versions(id, version) ?? bank.find((i) => i.id === id);

describe("an attempt as item analysis reads it", () => {
  const bank = [choice, pretest, numeric, ordering, ...family];

  it("reads a hotspot's chosen region as a distractor choice, by authored region id", () => {
    const hotspot = item({ ...hotspotFixture, id: "hs-1", outlines: ["issmp:1.1.1"] });
    const info = new Map<string, UnitInfo>();
    const state = attempt("h1", [hotspot], { "hs-1": "A" });
    const { record } = attemptRecord("a-hs", state, itemAt([hotspot]), info);
    expect(record.responses[0]).toMatchObject({ credit: 0, chosen: ["A"], offered: ["A", "B", "C", "D"] });
    expect(
      info
        .get("hs-1@1")!
        .options.filter((o) => o.key)
        .map((o) => o.id),
    ).toEqual(["B"]);
  });

  it("keeps scored items only, with options by authored id whatever letter they were shown under", () => {
    const state = attempt("s1", [choice, pretest, numeric, ordering], {
      "sc-1": "C",
      "pre-1": "A",
      "num-1": 50,
      "ord-1": ["A", "B", "C"],
    });
    // The shuffle froze some order of the options into the start step; the log still holds "C".
    expect(state.form[0]!.order.slice().sort()).toEqual(["A", "B", "C", "D"]);
    const info = new Map<string, UnitInfo>();
    const { record, unresolved } = attemptRecord("a1", state, itemAt(bank), info);
    expect(unresolved).toBe(0);
    expect(record.responses.map((r) => r.unit)).toEqual(["sc-1@1", "num-1@1", "ord-1@1"]);
    expect(record.responses[0]).toMatchObject({
      credit: 1,
      omitted: false,
      chosen: ["C"],
      offered: ["A", "B", "C", "D"],
    });
    // A numeric answer that matches a listed misconception is that distractor.
    expect(record.responses[1]).toMatchObject({ credit: 0, chosen: ["=50"] });
    expect(info.get("num-1@1")!.options.map((o) => [o.id, o.key])).toEqual([
      [KEY_OPTION, true],
      ["=50", false],
      [OTHER_OPTION, false],
    ]);
    // Ordering items have no distractor table.
    expect(record.responses[2]).toMatchObject({ credit: 0, chosen: [], offered: [] });
    // Time on screen while the clock ran: the first item is current from the open step (10 s) to
    // the navigation away from it (40 s), thirty seconds.
    expect(record.responses[0]!.timeMs).toBe(30_000);
  });

  it("grades each response against the version the attempt delivered, and analyses versions apart", () => {
    const info = new Map<string, UnitInfo>();
    const before = attemptRecord("old", attempt("s2", [choice], { "sc-1": "C" }), itemAt(bank), info).record;
    const after = attemptRecord(
      "new",
      attempt("s3", [choice], { "sc-1": "C" }, 2),
      itemAt(bank),
      info,
    ).record;
    expect(before.responses[0]).toMatchObject({ unit: "sc-1@1", credit: 1 });
    expect(after.responses[0]).toMatchObject({ unit: "sc-1@2", credit: 0 });
    expect(info.get("sc-1@2")!.options.find((o) => o.key)!.id).toBe("D");
    // A version nothing knows is left out and counted.
    const unknown = attemptRecord(
      "x",
      attempt("s4", [choice], { "sc-1": "C" }, 3),
      (_id, v) => (v === 3 ? undefined : choice),
      info,
    );
    expect(unknown).toMatchObject({ unresolved: 1, record: { responses: [] } });
  });

  it("analyses a computed family as one item, its distractors by misconception", () => {
    const [one, two] = family as [BankItem & { type: "single-choice" }, BankItem & { type: "single-choice" }];
    const wrongOf = (i: typeof one) => i.options.find((o) => o.id !== i.key)!;
    const info = new Map<string, UnitInfo>();
    const records = [
      attemptRecord("f1", attempt("s5", [one], { [one.id]: one.key }), itemAt(bank), info).record,
      attemptRecord("f2", attempt("s6", [two], { [two.id]: wrongOf(two).id }), itemAt(bank), info).record,
      attemptRecord("f3", attempt("s7", [two], {}), itemAt(bank), info).record,
    ];
    expect(records.map((r) => r.responses[0]!.unit)).toEqual(["gen-ale", "gen-ale", "gen-ale"]);
    const unit = info.get("gen-ale")!;
    expect(unit).toMatchObject({ itemId: "gen-ale", family: true, type: "single-choice" });
    const misconception = distractorMisconception(wrongOf(two).rationale);
    expect(misconception).not.toMatch(/working/i);
    expect(records[1]!.responses[0]!.chosen).toEqual([misconception]);
    expect(records[0]!.responses[0]!.chosen).toEqual([KEY_OPTION]);
    expect(records[2]!.responses[0]).toMatchObject({ omitted: true, chosen: [] });
    // Each instance offers the key and three of the family's misconceptions.
    expect(records[0]!.responses[0]!.offered).toHaveLength(4);
    expect(unit.options.filter((o) => !o.key).length).toBeGreaterThanOrEqual(3);
    // Two different instances are two forms, but one item.
    const analysis = analyseItems(records, info);
    expect(analysis.items.map((i) => [i.unit, i.n, i.right, i.omitted])).toEqual([["gen-ale", 3, 1, 1]]);
    expect(analysis.items[0]!.distractors!.options.find((o) => o.id === misconception)).toMatchObject({
      chosen: 1,
    });
  });
});
