/**
 * The side-by-side comparison of 2–6 shortlisted sites, drawn over the map: one column per
 * site, one row per score, criterion, fact or access distance, the best value of each row
 * highlighted (and said to screen readers). Sites can be taken in or out; rows where every
 * site is the same can be hidden.
 */
import '../projects/projects.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { comparisonQuery, type ShortlistItem } from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { useDialogFocus } from '../../ui/use-dialog-focus.ts';
import {
  bestCounts,
  formatCell,
  groupRows,
  initialSelection,
  MAX_COMPARED,
  MIN_COMPARED,
  toggleSite,
  visibleRows,
} from './compare-logic.ts';

interface Props {
  projectId: string;
  items: readonly ShortlistItem[];
  onClose(): void;
}

const nameOf = (i: ShortlistItem) => String(i.site?.facts.name ?? i.snapshot.site.name ?? i.siteId);

export function CompareView({ projectId, items, onClose }: Props) {
  const i18n = useI18n();
  const { t, tp, lang } = i18n;
  const id = useId();
  const order = useMemo(() => items.map((i) => i.siteId), [items]);
  const [selected, setSelected] = useState<string[]>(() => initialSelection(order));
  const [differencesOnly, setDifferencesOnly] = useState(false);
  const headingRef = useDialogFocus<HTMLHeadingElement>(onClose);

  // A site removed from the shortlist meanwhile leaves the comparison.
  useEffect(() => {
    setSelected((s) => {
      const kept = s.filter((x) => order.includes(x));
      return kept.length >= MIN_COMPARED ? kept : initialSelection(order);
    });
  }, [order]);

  const key = selected.join(',');
  // The table of the last selection stays (dimmed) while the next one is asked.
  const comparison = useQuery({
    ...comparisonQuery(projectId, selected),
    enabled: selected.length >= MIN_COMPARED,
    placeholderData: keepPreviousData,
  });
  const data = comparison.data ?? null;
  const error = comparison.error;

  const rows = useMemo(() => (data ? visibleRows(data.rows, differencesOnly) : []), [data, differencesOnly]);
  const groups = useMemo(() => groupRows(rows), [rows]);
  const wins = useMemo(() => (data ? bestCounts(data.rows) : new Map<string, number>()), [data]);
  const loading = !data || data.sites.map((s) => s.siteId).join(',') !== key;

  return (
    <section className="stage-panel compare" role="dialog" aria-modal="false" aria-labelledby={`${id}-title`}>
      <header className="stage-head">
        <div>
          <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
            {t('compare.title')}
          </h2>
          <p className="muted small">{t('compare.help')}</p>
        </div>
        <div className="stage-head-actions">
          <label className="check">
            <input
              type="checkbox"
              checked={differencesOnly}
              onChange={(e) => setDifferencesOnly(e.target.checked)}
            />
            {t('compare.differencesOnly')}
          </label>
          <button type="button" className="panel-close" onClick={onClose} aria-label={t('compare.close')}>
            ×
          </button>
        </div>
      </header>

      <div className="compare-controls">
        <fieldset className="compare-sites">
          <legend className="small sites-legend">
            {t('compare.sites', { min: MIN_COMPARED, max: MAX_COMPARED })}
          </legend>
          {items.map((i) => {
            const on = selected.includes(i.siteId);
            const locked =
              (on && selected.length <= MIN_COMPARED) || (!on && selected.length >= MAX_COMPARED);
            return (
              <label key={i.siteId} className={`chip-check ${on ? 'on' : ''} ${locked ? 'locked' : ''}`}>
                <input
                  type="checkbox"
                  checked={on}
                  disabled={locked}
                  onChange={() => setSelected((s) => toggleSite(s, i.siteId, order))}
                />
                <span className="chip-rank">{i.rank}</span>
                <span className="chip-name" title={nameOf(i)}>
                  {nameOf(i)}
                </span>
              </label>
            );
          })}
        </fieldset>
      </div>

      <div className="compare-body">
        {error ? (
          <ErrorNotice error={error} onRetry={() => void comparison.refetch()} />
        ) : !data ? (
          <Spinner label={t('state.loading')} />
        ) : (
          <div className={`compare-scroll ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
            <table
              className="compare-table"
              data-testid="compare-table"
              // Equal site columns; narrow screens scroll sideways rather than squeeze them.
              style={{ minWidth: `${210 + 150 * data.sites.length}px` }}
            >
              <caption className="sr-only">{t('compare.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="row-head">
                    {t('compare.criterion')}
                  </th>
                  {data.sites.map((s) => (
                    <th scope="col" key={s.siteId} className="site-col">
                      <span className="site-col-name">
                        {s.rank !== null && <span className="rank small-rank">{s.rank}</span>}
                        <span>{s.name}</span>
                      </span>
                      <span className="site-col-wins small">
                        {tp('compare.wins', wins.get(s.siteId) ?? 0)}
                      </span>
                      {s.siteDeleted && <span className="badge-warn">{t('shortlist.deleted')}</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              {groups.map((g) => (
                <tbody key={g.group}>
                  <tr className="group-row">
                    <th scope="colgroup" colSpan={data.sites.length + 1}>
                      {t(`compare.group.${g.group}`)}
                    </th>
                  </tr>
                  {g.rows.map((r) => (
                    <tr key={r.key}>
                      <th scope="row" className="row-head">
                        {r.label[lang] ?? r.label.fr}
                      </th>
                      {r.values.map((c) => (
                        <td key={c.siteId} className={c.best ? 'best' : undefined}>
                          <span className="cell-value">
                            {formatCell(r, c.value, i18n)}
                            {c.best && (
                              <>
                                <span className="best-mark" aria-hidden="true">
                                  ★
                                </span>
                                <span className="sr-only"> ({t('compare.best')})</span>
                              </>
                            )}
                          </span>
                          {r.unit === 'share' && typeof c.value === 'number' && (
                            <span className="bar" aria-hidden="true">
                              <span
                                className="bar-fill"
                                style={{
                                  width: `${Math.round((c.value > 1 ? c.value / 100 : c.value) * 100)}%`,
                                }}
                              />
                            </span>
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
            {rows.length === 0 && <p className="empty">{t('compare.noDifferences')}</p>}
          </div>
        )}
      </div>
      <p className="compare-legend small muted">
        <span className="best-swatch" aria-hidden="true">
          ★
        </span>{' '}
        {t('compare.legend')}
      </p>
    </section>
  );
}
