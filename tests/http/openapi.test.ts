/**
 * The OpenAPI document against the real app: structurally valid OpenAPI 3.1, in step with the
 * routes the app registers (both directions), answered by real routes when probed, and true
 * to what the API returns (real responses validated against the documented schemas).
 */
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { buildOpenApiDocument } from '../../api/src/modules/openapi/openapi.document.ts';
import { component } from '../../api/src/modules/openapi/openapi.registry.ts';
import { listAppRoutes, toOpenApiPath } from '../../api/src/shared/route-inventory.ts';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

type Doc = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PATH_ITEM_KEYS = new Set<string>([
  ...METHODS,
  'parameters',
  'summary',
  'description',
  'servers',
  '$ref',
]);

function operations(doc: Doc): Array<{ method: string; path: string; op: Doc }> {
  return Object.entries<Doc>(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
  );
}

function resolvePointer(doc: Doc, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: any = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

function allRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) allRefs(x, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else allRefs(v, out);
    }
  }
  return out;
}

/** What a validator would say about the document's structure (no validator package is installed). */
function structuralProblems(doc: Doc): string[] {
  const problems: string[] = [];
  const say = (m: string) => problems.push(m);
  if (doc.openapi !== '3.1.0') say(`openapi is ${doc.openapi}, expected 3.1.0`);
  if (typeof doc.info?.title !== 'string' || typeof doc.info?.version !== 'string')
    say('info needs title and version');
  if (doc.servers?.[0]?.url !== '/') say('servers[0].url must be the relative "/"');
  const tagNames = (doc.tags ?? []).map((t: Doc) => t.name);
  if (new Set(tagNames).size !== tagNames.length) say('duplicate tag names');
  for (const name of Object.keys(doc.components?.schemas ?? {})) {
    if (!/^[a-zA-Z0-9.\-_]+$/.test(name)) say(`component name ${name} is not allowed`);
  }
  const schemes = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
  const ids = new Map<string, string>();
  for (const [path, item] of Object.entries<Doc>(doc.paths ?? {})) {
    if (!path.startsWith('/') || /[:*]/.test(path)) say(`path ${path} is not an OpenAPI template`);
    for (const key of Object.keys(item)) if (!PATH_ITEM_KEYS.has(key)) say(`${path}: unknown key ${key}`);
    const templated = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId) say(`${where}: no operationId`);
      else if (ids.has(op.operationId))
        say(`${where}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`);
      else ids.set(op.operationId, where);
      for (const t of op.tags ?? []) if (!tagNames.includes(t)) say(`${where}: tag ${t} is not declared`);
      const statuses = Object.keys(op.responses ?? {});
      if (!statuses.some((s) => /^[23]\d\d$/.test(s))) say(`${where}: no success response`);
      for (const [s, r] of Object.entries<Doc>(op.responses ?? {})) {
        if (!/^[1-5](\d\d|XX)$|^default$/.test(s)) say(`${where}: bad status ${s}`);
        if (!r.$ref && typeof r.description !== 'string') say(`${where}: response ${s} has no description`);
      }
      const params: Doc[] = op.parameters ?? [];
      const seen = new Set<string>();
      for (const p of params) {
        const key = `${p.in}:${p.name}`;
        if (seen.has(key)) say(`${where}: parameter ${key} twice`);
        seen.add(key);
        if (!['query', 'header', 'path', 'cookie'].includes(p.in))
          say(`${where}: parameter ${p.name} in ${p.in}`);
        if (!p.schema && !p.content) say(`${where}: parameter ${p.name} has no schema`);
        if (p.in === 'path' && p.required !== true)
          say(`${where}: path parameter ${p.name} must be required`);
        if (!p.description) say(`${where}: parameter ${p.name} has no description`);
      }
      const declared = new Set(params.filter((p) => p.in === 'path').map((p) => p.name));
      for (const t of templated) if (!declared.has(t)) say(`${where}: path parameter {${t}} is not declared`);
      for (const d of declared) if (!templated.has(d)) say(`${where}: parameter ${d} is not in the path`);
      if (op.requestBody && !Object.keys(op.requestBody.content ?? {}).length)
        say(`${where}: empty requestBody`);
      for (const req of op.security ?? []) {
        for (const s of Object.keys(req)) if (!schemes.has(s)) say(`${where}: unknown security scheme ${s}`);
      }
    }
  }
  for (const ref of new Set(allRefs(doc)))
    if (resolvePointer(doc, ref) === undefined) say(`dangling $ref ${ref}`);
  return problems;
}

/** `GET /api/sites/{id}` with the documented examples → `/api/sites/0000…`. */
function exampleUrl(path: string, op: Doc): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = (op.parameters ?? []).find((x: Doc) => x.in === 'path' && x.name === name);
    return encodeURIComponent(String(p?.example ?? 'x'));
  });
}

const isCatchAll404 = (status: number, body: any) =>
  status === 404 &&
  /^No route for|^No OGC API resource/.test(String(body?.error?.message ?? body?.description ?? ''));

describe('Express path → OpenAPI path', () => {
  it('turns parameters into templates, stopping names at dots', () => {
    expect(toOpenApiPath('/api/sites/:id')).toBe('/api/sites/{id}');
    expect(toOpenApiPath('/tiles/:layer.json')).toBe('/tiles/{layer}.json');
    expect(toOpenApiPath('/tiles/:layer/:z/:x/:y.mvt')).toBe('/tiles/{layer}/{z}/{x}/{y}.mvt');
    expect(toOpenApiPath('/api/projects/:id/shortlist.pdf')).toBe('/api/projects/{id}/shortlist.pdf');
    expect(toOpenApiPath('/api/sites.site-eco.csv')).toBe('/api/sites.site-eco.csv');
  });

  it('refuses syntax it cannot translate instead of guessing', () => {
    expect(() => toOpenApiPath('/files{/:name}')).toThrow(/Unsupported/);
    expect(() => toOpenApiPath('/files/*rest')).toThrow(/Unsupported/);
  });

  it('lists nested routers with their mount paths, without the implicit HEAD', () => {
    const app = express();
    const inner = express.Router();
    inner.get('/', (_q, s) => s.end());
    inner.post('/:id/things', (_q, s) => s.end());
    const outer = express.Router();
    outer.use('/inner', inner);
    outer.use(inner); // mounted without a path
    app.use('/outer', (_q, _s, n) => n(), outer);
    app.get(/^\/re.*/, (_q, s) => s.end());
    const routes = listAppRoutes(app).map((r) => `${r.method} ${r.path}${r.regexp ? ' (regexp)' : ''}`);
    expect(routes.sort()).toEqual(
      [
        'GET /outer/inner',
        'POST /outer/inner/:id/things',
        'GET /outer',
        'POST /outer/:id/things',
        'GET /^\\/re.*/ (regexp)',
      ].sort(),
    );
  });
});

describe('zod → OpenAPI components', () => {
  it('names a schema twice when what clients send differs from what they get back', () => {
    const thing = component('OaTestThing', z.object({ size: z.number().default(1) }));
    const outer = component('OaTestOuter', z.object({ thing }));
    const same = component('OaTestSame', z.strictObject({ name: z.string() }));
    const both = z.object({ outer, same });
    const doc = buildOpenApiDocument(
      [
        {
          method: 'post',
          path: '/t/{id}',
          operationId: 'postT',
          tag: 't',
          summary: 'test',
          auth: 'none',
          pathParams: { id: { schema: z.uuid(), description: 'id', example: 'x' } },
          body: { content: { 'application/json': both } },
          responses: { 200: { description: 'ok', content: { 'application/json': both } } },
          errors: [400],
        },
      ],
      [{ name: 't', description: 'test' }],
    );
    const schemas = doc.components.schemas;
    // The default makes `size` optional in requests and always present in responses.
    expect(schemas.OaTestThing.required).toEqual(['size']);
    expect(schemas.OaTestThingInput.required).toBeUndefined();
    // OaTestOuter is the same text in both shapes, but refers to a schema that is not.
    expect(schemas.OaTestOuterInput.properties.thing.$ref).toBe('#/components/schemas/OaTestThingInput');
    expect(schemas.OaTestOuter.properties.thing.$ref).toBe('#/components/schemas/OaTestThing');
    expect(schemas.OaTestSameInput).toBeUndefined();
    const op = doc.paths['/t/{id}'].post;
    expect(op.requestBody.content['application/json'].schema.properties.same.$ref).toBe(
      '#/components/schemas/OaTestSame',
    );
    expect(op.parameters[0].schema).toEqual({ type: 'string', format: 'uuid' });
    expect(op.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    expect(structuralProblems(doc)).toEqual([]);
  });
});

describe(`OpenAPI document (${engineName})`, () => {
  let app: TestApp;
  let doc: Doc;
  let registered: string[];
  let admin: Client;
  let staff: Client;

  beforeAll(async () => {
    app = await startTestApp('empty');
    // A second instance of the real app over the same services, only to read its routes.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const inventoryApp = createApp({ config, db: app.db, logger: pino({ level: 'silent' }) }, app.services);
    registered = listAppRoutes(inventoryApp)
      .filter((r) => !r.regexp) // the map UI's client-side-route fallback
      .map((r) => `${r.method} ${toOpenApiPath(r.path)}`);
    const res = await app.anonymous.get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
    admin = await app.login('admin', { email: 'openapi-admin@test.example' });
    staff = await app.login('staff', { territories: ['200059889'] });
  });
  afterAll(async () => {
    await app?.close();
  });

  const documented = () => operations(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`);

  it('is a structurally valid OpenAPI 3.1 document', () => {
    expect(structuralProblems(doc)).toEqual([]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'bearerToken',
      'csrfToken',
      'sessionCookie',
    ]);
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ in: 'cookie', name: 'lm_session' });
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
  });

  it('catches broken documents (the structural check can fail)', () => {
    const broken = structuredClone(doc);
    broken.paths['/api/sites/{id}'].get.operationId = 'listSites';
    broken.paths['/api/sites/{id}'].get.parameters = [];
    broken.paths['/api/sites'].get.responses['200'].content['application/json'].schema.$ref =
      '#/components/schemas/Nope';
    broken.paths['/api/x/:id'] = {};
    expect(structuralProblems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/operationId listSites also on/),
        expect.stringMatching(/\{id\} is not declared/),
        'dangling $ref #/components/schemas/Nope',
        expect.stringMatching(/\/api\/x\/:id is not an OpenAPI template/),
      ]),
    );
  });

  it('takes request schemas from the modules’ zod schemas', () => {
    const create = doc.components.schemas.SiteCreate;
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.properties.required).toEqual(['name', 'communeInsee']);
    const sites = doc.paths['/api/sites'].get.parameters;
    const limit = sites.find((p: Doc) => p.name === 'limit');
    expect(limit).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', default: 100, maximum: 10000 },
    });
    expect(doc.paths['/api/match'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/MatchRequest',
    );
    expect(doc.components.schemas.MatchRequest.properties.needs.$ref).toBe('#/components/schemas/Needs');
    // Input shape: defaults make fields optional for the client.
    expect(doc.components.schemas.Needs.required).toEqual(['surfaceHa']);
  });

  it('documents every route the app registers', () => {
    // Not vacuous: the inventory sees routers mounted at every level.
    expect(registered).toEqual(
      expect.arrayContaining([
        'GET /api/sites/{id}',
        'GET /tiles/{layer}/{z}/{x}/{y}.mvt',
        'POST /api/import/{format}',
      ]),
    );
    const missing = registered.filter((r) => !documented().includes(r));
    expect(missing, 'routes missing from openapi.operations.ts').toEqual([]);
  });

  it('has a route in the app for every documented operation', () => {
    const docs = documented();
    const unregistered = docs.filter((d) => !registered.includes(d));
    expect(unregistered, 'documented operations the app does not register').toEqual([]);
  });

  it('answers every documented operation from a real route when probed', async () => {
    const unrouted: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const url = exampleUrl(path, op);
      const res = await app.anonymous.fetch(url, {
        method: method.toUpperCase(),
        redirect: 'manual',
        ...(op.requestBody?.content?.['application/json'] ? { json: {} } : {}),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      if (isCatchAll404(res.status, body)) unrouted.push(`${method.toUpperCase()} ${path} (${url})`);
      expect(res.status, `${method.toUpperCase()} ${url}`).toBeLessThan(500);
    }
    expect(unrouted, 'documented operations answered by the catch-all 404').toEqual([]);
  });

  it('is built once: the same ETag every time, 304 on If-None-Match', async () => {
    const a = await app.anonymous.fetch('/api/openapi.json');
    const b = await app.anonymous.fetch('/api/openapi.json');
    const etag = a.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(b.headers.get('etag')).toBe(etag);
    expect(a.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(a.headers.get('content-type')).toMatch(/^application\/json/);
    const c = await app.anonymous.fetch('/api/openapi.json', { headers: { 'if-none-match': etag! } });
    expect(c.status).toBe(304);
    expect(await c.text()).toBe('');
  });

  it('renders /api/docs as one self-contained page with every operation and no script', async () => {
    const res = await app.anonymous.fetch('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
    for (const { method, path, op } of operations(doc)) {
      expect(html, op.operationId).toContain(`id="op-${op.operationId}"`);
      expect(html).toContain(`<code class="p">${path.replace(/&/g, '&amp;')}</code>`);
      expect(html).toContain(`>${method.toUpperCase()}</span>`);
    }
    for (const name of Object.keys(doc.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    expect(html).toContain('<a href="#schema-MatchRequest">');
    const tagOrder = [...html.matchAll(/<h2 id="tag-(\w+)">/g)].map((m) => m[1]);
    expect(tagOrder.slice(0, 3)).toEqual(['health', 'app', 'openapi']);
  });

  describe('real responses match the documented schemas', () => {
    const validators = new Map<string, z.ZodType>();

    /** The zod validator of one documented response body (components become $defs). */
    function documentedSchema(method: string, path: string, status: number, media: string): z.ZodType {
      const key = `${method} ${path} ${status} ${media}`;
      let v = validators.get(key);
      if (!v) {
        const op = doc.paths[path]?.[method];
        expect(op, `${method} ${path} is documented`).toBeDefined();
        let response = op.responses[String(status)];
        expect(response, `${method} ${path} documents ${status}`).toBeDefined();
        if (response.$ref) response = resolvePointer(doc, response.$ref);
        const schema = response.content?.[media]?.schema;
        expect(schema, `${method} ${path} ${status} documents ${media}`).toBeDefined();
        const defs = JSON.parse(
          JSON.stringify({ root: schema, defs: doc.components.schemas }).replaceAll(
            '#/components/schemas/',
            '#/$defs/',
          ),
        );
        v = z.fromJSONSchema({ ...defs.root, $defs: defs.defs });
        validators.set(key, v);
      }
      return v;
    }

    async function conforms(
      c: Client,
      method: string,
      url: string,
      path: string,
      status: number,
      json?: unknown,
      media = 'application/json',
    ) {
      const r = await c.send(method.toUpperCase(), url, json);
      expect(r.status, `${method} ${url}: ${JSON.stringify(r.body)?.slice(0, 300)}`).toBe(status);
      expect(r.res.headers.get('content-type')).toMatch(new RegExp(`^${media.replace('+', '\\+')}`));
      const result = documentedSchema(method, path, status, media).safeParse(r.body);
      expect(
        result.success,
        `${method} ${url} → ${status}: ${JSON.stringify(result.error?.issues.slice(0, 3))}`,
      ).toBe(true);
      return r.body;
    }

    it('for health, config, the catalogue endpoints and the session', async () => {
      await conforms(app.anonymous, 'get', '/api/health', '/api/health', 200);
      await conforms(app.anonymous, 'get', '/api/config', '/api/config', 200);
      await conforms(app.anonymous, 'get', '/api/match/criteria', '/api/match/criteria', 200);
      await conforms(app.anonymous, 'get', '/api/match/templates', '/api/match/templates', 200);
      await conforms(app.anonymous, 'get', '/api/infrastructure', '/api/infrastructure', 200);
      await conforms(app.anonymous, 'get', '/tiles/sites.json', '/tiles/{layer}.json', 200);
      const login = { email: 'openapi-admin@test.example', password: TEST_PASSWORD };
      await conforms(app.anonymous, 'post', '/api/auth/login', '/api/auth/login', 200, login);
      await conforms(admin, 'get', '/api/auth/me', '/api/auth/me', 200);
    });

    it('for sites: create, list, read, change, match', async () => {
      // A candidate (urban zoning known) and a near-miss (zoning unknown fails the zoning knock-out).
      const created = await conforms(
        admin,
        'post',
        '/api/sites',
        '/api/sites',
        201,
        siteBody({ pluZone: 'U' }),
      );
      await conforms(
        admin,
        'post',
        '/api/sites',
        '/api/sites',
        201,
        siteBody({ name: 'Parcelle B' }, rect(1.75, 48.99)),
      );
      await conforms(app.anonymous, 'get', '/api/sites?limit=5', '/api/sites', 200);
      await conforms(admin, 'get', '/api/sites', '/api/sites', 200);
      const detail = await conforms(admin, 'get', `/api/sites/${created.id}`, '/api/sites/{id}', 200);
      expect(Array.isArray(detail.properties.access)).toBe(true);
      await conforms(admin, 'patch', `/api/sites/${created.id}`, '/api/sites/{id}', 200, {
        properties: { priceEurM2: 35 },
      });
      const match = await conforms(app.anonymous, 'post', '/api/match?lang=en', '/api/match', 200, {
        needs: { surfaceHa: { min: 0.5 } },
      });
      expect(match.results.length).toBeGreaterThan(0);
      expect(match.nearMisses.length).toBeGreaterThan(0);
    });

    it('for projects, shortlists, comparison and the observatory', async () => {
      const sites = (await admin.get('/api/sites')).body.features.map((f: Doc) => f.id);
      const project = await conforms(staff, 'post', '/api/projects', '/api/projects', 201, {
        name: 'Projet OpenAPI',
        sector: 'battery_cells',
        needs: { surfaceHa: { min: 0.5 } },
      });
      await conforms(staff, 'get', '/api/projects', '/api/projects', 200);
      await conforms(staff, 'get', `/api/projects/${project.id}`, '/api/projects/{id}', 200);
      await conforms(
        staff,
        'put',
        `/api/projects/${project.id}/shortlist`,
        '/api/projects/{id}/shortlist',
        200,
        {
          items: sites.map((siteId: string) => ({ siteId })),
        },
      );
      await conforms(staff, 'get', `/api/projects/${project.id}/compare`, '/api/projects/{id}/compare', 200);
      await conforms(staff, 'get', '/api/observatory', '/api/observatory', 200);
    });

    it('for versions, deletes, restores, history and shortlist items (issue 12)', async () => {
      const site = await conforms(
        admin,
        'post',
        '/api/sites',
        '/api/sites',
        201,
        siteBody({ name: 'Historique' }, rect(1.76, 48.99)),
      );
      await conforms(admin, 'patch', `/api/sites/${site.id}`, '/api/sites/{id}', 200, {
        properties: { priceEurM2: 12 },
      });
      const stale = await admin.fetch(`/api/sites/${site.id}`, {
        method: 'PATCH',
        json: { properties: {} },
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
      expect(
        documentedSchema('patch', '/api/sites/{id}', 412, 'application/json').safeParse(await stale.json())
          .success,
      ).toBe(true);
      const project = await conforms(staff, 'post', '/api/projects', '/api/projects', 201, {
        name: 'Items',
        sector: 'other',
      });
      const items = `/api/projects/${project.id}/shortlist/items`;
      await conforms(staff, 'post', items, '/api/projects/{id}/shortlist/items', 201, { siteId: site.id });
      const item = '/api/projects/{id}/shortlist/items/{siteId}';
      await conforms(staff, 'patch', `${items}/${site.id}`, item, 200, { note: 'n' });
      await conforms(staff, 'post', items, '/api/projects/{id}/shortlist/items', 409, { siteId: site.id });
      await conforms(staff, 'delete', `${items}/${site.id}`, item, 200);
      expect((await admin.send('DELETE', `/api/sites/${site.id}`)).status).toBe(204);
      await conforms(staff, 'get', `/api/sites/${site.id}`, '/api/sites/{id}', 410);
      await conforms(staff, 'get', '/api/sites/deleted', '/api/sites/deleted', 200);
      await conforms(admin, 'post', `/api/sites/${site.id}/restore`, '/api/sites/{id}/restore', 200);
      await conforms(staff, 'get', `/api/sites/${site.id}/history`, '/api/sites/{id}/history', 200);
      expect((await staff.send('DELETE', `/api/projects/${project.id}`)).status).toBe(204);
      await conforms(staff, 'post', `/api/projects/${project.id}/restore`, '/api/projects/{id}/restore', 200);
    });

    it('for the OGC API and the site downloads', async () => {
      await conforms(app.anonymous, 'get', '/ogc?f=json', '/ogc', 200);
      await conforms(app.anonymous, 'get', '/ogc/conformance', '/ogc/conformance', 200);
      await conforms(app.anonymous, 'get', '/ogc/collections', '/ogc/collections', 200);
      await conforms(app.anonymous, 'get', '/ogc/collections/sites', '/ogc/collections/{collectionId}', 200);
      const items = await conforms(
        app.anonymous,
        'get',
        '/ogc/collections/sites/items?limit=1',
        '/ogc/collections/{collectionId}/items',
        200,
        undefined,
        'application/geo+json',
      );
      expect(items.features.length).toBe(1);
      await conforms(
        app.anonymous,
        'get',
        `/ogc/collections/sites/items/${items.features[0].id}`,
        '/ogc/collections/{collectionId}/items/{featureId}',
        200,
        undefined,
        'application/geo+json',
      );
      await conforms(app.anonymous, 'get', '/ogc/collections/nope', '/ogc/collections/{collectionId}', 404);
      const geojson = await conforms(
        app.anonymous,
        'get',
        '/api/sites.geojson',
        '/api/sites.geojson',
        200,
        undefined,
        'application/geo+json',
      );
      expect(geojson.features.length).toBeGreaterThan(0);
    });

    it('for errors and import reports', async () => {
      // The validators do refuse what the document does not allow.
      const health = documentedSchema('get', '/api/health', 200, 'application/json');
      expect(health.safeParse({ status: 'ok' }).success).toBe(false);
      expect(health.safeParse({ status: 'fine', database: 'embedded', postgis: null }).success).toBe(false);

      await conforms(app.anonymous, 'get', '/api/sites/not-a-uuid', '/api/sites/{id}', 400);
      await conforms(
        app.anonymous,
        'get',
        '/api/sites/00000000-0000-4000-8000-000000000000',
        '/api/sites/{id}',
        404,
      );
      await conforms(app.anonymous, 'get', '/api/projects', '/api/projects', 401);
      await conforms(staff, 'post', '/api/sites', '/api/sites', 403, siteBody());
      const res = await admin.fetch('/api/import/sites-csv?dryRun=true', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'not,a,site\r\n1,2,3\r\n',
      });
      expect(res.status).toBe(422);
      const report = await res.json();
      expect(
        documentedSchema('post', '/api/import/{format}', 422, 'application/json').safeParse(report).success,
      ).toBe(true);
    });
  });
});
