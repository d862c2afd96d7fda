import type { MatchSite } from '../../../candidate.ts';
import { bi, daysBetween, fmtDate, fmtMonths, toIsoDate } from '../../../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, colon, result, t, UNKNOWN_SCORE } from './common.ts';

const DAYS_PER_MONTH = 30.4375;
/** Months of delay after which availability scores 0. */
export const AVAILABILITY_ZERO_AFTER_MONTHS = 12;

/**
 * Availability date against the latest acceptable date: on time → 1, then −1/12 per month
 * late (a year late → 0). Compares two dates only: no clock, so the result is reproducible.
 * raw (TOPSIS, cost) is the months late, 0 when on time.
 */
export function availability(site: MatchSite, needs: Needs): CriterionResult {
  const by = needs.availableBy ?? null;
  const from = toIsoDate(site.availableFrom ?? null);
  if (by === null) {
    // Inactive without `availableBy`; still explain what we know.
    return result(
      from ? 1 : UNKNOWN_SCORE,
      from,
      from !== null,
      bi((l) =>
        from
          ? `${t(l, 'disponible le', 'available from')} ${fmtDate(from, l)}`
          : t(l, 'date de disponibilité inconnue', 'availability date unknown'),
      ),
      0,
    );
  }
  if (from === null) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi(
        (l) =>
          `${t(l, 'date de disponibilité inconnue (à confirmer)', 'availability date unknown (to confirm)')}, ` +
          `${t(l, 'date limite demandée', 'needed by')}${l === 'fr' ? colon(l) : ' '}${fmtDate(by, l)}`,
      ),
      AVAILABILITY_ZERO_AFTER_MONTHS,
    );
  }
  const lateMonths = Math.max(0, daysBetween(by, from) / DAYS_PER_MONTH);
  if (lateMonths === 0) {
    return result(
      1,
      from,
      true,
      bi(
        (l) =>
          `${t(l, 'disponible le', 'available from')} ${fmtDate(from, l)}, ${t(l, 'date limite demandée', 'needed by')}${l === 'fr' ? colon(l) : ' '}${fmtDate(by, l)}`,
      ),
      0,
    );
  }
  return result(
    1 - lateMonths / AVAILABILITY_ZERO_AFTER_MONTHS,
    from,
    true,
    bi(
      (l) =>
        `${t(l, 'disponible le', 'available from')} ${fmtDate(from, l)}, ` +
        t(
          l,
          `${fmtMonths(Math.max(1, lateMonths), l)} après la date demandée (${fmtDate(by, l)})`,
          `${fmtMonths(Math.max(1, lateMonths), l)} after the date needed (${fmtDate(by, l)})`,
        ),
    ),
    Math.round(lateMonths * 1000) / 1000,
  );
}
