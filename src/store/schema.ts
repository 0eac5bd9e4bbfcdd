/** The tables of the store, as Kysely sees them (snake_case columns, mapped to camelCase in repositories). */
import type { Generated } from "kysely";

export interface AttemptsTable {
  id: string;
  exam: string;
  behaviour: string;
  seed: string;
  created_at: number;
  status: string;
  finished_at: number | null;
  /** Number of steps recorded (the next step's seq). */
  step_count: number;
  /** The candidate the attempt belongs to; null in single-user mode. */
  user_id: string | null;
  /** The instructor's assignment the attempt answers, if any. */
  assignment_id: string | null;
  /** The parameter version current when it started; null: the authors' priors (migration 0011). */
  parameter_version: Generated<number | null>;
}

/** One calibration of an exam's items from its finished attempts (migration 0011). */
export interface ParameterVersionsTable {
  id: Generated<number>;
  exam: string;
  model: string;
  method: string;
  created_at: number;
  /** Finished attempts (rows of the response matrix) calibrated from. */
  attempts: number;
  /** 1 when the estimation converged, else 0. */
  converged: number;
  iterations: number;
  log_lik: number;
  /** The calibration's notes, as a JSON list. */
  notes: string;
}

/** An item's parameters in one version. */
export interface ItemParametersTable {
  version_id: number;
  item_id: string;
  a: number;
  b: number;
  c: number;
  se_a: number | null;
  se_b: number | null;
  se_c: number | null;
  responses: number;
  p_value: number;
  /** The item's fit (infit/outfit or S-X²), as JSON. */
  fit: string;
}

export interface CohortsTable {
  id: string;
  name: string;
  instructor_id: string;
  created_at: number;
}

/** A cohort's members, by email: whoever holds an account with that email is a member (migration 0009). */
export interface CohortMembersTable {
  cohort_id: string;
  email: string;
}

export interface AssignmentsTable {
  id: string;
  cohort_id: string;
  title: string;
  /** The attempt settings, as JSON (exam, mode, items, domains…). */
  settings: string;
  due_at: number | null;
  created_at: number;
}

export interface AttemptStepsTable {
  attempt_id: string;
  seq: number;
  at: number;
  kind: string;
  body: string;
}

export interface ResponsesTable {
  attempt_id: string;
  item_id: string;
  item_version: number;
  response: string;
  answered_at: number;
}

export interface ItemReportsTable {
  id: Generated<number>;
  attempt_id: string;
  item_id: string;
  category: string;
  comment: string;
  created_at: number;
  status: string;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: number | null;
}

export interface BankItemsTable {
  id: string;
  exam: string;
  /** The working copy's status: draft, review, live or retired. */
  status: string;
  /** The working copy, as authored-item JSON. */
  body: string;
  /** The body the bank delivers (the last approved), or null before the first approval. */
  published: string | null;
  /** Who last changed the working copy, and who approved it. */
  editor_id: string | null;
  approver_id: string | null;
  /** Everyone who saved the working copy since its last approval, as a JSON list (null on older rows). */
  authors: string | null;
  updated_at: number;
}

export interface ServersTable {
  id: string;
  started_at: number;
  beat_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  role: string;
  created_at: number;
  failed_logins: Generated<number>;
  locked_until: number | null;
  last_login_at: number | null;
  /** When the last failed sign-in was (migration 0007). */
  failed_at: Generated<number | null>;
}

/** Failed sign-ins for emails without an account (see migration 0007). */
export interface LoginFailuresTable {
  email: string;
  failures: number;
  locked_until: number | null;
  updated_at: number;
}

/** Who is starting an attempt for a user right now, until when (migration 0010; see attempts/start-lock.ts). */
export interface StartLocksTable {
  user_id: string;
  /** A random id of the one start holding the lock. */
  holder: string;
  expires_at: number;
}

/** One study profile per user (migration 0012; see study/profile-repository.ts). */
export interface StudyProfilesTable {
  /** The user's id, or "local" in single-user mode. */
  owner: string;
  /** JSON of the study goal, or null. */
  goal: string | null;
  /** JSON of the eligibility profile, or null. */
  eligibility: string | null;
  updated_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the session token (the token itself is only in the cookie). */
  id: string;
  user_id: string;
  csrf: string;
  created_at: number;
  expires_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string | null;
  action: string;
  target: string | null;
  detail: string;
}

export interface ItemVersionsTable {
  item_id: string;
  version: number;
  /** SHA-256 of the item's delivered and scored content (not its status, tags or review record). */
  hash: string;
  /** The item as JSON. */
  body: string;
  created_at: number;
}

export interface Database {
  parameter_versions: ParameterVersionsTable;
  item_parameters: ItemParametersTable;
  cohorts: CohortsTable;
  cohort_members: CohortMembersTable;
  assignments: AssignmentsTable;
  bank_items: BankItemsTable;
  item_versions: ItemVersionsTable;
  users: UsersTable;
  login_failures: LoginFailuresTable;
  start_locks: StartLocksTable;
  sessions: SessionsTable;
  study_profiles: StudyProfilesTable;
  audit_log: AuditLogTable;
  servers: ServersTable;
  attempts: AttemptsTable;
  attempt_steps: AttemptStepsTable;
  responses: ResponsesTable;
  item_reports: ItemReportsTable;
}
