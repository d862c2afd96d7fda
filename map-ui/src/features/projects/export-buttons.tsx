/**
 * Downloads of the shortlist: the PDF dossier in French or English, the CSV table and the
 * GeoJSON layer. Each shows its progress (a PDF takes a second) and a refusal in words.
 */
import { useId, useState } from 'react';
import { downloadFile, type ExportKind, exportUrl } from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';

interface Choice {
  key: string;
  kind: ExportKind;
  lang: 'fr' | 'en';
}

const CHOICES: readonly Choice[] = [
  { key: 'pdf-fr', kind: 'pdf', lang: 'fr' },
  { key: 'pdf-en', kind: 'pdf', lang: 'en' },
  { key: 'table', kind: 'table.csv', lang: 'fr' },
  { key: 'csv', kind: 'csv', lang: 'fr' },
  { key: 'geojson', kind: 'geojson', lang: 'fr' },
];

export function ExportButtons({ projectId, disabled }: { projectId: string; disabled: boolean }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confidential, setConfidential] = useState(false);
  const id = useId();

  const label = (c: Choice) =>
    c.kind === 'pdf'
      ? t('export.pdf', { lang: c.lang.toUpperCase() })
      : c.kind === 'table.csv'
        ? t('export.table')
        : c.kind === 'csv'
          ? t('export.csvCodes')
          : 'GeoJSON';
  const describe = (c: Choice) =>
    c.kind === 'pdf'
      ? t('export.pdfLong', { language: t(c.lang === 'fr' ? 'lang.fr' : 'lang.en') })
      : c.kind === 'table.csv'
        ? t('export.tableLong')
        : c.kind === 'csv'
          ? t('export.csvLong')
          : t('export.geojsonLong');

  const run = async (c: Choice) => {
    setBusy(c.key);
    setError(null);
    setDone(null);
    try {
      const name = await downloadFile(
        exportUrl(projectId, c.kind, c.kind === 'pdf' ? c.lang : lang, confidential),
        `shortlist.${c.kind}`,
      );
      setDone(t('export.done', { name }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="exports">
      <span className="exports-label small">{t('export.label')}</span>
      <div className="exports-buttons">
        {CHOICES.map((c) => (
          <button
            key={c.key}
            type="button"
            className={`btn btn-small export-${c.kind}`}
            disabled={disabled || busy !== null}
            aria-label={describe(c)}
            title={describe(c)}
            data-export={c.key}
            onClick={() => run(c)}
          >
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
              <path
                d="M8 1v9m0 0L4.5 6.5M8 10l3.5-3.5M2 12v2h12v-2"
                stroke="currentColor"
                strokeWidth="1.6"
                fill="none"
              />
            </svg>
            {busy === c.key ? t('export.preparing') : label(c)}
          </button>
        ))}
      </div>
      <label className="check small export-confidential" htmlFor={`${id}-confidential`}>
        <input
          id={`${id}-confidential`}
          type="checkbox"
          checked={confidential}
          onChange={(e) => setConfidential(e.target.checked)}
        />
        {t('export.confidentialName')}
      </label>
      <p className="sr-only" aria-live="polite">
        {busy ? t('export.preparing') : (done ?? '')}
      </p>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
