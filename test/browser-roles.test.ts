/**
 * The account, admin and instructor pages in Chromium, against one real multi-user server:
 * an admin manages users and reads the audit log; an instructor sets an assignment that a candidate
 * takes from the start page, gives time back and reads the results by candidate and domain; a
 * candidate exports their data, changes their password and deletes their account; axe-core on every
 * one of these pages. Each person has their own browser context, so their cookies never mix.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shortVerdict } from "../src/core/scoring/verdict.js";
import {
  addUser,
  answerCurrent,
  expectAccessible,
  launchBrowser,
  pressOnPage,
  saved,
  signIn,
} from "./browser-kit.js";
import { type ServerProcess, startServer, stopServer } from "./serve-process.js";

const PASSWORD = "a long and unusual passphrase 42";
const NEW_PASSWORD = "tea kettle singing on the hill 7";

/** What the results table says of a short assignment's score (no pass or fail from 4 items). */
const verdictWords = (s: { score: number; band: [number, number]; passing: number; passed: boolean }) =>
  shortVerdict(s, false);

describe("accounts, users and cohorts in the web app", () => {
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const db = join(mkdtempSync(join(tmpdir(), "certpath-roles-")), "roles.db");
    addUser(db, "ada@example.org", "admin", PASSWORD);
    addUser(db, "ivy@example.org", "instructor", PASSWORD);
    addUser(db, "kim@example.org", "candidate", PASSWORD);
    addUser(db, "dan@example.org", "candidate", PASSWORD);
    server = await startServer(db, {}, ["--multi-user"]);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
  });

  /** A page in a browser context of its own, signed in as `email`. */
  async function as(email: string, width = 1200): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.address, email, PASSWORD);
    return page;
  }

  /** The cells of a table's body, row by row, as text. */
  async function cells(table: ReturnType<Page["locator"]>): Promise<string[][]> {
    return table
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll("th, td"), (c) => (c.textContent ?? "").trim())),
      );
  }

  it("lets an admin add a user, change their role, reset their password, delete them and audit it all", async () => {
    const page = await as("ada@example.org");
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    const add = page.getByRole("form", { name: "Add a user" });
    await add.getByLabel("Email").fill("new@example.org");
    await add.getByLabel("Initial password").fill("short");
    await add.getByRole("button", { name: "Add user" }).click();
    await add.getByRole("alert").filter({ hasText: "a password needs at least 15 characters" }).waitFor();
    await add.getByLabel("Initial password").fill(PASSWORD);
    await add.getByRole("button", { name: "Add user" }).click();
    await add.getByRole("status").filter({ hasText: "Added new@example.org as candidate" }).waitFor();

    const users = page.getByRole("table", { name: "Everyone with an account" });
    await users.getByRole("row", { name: /new@example\.org candidate/ }).waitFor();
    await page.getByRole("button", { name: "Manage new@example.org" }).click();
    const panel = page.getByRole("region", { name: "Manage new@example.org" });
    await panel.getByLabel("Role").selectOption("instructor");
    await panel.getByRole("button", { name: "Change role" }).click();
    await panel.getByRole("status").filter({ hasText: "new@example.org is now instructor." }).waitFor();
    await users.getByRole("row", { name: /new@example\.org instructor/ }).waitFor();
    // A weak reset is refused with the server's reason.
    await panel.getByLabel("New password").fill("passwordpassword");
    await panel.getByRole("button", { name: "Reset password" }).click();
    await panel
      .getByRole("alert")
      .filter({ hasText: "that password is too common or too easy to guess" })
      .waitFor();

    await panel.getByLabel("New password").fill(NEW_PASSWORD);
    await panel.getByRole("button", { name: "Reset password" }).click();
    await panel.getByRole("status").filter({ hasText: "Password of new@example.org reset" }).waitFor();

    // The admin cannot take away their own admin role: the server's refusal shows. Nor is there a
    // delete button for their own account here (that is the Account page's).
    await page.getByRole("button", { name: "Manage ada@example.org" }).click();
    const own = page.getByRole("region", { name: "Manage ada@example.org" });
    await own.getByLabel("Role").selectOption("candidate");
    await own.getByRole("button", { name: "Change role" }).click();
    await own
      .getByRole("alert")
      .filter({ hasText: "an admin cannot take away their own admin role" })
      .waitFor();
    expect(await own.getByRole("button", { name: /Delete/ }).count()).toBe(0);

    await page.getByRole("button", { name: "Manage new@example.org" }).click();
    await panel.getByRole("button", { name: "Delete user…" }).click();
    await panel.getByRole("button", { name: "Yes, delete new@example.org" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Deleted new@example.org and all their data." })
      .waitFor();
    expect(await users.getByRole("row", { name: /new@example\.org/ }).count()).toBe(0);

    const audit = page.getByRole("table", { name: "Audit log" });
    await audit.getByText("user.deleted").waitFor();
    const rows = await cells(audit);
    // Newest first, each naming the user by email (the deleted one too).
    expect(rows.slice(0, 4).map((r) => r.slice(1))).toEqual([
      ["ada@example.org", "user.deleted", "new@example.org", "email: new@example.org"],
      ["ada@example.org", "user.password-reset", "new@example.org", ""],
      ["ada@example.org", "user.role-changed", "new@example.org", "from: candidate; to: instructor"],
      ["ada@example.org", "user.created", "new@example.org", "email: new@example.org; role: candidate"],
    ]);
    // Before them, the four accounts `certpath user add` made, newest first.
    expect(rows.slice(4).map((r) => [r[1], r[2], r[3]])).toEqual(
      ["dan", "kim", "ivy", "ada"].map((n) => [
        "(not a signed-in user)",
        "user.created-from-cli",
        `${n}@example.org`,
      ]),
    );
  }, 60_000);

  it("runs an assignment from the instructor's cohort page to the candidate's result by domain", async () => {
    const ivy = await as("ivy@example.org");
    await ivy.getByRole("link", { name: "Cohorts" }).click();
    await ivy.getByRole("heading", { name: "Your cohorts" }).waitFor();
    await ivy.getByLabel("Name").fill("Spring ISSMP");
    await ivy.getByRole("button", { name: "Create cohort" }).click();
    await ivy.getByRole("heading", { name: "Spring ISSMP", level: 1 }).waitFor();

    const members = ivy.getByLabel("Add members by email");
    await members.fill("nobody@example.org");
    await ivy.getByRole("button", { name: "Add members" }).click();
    // An email without an account is listed like any other: the cohort does not tell who has one.
    await ivy.getByRole("button", { name: "Remove nobody@example.org" }).waitFor();
    expect(await ivy.getByRole("alert").filter({ hasText: /\S/ }).count()).toBe(0);
    await members.fill("kim@example.org");
    await ivy.getByRole("button", { name: "Add members" }).click();
    await ivy.getByRole("button", { name: "Remove kim@example.org" }).waitFor();

    const form = ivy.getByRole("form", { name: "New assignment" });
    await form.getByLabel("Title").fill("Mock exam 1");
    await form.getByLabel("Kind").selectOption("exam");
    await form.getByLabel("Scored items").fill("4");
    await form.getByLabel("Due date").fill("2026-12-15");
    await form.getByRole("button", { name: "Set assignment" }).click();
    const assignments = ivy.getByRole("table", { name: "Assignments" });
    await assignments.getByRole("row", { name: /Mock exam 1/ }).waitFor();
    expect((await cells(assignments))[0]?.slice(0, 3)).toEqual([
      "Mock exam 1",
      "ISSMP, exam, 4 items",
      "2026-12-15",
    ]);

    // The candidate sees it on the start page and starts it.
    const kim = await as("kim@example.org");
    const mine = kim.locator(".assignments");
    await mine.getByRole("heading", { name: "Your assignments" }).waitFor();
    expect((await mine.textContent()) ?? "").toMatch(
      /Mock exam 1 \(Spring ISSMP\).*ISSMP, exam, 4 items; due 2026-12-15/,
    );
    await mine.getByRole("button", { name: "Start Mock exam 1" }).click();
    await kim.getByText("item 1 of 4").waitFor();

    // The instructor gives the attempt in progress ten minutes back.
    await ivy.reload();
    const give = ivy.getByLabel("Minutes to give back to kim@example.org");
    await give.fill("10");
    await ivy.getByRole("button", { name: "Give time" }).click();
    const granted = ivy.getByRole("status").filter({ hasText: /^Gave 10 min; / });
    await granted.waitFor();
    // A 4-item ISSMP form has 4 × 180/125 min ≈ 5:46; with ten more it has over 15 minutes.
    expect((await granted.textContent()) ?? "").toMatch(/; 0:1[56]:\d\d left\.$/);
    await kim.reload();
    await kim.getByText("item 1 of 4").waitFor();
    expect((await kim.getByRole("timer").textContent()) ?? "").toMatch(/^0:1[56]:\d\d/);

    for (let k = 0; k < 4; k++) {
      await kim.getByText(`item ${k + 1} of 4`).waitFor();
      await answerCurrent(kim);
      await saved(kim);
      if (k < 3) await pressOnPage(kim, "ArrowRight");
    }
    await kim.getByRole("button", { name: "Finish…" }).click();
    await kim
      .getByRole("dialog")
      .getByRole("button", { name: /Yes, finish/ })
      .click();
    await kim.getByText(/(Scaled|Estimated) score \d+/).waitFor();
    const attemptId = /#\/report\/(.+)$/.exec(kim.url())?.[1];
    expect(attemptId).toBeTruthy();
    const report = await kim.evaluate(
      async (id) => (await fetch(`/api/attempts/${id}/report`)).json(),
      attemptId,
    );

    // The instructor's results agree with the candidate's own report, overall and by domain.
    await ivy.reload();
    const byCandidate = ivy.getByRole("table", { name: /Mock exam 1: By candidate/ });
    await byCandidate.getByRole("row", { name: /kim@example\.org/ }).waitFor();
    const [kimRow] = await cells(byCandidate);
    const pct = (c: number, s: number) => `${Math.round((100 * c) / s)}% (${c}/${s})`;
    expect(kimRow).toEqual([
      "kim@example.org",
      "1",
      "1",
      String(report.scaled.score),
      // A 4-item assignment gives no pass or fail: what the likely range says, and the report.
      `${verdictWords(report.scaled)} Report of kim@example.org`,
      pct(report.raw.correct, report.raw.scored),
      "—",
    ]);
    const byDomain = ivy.getByRole("table", { name: /Mock exam 1: Share right by domain/ });
    await byDomain.getByRole("columnheader", { name: "kim@example.org" }).waitFor();
    const domainRows = await cells(byDomain);
    const scoredDomains = (
      report.domains as { id: string; correct: number; scored: number; proficiency: string }[]
    ).filter((d) => d.scored > 0);
    expect(domainRows.map((r) => r[0]?.split(" ")[0])).toEqual(scoredDomains.map((d) => d.id));
    for (const [k, d] of scoredDomains.entries()) {
      expect(domainRows[k]?.[1]).toBe(`${pct(d.correct, d.scored)} ${d.proficiency}`);
      expect(domainRows[k]?.[2]).toBe(pct(d.correct, d.scored));
    }
    await expectAccessible(ivy, "cohort page with results");
    // The instructor opens Kim's whole report from the table.
    await byCandidate.getByRole("link", { name: "Report of kim@example.org" }).click();
    await ivy.getByRole("heading", { name: "ISSMP practice result" }).waitFor();
    expect(await ivy.locator("ol.items > li").count()).toBe(report.items.length);
    expect(await ivy.getByRole("button", { name: /Practise your weakest domain/ }).count()).toBe(0);
    await ivy.getByRole("link", { name: "Back to the cohort" }).first().click();
    await byCandidate.getByRole("row", { name: /kim@example\.org/ }).waitFor();

    // The cohort page fits a phone: the wide tables scroll inside their own boxes.
    await ivy.setViewportSize({ width: 390, height: 844 });
    const overflow = await ivy.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Back on the start page the candidate can open the report of the assignment.
    await kim.goto(server.address);
    await kim.getByRole("link", { name: "Report on Mock exam 1" }).waitFor();
    // An assignment is taken once: no second start is offered.
    expect(await kim.getByRole("button", { name: /Mock exam 1/ }).count()).toBe(0);
  }, 120_000);

  it("lets a candidate export their data, change their password and delete their account", async () => {
    const page = await as("dan@example.org");
    await page
      .getByRole("region", { name: "ISSMP readiness" })
      .getByRole("button", { name: /Short practice/ })
      .click();
    await page.getByText("item 1 of 10").waitFor();
    const attemptId = /#\/attempt\/(.+)$/.exec(page.url())?.[1];
    expect(attemptId).toBeTruthy();
    await answerCurrent(page);
    await saved(page);

    await page.getByRole("link", { name: "Account" }).click();
    await page.getByRole("heading", { name: "Your account", level: 1 }).waitFor();
    expect((await page.locator("dl.identity").textContent()) ?? "").toBe("Emaildan@example.orgRolecandidate");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download my data" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^certpath-dan@example\.org-\d{4}-\d\d-\d\d\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(exported.user.email).toBe("dan@example.org");
    expect(exported.attempts.map((a: { id: string }) => a.id)).toEqual([attemptId]);
    expect(exported.attempts[0].steps.length).toBeGreaterThan(1);
    await page
      .getByRole("status")
      .filter({ hasText: /\(1 attempt\)/ })
      .waitFor();

    const change = page.getByRole("form", { name: "Change your password" });
    await change.getByLabel("Current password").fill(PASSWORD);
    await change.getByLabel("New password", { exact: true }).fill("passwordpassword");
    await change.getByLabel("New password again").fill("passwordpassword");
    await change.getByRole("button", { name: "Change password" }).click();
    await change
      .getByRole("alert")
      .filter({ hasText: "that password is too common or too easy to guess" })
      .waitFor();
    await change.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await change.getByLabel("New password again").fill(NEW_PASSWORD);
    await change.getByRole("button", { name: "Change password" }).click();
    await change.getByRole("status").filter({ hasText: "Password changed." }).waitFor();
    expect(await change.getByRole("alert").count()).toBe(0);

    await page.getByRole("button", { name: "Delete my account…" }).click();
    await page.getByLabel("Your password, to confirm").fill(PASSWORD);
    await page.getByRole("button", { name: "Delete my account for good" }).click();
    await page.getByRole("alert").filter({ hasText: "the password is wrong" }).waitFor();
    await page.getByLabel("Your password, to confirm").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Delete my account for good" }).click();
    await page.getByRole("heading", { name: "Sign in to certpath" }).waitFor();

    // Gone: neither password signs in any more.
    for (const password of [NEW_PASSWORD, PASSWORD]) {
      await page.getByLabel("Email").fill("dan@example.org");
      await page.getByLabel("Password").fill(password);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/api/session") && r.request().method() === "POST"),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      expect(response.status()).toBe(401);
      await page.getByRole("alert").filter({ hasText: "wrong email or password" }).waitFor();
    }
    expect(await page.getByText("dan@example.org (").count()).toBe(0);
  }, 60_000);

  it("has no serious or critical accessibility violation on the account, admin and cohort pages", async () => {
    const ada = await as("ada@example.org", 390);
    await ada.goto(`${server.address}/#/account`);
    await ada.getByRole("heading", { name: "Your account", level: 1 }).waitFor();
    await ada.getByRole("button", { name: "Delete my account…" }).click();
    await expectAccessible(ada, "account");
    await ada.goto(`${server.address}/#/admin`);
    await ada.getByRole("table", { name: "Audit log" }).waitFor();
    await ada.getByRole("button", { name: "Manage kim@example.org" }).click();
    await ada.getByRole("region", { name: "Manage kim@example.org" }).waitFor();
    await expectAccessible(ada, "admin");
    const overflow = await ada.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const ivy = await as("ivy@example.org", 390);
    await ivy.goto(`${server.address}/#/cohorts`);
    await ivy.getByRole("heading", { name: "Your cohorts" }).waitFor();
    await expectAccessible(ivy, "cohorts");
    await ivy.getByLabel("Name").fill("Autumn CISSP");
    await ivy.getByRole("button", { name: "Create cohort" }).click();
    await ivy.getByRole("heading", { name: "Autumn CISSP", level: 1 }).waitFor();
    await ivy.getByLabel("Add members by email").fill("kim@example.org");
    await ivy.getByRole("button", { name: "Add members" }).click();
    await ivy.getByRole("button", { name: "Remove kim@example.org" }).waitFor();
    const form = ivy.getByRole("form", { name: "New assignment" });
    await form.getByLabel("Title").fill("Domain 1 practice");
    await form.getByLabel("Kind").selectOption("tutor");
    await form.getByLabel("Scored items").fill("10");
    await form.getByRole("checkbox").first().check();
    await form.getByRole("button", { name: "Set assignment" }).click();
    await ivy
      .getByRole("table", { name: "Assignments" })
      .getByRole("row", { name: /Domain 1 practice/ })
      .waitFor();
    await expectAccessible(ivy, "cohort");
    expect(
      await ivy.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
  }, 60_000);

  it("says how to turn accounts on when the server has none", async () => {
    const single = await startServer(join(mkdtempSync(join(tmpdir(), "certpath-roles-single-")), "s.db"));
    try {
      const page = await browser.newPage();
      await page.goto(`${single.address}/#/account`);
      await page.getByRole("heading", { name: "Account" }).waitFor();
      expect((await page.locator("main").textContent()) ?? "").toMatch(/single-user mode/);
      expect((await page.locator("pre").textContent()) ?? "").toBe(
        "certpath user add you@example.org --role admin\ncertpath serve --multi-user",
      );
      expect(await page.getByRole("link", { name: "Account" }).count()).toBe(0);
      // The app learns the mode from one call that answers 200, and asks for no assignments.
      const calls: string[] = [];
      page.on("response", (r) => {
        if (new URL(r.url()).pathname.startsWith("/api/"))
          calls.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      const asked = page.waitForResponse((r) => r.url().endsWith("/api/session"));
      await page.goto(single.address);
      expect((await asked).status()).toBe(200);
      await page.getByRole("heading", { name: /Practise/ }).waitFor();
      // Until the page has made no request for half a second: every call it makes on loading is in.
      await page.waitForLoadState("networkidle");
      expect(await page.getByRole("heading", { name: "Your assignments" }).count()).toBe(0);
      expect(calls.filter((c) => !c.startsWith("200 "))).toEqual([]);
      expect(calls).not.toContain("200 /api/assignments");
      await page.close();
    } finally {
      await stopServer(single, "SIGTERM");
    }
  }, 60_000);
});
