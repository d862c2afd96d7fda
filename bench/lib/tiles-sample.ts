/**
 * Which tiles the tile benchmark requests: a block around a city, the whole of France (every
 * tile at low zoom, a seeded uniform sample over the plot extent at z ≥ 10), and at z ≥ 10 the
 * tiles under a seeded sample of plots (what a user zoomed on a plot loads).
 */
import type { Knex } from 'knex';

export interface Tile {
  z: number;
  x: number;
  y: number;
}

/**
 * The XYZ tile holding a lon/lat point at zoom z (Web Mercator).
 * @example lonLatToTile(4.85, 45.76, 10) // { z: 10, x: 525, y: 365 }
 */
export function lonLatToTile(lon: number, lat: number, z: number): Tile {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/**
 * A small seeded PRNG (mulberry32) so the sampled tiles are the same from one run to the next.
 * @example const rnd = seeded(42); rnd() // 0.6011...
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lyon, the second-densest centre of generate_plots.sql. */
export const CITY = { name: 'Lyon', lon: 4.85, lat: 45.76 };
/** Metropolitan France with its plots (generate_plots.sql spreads plots over lon −4.5…8, lat 42.5…51). */
export const FRANCE_BBOX = { west: -5.2, south: 41.3, east: 9.6, north: 51.1 };
export const PLOT_EXTENT = { west: -4.5, south: 42.5, east: 8, north: 51 };

/** The (2r+1)² block of tiles centred on the tile holding the city. */
export function cityTiles(z: number, r: number): Tile[] {
  const c = lonLatToTile(CITY.lon, CITY.lat, z);
  const n = 2 ** z;
  const out: Tile[] = [];
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) {
      const x = c.x + dx;
      const y = c.y + dy;
      if (x >= 0 && y >= 0 && x < n && y < n) out.push({ z, x, y });
    }
  return out;
}

/** Every tile covering France at zoom z. */
export function franceTiles(z: number): Tile[] {
  const a = lonLatToTile(FRANCE_BBOX.west, FRANCE_BBOX.north, z);
  const b = lonLatToTile(FRANCE_BBOX.east, FRANCE_BBOX.south, z);
  const out: Tile[] = [];
  for (let y = a.y; y <= b.y; y++) for (let x = a.x; x <= b.x; x++) out.push({ z, x, y });
  return out;
}

/** `count` distinct tiles at zoom z drawn uniformly (seeded) over the plot extent. */
export function randomFranceTiles(z: number, count: number, seed: number): Tile[] {
  const rnd = seeded(seed + z);
  const seen = new Map<string, Tile>();
  for (let i = 0; seen.size < count && i < count * 50; i++) {
    const lon = PLOT_EXTENT.west + rnd() * (PLOT_EXTENT.east - PLOT_EXTENT.west);
    const lat = PLOT_EXTENT.south + rnd() * (PLOT_EXTENT.north - PLOT_EXTENT.south);
    const t = lonLatToTile(lon, lat, z);
    seen.set(`${t.x}/${t.y}`, t);
  }
  return [...seen.values()];
}

/**
 * The tiles under `count` plots picked by a seeded draw of bench plot ids (`source_id`), so the
 * same plots are chosen whatever the uuids of this load.
 */
export async function plotTiles(
  knex: Knex,
  z: number,
  count: number,
  seed: number,
  nSites: number,
): Promise<Tile[]> {
  const rnd = seeded(seed * 7 + z);
  const ids = Array.from({ length: count * 2 }, () => String(1 + Math.floor(rnd() * nSites)));
  const r = await knex.raw(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
       SELECT ST_PointOnSurface(geom) AS p, source_id FROM sites
       WHERE source = 'bench' AND source_id = ANY(?::text[])) q
     ORDER BY array_position(?::text[], source_id) LIMIT ?`,
    [ids, ids, count],
  );
  const seen = new Map<string, Tile>();
  for (const row of r.rows as Array<{ lon: number; lat: number }>) {
    const t = lonLatToTile(row.lon, row.lat, z);
    seen.set(`${t.x}/${t.y}`, t);
  }
  return [...seen.values()];
}

/** "z/x/y" of a tile. */
export const tileKey = (t: Tile) => `${t.z}/${t.x}/${t.y}`;
