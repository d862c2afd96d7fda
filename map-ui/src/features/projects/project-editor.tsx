/**
 * Create or edit a project: identity (code name, optional company, sector, origin country,
 * jobs, investment), contact, the needs (the match screen's own form and templates, so a
 * project's needs are exactly what a match takes) and notes. Errors show next to their field,
 * in the UI language; a refusal from the server names the field it concerns.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { getTemplates } from '../../api/match.ts';
import {
  createProject,
  type Project,
  type ProjectInput,
  projectKeys,
  SECTORS,
  type Sector,
  updateProject,
} from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { detailText } from '../../ui/error-text.ts';
import { Field } from '../../ui/field.tsx';
import { NeedsForm } from '../match/needs-form.tsx';
import { EMPTY_NEEDS_FORM, needsToForm } from '../match/needs-form-state.ts';
import { type FieldIssue, validateNeedsForm } from '../match/needs-validation.ts';
import {
  countryOptions,
  formToProject,
  needsStated,
  type ProjectField,
  type ProjectForm,
  type ProjectIssue,
  projectToForm,
  sectorOfTemplate,
} from './project-form-state.ts';

interface Props {
  /** The project to edit, or null to create one. */
  project: Project | null;
  onCancel(): void;
  onSaved(p: Project): void;
}

/** Server field names → form fields, for refusals the client did not foresee. */
const SERVER_FIELDS: Record<string, ProjectField> = {
  name: 'name',
  company: 'company',
  sector: 'sector',
  originCountry: 'originCountry',
  jobs: 'jobs',
  investmentEur: 'investmentMeur',
  'contact.name': 'contactName',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
  'contact.role': 'contactRole',
  notes: 'notes',
};

export function ProjectEditor({ project, onCancel, onSaved }: Props) {
  const { t, tx, lang, fmt } = useI18n();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState<ProjectForm>(() => projectToForm(project));
  const [issues, setIssues] = useState<ProjectIssue[]>([]);
  const [needIssues, setNeedIssues] = useState<FieldIssue[]>([]);
  const [tried, setTried] = useState(false);

  useEffect(() => headingRef.current?.focus(), []);

  // The needs templates: a convenience, without them the form still works.
  const templatesQuery = useQuery({
    queryKey: ['project-form', 'templates'],
    queryFn: ({ signal }) => getTemplates(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const templates = templatesQuery.isError ? [] : (templatesQuery.data ?? null);

  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: ProjectInput) => (project ? updateProject(project.id, body) : createProject(body)),
    onSuccess: (saved) => {
      client.setQueryData(projectKeys.one(saved.id), saved);
      void client.invalidateQueries({ queryKey: projectKeys.lists });
      void client.invalidateQueries({ queryKey: projectKeys.observatory });
    },
  });
  const busy = save.isPending;
  const error = save.error;

  const countries = useMemo(() => countryOptions(lang), [lang]);

  const check = (f: ProjectForm) => {
    const r = formToProject(f);
    const needs = needsStated(f.needs) ? validateNeedsForm(f.needs) : null;
    return { r, needs };
  };

  const change = (f: ProjectForm) => {
    setForm(f);
    // After a failed save, messages follow the edits.
    if (tried) {
      const { r, needs } = check(f);
      setIssues(r.ok ? [] : r.issues);
      setNeedIssues(needs && !needs.ok ? needs.issues : []);
    }
  };
  const set = <K extends keyof ProjectForm>(k: K, v: ProjectForm[K]) => change({ ...form, [k]: v });

  const submit = async () => {
    setTried(true);
    save.reset();
    const { r, needs } = check(form);
    setIssues(r.ok ? [] : r.issues);
    setNeedIssues(needs && !needs.ok ? needs.issues : []);
    if (!r.ok || (needs && !needs.ok)) {
      // Take the user to the first field to correct.
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('.project-form [aria-invalid="true"]')?.focus(),
      );
      return;
    }
    const body: ProjectInput = {
      ...r.body,
      needs: needs?.ok ? needs.needs : null,
    };
    try {
      onSaved(await save.mutateAsync(body));
    } catch (e) {
      if (e instanceof ApiError && e.details.length) {
        const mapped = e.details.flatMap((d): ProjectIssue[] => {
          const field = SERVER_FIELDS[d.field];
          return field ? [{ field, kind: 'server', message: detailText(d, { t, fmt }) }] : [];
        });
        if (mapped.length) setIssues(mapped);
      }
    }
  };

  const issueText = (i: ProjectIssue): string => {
    switch (i.kind) {
      case 'required':
        return t('validation.required');
      case 'tooLong':
        return t('projectForm.tooLong', { max: i.bound ?? 0 });
      case 'wholeNumber':
        return t('projectForm.wholeNumber');
      case 'number':
        return t('validation.number');
      case 'negative':
        return t('projectForm.negative');
      case 'tooBig':
        return t('validation.max', { max: i.bound ?? 0 });
      case 'email':
        return t('projectForm.email');
      case 'contactName':
        return t('projectForm.contactName');
      case 'server':
        return i.message ?? t('errors.unknown');
    }
  };
  const errs = (f: ProjectField) => issues.filter((i) => i.field === f).map(issueText);

  const textField = (
    f: ProjectField,
    label: string,
    opts: {
      required?: boolean;
      hint?: string;
      type?: string;
      autoComplete?: string;
      unit?: string;
      inputMode?: 'decimal' | 'numeric';
    } = {},
  ) => {
    const e = errs(f);
    const input = (
      <input
        id={`${id}-${f}`}
        type={opts.type ?? 'text'}
        inputMode={opts.inputMode}
        autoComplete={opts.autoComplete ?? 'off'}
        value={form[f] as string}
        aria-invalid={e.length > 0}
        aria-required={opts.required}
        aria-describedby={e.length ? `${id}-${f}-err` : opts.hint ? `${id}-${f}-hint` : undefined}
        onChange={(ev) => set(f, ev.target.value as ProjectForm[typeof f])}
      />
    );
    return (
      <Field id={`${id}-${f}`} label={label} required={opts.required} errors={e} hint={opts.hint}>
        {opts.unit ? (
          <span className="input-unit">
            {input}
            <span className="unit">{opts.unit}</span>
          </span>
        ) : (
          input
        )}
      </Field>
    );
  };

  return (
    <div className="staff project-form-screen">
      <div className="projects-head">
        <button type="button" className="btn btn-link back-link" onClick={onCancel}>
          <span aria-hidden="true">← </span>
          {project ? t('projects.backToProject') : t('projects.backToList')}
        </button>
        <h1 className="screen-title" ref={headingRef} tabIndex={-1}>
          {project ? t('projectForm.editTitle', { name: project.name }) : t('projectForm.newTitle')}
        </h1>
        <p className="muted small">{t('projectForm.help')}</p>
      </div>
      <form
        className="project-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="form-group">
          <legend>{t('projectForm.group.project')}</legend>
          {textField('name', t('projectForm.name'), { required: true, hint: t('projectForm.nameHint') })}
          {textField('company', t('projectForm.company'), { hint: t('projectForm.companyHint') })}
          <div className="grid-2">
            <Field id={`${id}-sector`} label={t('projectForm.sector')} required errors={errs('sector')}>
              <select
                id={`${id}-sector`}
                value={form.sector}
                aria-invalid={errs('sector').length > 0}
                aria-required
                onChange={(e) => set('sector', e.target.value as Sector | '')}
              >
                <option value="">{t('projectForm.choose')}</option>
                {SECTORS.map((s) => (
                  <option key={s} value={s}>
                    {tx(`sector.${s}`, s)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={`${id}-country`} label={t('projectForm.country')} errors={errs('originCountry')}>
              <select
                id={`${id}-country`}
                value={form.originCountry}
                onChange={(e) => set('originCountry', e.target.value)}
              >
                <option value="">{t('projectForm.notStated')}</option>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            {textField('jobs', t('projectForm.jobs'), { inputMode: 'numeric' })}
            {textField('investmentMeur', t('projectForm.investment'), { inputMode: 'decimal', unit: 'M€' })}
          </div>
        </fieldset>

        <fieldset className="form-group">
          <legend>{t('projectForm.group.contact')}</legend>
          <div className="grid-2">
            {textField('contactName', t('projectForm.contactNameLabel'), { autoComplete: 'off' })}
            {textField('contactRole', t('projectForm.contactRole'))}
            {textField('contactEmail', t('projectForm.contactEmail'), { type: 'email' })}
            {textField('contactPhone', t('projectForm.contactPhone'), { type: 'tel' })}
          </div>
        </fieldset>

        <section className="form-group needs-section" aria-labelledby={`${id}-needs`}>
          <h2 id={`${id}-needs`} className="group-title">
            {t('projectForm.group.needs')}
          </h2>
          <p className="hint">{t('projectForm.needsHint')}</p>
          <NeedsForm
            form={form.needs}
            issues={needIssues}
            templates={templates}
            templateId={form.templateId}
            onChange={(needs) => change({ ...form, needs })}
            onTemplate={(templateId) => {
              const tpl = templates?.find((x) => x.id === templateId);
              change({
                ...form,
                templateId,
                needs: tpl ? needsToForm(tpl.needs) : EMPTY_NEEDS_FORM,
                sector: form.sector || (tpl ? (sectorOfTemplate(tpl.id) ?? '') : ''),
              });
            }}
          />
        </section>

        <fieldset className="form-group">
          <legend>{t('projectForm.group.notes')}</legend>
          <Field id={`${id}-notes`} label={t('projectForm.notes')} errors={errs('notes')}>
            <textarea
              id={`${id}-notes`}
              rows={4}
              value={form.notes}
              onChange={(e) => set('notes', e.target.value)}
            />
          </Field>
        </fieldset>

        {(issues.length > 0 || needIssues.length > 0) && (
          <p className="notice notice-error" role="alert">
            {t('validation.summary')}
          </p>
        )}
        {error ? <ErrorNotice error={error} /> : null}
        <div className="submit-bar">
          <button type="button" className="btn" onClick={onCancel}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="btn btn-primary grow" disabled={busy}>
            {busy ? t('projectForm.saving') : project ? t('projectForm.save') : t('projectForm.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
