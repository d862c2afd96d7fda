/**
 * The version comparison of a project (`GET /api/projects/:id/match-versions`) arranged for
 * reading: what is new under the current engine, what dropped out and why, what moved up or
 * down, what stayed; each group in the order an investor would look at it.
 */
import type { VersionChange } from '../../api/types.ts';

export const CHANGE_ORDER = ['new', 'dropped', 'up', 'down', 'same'] as const;
export type ChangeKind = (typeof CHANGE_ORDER)[number];

const rankOf = (c: VersionChange) => c.after?.rank ?? c.before?.rank ?? Number.POSITIVE_INFINITY;

/**
 * Changes grouped by kind, each group by current rank (dropped sites by their former rank):
 * `groupChanges(changes).dropped[0].before.rank` is the best-placed site that dropped out.
 */
export function groupChanges(changes: readonly VersionChange[]): Record<ChangeKind, VersionChange[]> {
  const groups = Object.fromEntries(CHANGE_ORDER.map((k) => [k, [] as VersionChange[]])) as Record<
    ChangeKind,
    VersionChange[]
  >;
  for (const c of changes) groups[c.change]?.push(c);
  for (const k of CHANGE_ORDER)
    groups[k].sort((a, b) => rankOf(a) - rankOf(b) || a.name.localeCompare(b.name));
  return groups;
}

/** A count of the version's response (`counts.candidates`…), or null when that engine does not report it. */
export function countOf(counts: Record<string, unknown>, key: string): number | null {
  const v = counts[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
