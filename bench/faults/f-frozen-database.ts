/**
 * (f) a frozen PostgreSQL: a cluster of its own SIGSTOPped under requests: 503 within 5 s
 * instead of a hang, then 200s again once it is resumed.
 */
import type { Sample } from '../lib/load-driver.ts';
import { type MainProcess, startMainProcess } from '../lib/main-process.ts';
import { createOwnCluster } from '../lib/own-cluster.ts';
import { fmtCounts, type Log, type Scenario, sleep, statusCounts } from './common.ts';
import type { Options } from './options.ts';

export async function frozenDatabase(opts: Options, log: Log): Promise<Scenario> {
  const title = `PostgreSQL frozen (SIGSTOP) ${opts.freezeS} s under requests, own cluster`;
  log('  f: creating a cluster of its own…');
  const cluster = await createOwnCluster(`h14_faults_${process.pid}`, [5445, 5446, 5447, 5448, 5449]);
  let proc: MainProcess | null = null;
  try {
    proc = await startMainProcess({ DATABASE_URL: cluster.url(), SEED_DEMO: 'false' });
    const base = proc.base;
    const samples: Array<{ at: number; status: number; ms: number }> = [];
    let stop = false;
    const t0 = performance.now();
    const loop = async () => {
      while (!stop) {
        const t = performance.now();
        let status = 0;
        try {
          const r = await fetch(`${base}/api/sites?limit=20`, { signal: AbortSignal.timeout(60_000) });
          await r.arrayBuffer();
          status = r.status;
        } catch {}
        samples.push({ at: t - t0, status, ms: performance.now() - t });
        await sleep(100);
      }
    };
    const loops = Array.from({ length: 4 }, loop);
    await sleep(3000);
    const frozenAt = performance.now() - t0;
    cluster.freeze();
    await sleep(opts.freezeS * 1000);
    cluster.thaw();
    const thawedAt = performance.now() - t0;
    await sleep(5000);
    stop = true;
    await Promise.all(loops);
    const during = samples.filter((x) => x.at >= frozenAt && x.at < thawedAt);
    const failures = during.filter((x) => x.status !== 200);
    const worst = Math.max(0, ...during.map((x) => x.ms));
    const firstOk = samples.find((x) => x.at >= thawedAt && x.status === 200);
    const after = samples.filter((x) => x.at >= thawedAt + 2000);
    return {
      id: 'f',
      title,
      checks: [
        {
          check: 'requests during the freeze get 503 with Retry-After, not a hang',
          expected: 'every non-200 is 503; slowest < 5000 ms',
          measured: `${during.length} requests: ${fmtCounts(statusCounts(during as Sample[]))}; slowest ${Math.round(worst)} ms, p50 of failures ${Math.round(
            failures.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(failures.length / 2)] ?? 0,
          )} ms`,
          pass: failures.length > 0 && failures.every((x) => x.status === 503) && worst < 5000,
        },
        {
          check: 'the same process answers 200 again once PostgreSQL is resumed',
          expected: '200 within 5 s, then only 200s',
          measured: firstOk
            ? `first 200 ${Math.round(firstOk.at - thawedAt + firstOk.ms)} ms after the thaw; after 2 s: ${fmtCounts(statusCounts(after as Sample[]))}`
            : 'NO 200 after the thaw',
          pass: Boolean(firstOk) && after.length > 0 && after.every((x) => x.status === 200),
        },
      ],
      data: {
        port: cluster.port,
        freezeS: opts.freezeS,
        worstMs: Math.round(worst),
        requests: during.length,
      },
    };
  } finally {
    proc?.kill();
    await proc?.exited;
    cluster.drop();
  }
}
