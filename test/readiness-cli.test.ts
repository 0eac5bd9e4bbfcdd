/**
 * `certpath readiness`: from nothing to a figure, strong and weak practice, and an exam in progress
 * whose answers (not final, keys hidden) must not move the figure — else a candidate could read
 * whether an answer is right from the readiness page.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireSoundBank } from "../src/core/bank/load.js";
import { record } from "../src/core/exam/advance.js";
import { replay } from "../src/core/exam/attempt.js";
import { keyAsResponse } from "../src/core/items/item.js";
import { AttemptService } from "../src/server/exams/attempts.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { loadCatalog } from "../src/store/content/content-dir.js";
import { loadBank } from "../src/store/content/item-files.js";
import { openSqliteStore } from "../src/store/sqlite/open.js";
import { cli, json } from "./run-cli.js";

interface ReadinessJson {
  exam: string;
  probability: number | null;
  interval: [number, number] | null;
  enoughEvidence: boolean;
  parameters: string;
  answered: number;
  domains: { id: string; name: string; share: number; answered: number; probability: number }[];
  drivers: string[];
}

describe("certpath readiness", () => {
  const dir = mkdtempSync(join(tmpdir(), "certpath-readiness-"));
  const readinessOf = async (db: string) =>
    json<ReadinessJson>(await cli("readiness", "--exam", "issmp", "--db", db, "--json"));
  const simulate = (db: string, policy: string, seed: string) =>
    cli("exam", "simulate", "issmp", "--items", "60", "--policy", policy, "--seed", seed, "--db", db);

  it("has nothing to say before any answer, and refuses a missing or unknown exam", async () => {
    const empty = await readinessOf(join(dir, "empty.db"));
    expect(empty).toMatchObject({ exam: "issmp", probability: null, interval: null, enoughEvidence: false });
    expect(empty.parameters).toBe("none");
    let r = await cli("readiness", "--db", join(dir, "empty.db"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/readiness needs --exam <id>/);
    r = await cli("readiness", "--exam", "nosuch", "--db", join(dir, "empty.db"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown certification "nosuch"/);
  });

  it("rises with right answers and falls with wrong ones, by domain too, resting on the authors' priors", async () => {
    const strong = join(dir, "strong.db");
    const weak = join(dir, "weak.db");
    expect((await simulate(strong, "key", "s1")).code).toBe(0);
    expect((await simulate(strong, "key", "s2")).code).toBe(0);
    expect((await simulate(weak, "wrong", "w1")).code).toBe(0);
    expect((await simulate(weak, "wrong", "w2")).code).toBe(0);
    const s = await readinessOf(strong);
    const w = await readinessOf(weak);
    expect(s.answered).toBeGreaterThan(60);
    expect(s.probability).toBeGreaterThan(0.9);
    expect(w.probability).toBeLessThan(0.1);
    expect(s.enoughEvidence && w.enoughEvidence).toBe(true);
    expect(s.interval![0]).toBeLessThanOrEqual(s.probability!);
    expect(s.parameters).toBe("priors");
    expect(s.domains.map((d) => d.id)).toEqual(["1", "2", "3", "4", "5", "6"]);
    for (const d of w.domains) expect(d.probability).toBeLessThan(0.5);
    expect(w.drivers.some((x) => /your weakest domain, below the passing standard/.test(x))).toBe(true);
    const text = await cli("readiness", "--exam", "issmp", "--db", weak);
    expect(text.stdout).toMatch(
      /^ISSMP readiness: \d+% chance of passing the ISSMP today \(80% interval \d+%–\d+%\)/,
    );
    expect(text.stdout).toMatch(/Why:\n- /);
  });

  it("does not move while an exam in progress holds answers whose keys are hidden", async () => {
    const db = join(dir, "open.db");
    expect((await simulate(db, "random", "o1")).code).toBe(0);
    const before = await readinessOf(db);
    // An exam attempt left open with every item answered right: nothing final yet.
    const catalog = loadCatalog();
    const bank = requireSoundBank(loadBank());
    const content = { catalog: () => catalog, today: () => "2026-12-01", authored: () => bank };
    const store = await openSqliteStore(db);
    try {
      const repo = new AttemptRepository(store.db);
      const open = await new AttemptService(repo, content, () => Date.now()).create({
        exam: "issmp",
        mode: "exam",
        items: 30,
      });
      const answered = record(
        open.state,
        open.state.form.map((e) => ({
          kind: "answer" as const,
          itemId: e.id,
          response: keyAsResponse(open.items.get(e.id)!),
        })),
        Date.now(),
      );
      await repo.append(open.id, open.state.nextSeq, answered.steps);
      const state = replay(await repo.steps(open.id));
      expect(state.responses.size).toBe(30);
      expect(state.status).toBe("in-progress");
    } finally {
      await store.close();
    }
    const during = await readinessOf(db);
    expect(during.answered).toBe(before.answered);
    expect(during.probability).toBe(before.probability);
  });
});
