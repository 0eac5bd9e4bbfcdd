/** `certpath bank review-sheet` and `bank review-record` on a copy of the bundled bank. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BankItem, keyAsResponse } from "../src/core/items/item.js";
import { loadBank } from "../src/store/content/item-files.js";
import { cli } from "./run-cli.js";

describe("blind review from the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "certpath-review-cli-"));
  const content = join(dir, "content");
  const saved = process.env.CERTPATH_CONTENT;
  beforeAll(() => {
    cpSync("content", content, { recursive: true });
    process.env.CERTPATH_CONTENT = content;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CERTPATH_CONTENT;
    else process.env.CERTPATH_CONTENT = saved;
  });

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

  function bankFile(): string {
    return join(content, "items", "issmp", "d3-d4-5.yaml");
  }
});
