/**
 * The side-by-side comparison of 2–6 sites: one row per score, criterion, fact or access
 * distance, a value per site, and the best value of each row flagged. "Best" is decided by a
 * per-row ranking function (more area is better, a lower price is better, "available" beats
 * "under option", no flood zone beats a blue one…); rows without an order (voltage, data
 * quality) flag nothing. Scores and criteria come from the shortlist snapshot (what the
 * investor was told); facts and distances are live.
 */

import { roundHectares } from '../../shared/figures.ts';
import { CRITERION_BY_KEY, isCriterionKey } from '../matching/criteria/index.ts';
import { countReadiness } from '../sites/readiness.ts';
import type { CompareRow, ShortlistSnapshot } from './projects.schemas.ts';
import type { LiveSite } from './projects.store.ts';

export interface CompareSite {
  siteId: string;
  name: string;
  /** Rank in the shortlist, or null for a site compared without being in it. */
  rank: number | null;
  live: LiveSite | null;
  snapshot: ShortlistSnapshot | null;
}

type Rank = (v: unknown) => number | null;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const higher: Rank = num;
const lower: Rank = (v) => {
  const n = num(v);
  return n === null ? null : -n;
};
const yes: Rank = (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : null);
const earlier: Rank = (v) => {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : -t;
};
/** Ranks a vocabulary listed best first: `order(['none','blue','red'])('blue')` → -1. */
const order =
  (bestFirst: readonly string[]): Rank =>
  (v) => {
    const i = typeof v === 'string' ? bestFirst.indexOf(v) : -1;
    return i < 0 ? null : -i;
  };

interface FactSpec {
  key: string;
  fr: string;
  en: string;
  unit: string | null;
  better: CompareRow['better'];
  rank: Rank | null;
  read: (s: LiveSite) => unknown;
}

const fact = (
  key: string,
  fr: string,
  en: string,
  unit: string | null,
  better: CompareRow['better'],
  rank: Rank | null,
): FactSpec => ({ key, fr, en, unit, better, rank, read: (s) => s.facts[key] ?? null });

/** Items ready of the six (sites/readiness.ts: the count the panel, the PDF and the CSV show). */
const readinessDone = (s: LiveSite): number | null => countReadiness(s.facts.readiness)?.ready ?? null;

const FACTS: readonly FactSpec[] = [
  fact('availableAreaHa', 'Surface disponible', 'Available area', 'ha', 'higher', higher),
  fact(
    'status',
    'Statut commercial',
    'Commercial status',
    null,
    'order',
    order(['available', 'in_preparation', 'under_option', 'taken']),
  ),
  fact('availableFrom', 'Disponible à partir du', 'Available from', 'date', 'earlier', earlier),
  fact('priceEurM2', 'Prix', 'Price', 'EUR/m2', 'lower', lower),
  fact('powerAvailableMw', 'Puissance disponible', 'Available power', 'MW', 'higher', higher),
  fact('powerVoltageKv', 'Tension de raccordement', 'Connection voltage', 'kV', null, null),
  fact('powerConnectionDelayMonths', 'Délai de raccordement', 'Connection delay', 'months', 'lower', lower),
  fact('gas', 'Gaz', 'Gas', null, 'higher', yes),
  fact('waterM3PerDay', 'Eau', 'Water', 'm3/day', 'higher', higher),
  fact('fibre', 'Fibre optique', 'Optical fibre', null, 'higher', yes),
  fact('railSiding', 'Embranchement ferré', 'Rail siding', null, 'higher', yes),
  fact('quay', 'Quai', 'Quay', null, 'higher', yes),
  fact('brownfield', 'Friche (recyclage foncier)', 'Brownfield (recycled land)', null, 'higher', yes),
  fact('ppriZone', 'Zone PPRI', 'Flood-risk zone (PPRI)', null, 'order', order(['none', 'blue', 'red'])),
  fact(
    'pprtZone',
    'Zone PPRT',
    'Technological-risk zone (PPRT)',
    null,
    'order',
    order(['none', 'blue', 'light_red', 'dark_red']),
  ),
  fact('natura2000', 'Natura 2000', 'Natura 2000', null, 'order', order(['none', 'adjacent', 'inside'])),
  fact(
    'soilPollution',
    'Pollution des sols',
    'Soil pollution',
    null,
    'order',
    order(['inexistante', 'peu_probable', 'supposee', 'averee']),
  ),
  fact('pluZone', 'Zone PLU', 'Zoning (PLU)', null, 'order', order(['U', 'AUc', 'AUs', 'A', 'N'])),
  fact(
    'maxIcpeRegime',
    'Régime ICPE maximal',
    'Highest ICPE regime',
    null,
    'order',
    order(['A', 'E', 'DC', 'D', 'NC']),
  ),
  fact('sevesoAllowed', 'Seveso admis', 'Seveso allowed', null, 'order', order(['upper', 'lower', 'none'])),
  {
    key: 'readinessDone',
    fr: 'Préparation « clé en main »',
    en: 'Readiness (turnkey)',
    unit: 'readiness',
    better: 'higher',
    rank: higher,
    read: readinessDone,
  },
  fact(
    'dataQuality',
    'Qualité des données',
    'Data quality',
    null,
    'order',
    order(['sourced', 'estimated', 'illustrative']),
  ),
];

const ACCESS_ROWS: ReadonlyArray<[kind: string, fr: string, en: string]> = [
  ['motorway_access', 'Échangeur autoroutier', 'Motorway junction'],
  ['rail_freight', 'Gare fret', 'Rail freight'],
  ['port', 'Port', 'Port'],
  ['airport', 'Aéroport', 'Airport'],
  ['substation_63kv', 'Poste ≥ 63 kV', 'Substation ≥ 63 kV'],
  ['substation_225kv', 'Poste ≥ 225 kV', 'Substation ≥ 225 kV'],
  ['substation_400kv', 'Poste ≥ 400 kV', 'Substation ≥ 400 kV'],
];

const DRIVE_KINDS: readonly string[] = ['motorway_access', 'rail_freight', 'port', 'airport'];

/**
 * Flags the best cells of a row: those at the top rank, unless no value is known, or every
 * site has the same known value (nothing stands out).
 * `flagBest([3, 5, null], higher)` → [false, true, false].
 */
export function flagBest(values: readonly unknown[], rank: Rank | null): boolean[] {
  if (!rank) return values.map(() => false);
  const ranks = values.map((v) => (v === null || v === undefined ? null : rank(v)));
  const known = ranks.filter((r): r is number => r !== null);
  if (known.length === 0) return values.map(() => false);
  const top = Math.max(...known);
  if (known.length === values.length && known.every((r) => r === top)) return values.map(() => false);
  return ranks.map((r) => r !== null && r === top);
}

/**
 * A value rounded as the screen shows it (map-ui compare-logic.ts `formatCell`), so that values
 * that read the same tie for the best star: `asShown('ha', 13.52)` → 13.5, `asShown('share',
 * 0.8042)` → 0.8, `asShown('m', 2549)` → 2500 (2,5 km). Non-numbers are returned as they are.
 */
export function asShown(unit: string | null, v: unknown): unknown {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  const to = (step: number) => Math.round(v / step) * step;
  switch (unit) {
    case 'ha':
      return roundHectares(v);
    case 'share':
      return v > 1 ? to(1) : Math.round(v * 100) / 100;
    case 'EUR/m2':
      return Math.round(v * 100) / 100;
    case 'm':
      return v < 1000 ? to(10) : to(100);
    case 'min':
      return v < 10 ? Math.round(v * 10) / 10 : to(1);
    case 'kV':
    case 'months':
    case 'm3/day':
    case 'people':
    case 'readiness':
      return to(1);
    default:
      return Math.round(v * 10) / 10;
  }
}

function row(
  key: string,
  group: CompareRow['group'],
  label: { fr: string; en: string },
  unit: string | null,
  better: CompareRow['better'],
  rank: Rank | null,
  sites: readonly CompareSite[],
  read: (s: CompareSite) => unknown,
): CompareRow {
  const raw = sites.map(read);
  const best = flagBest(
    raw.map((v) => asShown(unit, v)),
    rank,
  );
  return {
    key,
    group,
    label,
    unit,
    better,
    values: sites.map((s, i) => ({ siteId: s.siteId, value: raw[i] ?? null, best: best[i] })),
  };
}

/** The comparison table; `compareRows([a, b])` → rows with `values[i].best` flags. */
export function compareRows(sites: readonly CompareSite[]): CompareRow[] {
  const rows: CompareRow[] = [];
  rows.push(
    row(
      'score',
      'summary',
      { fr: 'Score', en: 'Score' },
      'share',
      'higher',
      higher,
      sites,
      (s) => s.snapshot?.score ?? null,
    ),
    row(
      'confidence',
      'summary',
      { fr: 'Indice de confiance', en: 'Confidence' },
      'share',
      'higher',
      higher,
      sites,
      (s) => s.snapshot?.confidence ?? null,
    ),
  );
  const criterionKeys: string[] = [];
  const snapshotLabels = new Map<string, unknown>();
  for (const s of sites) {
    for (const c of s.snapshot?.criteria ?? []) {
      if (!criterionKeys.includes(c.key)) criterionKeys.push(c.key);
      if (!snapshotLabels.has(c.key)) snapshotLabels.set(c.key, c.label);
    }
  }
  for (const key of criterionKeys) {
    const def = isCriterionKey(key) ? CRITERION_BY_KEY.get(key) : undefined;
    const given = snapshotLabels.get(key);
    const label =
      def?.label ??
      (typeof given === 'string'
        ? { fr: given, en: given }
        : given && typeof given === 'object'
          ? {
              fr: String((given as { fr: string }).fr),
              en: String((given as { en?: string }).en ?? (given as { fr: string }).fr),
            }
          : { fr: key, en: key });
    rows.push(
      row(`criterion.${key}`, 'criterion', label, 'share', 'higher', higher, sites, (s) => {
        const c = s.snapshot?.criteria.find((x) => x.key === key);
        return c ? c.score : null;
      }),
    );
  }
  for (const f of FACTS) {
    rows.push(
      row(f.key, 'fact', { fr: f.fr, en: f.en }, f.unit, f.better, f.rank, sites, (s) =>
        s.live ? f.read(s.live) : null,
      ),
    );
  }
  for (const [kind, fr, en] of ACCESS_ROWS) {
    rows.push(
      row(`access.${kind}`, 'access', { fr, en }, 'm', 'lower', lower, sites, (s) => {
        const a = s.live?.access.find((x) => x.kind === kind);
        return a ? a.distanceM : null;
      }),
    );
  }
  // Drive times as the engine reads them (truck for freight access, car for an airport), and
  // the 30-minute labour pool (issue 11).
  for (const [kind, fr, en] of ACCESS_ROWS.filter(([k]) => DRIVE_KINDS.includes(k))) {
    const truck = kind !== 'airport';
    rows.push(
      row(
        `drive.${kind}`,
        'access',
        {
          fr: `${fr} (${truck ? 'min, poids lourd' : 'min, voiture'})`,
          en: `${en} (${truck ? 'min by truck' : 'min by car'})`,
        },
        'min',
        'lower',
        lower,
        sites,
        (s) => {
          const a = s.live?.access.find((x) => x.kind === kind);
          return (truck ? (a?.truckMinutes ?? a?.driveMinutes) : a?.driveMinutes) ?? null;
        },
      ),
    );
  }
  rows.push(
    row(
      'labourPool.30',
      'access',
      { fr: 'Actifs à moins de 30 min', en: 'Working people within 30 min' },
      'people',
      'higher',
      higher,
      sites,
      (s) => s.live?.labourPool?.find((p) => p.minutes === 30)?.active ?? null,
    ),
  );
  return rows;
}
