/**
 * One project: its summary and status (with the pipeline and the status change), then three
 * tabs — the shortlist (ranked sites, notes, changes since they were added, comparison and
 * exports), the match run with the project's needs (results can be added to the shortlist),
 * and the project sheet (facts, contact, history). The sites of the open tab are drawn on
 * the map with their rank.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { ApiError } from '../../api/client.ts';
import { runMatch } from '../../api/match.ts';
import { MAX_SHORTLIST_ITEMS, type ProjectStatus, type ShortlistItem } from '../../api/projects.ts';
import { siteQuery } from '../../api/sites.ts';
import type { MatchRequestBody, MatchResponse, MatchResult, NearMiss } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Bounds } from '../../map/map-view.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { useStage } from '../../ui/stage.tsx';
import { CompareView } from '../compare/compare-view.tsx';
import { ProjectEditor } from './project-editor.tsx';
import {
  buildProjectLayers,
  type MapEntry,
  type ProjectMapLayers,
  useSiteGeometries,
} from './project-map.ts';
import { ProjectMatch } from './project-match.tsx';
import { ProjectSheet } from './project-sheet.tsx';
import { addNearMissBody, addResultBody, addSiteBody } from './shortlist-logic.ts';
import { ShortlistPanel } from './shortlist-panel.tsx';
import { StatusBadge } from './status-badge.tsx';
import { StatusControl } from './status-control.tsx';
import { useProject } from './use-project.ts';

type Tab = 'shortlist' | 'match' | 'sheet';

interface Props {
  id: string;
  onAuthLost(): void;
  /** Open on the match tab (a project just created with its needs). */
  startOnMatch: boolean;
  selected: string | null;
  onSelect(siteId: string): void;
  onMap(layers: ProjectMapLayers): void;
  onFit(bbox: Bounds): void;
  onBack(): void;
}

/** The name shown for a shortlisted site: live name, else the name it had when added. */
export const itemName = (i: ShortlistItem): string =>
  String(i.site?.facts.name ?? i.snapshot.site.name ?? i.siteId);

export function ProjectDetail({
  id,
  onAuthLost,
  startOnMatch,
  selected,
  onSelect,
  onMap,
  onFit,
  onBack,
}: Props) {
  const { t, tp, tx } = useI18n();
  const state = useProject(id);
  const stage = useStage();
  const { project, items } = state;
  const [tab, setTabState] = useState<Tab>(startOnMatch ? 'match' : 'shortlist');
  const [editing, setEditing] = useState(false);
  const [comparing, setComparing] = useState(false);
  const [announce, setAnnounce] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const fitPending = useRef(true);

  const setTab = (next: Tab) => {
    setTabState(next);
    fitPending.current = true;
    rootRef.current?.closest('.sidebar')?.scrollTo({ top: 0 });
  };

  // An expired session brings the login form back instead of an error.
  useEffect(() => {
    if (state.loadError instanceof ApiError && state.loadError.status === 401) onAuthLost();
  }, [state.loadError, onAuthLost]);

  // Focus the project's name when it opens, so screen readers hear where they are.
  const loadedId = project?.id;
  useEffect(() => {
    if (loadedId && !editing) headingRef.current?.focus({ preventScroll: true });
  }, [loadedId, editing]);

  // The project's match run: its results are this screen's, until the needs are edited.
  const matchRun = useMutation({
    mutationFn: (needs: MatchRequestBody['needs']) => runMatch({ needs, limit: 20 }),
    onSuccess: () => {
      fitPending.current = true;
    },
  });
  const match: MatchResponse | null = matchRun.data ?? null;
  const runProjectMatch = () => {
    if (project?.needs) matchRun.mutate(project.needs);
  };

  // --- map --------------------------------------------------------------------------------
  const entries: MapEntry[] = useMemo(() => {
    if (tab === 'match')
      return (match?.results ?? []).map((r) => ({ siteId: r.siteId, rank: r.rank, name: r.name }));
    return (items ?? []).map((i) => ({
      siteId: i.siteId,
      rank: i.rank,
      name: itemName(i),
      location: i.site?.location ?? null,
    }));
  }, [tab, match, items]);
  const { geometries, failed: geometryFailed } = useSiteGeometries(entries.map((e) => e.siteId));
  const layers = useMemo(() => buildProjectLayers(entries, geometries), [entries, geometries]);
  useEffect(() => onMap(layers), [layers, onMap]);
  useEffect(() => {
    if (!layers.bbox || !fitPending.current) return;
    // Wait until every site has its plot, so the fit does not jump twice.
    if (entries.some((e) => !geometries.has(e.siteId)) && !geometryFailed) return;
    fitPending.current = false;
    onFit(layers.bbox);
  }, [layers, entries, geometries, geometryFailed, onFit]);

  // --- shortlist actions ------------------------------------------------------------------
  const inShortlist = useMemo(() => new Set((items ?? []).map((i) => i.siteId)), [items]);
  const addResult = async (r: MatchResult) => {
    if (!items || !match) return;
    const body = addResultBody(items, r, match.algorithmVersion, MAX_SHORTLIST_ITEMS);
    if (!body) return;
    if (await state.saveShortlist(body)) setAnnounce(t('shortlist.added', { name: r.name }));
  };
  // A site clicked on the map (or in a list) that is not shortlisted yet can be added.
  const pickable = selected !== null && !inShortlist.has(selected);
  const pickedSite = useQuery({ ...siteQuery(selected ?? ''), enabled: pickable }).data;
  const picked =
    pickable && pickedSite ? { siteId: String(pickedSite.id), name: pickedSite.properties.name ?? '' } : null;
  const addPicked = async () => {
    if (!items || !picked) return;
    const body = addSiteBody(items, picked.siteId, MAX_SHORTLIST_ITEMS);
    if (!body) return;
    if (await state.saveShortlist(body)) setAnnounce(t('shortlist.added', { name: picked.name }));
  };
  const addNearMiss = async (n: NearMiss) => {
    if (!items || !match) return;
    const body = addNearMissBody(items, n, match.algorithmVersion, MAX_SHORTLIST_ITEMS);
    if (!body) return;
    if (await state.saveShortlist(body)) setAnnounce(t('shortlist.added', { name: n.name }));
  };

  if (state.loading && !project) {
    return (
      <div className="staff">
        <BackLink onBack={onBack} />
        <Spinner label={t('state.loading')} />
      </div>
    );
  }
  if (!project) {
    return (
      <div className="staff">
        <BackLink onBack={onBack} />
        <ErrorNotice error={state.loadError} onRetry={state.reload} />
      </div>
    );
  }

  if (editing) {
    return (
      <ProjectEditor
        project={project}
        onCancel={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          matchRun.reset();
          state.reload();
        }}
      />
    );
  }

  const lostAt = project.status === 'lost' ? lastOpenStatus(project) : null;
  const full = (items?.length ?? 0) >= MAX_SHORTLIST_ITEMS;

  return (
    <div className="staff project-detail" ref={rootRef}>
      <div className="projects-head detail-head">
        <BackLink onBack={onBack} />
        <div className="detail-title-row">
          <h1 className="screen-title" ref={headingRef} tabIndex={-1}>
            {project.name}
          </h1>
          <StatusBadge status={project.status} />
        </div>
        <p className="project-meta">
          {[tx(`sector.${project.sector}`, project.sector), project.company ?? t('projects.anonymous')].join(
            ' · ',
          )}
        </p>
        <StatusControl project={project} lostAt={lostAt} onChange={state.update} />
      </div>
      <div className="detail-tabs">
        <div className="tabs" role="tablist" aria-label={t('projects.detailTabs')}>
          <TabButton id="shortlist" tab={tab} onTab={setTab}>
            {tp('shortlist.tab', items?.length ?? 0)}
          </TabButton>
          <TabButton id="match" tab={tab} onTab={setTab}>
            {t('projects.tabMatch')}
          </TabButton>
          <TabButton id="sheet" tab={tab} onTab={setTab}>
            {t('projects.tabSheet')}
          </TabButton>
        </div>
      </div>

      <p className="sr-only" aria-live="polite">
        {announce}
      </p>

      <div
        role="tabpanel"
        id="ptab-shortlist-panel"
        aria-labelledby="ptab-shortlist"
        hidden={tab !== 'shortlist'}
      >
        {tab === 'shortlist' && (
          <ShortlistPanel
            project={project}
            items={items ?? []}
            saving={state.saving}
            error={state.shortlistError}
            selected={selected}
            onDismissError={state.clearShortlistError}
            onSave={state.saveShortlist}
            onSelect={onSelect}
            onCompare={() => setComparing(true)}
            onFindSites={() => setTab('match')}
            onAnnounce={setAnnounce}
            picked={picked}
            onAddPicked={addPicked}
          />
        )}
      </div>

      <div role="tabpanel" id="ptab-match-panel" aria-labelledby="ptab-match" hidden={tab !== 'match'}>
        {tab === 'match' && (
          <ProjectMatch
            project={project}
            response={match}
            running={matchRun.isPending}
            error={matchRun.error}
            selected={selected}
            inShortlist={inShortlist}
            full={full}
            saving={state.saving}
            shortlistError={state.shortlistError}
            onRun={runProjectMatch}
            onSelect={onSelect}
            onFit={() => layers.bbox && onFit(layers.bbox)}
            onEditNeeds={() => setEditing(true)}
            onAdd={addResult}
            onAddNearMiss={addNearMiss}
            onShowShortlist={() => setTab('shortlist')}
          />
        )}
      </div>

      <div role="tabpanel" id="ptab-sheet-panel" aria-labelledby="ptab-sheet" hidden={tab !== 'sheet'}>
        {tab === 'sheet' && (
          <ProjectSheet project={project} onEdit={() => setEditing(true)} onDeleted={onBack} />
        )}
      </div>

      {comparing &&
        stage &&
        items &&
        createPortal(
          <CompareView projectId={project.id} items={items} onClose={() => setComparing(false)} />,
          stage,
        )}
    </div>
  );
}

/** The status a lost project was at when it was lost (the last history entry into "lost"). */
function lastOpenStatus(p: { statusHistory?: Array<{ from: ProjectStatus | null; to: ProjectStatus }> }) {
  const h = [...(p.statusHistory ?? [])].reverse().find((c) => c.to === 'lost');
  return h?.from ?? null;
}

function BackLink({ onBack }: { onBack(): void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn-link back-link" onClick={onBack}>
      <span aria-hidden="true">← </span>
      {t('projects.backToList')}
    </button>
  );
}

function TabButton({
  id,
  tab,
  onTab,
  children,
}: {
  id: Tab;
  tab: Tab;
  onTab(t: Tab): void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="tab"
      id={`ptab-${id}`}
      aria-selected={tab === id}
      aria-controls={`ptab-${id}-panel`}
      tabIndex={tab === id ? 0 : -1}
      onClick={() => onTab(id)}
      onKeyDown={(e) => {
        // Arrow keys move between tabs (WAI-ARIA tabs pattern).
        const order: Tab[] = ['shortlist', 'match', 'sheet'];
        const i = order.indexOf(id);
        const next =
          e.key === 'ArrowRight' ? order[(i + 1) % 3] : e.key === 'ArrowLeft' ? order[(i + 2) % 3] : null;
        if (!next) return;
        e.preventDefault();
        onTab(next);
        document.getElementById(`ptab-${next}`)?.focus();
      }}
    >
      {children}
    </button>
  );
}
