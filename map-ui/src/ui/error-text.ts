/**
 * API errors in the UI's language: the server's stable codes (api/src/shared/errors.ts:
 * `error.code`, `details[].code` + `params`) become our own French or English sentences,
 * with the field's label. The server's English `message` is never shown in French; in English
 * it is not shown either, so both languages say the same thing.
 */
import type { DetailCode, ErrorCode } from '@api/shared/errors.ts';
import { ApiError, type ApiErrorDetail } from '../api/client.ts';
import en from '../i18n/en.json';
import type { I18n, MessageKey } from '../i18n/i18n.tsx';

type T = Pick<I18n, 't' | 'fmt'>;

/** True when trying the same request again can work (network, overload, server trouble). */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;
}

/**
 * Labels of the fields the UI sends, by the API's field name (the last dotted part for
 * `properties.name`, `needs.surfaceHa.max` → `surfaceHa.max`). Unknown fields show as code.
 */
const FIELD_LABELS: Record<string, MessageKey> = {
  minAreaHa: 'filters.areaMin',
  maxAreaHa: 'filters.areaMax',
  minPowerMw: 'filters.power',
  labels: 'filters.labels',
  status: 'filters.status',
  region: 'filters.region',
  department: 'filters.department',
  departement: 'filters.department',
  railSiding: 'filters.railSiding',
  quay: 'filters.quay',
  brownfield: 'filters.brownfield',
  bbox: 'fieldErrors.field.bbox',
  q: 'search.label',
  geometry: 'field.geometry',
  email: 'account.email',
  password: 'account.password',
  'surfaceHa.min': 'needs.surfaceMin',
  'surfaceHa.max': 'needs.surfaceMax',
  regions: 'needs.regions',
  departments: 'needs.departments',
  country: 'projectForm.country',
  siteId: 'fieldErrors.field.site',
  siteIds: 'fieldErrors.field.sites',
  items: 'fieldErrors.field.sites',
  file: 'imports.file',
  body: 'imports.file',
  needs: 'projectMatch.needs',
};

/** The part of a field path that names the input: `properties.name` → `name`, `needs.regions.0` → `regions`. */
export function fieldKey(field: string): string {
  const parts = field.split('.').filter((p) => !/^\d+$/.test(p));
  const [head, ...rest] = parts;
  const stripped = head === 'properties' || head === 'needs' || head === 'items' ? rest : parts;
  if (stripped.length === 0) return head ?? '';
  const two = stripped.slice(-2).join('.');
  return two in FIELD_LABELS ? two : (stripped[stripped.length - 1] ?? '');
}

/** The field's label in the UI's language, or null when the UI has no name for it. */
export function fieldLabel(field: string, { t }: Pick<I18n, 't'>): string | null {
  if (!field || field === '(body)') return null;
  const key = fieldKey(field);
  if (key in FIELD_LABELS) return t(FIELD_LABELS[key]);
  // The site editor's fields (`properties.grossAreaHa`) are all labelled `field.<name>`.
  const siteField = `field.${key}` as MessageKey;
  const translated = t(siteField);
  return translated === siteField ? null : translated;
}

const num = (v: unknown, fmt: I18n['fmt']) => (typeof v === 'number' ? fmt.number(v, 4) : String(v ?? ''));

/** One refused field in words: `{ code: 'too_small', params: { minimum: 0 } }` → "must be at least 0". */
export function detailText(d: ApiErrorDetail, { t, fmt }: T): string {
  const p = d.params ?? {};
  const code = (d.code ?? 'invalid_value') as DetailCode;
  switch (code) {
    case 'too_small':
      if (p.origin === 'string') return t('fieldErrors.too_small_string', { minimum: num(p.minimum, fmt) });
      if (p.origin === 'array' || p.origin === 'set')
        return t('fieldErrors.too_small_array', { minimum: num(p.minimum, fmt) });
      return t(p.inclusive === false ? 'fieldErrors.too_small_exclusive' : 'fieldErrors.too_small', {
        minimum: num(p.minimum, fmt),
      });
    case 'too_big':
      if (p.origin === 'string') return t('fieldErrors.too_big_string', { maximum: num(p.maximum, fmt) });
      if (p.origin === 'array' || p.origin === 'set' || p.origin === 'positions')
        return t('fieldErrors.too_big_array', { maximum: num(p.maximum, fmt) });
      return t(p.inclusive === false ? 'fieldErrors.too_big_exclusive' : 'fieldErrors.too_big', {
        maximum: num(p.maximum, fmt),
      });
    case 'invalid_type':
      if (p.expected === 'number' || p.expected === 'int') return t('fieldErrors.invalid_type_number');
      return t('fieldErrors.invalid_type');
    case 'invalid_format':
      if (p.format === 'email') return t('fieldErrors.invalid_format_email');
      if (p.format === 'date') return t('fieldErrors.invalid_format_date');
      if (p.format === 'uuid') return t('fieldErrors.invalid_format_uuid');
      return t('fieldErrors.invalid_format');
    case 'min_exceeds_max': {
      const other = typeof p.other === 'string' ? fieldLabel(p.other, { t }) : null;
      return other ? t('fieldErrors.min_exceeds_max_named', { other }) : t('fieldErrors.min_exceeds_max');
    }
    case 'date_out_of_range':
      return t('fieldErrors.date_out_of_range', {
        min: fmt.date(String(p.min ?? '')),
        max: fmt.date(String(p.max ?? '')),
      });
    case 'unknown_field':
      return t('fieldErrors.unknown_field', { keys: Array.isArray(p.keys) ? p.keys.join(', ') : '' });
    case 'invalid_choice':
      return t('fieldErrors.invalid_choice');
    default: {
      const params: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(p))
        params[k] = Array.isArray(v) ? v.join(', ') : typeof v === 'number' ? fmt.number(v, 4) : String(v);
      return t(`fieldErrors.${code}` as MessageKey, params);
    }
  }
}

/** Keys of the top-level messages, by `error.code`; statuses cover codes a proxy may send. */
function codeKey(err: ApiError): MessageKey {
  const key = `errors.${err.code as ErrorCode}`;
  if (err.status === 0) return 'errors.network';
  if (key in en) return key as MessageKey;
  if (err.status === 401) return 'errors.unauthenticated';
  if (err.status === 403) return 'errors.forbidden';
  if (err.status === 404) return 'errors.not_found';
  if (err.status === 429) return 'errors.too_many_requests';
  if (err.status >= 500) return 'errors.internal_error';
  return 'errors.bad_request';
}

/** A sentence for any error: `errorText(new ApiError(0, 'network', ''), i18n)` → "The server cannot be reached…". */
export function errorText(err: unknown, { t }: Pick<I18n, 't'>): string {
  if (err instanceof ApiError) return t(codeKey(err));
  return t('errors.unknown');
}
