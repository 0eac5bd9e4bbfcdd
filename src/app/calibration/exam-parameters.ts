/**
 * Which item parameters an attempt is scored with: the exam's parameter version current when the
 * attempt started (recorded on the attempt), or the authors' priors when there was none. Versions
 * never change once written, so each is read once per process and kept.
 */
import type { Kysely } from "kysely";
import { parameterMap } from "../../core/irt/calibration/parameter-version.js";
import type { ItemParameters } from "../../core/irt/models.js";
import type { ReportContext } from "../../core/scoring/report.js";
import { ParameterRepository } from "../../store/parameters/parameter-repository.js";
import type { Database } from "../../store/schema.js";

/** A version's parameters by item id, and its id (null: the authors' priors, no map). */
export interface AttemptParameters {
  version: number | null;
  parameters?: ReadonlyMap<string, ItemParameters>;
}

export const PRIORS: AttemptParameters = { version: null };

/** What the score report needs of them: the parameters and the version its note names. */
export function reportParameters(
  p: AttemptParameters,
): Pick<ReportContext, "parameters" | "parameterVersion"> {
  return p.parameters && p.version !== null ? { parameters: p.parameters, parameterVersion: p.version } : {};
}

export class ExamParameters {
  private readonly repo: ParameterRepository;
  private readonly versions = new Map<number, Promise<ReadonlyMap<string, ItemParameters>>>();

  constructor(db: Kysely<Database>) {
    this.repo = new ParameterRepository(db);
  }

  /** The version a new attempt at the exam starts with (read from the store each time: another process may have written one). */
  async current(exam: string): Promise<AttemptParameters> {
    return this.of(await this.latest(exam));
  }

  /** The id of the exam's newest version, or null. */
  async latest(exam: string): Promise<number | null> {
    return (await this.repo.latestId(exam)) ?? null;
  }

  /** The parameters of a version (null: the authors' priors). */
  async of(version: number | null): Promise<AttemptParameters> {
    if (version === null) return PRIORS;
    let p = this.versions.get(version);
    if (!p) {
      p = this.repo.get(version).then((v) => {
        if (!v) throw new Error(`parameter version ${version} is not in the store`);
        return parameterMap(v);
      });
      p.catch(() => this.versions.delete(version));
      this.versions.set(version, p);
    }
    return { version, parameters: await p };
  }
}
