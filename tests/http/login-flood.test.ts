/**
 * Issue 14, finding 1: a login flood must not stall the service. Budgets are reserved in the
 * database before any hashing (N concurrent guesses get exactly the budget), per client IP
 * whatever the email, X-Forwarded-For is ignored unless TRUST_PROXY says the peer is a proxy,
 * hashes run or wait in bounded numbers (429 + Retry-After beyond), old hashes are upgraded
 * at login, and the sites list keeps answering during a 64-client flood.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.ts';
import { AuthService } from '../../api/src/modules/auth/auth.service.ts';
import { PgAuthStore } from '../../api/src/modules/auth/auth.store.pg.ts';
import { SCRYPT_PARAMS } from '../../api/src/modules/auth/passwords.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const post = (app: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const randomEmail = () => `x${crypto.randomBytes(6).toString('hex')}@flood.example`;

/** 64 (argv[2]) clients posting random-email logins until stdin closes; prints status counts. */
const FLOOD_SCRIPT = `
const [url, n] = process.argv.slice(1);
const counts = {};
let stop = false, total = 0;
process.stdin.on('end', () => { stop = true; }).resume();
const one = async () => {
  while (!stop) {
    try {
      const r = await fetch(url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x' + Math.random().toString(36).slice(2) + '@flood.example', password: 'wrong password' }) });
      await r.arrayBuffer();
      counts[r.status] = (counts[r.status] || 0) + 1;
    } catch { counts.error = (counts.error || 0) + 1; }
    if (++total === 200) process.stdout.write('steady ');
  }
};
Promise.all(Array.from({ length: Number(n) }, one)).then(() => process.stdout.write(JSON.stringify(counts)));
`;

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
}

describe(`login budget per account (${engineName})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('empty', {
      LOGIN_MAX_ATTEMPTS: '10',
      LOGIN_MAX_ATTEMPTS_PER_IP: '1000',
      LOGIN_MAX_CONCURRENT: '1000',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('evaluates exactly the budget of 100 concurrent wrong passwords, shared by every instance', async () => {
    await app.services.auth.createUser({ email: 'target@agency.fr', role: 'staff', password: TEST_PASSWORD });
    const res = await Promise.all(
      Array.from({ length: 100 }, () => post(app, { email: 'target@agency.fr', password: 'guess' })),
    );
    const statuses = res.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(90);
    const limited = res.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right password is refused too until the window ends (no free guess after the budget)…
    expect((await post(app, { email: 'target@agency.fr', password: TEST_PASSWORD })).status).toBe(429);
    // …and by another API instance on the same database (the counters live in PostgreSQL).
    const other = new AuthService(new PgAuthStore(app.db.knex), loadConfig({}));
    try {
      await expect(
        other.login({ email: 'target@agency.fr', password: TEST_PASSWORD }, '127.0.0.1'),
      ).rejects.toMatchObject({ status: 429 });
      // Once the window has ended (moved back here) and been purged, the account logs in again.
      await app.db
        .knex('login_budget')
        .update({ window_end: app.db.knex.raw("now() - interval '1 second'") });
      const user = await app.db.knex('users').first('id');
      await app.db.knex('sessions').insert({
        token_hash: 'expired-session',
        user_id: user.id,
        csrf_token: 'x',
        expires_at: app.db.knex.raw("now() - interval '1 hour'"),
      });
      const purged = await other.purgeExpired();
      expect(purged.sessions).toBe(1);
      expect(purged.budgets).toBe(2);
      expect(await app.db.knex('login_budget').count({ n: '*' }).first()).toMatchObject({ n: 0 });
      const s = await other.login({ email: 'target@agency.fr', password: TEST_PASSWORD }, '127.0.0.1');
      expect(s.user.email).toBe('target@agency.fr');
    } finally {
      await other.close();
    }
  });
});

describe(`login budget per IP (${engineName})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('empty', { LOGIN_MAX_ATTEMPTS_PER_IP: '15', LOGIN_MAX_CONCURRENT: '1000' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('limits random emails from one IP, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    // Rotating X-Forwarded-For changes nothing: no proxy is trusted by default.
    for (let i = 0; i < 20; i++) {
      const r = await post(
        app,
        { email: randomEmail(), password: 'guess' },
        { 'x-forwarded-for': `10.0.0.${i}` },
      );
      statuses.push(r.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(15);
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
    const rows = await app.db.knex('login_budget').select('key');
    expect(rows.length).toBeGreaterThan(0);
    // Keys are hashes: no email or address is stored in clear.
    expect(rows.every((r) => !String(r.key).includes('@') && !String(r.key).includes('127.0.0.1'))).toBe(
      true,
    );
  });
});

describe(`proxied logins (${engineName})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('empty', { TRUST_PROXY: 'loopback', LOGIN_MAX_ATTEMPTS_PER_IP: '3' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('counts per forwarded client when the peer is a trusted proxy', async () => {
    const from = (ip: string) =>
      post(app, { email: randomEmail(), password: 'guess' }, { 'x-forwarded-for': ip });
    const a = [];
    for (let i = 0; i < 4; i++) a.push((await from('203.0.113.7')).status);
    expect(a).toEqual([401, 401, 401, 429]);
    expect((await from('203.0.113.8')).status).toBe(401);
  });
});

describe(`hash bound and upgrades (${engineName})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('empty', { LOGIN_MAX_CONCURRENT: '2', LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 429 with Retry-After when the hashing slots are full', async () => {
    const res = await Promise.all(
      Array.from({ length: 12 }, () => post(app, { email: randomEmail(), password: 'guess' })),
    );
    const statuses = res.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(res.find((r) => r.status === 429)!.headers.get('retry-after')).toBe('1');
  });

  it('stores OWASP-level scrypt parameters and re-hashes older hashes at login', async () => {
    const { N, r, p } = SCRYPT_PARAMS;
    expect(N * r * p).toBeGreaterThanOrEqual(2 ** 14 * 8 * 5);
    await app.services.auth.createUser({ email: 'old@agency.fr', role: 'staff', password: TEST_PASSWORD });
    // A hash made with the previous parameters (N=16384, r=8, p=1).
    const salt = crypto.randomBytes(16);
    const old = crypto.scryptSync(TEST_PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 });
    const oldHash = ['scrypt', 16384, 8, 1, salt.toString('base64'), old.toString('base64')].join('$');
    await app.db.knex('users').update({ password_hash: oldHash }).where('email', 'old@agency.fr');
    expect((await post(app, { email: 'old@agency.fr', password: TEST_PASSWORD })).status).toBe(200);
    const row = await app.db.knex('users').where('email', 'old@agency.fr').first('password_hash');
    expect(row.password_hash).toMatch(new RegExp(`^scrypt\\$${N}\\$${r}\\$${p}\\$`));
    expect((await post(app, { email: 'old@agency.fr', password: TEST_PASSWORD })).status).toBe(200);
  });
});

describe(`a 64-client login flood (${engineName})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('demo');
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Sequential gzip'd GETs of the sites list; their latencies in ms. */
  async function sitesLatencies(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = await fetch(`${app.url}/api/sites?limit=50`, { headers: { 'accept-encoding': 'gzip' } });
      await r.arrayBuffer();
      expect(r.status).toBe(200);
      out.push(performance.now() - t0);
    }
    return out;
  }

  it('keeps GET /api/sites p95 under 5× its idle value and answers the flood with 429s', async () => {
    await sitesLatencies(5);
    const idle = p95(await sitesLatencies(40));
    // The 64 clients run in their own process, as an attacker's would.
    const flood = spawn(process.execPath, ['-e', FLOOD_SCRIPT, app.url, '64'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    flood.stdout.on('data', (d) => {
      out += d;
    });
    const done = new Promise((r) => flood.once('exit', r));
    // Let the flood reach its steady state first.
    while (!out.includes('steady')) await new Promise((r) => setTimeout(r, 20));
    const busy = p95(await sitesLatencies(40));
    flood.stdin.end();
    await done;
    const counts = JSON.parse(out.slice(out.indexOf('{'))) as Record<string, number>;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `login flood (${engineName}): sites p95 idle ${idle.toFixed(1)} ms, under flood ${busy.toFixed(1)} ms; ${total} logins: ${JSON.stringify(counts)}`,
    );
    // A floor of 20 ms keeps timer noise on a shared 2-core machine from deciding the test.
    expect(busy).toBeLessThan(5 * Math.max(idle, 20));
    expect(counts['429']).toBeGreaterThan(total * 0.8);
    expect(counts['401'] ?? 0).toBeLessThanOrEqual(30);
  });
});
