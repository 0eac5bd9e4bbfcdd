/**
 * Users and the audit log (#/admin, admins): the users page by page, adding one with a role and an
 * initial password, changing a role, resetting a password, deleting a user; the audit log, newest first.
 */
import { useCallback, useState } from "react";
import { call, endpoints } from "../api.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage, Scroll } from "../ui.js";
import type { Me } from "./Account.js";
import { AuditLog } from "./admin/audit-log.js";
import { PAGE, type User, when } from "./admin/shared.js";
import { AddUser, ManageUser, Pager } from "./admin/users.js";
import { NoAccounts } from "./no-accounts.js";

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

  const listed = useApi(
    () =>
      call(endpoints.listUsers, { query: { limit: PAGE, offset } }).then((r) => {
        learn(r.users.map((u) => [u.id, u.email]));
        return r;
      }),
    [offset],
  );
  const users: User[] | null = listed.data?.users ?? null;
  const total = listed.data?.total;
  const error = listed.message;
  const { reload } = listed;

  /** After any change: reload the users and the audit log. */
  const changed = useCallback(async () => {
    await reload();
    setAuditVersion((v) => v + 1);
  }, [reload]);

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
