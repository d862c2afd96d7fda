/**
 * Bulk changes refresh the planner statistics of what they rewrote (api/src/db/analyze.ts), so
 * the first queries after them plan on the new contents: an infrastructure import, a site
 * import (each with its access recompute) and the demo seed. Checked on both engines through
 * `pg_stat_user_tables.last_analyze` (a manual ANALYZE; autovacuum writes `last_autoanalyze`,
 * and the embedded engine has none) and `pg_class.reltuples`, which ANALYZE of a small table
 * sets to its exact row count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/src/db/seed.ts';
import { rect } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../helpers/test-db.ts';

interface TableStats {
  table: string;
  analyzed: boolean;
  reltuples: number;
  rows: number;
}

/** Statistics of `tables`: analyzed manually at or after `since`, estimated vs counted rows. */
async function statsOf(db: TestDatabase, tables: string[], since: Date): Promise<TableStats[]> {
  const out: TableStats[] = [];
  for (const table of tables) {
    const r = await db.knex.raw(
      `SELECT s.last_analyze IS NOT NULL AND s.last_analyze >= ? AS analyzed, c.reltuples::float8 AS reltuples
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        WHERE s.schemaname = 'public' AND s.relname = ?`,
      [since, table],
    );
    const { n } = (await db.knex(table).count({ n: '*' }).first()) as { n: number };
    out.push({
      table,
      analyzed: r.rows[0]?.analyzed === true,
      reltuples: r.rows[0]?.reltuples,
      rows: Number(n),
    });
  }
  return out;
}

const fresh = (stats: TableStats[]) => stats.map((s) => ({ ...s, analyzed: true, reltuples: s.rows }));

async function dbNow(db: TestDatabase): Promise<Date> {
  return new Date((await db.knex.raw('SELECT clock_timestamp() AS t')).rows[0].t);
}

describe(`ANALYZE after bulk changes (${engineName})`, () => {
  let app: TestApp;
  let admin: Client;

  beforeAll(async () => {
    app = await startTestApp('empty');
    admin = await app.tokenClient('admin');
  });
  afterAll(async () => {
    await app?.close();
  });

  async function upload(format: string, body: string) {
    const res = await admin.fetch(`/api/import/${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(res.status).toBe(200);
    return res.json();
  }

  it('an infrastructure import, then a site import, leave every table they rewrote analyzed', async () => {
    const t0 = await dbNow(app.db);
    const airports = [
      'ident,type,name,latitude_deg,longitude_deg,elevation_ft,iata_code',
      'LFPG,large_airport,Paris Charles de Gaulle Airport,49.012798,2.55,392,CDG',
      'LFPO,large_airport,Paris-Orly Airport,48.7233333,2.3794444,291,ORY',
      'LFPB,medium_airport,Paris-Le Bourget Airport,48.969398,2.44139,218,LBG',
    ].join('\n');
    expect(await upload('ourairports', airports)).toMatchObject({ ok: true, inserted: 3 });
    const infra = await statsOf(app.db, ['infrastructure'], t0);
    expect(infra).toEqual(fresh(infra));

    const t1 = await dbNow(app.db);
    const features = ['a', 'b', 'c', 'd'].map((id, i) => ({
      type: 'Feature',
      properties: { source: 'agency-upload', sourceId: id, name: `Parcelle ${id}`, communeInsee: '78335' },
      geometry: rect(1.74 + i * 0.01, 48.99),
    }));
    expect(
      await upload('sites-geojson', JSON.stringify({ type: 'FeatureCollection', features })),
    ).toMatchObject({
      ok: true,
      inserted: 4,
    });
    const sites = await statsOf(app.db, ['sites', 'site_match', 'site_access', 'site_drive_times'], t1);
    expect(sites).toEqual(fresh(sites));
    // The access recompute wrote a row per site and kind: statistics of a non-empty table.
    expect(sites.find((s) => s.table === 'site_access')!.rows).toBeGreaterThan(0);
  });
});

describe(`ANALYZE after the demo seed (${engineName})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('empty');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('seeding an empty database leaves the seeded and derived tables analyzed', async () => {
    const t0 = await dbNow(db);
    const report = await seedDemoData(db.knex, { users: false });
    expect(report.sites).toBeGreaterThan(0);
    const tables = ['sites', 'infrastructure', 'communes', 'site_access', 'site_labour_pool', 'site_match'];
    const stats = await statsOf(db, tables, t0);
    expect(stats).toEqual(fresh(stats));
  });
});
