/**
 * The CISSP start page in Chromium (playwright-core), against a real server on the bundled bank: it
 * offers the adaptive exam under the CISSP rules beside the fixed 125-item form; the adaptive exam
 * starts, a few items of whatever type come up are answered forward-only, and no response the page
 * receives meanwhile names a key, a rationale, correctness, θ or a pretest flag.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerCurrent, launchBrowser } from "./browser-kit.js";
import { call, type ServerProcess, startServer, stopServer } from "./serve-process.js";

/** Field names that would tell an answer, θ or an unscored item while the attempt runs. */
const TELLING =
  /"(key|rationale|rationales|correct|credit|theta|se|pretest|seed|difficulty|parameterSource|passed)":/;

describe("the CISSP adaptive exam in a browser", () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = {};
    if (process.env.CERTPATH_CONTENT) env.CERTPATH_CONTENT = ""; // the bundled bank
    server = await startServer(join(mkdtempSync(join(tmpdir(), "certpath-cissp-web-")), "web.db"), env);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
  });

  it("starts from the CISSP start page under the CISSP rules and answers items forward-only without leaking", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const bodies: { url: string; body: string }[] = [];
    page.on("response", async (r) => {
      if (!r.url().includes("/api/attempts")) return;
      bodies.push({ url: r.url(), body: await r.text().catch(() => "") });
    });
    await page.goto(server.address);
    const card = page
      .locator(".card.dashboard")
      .filter({ has: page.getByRole("heading", { name: "CISSP readiness" }) });
    await card.getByRole("button", { name: /Fixed practice form \(125 items, 3 h\)/ }).waitFor();
    await card
      .getByRole("button", { name: /Adaptive exam \(CISSP rules: 100–150 items, 3 h, forward only\)/ })
      .click();
    await page.getByRole("button", { name: /Confirm answer/ }).waitFor();
    const id = /#\/attempt\/([\w-]+)/.exec(page.url())![1]!;
    const types: string[] = [];
    for (let k = 0; k < 6; k++) {
      await page.getByRole("button", { name: /Confirm answer/ }).waitFor();
      const before = page.url();
      const shown = await page.locator("article.item .stem").first().getAttribute("id");
      types.push(await answerCurrent(page));
      await page.getByRole("button", { name: /Confirm answer/ }).click();
      // The next item is on screen (the CAT chose it) before it is answered: a key pressed while the
      // confirmed item is still shown would go to that item.
      if (k < 5)
        await expect
          .poll(() => page.locator("article.item .stem").first().getAttribute("id"), { timeout: 15_000 })
          .not.toBe(shown);
      await page.waitForLoadState("networkidle");
      expect(page.url()).toBe(before);
      expect(await page.getByRole("button", { name: /Previous/ }).count()).toBe(0);
    }
    expect(types).toHaveLength(6);
    // The attempt runs the CISSP's own rules, timed at 3 hours, and is still going.
    const view = await call(server, "GET", `/api/attempts/${id}`);
    expect(view).toMatchObject({ exam: "cissp", mode: "adaptive", status: "in-progress", total: null });
    expect(view.timeLimitMs).toBe(180 * 60_000);
    expect(view.answered).toBe(6);
    expect(bodies.length).toBeGreaterThan(6);
    for (const b of bodies) expect(b.body, b.url).not.toMatch(TELLING);
    await page.close();
  }, 120_000);
});
