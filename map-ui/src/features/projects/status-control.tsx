/**
 * The project's place in the pipeline and the status change: only the moves the server allows
 * from the current status are offered (one step on, one step back, lost; a lost project can be
 * reopened), and a loss asks for its reason (land, power, delay, price, workforce, other).
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  LOSS_REASONS,
  type LossReason,
  type Project,
  type ProjectPatch,
  type ProjectStatus,
  STATUS_TRANSITIONS,
} from '../../api/projects.ts';
import { type I18n, useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { PIPELINE, PipelineSteps } from './status-badge.tsx';

interface Props {
  project: Project;
  lostAt: ProjectStatus | null;
  onChange(patch: ProjectPatch): Promise<Project>;
}

export function StatusControl({ project, lostAt, onChange }: Props) {
  const { t, tx, fmt } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const moves = STATUS_TRANSITIONS[project.status];
  const [to, setTo] = useState<ProjectStatus | ''>('');
  const [reason, setReason] = useState<LossReason | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingReason, setMissingReason] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const firstRef = useRef<HTMLSelectElement>(null);

  // Focus goes into the form when it opens, and back to its button when it closes.
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) firstRef.current?.focus();
    else if (wasOpen.current) toggleRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const close = () => {
    setOpen(false);
    setTo('');
    setReason('');
    setNote('');
    setError(null);
    setMissingReason(false);
  };

  const submit = async () => {
    if (!to) return;
    if (to === 'lost' && !reason) {
      setMissingReason(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const patch: ProjectPatch = { status: to };
      if (to === 'lost') patch.lossReason = reason as LossReason;
      if (note.trim()) patch.statusNote = note.trim();
      await onChange(patch);
      close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="status-control">
      <PipelineSteps status={project.status} lostAt={lostAt} />
      <div className="status-line small">
        <span>
          {t('projects.statusSince', {
            status: tx(`projectStatus.${project.status}`, project.status),
            date: fmt.date(project.statusChangedAt),
          })}
          {project.status === 'lost' && project.lossReason && (
            <>
              {' — '}
              <strong>{tx(`loss.${project.lossReason}`, project.lossReason)}</strong>
              {project.lossNote ? ` (${project.lossNote})` : ''}
            </>
          )}
        </span>
        {moves.length > 0 && !open && (
          <button
            ref={toggleRef}
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            aria-controls={`${id}-form`}
            onClick={() => setOpen(true)}
          >
            {t('statusChange.open')}
          </button>
        )}
      </div>
      {open && (
        <form
          id={`${id}-form`}
          className="status-form card"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <div className="field-stack">
            <label htmlFor={`${id}-to`}>{t('statusChange.newStatus')}</label>
            <select
              id={`${id}-to`}
              ref={firstRef}
              value={to}
              onChange={(e) => {
                setTo(e.target.value as ProjectStatus | '');
                setMissingReason(false);
              }}
            >
              <option value="">{t('projectForm.choose')}</option>
              {moves.map((s) => (
                <option key={s} value={s}>
                  {moveLabel(project.status, s, tx(`projectStatus.${s}`, s), t)}
                </option>
              ))}
            </select>
          </div>
          {to === 'lost' && (
            <div className={`field-stack ${missingReason ? 'has-error' : ''}`}>
              <label htmlFor={`${id}-reason`}>
                {t('statusChange.lossReason')}
                <span className="required" aria-hidden="true">
                  {' '}
                  *
                </span>
                <span className="sr-only"> ({t('validation.requiredMark')})</span>
              </label>
              <select
                id={`${id}-reason`}
                value={reason}
                aria-invalid={missingReason}
                aria-describedby={missingReason ? `${id}-reason-err` : undefined}
                onChange={(e) => {
                  setReason(e.target.value as LossReason | '');
                  setMissingReason(false);
                }}
              >
                <option value="">{t('projectForm.choose')}</option>
                {LOSS_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {tx(`loss.${r}`, r)}
                  </option>
                ))}
              </select>
              {missingReason && (
                <p className="field-error" id={`${id}-reason-err`}>
                  {t('statusChange.lossReasonRequired')}
                </p>
              )}
            </div>
          )}
          {to && (
            <div className="field-stack">
              <label htmlFor={`${id}-note`}>
                {to === 'lost' ? t('statusChange.lossNote') : t('statusChange.note')}
              </label>
              <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
          )}
          {error ? <ErrorNotice error={error} /> : null}
          <div className="dialog-actions">
            <button type="button" className="btn btn-ghost btn-small" onClick={close}>
              {t('action.cancel')}
            </button>
            <button type="submit" className="btn btn-primary btn-small" disabled={!to || busy}>
              {busy ? t('projectForm.saving') : t('statusChange.save')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** "Move on to: Visit", "Back to: Qualified", "Mark as lost", "Reopen as a lead". */
function moveLabel(from: ProjectStatus, to: ProjectStatus, label: string, t: I18n['t']): string {
  if (to === 'lost') return t('statusChange.toLost');
  if (from === 'lost') return t('statusChange.reopen', { status: label });
  return PIPELINE.indexOf(to) > PIPELINE.indexOf(from)
    ? t('statusChange.forward', { status: label })
    : t('statusChange.back', { status: label });
}
