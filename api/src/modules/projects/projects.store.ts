/** Persistence contract of the projects module (implemented for both engines by projects.store.pg.ts). */
import type { Knex } from 'knex';
import type { Actor } from '../auth/auth.types.ts';
import type { PlotGeometry } from './pdf/shortlist-document.ts';
import type { AccessEntry, LabourPoolEntry } from '../sites/sites.store.ts';
import type { ProjectContact, ProjectListQuery, ProjectStatus, Sector } from './projects.schemas.ts';
import type { ShortlistSnapshot } from './shortlist.snapshot.ts';

export interface Project {
  id: string;
  name: string;
  company: string | null;
  sector: Sector;
  originCountry: string | null;
  jobs: number | null;
  investmentEur: number | null;
  contact: ProjectContact | null;
  needs: Record<string, unknown> | null;
  notes: string | null;
  status: ProjectStatus;
  lossReason: string | null;
  lossNote: string | null;
  statusChangedAt: string;
  ownerOrganisation: string | null;
  territories: string[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  shortlistCount: number;
}

export interface StatusChange {
  from: ProjectStatus | null;
  to: ProjectStatus;
  lossReason: string | null;
  note: string | null;
  at: string;
  by: string | null;
  byName: string | null;
}

/** Column values ready to write (keys are `projects` column names). */
export type ProjectColumns = Record<string, unknown>;

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
  insert(trx: Knex, columns: ProjectColumns): Promise<string>;
  update(trx: Knex, id: string, columns: ProjectColumns): Promise<void>;
  delete(trx: Knex, id: string): Promise<void>;
  get(id: string, db?: Knex, opts?: { forUpdate?: boolean }): Promise<Project | undefined>;
  list(query: ProjectListQuery, actor: Actor): Promise<{ projects: Project[]; total: number }>;
  addStatusChange(
    trx: Knex,
    change: {
      projectId: string;
      from: ProjectStatus | null;
      to: ProjectStatus;
      lossReason: string | null;
      note: string | null;
      by: string | null;
    },
  ): Promise<void>;
  history(projectId: string, db?: Knex): Promise<StatusChange[]>;
  shortlist(projectId: string, db?: Knex): Promise<ShortlistRow[]>;
  replaceShortlist(trx: Knex, projectId: string, rows: NewShortlistRow[]): Promise<void>;
  /** The sites that exist among `ids` (deleted ones are absent from the map). */
  liveSites(ids: readonly string[], opts?: { geometry?: boolean }, db?: Knex): Promise<Map<string, LiveSite>>;
  /** For the PDF mini-maps: plots within 2 km (up to 15) and the nearest infrastructure, per site. */
  mapContext(ids: readonly string[]): Promise<Map<string, MapContext>>;
  observatoryRows(actor: Actor): Promise<ObservatoryRow[]>;
}
