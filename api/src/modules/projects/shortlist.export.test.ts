import { describe, expect, it } from 'vitest';
import { csvCell, exportFilename, slug, toCsv } from './shortlist.export.ts';

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

  it('use the id prefix and the date, not the code name, by default', () => {
    expect(exportFilename(project, 'pdf', false, now)).toBe('shortlist-3fb6e361-2026-05-04.pdf');
  });

  it('use an ASCII slug of the code name when asked', () => {
    expect(exportFilename(project, 'csv', true, now)).toBe('shortlist-projet-ete-volta-2026-05-04.csv');
    expect(slug('«»')).toBe('project');
  });
});
