/** Persistence contract of the sites module (implemented for both engines by sites.store.pg.ts). */
import type { Knex } from 'knex';
import type { PolygonalGeometry } from '../../shared/geo.ts';
import type { SiteListQuery } from './sites.schemas.ts';

export interface SiteFeature {
  type: 'Feature';
  id: string;
  geometry: PolygonalGeometry;
  properties: Record<string, unknown>;
}

export interface AccessEntry {
  kind: string;
  name: string | null;
  distanceM: number;
  infrastructureId: string | null;
  /** Minutes by car / by truck (null: not computed, or not reachable by truck) to `driveTarget`. */
  driveMinutes?: number | null;
  truckMinutes?: number | null;
  /** `road` (the road graph) or `estimate` (straight line × detour at a mean speed). */
  method?: 'road' | 'estimate' | null;
  /** The nearest target by road (it may differ from the nearest in a straight line). */
  driveTarget?: { name: string | null; infrastructureId: string | null } | null;
}

/** Population within a drive time of a site (communes whose centre is in reach). */
export interface LabourPoolEntry {
  minutes: number;
  population: number;
  active: number;
  unemployed: number;
  communes: number;
  method: 'road' | 'estimate';
}

export interface Visibility {
  /** Unpublished sites are listed. */
  unpublished: boolean;
  /** Confidential fields (owner, negotiated price) are returned… */
  confidential: boolean;
  /**
   * …for every site ('all': admins), or for published sites and the unpublished sites of these
   * territories only (staff and editors: their SIRENs).
   */
  confidentialTerritories?: 'all' | string[];
}

/** Column values ready to write (keys are column names from site.fields.ts). */
export type SiteColumns = Record<string, unknown>;

export interface SitesStore {
  /** `detail`: every visible field (as `get`, without access), not only the list's. */
  list(
    query: SiteListQuery,
    vis: Visibility,
    opts?: { detail?: boolean },
  ): Promise<{ features: SiteFeature[]; numberMatched: number }>;
  get(id: string, vis: Visibility, db?: Knex): Promise<SiteFeature | undefined>;
  access(id: string, db?: Knex): Promise<AccessEntry[]>;
  labourPool(id: string, db?: Knex): Promise<LabourPoolEntry[]>;
  /** Why PostGIS finds this geometry invalid, or null when it is valid. */
  invalidReason(geometry: PolygonalGeometry): Promise<string | null>;
  insert(trx: Knex, columns: SiteColumns, geometry: PolygonalGeometry): Promise<string>;
  update(trx: Knex, id: string, columns: SiteColumns, geometry?: PolygonalGeometry): Promise<void>;
  delete(trx: Knex, id: string): Promise<boolean>;
}
