/**
 * Field messages, from the API's own zod schemas (sites.schemas.ts, through `@api`) and from
 * the API's 400 `details`, in the UI's language: a zod issue becomes an i18n key with its
 * bounds, never zod's English text. A server refusal is put in words from its detail code,
 * unless the local check already says why.
 */
import { siteCreatePropertiesSchema, sitePatchPropertiesSchema } from '@api/modules/sites/sites.schemas.ts';
import type { z } from 'zod';
import { ApiError } from '../../api/client.ts';
import type { I18n } from '../../i18n/i18n.tsx';
import { detailText } from '../../ui/error-text.ts';

/** Messages per field key (`name`, `readiness.0.date`, `geometry`, `_form`). */
export type FieldErrors = Record<string, string[]>;

type Issue = z.core.$ZodIssue;

const FORMAT_BY_FIELD: Record<string, 'editor.err.insee' | 'editor.err.siren' | 'editor.err.label'> = {
  communeInsee: 'editor.err.insee',
  territorySiren: 'editor.err.siren',
  labels: 'editor.err.label',
};

/** One zod issue in words: `issueText({ code: 'too_big', maximum: 200, … }, i18n)` → "200 au plus". */
export function issueText(issue: Issue, { t, fmt }: Pick<I18n, 't' | 'fmt'>): string {
  const key = String(issue.path[0] ?? '');
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string' && min <= 1) return t('editor.err.required');
      if (issue.origin === 'string') return t('editor.err.tooShort', { min });
      return t('editor.err.min', { min: fmt.number(min, 4) });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return t('editor.err.tooLong', { max });
      if (issue.origin === 'array') return t('editor.err.tooMany', { max });
      return t('editor.err.max', { max: fmt.number(max, 4) });
    }
    case 'invalid_type':
      if (issue.expected === 'int') return t('editor.err.integer');
      if (issue.expected === 'number') return t('editor.err.number');
      return t('editor.err.type');
    case 'invalid_format':
      if (issue.format === 'email') return t('editor.err.email');
      if (issue.format === 'url') return t('editor.err.url');
      if (issue.format === 'date') return t('editor.err.date');
      return t(FORMAT_BY_FIELD[key] ?? 'editor.err.format');
    case 'invalid_value':
      return t('editor.err.choice');
    case 'custom':
      // The two refinements of the field table: the date range and the spreadsheet-formula guard.
      if (/date between/.test(issue.message)) return t('editor.err.dateRange');
      if (/formula|spreadsheet/i.test(issue.message)) return t('editor.err.formula');
      return t('editor.err.invalid');
    default:
      return t('editor.err.invalid');
  }
}

const add = (errors: FieldErrors, key: string, message: string) => {
  const list = errors[key] ?? [];
  if (!list.includes(message)) list.push(message);
  errors[key] = list;
};

/** Checks properties with the schema the API applies: create (name, commune required) or change. */
export function validateProperties(
  props: Record<string, unknown>,
  creating: boolean,
  i18n: Pick<I18n, 't' | 'fmt'>,
): FieldErrors {
  const schema = creating ? siteCreatePropertiesSchema : sitePatchPropertiesSchema;
  const r = schema.safeParse(props);
  const errors: FieldErrors = {};
  if (r.success) return errors;
  for (const issue of r.error.issues) {
    // A parcel is written as one identifier in one field: its message names the parcel.
    if (issue.path[0] === 'parcels' && typeof issue.path[1] === 'number') {
      add(errors, 'parcels', i18n.t('editor.err.parcel', { n: issue.path[1] + 1 }));
      continue;
    }
    const key = issue.path.join('.') || '_form';
    // A required field left empty arrives as null: "required", not "wrong type".
    const missing = issue.code === 'invalid_type' && props[key] == null;
    add(errors, key, missing ? i18n.t('editor.err.required') : issueText(issue, i18n));
  }
  return errors;
}

/**
 * The field messages of a refused save: each `details` entry (`properties.name`, `geometry`)
 * on its field, in the UI's language; a refusal without details goes to `_form`.
 */
export function serverErrors(
  err: unknown,
  local: FieldErrors,
  i18n: Pick<I18n, 't' | 'fmt'> & { lang: string },
): FieldErrors {
  const errors: FieldErrors = {};
  if (!(err instanceof ApiError) || err.status !== 400) return errors;
  // The server's codes in the UI's language (ui/error-text.ts), never its English message.
  if (err.details.length === 0) add(errors, '_form', i18n.t('editor.err.server'));
  for (const d of err.details) {
    const key = d.field.replace(/^properties\./, '').replace(/^parcels\..*/, 'parcels') || '_form';
    if (local[key]?.length) errors[key] = local[key];
    else add(errors, key.startsWith('geometry') ? 'geometry' : key, detailText(d, i18n));
  }
  return errors;
}
