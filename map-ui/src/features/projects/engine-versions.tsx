/**
 * "Compare engine versions" on a project's match tab: the project's needs ranked by the current
 * and the previous matching engine, site by site — new in the ranking, dropped (with the legal
 * ban or knock-out that drops it), moved up or down, unchanged — with each side's score and
 * confidence, so staff can explain to an investor why a proposal changed after an upgrade.
 */
import { useQuery } from '@tanstack/react-query';
import { matchVersionsQuery } from '../../api/projects.ts';
import type { VersionChange } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { CHANGE_ORDER, type ChangeKind, countOf, groupChanges } from './engine-versions-logic.ts';

interface Props {
  projectId: string;
  /** Changes when the needs are edited, so an open comparison is redone. */
  needsKey: string;
  onSelect(siteId: string): void;
  onClose(): void;
}

const GROUP_TITLE = {
  new: 'versions.groupNew',
  dropped: 'versions.groupDropped',
  up: 'versions.groupUp',
  down: 'versions.groupDown',
  same: 'versions.groupSame',
} as const satisfies Record<ChangeKind, string>;

/**
 * Counts both engines define alike (the previous engine's `considered` counted only candidates
 * and near-misses, so "in scope" is not compared; it had no legal bans, hence "—").
 */
const COUNT_ROWS = [
  ['candidates', 'match.countCandidates'],
  ['nearMisses', 'match.countNear'],
  ['legallyExcluded', 'match.countLegal'],
] as const;

export function EngineVersions({ projectId, needsKey, onSelect, onClose }: Props) {
  const { t, tp, fmt } = useI18n();
  const versions = useQuery(matchVersionsQuery(projectId, needsKey));
  const data = versions.data ?? null;
  const error = versions.error;

  const groups = data ? groupChanges(data.changes) : null;
  const count = (side: 'current' | 'previous', key: string) => {
    const n = data ? countOf(data[side].counts, key) : null;
    return n === null ? '—' : fmt.number(n, 0);
  };
  return (
    <section className="engine-versions card" aria-labelledby="versions-title" data-testid="engine-versions">
      <div className="needs-card-head">
        <h2 className="group-title" id="versions-title">
          {t('versions.title')}
        </h2>
        <button type="button" className="btn btn-link small" onClick={onClose}>
          {t('versions.close')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} onRetry={() => void versions.refetch()} /> : null}
      {!data && !error && <Spinner label={t('versions.loading')} />}
      {data && groups && (
        <>
          <p className="small">
            {t('versions.intro', {
              current: data.current.algorithmVersion,
              previous: data.previous.algorithmVersion,
            })}
          </p>
          <table className="versions-counts small">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{t('versions.previous')}</th>
                <th scope="col">{t('versions.current')}</th>
              </tr>
            </thead>
            <tbody>
              {COUNT_ROWS.map(([key, label]) => (
                <tr key={key}>
                  <th scope="row">{t(label)}</th>
                  <td>{count('previous', key)}</td>
                  <td>{count('current', key)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="versions-summary" data-testid="versions-summary">
            {CHANGE_ORDER.map((k) => (
              <li key={k} className={`change-${k}`}>
                {tp(`versions.count.${k}`, groups[k].length)}
              </li>
            ))}
          </ul>
          {CHANGE_ORDER.filter((k) => k !== 'same' && groups[k].length > 0).map((k) => (
            <div key={k} className={`versions-group change-${k}`} data-testid={`versions-${k}`}>
              <h3>{t(GROUP_TITLE[k])}</h3>
              <ul>
                {groups[k].map((c) => (
                  <ChangeItem key={c.siteId} c={c} onSelect={onSelect} />
                ))}
              </ul>
            </div>
          ))}
          {groups.same.length > 0 && (
            <details className="versions-group change-same">
              <summary>{t(GROUP_TITLE.same)}</summary>
              <ul>
                {groups.same.map((c) => (
                  <ChangeItem key={c.siteId} c={c} onSelect={onSelect} />
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function ChangeItem({ c, onSelect }: { c: VersionChange; onSelect(id: string): void }) {
  const { t, lang, fmt } = useI18n();
  const reasons = lang === 'en' ? c.reasons_en : c.reasons_fr;
  const place =
    c.change === 'new'
      ? t('versions.rankNew', { after: c.after?.rank ?? '?' })
      : c.change === 'dropped'
        ? t('versions.rankDropped', { before: c.before?.rank ?? '?' })
        : c.change === 'same'
          ? t('versions.rankSame', { rank: c.after?.rank ?? '?' })
          : t('versions.rankMoved', { before: c.before?.rank ?? '?', after: c.after?.rank ?? '?' });
  const side = (v: { score: number; confidence: number } | null) =>
    v ? t('versions.side', { score: fmt.percent(v.score), confidence: fmt.percent(v.confidence) }) : '—';
  return (
    <li className="version-change" data-site-id={c.siteId}>
      <div className="version-change-head">
        {c.siteId.includes('+') ? (
          <span className="version-name">{c.name}</span>
        ) : (
          <button type="button" className="link-button version-name" onClick={() => onSelect(c.siteId)}>
            {c.name}
          </button>
        )}
        <span className="version-rank">{place}</span>
      </div>
      <p className="small muted">{t('versions.scores', { before: side(c.before), after: side(c.after) })}</p>
      {c.change === 'dropped' &&
        (reasons.length > 0 ? (
          <ul className="failed" aria-label={t('versions.why')}>
            {reasons.map((r) => (
              <li key={r}>
                <span aria-hidden="true">✗ </span>
                {r}
              </li>
            ))}
          </ul>
        ) : (
          <p className="small">{t('versions.droppedNoRule')}</p>
        ))}
    </li>
  );
}
