/**
 * Parameter versions in the store: each calibration of an exam (`certpath calibrate --exam`) is
 * written once, with its items, in one transaction, and never changed. Attempts name the version
 * current when they started (`attempts.parameter_version`), so they keep it when a newer one comes.
 */
import type { Kysely, Selectable } from "kysely";
import type { ItemFit } from "../../core/irt/calibration/calibrate.js";
import type {
  NewParameterVersion,
  ParameterVersion,
  VersionItem,
} from "../../core/irt/calibration/parameter-version.js";
import type { Database, ParameterVersionsTable } from "../schema.js";

/** A version without its items, for lists. */
export type ParameterVersionSummary = Omit<ParameterVersion, "items"> & { itemCount: number };

export class ParameterRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Writes a new version with its items; returns its id. */
  async write(v: NewParameterVersion): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("parameter_versions")
        .values({
          exam: v.exam,
          model: v.model,
          method: v.method,
          created_at: v.createdAt,
          attempts: v.attempts,
          converged: v.converged ? 1 : 0,
          iterations: v.iterations,
          log_lik: finiteOr(v.logLik, 0),
          notes: JSON.stringify(v.notes),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      for (let i = 0; i < v.items.length; i += 200)
        await trx
          .insertInto("item_parameters")
          .values(
            v.items.slice(i, i + 200).map((it) => ({
              version_id: id,
              item_id: it.id,
              a: it.a,
              b: it.b,
              c: it.c,
              se_a: it.seA ?? null,
              se_b: it.seB ?? null,
              se_c: it.seC ?? null,
              responses: it.responses,
              p_value: it.pValue,
              fit: JSON.stringify(it.fit),
            })),
          )
          .execute();
      return id;
    });
  }

  /** The exam's newest version (the one a new attempt starts with), or undefined before the first. */
  async latestId(exam: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom("parameter_versions")
      .select(["id"])
      .where("exam", "=", exam)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.id) : undefined;
  }

  /** The exam's versions, oldest first, without their items. */
  async list(exam: string): Promise<ParameterVersionSummary[]> {
    const rows = await this.db
      .selectFrom("parameter_versions")
      .selectAll()
      .where("exam", "=", exam)
      .orderBy("id")
      .execute();
    const out: ParameterVersionSummary[] = [];
    for (const r of rows) {
      const count = await this.db
        .selectFrom("item_parameters")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("version_id", "=", r.id)
        .executeTakeFirstOrThrow();
      out.push({ ...header(r), itemCount: Number(count.n) });
    }
    return out;
  }

  /** A version with its items, or undefined if there is none with this id. */
  async get(id: number): Promise<ParameterVersion | undefined> {
    const r = await this.db
      .selectFrom("parameter_versions")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!r) return undefined;
    const items = await this.db
      .selectFrom("item_parameters")
      .selectAll()
      .where("version_id", "=", id)
      .orderBy("item_id")
      .execute();
    return {
      ...header(r),
      items: items.map((i) => {
        const item: VersionItem = {
          id: i.item_id,
          a: Number(i.a),
          b: Number(i.b),
          c: Number(i.c),
          responses: Number(i.responses),
          pValue: Number(i.p_value),
          fit: JSON.parse(i.fit) as ItemFit,
        };
        if (i.se_a !== null) item.seA = Number(i.se_a);
        if (i.se_b !== null) item.seB = Number(i.se_b);
        if (i.se_c !== null) item.seC = Number(i.se_c);
        return item;
      }),
    };
  }
}

function header(r: Selectable<ParameterVersionsTable>): Omit<ParameterVersion, "items"> {
  return {
    id: Number(r.id),
    exam: r.exam,
    model: r.model as ParameterVersion["model"],
    method: r.method as ParameterVersion["method"],
    createdAt: Number(r.created_at),
    attempts: Number(r.attempts),
    converged: Number(r.converged) === 1,
    iterations: Number(r.iterations),
    logLik: Number(r.log_lik),
    notes: JSON.parse(r.notes) as string[],
  };
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}
