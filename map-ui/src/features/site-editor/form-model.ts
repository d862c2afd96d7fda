/**
 * The editor's form, as data: the SITE-ECO groups (CNIG standard order: identity, surfaces,
 * zoning and rules, networks and power with its evidence, access, risks, readiness,
 * availability and price, contact, provenance), each field's control, and the conversions
 * between a site's properties and the form's text values. A new field (helper C's parcels,
 * freshness dates…) is one line in GROUPS plus its label `field.<key>` in fr/en.json.
 */
import {
  DATA_QUALITY,
  GRID_STUDY_STATUSES,
  ICPE_REGIMES,
  NATURA2000,
  PLU_DESTINATIONS,
  PLU_ZONES,
  PPRI_ZONES,
  PPRT_ZONES,
  type ReadinessItem,
  SEVESO_TIERS,
  SITE_ECO_STATES,
  SITE_ECO_TYPES,
  SITE_ECO_VOCATIONS,
  SITE_STATUSES,
  SOIL_POLLUTION,
  URBANISATION_TYPES,
} from '@api/modules/sites/site.fields.ts';
import { type Parcel, parcelId } from '@api/modules/sites/site.parcels.ts';

export type Control =
  | { kind: 'text' | 'textarea' | 'email' | 'url' | 'date' | 'number' | 'bool' | 'list' }
  /** Cadastral parcels, written as their 14-character identifiers (`78335000AB0123`), comma-separated. */
  | { kind: 'parcels' }
  /** `prefix`: i18n prefix of the option labels (`status.` → `status.available`); none: shown as is. */
  | { kind: 'enum'; options: readonly string[]; prefix?: string };

export interface FormField {
  key: string;
  control: Control;
  required?: boolean;
  /** Confidential: read by signed-in staff only (shown with a tag). */
  confidential?: boolean;
}

export interface FormGroup {
  id: string;
  fields: FormField[];
}

const text = (key: string, required = false): FormField => ({ key, control: { kind: 'text' }, required });
const num = (key: string): FormField => ({ key, control: { kind: 'number' } });
const date = (key: string): FormField => ({ key, control: { kind: 'date' } });
const bool = (key: string): FormField => ({ key, control: { kind: 'bool' } });
const choice = (key: string, options: readonly string[], prefix?: string): FormField => ({
  key,
  control: { kind: 'enum', options, prefix },
});
const secret = (f: FormField): FormField => ({ ...f, confidential: true });

export const GROUPS: FormGroup[] = [
  {
    id: 'identity',
    fields: [
      text('name', true),
      text('siteEcoId'),
      choice('siteType', SITE_ECO_TYPES),
      choice('vocation', SITE_ECO_VOCATIONS, 'vocation.'),
      choice('siteEcoState', SITE_ECO_STATES),
      choice('urbanisationType', URBANISATION_TYPES),
      choice('status', SITE_STATUSES, 'status.'),
      { key: 'description', control: { kind: 'textarea' } },
      { key: 'url', control: { kind: 'url' } },
      text('communeInsee', true),
      text('communeName'),
      text('territorySiren'),
      text('territoryName'),
      { key: 'labels', control: { kind: 'list' } },
    ],
  },
  {
    id: 'surfaces',
    fields: [num('grossAreaHa'), num('usefulAreaHa'), num('availableAreaHa'), num('minLotHa')],
  },
  {
    id: 'zoning',
    fields: [
      choice('pluZone', PLU_ZONES),
      text('pluZoneLabel'),
      choice('pluDestination', PLU_DESTINATIONS, 'plu.dest.'),
      choice('maxIcpeRegime', ICPE_REGIMES, 'icpe.'),
      choice('sevesoAllowed', SEVESO_TIERS, 'seveso.'),
      num('maxHeightM'),
      bool('brownfield'),
      { key: 'parcels', control: { kind: 'parcels' } },
    ],
  },
  {
    id: 'networks',
    fields: [
      bool('electricity'),
      num('powerAvailableMw'),
      num('powerVoltageKv'),
      text('powerSubstation'),
      num('powerConnectionDelayMonths'),
      date('powerStatementDate'),
      text('powerSource'),
      num('gridHostingCapacityMw'),
      text('gridHostingCapacitySource'),
      date('gridHostingCapacityDate'),
      choice('gridStudyStatus', GRID_STUDY_STATUSES, 'grid.study.'),
      bool('gas'),
      num('gasCapacityMwhPerDay'),
      bool('drinkingWater'),
      num('waterM3PerDay'),
      bool('sewerage'),
      num('wastewaterM3PerDay'),
      bool('fibre'),
    ],
  },
  { id: 'access', fields: [bool('railSiding'), bool('quay')] },
  {
    id: 'risks',
    fields: [
      choice('ppriZone', PPRI_ZONES, 'risk.ppri.'),
      choice('pprtZone', PPRT_ZONES, 'risk.pprt.'),
      choice('natura2000', NATURA2000, 'risk.natura.'),
      choice('soilPollution', SOIL_POLLUTION, 'risk.soil.'),
      bool('sevesoNeighbour'),
    ],
  },
  // Readiness items have their own editor (readiness-editor.tsx); the group keeps its place.
  { id: 'readiness', fields: [] },
  {
    id: 'availability',
    fields: [
      date('availableFrom'),
      date('reservedUntil'),
      num('priceEurM2'),
      secret(num('negotiatedPriceEurM2')),
    ],
  },
  {
    id: 'contact',
    fields: [
      text('contactName'),
      { key: 'contactEmail', control: { kind: 'email' } },
      text('contactPhone'),
      secret(text('ownerName')),
      secret({ key: 'ownerContact', control: { kind: 'textarea' } }),
    ],
  },
  {
    id: 'provenance',
    fields: [
      text('source'),
      text('sourceId'),
      { key: 'sourceUrl', control: { kind: 'url' } },
      date('sourceUpdatedAt'),
      choice('dataQuality', DATA_QUALITY, 'quality.'),
      { key: 'illustrativeFields', control: { kind: 'list' } },
      { key: 'provenanceNotes', control: { kind: 'textarea' } },
    ],
  },
];

export const FORM_FIELDS: FormField[] = GROUPS.flatMap((g) => g.fields);

/** What the form holds: text per field, the readiness list, the publish flag. */
export interface FormValues {
  fields: Record<string, string>;
  readiness: ReadinessItem[];
  published: boolean;
}

const toText = (v: unknown, control: Control): string => {
  if (v === null || v === undefined) return '';
  if (control.kind === 'bool') return v === true ? 'true' : v === false ? 'false' : '';
  if (control.kind === 'list') return Array.isArray(v) ? v.join(', ') : '';
  if (control.kind === 'parcels') return Array.isArray(v) ? (v as Parcel[]).map(parcelId).join(', ') : '';
  return String(v);
};

/** A site's properties as form values (`{}` → an empty form, published off). */
export function toFormValues(p: Record<string, unknown>): FormValues {
  const fields: Record<string, string> = {};
  for (const f of FORM_FIELDS) fields[f.key] = toText(p[f.key], f.control);
  return {
    fields,
    readiness: Array.isArray(p.readiness) ? (p.readiness as ReadinessItem[]) : [],
    published: p.published === true,
  };
}

/** "12,5" and "12.5" are both 12.5; anything else stays a string for the schema to refuse. */
function parseNumber(s: string): number | string {
  const t = s.trim().replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : s;
}

const fromText = (s: string, control: Control): unknown => {
  if (s.trim() === '') return null;
  switch (control.kind) {
    case 'number':
      return parseNumber(s);
    case 'bool':
      return s === 'true';
    case 'list':
    case 'parcels':
      return s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    default:
      return s;
  }
};

/** The form as API properties (empty → null). */
export function toProperties(v: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FORM_FIELDS) out[f.key] = fromText(v.fields[f.key] ?? '', f.control);
  out.readiness = v.readiness.map((r) => ({
    ...r,
    date: r.date || null,
    evidenceUrl: r.evidenceUrl || null,
    note: r.note || null,
  }));
  out.published = v.published;
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The properties that differ between two forms (a PATCH sends only those, so a save never
 * rewrites a field the editor did not touch): `changedProperties(base, edited)`.
 */
export function changedProperties(base: FormValues, edited: FormValues): Record<string, unknown> {
  const a = toProperties(base);
  const b = toProperties(edited);
  return Object.fromEntries(Object.entries(b).filter(([k, v]) => !same(a[k], v)));
}

/** A create body: the fields that have a value (the API's defaults fill the rest). */
export function filledProperties(v: FormValues): Record<string, unknown> {
  const p = toProperties(v);
  return Object.fromEntries(
    Object.entries(p).filter(([k, x]) => x !== null && !(k === 'readiness' && (x as unknown[]).length === 0)),
  );
}
