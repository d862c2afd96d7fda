/**
 * Plot assembly: when one plot is too small, adjacent available plots (touching or within
 * 50 m, same commune) whose total meets the surface need are offered as one candidate.
 * Clusters come from ST_ClusterDBSCAN over the Lambert-93 polygons; the combined figures are
 * conservative (see `combine`).
 */
import type { Knex } from 'knex';
import { FIELD_BY_KEY } from '../sites/site.fields.ts';
import { ACCESS_KINDS, type AccessKind, MATCH_SITE_FIELDS, type MatchSite } from './candidate.ts';
import type { Needs } from './needs.schema.ts';
import { combineRoadFacts, loadRoadFacts } from './road-facts.ts';

export const ASSEMBLY_DISTANCE_M = 50;
export const ASSEMBLY_MAX_PLOTS = 6;

const cols = MATCH_SITE_FIELDS.map((k) => `s."${FIELD_BY_KEY.get(k)!.column}" AS "${k}"`).join(', ');

export const RISK_ORDER: Record<string, string[]> = {
  ppriZone: ['none', 'blue', 'red'],
  pprtZone: ['none', 'blue', 'light_red', 'dark_red'],
  natura2000: ['none', 'adjacent', 'inside'],
  soilPollution: ['inexistante', 'peu_probable', 'supposee', 'averee'],
};

export async function assemblePlots(
  knex: Knex,
  needs: Needs,
  opts: { publishedOnly: boolean },
): Promise<MatchSite[]> {
  const byGroup = await loadPlotGroups(knex, needs.surfaceHa.min, opts.publishedOnly, { requireArea: true });
  const rows = [...byGroup.values()].flat();
  const facts = await loadRoadFacts(knex, [...new Set(rows.map((row) => String(row.id)))]);
  for (const row of rows) {
    const f = facts.get(String(row.id));
    row.drive = f?.drive ?? null;
    row.labourPool = f?.labourPool ?? null;
  }
  return [...byGroup.entries()].map(([key, members]) => combine(key, members));
}

/**
 * The plots of every assembly that meets `minHa` (version 1's assembly reads them too), by
 * assembly key (`id+id+…`). `requireArea` leaves out plots stating no available area
 * (version 2; version 1 kept them).
 */
export async function loadPlotGroups(
  knex: Knex,
  minHa: number,
  publishedOnly: boolean,
  { requireArea }: { requireArea: boolean },
): Promise<Map<string, Row[]>> {
  const r = await knex.raw(
    `WITH pool AS (
       SELECT s.id, s.site_comm_insee, s.geom_l93, s.site_surf_comm_dispo
       FROM sites s
       WHERE s.status IN ('available', 'in_preparation')${requireArea ? ' AND s.site_surf_comm_dispo > 0' : ''} AND s.site_surf_comm_dispo < ?
         AND (NOT ?::boolean OR s.published)
     ), clustered AS (
       SELECT id, site_comm_insee, site_surf_comm_dispo,
              ST_ClusterDBSCAN(geom_l93, eps := ?, minpoints := 2) OVER (PARTITION BY site_comm_insee) AS cid
       FROM pool
     ), groups AS (
       SELECT site_comm_insee, cid, array_agg(id::text ORDER BY id) AS ids, sum(site_surf_comm_dispo) AS total
       FROM clustered WHERE cid IS NOT NULL
       GROUP BY site_comm_insee, cid
       HAVING sum(site_surf_comm_dispo) >= ? AND count(*) BETWEEN 2 AND ?
     )
     SELECT g.ids, ${cols}, s.id::text AS id,
       (SELECT json_agg(json_build_object('kind', a.kind, 'name', a.name, 'distanceM', a.distance_m, 'infrastructureId', a.infrastructure_id))
          FROM site_access a WHERE a.site_id = s.id) AS access
     FROM groups g JOIN sites s ON s.id::text = ANY(g.ids)
     ORDER BY g.ids[1], s.id`,
    [minHa, publishedOnly, ASSEMBLY_DISTANCE_M, minHa, ASSEMBLY_MAX_PLOTS],
  );
  const byGroup = new Map<string, Row[]>();
  for (const row of r.rows) {
    const key = (row.ids as string[]).join('+');
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key)!.push(row);
  }
  return byGroup;
}

/** The nearest access of each kind over the plots of an assembly (version 1's too). */
export function nearestAccess(members: Row[]) {
  const access: Partial<
    Record<AccessKind, { name: string | null; distanceM: number; infrastructureId: string | null }>
  > = {};
  for (const m of members) {
    for (const a of (m.access as Array<any>) ?? []) {
      if (!(ACCESS_KINDS as readonly string[]).includes(a.kind)) continue;
      const cur = access[a.kind as AccessKind];
      if (!cur || a.distanceM < cur.distanceM) {
        access[a.kind as AccessKind] = {
          name: a.name,
          distanceM: Number(a.distanceM),
          infrastructureId: a.infrastructureId,
        };
      }
    }
  }
  return access;
}

const PLU_ORDER = ['U', 'AUc', 'AUs', 'A', 'N'];
/** Destinations from the most to the least permissive for industry (legal-plu.ts bans the last). */
const DESTINATION_ORDER = ['02', '03', '00', '99', '01', '04', '05', '07', '08', '09', '10'];
const ICPE_ORDER = ['NC', 'D', 'DC', 'E', 'A'];
const SEVESO_ORDER = ['none', 'lower', 'upper'];
const READINESS_ORDER = ['not_started', 'in_progress', 'not_required', 'done'];
const QUALITY_ORDER = ['sourced', 'estimated', 'illustrative'];

export type Row = Record<string, any>;

/**
 * Combines adjacent plots into one candidate, conservatively: every fact is the most
 * restrictive of the plots (PLU zone and destination, accepted ICPE regime and Seveso tier,
 * risks, readiness item by item, latest availability, worst data quality), capacities are not
 * summed (adjacent plots usually share one feeder or network: the smallest stated value stands,
 * unknown if one plot states none) unless every plot states its power from a different
 * substation, and the assembly says which plot limits which fact.
 */
function combine(key: string, members: Row[]): MatchSite {
  const first = members[0];
  const nums = (k: string) =>
    members.map((m) => m[k]).filter((v) => v !== null && v !== undefined) as number[];
  const all = (k: string) =>
    members.every((m) => m[k] !== null && m[k] !== undefined) ? members.map((m) => m[k]) : null;
  const sum = (k: string) => (all(k) ? nums(k).reduce((a, b) => a + b, 0) : null);
  const minOf = (k: string) => (all(k) ? Math.min(...nums(k)) : null);
  const any = (k: string) => (members.some((m) => m[k] === true) ? true : all(k) ? false : null);
  const every = (k: string) => (members.some((m) => m[k] === false) ? false : all(k) ? true : null);
  /** The most restrictive value by an order (later = more restrictive), unknown if one plot is. */
  const worst = (k: string, order: readonly string[]) => {
    const vals = all(k);
    if (!vals) return null;
    return vals.reduce((w, v) => (order.indexOf(v) > order.indexOf(w) ? v : w));
  };
  /** The least accepting value (earlier = accepts less), unknown if one plot is. */
  const least = (k: string, order: readonly string[]) => {
    const vals = all(k);
    if (!vals) return null;
    return vals.reduce((w, v) => (order.indexOf(v) < order.indexOf(w) ? v : w));
  };
  const notes: { fr: string; en: string }[] = [];
  const limiting = (k: string, value: unknown, fr: string, en: string) => {
    if (value === null || members.every((m) => m[k] === value)) return;
    const who = members.filter((m) => m[k] === value).map((m) => m.name);
    notes.push({ fr: `${fr} : fixé par ${who.join(', ')}`, en: `${en}: set by ${who.join(', ')}` });
  };

  const area = sum('availableAreaHa') ?? 0;
  const priceWeighted = all('priceEurM2')
    ? members.reduce((s, m) => s + m.priceEurM2 * m.availableAreaHa, 0) / Math.max(area, 1e-9)
    : null;
  const access = nearestAccess(members);
  const substations = members.map((m) => m.powerSubstation);
  const separateFeeds =
    all('powerAvailableMw') !== null &&
    substations.every((x) => x) &&
    new Set(substations).size === members.length;
  const power = separateFeeds ? sum('powerAvailableMw') : minOf('powerAvailableMw');
  if (power !== null && !separateFeeds && members.length > 1)
    notes.push({
      fr: `puissance non additionnée (un même poste ou départ) : ${power} MW, la plus faible déclarée`,
      en: `power not added up (one substation or feeder): ${power} MW, the lowest stated`,
    });
  const dates = all('availableFrom') as string[] | null;
  const availableFrom = dates ? dates.reduce((a, b) => (a > b ? a : b)) : null;
  const pluZone = worst('pluZone', PLU_ORDER);
  const pluDestination = worst('pluDestination', DESTINATION_ORDER);
  const maxIcpeRegime = least('maxIcpeRegime', ICPE_ORDER);
  const sevesoAllowed = least('sevesoAllowed', SEVESO_ORDER);
  limiting('pluZone', pluZone, 'zone PLU', 'PLU zone');
  limiting('maxIcpeRegime', maxIcpeRegime, 'régime ICPE admis', 'accepted ICPE regime');
  limiting('sevesoAllowed', sevesoAllowed, 'Seveso admis', 'accepted Seveso tier');
  limiting('availableFrom', availableFrom, 'disponibilité', 'availability');

  // Readiness item by item: the least advanced status among the plots (absent on one = absent).
  const byItem = new Map<string, { item: string; status: string }[]>();
  for (const m of members)
    for (const r of (m.readiness as { item: string; status: string }[]) ?? []) {
      byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
    }
  const readiness = [...byItem.entries()]
    .filter(([, rs]) => rs.length === members.length)
    .map(([item, rs]) =>
      rs.reduce((w, r) => (READINESS_ORDER.indexOf(r.status) < READINESS_ORDER.indexOf(w.status) ? r : w), {
        item,
        status: rs[0].status,
      }),
    )
    .map((r) => ({ item: r.item, status: r.status }));
  const statusOrder = ['available', 'in_preparation', 'under_option', 'committed'];
  const illustrative = [...new Set(members.flatMap((m) => (m.illustrativeFields as string[]) ?? []))];
  const updated = all('sourceUpdatedAt') as string[] | null;

  return {
    ...first,
    id: key,
    siteIds: members.map((m) => m.id),
    name: members.map((m) => m.name).join(' + '),
    assemblyNotes: notes,
    availableAreaHa: Math.round(area * 100) / 100,
    minLotHa: null,
    status: worst('status', statusOrder),
    reservedUntil: (() => {
      const r = members.map((m) => m.reservedUntil).filter(Boolean) as string[];
      return r.length ? r.reduce((a, b) => (a > b ? a : b)) : null;
    })(),
    powerAvailableMw: power,
    powerVoltageKv: minOf('powerVoltageKv'),
    powerSubstation: separateFeeds ? null : first.powerSubstation,
    powerConnectionDelayMonths: all('powerConnectionDelayMonths')
      ? Math.max(...nums('powerConnectionDelayMonths'))
      : null,
    powerStatementDate: (() => {
      const d = all('powerStatementDate') as string[] | null;
      return d ? d.reduce((a, b) => (a < b ? a : b)) : null;
    })(),
    powerSource: all('powerSource') ? members.map((m) => m.powerSource).join(' ; ') : null,
    gridHostingCapacityMw: minOf('gridHostingCapacityMw'),
    waterM3PerDay: minOf('waterM3PerDay'),
    wastewaterM3PerDay: minOf('wastewaterM3PerDay'),
    gasCapacityMwhPerDay: minOf('gasCapacityMwhPerDay'),
    railSiding: any('railSiding'),
    quay: any('quay'),
    gas: every('gas'),
    electricity: every('electricity'),
    drinkingWater: every('drinkingWater'),
    sewerage: every('sewerage'),
    fibre: every('fibre'),
    brownfield: members.every((m) => m.brownfield === true) ? true : all('brownfield') ? false : null,
    availableFrom,
    priceEurM2: priceWeighted === null ? null : Math.round(priceWeighted * 100) / 100,
    pluZone,
    pluDestination,
    maxIcpeRegime,
    sevesoAllowed,
    ppriZone: worst('ppriZone', RISK_ORDER.ppriZone),
    pprtZone: worst('pprtZone', RISK_ORDER.pprtZone),
    natura2000: worst('natura2000', RISK_ORDER.natura2000),
    soilPollution: worst('soilPollution', RISK_ORDER.soilPollution),
    sevesoNeighbour: any('sevesoNeighbour'),
    readiness,
    dataQuality: worst('dataQuality', QUALITY_ORDER),
    illustrativeFields: illustrative,
    sourceUpdatedAt: updated ? updated.reduce((a, b) => (a < b ? a : b)) : null,
    access,
    ...combineRoadFacts(members as MatchSite[]),
  } as MatchSite;
}
