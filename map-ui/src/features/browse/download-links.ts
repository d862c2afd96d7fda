/** The download links of the browse panel: one per format, for the current filters. */
import { SITE_EXPORT_FORMATS, type SiteExportFormat, siteExportUrl } from '../../api/sites.ts';
import type { SiteFilters } from '../../state/filters.ts';

export interface SiteDownload {
  format: SiteExportFormat;
  url: string;
}

/** `siteDownloads(filters, 'en')` → `[{ format: 'table', url: '/api/sites.table.csv?lang=en' }, …]`. */
export function siteDownloads(filters: SiteFilters, lang: 'fr' | 'en' = 'fr'): SiteDownload[] {
  return SITE_EXPORT_FORMATS.map((format) => ({ format, url: siteExportUrl(filters, format, lang) }));
}
