/**
 * The app shell: header (screens, language, staff menu), the side panel of the current
 * screen, and the one shared map with its legend and the site panel. The URL state
 * (state/url-state.ts) is the source of truth for what a link should restore.
 */

import type { SiteDetail, SiteListFeature } from '@api/modules/sites/sites.schemas.ts';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { setApiLanguage } from './api/client.ts';
import { getIsochrone, type Isochrone } from './api/sites.ts';
import { AccountMenu } from './features/account/account-menu.tsx';
import { useSession } from './features/account/use-session.ts';
import { BrowseSidebar } from './features/browse/browse-sidebar.tsx';
import { MapLegend } from './features/browse/map-legend.tsx';
import { useSiteSearch } from './features/browse/use-site-search.ts';
import { useMatch } from './features/match/use-match.ts';
import { EMPTY_PROJECT_MAP, type ProjectMapLayers } from './features/projects/project-map.ts';
import { ISOCHRONE_MINUTES, type IsochroneState, SitePanel } from './features/site-panel/site-panel.tsx';
import { useSiteDetail } from './features/site-panel/use-site-detail.ts';
import { I18nProvider, type Lang, useI18n } from './i18n/i18n.tsx';
import type { Bounds, FitRequest } from './map/map-view.tsx';
import { MapView } from './map/map-view.tsx';
import { EMPTY_OVERLAY, geometryBbox, labelPoint, toOverlay } from './map/overlay-layers.ts';
import { useBasemap } from './map/use-basemap.ts';
import { EMPTY_FILTERS, type SiteFilters } from './state/filters.ts';
import { type Screen, siteLink, type UrlState, type MapView as ViewState } from './state/url-state.ts';
import { useUrlState } from './state/use-url-state.ts';
import { Spinner } from './ui/error-notice.tsx';

// The match screen (form, zod schema, AHP) loads on first use: the public map does not pay for it.
const MatchScreen = lazy(() =>
  import('./features/match/match-screen.tsx').then((m) => ({ default: m.MatchScreen })),
);
// So do the staff screens (projects, shortlist, comparison, observatory).
const ProjectsScreen = lazy(() =>
  import('./features/projects/projects-screen.tsx').then((m) => ({ default: m.ProjectsScreen })),
);

const FRANCE_VIEW: ViewState = { longitude: 2.45, latitude: 46.6, zoom: 5.2 };
/** Site panel width + its margins (styles.css), and the legend's, for fitting the map around them. */
const SITE_PANEL_INSET = 412;
const LEGEND_INSET = 250;

export function App() {
  const [state, update] = useUrlState();
  return (
    <I18nProvider lang={state.lang}>
      <Shell state={state} update={update} />
    </I18nProvider>
  );
}

function Shell({ state, update }: { state: UrlState; update: ReturnType<typeof useUrlState>[1] }) {
  const { t } = useI18n();
  const auth = useSession();
  const basemap = useBasemap();
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const [fitRequest, setFitRequest] = useState<FitRequest | null>(null);
  const [tileError, setTileError] = useState(false);
  const [searchAttempt, setSearchAttempt] = useState(0);
  const [legendOpen, setLegendOpen] = useState(true);
  // Wide staff views (comparison, observatory) are drawn over the map, in this element.
  const [stageEl, setStageEl] = useState<HTMLDivElement | null>(null);
  const [projectMap, setProjectMap] = useState<ProjectMapLayers>(EMPTY_PROJECT_MAP);
  const initialView = useRef(state.view ?? FRANCE_VIEW);
  const fitSelectionOnLoad = useRef(state.selected !== null && state.view === null);
  const fitResultsPending = useRef(false);

  useEffect(() => {
    document.documentElement.lang = state.lang;
    setApiLanguage(state.lang);
    document.title = t('app.documentTitle');
  }, [state.lang, t]);

  const browse = state.screen === 'browse';
  const search = useSiteSearch(state.filters, bounds, browse, auth.version + searchAttempt * 1000);
  const detail = useSiteDetail(state.selected, auth.version);
  const match = useMatch(state.screen === 'match', auth.version);

  const sitePanelOpen = state.selected !== null;
  const fitMap = useCallback(
    (bbox: Bounds) =>
      setFitRequest({
        bbox,
        key: Date.now(),
        // Top leaves room for the rank markers (drawn above their point), bottom for the attribution.
        padding: {
          top: 70,
          bottom: 70,
          left: 60 + (legendOpen ? LEGEND_INSET : 0),
          right: 60 + (sitePanelOpen ? SITE_PANEL_INSET : 0),
        },
      }),
    [sitePanelOpen, legendOpen],
  );

  // A list click (or a shared link without a view) zooms to the site once its geometry is in.
  useEffect(() => {
    if (!detail.site || !fitSelectionOnLoad.current) return;
    fitSelectionOnLoad.current = false;
    const box = geometryBbox([detail.site.geometry]);
    if (box) fitMap(box);
  }, [detail.site, fitMap]);

  // After a match, fit the map to the results as soon as their geometries are known.
  useEffect(() => {
    if (fitResultsPending.current && match.resultsBbox) {
      fitResultsPending.current = false;
      fitMap(match.resultsBbox);
    }
  }, [match.resultsBbox, fitMap]);

  // The "30 min" toggle of the site panel: the drive-time area of the open site, on the map.
  const fitRef = useRef(fitMap);
  fitRef.current = fitMap;
  const [isoOn, setIsoOn] = useState(false);
  const [iso, setIso] = useState<{ siteId: string; feature: Isochrone | null; state: IsochroneState } | null>(
    null,
  );
  const siteId = detail.site ? String(detail.site.id) : null;
  useEffect(() => {
    if (!isoOn || !detail.site || !siteId) return;
    const at = labelPoint(detail.site.geometry);
    if (!at) return;
    const ctrl = new AbortController();
    setIso({ siteId, feature: null, state: 'loading' });
    getIsochrone([at[0], at[1]], ISOCHRONE_MINUTES, 'car', ctrl.signal).then(
      (feature) => {
        setIso({ siteId, feature, state: feature.properties.method });
        // Show the whole area: it is far larger than the site the map is zoomed on.
        const box = geometryBbox([feature.geometry]);
        if (box) fitRef.current(box);
      },
      (err: unknown) => {
        if (!ctrl.signal.aborted) setIso({ siteId, feature: null, state: 'error' });
        return err;
      },
    );
    return () => ctrl.abort();
  }, [isoOn, siteId, detail.site]);
  const isoState: IsochroneState = !isoOn ? 'off' : iso && iso.siteId === siteId ? iso.state : 'loading';
  const isoFeature = isoOn && iso && iso.siteId === siteId ? iso.feature : null;

  const selection = useMemo(
    () =>
      detail.site
        ? toOverlay([{ id: String(detail.site.id), geometry: detail.site.geometry }])
        : EMPTY_OVERLAY,
    [detail.site],
  );

  const onViewChange = useCallback(
    (view: ViewState, b: Bounds) => {
      setBounds(b);
      update({ view });
    },
    [update],
  );
  const selectFromMap = useCallback((id: string) => update({ selected: id }), [update]);
  const selectFromList = useCallback(
    (id: string) => {
      fitSelectionOnLoad.current = true;
      update({ selected: id });
    },
    [update],
  );
  const setScreen = (screen: Screen) => update({ screen });
  const setFilters = useCallback((filters: SiteFilters) => update({ filters }), [update]);
  const setSearchText = useCallback(
    (q: string) => update((s) => ({ filters: { ...s.filters, q } })),
    [update],
  );
  const setLang = (lang: Lang) => update({ lang });

  const onTileError = useCallback(() => setTileError(true), []);

  const mapFilters = browse ? state.filters : EMPTY_FILTERS;
  const searchIds = browse && state.filters.q.trim() ? search.searchIds : null;
  const showMatch = state.screen === 'match' && match.response !== null;
  const showProject = state.screen === 'projects' && projectMap.markers.length > 0;

  return (
    <div className="app">
      <a className="skip-link" href="#sidebar">
        {t('a11y.skip')}
      </a>
      <header className="app-header">
        <a
          className="brand"
          href="/"
          onClick={(e) => {
            e.preventDefault();
            setScreen('browse');
          }}
        >
          <svg viewBox="0 0 32 32" aria-hidden="true" className="brand-logo">
            <rect width="32" height="32" rx="7" fill="#ffffff" fillOpacity="0.12" />
            <path d="M7 23 L13 9 L19 19 L22 14 L26 23 Z" fill="#3fb27f" />
          </svg>
          <span className="brand-name">Landmatch</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </a>
        <nav className="main-nav" aria-label={t('nav.label')}>
          <a
            href="/"
            aria-current={state.screen === 'browse' ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              setScreen('browse');
            }}
          >
            {t('nav.browse')}
          </a>
          <a
            href="/match"
            aria-current={state.screen === 'match' ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              setScreen('match');
            }}
          >
            {t('nav.match')}
          </a>
        </nav>
        <div className="header-right">
          <fieldset className="lang-switch">
            <legend className="sr-only">{t('lang.label')}</legend>
            {(['fr', 'en'] as const).map((l) => (
              <button
                key={l}
                type="button"
                lang={l}
                aria-pressed={state.lang === l}
                onClick={() => setLang(l)}
              >
                {l.toUpperCase()}
                <span className="sr-only"> – {t(l === 'fr' ? 'lang.fr' : 'lang.en')}</span>
              </button>
            ))}
          </fieldset>
          <AccountMenu auth={auth} onOpenProjects={() => setScreen('projects')} />
        </div>
      </header>

      <main className={`app-main screen-${state.screen}`}>
        <aside id="sidebar" className="sidebar" aria-label={t('sidebar.label')} tabIndex={-1}>
          {state.screen === 'browse' && (
            <BrowseSidebar
              filters={state.filters}
              search={search}
              selected={state.selected}
              onFilters={setFilters}
              onSearchText={setSearchText}
              onSelect={(s: SiteListFeature) => selectFromList(String(s.id))}
              onRetry={() => setSearchAttempt((a) => a + 1)}
            />
          )}
          {state.screen === 'match' && (
            <Suspense fallback={<Spinner label={t('state.loading')} />}>
              <MatchScreen
                match={match}
                session={auth.session}
                selected={state.selected}
                onSelect={selectFromList}
                onRun={async (ahp) => {
                  fitResultsPending.current = true;
                  const ok = await match.run(ahp);
                  if (!ok) fitResultsPending.current = false;
                  return ok;
                }}
                onFit={() => match.resultsBbox && fitMap(match.resultsBbox)}
              />
            </Suspense>
          )}
          {state.screen === 'projects' && (
            <Suspense fallback={<Spinner label={t('state.loading')} />}>
              <ProjectsScreen
                auth={auth}
                projectId={state.project ?? null}
                onProject={(project) => update({ project, selected: null })}
                stage={stageEl}
                selected={state.selected}
                onSelect={selectFromList}
                onMap={setProjectMap}
                onFit={fitMap}
              />
            </Suspense>
          )}
        </aside>

        <div className="map-area">
          {basemap ? (
            <MapView
              basemap={basemap.style}
              initialView={initialView.current}
              colorBy={state.colorBy}
              filters={mapFilters}
              searchIds={searchIds}
              infraLayers={state.layers}
              dimSites={showMatch || showProject}
              selection={selection}
              matchResults={
                state.screen === 'match'
                  ? match.overlay
                  : state.screen === 'projects'
                    ? projectMap.overlay
                    : EMPTY_OVERLAY
              }
              markers={
                state.screen === 'match'
                  ? match.markers
                  : state.screen === 'projects'
                    ? projectMap.markers
                    : []
              }
              fitRequest={fitRequest}
              panelInset={SITE_PANEL_INSET}
              onViewChange={onViewChange}
              onSelectSite={selectFromMap}
              onTileError={onTileError}
              isochrone={isoFeature}
            />
          ) : (
            <div className="map-loading">
              <Spinner label={t('map.loading')} />
            </div>
          )}
          <MapLegend
            colorBy={state.colorBy}
            layers={state.layers}
            showMatch={showMatch || showProject}
            open={legendOpen}
            onOpen={setLegendOpen}
            onColorBy={(colorBy) => update({ colorBy })}
            onLayers={(layers) => update({ layers })}
          />
          {tileError && (
            <div className="map-notice" role="alert">
              <span>{t('map.tileError')}</span>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => setTileError(false)}
                aria-label={t('action.dismiss')}
              >
                ×
              </button>
            </div>
          )}
          {sitePanelOpen && (
            <SitePanel
              detail={detail}
              shareUrl={siteLink(state, state.selected!, window.location.origin)}
              onClose={() => update({ selected: null })}
              onZoom={(s: SiteDetail) => {
                const box = geometryBbox([s.geometry]);
                if (box) fitMap(box);
              }}
              isochrone={isoState}
              onToggleIsochrone={() => setIsoOn((on) => !on)}
            />
          )}
          <div className="stage-root" ref={setStageEl} />
        </div>
      </main>
    </div>
  );
}
