/**
 * Server processes and their heartbeats. Several servers may share one PostgreSQL database; when a
 * server starts and finds no other beating, the service was down since the last beat, and the
 * attempts left open can have that time left off their clocks.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/** How often a server beats, and how long without a beat means it is gone. */
export const BEAT_MS = 5_000;
export const GONE_AFTER_MS = 3 * BEAT_MS;
/** Rows of servers gone longer than this are deleted at start-up. */
const FORGET_AFTER_MS = 7 * 24 * 3_600_000;

export class ServerRegistry {
  constructor(private readonly db: Kysely<Database>) {}

  /** The latest beat of any other server, or null when there has been none. */
  async lastBeat(exceptId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom("servers")
      .select((eb) => eb.fn.max("beat_at").as("beat"))
      .where("id", "!=", exceptId)
      .executeTakeFirst();
    return row?.beat === null || row?.beat === undefined ? null : Number(row.beat);
  }

  async register(id: string, now: number): Promise<void> {
    await this.db
      .deleteFrom("servers")
      .where("beat_at", "<", now - FORGET_AFTER_MS)
      .execute();
    await this.db.insertInto("servers").values({ id, started_at: now, beat_at: now }).execute();
  }

  async beat(id: string, now: number): Promise<void> {
    await this.db.updateTable("servers").set({ beat_at: now }).where("id", "=", id).execute();
  }
}
