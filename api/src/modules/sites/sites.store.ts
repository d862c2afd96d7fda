/** Persistence contract of the sites module (implemented for both engines by sites.store.pg.ts). */
import type { Tx } from '../../db/transaction.ts';
import type { PolygonalGeometry } from '../../shared/geo.ts';
import type { CurrentVersion, Editor } from '../../shared/versioning.ts';
import type { AuditEntry } from '../audit/audit.store.ts';
import type { SiteDocument } from './documents/documents.schemas.ts';
import type {
  AccessEntry as AccessEntryOut,
  DeletedSites,
  LabourPoolEntry as LabourPoolOut,
  SiteDetail,
  SiteListFeature,
  SiteListQuery,
} from './sites.schemas.ts';

/**
 * Access and labour-pool entries as other modules' stores read them from the same tables
 * (projects: shortlist facts), with `kind` and `minutes` as the database types them; the
 * response schemas in sites.schemas.ts narrow both to their vocabularies.
 */
export type AccessEntry = Omit<Known<AccessEntryOut>, 'kind'> & { kind: string };
export type LabourPoolEntry = Omit<Known<LabourPoolOut>, 'minutes'> & { minutes: number };
/** The declared keys of a loose object's type (its `[k: string]: unknown` dropped, so Omit keeps them). */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

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

/**
 * A page of the list and its count. With `detail`, each feature carries every field its
 * caller may read (a `SiteDetail` without access), which the list type admits as extra keys.
 */
export interface SitePage {
  features: SiteListFeature[];
  numberMatched: number;
  /** The count stopped at LIST_COUNT_CAP (`numberMatched` is a lower bound). */
  numberMatchedCapped?: true;
  /** With `withBbox`: [minLon, minLat, maxLon, maxLat] of every match (absent when none). */
  bbox?: [number, number, number, number];
}

/** A deleted site's tombstone (`deleted_sites`). */
export interface DeletedSite {
  id: string;
  territorySiren: string | null;
  published: boolean;
  source: string | null;
  sourceId: string | null;
  deletedAt: string;
  deletedBy: Editor | null;
}

/** One `audit_log` row about a site, its actor's name joined. */
export interface SiteAuditRow {
  at: string;
  actor: Editor | null;
  action: string;
  requestId: string | null;
  before: unknown;
  after: unknown;
}

export interface SitesStore {
  /** `detail`: every visible field (as `get`, without access), not only the list's. */
  list(query: SiteListQuery, vis: Visibility, opts?: { detail?: boolean }): Promise<SitePage>;
  get(id: string, vis: Visibility, tx?: Tx): Promise<SiteDetail | undefined>;
  access(id: string, tx?: Tx): Promise<AccessEntryOut[]>;
  labourPool(id: string, tx?: Tx): Promise<LabourPoolOut[]>;
  /** The site's photos and documents, without their bytes (documents/). */
  documents(id: string, tx?: Tx): Promise<SiteDocument[]>;
  /** Why PostGIS finds this geometry invalid, or null when it is valid. */
  invalidReason(geometry: PolygonalGeometry): Promise<string | null>;
  insert(tx: Tx, columns: SiteColumns, geometry: PolygonalGeometry): Promise<string>;
  update(tx: Tx, id: string, columns: SiteColumns, geometry?: PolygonalGeometry): Promise<void>;
  /** Locks the site's row until the transaction ends; its version and last writer (undefined: none). */
  lockVersion(tx: Tx, id: string): Promise<CurrentVersion | undefined>;
  /** Moves the row to `deleted_sites` (its derived rows go by cascade). */
  softDelete(tx: Tx, id: string, by: string | null): Promise<void>;
  /** Puts a tombstone back into `sites` with its id, one version later, written by `by`. */
  restore(tx: Tx, id: string, by: string | null): Promise<void>;
  deleted(id: string, tx?: Tx): Promise<DeletedSite | undefined>;
  /** Tombstones of these territories ('all': every one), newest deletion first. */
  listDeleted(territories: 'all' | string[]): Promise<DeletedSites['features']>;
  /** The live site that holds this import key, if any. */
  siteWithSource(tx: Tx, source: string, sourceId: string): Promise<string | undefined>;
  /** The audit rows of entity 'site' and this id, newest first. */
  auditRows(id: string): Promise<SiteAuditRow[]>;
  /** Appends to the audit log, in the transaction of the change. */
  recordAudit(entry: AuditEntry, tx: Tx): Promise<void>;
}
