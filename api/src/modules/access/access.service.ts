/**
 * Keeps `site_access` true: a changed site recomputes its own rows (in its write
 * transaction); an infrastructure import recomputes only the sites within reach of what
 * changed, or everything when the change is national; batches report progress. Each bulk
 * recompute ends with `ANALYZE` of the tables it rewrote (db/analyze.ts).
 */
import type { Knex } from 'knex';
import { ACCESS_TABLES, analyzeTables } from '../../db/analyze.ts';
import { knexOf, type Tx } from '../../db/transaction.ts';
import {
  hasRoadGraph,
  recomputeSiteDriveTimes,
  recomputeSiteLabourPool,
  recomputeVertexAccess,
  snapCommunes,
} from '../roads/drive-times.store.ts';
import {
  allSiteIds,
  beginDirectSiteMatch,
  lockSites,
  recomputeSiteAccess,
  refreshSiteMatch,
  settleFeatureReferences,
  sitesAffectedBy,
} from './access.store.pg.ts';

export interface RecomputeReport {
  sites: number;
  ms: number;
  mode: 'all' | 'affected';
}

export type Progress = (done: number, total: number) => void;

/** Recomputes of at least this many sites refresh the statistics as the tables grow. */
const ANALYZE_DURING_ABOVE = 20_000;

/** Above this many changed features, recompute everything (cheaper than finding who is affected). */
const NATIONAL_CHANGE = 2000;

export class AccessService {
  /** `concurrency`: batches in flight (2 on the 2-core server; 1 on PGlite's single connection). */
  constructor(
    private readonly knex: Knex,
    private readonly concurrency = 1,
  ) {}

  /** Site write hook: recompute this site's rows in the same transaction. */
  readonly onSiteChanged = (tx: Tx, siteId: string) => recomputeSiteAccess(knexOf(tx, this.knex), [siteId]);

  async recomputeAll(opts: { batchSize?: number; onProgress?: Progress } = {}): Promise<RecomputeReport> {
    const t0 = Date.now();
    const ids = await allSiteIds(this.knex);
    await this.inBatches(ids, opts.batchSize ?? 2000, opts.onProgress);
    await analyzeTables(this.knex, ACCESS_TABLES);
    return { sites: ids.length, ms: Date.now() - t0, mode: 'all' };
  }

  /** Recomputes the given sites (e.g. after a site import), in batches. */
  async recomputeSites(
    siteIds: readonly string[],
    opts: { onProgress?: Progress } = {},
  ): Promise<RecomputeReport> {
    const t0 = Date.now();
    await this.inBatches([...siteIds], 2000, opts.onProgress);
    if (siteIds.length) await analyzeTables(this.knex, ACCESS_TABLES);
    return { sites: siteIds.length, ms: Date.now() - t0, mode: 'affected' };
  }

  /**
   * After an infrastructure change: the graph's nearest targets first (when there is a road
   * graph), then the straight-line access of the sites within reach of the change, then the
   * drive times of every site (a road-nearest target may change for a site whose
   * straight-line nearest did not). Labour pools do not depend on infrastructure.
   */
  async recomputeForInfrastructure(
    changedIds: readonly string[],
    opts: { onProgress?: Progress } = {},
  ): Promise<RecomputeReport> {
    const graph = await hasRoadGraph(this.knex);
    if (graph) await this.refreshGraphTargets();
    if (changedIds.length > NATIONAL_CHANGE) return this.recomputeAll(opts);
    const t0 = Date.now();
    const ids = await sitesAffectedBy(this.knex, changedIds);
    await this.inBatches(ids, 2000, opts.onProgress, { labourPool: false });
    if (graph) await this.driveTimesOfAllSites();
    if (ids.length || graph) await analyzeTables(this.knex, ACCESS_TABLES);
    return { sites: ids.length, ms: Date.now() - t0, mode: 'affected' };
  }

  /** Nearest target per graph vertex (`road_vertex_access`) and the communes' vertices. */
  async refreshGraphTargets(): Promise<{ rows: number; ms: number }> {
    const done = await this.knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL statement_timeout = 0');
      await snapCommunes(trx);
      return recomputeVertexAccess(trx);
    });
    await analyzeTables(this.knex, ['road_vertex_access', 'communes']);
    return done;
  }

  /** Drive times of every site (a join: cheap), in batches. */
  async recomputeDriveTimesAll(opts: { onProgress?: Progress } = {}): Promise<RecomputeReport> {
    const report = await this.driveTimesOfAllSites(opts.onProgress);
    await analyzeTables(this.knex, ['site_drive_times', 'site_match']);
    return report;
  }

  private async driveTimesOfAllSites(onProgress?: Progress): Promise<RecomputeReport> {
    const t0 = Date.now();
    const ids = await allSiteIds(this.knex);
    await this.inBatches(ids, 5000, onProgress, { only: 'driveTimes' });
    return { sites: ids.length, ms: Date.now() - t0, mode: 'all' };
  }

  /** Labour pools of every site (after a communes or roads import), in batches. */
  async recomputeLabourPoolsAll(opts: { onProgress?: Progress } = {}): Promise<RecomputeReport> {
    const t0 = Date.now();
    await this.knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL statement_timeout = 0');
      await snapCommunes(trx);
    });
    const ids = await allSiteIds(this.knex);
    await this.inBatches(ids, 2000, opts.onProgress, { only: 'labourPool' });
    await analyzeTables(this.knex, ['communes', 'site_labour_pool', 'site_match']);
    return { sites: ids.length, ms: Date.now() - t0, mode: 'all' };
  }

  /** Each batch in its own transaction, `concurrency` at a time. */
  private async inBatches(
    ids: string[],
    size: number,
    onProgress?: Progress,
    what: { labourPool?: boolean; only?: 'driveTimes' | 'labourPool' } = {},
  ): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
    const concurrency = this.concurrency;
    let done = 0;
    let next = 0;
    // A long recompute grows the derived tables from their statistics' size: past each
    // doubling they are analyzed again, or the batches plan on an "empty" table (1M plots:
    // 50,000 sites took 83 s before such an ANALYZE and 40 s after it).
    let analyzeAt = ids.length >= ANALYZE_DURING_ABOVE ? size * 4 : Infinity;
    let analyzing: Promise<void> | null = null;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        await this.knex.transaction(async (trx) => {
          // Road searches over a large graph may outlast the API's statement timeout.
          await trx.raw('SET LOCAL statement_timeout = 0');
          await beginDirectSiteMatch(trx);
          if (what.only === 'driveTimes') {
            await lockSites(trx, batch);
            await recomputeSiteDriveTimes(trx, batch);
            await settleFeatureReferences(trx, batch);
          } else if (what.only === 'labourPool') {
            await lockSites(trx, batch);
            await recomputeSiteLabourPool(trx, batch);
          } else await recomputeSiteAccess(trx, batch, { labourPool: what.labourPool });
          await refreshSiteMatch(trx, batch);
        });
        done += batch.length;
        if (done >= analyzeAt && !analyzing && done < ids.length) {
          analyzeAt = done * 2;
          analyzing = analyzeTables(this.knex, ACCESS_TABLES).finally(() => {
            analyzing = null;
          });
        }
        onProgress?.(done, ids.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
    await analyzing;
  }
}
