/**
 * For tests that change the bundled content: a private copy of `content/` in a temporary folder,
 * which the CLI reads (CERTPATH_CONTENT) for the tests of the calling `describe`, restored after.
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

export function useContentCopy(prefix: string): { dir: string; content: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const content = join(dir, "content");
  const saved = process.env.CERTPATH_CONTENT;
  beforeAll(() => {
    cpSync("content", content, { recursive: true });
    process.env.CERTPATH_CONTENT = content;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CERTPATH_CONTENT;
    else process.env.CERTPATH_CONTENT = saved;
  });
  return { dir, content };
}
