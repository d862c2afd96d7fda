/**
 * Use cases of importing: run one file through its importer, then bring what depends on the
 * data up to date (access distances of the changed infrastructure and sites) and record the
 * import in the audit log (one entry per import, and one per site created or changed, with
 * before/after snapshots), refreshing the planner statistics of every table it rewrote on the
 * way (db/analyze.ts). `POST /api/import/:format` and `npm run import` both go through here, so
 * an import does the same things whoever starts it; so does the review step (`preview` /
 * `commit` / `cancel`, import.review.ts).
 */
import type { Knex } from 'knex';
import { analyzeTables, INFRASTRUCTURE_TABLES, SITE_TABLES } from '../../db/analyze.ts';
import { recordAudit, recordAuditMany } from '../audit/audit.store.ts';
import type { Actor } from '../auth/auth.types.ts';
import {
  GRAPH_FORMATS,
  type GraphFormat,
  type GraphImportReport,
  runGraphImport,
} from '../roads/roads.service.ts';
import {
  type SiteImportAudit,
  type SiteImportWriter,
  SitesImportWriter,
  type SiteWriteChange,
} from '../sites/sites.import-writer.ts';
import type { CommitBody, ImportPreview } from './import.review.schemas.ts';
import { ImportReview, type PreviewRequest } from './import.review.ts';
import { runImport } from './import.runner.ts';
import { FORMAT_NAMES, type FormatName, type ImportReport } from './import.schemas.ts';
import type { ImportOptions } from './import.types.ts';

/** Every importer: the file formats of this module and the road graph / communes of `roads`. */
export const IMPORT_FORMATS = [...FORMAT_NAMES, ...GRAPH_FORMATS] as const;

/**
 * Who started an import, for the audit log: a signed-in user over HTTP (with the request id),
 * or the command line (no user; the entry's request id is `cli`).
 */
export type ImportCaller = { actor?: Actor; requestId: string } | 'cli';

export type FileImportRequest = Omit<ImportOptions, 'format'> & { format: FormatName };

export type GraphImportRequest = NonNullable<Parameters<typeof runGraphImport>[3]> & {
  format: GraphFormat;
  file: string | AsyncIterable<Buffer>;
};

/** Sites recomputed so far, of `total` (the CLI's second progress bar). */
export type RecomputeProgress = (done: number, total: number) => void;

/** What an import needs of the access module (`AccessService`; a spy in tests). */
export interface AccessRecompute {
  recomputeForInfrastructure(
    infrastructureIds: string[],
    opts?: { onProgress?: RecomputeProgress },
  ): Promise<unknown>;
  recomputeSites(siteIds: string[], opts?: { onProgress?: RecomputeProgress }): Promise<unknown>;
}

/** How a caller follows an import's work after its commit. */
export interface ImportRunHooks {
  /** Access recomputation of the changed sites or infrastructure, batch by batch. */
  onRecomputeProgress?: RecomputeProgress;
}

/** Who the audit rows of an import's sites name (as `auditSites` would record them). */
function siteAuditOf(caller: ImportCaller): SiteImportAudit {
  return caller === 'cli'
    ? { userId: null, requestId: 'cli' }
    : { userId: caller.actor?.userId ?? null, requestId: caller.requestId };
}

export class ImportService {
  private readonly review: ImportReview;

  constructor(
    private readonly knex: Knex,
    private readonly access: AccessRecompute,
    private readonly siteWriter: SiteImportWriter = new SitesImportWriter(),
  ) {
    this.review = new ImportReview(knex, siteWriter);
  }

  /**
   * Imports one file of an infrastructure or site format; after a commit, recomputes the access
   * distances the import changed and audits it. Resolves with the report (`ok` false when rows
   * or the file were refused: nothing written, nothing audited).
   * @example await imports.run({ format: 'wpi', file: 'ports.csv' }, 'cli')
   */
  async run(
    request: FileImportRequest,
    caller: ImportCaller,
    hooks: ImportRunHooks = {},
  ): Promise<ImportReport> {
    const onProgress = hooks.onRecomputeProgress;
    const report = await runImport(
      {
        knex: this.knex,
        siteWriter: this.siteWriter,
        afterInfrastructureImport: async (_knex, change) => {
          await analyzeTables(this.knex, INFRASTRUCTURE_TABLES);
          await this.access.recomputeForInfrastructure(change.ids, { onProgress });
        },
        siteAudit: siteAuditOf(caller),
        onSitesWritten: (trx, changes) => this.auditSites(trx, caller, changes),
      },
      request,
    );
    await this.afterSitesImport(report, caller, onProgress);
    return report;
  }

  /**
   * Reads a site file without writing and keeps its valid rows for 24 h: what a commit would
   * create and change, and the conflicts with hand edits. Editors: rows of their territories only.
   */
  preview(request: PreviewRequest, actor: Actor): Promise<ImportPreview> {
    return this.review.preview(request, actor);
  }

  /** Commits a preview of the caller's with the conflicts' resolutions; then access and audit. */
  async commit(
    id: string,
    body: CommitBody,
    caller: { actor: Actor; requestId: string },
  ): Promise<ImportReport> {
    const report = await this.review.commit(id, body, caller.actor, siteAuditOf(caller), (trx, changes) =>
      this.auditSites(trx, caller, changes),
    );
    await this.afterSitesImport(report, caller);
    return report;
  }

  /** Drops a pending preview of the caller's. */
  cancel(id: string, actor: Actor): Promise<void> {
    return this.review.cancel(id, actor);
  }

  private async afterSitesImport(
    report: ImportReport,
    caller: ImportCaller,
    onProgress?: RecomputeProgress,
  ): Promise<void> {
    if (report.ok && report.changedSiteIds.length > 0) {
      await analyzeTables(this.knex, SITE_TABLES);
      await this.access.recomputeSites(report.changedSiteIds, { onProgress });
    }
    if (report.ok) {
      await this.audit(caller, `${report.format}:${report.file}`, {
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        read: report.read,
      });
    }
  }

  /**
   * One audit row per site an import created or changed, in the import's transaction, for a
   * writer that returns the changes (`SitesImportWriter` writes them itself from `siteAuditOf`).
   */
  private auditSites(trx: Knex, caller: ImportCaller, changes: SiteWriteChange[]): Promise<void> {
    return recordAuditMany(
      trx,
      changes.map((c) => ({
        actor: caller === 'cli' ? undefined : caller.actor,
        action: 'import',
        entity: 'site',
        entityId: c.id,
        before: c.before ?? undefined,
        after: c.after,
        requestId: caller === 'cli' ? 'cli' : caller.requestId,
      })),
    );
  }

  /**
   * Imports a road graph (`roads`) or the communes (`insee-communes`); their runner brings the
   * per-site read models up to date. Audited after a commit.
   * @example await imports.runGraph({ format: 'roads', file: 'andorra.osm.pbf' }, 'cli')
   */
  async runGraph(request: GraphImportRequest, caller: ImportCaller): Promise<GraphImportReport> {
    const { format, file, ...opts } = request;
    const report = await runGraphImport(this.knex, format, file, opts);
    if (report.ok) {
      await this.audit(
        caller,
        `${format}:${report.file}`,
        report.format === 'roads'
          ? { edges: report.edges, ways: report.roadWays }
          : { communes: report.communes },
      );
    }
    return report;
  }

  private async audit(caller: ImportCaller, entityId: string, after: Record<string, number>): Promise<void> {
    await recordAudit(this.knex, {
      actor: caller === 'cli' ? undefined : caller.actor,
      action: 'import',
      entity: 'import',
      entityId,
      after,
      requestId: caller === 'cli' ? 'cli' : caller.requestId,
    });
  }
}
