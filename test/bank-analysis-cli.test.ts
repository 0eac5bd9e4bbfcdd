/**
 * `certpath bank analysis` on a store of attempts made through the real code paths: two cohorts of
 * simulated candidates take one 16-item ISSMP form at their assignments, with a wrong key planted in
 * one item and DIF against the second cohort in another.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExamAnalysis } from "../src/app/analysis/item-analysis.js";
import { requireSoundBank } from "../src/core/bank/load.js";
import { AccountRepository } from "../src/store/accounts/account-repository.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { AttemptSession } from "../src/store/attempts/attempt-session.js";
import { CohortRepository } from "../src/store/cohorts/cohort-repository.js";
import { loadCatalog } from "../src/store/content/content-dir.js";
import { loadBank } from "../src/store/content/item-files.js";
import { openSqliteStore } from "../src/store/sqlite/open.js";
import { abilities, type Candidate, takeForm } from "./analysis-kit.js";
import { cli, json } from "./run-cli.js";

const catalog = loadCatalog();
const authored = requireSoundBank(loadBank());
const content = { catalog: () => catalog, today: () => "2026-11-24", authored: () => authored };
const JAN = Date.UTC(2026, 0, 10);
const MAR = Date.UTC(2026, 2, 10);
const PER_COHORT = 70;

let db: string;
let keyWrongItem: string;
let plantedOption: string;
let difItem: string;
/** The unit each is analysed as: the id at the version the bank gives it. */
let keyWrongUnit: string;

beforeAll(async () => {
  process.env.CERTPATH_TODAY = "2026-11-24";
  db = join(mkdtempSync(join(tmpdir(), "certpath-analysis-")), "a.db");
  const store = await openSqliteStore(db);
  const accounts = new AccountRepository(store.db);
  const cohorts = new CohortRepository(store.db);
  const candidates: Candidate[] = [];
  const settings = { exam: "issmp", mode: "exam" as const, items: 16 };
  await accounts.createUser({
    id: "ivy",
    email: "ivy@example.org",
    role: "instructor",
    passwordHash: "x",
    at: JAN,
  });
  for (const [name, at, shift] of [
    ["spring", JAN, 0],
    ["autumn", MAR, -0.3],
  ] as const) {
    await cohorts.create({ id: `c-${name}`, name, instructorId: "ivy", createdAt: at });
    await cohorts.addAssignment({
      id: `a-${name}`,
      cohortId: `c-${name}`,
      title: "Mock",
      settings,
      dueAt: null,
      createdAt: at,
    });
    const thetas = abilities(PER_COHORT, name, shift);
    const emails: string[] = [];
    for (let i = 0; i < PER_COHORT; i++) {
      const id = `${name}-${i}`;
      emails.push(`${id}@example.org`);
      await accounts.createUser({ id, email: `${id}@example.org`, role: "candidate", passwordHash: "x", at });
      candidates.push({
        id: `t-${id}`,
        theta: thetas[i]!,
        userId: id,
        assignmentId: `a-${name}`,
        at: at + i * 60_000,
      });
    }
    await cohorts.changeMembers(`c-${name}`, emails, []);
  }
  // Which items the one form holds decides what to plant: the first single-choice item gets a
  // wrong key; the single-choice item of middling difficulty is 1.2 (×1.7 logits) harder for autumn.
  const { buildExamForm } = await import("../src/app/exams/setup.js");
  const { form, setup } = buildExamForm(content, "issmp", { seed: "shared", items: 16, mode: "exam" });
  const singles = form.items.map((f) => setup.items.get(f.id)!).filter((i) => i.type === "single-choice");
  const keyed = singles[0]!;
  keyWrongItem = keyed.id;
  plantedOption = keyed.type === "single-choice" ? keyed.options.find((o) => o.id !== keyed.key)!.id : "";
  difItem = singles
    .slice(1)
    .sort(
      (x, y) => Math.abs(x.difficulty + 0.3) - Math.abs(y.difficulty + 0.3) || x.id.localeCompare(y.id),
    )[0]!.id;
  keyWrongUnit = `${keyed.id}@${keyed.version}`;
  for (const c of candidates) if (c.id.startsWith("t-autumn")) c.harder = { [difItem]: 1.2 };
  await takeForm(store, content, {
    exam: "issmp",
    seed: "shared",
    items: 16,
    candidates,
    plants: { keyWrong: { [keyWrongItem]: plantedOption } },
  });
  // An attempt still in progress counts for nothing.
  const repo = new AttemptRepository(store.db);
  const open = await AttemptSession.start(
    repo,
    "t-open",
    (await repo.steps("t-spring-0"))[0]!,
    setup.items,
    () => MAR,
  );
  await open.send({ kind: "answer", itemId: keyWrongItem, response: plantedOption });
  await store.close();
}, 300_000);

afterAll(() => {
  delete process.env.CERTPATH_TODAY;
});

const analyse = async (...args: string[]) => {
  const r = await cli("bank", "analysis", "--exam", "issmp", "--db", db, ...args);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r;
};

describe("certpath bank analysis", () => {
  it("analyses every finished attempt: items, exposure, the form's KR-20 and a planted wrong key", async () => {
    const a = json<ExamAnalysis>(await analyse("--json"));
    expect(a.attempts).toBe(2 * PER_COHORT);
    expect(a.items).toHaveLength(16);
    expect(a.items.every((i) => i.n === 2 * PER_COHORT && i.exposure === 1)).toBe(true);
    expect(a.forms).toHaveLength(1);
    expect(a.forms[0]).toMatchObject({ items: 16, attempts: 2 * PER_COHORT });
    expect(a.forms[0]!.kr20!).toBeGreaterThan(0.5);
    expect(a.forms[0]!.distribution.reduce((s, x) => s + x, 0)).toBe(2 * PER_COHORT);
    expect(a.singleAttemptForms).toBe(0);
    const planted = a.items.find((i) => i.itemId === keyWrongItem)!;
    expect(planted.flags.map((f) => f.message)).toContain(
      `top quintile prefers ${plantedOption}: key may be wrong`,
    );
    expect(planted.corrected!).toBeLessThan(0);
    // The items that behave discriminate: most corrected correlations are positive.
    const others = a.items.filter((i) => i.itemId !== keyWrongItem);
    expect(others.filter((i) => (i.corrected ?? 0) > 0).length).toBeGreaterThanOrEqual(13);
    expect(others.every((i) => i.meanTimeMs! >= 20_000 && i.meanTimeMs! < 60_000)).toBe(true);
  });

  it("prints the table, the form and the flags for a person", async () => {
    const r = await analyse();
    expect(r.stdout).toContain(
      `ISSMP item analysis: ${2 * PER_COHORT} finished attempt(s), 16 scored item(s).`,
    );
    expect(r.stdout).toMatch(
      /form-[0-9a-f]{8}: 16 items, 140 attempts; mean [\d.]+ \(SD [\d.]+\); KR-20 0\.\d\d; SEM [\d.]+/,
    );
    expect(r.stdout).toContain(`${keyWrongUnit}: top quintile prefers ${plantedOption}: key may be wrong`);
  });

  it("shows one item in detail, its options by quintile of the rest score", async () => {
    const r = await analyse("--item", keyWrongItem);
    expect(r.stdout).toContain(
      `${keyWrongItem} version ${keyWrongUnit.split("@")[1]} — single-choice: 140 attempt(s), exposure 100%`,
    );
    expect(r.stdout).toContain("Options by quintile of the rest score");
    expect(r.stdout).toMatch(new RegExp(`\\n\\s+${plantedOption}\\s+\\d+%`));
  });

  it("finds the planted DIF between two cohorts named by name, and the same split by date", async () => {
    const byCohort = json<ExamAnalysis>(await analyse("--group-by", "cohort:spring,autumn", "--json"));
    expect(byCohort.dif).toMatchObject({
      reference: "spring",
      focal: "autumn",
      attempts: { reference: PER_COHORT, focal: PER_COHORT },
      matching: "total",
      length: 16,
    });
    const planted = byCohort.items.find((i) => i.itemId === difItem)!;
    expect(planted.dif!.ets).toBe("C-");
    expect(planted.dif!.delta!).toBeLessThan(-1.5);
    expect(planted.flags.some((f) => /^DIF C− .*harder for autumn than for spring/.test(f.message))).toBe(
      true,
    );
    const clean = byCohort.items.filter((i) => i.itemId !== difItem && i.itemId !== keyWrongItem);
    expect(clean.filter((i) => i.dif!.ets?.startsWith("C")).length).toBeLessThanOrEqual(1);
    // The cohorts took the assignment in January and in March: the date splits them the same way.
    const byDate = json<ExamAnalysis>(await analyse("--group-by", "date:2026-02-01", "--json"));
    expect(byDate.dif).toMatchObject({
      reference: "finished before 2026-02-01",
      focal: "finished from 2026-02-01",
      attempts: { reference: PER_COHORT, focal: PER_COHORT },
    });
    expect(byDate.items.find((i) => i.itemId === difItem)!.dif!.delta).toBeCloseTo(planted.dif!.delta!, 12);
    const text = await analyse("--group-by", "cohort:c-spring,c-autumn", "--item", difItem);
    expect(text.stdout).toMatch(/DIF, autumn against spring: 70 and 70 attempts/);
    expect(text.stdout).toMatch(/ETS C-/);
  });

  it("refuses what it cannot do, in one sentence", async () => {
    const run = (...args: string[]) => cli("bank", "analysis", ...args);
    let r = await run("--db", db);
    expect([r.code, r.stderr.trim()]).toEqual([2, "certpath: bank analysis needs --exam <id>"]);
    r = await run("--exam", "issmp", "--db", db, "--group-by", "cohort:spring");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs two cohorts, reference then focal/);
    r = await run("--exam", "issmp", "--db", db, "--group-by", "cohort:spring,winter");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no cohort "winter" in ${db}`);
    r = await run("--exam", "issmp", "--db", db, "--group-by", "gender:x");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--group-by must be cohort:<reference>,<focal>");
    r = await run("--exam", "issmp", "--db", db, "--group-by", "date:2026-13-45");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be a date such as 2026-06-01, not "2026-13-45"');
    r = await run("--exam", "issmp", "--db", db, "--item", "no-such-item");
    expect([r.code, r.stderr.trim()]).toEqual([1, 'certpath: no item "no-such-item" in the ISSMP bank']);
    r = await run("--exam", "issmp", "--db", db, "--match", "rest");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--match applies to a DIF comparison");
  });
});
