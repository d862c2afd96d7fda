/**
 * The knock-out rule table (labels, rules and their legal sources), loaded once per page when a
 * screen first needs it: the needs form lists the legal bans from it, the results link each
 * rule to its source. Null while loading; an empty list when the API could not be reached
 * (the screens then fall back to what the match response itself says).
 */
import type { KnockoutRule } from '@api/modules/matching/matching.schemas.ts';
import { useQuery } from '@tanstack/react-query';
import { knockoutsQuery } from '../../api/match.ts';

export function useKnockouts(enabled = true): KnockoutRule[] | null {
  const q = useQuery({ ...knockoutsQuery, enabled });
  if (q.isError) return [];
  return q.data ?? null;
}
