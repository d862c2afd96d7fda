/**
 * ShortlistService and ShortlistExports over the in-memory store: snapshots kept, retaken and
 * outliving their site, refusals naming the item, comparison bounds, and audited downloads.
 * The live-site SQL (access rows, drive times, labour pool, map context) and the real PDF are
 * tested against PostGIS in tests/http/projects-shortlist.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.ts';
import type { Actor } from '../auth/auth.types.ts';
import type { ShortlistDocument } from './pdf/shortlist-document.ts';
import { ProjectsService } from './projects.service.ts';
import { FakeProjectsStore, steppingClock } from './projects.store.fake.ts';
import type { LiveSite } from './projects.store.ts';
import { ShortlistExports } from './shortlist.exports.service.ts';
import { ShortlistService } from './shortlist.service.ts';

const staff: Actor = {
  userId: '7d1c2f6e-0c1b-4d7e-9a51-3f1f6e1b2a01',
  email: 'staff@example.fr',
  name: 'Staff',
  role: 'staff',
  organisation: 'GPS&O',
  territories: ['200059889'],
  via: 'session',
};
const stranger: Actor = {
  ...staff,
  userId: crypto.randomUUID(),
  territories: ['200058014'],
  organisation: 'X',
};

const site = {
  big: '11111111-1111-4111-8111-111111111111',
  cheap: '22222222-2222-4222-8222-222222222222',
  small: '33333333-3333-4333-8333-333333333333',
};

const live = (id: string, facts: Record<string, unknown>): LiveSite => ({
  id,
  facts: { status: 'available', ...facts },
  access: [{ kind: 'motorway_access', name: 'A13', distanceM: 2400, infrastructureId: null }],
  location: [1.74, 48.99],
  geometry: { type: 'Polygon', coordinates: [] },
  locationL93: [607784, 6877077],
});

async function setup() {
  const clock = steppingClock();
  const store = new FakeProjectsStore(clock);
  store.sites.set(site.big, live(site.big, { name: 'Grand lot', availableAreaHa: 40, powerAvailableMw: 12 }));
  store.sites.set(
    site.cheap,
    live(site.cheap, { name: 'Lot pas cher', availableAreaHa: 12, priceEurM2: 20 }),
  );
  store.sites.set(site.small, live(site.small, { name: 'Petit lot', availableAreaHa: 5 }));
  const projects = new ProjectsService(store.transactor(), store, clock);
  const shortlists = new ShortlistService(store.transactor(), store, clock);
  const rendered: Array<{ doc: ShortlistDocument; lang: string }> = [];
  const exports = new ShortlistExports(store, {
    clock,
    renderPdf: async (doc, lang) => {
      rendered.push({ doc, lang });
      return Buffer.from('%PDF-stub');
    },
  });
  const project = await projects.create(
    {
      name: 'Projet Volta',
      sector: 'battery_cells',
      needs: { surfaceHa: { min: 10, max: 40 }, powerMw: 10 },
    },
    staff,
  );
  return { store, shortlists, exports, rendered, projectId: project.id };
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw e;
  return { status: e.status, fields: Array.isArray(e.details) ? e.details.map((d) => d.field) : [] };
}

describe('ShortlistService', () => {
  it('keeps the snapshot, date and note of a site that stays in a reordered list, and retakes it on request', async () => {
    const { store, shortlists, projectId } = await setup();
    const first = await shortlists.put(
      projectId,
      { items: [{ siteId: site.big, score: 0.93, note: 'Lot labellisé' }, { siteId: site.cheap }] },
      staff,
    );
    expect(first.items.map((i) => [i.rank, i.siteId, i.snapshot.source])).toEqual([
      [1, site.big, 'match'],
      [2, site.cheap, 'computed'],
    ]);
    store.sites.get(site.big)!.facts.powerAvailableMw = 20;

    const reordered = await shortlists.put(
      projectId,
      {
        items: [{ siteId: site.cheap }, { siteId: site.big, score: 0.1 }, { siteId: site.small, note: null }],
      },
      staff,
    );
    const [cheap, big, small] = reordered.items;
    expect([cheap.siteId, big.siteId, small.siteId]).toEqual([site.cheap, site.big, site.small]);
    expect(big).toMatchObject({
      rank: 2,
      score: 0.93,
      note: 'Lot labellisé',
      addedAt: first.items[0].addedAt,
    });
    expect(big.snapshot.takenAt).toBe(first.items[0].snapshot.takenAt);
    expect(big.changedSince.map((c) => [c.field, c.then, c.now])).toEqual([['powerAvailableMw', 12, 20]]);
    expect(small.note).toBeNull();

    const refreshed = await shortlists.put(
      projectId,
      {
        items: [{ siteId: site.cheap }, { siteId: site.big, refreshSnapshot: true }, { siteId: site.small }],
      },
      staff,
    );
    const big2 = refreshed.items[1];
    expect(big2.changedSince).toEqual([]);
    expect(big2.snapshot.site.powerAvailableMw).toBe(20);
    expect(big2.snapshot.source).toBe('computed');
    expect(big2.addedAt).toBe(first.items[0].addedAt);
  });

  it('refuses an unknown site naming the item, and changes nothing', async () => {
    const { store, shortlists, projectId } = await setup();
    await shortlists.put(projectId, { items: [{ siteId: site.big }] }, staff);
    const r = await refusal(
      shortlists.put(projectId, { items: [{ siteId: site.big }, { siteId: crypto.randomUUID() }] }, staff),
    );
    expect(r).toEqual({ status: 400, fields: ['items.1.siteId'] });
    expect((await shortlists.get(projectId, staff)).items.map((i) => i.siteId)).toEqual([site.big]);
    expect(store.audit.filter((e) => e.entity === 'shortlist')).toHaveLength(1);
  });

  it('keeps a deleted site with its snapshot, flagged, and audits each change with the ranks before and after', async () => {
    const { store, shortlists, projectId } = await setup();
    await shortlists.put(projectId, { items: [{ siteId: site.big }, { siteId: site.cheap }] }, staff);
    store.sites.delete(site.big);
    const after = await shortlists.put(
      projectId,
      { items: [{ siteId: site.cheap }, { siteId: site.big }] },
      staff,
    );
    expect(after.items[1]).toMatchObject({
      siteId: site.big,
      siteDeleted: true,
      site: null,
      changedSince: [],
    });
    expect(after.items[1].snapshot.site.name).toBe('Grand lot');
    const audits = store.audit.filter((e) => e.entity === 'shortlist') as Array<{
      before: any[];
      after: any[];
    }>;
    expect(audits[1].before.map((x) => x.siteId)).toEqual([site.big, site.cheap]);
    expect(audits[1].after.map((x) => x.siteId)).toEqual([site.cheap, site.big]);
  });

  it('compares the shortlist by default and refuses fewer than 2 sites or unknown ones', async () => {
    const { shortlists, projectId } = await setup();
    await shortlists.put(projectId, { items: [{ siteId: site.big }] }, staff);
    expect(await refusal(shortlists.compare(projectId, {}, staff))).toEqual({
      status: 400,
      fields: ['siteIds'],
    });
    const unknown = `${site.big},${crypto.randomUUID()}`;
    expect(await refusal(shortlists.compare(projectId, { siteIds: unknown }, staff))).toEqual({
      status: 400,
      fields: ['siteIds'],
    });
    const c = await shortlists.compare(projectId, { siteIds: `${site.small},${site.big}` }, staff);
    expect(c.sites.map((s) => [s.siteId, s.rank, s.inShortlist])).toEqual([
      [site.small, null, false],
      [site.big, 1, true],
    ]);
    const area = c.rows.find((r) => r.key === 'availableAreaHa');
    expect(area?.values.map((v) => v.best)).toEqual([false, true]);
  });

  it("refuses another territory's staff before reading anything", async () => {
    const { shortlists, projectId } = await setup();
    expect((await refusal(shortlists.get(projectId, stranger))).status).toBe(403);
    expect((await refusal(shortlists.put(projectId, { items: 'bad' }, stranger))).status).toBe(403);
  });
});

describe('ShortlistExports', () => {
  it('audits every download and names it by code name, language and date', async () => {
    const { store, shortlists, exports, projectId } = await setup();
    await shortlists.put(projectId, { items: [{ siteId: site.big }, { siteId: site.cheap }] }, staff);
    const csv = await exports.export(projectId, 'csv', { lang: 'en' }, staff);
    expect(csv.filename).toMatch(/^shortlist-[a-z0-9-]+-en-2026-05-04\.csv$/);
    expect(csv.filename).not.toContain(projectId.slice(0, 8));
    expect(csv.disposition).toBe(`attachment; filename="${csv.filename}"`);
    const geo = JSON.parse(String((await exports.export(projectId, 'geojson', {}, staff)).body));
    expect(geo.features.map((f: { properties: { rank: number } }) => f.properties.rank)).toEqual([1, 2]);
    expect(
      store.audit.filter((e) => e.action === 'export').map((e) => (e.after as { format: string }).format),
    ).toEqual(['csv', 'geojson']);
    expect((await refusal(exports.export(projectId, 'csv', {}, stranger))).status).toBe(403);
  });

  it('hands the PDF renderer the items in rank order in the asked language, and refuses an empty shortlist', async () => {
    const { shortlists, exports, rendered, projectId } = await setup();
    expect(await refusal(exports.export(projectId, 'pdf', {}, staff))).toEqual({
      status: 400,
      fields: ['items'],
    });
    await shortlists.put(projectId, { items: [{ siteId: site.cheap }, { siteId: site.big }] }, staff);
    const pdf = await exports.export(projectId, 'pdf', { lang: 'en' }, staff);
    expect(pdf.contentType).toBe('application/pdf');
    expect(rendered).toHaveLength(1);
    expect(rendered[0].lang).toBe('en');
    expect(rendered[0].doc.items.map((i) => [i.rank, i.site.name])).toEqual([
      [1, 'Lot pas cher'],
      [2, 'Grand lot'],
    ]);
    // The overview marker comes from the store's Lambert-93 point, not a projection of lon/lat.
    expect(rendered[0].doc.items.map((i) => i.site.locationL93)).toEqual([
      [607784, 6877077],
      [607784, 6877077],
    ]);
  });
});
