/**
 * Version 1's explanations of a failed hard constraint: what was asked, what the site has, the
 * gap, in both languages (hard-constraints.ts evaluates the constraints, this file words them).
 */
import { accessOf, type MatchSite } from '../../candidate.ts';
import { landKind } from '../../criteria/brownfield.ts';
import {
  type Bilingual,
  bi,
  colon,
  daysBetween,
  fmtDate,
  fmtKm,
  fmtMonths,
  fmtNum,
  type Lang,
  toIsoDate,
} from '../../format.ts';
import { assessPower, type ElectricalConfig } from './electrical.ts';
import { BUILDABLE_PLU_ZONES, DISTANCE_ACCESS, type HardFailure } from './hard-constraints.ts';
import type { DistanceNeed, HardKey, Needs, RiskExclusion } from './needs.schema.ts';

const TO_CONFIRM: Bilingual = { fr: 'à confirmer', en: 'to confirm' };

function failure(
  key: string,
  need: HardKey,
  unknown: boolean,
  required: HardFailure['required'],
  actual: HardFailure['actual'],
  unit: string | null,
  gap: number | null,
  reason: Bilingual,
): HardFailure {
  const g = gap === null ? null : Math.round(gap * 1000) / 1000;
  return { key, need, required, actual, unit, gap: g, unknown, reason_fr: reason.fr, reason_en: reason.en };
}

/** `unknownText({ fr: 'prix inconnu', en: 'price unknown' }, …)` → 'prix inconnu, max 40 €/m² : à confirmer'. */
const unknownText = (what: Bilingual, wanted: Bilingual): Bilingual =>
  bi((l) => `${what[l]}, ${wanted[l]}${colon(l)}${TO_CONFIRM[l]}`);

export function explain(
  key: string,
  need: HardKey,
  site: MatchSite,
  n: Needs,
  unknown: boolean,
  cfg: ElectricalConfig,
): HardFailure {
  const num = (v: number, l: Lang, d = 1) => fmtNum(v, l, d);
  switch (need) {
    case 'surfaceHa': {
      const a = site.availableAreaHa ?? null;
      const { min: lo, max: hi } = n.surfaceHa;
      const required = hi !== undefined ? `${lo}–${hi}` : lo;
      if (a === null) {
        return failure(
          key,
          need,
          true,
          required,
          null,
          'ha',
          null,
          unknownText(
            { fr: 'surface disponible inconnue', en: 'available area unknown' },
            bi((l) => `${num(lo, l)} ha ${l === 'fr' ? 'demandés au minimum' : 'needed at least'}`),
          ),
        );
      }
      if (a < lo) {
        return failure(
          key,
          need,
          false,
          required,
          a,
          'ha',
          lo - a,
          bi((l) =>
            l === 'fr'
              ? `${num(a, l)} ha disponibles, ${num(lo, l)} ha demandés au minimum (manque ${num(lo - a, l)} ha)`
              : `${num(a, l)} ha available, at least ${num(lo, l)} ha needed (${num(lo - a, l)} ha short)`,
          ),
        );
      }
      const lot = site.minLotHa ?? null;
      const hiV = hi ?? a;
      return failure(
        key,
        need,
        unknown,
        required,
        a,
        'ha',
        a - hiV,
        bi((l) =>
          l === 'fr'
            ? `${num(a, l)} ha disponibles, ${num(hiV, l)} ha au maximum, ${lot === null ? `lot minimum inconnu${colon(l)}${TO_CONFIRM.fr}` : `non divisible (lot minimum ${num(lot, l)} ha)`}`
            : `${num(a, l)} ha available, at most ${num(hiV, l)} ha wanted, ${lot === null ? `minimum lot unknown: ${TO_CONFIRM.en}` : `not divisible (minimum lot ${num(lot, l)} ha)`}`,
        ),
      );
    }
    case 'powerMw': {
      const needMw = n.powerMw ?? 0;
      const a = assessPower(site, needMw, n.rampUpMonths, cfg);
      const gap = a.availableMw !== null ? needMw - a.availableMw : null;
      return failure(key, need, unknown, needMw, a.availableMw, 'MW', gap, a.reason);
    }
    case 'gas': {
      const capNeed = n.gas?.capacityMwhPerDay;
      if (capNeed !== undefined)
        return capacityFailure(
          key,
          need,
          unknown,
          capNeed,
          site.gasCapacityMwhPerDay ?? null,
          site.gas ?? null,
          { fr: 'MWh/j', en: 'MWh/day' },
          { fr: 'gaz', en: 'gas' },
        );
      return failure(
        key,
        need,
        unknown,
        true,
        site.gas ?? null,
        null,
        null,
        unknown
          ? unknownText(
              { fr: 'raccordement au gaz non renseigné', en: 'gas connection not stated' },
              { fr: 'gaz exigé', en: 'gas required' },
            )
          : { fr: 'pas de raccordement au gaz, gaz exigé', en: 'no gas connection, gas required' },
      );
    }
    case 'waterM3PerDay':
      return capacityFailure(
        key,
        need,
        unknown,
        n.waterM3PerDay ?? 0,
        site.waterM3PerDay ?? null,
        site.drinkingWater ?? null,
        { fr: 'm³/j', en: 'm³/day' },
        { fr: 'eau', en: 'water' },
      );
    case 'wastewaterM3PerDay':
      return capacityFailure(
        key,
        need,
        unknown,
        n.wastewaterM3PerDay ?? 0,
        site.wastewaterM3PerDay ?? null,
        site.sewerage ?? null,
        { fr: 'm³/j', en: 'm³/day' },
        { fr: 'eaux usées', en: 'wastewater' },
      );
    case 'railSiding':
    case 'quay':
    case 'fibre': {
      const text: Record<typeof need, { missing: Bilingual; unknown: Bilingual }> = {
        railSiding: {
          missing: {
            fr: "pas d'embranchement ferroviaire sur site, exigé",
            en: 'no rail siding on site, required',
          },
          unknown: {
            fr: 'embranchement ferroviaire sur site non renseigné, exigé',
            en: 'rail siding on site not stated, required',
          },
        },
        quay: {
          missing: { fr: 'pas de quai sur site, exigé', en: 'no quay on site, required' },
          unknown: { fr: 'quai sur site non renseigné, exigé', en: 'quay on site not stated, required' },
        },
        fibre: {
          missing: { fr: 'pas de fibre optique, exigée', en: 'no optical fibre, required' },
          unknown: { fr: 'fibre optique non renseignée, exigée', en: 'optical fibre not stated, required' },
        },
      };
      const tx = text[need];
      return failure(
        key,
        need,
        unknown,
        true,
        site[need] ?? null,
        null,
        null,
        unknown ? bi((l) => `${tx.unknown[l]}${colon(l)}${TO_CONFIRM[l]}`) : tx.missing,
      );
    }
    case 'maxDistanceKm.motorway':
    case 'maxDistanceKm.railFreight':
    case 'maxDistanceKm.port':
    case 'maxDistanceKm.airport': {
      const d = need.slice('maxDistanceKm.'.length) as DistanceNeed;
      const limit = n.maxDistanceKm[d] ?? 0;
      const label: Record<DistanceNeed, Bilingual> = {
        motorway: { fr: 'accès autoroutier', en: 'motorway access' },
        railFreight: { fr: 'fret ferroviaire', en: 'rail freight' },
        port: { fr: 'port', en: 'port' },
        airport: { fr: 'aéroport', en: 'airport' },
      };
      const acc = accessOf(site, DISTANCE_ACCESS[d]);
      const maxText = (l: Lang) => `max ${fmtKm(limit * 1000, l)}`;
      if (!acc) {
        return failure(
          key,
          need,
          true,
          limit,
          null,
          'km',
          null,
          bi(
            (l) =>
              `${l === 'fr' ? 'distance inconnue' : 'distance unknown'} (${label[d][l]}), ${maxText(l)}${colon(l)}${TO_CONFIRM[l]}`,
          ),
        );
      }
      const km = acc.distanceM / 1000;
      const over = km - limit;
      return failure(
        key,
        need,
        unknown,
        limit,
        Math.round(km * 1000) / 1000,
        'km',
        over,
        bi(
          (l) =>
            `${label[d][l]} ${l === 'fr' ? 'à' : 'at'} ${fmtKm(acc.distanceM, l)}, ${maxText(l)}` +
            (l === 'fr' ? ` (${fmtKm(over * 1000, l)} de trop)` : ` (${fmtKm(over * 1000, l)} over)`),
        ),
      );
    }
    case 'icpeRegime': {
      const m = site.maxIcpeRegime ?? null;
      const r = n.icpeRegime ?? null;
      return failure(
        key,
        need,
        unknown,
        r,
        m,
        null,
        null,
        m === null
          ? unknownText(
              { fr: 'régime ICPE admis non renseigné', en: 'accepted ICPE regime not stated' },
              bi((l) => `${r} ${l === 'fr' ? 'demandé' : 'needed'}`),
            )
          : bi((l) =>
              l === 'fr'
                ? `la zone admet au plus le régime ICPE ${m}, ${r} demandé`
                : `the zone accepts ICPE regime ${m} at most, ${r} needed`,
            ),
      );
    }
    case 'sevesoTier': {
      const m = site.sevesoAllowed ?? null;
      const r = n.sevesoTier ?? 'none';
      const tier: Record<string, Bilingual> = {
        none: { fr: 'aucun site Seveso', en: 'no Seveso plant' },
        lower: { fr: 'Seveso seuil bas', en: 'Seveso lower tier' },
        upper: { fr: 'Seveso seuil haut', en: 'Seveso upper tier' },
      };
      return failure(
        key,
        need,
        unknown,
        r,
        m,
        null,
        null,
        m === null
          ? unknownText(
              { fr: 'statut Seveso admis non renseigné', en: 'accepted Seveso status not stated' },
              bi((l) => `${tier[r][l]} ${l === 'fr' ? 'demandé' : 'needed'}`),
            )
          : bi((l) => {
              const wanted = `${tier[r][l]} ${l === 'fr' ? 'demandé' : 'needed'}`;
              if (m === 'none')
                return l === 'fr'
                  ? `la zone n'admet aucun site Seveso, ${wanted}`
                  : `the zone accepts no Seveso plant, ${wanted}`;
              return l === 'fr'
                ? `la zone admet au plus ${tier[m][l]}, ${wanted}`
                : `the zone accepts ${tier[m][l]} at most, ${wanted}`;
            }),
      );
    }
    case 'zoning': {
      const z = site.pluZone ?? null;
      return failure(
        key,
        need,
        unknown,
        BUILDABLE_PLU_ZONES.join('/'),
        z,
        null,
        null,
        z === null
          ? unknownText(
              { fr: 'zonage PLU non renseigné', en: 'PLU zoning not stated' },
              { fr: 'zone U ou AU requise', en: 'zone U or AU required' },
            )
          : bi((l) =>
              l === 'fr'
                ? `zone ${z} du PLU (${z === 'A' ? 'agricole' : 'naturelle'})${colon(l)}implantation industrielle exclue`
                : `PLU zone ${z} (${z === 'A' ? 'agricultural' : 'natural'}): no plant allowed`,
            ),
      );
    }
    case 'availableBy': {
      const by = n.availableBy ?? '';
      const from = toIsoDate(site.availableFrom ?? null);
      if (from === null) {
        return failure(
          key,
          need,
          true,
          by,
          null,
          'months',
          null,
          unknownText(
            { fr: 'date de disponibilité inconnue', en: 'availability date unknown' },
            bi((l) => (l === 'fr' ? `date limite demandée le ${fmtDate(by, l)}` : `needed by ${by}`)),
          ),
        );
      }
      const late = daysBetween(by, from) / 30.4375;
      return failure(
        key,
        need,
        false,
        by,
        from,
        'months',
        Math.round(late * 10) / 10,
        bi((l) =>
          l === 'fr'
            ? `disponible le ${fmtDate(from, l)}, date limite demandée${colon(l)}${fmtDate(by, l)} (${fmtMonths(Math.max(1, late), l)} de retard)`
            : `available from ${from}, needed by ${by} (${fmtMonths(Math.max(1, late), l)} late)`,
        ),
      );
    }
    case 'maxPriceEurM2': {
      const p = site.priceEurM2 ?? null;
      const m = n.maxPriceEurM2 ?? 0;
      if (p === null)
        return failure(
          key,
          need,
          true,
          m,
          null,
          '€/m²',
          null,
          unknownText(
            { fr: 'prix inconnu', en: 'price unknown' },
            bi((l) => `max ${num(m, l)} €/m²`),
          ),
        );
      return failure(
        key,
        need,
        false,
        m,
        p,
        '€/m²',
        p - m,
        bi((l) => `${num(p, l)} €/m², max ${num(m, l)} €/m² (+${num(p - m, l)} €/m²)`),
      );
    }
    case 'brownfield': {
      const k = landKind(site);
      return failure(
        key,
        need,
        unknown,
        true,
        k === null ? null : k === 'brownfield',
        null,
        null,
        k === null
          ? unknownText(
              { fr: 'statut friche ou extension non renseigné', en: 'brownfield status not stated' },
              { fr: 'friche exigée', en: 'brownfield required' },
            )
          : bi((l) =>
              l === 'fr'
                ? `${k === 'mixed' ? 'site mixte' : 'extension sur terres naturelles ou agricoles'}, friche exigée (ZAN)`
                : `${k === 'mixed' ? 'mixed site' : 'greenfield extension'}, brownfield required (ZAN)`,
            ),
      );
    }
    case 'excludeRisks': {
      const risk = key.slice('excludeRisks.'.length) as RiskExclusion;
      const field = risk === 'ppri_red' ? 'ppriZone' : risk === 'pprt' ? 'pprtZone' : 'natura2000';
      const v = site[field] ?? null;
      const label: Record<RiskExclusion, Bilingual> = {
        ppri_red: {
          fr: 'zone rouge PPRI (construction interdite)',
          en: 'PPRI red zone (building forbidden)',
        },
        pprt: {
          fr: `zone ${v === 'dark_red' ? 'rouge foncé' : 'rouge clair'} PPRT (interdiction)`,
          en: `PPRT ${v === 'dark_red' ? 'dark' : 'light'} red zone (ban)`,
        },
        natura2000: { fr: 'dans un site Natura 2000', en: 'inside a Natura 2000 site' },
      };
      const what: Record<RiskExclusion, Bilingual> = {
        ppri_red: { fr: 'zonage PPRI non renseigné', en: 'PPRI zoning not stated' },
        pprt: { fr: 'zonage PPRT non renseigné', en: 'PPRT zoning not stated' },
        natura2000: { fr: 'situation Natura 2000 non renseignée', en: 'Natura 2000 status not stated' },
      };
      return failure(
        key,
        need,
        unknown,
        `not ${risk}`,
        v,
        null,
        null,
        v === null
          ? unknownText(what[risk], { fr: 'risque exclu par le projet', en: 'risk excluded by the project' })
          : bi(
              (l) => `${label[risk][l]}${l === 'fr' ? ', exclu par le projet' : ', excluded by the project'}`,
            ),
      );
    }
  }
}

function capacityFailure(
  key: string,
  need: HardKey,
  unknown: boolean,
  wanted: number,
  capacity: number | null,
  network: boolean | null,
  unit: Bilingual,
  label: Bilingual,
): HardFailure {
  if (capacity === null) {
    const reason =
      network === false
        ? bi(
            (l) =>
              `${label[l]}${colon(l)}${l === 'fr' ? 'pas de réseau' : 'no network'}, ${fmtNum(wanted, l, 0)} ${unit[l]} ${l === 'fr' ? 'demandés' : 'needed'}`,
          )
        : bi(
            (l) =>
              `${label[l]}${colon(l)}${l === 'fr' ? 'capacité inconnue' : 'capacity unknown'}, ${fmtNum(wanted, l, 0)} ${unit[l]} ${l === 'fr' ? 'demandés' : 'needed'}${colon(l)}${TO_CONFIRM[l]}`,
          );
    return failure(
      key,
      need,
      unknown,
      wanted,
      network === false ? 0 : null,
      unit.en,
      network === false ? wanted : null,
      reason,
    );
  }
  return failure(
    key,
    need,
    unknown,
    wanted,
    capacity,
    unit.en,
    wanted - capacity,
    bi(
      (l) =>
        `${label[l]}${colon(l)}${fmtNum(capacity, l, 0)} ${unit[l]} ${l === 'fr' ? 'disponibles' : 'available'}, ` +
        `${fmtNum(wanted, l, 0)} ${unit[l]} ${l === 'fr' ? 'demandés' : 'needed'} (${l === 'fr' ? 'manque' : 'short by'} ${fmtNum(wanted - capacity, l, 0)} ${unit[l]})`,
    ),
  );
}
