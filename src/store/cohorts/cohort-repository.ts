/** Cohorts of candidates, their instructor, and the assignments set for them. */

import type { Kysely } from "kysely";
import type { AssignmentSettings } from "../../core/api/cohorts.js";
import type { Database } from "../schema.js";

export interface Cohort {
  id: string;
  name: string;
  instructorId: string;
  createdAt: number;
}

export interface Assignment {
  id: string;
  cohortId: string;
  title: string;
  /** Validated when the assignment was set (the contract's assignment settings). */
  settings: AssignmentSettings;
  dueAt: number | null;
  createdAt: number;
}

export class CohortRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(c: Cohort): Promise<void> {
    await this.db
      .insertInto("cohorts")
      .values({ id: c.id, name: c.name, instructor_id: c.instructorId, created_at: c.createdAt })
      .execute();
  }

  async get(id: string): Promise<Cohort | undefined> {
    const r = await this.db.selectFrom("cohorts").selectAll().where("id", "=", id).executeTakeFirst();
    return r
      ? { id: r.id, name: r.name, instructorId: r.instructor_id, createdAt: Number(r.created_at) }
      : undefined;
  }

  /** Cohorts with this name, whoever their instructor (for naming one on the command line). */
  async named(name: string): Promise<Cohort[]> {
    const rows = await this.db.selectFrom("cohorts").selectAll().where("name", "=", name).execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      instructorId: r.instructor_id,
      createdAt: Number(r.created_at),
    }));
  }

  async ofInstructor(instructorId: string): Promise<Cohort[]> {
    const rows = await this.db
      .selectFrom("cohorts")
      .selectAll()
      .where("instructor_id", "=", instructorId)
      .orderBy("name")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      instructorId: r.instructor_id,
      createdAt: Number(r.created_at),
    }));
  }

  /**
   * The cohort's members by email, with the account that holds each email (`userId`, null for an
   * email without one). Only the store and the use cases see `userId`: what an instructor reads
   * is the emails, the same whether or not they have accounts.
   */
  async members(cohortId: string): Promise<{ email: string; userId: string | null }[]> {
    const rows = await this.db
      .selectFrom("cohort_members")
      .leftJoin("users", "users.email", "cohort_members.email")
      .select(["cohort_members.email", "users.id as user_id"])
      .where("cohort_members.cohort_id", "=", cohortId)
      .orderBy("cohort_members.email")
      .execute();
    return rows.map((r) => ({ email: r.email, userId: r.user_id ?? null }));
  }

  async isMember(cohortId: string, userId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("cohort_members")
      .innerJoin("users", "users.email", "cohort_members.email")
      .select("cohort_members.email")
      .where("cohort_members.cohort_id", "=", cohortId)
      .where("users.id", "=", userId)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Adds and removes members by email (lower-cased, as accounts keep them). */
  async changeMembers(cohortId: string, add: string[], remove: string[]): Promise<void> {
    const lower = (xs: string[]) => [...new Set(xs.map((e) => e.toLowerCase()))];
    await this.db.transaction().execute(async (trx) => {
      if (remove.length)
        await trx
          .deleteFrom("cohort_members")
          .where("cohort_id", "=", cohortId)
          .where("email", "in", lower(remove))
          .execute();
      if (add.length)
        await trx
          .insertInto("cohort_members")
          .values(lower(add).map((email) => ({ cohort_id: cohortId, email })))
          .onConflict((oc) => oc.columns(["cohort_id", "email"]).doNothing())
          .execute();
    });
  }

  async addAssignment(a: Assignment): Promise<void> {
    await this.db
      .insertInto("assignments")
      .values({
        id: a.id,
        cohort_id: a.cohortId,
        title: a.title,
        settings: JSON.stringify(a.settings),
        due_at: a.dueAt,
        created_at: a.createdAt,
      })
      .execute();
  }

  async assignment(id: string): Promise<Assignment | undefined> {
    const r = await this.db.selectFrom("assignments").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? toAssignment(r) : undefined;
  }

  async assignmentsOf(cohortId: string): Promise<Assignment[]> {
    const rows = await this.db
      .selectFrom("assignments")
      .selectAll()
      .where("cohort_id", "=", cohortId)
      .orderBy("created_at")
      .execute();
    return rows.map(toAssignment);
  }

  /** Assignments of every cohort the user belongs to. */
  async assignmentsFor(userId: string): Promise<(Assignment & { cohortName: string })[]> {
    const rows = await this.db
      .selectFrom("assignments")
      .innerJoin("cohort_members", "cohort_members.cohort_id", "assignments.cohort_id")
      .innerJoin("users", "users.email", "cohort_members.email")
      .innerJoin("cohorts", "cohorts.id", "assignments.cohort_id")
      .selectAll("assignments")
      .select("cohorts.name as cohort_name")
      .where("users.id", "=", userId)
      .orderBy("assignments.created_at")
      .execute();
    return rows.map((r) => ({ ...toAssignment(r), cohortName: r.cohort_name }));
  }

  /** Attempts made for an assignment, with their owners. */
  async attemptsOf(
    assignmentId: string,
  ): Promise<{ id: string; userId: string | null; status: string; createdAt: number }[]> {
    const rows = await this.db
      .selectFrom("attempts")
      .select(["id", "user_id", "status", "created_at"])
      .where("assignment_id", "=", assignmentId)
      .orderBy("created_at")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      status: r.status,
      createdAt: Number(r.created_at),
    }));
  }
}

function toAssignment(r: Database["assignments"]): Assignment {
  return {
    id: r.id,
    cohortId: r.cohort_id,
    title: r.title,
    settings: JSON.parse(r.settings) as AssignmentSettings,
    dueAt: r.due_at === null ? null : Number(r.due_at),
    createdAt: Number(r.created_at),
  };
}
