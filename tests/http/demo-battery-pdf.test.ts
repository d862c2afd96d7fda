/**
 * The document an agency would send: the battery-cell template matched against the demo
 * inventory, the top three single sites shortlisted, exported as a French PDF; then the same
 * kind of shortlist saved the way the UI saves it (the match results' own snapshots, a
 * near-miss with its failures) and exported in English, PDF and CSV, with no French
 * explanation left in them. The files are kept in test-results/ (CI checks them with poppler
 * and renders a page).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import type { MatchResponse } from '../../map-ui/src/api/types.ts';
import { addNearMissBody, addResultBody } from '../../map-ui/src/features/projects/shortlist-logic.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let staff: Client;
const battery = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'geodata/templates/project-templates.json'), 'utf8'),
).templates.find((t: { id: string }) => t.id === 'battery-cells');

beforeAll(async () => {
  app = await startTestApp('demo');
  staff = await app.login('staff', { organisation: 'AD Grand Est', name: 'Camille Martin' });
});
afterAll(async () => {
  await app?.close();
});

async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    pages.push((await page.getTextContent()).items.map((it: any) => it.str).join(' '));
  }
  await pdf.destroy();
  return pages;
}

const keep = (name: string, bytes: Uint8Array | string) => {
  fs.mkdirSync(path.join(projectRoot, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(projectRoot, 'test-results', name), bytes);
};

/** Words of the engine's French explanations that have no place in an English document. */
const FRENCH = [
  ' demandés',
  ' demandée',
  ' disponibles',
  'à confirmer',
  ' mois',
  'raccordement',
  'somme pondérée',
];

describe(`battery-cell shortlist PDF on the demo data (${engineName})`, () => {
  it('exports cover, overview, three site sheets and a comparison with the matched sites', async () => {
    const project = await staff.send('POST', '/api/projects', {
      name: 'Projet Lithium Est',
      sector: 'battery_cells',
      originCountry: 'KR',
      jobs: 1500,
      investmentEur: 2_000_000_000,
      needs: battery.needs,
    });
    expect(project.status).toBe(201);
    const match = await staff.send('POST', '/api/match', { needs: battery.needs, limit: 20 });
    const singles = match.body.results.filter((r: { siteIds?: string[] }) => !r.siteIds).slice(0, 3);
    const pool = singles.length === 3 ? singles : [...singles, ...match.body.nearMisses].slice(0, 3);
    expect(pool).toHaveLength(3);
    const put = await staff.send('PUT', `/api/projects/${project.body.id}/shortlist`, {
      items: pool.map((r: { siteId: string }) => ({
        siteId: r.siteId,
        note: 'Proposé après analyse du cahier des charges.',
      })),
    });
    expect(put.status).toBe(200);
    const res = await staff.fetch(`/api/projects/${project.body.id}/shortlist.pdf?lang=fr`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    keep(`demo-battery-cells-${engineName}.pdf`, bytes);
    const pages = await pdfPages(bytes);
    // Cover, overview, the three sheets (some on more than one page), the comparison.
    expect(pages.at(-1)).toContain('Comparaison des sites');
    expect(pages[0].replace(/\s+/g, ' ')).toContain(`Fiches sites p. 3–${pages.length - 1}`);
    const text = pages.join('\n');
    for (const r of pool) {
      const first = (r.name as string).split(/\s+/).slice(0, 2).join(' ');
      expect(text).toContain(first);
    }
    expect(text).toMatch(/Confidentiel/);
    expect(text).toContain('Camille Martin');
    // Drive times beside the distances, the 30-minute labour pool, and what "≈" means (issue 11).
    const flat = text.replace(/[\s\u00a0\u202f]+/g, ' ');
    expect(flat).toMatch(/Bassin d’emploi à 30 min ≈ [\d ]+ actifs \([\d ]+ chômeurs\)/);
    expect(flat).toMatch(/\d+(,\d)? km · ≈\d+(,\d)? min/);
    expect(flat).toContain('≈ temps de trajet et bassin d’emploi estimés à vol d’oiseau');
  });

  it('saved as the UI saves it, exports an English PDF and CSV with every explanation in English', async () => {
    const project = await staff.send('POST', '/api/projects', {
      name: 'Projet Lithium Ouest',
      sector: 'battery_cells',
      needs: battery.needs,
    });
    expect(project.status).toBe(201);
    // The UI runs the match in French (its default language)…
    const match = await staff.fetch('/api/match', {
      method: 'POST',
      json: { needs: battery.needs, limit: 20 },
      headers: { 'accept-language': 'fr' },
    });
    const body = (await match.json()) as MatchResponse;
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.nearMisses.length).toBeGreaterThan(0);
    // …and saves what it shows: each result's snapshot, then a near-miss with its failures.
    let items: any[] = [];
    const save = async (next: any[] | null) => {
      expect(next).not.toBeNull();
      const put = await staff.send('PUT', `/api/projects/${project.body.id}/shortlist`, { items: next });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      items = put.body.items;
    };
    for (const r of body.results.filter((r) => !r.siteIds).slice(0, 2))
      await save(addResultBody(items, r, body.algorithmVersion, 20));
    await save(addNearMissBody(items, body.nearMisses[0], body.algorithmVersion, 20));
    expect(items.map((i) => i.snapshot.source)).toEqual(['match', 'match', 'computed']);
    expect(items[0].snapshot.scoreKind).toBe('weighted_sum');
    expect(items[0].snapshot.criteria[0].reason_en).toBeTruthy();

    const pdf = await staff.fetch(`/api/projects/${project.body.id}/shortlist.pdf?lang=en`);
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    keep(`demo-battery-cells-${engineName}-en.pdf`, bytes);
    const text = (await pdfPages(bytes)).join('\n').replace(/[\s\u00a0\u202f]+/g, ' ');
    for (const french of FRENCH) expect(text, french).not.toContain(french);
    // What the engine said, in English and whole: the method, every reason, flag and confidence
    // note of the shortlisted results, the near-miss's failure. Compared without spaces, since a
    // line may break after a dash ("50–" / "150 ha").
    const squash = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, '');
    const all = squash(text);
    expect(text).toContain('weighted sum');
    for (const r of body.results.filter((r) => !r.siteIds).slice(0, 2)) {
      for (const c of r.criteria) expect(all, c.key).toContain(squash(c.reason_en));
      for (const f of r.flags) expect(all, f.code).toContain(squash(f.text_en));
      for (const n of r.confidenceNotes) expect(all, n.criterion).toContain(squash(n.text_en));
    }
    expect(all).toContain(squash(body.nearMisses[0].failed[0].reason_en));

    const csvRes = await staff.fetch(`/api/projects/${project.body.id}/shortlist.csv?lang=en`);
    expect(csvRes.status).toBe(200);
    const csv = await csvRes.text();
    keep(`demo-battery-cells-${engineName}-en.csv`, csv);
    for (const french of FRENCH) expect(csv, french).not.toContain(french);
    const first = body.results[0];
    expect(csv).toContain(first.criteria[0].reason_en);
    expect(csv).toContain(body.nearMisses[0].failed[0].reason_en);
    // Drive times and the 30-minute labour pool, with how they were computed (issue 11).
    const [row1] = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    const at = (name: string) => row1[name];
    expect(Number(at('driveMinutes_motorway_access'))).toBeGreaterThan(0);
    expect(Number(at('labourPool30_active'))).toBeGreaterThan(Number(at('labourPool30_unemployed')));
    expect(at('driveMethod')).toBe('estimate');
    const frCsv = await (await staff.fetch(`/api/projects/${project.body.id}/shortlist.csv?lang=fr`)).text();
    expect(frCsv).toContain(first.criteria[0].reason_fr);
  });
});
