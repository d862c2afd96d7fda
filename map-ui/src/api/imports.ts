/**
 * The import review API (admins, territory editors): preview a site file, then commit it with
 * the conflicts' resolutions or cancel it. Types and vocabularies are the server's own
 * (import.review.schemas.ts), so a changed contract breaks the UI's typecheck.
 */
import type { ImportPreview, Resolution, ReviewFormat } from '@api/modules/import/import.review.schemas.ts';
import type { ImportReport } from '@api/modules/import/import.schemas.ts';
import { apiFetch } from './client.ts';

export type {
  FieldConflict,
  ImportPreview,
  PreviewRow,
  Resolution,
} from '@api/modules/import/import.review.schemas.ts';
export { REVIEW_FORMATS, type ReviewFormat } from '@api/modules/import/import.review.schemas.ts';
export type { ImportReport };

/** Per site id and field, the user's choice for a conflict. */
export type Resolutions = Record<string, Record<string, Resolution>>;

/**
 * The format a file name suggests: `.geojson`/`.json` → sites-geojson, `.csv` → sites-csv
 * (SITE-ECO CSV files are picked explicitly), anything else null.
 */
export function formatOfFileName(name: string): ReviewFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'sites-geojson';
  if (lower.endsWith('.csv')) return 'sites-csv';
  return null;
}

export function previewImport(format: ReviewFormat, file: File): Promise<ImportPreview> {
  return apiFetch<ImportPreview>(`/api/imports/${format}/preview?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    file,
  });
}

export function commitImport(id: string, resolutions: Resolutions): Promise<ImportReport> {
  return apiFetch<ImportReport>(`/api/imports/previews/${id}/commit`, {
    method: 'POST',
    json: { resolutions },
  });
}

export function cancelImport(id: string): Promise<void> {
  return apiFetch<void>(`/api/imports/previews/${id}`, { method: 'DELETE' });
}
