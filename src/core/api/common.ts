/** Schemas more than one area of the API uses. */
import { z } from "zod";

/** The most rows one page of a list returns. */
export const PAGE_LIMIT = 100;

/** A page of a list: `limit` rows from `offset`. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A path parameter naming one record (a certification, a user, a cohort…). */
export const recordParams = z.strictObject({ id: z.string().min(1).max(64) });

/**
 * A result the pure core computes and the API passes on whole (a score report, an eligibility
 * verdict, a comparison): typed by the core's own type, checked to be an object, and described
 * in the OpenAPI document by name. Its fields are the core type's, documented there.
 */
export function domainObject<T extends object>(name: string, description: string) {
  return z
    .custom<T>((v) => typeof v === "object" && v !== null && !Array.isArray(v), {
      message: `expected ${description}`,
    })
    .meta({ title: name, description: `${description} (see the core type ${name})` });
}

/** The largest value of a 32-bit integer column (PostgreSQL `integer`, `serial`). */
export const INT4_MAX = 2_147_483_647;

/** A numeric row id in a path or query string (an integer column: 1 … 2³¹−1). */
export const rowId = () => z.coerce.number().int().min(1).max(INT4_MAX);
