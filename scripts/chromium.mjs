// Chromium for the browser tests and the web benchmark (plain JavaScript, so both can use it): the
// build that the npm package @sparticuz/chromium ships compressed, unpacked once per version into the
// temporary folder, driven by playwright-core with our own flags. CHROMIUM_PATH names another binary.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";

/** The flags we launch with (not the package's serverless ones, which crash on a normal machine). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const packageEntry = import.meta.resolve("@sparticuz/chromium");
const packageRoot = join(dirname(fileURLToPath(packageEntry)), "..", "..");
const packageVersion = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version;

/**
 * Unpacks the package's Chromium (with its fonts and SwiftShader libraries) into
 * `<tmp>/certpath-chromium-<version>` unless it is there already, and returns the folder. The package
 * unpacks into whatever TMPDIR says, so a child process unpacks into a private folder that is then
 * renamed into place in one step: concurrent test files never see half a browser.
 */
async function unpack() {
  const target = join(tmpdir(), `certpath-chromium-${packageVersion}`);
  if (existsSync(join(target, "chromium"))) return target;
  const started = Date.now();
  const staging = mkdtempSync(join(tmpdir(), "certpath-chromium-unpacking-"));
  try {
    const code = `const { default: c } = await import(process.argv[1]); process.stdout.write(await c.executablePath());`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", code, packageEntry],
      { env: { ...process.env, TMPDIR: staging }, maxBuffer: 1 << 20 },
    );
    if (stdout !== join(staging, "chromium")) throw new Error(`@sparticuz/chromium unpacked to ${stdout}`);
    // Its fonts.conf names Lambda's folders: ours keeps the machine's fonts and adds the package's.
    writeFileSync(
      join(staging, "fonts.conf"),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `  <dir>${join(target, "fonts")}</dir>\n  <cachedir>${join(target, "fonts-cache")}</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another process renamed its copy into place first: use that one.
      if (!existsSync(join(target, "chromium"))) throw error;
      rmSync(staging, { recursive: true, force: true });
      return target;
    }
    console.log(
      `Unpacked Chromium from the npm package @sparticuz/chromium ${packageVersion} into ${target} (${Date.now() - started} ms, once per version)`,
    );
    return target;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`could not unpack Chromium from @sparticuz/chromium ${packageVersion}: ${error.message}`);
  }
}

let unpacked;

/** The Chromium binary to drive: CHROMIUM_PATH, or the one from @sparticuz/chromium. */
export async function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  unpacked ??= unpack();
  return join(await unpacked, "chromium");
}

/**
 * Launches headless Chromium through playwright-core.
 * @returns {Promise<import("playwright-core").Browser>}
 */
export async function launchChromium() {
  const executablePath = await chromiumPath();
  const fontsConf = join(dirname(executablePath), "fonts.conf");
  return chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
    ...(existsSync(fontsConf) && !process.env.CHROMIUM_PATH
      ? { env: { ...process.env, FONTCONFIG_FILE: fontsConf } }
      : {}),
  });
}
