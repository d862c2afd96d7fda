/**
 * Issue 14, finding 5: a frozen PostgreSQL (every process SIGSTOPped: sockets open, nothing
 * answers) must not hang requests on pooled connections. On a cluster this file creates and
 * drops itself (pg_createcluster on a port in 5441–5449), never the shared server.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { type Database, openDatabase } from '../../api/src/db/database.ts';
import { migrateLatest } from '../../api/src/db/migrate.ts';
import { createOwnCluster, type OwnCluster } from '../../bench/lib/own-cluster.ts';
import { serverUrl } from '../helpers/test-db.ts';

describe.skipIf(!serverUrl)('a frozen PostgreSQL server (SIGSTOP, own cluster)', () => {
  let cluster: OwnCluster;
  let db: Database;
  let server: http.Server;
  let base: string;
  const frozen: Array<{ queries: number; probeMs: number }> = [];

  beforeAll(async () => {
    cluster = await createOwnCluster(`h14_frozen_${process.pid}`, [5441, 5442, 5443, 5444]);
    db = await openDatabase({
      databaseUrl: cluster.url(),
      dataDir: '',
      poolMax: 4,
      onFrozen: (i) => frozen.push(i),
      onDriverWarning: () => {},
      onConnectionError: () => {},
    });
    await migrateLatest(db.knex);
    const app = createApp({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      db,
      logger: pino({ level: 'silent' }),
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    cluster?.thaw();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await db?.close();
    cluster?.drop();
  });

  it('answers 503 within 5 s on pooled connections, then 200 again once it thaws', async () => {
    // Warm every pooled connection.
    await Promise.all(Array.from({ length: 4 }, () => fetch(`${base}/api/sites?limit=5`)));
    expect((await fetch(`${base}/api/sites?limit=5`)).status).toBe(200);
    cluster.freeze();
    const timed = async (path: string) => {
      const t0 = performance.now();
      const r = await fetch(`${base}${path}`);
      await r.arrayBuffer();
      return { status: r.status, ms: performance.now() - t0, retryAfter: r.headers.get('retry-after') };
    };
    try {
      const during = await Promise.all([
        timed('/api/sites?limit=5'),
        timed('/api/sites?limit=5&q=a'),
        timed('/api/infrastructure?kind=airport&limit=5'),
        timed('/api/health'),
      ]);
      console.log(`frozen server: ${during.map((d) => `${d.status} in ${Math.round(d.ms)} ms`).join(', ')}`);
      for (const d of during) {
        expect(d.status).toBe(503);
        expect(d.ms).toBeLessThan(5000);
        expect(d.retryAfter).toBeTruthy();
      }
      expect(frozen.length).toBeGreaterThan(0);
    } finally {
      cluster.thaw();
    }
    const t0 = performance.now();
    let status = 0;
    while (status !== 200 && performance.now() - t0 < 15_000) {
      status = (await fetch(`${base}/api/sites?limit=5`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });

  it('leaves a slow query on a healthy server alone', async () => {
    const before = frozen.length;
    const r = await db.knex.raw('select true as ok from pg_sleep(3.5)');
    expect(r.rows[0].ok).toBe(true);
    expect(frozen.length).toBe(before);
  });
});
