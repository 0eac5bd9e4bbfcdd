/**
 * Calibration on the store, honestly: candidates with known θ take a small ISSMP exam through the
 * real store and attempt service, `certpath calibrate --exam` writes a parameter version, and then
 * (a) a new attempt is scored with it while an older one keeps the authors' priors, also when it is
 * resumed (its CAT goes on estimating with the priors); (b) an old attempt's report is unchanged
 * byte for byte; (c) the calibrated difficulties follow the simulated truth; (d) nothing of the new
 * parameters or of θ reaches a candidate's payload of an attempt in progress.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContentSource, catEngineFor, examSetup } from "../src/app/exams/setup.js";
import { policyResponse } from "../src/cli/commands/exam.js";
import { pearson } from "../src/core/analysis/statistics.js";
import { requireSoundBank } from "../src/core/bank/load.js";
import { taskParts } from "../src/core/catalog/task-id.js";
import { record } from "../src/core/exam/advance.js";
import type { AttemptState } from "../src/core/exam/attempt.js";
import { replay } from "../src/core/exam/attempt.js";
import { startBody } from "../src/core/exam/start.js";
import type { Step } from "../src/core/exam/steps.js";
import { parameterMap } from "../src/core/irt/calibration/parameter-version.js";
import { keyAsResponse } from "../src/core/items/item.js";
import { seededRandom } from "../src/core/random/seeded.js";
import type { Report } from "../src/core/scoring/report.js";
import { AttemptService } from "../src/server/exams/attempts.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { loadCatalog } from "../src/store/content/content-dir.js";
import { loadBank } from "../src/store/content/item-files.js";
import { openStore } from "../src/store/open.js";
import { ParameterRepository } from "../src/store/parameters/parameter-repository.js";
import { openSqliteStore } from "../src/store/sqlite/open.js";
import type { Store } from "../src/store/store.js";
import { storeTargets } from "./postgres.js";
import { cli, json } from "./run-cli.js";
import { syntheticContent } from "./synthetic-content.js";

const ATTEMPTS = 240;
const FORM = 50;
const now = 1_800_000_000_000;
const clock = () => now;

let store: Store;
let file: string;
let content: ContentSource;
const savedContent = process.env.CERTPATH_CONTENT;

beforeAll(async () => {
  process.env.CERTPATH_CONTENT = syntheticContent("issmp", 200, 4);
  const catalog = loadCatalog();
  const bank = requireSoundBank(loadBank());
  content = { catalog: () => catalog, today: () => "2026-11-29", authored: () => bank };
  file = join(mkdtempSync(join(tmpdir(), "certpath-calib-")), "c.db");
  store = await openSqliteStore(file);
});

afterAll(async () => {
  await store.close();
  if (savedContent === undefined) delete process.env.CERTPATH_CONTENT;
  else process.env.CERTPATH_CONTENT = savedContent;
});

interface Calibrated {
  version: number | null;
  attempts: number;
  items: { id: string; b: number }[];
  moved: { previous: number | null; compared: number; moved: { id: string; deltaB: number }[] };
  link: { against: number | null; method: string; A: number; B: number; common: number } | null;
}

/** The service as a fresh server process on the store would have it (no caches). */
const service = () => new AttemptService(new AttemptRepository(store.db), content, clock, store.db);

/** Every value (deep) of an object, as strings, for searching payloads. */
function telling(payload: unknown, keys: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (x: unknown, path: string) => {
    if (Array.isArray(x)) {
      for (const [i, v] of x.entries()) walk(v, `${path}[${i}]`);
    } else if (typeof x === "object" && x !== null)
      for (const [k, v] of Object.entries(x)) {
        if (keys.has(k) && v !== null && v !== undefined) found.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
  };
  walk(payload, "");
  return found;
}

describe("calibrate --exam on the store", () => {
  it("refuses an empty store, too few attempts and a wrong combination of flags, each in one sentence", async () => {
    let r = await cli("calibrate", "--exam", "issmp", "--model", "rasch", "--db", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds no attempts at all/);
    r = await cli("calibrate", "--exam", "nosuch", "--model", "rasch", "--db", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown certification "nosuch"/);
    r = await cli("calibrate", "--exam", "issmp", "--responses", "x.csv", "--model", "rasch");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--exam and --responses are exclusive/);
    r = await cli("calibrate", "--responses", "x.csv", "--model", "rasch", "--dry-run");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dry-run applies to --exam only/);
    r = await cli("calibrate", "--responses", "x.csv", "--model", "rasch", "--no-link");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--no-link applies to --exam only/);
    // One finished attempt is not enough.
    const s = service();
    const one = await s.create({ exam: "issmp", mode: "exam", items: 20 });
    const done = record(one.state, [{ kind: "finish", reason: "candidate" }], now);
    await new AttemptRepository(store.db).append(one.id, one.state.nextSeq, done.steps);
    r = await cli("calibrate", "--exam", "issmp", "--model", "rasch", "--db", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds 1 finished ISSMP attempt\(s\); a calibration needs at least 30/);
  });

  it("simulated candidates: the new version serves new attempts only, old reports stay, b follows the truth, nothing leaks", async () => {
    const repo = new AttemptRepository(store.db);
    const setup = examSetup(content, "issmp");
    // The truth: each item's difficulty is its author's rating plus an error the calibration must find.
    const rng = seededRandom("calibration-truth");
    const normal = () => {
      const u = 1 - rng.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
    };
    const truth = new Map(setup.bank.map((i) => [i.id, i.difficulty + normal()]));
    const s = service();

    // Before any calibration: an adaptive attempt in progress, and many finished linear attempts.
    let adaptive = await s.create({ exam: "issmp", mode: "adaptive", rules: "practice" });
    for (let k = 0; k < 2; k++) adaptive = await answerAdaptive(s, adaptive.id, true);
    for (let n = 0; n < ATTEMPTS; n++) {
      const theta = normal();
      const session = await s.create({ exam: "issmp", mode: "exam", items: FORM });
      const bodies = session.state.form.map((entry) => {
        const item = session.items.get(entry.id)!;
        const b = truth.get(entry.id) ?? item.difficulty;
        const right = rng.next() < 1 / (1 + Math.exp(-(theta - b)));
        return {
          kind: "answer" as const,
          itemId: entry.id,
          response: right ? keyAsResponse(item) : policyResponse("wrong", item, entry.order, rng),
        };
      });
      const r = record(session.state, [...bodies, { kind: "finish", reason: "candidate" }], now);
      await repo.append(session.id, session.state.nextSeq, r.steps, versionsOf(session.state));
    }
    const old = (await repo.list()).find((a) => a.status === "finished" && a.steps > 3)!;
    const oldReport = JSON.stringify(await s.report(await s.load(old.id)));
    const oldCli = (await cli("exam", "report", old.id, "--json", "--db", file)).stdout;
    expect(JSON.parse(oldReport).parameterSources.calibrated).toBe(0);

    const r = await cli("calibrate", "--exam", "issmp", "--model", "rasch", "--db", file, "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = json<Calibrated>(r);
    expect(out.version).toBe(1);
    expect(out.attempts).toBe(ATTEMPTS);
    // The first version is compared with the authors' priors; the simulated errors move many items.
    expect(out.moved.previous).toBeNull();
    expect(out.moved.compared).toBe(out.items.length);
    expect(out.moved.moved.length).toBeGreaterThan(5);
    // It is put on the priors' scale (Rasch: by the mean shift), so the cut keeps its meaning: the
    // calibrated items' mean b is their authors' mean difficulty.
    expect(out.link).toMatchObject({ against: null, method: "mean-mean", A: 1, common: out.items.length });
    const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(meanOf(out.items.map((i) => i.b))).toBeCloseTo(
      meanOf(out.items.map((i) => setup.items.get(i.id)!.difficulty)),
      3,
    );
    expect(await new ParameterRepository(store.db).latestId("issmp")).toBe(1);

    // (c) The calibrated difficulties follow the truth.
    const calibrated = out.items.filter((i) => truth.has(i.id));
    expect(calibrated.length).toBeGreaterThan(40);
    const r1 = pearson(
      calibrated.map((i) => i.b),
      calibrated.map((i) => truth.get(i.id)!),
    )!;
    expect(r1, `r = ${r1}`).toBeGreaterThan(0.9);
    // ...better than the authors' ratings did.
    const r0 = pearson(
      calibrated.map((i) => setup.items.get(i.id)!.difficulty),
      calibrated.map((i) => truth.get(i.id)!),
    )!;
    expect(r1).toBeGreaterThan(r0);

    // (a) A new attempt starts with version 1; the old ones keep the priors.
    const fresh = service();
    const next = await fresh.create({ exam: "issmp", mode: "exam", items: FORM });
    expect((await repo.kind(next.id)).parameterVersion).toBe(1);
    expect((await repo.kind(old.id)).parameterVersion).toBeNull();
    expect((await repo.kind(adaptive.id)).parameterVersion).toBeNull();
    const finished = record(
      next.state,
      [
        ...next.state.form.map((e) => ({
          kind: "answer" as const,
          itemId: e.id,
          response: keyAsResponse(next.items.get(e.id)!),
        })),
        { kind: "finish", reason: "candidate" },
      ],
      now,
    );
    await repo.append(next.id, next.state.nextSeq, finished.steps, versionsOf(next.state));
    const nextReport = (await fresh.report(await fresh.load(next.id))) as Report;
    expect(nextReport.parameterSources.calibrated).toBeGreaterThan(0);
    expect(nextReport.scaled.note).toContain("(parameter version 1)");

    // (b) The old attempt's report is unchanged, byte for byte, on the server and the command line.
    expect(JSON.stringify(await fresh.report(await fresh.load(old.id)))).toBe(oldReport);
    expect((await cli("exam", "report", old.id, "--json", "--db", file)).stdout).toBe(oldCli);

    // The adaptive attempt started before goes on with the priors once resumed; one started now
    // selects and estimates with version 1.
    const resumed = await answerAdaptive(fresh, adaptive.id, true);
    const priors = catEngineFor(setup, "practice");
    const withVersion = catEngineFor(
      setup,
      "practice",
      parameterMap((await new ParameterRepository(store.db).get(1))!),
    );
    const last = resumed.state.form.length - 1;
    const before = { state: { ...resumed.state, form: resumed.state.form.slice(0, last) } as AttemptState };
    expect(resumed.state.selections[last]!.theta).toBeCloseTo(priors.replay(before).estimate.theta, 9);
    expect(withVersion.replay(before).estimate.theta).not.toBeCloseTo(
      priors.replay(before).estimate.theta,
      3,
    );
    let current = await fresh.create({ exam: "issmp", mode: "adaptive", rules: "practice" });
    for (let k = 0; k < 3; k++) current = await answerAdaptive(fresh, current.id, k % 2 === 0);
    expect((await repo.kind(current.id)).parameterVersion).toBe(1);
    const at = current.state.form.length - 1;
    const upTo = { state: { ...current.state, form: current.state.form.slice(0, at) } as AttemptState };
    expect(current.state.selections[at]!.theta).toBeCloseTo(withVersion.replay(upTo).estimate.theta, 9);

    // A dry run compares with version 1 and writes nothing.
    const dry = await cli("calibrate", "--exam", "issmp", "--model", "rasch", "--db", file, "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /What moved: \d+ of \d+ item\(s\) moved more than 0\.3 in b or a against version 1/,
    );
    expect(dry.stdout).toContain("Pretest items: none calibrated.");
    expect(dry.stdout).toContain("Dry run: nothing written");
    expect(dry.stdout).toMatch(
      /Scale: linked to version 1 through \d+ common item\(s\) by the mean shift of b/,
    );
    const alone = await cli(
      "calibrate",
      "--exam",
      "issmp",
      "--model",
      "rasch",
      "--db",
      file,
      "--dry-run",
      "--no-link",
    );
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/Scale: the calibration's own .* not linked to version 1 \(--no-link\)/);
    expect(await new ParameterRepository(store.db).latestId("issmp")).toBe(1);

    // (d) Nothing of the parameters or of θ in what the candidate of an attempt in progress reads.
    const inProgress = await fresh.create({ exam: "issmp", mode: "exam", items: FORM });
    const payloads = [
      fresh.view(current),
      await fresh.candidateLog(current.id),
      fresh.view(inProgress),
      await fresh.candidateLog(inProgress.id),
      await repo.list(),
    ];
    const secrets = [
      ...out.items.map((i) => String(i.b)),
      ...current.state.selections.map((x) => String(x.theta)),
    ].filter((x) => x.replace(/[^0-9]/g, "").length >= 4);
    for (const p of payloads) {
      const text = JSON.stringify(p);
      expect(
        telling(
          p,
          new Set(["theta", "se", "parameterVersion", "parameterSource", "parameters", "a", "b", "c"]),
        ),
      ).toEqual([]);
      expect(text).not.toContain("θ");
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

describe.each(storeTargets("pretest"))(
  "calibrate --exam: pretest items and anchors (%s)",
  (_name, target) => {
    it("proposes a pretest item that behaves for promotion, lists one that does not with its reasons, and changes neither", async () => {
      const db = await target();
      const own = await openStore(db);
      try {
        const repo = new AttemptRepository(own.db);
        const setup = examSetup(content, "issmp");
        const live = setup.bank.filter((i) => i.status === "live").slice(0, 12);
        const [good, noisy] = setup.bank.filter((i) => i.status === "review");
        const rng = seededRandom("pretest");
        const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
        for (let n = 0; n < 120; n++) {
          const theta = 1.5 * normal();
          const form = [...live, good!, noisy!].map((item) => {
            const { domain, subdomain } = taskParts(item.outlines[0]!);
            return {
              id: item.id,
              domain,
              subdomain,
              task: item.outlines[0]!,
              pretest: item.status === "review",
            };
          });
          const start = startBody({
            exam: "issmp",
            behaviour: "exam",
            seed: `p${n}`,
            form,
            items: setup.items,
            timeLimitMs: null,
          });
          const state = replay([{ ...start, seq: 0, at: now } as Step]);
          const bodies = state.form.map((entry) => {
            const item = setup.items.get(entry.id)!;
            // The noisy item is answered at random, whatever the candidate's ability.
            const p = item.id === noisy!.id ? 0.5 : 1 / (1 + Math.exp(-(theta - item.difficulty)));
            const right = rng.next() < p;
            return {
              kind: "answer" as const,
              itemId: entry.id,
              response: right ? keyAsResponse(item) : policyResponse("wrong", item, entry.order, rng),
            };
          });
          await repo.create(`p${n}`, { ...start, seq: 0, at: now } as Step);
          const r = record(state, [...bodies, { kind: "finish", reason: "candidate" }], now);
          await repo.append(`p${n}`, 1, r.steps, versionsOf(state));
        }
        const r = await calibrateRasch(db, "--promote-min", "100");
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain("Pretest items: 1 of 2 proposed for promotion");
        expect(r.stdout).toMatch(
          new RegExp(`proposed for promotion: ${good!.id} \\(120 responses, b -?\\d\\.\\d\\d, infit`),
        );
        expect(r.stdout).toMatch(
          new RegExp(`not proposed: ${noisy!.id} \\(.*\\): .*point-biserial -?0\\.\\d\\d, not above 0\\.15`),
        );
        const thin = await calibrateRasch(db, "--min-responses", "121");
        expect(thin.code).toBe(1);
        expect(thin.stderr).toMatch(/no ISSMP item has at least 121 response\(s\)/);
        // Proposals only: the bank's statuses are as they were.
        expect(requireSoundBank(loadBank()).find((i) => i.id === good!.id)!.status).toBe("review");
        const strict = await calibrateRasch(db, "--dry-run", "--json");
        const out = json<{ promotion: { id: string; proposed: boolean; reasons: string[] }[] }>(strict);
        // With the default floor of 200 responses, neither is proposed.
        expect(out.promotion.map((c) => [c.id, c.proposed])).toEqual([
          [good!.id, false],
          [noisy!.id, false],
        ]);
        expect(out.promotion[0]!.reasons).toEqual(["120 responses, fewer than 200"]);

        // An anchor holds its item where it is told and puts the others on its scale.
        const anchorFile = join(mkdtempSync(join(tmpdir(), "certpath-anchor-")), "anchor.csv");
        writeFileSync(anchorFile, `id,a,b,c\n${live[0]!.id},1,0.75,0\n`);
        const anchored = json<{ version: number; items: { id: string; b: number; anchored: boolean }[] }>(
          await calibrateRasch(db, "--anchor", anchorFile, "--json"),
        );
        expect(anchored.version).toBe(2);
        expect(anchored.items.find((i) => i.id === live[0]!.id)).toMatchObject({ b: 0.75, anchored: true });
        expect(await new ParameterRepository(own.db).latestId("issmp")).toBe(2);
      } finally {
        await own.close();
      }
    });
  },
);

/** The item versions an attempt delivered, as its session tells the store (no lookup in the log). */
function versionsOf(state: AttemptState): (itemId: string) => number | undefined {
  const versions = new Map(state.form.map((f) => [f.id, f.version]));
  return (itemId) => versions.get(itemId);
}

/** `certpath calibrate --exam issmp --model rasch --db <db> …` */
function calibrateRasch(db: string, ...more: string[]) {
  return cli("calibrate", "--exam", "issmp", "--model", "rasch", "--db", db, ...more);
}

/** Answers the current item of an adaptive attempt (right or wrong) and submits it. */
async function answerAdaptive(s: AttemptService, id: string, right: boolean) {
  const session = await s.load(id);
  const entry = session.state.form.findLast((e) => !session.state.final.has(e.id))!;
  const item = session.items.get(entry.id)!;
  await session.send({
    kind: "answer",
    itemId: entry.id,
    response: right ? keyAsResponse(item) : policyResponse("wrong", item, entry.order, seededRandom("w")),
  });
  // Adaptive answers are final as given, or once submitted.
  if (!session.state.final.has(entry.id)) await session.send({ kind: "submit", itemId: entry.id });
  return session;
}
