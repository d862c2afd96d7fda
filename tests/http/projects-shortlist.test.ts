/**
 * Shortlists over HTTP: snapshots (score, breakdown and site facts kept from the day a site was
 * added), `changedSince` after a site edit, reorder and notes, refusals of bad items, the
 * comparison with the best value per row flagged, and the CSV, GeoJSON and PDF downloads
 * (the PDF read back with pdfjs-dist), including a site deleted after it was shortlisted.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgProjectsStore } from '../../api/src/modules/projects/projects.store.pg.ts';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const GPSO = '200059889';

let app: TestApp;
let admin: Client;
let staff: Client;
let staffOther: Client;
let projectId: string;
const site: Record<string, string> = {};

// Hand-placed infrastructure around Limay (78) so every site gets access distances.
const POINTS: Array<[string, string, number, number, Record<string, unknown>]> = [
  ['substation', 'Poste 225 kV de Porcheville', 1.76, 48.995, { voltage_kv: 225 }],
  ['motorway_access', 'Échangeur A13 Mantes-Est', 1.7, 48.98, {}],
  ['rail_freight', 'Gare fret de Limay', 1.735, 48.985, {}],
];

async function addSite(key: string, props: Record<string, unknown>, lon: number, lat: number) {
  const r = await admin.send('POST', '/api/sites', siteBody(props, rect(lon, lat)));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  site[key] = r.body.id;
}

const today = () => new Date().toISOString().slice(0, 10);

async function readPdf(buf: ArrayBuffer) {
  const pdf = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    pages.push(
      content.items
        .map((it) => ('str' in it ? it.str : ''))
        .join(' ')
        .replace(/[\u00a0\u202f]/g, ' '),
    );
  }
  const numPages = pdf.numPages;
  await pdf.destroy();
  return { numPages, pages, text: pages.join('\n') };
}

/**
 * The sheets of a French shortlist PDF: the page each named site's sheet starts on (its name with
 * the score box), checked against the cover's contents ("Fiches sites p. 3–n") and the
 * comparison closing the document. A sheet may run over several pages; none is missing.
 */
function sheetPages(pdf: { numPages: number; pages: string[] }, names: string[]): number[] {
  const flat = pdf.pages.map((p) => p.replace(/\s+/g, ' '));
  expect(flat[0]).toContain(`Fiches sites p. 3–${pdf.numPages - 1}`);
  expect(flat.at(-1)).toContain('Comparaison des sites');
  const starts = names.map((n) => flat.findIndex((p) => p.includes(n) && p.includes('ADÉQUATION')));
  for (const s of starts) expect(s).toBeGreaterThanOrEqual(2);
  return starts;
}

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.login('admin');
  staff = await app.login('staff', { territories: [GPSO], organisation: 'GPS&O', name: 'Claire Dubois' });
  staffOther = await app.login('staff', { territories: ['200058014'] });
  for (const [kind, name, lon, lat, extra] of POINTS) {
    await app.db.knex('infrastructure').insert({
      kind,
      name,
      source: 'test',
      source_id: name,
      geom: app.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lon, lat]),
      ...extra,
    });
  }
  await addSite(
    'big',
    {
      name: 'Hauts-Reposoirs Lot A',
      availableAreaHa: 15,
      powerAvailableMw: 12,
      priceEurM2: 65,
      availableFrom: '2025-01-15',
      railSiding: true,
    },
    1.74,
    48.99,
  );
  await addSite(
    'cheap',
    {
      name: 'Parc d’activités Épône',
      communeInsee: '78217',
      communeName: 'Épône',
      availableAreaHa: 8,
      powerAvailableMw: 4,
      priceEurM2: 30,
      railSiding: false,
    },
    1.81,
    48.955,
  );
  await addSite(
    'small',
    {
      name: 'Friche Porcheville',
      communeInsee: '78501',
      communeName: 'Porcheville',
      availableAreaHa: 3,
      powerAvailableMw: null,
      brownfield: true,
    },
    1.77,
    48.975,
  );
  await addSite('doomed', { name: 'Parcelle à supprimer', powerAvailableMw: 8 }, 1.745, 48.993);
  const p = await staff.send('POST', '/api/projects', {
    name: 'Projet Volta',
    sector: 'battery_cells',
    originCountry: 'DE',
    needs: { surfaceHa: { min: 0.5 }, powerMw: 10, railSiding: 'preferred' },
  });
  expect(p.status).toBe(201);
  projectId = p.body.id;
});
afterAll(async () => {
  await app?.close();
});

const matchCriteria = [
  {
    key: 'surface',
    label: 'Surface',
    weight: 0.5,
    score: 0.9,
    value: 1,
    unit: 'ha',
    known: true,
    reason: 'ok',
    reason_fr: '1 ha',
    reason_en: '1 ha',
    raw: 1,
    contribution: 0.45,
  },
  {
    key: 'power',
    label: 'Puissance',
    weight: 0.5,
    score: 1,
    value: 12,
    unit: 'MW',
    known: true,
    reason_fr: '12 MW',
    reason_en: '12 MW',
  },
];

describe(`shortlist (${engineName})`, () => {
  it('saves items in order with a snapshot of the score, breakdown and site facts', async () => {
    const r = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [
        {
          siteId: site.big,
          score: 0.93,
          confidence: 0.9,
          criteria: matchCriteria,
          algorithmVersion: 'landmatch-match/1.0.0',
          note: 'Lot labellisé',
        },
        { siteId: site.cheap },
        { siteId: site.small, note: 'Friche à dépolluer' },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const items = r.body.items;
    expect(items.map((i: { siteId: string; rank: number }) => [i.rank, i.siteId])).toEqual([
      [1, site.big],
      [2, site.cheap],
      [3, site.small],
    ]);
    expect(items[0]).toMatchObject({
      score: 0.93,
      confidence: 0.9,
      note: 'Lot labellisé',
      siteDeleted: false,
      changedSince: [],
    });
    expect(items[0].snapshot.source).toBe('match');
    expect(items[0].snapshot.site).toMatchObject({
      name: 'Hauts-Reposoirs Lot A',
      powerAvailableMw: 12,
      priceEurM2: 65,
    });
    expect(items[0].snapshot.criteria[0]).toEqual({
      key: 'surface',
      label: 'Surface',
      weight: 0.5,
      score: 0.9,
      value: 1,
      unit: 'ha',
      known: true,
      reason: 'ok',
      reason_fr: '1 ha',
      reason_en: '1 ha',
    });
    expect(items[0].snapshot.access.motorway_access).toBeGreaterThan(0);
    // Added from the map, without a score: scored against the project's needs by the engine.
    expect(items[1].snapshot.source).toBe('computed');
    expect(items[1].score).toBeGreaterThan(0);
    expect(items[1].score).toBeLessThanOrEqual(1);
    expect(items[1].snapshot.criteria.map((c: { key: string }) => c.key)).toContain('power');
    expect(items[1].snapshot.failed.map((f: { key: string }) => f.key)).toContain('powerMw');
    expect(items[2].site.facts.name).toBe('Friche Porcheville');
    const project = await staff.get(`/api/projects/${projectId}`);
    expect(project.body.shortlistCount).toBe(3);
  });

  it('refuses duplicates, unknown sites, malformed ids, unknown fields and more than 20 items, naming the item', async () => {
    const dup = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [{ siteId: site.big }, { siteId: site.big }],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details.map((d: { field: string }) => d.field)).toEqual(['items.1.siteId']);
    const unknown = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [
        { siteId: site.big },
        { siteId: site.cheap },
        { siteId: '00000000-0000-4000-8000-000000000001' },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d: { field: string }) => d.field)).toEqual(['items.2.siteId']);
    expect(unknown.body.error.message).toContain('item 2');
    const malformed = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [{ siteId: 'abc' }],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('items.0.siteId');
    const extra = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [{ siteId: site.big, colour: 1 }],
    });
    expect(extra.status).toBe(400);
    const badScore = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [{ siteId: site.big, score: 3 }],
    });
    expect(badScore.status).toBe(400);
    expect(badScore.body.error.details[0].field).toBe('items.0.score');
    const many = Array.from({ length: 21 }, (_, i) => ({
      siteId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const tooMany = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, { items: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].field).toBe('items');
    // Nothing changed.
    const now = await staff.get(`/api/projects/${projectId}/shortlist`);
    expect(now.body.items).toHaveLength(3);
  });

  it('reports what changed on the live site since the snapshot', async () => {
    const patch = await admin.send('PATCH', `/api/sites/${site.big}`, {
      properties: { powerAvailableMw: 20, availableFrom: '2026-03-01' },
    });
    expect(patch.status).toBe(200);
    const { body } = await staff.get(`/api/projects/${projectId}/shortlist`);
    const big = body.items.find((i: { siteId: string }) => i.siteId === site.big);
    // Each change is { field, then, now }; read as triples.
    const triples = big.changedSince.map((c: Record<string, unknown>) => [c.field, c.then, c.now]);
    expect(triples).toEqual([
      ['availableFrom', '2025-01-15', '2026-03-01'],
      ['powerAvailableMw', 12, 20],
    ]);
    expect(Object.keys(big.changedSince[0]).sort()).toEqual(['field', 'now', 'then']);
    expect(big.snapshot.site.powerAvailableMw).toBe(12);
    expect(big.site.facts.powerAvailableMw).toBe(20);
    const cheap = body.items.find((i: { siteId: string }) => i.siteId === site.cheap);
    expect(cheap.changedSince).toEqual([]);
  });

  it('keeps the original snapshot and note when a site stays in a reordered list, and retakes it on request', async () => {
    const before = (await staff.get(`/api/projects/${projectId}/shortlist`)).body.items;
    const r = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [{ siteId: site.cheap }, { siteId: site.big, score: 0.1 }, { siteId: site.small, note: null }],
    });
    expect(r.status).toBe(200);
    const [cheap, big, small] = r.body.items;
    expect([cheap.rank, big.rank, small.rank]).toEqual([1, 2, 3]);
    expect(big.siteId).toBe(site.big);
    expect(big.score).toBe(0.93);
    expect(big.note).toBe('Lot labellisé');
    expect(big.addedAt).toBe(before[0].addedAt);
    expect(big.snapshot.takenAt).toBe(before[0].snapshot.takenAt);
    expect(big.changedSince.map((c: { field: string }) => c.field)).toContain('powerAvailableMw');
    expect(small.note).toBeNull();

    const refreshed = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [{ siteId: site.cheap }, { siteId: site.big, refreshSnapshot: true }, { siteId: site.small }],
    });
    const big2 = refreshed.body.items[1];
    expect(big2.changedSince).toEqual([]);
    expect(big2.snapshot.site.powerAvailableMw).toBe(20);
    expect(big2.snapshot.source).toBe('computed');
    expect(big2.addedAt).toBe(before[0].addedAt);
  });

  it('audits every shortlist change with the ranks before and after', async () => {
    const rows = await app.db
      .knex('audit_log')
      .where({ entity: 'shortlist', entity_id: projectId })
      .orderBy('id');
    expect(rows.length).toBe(3);
    expect(rows[1].before.map((x: { siteId: string }) => x.siteId)).toEqual([
      site.big,
      site.cheap,
      site.small,
    ]);
    expect(rows[1].after.map((x: { siteId: string }) => x.siteId)).toEqual([
      site.cheap,
      site.big,
      site.small,
    ]);
  });
});

describe(`compare (${engineName})`, () => {
  it('compares the shortlist by default, flagging the best value of each row', async () => {
    const { status, body } = await staff.get(`/api/projects/${projectId}/compare`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.sites.map((s: { siteId: string }) => s.siteId)).toEqual([site.cheap, site.big, site.small]);
    const row = (key: string) => body.rows.find((r: { key: string }) => r.key === key);
    const bestOf = (key: string) =>
      row(key)
        .values.filter((v: { best: boolean }) => v.best)
        .map((v: { siteId: string }) => v.siteId);
    expect(bestOf('availableAreaHa')).toEqual([site.big]);
    expect(bestOf('powerAvailableMw')).toEqual([site.big]);
    expect(bestOf('priceEurM2')).toEqual([site.cheap]);
    expect(bestOf('railSiding')).toEqual([site.big]);
    expect(bestOf('brownfield')).toEqual([site.small]);
    // Same status everywhere: nothing stands out.
    expect(bestOf('status')).toEqual([]);
    expect(row('priceEurM2').values.map((v: { value: unknown }) => v.value)).toEqual([30, 65, null]);
    expect(row('score').values.every((v: { value: unknown }) => typeof v.value === 'number')).toBe(true);
    expect(bestOf('score')).toHaveLength(1);
    const power = row('criterion.power');
    expect(power.label).toEqual({ fr: expect.any(String), en: expect.any(String) });
    expect(
      row('access.motorway_access').values.every((v: { value: unknown }) => typeof v.value === 'number'),
    ).toBe(true);
    expect(bestOf('access.motorway_access')).toHaveLength(1);
  });

  it('compares chosen sites, in or out of the shortlist, and refuses fewer than 2 or more than 6', async () => {
    const r = await staff.get(`/api/projects/${projectId}/compare?siteIds=${site.doomed},${site.cheap}`);
    expect(r.status).toBe(200);
    expect(r.body.sites).toMatchObject([
      { siteId: site.doomed, inShortlist: false, rank: null },
      { siteId: site.cheap, inShortlist: true, rank: 1 },
    ]);
    const one = await staff.get(`/api/projects/${projectId}/compare?siteIds=${site.cheap}`);
    expect(one.status).toBe(400);
    expect(one.body.error.details[0].field).toBe('siteIds');
    const seven = Array.from(
      { length: 7 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    expect((await staff.get(`/api/projects/${projectId}/compare?siteIds=${seven.join(',')}`)).status).toBe(
      400,
    );
    const unknown = await staff.get(`/api/projects/${projectId}/compare?siteIds=${site.cheap},${seven[0]}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain(seven[0]);
  });
});

describe(`exports (${engineName})`, () => {
  it('places each PDF marker inside its plot in Lambert-93, from the stored geom_l93', async () => {
    const ids = Object.values(site);
    const live = await new PgProjectsStore(app.db.knex).liveSites(ids, { geometry: true });
    expect(live.size).toBeGreaterThan(0);
    for (const [id, l] of live) {
      const [x, y] = l.locationL93!;
      const { rows } = await app.db.knex.raw(
        'SELECT ST_Contains(geom_l93, ST_SetSRID(ST_MakePoint(?, ?), 2154)) AS inside FROM sites WHERE id = ?',
        [x, y, id],
      );
      expect(rows[0].inside, id).toBe(true);
    }
    // Without the geometry (the CSV path) no projection is read.
    expect((await new PgProjectsStore(app.db.knex).liveSites(ids)).get(ids[0])?.locationL93).toBeUndefined();
  });

  it('downloads the shortlist as CSV, named by code name, language and date (or "confidential" when asked)', async () => {
    const res = await staff.fetch(`/api/projects/${projectId}/shortlist.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="shortlist-projet-volta-fr-${today()}.csv"`,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    // UTF-8 BOM, so spreadsheet software reads the accents right (res.text() would strip it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['rank', 'siteId', 'name']);
    const first = lines[1].split(',');
    expect(first[0]).toBe('1');
    expect(first[1]).toBe(site.cheap);
    expect(first[2]).toBe('Parc d’activités Épône');
    expect(first[header.indexOf('priceEurM2')]).toBe('30');
    expect(lines[2]).toContain('Hauts-Reposoirs Lot A');
    expect(text).not.toContain('Projet Volta');

    const secret = await staff.fetch(
      `/api/projects/${projectId}/shortlist.csv?filename=confidential&lang=en`,
    );
    expect(secret.headers.get('content-disposition')).toBe(
      `attachment; filename="shortlist-confidential-en-${today()}.csv"`,
    );
    const byId = await staff.fetch(`/api/projects/${projectId}/shortlist.csv?filename=id`);
    expect(byId.headers.get('content-disposition')).toBe(
      `attachment; filename="shortlist-${projectId.slice(0, 8)}-fr-${today()}.csv"`,
    );
    const bad = await staff.fetch(`/api/projects/${projectId}/shortlist.csv?filename=secret`);
    expect(bad.status).toBe(400);
  });

  it('downloads the shortlist as GeoJSON plot outlines in rank order', async () => {
    const res = await staff.fetch(`/api/projects/${projectId}/shortlist.geojson`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(res.headers.get('content-disposition')).toContain(`shortlist-projet-volta-fr-${today()}.geojson`);
    const fc = (await res.json()) as any;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual([site.cheap, site.big, site.small]);
    expect(fc.features[1].geometry.type).toBe('MultiPolygon');
    expect(fc.features[1].properties).toMatchObject({
      rank: 2,
      name: 'Hauts-Reposoirs Lot A',
      powerAvailableMw: 20,
      siteDeleted: false,
    });
  });

  it('renders the PDF with every site, the accented names intact, one sheet per site', async () => {
    const res = await staff.fetch(`/api/projects/${projectId}/shortlist.pdf?lang=fr`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="shortlist-projet-volta-fr-${today()}.pdf"`,
    );
    const buf = await res.arrayBuffer();
    expect(Buffer.from(buf.slice(0, 5)).toString()).toBe('%PDF-');
    const read = await readPdf(buf);
    const { text } = read;
    // Cover + overview + the 3 sheets in rank order + the comparison.
    const { body: list } = await staff.get(`/api/projects/${projectId}/shortlist`);
    const starts = sheetPages(
      read,
      list.items.map((i: { site: { facts: { name: string } } }) => i.site.facts.name),
    );
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(3);
    for (const name of [
      'Hauts-Reposoirs Lot A',
      'Parc d’activités Épône',
      'Friche Porcheville',
      'Projet Volta',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('Claire Dubois');
    expect(text).toContain('Échangeur A13 Mantes-Est');
    const en = await staff.fetch(`/api/projects/${projectId}/shortlist.pdf?lang=en`);
    expect(en.status).toBe(200);
    expect((await readPdf(await en.arrayBuffer())).text).toContain('Germany');
    const bad = await staff.get(`/api/projects/${projectId}/shortlist.pdf?lang=de`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('lang');
  });

  it('keeps a deleted site in the list with its snapshot, and still exports', async () => {
    await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [
        { siteId: site.cheap },
        { siteId: site.big },
        { siteId: site.small },
        { siteId: site.doomed, note: 'à revoir' },
      ],
    });
    expect((await admin.send('DELETE', `/api/sites/${site.doomed}`)).status).toBe(204);
    const { body } = await staff.get(`/api/projects/${projectId}/shortlist`);
    const doomed = body.items[3];
    expect(doomed).toMatchObject({
      siteId: site.doomed,
      siteDeleted: true,
      site: null,
      note: 'à revoir',
      changedSince: [],
    });
    expect(doomed.snapshot.site.name).toBe('Parcelle à supprimer');
    const csv = await (await staff.fetch(`/api/projects/${projectId}/shortlist.csv`)).text();
    const last = csv.trim().split('\r\n').at(-1)!;
    expect(last).toContain('Parcelle à supprimer');
    expect(last).toContain(',true,');
    const geo = (await (await staff.fetch(`/api/projects/${projectId}/shortlist.geojson`)).json()) as any;
    expect(geo.features[3].geometry).toBeNull();
    const pdf = await staff.fetch(`/api/projects/${projectId}/shortlist.pdf`);
    expect(pdf.status).toBe(200);
    const read = await readPdf(await pdf.arrayBuffer());
    sheetPages(read, ['Parcelle à supprimer']);
    expect(read.text).toContain('Parcelle à supprimer');
    // Re-saving the list keeps the deleted site (its snapshot), it is only refused as a new item.
    const again = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
      items: [{ siteId: site.doomed }, { siteId: site.cheap }],
    });
    expect(again.status).toBe(200);
    expect(again.body.items[0].siteDeleted).toBe(true);
  });

  it('refuses the PDF of an empty shortlist but exports empty CSV and GeoJSON', async () => {
    const p = await staff.send('POST', '/api/projects', { name: 'Vide', sector: 'other' });
    const pdf = await staff.get(`/api/projects/${p.body.id}/shortlist.pdf`);
    expect(pdf.status).toBe(400);
    const csv = await staff.fetch(`/api/projects/${p.body.id}/shortlist.csv`);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(1);
    const geo = await staff.get(`/api/projects/${p.body.id}/shortlist.geojson`);
    expect(geo.body.features).toEqual([]);
  });

  it('audits exports and refuses them to staff of another territory', async () => {
    expect((await staffOther.get(`/api/projects/${projectId}/shortlist.csv`)).status).toBe(403);
    const rows = await app.db
      .knex('audit_log')
      .where({ entity: 'project', entity_id: projectId, action: 'export' });
    expect(rows.map((r) => r.after.format)).toEqual(expect.arrayContaining(['csv', 'geojson', 'pdf']));
  });
});
