/**
 * Names of EPCI/EPT from their SIREN (`GET /api/territories`), so screens say "CU Grand Paris
 * Seine et Oise" where the data holds 200059889: `useTerritoryNames(['200059889'])`.
 */
import type { Territories } from '@api/modules/territories/territories.schemas.ts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';

const SIREN = /^\d{9}$/;

/** SIREN → name (only the SIRENs the API could name); empty while loading or on an error. */
export function useTerritoryNames(sirens: readonly (string | null | undefined)[]): Map<string, string> {
  const asked = [
    ...new Set(sirens.filter((s): s is string => typeof s === 'string' && SIREN.test(s))),
  ].sort();
  const q = useQuery({
    queryKey: ['public', 'territories', asked] as const,
    queryFn: ({ signal }) =>
      apiFetch<Territories>(`/api/territories?siren=${asked.join(',')}`, { signal }).then(
        (r) => new Map(r.territories.flatMap((x) => (x.name ? [[x.siren, x.name] as const] : []))),
      ),
    enabled: asked.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return q.data ?? new Map();
}

/** "CU Grand Paris Seine et Oise (200059889)", or the bare SIREN while its name is unknown. */
export const territoryLabel = (siren: string, names: Map<string, string>) => {
  const name = names.get(siren);
  return name ? `${name} (${siren})` : siren;
};
