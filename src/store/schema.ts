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
}

export interface ServersTable {
  id: string;
  started_at: number;
  beat_at: number;
}

export interface Database {
  servers: ServersTable;
  attempts: AttemptsTable;
  attempt_steps: AttemptStepsTable;
  responses: ResponsesTable;
  item_reports: ItemReportsTable;
}
