/** The matching API: criteria, templates and `POST /api/match`. */
import { apiFetch } from './client.ts';
import type { CriterionInfo, KnockoutRule, MatchRequestBody, MatchResponse, MatchTemplate } from './types.ts';

export function getCriteria(signal?: AbortSignal): Promise<CriterionInfo[]> {
  return apiFetch<{ criteria: CriterionInfo[] }>('/api/match/criteria', { signal }).then((r) => r.criteria);
}

export function getTemplates(signal?: AbortSignal): Promise<MatchTemplate[]> {
  return apiFetch<{ templates: MatchTemplate[] }>('/api/match/templates', { signal }).then(
    (r) => r.templates,
  );
}

/** Runs a match; every explanation comes back in French and in English (`reason_fr`, `reason_en`…). */
export function runMatch(body: MatchRequestBody, signal?: AbortSignal): Promise<MatchResponse> {
  return apiFetch<MatchResponse>('/api/match', { method: 'POST', json: body, signal });
}

let knockoutRules: Promise<KnockoutRule[]> | null = null;

/** The knock-out rule table with sources (`GET /api/match/knockouts`), fetched once per page. */
export function getKnockouts(): Promise<KnockoutRule[]> {
  knockoutRules ??= apiFetch<{ knockouts: KnockoutRule[] }>('/api/match/knockouts')
    .then((r) => r.knockouts)
    .catch((e) => {
      knockoutRules = null;
      throw e;
    });
  return knockoutRules;
}
