/**
 * The traffic of the load test (`npm run bench:load`): what a population of map users sends,
 * drawn from a seeded generator so two runs send the same requests in the same proportions.
 * - tiles (70 %): whole map views (the 4×3 block of 512-px tiles a 1280×800 viewport loads),
 *   zooms 6–14, centred like the plots are (70 % around the weighted cities of
 *   generate_plots.sql, 30 % anywhere over the plot extent);
 * - site search (20 %): what the browse panel sends (map-ui/src/features/browse/use-site-search.ts):
 *   the first page in the view, the same with an area filter, the total for a filter, text search;
 * - match (10 %): the sparse/typical/dense needs of the match benchmark (bench/steps/match.ts).
 */
import fs from 'node:fs';
import { PROFILES } from '../steps/match.ts';
import { PLOTS_SQL } from './bench-db.ts';
import { lonLatToTile, PLOT_EXTENT, seeded, type Tile, tileKey } from './tiles-sample.ts';

export const ROUTE_CLASSES = ['tiles', 'search', 'match'] as const;
export type RouteClass = (typeof ROUTE_CLASSES)[number];

/** Share of each class in the traffic (issue: 70 / 20 / 10). */
export const CLASS_SHARE: Record<RouteClass, number> = { tiles: 0.7, search: 0.2, match: 0.1 };

export interface LoadRequest {
  cls: RouteClass;
  /** Finer label for the report: `z12`, `view bbox`, `dense`… */
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/**
 * Share of tile requests per zoom: users land on France (z6), zoom through regions (z8–10) and
 * spend most requests on city and plot views (z11–14), where a view has the most distinct tiles.
 */
const ZOOM_SHARE: Record<number, number> = {
  6: 6,
  7: 6,
  8: 9,
  9: 10,
  10: 12,
  11: 13,
  12: 15,
  13: 15,
  14: 14,
};
const VIEW_PX = { width: 1280, height: 800 };
const TILE_PX = 512;
const CLUSTERED = 0.7;

interface Centre {
  name: string;
  lon: number;
  lat: number;
  w: number;
}

/** The weighted cities of generate_plots.sql, read from the file so the two never drift apart. */
export function plotCentres(sql = fs.readFileSync(PLOTS_SQL, 'utf8')): Centre[] {
  const out: Centre[] = [];
  for (const m of sql.matchAll(/\('([^']+)',(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?),(\d+(?:\.\d+)?)\)/g))
    out.push({ name: m[1], lon: Number(m[2]), lat: Number(m[3]), w: Number(m[4]) });
  if (out.length < 10) throw new Error(`could not read the plot centres from ${PLOTS_SQL}`);
  return out;
}

/** Picks from weighted items with `rnd` in [0, 1). */
function weighted<T>(items: ReadonlyArray<readonly [T, number]>, rnd: () => number): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

/** Standard normal draw (Box–Muller), as generate_plots.sql spreads plots around a city. */
function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-9))) * Math.cos(2 * Math.PI * rnd());
}

/** A point where a user would look: near a city with the plots' own spread, or anywhere. */
function viewCentre(centres: Centre[], rnd: () => number): { lon: number; lat: number } {
  if (rnd() >= CLUSTERED) {
    return {
      lon: PLOT_EXTENT.west + rnd() * (PLOT_EXTENT.east - PLOT_EXTENT.west),
      lat: PLOT_EXTENT.south + rnd() * (PLOT_EXTENT.north - PLOT_EXTENT.south),
    };
  }
  const c = weighted(
    centres.map((x) => [x, x.w] as const),
    rnd,
  );
  return { lon: c.lon + gaussian(rnd) * 0.35, lat: c.lat + gaussian(rnd) * 0.25 };
}

/**
 * The tiles one viewport loads at zoom z around a point: a block of ⌈w/512⌉+1 × ⌈h/512⌉+1 tiles.
 * @example viewTiles(4.85, 45.76, 12).length // 12
 */
export function viewTiles(lon: number, lat: number, z: number): Tile[] {
  const c = lonLatToTile(lon, lat, z);
  const cols = Math.ceil(VIEW_PX.width / TILE_PX) + 1;
  const rows = Math.ceil(VIEW_PX.height / TILE_PX) + 1;
  const n = 2 ** z;
  const out: Tile[] = [];
  for (let dy = -Math.floor(rows / 2); dy < rows - Math.floor(rows / 2); dy++)
    for (let dx = -Math.floor(cols / 2); dx < cols - Math.floor(cols / 2); dx++) {
      const x = c.x + dx;
      const y = c.y + dy;
      if (x >= 0 && y >= 0 && x < n && y < n) out.push({ z, x, y });
    }
  return out;
}

/**
 * The lon/lat bounds of a 1280×800 view at zoom z (512-px tiles, Web Mercator).
 * @example viewBbox(2.35, 48.86, 10) // [2.0, 48.7, 2.7, 49.0] roughly
 */
export function viewBbox(lon: number, lat: number, z: number): [number, number, number, number] {
  const degPerPx = 360 / (TILE_PX * 2 ** z);
  const halfW = (VIEW_PX.width / 2) * degPerPx;
  const halfH = (VIEW_PX.height / 2) * degPerPx * Math.cos((lat * Math.PI) / 180);
  const r = (v: number) => Math.round(v * 1e5) / 1e5;
  return [r(lon - halfW), r(lat - halfH), r(lon + halfW), r(lat + halfH)];
}

function tileRequests(centres: Centre[], views: number, rnd: () => number): LoadRequest[] {
  const zooms = Object.entries(ZOOM_SHARE).map(([z, w]) => [Number(z), w] as const);
  const out: LoadRequest[] = [];
  for (let i = 0; i < views; i++) {
    const z = weighted(zooms, rnd);
    const { lon, lat } = viewCentre(centres, rnd);
    for (const t of viewTiles(lon, lat, z))
      out.push({ cls: 'tiles', kind: `z${z}`, method: 'GET', path: `/tiles/sites/${tileKey(t)}.mvt` });
  }
  return out;
}

/** Search requests with their share inside the search class. */
function searchRequests(centres: Centre[], n: number, rnd: () => number): LoadRequest[] {
  const kinds = [
    ['view bbox', 40],
    ['view bbox + area', 20],
    ['total with area filter', 15],
    ['text: commune', 10],
    ['text: plot name', 15],
  ] as const;
  const out: LoadRequest[] = [];
  for (let i = 0; i < n; i++) {
    const kind = weighted(kinds, rnd);
    const { lon, lat } = viewCentre(centres, rnd);
    const bbox = viewBbox(lon, lat, 9 + Math.floor(rnd() * 5)).join(',');
    const minArea = [1, 5, 10, 20][Math.floor(rnd() * 4)];
    const q = new URLSearchParams();
    if (kind === 'view bbox') q.set('bbox', bbox);
    if (kind === 'view bbox + area') {
      q.set('bbox', bbox);
      q.set('minAreaHa', String(minArea));
      q.set('maxAreaHa', String(minArea * 10));
    }
    if (kind === 'total with area filter') q.set('minAreaHa', String(minArea));
    if (kind === 'text: commune') {
      q.set(
        'q',
        weighted(
          centres.map((c) => [c.name, c.w] as const),
          rnd,
        ),
      );
    }
    if (kind === 'text: plot name') q.set('q', `Plot ${1 + Math.floor(rnd() * 999_999)}`);
    // The browse panel asks for one feature to get a total, 500 ids for a text search, 50 per page.
    q.set('limit', kind === 'total with area filter' ? '1' : kind.startsWith('text') ? '500' : '50');
    out.push({ cls: 'search', kind, method: 'GET', path: `/api/sites?${q}` });
  }
  return out;
}

function matchRequests(): LoadRequest[] {
  return PROFILES.map((p) => ({
    cls: 'match' as const,
    kind: p.key,
    method: 'POST' as const,
    path: '/api/match',
    body: JSON.stringify(p.body),
  }));
}

export interface LoadMix {
  byClass: Record<RouteClass, LoadRequest[]>;
  /** The next request: a class by CLASS_SHARE, then a request of that class. */
  next(): LoadRequest;
}

/**
 * The seeded request pools and the picker that draws from them.
 * @example const mix = buildLoadMix(42); mix.next() // { cls: 'tiles', kind: 'z12', path: '/tiles/sites/12/…' }
 */
export function buildLoadMix(seed: number, opts: { views?: number; searches?: number } = {}): LoadMix {
  const rnd = seeded(seed);
  const centres = plotCentres();
  const byClass: Record<RouteClass, LoadRequest[]> = {
    tiles: tileRequests(centres, opts.views ?? 600, rnd),
    search: searchRequests(centres, opts.searches ?? 800, rnd),
    match: matchRequests(),
  };
  const classes = ROUTE_CLASSES.map((c) => [c, CLASS_SHARE[c]] as const);
  const pick = seeded(seed + 1);
  return {
    byClass,
    next() {
      const pool = byClass[weighted(classes, pick)];
      return pool[Math.floor(pick() * pool.length)];
    },
  };
}
