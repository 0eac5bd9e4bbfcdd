import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import type { Catalog } from "../catalog/catalog.js";
import { findCertification } from "../catalog/catalog.js";
import { type EligibilityStatus, evaluateEligibility } from "./evaluate.js";
import { type Job, type Profile, profileSchema } from "./profile.js";

let catalog: Catalog;
beforeAll(() => {
  catalog = loadCatalog();
});

const AS_OF = "2026-11-24";

function job(
  start: string,
  end: string | null,
  domains: Record<string, string[]>,
  extra: Partial<Job> = {},
): Job {
  return {
    title: extra.title ?? `job from ${start}`,
    kind: "employment",
    start,
    end,
    hoursPerWeek: 40,
    domains,
    ...extra,
  };
}

function profile(p: Partial<Profile>): Profile {
  return profileSchema.parse({ education: [], credentials: [], experience: [], ...p });
}

interface Case {
  name: string;
  cert: string;
  profile: Partial<Profile>;
  asOf?: string;
  status: EligibilityStatus;
  path?: string;
  total?: number;
  byDomain?: Record<string, number>;
  waiverYears?: number | null;
  eligibleOn?: string | null;
  missing?: RegExp[];
  notes?: RegExp[];
}

const CS = { level: "bachelor", field: "Computer Science", completed: "2012-06-01" } as const;

const cases: Case[] = [
  // ---- CISSP: five years in two or more domains, one-year waiver, Associate path.
  {
    name: "CISSP: exactly five calendar years in two domains is enough",
    cert: "cissp",
    profile: { experience: [job("2021-01-01", "2025-12-31", { cissp: ["1", "7"] })] },
    status: "eligible",
    path: "experience",
    total: 5,
    byDomain: { "1": 5, "7": 5 },
    waiverYears: null,
    eligibleOn: null,
  },
  {
    name: "CISSP: one day short of five years is not enough, and the Associate route is offered",
    cert: "cissp",
    profile: { experience: [job("2021-01-01", "2025-12-30", { cissp: ["1", "7"] })] },
    status: "associate-path",
    missing: [/1 more day of experience: you have 5\.00 of 5\.00 years/],
    eligibleOn: null,
  },
  {
    name: "CISSP: four years plus a computer-science degree is eligible with the waiver",
    cert: "cissp",
    profile: { education: [CS], experience: [job("2021-01-01", "2024-12-31", { cissp: ["3", "4"] })] },
    status: "eligible-with-waiver",
    total: 4,
    waiverYears: 1,
  },
  {
    name: "CISSP: a degree and an approved credential do not stack past one year",
    cert: "cissp",
    profile: {
      education: [CS],
      credentials: [{ id: "cisa", status: "active" }],
      experience: [job("2022-01-01", "2024-12-31", { cissp: ["3", "4"] })],
    },
    status: "associate-path",
    total: 3,
    missing: [
      /2\.00 more years of experience: you have 3\.00 of 5\.00 years \(4\.00 with the 1\.00-year waiver\)/,
    ],
  },
  {
    name: "CISSP: a degree in an unrelated field earns no waiver",
    cert: "cissp",
    profile: {
      education: [{ level: "bachelor", field: "History", completed: "2010-06-01" }],
      experience: [job("2021-01-01", "2024-12-31", { cissp: ["3", "4"] })],
    },
    status: "associate-path",
    missing: [/1\.00 more years/],
  },
  {
    name: "CISSP: a degree completed after the as-of date earns no waiver",
    cert: "cissp",
    profile: {
      education: [{ level: "master", field: "Information Security", completed: "2027-06-01" }],
      experience: [job("2021-01-01", "2024-12-31", { cissp: ["3", "4"] })],
    },
    status: "associate-path",
  },
  {
    name: "CISSP: overlapping full-time jobs count calendar time once",
    cert: "cissp",
    profile: {
      experience: [
        job("2020-01-01", "2024-12-31", { cissp: ["1"] }),
        job("2022-01-01", "2024-12-31", { cissp: ["7"] }),
      ],
    },
    status: "eligible",
    total: 5,
    byDomain: { "1": 5, "7": 3 },
  },
  {
    name: "CISSP: 20 hours a week for ten years counts as five years (1,040 hours = six months)",
    cert: "cissp",
    profile: { experience: [job("2015-01-01", "2024-12-31", { cissp: ["1", "2"] }, { hoursPerWeek: 20 })] },
    status: "eligible",
    total: 5,
    notes: [/part time \(20 hours a week\) and counts pro rata/],
  },
  {
    name: "CISSP: under 20 hours a week does not count",
    cert: "cissp",
    profile: { experience: [job("2010-01-01", "2024-12-31", { cissp: ["1", "2"] }, { hoursPerWeek: 15 })] },
    status: "associate-path",
    total: 0,
    notes: [/under 20 hours a week/],
  },
  {
    name: "CISSP: two part-time jobs at the same time add up to full time, never more",
    cert: "cissp",
    profile: {
      experience: [
        job("2020-01-01", "2024-12-31", { cissp: ["1"] }, { hoursPerWeek: 20 }),
        job("2020-01-01", "2024-12-31", { cissp: ["5"] }, { hoursPerWeek: 25 }),
      ],
    },
    status: "eligible",
    total: 5,
    byDomain: { "1": 2.5, "5": 3.13 },
  },
  {
    name: "CISSP: internships count, volunteer work does not",
    cert: "cissp",
    profile: {
      experience: [
        job("2019-01-01", "2019-12-31", { cissp: ["1"] }, { kind: "internship", title: "Intern" }),
        job("2020-01-01", "2023-12-31", { cissp: ["2"] }),
        job("2015-01-01", "2018-12-31", { cissp: ["3"] }, { kind: "volunteer", title: "Volunteer" }),
      ],
    },
    status: "eligible",
    total: 5,
    notes: [/"Volunteer" is volunteer work/],
  },
  {
    name: "CISSP: five years in a single domain is not enough",
    cert: "cissp",
    profile: { experience: [job("2015-01-01", "2024-12-31", { cissp: ["7"] })] },
    status: "associate-path",
    missing: [/experience in 1 more CISSP domain\(s\): this path needs 2 or more, you have 7/],
  },
  {
    name: "CISSP: an ongoing job gives the date of eligibility",
    cert: "cissp",
    profile: { experience: [job("2023-01-01", null, { cissp: ["1", "6"] })] },
    status: "associate-path",
    total: 3.9,
    eligibleOn: "2027-12-31",
  },
  {
    name: "CISSP: an ongoing job and a degree bring the date a year closer",
    cert: "cissp",
    profile: { education: [CS], experience: [job("2023-01-01", null, { cissp: ["1", "6"] })] },
    status: "associate-path",
    eligibleOn: "2026-12-31",
  },
  {
    name: "CISSP: eligibility on the projected date itself",
    cert: "cissp",
    asOf: "2027-12-31",
    profile: { experience: [job("2023-01-01", null, { cissp: ["1", "6"] })] },
    status: "eligible",
  },
  {
    name: "CISSP: a job that starts after the as-of date is not counted",
    cert: "cissp",
    profile: { experience: [job("2027-01-01", null, { cissp: ["1", "6"] })] },
    status: "associate-path",
    total: 0,
    notes: [/starts after the as-of date/],
  },
  {
    name: "CISSP: jobs that name no CISSP domains are pointed out",
    cert: "cissp",
    profile: { experience: [job("2010-01-01", null, { issmp: ["1", "3"] })] },
    status: "associate-path",
    missing: [/list them per job as "domains": \{ "cissp"/],
  },
  // ---- ISSMP: CISSP path (two years) or seven years.
  {
    name: "ISSMP: an active CISSP and two years in one domain",
    cert: "issmp",
    profile: {
      credentials: [{ id: "cissp", status: "active", earned: "2020-05-01" }],
      experience: [job("2024-06-01", "2026-05-31", { issmp: ["3"] })],
    },
    status: "eligible",
    path: "cissp-path",
    total: 2,
  },
  {
    name: "ISSMP: an expired CISSP does not open the two-year path",
    cert: "issmp",
    profile: {
      credentials: [{ id: "cissp", status: "expired" }],
      experience: [job("2022-01-01", "2025-12-31", { issmp: ["1", "3"] })],
    },
    status: "not-yet",
    path: "experience-path",
    missing: [/3\.00 more years/, /CISSP in good standing \(your CISSP is expired\)/],
  },
  {
    name: "ISSMP: a CISSP earned after the as-of date does not count",
    cert: "issmp",
    profile: {
      credentials: [{ id: "cissp", status: "active", earned: "2027-01-01" }],
      experience: [job("2022-01-01", "2025-12-31", { issmp: ["1"] })],
    },
    status: "not-yet",
  },
  {
    name: "ISSMP: seven years in two domains without a CISSP",
    cert: "issmp",
    profile: { experience: [job("2018-01-01", "2024-12-31", { issmp: ["1", "4"] })] },
    status: "eligible",
    path: "experience-path",
    total: 7,
  },
  {
    name: "ISSMP: six years in two domains and an IT degree, with the waiver",
    cert: "issmp",
    profile: {
      education: [{ level: "master", field: "Information Technology", completed: "2014-01-01" }],
      experience: [job("2019-01-01", "2024-12-31", { issmp: ["1", "4"] })],
    },
    status: "eligible-with-waiver",
    path: "experience-path",
    waiverYears: 1,
  },
  {
    name: "ISSMP: the waiver is one year even with a degree and a credential",
    cert: "issmp",
    profile: {
      education: [CS],
      credentials: [{ id: "cism", status: "active" }],
      experience: [job("2020-01-01", "2024-12-31", { issmp: ["1", "4"] })],
    },
    status: "not-yet",
    missing: [
      /2\.00 more years of experience: you have 5\.00 of 7\.00 years \(6\.00 with the 1\.00-year waiver\)/,
    ],
  },
  {
    name: "ISSMP: seven years in a single domain do not meet the non-CISSP path",
    cert: "issmp",
    profile: { experience: [job("2015-01-01", "2024-12-31", { issmp: ["2"] })] },
    status: "not-yet",
    missing: [/1 more ISSMP domain/],
  },
  // ---- AAISM: an active CISM or CISSP.
  {
    name: "AAISM: an active CISM is enough",
    cert: "aaism",
    profile: { credentials: [{ id: "cism", status: "active" }] },
    status: "eligible",
  },
  {
    name: "AAISM: a suspended CISM but an active CISSP is enough",
    cert: "aaism",
    profile: {
      credentials: [
        { id: "cism", status: "suspended" },
        { id: "cissp", status: "active" },
      ],
    },
    status: "eligible",
  },
  {
    name: "AAISM: an expired CISSP is a missing prerequisite, said plainly",
    cert: "aaism",
    profile: { credentials: [{ id: "cissp", status: "expired" }] },
    status: "prerequisite-missing",
    missing: [/your CISSP is expired/],
    eligibleOn: null,
  },
  {
    name: "AAISM: no credential at all",
    cert: "aaism",
    profile: { experience: [job("2010-01-01", null, { cissp: ["1", "2"] }, { ai: true })] },
    status: "prerequisite-missing",
  },
  // ---- AAIA: an active CISA or an accounting/audit designation.
  {
    name: "AAIA: an active CISA",
    cert: "aaia",
    profile: { credentials: [{ id: "cisa", status: "active" }] },
    status: "eligible",
  },
  {
    name: "AAIA: an active CIA",
    cert: "aaia",
    profile: { credentials: [{ id: "cia", status: "active" }] },
    status: "eligible",
  },
  {
    name: "AAIA: an expired CISA",
    cert: "aaia",
    profile: { credentials: [{ id: "cisa", status: "expired" }] },
    status: "prerequisite-missing",
    missing: [/your CISA is expired/],
  },
  // ---- CISM: five years, three of them in management across three domains, within ten years.
  {
    name: "CISM: five years with three in management over three domains",
    cert: "cism",
    profile: {
      experience: [
        job("2019-01-01", "2021-12-31", { cism: ["1", "2", "3"] }, { function: "management" }),
        job("2017-01-01", "2018-12-31", { cism: ["4"] }, { function: "practitioner" }),
      ],
    },
    status: "eligible",
    total: 5,
  },
  {
    name: "CISM: five practitioner years lack the management part; pass-first is offered",
    cert: "cism",
    profile: {
      experience: [
        job("2018-01-01", "2024-12-31", { cism: ["1", "2", "3", "4"] }, { function: "practitioner" }),
      ],
    },
    status: "associate-path",
    missing: [/management/],
  },
  {
    name: "CISM: experience older than ten years does not count",
    cert: "cism",
    profile: {
      experience: [job("2008-01-01", "2014-12-31", { cism: ["1", "2", "3"] }, { function: "management" })],
    },
    status: "associate-path",
    total: 0,
  },
  // ---- CRISC: three years in two domains, one of them 1 or 2.
  {
    name: "CRISC: three years in domains 3 and 4 lack domain 1 or 2",
    cert: "crisc",
    profile: { experience: [job("2021-01-01", "2024-12-31", { crisc: ["3", "4"] })] },
    status: "associate-path",
    missing: [/domain 1 or 2/],
  },
  {
    name: "CRISC: three years in domains 1 and 3",
    cert: "crisc",
    profile: { experience: [job("2022-01-01", "2024-12-31", { crisc: ["1", "3"] })] },
    status: "eligible",
  },
  // ---- CISA: waivers of up to three years that stack.
  {
    name: "CISA: two years plus a bachelor's and an infosec master's (three waived years)",
    cert: "cisa",
    profile: {
      education: [
        { level: "bachelor", field: "Accounting", completed: "2015-06-01" },
        { level: "master", field: "Information Security", completed: "2017-06-01" },
      ],
      experience: [job("2023-01-01", "2024-12-31", { cisa: ["1", "5"] })],
    },
    status: "eligible-with-waiver",
    waiverYears: 3,
  },
  {
    name: "CISA: one year plus the full waiver is still short",
    cert: "cisa",
    profile: {
      education: [
        { level: "bachelor", field: "Accounting", completed: "2015-06-01" },
        { level: "master", field: "Information Security", completed: "2017-06-01" },
      ],
      experience: [job("2024-01-01", "2024-12-31", { cisa: ["1"] })],
    },
    status: "associate-path",
  },
];

describe("eligibility", () => {
  it.each(cases)("$name", (c) => {
    const verdict = evaluateEligibility(
      findCertification(catalog, c.cert),
      profile(c.profile),
      c.asOf ?? AS_OF,
    );
    expect(verdict.status).toBe(c.status);
    if (c.path !== undefined) expect(verdict.path?.id).toBe(c.path);
    if (c.total !== undefined) expect(verdict.experience.total).toBeCloseTo(c.total, 2);
    if (c.byDomain !== undefined) expect(verdict.experience.byDomain).toEqual(c.byDomain);
    if (c.waiverYears !== undefined) expect(verdict.waiver?.years ?? null).toBe(c.waiverYears);
    if (c.eligibleOn !== undefined) expect(verdict.eligibleOn).toBe(c.eligibleOn);
    for (const m of c.missing ?? []) expect(verdict.missing.join("\n")).toMatch(m);
    for (const n of c.notes ?? []) expect(verdict.notes.join("\n")).toMatch(n);
    if (c.status === "eligible") expect(verdict.missing).toEqual([]);
    if (c.status === "associate-path") expect(verdict.passFirst).not.toBeNull();
    else expect(verdict.passFirst).toBeNull();
  });

  it("is reproducible: the verdict on the projected date is eligible for every ongoing-job profile", () => {
    for (const start of ["2022-02-28", "2023-03-01", "2024-02-29", "2025-07-15"]) {
      const p = profile({ experience: [job(start, null, { cissp: ["1", "2"] })] });
      const v = evaluateEligibility(findCertification(catalog, "cissp"), p, AS_OF);
      expect(v.eligibleOn).not.toBeNull();
      const on = evaluateEligibility(findCertification(catalog, "cissp"), p, v.eligibleOn!);
      expect(on.status).toBe("eligible");
      const dayBefore = new Date(Date.parse(`${v.eligibleOn}T00:00:00Z`) - 86_400_000)
        .toISOString()
        .slice(0, 10);
      expect(evaluateEligibility(findCertification(catalog, "cissp"), p, dayBefore).status).not.toBe(
        "eligible",
      );
    }
  });
});

describe("eligibility gaps: what is missing, as data", () => {
  const verdict = (cert: string, p: Partial<Profile>) =>
    evaluateEligibility(findCertification(catalog, cert), profile(p), AS_OF);

  it("has one gap per missing entry on every verdict, and none when eligible", () => {
    for (const c of cases) {
      const v = evaluateEligibility(findCertification(catalog, c.cert), profile(c.profile), c.asOf ?? AS_OF);
      expect(v.gaps.length, c.name).toBe(v.missing.length);
      for (const p of v.paths) expect(p.gaps.length, `${c.name}: ${p.id}`).toBe(p.missing.length);
      if (c.status === "eligible" || c.status === "eligible-with-waiver") expect(v.gaps).toEqual([]);
    }
  });

  it("says a job names none of the certification's domains, and why the part falls short (CISM)", () => {
    const v = verdict("cism", {
      experience: [job("2015-01-01", null, {}, { function: "management" })],
    });
    expect(v.gaps.map((g) => g.kind)).toEqual(["part", "no-domains"]);
    expect(v.gaps[1]).toEqual({ kind: "no-domains", certification: "cism" });
    expect(v.gaps[0]).toMatchObject({ kind: "part", years: 0, required: 3, shortYears: 3, domains: [] });
  });

  it("gives the experience shortfall in years, and in days when it is under sixty", () => {
    const years = verdict("cissp", {
      education: [CS],
      credentials: [{ id: "cisa", status: "active" }],
      experience: [job("2022-01-01", "2024-12-31", { cissp: ["3", "4"] })],
    });
    expect(years.gaps).toEqual([
      { kind: "experience", years: 3, required: 5, shortYears: 2, shortDays: null, waiverYears: 1 },
    ]);
    const days = verdict("cissp", { experience: [job("2021-01-01", "2025-12-30", { cissp: ["1", "7"] })] });
    expect(days.gaps).toMatchObject([{ kind: "experience", shortDays: 1, waiverYears: null }]);
  });

  it("names the domains counted when too few, and the domains one of which is required", () => {
    const cissp = verdict("cissp", { experience: [job("2010-01-01", null, { cissp: ["7"] })] });
    expect(cissp.gaps).toContainEqual({ kind: "domains", have: ["7"], minDomains: 2 });
    const crisc = verdict("crisc", { experience: [job("2021-01-01", "2024-12-31", { crisc: ["3", "4"] })] });
    expect(crisc.gaps).toContainEqual({ kind: "domain-one-of", domains: ["1", "2"] });
  });

  it("structures missing credentials: the one needed, held in the wrong status, and alternatives", () => {
    const aaia = verdict("aaia", { credentials: [{ id: "cisa", status: "expired" }] });
    expect(aaia.status).toBe("prerequisite-missing");
    expect(aaia.gaps).toHaveLength(1);
    const [oneOf] = aaia.gaps;
    expect(oneOf?.kind).toBe("credential-one-of");
    if (oneOf?.kind !== "credential-one-of") return;
    expect(oneOf.options).toContainEqual({
      kind: "credential",
      label: "an active CISA",
      held: { id: "cisa", status: "expired" },
    });
    expect(oneOf.options.length).toBe(2);
    const issmp = verdict("issmp", {
      credentials: [{ id: "cissp", status: "expired" }],
      experience: [job("2022-01-01", "2025-12-31", { issmp: ["1", "3"] })],
    });
    expect(issmp.gaps.find((g) => g.kind === "other-path")).toEqual({
      kind: "other-path",
      path: issmp.paths.find((p) => p.id === "cissp-path")!.label,
      credentials: [
        { kind: "credential", label: "a CISSP in good standing", held: { id: "cissp", status: "expired" } },
      ],
    });
  });
});
