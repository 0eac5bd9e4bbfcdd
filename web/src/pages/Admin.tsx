/**
 * Users and the audit log (#/admin, admins): the users page by page, adding one with a role and an
 * initial password, changing a role, resetting a password, deleting a user; the audit log, newest first.
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { api, messageOf } from "../api.js";
import { ErrorMessage, PasswordField, Scroll } from "../ui.js";
import { type Me, NoAccounts } from "./Account.js";

const ROLES = ["candidate", "instructor", "author", "admin"] as const;
const PAGE = 50;

interface User {
  id: string;
  email: string;
  role: string;
  createdAt: number;
  lastLoginAt: number | null;
}
interface AuditEntry {
  id: number;
  at: number;
  actor: string | null;
  actorEmail: string | null;
  targetEmail: string | null;
  action: string;
  target: string | null;
  detail: unknown;
}

const when = (ms: number | null) => (ms === null ? "never" : new Date(ms).toLocaleString());

export function AdminPage({ who }: { who: "single" | Me }) {
  if (who === "single") return <NoAccounts title="Users" />;
  if (who.role !== "admin")
    return (
      <section className="admin">
        <h1>Users</h1>
        <p>Managing users is for admins; you are signed in as {who.role}.</p>
      </section>
    );
  return <Admin me={who} />;
}

function Admin({ me }: { me: Me }) {
  const [offset, setOffset] = useState(0);
  const [users, setUsers] = useState<User[] | null>(null);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [auditVersion, setAuditVersion] = useState(0);
  /** Emails by user id, from every page of users seen and the audit log's details. */
  const [emails, setEmails] = useState<Map<string, string>>(() => new Map());

  const learn = useCallback((pairs: [string, string][]) => {
    if (pairs.length === 0) return;
    setEmails((m) => {
      const next = new Map(m);
      for (const [id, email] of pairs) next.set(id, email);
      return next;
    });
  }, []);

  const load = useCallback(async () => {
    try {
      const r = await api<{ users: User[]; total: number }>(
        "GET",
        `/api/users?limit=${PAGE}&offset=${offset}`,
      );
      setUsers(r.users);
      setTotal(r.total);
      setError(null);
      learn(r.users.map((u) => [u.id, u.email]));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [offset, learn]);
  useEffect(() => {
    void load();
  }, [load]);

  /** After any change: reload the users and the audit log. */
  const changed = useCallback(async () => {
    await load();
    setAuditVersion((v) => v + 1);
  }, [load]);

  const chosen = users?.find((u) => u.id === selected) ?? null;
  return (
    <section className="admin">
      <h1>Users</h1>
      <AddUser onAdded={changed} />
      <h2 id="users-title">Everyone with an account</h2>
      <ErrorMessage text={error} />
      {users && (
        <Scroll label="Users">
          <table aria-labelledby="users-title">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} aria-current={u.id === selected ? "true" : undefined}>
                  <th scope="row">{u.email}</th>
                  <td>{u.role}</td>
                  <td>{when(u.createdAt)}</td>
                  <td>{when(u.lastLoginAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="compact"
                      onClick={() => {
                        setNotice(null);
                        setSelected(u.id);
                      }}
                    >
                      Manage<span className="sr-only"> {u.email}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <Pager
        label="Pages of users"
        offset={offset}
        count={users?.length ?? 0}
        total={total}
        onMove={(o) => {
          setSelected(null);
          setOffset(o);
        }}
      />
      <p role="status">{notice}</p>
      {chosen && (
        <ManageUser
          key={chosen.id}
          user={chosen}
          self={chosen.email === me.email}
          onChanged={changed}
          onDeleted={async () => {
            setSelected(null);
            // Said once the list no longer shows them.
            await changed();
            setNotice(`Deleted ${chosen.email} and all their data.`);
          }}
          onClose={() => setSelected(null)}
        />
      )}
      <AuditLog version={auditVersion} emails={emails} learn={learn} />
    </section>
  );
}

function Pager({
  label,
  offset,
  count,
  onMove,
  older,
  total,
}: {
  label: string;
  offset: number;
  count: number;
  /** How many there are in all, when the server says. */
  total?: number;
  onMove: (offset: number) => void;
  older?: boolean;
}) {
  if (offset === 0 && count < PAGE) return null;
  const more = total === undefined ? count === PAGE : offset + count < total;
  return (
    <nav aria-label={label} className="actions">
      <button type="button" disabled={offset === 0} onClick={() => onMove(Math.max(0, offset - PAGE))}>
        {older ? "Newer" : "Previous"}
      </button>
      <span className="small">
        {count ? `${offset + 1}–${offset + count}` : "none"}
        {total === undefined ? "" : ` of ${total}`}
      </span>
      <button type="button" disabled={!more} onClick={() => onMove(offset + PAGE)}>
        {older ? "Older" : "Next"}
      </button>
    </nav>
  );
}

function AddUser({ onAdded }: { onAdded: () => Promise<void> }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<string>("candidate");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await api<{ user: User }>("POST", "/api/users", { email, role, password });
      setDone(`Added ${r.user.email} as ${r.user.role}. Give them the initial password privately.`);
      setEmail("");
      setPassword("");
      await onAdded();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <label className="field">
        Email
        <input
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
        />
      </label>
      <label className="field">
        Role
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <PasswordField
        label="Initial password"
        kind="new"
        value={password}
        onChange={setPassword}
        describedBy="initial-password-rules"
      />
      <p id="initial-password-rules" className="small">
        At least 15 characters; common passwords and ones containing the email name are refused.
      </p>
      <ErrorMessage text={error} />
      <p role="status">{done}</p>
      <button type="submit" disabled={busy}>
        Add user
      </button>
    </form>
  );
}

/** One user's actions: change the role, reset the password, delete. Each shows the server's refusal. */
function ManageUser({
  user,
  self,
  onChanged,
  onDeleted,
  onClose,
}: {
  user: User;
  /** The signed-in admin: they delete their own account from the Account page. */
  self: boolean;
  onChanged: () => Promise<void>;
  onDeleted: () => Promise<void>;
  onClose: () => void;
}) {
  const [role, setRole] = useState(user.role);
  const [password, setPassword] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function act(run: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await run());
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} ref={heading}>
        Manage {user.email}
      </h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await api("PUT", `/api/users/${user.id}/role`, { role });
            await onChanged();
            return `${user.email} is now ${role}.`;
          });
        }}
      >
        <label className="field">
          Role
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || role === user.role}>
          Change role
        </button>
      </form>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await api("PUT", `/api/users/${user.id}/password`, { password });
            setPassword("");
            await onChanged();
            return `Password of ${user.email} reset; they have been signed out everywhere.`;
          });
        }}
      >
        <PasswordField label="New password" kind="new" value={password} onChange={setPassword} />
        <button type="submit" disabled={busy}>
          Reset password
        </button>
      </form>
      {confirming ? (
        <div className="confirm">
          <p>Delete {user.email} and all their data (attempts, responses, reports)? This cannot be undone.</p>
          <div className="actions">
            <button
              type="button"
              className="finish"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  await api("DELETE", `/api/users/${user.id}`);
                  await onDeleted();
                  return "";
                })
              }
            >
              Yes, delete {user.email}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          {self ? (
            <p className="small">
              Your own account is deleted from the <a href="#/account">Account</a> page.
            </p>
          ) : (
            <button type="button" className="finish" onClick={() => setConfirming(true)}>
              Delete user…
            </button>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
      <ErrorMessage text={error} />
      <p role="status">{done}</p>
    </section>
  );
}

/** The details of an audit entry as "key: value" pairs. */
function detailText(detail: unknown): string {
  if (!detail || typeof detail !== "object") return "";
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") || "—" : String(v)}`)
    .join("; ");
}

function AuditLog({
  version,
  emails,
  learn,
}: {
  version: number;
  emails: Map<string, string>;
  learn: (pairs: [string, string][]) => void;
}) {
  const [offset, setOffset] = useState(0);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void version;
    api<{ entries: AuditEntry[] }>("GET", `/api/audit?limit=${PAGE}&offset=${offset}`).then(
      (r) => {
        setEntries(r.entries);
        setError(null);
        learn(
          r.entries.flatMap((e) => {
            const email = e.targetEmail ?? (e.detail as { email?: unknown } | null)?.email;
            const pairs: [string, string][] = [];
            if (e.target && typeof email === "string") pairs.push([e.target, email]);
            if (e.actor && e.actorEmail) pairs.push([e.actor, e.actorEmail]);
            return pairs;
          }),
        );
      },
      (e) => setError(messageOf(e)),
    );
  }, [offset, version, learn]);
  const name = (id: string | null, none: string) => (id === null ? none : (emails.get(id) ?? id));

  return (
    <>
      <h2 id="audit-title">Audit log</h2>
      <p className="small">Admin, instructor and author actions, newest first.</p>
      <ErrorMessage text={error} />
      {entries && entries.length === 0 && <p>Nothing recorded yet.</p>}
      {entries && entries.length > 0 && (
        <Scroll label="Audit log entries">
          <table aria-labelledby="audit-title" className="audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.at)}</td>
                  <td>{name(e.actor, "(not a signed-in user)")}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{name(e.target, "—")}</td>
                  <td>{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <Pager
        label="Pages of the audit log"
        offset={offset}
        count={entries?.length ?? 0}
        onMove={setOffset}
        older
      />
    </>
  );
}
