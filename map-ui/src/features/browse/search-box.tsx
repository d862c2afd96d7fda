/**
 * Search by site name or commune. Typing updates a local value; the filter (and the URL)
 * follow after a short pause so each keystroke does not refetch the list.
 */
import { useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

const DELAY_MS = 300;

export function SearchBox({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState(value);

  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onSearch(text), DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);

  return (
    <search className="search-box">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(text);
        }}
      >
        <label htmlFor={id} className="sr-only">
          {t('search.label')}
        </label>
        <svg viewBox="0 0 20 20" aria-hidden="true" className="search-icon">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M13 13 L18 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <input
          id={id}
          type="search"
          placeholder={t('search.placeholder')}
          value={text}
          maxLength={100}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
        />
        {text && (
          <button
            type="button"
            className="search-clear"
            aria-label={t('search.clear')}
            onClick={() => {
              setText('');
              onSearch('');
            }}
          >
            ×
          </button>
        )}
      </form>
    </search>
  );
}
