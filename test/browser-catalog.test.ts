/**
 * The catalog pages in Chromium (playwright-core), against a real server: the index lists
 * every certification, a certification's page shows its exam facts with certainty marks, its sources
 * and its outline in force, and what to do next (eligibility, practice); an unknown id says so; axe-core
 * on these pages; the ISSMP page on a 390-pixel phone. The comparison: its hash follows the choice, its
 * marks are explained, its text says nothing twice, and it fits a phone.
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
    // A placeholder outline in force is said plainly at the top of the page; other warnings sit by the outline.
    for (const w of cism.inForce.warnings) {
      const placeholder = w.includes("certpath does not hold its details yet");
      const where = placeholder ? page.locator("p.outline-notice") : page.locator("ul.outline-warnings");
      expect(await where.textContent()).toContain(w);
      if (placeholder && cism.inForce.warnings.length === 1)
        expect(await page.locator("ul.outline-warnings").count()).toBe(0);
    }
    await page.close();
  }, 60_000);

  it("passes axe-core on a certification page, with every domain open", async () => {
    const page = await openIssmp();
    const summaries = page.locator("details.domain > summary");
    for (let k = 0; k < (await summaries.count()); k++) await summaries.nth(k).click();
    await expectAccessible(page, "ISSMP page");
    await page.close();
  }, 60_000);

  it("offers to check eligibility, and to practise only when the bank has items for the certification", async () => {
    const { certifications } = await call(server, "GET", "/api/catalog");
    const withItems = certifications.find((c: Json) => c.bankItems > 0);
    const without = certifications.find((c: Json) => c.bankItems === 0);
    expect(withItems, "a certification with practice items").toBeDefined();
    expect(without, "a certification without practice items").toBeDefined();

    let page = await open(`#/catalog/${withItems.id}`);
    await page
      .getByRole("heading", { level: 1, name: new RegExp(`^${withItems.abbreviation} — `) })
      .waitFor();
    expect(await page.getByRole("link", { name: "Check my eligibility" }).getAttribute("href")).toBe(
      "#/eligibility",
    );
    const practise = page.getByRole("link", { name: "Practise", exact: true });
    await practise.waitFor();
    expect(await practise.getAttribute("href")).toBe("#/");
    expect(await page.getByText(/has no practice items/).count()).toBe(0);
    // Near the top: before the first section.
    const y = (name: string) =>
      page
        .getByRole(name === "About" ? "heading" : "link", { name, exact: true })
        .evaluate((e) => e.getBoundingClientRect().top);
    expect(await y("Check my eligibility")).toBeLessThan(await y("About"));
    await page.getByRole("link", { name: "Check my eligibility" }).click();
    await page.getByRole("heading", { level: 1, name: "Am I eligible?" }).waitFor();
    await page.close();

    page = await open(`#/catalog/${without.id}`);
    await page.getByText(`certpath has no practice items for ${without.abbreviation} yet.`).waitFor();
    expect(await page.getByRole("link", { name: "Check my eligibility" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Practise", exact: true }).count()).toBe(0);
    await expectAccessible(page, `${without.abbreviation} page`);
    await page.close();
  }, 60_000);

  it("says plainly that an unknown certification id is not in the catalog, and links to the ones that are", async () => {
    const { certifications } = await call(server, "GET", "/api/catalog");
    const page = await open("#/catalog/nonexist");
    await page.getByRole("heading", { level: 1, name: "No certification called “nonexist”" }).waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(await page.getByRole("link", { name: "all certifications" }).getAttribute("href")).toBe(
      "#/catalog",
    );
    await page.getByRole("link", { name: certifications[0].abbreviation, exact: true }).waitFor();
    for (const c of certifications)
      expect(await page.getByRole("link", { name: c.abbreviation, exact: true }).getAttribute("href")).toBe(
        `#/catalog/${c.id}`,
      );
    await expectAccessible(page, "unknown certification");
    await page.getByRole("link", { name: "all certifications" }).click();
    await page.getByRole("heading", { level: 1, name: "Certifications" }).waitFor();
    await page.close();
  }, 60_000);

  it("keeps the comparison in the hash, so it can be shared, without losing the page's state", async () => {
    const page = await open("#/compare/issmp,cism");
    await page.getByRole("columnheader", { name: "CISM" }).waitFor();
    const entries = await page.evaluate(() => history.length);
    await page.getByLabel("Second").selectOption("crisc");
    await expect.poll(() => page.url()).toMatch(/#\/compare\/issmp,crisc$/);
    await page.getByRole("columnheader", { name: "CRISC" }).waitFor();
    await page.getByLabel("Third (optional)").selectOption("cissp");
    await expect.poll(() => page.url()).toMatch(/#\/compare\/issmp,crisc,cissp$/);
    await page.getByRole("columnheader", { name: "CISSP" }).waitFor();
    // The selects kept their choice (the page was not remounted), and no history entry per change.
    expect(await page.getByLabel("First").inputValue()).toBe("issmp");
    expect(await page.getByLabel("Second").inputValue()).toBe("crisc");
    expect(await page.evaluate(() => history.length)).toBe(entries);
    // The link shows the same comparison in a new tab.
    const shared = await open(new URL(page.url()).hash);
    await shared.getByRole("columnheader", { name: "CISSP" }).waitFor();
    expect(await shared.getByLabel("Second").inputValue()).toBe("crisc");
    expect(
      await shared.locator("table.compare thead th").evaluateAll((ths) => ths.map((t) => t.textContent)),
    ).toEqual(["Attribute", "ISSMP", "CRISC", "CISSP"]);
    // Back to the plain "Compare" link: the page follows the hash.
    await shared.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compare" }).click();
    await expect.poll(() => shared.getByLabel("Second").inputValue()).toBe("cism");
    await expect.poll(() => shared.url()).toMatch(/#\/compare\/issmp,cism$/);
    await page.close();
    await shared.close();
  }, 60_000);

  it("explains the marks under the comparison, and says nothing twice", async () => {
    const page = await open("#/compare/cism,cisa,crisc");
    await page.getByRole("columnheader", { name: "CRISC" }).waitFor();
    const table = page.getByRole("table", { name: "Attributes side by side" });
    const legend = page.locator("#compare-legend");
    expect(await table.getAttribute("aria-describedby")).toBe("compare-legend");
    const text = (await table.textContent()) ?? "";
    for (const mark of ["[unverified]", "[secondary source]"]) {
      expect(text).toContain(mark);
      const entry = legend
        .locator("div")
        .filter({ has: page.getByRole("term").getByText(mark, { exact: true }) });
      expect(await entry.count(), mark).toBe(1);
      expect(((await entry.getByRole("definition").textContent()) ?? "").length).toBeGreaterThan(20);
    }
    expect(await legend.textContent()).toContain("could not confirm");
    const all = (await page.locator("main").textContent()) ?? "";
    expect(all).not.toMatch(/outline outline/i);
    expect(all).not.toMatch(/pass first: pass first/i);
    expect(all).not.toMatch(/\b(\w{3,}) \1\b/i);
    await expectAccessible(page, "comparison");
    await page.close();
  }, 60_000);

  it("fits the comparison on a 390-pixel phone as cards, its row headers unbroken mid-word", async () => {
    const page = await open("#/compare/issmp,cism,cissp", 390);
    await page.getByRole("columnheader", { name: "CISSP" }).waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    // Each one-word header takes one line: a word broken across lines has two boxes.
    const lines = await page.locator("table.compare th").evaluateAll((ths) =>
      ths
        .filter((th) => !/\s/.test(th.textContent!.trim()))
        .map((th) => {
          const range = document.createRange();
          range.selectNodeContents(th);
          return [
            th.textContent,
            new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size,
          ];
        }),
    );
    expect(lines.length).toBeGreaterThan(5);
    for (const [word, n] of lines) expect(n, String(word)).toBe(1);
    // Each attribute is a card: every certification's value on screen, labelled with its name.
    const region = page.getByRole("region", { name: "Comparison table" });
    expect(await region.getAttribute("tabindex")).toBe("0");
    const cells = await page
      .locator("table.compare td")
      .evaluateAll((tds) =>
        tds.map((td) => ({ right: td.getBoundingClientRect().right, cert: td.dataset.cert })),
      );
    expect(cells.length).toBeGreaterThan(10);
    for (const c of cells) expect(c.right).toBeLessThanOrEqual(390);
    expect(new Set(cells.map((c) => c.cert))).toEqual(new Set(["ISSMP", "CISM", "CISSP"]));
    await expectAccessible(page, "comparison on a phone");
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
