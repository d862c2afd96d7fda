/**
 * Faults the API must survive without a restart, on this file's own database only (the shared
 * PostgreSQL server is never restarted here; `npm run bench:faults` does that):
 * - its PostgreSQL backends terminated → at most a few 503s with Retry-After, then 200s;
 * - the server unreachable (refused, or accepting but silent) → 503 in bounded time from the
 *   routes and from /api/health, and recovery when it answers again;
 * - SIGTERM on the real process (api/src/main.ts) → the in-flight request completes, new
 *   connections are refused, the process exits 0; request ids round-trip into the JSON logs.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { type Database, openDatabase } from '../../api/src/db/database.ts';
import { type MainProcess, sigtermDuringRequest, startMainProcess } from '../../bench/lib/main-process.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/test-db.ts';

const MATCH_BODY = JSON.stringify({ needs: { surfaceHa: { min: 1 } }, limit: 5 });

/** URL of the database `db` is connected to (server engine), on `host:port` when given. */
async function urlOf(db: Database, hostPort?: { host: string; port: number }): Promise<string> {
  const name = (await db.knex.raw('select current_database() as n')).rows[0].n as string;
  const u = new URL(serverUrl!);
  u.pathname = `/${name}`;
  if (hostPort) {
    u.hostname = hostPort.host;
    u.port = String(hostPort.port);
  }
  return u.toString();
}

/** Terminates every backend of `url`'s database except the caller's own; returns how many. */
async function terminateBackends(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}

async function timedFetch(url: string): Promise<{ status: number; ms: number; body: any; res: Response }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, ms: performance.now() - t0, body, res };
}

describe.skipIf(!serverUrl)('PostgreSQL backends terminated under the app', () => {
  let app: TestApp;
  let url: string;
  beforeAll(async () => {
    app = await startTestApp('empty');
    url = await urlOf(app.db);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 503 with Retry-After at worst, then 200s again without a restart', async () => {
    expect((await app.anonymous.get('/api/sites?limit=5')).status).toBe(200);
    const terminated = await terminateBackends(url);
    expect(terminated).toBeGreaterThan(0);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await app.anonymous.get('/api/sites?limit=5');
      statuses.push(r.status);
      if (r.status !== 200) {
        expect(r.status).toBe(503);
        expect(r.res.headers.get('retry-after')).toBeTruthy();
        expect(r.body.error.code).toBe('unavailable');
      }
    }
    // Each dead pooled connection can cost at most one request before it is discarded.
    expect(statuses.filter((s) => s === 503).length).toBeLessThanOrEqual(4);
    expect(statuses.slice(-6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await app.anonymous.get('/api/health')).status).toBe(200);
  });

  it('reports each lost pooled connection and replaces it', async () => {
    const lost: Array<string | undefined> = [];
    const db = await openDatabase({
      databaseUrl: url,
      dataDir: '',
      poolMax: 2,
      onConnectionError: (err) => lost.push(err.code),
    });
    try {
      const pidsBefore = await Promise.all([0, 1].map(() => db.knex.raw('select pg_backend_pid() as p')));
      expect(pidsBefore.length).toBe(2);
      expect(await terminateBackends(url)).toBeGreaterThan(0);
      // The 'error' events of idle clients arrive asynchronously; the process must not crash.
      await waitFor(() => lost.length > 0, 5000);
      expect(lost).toContain('57P01');
      const r = await db.knex.raw('select 1 as ok');
      expect(r.rows[0].ok).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('fails fast when opened on a port where nothing listens', async () => {
    const port = await freePort();
    const u = new URL(serverUrl!);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    const t0 = performance.now();
    await expect(
      openDatabase({ databaseUrl: u.toString(), dataDir: '', onDriverWarning: () => {} }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe.skipIf(!serverUrl)('PostgreSQL unreachable behind a TCP proxy', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let db: Database;
  let server: http.Server;
  let base: string;
  const lost: Array<string | undefined> = [];
  const driverWarnings: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('empty');
    const target = new URL(serverUrl!);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const port = await proxy.listen(0);
    db = await openDatabase({
      databaseUrl: await urlOf(testDb, { host: '127.0.0.1', port }),
      dataDir: '',
      poolMax: 4,
      onConnectionError: (err) => lost.push(err.code ?? err.message),
      onDriverWarning: (m) => driverWarnings.push(m),
    });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = createApp({ config, db, logger: pino({ level: 'silent' }) });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await db?.close();
    await proxy?.stop();
    await testDb?.drop();
  });

  it('is healthy through the proxy', async () => {
    const h = await timedFetch(`${base}/api/health`);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: 'ok', database: 'postgis' });
  });

  it('answers 503 within a second when connections are refused', async () => {
    await proxy.stop();
    const sites = await timedFetch(`${base}/api/sites?limit=5`);
    expect(sites.status).toBe(503);
    expect(sites.res.headers.get('retry-after')).toBe('2');
    expect(sites.ms).toBeLessThan(1000);
    const health = await timedFetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', reason: 'unreachable' });
    expect(health.ms).toBeLessThan(1000);
  });

  it('answers 503 in bounded time when the server accepts but never answers', async () => {
    await proxy.listen(proxy.port, 'blackhole');
    const health = await timedFetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', reason: 'timeout' });
    expect(health.ms).toBeGreaterThan(1500);
    expect(health.ms).toBeLessThan(3500);
    const sites = await timedFetch(`${base}/api/sites?limit=5`);
    expect(sites.status).toBe(503);
    expect(sites.ms).toBeLessThan(5000);
  });

  it('recovers by itself once the server answers again', async () => {
    await proxy.stop();
    await proxy.listen(proxy.port, 'forward');
    const t0 = performance.now();
    let health = await timedFetch(`${base}/api/health`);
    while (health.status !== 200 && performance.now() - t0 < 10_000) {
      await sleep(200);
      health = await timedFetch(`${base}/api/health`);
    }
    expect(health.status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await timedFetch(`${base}/api/sites?limit=5`)).status).toBe(200);
    expect(lost.length).toBeGreaterThan(0);
    expect(driverWarnings.some((m) => m.startsWith('Acquire connection error'))).toBe(true);
  });
});

describe('the real process (api/src/main.ts)', () => {
  let testDb: TestDatabase;
  let proc: MainProcess;

  beforeAll(async () => {
    testDb = await createTestDatabase('empty');
    const env: Record<string, string> = { SEED_DEMO: 'false', TRUST_PROXY: 'loopback' };
    if (serverUrl) env.DATABASE_URL = await urlOf(testDb);
    else {
      // PGlite holds its directory exclusively: hand this file's copy over to the child.
      const conn = (testDb.knex.client.config.connection as () => { pglite: PGlite })();
      env.DATA_DIR = conn.pglite.dataDir!;
      await testDb.close();
    }
    proc = await startMainProcess(env);
  });
  afterAll(async () => {
    proc?.kill();
    await testDb?.drop();
  });

  it('round-trips X-Request-Id and logs it as req.id in JSON', async () => {
    const res = await fetch(`${proc.base}/api/health`, { headers: { 'x-request-id': 'faults-test-42' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('faults-test-42');
    const line = await proc.waitForLog(
      (l) => (l.req as { id?: string } | undefined)?.id === 'faults-test-42',
    );
    expect(line).toMatchObject({ msg: 'request completed', res: { statusCode: 200 } });
    const generated = await fetch(`${proc.base}/api/health`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('on SIGTERM finishes the request in flight, refuses new connections and exits 0', async () => {
    const d = await sigtermDuringRequest(proc, '/api/match', MATCH_BODY);
    expect(d.inFlightAtSignal).toBe(1);
    expect(d.newConnectionRefused).toBe(true);
    expect(d.status).toBe(200);
    expect(Array.isArray((d.body as { results?: unknown }).results)).toBe(true);
    expect(d.connection).toBe('close');
    expect(d.exit.code).toBe(0);
    expect(d.exitMs).toBeLessThan(5000);
    expect(proc.logs.some((l) => l.msg === 'bye')).toBe(true);
  });
});

// —— helpers ——

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`condition not met within ${ms} ms`);
    await sleep(50);
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * A TCP proxy to PostgreSQL that can be switched off (connections refused) or made silent
 * (connections accepted, nothing forwarded), to cut the app from its database without
 * touching the shared server.
 */
class TcpProxy {
  port = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  constructor(private readonly target: { host: string; port: number }) {}

  async listen(port: number, mode: 'forward' | 'blackhole' = 'forward'): Promise<number> {
    const server = net.createServer((client) => {
      this.track(client);
      if (mode === 'blackhole') return;
      const upstream = this.track(net.connect(this.target.port, this.target.host));
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** Stops listening and cuts every open connection (as a stopped server would). */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private track(s: net.Socket): net.Socket {
    this.sockets.add(s);
    s.on('error', () => s.destroy());
    s.on('close', () => this.sockets.delete(s));
    return s;
  }
}
