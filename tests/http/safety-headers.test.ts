/**
 * Issue 14, headers from the deployment: no HSTS / upgrade-insecure-requests over plain HTTP
 * (the blank page on http://landmatch.lan:3000), both over HTTPS; `private, no-store` and
 * `Vary: Cookie, Authorization` on answers that depend on who asks; CORS GET for the public
 * read endpoints, never with credentials; X-Request-Id believed from trusted proxies only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let http: TestApp;
let https: TestApp;
beforeAll(async () => {
  http = await startTestApp('empty');
  https = await startTestApp('empty', {
    PUBLIC_URL: 'https://landmatch.example.fr',
    TRUST_PROXY: 'loopback',
  });
});
afterAll(async () => {
  await http?.close();
  await https?.close();
});

const csp = (r: Response) => r.headers.get('content-security-policy') ?? '';

describe(`headers from the deployment (${engineName})`, () => {
  it('over HTTP: no upgrade-insecure-requests, no HSTS, no Secure cookie', async () => {
    const r = await http.anonymous.fetch('/api/health', { headers: { host: 'landmatch.lan:3000' } });
    expect(csp(r)).toMatch(/script-src 'self'/);
    expect(csp(r)).not.toMatch(/upgrade-insecure-requests/);
    expect(r.headers.get('strict-transport-security')).toBeNull();
  });

  it('over HTTPS (PUBLIC_URL): upgrade-insecure-requests and HSTS', async () => {
    const r = await https.anonymous.fetch('/api/health');
    expect(csp(r)).toMatch(/upgrade-insecure-requests/);
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });

  it('answers that depend on who asks are private and vary on Cookie and Authorization', async () => {
    const staff = await http.login('staff');
    for (const path of ['/api/sites?limit=5', '/api/auth/me', '/ogc/collections/sites/items?f=json']) {
      const r = await staff.fetch(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('cache-control'), path).toBe('private, no-store');
      expect(r.headers.get('vary'), path).toMatch(/Cookie.*Authorization/);
      expect(r.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const token = await http.tokenClient('editor', { territories: ['200059889'] });
    const t = await token.fetch('/api/sites?limit=5');
    expect(t.headers.get('cache-control')).toBe('private, no-store');
    const anon = await http.anonymous.fetch('/api/sites?limit=5');
    expect(anon.headers.get('vary')).toMatch(/Cookie.*Authorization/);
    expect(anon.headers.get('cache-control')).not.toBe('private, no-store');
  });

  it('allows anonymous cross-origin GETs of public data, never with credentials', async () => {
    const origin = { origin: 'https://carto.example.org' };
    for (const path of [
      '/api/sites?limit=1',
      '/ogc/collections',
      '/tiles/sites.json',
      '/api/sites.geojson',
    ]) {
      const r = await http.anonymous.fetch(path, { headers: origin });
      expect(r.status, path).toBe(200);
      expect(r.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(r.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
    const pre = await http.anonymous.fetch('/ogc/collections', {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    // Writes, private endpoints and credentialed requests get no CORS headers.
    const post = await http.anonymous.fetch('/api/sites', {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'POST' },
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    const projects = await http.anonymous.fetch('/api/projects', { headers: origin });
    expect(projects.headers.get('access-control-allow-origin')).toBeNull();
    const staff = await http.login('staff');
    const withCookie = await staff.fetch('/api/sites?limit=1', { headers: origin });
    expect(withCookie.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps X-Request-Id from a trusted proxy only', async () => {
    const direct = await http.anonymous.fetch('/api/health', { headers: { 'x-request-id': 'planted-id-1' } });
    expect(direct.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const proxied = await https.anonymous.fetch('/api/health', { headers: { 'x-request-id': 'proxy-id-1' } });
    expect(proxied.headers.get('x-request-id')).toBe('proxy-id-1');
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says the peer is a proxy', async () => {
    const r = await http.anonymous.fetch('/tiles/sites.json', {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
    });
    const doc = (await r.json()) as { tiles: string[] };
    expect(doc.tiles[0]).toMatch(/^http:\/\/127\.0\.0\.1/);
  });
});
