import { ACCESS_KINDS } from '@api/modules/access/access-kinds.ts';
import { shownQuality } from '@api/modules/sites/quality-badge.ts';
import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import type { Session } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Spinner } from '../../ui/error-notice.tsx';
import { OneLanguageText } from '../../ui/one-language-text.tsx';
import { LabelChips, QualityTag, StatusChip } from '../../ui/site-badges.tsx';
import { SiteLeadActions } from '../leads/site-lead-actions.tsx';
import { DocumentUpload } from './document-upload.tsx';
import { DocumentsSection, FreshnessSection, ParcelsSection } from './site-panel-records.tsx';
import {
  AccessList,
  FactTable,
  isHttp,
  LabourPool,
  ReadinessList,
  ShareButton,
} from './site-panel-sections.tsx';
import { ISOCHRONE_MINUTES, type IsochroneState } from './use-isochrone.ts';
import type { SiteDetailState } from './use-site-detail.ts';

interface Props {
  detail: SiteDetailState;
  shareUrl: string;
  onClose(): void;
  onZoom(site: SiteDetail): void;
  isochrone?: IsochroneState;
  onToggleIsochrone?(): void;
  /** Signed in: the panel has a history tab. */
  session?: Session | null;
  /** Present when the signed-in user may edit the site: the "Edit" button. */
  onEdit?(site: SiteDetail): void;
}

// The history tab (staff) loads on first use.
const SiteHistory = lazy(() =>
  import('../site-editor/site-history.tsx').then((m) => ({ default: m.SiteHistory })),
);

// The contract's order of access kinds (one list: api/src/modules/access/access-kinds.ts).
const ACCESS_ORDER: readonly string[] = ACCESS_KINDS;

export function SitePanel({
  detail,
  shareUrl,
  onClose,
  onZoom,
  isochrone = 'off',
  onToggleIsochrone,
  session,
  onEdit,
}: Props) {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [scrolled, setScrolled] = useState(false);
  const [tab, setTab] = useState<'facts' | 'history'>('facts');
  const { site, loading, error } = detail;
  const siteId = site ? String(site.id) : null;
  useEffect(() => {
    if (siteId) setTab('facts');
  }, [siteId]);

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
      {site && session && (
        <div className="panel-tabs" role="tablist" aria-label={t('panel.tabs')}>
          {(['facts', 'history'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={tab === k}
              className={tab === k ? 'active' : ''}
              onClick={() => setTab(k)}
            >
              {t(k === 'facts' ? 'panel.tabFacts' : 'panel.tabHistory')}
            </button>
          ))}
        </div>
      )}
      {site && session && tab === 'history' && (
        <div className="panel-body" role="tabpanel">
          <h2>{site.properties.name}</h2>
          <Suspense fallback={<Spinner label={t('state.loading')} />}>
            <SiteHistory siteId={String(site.id)} />
          </Suspense>
        </div>
      )}
      {site && (!session || tab === 'facts') && (
        <SiteBody
          site={site}
          shareUrl={shareUrl}
          headingRef={headingRef}
          onZoom={onZoom}
          isochrone={isochrone}
          onToggleIsochrone={onToggleIsochrone}
          onEdit={onEdit}
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
  onEdit,
}: {
  onEdit?(site: SiteDetail): void;
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
    [
      'availableAreaHa',
      t('facts.availableArea'),
      // Nothing left is a state of the site, said in words (its status tells why), not "0 ha".
      p.availableAreaHa === 0 ? t('site.noneAvailable') : num(p.availableAreaHa, fmt.hectares),
    ],
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
    ['vocation', t('facts.vocation'), enumValue('vocation', p.vocation)],
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
          <QualityTag quality={p.dataQuality} illustrativeFields={illustrative.size} />
          {p.published === false && <span className="tag tag-unpublished">{t('site.unpublished')}</span>}
        </div>
        <LabelChips labels={p.labels} />
        <div className="panel-actions">
          <ShareButton url={shareUrl} />
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onZoom(site)}>
            {t('panel.zoom')}
          </button>
          <SiteLeadActions site={site} />
          {onEdit && (
            <button type="button" className="btn btn-small btn-primary" onClick={() => onEdit(site)}>
              {t('editor.edit')}
            </button>
          )}
        </div>
      </header>

      {typeof p.description === 'string' && p.description && (
        <OneLanguageText className="description" text={p.description} />
      )}

      <DocumentsSection siteId={site.id} documents={p.documents} />
      {onEdit && (
        <details className="panel-section doc-manage-section">
          <summary>{t('documents.manage')}</summary>
          <DocumentUpload siteId={site.id} documents={p.documents ?? []} />
        </details>
      )}
      <FactTable title={t('panel.facts')} rows={facts} illustrative={illustrative} />
      <ParcelsSection parcels={p.parcels} />
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
        <ReadinessList items={p.readiness ?? []} />
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

      <FreshnessSection site={site} />

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
            <QualityTag quality={p.dataQuality} illustrativeFields={illustrative.size} />
            {shownQuality(p.dataQuality, illustrative.size) && (
              <span className="small muted block">
                {tx(`quality.${shownQuality(p.dataQuality, illustrative.size)}.help`, '')}
              </span>
            )}
          </dd>
        </dl>
        {illustrative.size > 0 && (
          <p className="small">{t('provenance.illustrativeFields', { count: illustrative.size })}</p>
        )}
        {typeof p.provenanceNotes === 'string' && p.provenanceNotes && (
          <OneLanguageText className="small muted" text={p.provenanceNotes} />
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
