// `npm run readme`: reruns every ```console example of README.md (`$ npx certpath …`) and writes
// its current output back, so the README's examples stay real. The README test checks them.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const file = join(root, "README.md");
const text = readFileSync(file, "utf8");
let count = 0;
const updated = text.replace(
  /(```console\n\$ npx certpath ([^\n]*)\n)[\s\S]*?(```)/g,
  (_all, head, args, close) => {
    const out = execFileSync(process.execPath, [join(root, "bin", "certpath.js"), ...args.split(" ")], {
      cwd: root,
      encoding: "utf8",
    });
    count++;
    return `${head}${out.trimEnd()}\n${close}`;
  },
);
writeFileSync(file, updated);
console.log(`${count} README example(s) refreshed.`);
