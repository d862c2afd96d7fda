/**
 * The staff API of investor projects (HTTP contract: /api/openapi.json): projects with their status
 * pipeline, the shortlist, the comparison, the downloads and the relocation observatory.
 * The vocabularies (sectors, statuses, allowed moves, loss reasons) are the server's own,
 * imported from api/src like the needs schema, so the UI offers exactly what the API accepts.
 * Only the lazily loaded projects screen imports this file.
 */
import { ApiError, apiFetch } from './client.ts';
import type { MatchVersions, ShortlistItem, ShortlistItemInput } from './types.ts';

export {
  countrySchema,
  LOSS_REASONS,
  type LossReason,
  MAX_SHORTLIST_ITEMS,
  PROJECT_STATUSES,
  type ProjectStatus,
  SECTORS,
  type Sector,
  STATUS_TRANSITIONS,
} from '@api/modules/projects/projects.schemas.ts';

import type {
  LossReason,
  ProjectContact,
  ProjectStatus,
  Sector,
} from '@api/modules/projects/projects.schemas.ts';

export type { ProjectContact } from '@api/modules/projects/projects.schemas.ts';
export type { StatusChange } from '@api/modules/projects/projects.store.ts';

import type { StatusChange, Project as StoredProject } from '@api/modules/projects/projects.store.ts';

/** A project as the API sends it; `statusHistory` only on a single one (GET /api/projects/:id and writes). */
export interface Project extends StoredProject {
  statusHistory?: StatusChange[];
}

/** The writable fields of a project (POST body; PATCH takes any subset plus a status change). */
export interface ProjectInput {
  name: string;
  company?: string | null;
  sector: Sector;
  originCountry?: string | null;
  jobs?: number | null;
  investmentEur?: number | null;
  contact?: ProjectContact | null;
  needs?: Record<string, unknown> | null;
  notes?: string | null;
}

export interface ProjectPatch extends Partial<ProjectInput> {
  status?: ProjectStatus;
  lossReason?: LossReason;
  statusNote?: string;
}

export interface ProjectListQuery {
  status?: ProjectStatus[];
  sector?: Sector[];
  q?: string;
  limit?: number;
}

export type {
  FieldChange,
  ShortlistItem,
  ShortlistItemInput,
  ShortlistSnapshot,
  SnapshotCriterion,
  SnapshotFailure,
  SnapshotFlag,
  SnapshotNote,
} from './types.ts';

export interface Shortlist {
  projectId: string;
  items: ShortlistItem[];
}

export interface CompareCell {
  siteId: string;
  value: unknown;
  best: boolean;
}

export interface CompareRow {
  key: string;
  group: 'summary' | 'criterion' | 'fact' | 'access';
  label: { fr: string; en: string };
  unit: string | null;
  better: 'higher' | 'lower' | 'earlier' | 'order' | null;
  values: CompareCell[];
}

export interface CompareSite {
  siteId: string;
  name: string;
  rank: number | null;
  inShortlist: boolean;
  siteDeleted: boolean;
}

export interface Comparison {
  projectId: string;
  sites: CompareSite[];
  rows: CompareRow[];
}

export interface ObservatorySummary {
  generatedAt: string;
  total: number;
  bySector: Array<{ sector: Sector; count: number; open: number; landed: number; lost: number }>;
  byStatus: Array<{ status: ProjectStatus; count: number }>;
  byTerritory: Array<{ territory: string | null; count: number; landed: number; lost: number }>;
  outcomes: { open: number; landed: number; lost: number };
  lossReasons: Array<{ reason: string; count: number }>;
  byMonth: Array<{ month: string; created: number; landed: number; lost: number }>;
}

const projectPath = (id: string) => `/api/projects/${encodeURIComponent(id)}`;

/** `listProjects({ status: ['lead'] })` → the visible projects, newest change first. */
export function listProjects(
  query: ProjectListQuery = {},
  signal?: AbortSignal,
): Promise<{ total: number; projects: Project[] }> {
  const p = new URLSearchParams();
  if (query.status?.length) p.set('status', query.status.join(','));
  if (query.sector?.length) p.set('sector', query.sector.join(','));
  if (query.q?.trim()) p.set('q', query.q.trim());
  p.set('limit', String(query.limit ?? 200));
  return apiFetch(`/api/projects?${p.toString().replace(/%2C/g, ',')}`, { signal });
}

export function getProject(id: string, signal?: AbortSignal): Promise<Project> {
  return apiFetch(projectPath(id), { signal });
}

export function createProject(body: ProjectInput): Promise<Project> {
  return apiFetch('/api/projects', { method: 'POST', json: body });
}

export function updateProject(id: string, patch: ProjectPatch): Promise<Project> {
  return apiFetch(projectPath(id), { method: 'PATCH', json: patch });
}

export function deleteProject(id: string): Promise<void> {
  return apiFetch(projectPath(id), { method: 'DELETE' });
}

export function getShortlist(id: string, signal?: AbortSignal): Promise<Shortlist> {
  return apiFetch(`${projectPath(id)}/shortlist`, { signal });
}

/** Replaces the shortlist; order = rank. Sites already listed keep their snapshot. */
export function putShortlist(id: string, items: ShortlistItemInput[]): Promise<Shortlist> {
  return apiFetch(`${projectPath(id)}/shortlist`, { method: 'PUT', json: { items } });
}

export function getComparison(
  id: string,
  siteIds: readonly string[],
  signal?: AbortSignal,
): Promise<Comparison> {
  const q = siteIds.length ? `?siteIds=${siteIds.map(encodeURIComponent).join(',')}` : '';
  return apiFetch(`${projectPath(id)}/compare${q}`, { signal });
}

/**
 * The project's needs under the current and the previous matching engine, site by site
 * (staff): `getMatchVersions(id)` → `{ current, previous, changes }`; reasons in both languages.
 */
export function getMatchVersions(id: string, signal?: AbortSignal): Promise<MatchVersions> {
  return apiFetch(`${projectPath(id)}/match-versions`, { signal });
}

export function getObservatory(signal?: AbortSignal): Promise<ObservatorySummary> {
  return apiFetch('/api/observatory', { signal });
}

export type ExportKind = 'pdf' | 'csv' | 'geojson';

/** The download URL of a shortlist export: `exportUrl(id, 'pdf', 'en')`. */
export function exportUrl(id: string, kind: ExportKind, lang: 'fr' | 'en'): string {
  return `${projectPath(id)}/shortlist.${kind}?lang=${lang}`;
}

export const OBSERVATORY_CSV_URL = '/api/observatory.csv';

/** The file name of a `Content-Disposition` header: `attachment; filename="a.pdf"` → `a.pdf`. */
export function dispositionFilename(header: string | null, fallback: string): string {
  const m = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  return m ? decodeURIComponent(m[1]) : fallback;
}

/**
 * Fetches a download (the session cookie authenticates it) and hands it to the browser as a
 * file, so a slow PDF can show progress and a refusal shows as an error instead of a page of
 * JSON. Throws `ApiError` like `apiFetch`.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!res.ok) {
    let message = '';
    try {
      message = ((await res.json()) as { error?: { message?: string } }).error?.message ?? '';
    } catch {
      // A non-JSON error page: the status says enough.
    }
    throw new ApiError(res.status, `http_${res.status}`, message);
  }
  const blob = await res.blob();
  const name = dispositionFilename(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the blob goes.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
