/**
 * CNIG SITE-ECO CSV (standard "Sites économiques", class SITE-ECO, schema v1.0.0:
 * https://github.com/cnigfr/schema-sites-economiques/tree/main/schema/site-eco).
 * The outline is `site_geomsurf`, GeoJSON text. Field mapping: see site-eco.md next to this file.
 * Upsert key: source "site-eco" + site_id.
 */

import {
  SITE_ECO_STATES,
  SITE_ECO_TYPES,
  SITE_ECO_VOCATIONS,
  URBANISATION_TYPES,
  WRITABLE_FIELDS,
} from '../../sites/site.fields.ts';
import { toMultiPolygon } from '../import.geo.ts';
import type { FormatAdapter, ParsedItem } from '../import.types.ts';
import { siteRow, validateSiteProperties } from '../import.validation.ts';
import { openCsv } from '../readers/csv-reader.ts';
import { siteCell } from './site-cells.ts';

/**
 * The columns of class SITE-ECO in the order of schema v1.0.0 (`schema/site-eco/schema.json`):
 * the header of an export. The standard's own example file omits `source_producteur`; the
 * schema is the reference.
 */
export const SITE_ECO_COLUMNS = [
  'site_id',
  'pole_id',
  'site_nom',
  'site_type',
  'site_vocadomi',
  'site_etat',
  'site_surf_brute',
  'site_surf_utile',
  'site_creation_date',
  'site_identif_date',
  'site_actu_date',
  'source_producteur',
  'site_description',
  'site_quali_territoire',
  'site_evol_urba',
  'site_url',
  'site_epci_nom',
  'site_epci_siren',
  'site_comm_nom',
  'site_comm_insee',
  'site_moa_type',
  'site_moa_nom',
  'site_moa_amngt',
  'site_moa_comm',
  'site_uf_nbre',
  'site_uf_vacant_nbre',
  'site_taux_vacance',
  'site_uf_bati_nbre',
  'site_nb_etab',
  'site_nb_emploi',
  'site_geomsurf',
  'site_geompoint',
  'site_media',
  'site_surf_comm_dispo',
  'site_surf_projet',
  'site_voca_industrielle',
  'site_voca_commerciale',
  'site_voca_tertiaire',
  'site_voca_artisanale',
  'site_voca_touristique',
  'site_voca_portuaire',
  'site_voca_aeroportuaire',
  'reseau_eau_pluviale',
  'reseau_eau_potable',
  'reseau_assainissement',
  'reseau_gaz',
  'reseau_electrique',
  'reseau_fibre_optique',
  'reseau_fret_ferroviaire',
  'reseau_fluvial',
  'desserte_tc',
  'desserte_route_nom',
  'autoroute_nom',
  'autoroute_echang_dist',
  'gare_nom',
  'gare_dist',
  'gare_fret_nom',
  'gare_fret_dist',
  'aeroport_nom',
  'aeroport_dist',
  'port_nom',
  'port_dist',
] as const;
export type SiteEcoColumn = (typeof SITE_ECO_COLUMNS)[number];

/**
 * Columns written after the standard's 62, outside class SITE-ECO: `terr_refcad`, the site's
 * cadastral parcels as 14-character identifiers separated by `|`, under the name class
 * TERRAIN-ECO of the same standard gives that list (SITE-ECO itself has no parcel column).
 * Readers of the standard ignore extra columns; this importer reads it back into `parcels`.
 */
export const SITE_ECO_EXTRA_COLUMNS = ['terr_refcad'] as const;

/** Standard columns stored under a name of our own; every other mapped column has its SITE-ECO name in site.fields.ts. */
const RENAMED: Partial<Record<SiteEcoColumn, string>> = { site_actu_date: 'sourceUpdatedAt' };

/**
 * SITE-ECO column → our site key, for columns that carry over as they are (after typing).
 * Derived from site.fields.ts (whose columns carry the standard's names), and read by both
 * this importer and the SITE-ECO writer (export module), so the two cannot drift apart.
 */
export const SITE_ECO_MAPPING: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    SITE_ECO_COLUMNS.flatMap((column) => {
      const key = RENAMED[column] ?? WRITABLE_FIELDS.find((f) => f.column === column)?.key;
      return key ? [[column, key]] : [];
    }),
  ),
  terr_refcad: 'parcels',
};

/** Columns kept as "column: value" lines in provenanceNotes (no field of ours holds them). */
export const SITE_ECO_NOTES = [
  'pole_id',
  'source_producteur',
  'site_quali_territoire',
  'site_creation_date',
  'site_identif_date',
  'site_moa_type',
  'site_moa_nom',
  'site_moa_amngt',
  'site_moa_comm',
] as const satisfies readonly SiteEcoColumn[];

const NOTES_HEADER = 'Imported from a CNIG SITE-ECO file.';

/** provenanceNotes of an imported row: a header line, then one "column: value" line per note column. */
function notesText(record: Record<string, string>): string {
  const notes = SITE_ECO_NOTES.filter((c) => (record[c] ?? '').trim() !== '').map(
    // One line per column: a line break inside a value would end its line early.
    (c) => `${c}: ${record[c].trim().replace(/\s*[\r\n]+\s*/g, ' ')}`,
  );
  return [NOTES_HEADER, ...notes].join('\n').slice(0, 2000);
}

/**
 * The note columns back out of the provenanceNotes this importer wrote (nothing from notes
 * written by anyone else), so that an exported SITE-ECO file gives them back.
 * @example readSiteEcoNotes('Imported from a CNIG SITE-ECO file.\npole_id: P1') // { pole_id: 'P1' }
 */
export function readSiteEcoNotes(provenanceNotes: unknown): Partial<Record<SiteEcoColumn, string>> {
  if (typeof provenanceNotes !== 'string' || !provenanceNotes.startsWith(NOTES_HEADER)) return {};
  const out: Partial<Record<SiteEcoColumn, string>> = {};
  const known = new Set<string>(SITE_ECO_NOTES);
  for (const line of provenanceNotes.split('\n').slice(1)) {
    const m = /^([a-z_]+): (.*)$/.exec(line);
    if (m && known.has(m[1])) out[m[1] as SiteEcoColumn] = m[2];
  }
  return out;
}

const REQUIRED = ['site_id', 'site_nom', 'site_comm_insee', 'site_geomsurf'];

/** Values seen in real files (and in the CNIG example itself) for enum columns. */
const ALIASES: Record<string, Record<string, string>> = {
  siteEcoState: { existant: 'existant et actif' },
  urbanisationType: { extension: 'extension urbaine', renouvellement: 'renouvellement urbain' },
};
const ENUMS: Record<string, readonly string[]> = {
  siteType: SITE_ECO_TYPES,
  vocation: SITE_ECO_VOCATIONS,
  siteEcoState: SITE_ECO_STATES,
  urbanisationType: URBANISATION_TYPES,
};

const fold = (s: string) => s.trim().toLowerCase().replace(/[’`]/g, "'");

/** Matches an enum value ignoring case and apostrophe style; unknown values pass through to fail validation. */
function enumValue(key: string, raw: string): string {
  const f = fold(raw);
  const alias = ALIASES[key]?.[f];
  if (alias) return alias;
  return ENUMS[key]?.find((v) => fold(v) === f) ?? raw.trim();
}

/** Parses site_geomsurf; tolerates the backslash-escaped quotes of the CNIG example file. */
function parseGeomsurf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/\\"/g, '"'));
  }
}

export const siteEco: FormatAdapter = {
  name: 'site-eco',
  target: 'sites',
  description: 'CNIG SITE-ECO CSV (site_geomsurf GeoJSON outline), mapped to our site fields',
  async *parse(source): AsyncIterable<ParsedItem> {
    const csv = await openCsv(source.open(), { delimiter: 'auto', required: REQUIRED });
    for await (const item of csv.rows) {
      if ('error' in item) {
        yield item;
        continue;
      }
      const { line, record } = item;
      const raw: Record<string, unknown> = {};
      const errors: string[] = [];
      for (const [column, key] of Object.entries(SITE_ECO_MAPPING)) {
        const text = record[column];
        if (text === undefined) continue;
        const v = siteCell(key, ENUMS[key] ? enumValue(key, text) : text);
        if ('error' in v) errors.push(v.error.replace(`${key}:`, `${column}:`));
        else raw[key] = v.value;
      }
      let geometry: unknown;
      try {
        geometry = parseGeomsurf(record.site_geomsurf ?? '');
      } catch {
        errors.push('site_geomsurf: not valid GeoJSON');
      }
      if (errors.length > 0) {
        yield { line, error: errors.join('; ') };
        continue;
      }
      const geom = toMultiPolygon(geometry);
      if ('error' in geom) {
        yield { line, error: `site_geomsurf: ${geom.error}` };
        continue;
      }
      raw.provenanceNotes = notesText(record);
      raw.source = 'site-eco';
      raw.sourceId = raw.siteEcoId;
      raw.dataQuality = 'sourced';
      const props = validateSiteProperties(raw);
      if ('error' in props) {
        yield { line, error: renameKeys(props.error) };
        continue;
      }
      const row = siteRow(props.properties, geom.geometry);
      yield 'error' in row
        ? { line, error: renameKeys(row.error) }
        : { line, row: { target: 'site', value: row.row } };
    }
  },
};

const KEY_TO_COLUMN = new Map(Object.entries(SITE_ECO_MAPPING).map(([col, key]) => [key, col]));

/** Error texts name the SITE-ECO columns the user knows, not our keys. */
function renameKeys(text: string): string {
  return text.replace(/\b([a-zA-Z0-9]+):/g, (m, key: string) =>
    KEY_TO_COLUMN.has(key) ? `${KEY_TO_COLUMN.get(key)}:` : m,
  );
}
