/**
 * The real app, in-process on port 0, over a fresh test database; plus clients that log in
 * like a browser (cookie + CSRF header) or a script (bearer token).
 */
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp, createServices } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import type { Role } from '../../api/src/modules/auth/auth.types.ts';
import { createTestDatabase, type TemplateKind, type TestDatabase } from './test-db.ts';

export interface TestApp {
  url: string;
  db: TestDatabase;
  services: ReturnType<typeof createServices>;
  close(): Promise<void>;
  /** Creates a user (if needed) and returns a logged-in browser-like client. */
  login(role: Role, opts?: UserOpts): Promise<Client>;
  /** A script-like client with a personal API token. */
  tokenClient(role: Role, opts?: UserOpts): Promise<Client>;
  anonymous: Client;
}

export interface UserOpts {
  territories?: string[];
  email?: string;
  organisation?: string;
  name?: string;
}

export interface Client {
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  get<T = any>(path: string): Promise<{ status: number; body: T; res: Response }>;
  send<T = any>(
    method: string,
    path: string,
    json?: unknown,
  ): Promise<{ status: number; body: T; res: Response }>;
}

export const TEST_PASSWORD = 'correct horse battery';

function client(base: string, headers: Record<string, string> = {}): Client {
  const c: Client = {
    fetch(path, init = {}) {
      const h = new Headers(headers);
      for (const [k, v] of new Headers(init.headers)) h.set(k, v);
      let body = init.body;
      if (init.json !== undefined) {
        h.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(base + path, { ...init, headers: h, body });
    },
    async get(path) {
      const res = await c.fetch(path);
      const text = await res.text();
      return { status: res.status, body: text ? safeJson(text) : undefined, res };
    },
    async send(method, path, json) {
      const res = await c.fetch(path, { method, json });
      const text = await res.text();
      return { status: res.status, body: text ? safeJson(text) : undefined, res };
    },
  };
  return c;
}

function safeJson(t: string) {
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

export async function startTestApp(
  kind: TemplateKind = 'empty',
  env: Record<string, string> = {},
): Promise<TestApp> {
  const db = await createTestDatabase(kind);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const logger = pino({ level: 'silent' });
  const deps = { config, db, logger };
  const services = createServices(deps);
  const app = createApp(deps, services);
  const server = app.listen(0, '127.0.0.1');
  // The embedded engine can block the loop for seconds on its first coordinate transform;
  // a short keep-alive would then close sockets under the client's feet.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.once('listening', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;

  async function ensureUser(role: Role, opts: UserOpts = {}) {
    const email = opts.email ?? `${role}${++n}-${Date.now()}@test.example`;
    const existing = await db.knex('users').where('email', email).first();
    if (!existing) {
      await services.auth.createUser({
        email,
        role,
        password: TEST_PASSWORD,
        territories: opts.territories ?? [],
        ...(opts.organisation ? { organisation: opts.organisation } : {}),
        ...(opts.name ? { name: opts.name } : {}),
      });
    }
    return email;
  }

  return {
    url,
    db,
    services,
    anonymous: client(url),
    async login(role, opts) {
      const email = await ensureUser(role, opts);
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      return client(url, { cookie, 'x-csrf-token': csrfToken });
    },
    async tokenClient(role, opts) {
      const email = await ensureUser(role, opts);
      const { token } = await services.auth.createToken(email);
      return client(url, { authorization: `Bearer ${token}` });
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await services.auth.close();
      await db.drop();
    },
  };
}
