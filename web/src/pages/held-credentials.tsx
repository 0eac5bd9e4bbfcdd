/** The credentials held, each with its status and the date it was earned, and a way to remove it. */
import profileSchema from "../../../schemas/profile.schema.json";

const STATUSES = profileSchema.properties.credentials.items.properties.status.enum as string[];

/** A credential held: its id (a certification of the catalog or a credential outside it). */
export interface Held {
  id: string;
  status: string;
  earned: string;
}

export function HeldCredentials({
  held,
  setHeld,
  certs,
  external,
}: {
  held: Held[];
  setHeld: (update: (all: Held[]) => Held[]) => void;
  certs: { id: string; abbreviation: string }[];
  external: { id: string; name: string }[];
}) {
  if (held.length === 0) return null;
  return (
    <table className="held">
      <caption>Credentials held: status and date earned</caption>
      <thead>
        <tr>
          <th scope="col">Credential</th>
          <th scope="col">Status</th>
          <th scope="col">Earned</th>
          <th scope="col">
            <span className="sr-only">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {held.map((h) => {
          const name =
            certs.find((c) => c.id === h.id)?.abbreviation ??
            external.find((c) => c.id === h.id)?.name ??
            h.id;
          const set = (patch: Partial<Held>) =>
            setHeld((all) => all.map((x) => (x.id === h.id ? { ...x, ...patch } : x)));
          return (
            <tr key={h.id}>
              <th scope="row">{name}</th>
              <td>
                <select
                  aria-label={`${name} status`}
                  value={h.status}
                  onChange={(e) => set({ status: e.target.value })}
                >
                  {STATUSES.map((x) => (
                    <option key={x}>{x}</option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="date"
                  aria-label={`${name} earned`}
                  value={h.earned}
                  onChange={(e) => set({ earned: e.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Remove ${name}`}
                  onClick={() => setHeld((all) => all.filter((x) => x.id !== h.id))}
                >
                  ✕
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
