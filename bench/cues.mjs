// The cue audit (issue 14): `certpath bank cues` on a synthetic bank of 1,000 four-option items —
// features, five held-out fits of the conditional-logit model and the full fit (target: under 2 s).
import { performance } from "node:perf_hooks";
import { cueAudit } from "../dist/core/bank/cues.js";
import { syntheticCueBank } from "../dist/core/bank/synthetic.js";

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function run() {
  const bank = syntheticCueBank({ size: 1000, seed: "bench", cue: "parts" });
  cueAudit(bank, { exam: "bench" });
  const times = [];
  let audit;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    audit = cueAudit(bank, { exam: "bench", seed: `b${i}` });
    times.push(performance.now() - t0);
  }
  if (audit.items !== 1000) throw new Error("bad audit");
  const ms = median(times);
  return [
    {
      name: "cue audit of 1,000 items (median of 5)",
      value: `${ms.toFixed(0)} ms (held-out accuracy ${(audit.heldOut.accuracy * 100).toFixed(1)}%)`,
      target: "under 2,000 ms",
      ok: ms < 2000,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of run()) console.log(`${r.ok ? "✔" : "✘"} ${r.name}: ${r.value} (target ${r.target})`);
}
