/**
 * Shortest-path searches over `road_edges`, by one of two engines that read the same rows:
 * - `pgrouting`: the pgRouting extension on the PostGIS server (`pgr_drivingDistance`), the
 *   search running next to the data, with the edges read bounded to the area in reach;
 * - `graphology`: for the embedded engine (PGlite has no pgRouting), the graph is loaded once
 *   per graph version into graphology and searched with graphology-shortest-path's indexed
 *   Dijkstra (`createDijkstraIndexedBrandes`), whose settle order and predecessors give the
 *   time to each vertex. Chosen because it is a maintained library with a reusable, typed-array
 *   index (a cached graph answers an isochrone in milliseconds on a regional extract) and
 *   because the same code can run against the server, which is how tests prove both engines
 *   agree with `pgr_dijkstra`.
 * Times are seconds; `cost`/`reverse_cost` are the profile's columns (−1 = forbidden).
 */
import { DirectedGraph } from 'graphology';
import { createDijkstraIndexedBrandes } from 'graphology-shortest-path/indexed-brandes.js';
import type { Knex } from 'knex';
import { maxKmh, type Profile } from './road-profiles.ts';

export type RouterName = 'pgrouting' | 'graphology';

export interface ReachOptions {
  /** Search the reversed graph (times TO the root). */
  reverse?: boolean;
  /** Only the vertices communes are snapped to are needed (the server filters them in SQL). */
  onlyVertices?: 'communes';
}

/** Seconds from a root to each vertex reached within the horizon. */
export type Reach = Map<number, number>;

export interface RoadRouter {
  readonly name: RouterName;
  /**
   * One search per root: the time from the root to every vertex within `horizonS`
   * (`reverse`: to the root from every vertex, i.e. on the reversed graph).
   */
  reachFrom(
    db: Knex,
    profile: Profile,
    roots: readonly number[],
    horizonS: number,
    opts?: ReachOptions,
  ): Promise<Reach[]>;
  /**
   * Multi-source search on the reversed graph: per vertex, the nearest root (by time TO it)
   * and that time, within `horizonS`.
   */
  nearestRoot(
    db: Knex,
    profile: Profile,
    roots: readonly number[],
    horizonS: number,
  ): Promise<Map<number, { root: number; seconds: number }>>;
}

const costColumns = (p: Profile) =>
  p === 'car' ? ['car_s', 'car_reverse_s'] : ['truck_s', 'truck_reverse_s'];

/** Edge rows in pgRouting's shape for a profile, optionally reversed and limited to a box. */
export function edgesSql(
  p: Profile,
  opts: { reverse?: boolean; within?: { x: number; y: number; r: number } } = {},
) {
  const [c, rc] = costColumns(p);
  const ends = opts.reverse ? 'target AS source, source AS target' : 'source, target';
  const w = opts.within;
  const where = w
    ? ` WHERE geom_l93 && ST_MakeEnvelope(${w.x - w.r}, ${w.y - w.r}, ${w.x + w.r}, ${w.y + w.r}, 2154)`
    : '';
  // Constants and numbers only (no input reaches this text).
  return `SELECT id, ${ends}, ${c} AS cost, ${rc} AS reverse_cost FROM road_edges${where}`;
}

const maxSpeeds = new Map<string, number>();

/**
 * The fastest speed on the graph for a profile (km/h, at most the profile's cap): a search
 * within `horizonS` from a point cannot leave the box of that radius, so only its edges are read.
 */
async function graphMaxKmh(db: Knex, p: Profile): Promise<number> {
  const key = `${p}:${await graphVersion(db)}`;
  let v = maxSpeeds.get(key);
  if (v === undefined) {
    const [c] = costColumns(p);
    const r = await db.raw(
      `SELECT max(length_m / ${c}) * 3.6 AS kmh FROM road_edges WHERE ${c} > 0 AND length_m > 50`,
    );
    v = Math.min(maxKmh(p), Number(r.rows[0].kmh) || maxKmh(p));
    maxSpeeds.set(key, v);
  }
  return v;
}

export class PgRoutingRouter implements RoadRouter {
  readonly name = 'pgrouting' as const;

  async reachFrom(
    db: Knex,
    profile: Profile,
    roots: readonly number[],
    horizonS: number,
    opts: ReachOptions = {},
  ): Promise<Reach[]> {
    if (roots.length === 0) return [];
    const box = await db.raw(
      `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
       FROM (SELECT ST_Extent(geom_l93) AS e FROM road_vertices WHERE id = ANY(?::bigint[])) b`,
      [[...roots]],
    );
    const b = box.rows[0];
    const out = roots.map(() => new Map<number, number>());
    if (b?.x0 == null) return out;
    const kmh = await graphMaxKmh(db, profile);
    const r = (horizonS * kmh) / 3.6 + 2000 + Math.max(b.x1 - b.x0, b.y1 - b.y0) / 2;
    const within = { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2, r };
    const only =
      opts.onlyVertices === 'communes'
        ? ' JOIN (SELECT DISTINCT vertex_id FROM communes WHERE vertex_id IS NOT NULL) c ON c.vertex_id = dd.node'
        : '';
    const res = await db.raw(
      `SELECT dd.from_v, dd.node, dd.agg_cost FROM pgr_drivingDistance(?, ?::bigint[], ?, true, false) dd${only}`,
      [edgesSql(profile, { reverse: opts.reverse, within }), [...roots], horizonS],
    );
    const at = new Map(roots.map((v, i) => [v, i]));
    for (const row of res.rows as Array<{ from_v: number; node: number; agg_cost: number }>) {
      out[at.get(Number(row.from_v))!]?.set(Number(row.node), Number(row.agg_cost));
    }
    return out;
  }

  async nearestRoot(db: Knex, profile: Profile, roots: readonly number[], horizonS: number) {
    const out = new Map<number, { root: number; seconds: number }>();
    if (roots.length === 0) return out;
    const res = await db.raw(
      'SELECT from_v, node, agg_cost FROM pgr_drivingDistance(?, ?::bigint[], ?, true, true)',
      [edgesSql(profile, { reverse: true }), [...roots], horizonS],
    );
    for (const row of res.rows as Array<{ from_v: number; node: number; agg_cost: number }>)
      out.set(Number(row.node), { root: Number(row.from_v), seconds: Number(row.agg_cost) });
    return out;
  }
}

/** A loaded graph: node keys are vertex ids; edge weight = seconds. */
/** The library's search with the neighbourhood index it builds (set on the function at run time). */
type IndexedSearch = ReturnType<typeof createDijkstraIndexedBrandes> & {
  index: {
    nodes: string[];
    starts: ArrayLike<number>;
    neighborhood: ArrayLike<number>;
    weights: Float64Array;
  };
};

interface GraphEntry {
  graph: DirectedGraph;
  search: IndexedSearch;
  /** Node key → index in the search's arrays. */
  position: Map<string, number>;
}

interface LoadedGraph {
  version: string;
  graphs: Map<string, GraphEntry>;
  edges: Map<Profile, Array<[number, number, number, number]>>;
}

const SUPER = 'root*';

/** The graph's version: changes whenever an extract is (re)imported or removed. */
async function graphVersion(db: Knex): Promise<string> {
  const r = await db.raw(
    `SELECT coalesce(string_agg(name || '@' || extract(epoch FROM imported_at)::text || ':' || edges, ',' ORDER BY name), '') AS v
     FROM road_extracts`,
  );
  return String(r.rows[0].v);
}

let cache: LoadedGraph | null = null;

export class GraphologyRouter implements RoadRouter {
  readonly name = 'graphology' as const;

  /** Loads (or reuses) the profile's edges for the current graph version. */
  private async edges(
    db: Knex,
    profile: Profile,
  ): Promise<{ key: string; rows: Array<[number, number, number, number]> }> {
    const version = await graphVersion(db);
    if (!cache || cache.version !== version) cache = { version, graphs: new Map(), edges: new Map() };
    let rows = cache.edges.get(profile);
    if (!rows) {
      const [c, rc] = costColumns(profile);
      const res = await db.raw(`SELECT source, target, ${c} AS c, ${rc} AS rc FROM road_edges`);
      rows = (res.rows as Array<{ source: number; target: number; c: number; rc: number }>).map((e) => [
        Number(e.source),
        Number(e.target),
        Number(e.c),
        Number(e.rc),
      ]);
      cache.edges.set(profile, rows);
    }
    return { key: version, rows };
  }

  /** The graphology graph of a profile (reversed or not), with a zero-cost super root when asked. */
  private async graph(
    db: Knex,
    profile: Profile,
    reverse: boolean,
    superRoots?: readonly number[],
  ): Promise<GraphEntry> {
    const { rows } = await this.edges(db, profile);
    const key = `${profile}:${reverse}:${superRoots ? superRoots.join(',') : ''}`;
    const cached = cache!.graphs.get(key);
    if (cached) return cached;
    const graph = new DirectedGraph();
    const add = (a: number, b: number, w: number) => {
      if (w < 0) return;
      const [s, t] = reverse ? [String(b), String(a)] : [String(a), String(b)];
      graph.mergeNode(s);
      graph.mergeNode(t);
      if (s === t) return;
      const e = graph.edge(s, t);
      if (e === undefined) graph.addDirectedEdge(s, t, { weight: w });
      else if (graph.getEdgeAttribute(e, 'weight') > w) graph.setEdgeAttribute(e, 'weight', w);
    };
    for (const [s, t, c, rc] of rows) {
      add(s, t, c);
      add(t, s, rc);
    }
    if (superRoots) {
      graph.addNode(SUPER);
      for (const r of superRoots)
        if (graph.hasNode(String(r))) graph.addDirectedEdge(SUPER, String(r), { weight: 0 });
    }
    const search = createDijkstraIndexedBrandes(graph, 'weight') as IndexedSearch;
    const entry: GraphEntry = { graph, search, position: new Map(search.index.nodes.map((k, i) => [k, i])) };
    // Super-root graphs serve one batch of targets: not kept.
    if (!superRoots) cache!.graphs.set(key, entry);
    return entry;
  }

  /**
   * Seconds from `source` to every vertex (Infinity when unreached), the settle order and
   * each vertex's predecessor, from one run of the library's search.
   */
  private static run(entry: GraphEntry, sourceKey: string) {
    const index = entry.search.index;
    const n = index.nodes.length;
    const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const pred = new Int32Array(n).fill(-1);
    const src = entry.position.get(sourceKey) ?? -1;
    if (src < 0) return { dist, pred, order: new Int32Array(0), nodes: index.nodes, src };
    const [S, P] = entry.search(src);
    const stack = S as unknown as { items: ArrayLike<number>; size: number; clear(): void };
    const order = Int32Array.from({ length: stack.size }, (_, i) => stack.items[i]);
    // The library leaves its stack full for the caller to drain (betweenness pops it).
    stack.clear();
    dist[src] = 0;
    // `order` lists the vertices as the search settled them; P their predecessors on a
    // shortest path: each time is its predecessor's plus the arc's weight.
    for (const v of order) {
      if (v === src) continue;
      const p = P[v][0];
      pred[v] = p;
      let w = Number.POSITIVE_INFINITY;
      for (let j = index.starts[p]; j < index.starts[p + 1]; j++)
        if (index.neighborhood[j] === v && index.weights[j] < w) w = index.weights[j];
      dist[v] = dist[p] + w;
    }
    return { dist, pred, order, nodes: index.nodes, src };
  }

  async reachFrom(
    db: Knex,
    profile: Profile,
    roots: readonly number[],
    horizonS: number,
    opts: ReachOptions = {},
  ): Promise<Reach[]> {
    const entry = await this.graph(db, profile, opts.reverse ?? false);
    return roots.map((root) => {
      const out = new Map<number, number>();
      if (!entry.graph.hasNode(String(root))) return out;
      const { dist, nodes } = GraphologyRouter.run(entry, String(root));
      for (let i = 0; i < dist.length; i++) if (dist[i] <= horizonS) out.set(Number(nodes[i]), dist[i]);
      return out;
    });
  }

  async nearestRoot(db: Knex, profile: Profile, roots: readonly number[], horizonS: number) {
    const out = new Map<number, { root: number; seconds: number }>();
    if (roots.length === 0) return out;
    const entry = await this.graph(db, profile, true, roots);
    const { dist, pred, order, nodes, src: superIndex } = GraphologyRouter.run(entry, SUPER);
    // The root of each vertex: the child of the super root its shortest path starts with.
    const rootOf = new Int32Array(nodes.length).fill(-1);
    for (const v of order) {
      if (v === superIndex) continue;
      rootOf[v] = pred[v] === superIndex ? v : rootOf[pred[v]];
    }
    for (let i = 0; i < nodes.length; i++) {
      if (i === superIndex || !(dist[i] <= horizonS) || rootOf[i] < 0) continue;
      out.set(Number(nodes[i]), { root: Number(nodes[rootOf[i]]), seconds: dist[i] });
    }
    return out;
  }
}

const hasPgRouting = new WeakMap<object, boolean>();

/**
 * The router for a database: pgRouting when the extension is installed (server), else
 * graphology. `ROUTER=graphology` forces the JS router (tests compare both on one graph).
 */
export async function routerFor(db: Knex, prefer?: RouterName): Promise<RoadRouter> {
  const want = prefer ?? (process.env.ROUTER as RouterName | undefined);
  if (want === 'graphology') return new GraphologyRouter();
  const client = (db as unknown as { client: object }).client;
  let has = hasPgRouting.get(client);
  if (has === undefined) {
    const r = await db.raw("SELECT 1 FROM pg_extension WHERE extname = 'pgrouting'");
    has = r.rows.length > 0;
    hasPgRouting.set(client, has);
  }
  return has ? new PgRoutingRouter() : new GraphologyRouter();
}
