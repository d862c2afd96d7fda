/**
 * Hostility below the schemas, against every endpoint of the table: malformed JSON, 10,000-level
 * nesting, 10 MB bodies, wrong content types and encodings, duplicate and bracketed query
 * parameters, odd methods and paths, forged or missing credentials and CSRF tokens. The same
 * contract as the schema fuzzing: a 4xx with a JSON error (never a 5xx, never a hang), and a
 * refused request changes nothing in the database.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/test-db.ts';
import { circle, deepJson, enc, hostileString } from './support/arbitraries.ts';
import { ENDPOINTS, type Endpoint, endpointName, fillPath } from './support/endpoints.ts';
import { type FuzzApp, startFuzzApp } from './support/fuzz-app.ts';
import {
  dbChecksum,
  expectClientOutcome,
  FUZZ_SEED,
  isNoRoute,
  type RawRequest,
  runs,
  send,
} from './support/harness.ts';

let f: FuzzApp;

beforeAll(async () => {
  f = await startFuzzApp();
});
afterAll(async () => {
  await f?.close();
});

const TEN_MB = 10 * 1024 * 1024;
const json = 'application/json';

interface BodyCase {
  name: string;
  contentType?: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

/** Bodies no endpoint should choke on, whatever it expects. */
const BODY_CASES: readonly BodyCase[] = [
  ...[
    '{',
    '{"a":',
    'nul',
    '[1,]',
    '{"a":1}x',
    "{'a':1}",
    '{"a": NaN}',
    '{"a": Infinity}',
    '{"a": -}',
    '\u0000',
  ].map((body) => ({ name: `malformed JSON ${JSON.stringify(body)}`, contentType: json, body })),
  { name: 'empty JSON body', contentType: json, body: '' },
  { name: 'BOM before JSON', contentType: json, body: '\ufeff{}' },
  { name: 'JSON null', contentType: json, body: 'null' },
  { name: 'JSON string', contentType: json, body: '"x"' },
  { name: 'JSON number 1e999999', contentType: json, body: '1e999999' },
  { name: 'JSON lone surrogate escape', contentType: json, body: '{"name":"\\ud800","type":"\\udfff"}' },
  { name: 'JSON NUL escape in a key', contentType: json, body: '{"\\u0000":1}' },
  {
    name: '__proto__ pollution attempt',
    contentType: json,
    body: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}',
  },
  { name: '10,000-level nested arrays', contentType: json, body: deepJson(10_000) },
  { name: '10,000-level nested objects', contentType: json, body: deepJson(10_000, 'object') },
  { name: '100,000-level nested arrays', contentType: json, body: deepJson(100_000) },
  {
    name: 'nested arrays in a Feature geometry',
    contentType: json,
    body: `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${deepJson(10_000)}}}`,
  },
  { name: 'text/plain JSON', contentType: 'text/plain', body: '{"name":"x"}' },
  {
    name: 'form-encoded',
    contentType: 'application/x-www-form-urlencoded',
    body: 'name=x&sector=other&needs[surfaceHa][min]=1',
  },
  {
    name: 'multipart',
    contentType: 'multipart/form-data; boundary=xyz',
    body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--\r\n',
  },
  {
    name: 'JSON in latin1 charset',
    contentType: 'application/json; charset=latin1',
    body: '{"name":"\xe9"}',
  },
  { name: 'JSON in utf-16 charset', contentType: 'application/json; charset=utf-16', body: '{}' },
  { name: 'JSON with an unknown charset', contentType: 'application/json; charset=klingon', body: '{}' },
  {
    name: 'geo+json',
    contentType: 'application/geo+json',
    body: '{"type":"FeatureCollection","features":[]}',
  },
  { name: 'no content type', body: '{"name":"x"}' },
  {
    name: 'gzip that is not gzip',
    contentType: json,
    body: 'not gzip at all',
    headers: { 'content-encoding': 'gzip' },
  },
  {
    name: 'unknown content encoding',
    contentType: json,
    body: '{}',
    headers: { 'content-encoding': 'compress' },
  },
  {
    name: 'invalid UTF-8 bytes',
    contentType: json,
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]),
  },
];

/** The 10 MB ones: only sent to endpoints that take a body. */
const HUGE_CASES: readonly BodyCase[] = [
  { name: '10 MB JSON array', contentType: json, body: `[${'1,'.repeat(TEN_MB / 2)}1]` },
  { name: '10 MB JSON string', contentType: json, body: `{"name":"${'a'.repeat(TEN_MB)}"}` },
  { name: '10 MB raw bytes', contentType: 'application/octet-stream', body: Buffer.alloc(TEN_MB, 0x5b) },
  // Refused after the whole ring was read: it is not closed.
  {
    name: 'a 1.9 MB polygon (one open ring of 80,000 positions)',
    contentType: json,
    body: hugeFeature(80_000, false),
  },
  // Beyond the body limit long before the 200,000-position cap of shared/geo.ts.
  { name: 'a polygon of 250,000 positions', contentType: json, body: hugeFeature(250_000, true) },
];

function hugeFeature(n: number, closed: boolean): string {
  const ring = circle(1.75, 48.95, 0.01, n).map(([x, y]) => [+x.toFixed(5), +y.toFixed(5)]);
  if (!closed) ring[ring.length - 1] = [1.7, 48.9];
  return JSON.stringify({
    type: 'Feature',
    properties: { name: 'Énorme', communeInsee: '78335' },
    geometry: { type: 'Polygon', coordinates: [ring] },
  });
}

/** Credentials that are wrong in every way; writes must be refused and change nothing. */
function forgedCallers(): Array<{ name: string; headers: Record<string, string>; validSession?: boolean }> {
  const { cookie, 'x-csrf-token': csrf } = f.callers.admin.headers;
  return [
    { name: 'session without CSRF token', headers: { cookie }, validSession: true },
    {
      name: 'session with a wrong CSRF token',
      headers: { cookie, 'x-csrf-token': `${csrf}x` },
      validSession: true,
    },
    { name: 'session with an empty CSRF token', headers: { cookie, 'x-csrf-token': '' }, validSession: true },
    { name: 'CSRF token without session', headers: { 'x-csrf-token': csrf } },
    { name: 'forged session cookie', headers: { cookie: 'lm_session=%00%ff', 'x-csrf-token': 'x' } },
    { name: '4 KB session cookie', headers: { cookie: `lm_session=${'a'.repeat(4000)}` } },
    {
      name: 'many cookies',
      headers: { cookie: Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join('; ') },
    },
    { name: 'bare Bearer', headers: { authorization: 'Bearer' } },
    { name: 'unknown token', headers: { authorization: 'Bearer lmt_not-a-token' } },
    { name: '8 KB token', headers: { authorization: `Bearer lmt_${'x'.repeat(8000)}` } },
    { name: 'Basic auth', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } },
    { name: 'SQL in the token', headers: { authorization: "Bearer lmt_' OR '1'='1" } },
  ];
}

function plausibleParams(ep: Endpoint): Record<string, string> {
  return Object.fromEntries(
    [...ep.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => [m[1], ep.params?.[m[1]]?.(f.fx)[0] ?? 'x']),
  );
}

async function check(ep: Endpoint | undefined, req: RawRequest, baseline: { sum?: Record<string, string> }) {
  const res = await send(f.url, req);
  expectClientOutcome(req, res, { format: ep?.format, altError: ep?.altError });
  const after = await dbChecksum(f.app.db.knex);
  if (res.status >= 400 && baseline.sum)
    expect(after, `refused but changed the database: ${req.method} ${req.path}`).toEqual(baseline.sum);
  baseline.sum = after;
  return res;
}

async function exists(ep: Endpoint): Promise<boolean> {
  const res = await send(f.url, {
    method: ep.method,
    path: fillPath(ep.path, plausibleParams(ep)),
    headers: f.callers[ep.auth].headers,
  });
  return !isNoRoute(res);
}

describe(`transport-level hostility on every endpoint (${engineName})`, () => {
  for (const ep of ENDPOINTS) {
    it(`${endpointName(ep)}: malformed, deep, huge and mistyped bodies and forged credentials are refused cleanly`, async (ctx) => {
      if (ep.pending && !(await exists(ep))) ctx.skip();
      const path = fillPath(ep.path, plausibleParams(ep));
      const baseline: { sum?: Record<string, string> } = { sum: await dbChecksum(f.app.db.knex) };
      const takesBody = ep.method !== 'GET' && ep.method !== 'DELETE';
      if (ep.method === 'GET')
        await check(ep, { method: 'HEAD', path, headers: f.callers[ep.auth].headers }, baseline);
      const cases = takesBody ? [...BODY_CASES, ...HUGE_CASES] : BODY_CASES.slice(0, 4);
      for (const c of cases) {
        const headers = {
          ...f.callers[ep.auth].headers,
          ...c.headers,
          ...(c.contentType ? { 'content-type': c.contentType } : {}),
        };
        await check(ep, { method: ep.method, path, headers, body: c.body }, baseline);
      }
      // Forged credentials never get further than no credentials at all; a session without its
      // CSRF token reads (GET) but never writes.
      const body = takesBody ? '{}' : undefined;
      const typed: Record<string, string> = takesBody ? { 'content-type': json } : {};
      const anonymous = await check(ep, { method: ep.method, path, headers: typed, body }, baseline);
      for (const caller of forgedCallers()) {
        if (caller.validSession && !takesBody && ep.method !== 'DELETE') continue;
        const res = await check(
          ep,
          { method: ep.method, path, headers: { ...caller.headers, ...typed }, body },
          baseline,
        );
        if (anonymous.status >= 400 || caller.validSession)
          expect(res.status, `${caller.name}: ${ep.method} ${path}`).toBeGreaterThanOrEqual(400);
      }
    });
  }

  it('duplicate, bracketed and badly encoded query parameters are refused cleanly on every endpoint', async () => {
    const baseline: { sum?: Record<string, string> } = { sum: await dbChecksum(f.app.db.knex) };
    const withQuery = ENDPOINTS.filter((ep) => ep.query && ep.method === 'GET');
    for (const ep of withQuery) {
      if (ep.pending && !(await exists(ep))) continue;
      const path = fillPath(ep.path, plausibleParams(ep));
      const headers = f.callers[ep.auth].headers;
      for (const key of ep.query!.keys) {
        const v = enc(ep.query!.plausible?.[key]?.[0] ?? '1');
        for (const q of [
          `${key}=${v}&${key}=${v}`,
          `${key}[]=${v}`,
          `${key}[a]=${v}`,
          `${key}=${v}&${key.toUpperCase()}=${v}`,
          `${key}`,
          `${key}=%`,
          `${key}=%00`,
        ]) {
          await check(ep, { method: 'GET', path: `${path}?${q}`, headers }, baseline);
        }
      }
    }
  });

  it('odd methods and paths get a JSON 404/4xx, not a 500 or the UI', async () => {
    const baseline: { sum?: Record<string, string> } = { sum: await dbChecksum(f.app.db.knex) };
    const paths = [
      '/api/projects/../',
      '/api/projects/..',
      '/api/sites/../projects',
      '/api/sites/%2e%2e/projects',
      '/api//sites',
      '/api/sites//',
      '/api/sites/%00',
      '/api/sites%00',
      '/api/sites;x=1',
      '/api/sites/%E0%A4%A',
      '/api/sites/%ED%A0%80',
      `/api/sites/${'a'.repeat(8000)}`,
      '/api/projects/%00/shortlist',
      '/api/projects/x/shortlist.exe',
      '/api/import/..%2F..%2Fetc%2Fpasswd',
      '/api/import/%00',
      '/tiles/../api/sites',
      '/tiles/sites/0/0/0.png',
      '/tiles/%00/0/0/0.mvt',
      '/tiles/sites/0/0/%00.mvt',
      '/api/nope',
      '/api',
      '/API/SITES',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        const headers = { ...f.callers.admin.headers, 'content-type': json };
        const res = await check(
          undefined,
          { method, path, headers, body: method === 'GET' || method === 'OPTIONS' ? undefined : '{}' },
          baseline,
        );
        if (path.startsWith('/api') && method !== 'OPTIONS')
          expect(String(res.headers['content-type']), `${method} ${path}`).toMatch(/json/);
      }
    }
  });

  it('random headers never break a request', async () => {
    const baseline: { sum?: Record<string, string> } = { sum: await dbChecksum(f.app.db.knex) };
    // Node refuses to send non-latin1 header values, so the hostile strings go percent-encoded.
    const header = fc.tuple(
      fc.constantFrom(
        'x-request-id',
        'accept-language',
        'accept',
        'if-none-match',
        'x-forwarded-for',
        'cookie',
        'range',
        'accept-encoding',
      ),
      hostileString.map((s) => enc(s).slice(0, 2000)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS.filter((e) => !e.pending && e.method === 'GET')),
        fc.array(header, { maxLength: 4 }),
        async (ep, hs) => {
          const headers = { ...f.callers[ep.auth].headers, ...Object.fromEntries(hs) };
          await check(ep, { method: 'GET', path: fillPath(ep.path, plausibleParams(ep)), headers }, baseline);
        },
      ),
      { seed: FUZZ_SEED, numRuns: runs(40) },
    );
  });
});
