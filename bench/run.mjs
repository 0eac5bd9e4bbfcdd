// `npm run bench`: runs every benchmark in this folder and prints its figures against its target.
// Timings are reported, never asserted in tests.
import { cpus } from "node:os";

const suites = [
  ["exam engine", "./exam-engine.mjs"],
  ["cue audit", "./cues.mjs"],
  ["IRT and CAT", "./cat.mjs"],
  ["calibration", "./calibration.mjs"],
  ["readiness", "./readiness.mjs"],
  ["server", "./server.mjs"],
  ["web app", "./web.mjs"],
];
console.log(
  `certpath benchmarks — Node.js ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`,
);
let failed = 0;
for (const [title, file] of suites) {
  const { run } = await import(file);
  console.log(`\n${title}`);
  for (const r of await run()) {
    console.log(`  ${r.ok ? "✔" : "✘"} ${r.name}: ${r.value} (target ${r.target})`);
    if (!r.ok) failed++;
  }
}
console.log(failed ? `\n${failed} figure(s) missed their target.` : "\nEvery figure met its target.");
