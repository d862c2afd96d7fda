import { READINESS_ITEMS } from '../../sites/site.fields.ts';
import type { MatchSite } from '../candidate.ts';
import { type Bilingual, bi } from '../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, colon, result, sep, t, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, clampRound, col, sql } from './sql.ts';

type Item = (typeof READINESS_ITEMS)[number];

const ITEM_TEXT: Record<Item, Bilingual> = {
  urbanism: { fr: 'urbanisme', en: 'urbanism' },
  archaeology: { fr: 'archéologie préventive', en: 'preventive archaeology' },
  environment: { fr: 'environnement (4 saisons)', en: 'environment (4 seasons)' },
  icpe: { fr: 'pré-instruction ICPE', en: 'ICPE pre-review' },
  networks: { fr: 'réseaux', en: 'networks' },
  land_control: { fr: 'maîtrise foncière', en: 'land control' },
};

/**
 * Readiness ("clé en main"): share of the six checklist items done (or not required). Items
 * absent from the site's list count as not done; an empty list is unknown. Done items without
 * an evidence link are flagged in the reason (a "done" nobody can check is a claim, not a fact).
 * Example: urbanism, archaeology, networks done of 6 → 0.5.
 */
export function readiness(site: MatchSite, _needs: Needs): CriterionResult {
  const list = site.readiness ?? [];
  const total = READINESS_ITEMS.length;
  if (list.length === 0) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi((l) => t(l, 'état de préparation non renseigné (à confirmer)', 'readiness not stated (to confirm)')),
      0,
    );
  }
  const byItem = new Map(list.map((r) => [r.item, r]));
  const done: Item[] = [];
  const inProgress: Item[] = [];
  const missing: Item[] = [];
  let withoutEvidence = 0;
  for (const item of READINESS_ITEMS) {
    const r = byItem.get(item);
    if (!r) missing.push(item);
    else if (r.status === 'done' || r.status === 'not_required') {
      done.push(item);
      if (r.status === 'done' && !r.evidenceUrl) withoutEvidence++;
    } else if (r.status === 'in_progress') inProgress.push(item);
  }
  const share = done.length / total;
  const names = (items: Item[], l: 'fr' | 'en') => items.map((i) => ITEM_TEXT[i][l]).join(', ');
  const reason = bi((l) => {
    const parts = [
      `${done.length}/${total} ${t(l, 'étapes prêtes', 'steps ready')}` +
        (done.length > 0 ? ` (${names(done, l)})` : ''),
    ];
    if (withoutEvidence > 0)
      parts.push(`${withoutEvidence} ${t(l, 'sans justificatif', 'without evidence')}`);
    if (inProgress.length > 0)
      parts.push(`${t(l, 'en cours', 'in progress')}${colon(l)}${names(inProgress, l)}`);
    if (missing.length > 0)
      parts.push(`${t(l, 'non renseigné', 'not stated')}${colon(l)}${names(missing, l)}`);
    return parts.join(sep(l));
  });
  return result(share, { done: done.length, total, inProgress: inProgress.length }, true, reason, share);
}

/** SQL form of `readiness` over the derived `readiness_done` / `readiness_stated` columns (migration 0007). */
export function readinessSql(): CriterionSql {
  const raw = sql`(CASE WHEN ${col('readiness_stated')} IS TRUE THEN ${col('readiness_done')} / ${READINESS_ITEMS.length} ELSE ${UNKNOWN_SCORE} END)`;
  return { score: clampRound(raw), raw };
}
