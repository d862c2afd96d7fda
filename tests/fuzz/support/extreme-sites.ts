/**
 * Two valid sites at the edges of every field of sites/site.fields.ts: the largest values and
 * longest texts the schemas accept, and the smallest. A property mixes them field by field
 * (or leaves the field out) to check that whatever the API accepts, every reader of a site
 * (detail, list, tiles, matching, shortlist, comparison, CSV/GeoJSON/PDF) can serve.
 */
import fc from 'fast-check';
import { READINESS_ITEMS } from '../../../api/src/modules/sites/site.fields.ts';

const long = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const url = (n: number) => `https://example.org/${long('chemin-é/', n - 20)}`.slice(0, n);

export const MAX_SITE: Readonly<Record<string, unknown>> = {
  name: long('Zone d’activité « Ж » 😀 ', 200).trim(),
  siteEcoId: long('ZAE-2A-', 100),
  siteType: 'réserve foncière',
  vocation: 'aéroportuaire, aéronautique',
  siteEcoState: 'projet de déclassement',
  description: long('Une très longue description, avec des accents et des émojis 🏭. ', 5000).trim(),
  url: url(2000),
  urbanisationType: 'renouvellement urbain',
  communeInsee: '2A004',
  communeName: long('Ajaccio-', 120),
  territorySiren: '999999999',
  territoryName: long('Communauté d’agglomération ', 200).trim(),
  grossAreaHa: 100_000,
  usefulAreaHa: 100_000,
  availableAreaHa: 100_000,
  minLotHa: 100_000,
  maxHeightM: 500,
  status: 'taken',
  labels: Array.from({ length: 20 }, (_, i) => `${long('label_', 57)}_${String(i).padStart(2, '0')}`),
  published: true,
  brownfield: true,
  availableFrom: '2199-12-31',
  priceEurM2: 10_000,
  electricity: true,
  gas: true,
  drinkingWater: true,
  sewerage: true,
  fibre: true,
  railSiding: true,
  quay: true,
  powerAvailableMw: 5000,
  powerVoltageKv: 1000,
  powerSubstation: long('Poste 400 kV ', 200).trim(),
  powerConnectionDelayMonths: 240,
  powerStatementDate: '2199-12-31',
  gasCapacityMwhPerDay: 1_000_000,
  waterM3PerDay: 10_000_000,
  wastewaterM3PerDay: 10_000_000,
  ppriZone: 'red',
  pprtZone: 'dark_red',
  natura2000: 'inside',
  soilPollution: 'averee',
  sevesoNeighbour: true,
  pluZone: 'N',
  maxIcpeRegime: 'A',
  sevesoAllowed: 'upper',
  readiness: Array.from({ length: 20 }, (_, i) => ({
    item: READINESS_ITEMS[i % READINESS_ITEMS.length],
    status: 'in_progress',
    date: '2199-12-31',
    evidenceUrl: url(2000),
    note: long('Étape longue 📎 ', 500).trim(),
  })),
  contactName: long('Jean-Édouard ', 200).trim(),
  contactEmail: `${long('a', 60)}@${long('b', 60)}.example.org`,
  contactPhone: long('+33 1 23 45 67 89 ', 40).trim(),
  ownerName: long('Propriétaire SA ', 200).trim(),
  ownerContact: long('contact confidentiel ', 500).trim(),
  negotiatedPriceEurM2: 10_000,
  source: long('source-', 100),
  sourceId: long('id-', 200),
  sourceUrl: url(2000),
  sourceUpdatedAt: '2199-12-31',
  dataQuality: 'sourced',
  illustrativeFields: Array.from({ length: 80 }, (_, i) => `${long('f', 57)}${String(i).padStart(3, '0')}`),
  provenanceNotes: long('Note de provenance. ', 2000).trim(),
};

export const MIN_SITE: Readonly<Record<string, unknown>> = {
  name: 'Z',
  siteEcoId: 'a',
  siteType: "zone d'activité économique",
  vocation: 'industrielle',
  siteEcoState: 'en projet',
  description: 'd',
  url: 'http://a.fr',
  urbanisationType: 'extension urbaine',
  communeInsee: '97411',
  communeName: 'S',
  territorySiren: '000000000',
  territoryName: 'T',
  grossAreaHa: 0,
  usefulAreaHa: 0,
  availableAreaHa: 0,
  minLotHa: 0,
  maxHeightM: 0,
  status: 'available',
  labels: [],
  published: false,
  brownfield: false,
  availableFrom: '1900-01-01',
  priceEurM2: 0,
  electricity: false,
  gas: false,
  drinkingWater: false,
  sewerage: false,
  fibre: false,
  railSiding: false,
  quay: false,
  powerAvailableMw: 0,
  powerVoltageKv: 0,
  powerSubstation: 'P',
  powerConnectionDelayMonths: 0,
  powerStatementDate: '1900-01-01',
  gasCapacityMwhPerDay: 0,
  waterM3PerDay: 0,
  wastewaterM3PerDay: 0,
  ppriZone: 'none',
  pprtZone: 'none',
  natura2000: 'none',
  soilPollution: 'inexistante',
  sevesoNeighbour: false,
  pluZone: 'U',
  maxIcpeRegime: 'NC',
  sevesoAllowed: 'none',
  readiness: [],
  contactName: 'C',
  contactEmail: 'a@b.fr',
  contactPhone: '1',
  ownerName: 'O',
  ownerContact: 'o',
  negotiatedPriceEurM2: 0,
  source: 's',
  sourceId: 'i',
  sourceUrl: 'http://a.fr',
  sourceUpdatedAt: '1900-01-01',
  dataQuality: 'illustrative',
  illustrativeFields: [],
  provenanceNotes: 'p',
};

/** Field by field: the largest value, the smallest, or nothing (always a name and commune). */
export const extremeSiteProperties: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    ...Object.keys(MAX_SITE).map((k) =>
      fc.constantFrom<'max' | 'min' | 'none'>('max', 'min', 'none').map((c) => [k, c] as const),
    ),
  )
  .map((choices) => {
    const props: Record<string, unknown> = {};
    for (const [k, c] of choices) {
      if (c !== 'none') props[k] = (c === 'max' ? MAX_SITE : MIN_SITE)[k];
    }
    props.name ??= 'Z';
    props.communeInsee ??= '78335';
    return props;
  });

/** Polygons from a centimetre square to half a degree, around (1.87, 48.93). */
export const extremeOutline = fc.constantFrom(1e-7, 0.0014, 0.05, 0.5).map((d) => ({
  type: 'Polygon',
  coordinates: [
    [
      [1.87, 48.93],
      [1.87 + d, 48.93],
      [1.87 + d, 48.93 + d],
      [1.87, 48.93 + d],
      [1.87, 48.93],
    ],
  ],
}));
