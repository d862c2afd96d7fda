/**
 * ProjectsService over the in-memory store: the status pipeline and its history, territory
 * assignment, the audit trail and its rollback. The SQL behind them (visibility, history join,
 * cascade) and the HTTP mapping are tested against PostGIS in tests/http/projects.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.ts';
import type { Actor } from '../auth/auth.types.ts';
import { ProjectsService } from './projects.service.ts';
import { FakeProjectsStore, steppingClock } from './projects.store.fake.ts';

const GPSO = '200059889';
const OTHER = '200058014';

const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: crypto.randomUUID(),
  email: 'staff@example.fr',
  name: 'Staff',
  role: 'staff',
  organisation: 'GPS&O',
  territories: [GPSO],
  via: 'session',
  ...over,
});
const TODAY = new Date('2026-05-04T15:00:00Z');
function setup() {
  const store = new FakeProjectsStore(steppingClock());
  const service = new ProjectsService(store.transactor(), store, () => TODAY);
  return { store, service };
}

const volta = { name: 'Projet Volta', sector: 'battery_cells', jobs: 1200 };

/** The domain error a call throws: its status, the fields it names and its message. */
async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw e;
  const fields = Array.isArray(e.details) ? e.details.map((d) => d.field) : [];
  return { status: e.status, code: e.code, fields, message: e.message };
}

describe('ProjectsService: status pipeline and history', () => {
  it('walks lead → … → landed, dating every step, and then refuses a step back without a reason', async () => {
    const { service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    for (const status of ['qualified', 'sites_proposed', 'visit', 'decision', 'landed']) {
      const after = await service.update(p.id, { status, statusNote: `vers ${status}` }, staff);
      expect(after.status).toBe(status);
    }
    const { statusHistory } = await service.get(p.id, staff);
    expect(statusHistory.map((h) => [h.from, h.to])).toEqual([
      [null, 'lead'],
      ['lead', 'qualified'],
      ['qualified', 'sites_proposed'],
      ['sites_proposed', 'visit'],
      ['visit', 'decision'],
      ['decision', 'landed'],
    ]);
    expect(statusHistory[5].note).toBe('vers landed');
    expect(statusHistory.every((h) => !Number.isNaN(Date.parse(h.at)) && h.by === staff.userId)).toBe(true);
    const again = await refusal(service.update(p.id, { status: 'lead' }, staff));
    expect(again).toMatchObject({ status: 400, code: 'status_reason_required', fields: ['statusNote'] });
    // A landed project cannot be lost; a lost one can only be reopened as a lead.
    const lost = await refusal(service.update(p.id, { status: 'lost', lossReason: 'price' }, staff));
    expect(lost).toMatchObject({ status: 400, fields: ['status'] });
    expect(lost.message).toContain('allowed');
  });

  it('moves straight to any later step, dated the day staff give (default today)', async () => {
    const { service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    const visit = await service.update(p.id, { status: 'visit', statusDate: '2026-05-01' }, staff);
    expect(visit).toMatchObject({ status: 'visit', statusChangedAt: '2026-05-01T12:00:00.000Z' });
    expect(visit.statusHistory.at(-1)).toMatchObject({
      from: 'lead',
      to: 'visit',
      effectiveOn: '2026-05-01',
    });
    const landed = await service.update(p.id, { status: 'landed' }, staff);
    expect(landed.statusHistory.at(-1)).toMatchObject({
      from: 'visit',
      to: 'landed',
      effectiveOn: '2026-05-04',
    });
  });

  it('refuses a status date in the future or before the previous change', async () => {
    const { service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    await service.update(p.id, { status: 'qualified', statusDate: '2026-05-02' }, staff);
    const future = await refusal(service.update(p.id, { status: 'visit', statusDate: '2026-06-01' }, staff));
    expect(future).toMatchObject({ status: 400, code: 'status_date_invalid', fields: ['statusDate'] });
    const earlier = await refusal(service.update(p.id, { status: 'visit', statusDate: '2026-04-30' }, staff));
    expect(earlier).toMatchObject({ status: 400, code: 'status_date_invalid', fields: ['statusDate'] });
    expect(earlier.message).toContain('2026-05-02');
    const bad = await refusal(service.update(p.id, { status: 'visit', statusDate: '01/05/2026' }, staff));
    expect(bad).toMatchObject({ status: 400, fields: ['statusDate'] });
    expect((await service.get(p.id, staff)).status).toBe('qualified');
  });

  it('moves back to any earlier step only with a reason, kept in the history', async () => {
    const { service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    await service.update(p.id, { status: 'decision', statusDate: '2026-05-02' }, staff);
    for (const statusNote of [undefined, '   ']) {
      const r = await refusal(service.update(p.id, { status: 'qualified', statusNote }, staff));
      expect(r).toMatchObject({ status: 400, code: 'status_reason_required', fields: ['statusNote'] });
    }
    const back = await service.update(
      p.id,
      { status: 'qualified', statusNote: 'Visite annulée par l’investisseur', statusDate: '2026-05-03' },
      staff,
    );
    expect(back.status).toBe('qualified');
    expect(back.statusHistory.map((h) => [h.from, h.to, h.note])).toEqual([
      [null, 'lead', null],
      ['lead', 'decision', null],
      ['decision', 'qualified', 'Visite annulée par l’investisseur'],
    ]);
    expect(back.statusHistory[2].effectiveOn).toBe('2026-05-03');
  });

  it('needs a loss reason to lose a project, records it, and clears it when the project is reopened', async () => {
    const { service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    expect(await refusal(service.update(p.id, { status: 'lost' }, staff))).toMatchObject({
      status: 400,
      fields: ['lossReason'],
    });
    expect(
      await refusal(service.update(p.id, { status: 'lost', lossReason: 'weather' }, staff)),
    ).toMatchObject({ status: 400, fields: ['lossReason'] });
    expect((await refusal(service.update(p.id, { lossReason: 'power' }, staff))).status).toBe(400);

    const lost = await service.update(
      p.id,
      { status: 'lost', lossReason: 'power', statusNote: 'Raccordement 225 kV trop tardif' },
      staff,
    );
    expect(lost).toMatchObject({
      status: 'lost',
      lossReason: 'power',
      lossNote: 'Raccordement 225 kV trop tardif',
    });
    expect(lost.statusHistory.at(-1)).toMatchObject({ from: 'lead', to: 'lost', lossReason: 'power' });

    const reopened = await service.update(p.id, { status: 'lead' }, staff);
    expect(reopened).toMatchObject({ status: 'lead', lossReason: null, lossNote: null });
    expect(reopened.statusHistory).toHaveLength(3);
  });

  it('corrects the reason of a recorded loss without a new history entry', async () => {
    const { service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    await service.update(p.id, { status: 'lost', lossReason: 'power' }, staff);
    const corrected = await service.update(p.id, { status: 'lost', lossReason: 'price' }, staff);
    expect(corrected).toMatchObject({ status: 'lost', lossReason: 'price' });
    expect(corrected.statusHistory).toHaveLength(2);
  });
});

describe('ProjectsService: ownership', () => {
  it("owns a new project by the creator's organisation and territories; staff may not assign others", async () => {
    const { service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    expect(p).toMatchObject({ territories: [GPSO], ownerOrganisation: 'GPS&O', createdBy: staff.userId });
    expect((await refusal(service.create({ ...volta, territories: [OTHER] }, staff))).status).toBe(403);
    const admin = actor({ role: 'admin', territories: [] });
    expect((await service.create({ ...volta, territories: [OTHER] }, admin)).territories).toEqual([OTHER]);
  });

  it('answers 403 to editors and to staff of another territory, 404 to an unknown id', async () => {
    const { service } = setup();
    const p = await service.create(volta, actor());
    expect((await refusal(service.get(p.id, actor({ role: 'editor' })))).status).toBe(403);
    expect(
      (await refusal(service.get(p.id, actor({ territories: [OTHER], organisation: 'X' })))).status,
    ).toBe(403);
    expect((await refusal(service.get(crypto.randomUUID(), actor()))).status).toBe(404);
    expect(await refusal(service.get('nope', actor()))).toMatchObject({ status: 400, fields: ['id'] });
  });
});

describe('ProjectsService: audit trail', () => {
  it('records who created, changed and deleted a project, with before and after', async () => {
    const { store, service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    await service.update(p.id, { status: 'qualified', jobs: 10 }, staff);
    await service.delete(p.id, staff);
    const audit = store.audit.filter((e) => e.entityId === p.id);
    expect(audit.map((e) => `${e.entity}:${e.action}`)).toEqual([
      'project:create',
      'project:update',
      'project:delete',
    ]);
    expect(audit.every((e) => e.actor?.userId === staff.userId)).toBe(true);
    const [, update, del] = audit as Array<{ before?: any; after?: any }>;
    expect(update.before).toMatchObject({ status: 'lead', statusHistory: [{ to: 'lead' }] });
    expect(update.after).toMatchObject({ status: 'qualified', jobs: 10 });
    expect(update.after.statusHistory).toHaveLength(2);
    expect(del.before).toMatchObject({ name: 'Projet Volta', shortlist: [] });
    expect(del.after).toBeUndefined();
    expect((await refusal(service.get(p.id, staff))).status).toBe(410);
  });

  it('neither audits nor keeps a refused change (the transaction rolls back)', async () => {
    const { store, service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    await refusal(service.update(p.id, { jobs: 1 }, actor({ territories: [OTHER], organisation: 'X' })));
    await refusal(service.update(p.id, { status: 'lost', jobs: 5 }, staff));
    expect(store.audit.filter((e) => e.entityId === p.id)).toHaveLength(1);
    expect((await service.get(p.id, staff)).jobs).toBe(1200);
  });
});

describe('ProjectsService: lists and the observatory', () => {
  it('lists only the visible projects, filtered by status and text, newest change first', async () => {
    const { service } = setup();
    const staff = actor();
    const a = await service.create({ ...volta, name: 'Projet Alpha', company: 'Cellco' }, staff);
    const b = await service.create({ ...volta, name: 'Projet Beta' }, staff);
    await service.create(
      { ...volta, name: 'Projet Autre' },
      actor({ territories: [OTHER], organisation: 'X' }),
    );
    await service.update(a.id, { status: 'qualified' }, staff);
    const all = await service.list({}, staff);
    expect(all.total).toBe(2);
    expect(all.projects.map((p) => p.id)).toEqual([a.id, b.id]);
    expect((await service.list({ status: 'lead' }, staff)).projects.map((p) => p.id)).toEqual([b.id]);
    expect((await service.list({ q: 'cellco' }, staff)).projects.map((p) => p.id)).toEqual([a.id]);
  });

  it('counts the visible projects by outcome', async () => {
    const { service } = setup();
    const staff = actor();
    const p = await service.create(volta, staff);
    await service.create(volta, staff);
    await service.update(p.id, { status: 'lost', lossReason: 'power' }, staff);
    const summary = await service.observatory(staff);
    expect(summary.total).toBe(2);
    expect(summary.outcomes).toEqual({ open: 1, landed: 0, lost: 1 });
    expect(summary.lossReasons.find((r) => r.reason === 'power')?.count).toBe(1);
  });
});
