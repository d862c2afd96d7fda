/**
 * The app state that lives in the URL, as React state. Screen changes push a history entry
 * (Back returns to the map); everything else replaces the current one, so panning the map
 * does not flood the history.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { parseUrlState, serializeUrlState, type UrlState } from './url-state.ts';

export type UrlStateUpdate = Partial<UrlState> | ((s: UrlState) => Partial<UrlState>);

export function useUrlState(): [UrlState, (update: UrlStateUpdate) => void] {
  const [state, setState] = useState<UrlState>(() =>
    parseUrlState(window.location.pathname, window.location.search),
  );
  const lastScreen = useRef(state.screen);

  useEffect(() => {
    const onPop = () => setState(parseUrlState(window.location.pathname, window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    const url = serializeUrlState(state);
    const screenChanged = state.screen !== lastScreen.current;
    lastScreen.current = state.screen;
    if (url === window.location.pathname + window.location.search) return;
    if (screenChanged) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }, [state]);

  const update = useCallback((u: UrlStateUpdate) => {
    setState((s) => ({ ...s, ...(typeof u === 'function' ? u(s) : u) }));
  }, []);

  return [state, update];
}
