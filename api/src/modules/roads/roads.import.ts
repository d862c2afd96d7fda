/**
 * `npm run import -- roads <file.osm.pbf|.osm>`: OSM `highway=*` ways into a routable graph.
 * Pass 1 reads the ways (which roads, how fast, which directions), pass 2 the coordinates of
 * the nodes they use (and `highway=motorway_junction` nodes), then each way is split at the
 * nodes it shares with other roads into edges whose ends are graph vertices (OSM node ids).
 * The extract (named after the file: `andorra-latest`) replaces its previous import in ONE
 * transaction; other extracts stay as they are. Motorway exits (`motorway_junction`) and
 * entries (where a one-way `motorway_link` joins a motorway) become `motorway_access`
 * infrastructure (source `osm`, id `node/<id>`), upserted like the `osm` format does.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { coordinateProblem } from '../import/import.geo.ts';
import type { WriteCounts } from '../import/import.schemas.ts';
import type { ImportProgress } from '../import/import.types.ts';
import { readOsmPbf } from '../import/readers/osm-pbf.ts';
import { readOsmXml } from '../import/readers/osm-xml.ts';
import { createSource, ImportFileError, peek } from '../import/readers/source.ts';
import type { InfrastructureRow } from '../infrastructure/infrastructure.import-writer.ts';
import { InfrastructureImportWriter } from '../infrastructure/infrastructure.import-writer.ts';
import {
  lineLengthM,
  MIN_COMPONENT_VERTICES,
  MOTORWAY_CLASSES,
  type WayProfile,
  wayProfile,
} from './road-profiles.ts';

export interface RoadImportOptions {
  /** Extract name (default: the file name without `.osm.pbf`/`.osm`). */
  name?: string;
  dryRun?: boolean;
  onProgress?: (p: ImportProgress & { phase: string }) => void;
  /** Edges per INSERT (tests use small batches). */
  batchSize?: number;
}

export interface RoadImportReport {
  format: 'roads';
  file: string;
  extract: string;
  ok: boolean;
  dryRun: boolean;
  error: string | null;
  /** OSM ways read with a `highway` tag, kept as roads, and left out (footways, private…). */
  ways: number;
  roadWays: number;
  skippedWays: number;
  edges: number;
  vertices: number;
  /** Vertices a site may join (main connected pieces, not motorway-only). */
  snappableVertices: number;
  /** Motorway exits and entries written as `motorway_access` infrastructure. */
  motorwayAccess: WriteCounts & { skippedOutsideFrance: number };
  changedInfrastructureIds: string[];
  durationMs: number;
  waysPerSecond: number;
}

interface WayRec {
  id: number;
  refs: number[];
  p: WayProfile;
  ref: string | undefined;
}

interface Edge {
  way: number;
  source: number;
  target: number;
  p: WayProfile;
  coords: Array<[number, number]>;
}

type Reader = typeof readOsmPbf;

/** Union-find over vertex indexes: sizes of the connected pieces (undirected). */
class Components {
  private parent: Int32Array;
  private size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n).map((_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[i] !== r) {
      const next = this.parent[i];
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const [big, small] = this.size[ra] >= this.size[rb] ? [ra, rb] : [rb, ra];
    this.parent[small] = big;
    this.size[big] += this.size[small];
  }
  sizeOf(i: number) {
    return this.size[this.find(i)];
  }
}

/** `andorra-latest.osm.pbf` → `andorra-latest`. */
export function extractName(file: string): string {
  return (
    path
      .basename(file)
      .replace(/\.osm(\.pbf)?$/i, '')
      .replace(/\.pbf$/i, '') || 'roads'
  );
}

/**
 * Imports one OSM extract as a road graph; resolves with the report (`ok` false and nothing
 * written when the file is broken). Rejects only on a database failure.
 * @example await importRoads(knex, '../shared/data/osm/andorra-latest.osm.pbf')
 */
export async function importRoads(
  knex: Knex,
  file: string | AsyncIterable<Buffer>,
  opts: RoadImportOptions = {},
): Promise<RoadImportReport> {
  const started = Date.now();
  const fileName = opts.name ?? (typeof file === 'string' ? file : 'upload');
  const report: RoadImportReport = {
    format: 'roads',
    file: fileName,
    extract: opts.name ? extractName(opts.name) : typeof file === 'string' ? extractName(file) : 'upload',
    ok: false,
    dryRun: opts.dryRun ?? false,
    error: null,
    ways: 0,
    roadWays: 0,
    skippedWays: 0,
    edges: 0,
    vertices: 0,
    snappableVertices: 0,
    motorwayAccess: { inserted: 0, updated: 0, unchanged: 0, skippedOutsideFrance: 0 },
    changedInfrastructureIds: [],
    durationMs: 0,
    waysPerSecond: 0,
  };
  const progress = {
    bytesRead: 0,
    totalBytes: null as number | null,
    pass: 1,
    passes: 3,
    rows: 0,
    phase: 'ways',
  };
  let last = 0;
  const emit = (force = false) => {
    const now = Date.now();
    if (opts.onProgress && (force || now - last > 100)) {
      last = now;
      opts.onProgress({ ...progress });
    }
  };
  const done = () => {
    report.durationMs = Date.now() - started;
    report.waysPerSecond = report.durationMs > 0 ? Math.round((report.ways * 1000) / report.durationMs) : 0;
    return report;
  };

  let tracker: Awaited<ReturnType<typeof createSource>>;
  try {
    tracker = await createSource(file, opts.name, true, (bytes, pass) => {
      progress.bytesRead = bytes;
      progress.pass = pass;
      emit();
    });
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    report.error = err.message;
    return done();
  }
  progress.totalBytes = tracker.source.size;

  let edges: Edge[];
  let junctions: InfrastructureRow[];
  try {
    ({ edges, junctions } = await readGraph(
      tracker.source.open.bind(tracker.source),
      report,
      progress,
      emit,
    ));
  } catch (err) {
    tracker.cleanup();
    if (!(err instanceof ImportFileError)) throw err;
    report.error = err.message;
    return done();
  }
  tracker.cleanup();
  if (edges.length === 0) {
    report.error = 'the file has no drivable highway=* ways (motorway … service)';
    return done();
  }

  // Vertices: the ends of every edge; snappable when in a large enough piece and on a local road.
  const index = new Map<number, number>();
  const coords: Array<[number, number]> = [];
  const local: boolean[] = [];
  const vid = (id: number, at: [number, number]) => {
    let i = index.get(id);
    if (i === undefined) {
      i = coords.length;
      index.set(id, i);
      coords.push(at);
      local.push(false);
    }
    return i;
  };
  const ends: Array<[number, number]> = [];
  for (const e of edges) {
    const a = vid(e.source, e.coords[0]);
    const b = vid(e.target, e.coords[e.coords.length - 1]);
    ends.push([a, b]);
    if (!MOTORWAY_CLASSES.has(e.p.highway)) {
      local[a] = true;
      local[b] = true;
    }
  }
  const comps = new Components(coords.length);
  for (const [a, b] of ends) comps.union(a, b);
  report.edges = edges.length;
  report.vertices = coords.length;

  progress.phase = 'writing';
  progress.pass = 3;
  progress.bytesRead = 0;
  progress.totalBytes = edges.length + coords.length;
  const trx = await knex.transaction();
  try {
    await trx.raw('DELETE FROM road_extracts WHERE name = ?', [report.extract]);
    await trx.raw('INSERT INTO road_extracts (name, file, ways, edges, vertices) VALUES (?, ?, ?, ?, ?)', [
      report.extract,
      path.basename(fileName),
      report.roadWays,
      report.edges,
      report.vertices,
    ]);
    const batch = opts.batchSize ?? 2000;
    const ids = [...index.keys()];
    for (let s = 0; s < ids.length; s += batch) {
      const rows = ids.slice(s, s + batch).map((id) => {
        const i = index.get(id)!;
        const snappable = local[i] && comps.sizeOf(i) >= MIN_COMPONENT_VERTICES;
        if (snappable) report.snappableVertices++;
        return { id, s: snappable, x: coords[i][0], y: coords[i][1] };
      });
      await trx.raw(
        `INSERT INTO road_vertices (id, extract, snappable, geom_l93)
         SELECT r.id, ?, r.s, ST_Transform(ST_SetSRID(ST_MakePoint(r.x, r.y), 4326), 2154)
         FROM jsonb_to_recordset(?::jsonb) AS r(id bigint, s boolean, x double precision, y double precision)
         ON CONFLICT (id) DO NOTHING`,
        [report.extract, JSON.stringify(rows)],
      );
      progress.bytesRead += rows.length;
      emit();
    }
    for (let s = 0; s < edges.length; s += batch) {
      const rows = edges.slice(s, s + batch).map((e) => {
        const len = lineLengthM(e.coords);
        const secs = (kmh: number, ok: boolean) => (ok ? len / (kmh / 3.6) : -1);
        return {
          w: e.way,
          s: e.source,
          t: e.target,
          h: e.p.highway,
          l: len,
          cf: secs(e.p.carKmh, e.p.car.forward),
          cb: secs(e.p.carKmh, e.p.car.backward),
          tf: secs(e.p.truckKmh, e.p.truck.forward),
          tb: secs(e.p.truckKmh, e.p.truck.backward),
          g: `LINESTRING(${e.coords.map((c) => `${c[0]} ${c[1]}`).join(',')})`,
        };
      });
      await trx.raw(
        `INSERT INTO road_edges (extract, osm_way_id, source, target, highway, length_m, car_s, car_reverse_s,
           truck_s, truck_reverse_s, geom_l93)
         SELECT ?, r.w, r.s, r.t, r.h, r.l, r.cf, r.cb, r.tf, r.tb, ST_Transform(ST_GeomFromText(r.g, 4326), 2154)
         FROM jsonb_to_recordset(?::jsonb) AS r(w bigint, s bigint, t bigint, h text, l double precision,
           cf double precision, cb double precision, tf double precision, tb double precision, g text)`,
        [report.extract, JSON.stringify(rows)],
      );
      progress.bytesRead += rows.length;
      emit();
    }
    await trx.raw(
      `UPDATE road_extracts SET coverage = (
         SELECT ST_Buffer(ST_ConvexHull(ST_Collect(geom_l93)), 1500) FROM road_vertices WHERE extract = ?)
       WHERE name = ?`,
      [report.extract, report.extract],
    );
    const inFrance = junctions.filter((j) => coordinateProblem(j.lon, j.lat) === null);
    report.motorwayAccess.skippedOutsideFrance = junctions.length - inFrance.length;
    for (let s = 0; s < inFrance.length; s += 1000) {
      const r = await new InfrastructureImportWriter().upsert(trx, inFrance.slice(s, s + 1000));
      report.motorwayAccess.inserted += r.inserted;
      report.motorwayAccess.updated += r.updated;
      report.motorwayAccess.unchanged += r.unchanged;
      report.changedInfrastructureIds.push(...r.changed.map((c) => c.id));
    }
    if (report.dryRun) await trx.rollback();
    else {
      await trx.commit();
      report.ok = true;
    }
  } catch (err) {
    await trx.rollback().catch(() => {});
    throw err;
  }
  if (report.dryRun) report.changedInfrastructureIds = [];
  emit(true);
  return done();
}

async function readGraph(
  open: () => AsyncIterable<Buffer>,
  report: RoadImportReport,
  progress: { rows: number; phase: string },
  emit: () => void,
): Promise<{ edges: Edge[]; junctions: InfrastructureRow[] }> {
  const { head, rest } = await peek(open(), 16);
  const xml = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('<');
  const read: Reader = xml ? readOsmXml : readOsmPbf;

  // Pass 1: the drivable ways; how many ways use each node.
  const ways: WayRec[] = [];
  const uses = new Map<number, number>();
  const motorwayNodes = new Set<number>();
  for await (const block of read(rest, { nodes: false, ways: true, relations: false })) {
    for (const el of block) {
      if (el.type !== 'way' || !el.tags.highway) continue;
      report.ways++;
      progress.rows = report.ways;
      const p = wayProfile(el.tags);
      if (!p || el.refs.length < 2) {
        report.skippedWays++;
        continue;
      }
      report.roadWays++;
      ways.push({ id: el.id, refs: el.refs, p, ref: el.tags.ref });
      for (let i = 0; i < el.refs.length; i++) {
        const n = el.refs[i];
        // A way's ends count twice, so they always split.
        uses.set(n, (uses.get(n) ?? 0) + (i === 0 || i === el.refs.length - 1 ? 2 : 1));
        if (p.highway === 'motorway') motorwayNodes.add(n);
      }
    }
    emit();
  }

  // Pass 2: coordinates of the nodes those ways use; motorway junctions.
  progress.phase = 'nodes';
  const at = new Map<number, [number, number]>();
  const junctionTags = new Map<number, Record<string, string>>();
  for await (const block of read(open(), { nodes: true, ways: false, relations: false })) {
    for (const el of block) {
      if (el.type !== 'node' || !uses.has(el.id)) continue;
      at.set(el.id, [el.lon, el.lat]);
      if (el.tags.highway === 'motorway_junction') {
        junctionTags.set(el.id, el.tags);
        uses.set(el.id, (uses.get(el.id) ?? 0) + 2);
      }
    }
    emit();
  }

  // Split each way at shared nodes; a node missing from the extract (clipped) ends a piece.
  const edges: Edge[] = [];
  const entries = new Map<number, WayRec>();
  for (const w of ways) {
    let piece: Array<[number, number]> = [];
    let start = -1;
    for (let i = 0; i < w.refs.length; i++) {
      const n = w.refs[i];
      const c = at.get(n);
      if (!c) {
        if (piece.length >= 2)
          edges.push({ way: w.id, source: start, target: w.refs[i - 1], p: w.p, coords: piece });
        piece = [];
        start = -1;
        continue;
      }
      if (start === -1) {
        start = n;
        piece = [c];
        continue;
      }
      piece.push(c);
      if ((uses.get(n) ?? 0) >= 2 || i === w.refs.length - 1) {
        edges.push({ way: w.id, source: start, target: n, p: w.p, coords: piece });
        start = n;
        piece = [c];
      }
    }
    // A one-way slip road whose last node is on a motorway: an entry point.
    const lastNode = w.refs[w.refs.length - 1];
    if (
      w.p.highway === 'motorway_link' &&
      w.p.car.forward &&
      !w.p.car.backward &&
      motorwayNodes.has(lastNode)
    )
      entries.set(lastNode, w);
  }

  const junctions: InfrastructureRow[] = [];
  const accessRow = (id: number, name: string, attrs: Record<string, unknown>): InfrastructureRow | null => {
    const c = at.get(id);
    if (!c) return null;
    return {
      kind: 'motorway_access',
      name,
      source: 'osm',
      sourceId: `node/${id}`,
      sourceUrl: `https://www.openstreetmap.org/node/${id}`,
      voltageKv: null,
      sizeClass: null,
      operator: null,
      attrs,
      lon: c[0],
      lat: c[1],
    };
  };
  for (const [id, t] of junctionTags) {
    const label = [t.ref ? `Sortie ${t.ref}` : 'Sortie', t.name ?? t.destination].filter(Boolean).join(' – ');
    const row = accessRow(id, label, { access: 'exit', ref: t.ref ?? null, from: 'osm motorway_junction' });
    if (row) junctions.push(row);
  }
  for (const [id, w] of entries) {
    if (junctionTags.has(id)) continue;
    const row = accessRow(id, `Entrée ${w.ref ?? 'autoroute'}`.trim(), {
      access: 'entry',
      ref: w.ref ?? null,
      from: 'osm motorway_link end',
    });
    if (row) junctions.push(row);
  }
  return { edges, junctions };
}
