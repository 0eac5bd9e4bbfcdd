/** The audit log, newest first. */
import { useState } from "react";
import { call, endpoints } from "../../api.js";
import { useApi } from "../../lib/use-api.js";
import { ErrorMessage, Scroll } from "../../ui.js";
import { type AuditEntry, PAGE, when } from "./shared.js";
import { Pager } from "./users.js";

export function detailText(detail: unknown): string {
  if (!detail || typeof detail !== "object") return "";
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") || "—" : String(v)}`)
    .join("; ");
}

export function AuditLog({
  version,
  emails,
  learn,
}: {
  version: number;
  emails: Map<string, string>;
  learn: (pairs: [string, string][]) => void;
}) {
  const [offset, setOffset] = useState(0);
  const log = useApi(
    () =>
      call(endpoints.auditLog, { query: { limit: PAGE, offset } }).then((r) => {
        learn(
          r.entries.flatMap((e) => {
            const email = e.targetEmail ?? (e.detail as { email?: unknown } | null)?.email;
            const pairs: [string, string][] = [];
            if (e.target && typeof email === "string") pairs.push([e.target, email]);
            if (e.actor && e.actorEmail) pairs.push([e.actor, e.actorEmail]);
            return pairs;
          }),
        );
        return r;
      }),
    [offset, version],
  );
  const entries: AuditEntry[] | null = log.data?.entries ?? null;
  const error = log.message;
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
