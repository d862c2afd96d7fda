/** API errors in plain words, with the server's field details when it sent some. */
import { ApiError } from '../api/client.ts';
import { type I18n, useI18n } from '../i18n/i18n.tsx';

/** A sentence for any error: `errorText(new ApiError(0, 'network', ''), i18n)` → "The server cannot be reached…". */
export function errorText(err: unknown, { t }: Pick<I18n, 't'>): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.status === 401)
      return err.message ? t('error.auth', { message: err.message }) : t('error.authGeneric');
    if (err.status === 403) return t('error.forbidden');
    if (err.status === 404) return t('error.notFound');
    if (err.status === 429) return t('error.tooMany');
    if (err.status >= 500) return t('error.server');
    return err.message ? t('error.invalid', { message: err.message }) : t('error.unknown');
  }
  return t('error.unknown');
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorText(error, i18n)}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={`${d.field}:${d.message}`}>
              <code>{d.field}</code> {d.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {i18n.t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <span className="spinner" role="status">
      <span className="spinner-dot" aria-hidden="true" />
      <span className="spinner-label">{label}</span>
    </span>
  );
}
