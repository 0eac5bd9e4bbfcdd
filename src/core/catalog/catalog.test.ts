import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../store/content/content-dir.js";
import { buildCatalog, type CatalogSourceFile } from "./catalog.js";
import { describeExam } from "./describe.js";
import { outlineAsOf } from "./outline-in-force.js";

const dir = join(contentDir(), "catalog");
const files: CatalogSourceFile[] = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), "utf8") }));

/** The bundled files with one of them edited. */
function withEdit(file: string, edit: (text: string) => string, rename?: string): CatalogSourceFile[] {
  return files.map((f) => {
    if (f.file !== file) return f;
    const text = edit(f.text);
    expect(text).not.toBe(f.text);
    return { file: rename ?? f.file, text };
  });
}

function lineOf(file: string, needle: string): number {
  const text = files.find((f) => f.file === file)!.text;
  return text.slice(0, text.indexOf(needle)).split("\n").length;
}

describe("the bundled catalog", () => {
  const catalog = buildCatalog(files);

  it("loads and every captured outline's weights sum to 100", () => {
    expect(catalog.certifications.length).toBeGreaterThanOrEqual(7);
    for (const c of catalog.certifications) {
      for (const o of c.outlines.filter((x) => x.detailsCaptured)) {
        expect(o.domains.reduce((s, d) => s + d.weight, 0)).toBeCloseTo(100, 6);
      }
    }
  });

  it("has unique task ids across the catalog", () => {
    const ids = catalog.certifications.flatMap((c) =>
      c.outlines.flatMap((o) =>
        o.domains.flatMap((d) => d.subdomains.flatMap((s) => s.tasks.map((t) => `${o.id}/${t.id}`))),
      ),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("finds the outline in force for each date", () => {
    const cism = catalog.certifications.find((c) => c.id === "cism")!;
    expect(outlineAsOf(cism, "2023-01-01").outline.id).toBe("2022");
    expect(outlineAsOf(cism, "2023-01-01").warnings.join()).toMatch(/2026-11-03/);
    const cissp = catalog.certifications.find((c) => c.id === "cissp")!;
    expect(outlineAsOf(cissp, "2024-04-14").outline.id).toBe("2021");
    expect(outlineAsOf(cissp, "2024-04-15").outline.id).toBe("2024");
    expect(outlineAsOf(cissp, "2024-04-15").warnings).toEqual([]);
  });

  it("holds topics under every CISSP 2024 subdomain and keeps the ids held before them", () => {
    const cissp = catalog.certifications.find((c) => c.id === "cissp")!;
    const outline = cissp.outlines.find((o) => o.id === "2024")!;
    const subdomains = outline.domains.flatMap((d) => d.subdomains);
    // Items name topics, and the bank needs items in every subdomain, so none may be empty.
    expect(subdomains.length).toBe(62);
    for (const s of subdomains) expect(s.tasks.length, `subdomain ${s.id}`).toBeGreaterThan(0);
    // Ids the catalog held before the outline was completed (1.1, 1.2 and domain 8) still resolve.
    const ids = new Set(subdomains.flatMap((s) => s.tasks.map((t) => t.id)));
    const earlier = [
      "1.1.1",
      "1.1.2",
      "1.2.1",
      ...[1, 2, 3, 4, 5].map((n) => `8.1.${n}`),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `8.2.${n}`),
      "8.3.1",
      "8.3.2",
      ...[1, 2, 3, 4].map((n) => `8.4.${n}`),
      ...[1, 2, 3, 4].map((n) => `8.5.${n}`),
    ];
    for (const n of earlier) expect(ids.has(`cissp:${n}`), `cissp:${n}`).toBe(true);
    // A topic kept only for its id (SOAR left 8.2 in 2024) is flagged on its subdomain with the reason.
    const soar = subdomains.find((s) => s.id === "8.2")!;
    expect(soar.tasks[6]!.text).toMatch(/SOAR/);
    expect(soar.unverified).toMatch(/cissp:8\.2\.7/);
  });

  it("describes every exam's length in one style", () => {
    const summary = (id: string) => describeExam(catalog.certifications.find((c) => c.id === id)!);
    expect(summary("issmp")).toMatch(/ in 3 h;/);
    expect(summary("aaia")).toMatch(/ in 2 h 30 min;/);
    expect(summary("cism")).toMatch(/ in 4 h;/);
  });
});

describe("a broken catalog file", () => {
  it.each([
    [
      "weights that do not sum to 100",
      "issmp.yaml",
      (t: string) => t.replace("weight: 21", "weight: 22"),
      /^issmp\.yaml:\d+: at outlines\[0\]\.domains: weights sum to 101, not 100$/,
    ],
    [
      "a task id out of sequence",
      "issmp.yaml",
      (t: string) => t.replace('id: "issmp:3.3.2"', 'id: "issmp:3.3.1"'),
      new RegExp(
        `^issmp\\.yaml:${lineOf("issmp.yaml", 'id: "issmp:3.3.2"')}: at outlines\\[0\\]\\.domains\\[2\\]\\.subdomains\\[2\\]\\.tasks\\[1\\]\\.id: is "issmp:3.3.1"; task 2 of 3.3 must be "issmp:3.3.2"$`,
      ),
    ],
    [
      "a subdomain in the wrong domain",
      "issmp.yaml",
      (t: string) => t.replace('id: "2.4"', 'id: "3.9"'),
      /at outlines\[0\]\.domains\[1\]\.subdomains\[3\]\.id: "3\.9" does not belong to domain 2/,
    ],
    [
      "an unknown source key",
      "issmp.yaml",
      (t: string) =>
        t.replace("sources: [SEED-ISSMP, ISC2-NONCISSP]\nlaunched", "sources: [SEED-ISSMP, NOPE]\nlaunched"),
      /^issmp\.yaml:\d+: at level\.sources\[1\]: names source "NOPE", which is not in this file's sources$/,
    ],
    [
      "a YAML syntax error",
      "issmp.yaml",
      (t: string) => t.replace("focus: [management, governance, risk]", "focus: [management, governance"),
      /^issmp\.yaml:\d+: is not valid YAML: /,
    ],
    [
      "a missing required field",
      "issmp.yaml",
      (t: string) => t.replace(/^issuer: ISC2\n/m, ""),
      /^issmp\.yaml:\d+: at issuer: is required$/,
    ],
    [
      "a wrong enumeration value",
      "issmp.yaml",
      (t: string) => t.replace("delivery: linear", "delivery: lineal"),
      new RegExp(
        `^issmp\\.yaml:${lineOf("issmp.yaml", "delivery: linear")}: at exam\\.delivery: must be one of "linear", "adaptive"$`,
      ),
    ],
    [
      "an unknown prerequisite credential",
      "issmp.yaml",
      (t: string) => t.replace("anyOf: [cissp]", "anyOf: [cisspp]"),
      /at eligibility\.paths\[0\]\.requires\[0\]\.anyOf\[0\]: names unknown credential "cisspp"/,
    ],
    [
      "a passing score outside the scale",
      "issmp.yaml",
      (t: string) => t.replace("passing: 700", "passing: 1700"),
      /at exam\.scale\.passing: must lie strictly between the scale minimum and maximum/,
    ],
    [
      "a passing score at the top of the scale",
      "issmp.yaml",
      (t: string) => t.replace("passing: 700", "passing: 1000"),
      /at exam\.scale\.passing: must lie strictly between the scale minimum and maximum/,
    ],
    [
      "a scale in fractions of a point",
      "issmp.yaml",
      (t: string) => t.replace("passing: 700", "passing: 700.5"),
      /at exam\.scale\.passing: must be a whole number \(got 700\.5\)/,
    ],
  ])("is rejected with file, line and path: %s", (_name, file, edit, message) => {
    expect(() => buildCatalog(withEdit(file, edit))).toThrow(message);
  });

  it("is rejected when its name and id differ", () => {
    const renamed = files.map((f) => (f.file === "issmp.yaml" ? { ...f, file: "issmp2.yaml" } : f));
    expect(() => buildCatalog(renamed)).toThrow(
      /^issmp2\.yaml:\d+: at id: is "issmp" but the file is named issmp2\.yaml/,
    );
  });

  it("is rejected when the topic map names an element no outline has", () => {
    expect(() =>
      buildCatalog(withEdit("topic-map.yaml", (t) => t.replace(/issmp:4\.3/, "issmp:4.9"))),
    ).toThrow(
      /^topic-map\.yaml:\d+: at topics\[\d+\]\.covers\[\d+\]: "issmp:4\.9" is not a domain or subdomain of any catalog outline$/,
    );
  });
});
