/**
 * A field's value in words, for the conflict comparison and the history: labels of the form
 * (`field.<key>`), enum values through their i18n prefix, booleans as yes/no, geometry as its
 * area, readiness as its count.
 */
import type { I18n } from '../../i18n/i18n.tsx';
import { FORM_FIELDS } from './form-model.ts';
import { areaHa } from './outline.ts';

const BY_KEY = new Map(FORM_FIELDS.map((f) => [f.key, f]));

export function fieldLabel(key: string, { tx }: Pick<I18n, 'tx'>): string {
  if (key === 'geometry') return tx('field.geometry', key);
  return tx(`field.${key}`, key);
}

export function valueText(key: string, v: unknown, i18n: Pick<I18n, 't' | 'tx' | 'fmt'>): string {
  const { t, tx, fmt } = i18n;
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return t(v ? 'value.yes' : 'value.no');
  if (key === 'geometry') {
    // History entries report outlines by their areas ({ areaHa }), conflicts by the geometry itself.
    const o = v as { areaHa?: number; type?: string };
    const ha = typeof o.areaHa === 'number' ? o.areaHa : o.type ? areaHa(v as never) : null;
    return ha === null ? '—' : fmt.hectares(ha);
  }
  if (key === 'readiness' && Array.isArray(v)) return t('editor.readinessCount', { count: v.length });
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  if (typeof v === 'number') return fmt.number(v, 4);
  const c = BY_KEY.get(key)?.control;
  if (c?.kind === 'enum' && c.prefix) return tx(`${c.prefix}${String(v)}`, String(v));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A moment in the reader's time zone: "7 déc. 2026, 13:36" / "7 Dec 2026, 13:36". */
export function momentText(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d);
}
