// Browser benchmark of the web app (issue: web app), in Debian's Chromium through playwright-core,
// against a real `certpath serve` on a temporary store:
// - JavaScript of the first page, gzipped (target ≤ 250 KB);
// - time until the start page is interactive: from navigation to its first button being enabled
//   (median of 5 cold loads; target ≤ 1.5 s);
// - next item after answering: from the key press that moves on to the next item showing
//   (median and worst of 27 moves; target ≤ 100 ms).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
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
