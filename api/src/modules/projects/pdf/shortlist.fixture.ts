/**
 * Test and benchmark data for the shortlist PDF, written by hand: a battery-cell project
 * ("Volta") with three sites modelled on real places (Hauts-Reposoirs at Limay, the Ozans park
 * at Étrechet, the Rhine port of Lauterbourg). Coordinates are approximate, plots are drawn
 * as rotated rectangles of the stated area, distances are plausible, not measured; contacts use
 * example.fr addresses. `generatedShortlist(n)` makes n deterministic sites across France for
 * the page-count test and the benchmark.
 */
import type {
  ConfirmWarning,
  CriterionScore,
  InfrastructureFeature,
  L93,
  LonLat,
  PolygonGeometry,
  ReadinessEntry,
  ShortlistDocument,
  ShortlistItem,
} from './shortlist-document.ts';

const M_PER_DEG = 6371008.8 * (Math.PI / 180);

/** Lon/lat of a point `dx`, `dy` metres east/north of `origin`. */
function offset(origin: LonLat, dx: number, dy: number): LonLat {
  const lat = origin[1] + dy / M_PER_DEG;
  const lon = origin[0] + dx / (M_PER_DEG * Math.cos((origin[1] * Math.PI) / 180));
  return [Number(lon.toFixed(6)), Number(lat.toFixed(6))];
}

/**
 * A plot of `areaHa` around `centre` (metres offset `dx`, `dy`), aspect `ratio` (w/h),
 * rotated by `angleDeg`, with one corner cut so it does not look like a perfect rectangle.
 */
function plot(
  centre: LonLat,
  areaHa: number,
  ratio: number,
  angleDeg: number,
  dx = 0,
  dy = 0,
): PolygonGeometry {
  const area = areaHa * 10_000;
  const w = Math.sqrt(area * ratio);
  const h = area / w;
  const a = (angleDeg * Math.PI) / 180;
  const local: Array<[number, number]> = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2 - h * 0.18],
    [w / 2 - w * 0.2, h / 2],
    [-w / 2, h / 2],
  ];
  const ring = local.map(([x, y]) =>
    offset(centre, dx + x * Math.cos(a) - y * Math.sin(a), dy + x * Math.sin(a) + y * Math.cos(a)),
  );
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * A feature `distanceM` from the edge of a plot of `areaHa` centred on `centre`, towards
 * `bearingDeg` (0 = north, 90 = east), so the drawn position agrees with the stated distance.
 */
function towards(centre: LonLat, areaHa: number, distanceM: number, bearingDeg: number): LonLat {
  const r = distanceM + Math.sqrt(areaHa * 10_000) / 2;
  const b = (bearingDeg * Math.PI) / 180;
  return offset(centre, Math.sin(b) * r, Math.cos(b) * r);
}

/** Plots around the main one: four sides and two corners, smaller and slightly apart. */
function neighboursOf(centre: LonLat, areaHa: number, angleDeg: number): PolygonGeometry[] {
  const side = Math.sqrt(areaHa * 10_000);
  const d = side * 0.95;
  const a = (angleDeg * Math.PI) / 180;
  const at = (x: number, y: number): [number, number] => [
    x * Math.cos(a) - y * Math.sin(a),
    x * Math.sin(a) + y * Math.cos(a),
  ];
  const spots: Array<[number, number, number, number]> = [
    [d, 0, 0.45, 1.4],
    [-d, 0, 0.6, 0.8],
    [0, d * 0.9, 0.35, 2.5],
    [0, -d * 0.9, 0.5, 1.8],
    [d, d * 0.85, 0.25, 1],
    [-d, -d * 0.85, 0.3, 1.2],
  ];
  return spots.map(([x, y, share, ratio]) => {
    const [ox, oy] = at(x, y);
    return plot(centre, areaHa * share, ratio, angleDeg, ox, oy);
  });
}

const READINESS_DONE: ReadinessEntry[] = [
  {
    item: 'urbanism',
    status: 'done',
    date: '2023-06-20',
    evidenceUrl: 'https://www.example.fr/plu/modification-2023',
  },
  {
    item: 'archaeology',
    status: 'done',
    date: '2022-11-04',
    evidenceUrl: 'https://www.example.fr/drac/diagnostic',
  },
  {
    item: 'environment',
    status: 'done',
    date: '2023-09-30',
    evidenceUrl: 'https://www.example.fr/inventaire-4-saisons',
  },
  { item: 'icpe', status: 'in_progress', date: '2025-05-15' },
  { item: 'networks', status: 'done', date: '2024-02-01' },
  {
    item: 'land_control',
    status: 'done',
    date: '2021-12-15',
    evidenceUrl: 'https://www.example.fr/acte-acquisition',
  },
];

function criteria(s: {
  surface: number;
  power: number;
  rail: number;
  motorway: number;
  availability: number;
  price: number;
  risks: number;
  reasons: Record<string, { fr: string; en: string }>;
}): CriterionScore[] {
  const c = (key: string, fr: string, en: string, weight: number, score: number): CriterionScore => ({
    key,
    label: { fr, en },
    weight,
    score,
    reason: s.reasons[key] ?? null,
  });
  return [
    c('surface', 'Surface disponible', 'Available area', 20, s.surface),
    c('power', 'Puissance électrique', 'Electrical power', 20, s.power),
    c('railSiding', 'Embranchement ferré', 'Rail siding', 10, s.rail),
    c('motorway', 'Accès autoroutier', 'Motorway access', 15, s.motorway),
    c('availability', 'Délai de disponibilité', 'Time to availability', 15, s.availability),
    c('price', 'Prix du foncier', 'Land price', 10, s.price),
    c('risks', 'Risques et environnement', 'Risks and environment', 10, s.risks),
  ];
}

const LIMAY: LonLat = [1.74, 48.987];
const ETRECHET: LonLat = [1.772, 46.852];
const LAUTERBOURG: LonLat = [8.215, 48.965];

/** The three-site shortlist of the "Volta" battery-cell project. */
export function fixtureShortlist(): ShortlistDocument {
  const items: ShortlistItem[] = [
    {
      rank: 1,
      score: 0.87,
      scoreKind: 'weighted_sum',
      confidence: 0.92,
      confidenceNotes: [
        {
          fr: 'Prix du foncier : déclaration de plus de deux ans (mars 2023)',
          en: 'Land price: statement more than two years old (March 2023)',
        },
      ],
      flags: [],
      site: {
        name: 'Hauts-Reposoirs — Limay',
        communeName: 'Limay',
        communeInsee: '78335',
        department: 'Yvelines',
        region: 'Île-de-France',
        availableAreaHa: 15,
        areaHa: 18.4,
        powerAvailableMw: 12,
        powerVoltageKv: 20,
        railSiding: true,
        quay: true,
        brownfield: true,
        ppriZone: 'blue',
        natura2000: 'none',
        soilPollution: 'supposee',
        availableFrom: '2025-01-15',
        priceEurM2: 65,
        labels: ['cle_en_main_france_2030'],
        dataQuality: 'sourced',
        readiness: READINESS_DONE,
        contact: {
          name: 'Service développement économique',
          organisation: 'GPS&O — Grand Paris Seine & Oise',
          email: 'eco@gpseo.example.fr',
          phone: '+33 1 30 98 00 00',
        },
        geometry: plot(LIMAY, 15, 1.5, 18),
        locationL93: [607784, 6877077],
      },
      neighbours: neighboursOf(LIMAY, 15, 18),
      infrastructure: [
        {
          kind: 'motorway_access',
          name: 'A13 — échangeur n° 11 Mantes-Est',
          distanceM: 1900,
          point: towards(LIMAY, 15, 1900, 150),
        },
        {
          kind: 'rail_freight',
          name: 'Limay — embranchement fret SNCF',
          distanceM: 800,
          point: towards(LIMAY, 15, 800, 290),
        },
        {
          kind: 'port',
          name: 'Port de Limay-Porcheville (HAROPA)',
          distanceM: 2300,
          point: towards(LIMAY, 15, 2300, 95),
        },
        {
          kind: 'airport',
          name: 'Paris-Charles-de-Gaulle',
          distanceM: 59000,
          point: towards(LIMAY, 15, 59000, 80),
        },
        {
          kind: 'substation_225kv',
          name: 'Poste de Porcheville 225 kV',
          distanceM: 3200,
          point: towards(LIMAY, 15, 3200, 255),
          voltageKv: 225,
        },
      ],
      criteria: criteria({
        surface: 0.95,
        power: 0.85,
        rail: 1,
        motorway: 0.9,
        availability: 1,
        price: 0.6,
        risks: 0.55,
        reasons: {
          surface: {
            fr: '15 ha disponibles d’un seul tenant pour 10 à 40 ha demandés',
            en: '15 ha available in one piece for 10–40 ha required',
          },
          power: {
            fr: '12 MW en 20 kV (HTA) : juste au besoin, sans marge pour l’extension',
            en: '12 MW at 20 kV (HTA): just enough, no headroom for growth',
          },
          railSiding: {
            fr: 'Embranchement ferré existant, raccordé au réseau national',
            en: 'Existing rail siding connected to the national network',
          },
          motorway: { fr: 'Échangeur A13 à 1,9 km', en: 'A13 junction 1.9 km away' },
          availability: {
            fr: 'Disponible immédiatement (appel à projets de décembre 2023)',
            en: 'Available now (call for bids of December 2023)',
          },
          price: { fr: '65 €/m², proche du plafond de 70 €/m²', en: '€65/m², close to the €70/m² ceiling' },
          risks: {
            fr: 'Zone bleue du PPRI de la Seine ; pollution des sols supposée (ancienne friche)',
            en: 'Seine PPRI blue zone; soil pollution suspected (former industrial land)',
          },
        },
      }),
      warnings: [
        {
          key: 'ppri',
          status: 'unknown',
          label: { fr: 'Prescriptions du PPRI (zone bleue)', en: 'PPRI prescriptions (blue zone)' },
          reason: {
            fr: 'Cote de plancher à vérifier avec la DDT 78 avant l’esquisse',
            en: 'Floor level to check with DDT 78 before the sketch design',
          },
        },
        {
          key: 'soilPollution',
          status: 'unknown',
          label: { fr: 'Pollution des sols', en: 'Soil pollution' },
          reason: {
            fr: 'Diagnostic de pollution à réaliser : état « supposé » dans Cartofriches',
            en: 'Pollution survey needed: status “suspected” in Cartofriches',
          },
        },
      ],
      note: {
        fr: 'Lot de 15 ha labellisé « clé en main France 2030 ». GPS&O peut organiser une visite sous 10 jours ; l’œuvre de dépollution serait prise en charge par l’aménageur.',
        en: '15 ha lot labelled “France 2030 turnkey”. GPS&O can arrange a visit within 10 days; clean-up works would be borne by the developer.',
      },
    },
    {
      rank: 2,
      score: 0.74,
      scoreKind: 'weighted_sum',
      confidence: 0.88,
      confidenceNotes: [
        {
          fr: 'Puissance électrique : capacité d’accueil du réseau non confirmée',
          en: 'Electrical power: grid hosting capacity not confirmed',
        },
        {
          fr: 'Risques : valeurs illustratives (non sourcées)',
          en: 'Risks: illustrative values (not sourced)',
        },
      ],
      flags: [
        {
          fr: 'engagé (accord signé) jusqu’au 30/06/2025',
          en: 'committed (agreement signed) until 2025-06-30',
        },
      ],
      site: {
        name: 'Étrechet — Parc d’activités d’Ozans',
        communeName: 'Étrechet',
        communeInsee: '36070',
        department: 'Indre',
        region: 'Centre-Val de Loire',
        availableAreaHa: 40,
        areaHa: 52,
        powerAvailableMw: 30,
        powerVoltageKv: 63,
        railSiding: false,
        quay: false,
        brownfield: false,
        ppriZone: 'none',
        natura2000: 'none',
        soilPollution: 'inexistante',
        availableFrom: '2025-09-01',
        priceEurM2: 18,
        labels: ['cle_en_main_france_2030'],
        dataQuality: 'sourced',
        readiness: READINESS_DONE.map((r) =>
          r.item === 'icpe' ? { ...r, status: 'done' as const, date: '2024-10-02' } : r,
        ),
        contact: {
          name: 'Châteauroux Métropole — Direction de l’économie',
          email: 'economie@chateauroux-metropole.example.fr',
          phone: '+33 2 54 08 00 00',
        },
        geometry: plot(ETRECHET, 40, 1.8, -12),
        locationL93: [606437, 6639821],
      },
      neighbours: neighboursOf(ETRECHET, 40, -12),
      infrastructure: [
        {
          kind: 'motorway_access',
          name: 'A20 — échangeur n° 12 Châteauroux-Nord',
          distanceM: 1400,
          point: towards(ETRECHET, 40, 1400, 240),
        },
        {
          kind: 'rail_freight',
          name: 'Gare de Châteauroux (fret)',
          distanceM: 8600,
          point: towards(ETRECHET, 40, 8600, 225),
        },
        {
          kind: 'airport',
          name: 'Châteauroux-Centre Marcel-Dassault',
          distanceM: 4100,
          point: towards(ETRECHET, 40, 4100, 275),
        },
        {
          kind: 'substation_63kv',
          name: 'Poste d’Ozans 63 kV',
          distanceM: 1500,
          point: towards(ETRECHET, 40, 1500, 40),
          voltageKv: 63,
        },
        {
          kind: 'substation_225kv',
          name: 'Poste de Châteauroux 225 kV',
          distanceM: 12400,
          point: towards(ETRECHET, 40, 12400, 230),
          voltageKv: 225,
        },
      ],
      criteria: criteria({
        surface: 1,
        power: 1,
        rail: 0.2,
        motorway: 0.95,
        availability: 0.85,
        price: 1,
        risks: 1,
        reasons: {
          surface: {
            fr: '40 ha disponibles, extension possible à 52 ha',
            en: '40 ha available, up to 52 ha possible',
          },
          power: {
            fr: '30 MW en 63 kV (HTB1), poste à 1,5 km',
            en: '30 MW at 63 kV (HTB1), substation 1.5 km away',
          },
          railSiding: {
            fr: 'Pas d’embranchement ; gare fret de Châteauroux à 8,6 km',
            en: 'No siding; Châteauroux freight station 8.6 km away',
          },
          motorway: { fr: 'Échangeur A20 à 1,4 km', en: 'A20 junction 1.4 km away' },
          availability: {
            fr: 'Viabilisation achevée en septembre 2025',
            en: 'Servicing completed in September 2025',
          },
          price: { fr: '18 €/m², bien sous le plafond', en: '€18/m², well below the ceiling' },
          risks: { fr: 'Aucun risque identifié', en: 'No risk identified' },
        },
      }),
      warnings: [
        {
          key: 'railSiding',
          status: 'failing',
          label: { fr: 'Embranchement ferré (ITE)', en: 'Rail siding' },
          reason: {
            fr: 'Souhaité, non exigé : transport combiné possible depuis Châteauroux',
            en: 'Preferred, not required: combined transport possible from Châteauroux',
          },
        },
      ],
      note: null,
    },
    {
      rank: 3,
      score: 0.61,
      scoreKind: 'weighted_sum',
      confidence: 0.7,
      confidenceNotes: [
        {
          fr: 'Puissance électrique : puissance déclarée sans source ni date',
          en: 'Electrical power: power stated without source or date',
        },
        {
          fr: 'Délai de disponibilité : date de libération estimée',
          en: 'Time to availability: release date estimated',
        },
      ],
      flags: [
        {
          fr: 'nouveau raccordement HTB1 estimé à 18 mois, capacité à confirmer',
          en: 'new HTB1 connection estimated at 18 months, capacity to confirm',
        },
        { fr: 'sous option jusqu’au 30/06/2026', en: 'under option until 2026-06-30' },
      ],
      site: {
        name: 'Zone portuaire de Lauterbourg',
        communeName: 'Lauterbourg',
        communeInsee: '67261',
        department: 'Bas-Rhin',
        region: 'Grand Est',
        availableAreaHa: 9.5,
        areaHa: 24,
        powerAvailableMw: 8,
        powerVoltageKv: 20,
        railSiding: true,
        quay: true,
        brownfield: true,
        ppriZone: 'blue',
        natura2000: 'adjacent',
        soilPollution: 'peu_probable',
        availableFrom: '2026-06-30',
        priceEurM2: 35,
        labels: ['star_est'],
        dataQuality: 'estimated',
        readiness: [
          {
            item: 'urbanism',
            status: 'done',
            date: '2022-03-10',
            evidenceUrl: 'https://www.example.fr/plui-pays-de-wissembourg',
          },
          { item: 'archaeology', status: 'not_required' },
          { item: 'environment', status: 'in_progress', date: '2025-10-01' },
          { item: 'icpe', status: 'not_started' },
          { item: 'networks', status: 'in_progress', date: '2026-03-31' },
          { item: 'land_control', status: 'done', date: '2019-07-01' },
        ],
        contact: {
          name: 'Port autonome de Strasbourg — Ports de Lauterbourg',
          email: 'lauterbourg@port-strasbourg.example.fr',
        },
        geometry: plot(LAUTERBOURG, 9.5, 2.2, 35),
        locationL93: [1081570, 6886499],
      },
      neighbours: neighboursOf(LAUTERBOURG, 9.5, 35),
      infrastructure: [
        {
          kind: 'motorway_access',
          name: 'A35 — échangeur de Lauterbourg',
          distanceM: 2800,
          point: towards(LAUTERBOURG, 9.5, 2800, 245),
        },
        {
          kind: 'rail_freight',
          name: 'Gare de Lauterbourg (fret)',
          distanceM: 2100,
          point: towards(LAUTERBOURG, 9.5, 2100, 285),
        },
        {
          kind: 'port',
          name: 'Port rhénan de Lauterbourg',
          distanceM: 300,
          point: towards(LAUTERBOURG, 9.5, 300, 95),
        },
        {
          kind: 'airport',
          name: 'Karlsruhe/Baden-Baden',
          distanceM: 22500,
          point: towards(LAUTERBOURG, 9.5, 22500, 210),
        },
        {
          kind: 'substation_63kv',
          name: 'Poste de Lauterbourg 63 kV',
          distanceM: 1100,
          point: towards(LAUTERBOURG, 9.5, 1100, 320),
          voltageKv: 63,
        },
      ],
      criteria: criteria({
        surface: 0.45,
        power: 0.4,
        rail: 1,
        motorway: 0.8,
        availability: 0.5,
        price: 0.9,
        risks: 0.5,
        reasons: {
          surface: {
            fr: '9,5 ha disponibles pour 10 ha minimum ; regroupement avec la parcelle voisine à étudier',
            en: '9.5 ha available for 10 ha minimum; combining with the next plot to be studied',
          },
          power: {
            fr: '8 MW disponibles en 20 kV, 12 MW demandés : nouveau raccordement HTB1 (63 kV) depuis le poste ≥ 63 kV « Lauterbourg » à 1,1 km, délai estimé 18 mois (base : moyenne RTE 2024 de 29 mois (CRE 2025-130) ajustée au niveau de tension), coût estimé 3–8 M€ (ordre de grandeur, hypothèse) ; capacité d’accueil du réseau non confirmée (à confirmer)',
            en: '8 MW available at 20 kV, 12 MW needed: new HTB1 (63 kV) connection from the ≥ 63 kV substation "Lauterbourg" 1.1 km away, estimated 18 months (basis: RTE 2024 average of 29 months (CRE 2025-130) adjusted to the voltage level), estimated cost €3–8M (order of magnitude, assumption); grid hosting capacity not confirmed (to confirm)',
          },
          railSiding: { fr: 'Voie ferrée portuaire sur site', en: 'Port railway on site' },
          motorway: { fr: 'A35 à 2,8 km', en: 'A35 2.8 km away' },
          availability: {
            fr: 'Libération du terrain prévue fin juin 2026',
            en: 'Land released by the end of June 2026',
          },
          price: { fr: '35 €/m²', en: '€35/m²' },
          risks: {
            fr: 'Zone bleue du PPRI du Rhin, Natura 2000 adjacent',
            en: 'Rhine PPRI blue zone, adjacent Natura 2000 site',
          },
        },
      }),
      warnings: [
        {
          key: 'surfaceHa',
          status: 'failing',
          label: { fr: 'Surface', en: 'Area' },
          required: { value: 10, unit: 'ha' },
          actual: { value: 9.5, unit: 'ha' },
        },
        {
          key: 'powerMw',
          status: 'failing',
          label: { fr: 'Puissance', en: 'Power' },
          required: { value: 12, unit: 'MW' },
          actual: { value: 8, unit: 'MW' },
          reason: {
            fr: 'Raccordement HTB à instruire avec RTE : délai moyen de 29 mois (CRE 2025)',
            en: 'HTB connection to be studied with RTE: 29 months on average (CRE 2025)',
          },
        },
        {
          key: 'availableBy',
          status: 'failing',
          label: { fr: 'Disponibilité', en: 'Availability' },
          required: { date: '2026-01-01' },
          actual: { date: '2026-06-30' },
        },
        {
          key: 'natura2000',
          status: 'unknown',
          label: { fr: 'Incidence Natura 2000', en: 'Natura 2000 impact' },
          reason: {
            fr: 'Site adjacent (Rhin) : évaluation des incidences à prévoir',
            en: 'Adjacent site (Rhine): impact assessment needed',
          },
        },
      ],
      note: {
        fr: 'Site ≥ 9 ha bord à quai : seul site trimodal de la sélection.',
        en: 'Site ≥ 9 ha on the quay: the only trimodal site of the shortlist.',
      },
    },
  ];
  return {
    project: {
      codeName: 'Volta',
      sector: { fr: 'Batteries lithium-ion (cellules)', en: 'Lithium-ion battery cells' },
      company: null,
      originCountry: { fr: 'Corée du Sud', en: 'South Korea' },
      jobs: 450,
      investmentEur: 320_000_000,
      needs: {
        surfaceHa: { min: 10, max: 40 },
        allowAssembly: true,
        powerMw: 12,
        waterM3PerDay: 800,
        railSiding: 'preferred',
        brownfield: 'preferred',
        maxDistanceKm: { motorway: 5, railFreight: 10 },
        icpeRegime: 'A',
        sevesoTier: 'lower',
        availableBy: '2026-01-01',
        maxPriceEurM2: 70,
        regionNames: ['Île-de-France', 'Centre-Val de Loire', 'Grand Est'],
        excludeRisks: ['ppri_red'],
        extraLines: [
          {
            fr: 'Réserve foncière pour une seconde tranche à 80 MW d’ici 2030 (≥\u00a060 ha)',
            en: 'Land reserve for a second 80 MW phase by 2030 (≥\u00a060 ha)',
          },
        ],
      },
    },
    agencyName: 'Business France — Invest',
    contact: {
      name: 'Claire Dubreuil',
      role: { fr: 'Chargée d’affaires implantations', en: 'Investment project manager' },
      organisation: 'Business France',
      email: 'claire.dubreuil@example.fr',
      phone: '+33 1 00 00 00 00',
    },
    generatedAt: '2025-03-12T09:30:00+01:00',
    items,
  };
}

/**
 * Places across France for generated shortlists: name, INSEE, département, region, lon/lat and
 * Lambert-93 metres (PostGIS `ST_Transform(…, 2154)` of the lon/lat, rounded to the metre).
 */
const PLACES: Array<[string, string, string, string, LonLat, L93]> = [
  ['Limay', '78335', 'Yvelines', 'Île-de-France', [1.74, 48.987], [607784, 6877077]],
  ['Étrechet', '36070', 'Indre', 'Centre-Val de Loire', [1.772, 46.852], [606437, 6639821]],
  ['Lauterbourg', '67261', 'Bas-Rhin', 'Grand Est', [8.215, 48.965], [1081570, 6886499]],
  ['Alixan', '26004', 'Drôme', 'Auvergne-Rhône-Alpes', [4.975, 44.975], [855682, 6432589]],
  ['Alloinay', '79005', 'Deux-Sèvres', 'Nouvelle-Aquitaine', [-0.03, 46.16], [466239, 6566728]],
  ['Arles', '13004', 'Bouches-du-Rhône', 'Provence-Alpes-Côte d’Azur', [4.63, 43.677], [831468, 6287797]],
  ['Béziers', '34032', 'Hérault', 'Occitanie', [3.215, 43.344], [717443, 6249452]],
  ['Valenton', '94074', 'Val-de-Marne', 'Île-de-France', [2.468, 48.751], [660886, 6850230]],
  ['Saint-Avold', '57606', 'Moselle', 'Grand Est', [6.703, 49.104], [970314, 6895693]],
  ['Fessenheim', '68091', 'Haut-Rhin', 'Grand Est', [7.535, 47.915], [1038575, 6766904]],
  ['Dunkerque', '59183', 'Nord', 'Hauts-de-France', [2.311, 51.03], [651557, 7104021]],
  ['Saint-Nazaire', '44184', 'Loire-Atlantique', 'Pays de la Loire', [-2.213, 47.273], [306171, 6698859]],
  ['Pont-de-Claix', '38317', 'Isère', 'Auvergne-Rhône-Alpes', [5.698, 45.123], [912093, 6450703]],
  ['Lacq', '64300', 'Pyrénées-Atlantiques', 'Nouvelle-Aquitaine', [-0.625, 43.41], [406346, 6263506]],
  [
    'Chalon-sur-Saône',
    '71076',
    'Saône-et-Loire',
    'Bourgogne-Franche-Comté',
    [4.853, 46.781],
    [841361, 6632866],
  ],
  ['Le Havre', '76351', 'Seine-Maritime', 'Normandie', [0.16, 49.47], [494117, 6933770]],
  ['Vierzon', '18279', 'Cher', 'Centre-Val de Loire', [2.068, 47.222], [629473, 6680605]],
  ['Châlons-en-Champagne', '51108', 'Marne', 'Grand Est', [4.365, 48.957], [799957, 6873869]],
  ['Gennevilliers', '92036', 'Hauts-de-Seine', 'Île-de-France', [2.294, 48.933], [648275, 6870567]],
  ['Toulouse', '31555', 'Haute-Garonne', 'Occitanie', [1.37, 43.64], [568447, 6283686]],
  ['Rennes', '35238', 'Ille-et-Vilaine', 'Bretagne', [-1.62, 48.08], [356159, 6785575]],
  ['Épinal', '88160', 'Vosges', 'Grand Est', [6.45, 48.17], [956393, 6791117]],
];

const ZONE_NAMES = [
  'ZAC des Portes de l’Est',
  'Parc d’activités du Val',
  'Zone industrielle Nord',
  'Écoparc de la Plaine',
  'Site clé en main des Îles',
  'Pôle d’activités du Canal',
];

/** Deterministic pseudo-random numbers (mulberry32), so generated fixtures are stable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shortlist of `n` generated sites (n ≤ 22 distinct places, then places repeat with offsets). */
export function generatedShortlist(n: number, seed = 42): ShortlistDocument {
  const base = fixtureShortlist();
  const rand = rng(seed);
  const items: ShortlistItem[] = [];
  for (let i = 0; i < n; i++) {
    const [commune, insee, department, region, ll, l93] = PLACES[i % PLACES.length];
    const east = (Math.floor(i / PLACES.length) * 2500) % 9000;
    const centre = offset(ll, east, 0);
    const areaHa = Math.round((3 + rand() * 60) * 10) / 10;
    const angle = Math.round(rand() * 80 - 40);
    const inf = (kind: InfrastructureFeature['kind'], name: string, maxM: number): InfrastructureFeature => {
      const d = Math.round(300 + rand() * maxM);
      const ang = rand() * 2 * Math.PI;
      return { kind, name, distanceM: d, point: offset(centre, Math.cos(ang) * d, Math.sin(ang) * d) };
    };
    const sc = (lo: number) => Math.round((lo + rand() * (1 - lo)) * 100) / 100;
    const warnings: ConfirmWarning[] = [];
    if (rand() < 0.5)
      warnings.push({
        key: 'powerMw',
        status: 'failing',
        label: { fr: 'Puissance', en: 'Power' },
        required: { value: 12, unit: 'MW' },
        actual: { value: Math.round(rand() * 11), unit: 'MW' },
      });
    if (rand() < 0.5)
      warnings.push({
        key: 'soilPollution',
        status: 'unknown',
        label: { fr: 'Pollution des sols', en: 'Soil pollution' },
        reason: { fr: 'Diagnostic à réaliser', en: 'Survey needed' },
      });
    items.push({
      rank: i + 1,
      score: Math.round((0.95 - i * (0.5 / Math.max(1, n))) * 100) / 100,
      scoreKind: 'weighted_sum',
      confidence: sc(0.55),
      confidenceNotes: [{ fr: 'Surface : donnée estimée', en: 'Area: estimated figure' }],
      flags: i % 4 === 1 ? [{ fr: 'puissance à confirmer', en: 'power to confirm' }] : [],
      site: {
        name: `${ZONE_NAMES[i % ZONE_NAMES.length]} — ${commune}`,
        communeName: commune,
        communeInsee: insee,
        department,
        region,
        availableAreaHa: Math.round(areaHa * (0.5 + rand() * 0.5) * 10) / 10,
        areaHa,
        powerAvailableMw: Math.round(rand() * 40),
        powerVoltageKv: rand() < 0.6 ? 20 : 63,
        railSiding: rand() < 0.4,
        quay: rand() < 0.25,
        brownfield: rand() < 0.5,
        ppriZone: rand() < 0.7 ? 'none' : 'blue',
        natura2000: rand() < 0.8 ? 'none' : 'adjacent',
        soilPollution: rand() < 0.5 ? 'inexistante' : 'peu_probable',
        availableFrom: `202${5 + Math.floor(rand() * 3)}-0${1 + Math.floor(rand() * 9)}-01`,
        priceEurM2: Math.round(10 + rand() * 90),
        labels: rand() < 0.4 ? ['cle_en_main_france_2030'] : [],
        dataQuality: rand() < 0.7 ? 'sourced' : 'estimated',
        readiness: READINESS_DONE.map((r) => (rand() < 0.3 ? { ...r, status: 'in_progress' as const } : r)),
        contact: {
          name: `Développement économique — ${commune}`,
          email: 'contact@territoire.example.fr',
          phone: '+33 3 00 00 00 00',
        },
        geometry: plot(centre, areaHa, 1 + rand(), angle),
        locationL93: [l93[0] + east, l93[1]],
      },
      neighbours: neighboursOf(centre, areaHa, angle),
      infrastructure: [
        inf('motorway_access', 'Échangeur autoroutier', 6000),
        inf('rail_freight', 'Gare fret', 15000),
        inf('port', 'Port fluvial', 30000),
        inf('airport', 'Aéroport régional', 60000),
        inf('substation_63kv', 'Poste source 63 kV', 5000),
      ],
      criteria: criteria({
        surface: sc(0.3),
        power: sc(0.2),
        rail: sc(0),
        motorway: sc(0.4),
        availability: sc(0.3),
        price: sc(0.3),
        risks: sc(0.4),
        reasons: {
          surface: { fr: `${areaHa} ha au total`, en: `${areaHa} ha in total` },
          power: {
            fr: 'Puissance déclarée par le gestionnaire de réseau',
            en: 'Power stated by the grid operator',
          },
        },
      }),
      warnings,
      note:
        i % 3 === 0
          ? { fr: 'Visite possible sous quinze jours.', en: 'Visit possible within a fortnight.' }
          : null,
    });
  }
  return { ...base, items };
}
