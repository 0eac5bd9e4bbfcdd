/**
 * Prints the plain closing line `N passed, N failed` after a vitest run, so CI can read the count of
 * the whole run (and a run that executed no test shows as `0 passed, 0 failed`).
 *
 * Besides failed tests, it counts as one failure each: a test file that failed without a failed test
 * in it (it could not be imported or collected, or a beforeAll/afterAll hook threw), and each error
 * outside any test (an unhandled rejection or exception). A run that vitest ends as failed or
 * interrupted never closes on `0 failed`.
 */
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

export default class CountReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else skipped++;
      }
      if (failedHere === 0 && (m.state() === "failed" || m.errors().length > 0)) failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    if (reason !== "passed" && failed === 0) failed = 1;
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}
