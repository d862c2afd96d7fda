/**
 * SNCF "liste des gares" CSV (semicolon): every point of the national rail network with a
 * `fret` (O/N) and a `voyageurs` (O/N) flag. `fret = O` → rail_freight, else rail_station.
 *
 * Key: `code_uic` is NOT unique in this file (506 codes repeat: a station gets one row per line
 * and track section it sits on, with its own position and kilometre point), and neither is
 * code_uic + code_ligne (4,110 of 4,148 rows). code_uic + code_ligne + rg_troncon + pk is unique
 * (4,148), so each row is kept as its own point with source id "uic:line:section:pk".
 */
import { readLonLat } from '../import.geo.ts';
import type { ParsedItem } from '../import.types.ts';
import { cell, csvInfrastructureFormat, infraItem } from './format-helpers.ts';

const YES_NO: Record<string, boolean> = { O: true, N: false };

export const sncfGares = csvInfrastructureFormat(
  {
    name: 'sncf-gares',
    description: 'SNCF liste des gares CSV (semicolon): fret = O → rail_freight, else rail_station',
  },
  {
    delimiter: ';',
    required: [
      'code_uic',
      'libelle',
      'fret',
      'voyageurs',
      'code_ligne',
      'rg_troncon',
      'pk',
      'x_wgs84',
      'y_wgs84',
    ],
  },
  (r, line): ParsedItem => {
    const fret = YES_NO[cell(r, 'fret').toUpperCase()];
    if (fret === undefined) return { line, error: `fret '${cell(r, 'fret')}' must be O or N` };
    const pos = readLonLat(r.x_wgs84, r.y_wgs84, 'x_wgs84', 'y_wgs84');
    if ('error' in pos) return { line, error: pos.error };
    const uic = cell(r, 'code_uic');
    const ligne = cell(r, 'code_ligne');
    const troncon = cell(r, 'rg_troncon');
    const pk = cell(r, 'pk');
    if (!uic || !ligne) return { line, error: `${uic ? 'code_ligne' : 'code_uic'} is empty` };
    return infraItem(line, {
      kind: fret ? 'rail_freight' : 'rail_station',
      name: cell(r, 'libelle'),
      source: 'sncf-gares',
      sourceId: `${uic}:${ligne}:${troncon}:${pk}`,
      sourceUrl: null,
      voltageKv: null,
      sizeClass: null,
      operator: 'SNCF Réseau',
      attrs: {
        codeUic: uic,
        codeLigne: ligne,
        rgTroncon: troncon,
        pk,
        freight: fret,
        passengers: YES_NO[cell(r, 'voyageurs').toUpperCase()] ?? null,
        commune: cell(r, 'commune') || null,
        departement: cell(r, 'departemen') || null,
        idgaia: cell(r, 'idgaia') || null,
      },
      lon: pos.lon,
      lat: pos.lat,
    });
  },
);
