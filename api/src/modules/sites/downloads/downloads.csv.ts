/**
 * The site tables of the CSV downloads (cells written by shared/csv.ts): the plain (machine)
 * table, one row per site with the list fields of `GET /api/sites` under their JSON names (codes,
 * raw numbers), plus the centroid and the outline as WKT; and the table for people, in words.
 */
import { cellFormat, departmentName, regionName, type TableLang } from '../../../shared/human-table.ts';
import { valueLabel } from '../../projects/pdf/pdf-labels.ts';
import { territoryOf } from '../../territories/territories.ts';
import { SITE_FIELDS } from '../site.fields.ts';
import type { SiteListFeature } from '../sites.schemas.ts';
import { centroid, toWkt } from './downloads.geo.ts';

export { csvField, csvLine } from '../../../shared/csv.ts';

export type Cell = string | number | boolean | null | undefined;

/** The list fields of site.fields.ts: what `GET /api/sites` returns for a site, in table order. */
const LIST_KEYS = SITE_FIELDS.filter((f) => f.list).map((f) => f.key);

export const PLAIN_CSV_HEADER: readonly string[] = ['id', ...LIST_KEYS, 'lon', 'lat', 'wkt'];

/** A property as a cell: lists joined with `|` (what the sites-csv importer reads back). */
function plainCell(v: unknown): Cell {
  if (Array.isArray(v)) return v.join('|');
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return v;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * A listed site as a row of the plain CSV. A field the caller may not see is absent from the
 * list's properties, so its cell stays empty: visibility is the list's, not decided here.
 */
export function plainCsvRecord(site: SiteListFeature): Cell[] {
  const [lon, lat] = centroid(site.geometry);
  return [site.id, ...LIST_KEYS.map((k) => plainCell(site.properties[k])), lon, lat, toWkt(site.geometry)];
}

// ---------------------------------------------------------------------------------------------
// The table for people (`/api/sites.table.csv?lang=`): the same sites, in words.

const TABLE_TITLES = {
  fr: {
    name: 'Nom',
    commune: 'Commune',
    department: 'Département',
    region: 'Région',
    territory: 'Intercommunalité',
    status: 'Statut',
    labels: 'Labels',
    availableAreaHa: 'Surface disponible (ha)',
    areaHa: 'Surface du contour (ha)',
    usefulAreaHa: 'Surface utile (ha)',
    minLotHa: 'Lot minimum (ha)',
    availableFrom: 'Disponible à partir du',
    powerAvailableMw: 'Puissance disponible (MW)',
    railSiding: 'Embranchement ferré',
    quay: 'Quai fluvial ou maritime',
    brownfield: 'Friche',
    maxHeightM: 'Hauteur maximale (m)',
    dataQuality: 'Qualité des données',
    sourceUpdatedAt: 'Source mise à jour le',
    sourceUrl: 'Source',
    lon: 'Longitude',
    lat: 'Latitude',
  },
  en: {
    name: 'Name',
    commune: 'Municipality',
    department: 'Département',
    region: 'Région',
    territory: 'Intercommunal authority',
    status: 'Status',
    labels: 'Labels',
    availableAreaHa: 'Available area (ha)',
    areaHa: 'Outline area (ha)',
    usefulAreaHa: 'Usable area (ha)',
    minLotHa: 'Minimum lot (ha)',
    availableFrom: 'Available from',
    powerAvailableMw: 'Available power (MW)',
    railSiding: 'Rail siding',
    quay: 'River or sea quay',
    brownfield: 'Brownfield',
    maxHeightM: 'Maximum height (m)',
    dataQuality: 'Data quality',
    sourceUpdatedAt: 'Source updated on',
    sourceUrl: 'Source',
    lon: 'Longitude',
    lat: 'Latitude',
  },
} as const;

type TableColumn = keyof (typeof TABLE_TITLES)['fr'];
const TABLE_COLUMNS = Object.keys(TABLE_TITLES.fr) as TableColumn[];

/** The header of the people's table in `lang`: `tableCsvHeader('en')[0]` → 'Name'. */
export function tableCsvHeader(lang: TableLang): string[] {
  return TABLE_COLUMNS.map((c) => TABLE_TITLES[lang][c]);
}

/**
 * A listed site as a row of the people's table: names instead of codes (département
 * "Moselle (57)", région "Grand Est", the territory's name), the status and labels in words,
 * yes/no, numbers and dates in the language's form.
 */
export function tableCsvRecord(site: SiteListFeature, lang: TableLang): Cell[] {
  const p = site.properties as Record<string, unknown>;
  const f = cellFormat(lang);
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const num = (v: unknown, digits = 2) => f.number(typeof v === 'number' ? v : null, digits);
  const bool = (v: unknown) => f.yesNo(typeof v === 'boolean' ? v : null);
  const enumLabel = (group: string, v: unknown) => (str(v) ? valueLabel(lang, group, v as string) : null);
  const siren = str(p.territorySiren);
  const [lon, lat] = centroid(site.geometry);
  const cells: Record<TableColumn, Cell> = {
    name: str(p.name),
    commune: str(p.communeName),
    department: departmentName(p.department),
    region: regionName(p.region),
    territory: str(p.territoryName) ?? (siren ? (territoryOf(siren).name ?? siren) : null),
    status: enumLabel('siteStatus', p.status),
    labels: Array.isArray(p.labels)
      ? p.labels.map((l) => valueLabel(lang, 'label', String(l))).join(', ')
      : null,
    availableAreaHa: num(p.availableAreaHa),
    areaHa: num(p.areaHa),
    usefulAreaHa: num(p.usefulAreaHa),
    minLotHa: num(p.minLotHa),
    availableFrom: f.date(str(p.availableFrom)),
    powerAvailableMw: num(p.powerAvailableMw),
    railSiding: bool(p.railSiding),
    quay: bool(p.quay),
    brownfield: bool(p.brownfield),
    maxHeightM: num(p.maxHeightM),
    dataQuality: enumLabel('quality', p.dataQuality),
    sourceUpdatedAt: f.date(str(p.sourceUpdatedAt)),
    sourceUrl: str(p.sourceUrl),
    lon: f.number(lon, 6),
    lat: f.number(lat, 6),
  };
  return TABLE_COLUMNS.map((c) => cells[c]);
}
