/** The history tab of the site panel (staff): who changed what and when, newest first. */
import { useQuery } from '@tanstack/react-query';
import { siteHistoryQuery } from '../../api/site-edits.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { fieldLabel, momentText, valueText } from './change-text.ts';

export function SiteHistory({ siteId }: { siteId: string }) {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const query = useQuery(siteHistoryQuery(siteId));
  if (query.isPending) return <Spinner label={t('state.loading')} />;
  if (query.error) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  const entries = query.data.entries;
  if (entries.length === 0) return <p className="muted">{t('history.empty')}</p>;
  return (
    <ol className="history" data-testid="site-history">
      {entries.map((e) => (
        <li key={`${e.at}-${e.action}-${e.requestId ?? ''}`} className={`history-${e.action}`}>
          <p className="history-head">
            <strong>{tx(`history.action.${e.action}`, e.action)}</strong>{' '}
            <span className="muted">
              {t('history.byAt', {
                who: e.actor?.name ?? t('history.system'),
                when: momentText(e.at, i18n.lang),
              })}
            </span>
          </p>
          {e.changes.length > 0 && (
            <ul className="history-changes">
              {e.changes.map((c) => (
                <li key={c.field}>
                  <span className="history-field">{fieldLabel(c.field, i18n)}</span>{' '}
                  <span className="history-before">{valueText(c.field, c.before, i18n)}</span> →{' '}
                  <span className="history-after">{valueText(c.field, c.after, i18n)}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
