import { assessPower, DECREE_1994_URL, feedKmWithin, levelsFor, minKvFor } from '../electrical.ts';
import { allOf, anyOf, atLeast, type Condition, isNull, isTrue, within } from './condition.ts';
import { explained, type KnockoutDef } from './types.ts';

/**
 * Power (electrical.ts): the site's stated supply carries the need at a voltage that can carry
 * it; or, for a small LV need, the plot is on the grid; or — when the project gives a ramp-up —
 * a new connection the operator would propose fits in it: for each voltage level that can carry
 * the need, the decree's distance rule holds (P × d ≤ 100 MW·km for HTA…) and the feeding
 * substation is close enough for the estimated delay, and no stated hosting capacity falls
 * short of the need. Such a candidate's power stays "to confirm" (lower confidence) until a
 * hosting capacity is stated with its source and date.
 */
export const power: KnockoutDef = {
  key: 'powerMw',
  kind: 'need',
  need: 'powerMw',
  label: { fr: 'Puissance électrique', en: 'Electric power' },
  rule: {
    fr: "Puissance déclarée sur site à une tension qui la porte, ou nouveau raccordement (domaine de tension du décret du 23/12/1994 : HTA jusqu'à 40 MW et 100/d MW) réalisable dans la montée en charge.",
    en: 'Stated on-site power at a voltage that carries it, or a new connection (voltage domain of the decree of 23/12/1994: HTA up to 40 MW and 100/d MW) that fits in the ramp-up.',
  },
  source: { title: 'Décret du 23 décembre 1994 (cahier des charges type du RAG)', url: DECREE_1994_URL },
  condition: ({ needs, electrical: cfg }) => {
    const need = needs.powerMw ?? 0;
    if (need <= 0) return null;
    const options: Condition[] = [
      allOf(
        atLeast('powerAvailableMw', need),
        anyOf(isNull('powerVoltageKv'), atLeast('powerVoltageKv', minKvFor(need, cfg))),
      ),
    ];
    if (need <= cfg.levels.LV.maxMw) options.push(isTrue('electricity'));
    const ramp = needs.rampUpMonths;
    if (ramp !== undefined) {
      const hostingOk = anyOf(isNull('gridHostingCapacityMw'), atLeast('gridHostingCapacityMw', need));
      for (const level of levelsFor(need, cfg)) {
        const rule = cfg.levels[level];
        const km = feedKmWithin(level, need, ramp, cfg);
        if (km === null) continue;
        // An LV connection needs no substation: it fits whatever the site's data.
        if (!rule.feed) return null;
        const parts: Condition[] = [hostingOk];
        if (rule.maxMwKm !== null && rule.distanceTo)
          parts.push(within(rule.distanceTo, rule.maxMwKm / need));
        parts.push(within(rule.feed, Number.isFinite(km) ? km : 1e6));
        options.push(allOf(...parts));
      }
    }
    return anyOf(...options);
  },
  explain: (site, { needs, electrical }) => {
    const need = needs.powerMw ?? 0;
    const a = assessPower(site, need, needs.rampUpMonths, electrical);
    const gap =
      a.hostingCovers === false && a.hostingMw !== null
        ? need - a.hostingMw
        : a.availableMw !== null
          ? need - a.availableMw
          : null;
    return explained(need, a.availableMw, 'MW', gap !== null && gap > 0 ? gap : null, a.reason);
  },
};
