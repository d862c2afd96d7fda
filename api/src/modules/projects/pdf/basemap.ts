/**
 * The background of the overview map in Lambert-93 metres: metropolitan France, its European
 * neighbours (Natural Earth 1:50m through `world-atlas`) and the cities named on the map.
 * basemap.l93.json holds them already projected by PostGIS (`scripts/pdf-basemap.ts` writes
 * it), so the PDF needs neither a network nor a projection of its own. Read once per process.
 */
import { readFileSync } from 'node:fs';
import { type Bbox, bboxOf, type XY } from './pdf-geo.ts';

export interface CountryOutline {
  id: string;
  /** Polygons (outer ring first, then holes) in Lambert-93 metres. */
  polygons: XY[][][];
  bbox: Bbox;
}

export interface Basemap {
  /** Metropolitan France (mainland and Corsica): overseas polygons are left out. */
  france: CountryOutline;
  /** Other European countries, for context around the border. */
  neighbours: CountryOutline[];
  /** Cities named on the map, in Lambert-93 metres. */
  cities: Array<[name: string, at: XY]>;
}

interface BasemapFile {
  france: { id: string; polygons: XY[][][] };
  neighbours: Array<{ id: string; polygons: XY[][][] }>;
  cities: Array<[string, XY]>;
}

let cache: Basemap | null = null;

function outline(c: { id: string; polygons: XY[][][] }): CountryOutline {
  const bbox = bboxOf(c.polygons.flatMap((poly) => poly[0]));
  if (!bbox) throw new Error(`basemap.l93.json: country ${c.id} has no outline`);
  return { id: c.id, polygons: c.polygons, bbox };
}

/** The overview map's background (read on first call). */
export function basemap(): Basemap {
  if (cache) return cache;
  const file = JSON.parse(
    readFileSync(new URL('./basemap.l93.json', import.meta.url), 'utf8'),
  ) as BasemapFile;
  cache = { france: outline(file.france), neighbours: file.neighbours.map(outline), cities: file.cities };
  return cache;
}
