/**
 * The staff screen of investor projects, in the side panel: the login form for visitors, the
 * project list (with the relocation observatory), the project form and a project's detail
 * (status, shortlist, match, exports). Wide views (comparison, observatory) open over the map
 * through the shell's stage element; what the project draws on the map goes up through
 * `onMap`. The open project's id lives in the URL (`/projects?project=…`): a colleague can be
 * sent the link, and it only opens for staff allowed to see the project.
 */
import './projects.css';
import { lazy, Suspense, useCallback, useEffect, useId, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Project } from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Bounds } from '../../map/map-view.tsx';
import { Spinner } from '../../ui/error-notice.tsx';
import { useStage } from '../../ui/stage.tsx';
import { LoginForm } from '../account/account-menu.tsx';
import { useSession } from '../account/use-session.ts';
import { ProjectDetail } from './project-detail.tsx';
import { ProjectEditor } from './project-editor.tsx';
import { ProjectList } from './project-list.tsx';
import { EMPTY_PROJECT_MAP, type ProjectMapLayers } from './project-map.ts';

// The charts library loads with the observatory only.
const ObservatoryView = lazy(() =>
  import('../observatory/observatory-view.tsx').then((m) => ({ default: m.ObservatoryView })),
);

export interface ProjectsScreenProps {
  /** The open project (from the URL), or null for the list. */
  projectId: string | null;
  onProject(id: string | null): void;
  selected: string | null;
  onSelect(siteId: string): void;
  onMap(layers: ProjectMapLayers): void;
  onFit(bbox: Bounds): void;
}

export function ProjectsScreen(props: ProjectsScreenProps) {
  const { projectId, onProject, onMap } = props;
  const { t, tx } = useI18n();
  const auth = useSession();
  // Where wide views are drawn, over the map.
  const stage = useStage();
  const titleId = useId();
  const [creating, setCreating] = useState(false);
  const [observatory, setObservatory] = useState(false);
  const [justCreated, setJustCreated] = useState<string | null>(null);

  // Leaving the screen takes the project's sites off the map.
  useEffect(() => () => onMap(EMPTY_PROJECT_MAP), [onMap]);
  // An expired session (401) brings the login form back instead of an error.
  const { logout } = auth;
  const onAuthLost = useCallback(() => void logout(), [logout]);

  const session = auth.session;
  if (!session) {
    return (
      <div className="staff staff-login">
        <h1 className="screen-title">{t('projects.title')}</h1>
        <p className="muted">{t('projects.loginRequired')}</p>
        <div className="card login-card">
          <LoginForm titleId={titleId} />
        </div>
      </div>
    );
  }
  if (session.user.role !== 'staff' && session.user.role !== 'admin') {
    return (
      <div className="staff">
        <h1 className="screen-title">{t('projects.title')}</h1>
        <p className="notice">{t('projects.staffOnly', { role: tx(`role.${session.user.role}`) })}</p>
      </div>
    );
  }

  if (creating) {
    return (
      <ProjectEditor
        project={null}
        onCancel={() => setCreating(false)}
        onSaved={(p: Project) => {
          setCreating(false);
          setJustCreated(p.id);
          onProject(p.id);
        }}
      />
    );
  }

  if (projectId) {
    return (
      <ProjectDetail
        key={projectId}
        id={projectId}
        onAuthLost={onAuthLost}
        startOnMatch={justCreated === projectId}
        selected={props.selected}
        onSelect={props.onSelect}
        onMap={onMap}
        onFit={props.onFit}
        onBack={() => {
          setJustCreated(null);
          onProject(null);
        }}
      />
    );
  }

  return (
    <>
      <ProjectList
        onAuthLost={onAuthLost}
        observatoryOpen={observatory}
        onOpen={(id) => {
          setObservatory(false);
          onProject(id);
        }}
        onCreate={() => {
          setObservatory(false);
          setCreating(true);
        }}
        onObservatory={setObservatory}
      />
      {observatory &&
        stage &&
        createPortal(
          <Suspense
            fallback={
              <div className="stage-panel stage-loading">
                <Spinner label={t('state.loading')} />
              </div>
            }
          >
            <ObservatoryView onClose={() => setObservatory(false)} />
          </Suspense>,
          stage,
        )}
    </>
  );
}
