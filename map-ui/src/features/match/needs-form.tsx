/**
 * The project-needs form. Its fields mirror the shared needs schema; errors come from that
 * schema (validateNeedsForm) and are shown next to their field, in the UI language.
 */
import type { ProjectTemplate as MatchTemplate } from '@api/modules/matching/matching.schemas.ts';
import { useId, useMemo, useState } from 'react';
import {
  ICPE_REGIMES,
  PREFERENCES,
  type Preference,
  REGIONS,
  RISK_EXCLUSIONS,
  SEVESO_TIERS,
} from '../../api/shared-matching.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Spinner } from '../../ui/error-notice.tsx';
import { detailText } from '../../ui/error-text.ts';
import { Field } from '../../ui/field.tsx';
import { inLang } from './match-text.ts';
import type { NeedsForm as Form, NeedsField } from './needs-form-state.ts';
import { type FieldIssue, knockoutsOfForm } from './needs-validation.ts';
import { useKnockouts } from './use-knockouts.ts';

interface Props {
  form: Form;
  issues: FieldIssue[];
  templates: MatchTemplate[] | null;
  templateId: string;
  onChange(f: Form): void;
  onTemplate(id: string): void;
}

export function NeedsForm({ form, issues, templates, templateId, onChange, onTemplate }: Props) {
  const { t, tx, lang, fmt } = useI18n();
  const id = useId();
  const set = <K extends NeedsField>(k: K, v: Form[K]) => onChange({ ...form, [k]: v });
  const fid = (k: string) => `${id}-${k}`;

  const issueText = (i: FieldIssue): string => {
    switch (i.kind) {
      case 'required':
        return t('validation.required');
      case 'number':
        return t('validation.number');
      case 'positive':
        return t('validation.positive');
      case 'min':
        return t('validation.min', { min: i.bound ?? 0 });
      case 'max':
        return t('validation.max', { max: i.bound ?? 0 });
      case 'maxBelowMin':
        return t('validation.maxBelowMin');
      default:
        // Our own words for the schema's code, never zod's English.
        return i.detail ? detailText(i.detail, { t, fmt }) : t('fieldErrors.invalid_value');
    }
  };
  const errorsOf = (k: NeedsField) => issues.filter((i) => i.field === k).map(issueText);
  const general = issues.filter((i) => i.field === null).map(issueText);

  const num = (
    k: NeedsField,
    label: string,
    unit: string,
    opts: { required?: boolean; hint?: string } = {},
  ) => {
    const errs = errorsOf(k);
    return (
      <Field id={fid(k)} label={label} required={opts.required} errors={errs} hint={opts.hint}>
        <span className="input-unit">
          <input
            id={fid(k)}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={form[k] as string}
            aria-invalid={errs.length > 0}
            aria-describedby={errs.length ? `${fid(k)}-err` : opts.hint ? `${fid(k)}-hint` : undefined}
            aria-required={opts.required}
            onChange={(e) => set(k, e.target.value as Form[typeof k])}
          />
          <span className="unit">{unit}</span>
        </span>
      </Field>
    );
  };

  const pref = (k: 'railSiding' | 'quay' | 'brownfield' | 'fibre', label: string) => (
    <Field id={fid(k)} label={label} errors={errorsOf(k)}>
      <select id={fid(k)} value={form[k]} onChange={(e) => set(k, e.target.value as Preference)}>
        {PREFERENCES.map((p) => (
          <option key={p} value={p}>
            {tx(`pref.${p}`, p)}
          </option>
        ))}
      </select>
    </Field>
  );

  const template = templates?.find((x) => x.id === templateId);

  return (
    <div className="needs-form">
      <div className="field-stack">
        <label htmlFor={fid('template')}>{t('match.template')}</label>
        <select
          id={fid('template')}
          value={templateId}
          onChange={(e) => onTemplate(e.target.value)}
          disabled={!templates}
        >
          <option value="">{templates ? t('match.noTemplate') : t('state.loading')}</option>
          {templates?.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {tpl.name[lang] ?? tpl.name.fr}
            </option>
          ))}
        </select>
        {template?.description && (
          <p className="hint">{template.description[lang] ?? template.description.fr}</p>
        )}
        {templates?.length === 0 && <p className="hint">{t('match.noTemplates')}</p>}
      </div>

      <fieldset className="form-group">
        <legend>{t('needs.group.land')}</legend>
        <div className="grid-2">
          {num('surfaceMin', t('needs.surfaceMin'), 'ha', { required: true })}
          {num('surfaceMax', t('needs.surfaceMax'), 'ha')}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.allowAssembly}
            onChange={(e) => set('allowAssembly', e.target.checked)}
          />
          {t('needs.allowAssembly')}
        </label>
        <div className="grid-2">
          <Field id={fid('availableBy')} label={t('needs.availableBy')} errors={errorsOf('availableBy')}>
            <input
              id={fid('availableBy')}
              type="date"
              value={form.availableBy}
              onChange={(e) => set('availableBy', e.target.value)}
            />
          </Field>
          {num('maxPriceEurM2', t('needs.maxPrice'), '€/m²')}
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>{t('needs.group.energy')}</legend>
        <div className="grid-2">
          {num('powerMw', t('needs.power'), 'MW')}
          {num('rampUpMonths', t('needs.rampUp'), t('unit.months'), { hint: t('needs.rampUpHint') })}
          {num('waterM3PerDay', t('needs.water'), `m³/${t('unit.day')}`)}
          {num('wastewaterM3PerDay', t('needs.wastewater'), `m³/${t('unit.day')}`)}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.gasRequired}
            onChange={(e) => set('gasRequired', e.target.checked)}
          />
          {t('needs.gasRequired')}
        </label>
        {(form.gasRequired || form.gasCapacity) && num('gasCapacity', t('needs.gasCapacity'), 'MWh/j')}
        {pref('fibre', t('needs.fibre'))}
      </fieldset>

      <fieldset className="form-group">
        <legend>{t('needs.group.transport')}</legend>
        <div className="grid-2">
          {pref('railSiding', t('needs.railSiding'))}
          {pref('quay', t('needs.quay'))}
        </div>
        <p className="hint">{t('needs.distancesHint')}</p>
        <div className="grid-2">
          {num('distMotorway', t('needs.distMotorway'), 'km')}
          {num('distRailFreight', t('needs.distRailFreight'), 'km')}
          {num('distPort', t('needs.distPort'), 'km')}
          {num('distAirport', t('needs.distAirport'), 'km')}
        </div>
        <p className="hint">{t('needs.driveHint')}</p>
        <div className="grid-2">
          {num('driveMotorway', t('needs.distMotorway'), 'min')}
          {num('driveRailFreight', t('needs.distRailFreight'), 'min')}
          {num('drivePort', t('needs.distPort'), 'min')}
          {num('driveAirport', t('needs.distAirport'), 'min')}
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>{t('needs.group.workforce')}</legend>
        <div className="grid-2">
          {num('poolMinActive', t('needs.poolMinActive'), t('needs.people'))}
          <Field id={fid('poolMinutes')} label={t('needs.poolMinutes')} errors={errorsOf('poolMinutes')}>
            <select
              id={fid('poolMinutes')}
              value={form.poolMinutes}
              onChange={(e) => set('poolMinutes', e.target.value as Form['poolMinutes'])}
            >
              {(['20', '30', '45'] as const).map((m) => (
                <option key={m} value={m}>
                  {m} min
                </option>
              ))}
            </select>
          </Field>
        </div>
        <p className="hint">{t('needs.poolHint')}</p>
      </fieldset>

      <fieldset className="form-group">
        <legend>{t('needs.group.rules')}</legend>
        <div className="grid-2">
          <Field id={fid('icpe')} label={t('needs.icpe')} errors={errorsOf('icpeRegime')}>
            <select
              id={fid('icpe')}
              value={form.icpeRegime}
              onChange={(e) => set('icpeRegime', e.target.value)}
            >
              <option value="">{t('needs.notStated')}</option>
              {ICPE_REGIMES.map((r) => (
                <option key={r} value={r}>
                  {tx(`icpe.${r}`, r)}
                </option>
              ))}
            </select>
          </Field>
          <Field id={fid('seveso')} label={t('needs.seveso')} errors={errorsOf('sevesoTier')}>
            <select
              id={fid('seveso')}
              value={form.sevesoTier}
              onChange={(e) => set('sevesoTier', e.target.value)}
            >
              <option value="">{t('needs.notStated')}</option>
              {SEVESO_TIERS.map((r) => (
                <option key={r} value={r}>
                  {tx(`seveso.${r}`, r)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {pref('brownfield', t('needs.brownfield'))}
        <fieldset className="checks risk-checks">
          <legend>{t('needs.excludeRisks')}</legend>
          {RISK_EXCLUSIONS.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                checked={form.excludeRisks.includes(r)}
                onChange={() => set('excludeRisks', toggle(form.excludeRisks, r))}
              />
              {tx(`needs.risk.${r}`, r)}
            </label>
          ))}
          <p className="hint">{t('needs.excludeRisksHint')}</p>
        </fieldset>
      </fieldset>

      <KnockoutsFieldset form={form} onRelax={(relax) => set('relax', relax)} />

      <fieldset className="form-group">
        <legend>{t('needs.group.location')}</legend>
        <fieldset className="checks region-grid">
          <legend className="sr-only">{t('needs.regions')}</legend>
          {REGIONS.filter((r) => !r.overseas).map((r) => (
            <label key={r.code} className="check">
              <input
                type="checkbox"
                checked={form.regions.includes(r.code)}
                onChange={() => set('regions', toggle(form.regions, r.code))}
              />
              {r.name}
            </label>
          ))}
        </fieldset>
        {errorsOf('regions').map((e) => (
          <p key={e} className="field-error">
            {e}
          </p>
        ))}
        <DepartmentsInput
          id={fid('departments')}
          value={form.departments}
          errors={errorsOf('departments')}
          onChange={(d) => set('departments', d)}
        />
        <p className="hint">{t('needs.locationHint')}</p>
      </fieldset>

      {general.length > 0 && (
        <div className="notice notice-error" role="alert">
          {general.map((g) => (
            <p key={g}>{g}</p>
          ))}
        </div>
      )}
    </div>
  );
}

/** A padlock drawn in SVG (emoji fonts are missing on many work stations). */
function LockIcon() {
  return (
    <svg
      className="lock-icon"
      viewBox="0 0 12 14"
      width="10"
      height="12"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M3 6V4a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <rect x="1" y="6" width="10" height="7.5" rx="1.5" fill="currentColor" />
    </svg>
  );
}

/** `toggle(['a'], 'b')` → ['a', 'b']; `toggle(['a', 'b'], 'a')` → ['b']. */
const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

/**
 * The knock-outs of the needs: the law's bans, always applied (shown, not switchable), then the
 * project's own knock-outs, each of which can be made a mere preference (`relax`): a site that
 * misses it is then ranked lower instead of being left out.
 */
function KnockoutsFieldset({ form, onRelax }: { form: Form; onRelax(relax: string[]): void }) {
  const { t, lang } = useI18n();
  const rules = useKnockouts();
  const keys = useMemo(() => knockoutsOfForm(form), [form]);
  const legal = rules?.filter((k) => k.kind === 'legal') ?? [];
  const labelOf = (key: string) => {
    if (key === 'excludeRisks') return t('needs.excludeRisksShort');
    const rule = rules?.find((k) => k.need === key);
    return rule ? inLang(lang, rule.label) : key;
  };
  return (
    <fieldset className="form-group knockouts-group">
      <legend>{t('needs.group.knockouts')}</legend>
      {rules === null ? (
        <Spinner label={t('state.loading')} />
      ) : (
        <>
          {legal.length > 0 && (
            <div className="legal-bans" data-testid="legal-bans">
              <p className="sub-legend">{t('needs.legalBans')}</p>
              <ul>
                {legal.map((k) => (
                  <li key={k.key} title={inLang(lang, k.rule)}>
                    <LockIcon />
                    {inLang(lang, k.label)}
                    <span className="sr-only"> ({t('needs.alwaysOn')})</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <fieldset className="checks need-knockouts">
            <legend className="sub-legend">{t('needs.needKnockouts')}</legend>
            {keys.map((key) => (
              <label key={key} className="check">
                <input
                  type="checkbox"
                  checked={!form.relax.includes(key)}
                  onChange={() => onRelax(toggle(form.relax, key))}
                />
                {labelOf(key)}
              </label>
            ))}
            <p className="hint">{t('needs.relaxHint')}</p>
          </fieldset>
        </>
      )}
    </fieldset>
  );
}

/** Département codes typed as "57, 67, 2A"; kept as text while typing, parsed into codes. */
function DepartmentsInput({
  id,
  value,
  errors,
  onChange,
}: {
  id: string;
  value: string[];
  errors: string[];
  onChange(codes: string[]): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(value.join(', '));
  const [synced, setSynced] = useState(value);
  // Only an outside change (a template, a reset) rewrites what the user is typing.
  if (value !== synced) {
    setSynced(value);
    if (parseCodes(text).join(',') !== value.join(',')) setText(value.join(', '));
  }
  return (
    <Field id={id} label={t('needs.departments')} errors={errors}>
      <input
        id={id}
        type="text"
        placeholder="57, 67, 2A"
        value={text}
        aria-invalid={errors.length > 0}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseCodes(e.target.value));
        }}
      />
    </Field>
  );
}

function parseCodes(s: string): string[] {
  return s
    .split(/[\s,;]+/)
    .map((x) => x.trim().toUpperCase())
    .filter(Boolean)
    .map((x) => (/^\d$/.test(x) ? `0${x}` : x));
}
