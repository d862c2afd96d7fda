/**
 * Ranked results beside the map: score, confidence and the per-criterion breakdown as bars
 * (plain CSS bars: lighter than a chart library and readable by screen readers as meters),
 * then the near-misses with what they failed.
 */
import { type ReactNode, useState } from 'react';
import type { CriterionInfo, MatchResponse, MatchResult, NearMiss } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

interface Props {
  response: MatchResponse;
  criteria: CriterionInfo[];
  selected: string | null;
  canFit: boolean;
  geometryError: boolean;
  onSelect(siteId: string): void;
  onFit(): void;
  onEdit(): void;
  /** An extra action per result, e.g. the projects screen's "add to shortlist". */
  resultAction?(result: MatchResult): ReactNode;
  /** The same for a near-miss. */
  nearMissAction?(item: NearMiss): ReactNode;
}

const ratio = (x: number) => (x > 1 ? x / 100 : x);

export function MatchResults({
  response,
  criteria,
  selected,
  canFit,
  geometryError,
  onSelect,
  onFit,
  onEdit,
  resultAction,
  nearMissAction,
}: Props) {
  const { t, tp } = useI18n();
  const { results, nearMisses } = response;
  return (
    <div className="match-results">
      <div className="results-toolbar">
        <p aria-live="polite" data-testid="match-count">
          <strong>{tp('match.resultCount', results.length)}</strong>
        </p>
        <div className="toolbar-actions">
          <button type="button" className="btn btn-small" onClick={onFit} disabled={!canFit}>
            {t('match.fit')}
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={onEdit}>
            {t('match.editNeeds')}
          </button>
        </div>
      </div>
      {geometryError && <p className="notice">{t('match.geometryError')}</p>}
      {response.counts?.sampled && (
        <p className="notice" role="status">
          {t('match.sampled')}
        </p>
      )}
      {results.length === 0 ? (
        <div className="empty">
          <p>{t('match.noResults')}</p>
          {nearMisses.length > 0 && <p className="muted">{t('match.seeNearMisses')}</p>}
        </div>
      ) : (
        <ol className="result-cards">
          {results.map((r, i) => (
            <ResultCard
              key={`${r.siteId}-${r.rank}`}
              result={r}
              criteria={criteria}
              expanded={i < 3}
              selected={selected === r.siteId}
              onSelect={onSelect}
              action={resultAction?.(r)}
            />
          ))}
        </ol>
      )}
      {nearMisses.length > 0 && (
        <section className="near-misses" aria-labelledby="near-title">
          <h3 id="near-title">{tp('match.nearMisses', nearMisses.length)}</h3>
          <p className="hint">{t('match.nearMissesHint')}</p>
          <ul>
            {nearMisses.map((n) => (
              <NearMissItem key={n.siteId} item={n} onSelect={onSelect} action={nearMissAction?.(n)} />
            ))}
          </ul>
        </section>
      )}
      <p className="small muted algo">{t('match.algorithm', { version: response.algorithmVersion })}</p>
    </div>
  );
}

function ResultCard({
  result,
  criteria,
  expanded,
  selected,
  onSelect,
  action,
}: {
  result: MatchResult;
  criteria: CriterionInfo[];
  expanded: boolean;
  selected: boolean;
  onSelect(id: string): void;
  action?: ReactNode;
}) {
  const { t, lang, fmt } = useI18n();
  const [open, setOpen] = useState(expanded);
  const labelOf = (key: string) => {
    const c = criteria.find((x) => x.key === key);
    return c ? (c.label[lang] ?? c.label.fr) : key;
  };
  const weighted = result.criteria.filter((c) => c.weight > 0).sort((a, b) => b.weight - a.weight);
  const totalWeight = weighted.reduce((s, c) => s + c.weight, 0) || 1;
  return (
    <li className={`result-card ${selected ? 'selected' : ''}`} data-site-id={result.siteId}>
      <div className="result-head">
        <span className="rank" aria-hidden="true">
          {result.rank}
        </span>
        <div className="result-title">
          <button type="button" className="link-button" onClick={() => onSelect(result.siteId)}>
            <span className="sr-only">{t('match.rank', { rank: result.rank })} </span>
            {result.name}
          </button>
          {result.siteIds && result.siteIds.length > 1 && (
            <span className="tag">{t('match.assembly', { count: result.siteIds.length })}</span>
          )}
        </div>
        <div className="score" title={t('match.scoreHelp')}>
          <span className="score-value">{fmt.percent(ratio(result.score))}</span>
          <span className="score-label">{t('match.score')}</span>
        </div>
      </div>
      <p className="confidence small">
        {t('match.confidence')} : <strong>{fmt.percent(ratio(result.confidence))}</strong>
        <span className="muted"> — {t('match.confidenceHelp')}</span>
      </p>
      {action ? <div className="result-action">{action}</div> : null}
      <button
        type="button"
        className="btn btn-link small"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? t('match.hideCriteria') : t('match.showCriteria')}
      </button>
      {open && (
        <ul className="criteria-bars">
          {weighted.map((c) => (
            <li key={c.key}>
              <div className="crit-line">
                <span className="crit-name">{labelOf(c.key)}</span>
                <span className="crit-weight muted small">
                  {t('match.weightShare', { share: fmt.percent(c.weight / totalWeight) })}
                </span>
                <span className="crit-score">{fmt.percent(ratio(c.score))}</span>
              </div>
              {/* The percentage above says it in words; the bar is for the eye. */}
              <div className="bar" aria-hidden="true">
                <span
                  className={`bar-fill ${barClass(ratio(c.score))}`}
                  style={{ width: `${Math.round(ratio(c.score) * 100)}%` }}
                />
              </div>
              {c.reason && <p className="reason small">{c.reason}</p>}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function barClass(score: number): string {
  return score >= 0.75 ? 'good' : score >= 0.4 ? 'fair' : 'poor';
}

function NearMissItem({
  item,
  onSelect,
  action,
}: {
  item: NearMiss;
  onSelect(id: string): void;
  action?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <li className="near-miss">
      <button type="button" className="link-button" onClick={() => onSelect(item.siteId)}>
        {item.name}
      </button>
      <ul className="failed">
        {item.failed.map((f) => (
          <li key={f.key}>
            <span aria-hidden="true">✗ </span>
            {f.reason ??
              t('match.failedGeneric', {
                key: f.key,
                required: String(f.required ?? '?'),
                actual: String(f.actual ?? '?'),
              })}
          </li>
        ))}
      </ul>
      {action ? <div className="result-action">{action}</div> : null}
    </li>
  );
}
