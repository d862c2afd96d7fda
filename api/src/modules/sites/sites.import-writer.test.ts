/**
 * The import writer's database-built pieces equal what the process used to build (issue 15,
 * import speed): the audit snapshots (`snapshotSql`) are the JSON of `PgSitesStore.getMany`
 * with every field, value for value, and an outline sent as EWKB (`outlineEwkb`) is stored as
 * the GeoJSON path stored it. Both engines.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect } from '../../../../tests/fixtures/sites.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import type { MultiPolygonGeometry } from '../../shared/geo.ts';
import { SITE_FIELDS } from './site.fields.ts';
import { jsonbKeyOrder, outlineEwkb, type SiteImportRow, SitesImportWriter } from './sites.import-writer.ts';
import { PgSitesStore } from './sites.store.pg.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('empty');
});
afterAll(async () => {
  await db?.drop();
});

const ALL_FIELDS = { unpublished: true, confidential: true, confidentialTerritories: 'all' } as const;

/** A square outline of side `d` degrees, as a MultiPolygon. */
const square = (lon: number, lat: number, d: number): MultiPolygonGeometry => ({
  type: 'MultiPolygon',
  coordinates: [rect(lon, lat, d, d).coordinates as MultiPolygonGeometry['coordinates'][number]],
});

function row(sourceId: string, properties: Record<string, unknown>, geometry: MultiPolygonGeometry) {
  return {
    properties: { name: `Site ${sourceId}`, source: 'writer-test', sourceId, ...properties },
    geometry,
  } as SiteImportRow;
}

/** The audit rows of `ids`, as stored, next to the JSON the process would have stored. */
async function sameAsProcess(knex: Knex, expected: Map<string, unknown>, column: 'before' | 'after') {
  for (const [id, snapshot] of expected) {
    const r = await knex.raw(
      `SELECT ${column} = ?::jsonb AS same, ${column} AS stored FROM audit_log
       WHERE entity = 'site' AND entity_id = ? ORDER BY id DESC LIMIT 1`,
      [JSON.stringify(snapshot), id],
    );
    expect(r.rows[0].stored).toEqual(JSON.parse(JSON.stringify(snapshot)));
    expect(r.rows[0].same).toBe(true);
  }
}

describe(`sites import writer (${engineName})`, () => {
  it('builds the audit snapshots in the database exactly as getMany + JSON.stringify did', async () => {
    const writer = new SitesImportWriter();
    const store = new PgSitesStore(db.knex);
    const rows = [
      row(
        'a',
        {
          communeInsee: '69123',
          status: 'under_option',
          published: true,
          availableAreaHa: 0.1 + 0.2,
          priceEurM2: 1e-7,
          waterM3PerDay: 1e6 / 3,
          availableFrom: '2026-03-01',
          labels: ['star_est', 'zone_x'],
          readiness: [{ item: 'urbanism', status: 'done', date: '2024-01-02' }],
          factsAsOf: { power: '2025-01-01' },
          powerConnectionDelayMonths: 6,
          railSiding: false,
          ownerName: 'Owner "quoted" \\ é',
          dataQuality: 'sourced',
          illustrativeFields: ['priceEurM2'],
        },
        square(4.8123456789, 45.7, 0.0123),
      ),
      row(
        'b',
        { communeInsee: '2A004', status: 'available', dataQuality: 'illustrative' },
        square(8.7, 41.9, 0.004),
      ),
    ];
    const first = await db.knex.transaction((trx) =>
      writer.upsert(trx, rows, { audit: { userId: null, requestId: 'test-1' } }),
    );
    expect(first.inserted).toBe(2);
    expect(first.changes).toBeUndefined();
    const created = await store.getMany(first.ids, ALL_FIELDS);
    await sameAsProcess(db.knex, created, 'after');

    // An update: the before snapshot is the site as the batch found it.
    const second = await db.knex.transaction((trx) =>
      writer.upsert(
        trx,
        [{ ...rows[0], properties: { ...rows[0].properties, priceEurM2: 12.25 } }, rows[1]],
        {
          audit: { userId: null, requestId: 'test-2' },
        },
      ),
    );
    expect([second.inserted, second.updated, second.unchanged]).toEqual([0, 1, 1]);
    await sameAsProcess(db.knex, new Map([[first.ids[0], created.get(first.ids[0])]]), 'before');
    await sameAsProcess(db.knex, await store.getMany(second.ids, ALL_FIELDS), 'after');
    const audit = await db.knex.raw(
      `SELECT request_id, user_id, action, count(*)::int AS n FROM audit_log GROUP BY 1, 2, 3 ORDER BY 1`,
    );
    expect(audit.rows).toEqual([
      { request_id: 'test-1', user_id: null, action: 'import', n: 2 },
      { request_id: 'test-2', user_id: null, action: 'import', n: 1 },
    ]);
  });

  it('stores the audit snapshots compressed with lz4 on the server, pglz on the embedded engine (migration 0019)', async () => {
    const writer = new SitesImportWriter();
    // A snapshot well past the size at which PostgreSQL compresses a row's values.
    const description = 'Zone d’activités, desserte poids lourds, réseaux en limite. '.repeat(60);
    const r = await db.knex.transaction((trx) =>
      writer.upsert(trx, [row('lz', { communeInsee: '57463', description }, square(6.17, 49.12, 0.003))], {
        audit: { userId: null, requestId: 'test-lz4' },
      }),
    );
    const stored = await db.knex.raw(
      `SELECT pg_column_compression(after) AS method, after->'properties'->>'description' AS description
       FROM audit_log WHERE entity = 'site' AND entity_id = ?`,
      [r.ids[0]],
    );
    expect(stored.rows).toEqual([{ method: engineName === 'postgis' ? 'lz4' : 'pglz', description }]);
  });

  it("orders keys as jsonb stores them, so the snapshot's key sorts find them sorted", async () => {
    const keys = [...SITE_FIELDS.map((f) => f.key), 'geom', 'id', 'é', 'zz', 'Zz'];
    const stored = await db.knex.raw(
      `SELECT array_agg(k) AS keys FROM jsonb_object_keys(jsonb_object(?::text[], ?::text[])) AS k`,
      [keys, keys],
    );
    expect([...keys].sort(jsonbKeyOrder)).toEqual(stored.rows[0].keys);
  });

  it('writes no audit rows when not asked to', async () => {
    const before = await db.knex.raw('SELECT count(*)::int AS n FROM audit_log');
    const r = await db.knex.transaction((trx) =>
      new SitesImportWriter().upsert(trx, [row('c', { communeInsee: '75056' }, square(2.3, 48.8, 0.002))]),
    );
    expect(r.inserted).toBe(1);
    const after = await db.knex.raw('SELECT count(*)::int AS n FROM audit_log');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('sends outlines as the EWKB of the geometry the GeoJSON path stored', async () => {
    const outlines: MultiPolygonGeometry[] = [
      square(2.3, 48.8, 0.002),
      square(-0, 45.123456789012344, 1e-7),
      square(-4.99999999999, 47.1, 0.3),
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [1, 45],
              [1.1, 45],
              [1.1, 45.1],
              [1, 45],
            ],
            [
              [1.01, 45.001],
              [1.02, 45.001],
              [1.02, 45.002],
              [1.01, 45.001],
            ],
          ],
          [
            [
              [2, 46],
              [2.000000000000001, 46],
              [2, 46.1],
              [2, 46],
            ],
          ],
        ],
      },
      { type: 'MultiPolygon', coordinates: [] },
    ];
    for (const g of outlines) {
      const r = await db.knex.raw(
        `SELECT ST_AsEWKB(ST_Multi(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)))) AS from_json,
                ST_AsEWKB(ST_GeomFromEWKB(decode(?, 'hex'))) AS from_ewkb`,
        [JSON.stringify(g), outlineEwkb(g)],
      );
      expect(Buffer.from(r.rows[0].from_ewkb).toString('hex')).toBe(
        Buffer.from(r.rows[0].from_json).toString('hex'),
      );
      expect(outlineEwkb(g)).toBe(Buffer.from(r.rows[0].from_json).toString('hex'));
    }
  });
});
