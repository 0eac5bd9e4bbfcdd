/** The editor (#/bank/<id>, #/bank/new): live lint, a preview exactly as candidates see it, submit, approve, retire. */
import { useEffect, useState } from "react";
import { taskExam, taskNumber } from "../../../../src/core/catalog/task-id.js";
import { call, endpoints, messageOf, type ResponseOf } from "../../api.js";
import { useCertifications } from "../../lib/catalog.js";
import { useApi } from "../../lib/use-api.js";
import { CertificationOptions, dialogKeys } from "../../ui.js";
import { authored, blank } from "./draft.js";
import { LintPanel, ListInput, NumberInput, OptionsEditor, Preview } from "./editor-parts.js";
import { ItemAnalysisPanel } from "./ItemAnalysisPanel.js";
import { NumericEditor } from "./numeric-editor.js";
import type { Check, Draft, ItemType } from "./shared.js";
import { TYPES, useTasks } from "./shared.js";

type Loaded = Omit<ResponseOf<typeof endpoints.getItem>, "item" | "lint" | "authors">;

export function EditorPage({ id }: { id: string }) {
  const isNew = id === "new";
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [confirmRetire, setConfirmRetire] = useState(false);
  const exam = (draft?.outlines[0] && taskExam(draft.outlines[0])) || "issmp";
  const { tasks } = useTasks(exam);
  const certs = useCertifications();
  // After choosing another exam for a new item, its first task statement is taken until one is chosen.
  useEffect(() => {
    const first = tasks[0];
    if (draft?.outlines[0]?.endsWith(":") && first?.id.startsWith(draft.outlines[0]))
      setDraft({ ...draft, outlines: [first.id] });
  }, [tasks, draft]);

  // Load the item (again after each change of its status), or start a new one.
  const item = useApi(isNew ? null : () => call(endpoints.getItem, { params: { id } }), [id]);
  const loaded: Loaded | null = isNew ? null : item.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: another item (a new id) starts with no message and no changes
  useEffect(() => {
    setMessage(null);
    setDirty(false);
    if (isNew) setDraft(blank("single-choice", "issmp:1.1.1", ""));
  }, [id, isNew]);
  // The working copy starts from the item as loaded.
  useEffect(() => {
    const r = item.data;
    if (!r) return;
    setDraft({ ...r.item, ...(r.scenario ? { scenario: r.scenario } : {}) });
    setDirty(false);
  }, [item.data]);

  // Live lint: the server checks the item as it stands, a moment after the author stops typing.
  const lint = useApi(
    draft
      ? () => call(endpoints.lintItem, { body: { item: authored({ ...draft, id: draft.id || "new-item" }) } })
      : null,
    [draft],
    { debounceMs: 350 },
  );
  const checking = lint.loading;
  const check: Check | null = lint.error
    ? {
        valid: false,
        problems: [{ path: "item", message: lint.message ?? "" }],
        lint: { errors: [], warnings: [] },
      }
    : lint.data;

  if (item.message && (!draft || !loaded))
    return (
      <p role="alert" className="error">
        {item.message}
      </p>
    );
  if (!draft) return <p>Loading…</p>;

  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setDirty(true);
  };
  const status = loaded?.status ?? "new";
  const readOnly = status === "retired";
  const errorCount = (check?.problems.length ?? 0) + (check?.lint.errors.length ?? 0);

  async function act(run: () => Promise<void>, done: string) {
    setMessage(null);
    try {
      await run();
      setMessage({ text: done, error: false });
    } catch (e) {
      setMessage({ text: messageOf(e), error: true });
    }
  }

  const save = () =>
    act(async () => {
      if (isNew) {
        await call(endpoints.createItem, { body: { item: authored(draft) } });
        setDirty(false);
        window.location.hash = `#/bank/${draft.id}`;
      } else {
        await call(endpoints.editItem, {
          params: { id: draft.id },
          body: {
            item: authored(draft),
            updatedAt: loaded!.updatedAt,
          },
        });
        await item.reload();
      }
    }, "Saved as a draft.");

  return (
    <section className="editor">
      <h1>{isNew ? "New item" : `Item ${draft.id}`}</h1>
      <p className="small">
        How an item goes live: save it as a draft, submit it for review once the checks find no errors, and a
        second author approves it. Until then, the published version (if any) stays in use.
      </p>
      <p>
        <a href="#/bank">← Item bank</a> · Status: <strong>{status}</strong>
        {loaded?.published && status !== "live" ? " (the published version stays live until approval)" : ""}
        {dirty ? " · unsaved changes" : ""}
      </p>
      {message && (
        <p role={message.error ? "alert" : "status"} className={message.error ? "error" : "ok"}>
          {message.text}
        </p>
      )}
      {item.message && (
        <p role="alert" className="error">
          {item.message}
        </p>
      )}
      <div className="editor-grid">
        <form
          className="item-form"
          aria-label="Edit the item"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset disabled={readOnly}>
            <legend>Item</legend>
            <label className="field">
              Id
              <input
                value={draft.id}
                readOnly={!isNew}
                required
                placeholder="issmp-1.1-101"
                onChange={(e) => edit({ id: e.target.value.trim() })}
              />
            </label>
            <label className="field">
              Type
              <select
                value={draft.type}
                disabled={!isNew}
                onChange={(e) => {
                  const next = blank(
                    e.target.value as ItemType,
                    draft.outlines[0] ?? "issmp:1.1.1",
                    draft.id,
                  );
                  // A new type has other fields: start it afresh, keeping what every type shares.
                  setDraft({
                    ...next,
                    stem: draft.stem,
                    explanation: draft.explanation,
                    references: draft.references,
                    tags: draft.tags,
                  });
                  setDirty(true);
                }}
              >
                {TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            {isNew && (
              <label className="field">
                Exam
                <select
                  value={exam}
                  onChange={(e) => {
                    // A task statement of the chosen exam follows once its outline is loaded.
                    edit({ outlines: [`${e.target.value}:`] });
                  }}
                >
                  <CertificationOptions certs={certs} />
                </select>
              </label>
            )}
            <label className="field">
              Task statement measured
              <select
                value={draft.outlines[0] ?? ""}
                onChange={(e) => edit({ outlines: [e.target.value, ...draft.outlines.slice(1)] })}
              >
                {!tasks.some((t) => t.id === draft.outlines[0]) && (
                  <option value={draft.outlines[0] ?? ""}>{draft.outlines[0]}</option>
                )}
                {tasks.map((t) => (
                  <option key={t.id} value={t.id}>
                    {taskNumber(t.id)} {t.text.length > 90 ? `${t.text.slice(0, 87)}…` : t.text}
                  </option>
                ))}
              </select>
            </label>
            {draft.scenario && (
              <p className="small">
                Part of the scenario set “{draft.scenario.title}”; the case text is edited in its file.
              </p>
            )}
            <label className="field">
              Stem
              <textarea rows={4} value={draft.stem} onChange={(e) => edit({ stem: e.target.value })} />
            </label>
            {draft.type !== "numeric" && <OptionsEditor draft={draft} edit={edit} />}
            {draft.type === "numeric" && <NumericEditor draft={draft} edit={edit} />}
            <label className="field">
              Explanation (optional)
              <textarea
                rows={2}
                value={draft.explanation ?? ""}
                onChange={(e) => edit({ explanation: e.target.value })}
              />
            </label>
            <label className="field">
              References, one per line
              <ListInput
                multiline
                value={draft.references ?? []}
                parse={(t) =>
                  t
                    .split("\n")
                    .map((l) => l.trim())
                    .filter(Boolean)
                }
                show={(v) => v.join("\n")}
                onChange={(references) => edit({ references })}
              />
            </label>
            <label className="field">
              Tags, separated by commas
              <ListInput
                value={draft.tags ?? []}
                parse={(t) =>
                  t
                    .split(",")
                    .map((x) => x.trim())
                    .filter(Boolean)
                }
                show={(v) => v.join(", ")}
                onChange={(tags) => edit({ tags })}
              />
            </label>
            <label className="field">
              Expected difficulty (−4 very easy … 0 average … 4 very hard; refined from candidates' answers)
              <NumberInput
                step="0.1"
                value={draft.difficulty ?? 0}
                onChange={(difficulty) => edit({ difficulty })}
              />
            </label>
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={readOnly || (!dirty && !isNew)}>
              {isNew ? "Create draft" : "Save draft"}
            </button>
            {!isNew && (
              <>
                <button
                  type="button"
                  disabled={status !== "draft" || dirty || errorCount > 0}
                  title={errorCount > 0 ? "Fix the errors first" : undefined}
                  onClick={() =>
                    act(async () => {
                      await call(endpoints.submitItem, { params: { id: draft.id } });
                      await item.reload();
                    }, "Submitted for review: a second author approves it.")
                  }
                >
                  Submit for review
                </button>
                <button
                  type="button"
                  disabled={status !== "review"}
                  onClick={() =>
                    act(async () => {
                      await call(endpoints.approveItem, { params: { id: draft.id } });
                      await item.reload();
                    }, "Approved: the item is live in every new attempt.")
                  }
                >
                  Approve
                </button>
                <button type="button" disabled={readOnly} onClick={() => setConfirmRetire(true)}>
                  Retire…
                </button>
              </>
            )}
          </div>
          {confirmRetire && (
            <div
              role="dialog"
              aria-modal="true"
              aria-labelledby="retire-title"
              className="dialog"
              onKeyDown={dialogKeys(() => setConfirmRetire(false))}
            >
              <h2 id="retire-title">Retire {draft.id}?</h2>
              <p>No new attempt will deliver it. Attempts that already have it keep it.</p>
              <button
                type="button"
                ref={(b) => b?.focus()}
                onClick={() => {
                  setConfirmRetire(false);
                  void act(async () => {
                    await call(endpoints.retireItem, { params: { id: draft.id } });
                    await item.reload();
                  }, "Retired.");
                }}
              >
                Yes, retire it
              </button>
              <button type="button" onClick={() => setConfirmRetire(false)}>
                Keep it
              </button>
            </div>
          )}
        </form>
        <div className="editor-side">
          <LintPanel check={check} checking={checking} />
          <Preview draft={draft} />
        </div>
      </div>
      {!isNew && <ItemAnalysisPanel itemId={id} exam={exam} />}
    </section>
  );
}
