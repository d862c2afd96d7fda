import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsGeojsonVtEncoder, PostgisMvtEncoder } from '../../api/src/modules/tiles/tiles.encoder.pg.ts';
import { SITE_POLYGON_MINZOOM, TILE_LAYERS } from '../../api/src/modules/tiles/tiles.service.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let site: { id: string; lon: number; lat: number; name: string };
let hidden: { id: string; lon: number; lat: number };

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}

function decode(buf: Uint8Array, layer: string) {
  const vt = new VectorTile(new PbfReader(buf));
  const l = vt.layers[layer];
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => {
    const f = l.feature(i);
    return { type: f.type, properties: f.properties as Record<string, unknown>, geometry: f.loadGeometry() };
  });
}

async function getTile(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, { headers });
  return { res, body: new Uint8Array(await res.arrayBuffer()) };
}

beforeAll(async () => {
  app = await startTestApp('demo');
  const pick = async (published: boolean) => {
    const r = await app.db.knex.raw(
      `SELECT id::text, site_nom AS name, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
       FROM sites WHERE published = ? ORDER BY site_nom LIMIT 1`,
      [published],
    );
    return r.rows[0];
  };
  site = await pick(true);
  hidden = await pick(false);
});
afterAll(async () => {
  await app?.close();
});

describe(`vector tiles (${engineName})`, () => {
  it('serves a published site as a polygon with its public properties at high zoom', async () => {
    const t = tileOf(site.lon, site.lat, 14);
    const { res, body } = await getTile(`/tiles/sites/${t.z}/${t.x}/${t.y}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('cache-control')).toMatch(/max-age/);
    const f = decode(body, 'sites').find((x) => x.properties.id === site.id);
    expect(f).toBeDefined();
    expect(f!.type).toBe(3);
    expect(f!.properties.name).toBe(site.name);
    expect(Object.keys(f!.properties).sort()).toEqual(
      expect.arrayContaining(['availableAreaHa', 'count', 'id', 'name', 'status']),
    );
    expect(f!.properties).not.toHaveProperty('ownerName');
    expect(f!.properties).not.toHaveProperty('negotiatedPriceEurM2');
  });

  it('serves points (or clusters with a count) at low zoom, and never unpublished sites', async () => {
    const t = tileOf(site.lon, site.lat, 8);
    const feats = decode((await getTile(`/tiles/sites/${t.z}/${t.x}/${t.y}.mvt`)).body, 'sites');
    expect(feats.length).toBeGreaterThan(0);
    expect(feats.every((f) => f.type === 1)).toBe(true);
    const total = feats.reduce((s, f) => s + Number(f.properties.count), 0);
    expect(total).toBeGreaterThanOrEqual(1);
    const h = tileOf(hidden.lon, hidden.lat, 14);
    const hiddenTile = await getTile(`/tiles/sites/${h.z}/${h.x}/${h.y}.mvt`);
    const ids =
      hiddenTile.res.status === 200 ? decode(hiddenTile.body, 'sites').map((f) => f.properties.id) : [];
    expect(ids).not.toContain(hidden.id);
    const all = await getTile('/tiles/sites/0/0/0.mvt');
    const published = await app.db.knex('sites').where('published', true).count({ n: '*' }).first();
    const counted = decode(all.body, 'sites').reduce((s, f) => s + Number(f.properties.count), 0);
    expect(counted).toBe(Number((published as { n: number }).n));
  });

  it('answers 204 for an empty tile, 304 for a matching ETag, 400/404 for bad requests', async () => {
    expect((await getTile('/tiles/sites/10/0/0.mvt')).res.status).toBe(204);
    const t = tileOf(site.lon, site.lat, 14);
    const first = await getTile(`/tiles/sites/${t.z}/${t.x}/${t.y}.mvt`);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await getTile(`/tiles/sites/${t.z}/${t.x}/${t.y}.mvt`, { 'if-none-match': etag });
    expect(again.res.status).toBe(304);
    expect((await getTile('/tiles/sites/3/8/0.mvt')).res.status).toBe(400);
    expect((await getTile('/tiles/sites/99/0/0.mvt')).res.status).toBe(400);
    expect((await getTile('/tiles/sites/a/0/0.mvt')).res.status).toBe(400);
    expect((await getTile('/tiles/castles/1/0/0.mvt')).res.status).toBe(404);
  });

  it('serves infrastructure with kinds, names from z8 and voltages', async () => {
    const t = tileOf(site.lon, site.lat, 9);
    const feats = decode(
      (await getTile(`/tiles/infrastructure/${t.z}/${t.x}/${t.y}.mvt`)).body,
      'infrastructure',
    );
    expect(feats.length).toBeGreaterThan(0);
    expect(
      feats.every((f) => typeof f.properties.kind === 'string' && typeof f.properties.name === 'string'),
    ).toBe(true);
    const low = decode((await getTile('/tiles/infrastructure/5/16/11.mvt')).body, 'infrastructure');
    expect(low.every((f) => f.properties.name === undefined)).toBe(true);
  });

  it('applies allow-listed filters before clustering, and refuses others', async () => {
    const r = await app.db
      .knex('sites')
      .where('published', true)
      .whereRaw("'star_est' = ANY(labels)")
      .where('site_surf_comm_dispo', '>=', 10)
      .count({ n: '*' })
      .first();
    const expected = Number((r as { n: number }).n);
    expect(expected).toBeGreaterThan(0);
    const tile = await getTile('/tiles/sites/0/0/0.mvt?label=star_est&minAreaHa=10');
    const counted = decode(tile.body, 'sites').reduce((s, f) => s + Number(f.properties.count), 0);
    expect(counted).toBe(expected);
    expect((await getTile('/tiles/sites/0/0/0.mvt?ownerName=x')).res.status).toBe(400);
    expect((await getTile('/tiles/sites/0/0/0.mvt?minAreaHa=-3')).res.status).toBe(400);
    expect((await getTile('/tiles/infrastructure/0/0/0.mvt?label=star_est')).res.status).toBe(400);
  });

  it('publishes TileJSON 3.0 with absolute tile URLs', async () => {
    const r = await fetch(`${app.url}/tiles/sites.json`);
    const tj = (await r.json()) as any;
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles[0]).toBe(`${app.url}/tiles/sites/{z}/{x}/{y}.mvt`);
    expect(tj.vector_layers[0].id).toBe('sites');
  });

  it('produces the same features with the SQL (ST_AsMVT) and JS encoders', async () => {
    const js = new JsGeojsonVtEncoder(app.db.knex);
    const encoders = app.db.capabilities.mvt ? [new PostgisMvtEncoder(app.db.knex), js] : [js];
    expect(app.services.tiles.encoder.kind).toBe(app.db.capabilities.mvt ? 'postgis-mvt' : 'js-geojson-vt');
    for (const z of [6, 10, SITE_POLYGON_MINZOOM, 15]) {
      const t = tileOf(site.lon, site.lat, z);
      const decoded = await Promise.all(
        encoders.map(async (e) => decode(await e.encode(TILE_LAYERS.sites, t), 'sites')),
      );
      const summary = (fs: ReturnType<typeof decode>) =>
        fs
          .map((f) => `${f.type}|${f.properties.id ?? ''}|${f.properties.count}|${f.properties.name ?? ''}`)
          .sort();
      expect(decoded[0].length).toBeGreaterThan(0);
      for (const d of decoded.slice(1)) {
        expect(summary(d)).toEqual(summary(decoded[0]));
        // Same geometry to within a few tile units (grid snapping differs slightly).
        const bbox = (fs: ReturnType<typeof decode>) =>
          fs
            .flatMap((f) => f.geometry.flat())
            .reduce(
              (b, p) => [Math.min(b[0], p.x), Math.min(b[1], p.y), Math.max(b[2], p.x), Math.max(b[3], p.y)],
              [Infinity, Infinity, -Infinity, -Infinity],
            );
        const [a, b] = [bbox(decoded[0]), bbox(d)];
        for (let i = 0; i < 4; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(2);
      }
    }
  });
});
