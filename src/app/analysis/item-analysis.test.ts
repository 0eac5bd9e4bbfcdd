/** Item analysis from the store: finished attempts only, each item at the version it delivered (from the store's record when the bank moved on). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBody } from "../../core/exam/start.js";
import { authoredItemSchema, type BankItem } from "../../core/items/item.js";
import { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import { AttemptSession } from "../../store/attempts/attempt-session.js";
import { syncItems } from "../../store/items/item-versions.js";
import { openSqliteStore } from "../../store/sqlite/open.js";
import type { Store } from "../../store/store.js";
import { AnalysisSource, dayStart, groupsByDate } from "./item-analysis.js";

const T0 = Date.UTC(2026, 5, 1);

function item(id: string, key: string, version = 1): BankItem {
  const parsed = authoredItemSchema.parse({
    id,
    status: "live",
    type: "single-choice",
    outlines: ["issmp:1.1.1"],
    stem: `Question ${id}?`,
    options: ["A", "B", "C", "D"].map((o) => ({
      id: o,
      text: `option ${o} of ${id}`,
      rationale: `why ${o}`,
    })),
    key,
    version,
  }) as BankItem;
  return parsed;
}

describe("AnalysisSource", () => {
  let store: Store;
  let repo: AttemptRepository;
  const v1 = [item("q1", "A"), item("q2", "B"), item("q3", "C")];

  /** A finished (or not) exam attempt answering every item with `choice`, at `at`. */
  async function take(id: string, items: BankItem[], choice: string, at: number, finish = true) {
    const map = new Map(items.map((i) => [i.id, i]));
    const start = startBody({
      exam: "issmp",
      behaviour: "exam",
      seed: id,
      form: items.map((i) => ({
        id: i.id,
        domain: "1",
        subdomain: "1.1",
        task: "issmp:1.1.1",
        pretest: false,
      })),
      items: map,
      timeLimitMs: 3_600_000,
    });
    let now = at;
    const session = await AttemptSession.start(repo, id, start, map, () => now);
    for (const i of items) {
      now += 30_000;
      await session.send({ kind: "answer", itemId: i.id, response: choice });
    }
    if (finish) await session.send({ kind: "finish" });
  }

  beforeAll(async () => {
    store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), "certpath-analysis-app-")), "a.db"));
    repo = new AttemptRepository(store.db);
    // Version 1 of q1 (key A) is recorded in the store and delivered to two attempts …
    await syncItems(store.db, v1, T0);
    await take("early-a", v1, "A", T0);
    await take("early-b", v1, "B", T0 + 1000);
    // … then q1 changes (key D): a new version, recorded, delivered to the later attempts.
    const v2 = [item("q1", "D", 2), v1[1]!, v1[2]!];
    await syncItems(store.db, v2, T0 + 86_400_000);
    await take("late-d", v2, "D", T0 + 10 * 86_400_000);
    await take("late-a", v2, "A", T0 + 10 * 86_400_000 + 1000);
    await take("open", v2, "A", T0 + 11 * 86_400_000, false);
  });
  afterAll(() => store.close());

  it("grades each response at the version delivered, looked up in the store when the bank has moved on", async () => {
    const bankNow = new Map([item("q1", "D", 2), v1[1]!, v1[2]!].map((i) => [i.id, i]));
    const a = await new AnalysisSource(repo, store.db).analyse({ exam: "issmp", items: bankNow });
    // The open attempt counts for nothing.
    expect(a.attempts).toBe(4);
    expect(a.items.map((i) => [i.unit, i.n, i.right])).toEqual([
      ["q1@1", 2, 1],
      ["q1@2", 2, 1],
      ["q2@1", 4, 1],
      ["q3@1", 4, 0],
    ]);
    expect(a.items[0]!.distractors!.options.find((o) => o.key)!.id).toBe("A");
    expect(a.items[1]!.distractors!.options.find((o) => o.key)!.id).toBe("D");
    // Two forms (q1 at two versions), each taken twice.
    expect(a.forms.map((f) => f.attempts)).toEqual([2, 2]);
    expect(a.leftOut).toEqual({ adaptive: 0, unknownVersions: 0, inBothGroups: 0 });
    // Without the store's record, the old version is unknown: its responses are left out and counted.
    const blind = await new AnalysisSource(repo).analyse({ exam: "issmp", items: bankNow });
    expect(blind.leftOut.unknownVersions).toBe(2);
    expect(blind.items.map((i) => i.unit)).toEqual(["q1@2", "q2@1", "q3@1"]);
  });

  it("groups attempts by the day they finished, and keeps an attempt named in both groups out of the DIF", async () => {
    const source = new AnalysisSource(repo, store.db);
    const groups = await groupsByDate(source, "issmp", "2026-06-05", "before");
    expect([...groups.reference.attempts].sort()).toEqual(["early-a", "early-b"]);
    expect([...groups.focal.attempts].sort()).toEqual(["late-a", "late-d"]);
    const both = new Set(["early-a", "late-a"]);
    const a = await source.analyse({
      exam: "issmp",
      items: new Map([item("q1", "D", 2), v1[1]!, v1[2]!].map((i) => [i.id, i])),
      dif: { reference: { name: "R", attempts: both }, focal: { name: "F", attempts: new Set(["late-a"]) } },
    });
    expect(a.leftOut.inBothGroups).toBe(1);
    expect(a.dif!.attempts).toEqual({ reference: 1, focal: 0 });
    expect(() => dayStart("June 5", "before")).toThrow(
      'before must be a date such as 2026-06-01, not "June 5"',
    );
  });
});
