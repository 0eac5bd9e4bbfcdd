#!/usr/bin/env node
// Entry point of the `certpath` command. The TypeScript sources are compiled to dist/
// by `npm install` (the `prepare` script); this file only hands over to them.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(main)) {
  process.stderr.write(
    "certpath: the command is not built yet; run `npm install` (or `npm run build`) in the certpath folder first.\n",
  );
  process.exit(2);
}
// Output piped into a command that stops reading early (| head) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv.slice(2));
