/**
 * Drive times and labour pools, precomputed per site like `site_access` and kept current by
 * the same hooks (modules/access/access.service.ts):
 * - `road_vertex_access`: for the vertices sites join the graph at, per profile and access
 *   kind, the nearest target by time and the seconds to it (null: none within 4 h). A cache:
 *   computed for all sites' vertices at once after a graph or infrastructure change (ONE
 *   many-to-many search per profile from all the targets on the reversed graph), and for a
 *   new vertex when a site moves onto it.
 * - `site_drive_times`: per site and kind, a join of the site's vertex (the nearest vertex a
 *   site may join, within SNAP_MAX_M) with that table, plus the last stretch at SNAP_KMH; a
 *   site off the graph, or a kind not reached within TARGET_HORIZON_S, gets the estimate from
 *   its straight-line distance (`site_access`), `method = 'estimate'`.
 * - `site_labour_pool`: per site and 20/30/45 min, the communes whose centre is in reach: by
 *   road (one search from the site) for communes on the graph, by estimate for the others;
 *   a site off the graph is estimated entirely.
 */
import type { Knex } from 'knex';
import { ACCESS_SPECS, type AccessKind } from '../access/access-kinds.ts';
import {
  estimateMetresPerMinute,
  LABOUR_POOL_MINUTES,
  type Profile,
  SNAP_KMH,
  SNAP_MAX_M,
  TARGET_HORIZON_S,
  TARGET_SNAP_MAX_M,
} from './road-profiles.ts';
import { edgesSql, type RoadRouter, routerFor } from './router.ts';

/** Kinds reached by truck too (logistics); substations are given by car, for information. */
export const TRUCK_KINDS: ReadonlySet<AccessKind> = new Set([
  'motorway_access',
  'rail_freight',
  'port',
  'airport',
]);

/** The (profile, kind) pairs of `road_vertex_access`. */
export const DRIVE_SPECS = ACCESS_SPECS.flatMap((s) =>
  (['car', 'truck'] as Profile[])
    .filter((p) => p === 'car' || TRUCK_KINDS.has(s.kind))
    .map((p) => ({ ...s, profile: p })),
);

const SNAP_S_PER_M = 3.6 / SNAP_KMH;

export async function hasRoadGraph(db: Knex): Promise<boolean> {
  const r = await db.raw('SELECT EXISTS (SELECT 1 FROM road_edges) AS e');
  return Boolean(r.rows[0].e);
}

/**
 * Targets of one kind with the vertex each counts at: an OSM motorway junction at its own
 * node, anything else at the nearest vertex a vehicle can stop at, within TARGET_SNAP_MAX_M.
 */
function targetsSql(spec: (typeof ACCESS_SPECS)[number]): string {
  const motorway = spec.kind === 'motorway_access';
  // Constant text from ACCESS_SPECS and numeric constants only.
  return `
    SELECT DISTINCT ON (v.id) v.id AS vertex, i.id AS infrastructure_id
    FROM infrastructure i
    CROSS JOIN LATERAL (
      SELECT rv.id, rv.geom_l93 <-> i.geom_l93 AS d FROM road_vertices rv
      WHERE ${motorway ? 'true' : 'rv.snappable'}
      ORDER BY ${motorway ? "(i.source = 'osm' AND i.source_id = 'node/' || rv.id) DESC," : ''} rv.geom_l93 <-> i.geom_l93
      LIMIT 1
    ) v
    WHERE ${spec.predicate('i')} AND v.d <= ${TARGET_SNAP_MAX_M}
    ORDER BY v.id, v.d, i.id`;
}

/** Up to this many vertices, a many-to-many search; above, one multi-source search per kind. */
const MANY_TO_MANY_MAX_VERTICES = 50;

interface TargetRow {
  vertex: number;
  kind: AccessKind;
  infrastructure_id: string;
}

/** Every target of the profile's kinds with its vertex (a vertex may serve several kinds). */
async function targetsOf(db: Knex, profile: Profile): Promise<TargetRow[]> {
  const out: TargetRow[] = [];
  for (const spec of DRIVE_SPECS.filter((d) => d.profile === profile)) {
    const rows = (await db.raw(targetsSql(spec))).rows as Array<{
      vertex: number;
      infrastructure_id: string;
    }>;
    for (const r of rows)
      out.push({ vertex: Number(r.vertex), kind: spec.kind, infrastructure_id: r.infrastructure_id });
  }
  return out;
}

/**
 * Nearest target by time, per vertex and kind, for the given vertices (the vertices sites
 * join the graph at), on the reversed graph. Server: for many vertices one multi-source
 * `pgr_drivingDistance` per kind (equicost: each vertex gets its nearest target); for a few,
 * ONE many-to-many `pgr_dijkstraCost` per profile from every target (each search stops once it
 * has reached them). Embedded: one multi-source graphology search per kind.
 */
async function nearestTargets(
  db: Knex,
  router: RoadRouter,
  profile: Profile,
  vertices: number[],
): Promise<Array<{ vertex: number; kind: string; seconds: number; infrastructure_id: string }>> {
  const targets = await targetsOf(db, profile);
  if (targets.length === 0 || vertices.length === 0) return [];
  if (router.name === 'pgrouting' && vertices.length > MANY_TO_MANY_MAX_VERTICES) {
    // Many vertices: one multi-source search per kind over the whole graph (its cost does not
    // grow with the number of vertices), joined to the wanted vertices in SQL.
    const out: Array<{ vertex: number; kind: string; seconds: number; infrastructure_id: string }> = [];
    for (const kind of [...new Set(targets.map((t) => t.kind))]) {
      const mine = targets.filter((t) => t.kind === kind);
      const r = await db.raw(
        `SELECT dd.node AS vertex, ? AS kind, dd.agg_cost AS seconds, t.infrastructure_id
         FROM pgr_drivingDistance(?, ?::bigint[], ?, true, true) dd
         JOIN jsonb_to_recordset(?::jsonb) AS t(vertex bigint, infrastructure_id uuid) ON t.vertex = dd.from_v
         WHERE dd.node = ANY(?::bigint[])`,
        [
          kind,
          edgesSql(profile, { reverse: true }),
          [...new Set(mine.map((t) => t.vertex))],
          TARGET_HORIZON_S,
          JSON.stringify(mine),
          vertices,
        ],
      );
      out.push(...r.rows);
    }
    return out;
  }
  if (router.name === 'pgrouting') {
    // Few vertices (a site written): many-to-many from the targets, each search stopping once
    // it has reached these vertices.
    const tv = [...new Set(targets.map((t) => t.vertex))];
    const r = await db.raw(
      `WITH t AS (SELECT * FROM jsonb_to_recordset(:targets::jsonb) AS t(vertex bigint, kind text, infrastructure_id uuid)),
       c AS (
         SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost(:edges, :tv::bigint[], :sv::bigint[], true)
         UNION ALL SELECT v, v, 0 FROM unnest(:sv::bigint[]) v WHERE v = ANY(:tv::bigint[])
       )
       SELECT DISTINCT ON (c.end_vid, t.kind) c.end_vid AS vertex, t.kind, c.agg_cost AS seconds, t.infrastructure_id
       FROM c JOIN t ON t.vertex = c.start_vid
       WHERE c.agg_cost <= :horizon
       ORDER BY c.end_vid, t.kind, c.agg_cost, t.infrastructure_id`,
      {
        targets: JSON.stringify(targets),
        edges: edgesSql(profile, { reverse: true }),
        tv,
        sv: vertices,
        horizon: TARGET_HORIZON_S,
      },
    );
    return r.rows;
  }
  const wanted = new Set(vertices);
  const out: Array<{ vertex: number; kind: string; seconds: number; infrastructure_id: string }> = [];
  const kinds = [...new Set(targets.map((t) => t.kind))];
  for (const kind of kinds) {
    const infraOf = new Map(
      targets.filter((t) => t.kind === kind).map((t) => [t.vertex, t.infrastructure_id]),
    );
    const near = await router.nearestRoot(db, profile, [...infraOf.keys()], TARGET_HORIZON_S);
    for (const v of wanted) {
      const n = near.get(v);
      if (n) out.push({ vertex: v, kind, seconds: n.seconds, infrastructure_id: infraOf.get(n.root)! });
    }
  }
  return out;
}

/**
 * Fills `road_vertex_access` (a cache: one row per vertex, profile and kind, `seconds` null
 * when no target of the kind is within TARGET_HORIZON_S) for the given vertices that have no
 * rows yet. Inside the caller's transaction.
 */
export async function ensureVertexAccess(
  db: Knex,
  vertices: readonly number[],
  router?: RoadRouter,
): Promise<{ vertices: number; rows: number }> {
  if (vertices.length === 0) return { vertices: 0, rows: 0 };
  const known = (
    await db.raw('SELECT DISTINCT vertex_id FROM road_vertex_access WHERE vertex_id = ANY(?::bigint[])', [
      [...vertices],
    ])
  ).rows.map((x: { vertex_id: number }) => Number(x.vertex_id));
  const knownSet = new Set(known);
  const missing = [...new Set(vertices)].filter((v) => !knownSet.has(v));
  if (missing.length === 0) return { vertices: 0, rows: 0 };
  const r = router ?? (await routerFor(db));
  let rows = 0;
  for (const profile of ['car', 'truck'] as Profile[]) {
    const found = await nearestTargets(db, r, profile, missing);
    const byKey = new Map(found.map((f) => [`${Number(f.vertex)}|${f.kind}`, f]));
    const list: Array<{ v: number; k: string; s: number | null; i: string | null }> = [];
    for (const spec of DRIVE_SPECS.filter((d) => d.profile === profile)) {
      for (const v of missing) {
        const f = byKey.get(`${v}|${spec.kind}`);
        list.push({ v, k: spec.kind, s: f ? Number(f.seconds) : null, i: f?.infrastructure_id ?? null });
      }
    }
    for (let s = 0; s < list.length; s += 5000) {
      const res = await db.raw(
        `INSERT INTO road_vertex_access (profile, kind, vertex_id, seconds, infrastructure_id)
         SELECT ?, x.k, x.v, x.s, x.i FROM jsonb_to_recordset(?::jsonb) AS x(v bigint, k text, s double precision, i uuid)
         ON CONFLICT (profile, kind, vertex_id) DO NOTHING`,
        [profile, JSON.stringify(list.slice(s, s + 5000))],
      );
      rows += res.rowCount ?? 0;
    }
  }
  return { vertices: missing.length, rows };
}

/**
 * After the graph or the infrastructure changed: forgets every cached vertex and computes the
 * vertices of all sites at once (one many-to-many per profile on the server).
 */
export async function recomputeVertexAccess(
  db: Knex,
  router?: RoadRouter,
): Promise<{ rows: number; vertices: number; ms: number }> {
  const t0 = Date.now();
  await db.raw('DELETE FROM road_vertex_access');
  if (!(await hasRoadGraph(db))) return { rows: 0, vertices: 0, ms: Date.now() - t0 };
  const ids = (await db.raw('SELECT id::text AS id FROM sites')).rows.map((x: { id: string }) => x.id);
  const snapped = await snapSites(db, ids);
  const r = await ensureVertexAccess(
    db,
    snapped.map((x) => x.vertex),
    router,
  );
  return { ...r, ms: Date.now() - t0 };
}

/** Each commune centre's vertex (null when no road of the graph is within SNAP_MAX_M). */
export async function snapCommunes(db: Knex): Promise<void> {
  await db.raw(
    `UPDATE communes c SET vertex_id = s.id, snap_m = s.d
     FROM (
       SELECT c2.insee_com, v.id, v.d FROM communes c2
       LEFT JOIN LATERAL (
         SELECT rv.id, rv.geom_l93 <-> c2.geom_l93 AS d FROM road_vertices rv WHERE rv.snappable
         ORDER BY rv.geom_l93 <-> c2.geom_l93 LIMIT 1
       ) v ON v.d <= ${SNAP_MAX_M}
       WHERE EXISTS (SELECT 1 FROM road_extracts e WHERE ST_Intersects(e.coverage, c2.geom_l93)) OR c2.vertex_id IS NOT NULL
     ) s
     WHERE s.insee_com = c.insee_com AND (c.vertex_id IS DISTINCT FROM s.id OR c.snap_m IS DISTINCT FROM s.d)`,
  );
}

/** The vertex each site joins the graph at (none when it is off the graph). */
async function snapSites(db: Knex, ids: string[]): Promise<SiteSnap[]> {
  const r = await db.raw(
    `SELECT s.id AS site_id, v.id AS vertex, v.d FROM sites s
     CROSS JOIN LATERAL (
       SELECT rv.id, ST_Distance(rv.geom_l93, s.geom_l93) AS d FROM road_vertices rv WHERE rv.snappable
       ORDER BY rv.geom_l93 <-> s.geom_l93 LIMIT 1
     ) v
     WHERE s.id = ANY(?::uuid[]) AND v.d <= ${SNAP_MAX_M}`,
    [ids],
  );
  return (r.rows as Array<{ site_id: string; vertex: number; d: number }>).map((x) => ({
    site_id: String(x.site_id),
    vertex: Number(x.vertex),
    d: Number(x.d),
  }));
}

const carPerM = 1 / estimateMetresPerMinute('car');
const truckPerM = 1 / estimateMetresPerMinute('truck');

/** Where the given sites join the graph: none when no graph is imported. */
export async function snapSitesIfGraph(db: Knex, ids: string[]): Promise<SiteSnap[]> {
  return (await hasRoadGraph(db)) ? snapSites(db, ids) : [];
}

type SiteSnap = { site_id: string; vertex: number; d: number };

/**
 * Recomputes the drive times of the given sites from `site_access` (estimates) and
 * `road_vertex_access` (road). Same SQL on both engines; inside the caller's transaction.
 * Returns where the sites join the graph, for the labour pools of the same write.
 */
export async function recomputeSiteDriveTimes(
  db: Knex,
  siteIds: readonly string[],
  router?: RoadRouter,
): Promise<SiteSnap[]> {
  if (siteIds.length === 0) return [];
  const ids = [...siteIds];
  await db.raw('DELETE FROM site_drive_times WHERE site_id = ANY(?::uuid[])', [ids]);
  const snapped = await snapSitesIfGraph(db, ids);
  if (snapped.length > 0) {
    await ensureVertexAccess(
      db,
      snapped.map((x) => x.vertex),
      router,
    );
  }
  const truckKinds = [...TRUCK_KINDS];
  // Numeric constants only in the text; ids bound.
  await db.raw(
    `WITH snap AS (
       SELECT * FROM unnest(:snapSites::uuid[], :snapVertices::bigint[], :snapD::float8[]) AS t(site_id, vertex, d)
     )
     INSERT INTO site_drive_times (site_id, kind, infrastructure_id, name, car_minutes, truck_minutes, method)
     SELECT sa.site_id, sa.kind,
       CASE WHEN car.seconds IS NULL THEN sa.infrastructure_id ELSE car.infrastructure_id END,
       CASE WHEN car.seconds IS NULL THEN sa.name ELSE ci.name END,
       CASE WHEN car.seconds IS NULL THEN sa.distance_m * ${carPerM}
            ELSE (car.seconds + sn.d * ${SNAP_S_PER_M}) / 60 END,
       CASE WHEN NOT (sa.kind = ANY(:truckKinds::text[])) THEN NULL
            WHEN car.seconds IS NULL THEN sa.distance_m * ${truckPerM}
            WHEN truck.seconds IS NULL THEN NULL
            ELSE (truck.seconds + sn.d * ${SNAP_S_PER_M}) / 60 END,
       CASE WHEN car.seconds IS NULL THEN 'estimate' ELSE 'road' END
     FROM site_access sa
     LEFT JOIN snap sn ON sn.site_id = sa.site_id
     LEFT JOIN road_vertex_access car ON car.profile = 'car' AND car.kind = sa.kind AND car.vertex_id = sn.vertex
     LEFT JOIN road_vertex_access truck ON truck.profile = 'truck' AND truck.kind = sa.kind AND truck.vertex_id = sn.vertex
     LEFT JOIN infrastructure ci ON ci.id = car.infrastructure_id
     WHERE sa.site_id = ANY(:ids::uuid[])`,
    {
      ids,
      truckKinds,
      snapSites: snapped.map((x) => x.site_id),
      snapVertices: snapped.map((x) => x.vertex),
      snapD: snapped.map((x) => x.d),
    },
  );
  return snapped;
}

interface CommuneFigures {
  population: number;
  active: number;
  unemployed: number;
}

const EST_M_PER_MIN = estimateMetresPerMinute('car');
const MAX_POOL_MIN = Math.max(...LABOUR_POOL_MINUTES);

/** Sites at once in one server search (its edges are read once for the batch). */
const POOL_BATCH = 25;

/**
 * Recomputes the labour pools (20, 30, 45 min) of the given sites, inside the caller's
 * transaction: road for the sites on the graph, estimate for the others.
 */
export async function recomputeSiteLabourPool(
  db: Knex,
  siteIds: readonly string[],
  router?: RoadRouter,
  /** Where the sites join the graph, when the caller already knows (recomputeSiteDriveTimes). */
  known?: readonly SiteSnap[],
): Promise<void> {
  if (siteIds.length === 0) return;
  const ids = [...siteIds];
  await db.raw('DELETE FROM site_labour_pool WHERE site_id = ANY(?::uuid[])', [ids]);
  const onGraph = known ? [...known] : await snapSitesIfGraph(db, ids);
  const snapped = new Set(onGraph.map((s) => s.site_id));
  const offGraph = ids.filter((id) => !snapped.has(id));
  if (offGraph.length > 0) await estimatePools(db, offGraph);
  if (onGraph.length === 0) return;

  const r = router ?? (await routerFor(db));
  const communes = (
    await db.raw(
      'SELECT insee_com, vertex_id, snap_m, population, active, unemployed FROM communes WHERE vertex_id IS NOT NULL',
    )
  ).rows as Array<CommuneFigures & { insee_com: string; vertex_id: number; snap_m: number }>;
  const byVertex = new Map<number, typeof communes>();
  for (const c of communes) {
    const v = Number(c.vertex_id);
    const list = byVertex.get(v) ?? [];
    list.push(c);
    byVertex.set(v, list);
  }
  const rows: Array<Record<string, unknown>> = [];
  for (let b = 0; b < onGraph.length; b += POOL_BATCH) {
    const batch = onGraph.slice(b, b + POOL_BATCH);
    const reaches = await r.reachFrom(
      db,
      'car',
      batch.map((s) => s.vertex),
      MAX_POOL_MIN * 60,
      { onlyVertices: 'communes' },
    );
    // Communes off the graph near these sites: by estimate.
    const near = (
      await db.raw(
        `SELECT s.id AS site_id, c.population, c.active, c.unemployed, ST_Distance(c.geom_l93, s.geom_l93) AS d
         FROM sites s JOIN communes c ON c.vertex_id IS NULL AND ST_DWithin(c.geom_l93, s.geom_l93, ?)
         WHERE s.id = ANY(?::uuid[])`,
        [MAX_POOL_MIN * EST_M_PER_MIN, batch.map((s) => s.site_id)],
      )
    ).rows as Array<CommuneFigures & { site_id: string; d: number }>;
    batch.forEach((site, i) => {
      const minutes: Array<{ m: number; c: CommuneFigures }> = [];
      const reach = reaches[i] ?? new Map<number, number>();
      for (const [v, secs] of reach) {
        for (const c of byVertex.get(v) ?? []) {
          const m = (secs + (site.d + Number(c.snap_m)) * SNAP_S_PER_M) / 60;
          minutes.push({ m, c });
        }
      }
      for (const c of near)
        if (String(c.site_id) === site.site_id) minutes.push({ m: Number(c.d) / EST_M_PER_MIN, c });
      for (const limit of LABOUR_POOL_MINUTES) {
        const within = minutes.filter((x) => x.m <= limit);
        rows.push({
          site_id: site.site_id,
          minutes: limit,
          population: within.reduce((a, x) => a + Number(x.c.population), 0),
          active: within.reduce((a, x) => a + Number(x.c.active), 0),
          unemployed: within.reduce((a, x) => a + Number(x.c.unemployed), 0),
          communes: within.length,
          method: 'road',
        });
      }
    });
  }
  await db.raw(
    `INSERT INTO site_labour_pool (site_id, minutes, population, active, unemployed, communes, method)
     SELECT site_id, minutes, population, active, unemployed, communes, method
     FROM jsonb_to_recordset(?::jsonb) AS x(site_id uuid, minutes smallint, population bigint, active bigint,
       unemployed bigint, communes integer, method text)`,
    [JSON.stringify(rows)],
  );
}

/** Straight-line pools: communes within minutes × EST_M_PER_MIN of the site. */
async function estimatePools(db: Knex, ids: string[]): Promise<void> {
  const [m20, m30, m45] = LABOUR_POOL_MINUTES.map((m) => m * EST_M_PER_MIN);
  // Numeric constants only in the text; ids bound.
  await db.raw(
    `INSERT INTO site_labour_pool (site_id, minutes, population, active, unemployed, communes, method)
     SELECT a.id, m.minutes,
       CASE m.minutes WHEN 20 THEN a.p20 WHEN 30 THEN a.p30 ELSE a.p45 END,
       CASE m.minutes WHEN 20 THEN a.a20 WHEN 30 THEN a.a30 ELSE a.a45 END,
       CASE m.minutes WHEN 20 THEN a.u20 WHEN 30 THEN a.u30 ELSE a.u45 END,
       CASE m.minutes WHEN 20 THEN a.n20 WHEN 30 THEN a.n30 ELSE a.n45 END,
       'estimate'
     FROM (
       SELECT s.id,
         coalesce(sum(c.population) FILTER (WHERE c.d <= ${m20}), 0) AS p20,
         coalesce(sum(c.active) FILTER (WHERE c.d <= ${m20}), 0) AS a20,
         coalesce(sum(c.unemployed) FILTER (WHERE c.d <= ${m20}), 0) AS u20,
         count(*) FILTER (WHERE c.d <= ${m20}) AS n20,
         coalesce(sum(c.population) FILTER (WHERE c.d <= ${m30}), 0) AS p30,
         coalesce(sum(c.active) FILTER (WHERE c.d <= ${m30}), 0) AS a30,
         coalesce(sum(c.unemployed) FILTER (WHERE c.d <= ${m30}), 0) AS u30,
         count(*) FILTER (WHERE c.d <= ${m30}) AS n30,
         coalesce(sum(c.population), 0) AS p45,
         coalesce(sum(c.active), 0) AS a45,
         coalesce(sum(c.unemployed), 0) AS u45,
         count(c.d) AS n45
       FROM sites s
       LEFT JOIN LATERAL (
         SELECT c.population, c.active, c.unemployed, ST_Distance(c.geom_l93, s.geom_l93) AS d
         FROM communes c WHERE ST_DWithin(c.geom_l93, s.geom_l93, ${m45})
       ) c ON true
       WHERE s.id = ANY(?::uuid[])
       GROUP BY s.id
     ) a
     CROSS JOIN (VALUES (20), (30), (45)) AS m(minutes)`,
    [ids],
  );
}

export { SNAP_S_PER_M };
