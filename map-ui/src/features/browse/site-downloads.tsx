/**
 * "Télécharger": the filtered list (every matching site, not only the map view) as a table for
 * people (CSV in the UI's language, names not codes), GeoJSON, the CSV of codes or the national SITE-ECO CSV. Plain links: the browser sends the session cookie, so
 * staff get what their role may see, and the server names the file.
 */
import { useI18n } from '../../i18n/i18n.tsx';
import type { SiteFilters } from '../../state/filters.ts';
import { siteDownloads } from './download-links.ts';
import './site-downloads.css';

export function SiteDownloads({ filters, total }: { filters: SiteFilters; total: number | null }) {
  const { t, lang } = useI18n();
  if (!total) return null;
  return (
    <div className="site-downloads">
      <span id="site-downloads-label" className="site-downloads-label small">
        {t('download.label')}
      </span>
      <ul className="site-downloads-links" aria-labelledby="site-downloads-label">
        {siteDownloads(filters, lang).map((d) => (
          <li key={d.format}>
            <a
              className="btn btn-small"
              href={d.url}
              download
              data-download={d.format}
              aria-label={t(`download.${d.format}Long`)}
              title={t(`download.${d.format}Long`)}
            >
              {t(`download.${d.format}`)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
