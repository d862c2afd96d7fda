/**
 * The project sheet: identity, figures, contact, needs in words, notes, the status history
 * (who moved it, when, why) and the edit / delete actions. Deleting asks first.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { deleteProject, isStepBack, type Project, projectKeys } from '../../api/projects.ts';
import { territoryLabel, useTerritoryNames } from '../../api/territories.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { useModalDialog } from '../../ui/use-dialog-focus.ts';
import { needsSummary } from './needs-summary.ts';

export function ProjectSheet({
  project,
  onEdit,
  onDeleted,
}: {
  project: Project;
  onEdit(): void;
  onDeleted(): void;
}) {
  const i18n = useI18n();
  const { t, tx, fmt, lang } = i18n;
  const [confirming, setConfirming] = useState(false);
  const country = (() => {
    if (!project.originCountry) return null;
    try {
      return (
        new Intl.DisplayNames([lang], { type: 'region' }).of(project.originCountry) ?? project.originCountry
      );
    } catch {
      return project.originCountry;
    }
  })();
  const eur = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  const names = useTerritoryNames(project.territories);
  const rows: Array<[string, string | null]> = [
    [t('projectForm.company'), project.company ?? t('projects.anonymous')],
    [t('projectForm.sector'), tx(`sector.${project.sector}`, project.sector)],
    [t('projectForm.country'), country],
    [t('projectForm.jobs'), project.jobs === null ? null : fmt.number(project.jobs, 0)],
    [
      t('projectForm.investmentShort'),
      project.investmentEur === null ? null : eur.format(project.investmentEur),
    ],
    [
      t('projectSheet.territories'),
      project.territories.map((x) => territoryLabel(x, names)).join(', ') || null,
    ],
    [t('projectSheet.created'), fmt.date(project.createdAt)],
    [t('projectSheet.updated'), fmt.date(project.updatedAt)],
  ];
  const needs = needsSummary(project.needs, i18n);
  const history = [...(project.statusHistory ?? [])].reverse();

  return (
    <div className="tab-body project-sheet">
      <div className="sheet-actions">
        <button type="button" className="btn btn-small" onClick={onEdit}>
          {t('projectSheet.edit')}
        </button>
        <button type="button" className="btn btn-small btn-ghost danger" onClick={() => setConfirming(true)}>
          {t('projectSheet.delete')}
        </button>
      </div>

      <section className="panel-section">
        <h2 className="group-title">{t('projectSheet.identity')}</h2>
        <dl className="facts">
          {rows.map(([k, v]) => (
            <div className="fact" key={k}>
              <dt>{k}</dt>
              <dd>{v ?? <span className="muted">—</span>}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="panel-section">
        <h2 className="group-title">{t('projectForm.group.contact')}</h2>
        {project.contact ? (
          <p className="contact-block">
            <strong>{project.contact.name}</strong>
            {project.contact.role && <span className="block muted">{project.contact.role}</span>}
            {project.contact.email && (
              <a className="block" href={`mailto:${project.contact.email}`}>
                {project.contact.email}
              </a>
            )}
            {project.contact.phone && (
              <a className="block" href={`tel:${project.contact.phone.replace(/\s/g, '')}`}>
                {project.contact.phone}
              </a>
            )}
          </p>
        ) : (
          <p className="muted">{t('projectSheet.noContact')}</p>
        )}
      </section>

      <section className="panel-section">
        <h2 className="group-title">{t('projectForm.group.needs')}</h2>
        {needs.length ? (
          <ul className="needs-chips">
            {needs.map((s) => (
              <li key={s} className="chip">
                {s}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('projectMatch.noNeeds')}</p>
        )}
      </section>

      {project.notes && (
        <section className="panel-section">
          <h2 className="group-title">{t('projectForm.group.notes')}</h2>
          <p className="notes-text">{project.notes}</p>
        </section>
      )}

      <section className="panel-section">
        <h2 className="group-title">{t('projectSheet.history')}</h2>
        <ol className="history">
          {history.map((h) => (
            <li key={`${h.at}-${h.to}`}>
              <span className="history-dot" aria-hidden="true" />
              <div>
                <p>
                  {h.from && isStepBack(h.from, h.to) && (
                    <span className="tag">{t('workflow.stepBack')}</span>
                  )}{' '}
                  <strong>{tx(`projectStatus.${h.to}`, h.to)}</strong>
                  {h.lossReason && ` — ${tx(`loss.${h.lossReason}`, h.lossReason)}`}
                </p>
                <p className="small muted">
                  {fmt.date(h.effectiveOn)}
                  {h.effectiveOn !== h.at.slice(0, 10) &&
                    ` (${t('workflow.recordedOn', { date: fmt.date(h.at) })})`}
                  {h.byName ? ` · ${h.byName}` : ''}
                </p>
                {h.note && <p className="small">{h.note}</p>}
              </div>
            </li>
          ))}
        </ol>
      </section>

      {confirming && (
        <ConfirmDelete project={project} onCancel={() => setConfirming(false)} onDeleted={onDeleted} />
      )}
    </div>
  );
}

function ConfirmDelete({
  project,
  onCancel,
  onDeleted,
}: {
  project: Project;
  onCancel(): void;
  onDeleted(): void;
}) {
  const { t } = useI18n();
  const ref = useModalDialog();
  const id = useId();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteProject(project.id),
    onSuccess: () => {
      client.removeQueries({ queryKey: projectKeys.one(project.id) });
      void client.invalidateQueries({ queryKey: projectKeys.lists });
      void client.invalidateQueries({ queryKey: projectKeys.observatory });
      onDeleted();
    },
  });

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onCancel}>
      <h2 id={`${id}-title`}>{t('projectSheet.deleteTitle', { name: project.name })}</h2>
      <p>{t('projectSheet.deleteText')}</p>
      {remove.error ? <ErrorNotice error={remove.error} /> : null}
      <div className="dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={() => ref.current?.close()}>
          {t('action.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={remove.isPending || remove.isSuccess}
          onClick={() => remove.mutate()}
        >
          {t('projectSheet.deleteConfirm')}
        </button>
      </div>
    </dialog>
  );
}
