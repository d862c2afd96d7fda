/** The matching API: criteria, templates and `POST /api/match`. */
import { apiFetch } from './client.ts';
import type { CriterionInfo, MatchRequestBody, MatchResponse, MatchTemplate } from './types.ts';

export function getCriteria(signal?: AbortSignal): Promise<CriterionInfo[]> {
  return apiFetch<{ criteria: CriterionInfo[] }>('/api/match/criteria', { signal }).then((r) => r.criteria);
}

export function getTemplates(signal?: AbortSignal): Promise<MatchTemplate[]> {
  return apiFetch<{ templates: MatchTemplate[] }>('/api/match/templates', { signal }).then(
    (r) => r.templates,
  );
}

/** Runs a match; reasons come back in the language set with `setApiLanguage`. */
export function runMatch(body: MatchRequestBody, signal?: AbortSignal): Promise<MatchResponse> {
  return apiFetch<MatchResponse>('/api/match', { method: 'POST', json: body, signal });
}
