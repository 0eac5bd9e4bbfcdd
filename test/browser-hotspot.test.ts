/**
 * Hotspot items in Chromium (playwright-core), against a real server whose CISSP bank holds only the
 * hotspot items: the diagram drawn from data with its regions as radios named by letter and name,
 * reached by Tab and the arrow keys and chosen with Enter or Space, a visible focus ring and chosen
 * state, the answer saved and kept, no key or rationale in the page before feedback, the key and a
 * wrong choice marked in tutor feedback with every rationale, the report's diagram, and axe.
 */
import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDir } from "../src/store/content/content-dir.js";
import { expectAccessible, launchBrowser, saved } from "./browser-kit.js";
import { call, type ServerProcess, startServer, stopServer } from "./serve-process.js";

describe("hotspot items in a browser", () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    const content = mkdtempSync(join(tmpdir(), "certpath-hotspot-content-"));
    cpSync(join(contentDir(), "catalog"), join(content, "catalog"), { recursive: true });
    mkdirSync(join(content, "items", "cissp"), { recursive: true });
    for (const f of ["hotspot-1.yaml", "hotspot-2.yaml"])
      cpSync(join(contentDir(), "items", "cissp", f), join(content, "items", "cissp", f));
    const db = join(mkdtempSync(join(tmpdir(), "certpath-hotspot-")), "web.db");
    server = await startServer(db, { CERTPATH_CONTENT: content });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
  });

  /** Starts a CISSP attempt of `n` items through the API and opens the player on it. */
  async function player(mode: "exam" | "tutor", n = 3): Promise<{ page: Page; id: string }> {
    const attempt = await call(server, "POST", "/api/attempts", {
      exam: "cissp",
      mode,
      items: n,
      // Tasks of domain 7 with hotspot items and no computed family (families draw fresh items in 7.10
      // and 7.11), so that every item on the form is a hotspot.
      tasks: [
        "cissp:7.2.1",
        "cissp:7.2.2",
        "cissp:7.2.4",
        "cissp:7.2.5",
        "cissp:7.2.6",
        "cissp:7.7.1",
        "cissp:7.7.5",
      ],
    });
    expect(attempt.item.type).toBe("hotspot");
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.address}/#/attempt/${attempt.id}`);
    await page.locator("article.item .hotspot").waitFor();
    return { page, id: attempt.id as string };
  }

  const regions = (page: Page) => page.locator("article.item").getByRole("radio");

  it("draws the diagram with named regions, chosen by keyboard, with a visible focus ring and chosen state", async () => {
    const { page, id } = await player("exam");
    const view = await call(server, "GET", `/api/attempts/${id}`);
    const item = view.item;
    // The delivered item: a diagram and shaped regions under opaque ids, no key, no rationale.
    expect(item.diagram.boxes.length).toBeGreaterThan(0);
    for (const o of item.options) {
      expect(o.id).toMatch(/^[a-z2-9]{10}$/);
      expect(o.shape.kind).toMatch(/^(rect|circle|polygon)$/);
    }
    expect(JSON.stringify(view)).not.toMatch(/rationale|"key"|explanation/);
    // Nothing is drawn from markup: the page holds no script, link or handler inside the diagram.
    const svg = page.locator("article.item svg.hotspot-diagram");
    expect(await svg.locator("script, a, image, foreignObject, use").count()).toBe(0);

    const radios = regions(page);
    const n = await radios.count();
    expect(n).toBe(item.options.length);
    expect(n).toBeGreaterThanOrEqual(4);
    for (let k = 0; k < n; k++) {
      const o = item.options[k];
      expect(await radios.nth(k).getAttribute("aria-label")).toBe(`${o.label}: ${o.text}`);
      expect(await radios.nth(k).getAttribute("aria-checked")).toBe("false");
    }
    await page.screenshot({ path: "test-results/hotspot-before.png" });

    // Tab reaches the first region; the arrow keys move along the regions (not to another item).
    await radios.first().focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
    expect(await focused()).toBe(`${item.options[2].label}: ${item.options[2].text}`);
    // The focus ring: the focused region's outline is drawn thick and solid.
    const ring = await radios
      .nth(2)
      .locator(".hs-area")
      .evaluate((e) => {
        const s = getComputedStyle(e);
        return { width: Number.parseFloat(s.strokeWidth), dash: s.strokeDasharray };
      });
    expect(ring.width).toBeGreaterThanOrEqual(4);
    expect(ring.dash).toBe("none");
    await page.keyboard.press("ArrowLeft");
    expect(await focused()).toBe(`${item.options[1].label}: ${item.options[1].text}`);
    expect((await call(server, "GET", `/api/attempts/${id}`)).position).toBe(0);

    // Enter chooses the focused region; the chosen state shows, and the answer is saved as its id.
    await page.keyboard.press("Enter");
    await expect.poll(() => radios.nth(1).getAttribute("aria-checked")).toBe("true");
    const fill = await radios
      .nth(1)
      .locator(".hs-area")
      .evaluate((e) => getComputedStyle(e).fill);
    expect(fill).not.toBe(
      await radios
        .nth(0)
        .locator(".hs-area")
        .evaluate((e) => getComputedStyle(e).fill),
    );
    await saved(page);
    expect((await call(server, "GET", `/api/attempts/${id}`)).item.response).toBe(item.options[1].id);

    // Space chooses another; a click does too.
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press(" ");
    await expect.poll(() => radios.nth(2).getAttribute("aria-checked")).toBe("true");
    expect(await radios.nth(1).getAttribute("aria-checked")).toBe("false");
    await saved(page);
    await radios.nth(3).click();
    await saved(page);
    expect((await call(server, "GET", `/api/attempts/${id}`)).item.response).toBe(item.options[3].id);
    await page.screenshot({ path: "test-results/hotspot-chosen.png" });

    // Before feedback nothing on the page tells the key.
    expect(await page.getByText("✓ correct answer").count()).toBe(0);
    await expectAccessible(page, "a hotspot item");

    // The answer is kept when the candidate comes back.
    await page.reload();
    await regions(page).first().waitFor();
    expect(await regions(page).nth(3).getAttribute("aria-checked")).toBe("true");
    await page.close();
  }, 90_000);

  it("marks the key and a wrong choice in tutor feedback, with every rationale, and in the report", async () => {
    const { page, id } = await player("tutor", 1);
    const radios = regions(page);
    // Answer by a region's letter, as for single-choice items.
    const n = await radios.count();
    await page.keyboard.press("b");
    await expect.poll(() => radios.nth(1).getAttribute("aria-checked")).toBe("true");
    await saved(page);
    await page.getByRole("button", { name: "Check answer" }).click();
    const feedback = page.locator("aside.feedback");
    await feedback.waitFor();
    const verdict = (await feedback.locator("h2").textContent()) ?? "";
    const item = page.locator("article.item");
    // The key region is marked on the diagram and in its name; a wrong choice is marked as the candidate's.
    expect(await item.locator(".hs-region.key").count()).toBe(1);
    expect(await item.locator(".hs-region.wrong").count()).toBe(verdict === "Correct" ? 0 : 1);
    expect(await item.getByRole("radio", { name: /\(correct answer\)$/ }).count()).toBe(1);
    expect(await feedback.locator("li").count()).toBe(n);
    await expectAccessible(page, "a hotspot item's feedback");
    await page.screenshot({ path: "test-results/hotspot-feedback.png" });

    await page.getByRole("button", { name: "Finish…" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Yes, finish/ })
      .click();
    await page.locator("ol.items .hotspot").waitFor();
    const shown = page.locator("ol.items .hotspot");
    expect(await shown.locator(".hs-region.key").count()).toBe(1);
    expect(await shown.getByRole("radio").count()).toBe(n);
    const report = await call(server, "GET", `/api/attempts/${id}/report`);
    expect(report.items[0].options).toHaveLength(n);
    expect(report.items[0].diagram.boxes.length).toBeGreaterThan(0);
    expect(await shown.locator(".hs-region.chosen").getAttribute("aria-label")).toMatch(/^B: /);
    await page.close();
  }, 90_000);

  it("lets an author see a hotspot item's lint, shape fields and a preview that draws its regions", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.address}/#/bank/cissp-hs-001`);
    await page.getByRole("heading", { name: "Item cissp-hs-001" }).waitFor();
    const lint = page.getByRole("region", { name: "Checks" });
    await lint
      .getByRole("status")
      .filter({ hasText: /^0 errors/ })
      .waitFor();
    const preview = page.getByRole("region", { name: "Preview, as candidates see it" });
    const radios = preview.getByRole("radio");
    await radios.first().waitFor();
    expect(await radios.count()).toBe(5);
    // Moving region A onto region B: the lint names the overlap before anything is saved.
    const shape = page.getByLabel(/^Shape of region A/);
    const original = await shape.inputValue();
    const b = JSON.parse(await page.getByLabel(/^Shape of region B/).inputValue());
    await shape.fill(JSON.stringify(b));
    await lint
      .getByRole("status")
      .filter({ hasText: /^[1-9]\d* errors?/ })
      .waitFor();
    expect((await lint.getByRole("list", { name: "Errors" }).textContent()) ?? "").toMatch(
      /regions A and B overlap/,
    );
    // A shape being typed is not drawn, and the preview keeps working.
    await shape.fill("{");
    expect(await page.getByText(/is not JSON yet/).count()).toBe(1);
    await shape.fill(original);
    await lint
      .getByRole("status")
      .filter({ hasText: /^0 errors/ })
      .waitFor();
    await radios.nth(2).click();
    expect(await radios.nth(2).getAttribute("aria-checked")).toBe("true");
    await page.close();
  }, 90_000);
});
