import type { MatchSite } from '../candidate.ts';
import { bi, daysBetween, fmtDate, fmtDelayDays } from '../format.ts';
import { effectiveAvailability, RESERVED_STATUSES } from '../knockouts/available-by.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, colon, result, t, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, clampRound, col, date, round3, sql, text } from './sql.ts';

const DAYS_PER_MONTH = 30.4375;
/** Months of delay after which availability scores 0. */
export const AVAILABILITY_ZERO_AFTER_MONTHS = 12;

function holdText(site: MatchSite, l: 'fr' | 'en'): string {
  if (!(RESERVED_STATUSES as readonly string[]).includes(site.status ?? '')) return '';
  const committed = site.status === 'committed';
  const until = site.reservedUntil ?? null;
  if (until === null)
    return t(
      l,
      committed ? ' (engagé, fin inconnue)' : ' (sous option, fin inconnue)',
      committed ? ' (committed, end unknown)' : ' (under option, end unknown)',
    );
  return t(
    l,
    ` (${committed ? 'engagé' : 'sous option'} jusqu'au ${fmtDate(until, 'fr')})`,
    ` (${committed ? 'committed' : 'under option'} until ${until})`,
  );
}

/**
 * Availability date against the latest acceptable date: on time → 1, then −1/12 per month
 * late (a year late → 0). The date is when the site can actually be had: a site under option or
 * committed only once its reservation ends (knockouts/available-by.ts). Compares two dates
 * only: no clock, so the result is reproducible. raw (TOPSIS, cost) is the months late.
 */
export function availability(site: MatchSite, needs: Needs): CriterionResult {
  const by = needs.availableBy ?? null;
  const from = effectiveAvailability(site);
  if (by === null) {
    // Inactive without `availableBy`; still explain what we know.
    return result(
      from ? 1 : UNKNOWN_SCORE,
      from,
      from !== null,
      bi((l) =>
        from
          ? `${t(l, 'disponible le', 'available from')} ${fmtDate(from, l)}${holdText(site, l)}`
          : `${t(l, 'date de disponibilité inconnue', 'availability date unknown')}${holdText(site, l)}`,
      ),
      0,
    );
  }
  const neededBy = (l: 'fr' | 'en') =>
    `${t(l, 'date limite demandée', 'needed by')}${l === 'fr' ? colon(l) : ' '}${fmtDate(by, l)}`;
  if (from === null) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi(
        (l) =>
          `${t(l, 'date de disponibilité inconnue (à confirmer)', 'availability date unknown (to confirm)')}${holdText(site, l)}, ${neededBy(l)}`,
      ),
      AVAILABILITY_ZERO_AFTER_MONTHS,
    );
  }
  const lateDays = daysBetween(by, from);
  const lateMonths = Math.max(0, lateDays / DAYS_PER_MONTH);
  if (lateMonths === 0) {
    return result(
      1,
      from,
      true,
      bi(
        (l) =>
          `${t(l, 'disponible le', 'available from')} ${fmtDate(from, l)}${holdText(site, l)}, ${neededBy(l)}`,
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
        `${t(l, 'disponible le', 'available from')} ${fmtDate(from, l)}${holdText(site, l)}, ` +
        t(
          l,
          `${fmtDelayDays(lateDays, l)} après la date demandée (${fmtDate(by, l)})`,
          `${fmtDelayDays(lateDays, l)} after the date needed (${fmtDate(by, l)})`,
        ),
    ),
    Math.round(lateMonths * 1000) / 1000,
  );
}

/** SQL form of `availability` (active only with `availableBy`). */
export function availabilitySql(needs: Needs): CriterionSql {
  const by = needs.availableBy;
  if (!by) return { score: sql`${1}`, raw: sql`${0}` };
  const from = col('availableFrom');
  const until = col('reservedUntil');
  const reserved = RESERVED_STATUSES.map((s) => text(s)).reduce((a, b) => sql`${a}, ${b}`);
  const effective = sql`(CASE WHEN ${col('status')} IN (${reserved}) THEN (CASE WHEN ${from} IS NULL OR ${until} IS NULL THEN NULL ELSE GREATEST(${from}, ${until}) END) ELSE ${from} END)`;
  const late = sql`GREATEST(${0}, (${effective} - ${date(by)}) / ${DAYS_PER_MONTH})`;
  const score = sql`(CASE WHEN ${effective} IS NULL THEN ${UNKNOWN_SCORE} WHEN ${late} = ${0} THEN ${1} ELSE ${1} - ${late} / ${AVAILABILITY_ZERO_AFTER_MONTHS} END)`;
  const raw = sql`(CASE WHEN ${effective} IS NULL THEN ${AVAILABILITY_ZERO_AFTER_MONTHS} WHEN ${late} = ${0} THEN ${0} ELSE ${round3(late)} END)`;
  return { score: clampRound(score), raw };
}
