/**
 * What the browser tests share: Chromium from the npm package @sparticuz/chromium through
 * playwright-core (scripts/chromium.mjs), the axe-core check, answering whatever item the player
 * shows, and adding a user to a database for a multi-user server.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { launchChromium } from "../scripts/chromium.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/** Fails (naming `what`) when axe-core finds a serious or critical violation on the page as it is. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated, not added as a script tag: the app's Content-Security-Policy (kept on in the tests, so
  // they prove the app works under it) refuses inline scripts.
  await page.evaluate(`${axeSource}\n;0`);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
    const result = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return (result.violations as { id: string; impact: string; nodes: { target: unknown }[] }[])
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes, first ${JSON.stringify(v.nodes[0]?.target)})`,
      );
  });
  if (violations.length > 0) throw new Error(`${what}: axe found ${violations.join("; ")}`);
}

/** Answers the current item whatever its type; returns the item's type. */
export async function answerCurrent(page: Page): Promise<string> {
  const item = page.locator("article.item");
  await item.waitFor();
  if ((await item.locator('input[type="radio"]').count()) > 0) {
    await page.keyboard.press("1");
    return "single-choice";
  }
  const boxes = item.locator('input[type="checkbox"]');
  if ((await boxes.count()) > 0) {
    const need = Number(/Choose (\d+)/.exec((await item.locator("legend").textContent()) ?? "")?.[1]);
    for (let k = 0; k < need; k++) await boxes.nth(k).check();
    return "multiple-response";
  }
  if ((await item.locator("select").count()) > 0) {
    const selects = item.locator("select");
    for (let k = 0; k < (await selects.count()); k++) await selects.nth(k).selectOption({ index: 1 });
    return "matching";
  }
  if ((await item.locator('.hotspot [role="radio"]').count()) > 0) {
    await page.keyboard.press("1");
    return "hotspot";
  }
  if ((await item.locator('input[type="number"]').count()) > 0) {
    await item.locator('input[type="number"]').fill("1");
    await page.keyboard.press("Tab");
    return "numeric";
  }
  await item
    .getByRole("button", { name: /" down$/ })
    .first()
    .click();
  return "ordering";
}

/**
 * Presses one of the player's keys (ArrowRight, f, …) on the page itself: answering may leave the
 * focus in a field (a number, a matching select) that keeps such keys for itself.
 */
export async function pressOnPage(page: Page, key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

/** Waits until the player says every answer is saved. */
export async function saved(page: Page): Promise<void> {
  await page.getByRole("status").filter({ hasText: "All answers saved" }).waitFor();
}

/** Adds a user to an SQLite database with `certpath user add` (before a server opens it). */
export function addUser(db: string, email: string, role: string, password: string): void {
  const add = spawnSync(
    process.execPath,
    ["bin/certpath.js", "user", "add", email, "--role", role, "--password-stdin", "--db", db],
    { input: `${password}\n`, encoding: "utf8" },
  );
  expect(add.status, add.stderr).toBe(0);
}

/** Signs in through the app's sign-in page. */
export async function signIn(page: Page, address: string, email: string, password: string): Promise<void> {
  await page.goto(address);
  await page.getByRole("heading", { name: "Sign in to certpath" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`${email} (`).waitFor();
}
