/**
 * API properties (JSON keys of site.fields.ts) → `sites` columns, with the département and
 * région derived from the commune's INSEE code. Shared by the service's writes, the import
 * writer and the seed, so it sits beside the field definitions rather than in any of them.
 */
import { InputError } from '../../shared/errors.ts';
import { DEPARTMENT_REGION, departmentOfCommune } from '../../shared/regions.ts';
import { FIELD_BY_KEY } from './site.fields.ts';
import type { SiteColumns } from './sites.store.ts';

/**
 * Maps writable properties to their columns; read-only and unknown keys are dropped.
 * @example propertiesToColumns({ name: 'ZA Nord', communeInsee: '57463' }) // { site_nom: 'ZA Nord', site_comm_insee: '57463', departement: '57', region: '44' }
 */
export function propertiesToColumns(props: Record<string, unknown>): SiteColumns {
  const cols: SiteColumns = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    const field = FIELD_BY_KEY.get(key);
    if (!field || field.readOnly) continue;
    cols[field.column] = value;
  }
  if (typeof props.communeInsee === 'string') {
    const dep = departmentOfCommune(props.communeInsee);
    if (!dep) {
      throw new InputError(`Unknown département for commune ${props.communeInsee}.`, [
        {
          field: 'properties.communeInsee',
          code: 'unknown_departement',
          message: 'no French département starts this INSEE code',
        },
      ]);
    }
    cols.departement = dep;
    cols.region = DEPARTMENT_REGION.get(dep);
  }
  return cols;
}
