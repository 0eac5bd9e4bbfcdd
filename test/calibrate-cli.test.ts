import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lsat7 } from "../src/core/irt/calibration/lsat-data.js";
import { randomItems, simulateResponses } from "../src/core/irt/calibration/simulate.js";
import { seededRandom } from "../src/core/random/seeded.js";
import { cli, json } from "./run-cli.js";

const root = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "certpath-calibrate-"));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

/** LSAT7 written out as a response file, one row per examinee. */
function lsat7Csv(): string {
  const m = lsat7();
  const lines = [`person,${m.items.join(",")}`];
  let id = 0;
  m.persons.forEach((pattern, i) => {
    for (let k = 0; k < m.weight[i]!; k++) lines.push(`p${++id},${[...pattern].join(",")}`);
  });
  return `${lines.join("\n")}\n`;
}

const lsat = file("lsat7.csv", lsat7Csv());

interface Output {
  model: string;
  method: string;
  converged: boolean;
  iterations: number;
  logLik: number;
  items: {
    id: string;
    a: number;
    b: number;
    c: number;
    seA?: number;
    seB?: number;
    anchored: boolean;
    fit: Record<string, number | string>;
  }[];
}

describe("certpath calibrate", () => {
  it("calibrates the 2PL by MML and prints the documented JSON", async () => {
    const r = await cli("calibrate", "--responses", lsat, "--model", "2pl", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = json<Output>(r);
    expect(out).toMatchObject({ model: "2pl", method: "mml", converged: true });
    // The marginal log-likelihood at these estimates, as an independent integration gives it
    // (src/core/irt/calibration/mml.test.ts checks the two agree).
    expect(out.logLik).toBeCloseTo(-2658.805, 2);
    // mirt's LSAT7 estimates (tests/testthat/test-01-mirtOne.R): a = 0.9876, d = 1.8559 for item 1.
    expect(out.items[0]!.a).toBeCloseTo(0.9876, 3);
    expect(out.items[0]!.b).toBeCloseTo(-1.8559 / 0.9876, 2);
    for (const it of out.items) {
      expect(Object.keys(it)).toEqual(expect.arrayContaining(["id", "a", "b", "c", "seA", "seB", "fit"]));
      expect(it.fit).toHaveProperty("sx2");
    }
  });

  it("calibrates the Rasch model by CML by default, with infit and outfit, as a readable table", async () => {
    const r = await cli("calibrate", "--responses", lsat, "--model", "rasch");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Rasch by conditional ML");
    expect(r.stdout).toMatch(/ITEM\s+B\s+SE\(B\)\s+N\s+P\s+INFIT\s+OUTFIT/);
    // eRm's sum-zero difficulty of item 1 on LSAT7: −0.541470.
    expect(r.stdout).toMatch(/item1\s+-0\.541\s+0\.079\s+1000/);
    const j = json<Output>(await cli("calibrate", "--responses", lsat, "--model", "rasch", "--json"));
    expect(j.method).toBe("cml");
    expect(j.items.reduce((s, i) => s + i.b, 0)).toBeCloseTo(0, 5);
    expect(j.items[0]!.fit.infit).toBeCloseTo(0.9095, 3);
  });

  it("keeps anchor items fixed and estimates the others on their scale", async () => {
    const anchors = file("anchors.csv", "id,a,b,c\nitem1,1,-1.9,0\nitem2,1,-0.75,0\nitem9,1,0,0\n");
    const r = await cli(
      "calibrate",
      "--responses",
      lsat,
      "--model",
      "2pl",
      "--anchor",
      anchors,
      "--no-se",
      "--json",
    );
    expect(r.code).toBe(0);
    const out = json<Output & { population: { mean: number; sd: number; estimated: boolean } }>(r);
    expect(out.items[0]).toMatchObject({ id: "item1", a: 1, b: -1.9, anchored: true });
    expect(out.items[2]!.anchored).toBe(false);
    expect(out.population.estimated).toBe(true);
  });

  it("leaves out items below --min-responses and says so", async () => {
    const f = file("few.csv", `${lsat7Csv().replace(/\n/g, ",\n").replace("item5,", "item5,extra")}`);
    const withExtra = f;
    const r = await cli(
      "calibrate",
      "--responses",
      withExtra,
      "--model",
      "rasch",
      "--min-responses",
      "10",
      "--json",
    );
    // The extra column has no responses at all: refused even with --min-responses.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('item "extra" (column 7) has no responses');
    const some = file(
      "some.csv",
      lsat7Csv()
        .split("\n")
        .map((line, k) => (line === "" ? line : k === 0 ? `${line},extra` : `${line},${k <= 3 ? k % 2 : ""}`))
        .join("\n"),
    );
    const ok = await cli(
      "calibrate",
      "--responses",
      some,
      "--model",
      "rasch",
      "--min-responses",
      "10",
      "--json",
    );
    expect(ok.code).toBe(0);
    const out = json<Output & { skipped: { id: string; responses: number }[] }>(ok);
    expect(out.skipped).toEqual([{ id: "extra", responses: 3 }]);
    expect(out.items.map((i) => i.id)).not.toContain("extra");
  });

  it.each([
    [
      ["--responses", "dup.csv", "--model", "2pl"],
      1,
      'dup.csv:1: item "q1" appears twice in the header (columns 2 and 3)',
    ],
    [
      ["--responses", "bad.csv", "--model", "2pl"],
      1,
      'bad.csv:3: the cell for item q2 must be 1, 0 or empty, not "2"',
    ],
    [["--responses", "ragged.csv", "--model", "2pl"], 1, "ragged.csv:4: has 2 cells, the header has 3"],
    [
      ["--responses", "same.csv", "--model", "2pl"],
      1,
      'same.csv:1: item "q2" (column 3) has only correct responses (3)',
    ],
    [["--responses", "dup.csv", "--model", "4pl"], 2, '--model must be one of rasch, 2pl, 3pl, not "4pl"'],
    [
      ["--responses", "dup.csv", "--model", "2pl", "--method", "cml"],
      2,
      "--method cml applies only to --model rasch",
    ],
    [
      ["--responses", "dup.csv", "--model", "rasch", "--method", "jml"],
      2,
      '--method must be cml or mml, not "jml"',
    ],
    [["--model", "2pl"], 2, "calibrate needs --responses <file.csv>"],
    [["--responses", "dup.csv"], 2, "calibrate needs --model"],
    [
      ["--responses", "dup.csv", "--model", "2pl", "--quadrature", "3"],
      2,
      "--quadrature must be a whole number from 5 to 401",
    ],
    [
      ["--responses", "missing.csv", "--model", "2pl"],
      1,
      "missing.csv: cannot read the response file (no such file)",
    ],
  ])("refuses %j with one clear message", async (args, code, message) => {
    file("dup.csv", "person,q1,q1\na,1,0\nb,0,1\n");
    file("bad.csv", "person,q1,q2\na,1,0\nb,0,2\n");
    file("ragged.csv", "person,q1,q2\na,1,0\nb,0,1\nc,1\n");
    file("same.csv", "person,q1,q2\na,1,1\nb,0,1\nc,1,1\n");
    const r = await cli("calibrate", ...args.map((a) => (a.endsWith(".csv") ? join(tmp, a) : a)));
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  it("reports the items as a form: SEM by θ and, with --cut, Rudner's decision accuracy", async () => {
    const r = await cli(
      "calibrate",
      "--responses",
      lsat,
      "--model",
      "2pl",
      "--no-se",
      "--cut",
      "-1",
      "--json",
    );
    expect(r.code).toBe(0);
    const out = json<{
      form: { curve: { theta: number; sem: number }[]; cut: number; decision: Record<string, number> };
    }>(r);
    expect(out.form.curve).toHaveLength(13);
    expect(out.form.cut).toBe(-1);
    expect(out.form.decision.accuracy).toBeGreaterThan(0.5);
    expect(out.form.decision.accuracy).toBeLessThan(1);
    expect(out.form.decision.consistency).toBeLessThan(out.form.decision.accuracy!);
    const text = await cli("calibrate", "--responses", lsat, "--model", "2pl", "--no-se", "--cut", "-1");
    expect(text.stdout).toMatch(
      /At the cut θ = -1: decision accuracy \d+\.\d%, consistency \d+\.\d% \(Rudner\)/,
    );
  });

  it("says which item CML cannot place, naming the file", async () => {
    // q1 is missed only by a person who missed everything: among informative persons it is always right.
    const f = file("cml.csv", "person,q1,q2,q3\na,0,0,0\nb,1,1,0\nc,1,0,1\nd,1,0,0\ne,1,1,1\n");
    const r = await cli("calibrate", "--responses", f, "--model", "rasch");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "cml.csv: item q1 has only correct responses among persons with informative scores; CML cannot estimate it",
    );
  });

  it("refuses anchors that cannot fix the scale", async () => {
    const none = file("none.csv", "id,a,b,c\nzzz,1,0,0\n");
    const r = await cli("calibrate", "--responses", lsat, "--model", "2pl", "--anchor", none);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("none of the 1 anchor item(s) appears in");
    const slope = file("slope.csv", "id,a,b,c\nitem1,1.4,0,0\n");
    const s = await cli("calibrate", "--responses", lsat, "--model", "rasch", "--anchor", slope);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain(
      'anchor item "item1" has a = 1.4, c = 0; a Rasch calibration needs a = 1 and c = 0',
    );
  });
});

describe("certpath calibrate over two threads (the built CLI)", () => {
  it("gives the same estimates with the E-steps split over a worker thread", () => {
    // 3,000 persons × 60 items, 30% missing: large enough to split.
    const rng = seededRandom("two-threads");
    const truth = randomItems(60, "2pl", rng);
    const { matrix } = simulateResponses(truth, 3000, rng, { missing: 0.3 });
    const lines = [`person,${matrix.items.join(",")}`];
    matrix.persons.forEach((p, i) => {
      const row = new Array<string>(matrix.items.length).fill("");
      for (let k = matrix.start[i]!; k < matrix.start[i + 1]!; k++)
        row[matrix.item[k]!] = String(matrix.score[k]);
      lines.push(`${p},${row.join(",")}`);
    });
    const csv = file("threads.csv", `${lines.join("\n")}\n`);
    const runWith = (workers: string) => {
      const r = spawnSync(
        process.execPath,
        [
          join(root, "bin", "certpath.js"),
          "calibrate",
          "--responses",
          csv,
          "--model",
          "2pl",
          "--no-se",
          "--workers",
          workers,
          "--json",
        ],
        { encoding: "utf8" },
      );
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout) as Output & { threads: number };
    };
    const one = runWith("1");
    const two = runWith("2");
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.converged).toBe(true);
    two.items.forEach((it, j) => {
      expect(it.a).toBeCloseTo(one.items[j]!.a, 6);
      expect(it.b).toBeCloseTo(one.items[j]!.b, 6);
    });
    expect(two.logLik).toBeCloseTo(one.logLik, 4);
  }, 120_000);
});
