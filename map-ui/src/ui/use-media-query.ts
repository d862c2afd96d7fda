/** A CSS media query as React state, for the few layout choices CSS alone cannot make. */
import { useSyncExternalStore } from 'react';

/** The phone layout of styles.css (bottom sheet, header menu): below 768 px. */
export const PHONE_QUERY = '(max-width: 767.98px)';
/** Phones and tablets (the narrower side column and site panel of styles.css): below 1024 px. */
export const NARROW_QUERY = '(max-width: 1023.98px)';

/** `const phone = useMediaQuery(PHONE_QUERY)`: true while the query matches, re-rendering on change. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
