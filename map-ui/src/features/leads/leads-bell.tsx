/**
 * The staff's notification of new requests from the public map (issue 13 item 9): a header
 * button with the unread count, opening "Nouvelles demandes": each request (company, site,
 * date, read or not) opens its project; "mark as read" one by one or all. Only for staff and
 * admins; the server lists only the requests of the caller's territories (all for admins).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { useModalDialog } from '../../ui/use-dialog-focus.ts';
import { useSession } from '../account/use-session.ts';
import { leadsQuery, markAllLeadsRead, markLeadRead, unreadLeadsQuery } from './leads-api.ts';
import './leads.css';

/** Opens a project on the staff screen through the URL (the app follows history changes). */
function openProject(id: string): void {
  window.history.pushState(null, '', `/projects?project=${encodeURIComponent(id)}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function LeadsBell() {
  const { session } = useSession();
  const staff = session?.user.role === 'staff' || session?.user.role === 'admin';
  return staff ? <Bell /> : null;
}

function Bell() {
  const { t, tp } = useI18n();
  const [open, setOpen] = useState(false);
  const unread = useQuery(unreadLeadsQuery).data?.unread ?? 0;
  const label = unread > 0 ? tp('lead.inbox.unread', unread) : t('lead.inbox.none');
  return (
    <>
      <button
        type="button"
        className={`btn btn-header lead-bell ${unread > 0 ? 'has-unread' : ''}`}
        aria-label={`${t('lead.inbox.title')} – ${label}`}
        title={label}
        data-testid="lead-bell"
        onClick={() => setOpen(true)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16a.8.8 0 0 0 .7 1.2h14a.8.8 0 0 0 .7-1.2L18 12.6V9a6 6 0 0 0-6-6Zm-2.4 15.6a2.4 2.4 0 0 0 4.8 0Z"
            fill="currentColor"
          />
        </svg>
        <span className="lead-bell-text">{t('lead.inbox.short')}</span>
        {unread > 0 && (
          <span className="lead-badge" data-testid="lead-badge">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && <InboxDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function InboxDialog({ onClose }: { onClose(): void }) {
  const { t, fmt } = useI18n();
  const ref = useModalDialog();
  const id = useId();
  const client = useQueryClient();
  const list = useQuery(leadsQuery);
  const refresh = () => client.invalidateQueries({ queryKey: ['leads'] });
  const markOne = useMutation({ mutationFn: markLeadRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: markAllLeadsRead, onSuccess: refresh });
  const leads = list.data?.leads ?? [];
  return (
    <dialog
      ref={ref}
      className="dialog lead-inbox"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid="lead-inbox"
    >
      <h2 id={`${id}-title`}>{t('lead.inbox.title')}</h2>
      <p className="muted small">{t('lead.inbox.intro')}</p>
      {list.isPending && <Spinner label={t('state.loading')} />}
      {list.error && <ErrorNotice error={list.error} onRetry={() => list.refetch()} />}
      {markOne.error || markAll.error ? <ErrorNotice error={markOne.error ?? markAll.error} /> : null}
      {list.data && leads.length === 0 && <p>{t('lead.inbox.empty')}</p>}
      {leads.length > 0 && (
        <ul className="lead-list">
          {leads.map((l) => (
            <li key={l.id} className={l.read ? 'read' : 'unread'} data-testid="lead-item">
              <button
                type="button"
                className="lead-open-project"
                title={t('lead.inbox.openProject')}
                onClick={() => {
                  if (!l.read) markOne.mutate(l.id);
                  ref.current?.close();
                  openProject(l.projectId);
                }}
              >
                {!l.read && (
                  <>
                    <span className="lead-dot" aria-hidden="true" />
                    <span className="sr-only">{t('lead.inbox.new')} </span>
                  </>
                )}
                <strong>{l.company ?? l.projectName}</strong>
                <span className="small muted block">
                  {l.siteName ?? t('lead.inbox.siteGone')} · {fmt.date(l.createdAt)}
                </span>
              </button>
              {!l.read && (
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  disabled={markOne.isPending}
                  onClick={() => markOne.mutate(l.id)}
                >
                  {t('lead.inbox.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        {leads.some((l) => !l.read) && (
          <button type="button" className="btn" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('lead.inbox.markAllRead')}
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={() => ref.current?.close()}>
          {t('lead.close')}
        </button>
      </div>
    </dialog>
  );
}
