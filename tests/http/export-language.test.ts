/**
 * One language per document (issue 13 items 5 and 6): the demo shortlist exported as an English
 * PDF (read back with poppler's pdftotext) holds no French of our own templates, and the French
 * PDF no English; a note typed in French is marked "(French text)" in the English one. The
 * tables for people (shortlist and site list) speak the language asked, with names instead of
 * codes, next to the machine CSVs that keep codes.
 *
 * "Our own French" is derived, not listed by hand: every word the French PDF prints that is
 * neither data (site, commune, infrastructure and contact names, the note; région and
 * département names) nor a word of the English vocabulary (the PDF's English labels, the
 * engine's English reasons). None of these words may appear in the English PDF, and the other
 * way round. A short list of markers named in the issue is checked as well.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { DEPARTMENTS, REGIONS } from '../../api/src/modules/matching/geo-codes.ts';
import { vocabulary as pdfVocabulary } from '../../api/src/modules/projects/pdf/pdf-labels.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let staff: Client;
let projectId: string;
let shortlisted: string[];
const NOTE_FR = 'Proposé après analyse du cahier des charges, visite à organiser avec la métropole.';
const battery = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'geodata/templates/project-templates.json'), 'utf8'),
).templates.find((t: { id: string }) => t.id === 'battery-cells');
// Gas in MWh per day: "MWh/j" in French, "MWh/day" in English.
const needs = { ...battery.needs, gas: { required: true, capacityMwhPerDay: 120 } };

/** Words of a text: lower case, letters only (elisions split), `min` letters or more. */
const words = (s: string, min = 4) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= min),
  );

const STATUSES_EN = ['Available', 'In preparation', 'Under option', 'Committed (agreement signed)', 'Taken'];

/** Spelt the same in both languages, in our French and English templates alike. */
const COGNATES = ['distances', 'prescriptions'];

/** Every string inside a JSON value (names, descriptions, contacts…). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

function pdfText(bytes: Uint8Array, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-pdf-lang-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  fs.mkdirSync(path.join(projectRoot, 'test-results'), { recursive: true });
  fs.copyFileSync(file, path.join(projectRoot, 'test-results', name));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return text;
}

let dataWords: Set<string>;
let engineEn = '';
let engineFr = '';

beforeAll(async () => {
  app = await startTestApp('demo');
  staff = await app.login('staff', { organisation: 'AD Grand Est', name: 'Camille Martin' });
  const project = await staff.send('POST', '/api/projects', {
    name: 'Projet Lithium',
    sector: 'battery_cells',
    originCountry: 'KR',
    needs,
  });
  expect(project.status).toBe(201);
  projectId = project.body.id;
  const match = await staff.send('POST', '/api/match', { needs, limit: 20 });
  expect(match.status).toBe(200);
  const pool = [
    ...match.body.results.filter((r: { siteIds?: string[] }) => !r.siteIds),
    ...match.body.nearMisses,
  ]
    .slice(0, 3)
    .map((r: { siteId: string }) => r.siteId);
  shortlisted = pool;
  const put = await staff.send('PUT', `/api/projects/${projectId}/shortlist`, {
    items: pool.map((siteId: string) => ({ siteId, note: NOTE_FR })),
  });
  expect(put.status).toBe(200);
  // The engine's own sentences in each language (they are ours too: templates of match/format.ts).
  for (const r of [...match.body.results, ...match.body.nearMisses]) {
    for (const [k, v] of Object.entries(r as Record<string, unknown>)) {
      if (k === 'site' || k === 'properties') continue;
      for (const item of Array.isArray(v) ? v : []) {
        for (const [kk, vv] of Object.entries(item as Record<string, unknown>)) {
          if (typeof vv !== 'string') continue;
          if (kk.endsWith('_en')) engineEn += ` ${vv}`;
          if (kk.endsWith('_fr')) engineFr += ` ${vv}`;
        }
      }
    }
  }
  // Data: what people wrote or named (sites, their infrastructure and contacts, places, the note, us).
  const data: string[] = [NOTE_FR, 'Projet Lithium', 'Camille Martin', 'AD Grand Est'];
  for (const id of pool) data.push(...strings((await staff.get(`/api/sites/${id}`)).body));
  data.push(...REGIONS.map((r) => r.name), ...DEPARTMENTS.map((d) => d.name));
  // The overview map's town names (pdf/basemap.l93.json).
  data.push(
    ...strings(
      JSON.parse(
        fs.readFileSync(path.join(projectRoot, 'api/src/modules/projects/pdf/basemap.l93.json'), 'utf8'),
      ),
    ),
  );
  dataWords = words(data.join(' '), 2);
});

/**
 * A word of the data: a word of the sites, places or people, or two of them run together where
 * pdftotext dropped the hyphen of a line break ("Pomacle-¶Bazancourt" → "pomaclebazancourt").
 */
function isData(w: string, extra: Set<string>): boolean {
  const known = (x: string) => dataWords.has(x) || extra.has(x);
  if (known(w)) return true;
  for (let i = 2; i <= w.length - 2; i++) if (known(w.slice(0, i)) && known(w.slice(i))) return true;
  return false;
}

/** The words of `other` that our templates print in one language only (see the header). */
function oneLanguageWords(other: string, allowed: Set<string>): string[] {
  // E-mail addresses are data too (the staff member's, the sites' contacts).
  const mails = words((other.match(/[\w.+-]+@[\w.-]+/g) ?? []).join(' '), 2);
  return [...words(other)].filter((w) => !allowed.has(w) && !COGNATES.includes(w) && !isData(w, mails));
}
afterAll(async () => {
  await app?.close();
});

const vocabulary = (lang: 'fr' | 'en') => words(pdfVocabulary(lang).join(' '));

describe(`one language per export (${engineName})`, () => {
  let en = '';
  let fr = '';

  it('renders the demo shortlist as an English and a French PDF', async () => {
    for (const lang of ['en', 'fr'] as const) {
      const res = await staff.fetch(`/api/projects/${projectId}/shortlist.pdf?lang=${lang}`);
      expect(res.status).toBe(200);
      const text = pdfText(
        new Uint8Array(await res.arrayBuffer()),
        `export-language-${engineName}-${lang}.pdf`,
      );
      if (lang === 'en') en = text;
      else fr = text;
    }
    expect(en).toContain('Site shortlist');
    expect(fr).toContain('Sélection de sites');
  });

  it('the English PDF holds none of the words our French templates print', () => {
    const frenchOnly = oneLanguageWords(fr, new Set([...vocabulary('en'), ...words(engineEn)]));
    // The check has teeth: the French PDF has plenty of such words.
    expect(frenchOnly.length).toBeGreaterThan(40);
    const enWords = words(en);
    expect(frenchOnly.filter((w) => enWords.has(w))).toEqual([]);
  });

  it('the French PDF holds none of the words our English templates print', () => {
    const englishOnly = oneLanguageWords(en, new Set([...vocabulary('fr'), ...words(engineFr)]));
    expect(englishOnly.length).toBeGreaterThan(40);
    const frWords = words(fr);
    expect(englishOnly.filter((w) => frWords.has(w))).toEqual([]);
  });

  it('has none of the French markers the issue found, and marks the French note', () => {
    const flat = en.replace(/\s+/g, ' ');
    for (const marker of [
      'industrielle',
      'MWh/j',
      'm³/j',
      'puissance',
      'ce mois-ci',
      'disponible',
      'Critères',
      'Besoins',
    ])
      expect(flat, marker).not.toContain(marker);
    expect(flat).toContain('Gas: 120 MWh/day');
    // Numbers of the needs in the document's form, like every other figure.
    expect(flat).toContain('Wastewater discharge: 2,000 m³/day');
    // The panel's title is in capitals: "AGENCY NOTE (FRENCH TEXT)".
    expect(flat).toMatch(/Agency note \(French text\)/i);
    expect(fr.replace(/\s+/g, ' ')).not.toContain('(texte en');
  });

  it('the shortlist table for people: English titles and words in English, French ones in French', async () => {
    const res = await staff.fetch(`/api/projects/${projectId}/shortlist.table.csv?lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/-en-\d{4}-\d{2}-\d{2}\.table\.csv"/);
    const csv = await res.text();
    const rows = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0]).slice(0, 6)).toEqual([
      'Rank',
      'Site',
      'Municipality',
      'Département',
      'Région',
      'Status',
    ]);
    const r = rows[0];
    expect(r.Région).toMatch(/^[A-ZÎ][\p{L} '-]+$/u); // a name, not "44"
    expect(r.Département).toMatch(/^[\p{L} '-]+ \(\d[\dAB]\d?\)$/u);
    expect(STATUSES_EN).toContain(r.Status);
    expect(r['Rail siding']).toMatch(/^(Yes|No|)$/);
    expect(r.Score).toMatch(/^\d{1,3}%$/);
    expect(r.Confidence).toMatch(/^\d{1,3}%$/);
    // Its explanation words are English too (the PDF's check, on the table).
    const frenchOnly = oneLanguageWords(fr, new Set([...vocabulary('en'), ...words(engineEn)]));
    const tableWords = words(Object.values(r).join(' ').replace(NOTE_FR, ''));
    expect(frenchOnly.filter((w) => tableWords.has(w))).toEqual([]);

    const frCsv = await (await staff.fetch(`/api/projects/${projectId}/shortlist.table.csv?lang=fr`)).text();
    const frRows = parse(frCsv, { columns: true, bom: true, delimiter: ';' }) as Record<string, string>[];
    expect(Object.keys(frRows[0]).slice(0, 6)).toEqual([
      'Rang',
      'Site',
      'Commune',
      'Département',
      'Région',
      'Statut',
    ]);
    expect(frRows[0].Score).toMatch(/^\d{1,3}\u00a0%$/);
    expect(frRows[0]['Surface disponible (ha)']).not.toContain('.');
  });

  it('the machine CSV keeps codes and raw numbers', async () => {
    const csv = await (await staff.fetch(`/api/projects/${projectId}/shortlist.csv?lang=en`)).text();
    const [row] = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    expect(row.region).toMatch(/^\d{2}$/);
    expect(Number(row.score)).toBeGreaterThan(0);
    expect(Number(row.score)).toBeLessThanOrEqual(1);
  });

  it('the site list table for people: names of régions and départements, statuses in words, per language', async () => {
    const q = `department=${encodeURIComponent('57,67,68')}`;
    const en = await app.anonymous.fetch(`/api/sites.table.csv?${q}&lang=en`);
    expect(en.status).toBe(200);
    const enRows = parse(await en.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(enRows.length).toBeGreaterThan(3);
    expect(Object.keys(enRows[0])).toContain('Available area (ha)');
    for (const r of enRows) {
      expect(r.Région).toBe('Grand Est');
      expect(r.Département).toMatch(/^(Moselle \(57\)|Bas-Rhin \(67\)|Haut-Rhin \(68\))$/);
      expect(STATUSES_EN).toContain(r.Status);
    }
    const fr = await app.anonymous.fetch(`/api/sites.table.csv?${q}&lang=fr`);
    const frText = await fr.text();
    const frRows = parse(frText, { columns: true, bom: true, delimiter: ';' }) as Record<string, string>[];
    expect(frRows).toHaveLength(enRows.length);
    expect(Object.keys(frRows[0])).toContain('Surface disponible (ha)');
    expect([
      'Disponible',
      'En préparation',
      'Sous option',
      'Engagé (accord signé)',
      'Commercialisé',
    ]).toContain(frRows[0].Statut);
    // The machine CSV of the same list keeps the codes.
    const plain = parse(await (await app.anonymous.fetch(`/api/sites.csv?${q}`)).text(), {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    expect(plain[0].region).toBe('44');
  });

  it('refuses a table language it does not speak, naming the field', async () => {
    const r = await app.anonymous.get('/api/sites.table.csv?lang=de');
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ field: 'lang', code: 'invalid_choice' });
    // The shortlisted sites stay in the list: the table holds what the list holds.
    expect(shortlisted).toHaveLength(3);
  });
});
