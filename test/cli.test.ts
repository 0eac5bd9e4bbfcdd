import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../src/store/content/content-dir.js";
import { cli, json } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "certpath-cli-"));
function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

interface Entry {
  id: string;
  exam: Record<string, unknown> & { scale: { min: number; max: number; passing: number } };
  outline: {
    id: string;
    domains: {
      id: string;
      weight: number;
      subdomains: { id: string; tasks: { id: string; text: string }[] }[];
    }[];
  };
  outlines: unknown[];
  warnings: string[];
}

describe("certpath catalog", () => {
  it("lists every certification as JSON", async () => {
    const r = await cli("catalog", "list", "--json");
    expect(r.code).toBe(0);
    const rows = json<{ id: string; name: string; issuer: string }[]>(r);
    expect(rows.map((x) => x.id).sort()).toEqual([
      "aaia",
      "aaism",
      "ccsp",
      "cisa",
      "cism",
      "cissp",
      "crisc",
      "issmp",
    ]);
    for (const row of rows) expect(row.name && row.issuer).toBeTruthy();
  });

  it("shows the complete ISSMP outline and exam facts", async () => {
    const r = await cli("catalog", "show", "issmp", "--json");
    expect(r.code).toBe(0);
    const entry = json<Entry>(r);
    const domains = entry.outline.domains;
    expect(domains.map((d) => d.weight)).toEqual([21, 15, 20, 18, 12, 14]);
    const subs = domains.flatMap((d) => d.subdomains);
    const tasks = subs.flatMap((s) => s.tasks);
    expect(subs).toHaveLength(30);
    expect(tasks).toHaveLength(134);
    expect(tasks.find((t) => t.id === "issmp:3.3.2")?.text).toBe(
      "Determining the risk assessment approach (e.g., qualitative, quantitative)",
    );
    expect(entry.exam).toMatchObject({
      delivery: "linear",
      items: 125,
      durationMinutes: 180,
      scale: { min: 0, max: 1000, passing: 700 },
    });
    for (const key of [
      "id",
      "name",
      "issuer",
      "level",
      "launched",
      "focus",
      "bestFor",
      "roles",
      "fee",
      "sources",
      "outlines",
      "eligibility",
      "maintenance",
    ]) {
      expect(entry).toHaveProperty(key);
    }
  });

  it("shows the CISSP as an adaptive exam with its decision rules as data", async () => {
    const entry = json<Entry>(await cli("catalog", "show", "cissp", "--json"));
    expect(entry.exam).toMatchObject({
      delivery: "adaptive",
      minItems: 100,
      maxItems: 150,
      pretestItems: 25,
      durationMinutes: 180,
    });
    const rules = (entry.exam.adaptive as { stopRules: { kind: string }[] }).stopRules.map((s) => s.kind);
    expect(rules).toEqual(["confidence-interval", "maximum-length", "time-out"]);
  });

  it("shows the CISM exam on ISACA's scale", async () => {
    const entry = json<Entry>(await cli("catalog", "show", "cism", "--json", "--as-of", "2026-06-01"));
    expect(entry.exam).toMatchObject({
      delivery: "linear",
      items: 150,
      durationMinutes: 240,
      scale: { min: 200, max: 800, passing: 450 },
    });
  });

  it("picks the CISM outline in force and warns about the 2026 change", async () => {
    const before = json<Entry>(await cli("catalog", "show", "cism", "--json", "--as-of", "2026-11-02"));
    expect(before.outline.id).toBe("2022");
    expect(before.warnings.join(" ")).toMatch(/takes effect on 2026-11-03/);
    const after = json<Entry>(await cli("catalog", "show", "cism", "--json", "--as-of", "2026-11-03"));
    expect(after.outline.id).toBe("2022");
    expect(after.warnings.join(" ")).toMatch(/new outline \(2026 exam content\) since 2026-11-03/);
  });

  it("says plainly at the top when the outline in force is one certpath holds no details of", async () => {
    const after = json<Entry & { notice: string | null }>(
      await cli("catalog", "show", "cism", "--json", "--as-of", "2026-12-02"),
    );
    expect(after.notice).toBe(
      "The exam has followed a new outline (2026 exam content) since 2026-11-03; certpath does not hold its details yet. Practice uses the 2022 job practice.",
    );
    const text = await cli("catalog", "show", "cism", "--as-of", "2026-12-02");
    const lines = text.stdout.split("\n");
    expect(lines[2]).toBe("! The exam has followed a new outline (2026 exam content) since 2026-11-03;");
    expect(text.stdout).not.toMatch(/^Outline: 2022 job practice/m);
    expect(text.stdout).toMatch(
      /^Outline used for practice: 2022 job practice, effective 2022-06-01, retired\s+2026-11-03/m,
    );
    expect(text.stdout.match(/certpath does not hold its details yet/g)).toHaveLength(1);
    const before = json<Entry & { notice: string | null }>(
      await cli("catalog", "show", "cism", "--json", "--as-of", "2026-06-01"),
    );
    expect(before.notice).toBeNull();
  });

  it("lists the task statements of one domain in the terminal", async () => {
    const r = await cli("catalog", "show", "issmp", "--domain", "3");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("issmp:3.3.2");
    expect(r.stdout).not.toContain("issmp:4.1.1");
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("rejects an unknown domain or certification with exit 1 and one sentence", async () => {
    const r = await cli("catalog", "show", "issmp", "--domain", "9");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^certpath: ISSMP has no domain "9".*domains: 1, 2, 3, 4, 5, 6\)\n$/);
    const u = await cli("catalog", "show", "cissx");
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/unknown certification "cissx"; known: /);
  });
});

describe("certpath compare", () => {
  it("prints a table that fits 80 columns, with the overlap view", async () => {
    const r = await cli("compare", "cissp", "cism", "issmp");
    expect(r.code).toBe(0);
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain("Where the outlines overlap");
    expect(r.stdout).toMatch(/Exam format/);
  });

  it("prints Markdown and JSON with every attribute and the overlap of incident management", async () => {
    const md = await cli("compare", "issmp", "cissp", "--format", "markdown");
    expect(md.stdout).toMatch(/^## ISSMP vs CISSP/);
    expect(md.stdout).toContain("| Exam fee |");
    const c = json<{
      rows: { key: string }[];
      overlap: { id: string; coverage: Record<string, string[]> }[];
    }>(await cli("compare", "issmp", "cissp", "cism", "--json"));
    expect(c.rows.map((r) => r.key)).toEqual([
      "issuer",
      "level",
      "focus",
      "launched",
      "outline",
      "domains",
      "exam",
      "prerequisites",
      "experience",
      "maintenance",
      "fee",
      "bestFor",
      "roles",
    ]);
    const incident = c.overlap.find((t) => t.id.includes("incident"));
    expect(Object.keys(incident?.coverage ?? {}).sort()).toEqual(["cism", "cissp", "issmp"]);
    expect(incident?.coverage.issmp?.join(" ")).toContain("4.3");
  });

  it("rejects bad usage with exit 2", async () => {
    expect((await cli("compare", "cissp")).code).toBe(2);
    expect((await cli("compare", "cissp", "cissp")).code).toBe(2);
    const f = await cli("compare", "cissp", "cism", "--format", "xml");
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/--format must be one of table, markdown, json/);
  });
});

describe("certpath eligibility", () => {
  it("gives one verdict with the documented JSON shape", async () => {
    const r = await cli("eligibility", "issmp", "--profile", "examples/profile.json", "--json");
    expect(r.code).toBe(0);
    const v = json<Record<string, unknown>>(r);
    for (const key of ["certification", "status", "path", "experience", "waiver", "missing", "eligibleOn"])
      expect(v).toHaveProperty(key);
    expect(v.certification).toBe("issmp");
    expect(v.status).toBe("eligible");
    expect((v.path as { id: string }).id).toBe("cissp-path");
  });

  it("gives an array for --all and reads YAML profiles", async () => {
    const r = await cli("eligibility", "--all", "--profile", "examples/profile-newcomer.yaml", "--json");
    expect(r.code).toBe(0);
    const all = json<{ certification: string; status: string; eligibleOn: string | null }[]>(r);
    expect(all).toHaveLength(8);
    const cissp = all.find((v) => v.certification === "cissp")!;
    expect(cissp.status).toBe("associate-path");
    expect(cissp.eligibleOn).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(all.find((v) => v.certification === "aaism")?.status).toBe("prerequisite-missing");
  });

  it("prints a readable verdict in the terminal", async () => {
    const r = await cli("eligibility", "cissp", "--profile", "examples/profile-newcomer.yaml");
    expect(r.stdout).toMatch(/CISSP: NOT YET — can pass the exam first/);
    expect(r.stdout).toMatch(/eligible on \d{4}-\d\d-\d\d if your current job goes on/);
    // A route named for what it is is not prefixed with its own name again.
    const cism = await cli("eligibility", "cism", "--profile", "examples/profile-newcomer.yaml");
    expect(cism.stdout).toMatch(/Pass first, apply within five years — /);
    expect(cism.stdout).not.toMatch(/pass first: pass first/i);
  });

  it.each([
    ["not JSON at all", "bad.json", '{ "experience": [ }', /bad\.json:1: is not valid JSON/],
    [
      "a wrong type, with line and field",
      "type.json",
      '{\n  "experience": [\n    { "title": "x", "kind": "employment", "start": "2020-01-01", "end": null,\n      "hoursPerWeek": "forty" }\n  ]\n}',
      /type\.json:4: at experience\[0\]\.hoursPerWeek: must be a number/,
    ],
    [
      "an impossible date",
      "date.yaml",
      "experience:\n  - title: x\n    kind: employment\n    start: 2020-02-30\n    end: null\n    hoursPerWeek: 40\n",
      /date\.yaml:4: at experience\[0\]\.start: must be a calendar date written YYYY-MM-DD/,
    ],
    [
      "an end before the start",
      "order.yaml",
      "experience:\n  - title: x\n    kind: employment\n    start: 2020-02-01\n    end: 2019-01-01\n    hoursPerWeek: 40\n",
      /order\.yaml:5: at experience\[0\]\.end: end must not be before start/,
    ],
    ["an unknown field", "field.yaml", "educaton: []\n", /field\.yaml:1: has unknown field "educaton"/],
    [
      "an unknown kind",
      "kind.yaml",
      "experience:\n  - {title: x, kind: hobby, start: 2020-01-01, end: null, hoursPerWeek: 40}\n",
      /at experience\[0\]\.kind: must be one of "employment", "contract", "internship", "volunteer"/,
    ],
    [
      "a domain the outline lacks",
      "domain.yaml",
      "experience:\n  - {title: x, kind: employment, start: 2020-01-01, end: null, hoursPerWeek: 40, domains: {cissp: ['9']}}\n",
      /at experience\[0\]\.domains\.cissp: names domain "9", which no CISSP outline has/,
    ],
    ["an empty file", "empty.json", "  \n", /empty\.json: the profile is empty/],
  ])("rejects a profile with %s (exit 1, no stack trace)", async (_name, name, text, message) => {
    const r = await cli("eligibility", "cissp", "--profile", file(name, text), "--json");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it("rejects a missing profile file with exit 1", async () => {
    const r = await cli("eligibility", "cissp", "--profile", join(tmp, "nope.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.json: cannot read the profile \(no such file\)/);
  });

  it("rejects bad usage with exit 2", async () => {
    expect((await cli("eligibility", "cissp")).code).toBe(2);
    expect((await cli("eligibility", "--profile", "examples/profile.json")).code).toBe(2);
    expect((await cli("eligibility", "cissp", "--all", "--profile", "examples/profile.json")).code).toBe(2);
    const d = await cli("eligibility", "cissp", "--profile", "examples/profile.json", "--as-of", "yesterday");
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--as-of must be a date written YYYY-MM-DD/);
    const u = await cli("eligibility", "cissp", "--profle", "x.json");
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/unknown option '--profle'/);
  });
});

describe("certpath advise", () => {
  it("ranks ISSMP and CISM first for a CISSP holder with a management goal", async () => {
    const r = await cli("advise", "--profile", "examples/profile.json", "--goal", "management", "--json");
    expect(r.code).toBe(0);
    const a = json<{ held: string[]; recommendations: { certification: string; reasons: string[] }[] }>(r);
    expect(a.held).toEqual(["cissp"]);
    expect(
      a.recommendations
        .slice(0, 2)
        .map((x) => x.certification)
        .sort(),
    ).toEqual(["cism", "issmp"]);
  });

  it("rejects an unknown goal with exit 2", async () => {
    const r = await cli("advise", "--profile", "examples/profile.json", "--goal", "fame");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fame/);
  });
});

describe("certpath usage", () => {
  it("exits 2 on an unknown command and 0 on --help", async () => {
    expect((await cli("frobnicate")).code).toBe(2);
    expect((await cli("--help")).code).toBe(0);
    expect((await cli("catalog", "show", "--help")).code).toBe(0);
  });

  it("prints the guided tour", async () => {
    const r = await cli("tour");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("certpath catalog show issmp");
    expect(r.stdout).toContain("certpath exam take issmp");
  });
});

describe("bad input is reported as bad input (issue 13)", () => {
  const bomb = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
    "",
  ].join("\n");

  it("refuses an email address the server would refuse, with exit 1", async () => {
    const db = join(tmp, "users.db");
    for (const bad of ["kim..lee@example.org", "kim@example.o", "kim@-example.org"]) {
      const r = await cli("user", "add", bad, "--role", "candidate", "--db", db);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`certpath: "${bad}" is not a valid email address\n`);
    }
    const ok = await cli("user", "add", " Kim@Example.org", "--role", "candidate", "--db", db);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("Created kim@example.org (candidate).");
  });

  it("refuses a YAML alias bomb in a profile with exit 1 naming the file and line", async () => {
    const path = file("bomb.yaml", `asOf: 2026-01-01\n${bomb}`);
    const r = await cli("eligibility", "cissp", "--profile", path);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`certpath: ${path}:3: is refused: its aliases (*name) expand to too much data\n`);
  });

  it("reports a YAML alias bomb in an item file as a finding on that file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "certpath-bomb-"));
    cpSync(join(contentDir(), "catalog"), join(dir, "catalog"), { recursive: true });
    mkdirSync(join(dir, "items", "issmp"), { recursive: true });
    writeFileSync(join(dir, "items", "issmp", "bomb.yaml"), bomb);
    const before = process.env.CERTPATH_CONTENT;
    process.env.CERTPATH_CONTENT = dir;
    try {
      const r = await cli("bank", "lint");
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).toMatch(/bomb\.yaml:2: .*aliases \(\*name\) expand to too much data/);
      expect(r.stderr).not.toMatch(/internal error/);
    } finally {
      if (before === undefined) delete process.env.CERTPATH_CONTENT;
      else process.env.CERTPATH_CONTENT = before;
    }
  });

  it("reports a broken JSON profile in JSON's terms, with line and column", async () => {
    const comma = file("comma.json", '{\n  "asOf": "2026-01-01",\n}\n');
    const r = await cli("eligibility", "cissp", "--profile", comma);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `certpath: ${comma}:3: is not valid JSON: Expected double-quoted property name (line 3, column 1)\n`,
    );
    const token = file("token.json", '{\n  "asOf": "2026-01-01",\n  "held": tru}\n');
    const t = await cli("eligibility", "cissp", "--profile", token);
    expect(t.code).toBe(1);
    expect(t.stderr).toBe(
      `certpath: ${token}:3: is not valid JSON: Unexpected token '}' (line 3, column 14)\n`,
    );
    expect(t.stderr).not.toMatch(/YAML|flow|collection/i);
  });

  it("refuses a backup into a path under a regular file with exit 1, writing nothing", async () => {
    const plain = file("plain.txt", "not a folder");
    const r = await cli("backup", "--out", join(plain, "x.jsonl.gz"), "--db", join(tmp, "backup.db"));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `certpath: ${join(plain, "x.jsonl.gz")}: cannot write the backup (${plain} is a file, not a folder)\n`,
    );
    expect(readFileSync(plain, "utf8")).toBe("not a folder");
    const missing = await cli("backup", "--out", join(tmp, "no-such-folder", "x.jsonl.gz"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot write the backup \(its folder does not exist\)\n$/);
  });

  it("points usage errors at the help of the command, not at its arguments", async () => {
    const r = await cli("advise", "/path/proto.json", "--help-me");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\(see: certpath advise --help\)\n$/);
    const e = await cli("exam", "report", "abc", "--nope");
    expect(e.stderr).toMatch(/\(see: certpath exam report --help\)\n$/);
  });

  it("ends the tour with the web app, which exists", async () => {
    const r = await cli("tour");
    expect(r.stdout).not.toMatch(/arrives with the server/);
    expect(r.stdout).toMatch(/certpath serve/);
  });
});
