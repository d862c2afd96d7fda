/**
 * The data-quality badge a site shows, consistent with its "illustrative" field tags (issue 13
 * item 7): a site stated "sourced" or "estimated" that has illustrative fields must not wear a
 * plain "Données sourcées" badge above "34 champs illustratifs".
 */
import type { DataQuality } from './site.fields.ts';

export type ShownQuality = DataQuality | 'partly_illustrative';

/**
 * `shownQuality('sourced', 0)` → 'sourced'; `shownQuality('sourced', 34)` → 'partly_illustrative';
 * `shownQuality('illustrative', 3)` → 'illustrative'; no stated quality → null.
 */
export function shownQuality(
  quality: DataQuality | null | undefined,
  illustrativeFields: number,
): ShownQuality | null {
  if (!quality) return illustrativeFields > 0 ? 'partly_illustrative' : null;
  if (quality === 'illustrative' || illustrativeFields === 0) return quality;
  return 'partly_illustrative';
}
