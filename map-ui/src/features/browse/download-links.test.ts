import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, filtersToQuery, type SiteFilters } from '../../state/filters.ts';
import { siteDownloads } from './download-links.ts';

const urls = (f: SiteFilters) => Object.fromEntries(siteDownloads(f).map((d) => [d.format, d.url]));

describe('siteDownloads', () => {
  it('links the formats without a filter query when no filter is set (the table in the UI language)', () => {
    expect(urls(EMPTY_FILTERS)).toEqual({
      table: '/api/sites.table.csv?lang=fr',
      geojson: '/api/sites.geojson',
      csv: '/api/sites.csv',
      'site-eco': '/api/sites.site-eco.csv',
    });
  });

  it('carries every filter of the list, encoded, and neither the map view nor paging', () => {
    const filters: SiteFilters = {
      ...EMPTY_FILTERS,
      q: '  Port & Rhin ',
      minAreaHa: 10,
      maxAreaHa: 50.5,
      minPowerMw: 12,
      labels: ['star_est', 'territoire_industrie'],
      statuses: ['available', 'under_option'],
      regions: ['44'],
      departments: ['67', '2A'],
      railSiding: true,
      quay: true,
      brownfield: true,
    };
    const expected =
      'q=Port+%26+Rhin&minAreaHa=10&maxAreaHa=50.5&minPowerMw=12&label=star_est%2Cterritoire_industrie' +
      '&status=available%2Cunder_option&region=44&department=67%2C2A&railSiding=true&quay=true&brownfield=true';
    expect(urls(filters)).toEqual({
      table: `/api/sites.table.csv?${expected}&lang=fr`,
      geojson: `/api/sites.geojson?${expected}`,
      csv: `/api/sites.csv?${expected}`,
      'site-eco': `/api/sites.site-eco.csv?${expected}`,
    });
    // The same query as the list's (GET /api/sites), so a download holds what the list counts.
    const q = new URL(urls(filters).csv, 'http://x').searchParams;
    expect(q.toString()).toBe(filtersToQuery(filters).toString());
    expect(q.has('bbox') || q.has('limit') || q.has('offset')).toBe(false);
  });

  it('leaves out false flags and empty lists', () => {
    expect(urls({ ...EMPTY_FILTERS, departments: ['67'], railSiding: false }).geojson).toBe(
      '/api/sites.geojson?department=67',
    );
  });
});
