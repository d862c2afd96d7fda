import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { postgis } from '@electric-sql/pglite-postgis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../../tests/helpers/test-db.ts';
import { EMBEDDED_SETTINGS, filterTar, leanBundle } from './embedded-engine.ts';

function names(tarGz: string): string[] {
  const out: string[] = [];
  filterTar(zlib.gunzipSync(fs.readFileSync(tarGz)), (name) => {
    out.push(name);
    return false;
  });
  return out;
}

describe('lean PostGIS bundle of the embedded engine', () => {
  it('keeps what CREATE EXTENSION postgis and ST_Transform read, drops raster, topology and TIGER', async () => {
    const { bundlePath } = await postgis.setup({} as never, { PGLITE_ENV: {} });
    const stock = fileURLToPath(bundlePath!);
    const lean = leanBundle(bundlePath!);
    const kept = names(lean.pathname);
    expect(kept).toEqual(
      expect.arrayContaining([
        'lib/postgresql/postgis-3.so',
        'share/postgresql/extension/postgis.control',
        'share/postgresql/extension/postgis--3.6.2.sql',
        'share/proj/proj.db',
      ]),
    );
    expect(kept.filter((n) => /raster|topology|tiger|unpackaged/.test(n))).toEqual([]);
    const all = names(stock);
    expect(all.length).toBeGreaterThan(kept.length);
    expect(fs.statSync(lean.pathname).size).toBeLessThan(fs.statSync(stock).size / 1.5);
  });
});

describe.skipIf(engineName !== 'embedded')('embedded engine settings', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('empty');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs with the lean memory settings and a working PostGIS', async () => {
    for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) {
      const r = await db.knex.raw(`show ${name}`);
      expect(r.rows[0][name]).toBe(value);
    }
    const t = await db.knex.raw(
      'select round(st_x(st_transform(st_setsrid(st_makepoint(2.35, 48.85), 4326), 2154))) as x',
    );
    expect(Number(t.rows[0].x)).toBe(652302);
    const raster = await db.knex.raw(
      "select count(*)::int as n from pg_available_extensions where name in ('postgis_raster', 'postgis_topology')",
    );
    expect(raster.rows[0].n).toBe(0);
  });
});
