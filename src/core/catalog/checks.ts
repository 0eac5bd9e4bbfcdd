/**
 * Checks of a catalog entry that a schema alone cannot express: weights that sum to 100, unique and
 * well-formed ids, dates in order, and references (sources, credentials, domains) that resolve.
 */
import { toDay } from "../calendar/dates.js";
import type { Certification, ExternalCredential, TopicMap } from "./schema.js";

export interface Problem {
  path: PropertyKey[];
  reason: string;
}

const WEIGHT_TOLERANCE = 1e-6;

/** Problems inside one certification entry. */
export function checkCertification(cert: Certification): Problem[] {
  const problems: Problem[] = [];
  const known = new Set<string>();
  cert.sources.forEach((s, i) => {
    if (known.has(s.key))
      problems.push({ path: ["sources", i, "key"], reason: `repeats source key "${s.key}"` });
    known.add(s.key);
  });
  const refs = (keys: readonly string[], path: PropertyKey[]) => {
    keys.forEach((k, i) => {
      if (!known.has(k))
        problems.push({
          path: [...path, i],
          reason: `names source "${k}", which is not in this file's sources`,
        });
    });
  };
  for (const f of ["level", "launched", "bestFor", "roles", "fee"] as const)
    refs(cert[f].sources, [f, "sources"]);
  for (const section of ["exam", "eligibility", "maintenance"] as const) {
    refs(cert[section].sources, [section, "sources"]);
    for (const [field, flag] of Object.entries(cert[section].flags))
      refs(flag.sources, [section, "flags", field, "sources"]);
  }

  // Outlines.
  const outlineIds = new Set<string>();
  cert.outlines.forEach((outline, oi) => {
    const at = (...rest: PropertyKey[]) => ["outlines", oi, ...rest];
    if (outlineIds.has(outline.id))
      problems.push({ path: at("id"), reason: `repeats outline id "${outline.id}"` });
    outlineIds.add(outline.id);
    refs(outline.sources, at("sources"));
    if (outline.effective && outline.retired && toDay(outline.retired) <= toDay(outline.effective)) {
      problems.push({ path: at("retired"), reason: `is not after the effective date ${outline.effective}` });
    }
    if (!outline.detailsCaptured) {
      if (outline.domains.length > 0) {
        problems.push({ path: at("domains"), reason: "lists domains although detailsCaptured is false" });
      }
      return;
    }
    if (outline.domains.length === 0) {
      problems.push({
        path: at("domains"),
        reason: "is empty; an outline with detailsCaptured needs its domains",
      });
      return;
    }
    const sum = outline.domains.reduce((s, d) => s + d.weight, 0);
    if (Math.abs(sum - 100) > WEIGHT_TOLERANCE) {
      problems.push({ path: at("domains"), reason: `weights sum to ${round(sum)}, not 100` });
    }
    const domainIds = new Set<string>();
    const subIds = new Set<string>();
    const taskIds = new Set<string>();
    outline.domains.forEach((domain, di) => {
      if (domainIds.has(domain.id))
        problems.push({ path: at("domains", di, "id"), reason: `repeats domain id "${domain.id}"` });
      domainIds.add(domain.id);
      domain.subdomains.forEach((sub, si) => {
        const sp = at("domains", di, "subdomains", si);
        if (!sub.id.startsWith(`${domain.id}.`)) {
          problems.push({
            path: [...sp, "id"],
            reason: `"${sub.id}" does not belong to domain ${domain.id}`,
          });
        }
        if (subIds.has(sub.id))
          problems.push({ path: [...sp, "id"], reason: `repeats subdomain id "${sub.id}"` });
        subIds.add(sub.id);
        sub.tasks.forEach((task, ti) => {
          const expected = `${cert.id}:${sub.id}.${ti + 1}`;
          if (task.id !== expected) {
            problems.push({
              path: [...sp, "tasks", ti, "id"],
              reason: `is "${task.id}"; task ${ti + 1} of ${sub.id} must be "${expected}"`,
            });
          }
          if (taskIds.has(task.id))
            problems.push({ path: [...sp, "tasks", ti, "id"], reason: `repeats task id "${task.id}"` });
          taskIds.add(task.id);
        });
      });
    });
  });
  const dated = cert.outlines
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => o.effective)
    .sort((a, b) => toDay(a.o.effective!) - toDay(b.o.effective!));
  for (let k = 1; k < dated.length; k++) {
    const prev = dated[k - 1]!.o;
    const cur = dated[k]!;
    if (prev.retired === null || toDay(prev.retired) > toDay(cur.o.effective!)) {
      problems.push({
        path: ["outlines", dated[k - 1]!.i, "retired"],
        reason: `must be set no later than ${cur.o.effective}, when outline "${cur.o.id}" takes effect`,
      });
    }
  }

  // Exam.
  const exam = cert.exam;
  if (exam.minItems > exam.maxItems)
    problems.push({ path: ["exam", "minItems"], reason: "is greater than maxItems" });
  if (exam.items !== exam.maxItems) problems.push({ path: ["exam", "items"], reason: "must equal maxItems" });
  if (
    exam.scoredItems !== null &&
    exam.pretestItems !== null &&
    exam.scoredItems + exam.pretestItems !== exam.maxItems
  ) {
    problems.push({ path: ["exam", "scoredItems"], reason: "plus pretestItems must equal maxItems" });
  }
  // The θ → scale map (scoring/scale.ts) needs whole points and a passing score strictly inside.
  for (const k of ["min", "max", "passing"] as const)
    if (!Number.isInteger(exam.scale[k]))
      problems.push({ path: ["exam", "scale", k], reason: `must be a whole number (got ${exam.scale[k]})` });
  if (!(exam.scale.min < exam.scale.passing && exam.scale.passing < exam.scale.max)) {
    problems.push({
      path: ["exam", "scale", "passing"],
      reason: "must lie strictly between the scale minimum and maximum",
    });
  }
  if ((exam.delivery === "adaptive") !== (exam.adaptive !== undefined)) {
    problems.push({ path: ["exam", "adaptive"], reason: "must be given exactly when delivery is adaptive" });
  }
  if (exam.delivery === "linear" && exam.minItems !== exam.maxItems) {
    problems.push({ path: ["exam", "minItems"], reason: "must equal maxItems for a linear exam" });
  }
  return problems;
}

/** Problems with references between entries: credentials named by eligibility rules, domains they name. */
export function checkCrossReferences(
  certs: readonly Certification[],
  credentials: readonly ExternalCredential[],
): { certId: string; problem: Problem }[] {
  const out: { certId: string; problem: Problem }[] = [];
  const credentialIds = new Set([...certs.map((c) => c.id), ...credentials.map((c) => c.id)]);
  for (const cert of certs) {
    const domainIds = new Set(cert.outlines.flatMap((o) => o.domains.map((d) => d.id)));
    cert.eligibility.paths.forEach((path, pi) => {
      path.requires.forEach((req, ri) => {
        req.anyOf.forEach((cid, k) => {
          if (!credentialIds.has(cid)) {
            out.push({
              certId: cert.id,
              problem: {
                path: ["eligibility", "paths", pi, "requires", ri, "anyOf", k],
                reason: `names unknown credential "${cid}"`,
              },
            });
          }
        });
      });
      path.waiver?.options.forEach((opt, oi) => {
        opt.credentials?.forEach((cid, k) => {
          if (!credentialIds.has(cid)) {
            out.push({
              certId: cert.id,
              problem: {
                path: ["eligibility", "paths", pi, "waiver", "options", oi, "credentials", k],
                reason: `names unknown credential "${cid}"`,
              },
            });
          }
        });
      });
      path.experience?.domainsOneOf?.forEach((d, k) => {
        if (!domainIds.has(d)) {
          out.push({
            certId: cert.id,
            problem: {
              path: ["eligibility", "paths", pi, "experience", "domainsOneOf", k],
              reason: `names unknown domain "${d}"`,
            },
          });
        }
      });
    });
  }
  return out;
}

/** Problems in the topic map: every covered element must exist in some outline of that certification. */
export function checkTopicMap(map: TopicMap, certs: readonly Certification[]): Problem[] {
  const problems: Problem[] = [];
  const elements = new Set<string>();
  for (const c of certs) {
    for (const o of c.outlines) {
      for (const d of o.domains) {
        elements.add(`${c.id}:${d.id}`);
        for (const s of d.subdomains) elements.add(`${c.id}:${s.id}`);
      }
    }
  }
  const ids = new Set<string>();
  map.topics.forEach((topic, ti) => {
    if (ids.has(topic.id))
      problems.push({ path: ["topics", ti, "id"], reason: `repeats topic id "${topic.id}"` });
    ids.add(topic.id);
    topic.covers.forEach((ref, ri) => {
      if (!elements.has(ref)) {
        problems.push({
          path: ["topics", ti, "covers", ri],
          reason: `"${ref}" is not a domain or subdomain of any catalog outline`,
        });
      }
    });
  });
  return problems;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
