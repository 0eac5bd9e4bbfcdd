import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "./test/count-reporter.ts"],
    testTimeout: 30_000,
    globalSetup: ["./test/global-setup.ts"],
  },
});
