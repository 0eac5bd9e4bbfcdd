import type { Browser } from "playwright-core";

/** The flags Chromium is launched with. */
export const CHROMIUM_ARGS: readonly string[];
/** The Chromium binary to drive: CHROMIUM_PATH, or the one unpacked from @sparticuz/chromium. */
export function chromiumPath(): Promise<string>;
/** Launches headless Chromium through playwright-core. */
export function launchChromium(): Promise<Browser>;
