/**
 * Minimal WKT reader for the geometry types a site file can carry: POINT, POLYGON and
 * MULTIPOLYGON (2D; Z/M values and an `SRID=4326;` EWKT prefix are accepted and dropped).
 */
import type { Position } from '../../../shared/geo.ts';

export type WktGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

/**
 * Parses WKT into GeoJSON-shaped coordinates; throws an Error with a readable message.
 * @example parseWkt('POLYGON((2 48, 2.1 48, 2.1 48.1, 2 48))') // { type: 'Polygon', coordinates: [[[2,48],…]] }
 */
export function parseWkt(text: string): WktGeometry {
  let s = text.trim();
  const srid = /^SRID=(\d+);/i.exec(s);
  if (srid) {
    if (srid[1] !== '4326') throw new Error(`WKT has SRID ${srid[1]}; expected lon/lat WGS84 (4326)`);
    s = s.slice(srid[0].length);
  }
  const m = /^(POINT|POLYGON|MULTIPOLYGON)\s*(Z|M|ZM)?\s*(\(.*\))$/is.exec(s);
  if (!m) {
    const type = /^[A-Z]+/i.exec(s)?.[0];
    throw new Error(
      type ? `unsupported WKT type ${type.toUpperCase()} (expected POLYGON or MULTIPOLYGON)` : 'not WKT',
    );
  }
  const type = m[1].toUpperCase();
  const nested = parseNested(m[3]);
  if (type === 'POINT') {
    if (nested.length !== 1 || !isPosition(nested[0])) throw new Error('POINT needs one position');
    return { type: 'Point', coordinates: nested[0] as Position };
  }
  if (type === 'POLYGON') return { type: 'Polygon', coordinates: asRings(nested) };
  return { type: 'MultiPolygon', coordinates: nested.map((p) => asRings(asArray(p))) };
}

type Nested = Array<Nested | Position>;

function isPosition(v: Nested | Position): v is Position {
  return typeof v[0] === 'number';
}

function asArray(v: Nested | Position): Nested {
  if (isPosition(v)) throw new Error('unexpected position where a list was expected');
  return v;
}

function asRings(v: Nested): Position[][] {
  return v.map((ring) => {
    const r = asArray(ring);
    return r.map((p) => {
      if (!isPosition(p)) throw new Error('unexpected nesting inside a ring');
      return p;
    });
  });
}

/** Parses "((x y, x y), (…))" into nested arrays whose leaves are [x, y] positions. */
function parseNested(s: string): Nested {
  let i = 0;
  const skip = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const list = (): Nested => {
    skip();
    if (s[i] !== '(') throw new Error(`expected '(' at character ${i + 1}`);
    i++;
    const out: Nested = [];
    for (;;) {
      skip();
      if (s[i] === '(') out.push(list());
      else out.push(position());
      skip();
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (s[i] === ')') {
        i++;
        return out;
      }
      throw new Error(`expected ',' or ')' at character ${i + 1}`);
    }
  };
  const position = (): Position => {
    const start = i;
    while (i < s.length && !/[,()]/.test(s[i])) i++;
    const parts = s.slice(start, i).trim().split(/\s+/);
    if (parts.length < 2 || parts.length > 4) throw new Error(`bad position '${s.slice(start, i).trim()}'`);
    const x = Number(parts[0]);
    const y = Number(parts[1]);
    if (!Number.isFinite(x) || !Number.isFinite(y))
      throw new Error(`non-numeric position '${s.slice(start, i).trim()}'`);
    return [x, y];
  };
  const out = list();
  skip();
  if (i !== s.length) throw new Error(`unexpected text after the geometry at character ${i + 1}`);
  return out;
}
