/**
 * Readiness ("clé en main") counted one way everywhere (issue 13 item 7): the site panel, the
 * match criterion, the comparison (screen, PDF) and the shortlist CSV all call these, so a
 * site reads "5/6 prêts" in each of them. An item is ready when it is done or not required;
 * the six checklist items are always the denominator (an item absent from the site's list is
 * not ready), and a site with no item at all is "not stated", never "0/6".
 */
import { READINESS_ITEMS } from './site.fields.ts';

export type ReadinessItemKey = (typeof READINESS_ITEMS)[number];

export interface ReadinessCount {
  /** Items done or not required. */
  ready: number;
  /** Always the checklist's length (6). */
  total: number;
  /** Each checklist item in order with its stated status (null when the site does not say). */
  items: Array<{ item: ReadinessItemKey; status: string | null; ready: boolean }>;
}

const isReady = (status: unknown) => status === 'done' || status === 'not_required';

/**
 * The count of a site's readiness list, or null when nothing is stated:
 * `countReadiness([{ item: 'urbanism', status: 'done' }, { item: 'icpe', status: 'not_required' }])`
 * → `{ ready: 2, total: 6, items: [...] }`; `countReadiness([])` → null.
 */
export function countReadiness(list: unknown): ReadinessCount | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  const byItem = new Map<string, unknown>();
  for (const r of list) {
    if (r && typeof r === 'object' && 'item' in r)
      byItem.set(String(r.item), (r as { status?: unknown }).status);
  }
  const items = READINESS_ITEMS.map((item) => {
    const status = byItem.get(item);
    return { item, status: typeof status === 'string' ? status : null, ready: isReady(status) };
  });
  return { ready: items.filter((i) => i.ready).length, total: READINESS_ITEMS.length, items };
}

/** `readinessText(5, 'fr')` → "5/6 prêts"; `readinessText(1, 'en')` → "1/6 ready"; null → "non renseigné". */
export function readinessText(ready: number | null, lang: 'fr' | 'en'): string {
  if (ready === null) return lang === 'fr' ? 'non renseigné' : 'not stated';
  const total = READINESS_ITEMS.length;
  return lang === 'fr' ? `${ready}/${total} ${ready > 1 ? 'prêts' : 'prêt'}` : `${ready}/${total} ready`;
}
