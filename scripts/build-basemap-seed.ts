/**
 * Derives the offline basemap's seed files from the project's shared reference data (see
 * geodata/seed/SOURCES-basemap.md for what is kept and why). Run from the repository root, with
 * the shared data beside it (`../shared/data`), and commit the output:
 *
 *   npx tsx scripts/build-basemap-seed.ts
 *
 * - geodata/seed/basemap-admin.geojson: régions and départements (COG 2018, simplified) with
 *   coordinates rounded to 3 decimals (~100 m), plus one label point per unit (the centroid of its
 *   largest polygon);
 * - geodata/seed/basemap-communes.geojson: commune name points from the INSEE file, the larger
 *   ones nationally and the smaller ones near the demo sites, ranked by population so the map
 *   shows the big towns first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { centroid } from '@turf/centroid';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { projectRoot } from '../api/src/config.ts';

const SHARED = process.env.SHARED_DATA ?? path.resolve(projectRoot, '..', 'shared', 'data');
const SEED = path.join(projectRoot, 'geodata', 'seed');
/** Communes of at least this population are named everywhere in France. */
const NATIONAL_MIN_POP = 5000;
/** …and communes of at least this population within NEAR_KM of a demo site. */
const NEAR_MIN_POP = 1000;
const NEAR_KM = 25;

const round = (v: number) => Math.round(v * 1000) / 1000;

function roundRing(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const [x, y] of ring) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function roundPolygon(rings: Position[][]): Position[][] {
  return rings.map(roundRing).filter((r) => r.length >= 4);
}

/** Shoelace area in square degrees: enough to pick the largest part of a MultiPolygon. */
function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a / 2);
}

type AdminKind = 'region' | 'departement';
type AdminProps = { kind: AdminKind | `${AdminKind}-label`; code: string; name: string };

function adminFeatures(file: string, kind: AdminKind): Feature<Polygon | MultiPolygon | Point, AdminProps>[] {
  const fc = JSON.parse(fs.readFileSync(path.join(SHARED, 'admin', file), 'utf8')) as FeatureCollection<
    Polygon | MultiPolygon,
    { code: string; nom: string }
  >;
  const out: Feature<Polygon | MultiPolygon | Point, AdminProps>[] = [];
  for (const f of fc.features) {
    const props = { code: f.properties.code, name: f.properties.nom };
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const rounded = polys.map(roundPolygon).filter((p) => p.length > 0);
    out.push({
      type: 'Feature',
      properties: { kind, ...props },
      geometry:
        rounded.length === 1
          ? { type: 'Polygon', coordinates: rounded[0] }
          : { type: 'MultiPolygon', coordinates: rounded },
    });
    const largest = polys.reduce((a, b) => (ringArea(b[0]) > ringArea(a[0]) ? b : a));
    const c = centroid({ type: 'Polygon', coordinates: largest }).geometry.coordinates;
    out.push({
      type: 'Feature',
      properties: { kind: `${kind}-label`, ...props },
      geometry: { type: 'Point', coordinates: [round(c[0]), round(c[1])] },
    });
  }
  return out;
}

/** Minimal CSV reader for the INSEE file (comma-separated, no quoted commas in the kept columns). */
function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const cols = head.split(',');
  return lines.map((l) => {
    const v = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, v[i] ?? '']));
  });
}

function demoSitePoints(): Position[] {
  const pts: Position[] = [];
  for (const f of fs.readdirSync(SEED).filter((n) => /^sites-.*\.geojson$/.test(n))) {
    const fc = JSON.parse(fs.readFileSync(path.join(SEED, f), 'utf8')) as FeatureCollection;
    for (const s of fc.features) if (s.geometry) pts.push(centroid(s).geometry.coordinates);
  }
  return pts;
}

const km = (a: Position, b: Position) => {
  const rad = Math.PI / 180;
  const x = (b[0] - a[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad);
  const y = (b[1] - a[1]) * rad;
  return Math.sqrt(x * x + y * y) * 6371;
};

/** 1: ≥ 100 000 inhabitants, 2: ≥ 20 000, 3: ≥ 5 000, 4: smaller (near demo sites only). */
const rankOf = (pop: number) => (pop >= 100_000 ? 1 : pop >= 20_000 ? 2 : pop >= 5_000 ? 3 : 4);

/** Paris, Lyon and Marseille appear only as arrondissements in the source: one point each, summed. */
const PLM: Record<string, { name: string; at: Position }> = {
  '75': { name: 'Paris', at: [2.3488, 48.8534] },
  '69': { name: 'Lyon', at: [4.8357, 45.764] },
  '13': { name: 'Marseille', at: [5.3698, 43.2965] },
};

function communeFeatures(): Feature<Point, { name: string; population: number; rank: number }>[] {
  const byCode = new Map<string, Record<string, string>>();
  for (const r of readCsv(path.join(SHARED, 'insee', 'communes-population.csv'))) {
    if (!byCode.has(r.insee_com) || r.commune_type === 'COM') byCode.set(r.insee_com, r);
  }
  const sites = demoSitePoints();
  const out: Feature<Point, { name: string; population: number; rank: number }>[] = [];
  const plm = new Map<string, number>();
  for (const r of byCode.values()) {
    const pop = Number(r.population_2021 || 0);
    if (r.commune_type === 'ARM') {
      plm.set(r.insee_dep, (plm.get(r.insee_dep) ?? 0) + pop);
      continue;
    }
    if (r.commune_type !== 'COM' || !r.lat || !r.lng) continue;
    const at: Position = [round(Number(r.lng)), round(Number(r.lat))];
    const keep = pop >= NATIONAL_MIN_POP || (pop >= NEAR_MIN_POP && sites.some((s) => km(s, at) <= NEAR_KM));
    if (!keep) continue;
    out.push({
      type: 'Feature',
      properties: { name: r.commune_article || r.commune, population: pop, rank: rankOf(pop) },
      geometry: { type: 'Point', coordinates: at },
    });
  }
  for (const [dep, pop] of plm) {
    const c = PLM[dep];
    if (c)
      out.push({
        type: 'Feature',
        properties: { name: c.name, population: pop, rank: rankOf(pop) },
        geometry: { type: 'Point', coordinates: c.at },
      });
  }
  return out.sort((a, b) => b.properties.population - a.properties.population);
}

function write(name: string, features: Feature[]) {
  const file = path.join(SEED, name);
  // One feature per line: readable diffs, still small.
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  fs.writeFileSync(file, `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
  console.log(
    `${path.relative(projectRoot, file)}: ${features.length} features, ${fs.statSync(file).size} bytes`,
  );
}

write('basemap-admin.geojson', [
  ...adminFeatures('regions-version-simplifiee.geojson', 'region'),
  ...adminFeatures('departements-version-simplifiee.geojson', 'departement'),
]);
write('basemap-communes.geojson', communeFeatures());
