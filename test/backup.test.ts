/**
 * `certpath backup` and `certpath restore`: a backup taken while a server process is answering is
 * a consistent copy, restores into an empty SQLite or PostgreSQL store, and bad inputs change nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { replay } from "../src/core/exam/attempt.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { openStore } from "../src/store/open.js";
import { freshDatabase } from "./postgres.js";
import { cli } from "./run-cli.js";
import { call, startServer, stopServer } from "./serve-process.js";

describe("backup and restore", () => {
  it("copies a running store consistently and restores it into SQLite and PostgreSQL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "certpath-backup-"));
    const db = join(dir, "live.db");
    expect((await cli("user", "add", "kim@example.org", "--role", "candidate", "--db", db)).code).toBe(0);
    const server = await startServer(db);
    let attempt = await call(server, "POST", "/api/attempts", { exam: "issmp", items: 30, seed: "b" });
    const id = attempt.id as string;
    // Keep answering while the backup runs.
    let answering = true;
    const answers = (async () => {
      let position = 0;
      while (answering && position < 29) {
        attempt = (
          await call(server, "POST", `/api/attempts/${id}/commands`, {
            seq: attempt.seq,
            command: { kind: "navigate", position: ++position },
          })
        ).attempt;
      }
    })();
    // Back up while the answers are coming in, once ten are in (bounded: the answers may fail).
    const deadline = Date.now() + 30_000;
    while (attempt.position < 10) {
      if (Date.now() > deadline) throw new Error(`only ${attempt.position} navigations in 30 s`);
      await Promise.race([answers, new Promise((r) => setTimeout(r, 5))]);
    }
    const file = join(dir, "backup.jsonl.gz");
    const b = await cli("backup", "--out", file, "--db", db);
    answering = false;
    await answers;
    await stopServer(server, "SIGTERM");
    expect(b.stderr).toBe("");
    expect(b.stdout).toMatch(/Backed up .* \(users 1, sessions 0, .*attempts 1, attempt_steps \d+/);

    for (const target of [join(dir, "restored.db"), await freshDatabase(inject("pgUrl"), "restore")]) {
      const r = await cli("restore", "--in", file, "--db", target);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/Restored the backup of \d{4}-/);
      const store = await openStore(target);
      try {
        const steps = await new AttemptRepository(store.db).steps(id);
        // A consistent snapshot: a whole log that replays, with no gap.
        expect(steps.map((s) => s.seq)).toEqual(steps.map((_, i) => i));
        const state = replay(steps);
        expect(state.exam).toBe("issmp");
        const row = await store.db
          .selectFrom("attempts")
          .selectAll()
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        expect(row.step_count).toBe(steps.length);
        const users = await store.db.selectFrom("users").select("email").execute();
        expect(users).toEqual([{ email: "kim@example.org" }]);
      } finally {
        await store.close();
      }
      // A second restore into the same store is refused: it is no longer empty.
      const again = await cli("restore", "--in", file, "--db", target);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("not empty");
    }
  }, 60_000);

  it("refuses bad backups and files with one clear message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "certpath-backup-bad-"));
    const plain = join(dir, "notes.txt");
    writeFileSync(plain, "not a backup\n");
    const target = join(dir, "t.db");
    const r1 = await cli("restore", "--in", plain, "--db", target);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain("notes.txt: is not a certpath backup");
    const r2 = await cli("restore", "--in", join(dir, "missing.gz"), "--db", target);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain("no such file");
    expect((await cli("restore", "--db", target)).code).toBe(2);
    expect((await cli("backup", "--db", target)).code).toBe(2);
    const exists = await cli("backup", "--out", plain, "--db", target);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain("exists already");
  });
});
