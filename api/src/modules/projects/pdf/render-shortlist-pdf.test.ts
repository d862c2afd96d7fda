/**
 * Renders the shortlist PDF and reads it back with pdfjs-dist (no system package needed): page
 * count, names, printed scores, accented text, confidentiality mention, page numbers, and no two
 * text runs drawn on top of each other. The fixture's PDFs are kept in test-results/ (git-ignored)
 * for a look, and for poppler checks in CI.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countReadiness, readinessText } from '../../sites/readiness.ts';
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

/** Pages (0-based) where each sheet starts: the page with the site's name and its score box. */
function sheetStarts(doc: ReadBack, names: string[], scoreBox: string): number[] {
  return names.map((name) => doc.pages.findIndex((t) => t.includes(name) && t.includes(scoreBox)));
}

/** Text with line breaks and hyphen-less wraps folded, for "the whole sentence is there" checks. */
const flat = (pages: string[]) => pages.join(' ').replace(/\s+/g, ' ');

const FIXTURE_NAMES = [
  'Hauts-Reposoirs — Limay',
  'Étrechet — Parc d’activités d’Ozans',
  'Zone portuaire de Lauterbourg',
];

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

  it('produces an A4 PDF: cover, overview, the sheets in rank order, the comparison; the cover lists their pages', () => {
    expect(frBytes.subarray(0, 5).toString()).toBe('%PDF-');
    for (const [doc, box, sheets, comparison] of [
      [fr, 'ADÉQUATION', 'Fiches sites', 'Comparaison des sites'],
      [en, 'MATCH', 'Site sheets', 'Site comparison'],
    ] as const) {
      const starts = sheetStarts(doc, FIXTURE_NAMES, box);
      expect(starts[0]).toBe(2);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      const lastSheet = doc.numPages - 2;
      expect(doc.pages[doc.numPages - 1]).toContain(comparison);
      expect(doc.numPages).toBeGreaterThanOrEqual(shortlistPageCount(3));
      expect(doc.pages[0]).toContain(`${sheets} p. 3–${lastSheet + 1}`);
      expect(doc.pages[0]).toContain(`${comparison} p. ${doc.numPages}`);
    }
    expect(shortlistPageCount(3)).toBe(6);
    expect(shortlistPageCount(3, 5)).toBe(8);
  });

  it('numbers every page "p / n"', () => {
    for (const doc of [fr, en]) {
      doc.pages.forEach((text, i) => {
        expect(text).toContain(`${i + 1} / ${doc.numPages}`);
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

  it('gives each site its own sheet in rank order, with its name, printed score and the score’s method', () => {
    const expected = [
      ['87 %', '87%'],
      ['74 %', '74%'],
      ['61 %', '61%'],
    ];
    const frStarts = sheetStarts(fr, FIXTURE_NAMES, 'ADÉQUATION');
    const enStarts = sheetStarts(en, FIXTURE_NAMES, 'MATCH');
    expected.forEach(([scoreFr, scoreEn], i) => {
      expect(fr.pages[frStarts[i]]).toContain(scoreFr);
      expect(fr.pages[frStarts[i]]).toContain('somme pondérée');
      expect(en.pages[enStarts[i]]).toContain(scoreEn);
      expect(en.pages[enStarts[i]]).toContain('weighted sum');
    });
    expect(fr.pages[0]).toContain('Score : somme pondérée des critères, de 0 à 100 %.');
    expect(en.pages[0]).toContain('Score: weighted sum of the criteria, from 0 to 100%.');
  });

  it('shows the flags, and the confidence with the facts that lower it, on each sheet in its language', () => {
    const frEtrechet = fr.pages[sheetStarts(fr, FIXTURE_NAMES, 'ADÉQUATION')[1]];
    const enEtrechet = en.pages[sheetStarts(en, FIXTURE_NAMES, 'MATCH')[1]];
    expect(frEtrechet).toContain('À SAVOIR');
    expect(frEtrechet).toContain('engagé (accord signé) jusqu’au 30/06/2025');
    expect(frEtrechet).toContain('CONFIANCE 88 %');
    expect(frEtrechet).toContain('Puissance électrique : capacité d’accueil du réseau non confirmée');
    expect(enEtrechet).toContain('GOOD TO KNOW');
    expect(enEtrechet).toContain('committed (agreement signed) until 2025-06-30');
    expect(enEtrechet).toContain('CONFIDENCE 88%');
    expect(enEtrechet).toContain('Electrical power: grid hosting capacity not confirmed');
    expect(flat(en.pages)).not.toContain('engagé');
    expect(flat(en.pages)).not.toContain('capacité d’accueil');
  });

  it('prints long explanations whole, in the document’s language, never cut with an ellipsis', () => {
    const doc = fixtureShortlist();
    const power = doc.items[2].criteria.find((c) => c.key === 'power')!.reason as { fr: string; en: string };
    expect(flat(fr.pages)).toContain(plain(power.fr));
    expect(flat(en.pages)).toContain(plain(power.en));
    for (const text of [...fr.pages, ...en.pages]) expect(text).not.toContain('…');
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
    const [limay] = sheetStarts(fr, FIXTURE_NAMES, 'ADÉQUATION');
    expect(fr.pages[limay]).toContain('fait · 20 juin 2023');
    const frLauterbourg = flat(
      fr.pages.slice(sheetStarts(fr, FIXTURE_NAMES, 'ADÉQUATION')[2], fr.numPages - 1),
    );
    expect(frLauterbourg).toContain('besoin : 12 MW · site : 8 MW · écart : 4 MW');
    expect(frLauterbourg).toContain('5 mois de retard');
    const enLauterbourg = flat(en.pages.slice(sheetStarts(en, FIXTURE_NAMES, 'MATCH')[2], en.numPages - 1));
    expect(enLauterbourg).toContain('need: 10 ha · site: 9.5 ha · gap: 0.5 ha');
  });

  it('shows the overview legend rank → name and the comparison of all sites', () => {
    for (const name of ['Hauts-Reposoirs — Limay', 'Zone portuaire de Lauterbourg'])
      expect(fr.pages[1]).toContain(name);
    const frComparison = fr.pages[fr.numPages - 1];
    expect(frComparison).toContain('Comparaison des sites');
    expect(frComparison).toContain('Lauterbourg');
    expect(frComparison).toContain('Score : somme pondérée des critères');
    expect(en.pages[en.numPages - 1]).toContain('Site comparison');
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
  it('continues a sheet whose explanations do not fit on a continuation page, whole and headed "(suite)"', async () => {
    const doc = fixtureShortlist();
    const item = doc.items[0];
    const long = (i: number) => ({
      fr: `Explication numéro ${i} : ${'une raison longue et précise que rien ne doit couper, '.repeat(6)}fin ${i}.`,
      en: `Explanation number ${i}: ${'a long and precise reason that nothing may cut, '.repeat(6)}end ${i}.`,
    });
    item.criteria = Array.from({ length: 14 }, (_, i) => ({
      key: `c${i}`,
      label: { fr: `Critère ${i}`, en: `Criterion ${i}` },
      weight: 1,
      score: 0.5,
      reason: long(i),
    }));
    for (const lang of ['fr', 'en'] as const) {
      const read = await readPdf(await renderShortlistPdf(doc, lang));
      const continued =
        lang === 'fr' ? 'Hauts-Reposoirs — Limay (suite)' : 'Hauts-Reposoirs — Limay (continued)';
      expect(read.pages[3]).toContain(continued);
      expect(read.pages[3]).toContain(lang === 'fr' ? 'CRITÈRES (SUITE)' : 'CRITERIA (CONTINUED)');
      const text = flat(read.pages);
      for (let i = 0; i < 14; i++) expect(text).toContain(plain(long(i)[lang]));
      for (const p of read.pages) expect(p).not.toContain('…');
      // The cover's contents count the continuation page.
      expect(read.pages[0]).toContain(lang === 'fr' ? 'Fiches sites p. 3–' : 'Site sheets p. 3–');
      expect(read.numPages).toBeGreaterThan(shortlistPageCount(3));
      read.runs.forEach((runs, i) => {
        expect(overlaps(runs), `page ${i + 1}`).toEqual([]);
      });
    }
  });

  it('names the TOPSIS method and prints its closeness as an index, not a percentage', async () => {
    const doc = fixtureShortlist();
    for (const it of doc.items) it.scoreKind = 'topsis_closeness';
    const fr = await readPdf(await renderShortlistPdf(doc, 'fr'));
    const en = await readPdf(await renderShortlistPdf(doc, 'en'));
    expect(fr.pages[2]).toContain('0,87');
    expect(fr.pages[2]).toContain('proximité TOPSIS à l');
    expect(fr.pages[2]).not.toContain('87 %');
    expect(en.pages[2]).toContain('0.87');
    expect(en.pages[2]).toContain('TOPSIS closeness to the ideal');
    expect(en.pages[0]).toContain(
      'Score: TOPSIS closeness to the ideal, an index from 0 (furthest) to 1 (the ideal).',
    );
  });

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
    const bareSheet = read.pages.findIndex(
      (t) => t.includes('Friche Saint-Éloi') && t.includes('ADÉQUATION'),
    );
    expect(bareSheet).toBeGreaterThan(2);
    expect(read.pages[bareSheet]).toContain('Géométrie de la parcelle non disponible');
    expect(read.pages[bareSheet]).toContain('non renseigné');
    expect(read.pages[1]).toContain('position non disponible');
    expect(read.pages[read.numPages - 1]).toContain('Friche Saint-Éloi');
  });

  it('prints the parcels and the age of each group of facts, and embeds the first photo (issue 12)', async () => {
    const doc: ShortlistDocument = fixtureShortlist();
    const site = doc.items[0].site;
    site.parcels = ['78335 AB 0123', '78335 C 0045', '78335 ZD 0007'];
    site.factAges = [
      { group: 'power', ageMonths: 14 },
      { group: 'price', ageMonths: null },
    ];
    // A 1×1 PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    site.photo = { data: png, mime: 'image/png' };
    const [frDoc, enDoc] = await Promise.all([renderShortlistPdf(doc, 'fr'), renderShortlistPdf(doc, 'en')]);
    const [frRead, enRead] = await Promise.all([readPdf(frDoc), readPdf(enDoc)]);
    const frSheet = frRead.pages.find((t) => t.includes(FIXTURE_NAMES[0]) && t.includes('ADÉQUATION'))!;
    expect(frSheet).toContain('Parcelles cadastrales');
    expect(frSheet).toMatch(/78335 AB 0123, 78335 C 0045\s*\+ 1 autres/);
    expect(frSheet).toMatch(/Actualité : puissance il y a 14 mois/);
    expect(frSheet).toMatch(/Actualité : prix date inconnue/);
    const enSheet = enRead.pages.find((t) => t.includes(FIXTURE_NAMES[0]) && t.includes('MATCH'))!;
    expect(enSheet).toMatch(/As of: power 14 months ago/);
    expect(enSheet).toMatch(/As of: price date unknown/);
    // The photo is an image XObject (the fixture without a photo has no image at all).
    expect(frDoc.includes(Buffer.from('/Subtype /Image'))).toBe(true);
    for (const runs of frRead.runs) expect(overlaps(runs)).toEqual([]);
  });

  it('rejects an empty shortlist with a clear message', async () => {
    const doc = fixtureShortlist();
    doc.items = [];
    await expect(renderShortlistPdf(doc, 'fr')).rejects.toThrow(/no items/);
  });
});

describe('one figure per fact in the PDF, read back with pdftotext (issue 13 items 7 and 8)', () => {
  const hasPdftotext = (() => {
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const pdftotext = (buf: Uint8Array) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: buf })
      .toString('utf8')
      .replace(/[\u00a0\u202f]/g, ' ')
      .replace(/\s+/g, ' ');

  it.skipIf(!hasPdftotext)(
    'prints readiness as the site panel does ("n/6 prêts") on the sheet and in the comparison, and names the method',
    async () => {
      const doc = fixtureShortlist();
      for (const lang of ['fr', 'en'] as const) {
        const text = pdftotext(await renderShortlistPdf(doc, lang));
        const heading = lang === 'fr' ? 'Préparation « clé en main »' : 'Readiness (turnkey)';
        for (const it of doc.items) {
          const shown = readinessText(countReadiness(it.site.readiness)?.ready ?? null, lang);
          if (!it.site.readiness?.length) continue;
          // Section headings print in capitals.
          expect(text).toContain(`${heading} · ${shown}`.toLocaleUpperCase(lang));
          // …and the same words in the comparison table.
          expect(text).toContain(` ${shown} `);
        }
        expect(text).not.toMatch(/Étapes de maturité|steps done/);
        expect(text).toContain(
          lang === 'fr' ? 'Score : somme pondérée des critères' : 'Score: weighted sum of the criteria',
        );
      }
    },
  );
});
