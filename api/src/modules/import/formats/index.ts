/**
 * The registry of import formats: CLI name → adapter.
 */

import type { FormatName } from '../import.schemas.ts';
import type { FormatAdapter } from '../import.types.ts';
import { osm } from './osm.ts';
import { ourairports } from './ourairports.ts';
import { rtePostes } from './rte-postes.ts';
import { siteEco } from './site-eco.ts';
import { sitesCsv } from './sites-csv.ts';
import { sitesGeojson } from './sites-geojson.ts';
import { sncfGares } from './sncf-gares.ts';
import { tollPlazas } from './toll-plazas.ts';
import { wpi } from './wpi.ts';

export const FORMATS: Readonly<Record<FormatName, FormatAdapter>> = {
  ourairports,
  'sncf-gares': sncfGares,
  wpi,
  'rte-postes': rtePostes,
  'toll-plazas': tollPlazas,
  osm,
  'sites-geojson': sitesGeojson,
  'sites-csv': sitesCsv,
  'site-eco': siteEco,
};
