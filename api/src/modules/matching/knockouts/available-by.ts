import type { MatchSite } from '../candidate.ts';
import { bi, colon, daysBetween, fmtDate, fmtDelayDays, toIsoDate } from '../format.ts';
import { allOf, anyOf, oneOf, onOrBefore } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

/** Statuses whose plot is free once `reservedUntil` passes (an option or a commitment that lapses). */
export const RESERVED_STATUSES = ['under_option', 'committed'] as const;

/**
 * The date a site can actually be had: `availableFrom`, and for a site under option or
 * committed, not before the reservation ends (unknown when that end is not stated).
 * `effectiveAvailability({ status: 'under_option', availableFrom: '2026-01-01', reservedUntil: '2026-09-30' })`
 * → '2026-09-30'.
 */
export function effectiveAvailability(site: MatchSite): string | null {
  const from = toIsoDate(site.availableFrom ?? null);
  if (!(RESERVED_STATUSES as readonly string[]).includes(site.status ?? '')) return from;
  const until = toIsoDate(site.reservedUntil ?? null);
  if (from === null || until === null) return null;
  return from > until ? from : until;
}

/** Available by the project's date, counting an option or commitment until it ends. */
export const availableBy: KnockoutDef = {
  key: 'availableBy',
  kind: 'need',
  need: 'availableBy',
  label: { fr: 'Disponibilité', en: 'Availability' },
  rule: {
    fr: "Disponible à la date demandée ; un site sous option ou engagé ne l'est qu'à la fin de la réservation.",
    en: 'Available by the date asked; a site under option or committed only once the reservation ends.',
  },
  source: null,
  condition: ({ needs }) => {
    const by = needs.availableBy;
    if (!by) return null;
    return anyOf(
      allOf(oneOf('status', ['available', 'in_preparation']), onOrBefore('availableFrom', by)),
      allOf(
        oneOf('status', RESERVED_STATUSES),
        onOrBefore('availableFrom', by),
        onOrBefore('reservedUntil', by),
      ),
    );
  },
  explain: (site, { needs }) => {
    const by = needs.availableBy ?? '';
    const at = effectiveAvailability(site);
    const reserved = (RESERVED_STATUSES as readonly string[]).includes(site.status ?? '');
    const until = toIsoDate(site.reservedUntil ?? null);
    const wanted = bi((l) => (l === 'fr' ? `date limite demandée le ${fmtDate(by, l)}` : `needed by ${by}`));
    if (at === null) {
      return explained(
        by,
        null,
        'days',
        null,
        unknownText(
          reserved && until === null
            ? {
                fr: `site ${site.status === 'committed' ? 'engagé' : 'sous option'}, fin de la réservation inconnue`,
                en: `site ${site.status === 'committed' ? 'committed' : 'under option'}, end of the reservation unknown`,
              }
            : { fr: 'date de disponibilité inconnue', en: 'availability date unknown' },
          wanted,
        ),
      );
    }
    const late = daysBetween(by, at);
    const hold = (l: 'fr' | 'en') =>
      reserved && until !== null
        ? l === 'fr'
          ? ` (${site.status === 'committed' ? 'engagé' : 'sous option'} jusqu'au ${fmtDate(until, l)})`
          : ` (${site.status === 'committed' ? 'committed' : 'under option'} until ${until})`
        : '';
    return explained(
      by,
      at,
      'days',
      late,
      bi((l) =>
        l === 'fr'
          ? `disponible le ${fmtDate(at, l)}${hold(l)}, date limite demandée${colon(l)}${fmtDate(by, l)} (${fmtDelayDays(late, l)} de retard)`
          : `available from ${at}${hold(l)}, needed by ${by} (${fmtDelayDays(late, l)} late)`,
      ),
    );
  },
};
