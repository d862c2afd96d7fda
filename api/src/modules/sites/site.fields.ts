/**
 * Every site field once: its JSON name (camelCase, the HTTP contract), its column (SITE-ECO
 * names where the CNIG standard has them), its validation and who may read it. The zod
 * schemas, the SELECT lists, the public/confidential split and the SITE-ECO mapping are all
 * derived from this table, so adding a field is one line here plus a migration.
 */
import { z } from 'zod';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../shared/csv.ts';
import { factsAsOfSchema } from './site.freshness.ts';
import { parcelsSchema } from './site.parcels.ts';

export const SITE_ECO_TYPES = [
  "zone d'activité économique",
  'site économique historique hors ZAE',
  'établissement économique isolé',
  'réserve foncière',
] as const;
export const SITE_ECO_VOCATIONS = [
  'industrielle',
  'commerciale',
  'tertiaire',
  'artisanale',
  'touristique',
  'portuaire',
  'aéroportuaire, aéronautique',
  'entrepôts, logistique',
  'logistique agricole',
  'mixte',
] as const;
export const SITE_ECO_STATES = [
  'en projet',
  'création',
  'existant et actif',
  'projet de déclassement',
  'déclassé',
  'annulé',
] as const;
export const URBANISATION_TYPES = ['extension urbaine', 'renouvellement urbain', 'mixte'] as const;
/**
 * Commercial status. `under_option`: a buyer holds an option (until `reservedUntil`);
 * `committed`: a sale or lease agreement is signed but not completed (the plot returns to the
 * market only if it lapses, on `reservedUntil` when known); `taken`: gone.
 */
export const SITE_STATUSES = ['available', 'in_preparation', 'under_option', 'committed', 'taken'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];
export const PPRI_ZONES = ['none', 'blue', 'red'] as const;
export const PPRT_ZONES = ['none', 'blue', 'light_red', 'dark_red'] as const;
export const NATURA2000 = ['none', 'adjacent', 'inside'] as const;
export const SOIL_POLLUTION = ['inexistante', 'peu_probable', 'supposee', 'averee'] as const;
export const PLU_ZONES = ['U', 'AUc', 'AUs', 'A', 'N'] as const;
/**
 * Dominant destination of the PLU zone, as the CNIG PLU standard codes it (`DESTDOMI` of
 * ZONE_URBA): 00 none yet, 01 housing, 02 economic activity, 03 mixed housing/activity,
 * 04 leisure and tourism, 05 public facilities, 07 farming, 08 natural area, 09 remarkable
 * area (coast, mountain), 10 quarry, 99 other.
 */
export const PLU_DESTINATIONS = ['00', '01', '02', '03', '04', '05', '07', '08', '09', '10', '99'] as const;
/** Where the grid operator's connection study stands (RTE: exploratory study → PTF → agreement). */
export const GRID_STUDY_STATUSES = ['none', 'exploratory', 'offer', 'agreement'] as const;
export const ICPE_REGIMES = ['NC', 'D', 'DC', 'E', 'A'] as const;
export const SEVESO_TIERS = ['none', 'lower', 'upper'] as const;
export const DATA_QUALITY = ['sourced', 'estimated', 'illustrative'] as const;
export type DataQuality = (typeof DATA_QUALITY)[number];
export const READINESS_ITEMS = [
  'urbanism',
  'archaeology',
  'environment',
  'icpe',
  'networks',
  'land_control',
] as const;
export const READINESS_STATUSES = ['done', 'in_progress', 'not_started', 'not_required'] as const;

/** Labels the UI knows by name; other lower_snake_case labels are accepted too. */
export const KNOWN_LABELS = [
  'cle_en_main_france_2030',
  'star_est',
  'territoire_industrie',
  'choose_paris_region',
  'france_foncier_plus',
] as const;

// zod's ISO date accepts year 0000, which PostgreSQL refuses (there is no year 0); a site's
// dates (availability, statements, sources) fall within these bounds.
const isoDate = z.iso
  .date({ message: 'expected a date as YYYY-MM-DD' })
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', {
    message: 'expected a date between 1900 and 2199',
    params: { code: 'date_out_of_range', min: '1900-01-01', max: '2199-12-31' },
  });
const hectares = z.number().finite().min(0, 'must not be negative').max(100_000, 'more than 100,000 ha');
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((t) => !looksLikeFormula(t), FORMULA_MESSAGE);
const httpUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).max(2000);

export const readinessItemSchema = z.strictObject({
  item: z.enum(READINESS_ITEMS),
  status: z.enum(READINESS_STATUSES),
  date: isoDate.nullish(),
  evidenceUrl: httpUrl.nullish(),
  note: text(500).nullish(),
});
export type ReadinessItem = z.infer<typeof readinessItemSchema>;

type Access = 'public' | 'confidential';

export interface SiteField {
  key: string;
  column: string;
  schema: z.ZodType;
  access: Access;
  /** Computed by the database or the service; never accepted in a body. */
  readOnly?: boolean;
  /** Included in list/tile properties (the rest only in the detail). */
  list?: boolean;
  /** NOT NULL with a column default: `null` in a body means that default, not NULL. */
  dbDefault?: boolean;
}

interface FieldOptions {
  access?: Access;
  readOnly?: boolean;
  list?: boolean;
  dbDefault?: boolean;
}

/**
 * A field as typed by `f`: its key, schema, access and list flag stay literal types, so the
 * response schemas (sites.schemas.ts) are typed property by property from this same table.
 */
export type TypedSiteField<K extends string, S extends z.ZodType, O extends FieldOptions> = SiteField & {
  key: K;
  schema: S;
  access: O['access'] extends 'confidential' ? 'confidential' : 'public';
  list: O['list'] extends true ? true : false;
};

const f = <K extends string, S extends z.ZodType, const O extends FieldOptions = Record<never, never>>(
  key: K,
  column: string,
  schema: S,
  opts: O = {} as O,
): TypedSiteField<K, S, O> =>
  ({
    key,
    column,
    schema,
    access: opts.access ?? 'public',
    readOnly: opts.readOnly,
    list: opts.list === true,
    dbDefault: opts.dbDefault,
  }) as TypedSiteField<K, S, O>;

const FIELDS = [
  f('name', 'site_nom', text(200).min(1, 'must not be empty'), { list: true }),
  f('siteEcoId', 'site_id', text(100)),
  f('siteType', 'site_type', z.enum(SITE_ECO_TYPES)),
  f('vocation', 'site_vocadomi', z.enum(SITE_ECO_VOCATIONS)),
  f('siteEcoState', 'site_etat', z.enum(SITE_ECO_STATES)),
  f('description', 'site_description', text(5000)),
  f('url', 'site_url', httpUrl),
  f('urbanisationType', 'site_evol_urba', z.enum(URBANISATION_TYPES)),
  f(
    'communeInsee',
    'site_comm_insee',
    z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'expected a 5-character INSEE code'),
    {
      list: true,
    },
  ),
  f('communeName', 'site_comm_nom', text(120), { list: true }),
  f('department', 'departement', z.string(), { readOnly: true, list: true }),
  f('region', 'region', z.string(), { readOnly: true, list: true }),
  f('territorySiren', 'site_epci_siren', z.string().regex(/^\d{9}$/, 'expected a 9-digit SIREN'), {
    list: true,
  }),
  f('territoryName', 'site_epci_nom', text(200)),
  f('grossAreaHa', 'site_surf_brute', hectares),
  f('usefulAreaHa', 'site_surf_utile', hectares),
  f('availableAreaHa', 'site_surf_comm_dispo', hectares, { list: true }),
  f('areaHa', 'area_ha', z.number(), { readOnly: true, list: true }),
  f('minLotHa', 'min_lot_ha', hectares),
  f('maxHeightM', 'max_height_m', z.number().finite().min(0).max(500)),
  f('status', 'status', z.enum(SITE_STATUSES), { list: true, dbDefault: true }),
  f(
    'labels',
    'labels',
    z.array(z.string().regex(/^[a-z0-9_]{2,60}$/, 'labels are lower_snake_case')).max(20),
    { list: true, dbDefault: true },
  ),
  f('published', 'published', z.boolean(), { list: true, dbDefault: true }),
  f('brownfield', 'brownfield', z.boolean(), { list: true }),
  f('availableFrom', 'available_from', isoDate, { list: true }),
  // End of the option or commitment of an under_option / committed site.
  f('reservedUntil', 'reserved_until', isoDate),
  f('priceEurM2', 'price_eur_m2', z.number().finite().min(0).max(10_000)),
  f('electricity', 'reseau_electrique', z.boolean()),
  f('gas', 'reseau_gaz', z.boolean()),
  f('drinkingWater', 'reseau_eau_potable', z.boolean()),
  f('sewerage', 'reseau_assainissement', z.boolean()),
  f('fibre', 'reseau_fibre_optique', z.boolean()),
  f('railSiding', 'reseau_fret_ferroviaire', z.boolean(), { list: true }),
  f('quay', 'reseau_fluvial', z.boolean(), { list: true }),
  f('powerAvailableMw', 'power_available_mw', z.number().finite().min(0).max(5000), { list: true }),
  f('powerVoltageKv', 'power_voltage_kv', z.number().finite().min(0).max(1000)),
  f('powerSubstation', 'power_substation_name', text(200)),
  f('powerConnectionDelayMonths', 'power_connection_delay_months', z.number().int().min(0).max(240)),
  f('powerStatementDate', 'power_statement_date', isoDate),
  // Who stated the power figure (operator letter, study…): with the date, what makes it evidence.
  f('powerSource', 'power_source', text(300)),
  // Grid evidence beyond the site's own supply: hosting capacity for a new connection.
  f('gridHostingCapacityMw', 'grid_hosting_capacity_mw', z.number().finite().min(0).max(5000)),
  f('gridHostingCapacitySource', 'grid_hosting_capacity_source', text(300)),
  f('gridHostingCapacityDate', 'grid_hosting_capacity_date', isoDate),
  f('gridStudyStatus', 'grid_study_status', z.enum(GRID_STUDY_STATUSES)),
  f('gasCapacityMwhPerDay', 'gas_capacity_mwh_per_day', z.number().finite().min(0).max(1_000_000)),
  f('waterM3PerDay', 'water_m3_per_day', z.number().finite().min(0).max(10_000_000)),
  f('wastewaterM3PerDay', 'wastewater_m3_per_day', z.number().finite().min(0).max(10_000_000)),
  f('ppriZone', 'ppri_zone', z.enum(PPRI_ZONES)),
  f('pprtZone', 'pprt_zone', z.enum(PPRT_ZONES)),
  f('natura2000', 'natura2000', z.enum(NATURA2000)),
  f('soilPollution', 'soil_pollution', z.enum(SOIL_POLLUTION)),
  f('sevesoNeighbour', 'seveso_neighbour', z.boolean()),
  f('pluZone', 'plu_zone', z.enum(PLU_ZONES)),
  f('pluZoneLabel', 'plu_zone_label', text(30)),
  f('pluDestination', 'plu_destination', z.enum(PLU_DESTINATIONS)),
  f('maxIcpeRegime', 'icpe_max_regime', z.enum(ICPE_REGIMES)),
  f('sevesoAllowed', 'seveso_allowed', z.enum(SEVESO_TIERS)),
  f('readiness', 'readiness', z.array(readinessItemSchema).max(20), { dbDefault: true }),
  f('contactName', 'contact_name', text(200)),
  f('contactEmail', 'contact_email', z.email().max(200)),
  f('contactPhone', 'contact_phone', text(40)),
  f('ownerName', 'owner_name', text(200), { access: 'confidential' }),
  f('ownerContact', 'owner_contact', text(500), { access: 'confidential' }),
  f('negotiatedPriceEurM2', 'negotiated_price_eur_m2', z.number().finite().min(0).max(10_000), {
    access: 'confidential',
  }),
  f('source', 'source', text(100).min(1), { dbDefault: true }),
  f('sourceId', 'source_id', text(200)),
  f('sourceUrl', 'source_url', httpUrl),
  f('sourceUpdatedAt', 'source_updated_at', isoDate),
  f('dataQuality', 'data_quality', z.enum(DATA_QUALITY), { list: true, dbDefault: true }),
  f('illustrativeFields', 'illustrative_fields', z.array(z.string().max(60)).max(80), { dbDefault: true }),
  f('provenanceNotes', 'provenance_notes', text(2000)),
  // Issue 12: cadastral parcels (site.parcels.ts) and the "as of" date of each group of facts
  // (site.freshness.ts). Not SITE-ECO columns: the export writes parcels as TERRAIN-ECO's terr_refcad.
  f('parcels', 'parcels', parcelsSchema),
  f('factsAsOf', 'facts_as_of', factsAsOfSchema),
  f('createdAt', 'created_at', z.string(), { readOnly: true }),
  f('updatedAt', 'updated_at', z.string(), { readOnly: true }),
] as const;

/** The fields with their literal types (key, schema, access, list), for typed response schemas. */
export type SiteFieldTable = typeof FIELDS;
export const SITE_FIELDS: readonly SiteField[] = FIELDS;

export const FIELD_BY_KEY = new Map(SITE_FIELDS.map((fd) => [fd.key, fd]));
export const WRITABLE_FIELDS = SITE_FIELDS.filter((fd) => !fd.readOnly);
export const CONFIDENTIAL_KEYS = new Set(
  SITE_FIELDS.filter((fd) => fd.access === 'confidential').map((fd) => fd.key),
);
