/**
 * Issue 14, operations: a full disk answers 507 with a message and turns /api/health
 * `degraded` (the real PostgreSQL error 53100 from the engine, raised by a trigger since no
 * test may fill a real disk); personal API tokens expire (default one year) and are listed and
 * revoked from the CLI.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { storageState } from '../../api/src/shared/http.ts';
import { siteBody } from '../fixtures/sites.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName, serverUrl } from '../helpers/test-db.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('empty');
});
afterAll(async () => {
  await app?.close();
});

describe(`a full disk (${engineName})`, () => {
  it('answers 507 naming the cause, keeps reads, and reports health degraded', async () => {
    const admin = await app.tokenClient('admin');
    expect((await app.anonymous.get('/api/health')).body.status).toBe('ok');
    await app.db.knex.raw(`
      CREATE FUNCTION lm_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file "base/1/2": No space left on device' USING ERRCODE = '53100'; END $$`);
    await app.db.knex.raw(
      'CREATE TRIGGER lm_test_disk_full BEFORE INSERT ON sites FOR EACH ROW EXECUTE FUNCTION lm_test_disk_full()',
    );
    try {
      const r = await admin.send('POST', '/api/sites', siteBody());
      expect(r.status).toBe(507);
      expect(r.body.error.code).toBe('insufficient_storage');
      expect(r.body.error.message).toMatch(/disk is full: nothing was written/);
      expect(r.res.headers.get('retry-after')).toBe('60');
      expect((await app.anonymous.get('/api/sites')).status).toBe(200);
      const health = await app.anonymous.get('/api/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'degraded', reason: 'disk_full' });
    } finally {
      await app.db.knex.raw('DROP TRIGGER lm_test_disk_full ON sites');
      await app.db.knex.raw('DROP FUNCTION lm_test_disk_full()');
      storageState.diskFullAt = 0;
    }
    expect((await app.anonymous.get('/api/health')).body.status).toBe('ok');
  });
});

describe(`personal API tokens expire (${engineName})`, () => {
  it('creates tokens for a year by default and refuses expired ones', async () => {
    await app.services.auth.createUser({
      email: 'script@agency.fr',
      role: 'staff',
      password: 'long enough password',
    });
    const { id, token, expiresAt } = await app.services.auth.createToken('script@agency.fr', 'nightly');
    const days = (expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364.9);
    expect(days).toBeLessThan(365.1);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.anonymous.fetch('/api/auth/me', { headers: bearer })).status).toBe(200);
    await app.db
      .knex('api_tokens')
      .update({ expires_at: app.db.knex.raw("now() - interval '1 second'") })
      .where('id', id);
    const expired = await app.anonymous.fetch('/api/auth/me', { headers: bearer });
    expect(expired.status).toBe(401);
    const listed = (await app.services.auth.listTokens()).find((t) => t.id === id);
    expect(listed).toMatchObject({ email: 'script@agency.fr', label: 'nightly', revokedAt: null });
  });
});

/** `node --import tsx scripts/<script> …args` on this file's database (server engine). */
function cli(script: string, args: string[]) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'scripts', script), ...args],
      {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: dbUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    p.stdout.on('data', (d) => {
      output += d;
    });
    p.stderr.on('data', (d) => {
      output += d;
    });
    p.on('close', (code) => resolve({ code, output }));
  });
}
let dbUrl = '';

// The embedded engine allows one process per directory: the CLI cannot run beside this test's app.
describe.skipIf(!serverUrl)('token:create, token:list and token:revoke', () => {
  it('creates, lists and revokes a token from the command line', async () => {
    const name = (await app.db.knex.raw('select current_database() as n')).rows[0].n as string;
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    const made = await cli('token-create.ts', [
      '--email',
      'script@agency.fr',
      '--label',
      'cli',
      '--days',
      '30',
    ]);
    expect(made.code, made.output).toBe(0);
    const token = made.output.trim().split('\n').pop()!;
    expect(token).toMatch(/^lmt_/);
    const list = await cli('token-list.ts', ['--json']);
    expect(list.code, list.output).toBe(0);
    const rows = JSON.parse(list.output) as Array<{
      id: string;
      label: string;
      state: string;
      expiresAt: string;
    }>;
    const cliToken = rows.find((r) => r.label === 'cli')!;
    expect(cliToken.state).toBe('active');
    expect((new Date(cliToken.expiresAt).getTime() - Date.now()) / 86_400_000).toBeCloseTo(30, 0);
    expect(rows.find((r) => r.label === 'nightly')!.state).toBe('expired');
    const revoked = await cli('token-revoke.ts', [cliToken.id]);
    expect(revoked.code, revoked.output).toBe(0);
    expect(
      (await app.anonymous.fetch('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    expect((await cli('token-revoke.ts', [cliToken.id])).code).not.toBe(0);
  });
});
