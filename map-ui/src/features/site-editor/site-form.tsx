/**
 * The editor's fields, grouped as SITE-ECO groups them (form-model.ts), each with its label,
 * its control and its messages (ui/field.tsx). Booleans are three-way (unknown / yes / no):
 * "not known" is not "no" for a site's networks.
 */
import { READINESS_ITEMS, READINESS_STATUSES, type ReadinessItem } from '@api/modules/sites/site.fields.ts';
import type { ReactNode } from 'react';
import { territoryLabel, useTerritoryNames } from '../../api/territories.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field } from '../../ui/field.tsx';
import { type FormField, type FormValues, GROUPS } from './form-model.ts';
import type { FieldErrors } from './validation.ts';

interface Props {
  values: FormValues;
  errors: FieldErrors;
  onChange(values: FormValues): void;
  /** Rendered at the top of the surfaces group: the live outline area. */
  surfacesExtra?: ReactNode;
  /** Choices for `territorySiren` (an editor's territories); none: a free text field. */
  territories?: readonly string[];
}

export function SiteForm({ values, errors, onChange, surfacesExtra, territories }: Props) {
  const { t, tx } = useI18n();
  // The editor's territories are SIRENs: the options say their names (one request per form).
  const names = useTerritoryNames(territories ?? []);
  const territoryChoices = territories?.map((s) => [s, territoryLabel(s, names)] as const);
  const setField = (key: string, v: string) =>
    onChange({ ...values, fields: { ...values.fields, [key]: v } });
  return (
    <div className="site-form">
      {GROUPS.map((g) => (
        <fieldset key={g.id} className="form-group" id={`group-${g.id}`}>
          <legend>{tx(`editor.group.${g.id}`, g.id)}</legend>
          {g.id === 'surfaces' && surfacesExtra}
          {g.fields.map((f) => (
            <FieldControl
              key={f.key}
              field={f}
              value={values.fields[f.key] ?? ''}
              errors={errors[f.key] ?? []}
              onChange={(v) => setField(f.key, v)}
              choices={f.key === 'territorySiren' ? territoryChoices : undefined}
            />
          ))}
          {g.id === 'readiness' && (
            <ReadinessEditor
              items={values.readiness}
              errors={errors}
              onChange={(readiness) => onChange({ ...values, readiness })}
            />
          )}
        </fieldset>
      ))}
      {errors._form?.length ? (
        <p className="field-error" role="alert">
          {errors._form.join(' ')}
        </p>
      ) : null}
      <p className="small muted">{t('editor.requiredNote')}</p>
    </div>
  );
}

function FieldControl({
  field,
  value,
  errors,
  onChange,
  choices,
}: {
  field: FormField;
  value: string;
  errors: string[];
  onChange(v: string): void;
  /** `[value, label]` pairs: a select instead of a free text field. */
  choices?: ReadonlyArray<readonly [value: string, label: string]>;
}) {
  const { t, tx } = useI18n();
  const id = `site-${field.key}`;
  const label =
    tx(`field.${field.key}`, field.key) + (field.confidential ? ` (${t('editor.confidential')})` : '');
  const hint = tx(`field.${field.key}.hint`, '') || undefined;
  const common = {
    id,
    'aria-invalid': errors.length > 0 || undefined,
    'aria-describedby': errors.length ? `${id}-err` : hint ? `${id}-hint` : undefined,
  };
  const c = field.control;
  let control: ReactNode;
  if (choices && choices.length > 0) {
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {[...choices, ...(value && !choices.some(([v]) => v === value) ? [[value, value] as const] : [])].map(
          ([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ),
        )}
      </select>
    );
  } else if (c.kind === 'enum' || c.kind === 'bool') {
    const options: readonly string[] = c.kind === 'enum' ? c.options : ['true', 'false'];
    const text = (o: string) =>
      c.kind !== 'enum'
        ? t(o === 'true' ? 'value.yes' : 'value.no')
        : c.prefix
          ? tx(`${c.prefix}${o}`, o)
          : o;
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('editor.unknown')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {text(o)}
          </option>
        ))}
      </select>
    );
  } else if (c.kind === 'textarea') {
    control = <textarea {...common} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />;
  } else {
    const type =
      c.kind === 'date' ? 'date' : c.kind === 'email' ? 'email' : c.kind === 'url' ? 'url' : 'text';
    control = (
      <input
        {...common}
        type={type}
        inputMode={c.kind === 'number' ? 'decimal' : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <Field id={id} label={label} required={field.required} errors={errors} hint={hint}>
      {control}
    </Field>
  );
}

const EMPTY_ITEM: ReadinessItem = {
  item: 'urbanism',
  status: 'not_started',
  date: null,
  evidenceUrl: null,
  note: null,
};

/** The readiness checklist: item, status, date, evidence link and note per row. */
function ReadinessEditor({
  items,
  errors,
  onChange,
}: {
  items: ReadinessItem[];
  errors: FieldErrors;
  onChange(items: ReadinessItem[]): void;
}) {
  const { t, tx } = useI18n();
  const set = (i: number, patch: Partial<ReadinessItem>) =>
    onChange(items.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const unused = READINESS_ITEMS.find((it) => !items.some((r) => r.item === it));
  return (
    <div className="readiness-editor">
      {items.length === 0 && <p className="muted small">{t('panel.noReadiness')}</p>}
      {items.map((r, i) => {
        const id = `readiness-${i}`;
        const err = (k: string) => errors[`readiness.${i}.${k}`] ?? [];
        return (
          <div key={id} className="readiness-row">
            <Field id={`${id}-item`} label={t('editor.readiness.item')} errors={err('item')}>
              <select
                id={`${id}-item`}
                value={r.item}
                onChange={(e) => set(i, { item: e.target.value as ReadinessItem['item'] })}
              >
                {READINESS_ITEMS.map((it) => (
                  <option key={it} value={it}>
                    {tx(`readiness.item.${it}`, it)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={`${id}-status`} label={t('editor.readiness.status')} errors={err('status')}>
              <select
                id={`${id}-status`}
                value={r.status}
                onChange={(e) => set(i, { status: e.target.value as ReadinessItem['status'] })}
              >
                {READINESS_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {tx(`readiness.status.${s}`, s)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={`${id}-date`} label={t('editor.readiness.date')} errors={err('date')}>
              <input
                id={`${id}-date`}
                type="date"
                value={r.date ?? ''}
                onChange={(e) => set(i, { date: e.target.value })}
              />
            </Field>
            <Field id={`${id}-evidence`} label={t('editor.readiness.evidence')} errors={err('evidenceUrl')}>
              <input
                id={`${id}-evidence`}
                type="url"
                value={r.evidenceUrl ?? ''}
                onChange={(e) => set(i, { evidenceUrl: e.target.value })}
              />
            </Field>
            <Field id={`${id}-note`} label={t('editor.readiness.note')} errors={err('note')}>
              <input
                id={`${id}-note`}
                type="text"
                value={r.note ?? ''}
                onChange={(e) => set(i, { note: e.target.value })}
              />
            </Field>
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={() => onChange(items.filter((_, j) => j !== i))}
            >
              {t('editor.readiness.remove')}
            </button>
          </div>
        );
      })}
      {unused && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onChange([...items, { ...EMPTY_ITEM, item: unused }])}
        >
          {t('editor.readiness.add')}
        </button>
      )}
    </div>
  );
}
