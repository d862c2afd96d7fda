/** Shared scoring of a daily capacity against a need (water, wastewater, gas). */
import { type Bilingual, bi, fmtNum, fmtPct, type Lang } from '../format.ts';
import { type CriterionResult, colon, result, t, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, clampRound, col, sql } from './sql.ts';

/** What a site network without a stated capacity scores: better than nothing known, far from a fit. */
export const NETWORK_ONLY_SCORE = 0.25;

interface CapacitySpec {
  need: number;
  capacity: number | null;
  network: boolean | null;
  unit: Bilingual;
  label: Bilingual;
}

/**
 * Capacity ≥ need → 1; below, the share of the need it covers (linear, continuous); no stated
 * capacity → 0.25 if the network is there (unknown), 0 if it is known absent or unknown.
 * raw (TOPSIS) is capacity/need capped at 2, so a huge surplus does not swamp the others.
 * Example: 800 m³/day for 1,000 → 0.8.
 */
export function scoreCapacity(spec: CapacitySpec): CriterionResult {
  const { need, capacity, network, unit, label } = spec;
  const needText = (l: Lang) => `${fmtNum(need, l, 0)} ${unit[l]} ${t(l, 'demandés', 'needed')}`;
  if (capacity === null) {
    if (network === false) {
      return result(
        0,
        0,
        true,
        bi((l) => `${label[l]}${colon(l)}${t(l, 'pas de réseau', 'no network')}, ${needText(l)}`),
        0,
      );
    }
    return result(
      network === true ? NETWORK_ONLY_SCORE : UNKNOWN_SCORE,
      null,
      false,
      bi(
        (l) =>
          `${label[l]}${colon(l)}` +
          (network === true
            ? t(
                l,
                'réseau présent, capacité inconnue (à confirmer)',
                'network on site, capacity unknown (to confirm)',
              )
            : t(l, 'capacité inconnue (à confirmer)', 'capacity unknown (to confirm)')) +
          `, ${needText(l)}`,
      ),
      0,
    );
  }
  const share = need > 0 ? capacity / need : 1;
  return result(
    Math.min(1, share),
    capacity,
    true,
    bi(
      (l) =>
        `${label[l]}${colon(l)}${fmtNum(capacity, l, 0)} ${unit[l]} ${t(l, 'disponibles', 'available')}, ${needText(l)}` +
        (share < 1 ? ` (${fmtPct(share, l)})` : ''),
    ),
    Math.min(2, share),
  );
}

/** SQL form of `scoreCapacity` over the capacity and network columns. */
export function capacitySql(need: number, capacityKey: string, networkKey: string): CriterionSql {
  const c = col(capacityKey);
  const n = col(networkKey);
  const share = need > 0 ? sql`(${c} / ${need})` : sql`${1}`;
  const score = sql`(CASE WHEN ${c} IS NULL THEN (CASE WHEN ${n} IS FALSE THEN ${0} WHEN ${n} IS TRUE THEN ${NETWORK_ONLY_SCORE} ELSE ${UNKNOWN_SCORE} END) ELSE LEAST(${1}, ${share}) END)`;
  const raw = sql`(CASE WHEN ${c} IS NULL THEN ${0} ELSE LEAST(${2}, ${share}) END)`;
  return { score: clampRound(score), raw };
}
