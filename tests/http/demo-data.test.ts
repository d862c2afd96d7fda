import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const SHARED = path.resolve(projectRoot, '../shared/data/admin');
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('demo');
});
afterAll(async () => {
  await app?.close();
});

describe(`demo data (${engineName})`, () => {
  it('finds the Hauts-Reposoirs plot in Limay (78335, about 15 ha) with q=reposoirs', async () => {
    const { body } = await app.anonymous.get('/api/sites?q=reposoirs');
    const limay = body.features.filter((f: any) => f.properties.communeInsee === '78335');
    expect(limay.length).toBeGreaterThanOrEqual(1);
    const plot = limay.find((f: any) => Math.abs(f.properties.areaHa - 15) < 1);
    expect(plot).toBeDefined();
    expect(plot.properties.labels).toContain('cle_en_main_france_2030');
  });

  it('publishes at least 40 sites and keeps some unpublished', async () => {
    const pub = await app.anonymous.get('/api/sites?limit=1000');
    expect(pub.body.features.length).toBeGreaterThanOrEqual(40);
    const total = await app.db.knex('sites').count({ n: '*' }).first();
    expect(Number((total as any).n)).toBeGreaterThan(pub.body.features.length);
  });

  it('covers the inventories the issue names, with sources and quality tags', async () => {
    const rows = await app.db
      .knex('sites')
      .select(
        'site_nom',
        'site_comm_insee',
        'region',
        'labels',
        'source_url',
        'data_quality',
        'brownfield',
        'ppri_zone',
        'power_available_mw',
        'site_surf_comm_dispo',
      );
    const inRegion = (r: string) => rows.filter((x) => x.region === r);
    expect(inRegion('44').filter((x) => x.labels.includes('star_est')).length).toBeGreaterThanOrEqual(15);
    for (const insee of ['26004', '13004', '34032', '36071']) {
      expect(
        rows.some((x) => x.site_comm_insee === insee && x.labels.includes('cle_en_main_france_2030')),
      ).toBe(true);
    }
    expect(rows.some((x) => /alloinay/i.test(x.site_nom))).toBe(true);
    expect(rows.some((x) => x.site_comm_insee === '94074')).toBe(true); // Valenton
    expect(rows.filter((x) => x.brownfield === true).length).toBeGreaterThan(5);
    expect(rows.filter((x) => x.brownfield === false).length).toBeGreaterThan(5);
    expect(rows.some((x) => x.ppri_zone === 'red')).toBe(true);
    expect(Math.max(...rows.map((x) => x.power_available_mw ?? 0))).toBeGreaterThanOrEqual(100);
    const areas = rows.map((x) => x.site_surf_comm_dispo);
    expect(Math.min(...areas)).toBeLessThanOrEqual(1);
    expect(Math.max(...areas)).toBeGreaterThanOrEqual(100);
    for (const r of rows) {
      expect(['sourced', 'estimated', 'illustrative']).toContain(r.data_quality);
      if (r.data_quality === 'sourced') expect(r.source_url).toMatch(/^https?:\/\//);
    }
  });

  it('gives every demo site a distance to each kind of access', async () => {
    const r = await app.db.knex.raw(
      'SELECT s.site_nom, count(a.kind)::int AS kinds FROM sites s LEFT JOIN site_access a ON a.site_id = s.id GROUP BY s.site_nom',
    );
    for (const row of r.rows) expect(row.kinds, row.site_nom).toBe(7);
  });

  it.skipIf(!fs.existsSync(SHARED))(
    'places every Île-de-France and Grand Est site inside its commune',
    async () => {
      const communes = new Map<string, unknown>();
      for (const f of ['communes-ile-de-france.geojson', 'communes-grand-est.geojson']) {
        for (const c of JSON.parse(fs.readFileSync(path.join(SHARED, f), 'utf8')).features) {
          communes.set(c.properties.code, c.geometry);
        }
      }
      const sites = await app.db
        .knex('sites')
        .whereIn('region', ['11', '44'])
        .select('id', 'site_nom', 'site_comm_insee');
      expect(sites.length).toBeGreaterThan(30);
      for (const s of sites) {
        const commune = communes.get(s.site_comm_insee);
        expect(commune, `${s.site_nom}: commune ${s.site_comm_insee} exists`).toBeDefined();
        const r = await app.db.knex.raw(
          'SELECT ST_Within(geom, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) AS inside FROM sites WHERE id = ?',
          [JSON.stringify(commune), s.id],
        );
        expect(r.rows[0].inside, `${s.site_nom} inside ${s.site_comm_insee}`).toBe(true);
      }
    },
  );

  it.skipIf(!fs.existsSync(SHARED))('places the other sites inside their département', async () => {
    const deps = new Map<string, unknown>();
    for (const d of JSON.parse(
      fs.readFileSync(path.join(SHARED, 'departements-version-simplifiee.geojson'), 'utf8'),
    ).features) {
      deps.set(d.properties.code, d.geometry);
    }
    const sites = await app.db
      .knex('sites')
      .whereNotIn('region', ['11', '44'])
      .select('id', 'site_nom', 'departement');
    for (const s of sites) {
      const r = await app.db.knex.raw(
        'SELECT ST_Within(geom, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) AS inside FROM sites WHERE id = ?',
        [JSON.stringify(deps.get(s.departement)), s.id],
      );
      expect(r.rows[0].inside, `${s.site_nom} inside ${s.departement}`).toBe(true);
    }
  });
});
