/**
 * (a) PostgreSQL stopped for a few seconds under moderate load, then started (pg_ctlcluster on
 * the shared cluster): requests fail fast with 503 + Retry-After, /api/health follows, and the
 * same API process recovers by itself.
 */
import { spawn } from 'node:child_process';
import { type DriverResult, driveLoad, figures, type Sample } from '../lib/load-driver.ts';
import { buildLoadMix } from '../lib/load-mix.ts';
import { loadAvg } from '../lib/machine.ts';
import type { MainProcess } from '../lib/main-process.ts';
import { type Check, fmtCounts, type Scenario, sleep, statusCounts, withClient } from './common.ts';
import { DOWN_AT_S, type Options } from './options.ts';

const HEALTH_EVERY_MS = 250;
const FAST_FAILURE_P95_MS = 1000;
const FAST_FAILURE_MAX_MS = 3000;
const HEALTH_MAX_MS = 2500;

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d) => {
      output += d;
    });
    p.stderr.on('data', (d) => {
      output += d;
    });
    p.on('error', (e) => resolve({ code: -1, output: e.message, ms: performance.now() - t0 }));
    p.on('close', (code) => resolve({ code, output: output.trim(), ms: Math.round(performance.now() - t0) }));
  });
}

/** Runs of equal values: [200, 200, 503, 200] → "200×2 → 503×1 → 200×1". */
function runs(values: Array<number | string>): string {
  const out: Array<[number | string, number]> = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last[0] === v) last[1]++;
    else out.push([v, 1]);
  }
  return out.map(([v, n]) => `${v}×${n}`).join(' → ');
}

interface HealthPoll {
  /** `performance.now()` of the poll, then converted to the load run's clock. */
  at: number;
  status: number;
  ms: number;
  reason?: string;
}

/** Polls /api/health every HEALTH_EVERY_MS. */
function pollHealth(base: string) {
  const polls: HealthPoll[] = [];
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(15_000) });
        const body = (await res.json().catch(() => ({}))) as { reason?: string };
        polls.push({ at: t0, status: res.status, ms: performance.now() - t0, reason: body.reason });
      } catch {
        polls.push({ at: t0, status: 0, ms: performance.now() - t0 });
      }
      await sleep(Math.max(0, HEALTH_EVERY_MS - (performance.now() - t0)));
    }
  };
  const done = loop();
  return {
    async stop() {
      stopped = true;
      await done;
      return polls;
    },
  };
}

/** `performance.now()` when `url` first accepts a connection and answers `select 1`. */
async function waitAccepting(url: string, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      await withClient(url, (c) => c.query('select 1'));
      return performance.now();
    } catch {
      if (performance.now() - t0 > timeoutMs)
        throw new Error(`PostgreSQL not accepting after ${timeoutMs} ms`);
      await sleep(100);
    }
  }
}

export async function pgRestart(url: string, opts: Options, proc: MainProcess): Promise<Scenario> {
  const title = `PostgreSQL stopped ${opts.downS} s under load (pg_ctlcluster stop/start), same API process`;
  const mix = buildLoadMix(42);
  const health = pollHealth(proc.base);
  const load = driveLoad({
    base: proc.base,
    next: mix.next,
    connections: opts.connections,
    durationS: opts.durationS,
    timeoutS: 30,
  });
  await sleep(DOWN_AT_S * 1000);
  const pgctl = (action: string) =>
    run('pg_ctlcluster', ['--skip-systemctl-redirect', opts.cluster.version, opts.cluster.name, action]);
  const stopAt = performance.now();
  const stop = await pgctl('stop');
  const stoppedAt = performance.now();
  let start: Awaited<ReturnType<typeof pgctl>>;
  let startAt: number;
  let accepting: Promise<number>;
  try {
    await sleep(opts.downS * 1000);
  } finally {
    // Whatever happened, the cluster is started again. The server accepts connections
    // before pg_ctlcluster returns (it polls), so that moment is watched on its own.
    startAt = performance.now();
    accepting = waitAccepting(url, 60_000);
    start = await pgctl('start');
  }
  const acceptingAt = await accepting;
  const result: DriverResult = await load;
  const polls = await health.stop();
  // Both time lines on the load run's clock.
  const rel = (t: number) => t - result.clockStart;
  for (const p of polls) p.at = rel(p.at);
  const stopRel = rel(stopAt);
  const upRel = rel(acceptingAt);

  const samples = result.samples;
  const ok = (s: Sample) => s.status >= 200 && s.status < 300;
  const failures = samples.filter((s) => !ok(s));
  const f503 = failures.filter((s) => s.status === 503);
  const noRetryAfter = f503.filter((s) => !s.retryAfter).length;
  const failFig = figures(failures, 0, result.wallMs);
  const lastFailAt = failures.length ? Math.max(...failures.map((s) => s.at)) : stopRel;
  const recoveryS = Math.max(0, lastFailAt - upRel) / 1000;
  const firstOkAfterUp = samples.filter((s) => ok(s) && s.at - s.ms >= upRel).sort((a, b) => a.at - b.at)[0];
  const outside = failures.filter((s) => s.at < stopRel || s.at > upRel + opts.recoveryS * 1000).length;
  const okBefore = samples.filter((s) => s.at < stopRel);
  const okAfter = samples.filter((s) => s.at - s.ms > upRel + opts.recoveryS * 1000);
  const duringHealth = polls.filter((p) => p.at >= rel(stoppedAt) && p.at <= upRel - 500);
  const healthSeq = runs(polls.map((p) => p.status));
  const healthMax = Math.max(0, ...duringHealth.map((p) => p.ms));
  const healthOk =
    polls.some((p) => p.at < stopRel && p.status === 200) &&
    duringHealth.length > 0 &&
    duringHealth.every((p) => p.status === 503) &&
    polls.slice(-3).every((p) => p.status === 200);
  const lostWarnings = proc.logs.filter((l) => String(l.msg).startsWith('database connection lost')).length;
  // What the error handler saw: the driver errors it had to map (code and message, counted).
  const errorKinds: Record<string, number> = {};
  for (const l of proc.logs) {
    if (l.msg !== 'request failed') continue;
    const e = (l.err ?? {}) as { code?: string; message?: string };
    const key = `${e.code ?? '-'}: ${String(e.message ?? '')
      .split('\n')[0]
      .slice(0, 90)}`;
    errorKinds[key] = (errorKinds[key] ?? 0) + 1;
  }
  const notJson = proc.logs.filter((l) => l.notJson).length;
  const alive = proc.child.exitCode === null && proc.child.signalCode === null;

  // One line per second around the outage.
  const timeline: Array<Array<string | number>> = [];
  for (let s = Math.floor(stopRel / 1000) - 2; s <= Math.ceil(upRel / 1000) + 4; s++) {
    const inSec = samples.filter((x) => x.at >= s * 1000 && x.at < (s + 1) * 1000);
    const hs = polls.filter((p) => p.at >= s * 1000 && p.at < (s + 1) * 1000).map((p) => p.status);
    const failMs = inSec.filter((x) => !ok(x)).map((x) => x.ms);
    // The events of that second, else the state it started in.
    const within = (t: number) => t >= s * 1000 && t < (s + 1) * 1000;
    const events = [
      within(stopRel) ? 'stop issued' : '',
      within(rel(startAt)) ? 'start issued' : '',
      within(upRel) ? 'accepting' : '',
    ].filter(Boolean);
    const state =
      s * 1000 < stopRel
        ? 'up'
        : s * 1000 < rel(startAt)
          ? 'down'
          : s * 1000 < upRel
            ? 'starting'
            : 'up again';
    const phase = events.length ? events.join(', ') : state;
    timeline.push([
      `${s} s`,
      phase,
      inSec.filter(ok).length,
      fmtCounts(statusCounts(inSec.filter((x) => !ok(x)))),
      failMs.length ? Math.round(Math.max(...failMs)) : '–',
      hs.length ? runs(hs) : '–',
    ]);
  }

  const checks: Check[] = [
    {
      check: 'pg_ctlcluster stop and start succeed',
      expected: 'exit 0 both',
      measured: `stop ${stop.code} in ${stop.ms} ms, start ${start.code} in ${start.ms} ms; stopped ${((startAt - stoppedAt) / 1000).toFixed(1)} s, accepting connections again ${((acceptingAt - startAt) / 1000).toFixed(1)} s after the start command (${((acceptingAt - stopAt) / 1000).toFixed(1)} s after the stop)`,
      pass: stop.code === 0 && start.code === 0,
    },
    {
      check: 'requests fail while PostgreSQL is down (the fault happened)',
      expected: '> 0 failures',
      measured: `${failures.length} of ${samples.length} responses`,
      pass: failures.length > 0,
    },
    {
      check: 'every failure is a 503',
      expected: 'only 503',
      measured: fmtCounts(statusCounts(failures)),
      pass: failures.length === f503.length,
    },
    {
      check: '503s carry Retry-After',
      expected: 'all',
      measured: `${f503.length - noRetryAfter} / ${f503.length}`,
      pass: noRetryAfter === 0,
    },
    {
      check: 'failures are fast (no wait for the statement timeout)',
      expected: `p95 < ${FAST_FAILURE_P95_MS} ms, max < ${FAST_FAILURE_MAX_MS} ms`,
      measured: `p50 ${failFig.p50} ms, p95 ${failFig.p95} ms, max ${failFig.max} ms`,
      pass: failures.length > 0 && failFig.p95 < FAST_FAILURE_P95_MS && failFig.max < FAST_FAILURE_MAX_MS,
    },
    {
      check: 'no request hangs or is dropped',
      expected: '0 without response, 0 socket errors',
      measured: `${result.lost.length} without response, ${result.autocannon.errors} autocannon errors (${result.autocannon.timeouts} timeouts)`,
      pass: result.lost.length === 0 && result.autocannon.errors === 0,
    },
    {
      check: 'failures only during the outage',
      expected: `0 outside [stop, accepting + ${opts.recoveryS} s]`,
      measured: `${outside}`,
      pass: outside === 0,
    },
    {
      check: 'the API recovers by itself',
      expected: `last failure ≤ ${opts.recoveryS} s after PostgreSQL accepts connections`,
      measured: `last failure ${recoveryS.toFixed(2)} s after; first success ${firstOkAfterUp ? `${((firstOkAfterUp.at - upRel) / 1000).toFixed(2)} s` : 'never'} after; ${okAfter.filter(ok).length}/${okAfter.length} OK afterwards`,
      pass: recoveryS <= opts.recoveryS && okAfter.length > 0 && okAfter.every(ok),
    },
    {
      check: '/api/health follows the database',
      expected: `200 → 503 (each < ${HEALTH_MAX_MS} ms) → 200`,
      measured: `${healthSeq}; slowest while down ${Math.round(healthMax)} ms`,
      pass: healthOk && healthMax < HEALTH_MAX_MS,
    },
    {
      check: 'same API process throughout, logs stay JSON',
      expected: 'alive, 0 non-JSON lines',
      measured: `pid ${proc.pid} ${alive ? 'alive' : 'EXITED'}; ${lostWarnings} "database connection lost" warnings; ${notJson} non-JSON lines`,
      pass: alive && notJson === 0,
    },
  ];
  return {
    id: 'a',
    title,
    checks,
    data: {
      downS: opts.downS,
      stop,
      start,
      stopAtMs: Math.round(stopRel),
      acceptingAtMs: Math.round(upRel),
      samples: samples.length,
      okBeforeStop: okBefore.filter(ok).length,
      statusCounts: statusCounts(samples),
      failures: failFig,
      recoveryS,
      lost: result.lost.length,
      autocannon: result.autocannon,
      errorKinds,
      health: polls.map((p) => ({ ...p, at: Math.round(p.at), ms: Math.round(p.ms) })),
      timeline,
      loadAvg: loadAvg(),
    },
  };
}
