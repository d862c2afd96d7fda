/**
 * The leads module's routes as documented operations: the public form (token, request) and
 * the staff's "Nouvelles demandes" (list, unread count, mark read).
 */
import { idParam, json, STAFF, writeBody } from '../openapi/openapi.common.ts';
import type { OperationSpec } from '../openapi/openapi.types.ts';
import {
  formTokenSchema,
  leadCreateSchema,
  leadListQuerySchema,
  leadListSchema,
  leadReceivedSchema,
  unreadCountSchema,
} from './leads.schemas.ts';

export const leadsTags = [
  {
    name: 'leads',
    description:
      'Requests sent by visitors from a published site (“Je suis intéressé”), which become projects of the site’s territory.',
  },
];

const staffOp = (op: Omit<OperationSpec, 'tag' | 'auth' | 'roles'>): OperationSpec => ({
  tag: 'leads',
  auth: 'required',
  roles: STAFF,
  ...op,
});

export const leadsOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/leads/form-token',
    operationId: 'getLeadFormToken',
    tag: 'leads',
    summary: 'A token for one lead form',
    description:
      'Send it back as `formToken`; a request sent less than `minSeconds` after it is taken for a robot.',
    auth: 'optional',
    responses: { 200: json(formTokenSchema, 'The token.', ['Cache-Control']) },
    errors: [401, 503],
  },
  {
    method: 'post',
    path: '/api/leads',
    operationId: 'createLead',
    tag: 'leads',
    summary: 'Send a request about a published site',
    description:
      'Becomes a project (status `lead`, owned by the site’s territory, the site in its shortlist) that the territory’s staff ' +
      'see in their new requests. Only what the visitor typed is stored (no IP address, no user agent). A filled honeypot ' +
      '(`website`) or a form sent too soon after its token is answered the same 202 and not stored. 404 for an unpublished ' +
      'or unknown site; 400 `lead_form_expired` for a missing or day-old token; 429 `lead_rate_limited` past the per-IP budget ' +
      '(`LEADS_PER_HOUR`).',
    auth: 'optional',
    body: writeBody(leadCreateSchema),
    responses: { 202: json(leadReceivedSchema, 'Received.') },
    errors: [400, 401, 403, 404, 413, 429, 503],
  },
  staffOp({
    method: 'get',
    path: '/api/leads',
    operationId: 'listLeads',
    summary: 'New requests from the public map that the caller may see',
    description:
      'The requests whose project the caller may see (its territory’s staff, admins), newest first, read or not by the caller.',
    query: {
      schema: leadListQuerySchema,
      docs: {
        unread: '`true`: only those the caller has not read; `false`: only read ones.',
        limit: 'At most this many (1–200, default 50).',
      } satisfies Record<keyof typeof leadListQuerySchema.shape, string>,
    },
    responses: {
      200: json(leadListSchema, 'The requests and the caller’s unread count.', ['Cache-Control']),
    },
    errors: [400, 401, 403, 503],
  }),
  staffOp({
    method: 'get',
    path: '/api/leads/unread-count',
    operationId: 'countUnreadLeads',
    summary: 'How many requests the caller has not read',
    responses: { 200: json(unreadCountSchema, 'The count.', ['Cache-Control']) },
    errors: [401, 403, 503],
  }),
  staffOp({
    method: 'post',
    path: '/api/leads/read',
    operationId: 'markAllLeadsRead',
    summary: 'Mark every request the caller sees as read (for the caller)',
    responses: { 200: json(unreadCountSchema, 'The unread count after.') },
    errors: [401, 403, 503],
  }),
  staffOp({
    method: 'post',
    path: '/api/leads/{id}/read',
    operationId: 'markLeadRead',
    summary: 'Mark one request as read (for the caller)',
    pathParams: idParam('Request'),
    responses: { 200: json(unreadCountSchema, 'The unread count after.') },
    errors: [400, 401, 403, 404, 503],
  }),
];
