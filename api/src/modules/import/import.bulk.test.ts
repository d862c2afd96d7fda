/**
 * Bulk writes stay set-based (issue 15): a site import runs a bounded number of statements per
 * batch and writes each site once (its import baseline in the same INSERT, so one version
 * per import), every trigger on the bulk-written tables except the one-line version bump is a
 * statement trigger, and the commit-time tile-cell apply probes `sites` once per touched z11
 * cell, not once per zoom (migration 0017). Both engines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect } from '../../../../tests/fixtures/sites.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { ImportService } from './import.service.ts';

let db: TestDatabase;
let tmp: string;

beforeAll(async () => {
  db = await createTestDatabase('empty');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-import-bulk-'));
});
afterAll(async () => {
  await db?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const noAccess = { recomputeForInfrastructure: async () => {}, recomputeSites: async () => {} };

/** `n` small squares near Lyon as a sites GeoJSON file. */
function sitesFile(n: number, name = 'sites.geojson'): string {
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { name: `Lot ${i}`, sourceId: `lot-${i}`, communeInsee: '69123', status: 'available' },
    geometry: rect(4.6 + (i % 40) * 0.01, 45.6 + Math.floor(i / 40) * 0.01, 0.002, 0.002),
  }));
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  return file;
}

/** Runs `work` and returns the SQL statements knex sent meanwhile. */
async function statementsOf(knex: Knex, work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (q: { sql: string }) => seen.push(q.sql);
  knex.on('query', listen);
  try {
    await work();
  } finally {
    knex.removeListener('query', listen);
  }
  return seen;
}

describe(`bulk writes (${engineName})`, () => {
  const N = 1100; // three batches of the runner (500, 500, 100)

  it('imports N sites in a bounded number of statements, writing each site once', async () => {
    const imports = new ImportService(db.knex, noAccess);
    const file = sitesFile(N);
    let report: Awaited<ReturnType<ImportService['run']>> | undefined;
    const sql = await statementsOf(db.knex, async () => {
      report = await imports.run({ format: 'sites-geojson', file }, 'cli');
    });
    expect(report?.ok).toBe(true);
    expect(report?.inserted).toBe(N);
    // No second pass over the rows just written (the baseline goes in with the INSERT).
    expect(sql.filter((s) => /^\s*update\s+sites\b/i.test(s))).toEqual([]);
    // Per batch: the geometry check, the existing rows, the upsert, the snapshots, the audit rows;
    // independent of the number of rows in a batch.
    expect(sql.length).toBeLessThanOrEqual(3 * 12 + 20);
    const r = await db.knex.raw(
      `SELECT count(*)::int AS n, max(version)::int AS max_version,
              count(*) FILTER (WHERE import_baseline IS NULL OR imported_at IS NULL)::int AS no_baseline,
              (SELECT count(*)::int FROM audit_log WHERE entity = 'site' AND action = 'import') AS audited
       FROM sites WHERE source_id LIKE 'lot-%'`,
    );
    expect(r.rows[0]).toEqual({ n: N, max_version: 1, no_baseline: 0, audited: N });
  });

  it('re-imports the same file without changing a version or a baseline', async () => {
    const before = await db.knex.raw(
      `SELECT md5(string_agg(id::text || version || import_baseline::text, ',' ORDER BY id)) AS h FROM sites`,
    );
    const report = await new ImportService(db.knex, noAccess).run(
      { format: 'sites-geojson', file: sitesFile(N, 'again.geojson') },
      'cli',
    );
    expect(report.ok).toBe(true);
    expect(report.unchanged).toBe(N);
    const after = await db.knex.raw(
      `SELECT md5(string_agg(id::text || version || import_baseline::text, ',' ORDER BY id)) AS h FROM sites`,
    );
    expect(after.rows[0].h).toBe(before.rows[0].h);
  });

  it('keeps row triggers off the bulk-written tables but for the version bump', async () => {
    const r = await db.knex.raw(
      `SELECT c.relname AS t, t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND (t.tgtype & 1) = 1
         AND c.relname IN ('sites', 'site_access', 'site_drive_times', 'site_labour_pool', 'site_match', 'site_tile_cells')
       ORDER BY 1, 2`,
    );
    expect(r.rows).toEqual([{ t: 'sites', name: 'sites_version_bump' }]);
  });

  it('finds the site of one-site tile cells with one probe of sites per z11 cell, not per zoom', async () => {
    await db.knex.raw('TRUNCATE sites CASCADE');
    const far = [
      [-1.5, 47.2],
      [2.3, 48.8],
      [4.8, 45.7],
      [7.7, 48.5],
      [5.4, 43.3],
    ];
    await db.knex.transaction(async (trx) => {
      // This transaction's own scans of `sites` (sequential and index), before they are flushed.
      const scans = async () => {
        const r = await trx.raw(
          `SELECT (seq_scan + coalesce(idx_scan, 0))::int AS n FROM pg_stat_xact_user_tables WHERE relname = 'sites'`,
        );
        return Number(r.rows[0].n);
      };
      for (const [lon, lat] of far) {
        await trx.raw(
          `INSERT INTO sites (site_nom, site_comm_insee, departement, region, site_surf_comm_dispo, published, geom)
           VALUES ('Seul', '69123', '69', '84', 1, true, ST_Multi(ST_MakeEnvelope(?, ?, ? + 0.001, ? + 0.001, 4326)))`,
          [lon, lat, lon, lat],
        );
      }
      const before = await scans();
      // The commit-time apply (site_match, tile cells), run now.
      await trx.raw('SET CONSTRAINTS ALL IMMEDIATE');
      const probes = (await scans()) - before;
      // 5 one-site z11 cells → 5 probes, + the site_match upsert (1 scan, and its foreign-key
      // check per row: 5) = 11; with a probe per zoom (before migration 0017) 5 × 12 + 6 = 66.
      expect(probes).toBeLessThanOrEqual(2 * far.length + 2);
    });
    const cells = await db.knex.raw(
      `SELECT count(*) FILTER (WHERE n = 1)::int AS single, count(*) FILTER (WHERE n = 1 AND site_id IS NULL)::int AS unnamed
       FROM site_tile_cells`,
    );
    expect(cells.rows[0].unnamed).toBe(0);
    expect(cells.rows[0].single).toBeGreaterThanOrEqual(far.length * 8);
  });
});
