/** Small SVG charts for the report: share right by domain, time per item against pace, θ with its band. */
import { useId } from "react";
import type { Report } from "../../../src/core/scoring/report.js";

const W = 640;

/**
 * Share right in each domain, one bar each, coloured by proficiency (Above, Near, Below the
 * standard). Drawn with HTML rather than SVG so its text stays legible on a phone.
 */
/** Below this many scored items a domain's proficiency cannot be told apart from "Near". */
const FEW_ITEMS = 5;

export function DomainChart({ domains }: { domains: Report["domains"] }) {
  return (
    <ul className="domain-bars" aria-label="Share of items right in each domain">
      {domains.map((d) => {
        const share = d.scored ? d.correct / d.scored : 0;
        // With a handful of items a domain is always "Near": say why instead.
        const few = d.proficiency === "Near" && d.scored < FEW_ITEMS;
        return (
          <li key={d.id} className="domain-row">
            <span className="domain-name">
              {d.id}. {d.name}
            </span>
            <span className="bar" aria-hidden="true">
              <span
                className={`fill ${d.proficiency.toLowerCase()}`}
                style={{ width: `${Math.round(share * 100)}%` }}
              />
            </span>
            <span className="domain-score">
              {d.correct} of {d.scored} right · {few ? "too few items to tell" : d.proficiency}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

export function PaceChart({ items, paceMs }: { items: Report["items"]; paceMs: number }) {
  const titleId = useId();
  const height = 140;
  const max = Math.max(paceMs * 2, ...items.map((i) => i.timeMs), 1);
  const bar = (W - 40) / Math.max(items.length, 1);
  const y = (ms: number) => height - 20 - (ms / max) * (height - 30);
  return (
    <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={titleId} className="chart">
      <title id={titleId}>
        Time on each item against the exam's pace of {Math.round(paceMs / 1000)} seconds an item
      </title>
      {items.map((it, k) => (
        <rect
          key={it.id}
          x={30 + k * bar}
          y={y(it.timeMs)}
          width={Math.max(bar - 1, 1)}
          height={height - 20 - y(it.timeMs)}
          fill={it.timeMs > paceMs ? "#a51d1d" : "#0b5394"}
        />
      ))}
      <line x1={30} x2={W - 10} y1={y(paceMs)} y2={y(paceMs)} stroke="#1a1a1a" strokeDasharray="4 3" />
      <text x={32} y={y(paceMs) - 4} fontSize={11}>
        pace
      </text>
      <text x={30} y={12} fontSize={11}>
        up to {Math.round(max / 1000)} s
      </text>
      <text x={30} y={height - 4} fontSize={11}>
        item 1
      </text>
      <text x={W - 60} y={height - 4} fontSize={11}>
        item {items.length}
      </text>
    </svg>
  );
}

export function ThetaChart({
  selections,
  cut = 0,
}: {
  selections: { theta: number; se: number }[];
  cut?: number;
}) {
  const titleId = useId();
  const height = 180;
  const lo = -4;
  const hi = 4;
  const x = (k: number) => 30 + (k / Math.max(selections.length - 1, 1)) * (W - 50);
  const y = (t: number) => 10 + ((hi - Math.max(lo, Math.min(hi, t))) / (hi - lo)) * (height - 30);
  const upper = selections.map((s, k) => `${x(k)},${y(s.theta + 1.96 * s.se)}`).join(" ");
  const lower = selections
    .map((s, k) => `${x(k)},${y(s.theta - 1.96 * s.se)}`)
    .reverse()
    .join(" ");
  return (
    <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={titleId} className="chart">
      <title id={titleId}>
        Ability estimate and its 95% band after each item, against the passing standard
      </title>
      {selections.length > 1 && <polygon points={`${upper} ${lower}`} fill="#cfe0f1" />}
      <polyline
        points={selections.map((s, k) => `${x(k)},${y(s.theta)}`).join(" ")}
        fill="none"
        stroke="#0b5394"
        strokeWidth={2}
      />
      {selections.map((s, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one point per item, in order
        <circle key={k} cx={x(k)} cy={y(s.theta)} r={3} fill="#0b5394">
          <title>
            After item {k + 1}: θ {s.theta.toFixed(2)}, 95% band {(s.theta - 1.96 * s.se).toFixed(2)} to{" "}
            {(s.theta + 1.96 * s.se).toFixed(2)}
          </title>
        </circle>
      ))}
      <line x1={30} x2={W - 20} y1={y(cut)} y2={y(cut)} stroke="#a51d1d" strokeDasharray="4 3" />
      <text x={W - 110} y={y(cut) - 4} fontSize={11}>
        passing standard
      </text>
      <text x={30} y={height - 4} fontSize={11}>
        item 1
      </text>
      <text x={W - 70} y={height - 4} fontSize={11}>
        item {selections.length}
      </text>
      <text x={32} y={14} fontSize={11}>
        higher ability ↑ (line: estimate; shaded: 95% range)
      </text>
    </svg>
  );
}
