/**
 * OpenStreetMap extracts (`.osm.pbf`, or `.osm` XML told apart by their first byte) →
 * infrastructure points and candidate sites.
 *
 * Tags read (first matching rule wins):
 * - `highway=motorway_junction` → motorway_access (name, else "Sortie <ref>").
 * - `railway=station|yard` → rail_freight with a freight tag (`railway:traffic_mode=freight|mixed`,
 *   `usage=freight`, `freight=yes`, `station=freight`), else rail_station; subway, light-rail,
 *   monorail and funicular stations are skipped.
 * - `aeroway=aerodrome` → airport: IATA code and international → large, IATA code → medium,
 *   otherwise small (kept only with --include-small, like OurAirports).
 * - `power=substation` with `voltage` → substation, voltage_kv = highest of the `;`-separated
 *   values, volts → kV; without a readable voltage → skipped.
 * - `landuse=port|harbour`, `industrial=port`, `harbour=*` (not "no"), `seamark:type=harbour`
 *   → port; marinas (`leisure=marina`, `seamark:harbour:category=marina*`) are skipped.
 * - `landuse=industrial` closed ways and multipolygon relations of at least 1 ha → candidate
 *   **sites** (source `osm`, unpublished, dataQuality `estimated`, available area = polygon
 *   area, flagged illustrative). They carry a commune only when tagged `ref:INSEE`; otherwise
 *   the sites writer must derive it from the outline (or reject the row).
 * Areas that are infrastructure (an aerodrome polygon…) become their centroid point.
 *
 * Ways and relations need node coordinates, which come earlier in the file. Instead of caching
 * every node (hundreds of millions for France), the file is read two or three times:
 * 1. nodes → node features; ways and relations → the tagged ones are kept with their refs;
 * 2. (only when multipolygon relations matched) ways → refs of their member ways;
 * 3. nodes → coordinates of exactly the referenced nodes, in sorted Float64Arrays (16 bytes a
 *    node, binary search), not a Map.
 * A stream input is spooled to a temporary file first (`needsFile`).
 */

import type { Position } from '../../../shared/geo.ts';
import type { InfrastructureRow } from '../../infrastructure/infrastructure.import-writer.ts';
import type { InfrastructureKind, SizeClass } from '../../infrastructure/infrastructure.schemas.ts';
import { areaHa, coordinateProblem, ringCentroid, toMultiPolygon } from '../import.geo.ts';
import type { FormatAdapter, ImportSource, ParsedItem } from '../import.types.ts';
import { siteRow, validateSiteProperties } from '../import.validation.ts';
import {
  type OsmElement,
  type OsmMember,
  type OsmPassFilter,
  readOsmPbf,
  type Tags,
} from '../readers/osm-pbf.ts';
import { readOsmXml } from '../readers/osm-xml.ts';
import { peek } from '../readers/source.ts';
import { infraItem } from './format-helpers.ts';

/** Industrial landuse polygons smaller than this are workshops, not sites. */
const MIN_CANDIDATE_SITE_HA = 1;

type Rule =
  | {
      target: 'infrastructure';
      kind: InfrastructureKind;
      sizeClass: SizeClass | null;
      voltageKv: number | null;
      name: string;
      attrs: Record<string, unknown>;
    }
  | { target: 'site' }
  | { skip: string };

/**
 * Parses an OSM `voltage` tag to kV: the highest of the `;`-separated values in volts.
 * @example osmVoltageKv('400000;225000;63000') // 400
 */
export function osmVoltageKv(raw: string | undefined): number | null {
  if (!raw) return null;
  const values = raw
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter((s) => /^\d+(\.\d+)?$/.test(s))
    .map(Number)
    .filter((v) => v > 0);
  if (values.length === 0) return null;
  return Math.max(...values) / 1000;
}

const FREIGHT = (t: Tags) =>
  t['railway:traffic_mode'] === 'freight' ||
  t['railway:traffic_mode'] === 'mixed' ||
  t.usage === 'freight' ||
  t.freight === 'yes' ||
  t.station === 'freight';

const URBAN_STATIONS = new Set(['subway', 'light_rail', 'monorail', 'funicular', 'tram']);

/**
 * What an element with these tags becomes, or null when it is not of interest.
 * @example classify({ highway: 'motorway_junction', ref: '12' }, { includeSmall: false })
 */
export function classify(t: Tags, opts: { includeSmall: boolean }): Rule | null {
  const ref = t.ref ? { ref: t.ref } : {};
  if (t.highway === 'motorway_junction') {
    return {
      target: 'infrastructure',
      kind: 'motorway_access',
      sizeClass: null,
      voltageKv: null,
      name: t.name || (t.ref ? `Sortie ${t.ref}` : 'Échangeur'),
      attrs: { access: 'junction', ...ref, ...(t.exit_to ? { exitTo: t.exit_to } : {}) },
    };
  }
  if (t.railway === 'station' || t.railway === 'yard') {
    if (t.railway === 'station' && URBAN_STATIONS.has(t.station)) return { skip: `${t.station} station` };
    const freight = FREIGHT(t);
    return {
      target: 'infrastructure',
      kind: freight ? 'rail_freight' : 'rail_station',
      sizeClass: null,
      voltageKv: null,
      name: t.name || (t.railway === 'yard' ? 'Faisceau ferroviaire' : 'Gare'),
      attrs: { railway: t.railway, freight, ...(t.uic_ref ? { uicRef: t.uic_ref } : {}) },
    };
  }
  if (t.aeroway === 'aerodrome') {
    const international = t.aerodrome === 'international' || t['aerodrome:type'] === 'international';
    const sizeClass: SizeClass = t.iata ? (international ? 'large' : 'medium') : 'small';
    if (sizeClass === 'small' && !opts.includeSmall) return { skip: 'small aerodrome (use --include-small)' };
    return {
      target: 'infrastructure',
      kind: 'airport',
      sizeClass,
      voltageKv: null,
      name: t.name || 'Aérodrome',
      attrs: { iata: t.iata ?? null, icao: t.icao ?? null },
    };
  }
  if (t.power === 'substation') {
    const kv = osmVoltageKv(t.voltage);
    if (kv === null)
      return { skip: t.voltage ? 'substation voltage unreadable' : 'substation without voltage' };
    return {
      target: 'infrastructure',
      kind: 'substation',
      sizeClass: null,
      voltageKv: kv,
      name: t.name || `Poste ${kv} kV`,
      attrs: { voltage: t.voltage, ...(t.substation ? { substation: t.substation } : {}), ...ref },
    };
  }
  const marina = t.leisure === 'marina' || (t['seamark:harbour:category'] ?? '').startsWith('marina');
  const port =
    t.landuse === 'port' ||
    t.landuse === 'harbour' ||
    t.industrial === 'port' ||
    (t.harbour !== undefined && t.harbour !== 'no') ||
    t['seamark:type'] === 'harbour';
  if (port) {
    if (marina) return { skip: 'marina' };
    return {
      target: 'infrastructure',
      kind: 'port',
      sizeClass: null,
      voltageKv: null,
      name: t.name || 'Port',
      attrs: {},
    };
  }
  if (t.landuse === 'industrial') return { target: 'site' };
  return null;
}

interface Pending {
  line: number;
  el: OsmElement;
  rule: Rule;
}

/** Sorted node ids with their coordinates; filled during the node pass. */
class NodeStore {
  ids: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  constructor(wanted: Iterable<number>) {
    this.ids = Float64Array.from(new Set(wanted)).sort();
    this.lon = new Float64Array(this.ids.length).fill(Number.NaN);
    this.lat = new Float64Array(this.ids.length).fill(Number.NaN);
  }
  private find(id: number): number {
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid];
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  set(id: number, lon: number, lat: number) {
    if (this.ids.length === 0 || id < this.ids[0] || id > this.ids[this.ids.length - 1]) return;
    const i = this.find(id);
    if (i >= 0) {
      this.lon[i] = lon;
      this.lat[i] = lat;
    }
  }
  get(id: number): Position | null {
    const i = this.find(id);
    if (i < 0 || Number.isNaN(this.lon[i])) return null;
    return [this.lon[i], this.lat[i]];
  }
}

type Reader = (chunks: AsyncIterable<Buffer>, filter: OsmPassFilter) => AsyncIterable<OsmElement[]>;

export const osm: FormatAdapter = {
  name: 'osm',
  target: 'mixed',
  description:
    'OpenStreetMap .osm.pbf or .osm XML: junctions, stations, ports, airports, substations, industrial sites',
  needsFile: true,
  async *parse(source: ImportSource, opts): AsyncIterable<ParsedItem> {
    // Pass 1: everything; node features are emitted as they come.
    const { head, rest } = await peek(source.open(), 16);
    const text = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    const read: Reader = text.startsWith('<') ? readOsmXml : readOsmPbf;
    let ordinal = 0;
    const pending: Pending[] = [];
    const wantedRelationWays = new Set<number>();
    const wantedNodes: number[] = [];
    for await (const block of read(rest, { nodes: true, ways: true, relations: true })) {
      for (const el of block) {
        const rule = classify(el.tags, opts);
        if (!rule) continue;
        if (el.type === 'relation' && el.tags.type !== 'multipolygon') continue;
        // A landuse tag on a node has no outline: not a site.
        if (el.type === 'node' && 'target' in rule && rule.target === 'site') continue;
        const line = ++ordinal;
        if ('skip' in rule) {
          yield { line, skip: rule.skip };
          continue;
        }
        if (el.type === 'node') {
          yield infraFrom(line, el, rule, [el.lon, el.lat]);
          continue;
        }
        pending.push({ line, el, rule });
        if (el.type === 'way') wantedNodes.push(...el.refs);
        else for (const m of el.members) if (m.type === 'way') wantedRelationWays.add(m.id);
      }
    }
    if (pending.length === 0) return;

    // Pass 2: the member ways of matched relations (relations come after ways in the file).
    const memberRefs = new Map<number, number[]>();
    if (wantedRelationWays.size > 0) {
      for await (const block of read(source.open(), { nodes: false, ways: true, relations: false })) {
        for (const el of block) {
          if (el.type === 'way' && wantedRelationWays.has(el.id)) {
            memberRefs.set(el.id, el.refs);
            wantedNodes.push(...el.refs);
          }
        }
      }
    }

    // Pass 3: coordinates of the referenced nodes only.
    const nodes = new NodeStore(wantedNodes);
    wantedNodes.length = 0;
    for await (const block of read(source.open(), { nodes: true, ways: false, relations: false })) {
      for (const el of block) if (el.type === 'node') nodes.set(el.id, el.lon, el.lat);
    }

    for (const p of pending) yield assemble(p, nodes, memberRefs);
  },
};

function osmRef(el: OsmElement): string {
  return `${el.type}/${el.id}`;
}

function infraFrom(line: number, el: OsmElement, rule: Rule, at: Position): ParsedItem {
  if (!('target' in rule) || rule.target !== 'infrastructure') throw new Error('not an infrastructure rule');
  const problem = coordinateProblem(at[0], at[1]);
  if (problem) return { line, error: `${osmRef(el)}: ${problem}` };
  const row: InfrastructureRow = {
    kind: rule.kind,
    name: rule.name,
    source: 'osm',
    sourceId: osmRef(el),
    sourceUrl: `https://www.openstreetmap.org/${osmRef(el)}`,
    voltageKv: rule.voltageKv,
    sizeClass: rule.sizeClass,
    operator: el.tags.operator ?? null,
    attrs: rule.attrs,
    lon: at[0],
    lat: at[1],
  };
  const item = infraItem(line, row);
  return 'error' in item ? { line, error: `${osmRef(el)}: ${item.error}` } : item;
}

/** Closed rings (as node id lists) from member ways that may be split into several pieces. */
function joinRings(ways: number[][]): number[][] | null {
  const pool = ways.filter((w) => w.length >= 2).map((w) => [...w]);
  const rings: number[][] = [];
  while (pool.length > 0) {
    const cur = pool.pop()!;
    while (cur[0] !== cur[cur.length - 1]) {
      const end = cur[cur.length - 1];
      const i = pool.findIndex((w) => w[0] === end || w[w.length - 1] === end);
      if (i < 0) return null;
      const [w] = pool.splice(i, 1);
      cur.push(...(w[0] === end ? w : w.reverse()).slice(1));
    }
    if (cur.length >= 4) rings.push(cur);
  }
  return rings;
}

function pointInRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Polygons (outer ring + its holes) of a closed way or a multipolygon relation, or a reason. */
function polygonsOf(
  el: OsmElement,
  nodes: NodeStore,
  memberRefs: Map<number, number[]>,
): { polygons: Position[][][] } | { problem: string; skip: boolean } {
  const coords = (ids: number[]): Position[] | null => {
    const out: Position[] = [];
    for (const id of ids) {
      const p = nodes.get(id);
      if (!p) return null;
      out.push(p);
    }
    return out;
  };
  if (el.type === 'way') {
    const closed = el.refs.length >= 4 && el.refs[0] === el.refs[el.refs.length - 1];
    const ring = coords(el.refs);
    if (!ring) return { problem: 'incomplete geometry (nodes outside the extract)', skip: true };
    if (!closed) return { problem: 'open way', skip: false };
    return { polygons: [[ring]] };
  }
  if (el.type !== 'relation') return { problem: 'not an area', skip: true };
  const byRole = (role: (m: OsmMember) => boolean) =>
    el.members.filter((m) => m.type === 'way' && role(m)).map((m) => memberRefs.get(m.id));
  const outerWays = byRole((m) => m.role === 'outer' || m.role === '');
  const innerWays = byRole((m) => m.role === 'inner');
  if ([...outerWays, ...innerWays].some((w) => !w)) {
    return { problem: 'incomplete geometry (member ways outside the extract)', skip: true };
  }
  const outers = joinRings(outerWays as number[][]);
  const inners = joinRings(innerWays as number[][]);
  if (!outers || !inners || outers.length === 0) return { problem: 'rings do not close', skip: false };
  const outerCoords = outers.map(coords);
  const innerCoords = inners.map(coords);
  if ([...outerCoords, ...innerCoords].some((r) => !r)) {
    return { problem: 'incomplete geometry (nodes outside the extract)', skip: true };
  }
  const polygons: Position[][][] = (outerCoords as Position[][]).map((r) => [r]);
  for (const inner of innerCoords as Position[][]) {
    const owner = polygons.find((poly) => pointInRing(inner[0], poly[0]));
    if (owner) owner.push(inner);
  }
  return { polygons };
}

function assemble(p: Pending, nodes: NodeStore, memberRefs: Map<number, number[]>): ParsedItem {
  const { line, el, rule } = p;
  const ref = osmRef(el);
  const shape = polygonsOf(el, nodes, memberRefs);
  if (!('target' in rule)) return { line, skip: rule.skip };
  if (rule.target === 'infrastructure') {
    if ('polygons' in shape) {
      const largest = shape.polygons
        .map((poly) => poly[0])
        .reduce((a, b) => (ringArea(b) > ringArea(a) ? b : a));
      return infraFrom(line, el, rule, ringCentroid(largest));
    }
    // An open way (a station mapped as a platform line…): the mean of its nodes.
    if (!shape.skip && el.type === 'way') {
      const pts = el.refs.map((id) => nodes.get(id)).filter((q): q is Position => q !== null);
      const mean: Position = [
        pts.reduce((s, q) => s + q[0], 0) / pts.length,
        pts.reduce((s, q) => s + q[1], 0) / pts.length,
      ];
      return infraFrom(line, el, rule, mean);
    }
    return shape.skip ? { line, skip: shape.problem } : { line, error: `${ref}: ${shape.problem}` };
  }
  // Candidate site.
  if (!('polygons' in shape)) {
    return shape.skip ? { line, skip: shape.problem } : { line, skip: `landuse=industrial ${shape.problem}` };
  }
  const checked = toMultiPolygon({ type: 'MultiPolygon', coordinates: shape.polygons });
  if ('error' in checked) return { line, error: `${ref}: ${checked.error}` };
  const ha = areaHa(checked.geometry);
  if (ha < MIN_CANDIDATE_SITE_HA) return { line, skip: `industrial area under ${MIN_CANDIDATE_SITE_HA} ha` };
  // OSM rarely carries the commune on a landuse area; when it does (ref:INSEE), it is used.
  const insee = el.tags['ref:INSEE'];
  const props = validateSiteProperties({
    ...(insee && /^(\d{5}|2[AB]\d{3})$/.test(insee) ? { communeInsee: insee } : {}),
    name: (el.tags.name || `Zone industrielle (OSM ${ref})`).slice(0, 200),
    source: 'osm',
    sourceId: ref,
    sourceUrl: `https://www.openstreetmap.org/${ref}`,
    published: false,
    dataQuality: 'estimated',
    availableAreaHa: Math.round(ha * 100) / 100,
    illustrativeFields: ['availableAreaHa'],
    provenanceNotes:
      `Candidate from OpenStreetMap landuse=industrial (${ref}), not reviewed. ` +
      'Available area is the whole polygon area until someone states it.',
  });
  if ('error' in props) return { line, error: `${ref}: ${props.error}` };
  const row = siteRow(props.properties, checked.geometry);
  return 'error' in row
    ? { line, error: `${ref}: ${row.error}` }
    : { line, row: { target: 'site', value: row.row } };
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return Math.abs(a / 2);
}
