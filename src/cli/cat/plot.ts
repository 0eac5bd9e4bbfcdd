/** The simulation plot: conditional SE by θ band (bars) and item exposure rates (sorted curve), as SVG. */
import type { SimulationSummary } from "../../core/cat/simulate.js";

export function simulationSvg(
  summary: SimulationSummary,
  exposureRates: readonly number[],
  title: string,
): string {
  const W = 760;
  const H = 320;
  const pad = 48;
  const half = (W - 3 * pad) / 2;
  const plotH = H - 2 * pad;
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`,
  ];
  // Left: mean SE per true-θ band.
  const bands = summary.conditionalSe;
  const maxSe = Math.max(0.5, ...bands.map((b) => b.meanSe));
  const bw = bands.length ? half / bands.length : half;
  parts.push(
    `<text x="${pad + half / 2}" y="${pad - 8}" text-anchor="middle">Conditional SE by true θ</text>`,
  );
  parts.push(
    `<line x1="${pad}" y1="${pad + plotH}" x2="${pad + half}" y2="${pad + plotH}" stroke="#333"/>`,
    `<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${pad + plotH}" stroke="#333"/>`,
  );
  bands.forEach((b, i) => {
    const h = (b.meanSe / maxSe) * plotH;
    const x = pad + i * bw + 4;
    parts.push(
      `<rect x="${x}" y="${pad + plotH - h}" width="${bw - 8}" height="${h}" fill="#3b6ea5"><title>${esc(b.band)}: mean SE ${b.meanSe}, ${b.examinees} examinees</title></rect>`,
      `<text x="${x + (bw - 8) / 2}" y="${pad + plotH + 14}" text-anchor="middle">${esc(b.band)}</text>`,
      `<text x="${x + (bw - 8) / 2}" y="${pad + plotH - h - 4}" text-anchor="middle">${b.meanSe.toFixed(2)}</text>`,
    );
  });
  // Right: exposure rates, items sorted from most to least used.
  const x0 = 2 * pad + half;
  const sorted = [...exposureRates].sort((a, b) => b - a);
  const maxRate = Math.max(0.05, sorted[0] ?? 0);
  parts.push(
    `<text x="${x0 + half / 2}" y="${pad - 8}" text-anchor="middle">Item exposure rate (items sorted)</text>`,
  );
  parts.push(
    `<line x1="${x0}" y1="${pad + plotH}" x2="${x0 + half}" y2="${pad + plotH}" stroke="#333"/>`,
    `<line x1="${x0}" y1="${pad}" x2="${x0}" y2="${pad + plotH}" stroke="#333"/>`,
  );
  const step = Math.max(1, Math.floor(sorted.length / 400));
  const points: string[] = [];
  for (let i = 0; i < sorted.length; i += step) {
    points.push(
      `${(x0 + (i / Math.max(1, sorted.length - 1)) * half).toFixed(1)},${(pad + plotH - (sorted[i]! / maxRate) * plotH).toFixed(1)}`,
    );
  }
  parts.push(`<polyline fill="none" stroke="#b5523b" stroke-width="2" points="${points.join(" ")}"/>`);
  parts.push(
    `<text x="${x0 - 4}" y="${pad + 4}" text-anchor="end">${maxRate.toFixed(2)}</text>`,
    `<text x="${x0 - 4}" y="${pad + plotH}" text-anchor="end">0</text>`,
  );
  parts.push(
    `<text x="${x0 + half}" y="${pad + plotH + 14}" text-anchor="end">${sorted.length} items; ${Math.round(summary.exposure.unused * 100)}% never used</text>`,
  );
  parts.push("</svg>");
  return parts.join("\n");
}
