// Browser benchmark of the web app (issue: web app), in Chromium from the npm package
// @sparticuz/chromium through playwright-core (scripts/chromium.mjs, the tests' launcher),
// against a real `certpath serve` on a temporary store:
// - JavaScript of the first page, gzipped (target ≤ 250 KB);
// - time until the start page is interactive: from navigation to its first button being enabled
//   (median of 5 cold loads; target ≤ 1.5 s);
// - every other page (catalog, a certification, compare, eligibility, a 125-item report, the item
//   bank and the item editor) until its content is there to use (median of 3 cold loads each;
//   target ≤ 1.5 s);
// - next item after answering: from the key press that moves on to the next item showing
//   (median and worst of 27 moves; target ≤ 100 ms).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium } from "../scripts/chromium.mjs";

function startServer(db) {
  const child = spawn(process.execPath, ["bin/certpath.js", "serve", "--port", "0", "--db", db], {
    env: { ...process.env, CERTPATH_LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const address = new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
  return { child, address };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run() {
  const html = readFileSync("web/dist/index.html", "utf8");
  const scripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const jsGzip = scripts.reduce((n, f) => n + gzipSync(readFileSync(join("web/dist", f))).length, 0);

  const server = startServer(join(mkdtempSync(join(tmpdir(), "certpath-webbench-")), "w.db"));
  const address = await server.address;
  const browser = await launchChromium();
  try {
    const loads = [];
    for (let k = 0; k < 5; k++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(address);
      await page.getByRole("button", { name: /Short practice/ }).waitFor();
      await page.waitForFunction(() => !document.querySelector("button")?.hasAttribute("disabled"));
      loads.push(Date.now() - t0);
      await context.close();
    }

    // Every other kind of page, cold: from navigation until its content is there to use (median of
    // 3 loads each). The report is of a finished 125-item simulation, the heaviest page.
    const json = { "content-type": "application/json" };
    const attempt = await (
      await fetch(`${address}/api/attempts`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ exam: "issmp", mode: "exam" }),
      })
    ).json();
    await fetch(`${address}/api/attempts/${attempt.id}/commands`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ seq: attempt.seq, command: { kind: "finish" } }),
    });
    const pages = [
      ["certifications", "#/catalog", (p) => p.getByRole("link", { name: "ISSMP", exact: true }).first()],
      ["a certification", "#/catalog/issmp", (p) => p.getByRole("heading", { name: /^ISSMP —/ })],
      ["compare", "#/compare/issmp,cism", (p) => p.getByRole("columnheader", { name: "CISM" }).first()],
      ["eligibility", "#/eligibility", (p) => p.getByRole("button", { name: "Check eligibility" })],
      ["125-item report", `#/report/${attempt.id}`, (p) => p.locator("ol.items > li").nth(124)],
      ["item bank", "#/bank", (p) => p.locator("table.bank-table a").first()],
      ["item editor", "#/bank/issmp-1.3-001", (p) => p.getByRole("textbox", { name: "Stem", exact: true })],
    ];
    const pageTimes = [];
    for (const [name, hash, ready] of pages) {
      const times = [];
      for (let k = 0; k < 3; k++) {
        const context = await browser.newContext();
        const p = await context.newPage();
        const t0 = Date.now();
        await p.goto(`${address}/${hash}`);
        await ready(p).waitFor();
        times.push(Date.now() - t0);
        await context.close();
      }
      pageTimes.push([name, median(times)]);
    }
    const slowest = pageTimes.reduce((a, b) => (b[1] > a[1] ? b : a));

    // Three short practices, nine moves each.
    const page = await browser.newPage();
    const moves = [];
    for (let round = 0; round < 3; round++) {
      await page.goto(address);
      await page.getByRole("button", { name: /Short practice/ }).click();
      for (let k = 1; k < 10; k++) {
        await page.getByText(`item ${k} of 10`).waitFor();
        await page.keyboard.press("1");
        const t0 = await page.evaluate(() => performance.now());
        await page.keyboard.press("ArrowRight");
        await page.getByText(`item ${k + 1} of 10`).waitFor();
        const t1 = await page.evaluate(() => performance.now());
        moves.push(t1 - t0);
      }
    }
    const worst = Math.max(...moves);
    return [
      {
        name: "web app: first page JavaScript, gzipped",
        value: `${(jsGzip / 1024).toFixed(1)} KB`,
        target: "≤ 250 KB",
        ok: jsGzip <= 250 * 1024,
      },
      {
        name: "web app: start page interactive (median of 5 loads)",
        value: `${median(loads)} ms`,
        target: "≤ 1,500 ms",
        ok: median(loads) <= 1500,
      },
      {
        name: `web app: every other page interactive (median of 3 loads each; ${pageTimes.map(([n, t]) => `${n} ${t}`).join(", ")} ms)`,
        value: `slowest ${slowest[1]} ms (${slowest[0]})`,
        target: "≤ 1,500 ms",
        ok: slowest[1] <= 1500,
      },
      {
        name: `web app: next item after answering (${moves.length} moves)`,
        value: `median ${median(moves).toFixed(0)} ms, worst ${worst.toFixed(0)} ms`,
        target: "≤ 100 ms",
        ok: median(moves) <= 100,
      },
    ];
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.ok ? "✔" : "✘"} ${r.name}: ${r.value} (target ${r.target})`);
}
