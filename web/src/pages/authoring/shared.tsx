/** What the authors' pages share: the item types and statuses, a working copy's shape, and the outline's tasks. */
import { useEffect, useState } from "react";
import { api } from "../../api.js";
import { outlineInForce } from "../../lib/outline.js";

export const TYPES = ["single-choice", "multiple-response", "ordering", "matching", "numeric"] as const;
export type ItemType = (typeof TYPES)[number];
export const STATUSES = ["draft", "review", "live", "retired"] as const;

export interface Option {
  id: string;
  text: string;
  rationale: string;
}
/** An item as authored (the JSON form of the YAML files); fields the editor does not show are kept. */
export interface Draft {
  id: string;
  type: ItemType;
  outlines: string[];
  stem: string;
  explanation?: string;
  references?: string[];
  tags?: string[];
  difficulty?: number;
  timeSeconds?: number;
  shuffle?: boolean;
  options?: Option[];
  categories?: { id: string; text: string }[];
  key?: unknown;
  rationale?: string;
  misconceptions?: { value: number; rationale: string }[];
  scenario?: { id: string; title: string; case: string };
  [other: string]: unknown;
}
export interface Finding {
  rule: string;
  message: string;
}
export interface Check {
  valid: boolean;
  problems: { path: string; message: string }[];
  lint: { errors: Finding[]; warnings: Finding[] };
}
export interface Task {
  id: string;
  text: string;
  domain: string;
}

/** The task statements of a certification's outlines, for the editor's and the filters' lists. */
export function useTasks(exam: string): { tasks: Task[]; domains: { id: string; name: string }[] } {
  const [value, setValue] = useState<{ tasks: Task[]; domains: { id: string; name: string }[] }>({
    tasks: [],
    domains: [],
  });
  useEffect(() => {
    let live = true;
    api<{
      inForce?: { outline: string };
      outlines: {
        id: string;
        domains: {
          id: string;
          name: string;
          subdomains: { tasks: { id: string; text: string }[] }[];
        }[];
      }[];
    }>("GET", `/api/catalog/${exam}`).then(
      (c) => {
        if (!live) return;
        const outline = outlineInForce(c);
        setValue({
          domains: outline?.domains.map((d) => ({ id: d.id, name: d.name })) ?? [],
          tasks:
            outline?.domains.flatMap((d) =>
              d.subdomains.flatMap((s) => s.tasks.map((t) => ({ ...t, domain: d.id }))),
            ) ?? [],
        });
      },
      () => live && setValue({ tasks: [], domains: [] }),
    );
    return () => {
      live = false;
    };
  }, [exam]);
  return value;
}
