import type { Role } from "../../../../src/core/accounts/roles.js";

/** The roles, as the user forms list them (the least powerful first). */
export const ROLES: readonly Role[] = ["candidate", "instructor", "author", "admin"];
export const PAGE = 50;

export type { AuditEntry } from "../../../../src/core/api/accounts.js";
export type { PublicUser as User } from "../../../../src/core/api/catalog.js";

export const when = (ms: number | null) => (ms === null ? "never" : new Date(ms).toLocaleString());

/** The role picker of the user forms. */
export function RoleField({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  return (
    <label className="field">
      Role
      <select value={value} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );
}
