/**
 * Plain-English descriptions of catalog facts (fees, exam format, experience rules, maintenance),
 * shared by `catalog show`, the comparison and the advisor so every view says the same thing.
 */
import type { Certification, Fact, Money, StopRule } from "./schema.js";

export type Certainty = "unverified" | "secondary" | null;

/** How sure the catalog is of a fact or flagged field. */
export function certaintyOf(meta: { unverified?: unknown; secondary?: unknown } | undefined): Certainty {
  if (!meta) return null;
  if (meta.unverified) return "unverified";
  if (meta.secondary) return "secondary";
  return null;
}

/** "575 (members) / 760 (non-members) USD", "135 USD", or "unknown". */
export function describeMoney(money: Money | null): string {
  if (!money) return "unknown";
  const parts: string[] = [];
  if (money.standard !== undefined) parts.push(`US$${money.standard}`);
  if (money.member !== undefined) parts.push(`US$${money.member} members`);
  if (money.nonMember !== undefined) parts.push(`US$${money.nonMember} non-members`);
  return parts.join(", ") || "unknown";
}

export function describeFact<T>(
  fact: Fact<T>,
  show: (v: T) => string,
): { text: string; certainty: Certainty } {
  return { text: fact.value === null ? "unknown" : show(fact.value), certainty: certaintyOf(fact) };
}

export function describeExam(cert: Certification): string {
  const e = cert.exam;
  const length = e.minItems === e.maxItems ? `${e.items} items` : `${e.minItems}–${e.maxItems} items`;
  const m = e.durationMinutes;
  // "3 h", "2 h 30 min", "45 min": one style, whatever the length.
  const hours = m < 60 ? `${m} min` : m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
  const kind = e.delivery === "adaptive" ? "adaptive (CAT)" : "linear";
  const pretest = e.pretestItems ? `, ${e.pretestItems} unscored pretest` : "";
  return `${kind}, ${length} in ${hours}${pretest}; pass ${e.scale.passing} on ${e.scale.min}–${e.scale.max}`;
}

export function describePrerequisites(cert: Certification): string {
  const paths = cert.eligibility.paths.filter((p) => p.requires.length > 0);
  if (paths.length === 0) return "none";
  if (paths.length === cert.eligibility.paths.length) {
    return paths.map((p) => p.requires.map((r) => r.label).join(" and ")).join("; or ");
  }
  return `none required (${paths.map((p) => p.requires.map((r) => r.label).join(" and ")).join("; ")} shortens the experience)`;
}

export function describeExperience(cert: Certification): string {
  const parts: string[] = [];
  for (const p of cert.eligibility.paths) {
    const e = p.experience;
    if (!e) continue;
    let text = `${e.years} yr${e.years === 1 ? "" : "s"}`;
    if (e.minDomains > 1) text += ` in ${e.minDomains}+ domains`;
    if (e.domainsOneOf) text += ` incl. domain ${e.domainsOneOf.join(" or ")}`;
    if (e.part) text += ` (${e.part.years} in ${e.part.functions.join("/")}, ${e.part.minDomains}+ domains)`;
    if (e.windowYears) text += ` within ${e.windowYears} yrs`;
    if (p.requires.length)
      text += ` with ${p.requires.map((r) => r.anyOf.map((x) => x.toUpperCase()).join("/")).join(", ")}`;
    if (p.waiver) text += `; waiver up to ${p.waiver.maxYears} yr${p.waiver.maxYears === 1 ? "" : "s"}`;
    parts.push(text);
  }
  if (parts.length === 0) return "no separate experience requirement";
  const passFirst = cert.eligibility.passFirst;
  if (!passFirst) return parts.join("; or ");
  // A route already named for what it is ("Pass first, apply within five years") is not prefixed again.
  const route = /^pass first\b/i.test(passFirst.name)
    ? passFirst.name.charAt(0).toLowerCase() + passFirst.name.slice(1)
    : `pass first: ${passFirst.name}`;
  return `${parts.join("; or ")}; ${route} (${passFirst.years} yrs)`;
}

export function describeMaintenance(cert: Certification): string {
  const m = cert.maintenance;
  const parts: string[] = [];
  if (m.cpeTotal !== null) parts.push(`${m.cpeTotal} CPE / ${m.cycleYears} yrs`);
  if (m.annualMinimum !== null) parts.push(`min ${m.annualMinimum}/yr`);
  else if (m.annualSuggested !== null) parts.push(`${m.annualSuggested}/yr suggested`);
  if (m.topic) parts.push(`in ${m.topic}`);
  parts.push(`fee ${describeMoney(m.annualFee)}/yr`);
  return parts.join("; ");
}

/** One adaptive stopping rule in plain words. */
export function describeStopRule(rule: StopRule): string {
  if (rule.kind === "confidence-interval") {
    return `from item ${rule.fromItem}, ends when the ${Math.round(rule.level * 100)}% confidence interval is wholly above or below the passing standard`;
  }
  if (rule.kind === "maximum-length") {
    return `at item ${rule.atItem}, passes if the final estimate is at or above the standard`;
  }
  return `at time-out, fewer than ${rule.minAnswered} answers fail; otherwise passes only if the estimate stayed at or above the standard after each of the last ${rule.lastScored} scored items`;
}
