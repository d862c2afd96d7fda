/**
 * Keeps `site_access` true: a changed site recomputes its own rows (in its write
 * transaction); an infrastructure import recomputes only the sites within reach of what
 * changed, or everything when the change is national; batches report progress.
 */
import type { Knex } from 'knex';
import { allSiteIds, recomputeSiteAccess, sitesAffectedBy } from './access.store.pg.ts';

export interface RecomputeReport {
  sites: number;
  ms: number;
  mode: 'all' | 'affected';
}

export type Progress = (done: number, total: number) => void;

/** Above this many changed features, recompute everything (cheaper than finding who is affected). */
const NATIONAL_CHANGE = 2000;

export class AccessService {
  /** `concurrency`: batches in flight (2 on the 2-core server; 1 on PGlite's single connection). */
  constructor(
    private readonly knex: Knex,
    private readonly concurrency = 1,
  ) {}

  /** Site write hook: recompute this site's rows in the same transaction. */
  readonly onSiteChanged = (trx: Knex, siteId: string) => recomputeSiteAccess(trx, [siteId]);

  async recomputeAll(opts: { batchSize?: number; onProgress?: Progress } = {}): Promise<RecomputeReport> {
    const t0 = Date.now();
    const ids = await allSiteIds(this.knex);
    await this.inBatches(ids, opts.batchSize ?? 2000, opts.onProgress);
    return { sites: ids.length, ms: Date.now() - t0, mode: 'all' };
  }

  /** Recomputes the given sites (e.g. after a site import), in batches. */
  async recomputeSites(
    siteIds: readonly string[],
    opts: { onProgress?: Progress } = {},
  ): Promise<RecomputeReport> {
    const t0 = Date.now();
    await this.inBatches([...siteIds], 2000, opts.onProgress);
    return { sites: siteIds.length, ms: Date.now() - t0, mode: 'affected' };
  }

  async recomputeForInfrastructure(
    changedIds: readonly string[],
    opts: { onProgress?: Progress } = {},
  ): Promise<RecomputeReport> {
    if (changedIds.length > NATIONAL_CHANGE) return this.recomputeAll(opts);
    const t0 = Date.now();
    const ids = await sitesAffectedBy(this.knex, changedIds);
    await this.inBatches(ids, 2000, opts.onProgress);
    return { sites: ids.length, ms: Date.now() - t0, mode: 'affected' };
  }

  /** Each batch in its own transaction, `concurrency` at a time. */
  private async inBatches(ids: string[], size: number, onProgress?: Progress): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
    const concurrency = this.concurrency;
    let done = 0;
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        await this.knex.transaction((trx) => recomputeSiteAccess(trx, batch));
        done += batch.length;
        onProgress?.(done, ids.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  }
}
