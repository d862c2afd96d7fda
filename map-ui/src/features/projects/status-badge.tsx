/** A project's status as a coloured badge (colour by stage: open, landed, lost). */
import { PIPELINE_STATUSES, type ProjectStatus } from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function StatusBadge({ status }: { status: ProjectStatus }) {
  const { tx } = useI18n();
  return <span className={`pstatus pstatus-${status}`}>{tx(`projectStatus.${status}`, status)}</span>;
}

/** The open pipeline, in order (landed and lost end it): the API's own list. */
export const PIPELINE: readonly ProjectStatus[] = PIPELINE_STATUSES;

/**
 * The pipeline as steps, the current one marked; a lost project shows the step it was lost
 * at struck through. `lostAt` is the status before the loss, from the history.
 */
export function PipelineSteps({ status, lostAt }: { status: ProjectStatus; lostAt: ProjectStatus | null }) {
  const { t, tx } = useI18n();
  const current = status === 'lost' ? (lostAt ?? 'lead') : status;
  const at = PIPELINE.indexOf(current);
  return (
    <ol
      className={`pipeline ${status === 'lost' ? 'pipeline-lost' : ''}`}
      aria-label={t('projects.pipeline')}
    >
      {PIPELINE.map((s, i) => {
        const state = i < at ? 'done' : i === at ? 'current' : 'todo';
        return (
          <li key={s} className={`step step-${state}`} aria-current={i === at ? 'step' : undefined}>
            <span className="step-dot" aria-hidden="true" />
            <span className="step-label">{tx(`projectStatus.${s}`, s)}</span>
          </li>
        );
      })}
    </ol>
  );
}
