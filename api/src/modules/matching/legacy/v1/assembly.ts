/**
 * Plot assembly: when one plot is too small, adjacent available plots (touching or within
 * 50 m, same commune) whose total meets the surface need are offered as one candidate.
 * Clusters come from ST_ClusterDBSCAN over the Lambert-93 polygons; the combined figures are
 * conservative (worst risk, latest availability, nearest access of any member).
 */
import type { Knex } from 'knex';
import { loadPlotGroups, nearestAccess, RISK_ORDER } from '../../assembly.ts';
import type { MatchSite } from '../../candidate.ts';
import type { Needs } from './needs.schema.ts';

export async function assemblePlots(
  knex: Knex,
  needs: Needs,
  opts: { publishedOnly: boolean },
): Promise<MatchSite[]> {
  const byGroup = await loadPlotGroups(knex, needs.surfaceHa.min, opts.publishedOnly, { requireArea: false });
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
  const access = nearestAccess(members);
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
