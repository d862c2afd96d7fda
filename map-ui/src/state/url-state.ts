/**
 * What the URL holds, so that a reload or a shared link restores the screen: the map view,
 * the filters, the selected site, the visible infrastructure layers, the colouring and the
 * language. Project needs are deliberately NOT in the URL: an investor's needs are
 * confidential and URLs end up in logs and browser histories.
 *
 * `parseUrlState(serializeUrlState(s))` equals `s` for every state (unit-tested).
 */
import { DEFAULT_INFRA_LAYERS, type InfraLayerKey, isInfraLayerKey } from '../map/layer-ids.ts';
import { EMPTY_FILTERS, isSiteStatus, type SiteFilters } from './filters.ts';

export type Screen = 'browse' | 'match' | 'projects' | 'imports';
export type Lang = 'fr' | 'en';
export type ColorBy = 'status' | 'label';

export interface MapView {
  longitude: number;
  latitude: number;
  zoom: number;
}

export interface UrlState {
  screen: Screen;
  view: MapView | null;
  filters: SiteFilters;
  selected: string | null;
  layers: InfraLayerKey[];
  colorBy: ColorBy;
  lang: Lang;
  /** The open project of the staff screen (`/projects?project=<uuid>`); absent elsewhere. */
  project?: string | null;
}

export const DEFAULT_STATE: UrlState = {
  screen: 'browse',
  view: null,
  filters: EMPTY_FILTERS,
  selected: null,
  layers: DEFAULT_INFRA_LAYERS,
  colorBy: 'status',
  lang: 'fr',
};

const SCREEN_PATHS: Record<Screen, string> = {
  browse: '/',
  match: '/match',
  projects: '/projects',
  imports: '/imports',
};

const num = (s: string | null): number | null => {
  if (s === null || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};
const list = (s: string | null): string[] =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
const CODE = /^[0-9A-Za-z_]{1,60}$/;
const UUIDISH = /^[0-9a-fA-F-]{8,64}$/;

/** Rounds a view for the URL: 5 decimals ≈ 1 m, 2 decimals of zoom. */
function formatView(v: MapView): string {
  return `${Number(v.zoom.toFixed(2))}/${Number(v.latitude.toFixed(5))}/${Number(v.longitude.toFixed(5))}`;
}

function parseView(s: string | null): MapView | null {
  if (!s) return null;
  const [z, lat, lng] = s.split('/').map(Number);
  if (![z, lat, lng].every(Number.isFinite)) return null;
  if (z < 0 || z > 24 || lat < -85.06 || lat > 85.06 || lng < -180 || lng > 180) return null;
  return { zoom: z, latitude: lat, longitude: lng };
}

function screenOf(pathname: string): Screen {
  const path = pathname.replace(/\/+$/, '') || '/';
  const hit = (Object.keys(SCREEN_PATHS) as Screen[]).find((k) => SCREEN_PATHS[k] === path);
  return hit ?? 'browse';
}

/** Reads the state from a location: `parseUrlState('/match', '?lang=en')`. Bad values fall back to defaults. */
export function parseUrlState(pathname: string, search: string): UrlState {
  const p = new URLSearchParams(search);
  const screen = screenOf(pathname);
  const layersParam = p.get('layers');
  const filters: SiteFilters = {
    q: (p.get('q') ?? '').slice(0, 100),
    minAreaHa: num(p.get('minArea')),
    maxAreaHa: num(p.get('maxArea')),
    minPowerMw: num(p.get('minPower')),
    labels: list(p.get('label')).filter((l) => CODE.test(l)),
    statuses: list(p.get('status')).filter(isSiteStatus),
    regions: list(p.get('region')).filter((c) => /^\d{2}$/.test(c)),
    departments: list(p.get('dept')).filter((c) => /^(\d{2,3}|2[AB])$/.test(c)),
    railSiding: p.get('rail') === '1',
    quay: p.get('quay') === '1',
    brownfield: p.get('brownfield') === '1',
  };
  const selected = p.get('site');
  const project = p.get('project');
  return {
    screen,
    view: parseView(p.get('map')),
    filters,
    selected: selected && UUIDISH.test(selected) ? selected : null,
    layers: layersParam === null ? DEFAULT_INFRA_LAYERS : list(layersParam).filter(isInfraLayerKey),
    colorBy: p.get('color') === 'label' ? 'label' : 'status',
    lang: p.get('lang') === 'en' ? 'en' : 'fr',
    ...(screen === 'projects' && project && UUIDISH.test(project) ? { project } : {}),
  };
}

/** Writes the state as `path?query`, leaving defaults out: `/match?lang=en`. */
export function serializeUrlState(s: UrlState): string {
  const p = new URLSearchParams();
  if (s.view) p.set('map', formatView(s.view));
  const f = s.filters;
  if (f.q) p.set('q', f.q);
  if (f.minAreaHa !== null) p.set('minArea', String(f.minAreaHa));
  if (f.maxAreaHa !== null) p.set('maxArea', String(f.maxAreaHa));
  if (f.minPowerMw !== null) p.set('minPower', String(f.minPowerMw));
  if (f.labels.length) p.set('label', f.labels.join(','));
  if (f.statuses.length) p.set('status', f.statuses.join(','));
  if (f.regions.length) p.set('region', f.regions.join(','));
  if (f.departments.length) p.set('dept', f.departments.join(','));
  if (f.railSiding) p.set('rail', '1');
  if (f.quay) p.set('quay', '1');
  if (f.brownfield) p.set('brownfield', '1');
  if (s.selected) p.set('site', s.selected);
  const sameLayers =
    s.layers.length === DEFAULT_INFRA_LAYERS.length &&
    s.layers.every((l) => DEFAULT_INFRA_LAYERS.includes(l));
  if (!sameLayers) p.set('layers', s.layers.join(','));
  if (s.colorBy !== 'status') p.set('color', s.colorBy);
  if (s.lang !== 'fr') p.set('lang', s.lang);
  if (s.screen === 'projects' && s.project) p.set('project', s.project);
  const query = p.toString().replace(/%2C/g, ',').replace(/%2F/g, '/');
  return SCREEN_PATHS[s.screen] + (query ? `?${query}` : '');
}

/** The shareable link of one site: the current URL with `site` set, absolute. */
export function siteLink(s: UrlState, siteId: string, origin: string): string {
  return origin + serializeUrlState({ ...s, selected: siteId });
}
