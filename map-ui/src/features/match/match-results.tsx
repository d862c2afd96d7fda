/**
 * Ranked results beside the map, as the engine states them: how many sites were in scope,
 * excluded by law, passing, near-missing (with the rules applied); each result's score with
 * its method named, its confidence and the facts that lower it, the flags a reader must know,
 * and the per-criterion breakdown as bars (plain CSS bars: readable by screen readers as text);
 * then the near-misses with what they failed and by how much. Every explanation is read in the
 * UI language from the bilingual fields of the response.
 */

import type {
  CriterionBreakdown,
  MatchResponse,
  MatchResult,
  NearMiss,
  NearMissFailure,
  ScoreKind,
} from '@api/modules/matching/matching.schemas.ts';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { KnockoutRules } from './knockout-rules.tsx';
import { gapText, inLang, pick, scoreText } from './match-text.ts';

interface Props {
  response: MatchResponse;
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

export function MatchResults({
  response,
  selected,
  canFit,
  geometryError,
  onSelect,
  onFit,
  onEdit,
  resultAction,
  nearMissAction,
}: Props) {
  const { t, tp, lang } = useI18n();
  const { results, nearMisses, counts } = response;
  const method = inLang(lang, response.scoreLabel);
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
      <MatchCounts response={response} />
      <p className="small method-line" data-testid="score-method">
        {t(response.scoreKind === 'topsis_closeness' ? 'match.methodTopsis' : 'match.methodWeighted', {
          method,
        })}
      </p>
      {geometryError && <p className="notice">{t('match.geometryError')}</p>}
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
              method={method}
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
          <h3 id="near-title">
            {nearMisses.length < counts.nearMisses
              ? t('match.nearMissesOf', { shown: nearMisses.length, count: counts.nearMisses })
              : tp('match.nearMisses', nearMisses.length)}
          </h3>
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

/** In scope → excluded by law → passing / near-missing, with the rules behind the numbers. */
function MatchCounts({ response }: { response: MatchResponse }) {
  const { t, fmt } = useI18n();
  const { counts } = response;
  const rows: Array<[string, string, number]> = [
    ['considered', t('match.countConsidered'), counts.considered],
    ['legal', t('match.countLegal'), counts.legallyExcluded],
    ['candidates', t('match.countCandidates'), counts.candidates + counts.assemblies],
    ['near', t('match.countNear'), counts.nearMisses],
  ];
  return (
    <div className="match-counts">
      <dl data-testid="match-counts">
        {rows.map(([key, label, n]) => (
          <div key={key} className={`count count-${key}`}>
            <dt>{label}</dt>
            <dd>{fmt.number(n, 0)}</dd>
          </div>
        ))}
      </dl>
      {counts.assemblies > 0 && (
        <p className="small muted">{t('match.countAssemblies', { count: counts.assemblies })}</p>
      )}
      <KnockoutRules knockouts={response.knockouts} />
    </div>
  );
}

function ResultCard({
  result,
  method,
  expanded,
  selected,
  onSelect,
  action,
}: {
  result: MatchResult;
  method: string;
  expanded: boolean;
  selected: boolean;
  onSelect(id: string): void;
  action?: ReactNode;
}) {
  const { t, lang, fmt } = useI18n();
  const [open, setOpen] = useState(expanded);
  const weighted = result.criteria.filter((c) => c.weight > 0).sort((a, b) => b.weight - a.weight);
  const reported = result.criteria.filter((c) => c.weight <= 0);
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
        <div className="score" title={t(scoreHelpKey(result.scoreKind))}>
          <span className="score-value">{scoreText(result.score, result.scoreKind, fmt)}</span>
          <span className="score-label">{method}</span>
        </div>
      </div>
      {result.flags.length > 0 && (
        <ul className="result-flags" aria-label={t('match.flags')}>
          {result.flags.map((f) => (
            <li key={`${f.code}-${f.text_fr}`} className={`flag flag-${f.code}`}>
              <span aria-hidden="true">⚑ </span>
              {pick(lang, f, 'text')}
            </li>
          ))}
        </ul>
      )}
      <div className="confidence small">
        <p>
          {t('match.confidence')}
          {lang === 'fr' ? '\u00a0: ' : ': '}
          <strong>{fmt.percent(result.confidence)}</strong>
          <span className="muted"> — {t('match.confidenceHelp')}</span>
        </p>
        {result.confidenceNotes.length > 0 && (
          <ul className="confidence-notes" aria-label={t('match.confidenceNotes')}>
            {result.confidenceNotes.map((n) => (
              <li key={n.criterion}>
                {pick(lang, n, 'text')}{' '}
                <span className="muted">
                  ({t('match.confidenceLoss', { points: fmt.number(n.loss * 100, 0) })})
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
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
            <CriterionBar key={c.key} c={c} />
          ))}
          {reported.map((c) => (
            <li key={c.key} className="criterion-reported">
              <div className="crit-line">
                <span className="crit-name">{pick(lang, c, 'label')}</span>
                <span className="crit-weight muted small">{t('match.notWeighted')}</span>
              </div>
              <p className="reason small">{pick(lang, c, 'reason')}</p>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function scoreHelpKey(kind: ScoreKind) {
  return kind === 'topsis_closeness' ? 'match.scoreHelpTopsis' : 'match.scoreHelpWeighted';
}

function CriterionBar({ c }: { c: CriterionBreakdown }) {
  const { t, lang, fmt } = useI18n();
  return (
    <li data-criterion={c.key}>
      <div className="crit-line">
        <span className="crit-name">{pick(lang, c, 'label')}</span>
        <span className="crit-weight muted small">
          {t('match.weightShare', { share: fmt.percent(c.weight) })}
        </span>
        <span className="crit-score">{fmt.percent(c.score)}</span>
      </div>
      {/* The percentage above says it in words; the bar is for the eye. */}
      <div className="bar" aria-hidden="true">
        <span
          className={`bar-fill ${barClass(c.score)}`}
          style={{ width: `${Math.round(c.score * 100)}%` }}
        />
      </div>
      <p className="reason small">{pick(lang, c, 'reason')}</p>
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
  const { tp } = useI18n();
  return (
    <li className="near-miss" data-site-id={item.siteId}>
      <div className="near-miss-head">
        <button type="button" className="link-button" onClick={() => onSelect(item.siteId)}>
          {item.name}
        </button>
        <span className="muted small">{tp('match.failures', item.failures)}</span>
      </div>
      <ul className="failed">
        {item.failed.map((f) => (
          <FailureLine key={f.key} f={f} />
        ))}
      </ul>
      {action ? <div className="result-action">{action}</div> : null}
    </li>
  );
}

function FailureLine({ f }: { f: NearMissFailure }) {
  const i18n = useI18n();
  const gap = gapText(f, i18n);
  return (
    <li title={pick(i18n.lang, f, 'rule')}>
      <span aria-hidden="true">✗ </span>
      {pick(i18n.lang, f, 'reason')}
      {gap && <span className={`gap ${f.unknown ? 'gap-unknown' : ''}`}>{gap}</span>}
    </li>
  );
}
