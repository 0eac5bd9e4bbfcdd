/** `certpath bank review-sheet` and `bank review-record` on a copy of the bundled bank. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildBank } from "../src/core/bank/load.js";
import { type BankItem, keyAsResponse } from "../src/core/items/item.js";
import { loadBank } from "../src/store/content/item-files.js";
import { useContentCopy } from "./content-copy.js";
import { cli } from "./run-cli.js";

describe("blind review from the command line", () => {
  const { dir, content } = useContentCopy("certpath-review-cli-");

  it("prints a sheet of every ISSMP item with no rationale or explanation", async () => {
    const bank = loadBank(content);
    const r = await cli("bank", "review-sheet", "--exam", "issmp");
    expect(r.code).toBe(0);
    const live = bank.items.filter(
      (i) => i.status !== "retired" && bank.locations.get(i.id)?.exam === "issmp",
    );
    for (const item of live) {
      expect(r.stdout).toContain(`### ${item.id} (`);
      if (item.type !== "numeric")
        for (const option of item.options)
          expect(r.stdout).not.toContain(option.rationale.trim().slice(0, 60));
      if (item.explanation) expect(r.stdout).not.toContain(item.explanation.trim());
    }
  });

  it("records answers in the items and reports where they differ from the key", async () => {
    const bank = loadBank(content);
    // Items without an options-only answer (a full review keeps one that is there).
    const [a, b] = bank.items.filter(
      (i): i is Extract<BankItem, { type: "single-choice" }> =>
        i.type === "single-choice" && !i.review?.optionsOnly,
    );
    const wrong = a!.options.find((o) => o.id !== a!.key)!.id;
    const answers = join(dir, "answers.json");
    writeFileSync(
      answers,
      JSON.stringify({ [a!.id]: wrong, [b!.id]: { answer: keyAsResponse(b!), note: "fine" } }),
    );
    const r = await cli(
      "bank",
      "review-record",
      "--answers",
      answers,
      "--labels",
      "authored",
      "--reviewer",
      "r9",
      "--date",
      "2026-11-29",
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("2 answers, 1 agree with the key (50.0%)");
    expect(r.stdout).toContain(`differs  ${a!.id}: answered "${wrong}", key "${a!.key}"`);
    const after = loadBank(content);
    expect(after.items.find((i) => i.id === a!.id)!.review).toEqual({
      blind: true,
      date: "2026-11-29",
      answer: wrong,
      reviewer: "r9",
    });
    expect(after.items.find((i) => i.id === b!.id)!.review?.note).toBe("fine");
    expect((await cli("bank", "lint")).code).toBe(0);
  });

  it("refuses a bad answers file or date and changes nothing", async () => {
    const file = bankFile();
    const before = readFileSync(file, "utf8");
    const answers = join(dir, "bad.json");
    writeFileSync(answers, JSON.stringify({ "issmp-p-001": "D", "no-such-item": "A" }));
    const r = await cli("bank", "review-record", "--answers", answers);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('answers an item that is not in the bank: "no-such-item"');
    const d = await cli("bank", "review-record", "--answers", answers, "--date", "29/11/2026");
    expect(d.code).toBe(2);
    const m = await cli("bank", "review-record", "--answers", join(dir, "missing.json"));
    expect(m.code).toBe(1);
    expect(m.stderr).toContain("no such file");
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("mixes frozen anchors into a full sheet, reports their mean rating and never records them", async () => {
    const anchorsFile = join(content, "review", "issmp-anchors.yaml");
    const anchors = buildBank([
      { file: anchorsFile, text: readFileSync(anchorsFile, "utf8"), exam: "anchors" },
    ]).items;
    expect(anchors).toHaveLength(10);
    const bank = loadBank(content);
    const picked = bank.items
      .filter((i) => i.type === "single-choice" && i.status === "live" && !i.scenario)
      .slice(0, 20);
    const ids = join(dir, "ids.txt");
    writeFileSync(ids, picked.map((i) => i.id).join("\n"));
    const sheet = await cli("bank", "review-sheet", "--ids", ids, "--anchors", anchorsFile);
    expect(sheet.code).toBe(0);
    const order = [...sheet.stdout.matchAll(/^### (\S+) /gm)].map((m) => m[1]);
    expect(order).toHaveLength(30);
    // Spread through the sheet, not in a block at either end.
    const places = anchors.map((a) => order.indexOf(a.id));
    expect(Math.min(...places)).toBeGreaterThan(0);
    expect(Math.max(...places)).toBeLessThan(29);
    expect(places.every((p, i) => i === 0 || p - places[i - 1]! >= 2)).toBe(true);
    expect(sheet.stdout).toContain(anchors[0]!.stem.trim().split("\n")[0]!.trim());

    const before = readFileSync(join(content, "items", "issmp", "mixed-3.yaml"), "utf8");
    const answers = join(dir, "anchored.json");
    const wrongAnchor = anchors[1]! as Extract<BankItem, { type: "single-choice" }>;
    writeFileSync(
      answers,
      JSON.stringify({
        ...Object.fromEntries(
          anchors.map((a, i) => [
            a.id,
            {
              answer: a === wrongAnchor ? otherThanKey(wrongAnchor) : keyAsResponse(a),
              rating: i < 5 ? 3 : 2,
            },
          ]),
        ),
        [picked[0]!.id]: { answer: keyAsResponse(picked[0]!), rating: 4, confidence: 2 },
      }),
    );
    const r = await cli(
      "bank",
      "review-record",
      "--answers",
      answers,
      "--labels",
      "authored",
      "--anchors",
      anchorsFile,
      "--date",
      "2026-12-02",
      "--json",
    );
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.answered).toBe(1);
    expect(out.anchors).toMatchObject({
      answered: 10,
      agree: 9,
      meanRating: 2.5,
      limit: 2.2,
      generous: true,
    });
    expect(readFileSync(join(content, "items", "issmp", "mixed-3.yaml"), "utf8")).toBe(before);
    expect(loadBank(content).items.find((i) => i.id === picked[0]!.id)!.review).toMatchObject({ rating: 4 });
    // Without --anchors the anchors' ids are not items of the bank.
    const plain = await cli(
      "bank",
      "review-record",
      "--answers",
      answers,
      "--labels",
      "authored",
      "--dry-run",
    );
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("answers an item that is not in the bank");
    // An options-only sheet has no anchors.
    const oo = await cli("bank", "review-sheet", "--ids", ids, "--anchors", anchorsFile, "--options-only");
    expect(oo.code).toBe(2);
    expect(oo.stderr).toContain("--anchors belongs to a full review sheet");
  });

  it("bank priors sets each rated item's difficulty to 1.25 × (rating − 3) and nothing else", async () => {
    const file = bankFile();
    const bank = loadBank(content);
    const inFile = bank.items.filter((i) => bank.locations.get(i.id)!.file === file);
    const target = inFile.find((i) => i.review?.rating !== undefined)!;
    const answers = join(dir, "prior.json");
    const rating = target.review!.rating === 5 ? 4 : 5;
    writeFileSync(answers, JSON.stringify({ [target.id]: { answer: keyAsResponse(target), rating } }));
    expect((await cli("bank", "review-record", "--answers", answers, "--labels", "authored")).code).toBe(0);
    const dry = await cli("bank", "priors", "--exam", "issmp", "--dry-run", "--json");
    const planned = JSON.parse(dry.stdout).changes as { id: string; to: number }[];
    expect(planned).toContainEqual(
      expect.objectContaining({ id: target.id, rating, to: 1.25 * (rating - 3) }),
    );
    const beforeText = readFileSync(file, "utf8");
    const r = await cli("bank", "priors", "--exam", "issmp");
    expect(r.code).toBe(0);
    const afterText = readFileSync(file, "utf8");
    // One line changed per changed item of this file; comments and layout kept.
    const changedLines = afterText.split("\n").filter((line, i) => line !== beforeText.split("\n")[i]);
    expect(changedLines.every((l) => /^\s+difficulty: -?[\d.]+$/.test(l))).toBe(true);
    expect(loadBank(content).items.find((i) => i.id === target.id)!.difficulty).toBe(1.25 * (rating - 3));
    const again = await cli("bank", "priors", "--exam", "issmp", "--json");
    expect(JSON.parse(again.stdout).changes).toEqual([]);
    expect((await cli("bank", "lint")).code).toBe(0);
  });

  function otherThanKey(item: Extract<BankItem, { type: "single-choice" }>): string {
    return item.options.find((o) => o.id !== item.key)!.id;
  }

  function bankFile(): string {
    return join(content, "items", "issmp", "d3-d4-5.yaml");
  }
});
