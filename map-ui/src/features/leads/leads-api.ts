/** The leads API (api/src/modules/leads): the public form and the staff's new requests. */
import type { LeadCreate, LeadList } from '@api/modules/leads/leads.schemas.ts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../api/client.ts';

export type LeadBody = Omit<LeadCreate, 'formToken' | 'consent'> & { consent: boolean; formToken: string };

export const formToken = () => apiFetch<{ token: string; minSeconds: number }>('/api/leads/form-token');

export const sendLead = (body: LeadBody) =>
  apiFetch<{ status: 'received' }>('/api/leads', { method: 'POST', json: body });

/** The unread count of the header badge, polled every minute while a staff member is signed in. */
export const unreadLeadsQuery = queryOptions({
  queryKey: ['leads', 'unread'] as const,
  queryFn: ({ signal }) => apiFetch<{ unread: number }>('/api/leads/unread-count', { signal }),
  refetchInterval: 60_000,
});

export const leadsQuery = queryOptions({
  queryKey: ['leads', 'list'] as const,
  queryFn: ({ signal }) => apiFetch<LeadList>('/api/leads?limit=50', { signal }),
});

export const markLeadRead = (id: string) =>
  apiFetch<{ unread: number }>(`/api/leads/${encodeURIComponent(id)}/read`, { method: 'POST' });

export const markAllLeadsRead = () => apiFetch<{ unread: number }>('/api/leads/read', { method: 'POST' });

/** The public sheet of a site in the UI's language: `/api/sites/<id>/sheet.pdf?lang=en`. */
export const siteSheetUrl = (siteId: string, lang: string) =>
  `/api/sites/${encodeURIComponent(siteId)}/sheet.pdf?lang=${lang === 'en' ? 'en' : 'fr'}`;
