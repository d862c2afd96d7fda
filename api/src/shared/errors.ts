/**
 * Domain errors thrown by services; `errorHandler` in http.ts maps them to HTTP statuses and
 * the JSON body `{ error: { code, message, details? } }`. Anything else is a bug (500).
 *
 * `code` (top level) and each detail's `code` are stable identifiers the UI translates
 * (map-ui/src/ui/error-text.ts: `errors.<code>`, `fieldErrors.<code>`); `message` is English
 * for API users and logs, never shown as is in the French UI. A new code goes in the lists
 * below (and gets its French and English text in map-ui/src/i18n/*.json: a unit test checks).
 */

/** Every top-level `error.code` the API sends. */
export const ERROR_CODES = [
  'invalid_input',
  'invalid_json',
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'version_conflict',
  'site_deleted',
  'project_deleted',
  'payload_too_large',
  'unsupported_media_type',
  'too_many_requests',
  'internal_error',
  'unavailable',
  'timeout',
  'insufficient_storage',
  'status_reason_required',
  'status_date_invalid',
  'lead_rate_limited',
  'lead_form_expired',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Every `details[].code`: what was wrong with one field, with `params` to say it in words
 * (`{ code: 'too_small', params: { minimum: 0 } }`). zod's issues map onto the first group
 * (shared/validation.ts); the others are our own refinements and checks.
 */
export const DETAIL_CODES = [
  // from zod's issue kinds
  'required',
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_format',
  'not_multiple_of',
  'unknown_field',
  'invalid_choice',
  'invalid_value',
  // our own refinements and checks
  'min_exceeds_max',
  'unknown_region',
  'unknown_departement',
  'unknown_country',
  'date_out_of_range',
  'formula_text',
  'nul_character',
  'invalid_unicode',
  'too_deep',
  'invalid_bbox',
  'invalid_geometry',
  'duplicate',
  'count_out_of_range',
  'unknown_site',
  'list_full',
  'cannot_clear',
  'out_of_range',
  'unknown_user',
  'no_needs',
  'invalid_file',
  'too_many_records',
  'unresolved_conflict',
  'status_not_allowed',
  'empty',
  'outside_road_network',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];
export type DetailParams = Record<string, string | number | boolean | string[]>;

export interface ErrorDetail {
  /** The input field, dotted: `minAreaHa`, `properties.name`, `needs.surfaceHa.max`. */
  field: string;
  code: DetailCode;
  params?: DetailParams;
  /** English, for API users. */
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InputError extends DomainError {
  constructor(message: string, details?: ErrorDetail[] | Record<string, unknown>) {
    super(400, 'invalid_input', message, details);
  }
}
export class AuthenticationError extends DomainError {
  constructor(message = 'Authentication required: log in or send an API token.') {
    super(401, 'unauthenticated', message);
  }
}
export class NotAllowedError extends DomainError {
  constructor(message = 'Your account is not allowed to do this.') {
    super(403, 'forbidden', message);
  }
}
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, 'conflict', message, details);
  }
}
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}
export class UnavailableError extends DomainError {
  constructor(message = 'The database is unavailable; try again shortly.') {
    super(503, 'unavailable', message);
  }
}
/** Optimistic concurrency: the `If-Match` version is not the current one (see shared/versioning.ts). */
export class VersionConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown>) {
    super(412, 'version_conflict', message, details);
  }
}
/** The resource existed and was deleted (staff see it; the public gets a 404). */
export class GoneError extends DomainError {
  constructor(code: 'site_deleted' | 'project_deleted', message: string, details?: Record<string, unknown>) {
    super(410, code, message, details);
  }
}
