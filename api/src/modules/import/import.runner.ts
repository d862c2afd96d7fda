/**
 * The import runner: reads a file through its format adapter, validates every row, and writes
 * in ONE transaction — infrastructure through the infrastructure module's
 * `InfrastructureImportWriter`, sites through the injected `SiteImportWriter` (the sites
 * module's port). What follows a committed import (access distances, audit) is the
 * `ImportService`'s (`import.service.ts`). Any invalid row fails the whole import (nothing written) unless
 * `skipInvalid`; a dry run does the same work and rolls back, so its counts say what the import
 * would do. Rows are written in batches while the file streams, so memory stays flat; the
 * rollback at the end undoes them when something was wrong.
 */
import type { Knex } from 'knex';
import type { InfrastructureRow } from '../infrastructure/infrastructure.import-writer.ts';
import { InfrastructureImportWriter } from '../infrastructure/infrastructure.import-writer.ts';
import type { InfrastructureKind } from '../infrastructure/infrastructure.schemas.ts';
import { outlineEwkb, type SiteImportRow } from '../sites/sites.import-writer.ts';
import { FORMATS } from './formats/index.ts';
import { FORMAT_NAMES, type FormatName, type ImportReport, type RowIssue } from './import.schemas.ts';
import type { ImportDependencies, ImportOptions, ImportProgress } from './import.types.ts';
import { createSource, ImportFileError, type SourceTracker } from './readers/source.ts';

const infrastructureWriter = new InfrastructureImportWriter();

/** Rows per multi-row infrastructure upsert. */
const INFRASTRUCTURE_BATCH = 1000;
/** Rows per call of the sites writer. */
const SITE_BATCH = 500;
/** Invalid rows listed in a report (all are counted). */
export const MAX_LISTED_ISSUES = 1000;

/** The caller asked for something that cannot run (unknown format, missing writer). */
export class ImportOptionsError extends Error {
  override name = 'ImportOptionsError';
}

/**
 * True when `name` is one of the import formats.
 * @example isFormatName('wpi') // true
 */
export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/**
 * Imports one file; resolves with the report whether the import succeeded or not
 * (`report.ok`), and rejects only on a bug, a database failure, or a failing
 * `afterInfrastructureImport` hook (the data is committed then, and the message says so).
 * @example const report = await runImport({ knex }, { format: 'rte-postes', file: 'postes.geojson' });
 */
export async function runImport(deps: ImportDependencies, options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  if (!isFormatName(options.format)) {
    throw new ImportOptionsError(
      `unknown format '${options.format}'; expected one of ${FORMAT_NAMES.join(', ')}`,
    );
  }
  const adapter = FORMATS[options.format];
  const dryRun = options.dryRun ?? false;
  const skipInvalid = options.skipInvalid ?? false;
  if (adapter.target === 'sites' && !deps.siteWriter && !dryRun) {
    throw new ImportOptionsError(`format '${adapter.name}' writes sites and needs the sites module's writer`);
  }

  const report: ImportReport = {
    format: adapter.name,
    target: adapter.target,
    file: options.name ?? (typeof options.file === 'string' ? options.file : 'upload'),
    ok: false,
    dryRun,
    skipInvalid,
    error: null,
    read: 0,
    valid: 0,
    invalid: [],
    invalidCount: 0,
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
    durationMs: 0,
  };

  const progress: ImportProgress = {
    bytesRead: 0,
    totalBytes: null,
    pass: 1,
    passes: adapter.needsFile ? 3 : 1,
    rows: 0,
  };
  let lastProgress = 0;
  const emitProgress = (force = false) => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (force || now - lastProgress >= 100) {
      lastProgress = now;
      options.onProgress({ ...progress });
    }
  };

  let tracker: SourceTracker;
  try {
    tracker = await createSource(
      options.file as string | AsyncIterable<Buffer>,
      options.name,
      adapter.needsFile ?? false,
      (bytes, pass) => {
        progress.bytesRead = bytes;
        progress.pass = pass;
        emitProgress();
      },
      options.size,
      options.maxBytes,
    );
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    report.error = err.message;
    return finish(report, started, new Set(), [], true);
  }
  progress.totalBytes = tracker.source.size;

  const addIssue = (issue: RowIssue) => {
    report.invalidCount++;
    if (report.invalid.length < MAX_LISTED_ISSUES) report.invalid.push(issue);
  };
  const failing = () => report.invalidCount > 0 && !skipInvalid;

  const kinds = new Set<InfrastructureKind>();
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const firstLine = new Map<string, number>();
  let infraBatch: InfrastructureRow[] = [];
  let siteBatch: Array<{ line: number; row: SiteImportRow }> = [];
  const siteWriter = deps.siteWriter;
  const infraBatchSize = options.batchSize ?? INFRASTRUCTURE_BATCH;
  const siteBatchSize = options.batchSize ?? SITE_BATCH;

  const trx = await deps.knex.transaction();
  // One write in flight while the next batch is parsed: on two cores, parsing and the
  // database overlap. Writes stay in order on the transaction's single connection.
  let inflight: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const schedule = async (write: () => Promise<void>) => {
    await inflight;
    if (writeError) throw writeError;
    inflight = write().catch((err: unknown) => {
      writeError = err;
    });
  };
  const drain = async () => {
    await inflight;
    if (writeError) throw writeError;
  };

  const flushInfrastructure = async () => {
    const rows = infraBatch;
    infraBatch = [];
    if (rows.length === 0 || failing()) return;
    const r = await infrastructureWriter.upsert(trx, rows);
    const t = report.byTarget.infrastructure;
    t.inserted += r.inserted;
    t.updated += r.updated;
    t.unchanged += r.unchanged;
    for (const c of r.changed) {
      report.changed.ids.push(c.id);
      kinds.add(c.kind);
      if (c.previousKind) kinds.add(c.previousKind);
      bbox[0] = Math.min(bbox[0], c.bbox[0]);
      bbox[1] = Math.min(bbox[1], c.bbox[1]);
      bbox[2] = Math.max(bbox[2], c.bbox[2]);
      bbox[3] = Math.max(bbox[3], c.bbox[3]);
    }
  };
  // Outline validity reads no table: with a connection to spare (the server engine) each
  // batch's check runs beside the transaction, while the previous batch is written, instead of
  // on the transaction's connection between two writes. Its result is used exactly as before.
  const spare = hasSpareConnection(deps.knex);
  const startGeometryCheck = (batch: Array<{ row: SiteImportRow }>) => {
    if (!spare || batch.length === 0 || failing() || !siteWriter) return null;
    const check = invalidGeometries(deps.knex, batch);
    check.catch(() => {}); // awaited by the batch's write; a failure there re-checks on `trx`
    return check;
  };
  const flushSites = async (early: Promise<Array<{ index: number; reason: string }>> | null = null) => {
    let batch = siteBatch;
    siteBatch = [];
    if (batch.length === 0 || failing() || !siteWriter) return;
    const lateIssue = (issue: RowIssue) => {
      report.valid--;
      addIssue(issue);
    };
    const invalid = early ? await early.catch(() => invalidGeometries(trx, batch)) : null;
    batch = dropInvalid(batch, invalid ?? (await invalidGeometries(trx, batch)), lateIssue);
    if (siteWriter.check)
      batch = dropInvalid(
        batch,
        await siteWriter.check(
          trx,
          batch.map((b) => b.row),
        ),
        lateIssue,
      );
    if (batch.length === 0 || failing()) return;
    if (deps.stageSites) {
      deps.stageSites(batch);
      return;
    }
    const r = await siteWriter.upsert(
      trx,
      batch.map((b) => b.row),
      deps.siteAudit ? { audit: deps.siteAudit } : undefined,
    );
    const t = report.byTarget.sites;
    t.inserted += r.inserted;
    t.updated += r.updated;
    t.unchanged += r.unchanged;
    report.changedSiteIds.push(...r.ids);
    if (r.changes && deps.onSitesWritten) await deps.onSitesWritten(trx, r.changes);
  };

  try {
    for await (const item of adapter.parse(tracker.source, { includeSmall: options.includeSmall ?? false })) {
      report.read++;
      progress.rows = report.read;
      if ('skip' in item) {
        report.skipped++;
        report.skippedReasons[item.skip] = (report.skippedReasons[item.skip] ?? 0) + 1;
        continue;
      }
      if ('error' in item) {
        addIssue({ line: item.line, reason: item.error });
        continue;
      }
      const { row } = item;
      const value = row.value;
      const source = row.target === 'site' ? row.value.properties.source : row.value.source;
      const sourceId = row.target === 'site' ? row.value.properties.sourceId : row.value.sourceId;
      const key = `${row.target}\u0000${source}\u0000${sourceId}`;
      const seen = firstLine.get(key);
      if (seen !== undefined) {
        addIssue({ line: item.line, reason: `duplicate source id '${sourceId}' (already at line ${seen})` });
        continue;
      }
      firstLine.set(key, item.line);
      if (row.target === 'site' && !siteWriter && adapter.target === 'mixed') {
        // OSM candidate sites when no sites writer is wired: left out, and said so.
        report.skipped++;
        const reason = 'candidate site (no sites writer configured)';
        report.skippedReasons[reason] = (report.skippedReasons[reason] ?? 0) + 1;
        continue;
      }
      report.valid++;
      // A dry run of a site format without a writer validates only.
      if (row.target === 'site' && !siteWriter) continue;
      if (failing()) continue;
      if (row.target === 'infrastructure') {
        infraBatch.push(value as InfrastructureRow);
        if (infraBatch.length >= infraBatchSize) await schedule(flushInfrastructure);
      } else {
        siteBatch.push({ line: item.line, row: value as SiteImportRow });
        if (siteBatch.length >= siteBatchSize) {
          const early = startGeometryCheck(siteBatch);
          await schedule(() => flushSites(early));
        }
      }
      emitProgress();
    }
    await schedule(flushInfrastructure);
    const early = startGeometryCheck(siteBatch);
    await schedule(() => flushSites(early));
    await drain();
  } catch (err) {
    await inflight;
    await trx.rollback().catch(() => {});
    tracker.cleanup();
    if (!(err instanceof ImportFileError)) throw err;
    report.error = err.message;
    return finish(report, started, kinds, bbox, true);
  }
  tracker.cleanup();

  if (failing() || dryRun) {
    await trx.rollback();
  } else {
    await trx.commit();
    report.ok = true;
  }
  emitProgress(true);
  finish(report, started, kinds, bbox, !report.ok && !dryRun);
  if (report.ok && report.changed.ids.length > 0 && deps.afterInfrastructureImport) {
    try {
      await deps.afterInfrastructureImport(deps.knex, report.changed, report);
    } catch (err) {
      // The data is committed; say so, or a caller would believe nothing was written.
      throw new Error(
        `the import was committed, but the after-import hook failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }
  return report;
}

function finish(
  report: ImportReport,
  started: number,
  kinds: Set<InfrastructureKind>,
  bbox: number[],
  failed: boolean,
): ImportReport {
  if (failed) {
    // Nothing was committed: the counts of rows written inside the rolled-back transaction would mislead.
    report.byTarget.infrastructure = { inserted: 0, updated: 0, unchanged: 0 };
    report.byTarget.sites = { inserted: 0, updated: 0, unchanged: 0 };
    report.changed = { ids: [], bbox: null, kinds: [] };
    report.changedSiteIds = [];
  } else {
    report.changed.kinds = [...kinds].sort();
    report.changed.bbox = Number.isFinite(bbox[0]) ? (bbox as [number, number, number, number]) : null;
  }
  const { infrastructure: i, sites: s } = report.byTarget;
  report.inserted = i.inserted + s.inserted;
  report.updated = i.updated + s.updated;
  report.unchanged = i.unchanged + s.unchanged;
  report.invalid.sort((a, b) => a.line - b.line);
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * Geometry validity per row (self-intersections…), checked by PostGIS before the writer sees
 * the batch. The outlines go as hex EWKB (the writer reuses them), one text array.
 */
async function invalidGeometries(
  db: Knex,
  batch: Array<{ row: SiteImportRow }>,
): Promise<Array<{ index: number; reason: string }>> {
  const res = await db.raw<{ rows: Array<{ ord: number; reason: string }> }>(
    `SELECT ord, ST_IsValidReason(g) AS reason
     FROM (SELECT ord, ST_GeomFromEWKB(decode(h, 'hex')) AS g
           FROM unnest(?::text[]) WITH ORDINALITY AS x(h, ord) OFFSET 0) s
     WHERE NOT ST_IsValid(g)`,
    [batch.map((b) => outlineEwkb(b.row.geometry))],
  );
  return res.rows.map((r) => ({ index: Number(r.ord) - 1, reason: `invalid outline: ${r.reason}` }));
}

/**
 * Whether `knex` can run a query beside an open transaction: a pool of more than one
 * connection (the server engine; the embedded engine has one, which the transaction holds),
 * not itself a transaction (its queries would queue on the same connection).
 */
function hasSpareConnection(knex: Knex): boolean {
  if ((knex as { isTransaction?: boolean }).isTransaction) return false;
  const max = (knex.client as { pool?: { max?: unknown } }).pool?.max;
  return typeof max === 'number' && max > 1;
}

function dropInvalid<T extends { line: number }>(
  batch: T[],
  bad: Array<{ index: number; reason: string }>,
  addIssue: (i: RowIssue) => void,
): T[] {
  if (bad.length === 0) return batch;
  const badIndex = new Set<number>();
  for (const b of bad) {
    badIndex.add(b.index);
    addIssue({ line: batch[b.index].line, reason: b.reason });
  }
  return batch.filter((_, i) => !badIndex.has(i));
}
