/**
 * Words for "what changed on this site since it was shortlisted" (`changedSince` of the
 * shortlist API): a label per site field and its old and new values in the UI language,
 * reusing the site panel's translations where they exist.
 */
import type { FieldChange } from '../../api/projects.ts';
import type { I18n, MessageKey } from '../../i18n/i18n.tsx';

const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'change.name',
  communeName: 'change.location',
  communeInsee: 'change.location',
  department: 'change.location',
  region: 'change.location',
  territorySiren: 'change.location',
  published: 'change.published',
  status: 'filters.status',
  availableAreaHa: 'facts.availableArea',
  areaHa: 'facts.area',
  availableFrom: 'facts.availableFrom',
  priceEurM2: 'facts.price',
  powerAvailableMw: 'facts.power',
  powerVoltageKv: 'facts.voltage',
  powerConnectionDelayMonths: 'facts.connectionDelay',
  gas: 'facts.gas',
  waterM3PerDay: 'facts.water',
  fibre: 'facts.fibre',
  railSiding: 'facts.railSidingLong',
  quay: 'facts.quayLong',
  brownfield: 'facts.brownfield',
  ppriZone: 'risk.ppri',
  pprtZone: 'risk.pprt',
  natura2000: 'risk.natura2000',
  soilPollution: 'risk.soil',
  pluZone: 'facts.pluZone',
  maxIcpeRegime: 'facts.icpe',
  sevesoAllowed: 'facts.sevesoAllowed',
  readiness: 'panel.readiness',
  labels: 'filters.labels',
  dataQuality: 'provenance.quality',
};

/** Vocabulary fields: value `v` of field `f` is translated by key `${prefix}${v}`. */
const VOCABULARY: Record<string, string> = {
  status: 'status.',
  ppriZone: 'risk.ppri.',
  pprtZone: 'risk.pprt.',
  natura2000: 'risk.natura.',
  soilPollution: 'risk.soil.',
  maxIcpeRegime: 'icpe.',
  sevesoAllowed: 'seveso.',
  dataQuality: 'quality.',
};

type Words = Pick<I18n, 't' | 'tx' | 'fmt'>;

/** The label of a changed field: `changeLabel('access.port', i18n)` → "Port". */
export function changeLabel(field: string, { t, tx }: Words): string {
  if (field.startsWith('access.')) return tx(`access.${field.slice(7)}`, field.slice(7));
  const key = FIELD_LABELS[field];
  return key ? t(key) : field;
}

/** One value of a field, in words: `changeValue('powerAvailableMw', 12, i18n)` → "12 MW". */
export function changeValue(field: string, v: unknown, { t, tx, fmt }: Words): string {
  if (v === null || v === undefined || v === '') return t('change.none');
  if (field.startsWith('access.') && typeof v === 'number') return fmt.distance(v);
  if (typeof v === 'boolean') return v ? t('value.yes') : t('value.no');
  if (typeof v === 'number') {
    switch (field) {
      case 'availableAreaHa':
      case 'areaHa':
        return fmt.hectares(v);
      case 'powerAvailableMw':
        return fmt.megawatts(v);
      case 'priceEurM2':
        return fmt.eurPerM2(v);
      case 'powerVoltageKv':
        return `${fmt.number(v, 0)}\u00a0kV`;
      case 'powerConnectionDelayMonths':
        return t('value.months', { n: fmt.number(v, 0) });
      case 'waterM3PerDay':
        return `${fmt.number(v, 0)}\u00a0m³/${t('unit.day')}`;
      default:
        return fmt.number(v);
    }
  }
  if (typeof v === 'string') {
    const prefix = VOCABULARY[field];
    if (prefix) return tx(`${prefix}${v}`, v);
    if (field === 'availableFrom') return fmt.date(v);
    return v;
  }
  // Lists (readiness steps, labels): the detail is on the site panel.
  return JSON.stringify(v);
}

/** "Available power: 12 MW → 20 MW"; lists (readiness, labels) just say they were updated. */
export function describeChange(c: FieldChange, i18n: Words): string {
  const isList = (v: unknown) => typeof v === 'object' && v !== null;
  if (isList(c.then) || isList(c.now))
    return i18n.t('change.lineUpdated', { field: changeLabel(c.field, i18n) });
  return i18n.t('change.line', {
    field: changeLabel(c.field, i18n),
    before: changeValue(c.field, c.then, i18n),
    after: changeValue(c.field, c.now, i18n),
  });
}
