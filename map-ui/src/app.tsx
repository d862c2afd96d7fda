/**
 * The app shell: header (screens, language, staff menu), the side panel of the current
 * screen, and the one shared map (shell/map-area.tsx). The URL state (state/url-state.ts) is
 * the source of truth for what a link should restore; each other piece of state lives with
 * what owns it: the camera (shell/use-map-camera.ts), the open site
 * (shell/use-site-selection.ts), the drive-time toggle (features/site-panel/use-isochrone.ts),
 * the session and server data (TanStack Query), the stage of wide views (ui/stage.tsx), the
 * height of the side panel when it is a bottom sheet on phones (ui/bottom-sheet.tsx).
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { setApiLanguage } from './api/client.ts';
import { useSession } from './features/account/use-session.ts';
import { BrowseSidebar } from './features/browse/browse-sidebar.tsx';
import { useSiteSearch } from './features/browse/use-site-search.ts';
import { useMatch } from './features/match/use-match.ts';
import { EMPTY_PROJECT_MAP, type ProjectMapLayers } from './features/projects/project-map.ts';
import { useIsochrone } from './features/site-panel/use-isochrone.ts';
import { I18nProvider, type Lang, useI18n } from './i18n/i18n.tsx';
import { AppHeader } from './shell/app-header.tsx';
import { MapArea } from './shell/map-area.tsx';
import { useFitToResults, useFitWhenReady, useMapCamera } from './shell/use-map-camera.ts';
import { useSiteSelection } from './shell/use-site-selection.ts';
import { EMPTY_FILTERS, type SiteFilters } from './state/filters.ts';
import type { UrlState } from './state/url-state.ts';
import { type UrlStateUpdate, useUrlState } from './state/use-url-state.ts';
import { BottomSheet, type SheetSnap } from './ui/bottom-sheet.tsx';
import { Spinner } from './ui/error-notice.tsx';
import { StageProvider } from './ui/stage.tsx';

// The match screen (form, zod schema, AHP) loads on first use: the public map does not pay for it.
const MatchScreen = lazy(() =>
  import('./features/match/match-screen.tsx').then((m) => ({ default: m.MatchScreen })),
);
// So do the staff screens (projects, shortlist, comparison, observatory; imports).
const ProjectsScreen = lazy(() =>
  import('./features/projects/projects-screen.tsx').then((m) => ({ default: m.ProjectsScreen })),
);
const ImportScreen = lazy(() =>
  import('./features/imports/import-screen.tsx').then((m) => ({ default: m.ImportScreen })),
);

export function App() {
  const [state, update] = useUrlState();
  return (
    <I18nProvider lang={state.lang}>
      <StageProvider>
        <Shell state={state} update={update} />
      </StageProvider>
    </I18nProvider>
  );
}

/** The page's language follows the UI's: `<html lang>`, the API's `Accept-Language`, the title. */
function useDocumentLanguage(lang: Lang) {
  const { t } = useI18n();
  useEffect(() => {
    document.documentElement.lang = lang;
    setApiLanguage(lang);
    document.title = t('app.documentTitle');
  }, [lang, t]);
}

function Shell({ state, update }: { state: UrlState; update(u: UrlStateUpdate): void }) {
  const { t } = useI18n();
  useDocumentLanguage(state.lang);
  const { session, changedAt } = useSession();
  const camera = useMapCamera(state.view, state.selected !== null);
  const selection = useSiteSelection(state, update, camera.fitMap);
  const isochrone = useIsochrone(selection.detail.site, camera.fitMap);
  // What the projects screen draws on the map (its shortlist or match), pushed up by it.
  const [projectMap, setProjectMap] = useState<ProjectMapLayers>(EMPTY_PROJECT_MAP);
  // The bottom sheet's height on phones (ignored by the wider layouts). Each screen starts
  // half-way; an opened site shows its panel half-way, with the site on the map above it.
  const [sheet, setSheet] = useState<SheetSnap>('half');
  useEffect(() => {
    if (state.screen) setSheet('half');
  }, [state.screen]);
  useEffect(() => {
    if (state.selected !== null) setSheet('half');
  }, [state.selected]);

  const browse = state.screen === 'browse';
  const search = useSiteSearch(state.filters, camera.bounds, browse);
  const match = useMatch(state.screen === 'match', changedAt);
  const fitResults = useFitWhenReady(match.resultsBbox, camera.fitMap);

  // A text search or a filter moves the map to what it keeps.
  useFitToResults(browse ? search.resultsFit : null, camera.fitMap, state);

  const setFilters = useCallback((filters: SiteFilters) => update({ filters }), [update]);
  const setSearchText = useCallback(
    (q: string) => update((s) => ({ filters: { ...s.filters, q } })),
    [update],
  );

  const ranked =
    state.screen === 'match' && match.response !== null
      ? match
      : state.screen === 'projects' && projectMap.markers.length > 0
        ? projectMap
        : null;

  return (
    <div className="app">
      <a className="skip-link" href="#sidebar">
        {t('a11y.skip')}
      </a>
      <AppHeader
        screen={state.screen}
        lang={state.lang}
        onScreen={(screen) => update({ screen })}
        onLang={(lang) => update({ lang })}
        onOpenSite={(selected) => update({ screen: 'browse', selected })}
      />

      <main className={`app-main screen-${state.screen}`} data-sheet={sheet}>
        <BottomSheet id="sidebar" label={t('sidebar.label')} snap={sheet} onSnap={setSheet}>
          {state.screen === 'browse' && (
            <BrowseSidebar
              filters={state.filters}
              search={search}
              selected={state.selected}
              onFilters={setFilters}
              onSearchText={setSearchText}
              onSelect={(s) => selection.selectFromList(String(s.id), s.geometry)}
              onRetry={search.retry}
            />
          )}
          {state.screen === 'match' && (
            <Suspense fallback={<Spinner label={t('state.loading')} />}>
              <MatchScreen
                match={match}
                session={session}
                selected={state.selected}
                onSelect={selection.selectFromList}
                onRun={async (ahp) => {
                  fitResults.expect();
                  const ok = await match.run(ahp);
                  if (!ok) fitResults.cancel();
                  return ok;
                }}
                onFit={() => match.resultsBbox && camera.fitMap(match.resultsBbox)}
              />
            </Suspense>
          )}
          {state.screen === 'projects' && (
            <Suspense fallback={<Spinner label={t('state.loading')} />}>
              <ProjectsScreen
                projectId={state.project ?? null}
                onProject={(project) => update({ project, selected: null })}
                selected={state.selected}
                onSelect={selection.selectFromList}
                onMap={setProjectMap}
                onFit={camera.fitMap}
              />
            </Suspense>
          )}
          {state.screen === 'imports' && (
            <Suspense fallback={<Spinner label={t('state.loading')} />}>
              <ImportScreen />
            </Suspense>
          )}
        </BottomSheet>

        <MapArea
          state={state}
          update={update}
          camera={camera}
          selection={selection}
          isochrone={isochrone}
          filters={browse ? state.filters : EMPTY_FILTERS}
          ranked={ranked}
          sheet={sheet}
        />
      </main>
    </div>
  );
}
