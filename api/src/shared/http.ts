/** HTTP plumbing shared by every module: error mapping, async-safe helpers. */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError, TooManyRequestsError } from './errors.ts';

// Database errors that mean "the caller sent something the schema refuses", not a bug.
// A safety net: validation at the edge (shared/validation.ts) should catch these first.
const PG_INPUT_ERRORS: Record<string, string> = {
  '22P02': 'a value has the wrong format',
  '23514': 'a value is outside its allowed range',
  '22023': 'invalid parameter value',
  '22003': 'a number is out of range',
  '22007': 'a date or time has the wrong format',
  '22008': 'a date or time is out of range',
  // NUL in text (22021 "invalid byte sequence for encoding UTF8: 0x00") or jsonb (22P05).
  '22021': 'text contains a character the database cannot store (NUL, \\u0000)',
  '22P05': 'text contains a character the database cannot store (NUL, \\u0000)',
  '54001': 'the value is nested too deeply',
  XX000: 'the geometry could not be processed',
};
/**
 * When the database last refused a write for lack of disk space (PostgreSQL 53100
 * disk_full, or ENOSPC from the embedded engine's files); /api/health reports `degraded`
 * for DISK_FULL_MEMORY_MS after it.
 */
export const storageState = { diskFullAt: 0 };
export const DISK_FULL_MEMORY_MS = 5 * 60_000;

function isDiskFull(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '53100' ||
    e.code === 'ENOSPC' ||
    /ENOSPC|No space left on device/i.test(String(e.message ?? ''))
  );
}

const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08006', '08001', '08003', '08004']);

/** Maps domain errors to `{ error: { code, message, details } }`; anything unknown is a logged 500. */
export function errorHandler(
  logger: Logger,
  format?: (req: Request) => 'ogc' | 'default',
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let code = 'internal_error';
    let message = 'Internal error. It has been logged; please report it with the request id.';
    let details: unknown;
    const e = err as { type?: string; status?: number; code?: string; message?: string };
    if (err instanceof DomainError) {
      ({ status, code, message } = err);
      details = err.details;
      if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    } else if (e.type === 'entity.too.large') {
      status = 413;
      code = 'payload_too_large';
      message = 'The request body is too large.';
    } else if (e.type === 'entity.parse.failed') {
      status = 400;
      code = 'invalid_json';
      message = 'The request body is not valid JSON.';
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      status = e.status;
      code = 'bad_request';
      message = e.message ?? 'Bad request.';
    } else if (isDiskFull(err)) {
      storageState.diskFullAt = Date.now();
      status = 507;
      code = 'insufficient_storage';
      message =
        "The database's disk is full: nothing was written. Free space on the database's disk (the server's, or DATA_DIR's), then retry.";
      res.setHeader('Retry-After', '60');
    } else if (e.code && PG_INPUT_ERRORS[e.code]) {
      status = 400;
      code = 'invalid_input';
      message = `Invalid input: ${PG_INPUT_ERRORS[e.code]}.`;
    } else if ((e.code && PG_UNAVAILABLE.has(e.code)) || isConnectionError(err)) {
      status = 503;
      code = 'unavailable';
      message = 'The database is unavailable; try again shortly.';
      res.setHeader('Retry-After', '2');
    } else if (e.code === '40001') {
      // On a hot standby (READ_DATABASE_URL) replay cancels a read that holds back a write it
      // must apply ("conflict with recovery"); on any server a serialization failure. Both pass.
      status = 503;
      code = 'unavailable';
      message = 'The read was cancelled by a concurrent change; try again.';
      res.setHeader('Retry-After', '1');
    } else if (e.code === '57014') {
      status = 503;
      code = 'timeout';
      message = 'The query took too long and was cancelled; narrow the request.';
    }
    const id = (req as Request & { id?: unknown }).id;
    if (status >= 500) logger.error({ err, reqId: id }, 'request failed');
    if (res.headersSent) return;
    const body =
      format?.(req) === 'ogc'
        ? { code, description: message }
        : { error: details === undefined ? { code, message } : { code, message, details } };
    res.status(status).json(body);
  };
}

function isConnectionError(err: unknown): boolean {
  const m = String((err as Error)?.message ?? '');
  return /ECONNREFUSED|Connection terminated|Knex: Timeout acquiring a connection|ECONNRESET|server closed the connection|\btimeout expired\b|Query read timeout/i.test(
    m,
  );
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}.` } });
};
