/**
 * `npm run bench:faults [-- options]`: what the API does when things break, on the real
 * process (api/src/main.ts) and the real CLI, with a pass/fail table.
 *   a  PostgreSQL stopped for a few seconds under moderate load, then started: requests fail
 *      fast with 503 + Retry-After (no hang up to the statement timeout), /api/health says 503
 *      then 200, and the same API process recovers by itself. RESTARTS THE LOCAL CLUSTER:
 *      every other session's connections drop, so run it once, at the end of a piece of work.
 *   b  `npm run import -- sites-geojson <big file>` killed with SIGKILL while rows are being
 *      written: every table has exactly the rows it had before.
 *   c  the embedded engine (PGlite in a temporary DATA_DIR) killed with SIGKILL during a burst
 *      of site writes: it reopens its data, answers, and every acknowledged write is there.
 *   d  SIGTERM while a request is in flight: it completes, new connections are refused, exit 0.
 *   e  one writer per embedded DATA_DIR: with a server running on a temporary DATA_DIR, a second
 *      server and `npm run import` on it exit non-zero at once naming the directory and the
 *      holder's pid; after the holder is SIGKILLed, a new server takes the stale lock over.
 *   f  a frozen PostgreSQL: a cluster of its own (pg_createcluster 15 h14_faults_<pid>, port
 *      5445–5449, dropped afterwards) SIGSTOPped for --freeze seconds under requests: 503
 *      within 5 s instead of a hang, then 200s again once it is resumed.
 *   g  a 64-client login flood on the demo (embedded engine, temporary DATA_DIR): p95 of
 *      GET /api/sites idle and under the flood (pass: under 5× idle, floor 20 ms), the flood
 *      answered by 429s before any hashing (the test suite checks the same bounds, not time).
 * Results: bench/results/faults-<time>.json and .md, copied to faults-latest.json and
 * faults-report.md, and the table printed; exit code 1 when a check fails.
 *
 * Options:
 *   --only a,…,g      scenarios to run (default all; `--only b,c,d,e,f,g` leaves the shared PostgreSQL alone)
 *   --freeze s        seconds the own cluster stays frozen in (f) (default 8)
 *   --down s          seconds PostgreSQL stays stopped in (a) (default 5, at most 10)
 *   --duration s      load duration in (a) (default 30; PostgreSQL is stopped after 10 s)
 *   --connections n   load connections in (a) (default 4)
 *   --recovery s      (a) passes if requests succeed again within this long of PostgreSQL
 *                     accepting connections (default 10)
 *   --import-sites n  sites in the generated import file of (b) (default 100000)
 *   --plots n         bench plots in the faults database (default 10000)
 *   --cluster v/name  the local cluster for pg_ctlcluster (default 15/main)
 *
 * BENCH_FAULTS_DATABASE_URL: the PostGIS database of (a), (b), (d) (default: the bench
 * database's name + `_faults`, e.g. lm_bench_faults; built on first use, reused after, never
 * the `npm run bench` database itself).
 */
// One file per scenario in bench/faults/ (a-pg-restart.ts … g-login-flood.ts, each returning its
// checks); this file runs the ones asked for, leaving the cluster restart of (a) to the end, and
// bench/faults/report.ts writes the table.

import fs from 'node:fs';
import { pgRestart } from './faults/a-pg-restart.ts';
import { importKilled } from './faults/b-import-killed.ts';
import { embeddedKilled } from './faults/c-embedded-killed.ts';
import type { Scenario } from './faults/common.ts';
import { drainCheck } from './faults/d-sigterm-drain.ts';
import { dataDirLock } from './faults/e-data-dir-lock.ts';
import { frozenDatabase } from './faults/f-frozen-database.ts';
import { loginFloodScenario } from './faults/g-login-flood.ts';
import { parseOptions } from './faults/options.ts';
import { writeReport } from './faults/report.ts';
import { benchDatabaseUrl, benchDbName } from './lib/bench-db.ts';
import { prepareLoadDatabase } from './lib/load-db.ts';
import { loadAvg } from './lib/machine.ts';
import { type MainProcess, startMainProcess } from './lib/main-process.ts';

const MATCH_RATE_LIMIT = '1000000000';

function faultsUrl(): string {
  if (process.env.BENCH_FAULTS_DATABASE_URL) return process.env.BENCH_FAULTS_DATABASE_URL;
  const u = new URL(benchDatabaseUrl());
  u.pathname = `/${benchDbName(u.toString())}_faults`;
  return u.toString();
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.help) {
    const src = fs.readFileSync(new URL(import.meta.url), 'utf8');
    process.stdout.write(`${/\/\*\*([\s\S]*?)\*\//.exec(src)?.[1].replace(/^ \* ?/gm, '') ?? ''}\n`);
    return;
  }
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const started = new Date();
  const loadBefore = loadAvg();
  const url = faultsUrl();
  const results: Scenario[] = [];
  const attempt = async (id: string, title: string, fn: () => Promise<Scenario>) => {
    log(`faults (${id}): ${title}`);
    try {
      const r = await fn();
      results.push(r);
      for (const c of r.checks) log(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.check}: ${c.measured}`);
    } catch (err) {
      const e = err as Error;
      log(`  FAILED: ${e.stack ?? e.message}`);
      results.push({ id, title, checks: [], data: {}, error: e.message });
    }
  };

  let data: { sites: number; infrastructure: Record<string, number> } | null = null;
  if (opts.only.has('a') || opts.only.has('b') || opts.only.has('d')) {
    log(`faults: database ${url.replace(/\/\/[^@]*@/, '//…@')}`);
    const prepared = await prepareLoadDatabase(url, opts.plots, log);
    data = { sites: prepared.sites, infrastructure: prepared.infrastructure };
    // Its pool would only see the restart of (a) as noise.
    await prepared.db.close();
  }
  if (opts.only.has('b')) await attempt('b', 'import killed mid-way', () => importKilled(url, opts, log));
  if (opts.only.has('c')) await attempt('c', 'embedded engine killed', () => embeddedKilled(log));
  if (opts.only.has('e')) await attempt('e', 'one writer per DATA_DIR', () => dataDirLock(log));
  if (opts.only.has('f')) await attempt('f', 'frozen database', () => frozenDatabase(opts, log));
  if (opts.only.has('g')) await attempt('g', 'login flood', () => loginFloodScenario(log));
  if (opts.only.has('a') || opts.only.has('d')) {
    let proc: MainProcess | null = null;
    try {
      proc = await startMainProcess({ DATABASE_URL: url, MATCH_ANON_PER_MINUTE: MATCH_RATE_LIMIT });
      const p = proc;
      if (opts.only.has('a'))
        await attempt('a', 'PostgreSQL restarted under load', () => pgRestart(url, opts, p));
      if (opts.only.has('d')) await attempt('d', 'SIGTERM drain', () => drainCheck(p));
    } finally {
      proc?.kill();
    }
  }

  const failed = writeReport({ started, loadBefore, url, data, opts, results }, log);
  if (failed.length) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(
    `bench:faults failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
