/**
 * The project's place in the pipeline and the status change: only the moves the server allows
 * from the current status are offered (any later step, any earlier step, lost; a lost project
 * can be reopened), dated (today by default, editable); a step back asks why, a loss asks for
 * its reason (land, power, delay, price, workforce, other).
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  isStepBack,
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

/** Today in the user's own calendar (the date input's value format). */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Props {
  project: Project;
  lostAt: ProjectStatus | null;
  onChange(patch: ProjectPatch): Promise<Project>;
}

export function StatusControl({ project, lostAt, onChange }: Props) {
  const { t, tx, fmt } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const moves = orderedMoves(project.status);
  const [to, setTo] = useState<ProjectStatus | ''>('');
  const [reason, setReason] = useState<LossReason | ''>('');
  const [note, setNote] = useState('');
  const [date, setDate] = useState(localToday);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingReason, setMissingReason] = useState(false);
  const [missingNote, setMissingNote] = useState(false);
  const back = to !== '' && isStepBack(project.status, to);
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
    setDate(localToday());
    setError(null);
    setMissingReason(false);
    setMissingNote(false);
  };

  const submit = async () => {
    if (!to) return;
    if (to === 'lost' && !reason) {
      setMissingReason(true);
      return;
    }
    if (back && !note.trim()) {
      setMissingNote(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const patch: ProjectPatch = { status: to };
      if (to === 'lost') patch.lossReason = reason as LossReason;
      if (note.trim()) patch.statusNote = note.trim();
      // Today is the server's default; another day is sent as the day the change happened.
      if (date && date !== localToday()) patch.statusDate = date;
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
                setMissingNote(false);
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
              <label htmlFor={`${id}-date`}>{t('workflow.date')}</label>
              <input
                id={`${id}-date`}
                type="date"
                value={date}
                max={localToday()}
                required
                onChange={(e) => setDate(e.target.value)}
              />
            </div>
          )}
          {to && (
            <div className={`field-stack ${missingNote ? 'has-error' : ''}`}>
              <label htmlFor={`${id}-note`}>
                {to === 'lost'
                  ? t('statusChange.lossNote')
                  : back
                    ? t('workflow.backReason')
                    : t('statusChange.note')}
                {back && (
                  <>
                    <span className="required" aria-hidden="true">
                      {' '}
                      *
                    </span>
                    <span className="sr-only"> ({t('validation.requiredMark')})</span>
                  </>
                )}
              </label>
              <textarea
                id={`${id}-note`}
                rows={2}
                value={note}
                aria-invalid={missingNote}
                aria-describedby={missingNote ? `${id}-note-err` : undefined}
                onChange={(e) => {
                  setNote(e.target.value);
                  setMissingNote(false);
                }}
              />
              {missingNote && (
                <p className="field-error" id={`${id}-note-err`}>
                  {t('workflow.backReasonRequired')}
                </p>
              )}
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

/** The allowed moves as offered: later steps first, then "lost", then earlier steps, nearest first. */
function orderedMoves(from: ProjectStatus): ProjectStatus[] {
  const all = STATUS_TRANSITIONS[from];
  const back = all.filter((s) => isStepBack(from, s)).reverse();
  return [...all.filter((s) => !back.includes(s)), ...back];
}

/** "Move on to: Visit", "Back to: Qualified", "Mark as lost", "Reopen as a lead". */
function moveLabel(from: ProjectStatus, to: ProjectStatus, label: string, t: I18n['t']): string {
  if (to === 'lost') return t('statusChange.toLost');
  if (from === 'lost') return t('statusChange.reopen', { status: label });
  return PIPELINE.indexOf(to) > PIPELINE.indexOf(from)
    ? t('statusChange.forward', { status: label })
    : t('statusChange.back', { status: label });
}
