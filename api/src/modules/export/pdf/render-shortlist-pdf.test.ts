/**
 * Renders the shortlist PDF and reads it back with pdfjs-dist (no system package needed): page
 * count, names, printed scores, accented text, confidentiality mention, page numbers, and no two
 * text runs drawn on top of each other. The fixture's PDFs are kept in test-results/ (git-ignored)
 * for a look, and for poppler checks in CI.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderShortlistPdf, shortlistPageCount } from './render-shortlist-pdf.ts';
import { fixtureShortlist, generatedShortlist } from './shortlist.fixture.ts';
import type { ShortlistDocument } from './shortlist-document.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const resultsDir = path.join(repoRoot, 'test-results');

interface TextRun {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface ReadBack {
  numPages: number;
  /** Text of each page, runs joined by spaces, typographic spaces folded to plain ones. */
  pages: string[];
  runs: TextRun[][];
}

/** Folds NBSP / narrow NBSP to plain spaces so assertions read like the printed text. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

async function readPdf(buf: Buffer): Promise<ReadBack> {
  const pdf = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  const runs: TextRun[][] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p);
    const content = await page.getTextContent();
    const items = content.items.flatMap((it) => ('str' in it && it.str.trim() ? [it] : []));
    pages.push(plain(items.map((it) => it.str).join(' ')).replace(/ +/g, ' '));
    runs.push(
      items.map((it) => ({ str: it.str, x: it.transform[4], y: it.transform[5], w: it.width, h: it.height })),
    );
  }
  await pdf.destroy();
  return { numPages: pdf.numPages, pages, runs };
}

/** Pairs of text runs on a page whose boxes overlap by more than a hair. */
function overlaps(runs: TextRun[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i];
      const b = runs[j];
      const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      // Baseline boxes: descenders of one line may touch the next line's caps, hence 0.6 × h.
      const oy = Math.min(a.y + a.h * 0.6, b.y + b.h * 0.6) - Math.max(a.y, b.y);
      if (ox > 1 && oy > 1) found.push(`"${a.str}" × "${b.str}"`);
    }
  }
  return found;
}

describe('renderShortlistPdf with the three-site fixture', () => {
  let fr: ReadBack;
  let en: ReadBack;
  let frBytes: Buffer;

  beforeAll(async () => {
    frBytes = await renderShortlistPdf(fixtureShortlist(), 'fr');
    const enBytes = await renderShortlistPdf(fixtureShortlist(), 'en');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'shortlist-fixture-fr.pdf'), frBytes);
    writeFileSync(path.join(resultsDir, 'shortlist-fixture-en.pdf'), enBytes);
    fr = await readPdf(frBytes);
    en = await readPdf(enBytes);
  });

  it('produces an A4 PDF with cover + overview + one page per site + one comparison page', () => {
    expect(frBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fr.numPages).toBe(1 + 1 + 3 + 1);
    expect(en.numPages).toBe(6);
    expect(shortlistPageCount(3)).toBe(6);
  });

  it('numbers every page "p / n"', () => {
    for (const doc of [fr, en]) {
      doc.pages.forEach((text, i) => {
        expect(text).toContain(`${i + 1} / 6`);
      });
    }
  });

  it('prints the confidentiality mention on every page, in the chosen language', () => {
    for (const text of fr.pages) expect(text).toContain('Confidentiel — ne pas diffuser');
    for (const text of en.pages) expect(text).toContain('Confidential — do not distribute');
  });

  it('puts the project summary, needs in words, agency and date on the cover', () => {
    const cover = fr.pages[0];
    expect(cover).toContain('Projet Volta');
    expect(cover).toContain('Business France — Invest');
    expect(cover).toContain('12 mars 2025');
    expect(cover).toContain('Terrain de 10 à 40 ha');
    expect(cover).toContain('Embranchement ferré (ITE) : souhaité');
    expect(cover).toContain('≥ 60 ha');
    expect(cover).toContain('Régime ICPE : autorisation, Seveso seuil bas');
    expect(en.pages[0]).toContain('Plot of 10 to 40 ha');
    expect(en.pages[0]).toContain('Issued on 12 March 2025');
  });

  it('gives each site its own page in rank order, with its name and printed score', () => {
    const expected = [
      ['Hauts-Reposoirs — Limay', '87 %', '87%'],
      ['Étrechet — Parc d’activités d’Ozans', '74 %', '74%'],
      ['Zone portuaire de Lauterbourg', '61 %', '61%'],
    ];
    expected.forEach(([name, scoreFr, scoreEn], i) => {
      expect(fr.pages[2 + i]).toContain(name);
      expect(fr.pages[2 + i]).toContain(scoreFr);
      expect(en.pages[2 + i]).toContain(name);
      expect(en.pages[2 + i]).toContain(scoreEn);
    });
  });

  it('keeps accented French text and typographic signs intact', () => {
    const all = fr.pages.join('\n');
    for (const s of [
      'Île-de-France',
      'Étrechet',
      'Réserve foncière',
      'l’œuvre de dépollution',
      '« clé en main France 2030 »',
      'Poste ≥ 225 kV',
      'Données sourcées',
      'Maîtrise foncière',
    ]) {
      expect(all).toContain(s);
    }
  });

  it('formats numbers per locale', () => {
    expect(fr.pages[2]).toContain('18,4 ha');
    expect(fr.pages[2]).toContain('65 €/m²');
    expect(fr.pages[2]).toContain('1,9 km');
    expect(en.pages[2]).toContain('18.4 ha');
    expect(en.pages[2]).toContain('€65/m²');
    expect(en.pages[2]).toContain('1.9 km');
  });

  it('prints the readiness dates and the near-miss gaps to confirm', () => {
    expect(fr.pages[2]).toContain('fait · 20 juin 2023');
    expect(fr.pages[4]).toContain('besoin : 12 MW · site : 8 MW · écart : 4 MW');
    expect(fr.pages[4]).toContain('5 mois de retard');
    expect(en.pages[4]).toContain('need: 10 ha · site: 9.5 ha · gap: 0.5 ha');
  });

  it('shows the overview legend rank → name and the comparison of all sites', () => {
    for (const name of ['Hauts-Reposoirs — Limay', 'Zone portuaire de Lauterbourg'])
      expect(fr.pages[1]).toContain(name);
    expect(fr.pages[5]).toContain('Comparaison des sites');
    expect(fr.pages[5]).toContain('Lauterbourg');
    expect(en.pages[5]).toContain('Site comparison');
  });

  it('detects overlapping runs (check of the check)', () => {
    const run = { str: 'a', x: 10, y: 10, w: 20, h: 9 };
    expect(overlaps([run, { ...run, str: 'b', x: 15 }])).toHaveLength(1);
    expect(overlaps([run, { ...run, str: 'b', y: 22 }])).toEqual([]);
  });

  it('draws no text run over another', () => {
    for (const doc of [fr, en]) {
      doc.runs.forEach((runs, i) => {
        expect(overlaps(runs), `page ${i + 1}`).toEqual([]);
      });
    }
  });
});

describe('page-count rule', () => {
  it('with 20 sites makes cover + overview + 20 site pages + 4 comparison pages', async () => {
    const read = await readPdf(await renderShortlistPdf(generatedShortlist(20), 'fr'));
    expect(shortlistPageCount(20)).toBe(26);
    expect(read.numPages).toBe(26);
    expect(read.pages[25]).toContain('26 / 26');
    expect(read.pages[22]).toContain('partie 1 sur 4');
    expect(read.pages[25]).toContain('partie 4 sur 4');
    // Site pages stay one page each, in rank order.
    expect(read.pages[2]).toContain('ZAC des Portes de l’Est — Limay');
    expect(read.pages[21]).toContain('Toulouse');
  });

  it('keeps one comparison page up to 6 sites and adds one from 7', async () => {
    const six = await readPdf(await renderShortlistPdf(generatedShortlist(6), 'en'));
    const seven = await readPdf(await renderShortlistPdf(generatedShortlist(7), 'en'));
    expect(six.numPages).toBe(2 + 6 + 1);
    expect(seven.numPages).toBe(2 + 7 + 2);
    expect(seven.pages[9]).toContain('part 1 of 2');
  });
});

describe('reproducibility', () => {
  it('renders byte-identical PDFs for the same document, also when two renders run at once', async () => {
    const first = await renderShortlistPdf(fixtureShortlist(), 'fr');
    const [again, english] = await Promise.all([
      renderShortlistPdf(fixtureShortlist(), 'fr'),
      renderShortlistPdf(fixtureShortlist(), 'en'),
    ]);
    expect(again.equals(first)).toBe(true);
    expect(english.equals(first)).toBe(false);
  });
});

describe('sparse data', () => {
  it('renders a site without geometry, neighbours, infrastructure, readiness or contact', async () => {
    const doc: ShortlistDocument = fixtureShortlist();
    const bare = doc.items[1];
    bare.site = {
      name: 'Friche Saint-Éloi',
      communeName: 'Vierzon',
      communeInsee: '18279',
      department: 'Cher',
      region: 'Centre-Val de Loire',
    };
    bare.neighbours = null;
    bare.infrastructure = null;
    bare.warnings = null;
    bare.note = null;
    bare.criteria = [];
    const read = await readPdf(await renderShortlistPdf(doc, 'fr'));
    expect(read.numPages).toBe(6);
    expect(read.pages[3]).toContain('Friche Saint-Éloi');
    expect(read.pages[3]).toContain('Géométrie de la parcelle non disponible');
    expect(read.pages[3]).toContain('non renseigné');
    expect(read.pages[1]).toContain('position non disponible');
    expect(read.pages[5]).toContain('Friche Saint-Éloi');
  });

  it('rejects an empty shortlist with a clear message', async () => {
    const doc = fixtureShortlist();
    doc.items = [];
    await expect(renderShortlistPdf(doc, 'fr')).rejects.toThrow(/no items/);
  });
});
