/**
 * The staff API of investor projects: projects with their status
 * pipeline, the shortlist, the comparison, the downloads and the relocation observatory.
 * The vocabularies (sectors, statuses, allowed moves, loss reasons) are the server's own,
 * imported from api/src like the needs schema, so the UI offers exactly what the API accepts.
 * Only the lazily loaded projects screen imports this file.
 */
import type {
  Comparison,
  ObservatorySummary,
  Project as ProjectSummary,
  ProjectWithHistory,
  projectCreateSchema,
  projectListQuerySchema,
  projectPatchSchema,
  Shortlist,
  ShortlistItemInput,
} from '@api/modules/projects/projects.schemas.ts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError, type ApiErrorDetail, apiFetch } from './client.ts';
import type { MatchVersions } from './types.ts';

// The response types are the server's (z.output of its schemas): a changed schema breaks the UI's typecheck.
export type {
  CompareCell,
  CompareRow,
  Comparison,
  FieldChange,
  ObservatorySummary,
  ProjectContact,
  Shortlist,
  ShortlistItem,
  ShortlistItemInput,
  ShortlistSnapshot,
  SnapshotCriterion,
  SnapshotFailure,
  SnapshotFlag,
  SnapshotNote,
  StatusChange,
} from '@api/modules/projects/projects.schemas.ts';
export {
  countrySchema,
  isStepBack,
  LOSS_REASONS,
  type LossReason,
  MAX_SHORTLIST_ITEMS,
  PIPELINE_STATUSES,
  PROJECT_STATUSES,
  type ProjectStatus,
  SECTORS,
  type Sector,
  STATUS_TRANSITIONS,
} from '@api/modules/projects/projects.schemas.ts';

/** A project as the API sends it; `statusHistory` only on a single one (GET /api/projects/:id and writes). */
export type Project = ProjectSummary & Partial<Pick<ProjectWithHistory, 'statusHistory'>>;

/**
 * The writable fields of a project (POST body), a PATCH (any subset plus a status change) and the
 * list filters: the API's request schemas as a caller writes them (`z.input`, before defaults).
 */
export type ProjectInput = z.input<typeof projectCreateSchema>;
export type ProjectPatch = z.input<typeof projectPatchSchema>;
export type ProjectListQuery = Partial<
  Pick<z.output<typeof projectListQuerySchema>, 'status' | 'sector' | 'q' | 'limit'>
>;

const projectPath = (id: string) => `/api/projects/${encodeURIComponent(id)}`;

/** `listProjects({ status: ['lead'] })` → the visible projects, newest change first. */
export function listProjects(
  query: ProjectListQuery = {},
  signal?: AbortSignal,
): Promise<{ total: number; projects: ProjectSummary[] }> {
  const p = new URLSearchParams();
  if (query.status?.length) p.set('status', query.status.join(','));
  if (query.sector?.length) p.set('sector', query.sector.join(','));
  if (query.q?.trim()) p.set('q', query.q.trim());
  p.set('limit', String(query.limit ?? 200));
  return apiFetch(`/api/projects?${p.toString().replace(/%2C/g, ',')}`, { signal });
}

export function getProject(id: string, signal?: AbortSignal): Promise<ProjectWithHistory> {
  return apiFetch(projectPath(id), { signal });
}

export function createProject(body: ProjectInput): Promise<ProjectWithHistory> {
  return apiFetch('/api/projects', { method: 'POST', json: body });
}

export function updateProject(id: string, patch: ProjectPatch): Promise<ProjectWithHistory> {
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

/**
 * Adds one site to the end of a shortlist (item operation: no If-Match, safe beside another
 * staff member's edits); 409 when the site is already listed.
 */
export function addShortlistItem(id: string, item: ShortlistItemInput): Promise<Shortlist> {
  return apiFetch(`${projectPath(id)}/shortlist/items`, { method: 'POST', json: item });
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

/*
 * Query options of the reads above. Keys: `['projects', query]` for lists, `['project', id, …]`
 * for one project and what hangs off it, so a write can invalidate exactly what it changed
 * (`invalidateQueries({ queryKey: ['project', id] })` takes its shortlist and comparison too).
 */
export const projectKeys = {
  lists: ['projects'] as const,
  one: (id: string) => ['project', id] as const,
  shortlist: (id: string) => ['project', id, 'shortlist'] as const,
  observatory: ['observatory'] as const,
};

export function projectListQuery(query: ProjectListQuery) {
  return queryOptions({
    queryKey: [...projectKeys.lists, query] as const,
    queryFn: ({ signal }) => listProjects(query, signal),
  });
}

export function projectQuery(id: string) {
  return queryOptions({ queryKey: projectKeys.one(id), queryFn: ({ signal }) => getProject(id, signal) });
}

export function shortlistQuery(id: string) {
  return queryOptions({
    queryKey: projectKeys.shortlist(id),
    queryFn: ({ signal }) => getShortlist(id, signal),
  });
}

export function comparisonQuery(id: string, siteIds: readonly string[]) {
  return queryOptions({
    queryKey: [...projectKeys.one(id), 'compare', siteIds] as const,
    queryFn: ({ signal }) => getComparison(id, siteIds, signal),
  });
}

/** `needsKey` names the needs compared, so edited needs are a new comparison, not a stale one. */
export function matchVersionsQuery(id: string, needsKey: string) {
  return queryOptions({
    queryKey: [...projectKeys.one(id), 'match-versions', needsKey] as const,
    queryFn: ({ signal }) => getMatchVersions(id, signal),
  });
}

export const observatoryQuery = queryOptions({
  queryKey: projectKeys.observatory,
  queryFn: ({ signal }) => getObservatory(signal),
});

/** `table.csv`: the CSV for people (names, percentages, in `lang`); `csv`: codes and raw numbers. */
export type ExportKind = 'pdf' | 'table.csv' | 'csv' | 'geojson';

/** The download URL of a shortlist export: `exportUrl(id, 'pdf', 'en')`. */
/** `confidential`: the file is named "confidentiel"/"confidential" instead of the code name. */
export function exportUrl(id: string, kind: ExportKind, lang: 'fr' | 'en', confidential = false): string {
  return `${projectPath(id)}/shortlist.${kind}?lang=${lang}${confidential ? '&filename=confidential' : ''}`;
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
    let error: { code?: string; message?: string; details?: unknown } | undefined;
    try {
      error = ((await res.json()) as { error?: typeof error }).error;
    } catch {
      // A non-JSON error page: the status says enough.
    }
    throw new ApiError(
      res.status,
      error?.code ?? `http_${res.status}`,
      error?.message ?? '',
      Array.isArray(error?.details) ? (error.details as ApiErrorDetail[]) : [],
    );
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
