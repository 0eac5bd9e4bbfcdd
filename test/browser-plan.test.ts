/**
 * The study plan in Chromium: the start page invites a goal; the plan page saves it (the exam, its
 * date, hours a week), shows the weeks to the exam and downloads them as an iCalendar file; a past
 * date is refused in words; the start page then shows the goal and this week's focus; axe finds no
 * serious violation. The server's today is pinned (CERTPATH_TODAY) so the weeks are known. A
 * weak-area practice starts from the start page and asks how sure the candidate is of each answer.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerCurrent, expectAccessible, launchBrowser, saved } from "./browser-kit.js";
import { call, type ServerProcess, startServer, stopServer } from "./serve-process.js";

describe("the study plan in a browser", () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(join(mkdtempSync(join(tmpdir(), "certpath-plan-")), "web.db"), {
      CERTPATH_TODAY: "2026-12-03",
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
  });

  it("saves a goal, shows the weeks to the exam, downloads them, and shows the goal on the start page", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    await page.goto(server.address);
    await page.getByText("Preparing for an exam?").waitFor();
    await page.getByRole("link", { name: "Set your exam date" }).click();
    await page.getByRole("heading", { level: 1, name: "Your study plan" }).waitFor();

    const form = page.getByRole("form", { name: "Your goal" });
    await form.getByLabel("Certification").selectOption("cissp");
    await form.getByLabel("Exam date").fill("2026-11-30");
    await form.getByLabel("Hours of study a week").fill("10");
    await form.getByRole("button", { name: "Save goal" }).click();
    await form
      .getByRole("alert")
      .filter({ hasText: /the exam date 2026-11-30 is past \(today is 2026-12-03\)/ })
      .waitFor();
    expect((await call(server, "GET", "/api/profile")).goal).toBeNull();

    await form.getByLabel("Exam date").fill("2027-02-25");
    await form.getByRole("button", { name: "Save goal" }).click();
    await page.getByRole("heading", { level: 2, name: "CISSP on 2027-02-25: 84 days left" }).waitFor();
    expect((await call(server, "GET", "/api/profile")).goal).toEqual({
      exam: "cissp",
      examDate: "2027-02-25",
      hoursPerWeek: 10,
    });
    const rows = page.locator("table.plan tbody tr");
    expect(await rows.count()).toBe(12);
    expect(await rows.first().locator("th").textContent()).toBe("1: 2026-12-03 to 2026-12-09");
    // The weightiest CISSP domain (Security and Risk Management, 16%) leads the first week.
    expect(await rows.first().locator("td").first().textContent()).toMatch(/^Security and Risk Management/);
    await expectAccessible(page, "study plan");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download as a calendar (.ics)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("cissp-study-plan.ics");
    const ics = readFileSync((await download.path())!, "utf8");
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("CISSP");
    expect(ics.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThan(12);

    await page.goto(server.address);
    const line = page.locator("p.goal");
    await line.filter({ hasText: "84 days left" }).waitFor();
    expect(await line.textContent()).toMatch(
      /^CISSP on 2027-02-25: 84 days left\. This week: Security and Risk Management first \([\d.]+ h\)\. Next full simulation: 2027-\d\d-\d\d\. Your plan$/,
    );
    await page.close();
  }, 90_000);

  it("starts a weak-area practice from the start page and asks how sure the candidate is", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(server.address);
    await page
      .getByRole("region", { name: "ISSMP readiness" })
      .getByRole("button", { name: /^Weak areas/ })
      .click();
    await page.getByText("item 1 of 20").waitFor();
    const sure = page.getByRole("group", { name: "How sure are you?" });
    await sure.getByLabel("Unsure").check();
    await saved(page);
    await answerCurrent(page);
    await saved(page);
    await expectAccessible(page, "player with the confidence question");
    await page.getByRole("button", { name: "Check answer" }).click();
    await page.locator("aside.feedback").waitFor();
    // Once the answer is final, the candidate cannot change how sure they were.
    expect(await sure.getByLabel("Unsure").isChecked()).toBe(true);
    expect(await sure.getByLabel("Sure", { exact: true }).isDisabled()).toBe(true);
    // An unsure answer, right or wrong, is a review card.
    const q = await call(server, "GET", "/api/study?exam=issmp");
    expect(q.due.length + q.upcoming.length).toBe(1);
    await page.close();
  }, 90_000);
});
