/**
 * Use cases of the site inventory: public browsing, staff reads, and audited writes by admins
 * or the editors of the site's territory.
 */
import type { Transactor, Tx } from '../../db/transaction.ts';
import { ConflictError, GoneError, InputError, NotAllowedError, NotFoundError } from '../../shared/errors.ts';
import type { PolygonalGeometry } from '../../shared/geo.ts';
import { parseInput } from '../../shared/validation.ts';
import { assertVersion } from '../../shared/versioning.ts';
import type { Actor } from '../auth/auth.types.ts';
import { propertiesToColumns } from './site.columns.ts';
import { isoToday, stampFactsAsOf } from './site.freshness.ts';
import { historyEntries } from './sites.history.ts';
import {
  type DeletedSites,
  type SiteDetail,
  type SiteHistory,
  siteCreateSchema,
  siteListQuerySchema,
  sitePatchSchema,
  uuidSchema,
} from './sites.schemas.ts';
import type { SitePage, SitesStore, Visibility } from './sites.store.ts';

/** Called inside the write transaction after a site's geometry may have changed (access distances). */
export type SiteChangedHook = (tx: Tx, siteId: string) => Promise<void>;

/**
 * Anonymous callers: published sites, public fields. Signed-in callers: every site; the
 * confidential fields (owner, negotiated price…) of an unpublished site only for admins and the
 * staff and editors of the site's territory; others get its public fields (issue 14).
 */
export const visibilityFor = (actor?: Actor): Visibility =>
  actor
    ? {
        unpublished: true,
        confidential: true,
        confidentialTerritories: actor.role === 'admin' ? 'all' : actor.territories,
      }
    : { unpublished: false, confidential: false };

/** Admins edit everything; editors only sites of their territories (and not sites with none). */
export function assertMayEditSite(actor: Actor, territory: string | null | undefined): void {
  if (actor.role === 'admin') return;
  if (actor.role !== 'editor')
    throw new NotAllowedError('Only admins and territory editors can change sites.');
  if (!territory || !actor.territories.includes(territory)) {
    throw new NotAllowedError(
      `Editors may only change sites of their territories (${actor.territories.join(', ') || 'none'}).`,
    );
  }
}

/** Properties with `factsAsOf` dated for the groups this write changes (site.freshness.ts). */
function withFactDates(before: Record<string, unknown> | null, props: Record<string, unknown>) {
  const factsAsOf = stampFactsAsOf(before, props, isoToday());
  return factsAsOf ? { ...props, factsAsOf } : props;
}

export class SitesService {
  constructor(
    private readonly db: Transactor,
    private readonly store: SitesStore,
    private readonly onSiteChanged: SiteChangedHook = async () => {},
  ) {}

  /** `detail`: every field the actor may see, as `get` gives (exports), instead of the list's. */
  list(rawQuery: unknown, actor?: Actor, opts: { detail?: boolean } = {}): Promise<SitePage> {
    const query = parseInput(siteListQuerySchema, rawQuery, 'query', '');
    return this.store.list(query, visibilityFor(actor), opts);
  }

  async get(rawId: string, actor?: Actor): Promise<SiteDetail> {
    const id = this.parseId(rawId);
    const site = await this.store.get(id, visibilityFor(actor));
    if (!site) return this.missing(id, actor);
    site.properties.access = await this.store.access(id);
    site.properties.labourPool = await this.store.labourPool(id);
    site.properties.documents = await this.store.documents(id);
    return site;
  }

  async create(body: unknown, actor: Actor, requestId?: string): Promise<SiteDetail> {
    const input = parseInput(siteCreateSchema, body, 'site');
    const props = input.properties as Record<string, unknown>;
    this.assertMayEdit(actor, props.territorySiren as string | null | undefined);
    await this.assertValidGeometry(input.geometry);
    const columns = { ...propertiesToColumns(withFactDates(null, props)), updated_by: actor.userId };
    return this.db.transaction(async (trx) => {
      const id = await this.store.insert(trx, columns, input.geometry);
      await this.onSiteChanged(trx, id);
      const after = await this.store.get(id, visibilityFor(actor), trx);
      await this.store.recordAudit(
        { actor, action: 'create', entity: 'site', entityId: id, after, requestId },
        trx,
      );
      return after!;
    });
  }

  /** `ifMatch`: the version the caller last read (If-Match); a stale one is a 412. */
  async update(
    rawId: string,
    body: unknown,
    actor: Actor,
    requestId?: string,
    ifMatch?: number,
  ): Promise<SiteDetail> {
    const id = this.parseId(rawId);
    const input = parseInput(sitePatchSchema, body, 'site change');
    const props = (input.properties ?? {}) as Record<string, unknown>;
    for (const key of ['name', 'communeInsee']) {
      if (key in props && props[key] === null) {
        throw new InputError(`${key} cannot be cleared.`, [
          { field: `properties.${key}`, code: 'cannot_clear', message: 'required' },
        ]);
      }
    }
    if (input.geometry) await this.assertValidGeometry(input.geometry);
    return this.db.transaction(async (trx) => {
      const before = await this.lockForWrite(trx, id, actor, ifMatch);
      if ('territorySiren' in props) this.assertMayEdit(actor, props.territorySiren as string | null);
      const columns = {
        ...propertiesToColumns(withFactDates(before.properties, props)),
        updated_by: actor.userId,
      };
      await this.store.update(trx, id, columns, input.geometry);
      if (input.geometry) await this.onSiteChanged(trx, id);
      const after = await this.store.get(id, visibilityFor(actor), trx);
      await this.store.recordAudit(
        { actor, action: 'update', entity: 'site', entityId: id, before, after, requestId },
        trx,
      );
      return after!;
    });
  }

  /** Soft delete: the site leaves every read and `restore` brings it back with its id. */
  async delete(rawId: string, actor: Actor, requestId?: string, ifMatch?: number): Promise<void> {
    const id = this.parseId(rawId);
    await this.db.transaction(async (trx) => {
      const before = await this.lockForWrite(trx, id, actor, ifMatch);
      await this.store.softDelete(trx, id, actor.userId);
      await this.store.recordAudit(
        { actor, action: 'delete', entity: 'site', entityId: id, before, requestId },
        trx,
      );
    });
  }

  /** Brings a deleted site back (same id, one version later) and recomputes its derived rows. */
  async restore(rawId: string, actor: Actor, requestId?: string): Promise<SiteDetail> {
    const id = this.parseId(rawId);
    return this.db.transaction(async (trx) => {
      const tomb = await this.store.deleted(id, trx);
      if (!tomb) {
        if (await this.store.get(id, visibilityFor(actor), trx)) {
          throw new ConflictError(`Site ${id} is not deleted: there is nothing to restore.`);
        }
        throw new NotFoundError(`No deleted site ${id}.`);
      }
      this.assertMayEdit(actor, tomb.territorySiren);
      if (tomb.source && tomb.sourceId) {
        const other = await this.store.siteWithSource(trx, tomb.source, tomb.sourceId);
        if (other) {
          throw new ConflictError(
            `Site ${id} cannot come back: site ${other} now holds its import key (${tomb.source} ${tomb.sourceId}); delete or change that one first.`,
            { siteId: other },
          );
        }
      }
      await this.store.restore(trx, id, actor.userId);
      await this.onSiteChanged(trx, id);
      const after = await this.store.get(id, visibilityFor(actor), trx);
      await this.store.recordAudit(
        { actor, action: 'restore', entity: 'site', entityId: id, after, requestId },
        trx,
      );
      return after!;
    });
  }

  /** Deleted sites: admins and staff every one, editors those of their territories. */
  async listDeleted(actor: Actor): Promise<DeletedSites> {
    const territories = actor.role === 'editor' ? actor.territories : 'all';
    return { features: await this.store.listDeleted(territories) };
  }

  /** What happened to a site (live or deleted), newest first; confidential changes as `get` shows them. */
  async history(rawId: string, actor: Actor): Promise<SiteHistory> {
    const id = this.parseId(rawId);
    const live = await this.store.get(id, visibilityFor(actor));
    const tomb = live ? undefined : await this.store.deleted(id);
    if (!live && !tomb) throw new NotFoundError(`No site ${id}.`);
    const published = live ? live.properties.published === true : tomb!.published;
    const territory = (live ? live.properties.territorySiren : tomb!.territorySiren) as string | null;
    const confidential =
      actor.role === 'admin' || published || (!!territory && actor.territories.includes(territory));
    return { entries: historyEntries(await this.store.auditRows(id), confidential) };
  }

  /**
   * Inside a write: locks the row, then checks in this order that it exists (404, or 410 when
   * deleted), that the actor may edit it (403) and that `ifMatch` is current (412). Returns
   * the site as it is, for the audit.
   */
  private async lockForWrite(trx: Tx, id: string, actor: Actor, ifMatch?: number): Promise<SiteDetail> {
    const current = await this.store.lockVersion(trx, id);
    const before = current && (await this.store.get(id, visibilityFor(actor), trx));
    if (!current || !before) return this.missing(id, actor, trx);
    this.assertMayEdit(actor, before.properties.territorySiren as string | null);
    assertVersion('site', ifMatch, current);
    return before;
  }

  /** 410 for signed-in callers when the site was deleted, else 404. */
  private async missing(id: string, actor?: Actor, tx?: Tx): Promise<never> {
    const tomb = actor ? await this.store.deleted(id, tx) : undefined;
    if (tomb) {
      const by = tomb.deletedBy ? ` by ${tomb.deletedBy.name ?? 'a colleague'}` : '';
      throw new GoneError(
        'site_deleted',
        `Site ${id} was deleted at ${tomb.deletedAt}${by}; POST /api/sites/${id}/restore brings it back.`,
        { deletedAt: tomb.deletedAt, deletedBy: tomb.deletedBy },
      );
    }
    throw new NotFoundError(`No site ${id}.`);
  }

  private parseId(raw: string): string {
    return parseInput(uuidSchema, raw, 'site id', 'id');
  }

  private assertMayEdit(actor: Actor, territory: string | null | undefined): void {
    assertMayEditSite(actor, territory);
  }

  private async assertValidGeometry(geometry: PolygonalGeometry): Promise<void> {
    const reason = await this.store.invalidReason(geometry);
    if (reason) {
      throw new InputError(`Invalid geometry: ${reason}.`, [
        { field: 'geometry', code: 'invalid_geometry', message: reason },
      ]);
    }
  }
}
