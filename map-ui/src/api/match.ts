/**
 * The matching API: criteria, templates, knock-outs and `POST /api/match`, typed by the API's
 * own contract (api/src/modules/matching/matching.schemas.ts), with the TanStack Query options
 * the screens use (one cache key per resource).
 */

import type { MatchRequestInput } from '@api/modules/matching/match-request.schema.ts';
import type {
  CriteriaResponse,
  CriterionInfo,
  KnockoutRule,
  KnockoutsResponse,
  MatchResponse,
  ProjectTemplate,
  TemplatesResponse,
} from '@api/modules/matching/matching.schemas.ts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client.ts';

export function getCriteria(signal?: AbortSignal): Promise<CriterionInfo[]> {
  return apiFetch<CriteriaResponse>('/api/match/criteria', { signal }).then((r) => r.criteria);
}

export function getTemplates(signal?: AbortSignal): Promise<ProjectTemplate[]> {
  return apiFetch<TemplatesResponse>('/api/match/templates', { signal }).then((r) => r.templates);
}

/** Runs a match; every explanation comes back in French and in English (`reason_fr`, `reason_en`…). */
export function runMatch(body: MatchRequestInput, signal?: AbortSignal): Promise<MatchResponse> {
  return apiFetch<MatchResponse>('/api/match', { method: 'POST', json: body, signal });
}

/** The knock-out rule table with sources (`GET /api/match/knockouts`). */
export function getKnockouts(signal?: AbortSignal): Promise<KnockoutRule[]> {
  return apiFetch<KnockoutsResponse>('/api/match/knockouts', { signal }).then((r) => r.knockouts);
}

// The registries change with a deployment only: fetched once per page.
export const criteriaQuery = queryOptions({
  queryKey: ['match', 'criteria'],
  queryFn: ({ signal }) => getCriteria(signal),
  staleTime: Number.POSITIVE_INFINITY,
});

export const templatesQuery = queryOptions({
  queryKey: ['match', 'templates'],
  queryFn: ({ signal }) => getTemplates(signal),
  staleTime: Number.POSITIVE_INFINITY,
});

export const knockoutsQuery = queryOptions({
  queryKey: ['match', 'knockouts'],
  queryFn: ({ signal }) => getKnockouts(signal),
  staleTime: Number.POSITIVE_INFINITY,
});

/**
 * One match request: keyed by the body and the session (which decides the sites the caller may
 * see), so a session change refetches it. Not retried: a 429 or a 4xx is the caller's to fix.
 */
export const matchQuery = (body: MatchRequestInput, sessionVersion: number) =>
  queryOptions({
    queryKey: ['match', 'run', body, sessionVersion],
    queryFn: ({ signal }) => runMatch(body, signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
