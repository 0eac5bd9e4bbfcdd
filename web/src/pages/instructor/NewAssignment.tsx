/** A new assignment for a cohort: an exam or a practice set, with a due date. */
import { type FormEvent, useState } from "react";
import { call, endpoints, messageOf } from "../../api.js";
import { useCertifications } from "../../lib/catalog.js";
import { Alert, MODES, type Settings, useDomains } from "./shared.js";

export function NewAssignment({ cohortId, onCreated }: { cohortId: string; onCreated: () => Promise<void> }) {
  const certs = useCertifications();
  const [title, setTitle] = useState("");
  const [exam, setExam] = useState("issmp");
  const [mode, setMode] = useState<keyof typeof MODES>("exam");
  const [items, setItems] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [rules, setRules] = useState<"exam" | "practice">("practice");
  const [paced, setPaced] = useState(false);
  const [due, setDue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const domains = useDomains(exam);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const settings: Settings = { exam, mode };
    if (mode === "adaptive") settings.rules = rules;
    else {
      if (items) settings.items = Number(items);
      if (chosen.length) settings.domains = chosen;
    }
    if (mode === "tutor" && paced) settings.paced = true;
    try {
      await call(endpoints.createAssignment, {
        params: { id: cohortId },
        body: {
          title,
          settings,
          ...(due ? { due } : {}),
        },
      });
      setDone(`Set "${title}".`);
      setTitle("");
      await onCreated();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="new-assignment-title" className="new-assignment">
      <h3 id="new-assignment-title">New assignment</h3>
      <label className="field">
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
      </label>
      <label className="field">
        Exam
        <select
          value={exam}
          onChange={(e) => {
            setExam(e.target.value);
            setChosen([]);
          }}
        >
          {(certs.length ? certs : [{ id: "issmp", abbreviation: "ISSMP", name: "", bankItems: 1 }])
            // Only certifications the bank has items for can be practised.
            .filter((c) => c.bankItems > 0)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.abbreviation}
                {c.name ? ` — ${c.name}` : ""}
              </option>
            ))}
        </select>
      </label>
      <label className="field">
        Kind
        <select value={mode} onChange={(e) => setMode(e.target.value as keyof typeof MODES)}>
          {Object.entries(MODES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {mode === "adaptive" ? (
        <label className="field">
          Stopping rules
          <select value={rules} onChange={(e) => setRules(e.target.value as "exam" | "practice")}>
            <option value="practice">Practice rules (shorter)</option>
            <option value="exam">The exam's own rules</option>
          </select>
        </label>
      ) : (
        <>
          <label className="field">
            Scored items
            <input
              type="number"
              min={1}
              max={500}
              inputMode="numeric"
              aria-describedby="items-hint"
              value={items}
              onChange={(e) => setItems(e.target.value)}
            />
          </label>
          <p id="items-hint" className="small">
            Leave empty for the exam's full length.
          </p>
          {domains.length > 0 && (
            <fieldset className="domains">
              <legend>Only these domains (none ticked: every domain)</legend>
              {domains.map((d) => (
                <label key={d.id} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(d.id)}
                    onChange={(e) =>
                      setChosen((c) => (e.target.checked ? [...c, d.id] : c.filter((x) => x !== d.id)))
                    }
                  />{" "}
                  Domain {d.id}: {d.name}
                </label>
              ))}
            </fieldset>
          )}
        </>
      )}
      {mode === "tutor" && (
        <label className="check">
          <input type="checkbox" checked={paced} onChange={(e) => setPaced(e.target.checked)} /> Time it at
          the exam's pace
        </label>
      )}
      <label className="field">
        Due date (optional)
        <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <Alert text={error} />
      <p role="status">{done}</p>
      <button type="submit" disabled={busy}>
        Set assignment
      </button>
    </form>
  );
}
