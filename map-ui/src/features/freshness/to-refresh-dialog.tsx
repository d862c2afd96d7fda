/**
 * "À actualiser / To refresh" (issue 12): for editors and admins, their sites whose decisive
 * facts are old or undated, most shortlisted and matched first; a row opens the site on the map.
 * Opened from the account menu; a modal dialog, so no screen of its own.
 */
import { DEFAULT_REFRESH_MONTHS } from '@api/modules/sites/site.freshness.ts';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { toRefreshQuery } from '../../api/freshness.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { useModalDialog } from '../../ui/use-dialog-focus.ts';
import { monthsAgo } from '../site-panel/site-panel-records.tsx';
import './to-refresh.css';

export function ToRefreshDialog({ onClose, onOpenSite }: { onClose(): void; onOpenSite(id: string): void }) {
  const { t, tx, lang } = useI18n();
  const ref = useModalDialog();
  const id = useId();
  const [months, setMonths] = useState(DEFAULT_REFRESH_MONTHS);
  const list = useQuery(toRefreshQuery(months));

  return (
    <dialog
      ref={ref}
      className="dialog to-refresh"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid="to-refresh"
    >
      <h2 id={`${id}-title`}>{t('refresh.title')}</h2>
      <p className="muted small">{t('refresh.intro', { months })}</p>
      <label className="to-refresh-months">
        {t('refresh.months')}{' '}
        <select value={months} onChange={(e) => setMonths(Number(e.target.value))}>
          {[6, 12, 18, 24, 36].map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      {list.isPending && <Spinner label={t('panel.loading')} />}
      {list.error && <ErrorNotice error={list.error} onRetry={() => list.refetch()} />}
      {list.data && list.data.features.length === 0 && <p>{t('refresh.empty', { months })}</p>}
      {list.data && list.data.features.length > 0 && (
        <ol className="to-refresh-list">
          {list.data.features.map((f) => (
            <li key={f.id}>
              <button
                type="button"
                className="to-refresh-site"
                title={t('refresh.open')}
                onClick={() => {
                  ref.current?.close();
                  onOpenSite(f.id);
                }}
              >
                <strong>{f.name}</strong>
                <span className="small muted">{f.communeInsee}</span>
              </button>
              <ul className="to-refresh-stale">
                {f.stale.map((s) => (
                  <li key={s.group}>
                    <span>{tx(`freshness.group.${s.group}`, s.group)}</span>{' '}
                    <span className="tag tag-stale">
                      {s.ageMonths === null ? t('freshness.unknown') : monthsAgo(lang, s.ageMonths)}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="small muted">
                {f.shortlistCount > 0
                  ? t('refresh.counts', { shortlists: f.shortlistCount, matches: f.matchCount })
                  : t('refresh.notShortlisted')}
              </p>
            </li>
          ))}
        </ol>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => ref.current?.close()}>
          {t('refresh.close')}
        </button>
      </div>
    </dialog>
  );
}
