/**
 * The eligibility page in Chromium (playwright-core), against a real server: what it covers,
 * the results brought into view, a held certification said to be held, missing domains asked for in
 * plain words (never the CLI's JSON hint), shortfalls in whole years, links to the catalog, and axe;
 * the profile kept between visits (AI work, credentials outside the catalog with status and date) and
 * imported from a profile file, a bad file refused with its file and field named.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser } from "./browser-kit.js";
import { call, type ServerProcess, startServer, stopServer } from "./serve-process.js";

interface JobInput {
  title: string;
  start: string;
  end?: string;
  function?: string;
  /** Per certification abbreviation, the (0-based) domain checkboxes to tick. */
  domains?: Record<string, number[]>;
}

describe("the eligibility page in a browser", () => {
  let server: ServerProcess;
  let browser: Browser;
  let count: number;

  beforeAll(async () => {
    server = await startServer(join(mkdtempSync(join(tmpdir(), "certpath-eligibility-")), "web.db"));
    browser = await launchBrowser();
    count = (await call(server, "GET", "/api/catalog")).certifications.length;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
  });

  /** A new page; the saved profile is cleared first unless `keep` (each test starts from an empty form). */
  async function open(keep = false): Promise<Page> {
    if (!keep) await call(server, "PATCH", "/api/profile", { eligibility: null });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.address}/#/eligibility`);
    await page.getByRole("heading", { level: 1, name: "Am I eligible?" }).waitFor();
    // The domain checkboxes come with the catalog: wait for the last certification's.
    await page.getByRole("checkbox", { name: "ISSMP", exact: true }).waitFor();
    return page;
  }

  /** Fills the form (jobs, held certifications), checks, and returns the results list. */
  async function check(page: Page, jobs: JobInput[], held: string[] = []): Promise<Locator> {
    for (const [k, j] of jobs.entries()) {
      if (k > 0) await page.getByRole("button", { name: "Add a job" }).click();
      const job = page.getByRole("group", { name: `Job ${k + 1}`, exact: true });
      await job.getByLabel("Title").fill(j.title);
      await job.getByLabel("Start").fill(j.start);
      if (j.end) await job.getByLabel(/^End/).fill(j.end);
      if (j.function) await job.getByLabel("Function").selectOption(j.function);
      if (j.domains) {
        await job.getByText("Domains this job covered").click();
        for (const [abbr, ks] of Object.entries(j.domains)) {
          const boxes = job.getByRole("group", { name: abbr, exact: true }).getByRole("checkbox");
          for (const n of ks) await boxes.nth(n).check();
        }
      }
    }
    for (const abbr of held) await page.getByRole("checkbox", { name: abbr, exact: true }).check();
    await page.getByRole("button", { name: "Check eligibility" }).click();
    const list = page.locator("ul.verdicts");
    await list.waitFor();
    expect(await list.locator(":scope > li").count()).toBe(count);
    return list;
  }

  /** The result for one certification. */
  const verdict = (list: Locator, abbr: string) =>
    list.locator(":scope > li").filter({ has: list.page().getByRole("link", { name: abbr, exact: true }) });

  it("says it covers every certification, and brings the results heading into focus", async () => {
    const page = await open();
    expect(await page.locator("main").textContent()).toContain(
      `the check covers every certification in the catalog (${count})`,
    );
    await check(page, [{ title: "Security manager", start: "2015-01-01" }]);
    const heading = page.getByRole("heading", { level: 2, name: /^Your results/ });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""))
      .toBe(await heading.textContent());
    expect(await heading.getAttribute("tabindex")).toBe("-1");
    // Scrolled to: the heading lies below the first screen of the form otherwise.
    const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(-2);
    expect(top).toBeLessThan(900);
    await page.close();
  }, 60_000);

  it("says a held certification is held, and links every certification to its catalog page", async () => {
    const page = await open();
    const list = await check(page, [{ title: "Security manager", start: "2015-01-01" }], ["CISSP"]);
    const cissp = verdict(list, "CISSP");
    expect(await cissp.count()).toBe(1);
    expect((await cissp.textContent())?.trim()).toBe("CISSP: You hold this");
    // Not held: a verdict, not "You hold this".
    expect(await verdict(list, "ISSMP").textContent()).not.toContain("You hold this");
    expect(await list.getByText("You hold this").count()).toBe(1);
    const { certifications } = await call(server, "GET", "/api/catalog");
    for (const c of certifications)
      expect(await list.getByRole("link", { name: c.abbreviation, exact: true }).getAttribute("href")).toBe(
        `#/catalog/${c.id}`,
      );
    await page.close();
  }, 60_000);

  it("asks for the domains in plain words when none is ticked, instead of a shortfall", async () => {
    const page = await open();
    const list = await check(page, [{ title: "Security manager", start: "2015-01-01" }]);
    for (const abbr of ["CISA", "CISM", "CISSP", "ISSMP"]) {
      const text = (await verdict(list, abbr).textContent()) ?? "";
      expect(text).toContain(`Tick the ${abbr} domains each job covered (under “Domains this job covered”).`);
      expect(text).not.toMatch(/more years|you have 0|domain\(s\)/);
    }
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).not.toContain('"domains":');
    expect(main).not.toContain("list them per job");
    expect(main).not.toContain("(s)");
    await expectAccessible(page, "eligibility results");
    await page.close();
  }, 60_000);

  it("states a real shortfall in whole years, without needless decimals", async () => {
    const page = await open();
    const list = await check(page, [
      {
        title: "Security manager",
        start: "2023-01-01",
        end: "2024-12-31",
        function: "management",
        domains: { CISSP: [0, 1], CISM: [0, 1] },
      },
    ]);
    const cissp = (await verdict(list, "CISSP").textContent()) ?? "";
    expect(cissp).toContain("You need 3 more years of experience: you have 2 years of the 5 years required.");
    const cism = (await verdict(list, "CISM").textContent()) ?? "";
    expect(cism).toMatch(
      /For three years of information security management in three or more CISM domains, you need 1 more year and 1 more domain: you have 2 years in 2 domains\./,
    );
    expect(cism).not.toContain("Tick the CISM domains");
    const text = (await list.textContent()) ?? "";
    expect(text).not.toMatch(/\d\.\d\d/);
    expect(text).not.toContain("(s)");
    await expectAccessible(page, "eligibility results with a shortfall");
    await page.close();
  }, 60_000);

  it("keeps the profile between visits, and imports a profile file, refusing a bad one by name", async () => {
    let page = await open();
    const job = page.getByRole("group", { name: "Job 1", exact: true });
    await job.getByLabel("Title").fill("AI risk lead");
    await job.getByLabel("Start").fill("2019-02-01");
    await job.getByLabel(/involved AI systems/).check();
    await page.getByLabel("A credential outside the catalog").selectOption({ label: "CompTIA Security+" });
    await page.getByRole("checkbox", { name: "CISM", exact: true }).check();
    await page.getByLabel("CompTIA Security+ status").selectOption("expired");
    await page.getByLabel("CISM earned").fill("2021-06-30");
    await page.getByRole("button", { name: "Check eligibility" }).click();
    await page.getByText("Saved to your profile: it will be here next time.").waitFor();
    await expectAccessible(page, "eligibility with credentials held");
    await page.close();

    const saved = (await call(server, "GET", "/api/profile")).eligibility;
    expect(saved.experience[0]).toMatchObject({ title: "AI risk lead", start: "2019-02-01", ai: true });
    expect(saved.credentials).toEqual([
      { id: "security-plus", status: "expired" },
      { id: "cism", status: "active", earned: "2021-06-30" },
    ]);
    // A later visit finds the form as it was left.
    page = await open(true);
    const again = page.getByRole("group", { name: "Job 1", exact: true });
    await expect.poll(() => again.getByLabel("Title").inputValue()).toBe("AI risk lead");
    expect(await again.getByLabel(/involved AI systems/).isChecked()).toBe(true);
    expect(await page.getByLabel("CompTIA Security+ status").inputValue()).toBe("expired");
    expect(await page.getByRole("checkbox", { name: "CISM", exact: true }).isChecked()).toBe(true);

    const upload = page.getByLabel(/Import a profile file/);
    await upload.setInputFiles({
      name: "bad.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(
        "experience:\n  - { title: Auditor, kind: employment, start: 2018-01-01, end: null, hoursPerWeek: 40, domains: { cisa: ['9'] } }\n",
      ),
    });
    await page.getByText(/^bad\.yaml: .*eligibility\.experience\[0\]\.domains\.cisa.*domain "9"/).waitFor();
    // Refused: nothing saved, the form untouched.
    expect((await call(server, "GET", "/api/profile")).eligibility.experience[0].title).toBe("AI risk lead");
    expect(await again.getByLabel("Title").inputValue()).toBe("AI risk lead");
    await upload.setInputFiles({
      name: "me.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(
        "education: [{ level: master, field: Security, completed: 2016-06-30 }]\ncredentials: [{ id: cissp, status: active, earned: 2018-03-01 }]\nexperience:\n  - { title: Auditor, kind: employment, function: audit, start: 2018-01-01, end: null, hoursPerWeek: 40, domains: { cisa: ['1', '2'] } }\n",
      ),
    });
    await page.getByText("Imported me.yaml and saved it to your profile.").waitFor();
    expect(await again.getByLabel("Title").inputValue()).toBe("Auditor");
    expect(await again.getByLabel(/involved AI systems/).isChecked()).toBe(false);
    expect(await page.getByLabel("CISSP earned").inputValue()).toBe("2018-03-01");
    expect(await page.getByLabel("Highest degree").inputValue()).toBe("master");
    expect((await call(server, "GET", "/api/profile")).eligibility.credentials).toEqual([
      { id: "cissp", status: "active", earned: "2018-03-01" },
    ]);
    await page.close();
  }, 90_000);
});
