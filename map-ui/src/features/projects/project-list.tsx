/**
 * The staff's projects: filters by status and sector, a text search, one card per project
 * with its status badge, and the entries to a new project and to the relocation observatory.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import {
  PROJECT_STATUSES,
  type ProjectStatus,
  projectListQuery,
  SECTORS,
  type Sector,
} from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useDebounced } from '../../state/use-debounced.ts';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { StatusBadge } from './status-badge.tsx';

interface Props {
  onAuthLost(): void;
  observatoryOpen: boolean;
  onOpen(id: string): void;
  onCreate(): void;
  onObservatory(open: boolean): void;
}

export function ProjectList({ onAuthLost, observatoryOpen, onOpen, onCreate, onObservatory }: Props) {
  const { t, tp, tx, fmt, lang } = useI18n();
  const id = useId();
  const [status, setStatus] = useState<ProjectStatus | ''>('');
  const [sector, setSector] = useState<Sector | ''>('');
  const [q, setQ] = useState('');
  // The search waits for a pause in typing.
  const query = useDebounced(q, 250);
  const list = useQuery({
    ...projectListQuery({
      status: status ? [status] : undefined,
      sector: sector ? [sector] : undefined,
      q: query,
    }),
    // The cards stay while another filter's list is on its way.
    placeholderData: (previous) => previous,
  });
  const data = list.data;
  // A 401 counts once answered: a cached one being asked again (after a new login) does not.
  const lost = !list.isFetching && list.error instanceof ApiError && list.error.status === 401;
  const error = lost ? null : list.error;
  // An expired session brings the login form back instead of an error.
  useEffect(() => {
    if (lost) onAuthLost();
  }, [lost, onAuthLost]);

  const filtered = status !== '' || sector !== '' || query.trim() !== '';
  const country = (code: string | null) => {
    if (!code) return null;
    try {
      return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  };

  return (
    <div className="staff">
      <div className="projects-head">
        <div className="projects-title-row">
          <h1 className="screen-title">{t('projects.title')}</h1>
          <button type="button" className="btn btn-primary btn-small" onClick={onCreate}>
            <span aria-hidden="true">+</span> {t('projects.new')}
          </button>
        </div>
        <p className="muted small">{t('projects.confidential')}</p>
        <button
          type="button"
          className={`btn btn-small observatory-toggle ${observatoryOpen ? 'on' : ''}`}
          aria-pressed={observatoryOpen}
          onClick={() => onObservatory(!observatoryOpen)}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M2 14V8h3v6H2zm4.5 0V3h3v11h-3zM11 14V6h3v8h-3z" fill="currentColor" />
          </svg>
          {t('observatory.show')}
        </button>
        <div className="project-filters">
          <div className="field-stack">
            <label htmlFor={`${id}-q`}>{t('projects.search')}</label>
            <input
              id={`${id}-q`}
              type="search"
              value={q}
              placeholder={t('projects.searchPlaceholder')}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
          <div className="grid-2">
            <FilterSelect<ProjectStatus>
              id={`${id}-status`}
              label={t('projects.filterStatus')}
              all={t('projects.allStatuses')}
              value={status}
              options={PROJECT_STATUSES.map((s) => [s, tx(`projectStatus.${s}`, s)] as const)}
              onChange={setStatus}
            />
            <FilterSelect<Sector>
              id={`${id}-sector`}
              label={t('projects.filterSector')}
              all={t('projects.allSectors')}
              value={sector}
              options={SECTORS.map((s) => [s, tx(`sector.${s}`, s)] as const)}
              onChange={setSector}
            />
          </div>
        </div>
      </div>

      <div className="projects-body">
        {error ? (
          <ErrorNotice error={error} onRetry={() => void list.refetch()} />
        ) : !data ? (
          <Spinner label={t('state.loading')} />
        ) : (
          <>
            <p className="counts" aria-live="polite" data-testid="project-count">
              {tp('projects.count', data.total)}
            </p>
            {data.projects.length === 0 ? (
              <div className="empty">
                <p>{filtered ? t('projects.emptyFiltered') : t('projects.empty')}</p>
                {!filtered && (
                  <button type="button" className="btn btn-primary" onClick={onCreate}>
                    {t('projects.createFirst')}
                  </button>
                )}
              </div>
            ) : (
              <ul className="project-cards">
                {data.projects.map((p) => (
                  <li key={p.id}>
                    <button type="button" className="project-card" onClick={() => onOpen(p.id)}>
                      <span className="project-card-top">
                        <span className="project-name">{p.name}</span>
                        <StatusBadge status={p.status} />
                      </span>
                      <span className="project-meta">
                        {[tx(`sector.${p.sector}`, p.sector), p.company, country(p.originCountry)]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                      <span className="project-card-bottom small muted">
                        <span>{tp('projects.sitesCount', p.shortlistCount)}</span>
                        <span>{t('projects.updated', { date: fmt.date(p.updatedAt) })}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}

/** A filter of the list: one value of a vocabulary, or all (""). */
function FilterSelect<T extends string>({
  id,
  label,
  all,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  all: string;
  value: T | '';
  options: ReadonlyArray<readonly [T, string]>;
  onChange(v: T | ''): void;
}) {
  return (
    <div className="field-stack">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T | '')}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
