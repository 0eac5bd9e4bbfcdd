/** `certpath study plan`: weeks to the exam date, weak domains weighed in, an iCalendar file, bad flags refused. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json } from "./run-cli.js";

interface PlanJson {
  exam: string;
  basis: string;
  daysLeft: number;
  simulations: number;
  weeks: { week: number; start: string; end: string; focus: { domain: string; hours: number }[] }[];
}

/** Fifteen ISSMP domain 3 items, every one answered wrongly, in the store `db`. */
const answerDomain3Wrongly = (db: string) =>
  cli("exam", "simulate", "issmp", "--domain", "3", "--items", "15", "--policy", "wrong", "--db", db);

describe("certpath study plan", () => {
  const dir = mkdtempSync(join(tmpdir(), "certpath-plan-"));
  const saved = process.env.CERTPATH_TODAY;
  beforeAll(() => {
    process.env.CERTPATH_TODAY = "2026-12-03";
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CERTPATH_TODAY;
    else process.env.CERTPATH_TODAY = saved;
  });
  const plan = (db: string, ...more: string[]) =>
    cli(
      "study",
      "plan",
      "--exam",
      "issmp",
      "--date",
      "2027-02-25",
      "--hours-per-week",
      "6",
      "--db",
      db,
      ...more,
    );

  it("plans by weight alone before any answer, and writes an iCalendar file", async () => {
    const ics = join(dir, "plan.ics");
    const r = await plan(join(dir, "empty.db"), "--ics", ics, "--json");
    expect(r.code, r.stderr).toBe(0);
    const p = json<PlanJson>(r);
    expect(p.daysLeft).toBe(84);
    expect(p.weeks[0]!.start).toBe("2026-12-03");
    expect(p.weeks.at(-1)!.end).toBe("2027-02-24");
    expect(p.basis).toMatch(/no answers yet/);
    expect(p.simulations).toBeGreaterThanOrEqual(4);
    const text = readFileSync(ics, "utf8");
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text.match(/BEGIN:VEVENT/g)!.length).toBe(p.weeks.length + p.simulations + 1);
  });

  it("gives a domain answered wrongly more of the week than it had", async () => {
    const db = join(dir, "weak.db");
    const before = json<PlanJson>(await plan(db, "--json"));
    expect((await answerDomain3Wrongly(db)).code).toBe(0);
    const after = json<PlanJson>(await plan(db, "--json"));
    expect(after.basis).toMatch(/your weakness in each domain/);
    const share = (p: PlanJson, d: string) => {
      const week = p.weeks[1]!;
      const total = week.focus.reduce((s, f) => s + f.hours, 0);
      return week.focus.find((f) => f.domain === d)!.hours / total;
    };
    // Weakness near 1 against the 0.5 assumed without answers: about 1.5 times the weight, so a
    // larger share of the week.
    expect(share(after, "3")).toBeGreaterThan(share(before, "3") * 1.25);
    expect(after.weeks[1]!.focus[0]!.domain).toBe("3");
  });

  it("refuses a missing or malformed date, impossible hours and an unwritable file, each in one sentence", async () => {
    let r = await cli("study", "plan", "--exam", "issmp", "--db", join(dir, "e.db"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs --date YYYY-MM-DD/);
    r = await cli("study", "plan", "--exam", "issmp", "--date", "25/02/2027", "--db", join(dir, "e.db"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--date must be a date as YYYY-MM-DD, not "25\/02\/2027"/);
    r = await plan(join(dir, "e.db"), "--hours-per-week", "0");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--hours-per-week must be a number above 0 and at most 80/);
    r = await plan(join(dir, "e.db"), "--ics", join(dir, "no", "such", "dir", "p.ics"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/p\.ics.*cannot write the calendar file/);
  });

  it("saves a goal that the plan then follows, and flags still win over it", async () => {
    const db = join(dir, "goal.db");
    let r = await cli("study", "goal", "--db", db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Goal: none saved/);
    r = await cli(
      "study",
      "goal",
      "--exam",
      "cissp",
      "--date",
      "2027-01-28",
      "--hours-per-week",
      "12",
      "--db",
      db,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Goal: CISSP on 2027-01-28, 12 h a week/);
    const p = json<PlanJson & { hoursPerWeek?: number }>(await cli("study", "plan", "--db", db, "--json"));
    expect(p.exam).toBe("cissp");
    expect(p.daysLeft).toBe(56);
    // A later date only: the exam and hours stay.
    r = await cli("study", "goal", "--date", "2027-02-11", "--db", db, "--json");
    expect(JSON.parse(r.stdout).goal).toEqual({ exam: "cissp", examDate: "2027-02-11", hoursPerWeek: 12 });
    // Another exam on the command line borrows nothing from the CISSP goal.
    r = await cli("study", "plan", "--exam", "issmp", "--db", db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs --date/);
    const other = json<PlanJson>(await cli("study", "plan", "--date", "2027-01-07", "--db", db, "--json"));
    expect(other.daysLeft).toBe(35);
    // An eligibility profile file is saved beside the goal; --clear removes both.
    const file = join(dir, "profile.json");
    writeFileSync(file, JSON.stringify({ credentials: [{ id: "cism", status: "active" }], experience: [] }));
    r = await cli("study", "goal", "--eligibility", file, "--db", db, "--json");
    const saved = JSON.parse(r.stdout);
    expect(saved.eligibility.credentials).toEqual([{ id: "cism", status: "active" }]);
    expect(saved.goal.exam).toBe("cissp");
    r = await cli("study", "goal", "--clear", "--db", db, "--json");
    expect(JSON.parse(r.stdout)).toMatchObject({ goal: null, eligibility: null });
  });

  it("refuses a past or far date, an unknown exam and a bad profile file, and saves nothing", async () => {
    const db = join(dir, "refuse.db");
    const show = async () => JSON.parse((await cli("study", "goal", "--db", db, "--json")).stdout);
    let r = await cli("study", "goal", "--exam", "issmp", "--date", "2026-11-30", "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/at goal\.examDate: the exam date 2026-11-30 is past \(today is 2026-12-03\)/);
    r = await cli("study", "goal", "--exam", "issmp", "--date", "2029-12-30", "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/more than two years after today/);
    r = await cli("study", "goal", "--exam", "nope", "--date", "2027-01-01", "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/at goal\.exam: unknown certification "nope"/);
    r = await cli("study", "plan", "--exam", "issmp", "--date", "2030-01-01", "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/more than two years after today/);
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        experience: [
          {
            title: "x",
            kind: "employment",
            start: "2020-01-01",
            end: null,
            hoursPerWeek: 40,
            domains: { issmp: ["9"] },
          },
        ],
      }),
    );
    r = await cli("study", "goal", "--eligibility", bad, "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.json.*domain "9"/);
    r = await cli("study", "goal", "--clear", "--exam", "issmp", "--db", db);
    expect(r.code).toBe(2);
    expect(await show()).toMatchObject({ goal: null, eligibility: null, updatedAt: null });
  });

  it("assembles a weak-area practice that leans on the domain answered wrongly", async () => {
    const db = join(dir, "weak-practice.db");
    const counts = async () => {
      const r = await cli("exam", "assemble", "issmp", "--weak", "--db", db, "--json");
      expect(r.code, r.stderr).toBe(0);
      const form = json<{ items: unknown[]; counts: Record<string, number> }>(r);
      expect(form.items).toHaveLength(20);
      return form.counts;
    };
    const before = await counts();
    expect((await answerDomain3Wrongly(db)).code).toBe(0);
    const after = await counts();
    expect(after["3"]!).toBeGreaterThan(before["3"]!);
    expect(after["3"]!).toBe(Math.max(...Object.values(after)));
  });
});
