/**
 * Issue 14, findings 2 and 4 and the data-directory half of 8, on the real process
 * (api/src/main.ts) and the real CLI:
 * - a second server or a CLI writer on a DATA_DIR in use exits non-zero at once, naming the
 *   directory and the process holding it; a lock left by a dead process is taken over;
 * - an unusable DATA_DIR stops the start with the path and the fix, not "PGlite failed to
 *   initialize properly";
 * - with the demo accounts present and HOST unset the server listens on 127.0.0.1 and warns.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { type Database, openDatabase } from '../../api/src/db/database.ts';
import { type MainProcess, startMainProcess } from '../../bench/lib/main-process.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/test-db.ts';

/** Runs `node --import tsx <script> …args` with `env` (DATABASE_URL removed); exit code and output. */
function runNode(script: string, args: string[], env: Record<string, string>, timeoutMs = 120_000) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const t0 = performance.now();
  return new Promise<{ code: number | null; output: string; ms: number }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script), ...args], {
      cwd: projectRoot,
      env: { ...base, LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    p.stdout.on('data', (d) => {
      output += d;
    });
    p.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: performance.now() - t0 });
    });
  });
}

/** The data directory of an embedded test database. */
function dataDirOf(db: Database): string {
  const conn = (db.knex.client.config.connection as () => { pglite: PGlite })();
  return conn.pglite.dataDir!;
}

describe.skipIf(Boolean(serverUrl))('one writer per embedded DATA_DIR', () => {
  let dir: string;
  let db: TestDatabase;
  let scratch: string;
  beforeAll(async () => {
    db = await createTestDatabase('empty');
    dir = dataDirOf(db);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-lock-'));
  });
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('a second server on the directory exits non-zero naming it and the holder', async () => {
    const r = await runNode('api/src/main.ts', [], { DATA_DIR: dir, SEED_DEMO: 'false' });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(dir);
    expect(r.output).toContain(`process ${process.pid}`);
    expect(r.output).not.toMatch(/listening/);
  });

  it('a CLI writer (import, user:create) on it refuses the same way and writes nothing', async () => {
    const file = path.join(scratch, 'one-site.geojson');
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'Locked out', communeInsee: '78440' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [1.8, 48.9],
                  [1.81, 48.9],
                  [1.81, 48.91],
                  [1.8, 48.9],
                ],
              ],
            },
          },
        ],
      }),
    );
    const imp = await runNode('scripts/import.ts', ['sites-geojson', file], { DATA_DIR: dir });
    expect(imp.code).not.toBe(0);
    expect(imp.output).toContain(dir);
    expect(imp.output).toContain(`process ${process.pid}`);
    expect(imp.output).not.toMatch(/inserted/);
    const user = await runNode(
      'scripts/user-create.ts',
      ['--email', 'x@y.fr', '--role', 'admin', '--password', 'long enough password'],
      { DATA_DIR: dir },
    );
    expect(user.code).not.toBe(0);
    expect(user.output).toContain(dir);
    const { n } = (await db.knex('sites').count({ n: '*' }).first()) as { n: number };
    expect(Number(n)).toBe(0);
  });

  it('releases the lock on close, and takes over a lock left by a dead process', async () => {
    const first = await createTestDatabase('empty');
    const other = dataDirOf(first);
    expect(fs.existsSync(`${other}.lock`)).toBe(true);
    await first.close();
    expect(fs.existsSync(`${other}.lock`)).toBe(false);
    // A process that exited (as after SIGKILL) left its lock behind.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    fs.writeFileSync(
      `${other}.lock`,
      JSON.stringify({
        pid: deadPid,
        host: os.hostname(),
        command: 'main.ts',
        since: new Date().toISOString(),
      }),
    );
    const again = await openDatabase({ dataDir: other });
    expect(JSON.parse(fs.readFileSync(`${other}.lock`, 'utf8')).pid).toBe(process.pid);
    await again.close();
    fs.rmSync(other, { recursive: true, force: true });
    // Two embedded opens (a template copy, then the take-over): each is a PGlite start, which a
    // loaded 2-core machine can stretch past the default 120 s without anything being wrong.
  }, 360_000);

  it('an unusable DATA_DIR stops the start with the path and the fix', async () => {
    const file = path.join(scratch, 'a-file');
    fs.writeFileSync(file, 'not a directory');
    const bad = path.join(file, 'pglite');
    const r = await runNode('api/src/main.ts', [], { DATA_DIR: bad, SEED_DEMO: 'false' });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(bad);
    expect(r.output).toMatch(/Fix: .*DATA_DIR/);
    expect(r.output).not.toMatch(/PGlite failed to initialize/);
  });
});

describe('demo accounts keep the server off the network', () => {
  let testDb: TestDatabase;
  let proc: MainProcess | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    testDb = await createTestDatabase('demo');
    env = { SEED_DEMO: 'false', HOST: '' };
    if (serverUrl) {
      const name = (await testDb.knex.raw('select current_database() as n')).rows[0].n as string;
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      env.DATABASE_URL = u.toString();
    } else {
      env.DATA_DIR = dataDirOf(testDb);
      await testDb.close();
    }
  });
  afterAll(async () => {
    proc?.kill();
    await proc?.exited;
    await testDb?.drop();
  });

  it('listens on 127.0.0.1 with a warning when HOST is unset', async () => {
    proc = await startMainProcess(env);
    const listening = proc.logs.find((l) => String(l.msg).includes('listening'));
    expect(listening?.host).toBe('127.0.0.1');
    const warning = proc.logs.find((l) => l.level === 40 && String(l.msg).includes('demo accounts'));
    expect(warning?.msg).toMatch(/127\.0\.0\.1 only; set HOST/);
    expect((await fetch(`${proc.base}/api/health`)).status).toBe(200);
  });
});
