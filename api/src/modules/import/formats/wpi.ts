/**
 * NGA World Port Index (Pub. 150) CSV: one row per port. Size class from `Harbor Size`
 * (Large/Medium/Small; "Very Small" → small, kept verbatim in attrs), cargo facilities and
 * depths into attrs. Source id: the World Port Index Number — UN/LOCODE is blank for some
 * ports and shared by others (Dunkerque Port Est and Ouest are both FR DKK).
 * In this export 0.0 means "not given" for depths and lengths; those become null.
 */

import type { SizeClass } from '../../infrastructure/infrastructure.schemas.ts';
import { readLonLat } from '../import.geo.ts';
import type { ParsedItem } from '../import.types.ts';
import { cell, csvInfrastructureFormat, infraItem, positiveOrNull } from './format-helpers.ts';

const SIZE: Record<string, SizeClass | null> = {
  large: 'large',
  medium: 'medium',
  small: 'small',
  'very small': 'small',
  '': null,
  unknown: null,
};

const FACILITIES: Record<string, string> = {
  roRo: 'Facilities - Ro-Ro',
  solidBulk: 'Facilities - Solid Bulk',
  liquidBulk: 'Facilities - Liquid Bulk',
  container: 'Facilities - Container',
  breakbulk: 'Facilities - Breakbulk',
  oilTerminal: 'Facilities - Oil Terminal',
  lngTerminal: 'Facilities - LNG Terminal',
  wharves: 'Facilities - Wharves',
};

const yesNo = (v: string) => (v === 'Yes' ? 'yes' : v === 'No' ? 'no' : 'unknown');

export const wpi = csvInfrastructureFormat(
  {
    name: 'wpi',
    description: 'NGA World Port Index CSV (comma): ports with harbour size and cargo facilities',
  },
  {
    delimiter: ',',
    required: [
      'World Port Index Number',
      'Main Port Name',
      'UN/LOCODE',
      'Harbor Size',
      'Latitude',
      'Longitude',
    ],
  },
  (r, line): ParsedItem => {
    const harborSize = cell(r, 'Harbor Size');
    const sizeClass = SIZE[harborSize.toLowerCase()];
    if (sizeClass === undefined) {
      return {
        line,
        error: `unknown Harbor Size '${harborSize}' (expected Large, Medium, Small, Very Small)`,
      };
    }
    const indexRaw = cell(r, 'World Port Index Number');
    const index = Number(indexRaw);
    if (!Number.isInteger(index) || index <= 0)
      return { line, error: `World Port Index Number '${indexRaw}' is not a port number` };
    const pos = readLonLat(r.Longitude, r.Latitude, 'Longitude', 'Latitude');
    if ('error' in pos) return { line, error: pos.error };
    const facilities: Record<string, string> = {};
    for (const [key, column] of Object.entries(FACILITIES)) {
      if (column in r) facilities[key] = yesNo(cell(r, column));
    }
    return infraItem(line, {
      kind: 'port',
      name: cell(r, 'Main Port Name'),
      source: 'nga-wpi',
      sourceId: String(index),
      sourceUrl: null,
      voltageKv: null,
      sizeClass,
      operator: null,
      attrs: {
        unlocode: cell(r, 'UN/LOCODE') || null,
        harborSize: harborSize || null,
        harborType: cell(r, 'Harbor Type') || null,
        harborUse: cell(r, 'Harbor Use') || null,
        channelDepthM: positiveOrNull(cell(r, 'Channel Depth (m)')),
        cargoPierDepthM: positiveOrNull(cell(r, 'Cargo Pier Depth (m)')),
        maxVesselLengthM: positiveOrNull(cell(r, 'Maximum Vessel Length (m)')),
        railway: cell(r, 'Railway') || null,
        facilities,
      },
      lon: pos.lon,
      lat: pos.lat,
    });
  },
);
