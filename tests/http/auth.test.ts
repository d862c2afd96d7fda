import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('empty', { LOGIN_MAX_ATTEMPTS: '3' });
});
afterAll(async () => {
  await app?.close();
});

const login = (email: string, password: string) =>
  fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe(`auth (${engineName})`, () => {
  it('logs in with an httpOnly SameSite cookie, answers /me, and logs out', async () => {
    await app.services.auth.createUser({
      email: 'Staff.One@Agency.fr',
      role: 'staff',
      password: TEST_PASSWORD,
    });
    const res = await login('staff.one@agency.fr', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/lm_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const { csrfToken, user } = (await res.json()) as any;
    expect(user).toMatchObject({ email: 'staff.one@agency.fr', role: 'staff' });
    expect(user).not.toHaveProperty('password_hash');
    const session = cookie.split(';')[0];
    const me = await fetch(`${app.url}/api/auth/me`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).csrfToken).toBe(csrfToken);
    const noCsrf = await fetch(`${app.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: session },
    });
    expect(noCsrf.status).toBe(403);
    const out = await fetch(`${app.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: session, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect((await fetch(`${app.url}/api/auth/me`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('stores only a scrypt hash of the password', async () => {
    const row = await app.db.knex('users').where('email', 'staff.one@agency.fr').first();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('answers a wrong password and an unknown email the same way, then rate-limits', async () => {
    const a = await login('staff.one@agency.fr', 'wrong-password');
    const b = await login('nobody@agency.fr', 'wrong-password');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(((await a.json()) as any).error.message).toBe(((await b.json()) as any).error.message);
    await login('staff.one@agency.fr', 'wrong-password');
    await login('staff.one@agency.fr', 'wrong-password');
    const blocked = await login('staff.one@agency.fr', TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it.each([
    [{ email: 'not-an-email', password: 'x' }, 'email'],
    [{ email: 'a@b.fr' }, 'password'],
    [{ email: 'a@b.fr', password: 'x', admin: true }, 'admin'],
  ])('rejects the login body %j naming %s', async (body, field) => {
    const r = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as any).error.details[0].field).toBe(field);
  });

  it('accepts personal API tokens without CSRF, stores them hashed, and refuses revoked ones', async () => {
    await app.services.auth.createUser({ email: 'script@agency.fr', role: 'admin', password: TEST_PASSWORD });
    const { id, token } = await app.services.auth.createToken('script@agency.fr', 'nightly import');
    expect(token).toMatch(/^lmt_/);
    const stored = await app.db.knex('api_tokens').where('id', id).first();
    expect(stored.token_hash).not.toBe(token);
    const me = await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).via).toBe('token');
    const del = await fetch(`${app.url}/api/sites/00000000-0000-4000-8000-000000000000`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(del.status).toBe(404);
    await app.services.auth.revokeToken(id);
    const after = await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('refuses an editor without territory and a duplicate email', async () => {
    await expect(
      app.services.auth.createUser({ email: 'ed@agency.fr', role: 'editor', password: TEST_PASSWORD }),
    ).rejects.toThrow(/territory/);
    await expect(
      app.services.auth.createUser({ email: 'script@agency.fr', role: 'staff', password: TEST_PASSWORD }),
    ).rejects.toThrow(/already exists/);
  });

  it('reports health with the engine and PostGIS version, and sets security headers', async () => {
    const r = await fetch(`${app.url}/api/health`);
    const body = (await r.json()) as any;
    expect(body).toMatchObject({ status: 'ok', database: engineName });
    expect(body.postgis).toMatch(/^3\./);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });
});
