/** The computed item families as the CLI shows them: listed, named in help, linted and counted. */
import { describe, expect, it } from "vitest";
import { GENERATED_PER_FAMILY } from "../src/app/exams/setup.js";
import { CISSP_FAMILIES } from "../src/core/generators/cissp-families.js";
import { FAMILIES, ISSMP_FAMILIES } from "../src/core/generators/families.js";
import { cli, json } from "./run-cli.js";

describe("computed families in the CLI", () => {
  it("bank families lists each exam's families, in text and JSON, and refuses an unknown exam", async () => {
    const text = await cli("bank", "families", "--exam", "cissp");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${CISSP_FAMILIES.length} computed item families for CISSP`);
    const listed = text.stdout.split("\n").map((l) => /^ {2}(\S+) /.exec(l)?.[1]);
    expect(listed.filter(Boolean)).toEqual(CISSP_FAMILIES.map((f) => f.id));
    for (const f of ISSMP_FAMILIES) expect(listed).not.toContain(f.id);
    const all = json<{ perForm: number; families: { id: string; exams: string[] }[] }>(
      await cli("bank", "families", "--json"),
    );
    expect(all.perForm).toBe(GENERATED_PER_FAMILY);
    expect(all.families.map((f) => f.id)).toEqual(FAMILIES.map((f) => f.id));
    expect(all.families.filter((f) => f.exams.includes("cissp")).length).toBe(CISSP_FAMILIES.length);
    const none = await cli("bank", "families", "--exam", "cism");
    expect(none.stdout).toBe("CISM has no computed item families.\n");
    const bad = await cli("bank", "families", "--exam", "nope");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/nope/);
  });

  it("exam take and exam assemble help name the CISSP families", async () => {
    for (const command of ["take", "assemble"]) {
      const help = await cli("exam", command, "cissp", "--help");
      const line = `${help.stdout}${help.stderr}`.split("\n").find((l) => l.trim().startsWith("CISSP:"));
      expect(line, command).toBe(`  CISSP: ${CISSP_FAMILIES.map((f) => f.id).join(", ")}`);
    }
  });

  it("bank lint checks instances of every family and bank stats counts the CISSP ones", async () => {
    const lint = json<{
      itemsChecked: number;
      computed: { families: number; instancesChecked: number };
      errors: { file?: string }[];
    }>(await cli("bank", "lint", "--json"));
    expect(lint.computed).toEqual({ families: FAMILIES.length, instancesChecked: 5 * FAMILIES.length });
    expect(lint.errors.filter((e) => e.file?.startsWith("computed family"))).toEqual([]);
    const text = await cli("bank", "lint");
    expect(text.stdout).toContain(
      `and ${5 * FAMILIES.length} instances of ${FAMILIES.length} computed families checked`,
    );

    const stats = json<{ exams: { cissp: { computed: { families: string[] }; items: number } } }>(
      await cli("bank", "stats", "--exam", "cissp", "--json"),
    );
    expect(stats.exams.cissp.computed.families).toEqual(CISSP_FAMILIES.map((f) => f.id));
    const shown = await cli("bank", "stats", "--exam", "cissp");
    expect(shown.stdout).toContain(
      `computed:    ${CISSP_FAMILIES.length} families (${CISSP_FAMILIES.map((f) => f.id).join(", ")}), ${GENERATED_PER_FAMILY} fresh instances of each on every new linear form, not counted above`,
    );
  });

  it("a CISSP form in domain 7 draws fresh computed items beside the authored ones, with new numbers for a new seed", async () => {
    const form = async (seed: string) =>
      json<{ items: { id: string }[] }>(
        await cli("exam", "assemble", "cissp", "--domain", "7", "--items", "40", "--seed", seed, "--json"),
      ).items.map((i) => i.id);
    const a = await form("one");
    expect(a).toHaveLength(40);
    const generated = a.filter((id) => id.startsWith("gen-"));
    expect(generated.length).toBeGreaterThanOrEqual(1);
    for (const id of generated)
      expect(id).toMatch(
        /^gen-(mtbf-availability|redundancy-availability|raid-capacity|backup-restore)-[0-9a-f]{8}$/,
      );
    const b = await form("two");
    expect(generated.filter((id) => b.includes(id))).toEqual([]);
  });
});
