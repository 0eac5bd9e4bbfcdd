import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import type { Catalog } from "../catalog/catalog.js";
import { type Job, type Profile, profileSchema } from "../eligibility/profile.js";
import { advise, inferGoal } from "./advise.js";

let catalog: Catalog;
beforeAll(() => {
  catalog = loadCatalog();
});

const AS_OF = "2026-11-24";
const job = (p: Partial<Job>): Job => ({
  title: "job",
  kind: "employment",
  start: "2016-01-01",
  end: null,
  hoursPerWeek: 40,
  domains: {
    cissp: ["1", "7"],
    issmp: ["1", "3"],
    cism: ["1", "2", "3"],
    crisc: ["1", "3"],
    cisa: ["1", "5"],
  },
  ...p,
});
const profile = (p: Partial<Profile>): Profile => profileSchema.parse({ ...p });
const order = (p: Profile, goal?: Parameters<typeof advise>[3]) =>
  advise(catalog, p, AS_OF, goal).recommendations.map((r) => r.certification);

describe("advise", () => {
  it("puts the CISSP first for a candidate with no goal and no credential", () => {
    expect(order(profile({ experience: [job({})] }))[0]).toBe("cissp");
  });

  it("puts the CISSP first for a technical goal", () => {
    expect(order(profile({ experience: [job({ function: "practitioner" })] }), "technical")[0]).toBe("cissp");
  });

  it("points a management goal at CISM and ISSMP, right after the CISSP for someone without it", () => {
    const o = order(profile({ experience: [job({ function: "management" })] }), "management");
    expect(o[0]).toBe("cissp");
    expect(o.slice(1, 3).sort()).toEqual(["cism", "issmp"]);
  });

  it("puts CISM and ISSMP first for a CISSP holder with a management goal, and skips held credentials", () => {
    const a = advise(
      catalog,
      profile({
        credentials: [{ id: "cissp", status: "active" }],
        experience: [job({ function: "management" })],
      }),
      AS_OF,
      "management",
    );
    expect(a.held).toEqual(["cissp"]);
    expect(a.recommendations.map((r) => r.certification)).not.toContain("cissp");
    expect(
      a.recommendations
        .slice(0, 2)
        .map((r) => r.certification)
        .sort(),
    ).toEqual(["cism", "issmp"]);
    const issmp = a.recommendations.find((r) => r.certification === "issmp")!;
    expect(issmp.reasons.join(" ")).toMatch(/shorter path/);
  });

  it("recommends the AAISM first only on an active CISM or CISSP with AI work", () => {
    const withBase = profile({
      credentials: [{ id: "cism", status: "active" }],
      experience: [job({ ai: true })],
    });
    expect(order(withBase, "ai")[0]).toBe("aaism");

    const noBase = advise(catalog, profile({ experience: [job({ ai: true })] }), AS_OF, "ai");
    expect(noBase.recommendations[0]!.certification).toBe("cissp");
    const aaism = noBase.recommendations.find((r) => r.certification === "aaism")!;
    expect(aaism.blockers.join(" ")).toMatch(/active CISM or CISSP/);

    const noAi = advise(
      catalog,
      profile({ credentials: [{ id: "cissp", status: "active" }], experience: [job({})] }),
      AS_OF,
      "ai",
    );
    expect(noAi.recommendations[0]!.certification).not.toBe("aaism");
    expect(noAi.recommendations.find((r) => r.certification === "aaism")!.blockers.join(" ")).toMatch(
      /Premature/,
    );

    const expired = advise(
      catalog,
      profile({ credentials: [{ id: "cissp", status: "expired" }], experience: [job({ ai: true })] }),
      AS_OF,
      "ai",
    );
    expect(expired.recommendations.find((r) => r.certification === "aaism")!.eligibility.status).toBe(
      "prerequisite-missing",
    );
    expect(expired.recommendations[0]!.certification).not.toBe("aaism");
  });

  it("points an audit goal at the CISA, and a risk goal at the CRISC", () => {
    expect(
      order(
        profile({
          credentials: [{ id: "cissp", status: "active" }],
          experience: [job({ function: "audit" })],
        }),
        "audit",
      )[0],
    ).toBe("cisa");
    expect(
      order(
        profile({
          credentials: [{ id: "cissp", status: "active" }],
          experience: [job({ function: "risk" })],
        }),
        "risk",
      )[0],
    ).toBe("crisc");
  });

  it("infers the goal from the most recent job when none is given", () => {
    const p = profile({
      experience: [
        job({ function: "practitioner", start: "2015-01-01", end: "2020-12-31" }),
        job({ function: "audit", start: "2021-01-01" }),
      ],
    });
    expect(inferGoal(p, AS_OF)).toBe("audit");
    const a = advise(catalog, p, AS_OF);
    expect(a.goal).toBe("audit");
    expect(a.goalInferred).toBe(true);
  });

  it("gives every recommendation a reason or a blocker and ranks them 1..n", () => {
    const a = advise(catalog, profile({ experience: [job({})] }), AS_OF);
    a.recommendations.forEach((r, i) => {
      expect(r.rank).toBe(i + 1);
      expect(r.reasons.length + r.blockers.length).toBeGreaterThan(0);
    });
  });
});
