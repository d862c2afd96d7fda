/**
 * A site's history from its audit rows (GET /api/sites/:id/history): each row's before/after
 * snapshots diffed field by field. Snapshots are site features (`{ properties, geometry }`, what
 * the service audits) or flat property objects (an importer may write those); both are read.
 * The outline is reported as field `geometry` with its area, never its coordinates.
 */
import { SITE_FIELDS } from './site.fields.ts';
import { HISTORY_ACTIONS, type HistoryAction, type SiteHistoryEntry } from './sites.schemas.ts';
import type { SiteAuditRow } from './sites.store.ts';

/** Bookkeeping, or reported through `geometry`: never a change of its own. */
const NOT_CHANGES = new Set([
  'version',
  'updatedBy',
  'updatedAt',
  'createdAt',
  'access',
  'labourPool',
  'areaHa',
]);
const CONFIDENTIAL = new Set(SITE_FIELDS.filter((f) => f.access !== 'public').map((f) => f.key));

type Flat = Record<string, unknown>;

function flatten(snapshot: unknown): Flat {
  if (!snapshot || typeof snapshot !== 'object') return {};
  const s = snapshot as Record<string, unknown>;
  if (s.properties && typeof s.properties === 'object') {
    return { ...(s.properties as Flat), geometry: s.geometry ?? null };
  }
  return s;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const area = (f: Flat) => ({
  areaHa: typeof f.areaHa === 'number' ? Math.round(f.areaHa * 1000) / 1000 : null,
});

/** The fields that differ between two snapshots, in the order of site.fields.ts, geometry last. */
export function diffSnapshots(
  before: unknown,
  after: unknown,
  confidential: boolean,
): SiteHistoryEntry['changes'] {
  const b = flatten(before);
  const a = flatten(after);
  const known = SITE_FIELDS.map((f) => f.key as string);
  const keys = [...new Set([...known, ...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => k !== 'geometry' && !NOT_CHANGES.has(k) && (confidential || !CONFIDENTIAL.has(k)),
  );
  const changes: SiteHistoryEntry['changes'] = [];
  for (const k of keys) {
    if (!(k in b) && !(k in a)) continue;
    if (!same(b[k], a[k])) changes.push({ field: k, before: b[k] ?? null, after: a[k] ?? null });
  }
  if (('geometry' in b || 'geometry' in a) && !same(b.geometry, a.geometry)) {
    changes.push({
      field: 'geometry',
      before: b.geometry ? area(b) : null,
      after: a.geometry ? area(a) : null,
    });
  }
  return changes;
}

const asAction = (a: string): HistoryAction =>
  (HISTORY_ACTIONS as readonly string[]).includes(a) ? (a as HistoryAction) : 'update';

/**
 * History entries of audit rows (newest first, as given). Deletes and restores carry no
 * changes: the site is the same before and after. `confidential`: the caller may read the
 * confidential fields of this site (else their changes are left out).
 */
export function historyEntries(rows: readonly SiteAuditRow[], confidential: boolean): SiteHistoryEntry[] {
  return rows.map((r) => {
    const action = asAction(r.action);
    const moved = action === 'delete' || action === 'restore';
    return {
      at: r.at,
      actor: r.actor,
      action,
      requestId: r.requestId,
      changes: moved ? [] : diffSnapshots(action === 'create' ? null : r.before, r.after, confidential),
    };
  });
}
