/**
 * `certpath cat simulate`: exposure and overlap for every rule, Sympson–Hetter that meets its target,
 * response times and the CISSP time-out rule, a custom bank for --exam, the CISSP rules for --params,
 * and a clear message for each bad combination.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cli, json } from "./run-cli.js";
import { syntheticContent } from "./synthetic-content.js";

const root = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "certpath-cat-sim-"));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

interface Result {
  exposure: { max: number; unused: number; overlap: number; overTarget?: number };
  length: { min: number; max: number };
  classification: { accuracy: number };
  timing: {
    limitMinutes: number | null;
    meanMinutes: number;
    timedOut: { examinees: number; passed: number; failed: number; belowMinimum: number };
  } | null;
  sympsonHetter: { target: number; converged: boolean; rounds: number; maxRounds: number } | null;
  stopReasons: Record<string, number>;
  bank: string;
  rules: { exposure: { kind: string }; pretest: number; minItems: number; maxItems: number };
}

/** A CISSP bank as a folder of item files (1,500 live and 100 in review). */
function cisspBankFolder(): string {
  const content = syntheticContent("cissp", 1500, 100);
  const dir = join(tmp, "cissp-bank");
  mkdirSync(dir, { recursive: true });
  cpSync(join(content, "items", "cissp"), dir, { recursive: true });
  return dir;
}

describe("cat simulate reports exposure and overlap for every selection rule", () => {
  it.each([
    ["mfi", "none"],
    ["mfi", "randomesque:5"],
    ["mfi-cut", "randomesque:5"],
    ["mfi", "progressive"],
    ["mfi", "a-stratified"],
  ])("--select %s --exposure %s", async (select, exposure) => {
    const r = await cli(
      "cat",
      "simulate",
      "--exam",
      "cissp",
      "--examinees",
      "150",
      "--seed",
      "rules",
      "--select",
      select,
      "--exposure",
      exposure,
      "--json",
    );
    expect(r.code).toBe(0);
    const s = json<Result>(r);
    expect(s.exposure.max).toBeGreaterThan(0);
    expect(s.exposure.max).toBeLessThanOrEqual(1);
    expect(s.exposure.overlap).toBeGreaterThan(0);
    expect(s.exposure.overlap).toBeLessThan(1);
    expect(s.exposure.unused).toBeGreaterThanOrEqual(0);
    const text = await cli(
      "cat",
      "simulate",
      "--exam",
      "cissp",
      "--examinees",
      "150",
      "--seed",
      "rules",
      "--select",
      select,
      "--exposure",
      exposure,
    );
    expect(text.stdout).toMatch(
      /Exposure: most-used item in [\d.]+% of tests; [\d.]+% of the bank never used; two tests share [\d.]+% of their items on average/,
    );
  });

  it("spreads use under the CISSP default where plain maximum information does not", async () => {
    const run = async (...extra: string[]) =>
      json<Result>(
        await cli(
          "cat",
          "simulate",
          "--exam",
          "cissp",
          "--examinees",
          "300",
          "--seed",
          "spread",
          ...extra,
          "--json",
        ),
      );
    const byDefault = await run();
    const mfi = await run("--exposure", "none");
    expect(byDefault.rules.exposure.kind).toBe("progressive");
    expect(byDefault.exposure.overlap).toBeLessThan(mfi.exposure.overlap / 2);
    expect(byDefault.exposure.unused).toBeLessThan(mfi.exposure.unused);
  });
});

describe("Sympson–Hetter in cat simulate", () => {
  it("calibrates to convergence and keeps 1,000 examinees of the issue's run within 0.30", async () => {
    // The command, run as a process (worker threads, as users run it).
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(root, "bin", "certpath.js"),
        "cat",
        "simulate",
        "--exam",
        "cissp",
        "--examinees",
        "1000",
        "--seed",
        "1",
        "--exposure",
        "sh",
        "--json",
      ],
      { maxBuffer: 1 << 26 },
    );
    const s = JSON.parse(stdout) as Result;
    expect(s.sympsonHetter).toMatchObject({ target: 0.25, converged: true, maxRounds: 40 });
    expect(s.sympsonHetter!.rounds).toBeLessThan(40);
    expect(s.exposure.max).toBeLessThanOrEqual(0.3);
    expect(s.classification.accuracy).toBeGreaterThan(0.94);
  }, 300_000);

  it("reports a calibration that did not converge within its round limit", async () => {
    const s = json<Result>(
      await cli(
        "cat",
        "simulate",
        "--exam",
        "cissp",
        "--examinees",
        "50",
        "--exposure",
        "sh",
        "--sh-rounds",
        "2",
        "--sh-examinees",
        "100",
        "--seed",
        "few",
        "--json",
      ),
    );
    expect(s.sympsonHetter).toMatchObject({ converged: false, rounds: 2, maxRounds: 2 });
    const text = await cli(
      "cat",
      "simulate",
      "--exam",
      "cissp",
      "--examinees",
      "50",
      "--exposure",
      "sh",
      "--sh-rounds",
      "2",
      "--sh-examinees",
      "100",
      "--seed",
      "few",
    );
    expect(text.stdout).toMatch(/Sympson–Hetter: target 0\.25; NOT converged after 2 of at most 2 rounds/);
  });
});

describe("response times and the time-out rule", () => {
  it("times every test, and the CISSP's 3 hours end slow candidates' tests by its time-out rule", async () => {
    const r = await cli(
      "cat",
      "simulate",
      "--exam",
      "cissp",
      "--examinees",
      "300",
      "--seed",
      "slow",
      "--speed",
      "normal(-0.5,0.2)",
      "--json",
    );
    const s = json<Result>(r);
    expect(s.timing!.limitMinutes).toBe(180);
    const out = s.timing!.timedOut;
    expect(out.examinees).toBeGreaterThan(10);
    expect(out.passed + out.failed).toBe(out.examinees);
    expect(s.stopReasons["time-out"]).toBe(out.examinees);
    const text = await cli(
      "cat",
      "simulate",
      "--exam",
      "cissp",
      "--examinees",
      "300",
      "--seed",
      "slow",
      "--speed",
      "normal(-0.5,0.2)",
    );
    expect(text.stdout).toMatch(
      /Time: mean [\d.]+ min, 90th percentile [\d.]+ min of 180; \d+ timed out \(\d+ passed, \d+ failed, \d+ of them with too few answers/,
    );
    // Without a limit nobody times out.
    const free = json<Result>(
      await cli(
        "cat",
        "simulate",
        "--exam",
        "cissp",
        "--examinees",
        "100",
        "--seed",
        "slow",
        "--speed",
        "normal(-0.5,0.2)",
        "--time-limit",
        "none",
        "--json",
      ),
    );
    expect(free.timing).toMatchObject({ limitMinutes: null, timedOut: { examinees: 0 } });
  });
});

describe("banks and rules", () => {
  it("runs the CISSP rules on a custom bank folder (--exam cissp --bank <dir>)", async () => {
    const dir = cisspBankFolder();
    const s = json<Result>(
      await cli(
        "cat",
        "simulate",
        "--exam",
        "cissp",
        "--bank",
        dir,
        "--examinees",
        "60",
        "--seed",
        "bank",
        "--json",
      ),
    );
    expect(s.bank).toMatch(/CISSP rules on the 1500-item CISSP bank in .*cissp-bank/);
    expect(s.length.min).toBeGreaterThanOrEqual(100);
    expect(s.length.max).toBeLessThanOrEqual(150);
  });

  it("runs on the bundled CISSP bank with a truth that differs from the priors (--bank bundled)", async () => {
    const saved = process.env.CERTPATH_CONTENT;
    delete process.env.CERTPATH_CONTENT;
    try {
      const args = [
        "cat",
        "simulate",
        "--exam",
        "cissp",
        "--bank",
        "bundled",
        "--examinees",
        "60",
        "--seed",
        "1",
      ];
      const s = json<
        Result & {
          truth: { kind: string; note: string; drawn: { sdBShift: number; meanTrueC: number } };
          subdomains: { target: number; short: string[]; bySubdomain: { group: string; items: number }[] };
        }
      >(await cli(...args, "--workers", "1", "--json"));
      // As a new attempt's bank: the authored items and 3 fresh instances of each of the 7 CISSP families.
      expect(s.bank).toMatch(
        /CISSP rules on the \d+-item CISSP bundled bank in .*content\/items\/cissp with 21 computed-family instances/,
      );
      expect(s.truth.kind).toBe("perturbed");
      expect(s.truth.note).toMatch(
        /true b = believed b \+ N\(0, 0\.5²\), true a uniform in \[0\.5, 2\], true c uniform in \[0, 0\.25\]/,
      );
      expect(s.truth.drawn.sdBShift).toBeGreaterThan(0.4);
      expect(s.subdomains.target).toBe(0.3);
      // Every CISSP subdomain of the bundled bank appears, 8 domains' worth.
      expect(new Set(s.subdomains.bySubdomain.map((g) => g.group.split(".")[0])).size).toBe(8);
      expect(s.length.max).toBeLessThanOrEqual(150);
      const same = json<Result & { truth: { kind: string } }>(
        await cli(...args, "--truth", "same", "--workers", "1", "--json"),
      );
      expect(same.truth.kind).toBe("same");
      const text = await cli(...args, "--workers", "1");
      expect(text.stdout).toMatch(/Truth: the simulated truth differs from the engine's belief/);
      expect(text.stdout).toMatch(/subdomain/i);
      const bad = await cli(...args, "--truth", "maybe");
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--truth must be same or perturbed, not "maybe"/);
    } finally {
      if (saved !== undefined) process.env.CERTPATH_CONTENT = saved;
    }
  });

  it("refuses a missing, empty or broken bank folder, naming it (exit 1)", async () => {
    const missing = await cli("cat", "simulate", "--exam", "cissp", "--bank", join(tmp, "nope"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope: no such folder/);
    const emptyDir = join(tmp, "empty");
    mkdirSync(emptyDir);
    const empty = await cli("cat", "simulate", "--exam", "cissp", "--bank", emptyDir);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty: holds no item files/);
    const brokenDir = join(tmp, "broken");
    mkdirSync(brokenDir);
    writeFileSync(join(brokenDir, "bad.yaml"), "items:\n  - id: x1\n    type: single-choice\n");
    const broken = await cli("cat", "simulate", "--exam", "cissp", "--bank", brokenDir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\/bad\.yaml:\d+: /);
    const otherDir = join(tmp, "issmp-only");
    mkdirSync(otherDir);
    const issmpFiles = join(syntheticContent("issmp", 50), "items", "issmp");
    for (const f of readdirSync(issmpFiles)) cpSync(join(issmpFiles, f), join(otherDir, f));
    const other = await cli("cat", "simulate", "--exam", "cissp", "--bank", otherDir);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/issmp-only: no live or in-review item names a task statement of the CISSP/);
  });

  it("runs a parameter file under the CISSP rules (--params f.csv --rules cissp)", async () => {
    const lines = ["id,a,b"];
    for (let i = 0; i < 400; i++)
      lines.push(`q${i},${(0.8 + (i % 7) * 0.2).toFixed(2)},${(-3 + (i * 6) / 399).toFixed(3)}`);
    const bank = file("cissp-params.csv", `${lines.join("\n")}\n`);
    const s = json<Result>(
      await cli(
        "cat",
        "simulate",
        "--params",
        bank,
        "--rules",
        "cissp",
        "--examinees",
        "80",
        "--seed",
        "p",
        "--json",
      ),
    );
    expect(s.rules).toMatchObject({ minItems: 100, maxItems: 150, pretest: 25 });
    expect(s.length.min).toBeGreaterThanOrEqual(100);
    expect(s.length.max).toBeLessThanOrEqual(150);
    expect(s.timing!.limitMinutes).toBe(180);
    expect(s.bank).toMatch(/CISSP rules on 400 items from .*cissp-params\.csv \(no content balancing/);
  });

  it.each([
    [["--params", "x.csv", "--bank", "dir"], /--bank takes the items of an exam: use it with --exam/],
    [["--exam", "cissp", "--bank", "dir", "--bank-size", "500"], /--bank-size .* cannot be used with --bank/],
    [
      ["--params", "x.csv", "--rules", "exam"],
      /--rules exam needs --exam; with --params, name the exam instead/,
    ],
    [
      ["--exam", "cissp", "--rules", "issmp"],
      /ISSMP is not an adaptive exam and has no CAT rules of its own/,
    ],
    [
      ["--exam", "cissp", "--rules", "bogus"],
      /--rules must be practice, exam or the id of an adaptive exam \(cissp\), not "bogus"/,
    ],
    [["--exam", "issmp", "--rules", "exam"], /ISSMP is not an adaptive exam/],
    [["--exam", "cissp", "--sh-target", "0.2"], /--sh-target applies only to --exposure sh/],
    [["--exam", "cissp", "--exposure", "sh", "--sh-target", "1.5"], /--sh-target must lie between 0 and 1/],
    [["--exam", "cissp", "--time-limit", "soon"], /--time-limit must be a number of minutes or none/],
    [["--exam", "cissp", "--speed", "fast"], /--speed must be normal\(m,s\), uniform\(a,b\) or fixed:x/],
    [
      ["--exam", "cissp", "--exposure", "a-stratified:0"],
      /--exposure must be none, randomesque:<k>, sh, progressive/,
    ],
    [["--exam", "cissp", "--exposure", "progressive:0"], /--exposure must be/],
  ])("refuses %j with exit 2", async (args, message) => {
    const r = await cli("cat", "simulate", ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
