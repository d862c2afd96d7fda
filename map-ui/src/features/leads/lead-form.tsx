/**
 * "Je suis intéressé / I'm interested": a visitor's request about a published site (issue 13
 * item 9), a modal dialog opened from the site panel. The form token is asked when the dialog
 * opens (the server keeps requests sent a few seconds later, not robots' instant posts); the
 * `website` field is a honeypot hidden from people. After sending, the dialog thanks the
 * visitor and says who will answer.
 */

import { useEffect, useId, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { SECTORS } from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { useModalDialog } from '../../ui/use-dialog-focus.ts';
import {
  checkLead,
  EMPTY_LEAD,
  type LeadErrors,
  type LeadField,
  type LeadFormValues,
  leadBody,
  serverErrors,
} from './lead-form-state.ts';
import { formToken, sendLead } from './leads-api.ts';
import './leads.css';

interface Props {
  site: { id: string; name: string; territoryName?: string | null };
  onClose(): void;
}

export function LeadFormDialog({ site, onClose }: Props) {
  const { t, tx } = useI18n();
  const ref = useModalDialog();
  const id = useId();
  const [values, setValues] = useState<LeadFormValues>(EMPTY_LEAD);
  const [errors, setErrors] = useState<LeadErrors>({});
  const [token, setToken] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const loadToken = () => {
    formToken()
      .then((r) => setToken(r.token))
      .catch((e) => setFailure(e));
  };
  useEffect(loadToken, []);

  const set = (k: keyof LeadFormValues) => (v: string | boolean) => {
    setValues((s) => ({ ...s, [k]: v }));
    if (k in errors) setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const fieldErrors = (k: LeadField) => (errors[k] ? [t(`lead.error.${errors[k]}` as never)] : []);
  const describedBy = (k: LeadField) => (errors[k] ? `${id}-${k}-err` : undefined);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found = checkLead(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0];
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    if (!token) return loadToken();
    setSending(true);
    try {
      await sendLead(leadBody(site.id, values, token));
      setSent(true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_input') setErrors(serverErrors(err.details));
      if (err instanceof ApiError && err.code === 'lead_form_expired') loadToken();
      setFailure(err);
    } finally {
      setSending(false);
    }
  };

  const text = (k: LeadField, type = 'text', extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <input
      id={`${id}-${k}`}
      type={type}
      value={values[k] as string}
      aria-invalid={errors[k] ? true : undefined}
      aria-describedby={describedBy(k)}
      onChange={(e) => set(k)(e.target.value)}
      {...extra}
    />
  );

  // A code the form knows in the UI's language (rate limit, expired form), else the generic notice.
  const failureText =
    failure instanceof ApiError &&
    (failure.code === 'lead_rate_limited' || failure.code === 'lead_form_expired')
      ? tx(`errors.${failure.code}`)
      : null;

  return (
    <dialog
      ref={ref}
      className="dialog lead-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid="lead-form"
    >
      <h2 id={`${id}-title`}>{t('lead.title')}</h2>
      <p className="muted small">{t('lead.about', { site: site.name })}</p>
      {sent ? (
        <div className="lead-sent" role="status" data-testid="lead-sent">
          <p>
            <strong>{t('lead.sentTitle')}</strong>
          </p>
          <p>
            {site.territoryName
              ? t('lead.sentBody', { territory: site.territoryName })
              : t('lead.sentBodyNoTerritory')}
          </p>
          <div className="dialog-actions">
            <button type="button" className="btn btn-primary" onClick={() => ref.current?.close()}>
              {t('lead.close')}
            </button>
          </div>
        </div>
      ) : (
        <form noValidate onSubmit={submit} className="lead-form">
          <p className="small muted">{t('lead.intro')}</p>
          <fieldset>
            <legend>{t('lead.you')}</legend>
            <Field id={`${id}-company`} label={t('lead.company')} required errors={fieldErrors('company')}>
              {text('company', 'text', { autoComplete: 'organization', maxLength: 200 })}
            </Field>
            <Field
              id={`${id}-contactName`}
              label={t('lead.contactName')}
              required
              errors={fieldErrors('contactName')}
            >
              {text('contactName', 'text', { autoComplete: 'name', maxLength: 200 })}
            </Field>
            <div className="lead-row">
              <Field id={`${id}-email`} label={t('lead.email')} required errors={fieldErrors('email')}>
                {text('email', 'email', { autoComplete: 'email', maxLength: 200 })}
              </Field>
              <Field id={`${id}-phone`} label={t('lead.phone')} errors={fieldErrors('phone')}>
                {text('phone', 'tel', { autoComplete: 'tel', maxLength: 40 })}
              </Field>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('lead.project')}</legend>
            <Field
              id={`${id}-summary`}
              label={t('lead.summary')}
              required
              errors={fieldErrors('summary')}
              hint={t('lead.summaryHint')}
            >
              <textarea
                id={`${id}-summary`}
                rows={3}
                maxLength={2000}
                value={values.summary}
                aria-invalid={errors.summary ? true : undefined}
                aria-describedby={describedBy('summary') ?? `${id}-summary-hint`}
                onChange={(e) => set('summary')(e.target.value)}
              />
            </Field>
            <Field id={`${id}-sector`} label={t('lead.sector')} errors={[]}>
              <select
                id={`${id}-sector`}
                value={values.sector}
                onChange={(e) => set('sector')(e.target.value)}
              >
                <option value="">{t('lead.sectorNone')}</option>
                {SECTORS.map((s) => (
                  <option key={s} value={s}>
                    {tx(`sector.${s}`, s)}
                  </option>
                ))}
              </select>
            </Field>
            <div className="lead-row">
              <Field
                id={`${id}-surfaceHa`}
                label={t('lead.surface')}
                required
                errors={fieldErrors('surfaceHa')}
              >
                {text('surfaceHa', 'text', { inputMode: 'decimal' })}
              </Field>
              <Field id={`${id}-powerMw`} label={t('lead.power')} required errors={fieldErrors('powerMw')}>
                {text('powerMw', 'text', { inputMode: 'decimal' })}
              </Field>
            </div>
            <div className="lead-row">
              <Field id={`${id}-jobs`} label={t('lead.jobs')} errors={fieldErrors('jobs')}>
                {text('jobs', 'text', { inputMode: 'numeric' })}
              </Field>
              <Field id={`${id}-availableBy`} label={t('lead.date')} errors={fieldErrors('availableBy')}>
                {text('availableBy', 'date')}
              </Field>
            </div>
          </fieldset>
          {/* Honeypot: off-screen and out of the tab order; people never fill it. */}
          <div className="lead-hp" aria-hidden="true">
            <label htmlFor={`${id}-website`}>Website</label>
            <input
              id={`${id}-website`}
              name="website"
              tabIndex={-1}
              autoComplete="off"
              value={values.website}
              onChange={(e) => set('website')(e.target.value)}
            />
          </div>
          <div className={`lead-consent ${errors.consent ? 'has-error' : ''}`}>
            <label>
              <input
                id={`${id}-consent`}
                type="checkbox"
                checked={values.consent}
                aria-invalid={errors.consent ? true : undefined}
                aria-describedby={describedBy('consent')}
                onChange={(e) => set('consent')(e.target.checked)}
              />{' '}
              {t('lead.consent')}
            </label>
            {errors.consent && (
              <p className="field-error" id={`${id}-consent-err`}>
                {t('lead.error.consent')}
              </p>
            )}
            <p className="small muted">{t('lead.privacy')}</p>
          </div>
          {failure ? (
            failureText ? (
              <p className="notice notice-error" role="alert">
                {failureText}
              </p>
            ) : failure instanceof ApiError && failure.code === 'invalid_input' ? (
              <p className="notice notice-error" role="alert">
                {t('lead.error.fix')}
              </p>
            ) : (
              <ErrorNotice error={failure} />
            )
          ) : null}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => ref.current?.close()}>
              {t('action.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={sending} data-testid="lead-send">
              {sending ? t('lead.sending') : t('lead.send')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
