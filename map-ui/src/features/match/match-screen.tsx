/**
 * The match screen: needs (with templates) and weighting on one tab, ranked results and
 * near-misses on the other; results are drawn on the map by the app shell.
 */
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import type { Session } from '../../api/auth.ts';
import { resolveWeights } from '../../api/shared-matching.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { MatchResults } from './match-results.tsx';
import { NeedsForm } from './needs-form.tsx';
import { validateNeedsForm } from './needs-validation.ts';
import type { MatchActions, MatchState } from './use-match.ts';
import { ahpMatrix } from './use-match.ts';
import { summarizeAhp, WeightsEditor } from './weights-editor.tsx';

// With the projects API client, only for staff who save a search.
const SaveToProject = lazy(() => import('./save-to-project.tsx'));

interface Props {
  match: MatchState & MatchActions;
  session: Session | null;
  selected: string | null;
  onSelect(siteId: string): void;
  /** Runs the match (the shell then fits the map to the results). */
  onRun(ahp?: { criteria: string[]; matrix: number[][] }): Promise<boolean>;
  onFit(): void;
}

type Tab = 'needs' | 'results';

export function MatchScreen({ match, session, selected, onSelect, onRun, onFit }: Props) {
  const { t, tp } = useI18n();
  const [tab, setTabState] = useState<Tab>(match.response ? 'results' : 'needs');
  const rootRef = useRef<HTMLDivElement>(null);
  // Each tab starts at its top (the sidebar scrolls as a whole).
  const setTab = (next: Tab) => {
    setTabState(next);
    rootRef.current?.closest('.sidebar')?.scrollTo({ top: 0 });
  };
  const [ahpError, setAhpError] = useState<string | null>(null);

  const active = useMemo(() => {
    const v = validateNeedsForm(match.form);
    return v.ok ? resolveWeights(v.parsed).active : null;
  }, [match.form]);

  const submit = async () => {
    setAhpError(null);
    let block: { criteria: string[]; matrix: number[][] } | undefined;
    if (match.mode === 'ahp') {
      const s = summarizeAhp(match.ahp);
      if (!s) return setAhpError(t('weights.ahpTooFew'));
      if (!s.consistent) return setAhpError(t('weights.ahpInconsistent'));
      block = { criteria: match.ahp.criteria, matrix: ahpMatrix(match.ahp) };
    }
    if (await onRun(block)) setTab('results');
  };

  if (match.setupError) {
    return (
      <div className="match">
        <h1 className="screen-title">{t('match.title')}</h1>
        <ErrorNotice error={match.setupError} onRetry={match.retrySetup} />
      </div>
    );
  }

  return (
    <div className="match" ref={rootRef}>
      <div className="match-head">
        <h1 className="screen-title">{t('match.title')}</h1>
        <p className="muted small">{session ? t('match.scopeStaff') : t('match.scopePublic')}</p>
        <div className="tabs" role="tablist" aria-label={t('match.title')}>
          <button
            type="button"
            role="tab"
            id="tab-needs"
            aria-selected={tab === 'needs'}
            aria-controls="panel-needs"
            onClick={() => setTab('needs')}
          >
            {t('match.tabNeeds')}
          </button>
          <button
            type="button"
            role="tab"
            id="tab-results"
            aria-selected={tab === 'results'}
            aria-controls="panel-results"
            disabled={!match.response}
            onClick={() => setTab('results')}
          >
            {match.response ? tp('match.tabResultsN', match.response.results.length) : t('match.tabResults')}
          </button>
        </div>
      </div>

      <div
        role="tabpanel"
        id="panel-needs"
        aria-labelledby="tab-needs"
        hidden={tab !== 'needs'}
        className="tab-panel"
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          noValidate
        >
          <NeedsForm
            form={match.form}
            issues={match.issues}
            templates={match.templates}
            templateId={match.templateId}
            onChange={match.setForm}
            onTemplate={match.applyTemplate}
          />
          <details className="form-group weights-group">
            <summary>{t('weights.title')}</summary>
            {match.criteria ? (
              <WeightsEditor
                criteria={match.criteria}
                active={active}
                weights={match.weights}
                method={match.method}
                mode={match.mode}
                ahp={match.ahp}
                onWeight={match.setWeight}
                onResetWeights={match.resetWeights}
                onMethod={match.setMethod}
                onMode={match.setMode}
                onAhp={match.setAhp}
              />
            ) : (
              <Spinner label={t('state.loading')} />
            )}
          </details>
          {ahpError && (
            <p className="notice notice-error" role="alert">
              {ahpError}
            </p>
          )}
          {match.issues.length > 0 && (
            <p className="notice notice-error" role="alert">
              {t('validation.summary')}
            </p>
          )}
          {match.error ? <ErrorNotice error={match.error} /> : null}
          <div className="submit-bar">
            <button type="submit" className="btn btn-primary btn-block" disabled={match.running}>
              {match.running ? t('match.running') : t('match.run')}
            </button>
          </div>
        </form>
      </div>

      <div
        role="tabpanel"
        id="panel-results"
        aria-labelledby="tab-results"
        hidden={tab !== 'results'}
        className="tab-panel"
      >
        {match.running && <Spinner label={t('match.running')} />}
        {match.response && (
          <MatchResults
            response={match.response}
            selected={selected}
            canFit={match.resultsBbox !== null}
            geometryError={match.geometryError}
            onSelect={onSelect}
            onFit={onFit}
            onEdit={() => setTab('needs')}
          />
        )}
        {match.response && !match.running && session && ['admin', 'staff'].includes(session.user.role) && (
          <Suspense fallback={null}>
            <SaveToProject response={match.response} needs={match.sentNeeds} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
