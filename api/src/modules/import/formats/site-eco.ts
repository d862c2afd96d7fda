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
} from '../../sites/site.fields.ts';
import { toMultiPolygon } from '../import.geo.ts';
import { siteRow, validateSiteProperties } from '../import.schemas.ts';
import type { FormatAdapter, ParsedItem } from '../import.types.ts';
import { openCsv } from '../readers/csv-reader.ts';
import { siteCell } from './site-cells.ts';

/** SITE-ECO column → our site key, for columns that carry over as they are (after typing). */
const SITE_ECO_MAPPING: Readonly<Record<string, string>> = {
  site_id: 'siteEcoId',
  site_nom: 'name',
  site_type: 'siteType',
  site_vocadomi: 'vocation',
  site_etat: 'siteEcoState',
  site_surf_brute: 'grossAreaHa',
  site_surf_utile: 'usefulAreaHa',
  site_surf_comm_dispo: 'availableAreaHa',
  site_description: 'description',
  site_evol_urba: 'urbanisationType',
  site_url: 'url',
  site_epci_nom: 'territoryName',
  site_epci_siren: 'territorySiren',
  site_comm_nom: 'communeName',
  site_comm_insee: 'communeInsee',
  site_actu_date: 'sourceUpdatedAt',
  reseau_electrique: 'electricity',
  reseau_gaz: 'gas',
  reseau_eau_potable: 'drinkingWater',
  reseau_assainissement: 'sewerage',
  reseau_fibre_optique: 'fibre',
  reseau_fret_ferroviaire: 'railSiding',
  reseau_fluvial: 'quay',
};

/** Columns kept as "column: value" lines in provenanceNotes (no field of ours holds them). */
const SITE_ECO_NOTES = [
  'pole_id',
  'source_producteur',
  'site_quali_territoire',
  'site_creation_date',
  'site_identif_date',
  'site_moa_type',
  'site_moa_nom',
  'site_moa_amngt',
  'site_moa_comm',
] as const;

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
      const notes = SITE_ECO_NOTES.filter((c) => (record[c] ?? '').trim() !== '').map(
        (c) => `${c}: ${record[c].trim()}`,
      );
      raw.provenanceNotes = ['Imported from a CNIG SITE-ECO file.', ...notes].join('\n').slice(0, 2000);
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
