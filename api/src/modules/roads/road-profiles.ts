/**
 * What the road importer keeps from OSM and how fast each way is driven, per profile.
 * Car: `maxspeed` when tagged (km/h, mph, or a French zone such as `FR:urban`), else the
 * default of the highway class below. Truck (heavy goods, used for logistics access): the car
 * speed capped at 90 km/h on motorways and 80 km/h elsewhere (French HGV limits), and
 * forbidden where `hgv=no`. Where no graph covers a site, minutes are an **estimate**:
 * straight-line distance × DETOUR_FACTOR at ESTIMATE_KMH.
 */
import type { Tags } from '../import/readers/osm-pbf.ts';

/** Default car speed (km/h) per `highway` class when `maxspeed` is not tagged. */
export const DEFAULT_KMH: Readonly<Record<string, number>> = {
  motorway: 130,
  motorway_link: 60,
  trunk: 110,
  trunk_link: 50,
  primary: 80,
  primary_link: 40,
  secondary: 70,
  secondary_link: 40,
  tertiary: 60,
  tertiary_link: 30,
  unclassified: 50,
  road: 40,
  residential: 30,
  living_street: 15,
  service: 20,
};

/** Classes a vehicle on the motorway network only: a site or a commune never snaps to them. */
export const MOTORWAY_CLASSES = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link']);

export const TRUCK_MOTORWAY_KMH = 90;
export const TRUCK_OTHER_KMH = 80;

/**
 * Estimates where the graph does not reach: straight line × 1.3 (the usual road circuity
 * factor for France) at a mean 60 km/h by car and 50 km/h by truck.
 */
export const DETOUR_FACTOR = 1.3;
export const ESTIMATE_KMH = { car: 60, truck: 50 } as const;

/** A site, a commune centre or an isochrone origin joins the graph at a vertex this close… */
export const SNAP_MAX_M = 1500;
/** …and that last stretch is counted at this speed (a site road, a car park). */
export const SNAP_KMH = 20;
/** A point target (port, rail yard, airport) counts at its nearest vertex within this distance. */
export const TARGET_SNAP_MAX_M = 2500;
/** Searches from targets stop here: beyond, the minutes are an estimate. */
export const TARGET_HORIZON_S = 4 * 3600;
/** Connected pieces of the graph smaller than this are car parks or fragments: not snapped to. */
export const MIN_COMPONENT_VERTICES = 30;

export type Profile = 'car' | 'truck';
export const PROFILES: readonly Profile[] = ['car', 'truck'];
export const LABOUR_POOL_MINUTES = [20, 30, 45] as const;

/** Metres covered per minute by the straight-line estimate. */
export const estimateMetresPerMinute = (p: Profile) => (ESTIMATE_KMH[p] * 1000) / 60 / DETOUR_FACTOR;

/** The highest speed of a profile, to bound a search area (km/h). */
export const maxKmh = (p: Profile) => (p === 'car' ? 130 : TRUCK_MOTORWAY_KMH);

export interface WayProfile {
  highway: string;
  carKmh: number;
  truckKmh: number;
  /** Forward (along the way's node order) and backward allowed, per profile. */
  car: { forward: boolean; backward: boolean };
  truck: { forward: boolean; backward: boolean };
}

const NO = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery', 'emergency', 'customers']);
const YES = new Set(['yes', 'designated', 'permissive', 'destination']);

/**
 * Parses an OSM `maxspeed` to km/h; null when absent or not a speed ("signals", "variable").
 * @example parseMaxspeed('50') // 50
 * @example parseMaxspeed('30 mph') // 48.28
 * @example parseMaxspeed('FR:urban') // 50
 */
export function parseMaxspeed(raw: string | undefined): number | null {
  if (!raw) return null;
  const v = raw.trim().toLowerCase();
  const zones: Record<string, number> = {
    'fr:urban': 50,
    'fr:rural': 80,
    'fr:zone30': 30,
    'fr:motorway': 130,
    'fr:walk': 6,
    'ad:urban': 50,
    'ad:rural': 90,
    'mc:urban': 50,
    walk: 6,
  };
  if (v in zones) return zones[v];
  const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  if (!(n > 0 && n <= 200)) return null;
  return m[2] === 'mph' ? Math.round(n * 1.609344 * 100) / 100 : n;
}

/**
 * Whether and how a way is driven; null when it is not a road for motor vehicles
 * (footway, track, construction, `access=no` without a motor-vehicle exception, `area=yes`).
 */
export function wayProfile(t: Tags): WayProfile | null {
  const highway = t.highway;
  if (!highway || !(highway in DEFAULT_KMH) || t.area === 'yes') return null;
  const motor = t.motorcar ?? t.motor_vehicle ?? t.vehicle;
  const denied =
    (motor !== undefined ? NO.has(motor) : false) || (motor === undefined && NO.has(t.access ?? ''));
  if (denied && !YES.has(motor ?? '')) return null;
  const carKmh = parseMaxspeed(t.maxspeed) ?? DEFAULT_KMH[highway];
  const motorwayClass = highway === 'motorway' || highway === 'motorway_link';
  const truckKmh = Math.min(carKmh, motorwayClass ? TRUCK_MOTORWAY_KMH : TRUCK_OTHER_KMH);
  const oneway = (t.oneway ?? '').toLowerCase();
  let forward = true;
  let backward = true;
  const impliedOneway =
    t.junction === 'roundabout' ||
    t.junction === 'circular' ||
    highway === 'motorway' ||
    highway === 'motorway_link';
  if (oneway === 'yes' || oneway === '1' || oneway === 'true' || (impliedOneway && oneway !== 'no'))
    backward = false;
  if (oneway === '-1' || oneway === 'reverse') {
    forward = false;
    backward = true;
  }
  if (oneway === 'reversible' || oneway === 'alternating') return null;
  const hgvNo = NO.has(t.hgv ?? '') && t.hgv !== 'destination';
  return {
    highway,
    carKmh,
    truckKmh,
    car: { forward, backward },
    truck: hgvNo ? { forward: false, backward: false } : { forward, backward },
  };
}

/**
 * Great-circle length in metres of a lon/lat polyline (haversine, mean Earth radius).
 * @example lineLengthM([[7.42, 43.73], [7.43, 43.73]]) // ≈ 804
 */
export function lineLengthM(coords: ReadonlyArray<readonly [number, number]>): number {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  let total = 0;
  for (let i = 1; i < coords.length; i++) {
    const [lon1, lat1] = coords[i - 1];
    const [lon2, lat2] = coords[i];
    const dLat = (lat2 - lat1) * rad;
    const dLon = (lon2 - lon1) * rad;
    const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
    total += 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  return total;
}
