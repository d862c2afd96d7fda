import { describe, expect, it } from 'vitest';
import { DEFAULT_INFRA_LAYERS } from '../map/layer-ids.ts';
import { EMPTY_FILTERS, filtersToQuery } from './filters.ts';
import { DEFAULT_STATE, parseUrlState, serializeUrlState, type UrlState } from './url-state.ts';

const roundTrip = (s: UrlState) => {
  const url = new URL(serializeUrlState(s), 'http://x');
  return parseUrlState(url.pathname, url.search);
};

describe('URL state', () => {
  it('writes nothing for the default state', () => {
    expect(serializeUrlState(DEFAULT_STATE)).toBe('/');
  });

  it('round-trips a full state: screen, view, every filter, selection, layers, colouring, language', () => {
    const s: UrlState = {
      screen: 'match',
      view: { zoom: 9.5, latitude: 48.99123, longitude: 1.74456 },
      filters: {
        q: 'Épône zone, sud',
        minAreaHa: 2.5,
        maxAreaHa: 40,
        minPowerMw: 12,
        labels: ['star_est', 'cle_en_main_france_2030'],
        statuses: ['available', 'under_option'],
        regions: ['44'],
        departments: ['57', '2A'],
        railSiding: true,
        quay: true,
        brownfield: true,
      },
      selected: '0b5e6a34-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      layers: ['port', 'substation_63'],
      colorBy: 'label',
      lang: 'en',
    };
    expect(roundTrip(s)).toEqual(s);
  });

  it('round-trips "no infrastructure layer at all" distinctly from the default layers', () => {
    expect(roundTrip({ ...DEFAULT_STATE, layers: [] }).layers).toEqual([]);
    expect(roundTrip(DEFAULT_STATE).layers).toEqual(DEFAULT_INFRA_LAYERS);
  });

  it('ignores values it cannot trust instead of failing', () => {
    const s = parseUrlState(
      '/nowhere',
      '?map=abc&status=bogus,taken&dept=9999&site=<script>&layers=port,nope&minArea=x',
    );
    expect(s.screen).toBe('browse');
    expect(s.view).toBeNull();
    expect(s.filters.statuses).toEqual(['taken']);
    expect(s.filters.departments).toEqual([]);
    expect(s.selected).toBeNull();
    expect(s.layers).toEqual(['port']);
    expect(s.filters.minAreaHa).toBeNull();
  });

  it('keeps project needs out of the URL (confidential)', () => {
    expect(serializeUrlState({ ...DEFAULT_STATE, screen: 'match' })).toBe('/match');
  });

  it('keeps the open project on the projects screen only, and only a well-formed id', () => {
    const id = '0b5e6a34-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(serializeUrlState({ ...DEFAULT_STATE, screen: 'projects', project: id })).toBe(
      `/projects?project=${id}`,
    );
    expect(roundTrip({ ...DEFAULT_STATE, screen: 'projects', project: id }).project).toBe(id);
    expect(serializeUrlState({ ...DEFAULT_STATE, screen: 'browse', project: id })).toBe('/');
    expect(parseUrlState('/projects', '?project=<script>').project).toBeUndefined();
    expect(parseUrlState('/', `?project=${id}`).project).toBeUndefined();
  });
});

describe('filters → API query', () => {
  it('uses the contract names of GET /api/sites', () => {
    const q = filtersToQuery({
      ...EMPTY_FILTERS,
      q: ' metz ',
      minAreaHa: 5,
      labels: ['a_b', 'c_d'],
      railSiding: true,
      regions: ['44'],
    });
    expect(Object.fromEntries(q)).toEqual({
      q: 'metz',
      minAreaHa: '5',
      label: 'a_b,c_d',
      railSiding: 'true',
      region: '44',
    });
  });
});
