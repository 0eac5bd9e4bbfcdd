/**
 * The eligibility engine: interprets a certification's declarative rules (paths, prerequisites,
 * experience, waivers, pass-first routes) against a profile, as of a date passed in.
 */
import { addYears, daysToYears, fromDay, requiredDays, toDay } from "../calendar/dates.js";
import type { Certification, EligibilityPath } from "../catalog/schema.js";
import { countedDays, jobSpan, type WorkSpan } from "./experience.js";
import type { Job, Profile } from "./profile.js";

export const eligibilityStatuses = [
  "eligible",
  "eligible-with-waiver",
  "associate-path",
  "prerequisite-missing",
  "not-yet",
] as const;
export type EligibilityStatus = (typeof eligibilityStatuses)[number];

export interface ExperienceCount {
  /** Counted experience in years (two decimals), over the jobs this path counts. */
  total: number;
  /** Counted years per outline domain id. */
  byDomain: Record<string, number>;
  /** Years the path requires before any waiver, or null when it requires none. */
  required: number | null;
  /** The part with its own conditions (CISM's management years), when the path has one. */
  part?: { label: string; years: number; required: number; domains: string[] };
}

export interface Waiver {
  years: number;
  reasons: string[];
}

/** A prerequisite credential a path needs and the profile lacks (or holds in the wrong status). */
export interface CredentialGap {
  kind: "credential";
  /** The catalog's wording, e.g. "an active CISA". */
  label: string;
  /** The matching credential the profile holds in the wrong status, if any. */
  held: { id: string; status: string } | null;
}

/**
 * One entry of `missing` as data, so an interface can word it its own way (`gaps[i]` describes
 * `missing[i]`). Years are unrounded; `shortDays` is set when the gap is under 60 days.
 */
export type Gap =
  | CredentialGap
  /** Every path needs a credential the profile lacks: any one of these would do. */
  | { kind: "credential-one-of"; options: CredentialGap[] }
  /** Another path, open once the profile holds these credentials. */
  | { kind: "other-path"; path: string; credentials: CredentialGap[] }
  /** No job names any of the certification's domains, so no experience counts toward it. */
  | { kind: "no-domains"; certification: string }
  | {
      kind: "experience";
      years: number;
      required: number;
      shortYears: number;
      shortDays: number | null;
      /** The waiver the profile earns when it does not close the gap. */
      waiverYears: number | null;
    }
  /** The part with its own conditions (CISM's management years). */
  | {
      kind: "part";
      label: string;
      years: number;
      required: number;
      /** 0 when the years are met and only domains are short. */
      shortYears: number;
      domains: string[];
      minDomains: number;
    }
  /** Too few distinct domains: `have` are the domains counted. */
  | { kind: "domains"; have: string[]; minDomains: number }
  /** Experience in one of these domains is required. */
  | { kind: "domain-one-of"; domains: string[] };

export interface PathResult {
  id: string;
  label: string;
  met: boolean;
  metWithWaiver: boolean;
  prerequisitesMet: boolean;
  /** Credentials this path needs and the profile lacks (or holds in the wrong status). */
  missingCredentials: string[];
  experience: ExperienceCount;
  waiver: Waiver | null;
  missing: string[];
  /** `missing` as data, entry for entry. */
  gaps: Gap[];
}

export interface Verdict {
  certification: string;
  status: EligibilityStatus;
  path: { id: string; label: string } | null;
  experience: ExperienceCount;
  waiver: Waiver | null;
  missing: string[];
  /** `missing` as data, entry for entry (gaps[i] describes missing[i]). */
  gaps: Gap[];
  /** The first day on which the candidate becomes eligible if ongoing jobs go on; null if not foreseeable. */
  eligibleOn: string | null;
  /** For associate-path: the route and how long it gives to gain the experience. */
  passFirst: { name: string; years: number; description: string } | null;
  notes: string[];
  paths: PathResult[];
}

/** How far ahead eligibleOn looks for a date on which an ongoing job closes the gap. */
const HORIZON_YEARS = 15;

/** Evaluates one certification for a profile on `asOf` (YYYY-MM-DD). */
export function evaluateEligibility(cert: Certification, profile: Profile, asOf: string): Verdict {
  const day = toDay(asOf);
  const results = cert.eligibility.paths.map((p) => evaluatePath(cert, p, profile, day));
  const notes = countingNotes(cert, profile, day);

  const met = results.find((r) => r.met);
  const metWithWaiver = results.find((r) => r.metWithWaiver);
  const withPrereqs = results.filter((r) => r.prerequisitesMet);
  let status: EligibilityStatus;
  let chosen: PathResult;
  if (met) {
    status = "eligible";
    chosen = met;
  } else if (metWithWaiver) {
    status = "eligible-with-waiver";
    chosen = metWithWaiver;
  } else if (withPrereqs.length === 0) {
    status = "prerequisite-missing";
    chosen = results[0]!;
  } else {
    status = cert.eligibility.passFirst ? "associate-path" : "not-yet";
    chosen = closest(withPrereqs);
  }

  let eligibleOn: string | null = null;
  if (status !== "eligible" && status !== "eligible-with-waiver") {
    eligibleOn = projectEligibleOn(cert, profile, day);
  }
  const passFirst = status === "associate-path" ? (cert.eligibility.passFirst ?? null) : null;
  let missing: string[];
  let gaps: Gap[];
  if (status === "prerequisite-missing") {
    const creds = unique(results.flatMap((r) => r.missingCredentials));
    const byText = credentialGaps(results);
    const credGaps = creds.map((c) => byText.get(c)!);
    missing = creds.length === 1 ? creds : [`one of: ${creds.join("; or ")}`];
    gaps = creds.length === 1 ? credGaps : [{ kind: "credential-one-of", options: credGaps }];
  } else {
    // The closest path's gaps, then what the other paths would need, so no route is hidden.
    const others = results.filter((r) => r !== chosen && r.missingCredentials.length > 0);
    missing = [
      ...chosen.missing,
      ...others.map((r) => `or, by the path "${r.label}": ${r.missingCredentials.join(" and ")}`),
    ];
    gaps = [
      ...chosen.gaps,
      ...others.map(
        (r): Gap => ({
          kind: "other-path",
          path: r.label,
          credentials: r.missingCredentials.map((c) => credentialGaps([r]).get(c)!),
        }),
      ),
    ];
  }

  return {
    certification: cert.id,
    status,
    path: { id: chosen.id, label: chosen.label },
    experience: chosen.experience,
    waiver:
      status === "eligible"
        ? null
        : chosen.waiver && status === "eligible-with-waiver"
          ? chosen.waiver
          : null,
    missing: status === "eligible" || status === "eligible-with-waiver" ? [] : missing,
    gaps: status === "eligible" || status === "eligible-with-waiver" ? [] : gaps,
    eligibleOn,
    passFirst: passFirst ? { ...passFirst } : null,
    notes,
    paths: results,
  };
}

/** Each missing credential's text, with its structured gap. */
function credentialGaps(results: PathResult[]): Map<string, CredentialGap> {
  const by = new Map<string, CredentialGap>();
  for (const r of results)
    r.missing.forEach((m, k) => {
      const g = r.gaps[k];
      if (g?.kind === "credential" && !by.has(m)) by.set(m, g);
    });
  return by;
}

/** The path with the smallest share of its experience requirement still missing. */
function closest(results: PathResult[]): PathResult {
  const gap = (r: PathResult) => {
    const req = r.experience.required;
    if (req === null || req === 0) return r.missing.length;
    return Math.max(0, req - (r.waiver?.years ?? 0) - r.experience.total) / req + r.missing.length * 1e-3;
  };
  return [...results].sort((a, b) => gap(a) - gap(b))[0]!;
}

function evaluatePath(cert: Certification, path: EligibilityPath, profile: Profile, day: number): PathResult {
  const missing: string[] = [];
  const gaps: Gap[] = [];
  const missingCredentials: string[] = [];
  let prerequisitesMet = true;
  for (const req of path.requires) {
    const held = profile.credentials.filter(
      (c) => req.anyOf.includes(c.id) && (!c.earned || toDay(c.earned) <= day),
    );
    if (held.some((c) => c.status === req.status)) continue;
    prerequisitesMet = false;
    const wrong = held[0];
    const need = wrong ? `${req.label} (your ${wrong.id.toUpperCase()} is ${wrong.status})` : req.label;
    missing.push(need);
    gaps.push({
      kind: "credential",
      label: req.label,
      held: wrong ? { id: wrong.id, status: wrong.status } : null,
    });
    missingCredentials.push(need);
  }

  const waiver = availableWaiver(path, profile, day);
  const experience = countExperience(cert, path, profile, day);
  let expMet = true;
  let expMetWithWaiver = true;
  const exp = path.experience;
  if (exp) {
    const domains = Object.keys(experience.byDomain).filter((d) => (experience.byDomain[d] ?? 0) > 0);
    const totalDays = experienceDays(cert, path, profile, day);
    const need = requiredDays(exp.years);
    const needWithWaiver = requiredDays(exp.years - (waiver?.years ?? 0));
    const domainsOk = domains.length >= exp.minDomains;
    const oneOfOk = !exp.domainsOneOf || exp.domainsOneOf.some((d) => domains.includes(d));
    let partOk = true;
    if (exp.part && experience.part) {
      const partDays = partExperienceDays(cert, path, profile, day);
      partOk =
        partDays >= requiredDays(exp.part.years) && experience.part.domains.length >= exp.part.minDomains;
      if (!partOk) {
        const short = Math.max(0, exp.part.years - experience.part.years);
        const parts: string[] = [];
        if (partDays < requiredDays(exp.part.years)) parts.push(`${fmt(short)} more years`);
        if (experience.part.domains.length < exp.part.minDomains) {
          parts.push(`${exp.part.minDomains - experience.part.domains.length} more domain(s)`);
        }
        missing.push(
          `${exp.part.label}: ${parts.join(" and ")} (you have ${fmt(experience.part.years)} years in ${experience.part.domains.length} domain(s))`,
        );
        gaps.push({
          kind: "part",
          label: exp.part.label,
          years: experience.part.years,
          required: exp.part.years,
          shortYears: partDays < requiredDays(exp.part.years) ? short : 0,
          domains: experience.part.domains,
          minDomains: exp.part.minDomains,
        });
      }
    }
    expMet = totalDays >= need && domainsOk && oneOfOk && partOk;
    expMetWithWaiver = totalDays >= needWithWaiver && domainsOk && oneOfOk && partOk;
    if (!jobsNamingCert(cert, profile).length) {
      missing.push(
        `experience that names ${cert.abbreviation} domains: list them per job as "domains": { "${cert.id}": ["1", "3"] }`,
      );
      gaps.push({ kind: "no-domains", certification: cert.id });
    } else if (totalDays < need) {
      const have = experience.total;
      const waived =
        waiver && totalDays >= needWithWaiver
          ? ""
          : waiver
            ? ` (${fmt(exp.years - waiver.years)} with the ${fmt(waiver.years)}-year waiver)`
            : "";
      const shortDays = Math.ceil(need - totalDays);
      const short =
        shortDays < 60
          ? `${shortDays} more day${shortDays === 1 ? "" : "s"}`
          : `${fmt(Math.max(0, exp.years - have))} more years`;
      missing.push(`${short} of experience: you have ${fmt(have)} of ${fmt(exp.years)} years${waived}`);
      gaps.push({
        kind: "experience",
        years: have,
        required: exp.years,
        shortYears: Math.max(0, exp.years - have),
        shortDays: shortDays < 60 ? shortDays : null,
        waiverYears: waiver && totalDays < needWithWaiver ? waiver.years : null,
      });
    }
    if (!domainsOk && jobsNamingCert(cert, profile).length > 0) {
      missing.push(
        `experience in ${exp.minDomains - domains.length} more ${cert.abbreviation} domain(s): this path needs ${exp.minDomains} or more, you have ${domains.length ? domains.join(", ") : "none"}`,
      );
      gaps.push({ kind: "domains", have: domains, minDomains: exp.minDomains });
    }
    if (!oneOfOk) {
      missing.push(`experience in ${cert.abbreviation} domain ${exp.domainsOneOf!.join(" or ")}`);
      gaps.push({ kind: "domain-one-of", domains: [...exp.domainsOneOf!] });
    }
  }
  return {
    id: path.id,
    label: path.label,
    met: prerequisitesMet && expMet,
    metWithWaiver: prerequisitesMet && !expMet && expMetWithWaiver && waiver !== null,
    prerequisitesMet,
    missingCredentials,
    experience,
    waiver,
    missing,
    gaps,
  };
}

function jobsNamingCert(cert: Certification, profile: Profile): Job[] {
  return profile.experience.filter((j) => (j.domains[cert.id]?.length ?? 0) > 0);
}

function countedJobs(
  cert: Certification,
  path: EligibilityPath,
  profile: Profile,
  functions?: readonly string[],
): Job[] {
  const kinds = cert.eligibility.counting.kinds;
  if (!path.experience) return [];
  return jobsNamingCert(cert, profile).filter(
    (j) =>
      kinds.includes(j.kind) && (!functions || (j.function !== undefined && functions.includes(j.function))),
  );
}

function windowStart(path: EligibilityPath, day: number): number {
  const years = path.experience?.windowYears;
  return years ? toDay(addYears(fromDay(day), -years)) + 1 : Number.NEGATIVE_INFINITY;
}

function spans(jobs: readonly Job[], from: number, to: number): WorkSpan[] {
  return jobs.map((j) => jobSpan(j, from, to)).filter((s): s is WorkSpan => s !== null);
}

function experienceDays(cert: Certification, path: EligibilityPath, profile: Profile, day: number): number {
  const jobs = countedJobs(cert, path, profile, path.experience?.functions);
  return countedDays(spans(jobs, windowStart(path, day), day), cert.eligibility.counting);
}

function partExperienceDays(
  cert: Certification,
  path: EligibilityPath,
  profile: Profile,
  day: number,
): number {
  const part = path.experience?.part;
  if (!part) return 0;
  const jobs = countedJobs(cert, path, profile, part.functions);
  return countedDays(spans(jobs, windowStart(path, day), day), cert.eligibility.counting);
}

function countExperience(
  cert: Certification,
  path: EligibilityPath,
  profile: Profile,
  day: number,
): ExperienceCount {
  const exp = path.experience;
  if (!exp) return { total: 0, byDomain: {}, required: null };
  const from = windowStart(path, day);
  const counting = cert.eligibility.counting;
  const jobs = countedJobs(cert, path, profile, exp.functions);
  const total = countedDays(spans(jobs, from, day), counting);
  const domainIds = [...new Set(jobs.flatMap((j) => j.domains[cert.id] ?? []))].sort(byNumber);
  const byDomain: Record<string, number> = {};
  for (const d of domainIds) {
    const days = countedDays(
      spans(
        jobs.filter((j) => j.domains[cert.id]?.includes(d)),
        from,
        day,
      ),
      counting,
    );
    if (days > 0) byDomain[d] = daysToYears(days);
  }
  const result: ExperienceCount = { total: daysToYears(total), byDomain, required: exp.years };
  if (exp.part) {
    const partJobs = countedJobs(cert, path, profile, exp.part.functions);
    const partSpans = spans(partJobs, from, day);
    const partDomains = [
      ...new Set(
        partJobs.filter((j) => jobSpan(j, from, day) !== null).flatMap((j) => j.domains[cert.id] ?? []),
      ),
    ].sort(byNumber);
    result.part = {
      label: exp.part.label,
      years: daysToYears(countedDays(partSpans, counting)),
      required: exp.part.years,
      domains: partDomains,
    };
  }
  return result;
}

/** The waiver the profile earns on a path: the best option, or the sum when options stack, capped. */
function availableWaiver(path: EligibilityPath, profile: Profile, day: number): Waiver | null {
  const rule = path.waiver;
  if (!rule) return null;
  const earned: { years: number; reason: string }[] = [];
  for (const option of rule.options) {
    let ok = false;
    let detail = "";
    if (option.education) {
      const edu = profile.education.find(
        (e) =>
          option.education!.levels.includes(e.level) &&
          e.completed &&
          toDay(e.completed) <= day &&
          (!option.education!.fields ||
            option.education!.fields.some((f) => e.field.toLowerCase().includes(f.toLowerCase()))),
      );
      if (edu) {
        ok = true;
        detail = `your ${edu.level}'s degree in ${edu.field}`;
      }
    }
    if (!ok && option.credentials) {
      const cred = profile.credentials.find(
        (c) =>
          option.credentials!.includes(c.id) &&
          c.status !== "suspended" &&
          (!c.earned || toDay(c.earned) <= day),
      );
      if (cred) {
        ok = true;
        detail = `your ${cred.id.toUpperCase()}`;
      }
    }
    if (ok) earned.push({ years: option.years, reason: `${option.label} (${detail})` });
  }
  if (earned.length === 0) return null;
  if (rule.stack) {
    const years = Math.min(
      rule.maxYears,
      earned.reduce((s, e) => s + e.years, 0),
    );
    return { years, reasons: earned.map((e) => e.reason) };
  }
  const best = [...earned].sort((a, b) => b.years - a.years)[0]!;
  return { years: Math.min(rule.maxYears, best.years), reasons: [best.reason] };
}

/**
 * The first day on which the candidate meets some path (with or without waiver) if every ongoing
 * job goes on as it is. Only paths whose prerequisites are met can be closed by time.
 */
function projectEligibleOn(cert: Certification, profile: Profile, day: number): string | null {
  const ongoing = profile.experience.some(
    (j) => (j.end === null || toDay(j.end) > day) && toDay(j.start) <= day + 1,
  );
  if (!ongoing) return null;
  // Ongoing jobs run on; jobs with an end date after asOf run to that date.
  const meets = (d: number) =>
    cert.eligibility.paths.some((p) => {
      const r = evaluatePath(cert, p, profile, d);
      return r.met || r.metWithWaiver;
    });
  const limit = day + Math.round(HORIZON_YEARS * 365.25);
  const step = 30;
  let lo = day;
  for (let d = day + step; d <= limit + step; d += step) {
    const probe = Math.min(d, limit);
    if (meets(probe)) {
      // Refine to the first qualifying day in (lo, probe].
      let a = lo;
      let b = probe;
      while (b - a > 1) {
        const mid = Math.floor((a + b) / 2);
        if (meets(mid)) b = mid;
        else a = mid;
      }
      return fromDay(b);
    }
    lo = probe;
    if (probe === limit) break;
  }
  return null;
}

function countingNotes(cert: Certification, profile: Profile, day: number): string[] {
  const notes: string[] = [];
  const counting = cert.eligibility.counting;
  for (const job of jobsNamingCert(cert, profile)) {
    if (toDay(job.start) > day) {
      notes.push(`"${job.title}" starts after the as-of date and is not counted yet.`);
    } else if (!counting.kinds.includes(job.kind)) {
      notes.push(
        `"${job.title}" is ${job.kind} work, which ${cert.issuer} does not count toward ${cert.abbreviation} experience.`,
      );
    } else if (job.hoursPerWeek < counting.partTimeMinHours) {
      notes.push(
        `"${job.title}" is under ${counting.partTimeMinHours} hours a week, which does not count on its own (it counts only while other work at the same time brings the week to ${counting.partTimeMinHours} hours).`,
      );
    } else if (job.hoursPerWeek < counting.fullTimeHours) {
      notes.push(
        `"${job.title}" is part time (${job.hoursPerWeek} hours a week) and counts pro rata: ${counting.partTimeHoursPerYear.toLocaleString("en-US")} hours make one year.`,
      );
    }
  }
  return notes;
}

function byNumber(a: string, b: string): number {
  return Number(a) - Number(b);
}

function fmt(years: number): string {
  return (Math.round(years * 100) / 100).toFixed(2);
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
