/** The header: brand (back to the map), the public screens, the language switch and the staff menu. */
import { AccountMenu } from '../features/account/account-menu.tsx';
import { LeadsBell } from '../features/leads/leads-bell.tsx';
import { type Lang, useI18n } from '../i18n/i18n.tsx';
import type { Screen } from '../state/url-state.ts';

interface Props {
  screen: Screen;
  lang: Lang;
  onScreen(screen: Screen): void;
  onLang(lang: Lang): void;
  onOpenSite?(id: string): void;
}

export function AppHeader({ screen, lang, onScreen, onLang, onOpenSite }: Props) {
  const { t } = useI18n();
  // Real links (open in a new tab works), handled in place for a plain click.
  const go = (to: Screen) => (e: React.MouseEvent) => {
    e.preventDefault();
    onScreen(to);
  };
  return (
    <header className="app-header">
      <a className="brand" href="/" onClick={go('browse')}>
        <svg viewBox="0 0 32 32" aria-hidden="true" className="brand-logo">
          <rect width="32" height="32" rx="7" fill="#ffffff" fillOpacity="0.12" />
          <path d="M7 23 L13 9 L19 19 L22 14 L26 23 Z" fill="#3fb27f" />
        </svg>
        <span className="brand-name">Landmatch</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </a>
      <nav className="main-nav" aria-label={t('nav.label')}>
        <a href="/" aria-current={screen === 'browse' ? 'page' : undefined} onClick={go('browse')}>
          {t('nav.browse')}
        </a>
        <a href="/match" aria-current={screen === 'match' ? 'page' : undefined} onClick={go('match')}>
          {t('nav.match')}
        </a>
      </nav>
      <div className="header-right">
        <fieldset className="lang-switch">
          <legend className="sr-only">{t('lang.label')}</legend>
          {(['fr', 'en'] as const).map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => onLang(l)}>
              {l.toUpperCase()}
              <span className="sr-only"> – {t(l === 'fr' ? 'lang.fr' : 'lang.en')}</span>
            </button>
          ))}
        </fieldset>
        <LeadsBell />
        <AccountMenu
          onOpenProjects={() => onScreen('projects')}
          onOpenImports={() => onScreen('imports')}
          onOpenSite={onOpenSite}
        />
      </div>
    </header>
  );
}
