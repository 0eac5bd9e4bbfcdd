/** The editor's panels: lint findings, the preview and the options editor. */
import { useEffect, useMemo, useState } from "react";
import { fieldName } from "../../lib/field-name.js";
import { Feedback, ItemPanel } from "../item-view.js";
import { asDelivered, LETTERS } from "./draft.js";
import type { Check, Draft, Option } from "./shared.js";

export function ListInput({
  value,
  parse,
  show,
  onChange,
  multiline,
}: {
  value: string[];
  parse: (text: string) => string[];
  show: (value: string[]) => string;
  onChange: (value: string[]) => void;
  multiline?: boolean;
}) {
  const [text, setText] = useState(() => show(value));
  // A value changed from outside (loading another item) replaces the text.
  useEffect(() => {
    setText((t) => (JSON.stringify(parse(t)) === JSON.stringify(value) ? t : show(value)));
  }, [value, parse, show]);
  const change = (t: string) => {
    setText(t);
    onChange(parse(t));
  };
  return multiline ? (
    <textarea rows={2} value={text} onChange={(e) => change(e.target.value)} />
  ) : (
    <input value={text} onChange={(e) => change(e.target.value)} />
  );
}

/**
 * A JSON field (a hotspot's diagram or a region's shape): the item takes each text that parses; one
 * that does not is kept on the page with the parser's message, and the item keeps its last value.
 */
export function JsonInput({
  label,
  value,
  onChange,
  rows = 3,
}: {
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  rows?: number;
}) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 1));
  const [error, setError] = useState("");
  useEffect(() => {
    setText((t) => {
      try {
        if (JSON.stringify(JSON.parse(t)) === JSON.stringify(value ?? null)) return t;
      } catch {
        return t;
      }
      return JSON.stringify(value ?? null, null, 1);
    });
  }, [value]);
  return (
    <label className="field">
      {label}
      <textarea
        rows={rows}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setError("");
          } catch (err) {
            setError(`${label} is not JSON yet: ${(err as Error).message}`);
          }
        }}
      />
      {error && <span className="error">{error}</span>}
    </label>
  );
}

/** A number field that lets one type "-" or "0." on the way to a number (the item keeps the last number). */
export function NumberInput({
  value,
  onChange,
  step = "any",
  min,
}: {
  value: number;
  onChange: (value: number) => void;
  step?: string;
  min?: number;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== "" ? t : String(value)));
  }, [value]);
  return (
    <input
      type="number"
      step={step}
      min={min}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() !== "" && Number.isFinite(Number(e.target.value)))
          onChange(Number(e.target.value));
      }}
    />
  );
}

export function LintPanel({ check, checking }: { check: Check | null; checking: boolean }) {
  const errors = check
    ? [
        ...check.problems.map((p) => `${fieldName(p.path)}: ${p.message}`),
        ...check.lint.errors.map((f) => `${f.rule}: ${f.message}`),
      ]
    : [];
  const warnings = check?.lint.warnings.map((f) => `${f.rule}: ${f.message}`) ?? [];
  return (
    <section className="lint" aria-labelledby="lint-title">
      <h2 id="lint-title">Checks</h2>
      <p className="small">
        The item-writing guide's checks, run as you type. Errors must be fixed before the item can go to
        review; warnings are for your judgement.
      </p>
      <p role="status" aria-live="polite">
        {!check
          ? "Checking…"
          : `${checking ? "Checking… " : ""}${errors.length} error${errors.length === 1 ? "" : "s"}, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`}
      </p>
      {errors.length > 0 && (
        <ul className="lint-errors" aria-label="Errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="lint-warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Preview({ draft }: { draft: Draft }) {
  const [response, setResponse] = useState<unknown>(null);
  const [struck, setStruck] = useState<string[]>([]);
  const [feedback, setFeedback] = useState(false);
  const view = useMemo(
    () => asDelivered(draft, response, struck, feedback),
    [draft, response, struck, feedback],
  );
  return (
    <section className="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview, as candidates see it</h2>
      <p className="small">
        Options in authored order; delivery{" "}
        {draft.shuffle === false ? "keeps this order" : "shuffles them and letters them by position"}.
      </p>
      <ItemPanel
        item={view}
        draft={response}
        onAnswer={setResponse}
        onDraft={setResponse}
        onStrike={(o, s) => setStruck(s ? [...struck, o] : struck.filter((x) => x !== o))}
      />
      {feedback && <Feedback item={view} />}
      <p>
        <button type="button" onClick={() => setFeedback(!feedback)}>
          {feedback ? "Hide the tutor's feedback" : "Show the tutor's feedback"}
        </button>{" "}
        <button
          type="button"
          onClick={() => {
            setResponse(null);
            setStruck([]);
            setFeedback(false);
          }}
        >
          Clear the answer
        </button>
      </p>
    </section>
  );
}

export function OptionsEditor({ draft, edit }: { draft: Draft; edit: (p: Partial<Draft>) => void }) {
  const options = draft.options ?? [];
  const key = draft.key;
  const setOption = (i: number, patch: Partial<Option>) =>
    edit({ options: options.map((o, k) => (k === i ? { ...o, ...patch } : o)) });
  /** Removes option i and re-letters the rest, carrying the key along. */
  const remove = (i: number) => {
    const gone = options[i]!.id;
    const kept = options.filter((_, k) => k !== i);
    const rename = new Map(kept.map((o, k) => [o.id, LETTERS[k]!]));
    const r = (x: string) => rename.get(x) ?? x;
    let nextKey: unknown = key;
    if (draft.type === "single-choice" || draft.type === "hotspot")
      nextKey = key === gone ? r(kept[0]!.id) : r(key as string);
    else if (draft.type === "multiple-response" || draft.type === "ordering")
      nextKey = (key as string[]).filter((x) => x !== gone).map(r);
    else if (draft.type === "matching")
      nextKey = Object.fromEntries(
        Object.entries(key as Record<string, string>)
          .filter(([o]) => o !== gone)
          .map(([o, c]) => [r(o), c]),
      );
    edit({ options: kept.map((o, k) => ({ ...o, id: LETTERS[k]! })), key: nextKey });
  };
  const add = () => {
    const id = LETTERS[options.length]!;
    const nextKey =
      draft.type === "ordering"
        ? [...(key as string[]), id]
        : draft.type === "matching"
          ? { ...(key as Record<string, string>), [id]: draft.categories?.[0]?.id ?? "" }
          : key;
    // A new region starts as a small circle in the top-left corner, to be moved in its shape field.
    const region =
      draft.type === "hotspot"
        ? { shape: { kind: "circle", cx: 20 + 30 * options.length, cy: 20, r: 12 } }
        : {};
    edit({ options: [...options, { id, text: "", rationale: "", ...region }], key: nextKey });
  };
  return (
    <fieldset className="options-editor">
      <legend>
        {draft.type === "hotspot" ? "Regions (the options: name, rationale, shape)" : "Options"}
      </legend>
      {draft.type === "hotspot" && (
        <JsonInput
          label="Diagram (width, height, boxes, links, notes)"
          value={draft.diagram}
          rows={8}
          onChange={(diagram) => edit({ diagram })}
        />
      )}
      {options.map((o, i) => (
        <fieldset key={o.id} className="option-editor">
          <legend>Option {o.id}</legend>
          <label className="field">
            Text of {o.id}
            <textarea rows={2} value={o.text} onChange={(e) => setOption(i, { text: e.target.value })} />
          </label>
          <label className="field">
            Rationale of {o.id}
            <textarea
              rows={2}
              value={o.rationale}
              onChange={(e) => setOption(i, { rationale: e.target.value })}
            />
          </label>
          {draft.type === "hotspot" && (
            <JsonInput
              label={`Shape of region ${o.id} (rect x y w h, circle cx cy r, or polygon points)`}
              value={(o as { shape?: unknown }).shape}
              onChange={(shape) => setOption(i, { shape } as Partial<Option>)}
            />
          )}
          {(draft.type === "single-choice" || draft.type === "hotspot") && (
            <label>
              <input type="radio" name="key" checked={key === o.id} onChange={() => edit({ key: o.id })} />{" "}
              {o.id} is the key
            </label>
          )}
          {draft.type === "multiple-response" && (
            <label>
              <input
                type="checkbox"
                checked={(key as string[]).includes(o.id)}
                onChange={(e) =>
                  edit({
                    key: e.target.checked
                      ? [...(key as string[]), o.id].sort()
                      : (key as string[]).filter((x) => x !== o.id),
                  })
                }
              />{" "}
              {o.id} is keyed
            </label>
          )}
          {draft.type === "matching" && (
            <label className="field">
              {o.id} belongs to
              <select
                value={(key as Record<string, string>)[o.id] ?? ""}
                onChange={(e) =>
                  edit({ key: { ...(key as Record<string, string>), [o.id]: e.target.value } })
                }
              >
                {(draft.categories ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.text || c.id}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="actions">
            <button type="button" disabled={options.length <= 2} onClick={() => remove(i)}>
              Remove option {o.id}
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" disabled={options.length >= 8} onClick={add}>
        Add an option
      </button>
      {draft.type === "ordering" && (
        <label className="field">
          The right order (option letters, separated by commas)
          <ListInput
            value={key as string[]}
            parse={(t) =>
              t
                .split(",")
                .map((x) => x.trim().toUpperCase())
                .filter(Boolean)
            }
            show={(v) => v.join(", ")}
            onChange={(order) => edit({ key: order })}
          />
        </label>
      )}
      {draft.type === "matching" && (
        <fieldset>
          <legend>Categories</legend>
          {(draft.categories ?? []).map((c, i) => (
            <label key={c.id} className="field">
              Category {c.id}
              <input
                value={c.text}
                onChange={(e) =>
                  edit({
                    categories: (draft.categories ?? []).map((x, k) =>
                      k === i ? { ...x, text: e.target.value } : x,
                    ),
                  })
                }
              />
            </label>
          ))}
          <button
            type="button"
            onClick={() =>
              edit({
                categories: [
                  ...(draft.categories ?? []),
                  { id: "abcdefgh"[(draft.categories ?? []).length] ?? "z", text: "" },
                ],
              })
            }
          >
            Add a category
          </button>
        </fieldset>
      )}
    </fieldset>
  );
}
