/**
 * Deleted sites (staff; editors see their territories): each can be restored with its id by
 * those who may edit it, after which its shortlist entries show it again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deletedSitesQuery, restoreSite, sitesChanged } from '../../api/site-edits.ts';
import type { Session } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { mayEditSite } from './permissions.ts';

interface Props {
  session: Session;
  onClose(): void;
  onRestored(id: string): void;
}

export function DeletedSites({ session, onClose, onRestored }: Props) {
  const { t, fmt } = useI18n();
  const client = useQueryClient();
  const query = useQuery(deletedSitesQuery());
  const restore = useMutation({
    mutationFn: restoreSite,
    onSuccess: async (site) => {
      // The site is back in every read, shortlists included.
      await Promise.all([sitesChanged(client), client.invalidateQueries({ queryKey: ['projects'] })]);
      onRestored(String(site.id));
    },
  });
  return (
    <aside className="site-panel deleted-sites" aria-label={t('deleted.title')} data-testid="deleted-sites">
      <div className="panel-topbar">
        <span className="panel-topbar-title" aria-hidden="true">
          {t('deleted.title')}
        </span>
        <button type="button" className="panel-close" onClick={onClose} aria-label={t('panel.close')}>
          ×
        </button>
      </div>
      <div className="panel-body">
        <header className="panel-header">
          <h2>{t('deleted.title')}</h2>
        </header>
        {query.isPending && <Spinner label={t('state.loading')} />}
        {query.error ? <ErrorNotice error={query.error} onRetry={() => void query.refetch()} /> : null}
        {restore.error ? <ErrorNotice error={restore.error} /> : null}
        {query.data && query.data.features.length === 0 && <p className="muted">{t('deleted.empty')}</p>}
        <ul className="deleted-list">
          {query.data?.features.map((s) => (
            <li key={s.id} data-site-id={s.id}>
              <span>
                <strong>{s.name}</strong>
                <span className="small muted block">
                  {t('deleted.when', {
                    when: fmt.date(s.deletedAt),
                    who: s.deletedBy?.name ?? t('history.system'),
                  })}
                </span>
              </span>
              {mayEditSite(session, s.territorySiren) && (
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={restore.isPending}
                  aria-label={t('deleted.restoreNamed', { name: s.name })}
                  onClick={() => restore.mutate(s.id)}
                >
                  {t('deleted.restore')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
