/**
 * The item-analysis endpoints: an exam's items as its finished attempts show them (for authors,
 * instructors and administrators), and a cohort's, with DIF against another of the instructor's
 * cohorts. Item analysis names keys and distractors, so no candidate may call either.
 */
import { z } from "zod";
import type { ExamAnalysis } from "../analysis/analyse.js";
import { domainObject, recordParams } from "./common.js";
import { endpoint } from "./endpoint.js";

const ANALYSTS = ["admin", "instructor", "author"] as const;
const examId = z.string().min(1).max(64);

export const analysisResponse = z.object({
  analysis: domainObject<ExamAnalysis>("ExamAnalysis", "an item analysis of an exam's finished attempts"),
});
export type AnalysisResponse = z.output<typeof analysisResponse>;
export type { ExamAnalysis };

export const analysisEndpoints = {
  itemAnalysis: endpoint({
    method: "GET",
    url: "/api/analysis",
    summary:
      "Item analysis of an exam's finished linear attempts: p, point-biserial and corrected item–total r, distractors by quintile with flags, omissions, time, exposure; KR-20, SEM and score distribution by form; with `before`, Mantel–Haenszel DIF (ETS A/B/C) of attempts finished from that day against those before it; with `item`, that item's versions only (authors, instructors, admins)",
    auth: ANALYSTS,
    query: z.strictObject({
      exam: examId,
      item: z.string().min(1).max(100).optional(),
      before: z.iso.date().optional(),
    }),
    response: analysisResponse,
  }),
  cohortAnalysis: endpoint({
    method: "GET",
    url: "/api/cohorts/:id/analysis",
    summary:
      "Item analysis of the attempts at this cohort's assignments by its members; with `compare` (another of one's cohorts), of both, with Mantel–Haenszel DIF (ETS A/B/C) of that cohort (focal) against this one (reference)",
    auth: ["instructor"],
    accounts: true,
    params: recordParams,
    query: z.strictObject({ exam: examId, compare: z.string().min(1).max(64).optional() }),
    response: analysisResponse,
  }),
} as const;
