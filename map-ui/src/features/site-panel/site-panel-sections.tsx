/**
 * The sections of the site panel (site-panel.tsx): a table of facts with the "illustrative"
 * tag, the access distances, the labour pool, the readiness checklist and the share button.
 */

import { countReadiness, readinessText } from '@api/modules/sites/readiness.ts';
import type { ReadinessItem as ReadinessEntry } from '@api/modules/sites/site.fields.ts';
import type { AccessEntry, LabourPoolEntry } from '@api/modules/sites/sites.schemas.ts';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

const READINESS_ICON: Record<string, string> = {
  done: '✓',
  in_progress: '◐',
  not_started: '○',
  not_required: '–',
};

/** True for a link that may be opened (`http:`/`https:` only, never `javascript:`). */
export function isHttp(url: unknown): url is string {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

export function FactTable({
  title,
  rows,
  illustrative,
  className,
}: {
  title: string;
  rows: Array<[string, string, ReactNode | null]>;
  illustrative: Set<string>;
  className?: string;
}) {
  const { t } = useI18n();
  const shown = rows.filter(([, , v]) => v !== null && v !== '');
  if (!shown.length) return null;
  return (
    <section className={`panel-section ${className ?? ''}`}>
      <h3>{title}</h3>
      <dl className="facts">
        {shown.map(([key, label, value]) => (
          <div key={key} className="fact">
            <dt>{label}</dt>
            <dd>
              {value}
              {illustrative.has(key) && (
                <span className="tag tag-illustrative" title={t('quality.illustrative.help')}>
                  {t('quality.illustrative')}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function AccessList({ entries }: { entries: AccessEntry[] }) {
  const { t, tx, fmt } = useI18n();
  const minutes = (m: number) => `${fmt.number(m, m < 10 ? 1 : 0)}\u00a0min`;
  return (
    <ul className="access-list">
      {entries.map((a) => (
        <li key={`${a.kind}-${a.infrastructureId ?? a.name}`}>
          <span className="access-kind">{tx(`access.${a.kind}`, a.kind)}</span>
          <span className="access-name">{a.name ?? '—'}</span>
          <span className="access-distance">
            {fmt.distance(a.distanceM)}
            {a.driveMinutes != null && (
              <span
                className="access-minutes"
                title={t(a.method === 'estimate' ? 'panel.driveEstimate' : 'panel.driveRoad', {
                  car: minutes(a.driveMinutes),
                  truck: a.truckMinutes != null ? minutes(a.truckMinutes) : '—',
                })}
              >
                {a.method === 'estimate' ? '≈' : ''}
                {minutes(a.driveMinutes)}
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Working people (INSEE active population 15–64) within 20, 30 and 45 minutes by car. */
export function LabourPool({ entries }: { entries: LabourPoolEntry[] }) {
  const { t, fmt } = useI18n();
  const estimated = entries.some((e) => e.method === 'estimate');
  return (
    <section className="panel-section" data-testid="labour-pool">
      <h3>{t('panel.labourPool')}</h3>
      <table className="labour-pool">
        <thead>
          <tr>
            <th scope="col">{t('panel.labourPoolWithin')}</th>
            <th scope="col">{t('panel.labourPoolActive')}</th>
            <th scope="col">{t('panel.labourPoolUnemployed')}</th>
          </tr>
        </thead>
        <tbody>
          {[...entries]
            .sort((a, b) => a.minutes - b.minutes)
            .map((e) => (
              <tr key={e.minutes}>
                <th scope="row">{e.minutes}&nbsp;min</th>
                <td>
                  {e.method === 'estimate' ? '≈' : ''}
                  {fmt.number(e.active, 0)}
                </td>
                <td>{fmt.number(e.unemployed, 0)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <p className="small muted">{t(estimated ? 'panel.labourPoolEstimate' : 'panel.labourPoolRoad')}</p>
    </section>
  );
}

/**
 * The readiness count as the comparison and the PDF show it ("5/6 prêts", sites/readiness.ts),
 * then the six checklist items, those the site does not state included.
 */
export function ReadinessList({ items }: { items: ReadinessEntry[] }) {
  const { t, tx, lang } = useI18n();
  const count = countReadiness(items);
  if (!count) return <p className="muted">{t('panel.noReadiness')}</p>;
  const stated = new Map(items.map((r) => [r.item, r]));
  return (
    <>
      <p className="readiness-count" data-testid="readiness-count">
        <strong>{readinessText(count.ready, lang)}</strong>
      </p>
      <ul className="readiness">
        {count.items.map(({ item }) => {
          const r = stated.get(item);
          if (!r) {
            return (
              <li key={item} className="readiness-unknown">
                <span className="readiness-icon" aria-hidden="true">
                  ?
                </span>
                <span className="readiness-text">
                  <strong>{tx(`readiness.item.${item}`, item)}</strong>
                  <span className="readiness-status">{t('workflow.notStated')}</span>
                </span>
              </li>
            );
          }
          return <ReadinessRow key={item} r={r} />;
        })}
      </ul>
    </>
  );
}

function ReadinessRow({ r }: { r: ReadinessEntry }) {
  const { t, tx, fmt } = useI18n();
  return (
    <li className={`readiness-${r.status}`}>
      <span className="readiness-icon" aria-hidden="true">
        {READINESS_ICON[r.status] ?? '?'}
      </span>
      <span className="readiness-text">
        <strong>{tx(`readiness.item.${r.item}`, r.item)}</strong>
        <span className="readiness-status">
          {tx(`readiness.status.${r.status}`, r.status)}
          {r.date ? ` · ${fmt.date(r.date)}` : ''}
        </span>
        {r.note && <span className="small muted block">{r.note}</span>}
        {isHttp(r.evidenceUrl) && (
          <a href={r.evidenceUrl} target="_blank" rel="noopener noreferrer" className="small">
            {t('readiness.evidence')}
          </a>
        )}
      </span>
    </li>
  );
}

export function ShareButton({ url }: { url: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <span className="share">
      <button
        type="button"
        className="btn btn-small"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(url);
            setCopied('yes');
          } catch {
            setCopied('no');
          }
        }}
      >
        {t('panel.share')}
      </button>
      <span role="status" className="small muted">
        {copied === 'yes' ? t('panel.copied') : ''}
      </span>
      {copied === 'no' && (
        <input
          className="share-url"
          readOnly
          value={url}
          aria-label={t('panel.shareUrl')}
          onFocus={(e) => e.target.select()}
        />
      )}
    </span>
  );
}
