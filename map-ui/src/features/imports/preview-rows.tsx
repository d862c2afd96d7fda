/**
 * The rows of an import preview: the conflicts to settle (one choice per site and field) and
 * the table of every row (line, status, site, reasons or field changes before → after).
 */
import type { FieldConflict, ImportPreview, PreviewRow, Resolutions } from '../../api/imports.ts';
import { type I18n, useI18n } from '../../i18n/i18n.tsx';
import { changeLabel, changeValue } from '../projects/change-format.ts';

type Words = Pick<I18n, 't' | 'tx' | 'fmt'>;

const label = (field: string, i18n: Words) =>
  field === 'geometry' ? i18n.t('imports.geometry') : changeLabel(field, i18n);
const value = (field: string, v: unknown, i18n: Words) =>
  field === 'geometry' && typeof v === 'number' ? i18n.fmt.hectares(v) : changeValue(field, v, i18n);

export function ConflictList(props: {
  preview: ImportPreview;
  choices: Resolutions;
  onChoose(siteId: string, field: string, choice: 'keep' | 'incoming'): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const rows = props.preview.rows.filter((r) => r.siteId && (r.conflicts?.length ?? 0) > 0);
  return (
    <section className="import-conflicts" aria-labelledby="import-conflicts-title">
      <h3 id="import-conflicts-title">{t('imports.conflictsTitle')}</h3>
      <p className="muted small">{t('imports.conflictsHelp')}</p>
      {rows.flatMap((r) =>
        (r.conflicts ?? []).map((c) => (
          <ConflictChoice
            key={`${r.siteId}:${c.field}`}
            row={r}
            conflict={c}
            choice={props.choices[r.siteId!]?.[c.field]}
            onChoose={(choice) => props.onChoose(r.siteId!, c.field, choice)}
            i18n={i18n}
          />
        )),
      )}
    </section>
  );
}

function ConflictChoice({
  row,
  conflict: c,
  choice,
  onChoose,
  i18n,
}: {
  row: PreviewRow;
  conflict: FieldConflict;
  choice: 'keep' | 'incoming' | undefined;
  onChoose(choice: 'keep' | 'incoming'): void;
  i18n: I18n;
}) {
  const { t, fmt } = i18n;
  const name = `conflict-${row.siteId}-${c.field}`;
  const edited = c.editedAt
    ? t('imports.editedBy', { name: c.editedBy?.name ?? t('imports.someone'), date: fmt.date(c.editedAt) })
    : null;
  return (
    <fieldset className="import-conflict" data-field={c.field}>
      <legend>
        {t('imports.conflictOf', { line: row.line, site: row.name ?? '', field: label(c.field, i18n) })}
      </legend>
      <label className={choice === 'keep' ? 'chosen' : undefined}>
        <input type="radio" name={name} checked={choice === 'keep'} onChange={() => onChoose('keep')} />
        <span>
          {t('imports.keep')} <strong>{value(c.field, c.current, i18n)}</strong>
          {edited && <small className="muted"> — {edited}</small>}
        </span>
      </label>
      <label className={choice === 'incoming' ? 'chosen' : undefined}>
        <input
          type="radio"
          name={name}
          checked={choice === 'incoming'}
          onChange={() => onChoose('incoming')}
        />
        <span>
          {t('imports.incoming')} <strong>{value(c.field, c.incoming, i18n)}</strong>
        </span>
      </label>
    </fieldset>
  );
}

export function RowTable({ preview }: { preview: ImportPreview }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="import-rows-wrap">
      <table className="import-rows">
        <caption>{t('imports.rowsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('imports.col.line')}</th>
            <th scope="col">{t('imports.col.status')}</th>
            <th scope="col">{t('imports.col.site')}</th>
            <th scope="col">{t('imports.col.details')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.line} className={`import-row-${r.status}`} data-line={r.line}>
              <td>{r.line}</td>
              <td>
                <span className={`import-status import-status-${r.status}`}>
                  {t(`imports.status.${r.status}`)}
                </span>
              </td>
              <td>{r.name ?? '—'}</td>
              <td>
                <ul className="import-details">
                  {(r.reasons ?? []).map((reason) => (
                    <li key={reason} className="import-reason">
                      {reason}
                    </li>
                  ))}
                  {(r.changes ?? []).map((ch) => (
                    <li key={ch.field}>
                      {label(ch.field, i18n)} : {value(ch.field, ch.before, i18n)} →{' '}
                      {value(ch.field, ch.after, i18n)}
                    </li>
                  ))}
                  {(r.conflicts ?? []).map((c) => (
                    <li key={c.field} className="import-conflict-note">
                      {t('imports.conflictNote', { field: label(c.field, i18n) })}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
