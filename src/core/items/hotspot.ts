/**
 * Hotspot items: the candidate picks one region of a diagram (where to place a control, which link
 * is the weak point). The diagram is not markup: it is authored as plain data (boxes, links and
 * notes in the diagram's own coordinates) and every client draws it from that data, so no script,
 * event handler or external reference can reach a candidate's browser. `diagramSvg` draws it as a
 * standalone SVG document from a fixed set of elements, escaping every text; `svgSafetyProblems`
 * checks such markup, and the bank linter runs it on every hotspot item's drawing.
 *
 * The regions are the item's options (lettered A, B, C… as authored, each with an accessible name,
 * a rationale and a shape: rect, circle or polygon), so delivery gives them opaque, seeded ids and a
 * shuffled position like any other option. One region is the key: a hotspot asks for the single best
 * place, as the real exam's do.
 */
import { z } from "zod";
import { type Grade, gradeOneChoice, itemBase, optionId } from "./common.js";

/** Diagram text: one short line of plain words (no markup, no links). */
const diagramText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(48, "must be at most 48 characters: diagram labels are one short line");
/** A note under or beside the drawing: one line of plain words. */
const noteText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(90, "must be at most 90 characters: a note is one line");
const coordinate = z.number().min(0, "must be 0 or more").max(1600, "must be at most 1600");
const size = z.number().positive("must be more than 0").max(1600, "must be at most 1600");
const point = z.tuple([coordinate, coordinate]);

/** The kinds of box a diagram draws: a zone is a dashed area holding other boxes. */
export const boxKinds = ["node", "zone", "store", "person", "cloud"] as const;

export const diagramSchema = z.strictObject({
  width: z.number().int().min(200).max(1600),
  height: z.number().int().min(100).max(1600),
  boxes: z
    .array(
      z.strictObject({
        x: coordinate,
        y: coordinate,
        w: size,
        h: size,
        label: diagramText,
        kind: z.enum(boxKinds).default("node"),
      }),
    )
    .min(1)
    .max(40),
  links: z
    .array(
      z.strictObject({
        points: z.array(point).min(2).max(8),
        label: diagramText.optional(),
        dashed: z.boolean().default(false),
      }),
    )
    .max(40)
    .default([]),
  notes: z
    .array(z.strictObject({ x: coordinate, y: coordinate, text: noteText }))
    .max(20)
    .default([]),
});
export type Diagram = z.output<typeof diagramSchema>;

export const regionShapeSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("rect"), x: coordinate, y: coordinate, w: size, h: size }),
  z.strictObject({ kind: z.literal("circle"), cx: coordinate, cy: coordinate, r: size }),
  z.strictObject({ kind: z.literal("polygon"), points: z.array(point).min(3).max(12) }),
]);
export type RegionShape = z.output<typeof regionShapeSchema>;

export const regionSchema = z.strictObject({
  id: optionId,
  /** The region's accessible name, read out and listed: where it is, never whether it is right. */
  text: z.string().trim().min(1, "must not be empty"),
  /** Why this region is the place, or the misconception that makes it attractive and wrong. */
  rationale: z.string().trim().min(1, "must not be empty"),
  shape: regionShapeSchema,
});
export type Region = z.output<typeof regionSchema>;

export const hotspotSchema = z.strictObject({
  ...itemBase,
  type: z.literal("hotspot"),
  diagram: diagramSchema,
  /** The selectable regions, in the diagram's coordinates. */
  options: z.array(regionSchema).min(3).max(8),
  key: optionId,
});
export type HotspotItem = z.output<typeof hotspotSchema>;

/** A response is the chosen region's id. */
export const hotspotResponse = optionId;

export function gradeHotspot(item: HotspotItem, response: string | null | undefined): Grade {
  return gradeOneChoice(item.key, response);
}

/** Whether point (x, y) lies inside `shape` (edges count as inside). */
export function shapeContains(shape: RegionShape, x: number, y: number): boolean {
  switch (shape.kind) {
    case "rect":
      return x >= shape.x && x <= shape.x + shape.w && y >= shape.y && y <= shape.y + shape.h;
    case "circle":
      return (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= shape.r ** 2;
    case "polygon": {
      let inside = false;
      const p = shape.points;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        const [xi, yi] = p[i]!;
        const [xj, yj] = p[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    }
  }
}

/** The bounding box of a shape: [x, y, w, h]. */
export function shapeBounds(shape: RegionShape): [number, number, number, number] {
  switch (shape.kind) {
    case "rect":
      return [shape.x, shape.y, shape.w, shape.h];
    case "circle":
      return [shape.cx - shape.r, shape.cy - shape.r, 2 * shape.r, 2 * shape.r];
    case "polygon": {
      const xs = shape.points.map((p) => p[0]);
      const ys = shape.points.map((p) => p[1]);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
    }
  }
}

/** Where a region's letter is drawn: the centre of its bounds (the centroid's stand-in). */
export function shapeCentre(shape: RegionShape): [number, number] {
  const [x, y, w, h] = shapeBounds(shape);
  return [x + w / 2, y + h / 2];
}

/**
 * Where a region's letter is drawn: the centre of a small region, the top-left corner of a large one
 * (whose centre holds the label of the box it outlines).
 */
export function regionLabelPoint(shape: RegionShape): [number, number] {
  const [x, y, w, h] = shapeBounds(shape);
  if (shape.kind === "circle" || w < 48 || h < 34) return shapeCentre(shape);
  return [x + 9, y + 11];
}

/** Sampling step, in diagram units, for measuring areas shared by two regions. */
const SAMPLE_STEP = 2;

/** The area (in square diagram units, sampled on a 2-unit grid) that two shapes share. */
export function sharedArea(a: RegionShape, b: RegionShape): number {
  const [ax, ay, aw, ah] = shapeBounds(a);
  const [bx, by, bw, bh] = shapeBounds(b);
  const x0 = Math.max(ax, bx);
  const y0 = Math.max(ay, by);
  const x1 = Math.min(ax + aw, bx + bw);
  const y1 = Math.min(ay + ah, by + bh);
  if (x1 <= x0 || y1 <= y0) return 0;
  let n = 0;
  for (let x = x0 + SAMPLE_STEP / 2; x < x1; x += SAMPLE_STEP)
    for (let y = y0 + SAMPLE_STEP / 2; y < y1; y += SAMPLE_STEP)
      if (shapeContains(a, x, y) && shapeContains(b, x, y)) n++;
  return n * SAMPLE_STEP * SAMPLE_STEP;
}

/** The SVG elements and attributes `diagramSvg` may write; anything else in markup is refused. */
const SAFE_ELEMENTS = new Set([
  "svg",
  "title",
  "g",
  "rect",
  "circle",
  "polygon",
  "polyline",
  "text",
  "ellipse",
]);
const SAFE_ATTRIBUTES = new Set([
  "xmlns",
  "viewBox",
  "width",
  "height",
  "role",
  "aria-label",
  "x",
  "y",
  "rx",
  "ry",
  "cx",
  "cy",
  "r",
  "points",
  "fill",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "text-anchor",
  "dominant-baseline",
  "font-size",
  "font-family",
  "class",
]);

/**
 * Why `markup` is not a safe SVG drawing, one sentence each (empty when it is): only the elements and
 * attributes `diagramSvg` writes, no script, no event handler, no reference to anything outside it
 * (href, url(), entities, processing instructions).
 */
export function svgSafetyProblems(markup: string): string[] {
  const problems: string[] = [];
  if (/<!|<\?/.test(markup)) problems.push("holds a declaration, entity or processing instruction");
  for (const m of markup.matchAll(/<\/?\s*([A-Za-z][\w:-]*)([^>]*)>/g)) {
    const name = m[1]!;
    if (!SAFE_ELEMENTS.has(name)) problems.push(`uses the element <${name}>, which diagrams may not use`);
    for (const a of m[2]!.matchAll(/([^\s=/]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)/g)) {
      const attr = a[1]!;
      const value = a[2]!;
      if (/^on/i.test(attr)) problems.push(`has an event handler (${attr})`);
      else if (!SAFE_ATTRIBUTES.has(attr))
        problems.push(`uses the attribute ${attr}, which diagrams may not use`);
      else if (attr !== "xmlns" && /url\s*\(|javascript:|data:|https?:|\/\//i.test(value))
        problems.push(`refers to something outside the drawing (${attr}=${value})`);
      else if (attr === "xmlns" && value !== '"http://www.w3.org/2000/svg"')
        problems.push(`declares the namespace ${value}, not SVG's`);
    }
  }
  return [...new Set(problems)];
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const n = (x: number) => String(Math.round(x * 100) / 100);

/**
 * The diagram as a standalone SVG document, with the regions outlined and lettered by `labels`
 * (region id → letter shown; authored letters when absent). Text is escaped; the elements are fixed.
 */
export function diagramSvg(item: HotspotItem, labels?: ReadonlyMap<string, string>): string {
  const { diagram } = item;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${diagram.width} ${diagram.height}" role="img" aria-label="${escapeXml(item.id)} diagram">`,
  ];
  const drawLinks = () => {
    for (const l of diagram.links) {
      const pts = l.points.map(([x, y]) => `${n(x)},${n(y)}`).join(" ");
      out.push(
        `<polyline points="${pts}" fill="none" stroke="#333"${l.dashed ? ' stroke-dasharray="4 3"' : ""}/>`,
      );
      if (l.label) {
        const [x, y] = l.points[Math.floor((l.points.length - 1) / 2)]!;
        out.push(`<text x="${n(x + 4)}" y="${n(y - 4)}" font-size="10">${escapeXml(l.label)}</text>`);
      }
    }
  };
  // Zones first, then links, then the other boxes over the links' ends.
  const boxes = [
    ...diagram.boxes.filter((b) => b.kind === "zone"),
    ...diagram.boxes.filter((b) => b.kind !== "zone"),
  ];
  const zones = boxes.filter((b) => b.kind === "zone").length;
  boxes.forEach((b, i) => {
    if (i === zones) drawLinks();
    const dash = b.kind === "zone" ? ' stroke-dasharray="6 4"' : "";
    const rx = b.kind === "cloud" || b.kind === "person" ? 18 : 4;
    out.push(
      `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.w)}" height="${n(b.h)}" rx="${rx}" fill="${b.kind === "zone" ? "none" : "#f4f4f4"}" stroke="#333"${dash}/>`,
      `<text x="${n(b.x + b.w / 2)}" y="${n(b.kind === "zone" ? b.y + 14 : b.y + b.h / 2)}" text-anchor="middle" dominant-baseline="middle" font-size="12">${escapeXml(b.label)}</text>`,
    );
  });
  if (zones === boxes.length) drawLinks();
  for (const t of diagram.notes)
    out.push(`<text x="${n(t.x)}" y="${n(t.y)}" font-size="11">${escapeXml(t.text)}</text>`);
  for (const r of item.options) {
    const s = r.shape;
    const style = 'fill="none" stroke="#0057b8" stroke-width="2" stroke-dasharray="3 2"';
    if (s.kind === "rect")
      out.push(`<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" ${style}/>`);
    else if (s.kind === "circle")
      out.push(`<circle cx="${n(s.cx)}" cy="${n(s.cy)}" r="${n(s.r)}" ${style}/>`);
    else out.push(`<polygon points="${s.points.map(([x, y]) => `${n(x)},${n(y)}`).join(" ")}" ${style}/>`);
    const [cx, cy] = regionLabelPoint(s);
    out.push(
      `<text x="${n(cx)}" y="${n(cy)}" text-anchor="middle" dominant-baseline="middle" font-size="13" fill="#0057b8">${escapeXml(labels?.get(r.id) ?? r.id)}</text>`,
    );
  }
  out.push("</svg>");
  return out.join("\n");
}
