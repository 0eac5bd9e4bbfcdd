/**
 * A hotspot item's diagram, drawn from its plain data (boxes, links, notes: no markup reaches the page),
 * with its regions as keyboard-selectable controls: Tab or the arrow keys move between regions, Enter
 * or Space chooses one; each region is a radio named by its letter and name, with a visible focus ring
 * and a visible chosen state. Used by the player, the authors' preview, the feedback and the report.
 */
import { useRef } from "react";
import {
  type Diagram,
  diagramSchema,
  type RegionShape,
  regionLabelPoint,
  regionShapeSchema,
} from "../../../src/core/items/hotspot.js";

export interface HotspotRegion {
  id: string;
  label: string;
  text: string;
  shape?: RegionShape;
}

/** How a region is marked once the key may be shown: the key, or the candidate's wrong choice. */
export type RegionMark = "key" | "wrong" | undefined;

function Shape({ shape, className }: { shape: RegionShape; className: string }) {
  if (shape.kind === "rect")
    return <rect className={className} x={shape.x} y={shape.y} width={shape.w} height={shape.h} rx={4} />;
  if (shape.kind === "circle")
    return <circle className={className} cx={shape.cx} cy={shape.cy} r={shape.r} />;
  return <polygon className={className} points={shape.points.map((p) => p.join(",")).join(" ")} />;
}

/** The drawing under the regions: zones, then links, then the other boxes, then notes. */
function Drawing({ diagram }: { diagram: Diagram }) {
  const zones = diagram.boxes.filter((b) => b.kind === "zone");
  const boxes = diagram.boxes.filter((b) => b.kind !== "zone");
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: nothing in the drawing is focusable; the regions and their names carry it
    <g aria-hidden="true">
      {zones.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the diagram's boxes never reorder
        <g key={`z${i}`} className="hs-zone">
          <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={6} />
          <text x={b.x + b.w / 2} y={b.y + 14} textAnchor="middle">
            {b.label}
          </text>
        </g>
      ))}
      {diagram.links.map((l, i) => {
        const mid = l.points[Math.floor((l.points.length - 1) / 2)]!;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the diagram's links never reorder
          <g key={`l${i}`} className={l.dashed ? "hs-link dashed" : "hs-link"}>
            <polyline points={l.points.map((p) => p.join(",")).join(" ")} />
            {l.label && (
              <text x={mid[0] + 4} y={mid[1] - 4}>
                {l.label}
              </text>
            )}
          </g>
        );
      })}
      {boxes.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the diagram's boxes never reorder
        <g key={`b${i}`} className={`hs-box ${b.kind}`}>
          <rect
            x={b.x}
            y={b.y}
            width={b.w}
            height={b.h}
            rx={b.kind === "cloud" || b.kind === "person" ? 18 : 4}
          />
          <text x={b.x + b.w / 2} y={b.y + b.h / 2} textAnchor="middle" dominantBaseline="middle">
            {b.label}
          </text>
        </g>
      ))}
      {diagram.notes.map((n, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the diagram's notes never reorder
        <text key={`n${i}`} className="hs-note" x={n.x} y={n.y}>
          {n.text}
        </text>
      ))}
    </g>
  );
}

export function HotspotDiagram({
  itemId,
  diagram,
  regions,
  chosen,
  disabled,
  onChoose,
  marks,
}: {
  itemId: string;
  diagram: Diagram;
  regions: readonly HotspotRegion[];
  chosen: string | null;
  disabled?: boolean;
  onChoose?: (regionId: string) => void;
  marks?: ReadonlyMap<string, RegionMark>;
}) {
  const refs = useRef(new Map<string, SVGGElement>());
  // An author's preview may hold a diagram or a shape being typed: draw only what is whole.
  const parsed = diagramSchema.safeParse(diagram);
  if (!parsed.success)
    return <p className="error">The diagram cannot be drawn yet: {parsed.error.issues[0]?.message}</p>;
  diagram = parsed.data;
  const interactive = Boolean(onChoose) && !disabled;
  const focusAt = (i: number) => {
    const r = regions[(i + regions.length) % regions.length]!;
    refs.current.get(r.id)?.focus();
  };
  return (
    <div className="hotspot">
      <div
        role="radiogroup"
        aria-label="Diagram: choose one region"
        aria-disabled={!interactive || undefined}
      >
        <svg viewBox={`0 0 ${diagram.width} ${diagram.height}`} role="none" className="hotspot-diagram">
          <Drawing diagram={diagram} />
          {regions.map((r, i) => {
            const shape = regionShapeSchema.safeParse(r.shape);
            if (!shape.success) return null;
            const [lx, ly] = regionLabelPoint(shape.data);
            const mark = marks?.get(r.id);
            const cls = ["hs-region", chosen === r.id ? "chosen" : "", mark ?? ""].filter(Boolean).join(" ");
            return (
              // biome-ignore lint/a11y/useSemanticElements: a region is a shape in an SVG, where no <input type="radio"> can go
              <g
                key={r.id}
                ref={(el) => {
                  if (el) refs.current.set(r.id, el);
                  else refs.current.delete(r.id);
                }}
                className={cls}
                role="radio"
                aria-checked={chosen === r.id}
                aria-label={`${r.label}: ${r.text}${mark === "key" ? " (correct answer)" : mark === "wrong" ? " (your answer)" : ""}`}
                aria-disabled={!interactive || undefined}
                tabIndex={interactive ? 0 : -1}
                data-region={`${itemId}:${r.label}`}
                onClick={() => interactive && onChoose!(r.id)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    e.stopPropagation();
                    if (interactive) onChoose!(r.id);
                  } else if (e.key === "ArrowRight" || e.key === "ArrowDown") {
                    e.preventDefault();
                    e.stopPropagation();
                    focusAt(i + 1);
                  } else if (e.key === "ArrowLeft" || e.key === "ArrowUp") {
                    e.preventDefault();
                    e.stopPropagation();
                    focusAt(i - 1);
                  }
                }}
              >
                <Shape shape={shape.data} className="hs-area" />
                <text x={lx} y={ly} className="hs-letter" textAnchor="middle" dominantBaseline="middle">
                  {r.label}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <ul className="hs-legend" aria-hidden="true">
        {regions.map((r) => (
          <li key={r.id} className={chosen === r.id ? "chosen" : undefined}>
            <span className="letter">{r.label}</span> {r.text}
            {marks?.get(r.id) === "key" && <span className="answer-mark right">✓ correct answer</span>}
            {marks?.get(r.id) === "wrong" && <span className="answer-mark wrong">✗ your answer</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
