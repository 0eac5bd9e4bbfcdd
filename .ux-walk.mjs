import { chromium } from "playwright-core";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await b.newContext({ viewport: { width: 1280, height: 800 } });
const page = await ctx.newPage();
page.on("response", r => { if (r.status()>=400 && !/api\/(me|assignments)/.test(r.url())) console.log("HTTP", r.status(), r.url()); });
page.on("pageerror", e => console.log("PAGEERROR", e.message));
const B = "http://127.0.0.1:8199/";
const shot = async (n) => { await page.waitForTimeout(400); await page.screenshot({ path: `/tmp/ux/${n}.png`, fullPage: true }); };
const text = async () => (await page.innerText("main").catch(()=>page.innerText("body")));
const mod = await import(process.argv[2]);
try { await mod.default({ page, B, shot, text, ctx }); } catch (e) { console.log("SCRIPTERR", e.message); await shot("err"); }
await b.close();
