/**
 * Pure shortlist operations of the UI. The API replaces the whole list on every change
 * (`PUT /api/projects/:id/shortlist`, order = rank), so each action here turns the current
 * items into the next request body: kept sites are sent by id only (the server keeps their
 * snapshot and note), a site added from a match carries its score and breakdown.
 */
import type {
  FieldChange,
  ShortlistItem,
  ShortlistItemInput,
  SnapshotCriterion,
} from '@api/modules/projects/projects.schemas.ts';
import type { MatchResult, NearMiss } from '../../api/types.ts';

/** Scores come as 0..1 from the API; older clients sent percentages. `toShare(80)` → 0.8. */
export const toShare = (x: number): number => (x > 1 ? x / 100 : x);

/**
 * The list with one element moved by `delta` places, clamped to the ends:
 * `moveItem(['a', 'b', 'c'], 2, -1)` → `['a', 'c', 'b']`; moving past an end changes nothing.
 */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const next = [...list];
  const to = Math.max(0, Math.min(list.length - 1, index + delta));
  if (index < 0 || index >= list.length || to === index) return next;
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item);
  return next;
}

/** The current list as a PUT body, keeping every snapshot and note: `[{ siteId }]`. */
export function keepAll(items: readonly Pick<ShortlistItem, 'siteId'>[]): ShortlistItemInput[] {
  return items.map((i) => ({ siteId: i.siteId }));
}

/** PUT body after a move: `reorderBody(items, 0, 1)` puts the first site second. */
export function reorderBody(
  items: readonly ShortlistItem[],
  index: number,
  delta: number,
): ShortlistItemInput[] {
  return keepAll(moveItem(items, index, delta));
}

/** PUT body without one site. */
export function removeBody(items: readonly ShortlistItem[], siteId: string): ShortlistItemInput[] {
  return keepAll(items.filter((i) => i.siteId !== siteId));
}

/** PUT body with a new note on one site; an empty note clears it (`null`). */
export function noteBody(
  items: readonly ShortlistItem[],
  siteId: string,
  note: string,
): ShortlistItemInput[] {
  const clean = note.trim();
  return items.map((i) =>
    i.siteId === siteId ? { siteId, note: clean ? clean : null } : { siteId: i.siteId },
  );
}

/**
 * The snapshot fields of a match result, as the shortlist stores them (scores as 0..1 shares):
 * the method of the score, the confidence with its notes, the flags, and each criterion with
 * its label and reason in both languages, so the PDF and CSV can be made in either language.
 */
export function resultSnapshot(r: MatchResult, algorithmVersion: string): ShortlistItemInput {
  return {
    siteId: r.siteId,
    score: clampShare(toShare(r.score)),
    scoreKind: r.scoreKind,
    confidence: clampShare(toShare(r.confidence)),
    confidenceNotes: r.confidenceNotes.map(({ criterion, loss, text_fr, text_en }) => ({
      criterion,
      loss: clampShare(loss),
      text_fr,
      text_en,
    })),
    flags: r.flags.map(({ code, text_fr, text_en }) => ({ code, text_fr, text_en })),
    criteria: r.criteria.map(
      (c): SnapshotCriterion => ({
        key: c.key,
        label: { fr: c.label_fr, en: c.label_en },
        weight: Math.max(0, c.weight),
        score: clampShare(toShare(c.score)),
        value: c.value,
        unit: c.unit,
        known: c.known,
        reason_fr: c.reason_fr,
        reason_en: c.reason_en,
      }),
    ),
    algorithmVersion,
  };
}

const clampShare = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));

/**
 * PUT body with a match result appended (last rank), or `null` when the site is already listed
 * or the list is full: `addResultBody(items, result, '1.2.0', 20)`.
 */
export function addResultBody(
  items: readonly ShortlistItem[],
  result: MatchResult,
  algorithmVersion: string,
  max: number,
): ShortlistItemInput[] | null {
  if (items.some((i) => i.siteId === result.siteId) || items.length >= max) return null;
  return [...keepAll(items), resultSnapshot(result, algorithmVersion)];
}

/**
 * PUT body with a near-miss appended: no score from the match (the server scores it against
 * the project's needs), and the failed constraints kept as warnings to confirm.
 */
export function addNearMissBody(
  items: readonly ShortlistItem[],
  miss: NearMiss,
  algorithmVersion: string,
  max: number,
): ShortlistItemInput[] | null {
  if (items.some((i) => i.siteId === miss.siteId) || items.length >= max) return null;
  return [
    ...keepAll(items),
    {
      siteId: miss.siteId,
      algorithmVersion,
      failed: miss.failed.map((f) => ({
        key: f.key,
        required: f.required,
        actual: f.actual,
        unit: f.unit,
        gap: f.gap,
        unknown: f.unknown,
        reason_fr: f.reason_fr,
        reason_en: f.reason_en,
      })),
    },
  ];
}

/**
 * The same items in a new order, ranks renumbered, for showing a move before the server
 * confirms it: `optimisticOrder(items, 0, 1)[0].rank` → 1.
 */
export function optimisticOrder(
  items: readonly ShortlistItem[],
  index: number,
  delta: number,
): ShortlistItem[] {
  return moveItem(items, index, delta).map((it, i) => ({ ...it, rank: i + 1 }));
}

/** Site fields whose changes matter most to an investor, listed first in the badge's details. */
const IMPORTANT = ['status', 'availableAreaHa', 'powerAvailableMw', 'availableFrom', 'priceEurM2'];

/**
 * Changes worth showing, the important ones first; small access-distance jitters (< 100 m,
 * e.g. a recomputation) are left out: `visibleChanges([{ field: 'access.port', then: 1000, now: 1040 }])` → [].
 */
export function visibleChanges(changes: readonly FieldChange[]): FieldChange[] {
  const kept = changes.filter((c) => {
    if (!c.field.startsWith('access.')) return true;
    if (typeof c.then === 'number' && typeof c.now === 'number') return Math.abs(c.then - c.now) >= 100;
    return true;
  });
  const weight = (f: string) => {
    const i = IMPORTANT.indexOf(f);
    return i < 0 ? IMPORTANT.length : i;
  };
  return kept.sort((a, b) => weight(a.field) - weight(b.field));
}

/**
 * PUT body that puts a removed item back at its place, with the score, breakdown and note it
 * had (the server takes a new snapshot of the facts): the "undo" of a removal.
 */
export function undoRemoveBody(
  current: readonly ShortlistItem[],
  removed: ShortlistItem,
  index: number,
): ShortlistItemInput[] {
  const back: ShortlistItemInput = {
    siteId: removed.siteId,
    note: removed.note,
    score: removed.snapshot.score,
    scoreKind: removed.snapshot.scoreKind ?? null,
    confidence: removed.snapshot.confidence,
    confidenceNotes: removed.snapshot.confidenceNotes ?? null,
    flags: removed.snapshot.flags ?? null,
    criteria: removed.snapshot.criteria,
    failed: removed.snapshot.failed,
    algorithmVersion: removed.snapshot.algorithmVersion,
  };
  const body = keepAll(current.filter((i) => i.siteId !== removed.siteId));
  body.splice(Math.max(0, Math.min(index, body.length)), 0, back);
  return body;
}

/**
 * PUT body with a site picked on the map appended: no score is sent, so the server scores it
 * against the project's needs. `null` when already listed or the list is full.
 */
export function addSiteBody(
  items: readonly ShortlistItem[],
  siteId: string,
  max: number,
): ShortlistItemInput[] | null {
  if (items.some((i) => i.siteId === siteId) || items.length >= max) return null;
  return [...keepAll(items), { siteId }];
}
