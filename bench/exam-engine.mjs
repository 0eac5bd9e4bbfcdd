// Benchmarks of the exam engine (issue: item bank and exam engine):
// - assembling a 125-item ISSMP form from a synthetic bank of 10,000 items (target: at most 50 ms);
// - grading responses (target: at least a million a second).
import { performance } from "node:perf_hooks";
import { assembleForm } from "../dist/core/assembly/assemble.js";
import { syntheticBank } from "../dist/core/bank/synthetic.js";
import { findCertification } from "../dist/core/catalog/catalog.js";
import { outlineAsOf } from "../dist/core/catalog/outline-in-force.js";
import { authoredItemSchema, gradeResponse, keyAsResponse } from "../dist/core/items/item.js";
import { seededRandom } from "../dist/core/random/seeded.js";
import { loadCatalog } from "../dist/store/content/content-dir.js";

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function run() {
  const cert = findCertification(loadCatalog(), "issmp");
  const outline = outlineAsOf(cert, "2026-11-24").outline;
  const bank = syntheticBank({ exam: "issmp", outline, size: 10_000, seed: "bench" });

  // Assembly: warm up, then time 30 forms with different seeds.
  for (let i = 0; i < 5; i++)
    assembleForm({ exam: "issmp", outline, examFacts: cert.exam, bank, seed: `warm${i}` });
  const times = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const form = assembleForm({ exam: "issmp", outline, examFacts: cert.exam, bank, seed: `b${i}` });
    times.push(performance.now() - t0);
    if (form.items.length !== 125) throw new Error("bad form");
  }
  const assemblyMedian = median(times);
  const assemblyMax = Math.max(...times);

  // Grading: a mix of the five item types, responses drawn in advance.
  const base = {
    status: "live",
    outlines: ["issmp:3.3.2"],
    stem: "A benchmark item stem long enough to be valid?",
    references: ["x"],
  };
  const opts = (n) =>
    Array.from({ length: n }, (_, i) => ({
      id: String.fromCharCode(65 + i),
      text: `o${i}`,
      rationale: `r${i}`,
    }));
  const items = [
    authoredItemSchema.parse({ ...base, id: "b-1", type: "single-choice", options: opts(4), key: "B" }),
    authoredItemSchema.parse({
      ...base,
      id: "b-2",
      type: "multiple-response",
      options: opts(5),
      key: ["A", "D"],
    }),
    authoredItemSchema.parse({
      ...base,
      id: "b-3",
      type: "ordering",
      options: opts(4),
      key: ["D", "A", "C", "B"],
    }),
    authoredItemSchema.parse({
      ...base,
      id: "b-4",
      type: "matching",
      options: opts(4),
      categories: [
        { id: "x", text: "X" },
        { id: "y", text: "Y" },
      ],
      key: { A: "x", B: "y", C: "x", D: "y" },
    }),
    authoredItemSchema.parse({
      ...base,
      id: "b-5",
      type: "numeric",
      key: { value: 42, tolerance: 0.5, unit: "h" },
      rationale: "w",
    }),
  ];
  const rng = seededRandom("grading");
  const n = 2_000_000;
  const which = new Uint8Array(n);
  const responses = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 10 < 6 ? 0 : 1 + rng.int(4); // mostly single-choice, as on the exam
    which[i] = k;
    responses[i] =
      rng.next() < 0.5
        ? keyAsResponse(items[k])
        : items[k].type === "single-choice"
          ? "C"
          : items[k].type === "numeric"
            ? 41
            : keyAsResponse(items[k]);
  }
  let credit = 0;
  for (let i = 0; i < 100_000; i++) credit += gradeResponse(items[which[i]], responses[i]).credit;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) credit += gradeResponse(items[which[i]], responses[i]).credit;
  const seconds = (performance.now() - t0) / 1000;
  const perSecond = n / seconds;

  return [
    {
      name: "assembly: 125-item ISSMP form from a 10,000-item bank (median of 30)",
      value: `${assemblyMedian.toFixed(2)} ms (max ${assemblyMax.toFixed(2)} ms)`,
      target: "≤ 50 ms",
      ok: assemblyMedian <= 50,
    },
    {
      name: "grading: responses per second (mixed item types)",
      value: `${Math.round(perSecond).toLocaleString("en-US")} /s`,
      target: "≥ 1,000,000 /s",
      ok: perSecond >= 1_000_000,
      checksum: credit,
    },
  ];
}
