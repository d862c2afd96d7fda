/** The documented operations of /api/auth (routes in auth.routes.ts). */
import { json, writeBody } from '../openapi/openapi.common.ts';
import type { OperationSpec } from '../openapi/openapi.types.ts';
import { loginResponseSchema, loginSchema, meSchema } from './auth.schemas.ts';

export const authOperations: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: 'Open a session',
    description:
      'Sets the httpOnly `lm_session` cookie and returns the CSRF token to send as `X-CSRF-Token` on writes. ' +
      'Failed attempts are limited per email and IP (429 with Retry-After).',
    auth: 'none',
    body: writeBody(loginSchema),
    responses: { 200: json(loginResponseSchema, 'Signed in.', ['Set-Cookie']) },
    errors: [400, 401, 413, 429, 503],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'auth',
    summary: 'Close the session',
    description: 'Deletes the session and clears the cookie; without a session it does nothing.',
    auth: 'optional',
    responses: { 204: { description: 'Signed out.', headers: ['Set-Cookie'] } },
    errors: [401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/auth/me',
    operationId: 'getMe',
    tag: 'auth',
    summary: 'Who is calling',
    description: 'Also returns the session’s CSRF token (null for API tokens).',
    auth: 'required',
    responses: { 200: json(meSchema, 'The caller.') },
    errors: [401, 503],
  },
];
