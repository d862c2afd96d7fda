/**
 * The one fetch wrapper of the UI: JSON in and out, the session's CSRF token on writes, the
 * UI language in `Accept-Language` (match reasons come back in it), and API errors turned
 * into an `ApiError` with the server's stable codes (ui/error-text.ts puts them in words; the
 * server's English `message` is for logs and API users, not for screens).
 */
import type { DetailCode, DetailParams } from '@api/shared/errors.ts';

/** One refused field: `{ field: 'minAreaHa', code: 'min_exceeds_max', params: { other: 'maxAreaHa' } }`. */
export interface ApiErrorDetail {
  field: string;
  /** Absent only from a server older than the codes (or a proxy): read as `invalid_value`. */
  code?: DetailCode;
  params?: DetailParams;
  message: string;
}

/** An API failure: `status` 0 means the server could not be reached at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    /** `error.details` when it is not a field list (a 412's `{ current }`, a 410's `{ deletedAt }`). */
    readonly info: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let language = 'fr';

/** Remembers the session's CSRF token (from login or /api/auth/me); `null` after logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Sets the language sent as `Accept-Language`, e.g. `setApiLanguage('en')`. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  /** A raw body instead of JSON (a file upload), sent as application/octet-stream unless `headers` names its type. */
  file?: Blob;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `{ 'if-match': '"4"' }`. */
  headers?: Record<string, string>;
}

/** A body with the response's `ETag` (null when the server sent none). */
export interface Tagged<T> {
  body: T;
  etag: string | null;
}

/**
 * Calls the API and parses its JSON: `await apiFetch<SiteCollection>('/api/sites?limit=5')`.
 * Throws `ApiError` (never a raw TypeError) so screens can put its codes in words (ui/error-text.ts).
 */
export async function apiFetch<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return (await apiFetchTagged<T>(path, opts)).body;
}

/** `apiFetch` that also returns the `ETag` header (versioned reads and writes). */
export async function apiFetchTagged<T>(path: string, opts: RequestOptions = {}): Promise<Tagged<T>> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': language,
    ...opts.headers,
  };
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  if (opts.file !== undefined)
    headers['content-type'] = opts.headers?.['content-type'] ?? 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.file ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json)),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '');
  }
  const etag = res.headers.get('etag');
  if (res.status === 204) return { body: undefined as T, etag };
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: unknown } })?.error;
    const details = e?.details;
    throw new ApiError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? '',
      Array.isArray(details) ? (details as ApiErrorDetail[]) : [],
      details && typeof details === 'object' && !Array.isArray(details)
        ? (details as Record<string, unknown>)
        : null,
    );
  }
  return { body: body as T, etag };
}

/** True when the error is an aborted fetch (a newer request replaced it): nothing to show. */
export function isAbort(err: unknown): boolean {
  return (err as Error)?.name === 'AbortError';
}
