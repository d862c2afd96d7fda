/**
 * Builds the PDF renderer's `ShortlistDocument` from what the database holds: the project and
 * its needs, each item's snapshot (score and its method, confidence and what lowers it, flags,
 * breakdown, near-miss constraints, every text in both languages), the live site
 * (facts, outline) and its surroundings (neighbouring plots within 2 km, nearest motorway
 * junction, rail freight, port, airport and substations from `site_access`). Pure: the service
 * fetches, this maps, `renderShortlistPdf` draws.
 */

import {
  departmentName as sharedDepartmentName,
  regionName as sharedRegionName,
} from '../../shared/human-table.ts';
import type { Actor } from '../auth/auth.types.ts';
import { CRITERION_BY_KEY, isCriterionKey } from '../matching/criteria/index.ts';
import { KNOCKOUT_BY_KEY } from '../matching/knockouts/index.ts';
import type { Needs } from '../matching/needs.schema.ts';
import { factAges, isoToday } from '../sites/site.freshness.ts';
import { type Parcel, parcelLabel } from '../sites/site.parcels.ts';
import { formatNumber } from './pdf/pdf-format.ts';
import type {
  ConfirmWarning,
  Contact,
  CriterionScore,
  InfrastructureFeature,
  InfrastructureKind,
  LocalizedText,
  ProjectNeeds,
  ReadinessEntry,
  ShortlistDocument,
  ShortlistItem,
  Site,
  WarningQuantity,
} from './pdf/shortlist-document.ts';
import { type Project, SECTOR_LABELS, type ShortlistSnapshot } from './projects.schemas.ts';
import type { LiveSite, MapContext, NearbyInfrastructure } from './projects.store.ts';

export interface PdfItemInput {
  rank: number;
  note: string | null;
  snapshot: ShortlistSnapshot;
  /** Null when the site was deleted since it was shortlisted: the snapshot's facts are printed. */
  live: LiveSite | null;
  context: MapContext | null;
}

const countryNames = {
  fr: new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'code' }),
  en: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' }),
};

const regionName = (code: unknown) => sharedRegionName(code) ?? '';
const departmentName = (code: unknown) => sharedDepartmentName(code) ?? '';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const boolOrNull = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
function oneOf<T extends string>(v: unknown, values: readonly T[]): T | null {
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : null;
}

const PREFERENCE_LINES: Record<string, { fr: string; en: string }> = {
  required: { fr: 'exigée', en: 'required' },
  preferred: { fr: 'souhaitée', en: 'preferred' },
};

/** The needs in the renderer's vocabulary, codes resolved to names. */
export function pdfNeeds(n: Needs | null): ProjectNeeds {
  if (!n) return {};
  const extra: LocalizedText[] = [];
  const fibre = PREFERENCE_LINES[n.fibre];
  if (fibre) extra.push({ fr: `Fibre optique ${fibre.fr}`, en: `Optical fibre ${fibre.en}` });
  if (n.gas?.capacityMwhPerDay)
    extra.push({
      fr: `Gaz : ${formatNumber('fr', n.gas.capacityMwhPerDay)} MWh/j`,
      en: `Gas: ${formatNumber('en', n.gas.capacityMwhPerDay)} MWh/day`,
    });
  if (n.wastewaterM3PerDay)
    extra.push({
      fr: `Rejets d’eaux usées : ${formatNumber('fr', n.wastewaterM3PerDay)} m³/j`,
      en: `Wastewater discharge: ${formatNumber('en', n.wastewaterM3PerDay)} m³/day`,
    });
  const DRIVE_LABELS = {
    motorway: { fr: 'autoroute', en: 'motorway' },
    railFreight: { fr: 'fret ferroviaire', en: 'rail freight' },
    port: { fr: 'port', en: 'port' },
    airport: { fr: 'aéroport', en: 'airport' },
  } as const;
  const drives = (Object.keys(DRIVE_LABELS) as (keyof typeof DRIVE_LABELS)[]).filter(
    (k) => n.maxDriveMinutes?.[k] !== undefined,
  );
  if (drives.length)
    extra.push({
      fr: `Temps de trajet max : ${drives.map((k) => `${DRIVE_LABELS[k].fr} ${n.maxDriveMinutes[k]} min`).join(', ')}`,
      en: `Max drive time: ${drives.map((k) => `${DRIVE_LABELS[k].en} ${n.maxDriveMinutes[k]} min`).join(', ')}`,
    });
  if (n.labourPool)
    extra.push({
      fr: `Bassin d’emploi : au moins ${n.labourPool.minActive.toLocaleString('fr-FR')} actifs à ${n.labourPool.minutes} min`,
      en: `Labour pool: at least ${n.labourPool.minActive.toLocaleString('en-GB')} working people within ${n.labourPool.minutes} min`,
    });
  if (n.rampUpMonths !== undefined)
    extra.push({
      fr: `Montée en puissance : ${n.rampUpMonths} mois`,
      en: `Ramp-up: ${n.rampUpMonths} months`,
    });
  const excluded = [...n.excludeRegions.map(regionName), ...n.excludeDepartments.map(departmentName)];
  if (excluded.length)
    extra.push({ fr: `Hors : ${excluded.join(', ')}`, en: `Excluding: ${excluded.join(', ')}` });
  return {
    surfaceHa: n.surfaceHa,
    allowAssembly: n.allowAssembly,
    powerMw: n.powerMw ?? null,
    gas: n.gas ? n.gas.required : null,
    waterM3PerDay: n.waterM3PerDay ?? null,
    railSiding: n.railSiding,
    quay: n.quay,
    brownfield: n.brownfield,
    maxDistanceKm: n.maxDistanceKm,
    icpeRegime: n.icpeRegime ?? null,
    sevesoTier: n.sevesoTier ?? null,
    availableBy: n.availableBy ?? null,
    maxPriceEurM2: n.maxPriceEurM2 ?? null,
    regionNames: n.regions.map(regionName),
    departmentNames: n.departments.map(departmentName),
    excludeRisks: n.excludeRisks,
    extraLines: extra,
  };
}

/** The 30-minute labour pool the site page prints (the figure investors ask for first). */
function labourPool30(live: LiveSite | null): Site['labourPool30'] {
  const p = live?.labourPool?.find((x) => x.minutes === 30);
  return p ? { active: p.active, unemployed: p.unemployed, method: p.method } : null;
}

/** A site's facts (camelCase keys, as GET /api/sites/:id or `LiveSite.facts`) in the renderer's terms. */
export function pdfSite(facts: Record<string, unknown>, live: LiveSite | null): Site {
  const readiness: ReadinessEntry[] = Array.isArray(facts.readiness)
    ? (facts.readiness as Array<Record<string, unknown>>).map((r) => ({
        item: String(r.item),
        status:
          oneOf(r.status, ['done', 'in_progress', 'not_started', 'not_required'] as const) ?? 'not_started',
        date: str(r.date),
        evidenceUrl: str(r.evidenceUrl),
      }))
    : [];
  const contactName = str(facts.contactName);
  const contact: Contact | null = contactName
    ? {
        name: contactName,
        organisation: str(facts.territoryName),
        email: str(facts.contactEmail),
        phone: str(facts.contactPhone),
      }
    : null;
  return {
    name: str(facts.name) ?? '?',
    communeName: str(facts.communeName) ?? '',
    communeInsee: str(facts.communeInsee) ?? '',
    department: departmentName(facts.department),
    region: regionName(facts.region),
    availableAreaHa: numOrNull(facts.availableAreaHa),
    areaHa: numOrNull(facts.areaHa),
    powerAvailableMw: numOrNull(facts.powerAvailableMw),
    powerVoltageKv: numOrNull(facts.powerVoltageKv),
    railSiding: boolOrNull(facts.railSiding),
    quay: boolOrNull(facts.quay),
    brownfield: boolOrNull(facts.brownfield),
    ppriZone: oneOf(facts.ppriZone, ['none', 'blue', 'red'] as const),
    natura2000: oneOf(facts.natura2000, ['none', 'adjacent', 'inside'] as const),
    soilPollution: oneOf(facts.soilPollution, ['inexistante', 'peu_probable', 'supposee', 'averee'] as const),
    availableFrom: str(facts.availableFrom),
    priceEurM2: numOrNull(facts.priceEurM2),
    labourPool30: labourPool30(live),
    labels: Array.isArray(facts.labels) ? (facts.labels as string[]) : [],
    readiness,
    dataQuality: oneOf(facts.dataQuality, ['sourced', 'estimated', 'illustrative'] as const),
    contact,
    geometry: live?.geometry ?? null,
    locationL93: live?.locationL93 ?? null,
    parcels: Array.isArray(facts.parcels) ? (facts.parcels as Parcel[]).map(parcelLabel) : null,
    factAges: factAges(facts, isoToday())
      .filter((a) => a.known)
      .map(({ group, ageMonths }) => ({ group, ageMonths })),
    photo: live?.photo ?? null,
  };
}

const SUBSTATION_ORDER = ['substation_400kv', 'substation_225kv', 'substation_63kv'];

/**
 * Nearest features for the mini-map. A substation that is the nearest of several voltage
 * classes is drawn once, under its highest class.
 */
export function pdfInfrastructure(rows: readonly NearbyInfrastructure[]): InfrastructureFeature[] {
  const sorted = [...rows].sort((a, b) => {
    const ia = SUBSTATION_ORDER.indexOf(a.kind);
    const ib = SUBSTATION_ORDER.indexOf(b.kind);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  const seen = new Set<string>();
  const out: InfrastructureFeature[] = [];
  for (const r of sorted) {
    if (r.infrastructureId) {
      if (seen.has(r.infrastructureId)) continue;
      seen.add(r.infrastructureId);
    }
    out.push({
      kind: r.kind as InfrastructureKind,
      name: r.name ?? r.kind,
      distanceM: r.distanceM,
      point: r.point,
      voltageKv: r.voltageKv,
      driveMinutes: r.driveMinutes ?? null,
      truckMinutes: r.truckMinutes ?? null,
      driveMethod: r.driveMethod ?? null,
    });
  }
  return out;
}

/**
 * A snapshot's reason as a localized text: both languages when the engine wrote both (2.0), else
 * the one string an older snapshot kept, printed as it is in either language.
 */
export function bilingualReason(c: {
  reason?: string | null;
  reason_fr?: string | null;
  reason_en?: string | null;
}): LocalizedText | null {
  if (c.reason_fr) return { fr: c.reason_fr, en: c.reason_en ?? c.reason_fr };
  return c.reason ?? null;
}

/** A criterion's label: the registry's (both languages), else what the snapshot kept, else the key. */
export function criterionLabel(key: string, given: unknown): LocalizedText {
  if (isCriterionKey(key)) return CRITERION_BY_KEY.get(key)!.label;
  if (typeof given === 'string' && given) return given;
  if (given && typeof given === 'object' && typeof (given as { fr?: unknown }).fr === 'string')
    return given as { fr: string; en?: string };
  return key;
}

const QUANTITY_UNITS: Record<string, Extract<WarningQuantity, { unit: string }>['unit']> = {
  ha: 'ha',
  MW: 'MW',
  km: 'km',
  m: 'm',
  '€/m²': 'eur_m2',
  'm³/day': 'm3_day',
  months: 'months',
  share: 'percent',
};

function quantity(v: unknown, unit: string | null | undefined): WarningQuantity | null {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: v };
  const u = unit ? QUANTITY_UNITS[unit] : undefined;
  if (typeof v === 'number' && Number.isFinite(v) && u) return { value: v, unit: u };
  return null;
}

/**
 * The label of a failed knock-out, from the engine's registry ('powerMw' → Puissance électrique /
 * Electric power, 'excludeRisks.ppri_blue' → Zone PPRI (bleue ou rouge)…); a key the registry no
 * longer knows (a snapshot of an older engine) prints as given.
 */
export function knockoutLabel(key: string): LocalizedText {
  return KNOCKOUT_BY_KEY.get(key)?.label ?? key;
}

/** `{ text_fr, text_en }` → a localized text (French when English is missing). */
export const bilingualText = (n: { text_fr: string; text_en?: string | null }): LocalizedText => ({
  fr: n.text_fr,
  en: n.text_en || n.text_fr,
});

/** Near-miss constraints of the snapshot, then the weighted criteria whose data is missing. */
export function pdfWarnings(s: ShortlistSnapshot): ConfirmWarning[] {
  const out: ConfirmWarning[] = s.failed.map((f) => ({
    key: f.key,
    status: f.unknown ? 'unknown' : 'failing',
    label: knockoutLabel(f.key),
    required: quantity(f.required, f.unit),
    actual: quantity(f.actual, f.unit),
    reason: bilingualReason(f),
  }));
  // The criterion's whole reason is printed with the criteria on the same sheet: here its name
  // is the checklist entry, not a second copy of a long explanation.
  for (const c of s.criteria) {
    if (c.known !== false || c.weight <= 0) continue;
    out.push({ key: `criterion.${c.key}`, status: 'unknown', label: criterionLabel(c.key, c.label) });
  }
  return out;
}

/** Says once, in the box readers see first, that "≈" times and pools are straight-line estimates. */
export function roadEstimateFlag(input: Pick<PdfItemInput, 'context' | 'live'>): LocalizedText[] {
  const estimated =
    (input.context?.infrastructure ?? []).some((r) => r.driveMethod === 'estimate') ||
    (input.live?.labourPool ?? []).some((p) => p.method === 'estimate');
  return estimated
    ? [
        {
          fr: '≈ temps de trajet et bassin d’emploi estimés à vol d’oiseau (réseau routier non importé)',
          en: '≈ drive times and labour pool estimated from straight lines (no road network imported)',
        },
      ]
    : [];
}

function pdfItem(input: PdfItemInput): ShortlistItem {
  const { snapshot, live } = input;
  const facts = live?.facts ?? snapshot.site;
  const criteria: CriterionScore[] = snapshot.criteria.map((c) => ({
    key: c.key,
    label: criterionLabel(c.key, c.label),
    weight: c.weight,
    score: c.score,
    reason: bilingualReason(c),
  }));
  return {
    rank: input.rank,
    site: pdfSite(facts, live),
    neighbours: input.context?.neighbours ?? [],
    infrastructure: pdfInfrastructure(input.context?.infrastructure ?? []),
    score: snapshot.score ?? 0,
    scoreKind: snapshot.scoreKind ?? null,
    confidence: snapshot.confidence ?? 0,
    confidenceNotes: (snapshot.confidenceNotes ?? []).map(bilingualText),
    flags: [...(snapshot.flags ?? []).map(bilingualText), ...roadEstimateFlag(input)],
    criteria,
    warnings: pdfWarnings(snapshot),
    note: input.note,
  };
}

/**
 * The renderer prints "Projet <codeName>" / "Project <codeName>", while staff often name a
 * project "Projet Volta": drop that leading word so the PDF does not say "Projet Projet Volta".
 * `pdfCodeName('Projet Volta')` → 'Volta'; `pdfCodeName('Volta')` → 'Volta'.
 */
export function pdfCodeName(name: string): string {
  const stripped = name.replace(/^\s*(projet|project|projekt)\s+/i, '').trim();
  return stripped || name;
}

/**
 * The whole document: `buildShortlistDocument(project, needs, items, actor, new Date())`.
 * The sender is the staff member exporting (their organisation as the agency).
 */
export function buildShortlistDocument(
  project: Project,
  needs: Needs | null,
  items: readonly PdfItemInput[],
  actor: Actor,
  now: Date,
): ShortlistDocument {
  const country = project.originCountry;
  return {
    project: {
      codeName: pdfCodeName(project.name),
      sector: SECTOR_LABELS[project.sector],
      company: project.company,
      originCountry: country
        ? { fr: countryNames.fr.of(country) ?? country, en: countryNames.en.of(country) ?? country }
        : null,
      jobs: project.jobs,
      investmentEur: project.investmentEur,
      needs: pdfNeeds(needs),
    },
    agencyName: actor.organisation ?? project.ownerOrganisation ?? 'landmatch',
    contact: {
      name: actor.name ?? actor.email,
      organisation: actor.organisation,
      email: actor.email,
    },
    generatedAt: now.toISOString(),
    items: items.map(pdfItem),
  };
}
