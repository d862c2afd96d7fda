/**
 * Lists count their matches up to a cap (sites.schemas.ts LIST_COUNT_CAP, 10,000) unless asked
 * for the exact count: past it, the count says "more than" (`numberMatchedCapped`) and the box
 * of every match is left out, since both would cost a scan of every match. Checked on the demo
 * data with a cap of 5; OGC items always count exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteListQuerySchema } from '../../api/src/modules/sites/sites.schemas.ts';
import { PgSitesStore } from '../../api/src/modules/sites/sites.store.pg.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const PUBLIC = { unpublished: false, confidential: false };
let app: TestApp;
let anon: Client;
let store: PgSitesStore;
let published: number;

const list = (q: Record<string, string>) => store.list(siteListQuerySchema.parse(q), PUBLIC);

beforeAll(async () => {
  app = await startTestApp('demo');
  anon = app.anonymous;
  store = new PgSitesStore(app.db.knex, 5);
  const r = await app.db.knex.raw('SELECT count(*)::int AS n FROM sites WHERE published');
  published = r.rows[0].n;
});
afterAll(async () => {
  await app?.close();
});

describe(`capped list counts (${engineName})`, () => {
  it('stops counting past the cap, says so and leaves the box out', async () => {
    expect(published).toBeGreaterThan(5);
    const page = await list({ limit: '2', withBbox: 'true' });
    expect(page.features).toHaveLength(2);
    expect(page.numberMatched).toBe(5);
    expect(page.numberMatchedCapped).toBe(true);
    expect(page.bbox).toBeUndefined();
  });

  it('counts exactly, with the box, under the cap or when asked', async () => {
    const exact = await list({ limit: '2', withBbox: 'true', exactCount: 'true' });
    expect(exact.numberMatched).toBe(published);
    expect(exact.numberMatchedCapped).toBeUndefined();
    expect(exact.bbox).toHaveLength(4);
    const few = await list({ limit: '50', withBbox: 'true', q: 'reposoirs' });
    expect(few.numberMatched).toBe(few.features.length);
    expect(few.numberMatchedCapped).toBeUndefined();
    expect(few.bbox).toHaveLength(4);
  });

  it('the API answers with the exact count under the real cap, and OGC items count exactly', async () => {
    const r = await anon.get('/api/sites?limit=1');
    expect(r.status).toBe(200);
    expect(r.body.numberMatched).toBe(published);
    expect('numberMatchedCapped' in r.body).toBe(false);
    const bad = await anon.get('/api/sites?exactCount=yes');
    expect(bad.status).toBe(400);
    const ogc = await anon.get('/ogc/collections/sites/items?limit=1&f=json');
    expect(ogc.status).toBe(200);
    expect(ogc.body.numberMatched).toBe(published);
  });
});
