/**
 * Hotspot items in the terminal player and the bank commands, on a content folder whose CISSP bank is
 * the hotspot files: regions listed by letter with their names and the diagram in words, an answer by
 * letter, feedback with every region's rationale, and the blind review sheet and record.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { examTake } from "../src/cli/commands/exam-take.js";
import { createContext } from "../src/cli/context.js";
import { contentDir } from "../src/store/content/content-dir.js";
import { cli, json, scripted } from "./run-cli.js";

let db: string;
let dir: string;
beforeAll(() => {
  const real = contentDir();
  const content = mkdtempSync(join(tmpdir(), "certpath-hotspot-cli-"));
  cpSync(join(real, "catalog"), join(content, "catalog"), { recursive: true });
  mkdirSync(join(content, "items", "cissp"), { recursive: true });
  for (const f of ["hotspot-1.yaml", "hotspot-2.yaml"])
    cpSync(join(real, "items", "cissp", f), join(content, "items", "cissp", f));
  process.env.CERTPATH_CONTENT = content;
  process.env.CERTPATH_TODAY = "2026-11-24";
  dir = mkdtempSync(join(tmpdir(), "certpath-hotspot-db-"));
  db = join(dir, "test.db");
});

describe("hotspot items on the command line", () => {
  it("lists the regions by letter with the diagram in words, takes a letter, and shows every rationale", async () => {
    const screens: string[] = [];
    const ctx = createContext({ out: () => {}, err: () => {}, width: 100 });
    await examTake(
      ctx,
      "cissp",
      { seed: "hs", db, items: "1", domain: "7", mode: "tutor" },
      scripted(["b", "q"], screens),
    );
    const first = screens[0]!;
    expect(first).toMatch(/Diagram — /);
    expect(first).toMatch(/Regions \(choose one\):/);
    const list = first.slice(first.indexOf("Regions (choose one):"), first.indexOf("Your answer:"));
    const regions = [...list.matchAll(/^(?:▶ )?([A-H])\) (.+)$/gm)].map((m) => m[1]);
    expect(regions.length).toBeGreaterThanOrEqual(4);
    expect(regions).toEqual(["A", "B", "C", "D", "E", "F", "G", "H"].slice(0, regions.length));
    // The region list itself says nothing of the key.
    expect(list).not.toMatch(/Right:|✔|Key:/);
    const last = screens.at(-1)!;
    expect(last).toMatch(/Your answer: B/);
    expect(last).toMatch(/✔ Correct\.|✘ Not the best answer\./);
    // One rationale per region, lettered as shown, and the key's letter.
    for (const letter of regions) expect(last).toMatch(new RegExp(`^ {2}${letter}\\) \\S`, "m"));
    expect(last).toMatch(/Key: [A-H]/);
    expect(last).toMatch(/Right: /);
  });

  it("puts hotspot items on the blind review sheet with the diagram, and records the answers by letter", async () => {
    const sheet = await cli("bank", "review-sheet", "--exam", "cissp");
    expect(sheet.code, sheet.stderr).toBe(0);
    const out = sheet.stdout;
    expect(out).toContain("cissp-hs-001 (choose one region)");
    expect(out).toContain("<svg");
    expect(out).not.toMatch(/<script|Right: /);
    const sheetText = out.slice(out.indexOf("### cissp-hs-001"));
    // Answer cissp-hs-001 with whichever letter the sheet gave its key region.
    const keyName = "Link between Load balancer and Web servers";
    const letter = new RegExp(`- ([A-H])\\. ${keyName}`).exec(sheetText)![1]!;
    const answers = join(dir, "answers.yaml");
    writeFileSync(answers, `cissp-hs-001: ${letter}\ncissp-hs-002: A\n`);
    const rec = await cli(
      "bank",
      "review-record",
      "--answers",
      answers,
      "--reviewer",
      "r1",
      "--dry-run",
      "--json",
    );
    expect(rec.code, rec.stderr).toBe(0);
    const outcome = json<{ answered: number; disagreements: { id: string }[] }>(rec);
    expect(outcome.answered).toBe(2);
    // The key region's letter agrees with the key.
    expect(outcome.disagreements.map((d) => d.id)).not.toContain("cissp-hs-001");
    // A letter the item does not have is refused, naming the item.
    writeFileSync(answers, "cissp-hs-001: Z\n");
    const bad = await cli("bank", "review-record", "--answers", answers, "--reviewer", "r1", "--dry-run");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/cissp-hs-001.*choose one region/);
  });
});
