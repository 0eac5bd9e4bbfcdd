import { defineConfig } from "vitest/config";

/**
 * Three projects, fastest first: `unit` (the pure core: no processes, no files written, no
 * database), `integration` (the store, the server, the CLI as processes, PostgreSQL from the global
 * setup) and `browser` (the web app in headless Chromium). `npm test` runs all three and ends with
 * one count line; `npm run test:unit` is the inner loop. Timeouts are sized for a loaded 2-core
 * machine.
 */
const browserTests = ["test/browser*.test.ts"];

export default defineConfig({
  test: {
    // Servers the tests start refuse a response field their endpoint's contract does not name.
    env: { CERTPATH_STRICT_RESPONSES: "1" },
    reporters: ["default", "./test/count-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/core/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["src/core/**", ...browserTests, "**/node_modules/**"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ["./test/global-setup.ts"],
        },
      },
      {
        test: {
          name: "browser",
          include: browserTests,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
