export const ROLES = ["candidate", "instructor", "author", "admin"] as const;
export const PAGE = 50;

export interface User {
  id: string;
  email: string;
  role: string;
  createdAt: number;
  lastLoginAt: number | null;
}
export interface AuditEntry {
  id: number;
  at: number;
  actor: string | null;
  actorEmail: string | null;
  targetEmail: string | null;
  action: string;
  target: string | null;
  detail: unknown;
}

export const when = (ms: number | null) => (ms === null ? "never" : new Date(ms).toLocaleString());
