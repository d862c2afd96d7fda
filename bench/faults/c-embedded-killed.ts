/**
 * (c) the embedded engine (PGlite in a temporary DATA_DIR) killed with SIGKILL during a burst of
 * site writes: it reopens its data, answers, and every acknowledged write is there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type MainProcess, sigtermDuringRequest, startMainProcess } from '../lib/main-process.ts';
import { type Log, type Scenario, siteFeature, sleep } from './common.ts';

const DEMO_ADMIN = { email: 'admin@landmatch.test', password: 'demo-admin-2026' };

async function loginDemoAdmin(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_ADMIN),
  });
  if (res.status !== 200) throw new Error(`demo admin login failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], 'x-csrf-token': csrfToken };
}

async function countSites(base: string, headers: Record<string, string>): Promise<number> {
  const r = await fetch(`${base}/api/sites?limit=1`, { headers });
  return ((await r.json()) as { numberMatched: number }).numberMatched;
}

export async function embeddedKilled(log: Log): Promise<Scenario> {
  const title = 'embedded engine (PGlite, temporary DATA_DIR) killed with SIGKILL during site writes';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-pglite-'));
  const env = { DATA_DIR: dir, SEED_DEMO: 'true' };
  let proc: MainProcess | null = null;
  try {
    log('  c: first start (initdb, migrations, demo seed)…');
    proc = await startMainProcess(env, { startTimeoutMs: 600_000 });
    const firstStartMs = proc.startMs;
    let auth = await loginDemoAdmin(proc.base);
    const before = await countSites(proc.base, auth);
    const post = async (i: number) => {
      const res = await fetch(`${proc!.base}/api/sites`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(siteFeature(i)),
      });
      if (res.status !== 201) throw new Error(`POST /api/sites → ${res.status}: ${await res.text()}`);
      return String(((await res.json()) as { id: string }).id);
    };
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) acknowledged.push(await post(i));
    // A burst, killed once a few of it are acknowledged: the rest are in flight or queued.
    const BURST = 12;
    let inBurst = 0;
    const burstAcks: string[] = [];
    const pending = Array.from({ length: BURST }, (_, k) =>
      post(100 + k).then(
        (id) => {
          burstAcks.push(id);
        },
        () => {},
      ),
    );
    inBurst = BURST;
    const t0 = performance.now();
    while (burstAcks.length < 3 && performance.now() - t0 < 60_000) await sleep(5);
    proc.child.kill('SIGKILL');
    const killAcks = [...burstAcks];
    const killed = await proc.exited;
    await Promise.all(pending);
    acknowledged.push(...killAcks);
    proc = null;

    log('  c: restarting on the same DATA_DIR…');
    const t1 = performance.now();
    proc = await startMainProcess(env, { startTimeoutMs: 600_000 });
    const restartMs = Math.round(performance.now() - t1);
    const health = await fetch(`${proc.base}/api/health`);
    auth = await loginDemoAdmin(proc.base);
    const found = await Promise.all(
      acknowledged.map(
        async (id) => (await fetch(`${proc!.base}/api/sites/${id}`, { headers: auth })).status,
      ),
    );
    const after = await countSites(proc.base, auth);
    const extra = after - before - acknowledged.length;
    const unacknowledged = inBurst - killAcks.length;
    const drain = await sigtermDuringRequest(
      proc,
      '/api/match',
      JSON.stringify({ needs: { surfaceHa: { min: 1 } }, limit: 5 }),
    );
    proc = null;
    return {
      id: 'c',
      title,
      checks: [
        {
          check: 'writes acknowledged before the kill',
          expected: '≥ 8 (5 sequential + ≥ 3 of a burst of 12)',
          measured: `${acknowledged.length} (${killAcks.length} of the burst; ${unacknowledged} unacknowledged)`,
          pass: acknowledged.length >= 8,
        },
        {
          check: 'killed with SIGKILL',
          expected: 'SIGKILL',
          measured: String(killed.signal ?? killed.code),
          pass: killed.signal === 'SIGKILL',
        },
        {
          check: 'restart reopens the data directory and answers',
          expected: '/api/health 200',
          measured: `listening after ${(restartMs / 1000).toFixed(1)} s (first start ${(firstStartMs / 1000).toFixed(1)} s), health ${health.status}`,
          pass: health.status === 200,
        },
        {
          check: 'every acknowledged write is there',
          expected: `${acknowledged.length} × 200`,
          measured: `${found.filter((s) => s === 200).length} × 200${found.some((s) => s !== 200) ? `, others: ${found.filter((s) => s !== 200).join(', ')}` : ''}`,
          pass: found.every((s) => s === 200),
        },
        {
          check: 'no phantom rows',
          expected: `sites = before + acknowledged + 0…${unacknowledged} unacknowledged`,
          measured: `${before} → ${after} (+${after - before}: ${acknowledged.length} acknowledged, ${extra} of the unacknowledged committed)`,
          pass: extra >= 0 && extra <= unacknowledged,
        },
        {
          check: 'SIGTERM on the embedded engine drains and exits 0',
          expected: 'request 200, exit 0',
          measured: `request ${drain.status}, exit ${drain.exit.code ?? drain.exit.signal} in ${drain.exitMs} ms`,
          pass: drain.status === 200 && drain.exit.code === 0,
        },
      ],
      data: {
        firstStartMs,
        restartMs,
        before,
        after,
        acknowledged: acknowledged.length,
        unacknowledged,
        extra,
        drain,
      },
    };
  } finally {
    proc?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
