/**
 * Item analysis in the web app, against a real multi-user server on a store of simulated attempts
 * (made through the real code paths, see analysis-kit.ts): an author reads how an item performed on
 * its page, a planted wrong key flagged; an instructor reads their cohort's items with DIF against
 * another cohort and opens one; axe-core on both.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExamForm } from "../src/app/exams/setup.js";
import { requireSoundBank } from "../src/core/bank/load.js";
import { AccountRepository } from "../src/store/accounts/account-repository.js";
import { CohortRepository } from "../src/store/cohorts/cohort-repository.js";
import { loadCatalog } from "../src/store/content/content-dir.js";
import { loadBank } from "../src/store/content/item-files.js";
import { openSqliteStore } from "../src/store/sqlite/open.js";
import { abilities, type Candidate, takeForm } from "./analysis-kit.js";
import { addUser, expectAccessible, launchBrowser, signIn } from "./browser-kit.js";
import { type ServerProcess, startServer, stopServer } from "./serve-process.js";

const PASSWORD = "a long and unusual passphrase 42";
const catalog = loadCatalog();
const authored = requireSoundBank(loadBank());
const content = { catalog: () => catalog, today: () => "2026-11-24", authored: () => authored };

describe("item analysis in the web app", () => {
  let server: ServerProcess;
  let browser: Browser;
  let keyWrong: string;
  let planted: string;

  beforeAll(async () => {
    const db = join(mkdtempSync(join(tmpdir(), "certpath-browser-analysis-")), "a.db");
    addUser(db, "ada@example.org", "author", PASSWORD);
    addUser(db, "ivy@example.org", "instructor", PASSWORD);
    const store = await openSqliteStore(db);
    const accounts = new AccountRepository(store.db);
    const cohorts = new CohortRepository(store.db);
    const ivy = (await accounts.byEmail("ivy@example.org"))!.id;
    const { form, setup } = buildExamForm(content, "issmp", { seed: "web", items: 12, mode: "exam" });
    const item = form.items.map((f) => setup.items.get(f.id)!).find((i) => i.type === "single-choice")!;
    keyWrong = item.id;
    planted = item.type === "single-choice" ? item.options.find((o) => o.id !== item.key)!.id : "";
    const candidates: Candidate[] = [];
    for (const name of ["North", "South"]) {
      const at = Date.UTC(2026, 10, 1);
      await cohorts.create({ id: name, name, instructorId: ivy, createdAt: at });
      await cohorts.addAssignment({
        id: `${name}-mock`,
        cohortId: name,
        title: "Mock",
        settings: { exam: "issmp", mode: "exam", items: 12 },
        dueAt: null,
        createdAt: at,
      });
      const emails: string[] = [];
      abilities(40, name).forEach((theta, i) => {
        const id = `${name}-${i}`;
        emails.push(`${id}@example.org`);
        candidates.push({
          id: `t-${id}`,
          theta,
          userId: id,
          assignmentId: `${name}-mock`,
          at: at + i * 60_000,
        });
      });
      for (const email of emails)
        await accounts.createUser({
          id: email.split("@")[0]!,
          email,
          role: "candidate",
          passwordHash: "x",
          at,
        });
      await cohorts.changeMembers(name, emails, []);
    }
    await takeForm(store, content, {
      exam: "issmp",
      seed: "web",
      items: 12,
      candidates,
      plants: { keyWrong: { [keyWrong]: planted } },
    });
    await store.close();
    server = await startServer(db, {}, ["--multi-user"]);
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
  });

  async function as(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.address, email, PASSWORD);
    return page;
  }

  it("shows an author how an item performed, its options by quintile and a wrong key flagged", async () => {
    const page = await as("ada@example.org");
    await page.goto(`${server.address}/#/bank/${keyWrong}`);
    const panel = page.getByRole("region", { name: "How it performed" });
    await panel.getByText(`top quintile prefers ${planted}: key may be wrong`).waitFor();
    const table = panel.getByRole("table");
    await expect(table.locator("caption").textContent()).resolves.toContain("by quintile of the rest score");
    // One row per option, the key marked; five quintile columns besides "All" and the correlation.
    const heads = await table.locator("thead th").allTextContents();
    expect(heads.filter((h) => /^Q\d/.test(h))).toHaveLength(5);
    await expect(table.locator("tbody tr.key").count()).resolves.toBe(1);
    await panel.getByText("80 (100% of attempts)").waitFor();
    await expectAccessible(page, "the item page with its analysis");
  });

  it("shows an instructor their cohort's items, with DIF against another cohort, and one item in full", async () => {
    const page = await as("ivy@example.org");
    await page.goto(`${server.address}/#/cohorts/North`);
    const section = page.getByRole("region", { name: "Item analysis" });
    await section.getByText("40 finished attempts, 12 scored items.").waitFor();
    await section.getByLabel("DIF against another cohort").selectOption({ label: "South" });
    await section.getByText("80 finished attempts, 12 scored items.").waitFor();
    await section.getByRole("columnheader", { name: "DIF" }).waitFor();
    await section.getByRole("button", { name: new RegExp(`^${keyWrong}@`) }).click();
    await section.getByRole("heading", { name: new RegExp(`^${keyWrong}, version`) }).waitFor();
    await section.getByText(/^DIF, South against North: 40 and 40 attempts/).waitFor();
    await expectAccessible(page, "the cohort page with its item analysis");
  });
});
