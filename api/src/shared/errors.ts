/**
 * Domain errors thrown by services; `errorHandler` in http.ts maps them to HTTP statuses and
 * the JSON body `{ error: { code, message, details? } }`. Anything else is a bug (500).
 */
export interface ErrorDetail {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
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
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(410, code, message, details);
  }
}
