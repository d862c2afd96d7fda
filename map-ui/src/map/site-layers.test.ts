import { expression, featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type SiteFilters } from '../state/filters.ts';
import { LABEL_COLORS, NO_LABEL_COLOR, OTHER_LABEL_COLOR, STATUS_COLORS } from './colors.ts';
import { infraFilter } from './infrastructure-layers.ts';
import { LAYER } from './layer-ids.ts';
import { buildSiteLayers, buildSitesSource, siteColorExpression } from './site-layers.ts';

/** Evaluates a filter expression against one tile feature, as MapLibre would. */
function passes(filter: unknown, properties: Record<string, unknown>, type: 1 | 3 = 1): boolean {
  const f = featureFilter(filter as never, 'layers[0].filter');
  return f.filter({ zoom: 8 } as never, { type, properties, geometry: [] } as never);
}

function colorOf(expr: unknown, properties: Record<string, unknown>): string {
  const parsed = expression.createExpression(expr, 'layers[0].paint.fill-color', {
    type: 'color',
    'property-type': 'data-driven',
    expression: { interpolated: false, parameters: ['zoom', 'feature'] },
  } as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const c = parsed.value.evaluate({ zoom: 8 } as never, { type: 1, properties } as never) as {
    r: number;
    g: number;
    b: number;
  };
  const hex = (v: number) =>
    Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`;
}

const site = {
  id: 's1',
  name: 'Parc A',
  status: 'available',
  labels: 'star_est,territoire_industrie',
  availableAreaHa: 12,
  powerAvailableMw: 20,
  railSiding: true,
  quay: false,
  brownfield: false,
  department: '57',
  region: '44',
};
const f = (over: Partial<SiteFilters>): SiteFilters => ({ ...EMPTY_FILTERS, ...over });

describe('sites source', () => {
  it('asks the server for unfiltered tiles without a query', () => {
    expect(buildSitesSource('https://x.fr', EMPTY_FILTERS).tiles).toEqual([
      'https://x.fr/tiles/sites/{z}/{x}/{y}.mvt',
    ]);
    expect(buildSitesSource('https://x.fr').tiles).toEqual(['https://x.fr/tiles/sites/{z}/{x}/{y}.mvt']);
  });

  it('sends the list filters, text search included, with the tile URL', () => {
    const tiles = buildSitesSource('https://x.fr', f({ q: ' Réposoirs ', regions: ['11'], railSiding: true }))
      .tiles![0];
    const [path, query] = tiles.split('?');
    expect(path).toBe('https://x.fr/tiles/sites/{z}/{x}/{y}.mvt');
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      q: 'Réposoirs',
      region: '11',
      railSiding: 'true',
    });
  });
});

describe('site layers', () => {
  const layer = (id: string, filters = EMPTY_FILTERS) =>
    buildSiteLayers({ colorBy: 'status', filters }).find((l) => l.id === id) as {
      filter: unknown;
      layout?: { visibility?: string };
    };

  it('draws points only with the circle layer and polygons only with the fill and outline layers', () => {
    expect(passes(layer(LAYER.sitesPoint).filter, site, 1)).toBe(true);
    expect(passes(layer(LAYER.sitesPoint).filter, site, 3)).toBe(false);
    expect(passes(layer(LAYER.sitesFill).filter, site, 3)).toBe(true);
    expect(passes(layer(LAYER.sitesOutline).filter, site, 1)).toBe(false);
  });

  it('draws cluster points (count > 1) apart from single sites', () => {
    const cluster = { count: 4, availableAreaHa: 80, railSiding: true };
    expect(passes(layer(LAYER.sitesCluster).filter, cluster, 1)).toBe(true);
    expect(passes(layer(LAYER.sitesCluster).filter, { ...site, count: 1 }, 1)).toBe(false);
    expect(passes(layer(LAYER.sitesPoint).filter, cluster, 1)).toBe(false);
    expect(passes(layer(LAYER.sitesPoint).filter, { ...site, count: 1 }, 1)).toBe(true);
  });

  it('draws clusters and every single site whatever the filters (the server filtered the tiles)', () => {
    const filtered = { ...EMPTY_FILTERS, regions: ['11'], statuses: ['taken' as const] };
    expect(layer(LAYER.sitesCluster, filtered).layout?.visibility).toBeUndefined();
    expect(passes(layer(LAYER.sitesCluster, filtered).filter, { count: 3 }, 1)).toBe(true);
    expect(passes(layer(LAYER.sitesPoint, filtered).filter, { ...site, count: 1 }, 1)).toBe(true);
    expect(passes(layer(LAYER.sitesFill, filtered).filter, site, 3)).toBe(true);
  });

  it('colours by status, with a fallback for an unknown status', () => {
    const expr = siteColorExpression('status');
    expect(colorOf(expr, site)).toBe(STATUS_COLORS.available);
    expect(colorOf(expr, { ...site, status: 'taken' })).toBe(STATUS_COLORS.taken);
  });

  it('colours by the first label in priority order, and marks other and missing labels', () => {
    const expr = siteColorExpression('label');
    const starEst = LABEL_COLORS.find(([l]) => l === 'star_est')![1];
    expect(colorOf(expr, site)).toBe(starEst);
    expect(colorOf(expr, { ...site, labels: 'something_else' })).toBe(OTHER_LABEL_COLOR);
    expect(colorOf(expr, { ...site, labels: '' })).toBe(NO_LABEL_COLOR);
    expect(colorOf(expr, { ...site, labels: undefined })).toBe(NO_LABEL_COLOR);
  });
});

describe('infrastructure filters', () => {
  it('sorts substations into voltage classes', () => {
    const sub = (kv: number | undefined) => ({ kind: 'substation', voltageKv: kv });
    expect(passes(infraFilter('substation_400'), sub(400))).toBe(true);
    expect(passes(infraFilter('substation_225'), sub(400))).toBe(false);
    expect(passes(infraFilter('substation_225'), sub(225))).toBe(true);
    expect(passes(infraFilter('substation_63'), sub(90))).toBe(true);
    expect(passes(infraFilter('substation_63'), sub(undefined))).toBe(true);
    expect(passes(infraFilter('port'), { kind: 'port' })).toBe(true);
    expect(passes(infraFilter('port'), { kind: 'airport' })).toBe(false);
  });
});
