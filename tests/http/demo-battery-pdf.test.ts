/**
 * The document an agency would send: the battery-cell template matched against the demo
 * inventory, the top three single sites shortlisted, exported as a French PDF. The file is
 * kept in test-results/ (CI checks it with poppler and renders a page).
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
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

describe(`battery-cell shortlist PDF on the demo data (${engineName})`, () => {
  it('exports cover, overview, three site pages and a comparison with the matched sites', async () => {
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
    fs.mkdirSync(path.join(projectRoot, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(projectRoot, 'test-results', `demo-battery-cells-${engineName}.pdf`), bytes);
    const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
    expect(pdf.numPages).toBe(2 + 3 + 1);
    let text = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      text += `${(await page.getTextContent()).items.map((it: any) => it.str).join(' ')}\n`;
    }
    for (const r of pool) {
      const first = (r.name as string).split(/\s+/).slice(0, 2).join(' ');
      expect(text).toContain(first);
    }
    expect(text).toMatch(/Confidentiel/);
    expect(text).toContain('Camille Martin');
  });
});
