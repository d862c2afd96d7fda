/**
 * (e) one writer per embedded DATA_DIR: with a server running on a temporary DATA_DIR, a second
 * server and `npm run import` on it exit non-zero at once naming the directory and the holder's
 * pid; after the holder is SIGKILLed, a new server takes the stale lock over.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../api/src/config.ts';
import { type MainProcess, startMainProcess } from '../lib/main-process.ts';
import { type Log, type Scenario, siteFeature } from './common.ts';

/** `node --import tsx <script> …args` with `env`; exit code, output and time to exit. */
function runNode(script: string, args: string[], env: Record<string, string>) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const t0 = performance.now();
  return new Promise<{ code: number | null; output: string; ms: number }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script), ...args], {
      cwd: projectRoot,
      env: { ...base, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    p.stdout.on('data', (d) => {
      output += d;
    });
    p.stderr.on('data', (d) => {
      output += d;
    });
    p.on('close', (code) => resolve({ code, output, ms: Math.round(performance.now() - t0) }));
  });
}

export async function dataDirLock(log: Log): Promise<Scenario> {
  const title = 'a second server and `npm run import` on the DATA_DIR of a running embedded server';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-lock-'));
  const env = { DATA_DIR: dir, SEED_DEMO: 'false' };
  let proc: MainProcess | null = null;
  try {
    log('  e: first server (initdb, migrations)…');
    proc = await startMainProcess(env, { startTimeoutMs: 600_000 });
    const holder = proc.pid;
    const second = await runNode('api/src/main.ts', [], env);
    const file = path.join(dir, '..', `lm-faults-lock-${process.pid}.geojson`);
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [siteFeature(0)] }));
    const imp = await runNode('scripts/import.ts', ['sites-geojson', file], env);
    fs.rmSync(file, { force: true });
    const names = (o: string) => o.includes(dir) && o.includes(`process ${holder}`);
    proc.child.kill('SIGKILL');
    await proc.exited;
    proc = null;
    const t0 = performance.now();
    proc = await startMainProcess(env, { startTimeoutMs: 600_000 });
    const takeoverMs = Math.round(performance.now() - t0);
    const health = await fetch(`${proc.base}/api/health`);
    return {
      id: 'e',
      title,
      checks: [
        {
          check: 'a second server exits non-zero naming the directory and the holder',
          expected: 'exit ≠ 0, message with DATA_DIR and pid',
          measured: `exit ${second.code} after ${second.ms} ms; ${names(second.output) ? 'names both' : `MESSAGE: ${second.output.slice(-200)}`}`,
          pass: second.code !== 0 && names(second.output),
        },
        {
          check: '`npm run import` on it refuses and writes nothing',
          expected: 'exit ≠ 0, message with DATA_DIR and pid',
          measured: `exit ${imp.code} after ${imp.ms} ms; ${names(imp.output) ? 'names both' : `MESSAGE: ${imp.output.slice(-200)}`}`,
          pass: imp.code !== 0 && names(imp.output) && !/inserted/.test(imp.output),
        },
        {
          check: 'after SIGKILL of the holder a new server takes the stale lock over',
          expected: 'starts, health 200',
          measured: `started in ${takeoverMs} ms, health ${health.status}`,
          pass: health.status === 200,
        },
      ],
      data: {
        secondMs: second.ms,
        importMs: imp.ms,
        takeoverMs,
        message: second.output.trim().split('\n').pop(),
      },
    };
  } finally {
    proc?.kill();
    await proc?.exited;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.lock`, { force: true });
  }
}
