/** Starts a temporary PostgreSQL server; returns its URL (the "postgres" database) and a stop function. */
export function startTemporaryPostgres(): Promise<{ url: string; stop: () => void }>;
