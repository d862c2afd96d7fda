/**
 * The import screen (admins, territory editors), in the side panel: pick a site file (format
 * from its extension or chosen), see the dry-run report (counts, a small map of what would
 * change, every row with its line, status, reasons and field changes), settle each conflict
 * with a hand edit (keep it or take the file's value), then commit or cancel. The server keeps
 * the preview (24 h); nothing is written before the commit.
 */
import './imports.css';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  cancelImport,
  commitImport,
  formatOfFileName,
  type ImportPreview,
  type ImportReport,
  previewImport,
  REVIEW_FORMATS,
  type Resolutions,
  type ReviewFormat,
} from '../../api/imports.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { LoginForm } from '../account/account-menu.tsx';
import { useSession } from '../account/use-session.ts';
import { unresolvedCount } from './import-logic.ts';
import { PreviewMap } from './preview-map.tsx';
import { ConflictList, RowTable } from './preview-rows.tsx';

type Outcome = { kind: 'committed'; report: ImportReport } | { kind: 'cancelled' } | null;

export function ImportScreen() {
  const { t, tx } = useI18n();
  const { session } = useSession();
  const id = useId();
  if (!session) {
    return (
      <section className="imports">
        <LoginForm titleId={`${id}-login`} />
      </section>
    );
  }
  if (session.user.role !== 'admin' && session.user.role !== 'editor') {
    return (
      <section className="imports">
        <p className="notice">{t('imports.notAllowed', { role: tx(`role.${session.user.role}`) })}</p>
      </section>
    );
  }
  return <ImportReview editor={session.user.role === 'editor'} />;
}

function ImportReview({ editor }: { editor: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ReviewFormat | 'auto'>('auto');
  const [choices, setChoices] = useState<Resolutions>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [inputKey, setInputKey] = useState(0);

  const preview = useMutation({
    mutationFn: (v: { format: ReviewFormat; file: File }) => previewImport(v.format, v.file),
    onMutate: () => {
      setChoices({});
      setOutcome(null);
    },
  });
  const reset = () => {
    preview.reset();
    setFile(null);
    setInputKey((k) => k + 1);
  };
  const commit = useMutation({
    mutationFn: (v: { id: string; resolutions: Resolutions }) => commitImport(v.id, v.resolutions),
    onSuccess: (report) => {
      setOutcome({ kind: 'committed', report });
      reset();
      void client.invalidateQueries({ queryKey: ['sites'] });
    },
  });
  const cancel = useMutation({
    mutationFn: (previewId: string) => cancelImport(previewId),
    onSuccess: () => {
      setOutcome({ kind: 'cancelled' });
      reset();
    },
  });

  const effective = format === 'auto' ? (file ? formatOfFileName(file.name) : null) : format;
  const data = preview.data;

  return (
    <section className="imports" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="screen-title">
        {t('imports.title')}
      </h2>
      <p className="muted small">{t(editor ? 'imports.helpEditor' : 'imports.help')}</p>

      {outcome?.kind === 'committed' && (
        <p className="notice notice-success" role="status">
          {t('imports.committed', {
            inserted: outcome.report.inserted,
            updated: outcome.report.updated,
            unchanged: outcome.report.unchanged,
          })}
        </p>
      )}
      {outcome?.kind === 'cancelled' && (
        <p className="notice" role="status">
          {t('imports.cancelled')}
        </p>
      )}

      {!data && (
        <form
          className="import-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (file && effective) preview.mutate({ format: effective, file });
          }}
        >
          <div className="field-stack">
            <label htmlFor={`${id}-file`}>{t('imports.file')}</label>
            <input
              key={inputKey}
              id={`${id}-file`}
              type="file"
              accept=".geojson,.json,.csv"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <div className="field-stack">
            <label htmlFor={`${id}-format`}>{t('imports.format')}</label>
            <select
              id={`${id}-format`}
              value={format}
              onChange={(e) => setFormat(e.target.value as ReviewFormat | 'auto')}
            >
              <option value="auto">
                {t('imports.formatAuto')}
                {format === 'auto' && file && effective ? ` (${t(`imports.formats.${effective}`)})` : ''}
              </option>
              {REVIEW_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t(`imports.formats.${f}`)}
                </option>
              ))}
            </select>
          </div>
          {file && !effective && <p className="notice notice-error">{t('imports.formatUnknown')}</p>}
          {preview.error && <ErrorNotice error={preview.error} />}
          <div className="dialog-actions">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={!file || !effective || preview.isPending}
            >
              {preview.isPending ? t('imports.previewing') : t('imports.preview')}
            </button>
          </div>
        </form>
      )}

      {data && (
        <PreviewReport
          preview={data}
          choices={choices}
          onChoose={(siteId, field, choice) =>
            setChoices((c) => ({ ...c, [siteId]: { ...c[siteId], [field]: choice } }))
          }
          busy={commit.isPending || cancel.isPending}
          error={commit.error ?? cancel.error}
          onCommit={() => commit.mutate({ id: data.id, resolutions: choices })}
          onCancel={() => cancel.mutate(data.id)}
        />
      )}
    </section>
  );
}

function PreviewReport(props: {
  preview: ImportPreview;
  choices: Resolutions;
  onChoose(siteId: string, field: string, choice: 'keep' | 'incoming'): void;
  busy: boolean;
  error: unknown;
  onCommit(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const { preview, choices } = props;
  const unresolved = unresolvedCount(preview, choices);
  const c = preview.counts;
  return (
    <div className="import-report">
      <h3 className="import-file">{preview.file}</h3>
      <ul className="import-counts" aria-label={t('imports.summary')}>
        {(['new', 'changed', 'unchanged', 'invalid', 'conflicts'] as const).map((k) => (
          <li key={k} className={`import-count import-count-${k}`}>
            <strong>{c[k]}</strong> {t(`imports.count.${k}`)}
          </li>
        ))}
      </ul>
      <PreviewMap preview={preview} />
      {c.conflicts > 0 && <ConflictList preview={preview} choices={choices} onChoose={props.onChoose} />}
      <RowTable preview={preview} />
      {props.error ? <ErrorNotice error={props.error} /> : null}
      <div className="import-actions">
        {unresolved > 0 && <p className="muted small">{t('imports.unresolved', { count: unresolved })}</p>}
        <button type="button" className="btn btn-ghost" disabled={props.busy} onClick={props.onCancel}>
          {t('imports.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={props.busy || unresolved > 0}
          onClick={props.onCommit}
        >
          {t('imports.commit')}
        </button>
      </div>
    </div>
  );
}
