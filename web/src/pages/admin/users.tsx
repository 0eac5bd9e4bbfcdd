/** Users on the admin page: the pager, adding a user, and changing, resetting or deleting one. */

import { type FormEvent, useEffect, useRef, useState } from "react";
import type { Role } from "../../../../src/core/accounts/roles.js";
import { call, endpoints, messageOf } from "../../api.js";
import { ErrorMessage, PasswordField } from "../../ui.js";
import { PAGE, RoleField, type User } from "./shared.js";

export function Pager({
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

export function AddUser({ onAdded }: { onAdded: () => Promise<void> }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("candidate");
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
      const r = await call(endpoints.createUser, { body: { email, role, password } });
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
      <RoleField value={role} onChange={setRole} />
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
export function ManageUser({
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
            await call(endpoints.setRole, { params: { id: user.id }, body: { role } });
            await onChanged();
            return `${user.email} is now ${role}.`;
          });
        }}
      >
        <RoleField value={role} onChange={setRole} />
        <button type="submit" disabled={busy || role === user.role}>
          Change role
        </button>
      </form>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await call(endpoints.resetPassword, { params: { id: user.id }, body: { password } });
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
                  await call(endpoints.deleteUser, { params: { id: user.id } });
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
