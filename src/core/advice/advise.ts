/**
 * The advisor: which certification to pursue next, with the reasons. It follows the guidance of
 * the comparison articles in the reference (CISSP first for nearly everyone; AAISM only on top of an
 * active CISM or CISSP and when the work involves AI; management goals point at CISM and ISSMP,
 * technical ones at CISSP) as explicit, scored rules so every ranking can be explained.
 */
import { toDay } from "../calendar/dates.js";
import { type Catalog, credentialName } from "../catalog/catalog.js";
import type { Certification } from "../catalog/schema.js";
import { evaluateEligibility, type Verdict } from "../eligibility/evaluate.js";
import type { Profile } from "../eligibility/profile.js";

export const goals = ["management", "technical", "ai", "audit", "risk"] as const;
export type Goal = (typeof goals)[number];

export interface Recommendation {
  certification: string;
  abbreviation: string;
  rank: number;
  score: number;
  reasons: string[];
  blockers: string[];
  eligibility: Verdict;
}

export interface Advice {
  asOf: string;
  goal: Goal | null;
  goalInferred: boolean;
  held: string[];
  recommendations: Recommendation[];
}

/** Certifications each goal points at, with the weight of that pointer. */
const GOAL_FIT: Record<Goal, Record<string, number>> = {
  management: { cism: 40, issmp: 40, crisc: 10 },
  technical: { cissp: 35, ccsp: 25 },
  ai: { aaism: 45, aaia: 35 },
  audit: { cisa: 45, aaia: 30, crisc: 10 },
  risk: { crisc: 45, cism: 20 },
};

const ELIGIBILITY_WEIGHT: Record<Verdict["status"], number> = {
  eligible: 15,
  "eligible-with-waiver": 12,
  "associate-path": 4,
  "not-yet": -10,
  "prerequisite-missing": -45,
};

/** The goal a profile suggests when none is given: the function of the most recent jobs. */
export function inferGoal(profile: Profile, asOf: string): Goal | null {
  const day = toDay(asOf);
  const recent = profile.experience
    .filter((j) => toDay(j.start) <= day && (j.end === null || toDay(j.end) >= day - 5 * 366))
    .sort((a, b) => toDay(b.start) - toDay(a.start));
  const fn = recent.find((j) => j.function)?.function;
  if (fn === "management") return "management";
  if (fn === "audit") return "audit";
  if (fn === "risk") return "risk";
  if (fn === "practitioner") return "technical";
  return null;
}

function holdsActive(profile: Profile, ids: readonly string[], day: number): string | undefined {
  return profile.credentials.find(
    (c) => ids.includes(c.id) && c.status === "active" && (!c.earned || toDay(c.earned) <= day),
  )?.id;
}

export function advise(catalog: Catalog, profile: Profile, asOf: string, goal?: Goal): Advice {
  const day = toDay(asOf);
  const chosenGoal = goal ?? inferGoal(profile, asOf);
  const held = catalog.certifications.filter((c) => holdsActive(profile, [c.id], day)).map((c) => c.id);
  const aiWork = profile.experience.some((j) => j.ai && toDay(j.start) <= day);

  const recs = catalog.certifications
    .filter((c) => !held.includes(c.id))
    .map((cert) => score(catalog, cert, profile, asOf, chosenGoal, aiWork, day));
  recs.sort((a, b) => b.score - a.score);
  recs.forEach((r, i) => {
    r.rank = i + 1;
  });
  return {
    asOf,
    goal: chosenGoal,
    goalInferred: goal === undefined && chosenGoal !== null,
    held,
    recommendations: recs,
  };
}

function score(
  catalog: Catalog,
  cert: Certification,
  profile: Profile,
  asOf: string,
  goal: Goal | null,
  aiWork: boolean,
  day: number,
): Recommendation {
  const reasons: string[] = [];
  const blockers: string[] = [];
  let points = 0;
  const verdict = evaluateEligibility(cert, profile, asOf);

  if (cert.id === "cissp") {
    points += 50;
    reasons.push(
      "The foundational senior security credential: it comes first for nearly every candidate and is the base the specialties assume.",
    );
  }
  if (goal) {
    const fit = GOAL_FIT[goal][cert.id] ?? 0;
    if (fit > 0) {
      points += fit;
      reasons.push(`Fits your ${goal} goal: ${cert.bestFor.value}`);
    } else if (cert.id !== "cissp") {
      points -= 10;
    }
  }

  // Specialties layered on a foundation credential.
  if (cert.id === "aaism") {
    const base = holdsActive(profile, ["cism", "cissp"], day);
    if (!base) {
      points -= 30;
      blockers.push(
        "Needs an active CISM or CISSP first: the AAISM is an add-on to a security-management foundation.",
      );
    } else if (!aiWork) {
      points -= 60;
      blockers.push("Premature: none of your work involves AI systems yet; the AAISM pays off once it does.");
    } else {
      points += 20;
      reasons.push(`Builds on your active ${credentialName(catalog, base)} and your work with AI systems.`);
    }
  }
  if (cert.id === "aaia") {
    const base = holdsActive(
      profile,
      ["cisa", "cia", "us-cpa", "acca", "canadian-cpa", "cpa-australia", "japanese-cpa"],
      day,
    );
    if (!base) {
      points -= 30;
      blockers.push("Needs an active CISA (or a listed audit or accounting designation) first.");
    } else if (!aiWork) {
      points -= 20;
      blockers.push("Premature until your audit work covers AI systems.");
    } else {
      points += 20;
      reasons.push(`Builds on your active ${credentialName(catalog, base)} and your work with AI systems.`);
    }
  }
  if (cert.id === "issmp" && holdsActive(profile, ["cissp"], day)) {
    points += 15;
    reasons.push("Your active CISSP opens the ISSMP's shorter path: two years in one or more ISSMP domains.");
  }
  if (cert.id === "ccsp" && holdsActive(profile, ["cissp"], day)) {
    points += 5;
    reasons.push("An active CISSP satisfies the CCSP's whole experience requirement.");
  }

  points += ELIGIBILITY_WEIGHT[verdict.status];
  switch (verdict.status) {
    case "eligible":
      reasons.push("You meet the experience requirement today.");
      break;
    case "eligible-with-waiver":
      reasons.push(`You meet the requirement with the waiver (${verdict.waiver?.reasons.join("; ")}).`);
      break;
    case "associate-path":
      reasons.push(
        `You can sit the exam now and earn the experience afterwards (${verdict.passFirst?.name}: ${verdict.passFirst?.years} years to meet the requirement).`,
      );
      break;
    case "not-yet":
      blockers.push(
        `Not eligible yet: ${verdict.missing[0] ?? "experience missing"}${verdict.eligibleOn ? ` (eligible on ${verdict.eligibleOn} if your current job goes on)` : ""}.`,
      );
      break;
    case "prerequisite-missing":
      if (!blockers.length) blockers.push(`Needs ${verdict.missing.join("; ")}.`);
      break;
  }
  return {
    certification: cert.id,
    abbreviation: cert.abbreviation,
    rank: 0,
    score: points,
    reasons,
    blockers,
    eligibility: verdict,
  };
}
