/**
 * A save refused because someone saved first (412): who and when, then "Reload" (drop my
 * changes, take theirs) or "Compare" (my value and the current one for each field I changed),
 * from where my changes can be carried onto the current version and saved again.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type ConflictInfo, versionedSiteQuery } from '../../api/site-edits.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { fieldLabel, momentText, valueText } from './change-text.ts';

interface Props {
  siteId: string;
  conflict: ConflictInfo;
  /** Mine: the properties (and `geometry`) I changed, with my values. */
  mine: Record<string, unknown>;
  onReload(): void;
  /** Keeps my changes on top of the current version (the next save sends its ETag). */
  onKeepMine(): void;
}

export function ConflictView({ siteId, conflict, mine, onReload, onKeepMine }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [comparing, setComparing] = useState(false);
  const current = useQuery({ ...versionedSiteQuery(siteId), enabled: comparing });
  const who = conflict.updatedBy?.name ?? t('editor.conflict.someone');
  const when = conflict.updatedAt ? momentText(conflict.updatedAt, i18n.lang) : '—';

  const theirs = (key: string): unknown => {
    const s = current.data?.site;
    if (!s) return undefined;
    return key === 'geometry' ? s.geometry : (s.properties as Record<string, unknown>)[key];
  };

  return (
    <section className="conflict" role="alert" data-testid="conflict">
      <h3>{t('editor.conflict.title')}</h3>
      <p>{t('editor.conflict.text', { who, when })}</p>
      <div className="panel-actions">
        <button type="button" className="btn btn-small" onClick={onReload}>
          {t('editor.conflict.reload')}
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-expanded={comparing}
          onClick={() => setComparing(!comparing)}
        >
          {t('editor.conflict.compare')}
        </button>
      </div>
      {comparing && current.isPending && <Spinner label={t('state.loading')} />}
      {comparing && current.error ? <ErrorNotice error={current.error} /> : null}
      {comparing && current.data && (
        <>
          <table className="conflict-table" data-testid="conflict-table">
            <thead>
              <tr>
                <th scope="col">{t('editor.conflict.field')}</th>
                <th scope="col">{t('editor.conflict.mine')}</th>
                <th scope="col">{t('editor.conflict.theirs')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(mine).map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">{fieldLabel(key, i18n)}</th>
                  <td>{valueText(key, value, i18n)}</td>
                  <td>{valueText(key, theirs(key), i18n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="btn btn-small" onClick={onKeepMine}>
            {t('editor.conflict.keepMine')}
          </button>
        </>
      )}
    </section>
  );
}
