/**
 * The two imports of this module with what must follow them, shared by `npm run import` and
 * `POST /api/import/:format`: after a road graph, the nearest targets per vertex and every
 * site's access, drive times and labour pool; after communes, every site's labour pool.
 */
import type { Knex } from 'knex';
import { analyzeTables } from '../../db/analyze.ts';
import { AccessService } from '../access/access.service.ts';
import { type CommunesImportReport, importCommunes } from './communes.import.ts';
import { importRoads, type RoadImportOptions, type RoadImportReport } from './roads.import.ts';

export const GRAPH_FORMATS = ['roads', 'insee-communes'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export const GRAPH_FORMAT_DESCRIPTIONS: Record<GraphFormat, string> = {
  roads: 'OpenStreetMap .osm.pbf or .osm: highway=* ways as a routable road graph (+ motorway exits/entries)',
  'insee-communes': 'INSEE communes CSV (centre, population, active, unemployed) for labour pools',
};

export const isGraphFormat = (f: string): f is GraphFormat =>
  (GRAPH_FORMATS as readonly string[]).includes(f);

export type GraphImportReport = RoadImportReport | CommunesImportReport;

/**
 * Runs a `roads` or `insee-communes` import, then brings the per-site read models up to date.
 * @example await runGraphImport(knex, 'roads', '../shared/data/osm/andorra-latest.osm.pbf')
 */
export async function runGraphImport(
  knex: Knex,
  format: GraphFormat,
  file: string | AsyncIterable<Buffer>,
  opts: { name?: string; dryRun?: boolean; onProgress?: RoadImportOptions['onProgress'] } = {},
): Promise<GraphImportReport> {
  const access = new AccessService(knex);
  if (format === 'roads') {
    const report = await importRoads(knex, file, opts);
    if (report.ok) {
      // The graph's statistics first: the searches that follow plan over it.
      if (!report.dryRun) await analyzeTables(knex, ['road_edges', 'road_vertices', 'road_extracts']);
      await access.refreshGraphTargets();
      await access.recomputeAll();
    }
    return report;
  }
  const report = await importCommunes(knex, file, opts);
  if (report.ok) await access.recomputeLabourPoolsAll();
  return report;
}

/** Human-readable report lines. */
export function formatGraphReport(r: GraphImportReport): string {
  const verdict =
    r.error || (!r.ok && !r.dryRun)
      ? 'FAILED, nothing written'
      : r.dryRun
        ? 'dry run, nothing written'
        : 'imported';
  const lines = [`${r.format} ${r.file}: ${verdict} (${(r.durationMs / 1000).toFixed(1)} s)`];
  if (r.error) lines.push(`  error: ${r.error}`);
  if (r.format === 'roads') {
    lines.push(
      `  extract ${r.extract}: ${r.ways} highway ways read (${r.waysPerSecond} ways/s), ${r.roadWays} kept, ${r.skippedWays} left out`,
      `  graph: ${r.edges} edges, ${r.vertices} vertices (${r.snappableVertices} a site can join)`,
      `  motorway access: inserted ${r.motorwayAccess.inserted}, updated ${r.motorwayAccess.updated}, unchanged ${r.motorwayAccess.unchanged}, outside France ${r.motorwayAccess.skippedOutsideFrance}`,
    );
  } else {
    lines.push(`  read ${r.read}, communes ${r.communes}, invalid ${r.invalidCount}, skipped ${r.skipped}`);
    for (const [reason, n] of Object.entries(r.skippedReasons)) lines.push(`    skipped ${n}: ${reason}`);
    lines.push(`  communes: inserted ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}`);
    for (const i of r.invalid.slice(0, 50)) lines.push(`    line ${i.line}: ${i.reason}`);
  }
  return lines.join('\n');
}
