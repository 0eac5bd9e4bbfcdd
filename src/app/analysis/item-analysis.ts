/**
 * Item analysis from the store, for the CLI (`certpath bank analysis`) and the server alike: the
 * finished attempts of an exam are read and replayed, each scored item graded against the version
 * the attempt delivered (from the bank, or from the store's record of item versions when the bank
 * has moved on), and analysed by the pure core (`src/core/analysis/`).
 *
 * Which attempts: finished ones only (not in progress, not discarded), and linear ones (exam and
 * tutor modes). Adaptive attempts are counted and left out: an adaptive test picks each item for the
 * candidate's ability, so its p-values sit near one half by design and its correlations with a
 * share-right score mean nothing; their data are for calibration.
 *
 * DIF groups are named two ways: two cohorts (the attempts at each cohort's assignments by its
 * current members) or a date (attempts finished before it against those finished on or after it,
 * which shows items that grew easier once they were out, at equal scores).
 */
import type { Kysely } from "kysely";
import { type AnalysisOptions, analyseItems, type ExamAnalysis } from "../../core/analysis/analyse.js";
import { type AttemptRecord, attemptRecord, mergeUnits, type UnitInfo } from "../../core/analysis/records.js";
import { replay } from "../../core/exam/attempt.js";
import { InputError } from "../../core/input-error.js";
import type { BankItem } from "../../core/items/item.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import type { CohortRepository } from "../../store/cohorts/cohort-repository.js";
import { itemVersions } from "../../store/items/item-versions.js";
import type { Database } from "../../store/schema.js";

export type { ExamAnalysis };

/** An attempt once read: its record, what it says of its units, and what was left out of it. */
interface ReadAttempt {
  record: AttemptRecord;
  units: Map<string, UnitInfo>;
  adaptive: boolean;
  unresolved: number;
}

export interface DifGroups {
  reference: { name: string; attempts: ReadonlySet<string> };
  focal: { name: string; attempts: ReadonlySet<string> };
  matching?: "total" | "rest";
}

export interface AnalysisRequest {
  exam: string;
  /** The exam's items by id (the bank as it is now; generated ids are regenerated). */
  items: ReadonlyMap<string, BankItem>;
  /** Only these attempts (a cohort's); every finished attempt of the exam when absent. */
  only?: ReadonlySet<string>;
  dif?: DifGroups;
  groups?: number;
  minResponses?: number;
}

/**
 * Reads finished attempts for item analysis. A finished attempt's log no longer changes what the
 * analysis reads, so each is read and replayed once per source (the server keeps one).
 */
export class AnalysisSource {
  private readonly read = new Map<string, ReadAttempt>();

  constructor(
    private readonly repo: AttemptRepository,
    /** The store's record of item versions (absent: only the bank's versions are known). */
    private readonly versions?: Kysely<Database>,
  ) {}

  async analyse(req: AnalysisRequest): Promise<ExamAnalysis> {
    const finished = (await this.repo.list()).filter(
      (a) => a.exam === req.exam && a.status === "finished" && (!req.only || req.only.has(a.id)),
    );
    await this.readMissing(
      finished.map((a) => a.id).filter((id) => !this.read.has(id)),
      req.items,
    );
    const units = new Map<string, UnitInfo>();
    const records: AttemptRecord[] = [];
    let adaptive = 0;
    let unknownVersions = 0;
    let inBothGroups = 0;
    for (const a of finished) {
      const r = this.read.get(a.id)!;
      if (r.adaptive) {
        adaptive++;
        continue;
      }
      unknownVersions += r.unresolved;
      mergeUnits(units, r.units);
      let group: AttemptRecord["group"];
      if (req.dif) {
        const inRef = req.dif.reference.attempts.has(a.id);
        const inFocal = req.dif.focal.attempts.has(a.id);
        if (inRef && inFocal) inBothGroups++;
        else if (inRef) group = "reference";
        else if (inFocal) group = "focal";
      }
      records.push(group ? { ...r.record, group } : r.record);
    }
    const options: AnalysisOptions = {
      groups: req.groups,
      minResponses: req.minResponses,
      dif: req.dif
        ? { reference: req.dif.reference.name, focal: req.dif.focal.name, matching: req.dif.matching }
        : undefined,
    };
    return {
      exam: req.exam,
      ...analyseItems(records, units, options),
      leftOut: { adaptive, unknownVersions, inBothGroups },
    };
  }

  /** Replays the attempts not read yet, finding each item at the version it delivered. */
  private async readMissing(ids: readonly string[], items: ReadonlyMap<string, BankItem>): Promise<void> {
    if (ids.length === 0) return;
    const states = [];
    for (const id of ids) states.push({ id, state: replay(await this.repo.steps(id, true)) });
    // Items whose delivered version the bank no longer holds: from the store's record, in one go.
    const wanted = new Map<string, { id: string; version: number }>();
    for (const { state } of states)
      for (const f of state.form) {
        const current = items.get(f.id);
        if (!current || (!current.generated && current.version !== f.version))
          wanted.set(`${f.id}@${f.version}`, { id: f.id, version: f.version });
      }
    const older = new Map<string, BankItem>();
    if (this.versions && wanted.size) {
      const list = [...wanted.values()];
      for (let i = 0; i < list.length; i += 200)
        for (const [key, item] of await itemVersions(this.versions, list.slice(i, i + 200)))
          older.set(key, item);
    }
    const itemAt = (id: string, version: number) => {
      const current = items.get(id);
      if (current && (current.generated || current.version === version)) return current;
      return older.get(`${id}@${version}`);
    };
    for (const { id, state } of states) {
      const units = new Map<string, UnitInfo>();
      const adaptive = state.behaviour.name === "adaptive";
      const { record, unresolved } = adaptive
        ? { record: { id, responses: [] }, unresolved: 0 }
        : attemptRecord(id, state, itemAt, units);
      this.read.set(id, { record, units, adaptive, unresolved });
    }
  }

  /** Finished attempts of the exam by when they finished, for grouping by date. */
  async finishedBefore(exam: string, at: number): Promise<{ before: Set<string>; after: Set<string> }> {
    const before = new Set<string>();
    const after = new Set<string>();
    for (const a of await this.repo.list()) {
      if (a.exam !== exam || a.status !== "finished" || a.finishedAt === null) continue;
      (a.finishedAt < at ? before : after).add(a.id);
    }
    return { before, after };
  }
}

/** The attempts at a cohort's assignments by its current members (what its instructor may see). */
export async function cohortAttempts(cohorts: CohortRepository, cohortId: string): Promise<Set<string>> {
  const members = new Set(
    (await cohorts.members(cohortId)).flatMap((m) => (m.userId === null ? [] : [m.userId])),
  );
  const out = new Set<string>();
  for (const a of await cohorts.assignmentsOf(cohortId))
    for (const t of await cohorts.attemptsOf(a.id))
      if (t.userId !== null && members.has(t.userId)) out.add(t.id);
  return out;
}

/** A date (YYYY-MM-DD) as the start of that day, UTC; InputError for anything else. */
export function dayStart(date: string, where: string): number {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(at)) throw new InputError(`${where} must be a date such as 2026-06-01, not "${date}"`);
  return at;
}

/** DIF groups by date: finished before the day against finished on it or after. */
export async function groupsByDate(
  source: AnalysisSource,
  exam: string,
  date: string,
  where: string,
): Promise<DifGroups> {
  const { before, after } = await source.finishedBefore(exam, dayStart(date, where));
  return {
    reference: { name: `finished before ${date}`, attempts: before },
    focal: { name: `finished from ${date}`, attempts: after },
  };
}
