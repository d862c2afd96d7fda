/**
 * A text written by a person in one language only (a site's description, its provenance notes):
 * shown as written, with its `lang` so screen readers pronounce it right, and, when it is not
 * in the UI's language, a mark saying so ("(texte en anglais)", "(French text)") in the UI's.
 */
import { textLanguage } from '@api/shared/text-language.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function OneLanguageText({ text, className }: { text: string; className?: string }) {
  const { lang, t } = useI18n();
  const written = textLanguage(text);
  const other = written !== null && written !== lang;
  return (
    <p className={className} lang={written ?? undefined} data-text-lang={written ?? 'unknown'}>
      {text}
      {other && (
        <>
          {' '}
          <span className="lang-mark" lang={lang}>
            {t(written === 'en' ? 'langMark.en' : 'langMark.fr')}
          </span>
        </>
      )}
    </p>
  );
}
