/**
 * Plot assembly: when one plot is too small, adjacent available plots (touching or within
 * 50 m, same commune) whose total meets the surface need are offered as one candidate.
 * Clusters come from ST_ClusterDBSCAN over the Lambert-93 polygons; the combined figures are
 * conservative (worst risk, latest availability, nearest access of any member).
 */
import type { Knex } from 'knex';
import { FIELD_BY_KEY } from '../../../sites/site.fields.ts';
import { ACCESS_KINDS, type AccessKind, MATCH_SITE_FIELDS, type MatchSite } from '../../candidate.ts';
import type { Needs } from './needs.schema.ts';

export const ASSEMBLY_DISTANCE_M = 50;
export const ASSEMBLY_MAX_PLOTS = 6;

const cols = MATCH_SITE_FIELDS.map((k) => `s."${FIELD_BY_KEY.get(k)!.column}" AS "${k}"`).join(', ');

const RISK_ORDER: Record<string, string[]> = {
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
  const minHa = needs.surfaceHa.min;
  const r = await knex.raw(
    `WITH pool AS (
       SELECT s.id, s.site_comm_insee, s.geom_l93, s.site_surf_comm_dispo
       FROM sites s
       WHERE s.status IN ('available', 'in_preparation') AND s.site_surf_comm_dispo < ?
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
    [minHa, opts.publishedOnly, ASSEMBLY_DISTANCE_M, minHa, ASSEMBLY_MAX_PLOTS],
  );
  const byGroup = new Map<string, Array<Record<string, any>>>();
  for (const row of r.rows) {
    const key = (row.ids as string[]).join('+');
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key)!.push(row);
  }
  return [...byGroup.entries()].map(([key, members]) => combine(key, members));
}

function combine(key: string, members: Array<Record<string, any>>): MatchSite {
  const first = members[0];
  const nums = (k: string) =>
    members.map((m) => m[k]).filter((v) => v !== null && v !== undefined) as number[];
  const all = (k: string) => (members.every((m) => m[k] !== null) ? members.map((m) => m[k]) : null);
  const sum = (k: string) => (all(k) ? nums(k).reduce((a, b) => a + b, 0) : null);
  const any = (k: string) => (members.some((m) => m[k] === true) ? true : all(k) ? false : null);
  const worst = (k: string) => {
    const vals = all(k);
    if (!vals) return null;
    const order = RISK_ORDER[k];
    return vals.reduce((w, v) => (order.indexOf(v) > order.indexOf(w) ? v : w));
  };
  const area = sum('availableAreaHa') ?? 0;
  const priceWeighted = all('priceEurM2')
    ? members.reduce((s, m) => s + m.priceEurM2 * m.availableAreaHa, 0) / Math.max(area, 1e-9)
    : null;
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
  const dates = all('availableFrom') as string[] | null;
  return {
    ...first,
    id: key,
    siteIds: members.map((m) => m.id),
    name: members.map((m) => m.name).join(' + '),
    availableAreaHa: Math.round(area * 100) / 100,
    minLotHa: null,
    powerAvailableMw: sum('powerAvailableMw'),
    waterM3PerDay: sum('waterM3PerDay'),
    wastewaterM3PerDay: sum('wastewaterM3PerDay'),
    gasCapacityMwhPerDay: sum('gasCapacityMwhPerDay'),
    railSiding: any('railSiding'),
    quay: any('quay'),
    gas: any('gas'),
    electricity: any('electricity'),
    fibre: any('fibre'),
    brownfield: members.every((m) => m.brownfield === true) ? true : all('brownfield') ? false : null,
    availableFrom: dates ? dates.reduce((a, b) => (a > b ? a : b)) : null,
    priceEurM2: priceWeighted === null ? null : Math.round(priceWeighted * 100) / 100,
    ppriZone: worst('ppriZone'),
    pprtZone: worst('pprtZone'),
    natura2000: worst('natura2000'),
    soilPollution: worst('soilPollution'),
    access,
  } as MatchSite;
}
