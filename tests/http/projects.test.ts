/**
 * Investor projects over HTTP: who may reach what (anonymous 401 on every route, editors and
 * staff of another territory 403, admins everywhere), create/read/update/delete with bad input
 * named field by field, the audit trail, and the observatory counts. The status pipeline's
 * rules run without a database in api/src/modules/projects/projects.service.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const GPSO = '200059889';
const STRASBOURG = '246700488';
const OTHER = '200058014';

let app: TestApp;
let admin: Client;
let staffGpso: Client;
let staffGpsoToken: Client;
let staffOther: Client;
let editorGpso: Client;
let agencyWide: Client;

const volta = (over: Record<string, unknown> = {}) => ({
  name: 'Projet Volta',
  company: 'Nordvolt Cells GmbH',
  sector: 'battery_cells',
  originCountry: 'DE',
  jobs: 1200,
  investmentEur: 1_500_000_000,
  contact: { name: 'Anna Schmidt', email: 'anna@example.de', phone: '+49 30 000000' },
  needs: { surfaceHa: { min: 10, max: 40 }, powerMw: 12, railSiding: 'preferred' },
  notes: 'Visite prévue en mai.',
  ...over,
});

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.login('admin');
  staffGpso = await app.login('staff', { territories: [GPSO], organisation: 'GPS&O' });
  staffGpsoToken = await app.tokenClient('staff', { territories: [GPSO], organisation: 'GPS&O' });
  staffOther = await app.login('staff', { territories: [OTHER], organisation: 'Autre EPT' });
  editorGpso = await app.login('editor', { territories: [GPSO] });
  agencyWide = await app.login('staff', { organisation: 'GPS&O' });
});
afterAll(async () => {
  await app?.close();
});

async function create(c: Client, body: Record<string, unknown> = volta()) {
  const r = await c.send('POST', '/api/projects', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; [k: string]: any };
}

const fieldsOf = (body: any): string[] => (body?.error?.details ?? []).map((d: { field: string }) => d.field);

describe(`projects: access matrix (${engineName})`, () => {
  let id: string;

  beforeAll(async () => {
    id = (await create(staffGpso)).id;
  });

  const routes = (pid: string): Array<[string, string, unknown?]> => [
    ['GET', '/api/projects'],
    ['POST', '/api/projects', volta()],
    ['GET', `/api/projects/${pid}`],
    ['PATCH', `/api/projects/${pid}`, { notes: 'x' }],
    ['DELETE', `/api/projects/${pid}`],
    ['GET', `/api/projects/${pid}/shortlist`],
    ['PUT', `/api/projects/${pid}/shortlist`, { items: [] }],
    ['GET', `/api/projects/${pid}/compare`],
    ['GET', `/api/projects/${pid}/shortlist.csv`],
    ['GET', `/api/projects/${pid}/shortlist.geojson`],
    ['GET', `/api/projects/${pid}/shortlist.pdf?lang=fr`],
    ['GET', '/api/observatory'],
    ['GET', '/api/observatory.csv'],
  ];

  it('answers 401 to anonymous callers on every project, shortlist, export and observatory route', async () => {
    for (const [method, path, body] of routes(id)) {
      const r = await app.anonymous.send(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.body.error.code).toBe('unauthenticated');
    }
  });

  it('answers 403 to editors on every route (projects are for staff)', async () => {
    for (const [method, path, body] of routes(id)) {
      const r = await editorGpso.send(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
    }
  });

  it("answers 403 to staff of another territory on the project's own routes and hides it from their list", async () => {
    for (const [method, path, body] of routes(id).filter(([, p]) => p.includes(id))) {
      const r = await staffOther.send(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    const list = await staffOther.get('/api/projects');
    expect(list.status).toBe(200);
    expect(list.body.projects.map((p: { id: string }) => p.id)).not.toContain(id);
    // Still there: the 403s changed nothing.
    expect((await staffGpso.get(`/api/projects/${id}`)).body.notes).toBe('Visite prévue en mai.');
  });

  it('lets staff of the territory (session or token), agency-wide colleagues and admins read it', async () => {
    for (const c of [staffGpso, staffGpsoToken, agencyWide, admin]) {
      const r = await c.get(`/api/projects/${id}`);
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(id);
    }
  });

  it('answers 404 for an unknown id and 400 naming the id for a malformed one', async () => {
    const r404 = await staffGpso.get('/api/projects/00000000-0000-4000-8000-000000000000');
    expect(r404.status).toBe(404);
    const r400 = await staffGpso.get('/api/projects/42');
    expect(r400.status).toBe(400);
    expect(fieldsOf(r400.body)).toEqual(['id']);
    const patch = await staffGpso.send('PATCH', '/api/projects/not-a-uuid', { notes: 'x' });
    expect(patch.status).toBe(400);
  });
});

describe(`projects: create, read, update, delete (${engineName})`, () => {
  it('creates a project owned by the creator’s organisation and territories, starting as a lead', async () => {
    const { status, body, res } = await staffGpso.send('POST', '/api/projects', volta());
    expect(status).toBe(201);
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.get('location')).toBe(`/api/projects/${body.id}`);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(body).toMatchObject({
      name: 'Projet Volta',
      company: 'Nordvolt Cells GmbH',
      sector: 'battery_cells',
      originCountry: 'DE',
      jobs: 1200,
      investmentEur: 1_500_000_000,
      status: 'lead',
      lossReason: null,
      ownerOrganisation: 'GPS&O',
      territories: [GPSO],
      shortlistCount: 0,
    });
    // The needs are stored parsed, defaults included, so the engine reads them as is.
    expect(body.needs).toMatchObject({
      surfaceHa: { min: 10, max: 40 },
      powerMw: 12,
      railSiding: 'preferred',
      quay: 'indifferent',
    });
    expect(body.statusHistory).toHaveLength(1);
    expect(body.statusHistory[0]).toMatchObject({ from: null, to: 'lead' });
    expect(Date.parse(body.statusHistory[0].at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('accepts a minimal anonymous project (code name and sector only)', async () => {
    const p = await create(staffGpso, { name: 'Projet X', sector: 'other' });
    expect(p.company).toBeNull();
    expect(p.needs).toBeNull();
  });

  it('refuses bad input with 400 naming every wrong field', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [volta({ sector: 'rockets' }), ['sector']],
      [volta({ jobs: -3 }), ['jobs']],
      [volta({ jobs: 2.5, investmentEur: -1 }), ['jobs', 'investmentEur']],
      [volta({ originCountry: 'XX' }), ['originCountry']],
      [volta({ originCountry: 'de' }), ['originCountry']],
      [volta({ name: '' }), ['name']],
      [volta({ contact: { name: 'A', email: 'not-an-email' } }), ['contact.email']],
      [volta({ needs: { surfaceHa: { min: -1 } } }), ['needs.surfaceHa.min']],
      [volta({ needs: { powerMw: 12 } }), ['needs.surfaceHa']],
      [volta({ territories: ['123'] }), ['territories.0']],
      [{ sector: 'other' }, ['name']],
    ];
    for (const [body, fields] of cases) {
      const r = await staffGpso.send('POST', '/api/projects', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
      expect(fieldsOf(r.body), JSON.stringify(r.body)).toEqual(fields);
    }
  });

  it('refuses unknown fields, naming them', async () => {
    const r = await staffGpso.send('POST', '/api/projects', volta({ colour: 'blue' }));
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].message).toContain('colour');
    const p = await create(staffGpso);
    const patch = await staffGpso.send('PATCH', `/api/projects/${p.id}`, { ownerOrganisation: 'Autre' });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details[0].message).toContain('ownerOrganisation');
  });

  it('lets admins assign territories but not staff outside their own', async () => {
    const byAdmin = await create(admin, volta({ territories: [STRASBOURG] }));
    expect(byAdmin.territories).toEqual([STRASBOURG]);
    expect((await staffGpso.get(`/api/projects/${byAdmin.id}`)).status).toBe(403);
    const r = await staffGpso.send('POST', '/api/projects', volta({ territories: [STRASBOURG] }));
    expect(r.status).toBe(403);
    const mine = await create(staffGpso);
    const moved = await staffGpso.send('PATCH', `/api/projects/${mine.id}`, { territories: [OTHER] });
    expect(moved.status).toBe(403);
  });

  it('patches fields, clears optional ones with null and keeps the rest', async () => {
    const p = await create(staffGpso);
    const r = await staffGpso.send('PATCH', `/api/projects/${p.id}`, {
      company: null,
      jobs: 800,
      needs: { surfaceHa: { min: 20 } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ company: null, jobs: 800, name: 'Projet Volta', sector: 'battery_cells' });
    expect(r.body.needs.surfaceHa).toEqual({ min: 20 });
    expect(r.body.needs.powerMw).toBeUndefined();
    expect(Date.parse(r.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(p.updatedAt));
    const bad = await staffGpso.send('PATCH', `/api/projects/${p.id}`, { name: null });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['name']);
  });

  it('lists visible projects with status and sector filters, refusing unknown filter values', async () => {
    const dc = await create(staffGpso, volta({ name: 'Projet Nuage', sector: 'data_centre' }));
    const all = await staffGpso.get('/api/projects?limit=500');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.projects.length);
    expect(all.body.projects.every((p: { territories: string[] }) => p.territories.includes(GPSO))).toBe(
      true,
    );
    const onlyDc = await staffGpso.get('/api/projects?sector=data_centre&status=lead');
    expect(onlyDc.body.projects.map((p: { id: string }) => p.id)).toEqual([dc.id]);
    const q = await staffGpso.get('/api/projects?q=nuage');
    expect(q.body.projects.map((p: { id: string }) => p.id)).toEqual([dc.id]);
    const past = await staffGpso.get('/api/projects?offset=10000');
    expect(past.body).toEqual({ total: all.body.total, projects: [] });
    const bad = await staffGpso.get('/api/projects?status=won');
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)[0]).toMatch(/^status/);
  });

  it('deletes a project (204), after which it is gone (410 while restorable)', async () => {
    const p = await create(staffGpso);
    expect((await staffOther.send('DELETE', `/api/projects/${p.id}`)).status).toBe(403);
    const del = await staffGpso.send('DELETE', `/api/projects/${p.id}`);
    expect(del.status).toBe(204);
    expect((await staffGpso.get(`/api/projects/${p.id}`)).status).toBe(410);
    expect((await staffGpso.send('DELETE', `/api/projects/${p.id}`)).status).toBe(410);
  });
});

describe(`projects: audit trail (${engineName})`, () => {
  it('records who created, changed and deleted a project, with before and after', async () => {
    const p = await create(staffGpso);
    await staffGpso.send('PATCH', `/api/projects/${p.id}`, { status: 'qualified', jobs: 10 });
    await staffGpso.send('PUT', `/api/projects/${p.id}/shortlist`, { items: [] });
    await staffGpso.send('DELETE', `/api/projects/${p.id}`);
    const rows = await app.db
      .knex('audit_log')
      .where({ entity_id: p.id })
      .orderBy('id')
      .select('action', 'entity', 'user_id', 'before', 'after');
    expect(rows.map((r) => `${r.entity}:${r.action}`)).toEqual([
      'project:create',
      'project:update',
      'shortlist:update',
      'project:delete',
    ]);
    const staffUser = await app.db.knex('users').where('id', rows[0].user_id).first();
    expect(staffUser.role).toBe('staff');
    expect(rows[1].before.status).toBe('lead');
    expect(rows[1].before.statusHistory).toHaveLength(1);
    expect(rows[1].after.statusHistory).toHaveLength(2);
    expect(rows[1].after.status).toBe('qualified');
    expect(rows[1].after.jobs).toBe(10);
    expect(rows[3].before.name).toBe('Projet Volta');
    expect(rows[3].after).toBeNull();
  });

  it('does not audit refused changes', async () => {
    const p = await create(staffGpso);
    await staffOther.send('PATCH', `/api/projects/${p.id}`, { jobs: 1 });
    await staffGpso.send('PATCH', `/api/projects/${p.id}`, { status: 'lost' });
    const n = await app.db.knex('audit_log').where({ entity_id: p.id }).count<{ n: number }[]>({ n: '*' });
    expect(Number(n[0].n)).toBe(1);
  });
});

describe(`projects: status moves (${engineName})`, () => {
  const today = new Date().toISOString().slice(0, 10);
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

  it('moves a lead straight to a later step on the given date, then back with a reason, all in the history', async () => {
    const p = await create(staffGpso);
    const skip = await staffGpso.send('PATCH', `/api/projects/${p.id}`, {
      status: 'visit',
      statusDate: daysAgo(3),
    });
    expect(skip.status, JSON.stringify(skip.body)).toBe(200);
    expect(skip.body).toMatchObject({ status: 'visit', statusChangedAt: `${daysAgo(3)}T12:00:00.000Z` });

    const noReason = await staffGpso.send('PATCH', `/api/projects/${p.id}`, { status: 'qualified' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('status_reason_required');
    expect(fieldsOf(noReason.body)).toEqual(['statusNote']);

    const back = await staffGpso.send('PATCH', `/api/projects/${p.id}`, {
      status: 'qualified',
      statusNote: 'Visite reportée : dossier incomplet',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.statusHistory.map((h: any) => [h.from, h.to, h.note, h.effectiveOn])).toEqual([
      [null, 'lead', null, today],
      ['lead', 'visit', null, daysAgo(3)],
      ['visit', 'qualified', 'Visite reportée : dossier incomplet', today],
    ]);
    const row = await app.db
      .knex('project_status_history')
      .where({ project_id: p.id, to_status: 'visit' })
      .first();
    expect(row.effective_on).toBeTruthy();
  });

  it('refuses a future status date or one before the previous change, naming statusDate', async () => {
    const p = await create(staffGpso);
    const future = await staffGpso.send('PATCH', `/api/projects/${p.id}`, {
      status: 'qualified',
      statusDate: '2999-01-01',
    });
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('status_date_invalid');
    expect(fieldsOf(future.body)).toEqual(['statusDate']);
    await staffGpso.send('PATCH', `/api/projects/${p.id}`, { status: 'qualified', statusDate: daysAgo(1) });
    const before = await staffGpso.send('PATCH', `/api/projects/${p.id}`, {
      status: 'decision',
      statusDate: daysAgo(5),
    });
    expect(before.status).toBe(400);
    expect(before.body.error.code).toBe('status_date_invalid');
    const malformed = await staffGpso.send('PATCH', `/api/projects/${p.id}`, {
      status: 'decision',
      statusDate: '5 mai',
    });
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed.body)).toEqual(['statusDate']);
  });
});

describe(`observatory (${engineName})`, () => {
  let staffObs: Client;
  let staffObsOther: Client;

  beforeAll(async () => {
    // Fresh territories so the counts only see the projects made here.
    const T1 = '200000001';
    const T2 = '200000002';
    staffObs = await app.login('staff', { territories: [T1] });
    staffObsOther = await app.login('staff', { territories: [T2] });
    const mk = (c: Client, sector: string) => create(c, { name: `Obs ${sector}`, sector });
    const walk = async (c: Client, id: string, to: string[]) => {
      for (const status of to) {
        const body: Record<string, unknown> = { status };
        if (status === 'lost') body.lossReason = to.length > 1 ? 'price' : 'power';
        const r = await c.send('PATCH', `/api/projects/${id}`, body);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
    };
    const a = await mk(staffObs, 'battery_cells');
    await walk(staffObs, a.id, ['qualified', 'sites_proposed', 'visit', 'decision', 'landed']);
    const b = await mk(staffObs, 'battery_cells');
    await walk(staffObs, b.id, ['lost']);
    const c = await mk(staffObs, 'data_centre');
    await walk(staffObs, c.id, ['qualified', 'lost']);
    await mk(staffObs, 'metallurgy');
    const d = await mk(staffObsOther, 'battery_cells');
    await walk(staffObsOther, d.id, ['lost']);
  });

  it('counts the visible projects by sector, status, territory, outcome and loss reason', async () => {
    const { status, body } = await staffObs.get('/api/observatory');
    expect(status).toBe(200);
    expect(body.total).toBe(4);
    const sector = Object.fromEntries(body.bySector.map((s: { sector: string }) => [s.sector, s]));
    expect(sector.battery_cells).toMatchObject({ count: 2, landed: 1, lost: 1, open: 0 });
    expect(sector.data_centre).toMatchObject({ count: 1, lost: 1 });
    expect(sector.metallurgy).toMatchObject({ count: 1, open: 1 });
    expect(sector.food_processing.count).toBe(0);
    const byStatus = Object.fromEntries(
      body.byStatus.map((s: { status: string; count: number }) => [s.status, s.count]),
    );
    expect(byStatus).toMatchObject({ lead: 1, landed: 1, lost: 2, qualified: 0 });
    expect(body.outcomes).toEqual({ open: 1, landed: 1, lost: 2 });
    const reasons = Object.fromEntries(
      body.lossReasons.map((r: { reason: string; count: number }) => [r.reason, r.count]),
    );
    expect(reasons).toMatchObject({ power: 1, price: 1, land: 0 });
    expect(body.byTerritory).toEqual([{ territory: '200000001', count: 4, landed: 1, lost: 2 }]);
    const month = new Date().toISOString().slice(0, 7);
    expect(body.byMonth.at(-1)).toEqual({ month, created: 4, landed: 1, lost: 2 });
  });

  it('counts everything for admins', async () => {
    const mine = (await staffObs.get('/api/observatory')).body.total;
    const all = (await admin.get('/api/observatory')).body;
    expect(all.total).toBeGreaterThan(mine);
    expect(all.byTerritory.map((t: { territory: string }) => t.territory)).toEqual(
      expect.arrayContaining(['200000001', '200000002', GPSO, STRASBOURG]),
    );
  });

  it('exports the same counts as a CSV download', async () => {
    const res = await staffObs.fetch('/api/observatory.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="observatory-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('dimension,key,metric,value');
    expect(lines).toContain('total,,projects,4');
    expect(lines).toContain('sector,battery_cells,landed,1');
    expect(lines).toContain('loss_reason,power,projects,1');
    expect(lines).toContain(`month,${new Date().toISOString().slice(0, 7)},created,4`);
  });
});
