/** Checks of the project itself: the published schema, the layer rule, the built command. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  it("lints away Node.js modules and outer layers from src/core", () => {
    const bad =
      'import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";\nimport { x } from "../../store/thing.js";\n\nexport const y = [readFileSync, x];\n';
    const probeDir = join(root, "src/core/lint-probe");
    const outsideDir = join(root, "src/cli/lint-probe");
    mkdirSync(probeDir, { recursive: true });
    mkdirSync(outsideDir, { recursive: true });
    try {
      writeFileSync(join(probeDir, "probe.ts"), bad);
      writeFileSync(join(outsideDir, "probe.ts"), bad);
      const biome = join(root, "node_modules/.bin/biome");
      const inCore = spawnSync(biome, ["lint", "src/core/lint-probe/probe.ts"], {
        cwd: root,
        encoding: "utf8",
      });
      expect(inCore.status).not.toBe(0);
      const text = inCore.stdout + inCore.stderr;
      expect(text).toMatch(/src\/core is pure: it may not import Node\.js modules/);
      expect(text).toMatch(/src\/core may not import an outer layer/);
      const inCli = spawnSync(biome, ["lint", "src/cli/lint-probe/probe.ts"], {
        cwd: root,
        encoding: "utf8",
      });
      expect(inCli.stdout + inCli.stderr).not.toMatch(/noRestrictedImports/);
    } finally {
      rmSync(probeDir, { recursive: true, force: true });
      rmSync(outsideDir, { recursive: true, force: true });
    }
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
