import { describe, expect, it } from 'vitest';
import { formatReport, main } from '../../../../scripts/import.ts';
import type { ImportReport } from './import.schemas.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, hooks: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('import CLI', () => {
  it('exits 2 with the usage on missing arguments or an unknown format, before touching a database', async () => {
    const a = capture();
    expect(await main(['wpi'], a.hooks)).toBe(2);
    expect(a.err.join('\n')).toMatch(/^usage: npm run import -- <format> <file>/);
    const b = capture();
    expect(await main(['kml', 'x.kml'], b.hooks)).toBe(2);
    expect(b.err.join('\n')).toMatch(/^unknown format 'kml'/);
    const c = capture();
    expect(await main(['wpi', 'x.csv', '--frobnicate'], c.hooks)).toBe(2);
    expect(c.err.join('\n')).toMatch(/Unknown option '--frobnicate'/);
  });

  it('lists every format in --help', async () => {
    const a = capture();
    expect(await main(['--help'], a.hooks)).toBe(0);
    for (const f of [
      'ourairports',
      'sncf-gares',
      'wpi',
      'rte-postes',
      'toll-plazas',
      'osm',
      'sites-geojson',
      'sites-csv',
      'site-eco',
    ]) {
      expect(a.out.join('\n')).toContain(`  ${f} `);
    }
  });

  it('prints a failed report with the lines to fix', () => {
    const report: ImportReport = {
      format: 'wpi',
      target: 'infrastructure',
      file: 'ports.csv',
      ok: false,
      dryRun: false,
      skipInvalid: false,
      error: null,
      read: 3,
      valid: 2,
      invalid: [{ line: 3, reason: "Latitude 'x' is not a number" }],
      invalidCount: 1,
      skipped: 0,
      skippedReasons: {},
      inserted: 0,
      updated: 0,
      unchanged: 0,
      byTarget: {
        infrastructure: { inserted: 0, updated: 0, unchanged: 0 },
        sites: { inserted: 0, updated: 0, unchanged: 0 },
      },
      changed: { ids: [], bbox: null, kinds: [] },
      changedSiteIds: [],
      durationMs: 1200,
    };
    expect(formatReport(report)).toBe(
      [
        'wpi ports.csv: FAILED, nothing written (1.2 s)',
        '  read 3, valid 2, invalid 1, skipped 0',
        '  invalid rows (fix them, or pass --skip-invalid):',
        "    line 3: Latitude 'x' is not a number",
      ].join('\n'),
    );
  });
});
