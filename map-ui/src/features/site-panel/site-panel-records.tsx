/**
 * Issue 12 in the site panel: the cadastral parcels, the photos and documents (thumbnails for
 * images, links for PDFs) and the age of the decisive facts ("il y a 14 mois", "date inconnue").
 */
import type { SiteDocument } from '@api/modules/sites/documents/documents.schemas.ts';
import { DEFAULT_REFRESH_MONTHS, factAges, isoToday } from '@api/modules/sites/site.freshness.ts';
import { type Parcel, parcelId, parcelLabel } from '@api/modules/sites/site.parcels.ts';
import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { type Lang, useI18n } from '../../i18n/i18n.tsx';
import './site-records.css';

/** URL of a document's bytes: `documentUrl(siteId, doc.id)`. */
export const documentUrl = (siteId: string, docId: string) => `/api/sites/${siteId}/documents/${docId}`;

/**
 * "il y a 14 mois" / "14 months ago", "ce mois-ci" / "this month".
 * @example monthsAgo('en', 14) // '14 months ago'
 */
export function monthsAgo(lang: Lang, months: number): string {
  return new Intl.RelativeTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { numeric: 'auto' }).format(
    -months,
    'month',
  );
}

export function ParcelsSection({ parcels }: { parcels: Parcel[] | null | undefined }) {
  const { t, tp } = useI18n();
  if (!parcels?.length) return null;
  return (
    <section className="panel-section" data-testid="panel-parcels">
      <h3>
        {t('parcels.title')} <span className="muted small">({tp('parcels.count', parcels.length)})</span>
      </h3>
      <ul className="chips parcel-list">
        {parcels.map((p) => (
          <li key={parcelId(p)} className="chip" title={parcelId(p)}>
            {parcelLabel(p)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function sizeLabel(bytes: number, lang: Lang): string {
  const unit = lang === 'fr' ? ['ko', 'Mo'] : ['kB', 'MB'];
  const nf = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 });
  return bytes >= 1024 * 1024
    ? `${nf.format(bytes / 1024 / 1024)}\u00a0${unit[1]}`
    : `${nf.format(Math.max(1, bytes / 1024))}\u00a0${unit[0]}`;
}

export function DocumentsSection({
  siteId,
  documents,
}: {
  siteId: string;
  documents: SiteDocument[] | undefined;
}) {
  const { t, lang } = useI18n();
  if (!documents?.length) return null;
  const images = documents.filter((d) => d.mime.startsWith('image/'));
  const files = documents.filter((d) => !d.mime.startsWith('image/'));
  return (
    <section className="panel-section" data-testid="panel-documents">
      <h3>{t('documents.title')}</h3>
      {images.length > 0 && (
        <ul className="doc-thumbs">
          {images.map((d) => (
            <li key={d.id}>
              <a href={documentUrl(siteId, d.id)} target="_blank" rel="noopener noreferrer">
                <img src={documentUrl(siteId, d.id)} alt={d.title ?? d.name} loading="lazy" />
              </a>
              {d.title && <span className="small muted">{d.title}</span>}
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="doc-files">
          {files.map((d) => (
            <li key={d.id}>
              <a href={documentUrl(siteId, d.id)} target="_blank" rel="noopener noreferrer">
                {d.title ?? d.name}
              </a>{' '}
              <span className="small muted">
                {t('documents.pdf')} · {sizeLabel(d.bytes, lang)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The age of each known group of facts; old or undated ones stand out. */
export function FreshnessSection({ site, today = isoToday() }: { site: SiteDetail; today?: string }) {
  const { t, tx, fmt, lang } = useI18n();
  const ages = factAges(site.properties, today).filter((a) => a.known);
  if (!ages.length) return null;
  return (
    <section className="panel-section" data-testid="panel-freshness">
      <h3>{t('freshness.title')}</h3>
      <dl className="facts freshness">
        {ages.map((a) => {
          const stale = a.ageMonths === null || a.ageMonths >= DEFAULT_REFRESH_MONTHS;
          return (
            <div key={a.group} className={`fact ${stale ? 'fact-stale' : ''}`}>
              <dt>{tx(`freshness.group.${a.group}`, a.group)}</dt>
              <dd>
                {a.asOf && a.ageMonths !== null ? (
                  <>
                    {monthsAgo(lang, a.ageMonths)}{' '}
                    <span className="small muted">
                      (
                      {a.basis === 'source'
                        ? t('freshness.sourceDate', { date: fmt.date(a.asOf) })
                        : fmt.date(a.asOf)}
                      )
                    </span>
                  </>
                ) : (
                  t('freshness.unknown')
                )}
                {stale && <span className="tag tag-stale">{t('freshness.toRefresh')}</span>}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
