/** Checks of the project itself: the published schema, the layer rule, the built command. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { SCHEMAS } from "../src/cli/commands/schema.js";

const root = join(import.meta.dirname, "..");

describe("the project", () => {
  it.each(Object.entries(SCHEMAS))(
    "publishes the current %s JSON Schema (run `npm run schemas` after a change)",
    (name, make) => {
      const committed = JSON.parse(readFileSync(join(root, `schemas/${name}.schema.json`), "utf8"));
      expect(committed).toEqual(JSON.parse(JSON.stringify(make())));
    },
  );

  it("locks only packages whose engines allow Node.js 20.19", () => {
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refused = Object.entries(lock.packages)
      .filter(([path]) => path !== "")
      .map(([path, info]) => [path, Array.isArray(info.engines) ? undefined : info.engines?.node] as const)
      .filter(([, range]) => range !== undefined && !semver.satisfies("20.19.0", range))
      .map(([path, range]) => `${path} needs node ${range}`);
    expect(refused).toEqual([]);
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
  });

  // Each layer with an import it may make and imports it may not, planted two folders deep so
  // that a pattern matching only one folder level would let them through.
  const layers: { dir: string; allowed: string[]; banned: string[]; says: RegExp }[] = [
    {
      dir: "src/core/lint-probe/deep",
      allowed: ["../../items/item.js"],
      banned: ["node:fs", "../../../store/attempts/attempt-session.js", "../../../app/exams/setup.js"],
      says: /src\/core (is pure|may not import an outer layer)/,
    },
    {
      dir: "src/store/lint-probe/deep",
      allowed: ["../../../core/items/item.js", "node:fs"],
      banned: ["../../../app/exams/setup.js", "../../../server/errors.js", "../../../cli/errors.js"],
      says: /src\/store may import only src\/core/,
    },
    {
      dir: "src/app/lint-probe/deep",
      allowed: ["../../../store/open.js", "../../../core/items/item.js"],
      banned: ["../../../server/errors.js", "../../../cli/errors.js"],
      says: /src\/app may import only src\/core and src\/store/,
    },
    {
      dir: "src/server/lint-probe/deep",
      allowed: ["../../../app/exams/setup.js", "../../../store/open.js"],
      banned: ["../../../cli/errors.js", "../../../../web/src/api.js"],
      says: /src\/server may import only/,
    },
    {
      dir: "src/cli/lint-probe/deep",
      allowed: ["../../../app/exams/setup.js", "../../../store/open.js"],
      banned: ["../../../server/auth/sessions.js", "../../../../web/src/api.js"],
      says: /src\/cli may import src\/core, src\/store and src\/app/,
    },
    {
      dir: "web/src/lint-probe/deep",
      allowed: ["../../../../src/core/items/item.js"],
      banned: ["node:fs", "../../../../src/store/open.js", "../../../../src/server/errors.js"],
      says: /web\/src (runs in the browser|may import only src\/core)/,
    },
  ];

  it.each(layers)("lints every layer's imports at any depth: $dir", ({ dir, allowed, banned, says }) => {
    const probeDir = join(root, dir);
    const top = join(
      root,
      dir
        .split("/")
        .slice(0, dir.startsWith("web") ? 3 : 3)
        .join("/"),
    );
    mkdirSync(probeDir, { recursive: true });
    const biome = join(root, "node_modules/.bin/biome");
    const lint = (name: string, specifier: string) => {
      writeFileSync(join(probeDir, name), `import * as x from "${specifier}";\n\nexport const y = x;\n`);
      const r = spawnSync(biome, ["lint", `${dir}/${name}`], { cwd: root, encoding: "utf8" });
      return { status: r.status, text: r.stdout + r.stderr };
    };
    try {
      for (const [i, specifier] of allowed.entries()) {
        const r = lint(`allowed-${i}.ts`, specifier);
        expect(r.text, specifier).not.toMatch(/noRestrictedImports/);
      }
      for (const [i, specifier] of banned.entries()) {
        const r = lint(`banned-${i}.ts`, specifier);
        expect(r.status, specifier).not.toBe(0);
        expect(r.text, specifier).toMatch(says);
      }
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });

  it("keeps each web page in a file of its own, none over 400 lines", () => {
    const files = readdirSync(join(root, "web/src"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".tsx") || f.endsWith(".ts"))
      .map((f) => join("web/src", f));
    expect(files.length).toBeGreaterThan(20);
    const long: string[] = [];
    const crowded: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      const lines = text.split("\n").length;
      if (lines > 400) long.push(`${file}: ${lines} lines`);
      const pages = text.match(/^export function \w+Page\(/gm) ?? [];
      if (pages.length > 1) crowded.push(`${file}: ${pages.length} pages`);
    }
    expect(long).toEqual([]);
    expect(crowded).toEqual([]);
  });

  it("calls the API from no effect in the web app: pages load through useApi", () => {
    const files = readdirSync(join(root, "web/src"), { recursive: true, encoding: "utf8" })
      .filter((f) => (f.endsWith(".tsx") || f.endsWith(".ts")) && f !== join("lib", "use-api.ts"))
      .map((f) => join("web/src", f));
    const byHand: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      for (const m of text.matchAll(/\buse(?:Layout)?Effect\(/g)) {
        // The effect's whole call, from its opening parenthesis to the closing one.
        let depth = 0;
        let end = m.index + m[0].length - 1;
        do {
          const c = text[end++];
          if (c === "(") depth++;
          else if (c === ")") depth--;
        } while (depth > 0 && end < text.length);
        const body = text.slice(m.index, end);
        if (/\bcall\(|listCertifications\(/.test(body))
          byHand.push(`${file}:${text.slice(0, m.index).split("\n").length}`);
      }
    }
    expect(byHand).toEqual([]);
  });

  it("has the web app reach the server only through the API contract's endpoints", () => {
    const files = readdirSync(join(root, "web/src"), { recursive: true, encoding: "utf8" })
      .filter((f) => (f.endsWith(".tsx") || f.endsWith(".ts")) && f !== "api.ts")
      .map((f) => join("web/src", f));
    const direct: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      // A request of its own (fetch, a hand-written path) would bypass the contract's types and checks.
      for (const m of text.matchAll(/\bfetch\(|["'`]\/api\/|\bapi</g)) direct.push(`${file}: ${m[0]}`);
    }
    expect(direct).toEqual([]);
    const client = readFileSync(join(root, "web/src/api.ts"), "utf8");
    expect(client).toMatch(/endpoint\.response\.safeParse/);
    expect(client).toMatch(/from "\.\.\/\.\.\/src\/core\/api\/index\.js"/);
  });

  it("lets only `certpath serve` reach the server from the CLI", () => {
    const r = spawnSync(join(root, "node_modules/.bin/biome"), ["lint", "src/cli/commands/serve.ts"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(readFileSync(join(root, "src/cli/commands/serve.ts"), "utf8")).toMatch(
      /from "\.\.\/\.\.\/server\//,
    );
  });

  it("runs the built `certpath` command with its exit codes", () => {
    const out = execFileSync(
      process.execPath,
      [join(root, "bin/certpath.js"), "catalog", "show", "issmp", "--json"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    expect(JSON.parse(out).id).toBe("issmp");
    const bad = spawnSync(process.execPath, [join(root, "bin/certpath.js"), "catalog", "show", "nope"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^certpath: unknown certification "nope"/);
    const usage = spawnSync(
      process.execPath,
      [join(root, "bin/certpath.js"), "catalog", "show", "issmp", "--bogus"],
      { cwd: root, encoding: "utf8" },
    );
    expect(usage.status).toBe(2);
  });
});
