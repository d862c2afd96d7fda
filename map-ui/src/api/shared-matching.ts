/**
 * The matching code shared with the API (plain TypeScript + zod, bundleable): the needs
 * schema, AHP and the criteria registry's weight resolution. Importing the server's own
 * modules keeps one definition of "valid" for the API, the OpenAPI document and this UI.
 * Only the lazily loaded match screen imports this file (zod stays out of the map bundle).
 */

export { resolveWeights } from '@api/modules/matching/criteria/index.ts';
export { AHP_MAX_CR, AHP_MAX_SIZE, ahp } from '@api/modules/matching/mcda.ts';
export {
  defaultHardKeys,
  type HardKey,
  type NeedsInput,
  needsSchema,
  PREFERENCES,
  type Preference,
  RISK_EXCLUSIONS,
} from '@api/modules/matching/needs.schema.ts';
export { ICPE_REGIMES, SEVESO_TIERS } from '@api/modules/sites/site.fields.ts';
export { REGIONS } from './shared-geo.ts';
