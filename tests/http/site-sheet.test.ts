/**
 * The public one-page sheet of a site (issue 13 item 10), read back with poppler: one page in
 * each language, the site's name, key facts, access and contact; the English sheet carries no
 * French template text; unpublished sites are a 404 for everyone (the sheet is public).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;
let site: { id: string; name: string; contact: string };
let hidden: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-sheet-'));

async function pdf(c: Client, url: string): Promise<{ text: string; pages: number; res: Response }> {
  const res = await c.fetch(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), res };
}

/**
 * Collapses pdftotext's layout spacing and line breaks so phrases match across columns, in lower
 * case (section titles are printed in capitals).
 */
const flat = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();

beforeAll(async () => {
  app = await startTestApp('demo');
  admin = await app.login('admin');
  const row = await app.db
    .knex('sites')
    .where({ published: true })
    .whereNotNull('contact_name')
    .whereNotNull('site_epci_siren')
    .orderBy('site_nom')
    .first('id', 'site_nom', 'contact_name');
  site = { id: String(row.id), name: row.site_nom, contact: row.contact_name };
  hidden = String((await app.db.knex('sites').where({ published: false }).first('id')).id);
}, 900_000);
afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`site sheet PDF (${engineName})`, () => {
  it('prints the site, its facts, access, labour pool, contact and source on one French page', async () => {
    const { text, pages, res } = await pdf(app.anonymous, `/api/sites/${site.id}/sheet.pdf?lang=fr`);
    expect(pages).toBe(1);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="fiche-site-.+-fr-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const t = flat(text);
    // The heading wraps long names: compare its first words.
    expect(t).toContain(site.name.split(' ').slice(0, 3).join(' ').toLowerCase());
    expect(t).toContain('fiche site');
    expect(t).toContain('faits clés');
    expect(t).toContain('surface disponible');
    expect(t).toContain('bassin d’emploi');
    expect(t).toContain('source et fraîcheur');
    expect(t).toContain('contact');
    expect(t).toContain(site.contact.split(' ')[0].toLowerCase());
    expect(t).toContain('document public');
    expect(t).not.toContain('confidentiel');
    expect(t).toMatch(/\d+(,\d)? km/);
  });

  it('is fully English with lang=en: no French template text', async () => {
    const { text, pages, res } = await pdf(app.anonymous, `/api/sites/${site.id}/sheet.pdf?lang=en`);
    expect(pages).toBe(1);
    expect(res.headers.get('content-disposition')).toMatch(/filename="site-sheet-.+-en-/);
    const t = flat(text);
    for (const en of [
      'Site sheet',
      'Key facts',
      'Available area',
      'Labour pool',
      'Source and freshness',
      'Public document',
      'Contact',
    ]) {
      expect(t).toContain(en.toLowerCase());
    }
    // Template text only (the site's own name, commune and contact are French whatever the language).
    for (const fr of [
      'Fiche site',
      'Faits clés',
      'Surface disponible',
      'Bassin d’emploi',
      'Source et fraîcheur',
      'Document public',
      'non renseigné',
      'Édité le',
      'Fiche mise à jour',
      'Qualité des données',
      'Intéressé',
      'chômeurs',
      'à vol d’oiseau',
      'immédiatement',
      'en voiture',
      'Maturité',
      'Parcelles voisines',
    ]) {
      expect(t, fr).not.toContain(fr.toLowerCase());
    }
  });

  it('is the public view for everyone: 404 for an unpublished site, even for an admin', async () => {
    expect((await app.anonymous.get(`/api/sites/${hidden}/sheet.pdf`)).status).toBe(404);
    expect((await admin.get(`/api/sites/${hidden}/sheet.pdf`)).status).toBe(404);
    expect(
      (await app.anonymous.get('/api/sites/00000000-0000-4000-8000-000000000099/sheet.pdf')).status,
    ).toBe(404);
  });

  it('names a bad language or id with a 400', async () => {
    const lang = await app.anonymous.get(`/api/sites/${site.id}/sheet.pdf?lang=de`);
    expect(lang.status).toBe(400);
    expect(JSON.stringify(lang.body)).toContain('lang');
    expect((await app.anonymous.get('/api/sites/nope/sheet.pdf')).status).toBe(400);
  });
});
