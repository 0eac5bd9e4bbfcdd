/** The eligibility form's state, to and from a candidate profile (the one the CLI's profile file holds). */
import type { endpoints, ResponseOf } from "../api.js";
import type { Held } from "./held-credentials.js";

export interface Job {
  /** A key for the page's list only. */
  key: string;
  title: string;
  kind: string;
  function: string;
  start: string;
  end: string;
  hoursPerWeek: number;
  ai: boolean;
  domains: Record<string, string[]>;
}

export type SavedProfile = NonNullable<ResponseOf<typeof endpoints.studyProfile>["eligibility"]>;

export const emptyJob = (): Job => ({
  key: crypto.randomUUID(),
  title: "",
  kind: "employment",
  function: "management",
  start: "",
  end: "",
  hoursPerWeek: 40,
  ai: false,
  domains: {},
});

/** The form's state from a saved or imported profile. */
export function fromProfile(p: SavedProfile) {
  const first = p.education[0];
  return {
    jobs: p.experience.length
      ? p.experience.map((j) => ({
          key: crypto.randomUUID(),
          title: j.title,
          kind: j.kind,
          function: j.function ?? "other",
          start: j.start,
          end: j.end ?? "",
          hoursPerWeek: j.hoursPerWeek,
          ai: j.ai ?? false,
          domains: j.domains,
        }))
      : [emptyJob()],
    level: first?.level ?? "",
    field: first?.field ?? "",
    completed: first?.completed ?? "",
    moreEducation: p.education.slice(1),
    held: p.credentials.map((c) => ({ id: c.id, status: c.status, earned: c.earned ?? "" })),
    asOf: p.asOf,
  };
}

/** The profile the form describes: jobs with a title and a start, the degree given, credentials held. */
export function toProfile(f: {
  asOf: string | undefined;
  level: string;
  field: string;
  completed: string;
  moreEducation: SavedProfile["education"];
  held: Held[];
  jobs: Job[];
}) {
  return {
    ...(f.asOf ? { asOf: f.asOf } : {}),
    education: [
      ...(f.level
        ? [{ level: f.level, field: f.field || "unspecified", completed: f.completed || null }]
        : []),
      ...f.moreEducation,
    ],
    credentials: f.held.map((c) => ({
      id: c.id,
      status: c.status,
      ...(c.earned ? { earned: c.earned } : {}),
    })),
    experience: f.jobs
      .filter((j) => j.title && j.start)
      .map((j) => ({
        title: j.title,
        kind: j.kind,
        function: j.function,
        start: j.start,
        end: j.end || null,
        hoursPerWeek: j.hoursPerWeek,
        ...(j.ai ? { ai: true } : {}),
        domains: j.domains,
      })),
  };
}
