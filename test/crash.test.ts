/**
 * Crash test: a 125-item exam answered by a separate process that is killed with SIGKILL at several
 * random moments and restarted. Every answer it acknowledged must be in the store at the end, and the
 * attempt must resume where it stopped.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replay } from "../src/core/exam/attempt.js";
import { seededRandom } from "../src/core/random/seeded.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { openSqliteStore } from "../src/store/sqlite/open.js";
import { syntheticContent } from "./synthetic-content.js";

const worker = join(import.meta.dirname, "fixtures", "answer-worker.mjs");

/** Runs the worker until it has printed `killAfter` more "saved" lines, then SIGKILLs it. */
function runWorker(
  env: NodeJS.ProcessEnv,
  args: string[],
  killAfter: number | null,
): Promise<{ saved: Map<string, string>; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    const saved = new Map<string, string>();
    let finished = false;
    let buffer = "";
    let stderr = "";
    let count = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^saved (\S+) (\S+)$/.exec(line);
        if (m) {
          saved.set(m[1]!, m[2]!);
          count++;
          if (killAfter !== null && count >= killAfter) child.kill("SIGKILL");
        }
        if (line === "finished") finished = true;
        nl = buffer.indexOf("\n");
      }
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (signal !== "SIGKILL" && code !== 0) reject(new Error(`worker failed (${code}): ${stderr}`));
      else resolve({ saved, finished });
    });
  });
}

describe("crash safety", () => {
  it("loses no acknowledged answer when the process is killed with SIGKILL and restarted", async () => {
    const env = { ...process.env, CERTPATH_CONTENT: syntheticContent("issmp", 600) };
    const db = join(mkdtempSync(join(tmpdir(), "certpath-crash-")), "crash.db");
    const rng = seededRandom("crash-test");
    const acknowledged = new Map<string, string>();
    let mode = "start";
    let finished = false;
    let kills = 0;
    for (let round = 0; round < 8 && !finished; round++) {
      const killAfter = round < 5 ? 5 + rng.int(25) : null;
      const r = await runWorker(env, [db, "crash-attempt", mode, "seed"], killAfter);
      for (const [k, v] of r.saved) acknowledged.set(k, v);
      finished = r.finished;
      if (!r.finished) kills++;
      mode = "resume";
    }
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(finished).toBe(true);

    const store = await openSqliteStore(db);
    try {
      const state = replay(await new AttemptRepository(store.db).steps("crash-attempt"));
      expect(state.status).toBe("finished");
      expect(state.form).toHaveLength(125);
      for (const [item, response] of acknowledged) expect(state.responses.get(item)).toBe(response);
      expect(state.responses.size).toBe(125);
    } finally {
      await store.close();
    }
  });
});
