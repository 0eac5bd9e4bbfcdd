/**
 * The catalog pages in Debian's Chromium (playwright-core), against a real server: the index lists
 * every certification, a certification's page shows its exam facts with certainty marks, its sources
 * and its outline in force; axe-core on both pages; the ISSMP page on a 390-pixel phone.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser } from "./browser-kit.js";
import { call, type ServerProcess, startServer, stopServer } from "./serve-process.js";

// biome-ignore lint/suspicious/noExplicitAny: API payloads
type Json = Record<string, any>;

describe("the catalog pages in a browser", () => {
  let server: ServerProcess;
  let browser: Browser;
  let issmp: Json;

  beforeAll(async () => {
    server = await startServer(join(mkdtempSync(join(tmpdir(), "certpath-catalog-")), "web.db"));
    browser = await launchBrowser();
    issmp = await call(server, "GET", "/api/catalog/issmp");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
  });

  async function open(hash: string, width = 1200): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${server.address}/${hash}`);
    return page;
  }

  /** The row of a description list whose term is exactly `label`. */
  function fact(page: Page, label: string) {
    return page
      .locator(".facts > div")
      .filter({ has: page.getByRole("term").getByText(label, { exact: true }) });
  }

  async function openIssmp(width = 1200): Promise<Page> {
    const page = await open("#/catalog/issmp", width);
    await page.getByRole("heading", { level: 1, name: /^ISSMP — / }).waitFor();
    return page;
  }

  it("lists every certification from the nav, and opens one", async () => {
    const { certifications } = await call(server, "GET", "/api/catalog");
    expect(certifications.length).toBeGreaterThan(1);
    const page = await open("");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Certifications" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Certifications" }).waitFor();
    expect(page.url()).toMatch(/#\/catalog$/);
    const table = page.getByRole("table", { name: "Every certification in the catalog" });
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBe(certifications.length);
    for (const c of certifications) {
      const row = rows.filter({ has: page.getByRole("link", { name: c.abbreviation, exact: true }) });
      expect(await row.count(), c.id).toBe(1);
      const text = (await row.textContent()) ?? "";
      expect(text).toContain(c.name);
      expect(text).toContain(c.issuer);
      expect(text).toContain(c.examSummary);
      expect(
        await row.getByRole("link", { name: `Compare ${c.abbreviation} with…` }).getAttribute("href"),
      ).toBe(`#/compare/${c.id}`);
    }
    await expectAccessible(page, "catalog index");
    await table.getByRole("link", { name: "CISSP", exact: true }).click();
    await page
      .getByRole("heading", { level: 1, name: /^CISSP — Certified Information Systems Security/ })
      .waitFor();
    expect(page.url()).toMatch(/#\/catalog\/cissp$/);
    await page.close();
  }, 60_000);

  it("shows the ISSMP exam facts, the sources with links and the outline of six domains", async () => {
    const page = await openIssmp();
    expect(await fact(page, "Number of items").locator("dd").textContent()).toMatch(/^125\b/);
    expect(await fact(page, "Duration").locator("dd").textContent()).toContain("180 minutes (3 hours)");
    expect(await fact(page, "Passing score").locator("dd").textContent()).toContain(
      "700 on a scale of 0 to 1000",
    );
    expect(await fact(page, "Languages").locator("dd").textContent()).toContain("English");
    expect(await fact(page, "Annual maintenance fee").locator("dd").textContent()).toContain("US$135");
    expect(await page.getByRole("link", { name: "Compare with…" }).getAttribute("href")).toBe(
      "#/compare/issmp",
    );

    // Sources: one entry per catalog source, each title a link to its URL, with its dates.
    const sources = page.locator("ol.sources > li");
    expect(await sources.count()).toBe(issmp.sources.length);
    for (const s of issmp.sources) {
      const entry = page.locator(`li#source-${s.key}`);
      expect(await entry.getByRole("link", { name: s.title }).getAttribute("href")).toBe(s.url);
      expect(await entry.textContent()).toContain(`last checked ${s.checked}`);
    }
    // A fact's citation jumps to its source (and the page stays the ISSMP page).
    await fact(page, "Annual maintenance fee").getByRole("link", { name: "[ISC2-AMF-JP]" }).click();
    expect(page.url()).toMatch(/#\/catalog\/issmp\/source\/ISC2-AMF-JP$/);
    await page.getByRole("heading", { level: 1, name: /^ISSMP — / }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("source-ISC2-AMF-JP");

    // The outline in force: six domains whose weights (read off the page) are the catalog's and sum to 100.
    const outline = issmp.outlines.find((o: Json) => o.id === issmp.inForce.outline);
    const summaries = page.locator("details.domain > summary");
    expect(await summaries.count()).toBe(6);
    const weights = (await page.locator("details.domain > summary .weight").allTextContents()).map((w) =>
      Number(w.replace("%", "")),
    );
    expect(weights).toEqual(outline.domains.map((d: Json) => d.weight));
    expect(weights.reduce((a, b) => a + b, 0)).toBe(100);
    // A domain opens to its subdomains and task statements.
    await summaries.nth(2).click();
    const risk = page.locator("details.domain").nth(2);
    await risk.getByRole("heading", { name: "3.3 Conduct risk assessments" }).waitFor();
    expect(
      await risk
        .getByText("Determining the risk assessment approach (e.g., qualitative, quantitative)")
        .count(),
    ).toBe(1);
    await page.close();
  }, 60_000);

  it("marks the facts the catalog holds unverified, with the reason, and leaves the others unmarked", async () => {
    const page = await openIssmp();
    const reason = issmp.exam.flags.retakePolicy.unverified;
    expect(typeof reason).toBe("string");
    const retakes = fact(page, "Retakes").locator("dd");
    await expect.poll(() => retakes.getByText("unverified", { exact: true }).count()).toBe(1);
    expect(await retakes.getByText(reason, { exact: true }).count()).toBe(1);
    expect(await fact(page, "Launched").getByText("unverified", { exact: true }).count()).toBe(1);
    // Duration carries no flag: no mark.
    expect(
      await fact(page, "Duration")
        .getByText(/unverified|secondary source/)
        .count(),
    ).toBe(0);
    // The outline's effective date is unverified too.
    expect(issmp.outlines[0].effectiveUnverified).toBeTruthy();
    const outline = page.locator('section[aria-labelledby="h-outline"] > p').first();
    expect(await outline.textContent()).toContain("effective date not published");
    expect(await outline.getByText("unverified", { exact: true }).count()).toBe(1);
    // The secondary source is marked as such in the sources list.
    expect(await page.locator("li#source-TRAININGCAMP-ISSxP").getByText("secondary source").count()).toBe(1);
    expect(await page.locator("li#source-SEED-ISSMP").getByText("secondary source").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("lists a certification's other outlines with their dates (CISM)", async () => {
    const cism = await call(server, "GET", "/api/catalog/cism");
    const page = await open("#/catalog/cism");
    await page.getByRole("heading", { level: 3, name: "Other outlines" }).waitFor();
    const others = page.locator("ul.other-outlines > li");
    const other = cism.outlines.filter((o: Json) => o.id !== cism.inForce.outline);
    expect(await others.count()).toBe(other.length);
    for (const o of other)
      expect(await others.filter({ hasText: o.label }).textContent()).toContain(o.effective);
    for (const w of cism.inForce.warnings)
      expect(await page.locator("ul.outline-warnings").textContent()).toContain(w);
    await page.close();
  }, 60_000);

  it("passes axe-core on a certification page, with every domain open", async () => {
    const page = await openIssmp();
    const summaries = page.locator("details.domain > summary");
    for (let k = 0; k < (await summaries.count()); k++) await summaries.nth(k).click();
    await expectAccessible(page, "ISSMP page");
    await page.close();
  }, 60_000);

  it("fits the ISSMP page on a 390-pixel-wide phone", async () => {
    const page = await openIssmp(390);
    const summaries = page.locator("details.domain > summary");
    for (let k = 0; k < (await summaries.count()); k++) await summaries.nth(k).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The index's table scrolls in its own container rather than widening the page.
    await page.goto(`${server.address}/#/catalog`);
    await page.getByRole("table", { name: "Every certification in the catalog" }).waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.close();
  }, 60_000);
});
