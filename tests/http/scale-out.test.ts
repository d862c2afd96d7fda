/**
 * Issue 15, part 5 (scale-out on existing engines), on the server engine:
 * (a) two API processes (`api/src/main.ts`) on one database behind a round-robin client share
 *     the anonymous match budget, the login budget, sessions, and tile cache invalidation;
 * (b) a streaming replica made with pg_basebackup: anonymous reads go to it, the writer's reads
 *     and every write to the primary. Both clusters of (b) are created and dropped here
 *     (pg_createcluster on ports 5461–5479), never the shared one.
 * The embedded engine is one process by construction (a data-directory lock): (a) and (b) are
 * skipped there, and READ_DATABASE_URL is shown to be ignored with a log line.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServices } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { type Database, openDatabase } from '../../api/src/db/database.ts';
import { migrateLatest } from '../../api/src/db/migrate.ts';
import { DEMO_USERS } from '../../api/src/db/seed.ts';
import { type MainProcess, startMainProcess } from '../../bench/lib/main-process.ts';
import { createOwnCluster, type OwnCluster } from '../../bench/lib/own-cluster.ts';
import { createStandby, currentLsn, type Standby } from '../../bench/lib/standby-cluster.ts';
import { rect, siteBody } from '../fixtures/sites.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, engineName, serverUrl, type TestDatabase } from '../helpers/test-db.ts';

const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const json = { 'content-type': 'application/json' };

/** Logs in on `base`; returns the headers of a browser-like session (cookie + CSRF token). */
async function login(base: string, email: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], 'x-csrf-token': csrfToken };
}

async function createSite(base: string, session: Record<string, string>, name: string, lon: number) {
  const res = await fetch(`${base}/api/sites`, {
    method: 'POST',
    headers: { ...json, ...session },
    body: JSON.stringify(siteBody({ name }, rect(lon, 48.99))),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const tileEtag = async (base: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}/tiles/sites/0/0/0.mvt`, { headers });
  await res.arrayBuffer();
  return { status: res.status, etag: res.headers.get('etag') };
};

describe.skipIf(!serverUrl)('two API processes on one database (server engine only)', () => {
  const BUDGET = 5;
  let db: TestDatabase;
  const procs: MainProcess[] = [];
  let bases: string[] = [];
  let turn = 0;
  /** Round-robin over the instances, like a load balancer without affinity. */
  const next = () => bases[turn++ % bases.length];

  beforeAll(async () => {
    db = await createTestDatabase('demo');
    const env = {
      DATABASE_URL: db.url!,
      MATCH_ANON_PER_MINUTE: String(BUDGET),
      LOGIN_MAX_ATTEMPTS_PER_IP: String(BUDGET),
      DB_POOL_MAX: '3',
      UI_DIST: '/nonexistent',
    };
    // One after the other: two cold tsx starts at once double the wait on a small machine.
    for (let i = 0; i < 2; i++) procs.push(await startMainProcess(env));
    bases = procs.map((p) => p.base);
  });
  afterAll(async () => {
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exited));
    await db?.drop();
  });

  it('a session made on one instance writes on the other; the other instance’s cached tile changes', async () => {
    const [a, b] = bases;
    const before = await tileEtag(a);
    expect(before.status).toBe(200);
    // Cached now on instance a: the same ETag again.
    expect((await tileEtag(a)).etag).toBe(before.etag);
    const session = await login(a, admin.email, admin.password);
    await createSite(b, session, 'Parcelle écrite par l’instance B', 1.75);
    // Instance a never saw the write: only data_versions, read from the database, tells it.
    const after = await tileEtag(a);
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
    // And both instances now hand out the same tile.
    expect((await tileEtag(b)).etag).toBe(after.etag);
  });

  it('shares the anonymous match budget: exactly the budget passes over both instances, in turn or at once', async () => {
    const statuses: number[] = [];
    // An invalid body is a cheap 400, counted like any request (the budget is taken first).
    for (let i = 0; i < BUDGET + 1; i++) {
      const r = await fetch(`${next()}/api/match`, { method: 'POST', headers: json, body: '{}' });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Each instance alone would have let BUDGET through (2 × BUDGET in all).
    expect(statuses).toEqual([...Array(BUDGET).fill(400), 429]);
    for (const base of bases)
      expect((await fetch(`${base}/api/match`, { method: 'POST', headers: json, body: '{}' })).status).toBe(
        429,
      );
    // Isochrones have their own budget, shared too: a burst over both instances at once.
    const burst = await Promise.all(
      Array.from({ length: 3 * BUDGET }, () => fetch(`${next()}/api/isochrone?lon=x`).then((r) => r.status)),
    );
    expect(burst.filter((s) => s !== 429)).toHaveLength(BUDGET);
  });

  it('shares the login budget per IP: attempt BUDGET+1 is refused whichever instance gets it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < BUDGET + 1; i++) {
      const r = await fetch(`${next()}/api/auth/login`, {
        method: 'POST',
        headers: json,
        // A new email each time: only the per-IP budget is shared by these attempts.
        body: JSON.stringify({ email: `nobody${i}@flood.example`, password: 'wrong password' }),
      });
      statuses.push(r.status);
    }
    // Each instance saw at most 3 of these; 429 comes from the shared counter.
    expect(statuses).toEqual([...Array(BUDGET).fill(401), 429]);
  });
});

describe.skipIf(!serverUrl)('a streaming replica behind READ_DATABASE_URL (server engine only)', () => {
  const suffix = crypto.randomBytes(3).toString('hex');
  let primary: OwnCluster | undefined;
  let standby: Standby | undefined;
  let db: Database;
  let services: ReturnType<typeof createServices>;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    primary = await createOwnCluster(
      `lm_primary_${suffix}`,
      [5461, 5462, 5463, 5464, 5465, 5466, 5467, 5468, 5469],
      'landmatch',
      {
        settings: { wal_level: 'replica', max_wal_senders: '4' },
        hba: ['host replication postgres 127.0.0.1/32 trust'],
      },
    );
    const setup = await openDatabase({ databaseUrl: primary.url(), dataDir: '', poolMax: 2 });
    try {
      await setup.knex.raw('CREATE EXTENSION IF NOT EXISTS pgrouting');
      await migrateLatest(setup.knex);
    } finally {
      await setup.close();
    }
    standby = await createStandby(
      `lm_replica_${suffix}`,
      primary,
      [5471, 5472, 5473, 5474, 5475, 5476, 5477, 5478, 5479],
    );
    db = await openDatabase({
      databaseUrl: primary.url(),
      readDatabaseUrl: standby.url(),
      dataDir: '',
      poolMax: 3,
    });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', UI_DIST: '/nonexistent' });
    const deps = { config, db, logger: pino({ level: 'silent' }) };
    services = createServices(deps);
    server = createApp(deps, services).listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await services?.auth.close();
    await db?.close();
    standby?.drop();
    primary?.drop();
  });

  it('reads anonymously from the standby, which refuses writes', async () => {
    expect(db.replica).toBe(true);
    expect((await db.read.raw('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(true);
    expect((await db.knex.raw('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(false);
    await expect(db.read.raw("INSERT INTO rate_limit_hits VALUES ('x', now(), 1)")).rejects.toThrow(
      /read-only transaction/,
    );
  });

  it('serves the writer from the primary at once, the public from the replica once it replays', async () => {
    await services.auth.createUser({
      email: 'admin@replica.test',
      role: 'admin',
      password: 'correct horse battery',
      territories: [],
    });
    const session = await login(base, 'admin@replica.test', 'correct horse battery');
    const emptyTile = await tileEtag(base);
    expect(emptyTile.status).toBe(204);

    // Replay paused: whatever the replica answers now is what it had before the write.
    await standby!.query('SELECT pg_wal_replay_pause()');
    let writeLsn: string;
    let id: string;
    try {
      id = await createSite(base, session, 'Parcelle lue sur le réplica', 1.76);
      writeLsn = await currentLsn(primary!.url());
      // Anonymous reads go to the replica, which has not replayed the write.
      expect((await fetch(`${base}/api/sites/${id}`)).status).toBe(404);
      expect(
        ((await (await fetch(`${base}/api/sites`)).json()) as { numberMatched: number }).numberMatched,
      ).toBe(0);
      const ogc = (await (await fetch(`${base}/ogc/collections/sites/items?f=json`)).json()) as {
        numberMatched: number;
      };
      expect(ogc.numberMatched).toBe(0);
      expect((await tileEtag(base)).status).toBe(204);
      // The writer reads from the primary: what they just saved, list, sheet and map tile.
      const mine = await fetch(`${base}/api/sites/${id}`, { headers: session });
      expect(mine.status).toBe(200);
      expect(((await mine.json()) as { properties: { name: string } }).properties.name).toBe(
        'Parcelle lue sur le réplica',
      );
      const writerTile = await tileEtag(base, { cookie: session.cookie });
      expect(writerTile.status).toBe(200);
      // Still the old tile for the public: the primary's newer entry is not theirs yet.
      expect((await tileEtag(base)).status).toBe(204);
    } finally {
      await standby!.query('SELECT pg_wal_replay_resume()');
    }

    const polls = await standby!.waitForReplay(writeLsn);
    console.log(`replica replayed up to the write's LSN ${writeLsn} after ${polls} poll(s)`);
    const sheet = await fetch(`${base}/api/sites/${id}`);
    expect(sheet.status).toBe(200);
    expect(((await sheet.json()) as { properties: { name: string } }).properties.name).toBe(
      'Parcelle lue sur le réplica',
    );
    const ogcItem = await fetch(`${base}/ogc/collections/sites/items/${id}?f=json`);
    expect(ogcItem.status).toBe(200);
    const publicTile = await tileEtag(base);
    expect(publicTile.status).toBe(200);
    const match = await fetch(`${base}/api/match`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ needs: { surfaceHa: { min: 0.5 } } }),
    });
    expect(match.status).toBe(200);
    expect(((await match.json()) as { counts: { considered: number } }).counts.considered).toBe(1);
  });
});

describe(`anonymous request budgets on one instance (${engineName}: ${serverUrl ? 'rate_limit_hits' : 'in memory'})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('empty', { MATCH_ANON_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lets exactly the budget through, per limiter, and not for signed-in callers', async () => {
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => app.anonymous.send('POST', '/api/match', {}).then((r) => r.status)),
    );
    expect(burst.filter((s) => s === 400)).toHaveLength(3);
    expect(burst.filter((s) => s === 429)).toHaveLength(5);
    // The isochrone budget is its own.
    expect((await app.anonymous.get('/api/isochrone?lon=x')).status).toBe(400);
    const staff = await app.login('staff');
    expect((await staff.send('POST', '/api/match', {})).status).toBe(400);
  });
});

describe.skipIf(serverUrl)('READ_DATABASE_URL on the embedded engine', () => {
  it('is ignored with a log line saying why (one process, one connection)', async () => {
    const said: string[] = [];
    const db = await openDatabase({
      dataDir: 'memory://',
      readDatabaseUrl: 'postgres://replica.invalid/landmatch',
      onIgnoredReadUrl: (reason) => said.push(reason),
    });
    try {
      expect(db.replica).toBe(false);
      expect(db.read).toBe(db.knex);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/READ_DATABASE_URL is ignored: the embedded engine/);
    } finally {
      await db.close();
    }
  });
});
