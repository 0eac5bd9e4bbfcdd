/**
 * The certification catalog: what each certification is, its exam outlines (versioned), exam format,
 * eligibility rules (as data the eligibility engine interprets) and maintenance rules.
 * One YAML file per certification under content/catalog/ follows this schema.
 */
import { z } from "zod";
import { isoDate } from "../calendar/dates.js";

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a lowercase id (letters, digits, dashes)");
const sourceKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "must be a source key such as ISC2-POLICY");
const text = z.string().trim().min(1, "must not be empty");

/** Where a fact comes from and how sure we are of it. Shown to users next to the fact. */
export const provenance = {
  sources: z.array(sourceKey).default([]),
  /** Set when the reference could not confirm the fact; a string says why. */
  unverified: z.union([z.literal(true), text]).optional(),
  /** Set when only non-issuer sources (prep vendors, blogs) confirm the fact. */
  secondary: z.literal(true).optional(),
  note: text.optional(),
};

/** A single attributed fact. */
export function fact<T extends z.ZodType>(value: T) {
  return z.strictObject({ value, ...provenance });
}

/** Flags for plain fields of a section: `flags: { durationMinutes: { secondary: true, sources: [...] } }`. */
const fieldFlags = z.record(z.string(), z.strictObject(provenance)).default({});

export const sourceSchema = z.strictObject({
  key: sourceKey,
  title: text,
  url: z.string().url().optional(),
  publisher: text,
  kind: z.enum(["official", "secondary", "seed"]),
  /** When the source was published, as precisely as known (YYYY, YYYY-MM or YYYY-MM-DD). */
  published: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .optional(),
  /** When certpath last checked the fact against this source. */
  checked: isoDate,
});

export const taskSchema = z.strictObject({ id: z.string(), text });

export const subdomainSchema = z.strictObject({
  id: z.string().regex(/^\d+\.(\d+|[A-Z])$/, 'must look like "1.1" or "1.A"'),
  name: text,
  unverified: z.union([z.literal(true), text]).optional(),
  tasks: z.array(taskSchema).default([]),
});

export const domainSchema = z.strictObject({
  id: z.string().regex(/^\d+$/, 'must be a domain number such as "1"'),
  name: text,
  weight: z.number().positive().max(100),
  weightUnverified: z.union([z.literal(true), text]).optional(),
  subdomains: z.array(subdomainSchema).default([]),
});

export const outlineSchema = z.strictObject({
  id: text,
  label: text,
  /** First day the outline is examined; null when unknown. */
  effective: isoDate.nullable(),
  effectiveUnverified: z.union([z.literal(true), text]).optional(),
  /** First day it is no longer examined; null while in force. */
  retired: isoDate.nullable().default(null),
  /** False for an outline that has been announced but whose content the catalog does not hold yet. */
  detailsCaptured: z.boolean().default(true),
  note: text.optional(),
  sources: z.array(sourceKey).default([]),
  domains: z.array(domainSchema).default([]),
});

const stopRule = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("confidence-interval"),
    /** The rule applies from this item (counting pretest items) on. */
    fromItem: z.number().int().positive(),
    level: z.number().gt(0).lt(1),
  }),
  z.strictObject({
    kind: z.literal("maximum-length"),
    atItem: z.number().int().positive(),
    pass: z.literal("final-estimate-at-or-above-cut"),
  }),
  z.strictObject({
    kind: z.literal("time-out"),
    minAnswered: z.number().int().positive(),
    lastScored: z.number().int().positive(),
    pass: z.literal("estimate-at-or-above-cut-after-each-of-last-scored"),
  }),
]);

export const examSchema = z.strictObject({
  delivery: z.enum(["linear", "adaptive"]),
  /** Items on the form; for an adaptive exam, the most a candidate can see. */
  items: z.number().int().positive(),
  /** Items that count; null when the issuer does not publish the split. */
  scoredItems: z.number().int().positive().nullable(),
  /** Unscored pretest items; null when not published (certpath then delivers none). */
  pretestItems: z.number().int().nonnegative().nullable(),
  minItems: z.number().int().positive(),
  maxItems: z.number().int().positive(),
  durationMinutes: z.number().int().positive(),
  itemTypes: z.array(text).min(1),
  scale: z.strictObject({ min: z.number(), max: z.number(), passing: z.number() }),
  languages: z.array(text).nullable(),
  provider: text.nullable(),
  retakePolicy: text.nullable(),
  adaptive: z
    .strictObject({
      start: text,
      review: z.boolean(),
      /** Pretest items are placed within the first N positions. */
      pretestWithinFirst: z.number().int().positive().optional(),
      stopRules: z.array(stopRule).min(1),
      breaksCountAgainstClock: z.boolean(),
    })
    .optional(),
  flags: fieldFlags,
  sources: z.array(sourceKey).default([]),
});

export const educationLevels = ["secondary", "associate", "bachelor", "master", "doctorate"] as const;
export const jobFunctions = ["management", "practitioner", "audit", "risk", "other"] as const;
export const jobKinds = ["employment", "contract", "internship", "volunteer"] as const;
export const credentialStatuses = ["active", "expired", "suspended"] as const;

/** How an issuer turns jobs into counted experience. */
export const countingSchema = z.strictObject({
  /** Hours a week from which a job counts as full time. */
  fullTimeHours: z.number().positive(),
  /** Hours a week below which a job does not count at all (0: every hour counts). */
  partTimeMinHours: z.number().nonnegative(),
  /** Hours that make one year of part-time experience (ISC2: 2,080). */
  partTimeHoursPerYear: z.number().positive(),
  /** Kinds of work that count. */
  kinds: z.array(z.enum(jobKinds)).min(1),
  note: text.optional(),
});

const credentialRequirement = z.strictObject({
  /** Any one of these credentials satisfies the requirement. */
  anyOf: z.array(id).min(1),
  status: z.enum(credentialStatuses).default("active"),
  label: text,
});

const experienceRequirement = z.strictObject({
  years: z.number().positive(),
  /** Experience must span at least this many domains of the outline (union over jobs). */
  minDomains: z.number().int().positive().default(1),
  /** At least one of these domains must be among those covered. */
  domainsOneOf: z.array(z.string()).optional(),
  /** Only jobs with these functions count (default: all). */
  functions: z.array(z.enum(jobFunctions)).optional(),
  /** Only experience within this many years before the as-of date counts. */
  windowYears: z.number().positive().optional(),
  /** A part of the experience with its own conditions (CISM: three of the five years in management). */
  part: z
    .strictObject({
      years: z.number().positive(),
      minDomains: z.number().int().positive().default(1),
      functions: z.array(z.enum(jobFunctions)).min(1),
      label: text,
    })
    .optional(),
});

const waiverOption = z.strictObject({
  id,
  label: text,
  years: z.number().positive(),
  education: z
    .strictObject({
      levels: z.array(z.enum(educationLevels)).min(1),
      /** Field keywords; the degree's field must contain one. Absent: any field. */
      fields: z.array(text).optional(),
    })
    .optional(),
  /** Credentials (any status but suspended) that earn the waiver. */
  credentials: z.array(id).optional(),
});

export const eligibilityPathSchema = z.strictObject({
  id,
  label: text,
  requires: z.array(credentialRequirement).default([]),
  experience: experienceRequirement.optional(),
  waiver: z
    .strictObject({
      maxYears: z.number().positive(),
      /** Whether several options add up (ISACA CISA) or only the best one counts (ISC2). */
      stack: z.boolean(),
      options: z.array(waiverOption).min(1),
    })
    .optional(),
});

export const eligibilitySchema = z.strictObject({
  summary: text,
  counting: countingSchema,
  paths: z.array(eligibilityPathSchema).min(1),
  /** A way to pass the exam first and meet the experience afterwards. */
  passFirst: z
    .strictObject({
      name: text,
      /** Years after passing to meet the requirement. */
      years: z.number().positive(),
      description: text,
    })
    .optional(),
  endorsement: text.optional(),
  applicationFeeUsd: z.number().nonnegative().optional(),
  notes: z.array(text).default([]),
  flags: fieldFlags,
  sources: z.array(sourceKey).default([]),
});

const money = z.strictObject({
  currency: z.literal("USD"),
  standard: z.number().nonnegative().optional(),
  member: z.number().nonnegative().optional(),
  nonMember: z.number().nonnegative().optional(),
});

export const maintenanceSchema = z.strictObject({
  cycleYears: z.number().int().positive(),
  cpeTotal: z.number().int().nonnegative().nullable(),
  annualMinimum: z.number().int().nonnegative().nullable(),
  annualSuggested: z.number().int().nonnegative().nullable(),
  categories: z
    .array(z.strictObject({ id, name: text, minPerCycle: z.number().int().nonnegative() }))
    .default([]),
  topic: text.optional(),
  annualFee: money.nullable(),
  notes: z.array(text).default([]),
  flags: fieldFlags,
  sources: z.array(sourceKey).default([]),
});

export const focusAreas = ["management", "technical", "ai", "audit", "risk", "cloud", "governance"] as const;

export const certificationSchema = z.strictObject({
  id,
  abbreviation: text,
  name: text,
  issuer: z.enum(["ISC2", "ISACA"]),
  summary: text,
  focus: z.array(z.enum(focusAreas)).min(1),
  level: fact(text),
  launched: fact(
    z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
      .nullable(),
  ),
  bestFor: fact(text),
  roles: fact(z.array(text)),
  fee: fact(money.nullable()),
  outlines: z.array(outlineSchema).min(1),
  exam: examSchema,
  eligibility: eligibilitySchema,
  maintenance: maintenanceSchema,
  notes: z.array(text).default([]),
  sources: z.array(sourceSchema).min(1),
});

export type Source = z.output<typeof sourceSchema>;
export type Task = z.output<typeof taskSchema>;
export type Subdomain = z.output<typeof subdomainSchema>;
export type Domain = z.output<typeof domainSchema>;
export type Outline = z.output<typeof outlineSchema>;
export type Exam = z.output<typeof examSchema>;
export type StopRule = z.output<typeof stopRule>;
export type Counting = z.output<typeof countingSchema>;
export type EligibilityPath = z.output<typeof eligibilityPathSchema>;
export type EligibilityRules = z.output<typeof eligibilitySchema>;
export type Maintenance = z.output<typeof maintenanceSchema>;
export type Money = z.output<typeof money>;
export type Certification = z.output<typeof certificationSchema>;
export type FocusArea = (typeof focusAreas)[number];
export type Fact<T> = {
  value: T;
  sources: string[];
  unverified?: true | string;
  secondary?: true;
  note?: string;
};

/** External credentials that eligibility rules may name (CIA, CPA…), so every reference resolves. */
export const credentialListSchema = z.strictObject({
  credentials: z.array(z.strictObject({ id, name: text, issuer: text, note: text.optional() })).min(1),
});
export type ExternalCredential = z.output<typeof credentialListSchema>["credentials"][number];

/** Authored map of topics shared between outlines, for the comparison's overlap view. */
export const topicMapSchema = z.strictObject({
  topics: z
    .array(
      z.strictObject({
        id,
        name: text,
        description: text,
        /** Outline elements: "cissp:7.10" (subdomain), "cism:4" (domain), "issmp:5.1". */
        covers: z
          .array(
            z.string().regex(/^[a-z0-9-]+:\d+(\.(\d+|[A-Z]))?$/, 'must look like "cissp:7.10" or "cism:4"'),
          )
          .min(2),
      }),
    )
    .min(1),
});
export type TopicMap = z.output<typeof topicMapSchema>;
