/** The sites of the current view (first page), in step with the map: same filters, same extent. */

import type { SiteListFeature } from '@api/modules/sites/sites.schemas.ts';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { LabelChips, StatusChip } from '../../ui/site-badges.tsx';
import { PAGE_SIZE, type SiteSearch } from './use-site-search.ts';

interface Props {
  search: SiteSearch;
  selected: string | null;
  onSelect(site: SiteListFeature): void;
  onRetry(): void;
  /** Controls about the whole list (downloads), under the counts. */
  actions?: ReactNode;
}

export function ResultList({ search, selected, onSelect, onRetry, actions }: Props) {
  const { t, tp, fmt } = useI18n();
  const { sites, inView, total, inViewCapped, totalCapped, loading, error } = search;

  return (
    <section className="results" aria-labelledby="results-title">
      <div className="results-head">
        <h2 id="results-title">{t('list.title')}</h2>
        <p className="counts" aria-live="polite" data-testid="site-counts">
          {inView === null ? '' : tp(inViewCapped ? 'list.inViewMore' : 'list.inView', inView)}
          {total !== null && inView !== null && (
            <span className="muted"> · {tp(totalCapped ? 'list.totalMore' : 'list.total', total)}</span>
          )}
          {loading && <Spinner label={t('state.loading')} />}
        </p>
        {actions}
      </div>
      {error ? (
        <ErrorNotice error={error} onRetry={onRetry} />
      ) : !loading && inView === 0 ? (
        <div className="empty">
          <p>{total === 0 ? t('list.emptyAll') : t('list.emptyView')}</p>
        </div>
      ) : (
        <ul className="site-list">
          {sites.map((s) => {
            const p = s.properties;
            const facts = [
              p.communeName ? `${p.communeName}${p.department ? ` (${p.department})` : ''}` : null,
              typeof p.powerAvailableMw === 'number' ? fmt.megawatts(p.powerAvailableMw) : null,
              p.railSiding ? t('facts.railSiding') : null,
              p.quay ? t('facts.quay') : null,
              p.brownfield ? t('facts.brownfield') : null,
            ].filter(Boolean);
            return (
              <li key={s.id}>
                <button
                  type="button"
                  className="site-item"
                  aria-pressed={selected === s.id}
                  data-site-id={s.id}
                  onClick={() => onSelect(s)}
                >
                  <span className="site-item-top">
                    <span className="site-name">{p.name}</span>
                    {p.availableAreaHa === 0 ? (
                      <span className="site-area site-area-none">{t('site.noneAvailable')}</span>
                    ) : (
                      <span className="site-area">
                        {typeof p.availableAreaHa === 'number' ? fmt.hectares(p.availableAreaHa) : '—'}
                      </span>
                    )}
                  </span>
                  <span className="site-facts">{facts.join(' · ')}</span>
                  <span className="site-item-bottom">
                    <StatusChip status={p.status} />
                    {p.published === false && (
                      <span className="tag tag-unpublished">{t('site.unpublished')}</span>
                    )}
                    <LabelChips labels={p.labels} />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {inView !== null && inView > PAGE_SIZE && (
        <p className="muted small">{t('list.more', { shown: PAGE_SIZE })}</p>
      )}
    </section>
  );
}
