/**
 * Persistence contract of the projects module: projects.store.pg.ts for both engines,
 * projects.store.fake.ts in memory for service tests. Writes take the transaction handle
 * (`Tx`) of the service's `Transactor`; reads take one when they run inside a write.
 */

import type { z } from 'zod';
import type { Tx } from '../../db/transaction.ts';
import type { CurrentVersion } from '../../shared/versioning.ts';
import type { AuditEntry } from '../audit/audit.store.ts';
import type { Actor } from '../auth/auth.types.ts';
import type { accessEntrySchema } from '../sites/sites.schemas.ts';
import type { LabourPoolEntry } from '../sites/sites.store.ts';
import type { PlotGeometry } from './pdf/shortlist-document.ts';
import type {
  Project,
  ProjectListQuery,
  ProjectStatus,
  Sector,
  ShortlistSnapshot,
  StatusChange,
} from './projects.schemas.ts';

/**
 * Column values ready to write (keys are `projects` column names). An update that sets
 * `status` also dates it (`status_changed_at` = the database's now, unless given).
 */
export type ProjectColumns = Record<string, unknown>;

export interface NewStatusChange {
  projectId: string;
  from: ProjectStatus | null;
  to: ProjectStatus;
  lossReason: string | null;
  note: string | null;
  by: string | null;
  /** The day the change happened (YYYY-MM-DD); absent: the recording day. */
  effectiveOn?: string;
}

export interface ShortlistRow {
  siteId: string;
  rank: number;
  note: string | null;
  snapshot: ShortlistSnapshot;
  addedAt: string;
  addedBy: string | null;
  updatedAt: string;
}

export interface NewShortlistRow {
  siteId: string;
  rank: number;
  note: string | null;
  snapshot: ShortlistSnapshot;
  /** Kept from the previous row when the site stays in the list. */
  addedAt?: string;
  addedBy: string | null;
}

/** Distance to the nearest infrastructure of one kind, as the shortlist returns it. */
export type AccessEntry = z.output<typeof accessEntrySchema>;

/** A site as it is now: every field (camelCase keys of site.fields.ts), its access distances. */
export interface LiveSite {
  id: string;
  facts: Record<string, unknown>;
  access: AccessEntry[];
  /** Population within 20, 30 and 45 minutes (`site_labour_pool`). */
  labourPool?: LabourPoolEntry[];
  /** A point inside the plot (ST_PointOnSurface), [lon, lat]. */
  location: [number, number] | null;
  geometry?: PlotGeometry;
  /** With `geometry`: a point inside the plot in Lambert-93 metres (ST_PointOnSurface of `geom_l93`). */
  locationL93?: [number, number] | null;
  /** With `geometry` (the PDF): the site's first JPEG or PNG document (issue 12). */
  photo?: { data: Uint8Array; mime: 'image/jpeg' | 'image/png' } | null;
}

export interface NearbyInfrastructure {
  kind: string;
  name: string | null;
  distanceM: number;
  infrastructureId: string | null;
  voltageKv: number | null;
  /** Point of the feature closest to the plot, [lon, lat]. */
  point: [number, number] | null;
  /** Drive time to the nearest feature of this kind by road (car), or its estimate. */
  driveMinutes?: number | null;
  truckMinutes?: number | null;
  driveMethod?: 'road' | 'estimate' | null;
}

export interface MapContext {
  neighbours: PlotGeometry[];
  infrastructure: NearbyInfrastructure[];
}

export interface ObservatoryRow {
  id: string;
  sector: Sector;
  status: ProjectStatus;
  lossReason: string | null;
  territories: string[];
  createdAt: string;
  statusChangedAt: string;
}

export interface ProjectsStore {
  insert(tx: Tx, columns: ProjectColumns): Promise<string>;
  /** Writes the columns and makes one more version (`updated_by` is a column like the others). */
  update(tx: Tx, id: string, columns: ProjectColumns): Promise<void>;
  /** A shortlist change: one more shortlist version, its writer and time (and the project's updated_at). */
  touchShortlist(tx: Tx, id: string, by: string | null): Promise<void>;
  /** The shortlist's version and last writer. */
  shortlistVersion(id: string, tx?: Tx): Promise<CurrentVersion | undefined>;
  /** Marks the project deleted (kept with its shortlist and history) / live again; one more version. */
  softDelete(tx: Tx, id: string, by: string | null): Promise<void>;
  restore(tx: Tx, id: string, by: string | null): Promise<void>;
  /**
   * `forUpdate` locks the row until the transaction ends (inside a write). Deleted projects
   * come back (with `deletedAt`) only with `includeDeleted`.
   */
  get(
    id: string,
    tx?: Tx,
    opts?: { forUpdate?: boolean; includeDeleted?: boolean },
  ): Promise<Project | undefined>;
  list(query: ProjectListQuery, actor: Actor): Promise<{ projects: Project[]; total: number }>;
  addStatusChange(tx: Tx, change: NewStatusChange): Promise<void>;
  history(projectId: string, tx?: Tx): Promise<StatusChange[]>;
  shortlist(projectId: string, tx?: Tx): Promise<ShortlistRow[]>;
  replaceShortlist(tx: Tx, projectId: string, rows: NewShortlistRow[]): Promise<void>;
  /** The sites that exist among `ids` (deleted ones are absent from the map). */
  liveSites(ids: readonly string[], opts?: { geometry?: boolean }, tx?: Tx): Promise<Map<string, LiveSite>>;
  /** For the PDF mini-maps: plots within 2 km (up to 15) and the nearest infrastructure, per site. */
  mapContext(ids: readonly string[]): Promise<Map<string, MapContext>>;
  observatoryRows(actor: Actor): Promise<ObservatoryRow[]>;
  /** Appends to the audit log, in the transaction of the change when there is one. */
  recordAudit(entry: AuditEntry, tx?: Tx): Promise<void>;
}
