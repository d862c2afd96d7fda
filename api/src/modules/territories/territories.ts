/**
 * Names of intercommunal territories from the maintained open list of the French
 * administration's boundaries (`@etalab/decoupage-administratif`: EPCI as of its release, and
 * the 11 EPT of Grand Paris). Read once, on first use, keeping only SIREN → name and kind.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Territory } from './territories.schemas.ts';

interface Entry {
  code: string;
  nom: string;
  type: string;
}

let bySiren: Map<string, { name: string; kind: Territory['kind'] }> | null = null;

function load(): NonNullable<typeof bySiren> {
  const require = createRequire(import.meta.url);
  const read = (file: string): Entry[] =>
    JSON.parse(fs.readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${file}`), 'utf8'));
  const map = new Map<string, { name: string; kind: Territory['kind'] }>();
  for (const e of [...read('epci.json'), ...read('ept.json')]) {
    const kind = (['CC', 'CA', 'CU', 'METRO', 'MET69', 'EPT'] as const).find((k) => k === e.type) ?? null;
    map.set(e.code, { name: e.nom, kind });
  }
  return map;
}

/** `territoryOf('200059889')` → `{ siren, name: 'CU Grand Paris Seine et Oise', kind: 'CU' }`. */
export function territoryOf(siren: string): Territory {
  bySiren ??= load();
  const t = bySiren.get(siren);
  return { siren, name: t?.name ?? null, kind: t?.kind ?? null };
}
