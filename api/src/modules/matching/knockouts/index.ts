/**
 * The knock-out registry: legal bans first (always on), then the need knock-outs in the order of
 * `HARD_KEYS`, then the requested risk exclusions. Adding a knock-out is one file in this folder
 * and one line here; the evaluator (evaluate.ts), the SQL stage and the README's rule table read
 * this list.
 */
import { availableBy } from './available-by.ts';
import { brownfield } from './brownfield.ts';
import { maxAirport, maxMotorway, maxPort, maxRailFreight } from './distance.ts';
import {
  labourPool,
  maxDriveAirport,
  maxDriveMotorway,
  maxDrivePort,
  maxDriveRailFreight,
} from './drive-time.ts';
import { gas } from './gas.ts';
import { icpe } from './icpe.ts';
import { legalFlood } from './legal-flood.ts';
import { legalNatura2000 } from './legal-natura2000.ts';
import { legalPluDestination, legalPluZone } from './legal-plu.ts';
import { legalTechnological } from './legal-technological.ts';
import { fibre, quay, railSiding } from './on-site.ts';
import { power } from './power.ts';
import { price } from './price.ts';
import { RISK_EXCLUSION_KNOCKOUTS } from './risk-exclusions.ts';
import { seveso } from './seveso.ts';
import { surface } from './surface.ts';
import type { KnockoutDef } from './types.ts';
import { wastewater } from './wastewater.ts';
import { water } from './water.ts';
import { zoning } from './zoning.ts';

export type { KnockoutContext, KnockoutDef } from './types.ts';

export const KNOCKOUTS: readonly KnockoutDef[] = [
  legalFlood,
  legalTechnological,
  legalNatura2000,
  legalPluZone,
  legalPluDestination,
  surface,
  power,
  gas,
  water,
  wastewater,
  railSiding,
  quay,
  fibre,
  maxMotorway,
  maxRailFreight,
  maxPort,
  maxAirport,
  maxDriveMotorway,
  maxDriveRailFreight,
  maxDrivePort,
  maxDriveAirport,
  labourPool,
  icpe,
  seveso,
  zoning,
  availableBy,
  price,
  brownfield,
  ...RISK_EXCLUSION_KNOCKOUTS,
];

export const LEGAL_KNOCKOUTS = KNOCKOUTS.filter((k) => k.kind === 'legal');
export const LEGAL_KEYS = LEGAL_KNOCKOUTS.map((k) => k.key);
export const KNOCKOUT_BY_KEY: ReadonlyMap<string, KnockoutDef> = new Map(KNOCKOUTS.map((k) => [k.key, k]));

/** The rule table as JSON (`GET /api/match/knockouts` and the README). */
export function listKnockouts() {
  return KNOCKOUTS.map((k) => ({
    key: k.key,
    kind: k.kind,
    need: k.need ?? null,
    label: k.label,
    rule: k.rule,
    source: k.source,
  }));
}
