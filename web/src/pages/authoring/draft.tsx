import type { Diagram, RegionShape } from "../../../../src/core/items/hotspot.js";
import { matchedMisconception, type NumericItem } from "../../../../src/core/items/numeric.js";
import type { ItemView } from "../../api.js";
import type { Draft, ItemType } from "./shared.js";

export const LETTERS = "ABCDEFGHIJ";

export function blank(type: ItemType, task: string, id: string): Draft {
  const base = { id, type, outlines: [task], stem: "", explanation: "", references: [], tags: [] };
  if (type === "numeric")
    return { ...base, key: { value: 0, tolerance: 0, unit: "" }, rationale: "", misconceptions: [] };
  const options = [0, 1, 2, 3].map((i) => ({ id: LETTERS[i]!, text: "", rationale: "" }));
  if (type === "single-choice") return { ...base, options, key: "A" };
  if (type === "multiple-response") return { ...base, options, key: ["A", "B"] };
  if (type === "ordering") return { ...base, options, key: ["A", "B", "C", "D"] };
  if (type === "hotspot") {
    // A starter diagram: four boxes in a row, each outlined by a region, for the author to redraw.
    const boxes = [0, 1, 2, 3].map((i) => ({ x: 20 + 150 * i, y: 60, w: 110, h: 44, label: `Box ${i + 1}` }));
    return {
      ...base,
      diagram: { width: 620, height: 160, boxes, links: [], notes: [] },
      options: options.map((o, i) => ({
        ...o,
        shape: { kind: "rect", x: boxes[i]!.x - 4, y: 56, w: 118, h: 52 },
      })),
      key: "A",
    };
  }
  return {
    ...base,
    options,
    categories: [
      { id: "a", text: "" },
      { id: "b", text: "" },
    ],
    key: { A: "a", B: "a", C: "b", D: "b" },
  };
}

/** What is sent to the server: the authored fields, without what the bank adds (scenario, status). */
export function authored(d: Draft): Record<string, unknown> {
  const { scenario: _s, generated: _g, status: _st, ...rest } = d;
  const out: Record<string, unknown> = { ...rest };
  if (!d.explanation) delete out.explanation;
  return out;
}

/** The item as a candidate receives it, in authored order (delivery may shuffle the options). */
export function asDelivered(d: Draft, response: unknown, struck: string[], showFeedback: boolean): ItemView {
  const options = (d.options ?? []).map((o, i) => ({
    id: o.id,
    label: LETTERS[i]!,
    text: o.text,
    ...(d.type === "hotspot" ? { shape: (o as { shape?: RegionShape }).shape } : {}),
  }));
  const key = d.key;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const correct =
    d.type === "numeric"
      ? typeof response === "number" &&
        Math.abs(response - (key as { value: number }).value) <= (key as { tolerance: number }).tolerance
      : d.type === "multiple-response"
        ? Array.isArray(response) && same([...response].sort(), [...(key as string[])].sort())
        : same(response, key);
  return {
    id: `preview-${d.id}`,
    type: d.type,
    stem: d.stem,
    scenario: d.scenario,
    options: d.type === "numeric" ? [] : options,
    categories: d.categories,
    select: d.type === "multiple-response" ? (key as string[]).length : undefined,
    unit: d.type === "numeric" ? (key as { unit: string }).unit : undefined,
    diagram: d.type === "hotspot" ? (d.diagram as Diagram) : undefined,
    response,
    confidence: null,
    flagged: false,
    struck,
    final: showFeedback,
    feedback: showFeedback
      ? {
          key,
          correct,
          explanation: d.explanation || null,
          task: d.outlines[0] ?? "",
          references: d.references ?? [],
          // The same rule the player uses for a delivered item.
          misconception:
            d.type === "numeric"
              ? (matchedMisconception(
                  { key, misconceptions: d.misconceptions ?? [] } as unknown as NumericItem,
                  response,
                ) ?? null)
              : null,
          rationales:
            d.type === "numeric"
              ? [{ id: "", label: "", rationale: d.rationale ?? "" }]
              : (d.options ?? []).map((o, i) => ({ id: o.id, label: LETTERS[i]!, rationale: o.rationale })),
        }
      : null,
  };
}
