/** The editor of a numeric item's key: value, tolerance, unit and the worked answer. */
import { NumberInput } from "./editor-parts.js";
import type { Draft } from "./shared.js";

export function NumericEditor({ draft, edit }: { draft: Draft; edit: (p: Partial<Draft>) => void }) {
  const key = draft.key as { value: number; tolerance: number; unit: string };
  const setKey = (patch: Partial<typeof key>) => edit({ key: { ...key, ...patch } });
  return (
    <fieldset>
      <legend>Answer</legend>
      <label className="field">
        Value
        <NumberInput value={key.value} onChange={(value) => setKey({ value })} />
      </label>
      <label className="field">
        Tolerance (±)
        <NumberInput min={0} value={key.tolerance} onChange={(tolerance) => setKey({ tolerance })} />
      </label>
      <label className="field">
        Unit
        <input value={key.unit} onChange={(e) => setKey({ unit: e.target.value })} />
      </label>
      <label className="field">
        Worked answer
        <textarea
          rows={3}
          value={draft.rationale ?? ""}
          onChange={(e) => edit({ rationale: e.target.value })}
        />
      </label>
    </fieldset>
  );
}
