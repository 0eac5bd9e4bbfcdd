/** The study profile's checks: what a goal and an eligibility profile must be to be saved. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import type { Catalog } from "../catalog/catalog.js";
import { InputError } from "../input-error.js";
import {
  applyStudyProfilePatch,
  checkStudyProfilePatch,
  emptyStudyProfile,
  studyProfilePatchSchema,
} from "./profile.js";

let catalog: Catalog;
beforeAll(() => {
  catalog = loadCatalog();
});

const TODAY = "2026-12-03";
const goal = (examDate: string, exam = "cissp") => ({ exam, examDate, hoursPerWeek: 8 });
const refusal = (patch: unknown): string => {
  try {
    checkStudyProfilePatch(studyProfilePatchSchema.parse(patch), catalog, TODAY);
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  return "accepted";
};

describe("study profile", () => {
  it("accepts a goal from today to two years ahead, and refuses one outside it, naming the field", () => {
    expect(refusal({ goal: goal(TODAY) })).toBe("accepted");
    expect(refusal({ goal: goal("2028-12-03") })).toBe("accepted");
    expect(refusal({ goal: goal("2026-12-02") })).toMatch(
      /^at goal\.examDate: the exam date 2026-12-02 is past/,
    );
    expect(refusal({ goal: goal("2028-12-05") })).toMatch(/^at goal\.examDate: .*more than two years/);
    expect(refusal({ goal: goal("2027-01-01", "cisspp") })).toMatch(
      /^at goal\.exam: unknown certification "cisspp"/,
    );
  });

  it("refuses hours and fields the schema does not allow", () => {
    const bad = [
      { goal: { ...goal("2027-01-01"), hoursPerWeek: 0 } },
      { goal: { ...goal("2027-01-01"), hoursPerWeek: 81 } },
      { goal: { ...goal("2027-01-01"), extra: 1 } },
      { goal: { exam: "CISSP", examDate: "2027-01-01", hoursPerWeek: 5 } },
      { goal: { ...goal("2027-02-30") } },
      { theta: 1 },
    ];
    for (const p of bad) expect(studyProfilePatchSchema.safeParse(p).success, JSON.stringify(p)).toBe(false);
  });

  it("names the eligibility profile's bad domain by its path inside the profile", () => {
    const eligibility = {
      experience: [
        {
          title: "Manager",
          kind: "employment",
          start: "2020-01-01",
          end: null,
          hoursPerWeek: 40,
          domains: { issmp: ["1", "9"] },
        },
      ],
    };
    expect(refusal({ eligibility })).toMatch(
      /^at eligibility\.experience\[0\]\.domains\.issmp: names domain "9"/,
    );
  });

  it("keeps the part a patch leaves out, and clears the part it sets to null", () => {
    const first = applyStudyProfilePatch(emptyStudyProfile, { goal: goal("2027-01-01") }, 10);
    const eligibility = studyProfilePatchSchema.parse({ eligibility: { experience: [] } }).eligibility!;
    const second = applyStudyProfilePatch(first, { eligibility }, 20);
    expect(second).toEqual({ goal: goal("2027-01-01"), eligibility, updatedAt: 20 });
    expect(applyStudyProfilePatch(second, { goal: null }, 30)).toEqual({
      goal: null,
      eligibility,
      updatedAt: 30,
    });
  });
});
