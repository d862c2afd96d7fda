/**
 * API errors in plain words, in the UI's language (ui/error-text.ts): the refused fields with
 * their labels, a button that takes the user to a field the screen shows, and "Try again"
 * only when trying again can work (never for a 4xx the same request would get again).
 */
import { useEffect, useState } from 'react';
import { ApiError, type ApiErrorDetail } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { detailText, errorText, fieldKey, fieldLabel, isRetryable } from './error-text.ts';

export { errorText } from './error-text.ts';

/** The visible input of a refused field (`<input name="minAreaHa">`), if this screen has one. */
function inputFor(field: string): HTMLElement | null {
  const name = fieldKey(field);
  if (!name || typeof document === 'undefined') return null;
  return document.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
}

function focusField(field: string) {
  const el = inputFor(field);
  if (!el) return;
  // A filter inside a closed <details> must be shown before it can take the focus.
  const details = el.closest('details');
  if (details && !details.open) details.open = true;
  el.focus();
  el.scrollIntoView?.({ block: 'nearest' });
}

function DetailLine({ detail }: { detail: ApiErrorDetail }) {
  const i18n = useI18n();
  const label = fieldLabel(detail.field, i18n);
  const [fixable, setFixable] = useState(false);
  useEffect(() => setFixable(inputFor(detail.field) !== null), [detail.field]);
  return (
    <li data-field={detail.field} data-code={detail.code ?? 'invalid_value'}>
      {label ? <strong>{label}</strong> : <code>{detail.field}</code>}
      {i18n.t('errors.fieldSeparator')}
      {detailText(detail, i18n)}
      {fixable && (
        <>
          {' '}
          <button type="button" className="btn btn-small btn-link" onClick={() => focusField(detail.field)}>
            {label ? i18n.t('errors.fixNamed', { field: label }) : i18n.t('errors.fix')}
          </button>
        </>
      )}
    </li>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  const details = error instanceof ApiError ? error.details : [];
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="notice notice-error" role="alert" data-error-code={code}>
      <p>{errorText(error, i18n)}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <DetailLine key={`${d.field}:${d.code}:${d.message}`} detail={d} />
          ))}
        </ul>
      )}
      {onRetry && isRetryable(error) && (
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
