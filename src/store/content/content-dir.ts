/**
 * Where the bundled content lives and how to read it: the `content/` folder at the package root,
 * or another folder given by `CERTPATH_CONTENT`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCatalog, type Catalog } from "../../core/catalog/catalog.js";
import { InputError } from "../../core/input-error.js";

/** The package root (the folder holding package.json), found from this file's location. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("certpath: cannot find the package root");
    dir = parent;
  }
  return dir;
}

export function contentDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CERTPATH_CONTENT ? resolve(env.CERTPATH_CONTENT) : join(packageRoot(), "content");
}

/** Reads and checks every file of `<content>/catalog`. Errors name the file relative to the working folder. */
export function loadCatalog(dir: string = contentDir()): Catalog {
  const catalogDir = join(dir, "catalog");
  if (!existsSync(catalogDir)) throw new InputError(`no catalog folder at ${catalogDir}`);
  const files = readdirSync(catalogDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => {
      const full = join(catalogDir, f);
      const shown = relative(process.cwd(), full) || full;
      return { file: shown.startsWith("..") ? full : shown, text: readFileSync(full, "utf8") };
    });
  return buildCatalog(files);
}
