import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const XSS_NAME = 'Zone <script>alert(1)</script> & "Co"';

let app: TestApp;
let staffToken: Client;
let staffSession: Client;
/** Published Limay (78) sites, west to east. */
const limay: string[] = [];
let arles: string;
let hidden: string;
let ports: number;

const ids = (body: { features: Array<{ id: string }> }) => body.features.map((f) => f.id);
const link = (
  body: { links: Array<{ rel: string; type?: string; href: string }> },
  rel: string,
  type?: string,
) => body.links.find((l) => l.rel === rel && (type === undefined || l.type === type));
/** GET with headers fetch() will not send (Host). */
function rawGet(path: string, headers: Record<string, string>): Promise<any> {
  return new Promise((resolve, reject) => {
    http
      .get(`${app.url}${path}`, { headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      })
      .on('error', reject);
  });
}
/** A link's path and query, to request it from the test clients. */
const pathOf = (href: string) => {
  const u = new URL(href);
  return u.pathname + u.search;
};

beforeAll(async () => {
  // A reverse proxy on the same host forwards Host and scheme (the links test).
  app = await startTestApp('empty', { TRUST_PROXY: 'loopback' });
  const admin = await app.tokenClient('admin');
  staffToken = await app.tokenClient('staff', { territories: ['200059889'] });
  staffSession = await app.login('staff', { territories: ['200059889'] });
  const create = async (props: Record<string, unknown>, geometry: unknown) => {
    const r = await admin.send('POST', '/api/sites', siteBody(props, geometry));
    if (r.status !== 201) throw new Error(`site not created: ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  for (let i = 0; i < 5; i++) {
    const name = i === 2 ? XSS_NAME : `Limay lot ${String.fromCharCode(65 + i)}`;
    limay.push(await create({ name }, rect(1.7 + i * 0.01, 48.99)));
  }
  arles = await create(
    { name: 'Arles nord', communeInsee: '13004', communeName: 'Arles', territorySiren: '241300417' },
    rect(4.63, 43.7),
  );
  // The easternmost site is unpublished: it must widen the extent only for logged-in callers.
  hidden = await create({ name: 'Réserve non publiée', published: false }, rect(5.5, 48.99));
  const kinds = ['port', 'port', 'port', 'substation', 'airport'];
  const rows = Array.from({ length: 25 }, (_, i) => ({
    kind: kinds[i % kinds.length],
    name: `Infra ${String(i).padStart(2, '0')}`,
    source: 'ogc-test',
    source_id: String(i),
    voltage_kv: kinds[i % kinds.length] === 'substation' ? 225 : null,
    geom: app.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [1 + i * 0.1, 45 + i * 0.05]),
  }));
  await app.db.knex('infrastructure').insert(rows);
  ports = rows.filter((r) => r.kind === 'port').length;
});
afterAll(async () => {
  await app?.close();
});

describe(`OGC API – Features (${engineName})`, () => {
  it('serves a landing page with absolute links to the API definition, conformance and data', async () => {
    const { status, body, res } = await app.anonymous.get('/ogc');
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('vary')).toMatch(/Accept/);
    expect(body.title).toMatch(/landmatch/);
    expect(body.description).toBeTruthy();
    expect(link(body, 'self')?.href).toBe(`${app.url}/ogc?f=json`);
    expect(link(body, 'alternate')).toMatchObject({ href: `${app.url}/ogc?f=html`, type: 'text/html' });
    expect(link(body, 'service-desc')).toMatchObject({
      href: `${app.url}/api/openapi.json`,
      type: 'application/vnd.oai.openapi+json;version=3.1',
    });
    expect(link(body, 'service-doc')?.href).toBe(`${app.url}/api/docs`);
    expect(link(body, 'conformance')?.href).toBe(`${app.url}/ogc/conformance?f=json`);
    expect(link(body, 'data')?.href).toBe(`${app.url}/ogc/collections?f=json`);
  });

  it('builds links from the Host the caller used, or the one a local reverse proxy forwards', async () => {
    const direct = await rawGet('/ogc/conformance', { host: 'geo.example.org:8443' });
    expect(link(direct, 'self')?.href).toBe('http://geo.example.org:8443/ogc/conformance?f=json');
    const proxied = await rawGet('/ogc/conformance', {
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'geo.example.org',
      'x-forwarded-proto': 'https',
    });
    expect(link(proxied, 'self')?.href).toBe('https://geo.example.org/ogc/conformance?f=json');
  });

  it('declares exactly the conformance classes it implements', async () => {
    const { status, body } = await app.anonymous.get('/ogc/conformance');
    expect(status).toBe(200);
    expect(body.conformsTo.sort()).toEqual(
      ['core', 'geojson', 'html'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`),
    );
  });

  it('lists sites and infrastructure with extents computed from the visible data', async () => {
    const { status, body } = await app.anonymous.get('/ogc/collections');
    expect(status).toBe(200);
    expect(body.collections.map((c: any) => c.id)).toEqual(['sites', 'infrastructure']);
    const sites = body.collections[0];
    expect(sites).toMatchObject({ itemType: 'feature', crs: [CRS84], extent: { spatial: { crs: CRS84 } } });
    expect(sites.title).toBeTruthy();
    expect(sites.description).toBeTruthy();
    expect(sites.extent.temporal.interval).toEqual([[null, null]]);
    const [x0, y0, x1, y1] = sites.extent.spatial.bbox[0];
    // Published sites span 1.70–4.6314 °E and 43.70–48.9909 °N; the hidden one sits at 5.5 °E.
    expect(x0).toBeLessThanOrEqual(1.7);
    expect(x0).toBeGreaterThan(1.69);
    expect(y0).toBeLessThanOrEqual(43.7);
    expect(x1).toBeGreaterThanOrEqual(4.6314);
    expect(x1).toBeLessThan(5);
    expect(y1).toBeGreaterThanOrEqual(48.9909);
    expect(link(sites, 'items', 'application/geo+json')?.href).toBe(
      `${app.url}/ogc/collections/sites/items?f=json`,
    );
    expect(link(sites, 'items', 'text/html')?.href).toBe(`${app.url}/ogc/collections/sites/items?f=html`);
    expect(link(sites, 'self')?.href).toBe(`${app.url}/ogc/collections/sites?f=json`);
    const infra = body.collections[1];
    expect(infra.extent.spatial.bbox[0][0]).toBeCloseTo(1, 5);
    expect(infra.extent.spatial.bbox[0][3]).toBeCloseTo(46.2, 5);

    const asStaff = await staffToken.get('/ogc/collections/sites');
    expect(asStaff.status).toBe(200);
    expect(asStaff.body.id).toBe('sites');
    expect(asStaff.body.extent.spatial.bbox[0][2]).toBeGreaterThanOrEqual(5.5014);
  });

  it('pages sites with limit/offset; next links keep the filters and reach every match once', async () => {
    const first = await app.anonymous.get('/ogc/collections/sites/items?department=78&limit=2');
    expect(first.status).toBe(200);
    expect(first.res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(first.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 5, numberReturned: 2 });
    expect(Date.parse(first.body.timeStamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(link(first.body, 'prev')).toBeUndefined();
    const next = new URL(link(first.body, 'next', 'application/geo+json')!.href);
    expect(next.origin).toBe(app.url);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      department: '78',
      limit: '2',
      offset: '2',
      f: 'json',
    });

    const seen = [...ids(first.body)];
    let page = first.body;
    while (link(page, 'next')) {
      const r = await app.anonymous.get(pathOf(link(page, 'next')!.href));
      expect(r.status).toBe(200);
      expect(r.body.numberMatched).toBe(5);
      expect(link(r.body, 'prev')).toBeDefined();
      seen.push(...ids(r.body));
      page = r.body;
    }
    expect(page.numberReturned).toBe(1);
    expect(new URL(link(page, 'prev')!.href).searchParams.get('offset')).toBe('2');
    expect(new Set(seen).size).toBe(5);
    expect(seen.sort()).toEqual([...limay].sort());
    // Same order and count as the sites API the collection is built on.
    const api = await app.anonymous.get('/api/sites?department=78');
    expect(ids(api.body).sort()).toEqual(seen.sort());
  });

  it('defaults to 10 items, clamps limit above 10,000 and reports an empty page past the end', async () => {
    const all = await app.anonymous.get('/ogc/collections/infrastructure/items');
    expect(all.body).toMatchObject({ numberMatched: 25, numberReturned: 10 });
    const clamped = await app.anonymous.get('/ogc/collections/infrastructure/items?limit=50000');
    expect(clamped.status).toBe(200);
    expect(clamped.body.numberReturned).toBe(25);
    expect(link(clamped.body, 'next')).toBeUndefined();
    const past = await app.anonymous.get('/ogc/collections/infrastructure/items?kind=port&offset=100');
    expect(past.body).toMatchObject({ numberMatched: ports, numberReturned: 0, features: [] });
    expect(link(past.body, 'next')).toBeUndefined();
    expect(new URL(link(past.body, 'prev')!.href).searchParams.get('offset')).toBe('90');
  });

  it('filters infrastructure by kind across pages', async () => {
    const first = await app.anonymous.get('/ogc/collections/infrastructure/items?kind=port&limit=10');
    expect(first.body.numberMatched).toBe(ports);
    const next = await app.anonymous.get(pathOf(link(first.body, 'next')!.href));
    expect(next.body.numberReturned).toBe(ports - 10);
    for (const f of [...first.body.features, ...next.body.features]) expect(f.properties.kind).toBe('port');
    const subs = await app.anonymous.get('/ogc/collections/infrastructure/items?minVoltageKv=200');
    expect(subs.body.numberMatched).toBe(5);
  });

  it('filters by bbox (CRS84 by default or stated)', async () => {
    const box = '1.725,48.985,1.735,48.995';
    const r = await app.anonymous.get(`/ogc/collections/sites/items?bbox=${box}`);
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual([limay[3]]);
    const stated = await app.anonymous.get(
      `/ogc/collections/sites/items?bbox=${box}&bbox-crs=${encodeURIComponent(CRS84)}`,
    );
    expect(ids(stated.body)).toEqual([limay[3]]);
    const south = await app.anonymous.get('/ogc/collections/sites/items?bbox=4,43,5,44');
    expect(ids(south.body)).toEqual([arles]);
  });

  it('returns one feature by id with links, as GeoJSON', async () => {
    const { status, body, res } = await app.anonymous.get(`/ogc/collections/sites/items/${arles}`);
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(body).toMatchObject({ type: 'Feature', id: arles, properties: { name: 'Arles nord' } });
    expect(body.geometry.type).toBe('MultiPolygon');
    expect(link(body, 'self')?.href).toBe(`${app.url}/ogc/collections/sites/items/${arles}?f=json`);
    expect(link(body, 'collection')?.href).toBe(`${app.url}/ogc/collections/sites?f=json`);
    const list = await app.anonymous.get('/ogc/collections/infrastructure/items?limit=1');
    const one = await app.anonymous.get(`/ogc/collections/infrastructure/items/${list.body.features[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body.properties).toEqual(list.body.features[0].properties);
    expect(one.body.geometry).toEqual(list.body.features[0].geometry);
  });

  it.each([
    ['/ogc/collections/roads', 404, /No collection 'roads'.*sites, infrastructure/],
    ['/ogc/collections/roads/items', 404, /No collection 'roads'/],
    ['/ogc/collections/sites/items/00000000-0000-4000-8000-000000000000', 404, /No site/],
    ['/ogc/collections/infrastructure/items/00000000-0000-4000-8000-000000000000', 404, /No infrastructure/],
    ['/ogc/collections/sites/items/42', 400, /UUID/],
    ['/ogc/collections/infrastructure/items/42', 400, /UUID/],
    ['/ogc/collections/sites/items?limit=x', 400, /limit must be an integer/],
    ['/ogc/collections/sites/items?limit=0', 400, /limit must be an integer/],
    ['/ogc/collections/sites/items?offset=-1', 400, /offset/],
    ['/ogc/collections/sites/items?bbox=1,2,3', 400, /bbox/],
    ['/ogc/collections/sites/items?bbox=10,50,2,40', 400, /bbox/],
    ['/ogc/collections/sites/items?bbox=1,2,3,4&bbox-crs=EPSG:2154', 400, /bbox-crs/],
    ['/ogc/collections/sites/items?color=red', 400, /Unknown query parameter color.*minAreaHa/],
    ['/ogc/collections/infrastructure/items?department=78', 400, /Unknown query parameter department/],
    ['/ogc/collections/sites/items?limit=1&limit=2', 400, /once/],
    ['/ogc/collections/sites/items?status=sold', 400, /status/],
    ['/ogc/collections/infrastructure/items?kind=canal', 400, /kind/],
    ['/ogc/collections?limit=5', 400, /Unknown query parameter limit/],
    ['/ogc?f=xml', 400, /f must be json or html/],
    ['/ogc/queryables', 404, /No OGC API resource at \/ogc\/queryables/],
  ])('GET %s → %i OGC exception', async (path, code, description) => {
    const { status, body, res } = await app.anonymous.get(path);
    expect(status).toBe(code);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(body).sort()).toEqual(['code', 'description']);
    expect(body.description).toMatch(description);
  });

  it('answers other methods with 405', async () => {
    const { status, body, res } = await app.anonymous.send('POST', '/ogc/collections', {});
    expect(status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(body.code).toBe('method_not_allowed');
  });

  it('shows anonymous callers published sites and public fields only', async () => {
    const list = await app.anonymous.get('/ogc/collections/sites/items?limit=100&published=false');
    expect(ids(list.body)).not.toContain(hidden);
    expect(list.body.numberMatched).toBe(6);
    for (const f of list.body.features) expect(f.properties).not.toHaveProperty('ownerName');
    expect(list.res.headers.get('cache-control')).toBeNull();
    const item = await app.anonymous.get(`/ogc/collections/sites/items/${hidden}`);
    expect(item.status).toBe(404);
    const pub = await app.anonymous.get(`/ogc/collections/sites/items/${arles}`);
    expect(pub.body.properties).not.toHaveProperty('ownerName');
    expect(pub.body.properties).not.toHaveProperty('negotiatedPriceEurM2');
  });

  it('shows token and session callers unpublished sites and confidential fields', async () => {
    for (const client of [staffToken, staffSession]) {
      const list = await client.get('/ogc/collections/sites/items?limit=100');
      expect(list.body.numberMatched).toBe(7);
      expect(ids(list.body)).toContain(hidden);
      expect(list.res.headers.get('cache-control')).toBe('private, no-store');
      const item = await client.get(`/ogc/collections/sites/items/${hidden}`);
      expect(item.status).toBe(200);
      expect(item.body.properties.ownerName).toBe('Propriétaire confidentiel SA');
    }
    const onlyHidden = await staffToken.get('/ogc/collections/sites/items?published=false');
    expect(ids(onlyHidden.body)).toEqual([hidden]);
  });

  it('refuses an invalid API token rather than answering as anonymous', async () => {
    const r = await app.anonymous.fetch('/ogc/collections', {
      headers: { authorization: 'Bearer lmt_nope' },
    });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: 'unauthenticated' });
  });

  describe('HTML', () => {
    const html = async (path: string, headers: Record<string, string> = { accept: 'text/html' }) => {
      const res = await app.anonymous.fetch(path, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const text = await res.text();
      expect(text).not.toMatch(/<script/i);
      return text;
    };

    it('renders the landing page, conformance and collections for browsers', async () => {
      const landing = await html('/ogc', {
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      });
      expect(landing).toContain(`href="${app.url}/ogc/collections?f=html"`);
      expect(landing).toContain(`href="${app.url}/ogc?f=json"`);
      expect(await html('/ogc/conformance?f=html')).toContain('/conf/geojson');
      const collections = await html('/ogc/collections');
      expect(collections).toContain(`href="${app.url}/ogc/collections/infrastructure/items?f=html"`);
      expect(await html('/ogc/collections/sites')).toContain('Browse the items');
    });

    it('renders items as an escaped table linking each feature, with paging links', async () => {
      const query = '/ogc/collections/sites/items?department=78&limit=3&offset=1';
      const page = await html(query);
      expect(page).toContain('Features 2–4 of 5.');
      const json = await app.anonymous.get(`${query}&f=json`);
      for (const id of ids(json.body)) {
        expect(page).toContain(`href="${app.url}/ogc/collections/sites/items/${id}?f=html"`);
      }
      expect(page).toContain('department=78&amp;limit=3&amp;offset=4&amp;f=html');
      expect(page).toContain('department=78&amp;limit=3&amp;offset=0&amp;f=html');
      const all = await html('/ogc/collections/sites/items?department=78');
      expect(all).toContain('<td>Zone &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;</td>');
      const item = await html(`/ogc/collections/sites/items/${limay[2]}?f=html`, {});
      expect(item).toContain('<h1>Zone &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;</h1>');
      expect(item).toContain('MultiPolygon');
    });

    it('lets f=json override an HTML Accept header', async () => {
      const res = await app.anonymous.fetch('/ogc/collections/sites/items?f=json', {
        headers: { accept: 'text/html' },
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect(((await res.json()) as any).type).toBe('FeatureCollection');
    });
  });
});
