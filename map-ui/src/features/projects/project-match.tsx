/**
 * The match tab of a project: its needs in words, "find sites" with those needs
 * (`POST /api/match`), and the match screen's own results list with an "add to shortlist"
 * action on each result and near-miss.
 */
import { useState } from 'react';
import type { Project } from '../../api/projects.ts';
import type { MatchResponse, MatchResult, NearMiss } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { MatchResults } from '../match/match-results.tsx';
import { EngineVersions } from './engine-versions.tsx';
import { needsSummary } from './needs-summary.ts';

interface Props {
  project: Project;
  response: MatchResponse | null;
  running: boolean;
  error: unknown;
  selected: string | null;
  inShortlist: ReadonlySet<string>;
  full: boolean;
  saving: boolean;
  shortlistError: unknown;
  onRun(): void;
  onSelect(siteId: string): void;
  onFit(): void;
  onEditNeeds(): void;
  onAdd(r: MatchResult): void;
  onAddNearMiss(n: NearMiss): void;
  onShowShortlist(): void;
}

export function ProjectMatch(props: Props) {
  const { project, response, running, inShortlist, full, saving } = props;
  const i18n = useI18n();
  const { t, tp } = i18n;
  const [comparing, setComparing] = useState(false);

  if (!project.needs) {
    return (
      <div className="tab-body">
        <div className="empty">
          <p>{t('projectMatch.noNeeds')}</p>
          <button type="button" className="btn btn-primary" onClick={props.onEditNeeds}>
            {t('projectMatch.stateNeeds')}
          </button>
        </div>
      </div>
    );
  }

  const action = (siteId: string, name: string, add: () => void) =>
    inShortlist.has(siteId) ? (
      <span className="in-shortlist small">
        <span aria-hidden="true">✓ </span>
        {t('shortlist.inList')}
      </span>
    ) : (
      <button
        type="button"
        className="btn btn-small add-shortlist"
        disabled={full || saving}
        title={full ? t('shortlist.full') : undefined}
        aria-label={t('shortlist.addNamed', { name })}
        onClick={add}
      >
        <span aria-hidden="true">+ </span>
        {t('shortlist.add')}
      </button>
    );

  return (
    <div className="tab-body project-match">
      <div className="needs-card card">
        <div className="needs-card-head">
          <h2 className="group-title">{t('projectMatch.needs')}</h2>
          <button type="button" className="btn btn-link small" onClick={props.onEditNeeds}>
            {t('projectMatch.editNeeds')}
          </button>
        </div>
        <ul className="needs-chips">
          {needsSummary(project.needs, i18n).map((s) => (
            <li key={s} className="chip">
              {s}
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-primary btn-block" onClick={props.onRun} disabled={running}>
          {running ? t('match.running') : response ? t('projectMatch.rerun') : t('match.run')}
        </button>
        {!comparing && (
          <button
            type="button"
            className="btn btn-small btn-ghost compare-versions"
            onClick={() => setComparing(true)}
          >
            {t('versions.action')}
          </button>
        )}
      </div>

      {comparing && (
        <EngineVersions
          projectId={project.id}
          needsKey={JSON.stringify(project.needs)}
          onSelect={props.onSelect}
          onClose={() => setComparing(false)}
        />
      )}

      {props.error ? <ErrorNotice error={props.error} onRetry={props.onRun} /> : null}
      {props.shortlistError ? <ErrorNotice error={props.shortlistError} /> : null}
      {running && !response && <Spinner label={t('match.running')} />}
      {response && (
        <>
          <div className="notice shortlist-nudge">
            {inShortlist.size === 0 ? (
              <span>{t('projectMatch.addHint')}</span>
            ) : (
              <>
                <span>{tp('projectMatch.inShortlist', inShortlist.size)}</span>
                <button type="button" className="btn btn-link small" onClick={props.onShowShortlist}>
                  {t('projectMatch.showShortlist')}
                </button>
              </>
            )}
          </div>
          <MatchResults
            response={response}
            selected={props.selected}
            canFit={response.results.length > 0}
            geometryError={false}
            onSelect={props.onSelect}
            onFit={props.onFit}
            onEdit={props.onEditNeeds}
            resultAction={(r) => action(r.siteId, r.name, () => props.onAdd(r))}
            nearMissAction={(n) => action(n.siteId, n.name, () => props.onAddNearMiss(n))}
          />
        </>
      )}
    </div>
  );
}
