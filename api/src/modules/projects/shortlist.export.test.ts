import { describe, expect, it } from 'vitest';
import type { ShortlistSnapshot } from './projects.schemas.ts';
import { csvCell, type ExportItem, exportFilename, shortlistCsv, slug, toCsv } from './shortlist.export.ts';

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3.5)).toBe('-3.5');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+33 1 00')).toBe("'+33 1 00");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'é']])).toBe('\uFEFFa,b\r\n1,é\r\n');
  });
});

describe('export file names', () => {
  const project = { id: '3fb6e361-c7f3-42bd-a44a-5b09633ee32c', name: 'Projet Été — « Volta »' };
  const now = new Date('2026-05-04T10:00:00Z');

  it('carry an ASCII slug of the code name, the language and the date', () => {
    expect(exportFilename(project, 'csv', 'named', 'fr', now)).toBe(
      'shortlist-projet-ete-volta-fr-2026-05-04.csv',
    );
    expect(exportFilename(project, 'pdf', 'named', 'en', now)).toBe(
      'shortlist-projet-ete-volta-en-2026-05-04.pdf',
    );
  });

  it('say "confidential" in the language of the file, or the id prefix, when asked', () => {
    expect(exportFilename(project, 'pdf', 'confidential', 'fr', now)).toBe(
      'shortlist-confidentiel-fr-2026-05-04.pdf',
    );
    expect(exportFilename(project, 'pdf', 'confidential', 'en', now)).toBe(
      'shortlist-confidential-en-2026-05-04.pdf',
    );
    expect(exportFilename(project, 'pdf', 'id', 'fr', now)).toBe('shortlist-3fb6e361-fr-2026-05-04.pdf');
    expect(slug('«»')).toBe('project');
  });
});

describe('shortlist CSV', () => {
  const snapshot: ShortlistSnapshot = {
    takenAt: '2026-05-04T10:00:00.000Z',
    source: 'match',
    algorithmVersion: 'landmatch-match/2.0.0',
    score: 0.79,
    scoreKind: 'weighted_sum',
    confidence: 0.27,
    confidenceNotes: [
      {
        criterion: 'power',
        loss: 0.12,
        text_fr: "Puissance électrique : capacité d'accueil du réseau non confirmée",
        text_en: 'Electric power: grid hosting capacity not confirmed',
      },
    ],
    flags: [
      {
        code: 'committed',
        text_fr: "engagé (accord signé) jusqu'au 31/03/2027",
        text_en: 'committed (agreement signed) until 2027-03-31',
      },
    ],
    criteria: [
      {
        key: 'surface',
        label: { fr: 'Surface', en: 'Surface' },
        weight: 0.14,
        score: 1,
        reason_fr: '304 ha disponibles, 50–150 ha demandés',
        reason_en: '304 ha available, 50–150 ha needed',
      },
    ],
    failed: [
      {
        key: 'availableBy',
        required: '2027-01-01',
        actual: '2027-03-31',
        unit: 'days',
        gap: 89,
        unknown: false,
        reason_fr: 'disponible le 31/03/2027, date limite demandée : 01/01/2027 (2,9 mois de retard)',
        reason_en: 'available from 2027-03-31, needed by 2027-01-01 (2.9 months late)',
      },
    ],
    site: { name: 'Zone d’activités d’Ozans', status: 'committed' },
    access: {},
  };
  const item: ExportItem = {
    rank: 1,
    siteId: '09f9bbd6-7432-4a00-8e48-93e58a482e14',
    note: null,
    addedAt: '2026-05-04T10:00:00.000Z',
    snapshot,
    live: null,
    changedSince: [],
  };
  const cell = (csv: string, column: string) => {
    const [header, row] = csv.replace(/^\uFEFF/, '').split('\r\n');
    const names = header.split(',');
    // The explanation cells are quoted when they hold commas; parse just enough for this row.
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of row) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    return cells[names.indexOf(column)];
  };

  it('writes the method, confidence notes, flags, criteria and points to confirm in English for an English export', () => {
    const csv = shortlistCsv([item], 'en');
    expect(cell(csv, 'scoreMethod')).toBe('weighted sum');
    expect(cell(csv, 'confidenceNotes')).toBe('Electric power: grid hosting capacity not confirmed');
    expect(cell(csv, 'flags')).toBe('committed (agreement signed) until 2027-03-31');
    expect(cell(csv, 'criteria')).toBe('Surface: 100% — 304 ha available, 50–150 ha needed');
    expect(cell(csv, 'toConfirm')).toBe(
      'Availability: available from 2027-03-31, needed by 2027-01-01 (2.9 months late)',
    );
    for (const french of ['demandés', 'disponible', 'engagé', 'mois', 'somme pondérée'])
      expect(csv).not.toContain(french);
  });

  it('writes them in French for a French export', () => {
    const csv = shortlistCsv([item], 'fr');
    expect(cell(csv, 'scoreMethod')).toBe('somme pondérée');
    expect(cell(csv, 'flags')).toBe("engagé (accord signé) jusqu'au 31/03/2027");
    expect(cell(csv, 'toConfirm')).toBe(
      'Disponibilité\u00a0: disponible le 31/03/2027, date limite demandée : 01/01/2027 (2,9 mois de retard)',
    );
  });
});
