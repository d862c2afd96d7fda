/**
 * The site editor (issue 12), in the place of the site panel: the outline drawn on the map
 * (terra-draw, use-outline.ts) or imported from a GeoJSON file, every field grouped as SITE-ECO
 * groups them (site-form.tsx), publish, save with If-Match, the conflict screen on a 412, and
 * delete. `siteId` null: a new site.
 */
import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import bbox from '@turf/bbox';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import {
  type ConflictInfo,
  conflictOf,
  createSite,
  deleteSite,
  sitesChanged,
  updateSite,
  type VersionedSite,
  versionedSiteQuery,
} from '../../api/site-edits.ts';
import type { Session } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { refreshSiteTiles } from '../../map/site-tiles.ts';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { ConflictView } from './conflict-view.tsx';
import { changedProperties, type FormValues, filledProperties, toFormValues } from './form-model.ts';
import { toRings } from './outline.ts';
import { AreaSummary, OutlineTools } from './outline-tools.tsx';
import { SiteForm } from './site-form.tsx';
import { useOutline } from './use-outline.ts';
import { type FieldErrors, serverErrors, validateProperties } from './validation.ts';

interface Props {
  map: MapLibreMap | null;
  siteId: string | null;
  session: Session;
  onClose(): void;
  onSaved(id: string): void;
  onDeleted(): void;
}

export function SiteEditor(props: Props) {
  const { t } = useI18n();
  const { siteId } = props;
  const query = useQuery({ ...versionedSiteQuery(siteId ?? ''), enabled: siteId !== null, gcTime: 0 });
  // A reload (conflict screen) remounts the body on the fresh version.
  const [generation, setGeneration] = useState(0);
  if (siteId !== null && !query.data) {
    return (
      <EditorShell title={t('editor.editTitle')} onClose={props.onClose}>
        {query.error ? (
          <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Spinner label={t('state.loading')} />
        )}
      </EditorShell>
    );
  }
  const start: VersionedSite | null = siteId !== null ? (query.data ?? null) : null;
  return (
    <EditorBody
      // Not the ETag: "Compare" refetches this same query, which must not drop the edits.
      key={generation}
      {...props}
      start={start}
      onReload={async () => {
        await query.refetch();
        setGeneration((g) => g + 1);
      }}
    />
  );
}

function EditorShell({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose(): void;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <aside className="site-panel site-editor" aria-label={title} data-testid="site-editor">
      <div className="panel-topbar">
        <span className="panel-topbar-title" aria-hidden="true">
          {title}
        </span>
        <button type="button" className="panel-close" onClick={onClose} aria-label={t('editor.close')}>
          ×
        </button>
      </div>
      {children}
    </aside>
  );
}

/** An error the fields or the conflict screen do not already show (network, 403, 5xx…). */
const unexpected = (err: unknown) =>
  err != null && !conflictOf(err) && !(err instanceof ApiError && err.status === 400);

interface Base {
  values: FormValues;
  etag: string | null;
}

function initialValues(start: VersionedSite | null, session: Session): FormValues {
  if (start) return toFormValues(start.site.properties as Record<string, unknown>);
  const v = toFormValues({ source: session.user.organisation ?? undefined });
  // An editor's new site belongs to one of their territories: the first is proposed.
  if (session.user.role === 'editor') v.fields.territorySiren = session.user.territories[0] ?? '';
  return v;
}

function EditorBody({
  map,
  siteId,
  session,
  start,
  onClose,
  onSaved,
  onDeleted,
  onReload,
}: Props & { start: VersionedSite | null; onReload(): Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useQueryClient();
  const creating = siteId === null;
  const [base, setBase] = useState<Base>(() => ({
    values: initialValues(start, session),
    etag: start?.etag ?? null,
  }));
  const [values, setValues] = useState<FormValues>(base.values);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<{ info: ConflictInfo; mine: Record<string, unknown> } | null>(
    null,
  );
  const [confirmDelete, setConfirmDelete] = useState(false);
  const outline = useOutline(map, start ? toRings(start.site.geometry) : []);
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused check, the first field in error (in the form's order) gets the focus.
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (!focusRequest) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus({ preventScroll: true });
    first?.scrollIntoView({ block: 'center' });
  }, [focusRequest]);

  const changes = () => {
    const properties = creating ? filledProperties(values) : changedProperties(base.values, values);
    const geometry = creating || outline.dirty ? outline.geometry : null;
    return { properties, geometry };
  };

  const save = useMutation({
    mutationFn: ({ properties, geometry }: ReturnType<typeof changes>) => {
      if (creating) return createSite({ properties, geometry: geometry! });
      return updateSite(
        siteId,
        { ...(Object.keys(properties).length ? { properties } : {}), ...(geometry ? { geometry } : {}) },
        base.etag,
      );
    },
    onSuccess: async (saved) => {
      await sitesChanged(client);
      if (map) refreshSiteTiles(map);
      onSaved(String(saved.site.id));
    },
    onError: (err, sent) => {
      const c = conflictOf(err);
      if (c) {
        setConflict({
          info: c,
          mine: { ...sent.properties, ...(sent.geometry ? { geometry: sent.geometry } : {}) },
        });
        return;
      }
      setErrors(serverErrors(err, validateProperties(sent.properties, creating, i18n), i18n));
    },
  });

  const remove = useMutation({
    mutationFn: () => deleteSite(siteId!, base.etag),
    onSuccess: async () => {
      await sitesChanged(client);
      if (map) refreshSiteTiles(map);
      onDeleted();
    },
    onError: (err) => {
      const c = conflictOf(err);
      if (c) setConflict({ info: c, mine: {} });
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const c = changes();
    const local = validateProperties(c.properties, creating, i18n);
    if (creating && !c.geometry) local.geometry = [t('editor.err.outlineRequired')];
    if (outline.strayHoles > 0) local.geometry = [...(local.geometry ?? []), t('editor.strayHoles')];
    setErrors(local);
    if (Object.keys(local).length) {
      // Focus the first field in error, in the form's order.
      setFocusRequest((n) => n + 1);
      return;
    }
    if (!creating && Object.keys(c.properties).length === 0 && !c.geometry) return onSaved(siteId);
    setConflict(null);
    save.mutate(c);
  };

  /** My changes carried onto the current version: its ETag, its values under mine. */
  const keepMine = async () => {
    if (!siteId || !conflict) return;
    const current = await client.fetchQuery({ ...versionedSiteQuery(siteId), staleTime: 0 });
    const currentValues = toFormValues(current.site.properties as Record<string, unknown>);
    const mine = changedProperties(base.values, values);
    const merged = toFormValues({ ...(current.site.properties as Record<string, unknown>), ...mine });
    setBase({ values: currentValues, etag: current.etag });
    setValues(merged);
    if (!outline.dirty) outline.replace(toRings(current.site.geometry), { dirty: false });
    setConflict(null);
  };

  const name = (start?.site.properties as SiteDetail['properties'] | undefined)?.name;
  const title = creating ? t('editor.newTitle') : t('editor.editNamed', { name: name ?? '' });
  return (
    <EditorShell title={title} onClose={onClose}>
      <form ref={formRef} className="panel-body editor-body" onSubmit={submit} noValidate>
        <header className="panel-header">
          <h2>{title}</h2>
          <label className="publish-toggle">
            <input
              type="checkbox"
              checked={values.published}
              onChange={(e) => setValues({ ...values, published: e.target.checked })}
            />
            {t('editor.published')}
          </label>
          <p className="small muted">
            {t(values.published ? 'editor.publishedHelp' : 'editor.unpublishedHelp')}
          </p>
        </header>
        {conflict && siteId && (
          <ConflictView
            siteId={siteId}
            conflict={conflict.info}
            mine={conflict.mine}
            onReload={() => void onReload()}
            onKeepMine={() => void keepMine()}
          />
        )}
        <OutlineTools
          outline={outline}
          errors={errors.geometry ?? []}
          onImported={(g) => {
            const [w, south, e, n] = bbox(g);
            if (!map) return;
            // Room for this panel (440 px + margins) on the right and the legend on the left.
            const wide = map.getContainer().clientWidth > 800;
            const [left, right] = wide ? [300, 480] : [40, 40];
            map.fitBounds(
              [
                [w, south],
                [e, n],
              ],
              { padding: { top: 60, bottom: 60, left, right }, maxZoom: 17, duration: 500 },
            );
          }}
        />
        <SiteForm
          values={values}
          errors={errors}
          onChange={setValues}
          territories={session.user.role === 'editor' ? session.user.territories : undefined}
          surfacesExtra={<AreaSummary areaHa={outline.areaHa} declared={values.fields} />}
        />
        {unexpected(save.error) ? <ErrorNotice error={save.error} /> : null}
        {unexpected(remove.error) ? <ErrorNotice error={remove.error} /> : null}
        <div className="editor-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? t('editor.saving') : t(creating ? 'editor.create' : 'editor.save')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('editor.cancel')}
          </button>
          {!creating &&
            (confirmDelete ? (
              <span className="confirm-delete" role="alert">
                <span className="small">{t('editor.deleteConfirm')}</span>
                <button type="button" className="btn btn-danger btn-small" onClick={() => remove.mutate()}>
                  {t('editor.deleteYes')}
                </button>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => setConfirmDelete(false)}
                >
                  {t('editor.cancel')}
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="btn btn-ghost btn-danger-text"
                onClick={() => setConfirmDelete(true)}
              >
                {t('editor.delete')}
              </button>
            ))}
        </div>
      </form>
    </EditorShell>
  );
}
