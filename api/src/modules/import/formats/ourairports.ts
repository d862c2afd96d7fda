/**
 * OurAirports `airports.csv` (or a per-country export): one row per aerodrome.
 * `type` → size class; closed sites, heliports, seaplane bases and balloonports are skipped,
 * small airports only with `--include-small`. Source id: `ident` (ICAO or local code).
 * Data dictionary: https://ourairports.com/help/data-dictionary.html
 */

import type { SizeClass } from '../../infrastructure/infrastructure.schemas.ts';
import { readLonLat } from '../import.geo.ts';
import type { ParsedItem } from '../import.types.ts';
import { cell, csvInfrastructureFormat, infraItem } from './format-helpers.ts';

const SIZE: Record<string, SizeClass> = {
  large_airport: 'large',
  medium_airport: 'medium',
  small_airport: 'small',
};
const SKIPPED: Record<string, string> = {
  closed: 'closed aerodrome',
  heliport: 'heliport',
  seaplane_base: 'seaplane base',
  balloonport: 'balloonport',
};

export const ourairports = csvInfrastructureFormat(
  {
    name: 'ourairports',
    description: 'OurAirports airports CSV (comma): large/medium airports, small with --include-small',
  },
  { delimiter: ',', required: ['ident', 'type', 'name', 'latitude_deg', 'longitude_deg'] },
  (r, line, opts): ParsedItem => {
    const type = cell(r, 'type');
    if (SKIPPED[type]) return { line, skip: SKIPPED[type] };
    const sizeClass = SIZE[type];
    if (!sizeClass) {
      return {
        line,
        error: `unknown type '${type}' (expected large_airport, medium_airport, small_airport…)`,
      };
    }
    if (sizeClass === 'small' && !opts.includeSmall)
      return { line, skip: 'small airport (use --include-small)' };
    const pos = readLonLat(r.longitude_deg, r.latitude_deg, 'longitude_deg', 'latitude_deg');
    if ('error' in pos) return { line, error: pos.error };
    const ident = cell(r, 'ident');
    const elevation = Number(cell(r, 'elevation_ft'));
    return infraItem(line, {
      kind: 'airport',
      name: cell(r, 'name'),
      source: 'ourairports',
      sourceId: ident,
      sourceUrl: ident ? `https://ourairports.com/airports/${encodeURIComponent(ident)}/` : null,
      voltageKv: null,
      sizeClass,
      operator: null,
      attrs: {
        type,
        iata: cell(r, 'iata_code') || null,
        gpsCode: cell(r, 'gps_code') || null,
        isoRegion: cell(r, 'iso_region') || null,
        municipality: cell(r, 'municipality') || null,
        scheduledService: cell(r, 'scheduled_service') === '1' || cell(r, 'scheduled_service') === 'yes',
        elevationFt: cell(r, 'elevation_ft') !== '' && Number.isFinite(elevation) ? elevation : null,
      },
      lon: pos.lon,
      lat: pos.lat,
    });
  },
);
