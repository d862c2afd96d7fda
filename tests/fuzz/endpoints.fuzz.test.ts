/**
 * Table-driven fuzzing of every endpoint in support/endpoints.ts: hostile path parameters,
 * query strings and (mutated) bodies, sent as the row's caller. Every case must end (no runaway
 * or hang, judged by the database work it causes: support/harness.ts) with a status below 500, a 4xx must carry a JSON error with a message, and a refused
 * request must leave the database as it was (no row version committed).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { engineName } from '../helpers/test-db.ts';
import {
  deepJson,
  hostileBody,
  hostileParam,
  hostileQuery,
  hostileUpload,
  toJsonText,
} from './support/arbitraries.ts';
import { ENDPOINTS, type Endpoint, endpointName, fillPath } from './support/endpoints.ts';
import { type FuzzApp, startFuzzApp } from './support/fuzz-app.ts';
import {
  dbChecksum,
  expectClientOutcome,
  FUZZ_SEED,
  isNoRoute,
  meterWork,
  type RawRequest,
  runs,
  send,
} from './support/harness.ts';

let f: FuzzApp;
/** Statuses seen per endpoint, printed with FUZZ_STATS=1 to check the generators reach past the first check. */
const stats = new Map<string, Record<number, number>>();
/** The most SQL statements one request of the endpoint caused (FUZZ_STATS=1), against MAX_STATEMENTS. */
const mostStatements = new Map<string, number>();

beforeAll(async () => {
  f = await startFuzzApp();
});
afterAll(async () => {
  if (process.env.FUZZ_STATS)
    for (const [name, s] of stats)
      console.log(name, JSON.stringify(s), `statements ≤ ${mostStatements.get(name)}`);
  await f?.close();
});

interface Case {
  params: Record<string, string>;
  query: string;
  body?: { contentType: string; text: string | Buffer };
}

function caseArbitrary(ep: Endpoint): fc.Arbitrary<Case> {
  const tokens = [...ep.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]);
  const params = fc.record(
    Object.fromEntries(
      tokens.map((t) => [
        t,
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...(ep.params?.[t]?.(f.fx) ?? ['x'])) },
          { weight: 1, arbitrary: hostileParam },
        ),
      ]),
    ) as Record<string, fc.Arbitrary<string>>,
  );
  const query = ep.query ? hostileQuery(ep.query) : hostileQuery({ keys: [] });
  let body: fc.Arbitrary<Case['body']> = fc.constant(undefined);
  if (ep.bodies) {
    body = hostileBody(ep.bodies(f.fx), { geometry: ep.geometry }).map((b) => ({
      contentType: 'application/json',
      text: toJsonText(b),
    }));
  } else if (ep.uploads) {
    body = hostileUpload(ep.uploads).map((u) => ({ contentType: u.contentType, text: u.body }));
  }
  return fc.record({ params, query, body });
}

function request(ep: Endpoint, c: Case): RawRequest {
  const headers: Record<string, string> = { ...f.callers[ep.auth].headers };
  if (c.body) headers['content-type'] = c.body.contentType;
  return { method: ep.method, path: fillPath(ep.path, c.params) + c.query, headers, body: c.body?.text };
}

/** A benign request to see whether a pending router has landed. */
async function routeExists(ep: Endpoint): Promise<boolean> {
  const params = Object.fromEntries(
    [...ep.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => [m[1], ep.params?.[m[1]]?.(f.fx)[0] ?? 'x']),
  );
  const res = await send(f.url, {
    method: ep.method,
    path: fillPath(ep.path, params),
    headers: f.callers[ep.auth].headers,
  });
  return !isNoRoute(res);
}

describe(`fuzzing every endpoint (${engineName})`, () => {
  for (const ep of ENDPOINTS) {
    it(`${endpointName(ep)}: hostile input gets a 4xx JSON error, never a 5xx or a hang, and changes nothing`, async (ctx) => {
      if (ep.pending && !(await routeExists(ep))) ctx.skip();
      let before = await dbChecksum(f.app.db.knex);
      await fc.assert(
        fc.asyncProperty(caseArbitrary(ep), async (c) => {
          const req = request(ep, c);
          const res = await send(f.url, req);
          const seen = stats.get(endpointName(ep)) ?? {};
          seen[res.status] = (seen[res.status] ?? 0) + 1;
          stats.set(endpointName(ep), seen);
          mostStatements.set(
            endpointName(ep),
            Math.max(mostStatements.get(endpointName(ep)) ?? 0, res.statements),
          );
          expectClientOutcome(req, res, { format: ep.format, altError: ep.altError });
          const after = await dbChecksum(f.app.db.knex);
          if (res.status >= 400)
            expect(after, `refused but changed the database: ${req.method} ${req.path}`).toEqual(before);
          before = after;
        }),
        { seed: FUZZ_SEED, numRuns: runs(ep.runs ?? 25) },
      );
    });
  }
});

describe(`the work bound of every request (${engineName})`, () => {
  /** A server on the fuzz app's database that runs `work` per request and never answers. */
  async function silentServer(work: () => Promise<void>) {
    const server = http.createServer(() => void work());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    meterWork(url, f.app.db.knex, { maxStatements: 20, idleChecksForHang: 4 });
    const close = () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    };
    return { url, close };
  }

  it('aborts a request that keeps the database busy without answering (runaway)', async () => {
    let stop = false;
    const s = await silentServer(async () => {
      // Each round trip yields to the event loop, as a server's I/O does: the embedded engine
      // answers in-process (microtasks only), and a loop of those would starve every timer,
      // the harness's watch included.
      while (!stop) {
        await f.app.db.knex.raw('select 1');
        await new Promise((r) => setImmediate(r));
      }
    });
    await expect(send(s.url, { method: 'GET', path: '/' })).rejects.toThrow(/runaway: \d+ SQL statements/);
    stop = true;
    await s.close();
  });

  it('aborts a request left unanswered while the database is idle (hang)', async () => {
    const s = await silentServer(async () => {});
    await expect(send(s.url, { method: 'GET', path: '/' })).rejects.toThrow(/hang: no answer/);
    await s.close();
  });
});

describe(`the database oracle (${engineName})`, () => {
  it('sees every committed insert, update and delete, and no rolled-back one', async () => {
    const k = f.app.db.knex;
    const start = await dbChecksum(k);
    await k
      .transaction(async (trx) => {
        await trx('audit_log').insert({ action: 'probe', entity: 'probe', entity_id: 'x' });
        await trx('sites').update({ site_nom: 'rolled back' }).where('id', f.fx.siteId);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await dbChecksum(k)).toEqual(start);
    const name = (await k('sites').where('id', f.fx.siteId).first('site_nom')).site_nom;
    await k('sites').update({ site_nom: name }).where('id', f.fx.siteId);
    const updated = await dbChecksum(k);
    expect(updated.sites).not.toBe(start.sites);
    const [row] = await k('audit_log')
      .insert({ action: 'probe', entity: 'probe', entity_id: 'x' })
      .returning('id');
    const inserted = await dbChecksum(k);
    expect(inserted.audit_log).not.toBe(updated.audit_log);
    await k('audit_log').delete().where('id', row.id);
    expect((await dbChecksum(k)).audit_log).not.toBe(inserted.audit_log);
  });
});

describe(`concurrency (${engineName})`, () => {
  it('hostile requests in flight together all get an answer (no pool deadlock, no runaway)', async () => {
    const live: Endpoint[] = [];
    for (const ep of ENDPOINTS) if (!ep.pending || (await routeExists(ep))) live.push(ep);
    const one = fc.constantFrom(...live).chain((ep) => caseArbitrary(ep).map((c) => ({ ep, c })));
    await fc.assert(
      fc.asyncProperty(fc.array(one, { minLength: 8, maxLength: 8 }), async (batch) => {
        const answers = await Promise.all(
          batch.map(({ ep, c }) => send(f.url, request(ep, c)).then((res) => ({ ep, c, res }))),
        );
        for (const { ep, c, res } of answers)
          expectClientOutcome(request(ep, c), res, { format: ep.format, altError: ep.altError });
      }),
      { seed: FUZZ_SEED, numRuns: runs(10) },
    );
  });
});

/** Sends JSON (or a raw body) as a caller of the fuzz app. */
async function call(
  method: string,
  path: string,
  who: keyof FuzzApp['callers'],
  body?: string,
  contentType = 'application/json',
) {
  const headers: Record<string, string> = { ...f.callers[who].headers };
  if (body !== undefined) headers['content-type'] = contentType;
  const req = { method, path, headers, body };
  return { req, res: await send(f.url, req) };
}

/** A refused request: the status, the error contract, the field named, and nothing written. */
async function expectRefused(
  method: string,
  path: string,
  who: keyof FuzzApp['callers'],
  body: string | undefined,
  status: number,
  field: RegExp,
  contentType?: string,
) {
  const before = await dbChecksum(f.app.db.knex);
  const { req, res } = await call(method, path, who, body, contentType);
  expectClientOutcome(req, res, { altError: ENDPOINTS.find((e) => e.uploads)!.altError });
  expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.text).toMatch(field);
  expect(await dbChecksum(f.app.db.knex)).toEqual(before);
}

describe(`regressions found by this suite (${engineName})`, () => {
  const site = (props: Record<string, unknown>, geometry: unknown = rect(1.79, 48.99)) =>
    JSON.stringify(siteBody(props, geometry));

  it('NUL in any text field is a 400 naming the field (PostgreSQL refuses it: was a 500)', async () => {
    await expectRefused(
      'POST',
      '/api/projects',
      'admin',
      JSON.stringify({ name: 'a\u0000b', sector: 'other' }),
      400,
      /"field":"name".*NUL/,
    );
    await expectRefused('POST', '/api/sites', 'admin', site({ name: 'x\u0000y' }), 400, /properties\.name/);
    await expectRefused('GET', '/api/sites?q=%00', 'anonymous', undefined, 400, /"field":"q"/);
    await expectRefused('GET', '/api/projects?q=a%00', 'admin', undefined, 400, /"field":"q"/);
    await expectRefused(
      'PATCH',
      `/api/sites/${f.fx.siteId}`,
      'admin',
      JSON.stringify({ properties: { readiness: [{ item: 'urbanism', status: 'done', note: 'a\u0000' }] } }),
      400,
      /properties\.readiness\.0\.note/,
    );
    const item = { siteId: f.fx.siteId, failed: [{ key: 'powerMw', actual: 'a\u0000' }] };
    await expectRefused(
      'PUT',
      `/api/projects/${f.fx.projectId}/shortlist`,
      'admin',
      JSON.stringify({ items: [item] }),
      400,
      /items\.0\.failed\.0\.actual/,
    );
  });

  it('a lone UTF-16 surrogate is a 400, not silently stored as U+FFFD', async () => {
    await expectRefused(
      'POST',
      '/api/sites',
      'admin',
      site({ description: '\ud800' }),
      400,
      /properties\.description.*surrogate/,
    );
    await expectRefused(
      'POST',
      '/api/projects',
      'admin',
      '{"name":"P","sector":"other","notes":"\\udfff"}',
      400,
      /"field":"notes"/,
    );
  });

  it('10,000 levels of nesting inside a free-form value is a 400 (JSON.stringify and jsonb overflowed: was a 500)', async () => {
    const criteria = `[{"key":"k","weight":1,"score":0.5,"value":${deepJson(10_000)}}]`;
    const body = `{"items":[{"siteId":"${f.fx.siteId}","criteria":${criteria}}]}`;
    await expectRefused(
      'PUT',
      `/api/projects/${f.fx.projectId}/shortlist`,
      'admin',
      body,
      400,
      /nested deeper/,
    );
    await expectRefused(
      'PUT',
      `/api/projects/${f.fx.projectId}/shortlist`,
      'admin',
      body.replace(deepJson(10_000), deepJson(10_000, 'object')),
      400,
      /nested deeper/,
    );
  });

  it('an empty ring or polygon in a MultiPolygon is a 400 (the ring refinement read r[0][0] of undefined: was a 500)', async () => {
    const ring = [
      [1.7, 48.9],
      [1.7, 48.9],
      [1.7, 48.9],
      [1.7, 48.9],
    ];
    await expectRefused(
      'POST',
      '/api/sites',
      'admin',
      site({}, { type: 'MultiPolygon', coordinates: [[ring], [], [[]]] }),
      400,
      /geometry\.coordinates/,
    );
    await expectRefused(
      'POST',
      '/api/sites',
      'admin',
      site({}, { type: 'Polygon', coordinates: [[]] }),
      400,
      /geometry\.coordinates\.0/,
    );
  });

  it('year 0000 is a 400 (zod accepted it, PostgreSQL has no year 0: was a 500)', async () => {
    await expectRefused(
      'POST',
      '/api/sites',
      'admin',
      site({ availableFrom: '0000-01-01' }),
      400,
      /properties\.availableFrom/,
    );
    await expectRefused(
      'PATCH',
      `/api/sites/${f.fx.siteId}`,
      'admin',
      JSON.stringify({ properties: { powerStatementDate: '0000-12-31' } }),
      400,
      /powerStatementDate/,
    );
  });

  it('null for a field with a default restores the default (NOT NULL violation: was a 500)', async () => {
    const cleared = {
      published: null,
      labels: null,
      status: null,
      readiness: null,
      source: null,
      dataQuality: null,
      illustrativeFields: null,
    };
    const { res } = await call('POST', '/api/sites', 'admin', site(cleared, rect(1.795, 48.99)));
    expect(res.status, res.text.slice(0, 300)).toBe(201);
    const created = res.json as { id: string; properties: Record<string, unknown> };
    expect(created.properties).toMatchObject({
      published: false,
      labels: [],
      status: 'available',
      source: 'manual',
      dataQuality: 'illustrative',
    });
    const patched = await call(
      'PATCH',
      `/api/sites/${created.id}`,
      'admin',
      JSON.stringify({ properties: { ...cleared, labels: ['star_est'] } }),
    );
    expect(patched.res.status).toBe(200);
    const again = await call(
      'PATCH',
      `/api/sites/${created.id}`,
      'admin',
      JSON.stringify({ properties: { labels: null } }),
    );
    expect((again.res.json as { properties: { labels: string[] } }).properties.labels).toEqual([]);
    await call('DELETE', `/api/sites/${created.id}`, 'admin');
  });

  it('q finds a site by its own name whatever its letters (JS and SQL lower-cased "İ" differently: a miss)', async () => {
    for (const name of ['İzmir Park', 'ΣΙΣΥΦΟΣ', 'Москва-Сити', "L'Haÿ-les-Roses", '100%_\\ sûr']) {
      const { res } = await call('POST', '/api/sites', 'admin', site({ name }, rect(1.797, 48.99)));
      const id = (res.json as { id: string }).id;
      const found = await call('GET', `/api/sites?limit=10000&q=${encodeURIComponent(name)}`, 'anonymous');
      expect(
        (found.res.json as { features: Array<{ id: string }> }).features.map((x) => x.id),
        name,
      ).toContain(id);
      await call('DELETE', `/api/sites/${id}`, 'admin');
    }
  });

  it('an imported row with a NUL or a lone surrogate is refused with its line (422), not a database error', async () => {
    const poly = 'POLYGON((1.79 48.99,1.7914 48.99,1.7914 48.9909,1.79 48.9909,1.79 48.99))';
    const csv = `name,communeInsee,source,sourceId,wkt\nA\u0000B,78335,fuzz,n1,"${poly}"\n`;
    await expectRefused('POST', '/api/import/sites-csv', 'token', csv, 422, /"line":2.*NUL/, 'text/csv');
    const feature = (props: Record<string, unknown>) =>
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { source: 'fuzz', sourceId: 'g1', name: 'G', communeInsee: '78335', ...props },
            geometry: rect(1.78, 48.99),
          },
        ],
      });
    await expectRefused(
      'POST',
      '/api/import/sites-geojson',
      'token',
      feature({ name: '\ud800' }),
      422,
      /"line":1.*surrogate/,
      'application/octet-stream',
    );
    const postes = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code_poste: 'F\u0000', nom_poste: 'P', etat: 'EN EXPLOITATION', tension: '225kV' },
          geometry: { type: 'Point', coordinates: [1.75, 48.98] },
        },
      ],
    });
    await expectRefused(
      'POST',
      '/api/import/rte-postes',
      'token',
      postes,
      422,
      /"line":1.*NUL/,
      'application/octet-stream',
    );
  });
});
