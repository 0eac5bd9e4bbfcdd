/** What the authors' pages share: the item types and statuses, a working copy's shape, and the outline's tasks. */
import type { AuthoredItemJson, Finding, LintCheck } from "../../../../src/core/api/authoring.js";
import { itemTypes } from "../../../../src/core/items/item.js";
import { call, endpoints } from "../../api.js";
import { outlineInForce } from "../../lib/outline.js";
import { useApi } from "../../lib/use-api.js";

/** The item types, as the core defines them. */
export const TYPES = itemTypes;
export type ItemType = (typeof TYPES)[number];
export const STATUSES = ["draft", "review", "live", "retired"] as const;

/** An item as authored (the JSON form of the YAML files); fields the editor does not show are kept. */
export type Draft = AuthoredItemJson;
export type Option = NonNullable<Draft["options"]>[number];
export type { Finding, LintCheck as Check };
export interface Task {
  id: string;
  text: string;
  domain: string;
}

const NONE = { tasks: [], domains: [] };

/** The task statements of a certification's outlines, for the editor's and the filters' lists. */
export function useTasks(exam: string): { tasks: Task[]; domains: { id: string; name: string }[] } {
  const loaded = useApi(
    () =>
      call(endpoints.certification, { params: { id: exam } }).then((c) => {
        const outline = outlineInForce(c);
        return {
          domains: outline?.domains.map((d) => ({ id: d.id, name: d.name })) ?? [],
          tasks:
            outline?.domains.flatMap((d) =>
              d.subdomains.flatMap((s) => s.tasks.map((t) => ({ ...t, domain: d.id }))),
            ) ?? [],
        };
      }),
    [exam],
  );
  return (loaded.error ? null : loaded.data) ?? NONE;
}
