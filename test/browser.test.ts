/**
 * The web app in Debian's Chromium (playwright-core), against a real server on a temporary store:
 * a short exam answered with the keyboard and the mouse, the report; reloading mid-exam loses
 * nothing; tutor mode shows the rationales; an adaptive attempt cannot go back; a phone-width page.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, answerCurrent, expectAccessible, launchBrowser, saved } from "./browser-kit.js";
import { type ServerProcess, startServer, stopServer } from "./serve-process.js";

describe("the web app in a browser", () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(join(mkdtempSync(join(tmpdir(), "certpath-web-")), "web.db"));
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
  });

  async function open(width = 1200): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(server.address);
    return page;
  }

  /** Starts a 10-item practice from the start page with the button named `name`. */
  async function startPractice(page: Page, name: RegExp) {
    await page.getByRole("button", { name }).click();
    await page.getByText("item 1 of 10").waitFor();
  }

  it("takes a short exam, flags an item, uses the review screen and reads the report", async () => {
    const page = await open();
    await startPractice(page, /Short practice/);
    for (let k = 0; k < 10; k++) {
      await page.getByText(`item ${k + 1} of 10`).waitFor();
      await answerCurrent(page);
      await saved(page);
      if (k === 3) await page.keyboard.press("f");
      if (k < 9) await page.keyboard.press("ArrowRight");
    }
    await saved(page);
    await page.getByRole("button", { name: "Review screen" }).click();
    await page.getByText("10 answered, 0 unanswered, 1 flagged.").waitFor();
    await page.getByRole("button", { name: /^4 answered, flagged/ }).click();
    await page.getByText("item 4 of 10").waitFor();
    await page.getByRole("button", { name: "Finish…" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Yes, finish/ })
      .click();
    await page.getByText(/Scaled score/).waitFor();
    expect((await page.locator("h1").textContent()) ?? "").toMatch(/ISSMP report: (PASS|FAIL)/);
    expect(await page.locator("ol.items > li").count()).toBe(10);
    await page.getByRole("img", { name: "Share of items right in each domain" }).waitFor();
    const bars = page.getByRole("img", { name: /Time on each item against the exam's pace/ }).locator("rect");
    expect(await bars.count()).toBe(10);
    await page.close();
  }, 90_000);

  it("keeps every answer through a reload", async () => {
    const page = await open();
    await startPractice(page, /Short practice/);
    const types: string[] = [];
    for (let k = 0; k < 3; k++) {
      types.push(await answerCurrent(page));
      await saved(page);
      await page.keyboard.press("ArrowRight");
      await page.getByText(`item ${k + 2} of 10`).waitFor();
    }
    await page.reload();
    await page.getByText("item 4 of 10").waitFor();
    await page.getByRole("button", { name: "Review screen" }).click();
    await page.getByText("3 answered, 7 unanswered, 0 flagged.").waitFor();
    await page.close();
  }, 60_000);

  it("shows the key and every rationale in tutor mode after checking an answer", async () => {
    const page = await open();
    await startPractice(page, /Tutor mode/);
    await answerCurrent(page);
    await saved(page);
    await page.getByRole("button", { name: "Check answer" }).click();
    const feedback = page.locator("aside.feedback");
    await feedback.waitFor();
    expect((await feedback.locator("h2").textContent()) ?? "").toMatch(/Correct|Not quite/);
    expect(await feedback.locator("li").count()).toBeGreaterThanOrEqual(1);
    expect((await feedback.textContent()) ?? "").toMatch(/Task issmp:\d/);
    await page.close();
  }, 60_000);

  it("lets an adaptive attempt go forward only", async () => {
    const page = await open();
    await page.getByRole("button", { name: /Adaptive practice/ }).click();
    await page.getByRole("button", { name: /Confirm answer/ }).waitFor();
    expect(await page.getByRole("button", { name: /Previous/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Review screen" }).count()).toBe(0);
    await page.close();
  }, 60_000);

  it("fits a 390-pixel-wide phone", async () => {
    const page = await open(390);
    await startPractice(page, /Short practice/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/phone.png", fullPage: true });
    await page.close();
  }, 60_000);

  it("checks eligibility from a form and compares two certifications", async () => {
    const page = await open();
    await page.getByRole("link", { name: "Eligibility" }).click();
    const job = page.getByRole("group", { name: "Job 1" });
    await job.getByLabel("Title").fill("Security manager");
    await job.getByLabel("Start").fill("2015-01-01");
    await job.getByText("Domains this job covered").click();
    const issmp = job.getByRole("group", { name: "ISSMP" });
    await issmp.getByRole("checkbox").nth(0).check();
    await issmp.getByRole("checkbox").nth(2).check();
    await page.getByRole("checkbox", { name: "CISSP" }).check();
    await page.getByRole("button", { name: "Check eligibility" }).click();
    const verdicts = page.locator("ul.verdicts");
    await verdicts.waitFor();
    expect((await verdicts.textContent()) ?? "").toMatch(/ISSMP: Eligible/);
    await page.getByRole("heading", { name: "What to aim for next" }).waitFor();

    await page.getByRole("link", { name: "Compare" }).click();
    await page.getByLabel("First").selectOption("issmp");
    await page.getByLabel("Second").selectOption("cism");
    await page.getByRole("columnheader", { name: "CISM" }).waitFor();
    expect(await page.getByRole("rowheader", { name: "Issuer" }).count()).toBe(1);
    await page.close();
  }, 60_000);

  it("has no serious or critical accessibility violation on any page (axe-core)", async () => {
    const page = await open();
    const check = (what: string) => expectAccessible(page, what);
    await page.getByRole("heading", { name: /Practise/ }).waitFor();
    await check("start page");
    await page.goto(`${server.address}/#/catalog/issmp`);
    await page.getByRole("heading", { name: /ISSMP/ }).waitFor();
    await check("outline");
    await page.goto(`${server.address}/#/compare/issmp,cissp`);
    await page.getByRole("columnheader", { name: "CISSP" }).waitFor();
    await check("compare");
    await page.goto(`${server.address}/#/eligibility`);
    await page.getByRole("button", { name: "Check eligibility" }).waitFor();
    await check("eligibility");
    await page.goto(server.address);
    await startPractice(page, /Tutor mode/);
    await check("player");
    await answerCurrent(page);
    await saved(page);
    await page.getByRole("button", { name: "Check answer" }).click();
    await page.locator("aside.feedback").waitFor();
    await check("tutor feedback");
    await page.getByRole("button", { name: "Finish…" }).click();
    await check("finish dialog");
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Yes, finish/ })
      .click();
    await page.getByText(/Scaled score/).waitFor();
    await check("report");
    // The check itself works: a planted image without a text alternative is found.
    await page.evaluate(() =>
      document.body.append(Object.assign(document.createElement("img"), { src: "/x.png" })),
    );
    await expect(check("planted violation")).rejects.toThrow(/image-alt/);
    await page.close();
  }, 90_000);

  it("takes a full 125-item ISSMP simulation and shows readiness on the start page", async () => {
    const page = await open();
    await page.getByRole("button", { name: /Full simulation/ }).click();
    await page.getByText("item 1 of 125").waitFor();
    expect((await page.getByRole("timer").textContent()) ?? "").toMatch(/^2:59:\d\d|^3:00:00/);
    for (let k = 0; k < 125; k++) {
      await page.getByText(`item ${k + 1} of 125`).waitFor();
      await answerCurrent(page);
      if (k < 124) await page.keyboard.press("ArrowRight");
    }
    await saved(page);
    await page.getByRole("button", { name: "Review screen" }).click();
    await page.getByText("125 answered, 0 unanswered, 0 flagged.").waitFor();
    await page.getByRole("button", { name: "Back to the item" }).click();
    await page.getByRole("button", { name: "Finish…" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Yes, finish/ })
      .click();
    await page.getByText(/Scaled score/).waitFor();
    expect(await page.locator("ol.items > li").count()).toBe(125);
    await page.getByRole("link", { name: "Back to practice" }).click();
    await page.getByText(/Latest simulation:/).waitFor();
    expect(await page.getByRole("button", { name: /^Next:/ }).count()).toBe(1);
    await page.close();
  }, 180_000);

  it("sends a problem report on an item to the authors' queue", async () => {
    const page = await open();
    await startPractice(page, /Short practice/);
    await page.getByRole("button", { name: "Report a problem" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Two answers are right").check();
    await dialog.getByLabel(/Comment/).fill("B reads as right too.");
    await dialog.getByRole("button", { name: "Send to the authors" }).click();
    await page.getByText(/sent to the item's authors/).waitFor();
    const queue = await (await fetch(`${server.address}/api/item-reports?status=open`)).json();
    expect(queue.reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: "two-right-answers", comment: "B reads as right too." }),
      ]),
    );
    await page.close();
  }, 60_000);

  it("signs in on a server with accounts before practising", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "certpath-web-mu-")), "mu.db");
    addUser(db, "kim@example.org", "candidate", "a long and unusual passphrase 42");
    const multi = await startServer(db, {}, ["--multi-user"]);
    try {
      const page = await browser.newPage();
      await page.goto(multi.address);
      await page.getByRole("heading", { name: "Sign in to certpath" }).waitFor();
      await page.getByLabel("Email").fill("kim@example.org");
      await page.getByLabel("Password").fill("not the password at all");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "wrong email or password" }).waitFor();
      await page.getByLabel("Password").fill("a long and unusual passphrase 42");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText("kim@example.org (candidate)").waitFor();
      await page.getByRole("button", { name: /Short practice/ }).click();
      await page.getByText("item 1 of 10").waitFor();
      await answerCurrent(page);
      await saved(page);
      await page.close();
    } finally {
      await stopServer(multi, "SIGTERM");
    }
  }, 60_000);
});
