import { ACCESS_KINDS } from '@api/modules/access/access-kinds.ts';
/**
 * Everything public about one site: key facts, networks, risks, access distances with the
 * names of the nearest infrastructure, the readiness checklist (dates, evidence links), the
 * provenance with its quality tag, and a shareable link. Fields the source marks as
 * illustrative carry a visible tag so nobody quotes them as facts.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { AccessEntry, LabourPoolEntry, ReadinessEntry, SiteDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { LabelChips, QualityTag, StatusChip } from '../../ui/site-badges.tsx';
import type { SiteDetailState } from './use-site-detail.ts';

/** The drive-time area drawn on the map for the open site (the "30 min" toggle). */
export type IsochroneState = 'off' | 'loading' | 'road' | 'estimate' | 'error';
export const ISOCHRONE_MINUTES = 30;

interface Props {
  detail: SiteDetailState;
  shareUrl: string;
  onClose(): void;
  onZoom(site: SiteDetail): void;
  isochrone?: IsochroneState;
  onToggleIsochrone?(): void;
}

// The contract's order of access kinds (one list: api/src/modules/access/access-kinds.ts).
const ACCESS_ORDER: readonly string[] = ACCESS_KINDS;
const READINESS_ICON: Record<string, string> = {
  done: '✓',
  in_progress: '◐',
  not_started: '○',
  not_required: '–',
};

function isHttp(url: unknown): url is string {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

export function SitePanel({
  detail,
  shareUrl,
  onClose,
  onZoom,
  isochrone = 'off',
  onToggleIsochrone,
}: Props) {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [scrolled, setScrolled] = useState(false);
  const { site, loading, error } = detail;

  // Move focus to the panel when a site opens, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (site) headingRef.current?.focus();
  }, [site]);

  return (
    <aside
      className="site-panel"
      aria-label={t('panel.label')}
      data-testid="site-panel"
      onScroll={(e) => setScrolled(e.currentTarget.scrollTop > 100)}
    >
      <div className="panel-topbar">
        {/* The name follows the reader down once the heading has scrolled away. */}
        <span className={`panel-topbar-title ${scrolled ? 'shown' : ''}`} aria-hidden="true">
          {site?.properties.name ?? ''}
        </span>
        <button type="button" className="panel-close" onClick={onClose} aria-label={t('panel.close')}>
          ×
        </button>
      </div>
      {loading && !site && (
        <div className="panel-state">
          <Spinner label={t('panel.loading')} />
        </div>
      )}
      {error ? (
        <div className="panel-state">
          <ErrorNotice error={error} onRetry={detail.reload} />
        </div>
      ) : null}
      {site && (
        <SiteBody
          site={site}
          shareUrl={shareUrl}
          headingRef={headingRef}
          onZoom={onZoom}
          isochrone={isochrone}
          onToggleIsochrone={onToggleIsochrone}
        />
      )}
    </aside>
  );
}

function SiteBody({
  site,
  shareUrl,
  headingRef,
  onZoom,
  isochrone,
  onToggleIsochrone,
}: {
  site: SiteDetail;
  shareUrl: string;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onZoom(site: SiteDetail): void;
  isochrone: IsochroneState;
  onToggleIsochrone?(): void;
}) {
  const { t, tx, fmt } = useI18n();
  const p = site.properties;
  const illustrative = new Set(p.illustrativeFields ?? []);
  const yesNo = (v: unknown) => (v === true ? t('value.yes') : v === false ? t('value.no') : null);
  const num = (v: unknown, f: (n: number) => string) => (typeof v === 'number' ? f(v) : null);
  const enumValue = (prefix: string, v: unknown) => (typeof v === 'string' ? tx(`${prefix}.${v}`, v) : null);

  const facts: Array<[key: string, label: string, value: ReactNode | null]> = [
    ['availableAreaHa', t('facts.availableArea'), num(p.availableAreaHa, fmt.hectares)],
    ['areaHa', t('facts.area'), num(p.areaHa, fmt.hectares)],
    ['usefulAreaHa', t('facts.usefulArea'), num(p.usefulAreaHa, fmt.hectares)],
    ['minLotHa', t('facts.minLot'), num(p.minLotHa, fmt.hectares)],
    [
      'availableFrom',
      t('facts.availableFrom'),
      typeof p.availableFrom === 'string' ? fmt.date(p.availableFrom) : null,
    ],
    [
      'reservedUntil',
      t('facts.reservedUntil'),
      typeof p.reservedUntil === 'string' ? fmt.date(p.reservedUntil) : null,
    ],
    ['priceEurM2', t('facts.price'), num(p.priceEurM2, fmt.eurPerM2)],
    ['vocation', t('facts.vocation'), typeof p.vocation === 'string' ? p.vocation : null],
    [
      'pluZone',
      t('facts.pluZone'),
      typeof p.pluZone === 'string'
        ? p.pluZoneLabel
          ? `${p.pluZone} (${p.pluZoneLabel})`
          : p.pluZone
        : null,
    ],
    ['pluDestination', t('facts.pluDestination'), enumValue('plu.dest', p.pluDestination)],
    ['maxIcpeRegime', t('facts.icpe'), enumValue('icpe', p.maxIcpeRegime)],
    ['sevesoAllowed', t('facts.sevesoAllowed'), enumValue('seveso', p.sevesoAllowed)],
    ['maxHeightM', t('facts.maxHeight'), num(p.maxHeightM, (n) => `${fmt.number(n)} m`)],
    ['brownfield', t('facts.brownfieldSite'), yesNo(p.brownfield)],
  ];
  const networks: Array<[string, string, ReactNode | null]> = [
    ['powerAvailableMw', t('facts.power'), num(p.powerAvailableMw, fmt.megawatts)],
    ['powerVoltageKv', t('facts.voltage'), num(p.powerVoltageKv, (n) => `${fmt.number(n, 0)} kV`)],
    [
      'powerSubstation',
      t('facts.substation'),
      typeof p.powerSubstation === 'string' ? p.powerSubstation : null,
    ],
    [
      'powerConnectionDelayMonths',
      t('facts.connectionDelay'),
      num(p.powerConnectionDelayMonths, (n) => t('value.months', { n: fmt.number(n, 0) })),
    ],
    [
      'powerStatementDate',
      t('facts.powerStatement'),
      typeof p.powerStatementDate === 'string' ? fmt.date(p.powerStatementDate) : null,
    ],
    ['powerSource', t('facts.powerSource'), typeof p.powerSource === 'string' ? p.powerSource : null],
    [
      'gridHostingCapacityMw',
      t('facts.gridHostingCapacity'),
      num(p.gridHostingCapacityMw, (n) =>
        [fmt.megawatts(n), p.gridHostingCapacityDate ? fmt.date(p.gridHostingCapacityDate) : null]
          .filter(Boolean)
          .join(' · '),
      ),
    ],
    ['gridStudyStatus', t('facts.gridStudy'), enumValue('grid.study', p.gridStudyStatus)],
    ['gas', t('facts.gas'), yesNo(p.gas)],
    [
      'gasCapacityMwhPerDay',
      t('facts.gasCapacity'),
      num(p.gasCapacityMwhPerDay, (n) => `${fmt.number(n, 0)} MWh/j`),
    ],
    [
      'waterM3PerDay',
      t('facts.water'),
      num(p.waterM3PerDay, (n) => `${fmt.number(n, 0)} m³/${t('unit.day')}`),
    ],
    [
      'wastewaterM3PerDay',
      t('facts.wastewater'),
      num(p.wastewaterM3PerDay, (n) => `${fmt.number(n, 0)} m³/${t('unit.day')}`),
    ],
    ['railSiding', t('facts.railSidingLong'), yesNo(p.railSiding)],
    ['quay', t('facts.quayLong'), yesNo(p.quay)],
    ['fibre', t('facts.fibre'), yesNo(p.fibre)],
  ];
  const risks: Array<[string, string, ReactNode | null]> = [
    ['ppriZone', t('risk.ppri'), enumValue('risk.ppri', p.ppriZone)],
    ['pprtZone', t('risk.pprt'), enumValue('risk.pprt', p.pprtZone)],
    ['natura2000', t('risk.natura2000'), enumValue('risk.natura', p.natura2000)],
    ['soilPollution', t('risk.soil'), enumValue('risk.soil', p.soilPollution)],
    ['sevesoNeighbour', t('risk.sevesoNeighbour'), yesNo(p.sevesoNeighbour)],
  ];
  const confidential: Array<[string, string, ReactNode | null]> = [
    ['ownerName', t('confidential.owner'), typeof p.ownerName === 'string' ? p.ownerName : null],
    [
      'ownerContact',
      t('confidential.ownerContact'),
      typeof p.ownerContact === 'string' ? p.ownerContact : null,
    ],
    ['negotiatedPriceEurM2', t('confidential.negotiatedPrice'), num(p.negotiatedPriceEurM2, fmt.eurPerM2)],
  ];

  const access = [...(p.access ?? [])].sort(
    (a, b) => ACCESS_ORDER.indexOf(a.kind) - ACCESS_ORDER.indexOf(b.kind) || a.distanceM - b.distanceM,
  );

  return (
    <div className="panel-body">
      <header className="panel-header">
        <h2 ref={headingRef} tabIndex={-1}>
          {p.name}
        </h2>
        <p className="muted">
          {[p.communeName, p.department ? `(${p.department})` : null].filter(Boolean).join(' ')}
          {p.territoryName ? ` · ${p.territoryName}` : ''}
        </p>
        <div className="panel-tags">
          <StatusChip status={p.status} />
          <QualityTag quality={p.dataQuality} />
          {p.published === false && <span className="tag tag-unpublished">{t('site.unpublished')}</span>}
        </div>
        <LabelChips labels={p.labels} />
        <div className="panel-actions">
          <ShareButton url={shareUrl} />
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onZoom(site)}>
            {t('panel.zoom')}
          </button>
        </div>
      </header>

      {typeof p.description === 'string' && p.description && <p className="description">{p.description}</p>}

      <FactTable title={t('panel.facts')} rows={facts} illustrative={illustrative} />
      <FactTable title={t('panel.networks')} rows={networks} illustrative={illustrative} />

      <section className="panel-section">
        <div className="panel-section-head">
          <h3>{t('panel.access')}</h3>
          {onToggleIsochrone && (
            <button
              type="button"
              className={`btn btn-small ${isochrone === 'off' ? 'btn-ghost' : 'btn-toggle-on'}`}
              aria-pressed={isochrone !== 'off'}
              title={t('panel.isochroneShow', { minutes: ISOCHRONE_MINUTES })}
              data-testid="isochrone-toggle"
              onClick={onToggleIsochrone}
            >
              {t('panel.isochrone', { minutes: ISOCHRONE_MINUTES })}
              {isochrone === 'loading' ? ' …' : ''}
            </button>
          )}
        </div>
        {(isochrone === 'road' || isochrone === 'estimate' || isochrone === 'error') && (
          <p className={isochrone === 'error' ? 'field-error' : 'muted'} data-testid="isochrone-note">
            {t(
              isochrone === 'road'
                ? 'panel.isochroneRoad'
                : isochrone === 'estimate'
                  ? 'panel.isochroneEstimate'
                  : 'panel.isochroneError',
              { minutes: ISOCHRONE_MINUTES },
            )}
          </p>
        )}
        {access.length === 0 ? (
          <p className="muted">{t('panel.noAccess')}</p>
        ) : (
          <AccessList entries={access} />
        )}
      </section>

      {p.labourPool && p.labourPool.length > 0 && <LabourPool entries={p.labourPool} />}

      <FactTable title={t('panel.risks')} rows={risks} illustrative={illustrative} />

      <section className="panel-section">
        <h3>{t('panel.readiness')}</h3>
        {p.readiness?.length ? (
          <ReadinessList items={p.readiness} />
        ) : (
          <p className="muted">{t('panel.noReadiness')}</p>
        )}
      </section>

      {(p.contactName || p.contactEmail || p.contactPhone) && (
        <section className="panel-section">
          <h3>{t('panel.contact')}</h3>
          <p>
            {p.contactName && <span className="block">{p.contactName}</span>}
            {p.contactEmail && (
              <a className="block" href={`mailto:${p.contactEmail}`}>
                {p.contactEmail}
              </a>
            )}
            {p.contactPhone && (
              <a className="block" href={`tel:${p.contactPhone.replace(/\s+/g, '')}`}>
                {p.contactPhone}
              </a>
            )}
          </p>
        </section>
      )}

      {confidential.some(([, , v]) => v !== null) && (
        <FactTable
          title={t('panel.confidential')}
          rows={confidential}
          illustrative={illustrative}
          className="confidential"
        />
      )}

      <section className="panel-section provenance">
        <h3>{t('panel.provenance')}</h3>
        <dl className="facts">
          <dt>{t('provenance.source')}</dt>
          <dd>
            {isHttp(p.sourceUrl) ? (
              <a href={p.sourceUrl} target="_blank" rel="noopener noreferrer">
                {p.source ?? p.sourceUrl}
              </a>
            ) : (
              (p.source ?? '—')
            )}
          </dd>
          {typeof p.sourceUpdatedAt === 'string' && (
            <>
              <dt>{t('provenance.updated')}</dt>
              <dd>{fmt.date(p.sourceUpdatedAt)}</dd>
            </>
          )}
          <dt>{t('provenance.quality')}</dt>
          <dd>
            <QualityTag quality={p.dataQuality} />
            {p.dataQuality && (
              <span className="small muted block">{tx(`quality.${p.dataQuality}.help`, '')}</span>
            )}
          </dd>
        </dl>
        {illustrative.size > 0 && (
          <p className="small">{t('provenance.illustrativeFields', { count: illustrative.size })}</p>
        )}
        {typeof p.provenanceNotes === 'string' && p.provenanceNotes && (
          <p className="small muted">{p.provenanceNotes}</p>
        )}
        {isHttp(p.url) && (
          <p>
            <a href={p.url} target="_blank" rel="noopener noreferrer">
              {t('provenance.website')}
            </a>
          </p>
        )}
      </section>
    </div>
  );
}

function FactTable({
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

function AccessList({ entries }: { entries: AccessEntry[] }) {
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
function LabourPool({ entries }: { entries: LabourPoolEntry[] }) {
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

function ReadinessList({ items }: { items: ReadinessEntry[] }) {
  const { t, tx, fmt } = useI18n();
  return (
    <ul className="readiness">
      {items.map((r) => (
        <li key={r.item} className={`readiness-${r.status}`}>
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
      ))}
    </ul>
  );
}

function ShareButton({ url }: { url: string }) {
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
