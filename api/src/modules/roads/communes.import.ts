/**
 * `npm run import -- insee-communes <communes.csv>`: communes with their centre and INSEE
 * figures (2021 population, active and unemployed people aged 15–64) into `communes`, for
 * the labour pool. The file repeats a commune once per postal code (and per commune
 * déléguée, with the parent's figures): rows are deduplicated on `insee_com`, the `COM` row
 * naming it. One transaction: any invalid row (a figure that is not a whole number, a centre
 * outside France) fails the import with its line, and nothing is written. A row without
 * coordinates is skipped and counted (a few merged communes have none in the source).
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { coordinateProblem, parseDecimal } from '../import/import.geo.ts';
import type { RowIssue } from '../import/import.schemas.ts';
import { openCsv } from '../import/readers/csv-reader.ts';
import { createSource, ImportFileError } from '../import/readers/source.ts';

export const COMMUNE_COLUMNS = [
  'insee_com',
  'commune',
  'lat',
  'lng',
  'population_2021',
  'pop_15_64_active_2021',
  'pop_15_64_chomage_2021',
] as const;

export interface CommunesImportReport {
  format: 'insee-communes';
  file: string;
  ok: boolean;
  dryRun: boolean;
  error: string | null;
  read: number;
  /** Distinct communes in the file. */
  communes: number;
  invalid: RowIssue[];
  invalidCount: number;
  skipped: number;
  skippedReasons: Record<string, number>;
  inserted: number;
  updated: number;
  unchanged: number;
  durationMs: number;
}

interface CommuneRow {
  code: string;
  name: string;
  dep: string | null;
  reg: string | null;
  population: number;
  active: number;
  unemployed: number;
  lon: number;
  lat: number;
  com: boolean;
}

function wholeNumber(raw: string | undefined, column: string): number | string {
  const v = parseDecimal(raw);
  if (v === null) return `${column} is empty`;
  if (v === 'invalid' || !Number.isInteger(v) || v < 0) return `${column} '${raw}' is not a whole number ≥ 0`;
  return v;
}

/**
 * Imports the communes file; resolves with the report (`ok` false and nothing written on any
 * invalid row or a file problem).
 * @example await importCommunes(knex, '../shared/data/insee/communes-population.csv')
 */
export async function importCommunes(
  knex: Knex,
  file: string | AsyncIterable<Buffer>,
  opts: { name?: string; dryRun?: boolean } = {},
): Promise<CommunesImportReport> {
  const started = Date.now();
  const report: CommunesImportReport = {
    format: 'insee-communes',
    file: opts.name ?? (typeof file === 'string' ? file : 'upload'),
    ok: false,
    dryRun: opts.dryRun ?? false,
    error: null,
    read: 0,
    communes: 0,
    invalid: [],
    invalidCount: 0,
    skipped: 0,
    skippedReasons: {},
    inserted: 0,
    updated: 0,
    unchanged: 0,
    durationMs: 0,
  };
  const finish = () => {
    report.durationMs = Date.now() - started;
    report.invalid.sort((a, b) => a.line - b.line);
    return report;
  };
  const skip = (reason: string) => {
    report.skipped++;
    report.skippedReasons[reason] = (report.skippedReasons[reason] ?? 0) + 1;
  };
  const issue = (line: number, reason: string) => {
    report.invalidCount++;
    if (report.invalid.length < 1000) report.invalid.push({ line, reason });
  };

  const rows = new Map<string, CommuneRow>();
  let tracker: Awaited<ReturnType<typeof createSource>> | null = null;
  try {
    tracker = await createSource(file, opts.name, false, () => {});
    const csv = await openCsv(tracker.source.open(), { delimiter: ',', required: COMMUNE_COLUMNS });
    for await (const item of csv.rows) {
      report.read++;
      if ('error' in item) {
        issue(item.line, item.error);
        continue;
      }
      const r = item.record;
      const code = r.insee_com.trim();
      if (!/^(\d{5}|2[AB]\d{3})$/.test(code)) {
        issue(
          item.line,
          `insee_com '${r.insee_com}' is not an INSEE commune code (5 characters, e.g. 78335 or 2A004)`,
        );
        continue;
      }
      if (r.lat.trim() === '' && r.lng.trim() === '') {
        skip('no coordinates (the commune cannot be placed)');
        continue;
      }
      const lat = parseDecimal(r.lat);
      const lon = parseDecimal(r.lng);
      if (typeof lat !== 'number' || typeof lon !== 'number') {
        issue(item.line, `lat/lng '${r.lat}', '${r.lng}' are not numbers`);
        continue;
      }
      const where = coordinateProblem(lon, lat);
      if (where) {
        issue(item.line, where);
        continue;
      }
      const figures = [
        wholeNumber(r.population_2021, 'population_2021'),
        wholeNumber(r.pop_15_64_active_2021, 'pop_15_64_active_2021'),
        wholeNumber(r.pop_15_64_chomage_2021, 'pop_15_64_chomage_2021'),
      ];
      const bad = figures.find((f) => typeof f === 'string');
      if (bad !== undefined) {
        issue(item.line, bad as string);
        continue;
      }
      const [population, active, unemployed] = figures as number[];
      const com = (r.commune_type ?? 'COM').trim() !== 'COMD';
      const prev = rows.get(code);
      if (prev) {
        if (!prev.com && com) prev.name = r.commune.trim();
        prev.com ||= com;
        skip('repeated row of a commune (one per postal code or commune déléguée)');
        continue;
      }
      rows.set(code, {
        code,
        name: r.commune.trim(),
        dep: r.insee_dep?.trim() || null,
        reg: r.insee_reg?.trim() || null,
        population,
        active,
        unemployed,
        lon,
        lat,
        com,
      });
    }
  } catch (err) {
    tracker?.cleanup();
    if (!(err instanceof ImportFileError)) throw err;
    report.error = err.message;
    return finish();
  }
  tracker.cleanup();
  report.communes = rows.size;
  if (report.invalidCount > 0) return finish();

  const source = path.basename(report.file);
  const list = [...rows.values()];
  await knex
    .transaction(async (trx) => {
      for (let s = 0; s < list.length; s += 2000) {
        const batch = list.slice(s, s + 2000).map((c) => ({
          c: c.code,
          n: c.name,
          d: c.dep,
          r: c.reg,
          p: c.population,
          a: c.active,
          u: c.unemployed,
          x: c.lon,
          y: c.lat,
        }));
        const res = await trx.raw(
          `INSERT INTO communes AS t (insee_com, name, insee_dep, insee_reg, population, active, unemployed, source, geom_l93)
         SELECT b.c, b.n, b.d, b.r, b.p, b.a, b.u, ?, ST_Transform(ST_SetSRID(ST_MakePoint(b.x, b.y), 4326), 2154)
         FROM jsonb_to_recordset(?::jsonb) AS b(c text, n text, d text, r text, p integer, a integer, u integer,
           x double precision, y double precision)
         ON CONFLICT (insee_com) DO UPDATE SET name = EXCLUDED.name, insee_dep = EXCLUDED.insee_dep,
           insee_reg = EXCLUDED.insee_reg, population = EXCLUDED.population, active = EXCLUDED.active,
           unemployed = EXCLUDED.unemployed, source = EXCLUDED.source, geom_l93 = EXCLUDED.geom_l93,
           vertex_id = CASE WHEN ST_Equals(t.geom_l93, EXCLUDED.geom_l93) THEN t.vertex_id END,
           snap_m = CASE WHEN ST_Equals(t.geom_l93, EXCLUDED.geom_l93) THEN t.snap_m END
         WHERE (t.name, t.population, t.active, t.unemployed, t.geom_l93)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.population, EXCLUDED.active, EXCLUDED.unemployed, EXCLUDED.geom_l93)
         RETURNING (xmax = 0) AS inserted`,
          [source, JSON.stringify(batch)],
        );
        const ins = (res.rows as Array<{ inserted: boolean }>).filter((x) => x.inserted).length;
        report.inserted += ins;
        report.updated += res.rows.length - ins;
        report.unchanged += batch.length - res.rows.length;
      }
      if (report.dryRun) throw new DryRun();
    })
    .catch((err: unknown) => {
      if (!(err instanceof DryRun)) throw err;
    });
  report.ok = !report.dryRun;
  return finish();
}

class DryRun extends Error {}
