/**
 * The shape of one documented operation, before it becomes OpenAPI: schemas stay zod until
 * openapi.document.ts converts them, so the tables read like the routes they describe.
 */
import type { z } from 'zod';
import type { Role } from '../auth/auth.types.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Statuses answered by the shared error components (`#/components/responses/…`). */
export type CommonError = 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 429 | 503;

/** A body: a zod schema (JSON), `text` (CSV, HTML) or `binary` (PDF, MVT, uploads). */
export type Body = z.ZodType | 'text' | 'binary';

export type HeaderName =
  | 'ETag'
  | 'Cache-Control'
  | 'Location'
  | 'Content-Disposition'
  | 'Set-Cookie'
  | 'Retry-After'
  | 'X-Number-Matched';

export interface ParamSpec {
  schema: z.ZodType;
  description: string;
  /** A valid value (also what the route test sends when it probes the path). */
  example: string | number;
}

export interface QuerySpec {
  schema: z.ZodObject;
  /** One description per query key; the route test requires every key to have one. */
  docs: Record<string, string>;
}

export interface ResponseSpec {
  description: string;
  content?: Record<string, Body>;
  headers?: readonly HeaderName[];
}

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI path template (`/api/sites/{id}`). */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /**
   * `none`: credentials are not read (tiles, static documents); `optional`: anyone, and a
   * signed-in caller may see more; `required`: a session or an API token, with `roles`.
   */
  auth: 'none' | 'optional' | 'required';
  roles?: readonly Role[];
  pathParams?: Record<string, ParamSpec>;
  query?: QuerySpec;
  headers?: Record<string, ParamSpec>;
  body?: { content: Record<string, Body>; description?: string };
  responses: Record<number, ResponseSpec>;
  errors?: CommonError[];
  /** Errors come as OGC exceptions `{ code, description }` instead of `{ error }`. */
  ogc?: boolean;
}

export interface TagSpec {
  name: string;
  description: string;
}
