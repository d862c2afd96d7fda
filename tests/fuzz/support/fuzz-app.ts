/**
 * One app per fuzz file over a fresh empty database, with a little real data to aim at: two
 * sites (one unpublished), two infrastructure points, a project with a two-site shortlist, and
 * sessions (cookie + CSRF) for an admin, an editor and a staff member, plus an admin API token.
 * Its database work is metered, so `send` bounds each request by it (support/harness.ts).
 */
import crypto from 'node:crypto';
import { rect, siteBody } from '../../fixtures/sites.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../helpers/test-app.ts';
import { type Caller, loginHeaders, meterWork, send } from './harness.ts';

export interface Fixtures {
  siteId: string;
  hiddenSiteId: string;
  /** A site the DELETE fuzz may remove (nothing else relies on it). */
  victimSiteId: string;
  projectId: string;
  victimProjectId: string;
  missingId: string;
}

export interface FuzzApp {
  app: TestApp;
  url: string;
  fx: Fixtures;
  callers: Record<'anonymous' | 'admin' | 'editor' | 'staff' | 'token', Caller>;
  close(): Promise<void>;
}

export const EDITOR_TERRITORY = '200059889';

async function user(app: TestApp, role: 'admin' | 'editor' | 'staff', territories: string[] = []) {
  const email = `fuzz-${role}-${crypto.randomBytes(3).toString('hex')}@test.example`;
  await app.services.auth.createUser({
    email,
    role,
    password: TEST_PASSWORD,
    territories,
    organisation: 'GPS&O',
  });
  return email;
}

async function json(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: unknown,
) {
  const res = await send(url, {
    method,
    path,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${res.text}`);
  return res.json as { id: string };
}

export async function startFuzzApp(): Promise<FuzzApp> {
  // Anonymous matching is rate-limited per IP; the fuzzer is one IP sending hundreds of requests.
  const app = await startTestApp('empty', { MATCH_ANON_PER_MINUTE: '1000000' });
  const url = app.url;
  // Every request of the fuzz is bounded by the statements it makes this database run.
  meterWork(url, app.db.knex);
  const admin = await loginHeaders(url, await user(app, 'admin'), TEST_PASSWORD);
  const editor = await loginHeaders(url, await user(app, 'editor', [EDITOR_TERRITORY]), TEST_PASSWORD);
  const staff = await loginHeaders(url, await user(app, 'staff', [EDITOR_TERRITORY]), TEST_PASSWORD);
  const { token } = await app.services.auth.createToken(await user(app, 'admin'));

  await app.db.knex('infrastructure').insert([
    {
      kind: 'motorway_access',
      name: 'Échangeur fuzz',
      source: 'fuzz',
      source_id: 'm1',
      geom: app.db.knex.raw('ST_SetSRID(ST_MakePoint(1.735, 48.97), 4326)'),
    },
    {
      kind: 'substation',
      name: 'Poste fuzz',
      source: 'fuzz',
      source_id: 's1',
      voltage_kv: 225,
      geom: app.db.knex.raw('ST_SetSRID(ST_MakePoint(1.76, 48.99), 4326)'),
    },
  ]);
  const site = await json(url, 'POST', '/api/sites', admin, siteBody());
  const hidden = await json(
    url,
    'POST',
    '/api/sites',
    admin,
    siteBody({ name: 'Réserve fuzz', published: false, communeInsee: '78217' }, rect(1.81, 48.955)),
  );
  const victim = await json(
    url,
    'POST',
    '/api/sites',
    admin,
    siteBody({ name: 'Victime' }, rect(1.77, 48.99)),
  );
  const project = await json(url, 'POST', '/api/projects', admin, {
    name: 'Projet Fuzz',
    sector: 'battery_cells',
    territories: [EDITOR_TERRITORY],
    needs: { surfaceHa: { min: 1 } },
  });
  const victimProject = await json(url, 'POST', '/api/projects', admin, { name: 'Victime', sector: 'other' });
  await json(url, 'PUT', `/api/projects/${project.id}/shortlist`, admin, {
    items: [{ siteId: site.id, note: 'first' }, { siteId: hidden.id }],
  });

  return {
    app,
    url,
    fx: {
      siteId: site.id,
      hiddenSiteId: hidden.id,
      victimSiteId: victim.id,
      projectId: project.id,
      victimProjectId: victimProject.id,
      missingId: crypto.randomUUID(),
    },
    callers: {
      anonymous: { name: 'anonymous', headers: {} },
      admin: { name: 'admin session', headers: admin },
      editor: { name: 'editor session', headers: editor },
      staff: { name: 'staff session', headers: staff },
      token: { name: 'admin token', headers: { authorization: `Bearer ${token}` } },
    },
    close: () => app.close(),
  };
}
