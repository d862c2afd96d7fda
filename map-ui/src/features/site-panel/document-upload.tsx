/**
 * Adding and removing a site's photos and documents (admins and the editors of its territory):
 * a file (JPEG, PNG, WebP or PDF, up to 10 MB: the API checks the bytes and the size again)
 * with an optional title; the site's sheet is refetched afterwards.
 */
import type { SiteDocument } from '@api/modules/sites/documents/documents.schemas.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';

export const DOCUMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
const MAX_BYTES = 10 * 1024 * 1024;

const documentsPath = (siteId: string) => `/api/sites/${encodeURIComponent(siteId)}/documents`;

export function DocumentUpload({ siteId, documents }: { siteId: string; documents: SiteDocument[] }) {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [inputKey, setInputKey] = useState(0);
  const refresh = () => client.invalidateQueries({ queryKey: ['sites', 'detail', siteId] });

  const upload = useMutation({
    mutationFn: (f: File) => {
      const q = new URLSearchParams({ name: f.name });
      if (title.trim()) q.set('title', title.trim());
      return apiFetch<SiteDocument>(`${documentsPath(siteId)}?${q}`, {
        method: 'POST',
        file: f,
        headers: { 'content-type': f.type || 'application/octet-stream' },
      });
    },
    onSuccess: async () => {
      setFile(null);
      setTitle('');
      setInputKey((k) => k + 1);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (docId: string) =>
      apiFetch<void>(`${documentsPath(siteId)}/${encodeURIComponent(docId)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });

  // Said before sending: the wrong type or an oversized file never leaves the browser.
  const local =
    file === null
      ? null
      : !(DOCUMENT_TYPES as readonly string[]).includes(file.type)
        ? t('documents.badType')
        : file.size > MAX_BYTES
          ? t('documents.tooBig')
          : null;

  return (
    <div className="doc-upload" data-testid="document-upload">
      {documents.length > 0 && (
        <ul className="doc-manage">
          {documents.map((d) => (
            <li key={d.id}>
              <span>{d.title ?? d.name}</span>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                disabled={remove.isPending}
                onClick={() => window.confirm(t('documents.confirmRemove')) && remove.mutate(d.id)}
              >
                {t('documents.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={`${id}-file`} className="small">
        {t('documents.add')}
      </label>
      <input
        key={inputKey}
        id={`${id}-file`}
        type="file"
        accept={DOCUMENT_TYPES.join(',')}
        aria-describedby={local ? `${id}-err` : undefined}
        onChange={(e) => {
          upload.reset();
          setFile(e.target.files?.[0] ?? null);
        }}
      />
      <label htmlFor={`${id}-title`} className="sr-only">
        {t('documents.titleLabel')}
      </label>
      <input
        id={`${id}-title`}
        type="text"
        maxLength={200}
        placeholder={t('documents.titleLabel')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      {local && (
        <p id={`${id}-err`} className="field-error" role="alert">
          {local}
        </p>
      )}
      <button
        type="button"
        className="btn btn-small"
        disabled={file === null || local !== null || upload.isPending}
        onClick={() => file && upload.mutate(file)}
      >
        {upload.isPending ? t('documents.uploading') : t('documents.upload')}
      </button>
      {upload.error ? <ErrorNotice error={upload.error} /> : null}
      {remove.error ? <ErrorNotice error={remove.error} /> : null}
    </div>
  );
}
