import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eap, maximumLikelihood } from "../src/core/irt/estimate.js";
import { cli, json } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "certpath-irt-"));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

const params = file("items.csv", "id,a,b,c\ni1,1.2,-1,0\ni2,0.8,0,0.2\ni3,1.5,0.5,\ni4,1,1.5,0\n");
const responses = file("r.csv", "person,i1,i2,i3,i4\nann,1,1,0,\nbob,1,1,1,1\ncy,0,,0,0\n");

describe("certpath irt score", () => {
  it("scores each person in file order, EAP by default, matching the core estimators", async () => {
    const r = await cli("irt", "score", "--params", params, "--responses", responses, "--json");
    expect(r.code).toBe(0);
    const rows = json<{ person: string; theta: number; se: number }[]>(r);
    expect(rows.map((x) => x.person)).toEqual(["ann", "bob", "cy"]);
    const p = [
      { a: 1.2, b: -1, c: 0, d: 1 },
      { a: 0.8, b: 0, c: 0.2, d: 1 },
      { a: 1.5, b: 0.5, c: 0, d: 1 },
    ];
    const ann = eap([
      { params: p[0]!, score: 1 },
      { params: p[1]!, score: 1 },
      { params: p[2]!, score: 0 },
    ]);
    expect(rows[0]!.theta).toBeCloseTo(ann.theta, 5);
    expect(rows[0]!.se).toBeCloseTo(ann.se, 5);
    const mle = json<{ theta: number }[]>(
      await cli("irt", "score", "--params", params, "--responses", responses, "--method", "mle", "--json"),
    );
    expect(mle[1]!.theta).toBe(6);
    expect(mle[0]!.theta).toBeCloseTo(
      maximumLikelihood([
        { params: p[0]!, score: 1 },
        { params: p[1]!, score: 1 },
        { params: p[2]!, score: 0 },
      ]).theta,
      5,
    );
  });

  it("says what each MLE is: an estimate, a bound, ±∞ (with an infinite SE) or no responses", async () => {
    // i5 is so steep that its information at the bound underflows: the SE is infinite however it ends.
    const steep = file("steep.csv", "id,a,b,c\ni1,1.2,-1,0\ni2,0.8,0,0.2\ni3,1,9,0\ni4,1,10,0\ni5,200,0,0\n");
    const rows = file(
      "rows.csv",
      "person,i1,i2,i3,i4,i5\nann,1,0,,,\nbob,1,1,,,\ncy,0,0,,,\nhi,,,1,0,\ndee,,,,,\neve,,,,,1\n",
    );
    const r = await cli("irt", "score", "--params", steep, "--responses", rows, "--method", "mle", "--json");
    expect(r.code).toBe(0);
    const out =
      json<
        {
          person: string;
          answered: number;
          theta: number | null;
          se: number | null;
          seInfinite: boolean;
          status: string;
        }[]
      >(r);
    const by = new Map(out.map((x) => [x.person, x]));
    expect(by.get("ann")).toMatchObject({ answered: 2, status: "estimate", seInfinite: false });
    expect(by.get("bob")).toMatchObject({ theta: 6, se: null, seInfinite: true, status: "plus-infinity" });
    expect(by.get("cy")).toMatchObject({ theta: -6, se: null, seInfinite: true, status: "minus-infinity" });
    expect(by.get("hi")).toMatchObject({ theta: 6, status: "upper-bound", seInfinite: false });
    expect(by.get("hi")!.se).toBeGreaterThan(0);
    expect(by.get("dee")).toEqual({
      person: "dee",
      answered: 0,
      theta: null,
      se: null,
      seInfinite: false,
      status: "no-responses",
    });
    expect(by.get("eve")).toMatchObject({ se: null, seInfinite: true, status: "plus-infinity" });

    const text = (await cli("irt", "score", "--params", steep, "--responses", rows, "--method", "mle"))
      .stdout;
    const line = (who: string) => text.split("\n").find((l) => l.startsWith(`${who} `))!;
    expect(line("bob")).toMatch(/\+∞\s+∞\s+\+∞: the likelihood keeps rising as θ rises/);
    expect(line("cy")).toMatch(/−∞\s+∞\s+−∞: the likelihood keeps rising as θ falls/);
    expect(line("hi")).toMatch(/6\.000\s+\d+\.\d{3}\s+at the bound \+6: the maximum lies above it/);
    expect(line("dee")).toMatch(/—\s+—\s+no responses$/);
    expect(text).not.toMatch(/null|Infinity|NaN/);
    // EAP has no bounds to hit, but a row without responses is still no estimate.
    const eapRows = json<{ person: string; status: string; theta: number | null }[]>(
      await cli("irt", "score", "--params", steep, "--responses", rows, "--json"),
    );
    expect(eapRows.find((x) => x.person === "dee")).toMatchObject({ theta: null, status: "no-responses" });
    expect(eapRows.filter((x) => x.person !== "dee").every((x) => x.status === "estimate")).toBe(true);
  });

  it("reads JSON parameter files too", async () => {
    const jsonParams = file(
      "items.json",
      JSON.stringify([
        { id: "i1", a: 1.2, b: -1 },
        { id: "i2", a: 0.8, b: 0, c: 0.2 },
        { id: "i3", a: 1.5, b: 0.5 },
        { id: "i4", a: 1, b: 1.5 },
      ]),
    );
    const a = await cli("irt", "score", "--params", jsonParams, "--responses", responses, "--json");
    const b = await cli("irt", "score", "--params", params, "--responses", responses, "--json");
    expect(a.stdout).toBe(b.stdout);
  });

  it.each([
    [
      "a wrong header",
      "id,alpha,b\ni1,1,0\n",
      "r.csv",
      /items\.bad\.csv:1: the header must be "id,a,b" or "id,a,b,c"/,
    ],
    [
      "a non-numeric parameter",
      "id,a,b\ni1,one,0\n",
      "r.csv",
      /items\.bad\.csv:2: a must be a number, not "one"/,
    ],
    [
      "a negative a",
      "id,a,b\ni1,-0.5,0\n",
      "r.csv",
      /items\.bad\.csv:2: a must not be negative \(got -0\.5\)/,
    ],
    [
      "c outside [0, 1)",
      "id,a,b,c\ni1,1,0,1\n",
      "r.csv",
      /items\.bad\.csv:2: c must lie in \[0, 1\) \(got 1\)/,
    ],
    ["a repeated item", "id,a,b\ni1,1,0\ni1,1,1\n", "r.csv", /item "i1" appears twice/],
  ])("rejects a parameter file with %s", async (_n, text, _r, message) => {
    const r = await cli("irt", "score", "--params", file("items.bad.csv", text), "--responses", responses);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [
      "unknown items",
      "person,i1,i9\nann,1,0\n",
      /r\.bad\.csv:1: the header names 1 item\(s\) not in the parameter file: i9/,
    ],
    ["a wrong header", "id,i1\nann,1\n", /r\.bad\.csv:1: the header must start with "person"/],
    [
      "a bad cell",
      "person,i1,i2\nann,1,yes\n",
      /r\.bad\.csv:2: the cell for item i2 must be 1, 0 or empty, not "yes"/,
    ],
    [
      "an item column given twice",
      "person,i1,i2,i1\nann,1,1,1\n",
      /r\.bad\.csv:1: item "i1" has two columns in the header \(columns 2 and 4\); each item may appear once/,
    ],
  ])("rejects a response file with %s", async (_n, text, message) => {
    const r = await cli("irt", "score", "--params", params, "--responses", file("r.bad.csv", text));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it("rejects bad usage", async () => {
    expect((await cli("irt", "score", "--params", params)).code).toBe(2);
    expect(
      (await cli("irt", "score", "--params", params, "--responses", responses, "--method", "wle")).code,
    ).toBe(2);
    expect(
      (await cli("irt", "score", "--params", params, "--responses", responses, "--prior", "normal(0,-1)"))
        .code,
    ).toBe(2);
  });
});

describe("certpath cat simulate", () => {
  it("runs the CISSP rules on a synthetic bank and reports the documented keys", async () => {
    const plot = join(tmp, "sim.svg");
    const r = await cli(
      "cat",
      "simulate",
      "--exam",
      "cissp",
      "--examinees",
      "200",
      "--seed",
      "t",
      "--workers",
      "1",
      // The stop rules alone: without a clock no test ends before item 100 (time-outs: cat-simulate.test.ts).
      "--time-limit",
      "none",
      "--plot",
      plot,
      "--json",
    );
    expect(r.code).toBe(0);
    const s = json<
      Record<string, unknown> & { length: { min: number; max: number }; classification: { accuracy: number } }
    >(r);
    for (const k of [
      "rmse",
      "bias",
      "correlation",
      "length",
      "classification",
      "exposure",
      "conditionalSe",
      "timing",
      "sympsonHetter",
      "msPerStep",
    ])
      expect(s).toHaveProperty(k);
    expect(s.length.min).toBeGreaterThanOrEqual(100);
    expect(s.length.max).toBeLessThanOrEqual(150);
    expect(s.classification.accuracy).toBeGreaterThan(0.9);
    expect(readFileSync(plot, "utf8")).toMatch(/^<svg[\s\S]*Conditional SE[\s\S]*<\/svg>$/);
  });

  it("uses a parameter file with practice rules, and flags that override them", async () => {
    const lines = ["id,a,b"];
    for (let i = 0; i < 120; i++)
      lines.push(`q${i},${(0.8 + (i % 7) * 0.15).toFixed(2)},${(-2.5 + (i * 5) / 119).toFixed(3)}`);
    const bank = file("bank.csv", `${lines.join("\n")}\n`);
    const s = json<{ length: { min: number; max: number } }>(
      await cli(
        "cat",
        "simulate",
        "--params",
        bank,
        "--examinees",
        "100",
        "--min",
        "5",
        "--max",
        "20",
        "--se",
        "0.4",
        "--exposure",
        "sh",
        "--select",
        "mfi-cut",
        "--json",
      ),
    );
    expect(s.length.min).toBeGreaterThanOrEqual(5);
    expect(s.length.max).toBeLessThanOrEqual(20);
  });

  it("rejects bad usage", async () => {
    expect((await cli("cat", "simulate")).code).toBe(2);
    expect((await cli("cat", "simulate", "--exam", "cissp", "--theta", "gauss")).code).toBe(2);
    expect((await cli("cat", "simulate", "--exam", "cissp", "--exposure", "lots")).code).toBe(2);
    expect((await cli("cat", "simulate", "--exam", "cissp", "--min", "50", "--max", "40")).code).toBe(2);
    const small = await cli("cat", "simulate", "--exam", "cissp", "--bank-size", "100");
    expect(small.code).toBe(1);
    expect(small.stderr).toMatch(/lacks 25 operational \(live\) item\(s\): it has 100 of the 125 needed/);
  });
});
