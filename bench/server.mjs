// Benchmarks of the server (issue: HTTP API, two databases, sessions that lose nothing), on SQLite,
// on PostgreSQL and on two server processes sharing one PostgreSQL database. Every answer is
// acknowledged only once it is committed.
// (a) Latency at a realistic load: 2,000 simulated candidates, each answering on average every 5 s
//     (exponential gaps, open loop: about 400 answers a second) for 60 s; p50 and p99 of the time from
//     when an answer was due to its acknowledgement (target p99 ≤ 25 ms).
// (b) Peak: a closed loop at doubling concurrency until throughput stops growing; durable answers a
//     second, beside a bare Node.js HTTP server that does no work, measured in the same run
//     (target ≥ 3,000 a second on SQLite; PostgreSQL's ≥ 40% of SQLite's).
// (c) On PostgreSQL, latency again at half the peak just measured (open loop, as many candidates as
//     that rate needs at one answer every 5 s; target p99 ≤ 25 ms).
// With two servers, each candidate's requests go to one server, as a load balancer with affinity
// (sticky by attempt) sends them; a last run sends every answer to the other server than the one
// before, to show what a deployment without affinity pays (each server's cached state is one step
// behind, so its guarded write is refused and it catches up before writing).
// Afterwards the answers in the database are counted: none may be lost or duplicated.
// Candidates answer the items of their form in turn, with the key in the ids the attempt delivers
// (read from the attempt's start step in the store, as a candidate would see them on screen).
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import pgClient from "pg";
import { requireSoundBank } from "../dist/core/bank/load.js";
import { replay } from "../dist/core/exam/attempt.js";
import { deliveredItemId, deliveryIn, toDelivered } from "../dist/core/exam/delivery.js";
import { keyAsResponse } from "../dist/core/items/item.js";
import { seededRandom } from "../dist/core/random/seeded.js";
import { AttemptRepository } from "../dist/store/attempts/attempt-repository.js";
import { loadBank } from "../dist/store/content/item-files.js";
import { openStore } from "../dist/store/open.js";
import { startTemporaryPostgres } from "../scripts/temp-postgres.mjs";

const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const MEAN_GAP_MS = 5000;
const LEVEL_SECONDS = Number(process.env.BENCH_LEVEL_SECONDS ?? 5);
const ANSWERS_PER_ATTEMPT = 250;
// BENCH_TARGETS=sqlite,pg,pg2 runs only some of the stores; BENCH_TIMELINE=1 prints, for every open-loop
// run, each second's answers, p50 and maximum latency (to line stalls up with the PostgreSQL log,
// which is kept when BENCH_TIMELINE is set: checkpoints, autovacuum, statements over 50 ms, lock waits).
const TARGETS = (process.env.BENCH_TARGETS ?? "sqlite,pg,pg2").split(",");
const TIMELINE = process.env.BENCH_TIMELINE === "1";

const items = new Map(requireSoundBank(loadBank()).map((i) => [i.id, i]));

function startProcess(args, env = {}) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, CERTPATH_LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const address = new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => reject(new Error(`exited (${code}): ${out}`)));
  });
  return { child, address };
}

// With BENCH_TIMELINE, each server runs with --trace-gc, and the pauses it prints (in ms since its
// isolate started, which is close to when it was spawned) are set on the benchmark's own clock.
const serverGc = [];
async function startCertpath(db) {
  const spawnedAt = performance.now();
  const p = startProcess([
    ...(TIMELINE ? ["--trace-gc"] : []),
    "bin/certpath.js",
    "serve",
    "--port",
    "0",
    "--db",
    db,
  ]);
  if (TIMELINE) {
    let pending = "";
    p.child.stdout.on("data", (d) => {
      pending += d;
      const lines = pending.split("\n");
      pending = lines.pop();
      for (const line of lines) {
        const m = /\s(\d+) ms: (\S+).*?, ([\d.]+) \/ ([\d.]+) ms/.exec(line);
        if (m) serverGc.push([spawnedAt + Number(m[1]), Number(m[3]), m[2]]);
      }
    });
  }
  return { child: p.child, address: await p.address };
}

// With BENCH_TIMELINE, the load generator's own pauses: its garbage collections and how late its
// timers fire (a pause of the generator delays answers as much as a pause of the server does).
const generatorGc = [];
const generatorLag = [];
if (TIMELINE) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) generatorGc.push([e.startTime, e.duration]);
  }).observe({ entryTypes: ["gc"] });
  let expected = performance.now() + 10;
  setInterval(() => {
    const now = performance.now();
    generatorLag.push([now, now - expected]);
    expected = now + 10;
  }, 10).unref();
}

async function startBare() {
  const code = `const http=require("node:http");const s=http.createServer((q,r)=>{q.resume();q.on("end",()=>{r.setHeader("content-type","application/json");r.end('{"ok":true}')})});s.listen(0,"127.0.0.1",()=>console.log("http://127.0.0.1:"+s.address().port))`;
  const p = startProcess(["-e", code]);
  return { child: p.child, address: await p.address };
}

function stop(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.on("exit", () => resolve());
    server.child.kill("SIGTERM");
  });
}

/** A JSON request over a keep-alive agent; resolves with { status, json }. */
function request(agent, base, method, path, body) {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: payload
          ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (c) => {
          data += c;
        });
        res.on("end", () => resolve({ status: res.statusCode, json: data ? JSON.parse(data) : null }));
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A candidate with an attempt: its answers (the keys, in delivered ids) and the step number last seen. */
async function newCandidate(agent, base, seed, repo) {
  const created = await request(agent, base, "POST", "/api/attempts", { exam: "issmp", items: 25, seed });
  if (created.status !== 201) throw new Error(`cannot create an attempt: ${JSON.stringify(created.json)}`);
  const state = replay(await repo.steps(created.json.id, true));
  const form = state.form
    .filter((f) => items.has(f.id))
    .map((f) => ({
      itemId: deliveredItemId(state.seed, f.id),
      response: toDelivered(deliveryIn(state, items, f.id), keyAsResponse(items.get(f.id))),
    }));
  return { id: created.json.id, seq: created.json.seq, form, next: 0, acked: 0 };
}

/** Answers the candidate's next item; returns true once acknowledged. */
async function answer(agent, bases, c, k) {
  const { itemId, response } = c.form[c.next % c.form.length];
  const body = { seq: c.seq, command: { kind: "answer", itemId, response } };
  const base = bases[k % bases.length];
  const r = await request(agent, base, "POST", `/api/attempts/${c.id}/commands`, body);
  if (r.status !== 200)
    throw new Error(`answer refused (${r.status}): ${JSON.stringify(r.json).slice(0, 200)}`);
  c.seq = r.json.attempt.seq;
  c.next++;
  if (!r.json.duplicate) c.acked++;
  return true;
}

async function createMany(agent, bases, n, prefix, repo) {
  const out = [];
  let i = 0;
  const workers = Array.from({ length: 8 }, async () => {
    while (i < n) {
      const k = i++;
      out[k] = await newCandidate(agent, bases[k % bases.length], `${prefix}-${k}`, repo);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Candidates answering every 5 s on average that make half of `peak` answers a second. */
function halfPeakCandidates(peak) {
  return Math.max(1, Math.round((peak / 2) * (MEAN_GAP_MS / 1000)));
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// The PostgreSQL database of the target being measured (null on SQLite). Before each open-loop run the
// benchmark asks PostgreSQL for a CHECKPOINT, so that the write-ahead-log segments the earlier phases
// filled are recycled, as on a database in steady state, and a run does not pay for creating and
// zero-filling new 16 MB segments (60–160 ms each with fsync on this machine's disk). With
// BENCH_TIMELINE the timeline shows, per second, how many segments the log directory holds, beside
// the generator's and the servers' GC pauses and the generator's timer lag, so a stall can be told
// apart from each of them (BENCH_CHECKPOINT=0 leaves the checkpoint out, to see the difference).
let currentPg = null;
async function pgQuery(url, sql) {
  const c = new pgClient.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}
function watchWal(url) {
  const samples = [];
  const c = new pgClient.Client({ connectionString: url });
  let stopped = false;
  const done = (async () => {
    await c.connect();
    while (!stopped) {
      const r = await c.query("select count(*)::int as n from pg_ls_waldir()");
      samples.push([performance.now(), r.rows[0].n]);
      await new Promise((res) => setTimeout(res, 200));
    }
    await c.end();
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/**
 * (a) Open loop: `count` candidates answer at exponential gaps (one answer every 5 s each on
 * average); latency counts from when an answer was due.
 */
async function openLoop(bases, repo, count = CANDIDATES, prefix = "open", affinity = true) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const candidates = await createMany(agent, bases, count, prefix, repo);
  if (currentPg && process.env.BENCH_CHECKPOINT !== "0") await pgQuery(currentPg, "CHECKPOINT");
  const wal = currentPg && TIMELINE ? watchWal(currentPg) : null;
  const rng = seededRandom(`bench-${prefix}`);
  const latencies = [];
  const timeline = [];
  let errors = 0;
  const start = performance.now();
  const wallStart = new Date();
  const end = start + SECONDS * 1000;
  await Promise.all(
    candidates.map(async (c, k) => {
      // A stationary Poisson process: the first answer, like every later one, after an exponential gap.
      // (A uniform first gap on [0, 5 s] doubles the rate over the first seconds: every candidate has
      // started by 5 s while the early ones are already on their second answer.)
      let due = start - Math.log(1 - rng.next()) * MEAN_GAP_MS;
      for (;;) {
        const wait = due - performance.now();
        if (due >= end) return;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        try {
          await answer(agent, bases, c, affinity ? k : k + c.next);
          const now = performance.now();
          latencies.push(now - due);
          if (TIMELINE) timeline.push([now - start, now - due]);
        } catch {
          errors++;
        }
        due += -Math.log(1 - rng.next()) * MEAN_GAP_MS;
      }
    }),
  );
  agent.destroy();
  if (wal) await wal.stop();
  if (TIMELINE) printTimeline(prefix, wallStart, start, timeline, wal?.samples ?? []);
  latencies.sort((a, b) => a - b);
  return {
    answers: latencies.length,
    rate: latencies.length / SECONDS,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    errors,
    candidates,
  };
}

/** The largest value in each second (from `start`) of [time, value] pairs. */
function maxPerSecond(pairs, start) {
  const out = new Map();
  for (const [at, v] of pairs) {
    const k = Math.floor((at - start) / 1000);
    if (k >= 0) out.set(k, Math.max(out.get(k) ?? 0, v));
  }
  return out;
}

/**
 * Per second of an open-loop run: answers acknowledged, p50 and maximum latency, and the longest
 * pause in that second of the generator (GC, late timers) and of the servers (GC).
 */
function printTimeline(label, wallStart, start, timeline, walSamples) {
  const walFiles = maxPerSecond(walSamples, start);
  const genGc = maxPerSecond(generatorGc, start);
  const genLag = maxPerSecond(generatorLag, start);
  const srvGc = maxPerSecond(
    serverGc.map(([at, ms]) => [at, ms]),
    start,
  );
  const seconds = new Map();
  for (const [at, latency] of timeline) {
    const k = Math.floor(at / 1000);
    if (!seconds.has(k)) seconds.set(k, []);
    seconds.get(k).push(latency);
  }
  console.log(
    `timeline of ${label}, from ${wallStart.toISOString()}: second, answers, p50 ms, max ms, generator GC / timer lag ms, server GC ms, WAL segments`,
  );
  for (const k of [...seconds.keys()].sort((a, b) => a - b)) {
    const ls = seconds.get(k).sort((a, b) => a - b);
    const flag = ls[ls.length - 1] > 25 ? "  <" : "";
    console.log(
      `${String(k).padStart(4)} ${String(ls.length).padStart(5)} ${quantile(ls, 0.5).toFixed(1).padStart(8)} ${ls[ls.length - 1].toFixed(1).padStart(9)} ${(genGc.get(k) ?? 0).toFixed(1).padStart(7)} / ${(genLag.get(k) ?? 0).toFixed(1).padStart(6)} ${(srvGc.get(k) ?? 0).toFixed(1).padStart(7)} ${String(walFiles.get(k) ?? "").padStart(4)}${flag}`,
    );
  }
}

/** (b) Closed loop at doubling concurrency until throughput stops growing (< 5% twice). */
async function closedLoop(bases, kind, repo) {
  let best = { concurrency: 0, rate: 0 };
  let flat = 0;
  const all = [];
  for (let concurrency = 1; concurrency <= 512; concurrency *= 2) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const pool =
      kind === "bare"
        ? []
        : await createMany(agent, bases, concurrency, `closed-${concurrency}-${Date.now()}`, repo);
    all.push(...pool);
    let count = 0;
    let errors = 0;
    let measuring = false;
    const stopAt = performance.now() + (LEVEL_SECONDS + 1) * 1000;
    setTimeout(() => {
      measuring = true;
    }, 1000);
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (performance.now() < stopAt) {
          try {
            if (kind === "bare") await request(agent, bases[w % bases.length], "POST", "/", { seq: 1 });
            else {
              const c = pool[w];
              if (c.next >= ANSWERS_PER_ATTEMPT) {
                const fresh = await newCandidate(agent, bases[w % bases.length], `closed-${w}-${c.id}`, repo);
                pool[w] = fresh;
                all.push(fresh);
                continue;
              }
              await answer(agent, bases, c, w);
            }
            if (measuring) count++;
          } catch {
            errors++;
          }
        }
      }),
    );
    agent.destroy();
    const rate = count / LEVEL_SECONDS;
    if (rate > best.rate * 1.05) {
      flat = 0;
    } else flat++;
    if (rate > best.rate) best = { concurrency, rate, errors };
    if (flat >= 2) break;
  }
  return { ...best, candidates: all };
}

/** Answer steps in the database per attempt, against the acknowledged counts. */
async function countAnswers(store, candidates) {
  {
    const rows = await store.db
      .selectFrom("attempt_steps")
      .select(["attempt_id", (eb) => eb.fn.countAll().as("n")])
      .where("kind", "=", "answer")
      .groupBy("attempt_id")
      .execute();
    const inDb = new Map(rows.map((r) => [r.attempt_id, Number(r.n)]));
    let lost = 0;
    let extra = 0;
    for (const c of candidates) {
      const n = inDb.get(c.id) ?? 0;
      if (n < c.acked) lost += c.acked - n;
      if (n > c.acked) extra += n - c.acked;
    }
    return { lost, extra };
  }
}

export async function run() {
  const results = [];
  const pg = await startTemporaryPostgres(
    TIMELINE
      ? {
          log_checkpoints: "on",
          log_autovacuum_min_duration: "0",
          log_min_duration_statement: "50",
          log_lock_waits: "on",
          log_line_prefix: "'%m [%p] '",
        }
      : {},
  );
  const freshPg = async (name) => {
    const admin = new pgClient.Client({ connectionString: pg.url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const u = new URL(pg.url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  try {
    const bare = await startBare();
    const bareLoop = await closedLoop([bare.address], "bare");
    await stop(bare);
    results.push({
      name: "bare Node.js HTTP server (no work), peak",
      value: `${Math.round(bareLoop.rate)} requests/s at concurrency ${bareLoop.concurrency}`,
      target: "reference",
      ok: true,
    });

    const dir = mkdtempSync(join(tmpdir(), "certpath-bench-"));
    const targets = [
      TARGETS.includes("sqlite") && ["SQLite", join(dir, "bench.db"), 1],
      TARGETS.includes("pg") && ["PostgreSQL", await freshPg("bench_one"), 1],
      TARGETS.includes("pg2") && ["PostgreSQL, two servers", await freshPg("bench_two"), 2],
    ].filter(Boolean);
    const peaks = new Map();
    for (const [name, db, processes] of targets) {
      const servers = [];
      for (let i = 0; i < processes; i++) servers.push(await startCertpath(db));
      const bases = servers.map((s) => s.address);
      // The benchmark's own connection, to read the forms it answers and count the answers after.
      const store = await openStore(db);
      const repo = new AttemptRepository(store.db);
      currentPg = name === "SQLite" ? null : db;
      const open = await openLoop(bases, repo);
      const closed = await closedLoop(bases, "certpath", repo);
      peaks.set(name, closed.rate);
      const half =
        name === "SQLite" ? null : await openLoop(bases, repo, halfPeakCandidates(closed.rate), "half");
      // Two servers: again without affinity, every answer to the other server than the last one.
      const spread = processes > 1 ? await openLoop(bases, repo, CANDIDATES, "spread", false) : null;
      for (const s of servers) await stop(s);
      const counted = [
        ...open.candidates,
        ...closed.candidates,
        ...(half ? half.candidates : []),
        ...(spread ? spread.candidates : []),
      ];
      const { lost, extra } = await countAnswers(store, counted);
      await store.close();
      results.push({
        name: `${name}: latency at ${CANDIDATES} candidates (${Math.round(open.rate)} answers/s for ${SECONDS} s)`,
        value: `p50 ${open.p50.toFixed(1)} ms, p99 ${open.p99.toFixed(1)} ms, ${open.errors} errors`,
        target: "p99 ≤ 25 ms",
        ok: open.p99 <= 25 && open.errors === 0,
      });
      results.push({
        name: `${name}: peak durable answers`,
        value: `${Math.round(closed.rate)}/s at concurrency ${closed.concurrency} (${Math.round((closed.rate / bareLoop.rate) * 100)}% of the bare server${name === "SQLite" || !peaks.has("SQLite") ? "" : `, ${Math.round((closed.rate / peaks.get("SQLite")) * 100)}% of SQLite's`})`,
        target: name === "SQLite" ? "≥ 3,000/s" : "≥ 40% of SQLite's",
        ok: name === "SQLite" ? closed.rate >= 3000 : closed.rate >= 0.4 * (peaks.get("SQLite") ?? 0),
      });
      if (half)
        results.push({
          name: `${name}: latency at half its peak (${half.candidates.length} candidates, ${Math.round(half.rate)} answers/s for ${SECONDS} s)`,
          value: `p50 ${half.p50.toFixed(1)} ms, p99 ${half.p99.toFixed(1)} ms, ${half.errors} errors`,
          target: "p99 ≤ 25 ms",
          ok: half.p99 <= 25 && half.errors === 0,
        });
      if (spread)
        results.push({
          name: `${name}, no affinity (each answer to the other server): latency at ${CANDIDATES} candidates (${Math.round(spread.rate)} answers/s for ${SECONDS} s)`,
          value: `p50 ${spread.p50.toFixed(1)} ms, p99 ${spread.p99.toFixed(1)} ms, ${spread.errors} errors`,
          target: "reference: what a load balancer without affinity costs",
          ok: true,
        });
      results.push({
        name: `${name}: answers lost or duplicated in the database`,
        value: `${lost} lost, ${extra} duplicated`,
        target: "0",
        ok: lost === 0 && extra === 0,
      });
    }
  } finally {
    if (TIMELINE) {
      copyFileSync(pg.log, "/tmp/certpath-bench-pg.log");
      console.log("PostgreSQL's log: /tmp/certpath-bench-pg.log");
    }
    await pg.stop();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.ok ? "✔" : "✘"} ${r.name}: ${r.value} (target ${r.target})`);
}
