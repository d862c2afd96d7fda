/**
 * The public lead form over HTTP (issue 13 item 9): a visitor's request on a published site
 * becomes a `lead` project of the site's territory with the site shortlisted, which that
 * territory's staff and admins see (with their own unread count), nobody else; spam guards
 * (honeypot, fill time) answer 202 and store nothing; bad tokens and fields are 400s naming
 * what was wrong; unpublished sites 404; the per-IP budget answers 429 `lead_rate_limited`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;
let staffOwn: Client;
let staffOther: Client;
let editorOwn: Client;
let site: { id: string; name: string; territory: string };
let unpublished: { id: string };
let token: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const form = (over: Record<string, unknown> = {}) => ({
  siteId: site.id,
  company: 'Nordlicht Batterien GmbH',
  contactName: 'Jonas Weber',
  email: 'jonas.weber@example.de',
  phone: '+49 30 1234567',
  summary: 'Assemblage de modules de batteries, 2 lignes, démarrage 2028.',
  sector: 'battery_cells',
  surfaceHa: 12,
  powerMw: 8,
  jobs: 250,
  availableBy: '2028-01-01',
  consent: true,
  website: '',
  formToken: token,
  ...over,
});

const projectCount = async () => Number((await app.db.knex('projects').count({ n: '*' }).first())?.n);

beforeAll(async () => {
  app = await startTestApp('demo', { LEAD_MIN_FILL_SECONDS: '1', LEADS_PER_HOUR: '100' });
  const row = await app.db
    .knex('sites')
    .where({ published: true })
    .whereNotNull('site_epci_siren')
    .whereNotNull('contact_name')
    .orderBy('site_nom')
    .first('id', 'site_nom', 'site_epci_siren');
  site = { id: String(row.id), name: row.site_nom, territory: row.site_epci_siren };
  const hidden = await app.db.knex('sites').where({ published: false }).first('id');
  unpublished = { id: String(hidden.id) };
  const other = site.territory === '200059889' ? '246700488' : '200059889';
  admin = await app.login('admin');
  staffOwn = await app.login('staff', { territories: [site.territory] });
  staffOther = await app.login('staff', { territories: [other] });
  editorOwn = await app.login('editor', { territories: [site.territory] });
  const t = await app.anonymous.get('/api/leads/form-token');
  expect(t.status).toBe(200);
  token = t.body.token;
  await sleep(1100);
}, 900_000);
afterAll(async () => {
  await app?.close();
});

describe(`leads: a visitor's request lands in the pipeline (${engineName})`, () => {
  let leadId: string;
  let projectId: string;

  it('answers 202 and makes a lead project of the site’s territory with the site in its shortlist', async () => {
    const before = await projectCount();
    const r = await app.anonymous.send('POST', '/api/leads', form());
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual({ status: 'received' });
    expect(await projectCount()).toBe(before + 1);

    const list = await staffOwn.get('/api/leads');
    expect(list.status).toBe(200);
    expect(list.body.unread).toBe(1);
    expect(list.body.leads).toHaveLength(1);
    const lead = list.body.leads[0];
    expect(lead).toMatchObject({
      siteId: site.id,
      siteName: site.name,
      territory: site.territory,
      company: 'Nordlicht Batterien GmbH',
      status: 'lead',
      source: 'public_map',
      read: false,
    });
    leadId = lead.id;
    projectId = lead.projectId;

    const p = await staffOwn.get(`/api/projects/${projectId}`);
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({
      status: 'lead',
      company: 'Nordlicht Batterien GmbH',
      sector: 'battery_cells',
      jobs: 250,
      contact: { name: 'Jonas Weber', email: 'jonas.weber@example.de', phone: '+49 30 1234567' },
      notes: 'Assemblage de modules de batteries, 2 lignes, démarrage 2028.',
    });
    expect(p.body.territories).toEqual([site.territory]);
    expect(p.body.needs.surfaceHa.min).toBe(12);
    expect(p.body.needs.powerMw).toBe(8);
    expect(p.body.needs.availableBy).toBe('2028-01-01');
    const sl = await staffOwn.get(`/api/projects/${projectId}/shortlist`);
    expect(sl.status).toBe(200);
    expect(sl.body.items.map((i: { siteId: string }) => i.siteId)).toEqual([site.id]);
    // It is in the staff's pipeline list too.
    const pipeline = await staffOwn.get('/api/projects?status=lead');
    expect(pipeline.body.projects.map((x: { id: string }) => x.id)).toContain(projectId);
  });

  it('is seen by admins, not by staff of another territory, editors or visitors', async () => {
    expect((await admin.get('/api/leads')).body.leads.map((l: { id: string }) => l.id)).toContain(leadId);
    expect((await admin.get(`/api/projects/${projectId}`)).status).toBe(200);
    const other = await staffOther.get('/api/leads');
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ unread: 0, leads: [] });
    expect((await staffOther.get('/api/leads/unread-count')).body).toEqual({ unread: 0 });
    expect((await staffOther.get(`/api/projects/${projectId}`)).status).toBe(403);
    expect((await editorOwn.get('/api/leads')).status).toBe(403);
    expect((await app.anonymous.get('/api/leads')).status).toBe(401);
    expect((await app.anonymous.get('/api/leads/unread-count')).status).toBe(401);
  });

  it('counts unread requests per staff member; marking read is theirs alone', async () => {
    expect((await staffOwn.get('/api/leads/unread-count')).body).toEqual({ unread: 1 });
    const r = await staffOwn.send('POST', `/api/leads/${leadId}/read`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ unread: 0 });
    expect((await staffOwn.get('/api/leads?unread=true')).body.leads).toHaveLength(0);
    expect((await staffOwn.get('/api/leads')).body.leads[0].read).toBe(true);
    // The admin has not read it yet.
    expect((await admin.get('/api/leads/unread-count')).body.unread).toBeGreaterThanOrEqual(1);
    expect((await admin.send('POST', '/api/leads/read')).body).toEqual({ unread: 0 });
    // Another territory cannot mark it (it does not exist for them).
    const other = await staffOther.send('POST', `/api/leads/${leadId}/read`);
    expect(other.status).toBe(404);
    expect((await staffOwn.send('POST', '/api/leads/not-a-uuid/read')).status).toBe(400);
  });

  it('stores what the visitor typed and nothing else (no IP, no user agent)', async () => {
    const cols = await app.db.knex.raw(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_name IN ('leads', 'lead_reads') ORDER BY table_name, ordinal_position`,
    );
    expect(
      cols.rows.map((r: { table_name: string; column_name: string }) => `${r.table_name}.${r.column_name}`),
    ).toEqual([
      'lead_reads.lead_id',
      'lead_reads.user_id',
      'lead_reads.read_at',
      'leads.id',
      'leads.project_id',
      'leads.site_id',
      'leads.territory',
      'leads.source',
      'leads.created_at',
    ]);
    const stored = JSON.stringify(await app.db.knex('projects').where('id', projectId).first());
    expect(stored).not.toContain('127.0.0.1');
    expect(stored).not.toMatch(/node|undici|Mozilla/i);
    const keys = (await app.db
      .knex('rate_limit_hits')
      .select('key')
      .catch(() => [])) as Array<{ key: string }>;
    for (const k of keys) expect(k.key).not.toContain('127.0.0.1');
  });
});

describe(`leads: spam guards and bad input (${engineName})`, () => {
  it('answers a filled honeypot 202 like a real request and stores nothing', async () => {
    const before = await projectCount();
    const r = await app.anonymous.send('POST', '/api/leads', form({ website: 'http://cheap-pills.example' }));
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'received' });
    expect(await projectCount()).toBe(before);
  });

  it('answers a form sent sooner than the minimum fill time 202 and stores nothing', async () => {
    const before = await projectCount();
    const fresh = (await app.anonymous.get('/api/leads/form-token')).body.token;
    const r = await app.anonymous.send('POST', '/api/leads', form({ formToken: fresh }));
    expect(r.status).toBe(202);
    expect(await projectCount()).toBe(before);
  });

  it('refuses a forged or missing token with 400 lead_form_expired', async () => {
    const [issued] = token.split('.');
    for (const formToken of [`${issued}.forged`, '', 'garbage', undefined]) {
      const r = await app.anonymous.send('POST', '/api/leads', form({ formToken }));
      expect(r.status, String(formToken)).toBe(400);
      expect(r.body.error.code).toBe('lead_form_expired');
    }
  });

  it('names the fields that are wrong, with a 400', async () => {
    const before = await projectCount();
    const r = await app.anonymous.send(
      'POST',
      '/api/leads',
      form({ email: 'not-an-email', consent: false, surfaceHa: -3, company: '', extra: 1 }),
    );
    expect(r.status).toBe(400);
    const fields = (r.body.error.details ?? []).map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'consent', 'surfaceHa', 'company']));
    expect(await projectCount()).toBe(before);
  });

  it('answers 404 for an unpublished or unknown site and stores nothing', async () => {
    const before = await projectCount();
    const hidden = await app.anonymous.send('POST', '/api/leads', form({ siteId: unpublished.id }));
    expect(hidden.status).toBe(404);
    const unknown = await app.anonymous.send(
      'POST',
      '/api/leads',
      form({ siteId: '00000000-0000-4000-8000-000000000099' }),
    );
    expect(unknown.status).toBe(404);
    expect(await projectCount()).toBe(before);
  });
});

describe(`leads: per-IP budget (${engineName})`, () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp('empty', { LEADS_PER_HOUR: '2', LEAD_MIN_FILL_SECONDS: '0' });
  }, 600_000);
  afterAll(async () => {
    await small?.close();
  });

  it('answers 429 lead_rate_limited with Retry-After past LEADS_PER_HOUR requests', async () => {
    const t = (await small.anonymous.get('/api/leads/form-token')).body.token;
    const body = { ...form({ formToken: t }), siteId: '00000000-0000-4000-8000-000000000099' };
    expect((await small.anonymous.send('POST', '/api/leads', body)).status).toBe(404);
    expect((await small.anonymous.send('POST', '/api/leads', body)).status).toBe(404);
    const r = await small.anonymous.send('POST', '/api/leads', body);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('lead_rate_limited');
    expect(Number(r.res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
