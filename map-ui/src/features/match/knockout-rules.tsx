/**
 * "Which rules applied": the legal bans (always on, never relaxed) and the project's own
 * knock-outs of a match, each with its rule in the UI language and, once the rule table is
 * loaded, a link to its legal source.
 */

import type { KnockoutInForce } from '@api/modules/matching/matching.schemas.ts';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { inLang } from './match-text.ts';
import { useKnockouts } from './use-knockouts.ts';

export function KnockoutRules({ knockouts }: { knockouts: KnockoutInForce[] }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const table = useKnockouts(open);
  const sourceOf = (key: string) => table?.find((k) => k.key === key)?.source ?? null;
  const groups: Array<['legal' | 'need', string]> = [
    ['legal', t('match.rulesLegal')],
    ['need', t('match.rulesNeeds')],
  ];
  return (
    <details className="knockout-rules" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('match.rulesShow')}</summary>
      {groups.map(([kind, title]) => {
        const rules = knockouts.filter((k) => k.kind === kind);
        if (rules.length === 0) return null;
        return (
          <section key={kind} className={`rules rules-${kind}`} data-testid={`rules-${kind}`}>
            <h4>{title}</h4>
            <ul>
              {rules.map((k) => {
                const source = sourceOf(k.key);
                return (
                  <li key={k.key}>
                    <strong>{inLang(lang, k.label)}</strong>
                    {lang === 'fr' ? '\u00a0: ' : ': '}
                    {inLang(lang, k.rule)}
                    {source && (
                      <>
                        {' '}
                        <a href={source.url} target="_blank" rel="noopener noreferrer">
                          {source.title}
                        </a>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </details>
  );
}
