/**
 * Use cases of the site inventory: public browsing, staff reads, and audited writes by admins
 * or the editors of the site's territory.
 */
import type { Transactor, Tx } from '../../db/transaction.ts';
import { InputError, NotAllowedError, NotFoundError } from '../../shared/errors.ts';
import type { PolygonalGeometry } from '../../shared/geo.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor } from '../auth/auth.types.ts';
import { propertiesToColumns } from './site.columns.ts';
import { isoToday, stampFactsAsOf } from './site.freshness.ts';
import {
  type SiteDetail,
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
    if (!site) throw new NotFoundError(`No site ${id}.`);
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
    const columns = propertiesToColumns(withFactDates(null, props));
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

  async update(rawId: string, body: unknown, actor: Actor, requestId?: string): Promise<SiteDetail> {
    const id = this.parseId(rawId);
    const input = parseInput(sitePatchSchema, body, 'site change');
    const props = (input.properties ?? {}) as Record<string, unknown>;
    for (const key of ['name', 'communeInsee']) {
      if (key in props && props[key] === null) {
        throw new InputError(`${key} cannot be cleared.`, [
          { field: `properties.${key}`, message: 'required' },
        ]);
      }
    }
    if (input.geometry) await this.assertValidGeometry(input.geometry);
    return this.db.transaction(async (trx) => {
      const before = await this.store.get(id, visibilityFor(actor), trx);
      if (!before) throw new NotFoundError(`No site ${id}.`);
      this.assertMayEdit(actor, before.properties.territorySiren as string | null);
      if ('territorySiren' in props) this.assertMayEdit(actor, props.territorySiren as string | null);
      const columns = propertiesToColumns(withFactDates(before.properties, props));
      await this.store.update(trx, id, columns, input.geometry);
      if (input.geometry) await this.onSiteChanged(trx, id);
      const after = await this.store.get(id, visibilityFor(actor), trx);
      await this.store.recordAudit(
        {
          actor,
          action: 'update',
          entity: 'site',
          entityId: id,
          before,
          after,
          requestId,
        },
        trx,
      );
      return after!;
    });
  }

  async delete(rawId: string, actor: Actor, requestId?: string): Promise<void> {
    const id = this.parseId(rawId);
    await this.db.transaction(async (trx) => {
      const before = await this.store.get(id, visibilityFor(actor), trx);
      if (!before) throw new NotFoundError(`No site ${id}.`);
      this.assertMayEdit(actor, before.properties.territorySiren as string | null);
      await this.store.delete(trx, id);
      await this.store.recordAudit(
        { actor, action: 'delete', entity: 'site', entityId: id, before, requestId },
        trx,
      );
    });
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
      throw new InputError(`Invalid geometry: ${reason}.`, [{ field: 'geometry', message: reason }]);
    }
  }
}
