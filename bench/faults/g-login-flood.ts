/**
 * (g) a 64-client login flood on the demo (embedded engine, temporary DATA_DIR) next to a reader
 * of GET /api/sites: the reader barely slows down, the flood is refused by 429s before hashing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loginFlood, p95 } from '../lib/login-flood.ts';
import { type MainProcess, startMainProcess } from '../lib/main-process.ts';
import { fmtCounts, type Log, type Scenario } from './common.ts';

export async function loginFloodScenario(log: Log): Promise<Scenario> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-flood-'));
  let proc: MainProcess | null = null;
  try {
    log('  g: demo server on a temporary DATA_DIR (initdb, migrations, seed)…');
    proc = await startMainProcess({ DATA_DIR: dir }, { startTimeoutMs: 600_000 });
    const r = await loginFlood(proc.base, 64, 60);
    const idle = p95(r.idle.ms);
    const busy = p95(r.busy.ms);
    const ok = r.busy.statuses.filter((s) => s === 200).length;
    return {
      id: 'g',
      title: '64-client login flood next to GET /api/sites (embedded demo)',
      checks: [
        {
          check: 'the sites list keeps answering, barely slower',
          expected: 'all 200; p95 under flood < 5 × max(idle p95, 20 ms)',
          measured: `${ok}/${r.busy.statuses.length} 200; p95 idle ${idle.toFixed(1)} ms, under flood ${busy.toFixed(1)} ms`,
          pass: ok === r.busy.statuses.length && busy < 5 * Math.max(idle, 20),
        },
        {
          check: 'the flood is refused before hashing',
          expected: '> 80 % 429, ≤ 30 hashed (401)',
          measured: `${r.logins} logins: ${fmtCounts(r.counts)}`,
          pass: (r.counts['429'] ?? 0) > 0.8 * r.logins && (r.counts['401'] ?? 0) <= 30,
        },
      ],
      data: { idleP95Ms: idle, busyP95Ms: busy, logins: r.logins, counts: r.counts },
    };
  } finally {
    proc?.kill();
    await proc?.exited;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.lock`, { force: true });
  }
}
