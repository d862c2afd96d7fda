/**
 * The knock-out rule table (labels, rules and their legal sources), loaded once per page when a
 * screen first needs it: the needs form lists the legal bans from it, the results link each
 * rule to its source. Null while loading; an empty list when the API could not be reached
 * (the screens then fall back to what the match response itself says).
 */
import { useEffect, useState } from 'react';
import { getKnockouts } from '../../api/match.ts';
import type { KnockoutRule } from '../../api/types.ts';

export function useKnockouts(enabled = true): KnockoutRule[] | null {
  const [rules, setRules] = useState<KnockoutRule[] | null>(null);
  useEffect(() => {
    if (!enabled || rules) return;
    let live = true;
    getKnockouts()
      .then((r) => live && setRules(r))
      .catch((e) => {
        console.warn('Landmatch: knock-out rules unavailable', e);
        if (live) setRules([]);
      });
    return () => {
      live = false;
    };
  }, [enabled, rules]);
  return rules;
}
