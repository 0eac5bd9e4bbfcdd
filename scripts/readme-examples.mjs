// `npm run readme`: reruns every ```console example of README.md (`$ npx certpath …`) and writes
// its current output back, so the README's examples stay real. The README test checks them (all but
// what differs on every run by design: a new attempt's id, a simulation's speed line).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
// Examples that record an attempt (exam simulate) write to a store of their own, never ~/.certpath.
const home = mkdtempSync(join(tmpdir(), "certpath-readme-"));
const file = join(root, "README.md");
const text = readFileSync(file, "utf8");
let count = 0;
const updated = text.replace(
  /(```console\n\$ npx certpath ([^\n]*)\n)[\s\S]*?(```)/g,
  (_all, head, args, close) => {
    const out = execFileSync(process.execPath, [join(root, "bin", "certpath.js"), ...args.split(" ")], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, CERTPATH_HOME: home },
    });
    count++;
    return `${head}${out.trimEnd()}\n${close}`;
  },
);
writeFileSync(file, updated);
console.log(`${count} README example(s) refreshed.`);
