/**
 * The road facts of sites for the engine (issue 11): drive times per access kind
 * (`site_drive_times`) and labour pools (`site_labour_pool`), read for the few sites a match
 * explains (the SQL stage reads their `site_match` copies), and combined conservatively for a
 * plot assembly.
 */
import type { Knex } from 'knex';
import {
  ACCESS_KINDS,
  type AccessKind,
  type DriveInfo,
  type DriveMethod,
  driveOf,
  LABOUR_POOL_MINUTES,
  type LabourPool,
  type LabourPoolMinutes,
  type MatchSite,
  type SiteDrive,
} from './candidate.ts';

export interface RoadFacts {
  drive: SiteDrive;
  labourPool: LabourPool[];
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Drive times and labour pools of the given sites, by id (sites without any are absent). */
export async function loadRoadFacts(db: Knex, ids: readonly string[]): Promise<Map<string, RoadFacts>> {
  const out = new Map<string, RoadFacts>();
  if (ids.length === 0) return out;
  const entry = (id: string) => {
    let f = out.get(id);
    if (!f) {
      f = { drive: {}, labourPool: [] };
      out.set(id, f);
    }
    return f;
  };
  const drives = await db.raw(
    `SELECT site_id::text AS id, kind, name, car_minutes, truck_minutes, method
     FROM site_drive_times WHERE site_id = ANY(?::uuid[])`,
    [[...ids]],
  );
  for (const r of drives.rows as Record<string, unknown>[]) {
    if (!(ACCESS_KINDS as readonly string[]).includes(String(r.kind))) continue;
    entry(String(r.id)).drive[r.kind as AccessKind] = {
      name: (r.name as string | null) ?? null,
      carMinutes: Number(r.car_minutes),
      truckMinutes: num(r.truck_minutes),
      method: r.method as DriveMethod,
    };
  }
  const pools = await db.raw(
    `SELECT site_id::text AS id, minutes, population, active, unemployed, method
     FROM site_labour_pool WHERE site_id = ANY(?::uuid[]) ORDER BY minutes`,
    [[...ids]],
  );
  for (const r of pools.rows as Record<string, unknown>[]) {
    entry(String(r.id)).labourPool.push({
      minutes: Number(r.minutes) as LabourPoolMinutes,
      population: Number(r.population),
      active: Number(r.active),
      unemployed: Number(r.unemployed),
      method: r.method as DriveMethod,
    });
  }
  return out;
}

/**
 * An assembly's road facts, conservatively: per access kind the member whose time the engine
 * uses is the longest (the last plot to reach), per drive time the smallest labour pool;
 * `estimate` when any member's figure is one. The plots are adjacent, so these differ little.
 */
export function combineRoadFacts(members: readonly MatchSite[]): RoadFacts {
  const drive: SiteDrive = {};
  for (const kind of ACCESS_KINDS) {
    let worst: DriveInfo | null = null;
    let worstMinutes = -1;
    let estimated = false;
    for (const m of members) {
      const d = driveOf(m, kind);
      if (!d) {
        worst = null;
        break;
      }
      if (d.method === 'estimate') estimated = true;
      if (d.minutes > worstMinutes) {
        worstMinutes = d.minutes;
        worst = m.drive?.[kind] ?? null;
      }
    }
    if (worst) drive[kind] = { ...worst, method: estimated ? 'estimate' : worst.method };
  }
  const labourPool: LabourPool[] = [];
  for (const minutes of LABOUR_POOL_MINUTES) {
    const pools = members.map((m) => m.labourPool?.find((p) => p.minutes === minutes) ?? null);
    if (pools.some((p) => p === null)) continue;
    const least = (pools as LabourPool[]).reduce((a, b) => (b.active < a.active ? b : a));
    const estimated = (pools as LabourPool[]).some((p) => p.method === 'estimate');
    labourPool.push({ ...least, method: estimated ? 'estimate' : least.method });
  }
  return { drive, labourPool };
}
