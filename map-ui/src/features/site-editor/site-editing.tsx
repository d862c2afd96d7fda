/**
 * The staff entry points on the map: "New site" and "Deleted sites" (top right of the map),
 * and what takes the site panel's place while one is open: the editor or the deleted list.
 */
import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { Session } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Spinner } from '../../ui/error-notice.tsx';
import { mayCreateSites, mayEditSite } from './permissions.ts';
import './site-editor.css';

// The editor (terra-draw, the zod schemas) and the deleted list load on first use.
const SiteEditor = lazy(() => import('./site-editor.tsx').then((m) => ({ default: m.SiteEditor })));
const DeletedSites = lazy(() => import('./deleted-sites.tsx').then((m) => ({ default: m.DeletedSites })));

export type EditingMode = { kind: 'create' } | { kind: 'edit'; id: string } | { kind: 'deleted' };

export interface SiteEditingState {
  session: Session | null;
  mode: EditingMode | null;
  canEdit(site: SiteDetail | null): boolean;
  edit(id: string): void;
  create(): void;
  showDeleted(): void;
  /** Closes the editor or list; `select`: the site to open in the panel (undefined: leave as is). */
  close(select?: string | null): void;
}

export function useSiteEditing(
  session: Session | null,
  onSelect: (id: string | null) => void,
): SiteEditingState {
  const [mode, setMode] = useState<EditingMode | null>(null);
  useEffect(() => {
    if (!session) setMode(null);
  }, [session]);
  const close = useCallback(
    (select?: string | null) => {
      setMode(null);
      if (select !== undefined) onSelect(select);
    },
    [onSelect],
  );
  return useMemo(
    () => ({
      session,
      mode,
      canEdit: (site: SiteDetail | null) =>
        site !== null && mayEditSite(session, site.properties.territorySiren),
      edit: (id: string) => setMode({ kind: 'edit', id }),
      create: () => setMode({ kind: 'create' }),
      showDeleted: () => setMode({ kind: 'deleted' }),
      close,
    }),
    [session, mode, close],
  );
}

export function EditorLauncher({ editing }: { editing: SiteEditingState }) {
  const { t } = useI18n();
  if (!editing.session || editing.mode?.kind === 'create' || editing.mode?.kind === 'edit') return null;
  return (
    <div className="map-tools">
      {mayCreateSites(editing.session) && (
        <button type="button" className="btn btn-small btn-primary" onClick={editing.create}>
          {t('editor.new')}
        </button>
      )}
      <button type="button" className="btn btn-small" onClick={editing.showDeleted}>
        {t('deleted.open')}
      </button>
    </div>
  );
}

export function SiteEditing({ editing, map }: { editing: SiteEditingState; map: MapLibreMap | null }) {
  const { t } = useI18n();
  const { mode, session } = editing;
  if (!mode || !session) return null;
  return (
    <Suspense fallback={<Spinner label={t('state.loading')} />}>
      {mode.kind === 'deleted' ? (
        <DeletedSites
          session={session}
          onClose={() => editing.close()}
          onRestored={(id) => editing.close(id)}
        />
      ) : (
        <SiteEditor
          key={mode.kind === 'edit' ? mode.id : 'new'}
          map={map}
          siteId={mode.kind === 'edit' ? mode.id : null}
          session={session}
          onClose={() => editing.close()}
          onSaved={(id) => editing.close(id)}
          onDeleted={() => editing.close(null)}
        />
      )}
    </Suspense>
  );
}
