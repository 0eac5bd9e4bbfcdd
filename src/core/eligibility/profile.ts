/**
 * A candidate's profile: education, credentials held and work experience, as of a date.
 * Written by people (JSON or YAML), so the schema explains itself in its errors.
 */
import { z } from "zod";
import { isoDate, toDay } from "../calendar/dates.js";
import type { Catalog } from "../catalog/catalog.js";
import { credentialStatuses, educationLevels, jobFunctions, jobKinds } from "../catalog/schema.js";
import { InputError, type InputLocation } from "../input-error.js";

const credentialId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be a lowercase credential id such as cissp");

export const jobSchema = z
  .strictObject({
    title: z.string().trim().min(1).describe("Job title, for your own reference."),
    employer: z.string().optional(),
    kind: z.enum(jobKinds).describe("employment, contract, internship or volunteer."),
    function: z
      .enum(jobFunctions)
      .optional()
      .describe(
        "management, practitioner, audit, risk or other; ISACA counts management and audit years apart.",
      ),
    start: isoDate.describe("First day of the job, YYYY-MM-DD."),
    end: isoDate.nullable().describe("Last day of the job, YYYY-MM-DD, or null while it goes on."),
    hoursPerWeek: z.number().positive().max(168).describe("Hours worked in a typical week."),
    ai: z.boolean().optional().describe("True when the work involved AI systems."),
    domains: z
      .record(credentialId, z.array(z.string().regex(/^\d+$/, 'must be a domain number such as "3"')).min(1))
      .default({})
      .describe("Per certification id, the outline domain ids this job covered."),
  })
  .refine((job) => job.end === null || toDay(job.end) >= toDay(job.start), {
    message: "end must not be before start",
    path: ["end"],
  });

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    asOf: isoDate.optional().describe("The date to judge eligibility on; default today."),
    name: z.string().optional(),
    education: z
      .array(
        z.strictObject({
          level: z.enum(educationLevels),
          field: z.string().trim().min(1),
          completed: isoDate
            .nullable()
            .optional()
            .describe("Date the degree was awarded; null or absent if in progress."),
        }),
      )
      .default([]),
    credentials: z
      .array(
        z.strictObject({
          id: credentialId,
          status: z.enum(credentialStatuses),
          earned: isoDate.optional(),
        }),
      )
      .default([]),
    experience: z.array(jobSchema).default([]),
  })
  .describe("A certpath candidate profile: education, credentials and work experience.");

export type Profile = z.output<typeof profileSchema>;
export type Job = Profile["experience"][number];

/**
 * Checks the profile against the catalog: every domain a job names must exist in that
 * certification's outlines. Unknown certification ids in `domains` are errors too.
 */
export function checkProfileAgainstCatalog(
  profile: Profile,
  catalog: Catalog,
  location: InputLocation = {},
): void {
  profile.experience.forEach((job, i) => {
    for (const [certId, domains] of Object.entries(job.domains)) {
      const cert = catalog.certifications.find((c) => c.id === certId);
      const path = `experience[${i}].domains.${certId}`;
      if (!cert) {
        throw new InputError(
          `names certification "${certId}", which is not in the catalog (known: ${catalog.certifications.map((c) => c.id).join(", ")})`,
          { ...location, path },
        );
      }
      const known = new Set(cert.outlines.flatMap((o) => o.domains.map((d) => d.id)));
      const bad = domains.find((d) => !known.has(d));
      if (bad !== undefined) {
        throw new InputError(
          `names domain "${bad}", which no ${cert.abbreviation} outline has (domains: ${[...known].join(", ")})`,
          {
            ...location,
            path,
          },
        );
      }
    }
  });
}
