/**
 * Freshness of a site's decisive facts (issue 12): five groups of fields, each with an "as of"
 * date in `factsAsOf`. A write changing a group's fields dates it today unless the body gives a
 * date; a group never dated falls back to the date of its source (`powerStatementDate` for
 * power, then `sourceUpdatedAt`), else its age is unknown. Plain TypeScript + zod: the UI and
 * the PDF compute ages with the same functions.
 */
import { z } from 'zod';

/** Facts older than this many months are "to refresh" (REFRESH_MONTHS in config.ts defaults to it). */
export const DEFAULT_REFRESH_MONTHS = 12;

export const FACT_GROUPS = ['power', 'availability', 'price', 'zoning', 'risks'] as const;
export type FactGroup = (typeof FACT_GROUPS)[number];

/** The site fields (JSON keys) each group dates. */
export const FACT_GROUP_FIELDS: Readonly<Record<FactGroup, readonly string[]>> = {
  power: [
    'powerAvailableMw',
    'powerVoltageKv',
    'powerSubstation',
    'powerConnectionDelayMonths',
    'powerSource',
    'gridHostingCapacityMw',
    'gridHostingCapacitySource',
    'gridStudyStatus',
  ],
  availability: ['status', 'availableFrom', 'reservedUntil', 'availableAreaHa'],
  price: ['priceEurM2', 'negotiatedPriceEurM2'],
  zoning: ['pluZone', 'pluZoneLabel', 'pluDestination', 'maxIcpeRegime', 'sevesoAllowed'],
  risks: ['ppriZone', 'pprtZone', 'natura2000', 'soilPollution', 'sevesoNeighbour'],
};

/** Dates a group falls back to when it was never dated, in order (JSON keys). */
export const FACT_GROUP_FALLBACK: Readonly<Record<FactGroup, readonly string[]>> = {
  power: ['powerStatementDate', 'sourceUpdatedAt'],
  availability: ['sourceUpdatedAt'],
  price: ['sourceUpdatedAt'],
  zoning: ['sourceUpdatedAt'],
  risks: ['sourceUpdatedAt'],
};

const asOfDate = z.iso
  .date({ message: 'expected a date as YYYY-MM-DD' })
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', {
    message: 'expected a date between 1900 and 2199',
    params: { code: 'date_out_of_range', min: '1900-01-01', max: '2199-12-31' },
  });

export const factsAsOfSchema = z.strictObject(
  Object.fromEntries(FACT_GROUPS.map((g) => [g, asOfDate.nullish()])) as Record<
    FactGroup,
    z.ZodOptional<z.ZodNullable<typeof asOfDate>>
  >,
);
export type FactsAsOf = Partial<Record<FactGroup, string | null>>;

/**
 * Whole months from `from` to `to` (YYYY-MM-DD), counting a month once its day is reached.
 * @example monthsBetween('2025-10-07', '2026-12-07') // 14
 */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return Math.max(0, (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0));
}

export interface FactAge {
  group: FactGroup;
  /** The group has at least one known value (an empty group has nothing to date). */
  known: boolean;
  asOf: string | null;
  /** Where the date comes from: stated for the group, or its source's date. */
  basis: 'stated' | 'source' | null;
  ageMonths: number | null;
}

/** The age of each group of a site's facts on `today` (YYYY-MM-DD). */
export function factAges(properties: Record<string, unknown>, today: string): FactAge[] {
  const stated = (properties.factsAsOf ?? {}) as FactsAsOf;
  return FACT_GROUPS.map((group) => {
    const known = FACT_GROUP_FIELDS[group].some((k) => properties[k] !== null && properties[k] !== undefined);
    const own = stated[group] ?? null;
    const fallback = FACT_GROUP_FALLBACK[group]
      .map((k) => properties[k])
      .find((v): v is string => typeof v === 'string');
    const asOf = own ?? fallback ?? null;
    return {
      group,
      known,
      asOf,
      basis: own ? 'stated' : asOf ? 'source' : null,
      ageMonths: asOf ? monthsBetween(asOf, today) : null,
    };
  });
}

/** Today as YYYY-MM-DD in UTC. */
export const isoToday = (now = new Date()): string => now.toISOString().slice(0, 10);

/**
 * The `factsAsOf` to store after a write: the previous dates, the ones the body gives, and
 * today for each group whose fields the write changes (or sets, on create: availability always,
 * since a new site's status and area default) without a date.
 */
export function stampFactsAsOf(
  before: Record<string, unknown> | null,
  props: Record<string, unknown>,
  today: string,
): FactsAsOf | undefined {
  const given = (props.factsAsOf ?? {}) as FactsAsOf;
  const prev = props.factsAsOf === null ? {} : ((before?.factsAsOf ?? {}) as FactsAsOf);
  const out: FactsAsOf = { ...prev };
  let changed = 'factsAsOf' in props;
  for (const group of FACT_GROUPS) {
    if (group in given) {
      if (given[group]) out[group] = given[group];
      else delete out[group];
      continue;
    }
    // A new site always has an availability (its status and area default): dated at creation.
    const created = before === null && group === 'availability';
    const touched =
      created ||
      FACT_GROUP_FIELDS[group].some(
        (k) =>
          k in props &&
          props[k] !== undefined &&
          (before
            ? JSON.stringify(props[k] ?? null) !== JSON.stringify(before[k] ?? null)
            : props[k] !== null),
      );
    if (touched) {
      out[group] = today;
      changed = true;
    }
  }
  return changed ? out : undefined;
}
