/**
 * The header: brand (back to the map), the public screens, the language switch and the staff
 * menu. On phones (< 768 px) the screens, the language and the staff menu fold into one menu
 * behind a "hamburger" button: the same elements, shown as a panel under the header, with focus
 * kept inside while it is open; Escape, a click outside or any action closes it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { AccountMenu } from '../features/account/account-menu.tsx';
import { LeadsBell } from '../features/leads/leads-bell.tsx';
import { type Lang, useI18n } from '../i18n/i18n.tsx';
import type { Screen } from '../state/url-state.ts';
import { PHONE_QUERY, useMediaQuery } from '../ui/use-media-query.ts';

interface Props {
  screen: Screen;
  lang: Lang;
  onScreen(screen: Screen): void;
  onLang(lang: Lang): void;
  onOpenSite?(id: string): void;
}

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select, [tabindex="0"]';

export function AppHeader({ screen, lang, onScreen, onLang, onOpenSite }: Props) {
  const { t } = useI18n();
  const phone = useMediaQuery(PHONE_QUERY);
  const [menuOpen, setMenuOpen] = useState(false);
  const open = phone && menuOpen;
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const closeMenu = useCallback(() => setMenuOpen(false), []);
  useMenuPanel(open, closeMenu, toggleRef, panelRef);

  // Real links (open in a new tab works), handled in place for a plain click.
  const go = (to: Screen) => (e: React.MouseEvent) => {
    e.preventDefault();
    setMenuOpen(false);
    onScreen(to);
  };
  const then =
    <A extends unknown[]>(f: (...a: A) => void) =>
    (...a: A) => {
      setMenuOpen(false);
      f(...a);
    };
  return (
    <header className="app-header" data-menu={open ? 'open' : undefined}>
      <a className="brand" href="/" onClick={go('browse')}>
        <svg viewBox="0 0 32 32" aria-hidden="true" className="brand-logo">
          <rect width="32" height="32" rx="7" fill="#ffffff" fillOpacity="0.12" />
          <path d="M7 23 L13 9 L19 19 L22 14 L26 23 Z" fill="#3fb27f" />
        </svg>
        <span className="brand-name">Landmatch</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </a>
      <button
        ref={toggleRef}
        type="button"
        className="menu-toggle"
        aria-expanded={open}
        aria-controls="header-actions"
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" width="22" height="22">
          {open ? (
            <path d="M6 6 L18 18 M18 6 L6 18" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
          ) : (
            <path
              d="M4 7 H20 M4 12 H20 M4 17 H20"
              stroke="currentColor"
              strokeWidth="2.2"
              strokeLinecap="round"
            />
          )}
        </svg>
        <span className="sr-only">{t('layout.menu')}</span>
      </button>
      <div
        id="header-actions"
        ref={panelRef}
        className="header-actions"
        // A dialog while it is the phone's menu; on wider screens the plain header row.
        {...(open ? { role: 'dialog', 'aria-label': t('layout.menu') } : {})}
      >
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
            onOpenProjects={then(() => onScreen('projects'))}
            onOpenImports={then(() => onScreen('imports'))}
            onOpenSite={onOpenSite && then(onOpenSite)}
            onLoggedOut={closeMenu}
          />
        </div>
      </div>
    </header>
  );
}

/**
 * The phone menu's keyboard and pointer handling while it is open: focus moves into it, Tab
 * and Shift+Tab go round the toggle and the panel only, Escape closes it (after the account
 * menu inside, which closes first) and gives focus back to the toggle, and a press outside the
 * header closes it.
 */
function useMenuPanel(
  open: boolean,
  close: () => void,
  toggleRef: React.RefObject<HTMLButtonElement | null>,
  panelRef: React.RefObject<HTMLDivElement | null>,
) {
  useEffect(() => {
    if (!open) return;
    const panel = panelRef.current;
    const toggle = toggleRef.current;
    if (!panel || !toggle) return;
    const focusables = () =>
      [toggle, ...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => el.getClientRects().length > 0,
      );
    focusables()[1]?.focus();
    const onKey = (e: KeyboardEvent) => {
      // A modal dialog opened from the menu (login, to refresh) handles its own keys.
      if (document.querySelector('dialog[open]')) return;
      if (e.key === 'Escape') {
        if (panel.querySelector('.account-menu')) return; // the account menu closes first
        // Handled: a view under the menu (comparison, observatory) stays open.
        e.preventDefault();
        close();
        toggle.focus();
      } else if (e.key === 'Tab') {
        const els = focusables();
        const i = els.indexOf(document.activeElement as HTMLElement);
        const next = e.shiftKey
          ? i <= 0
            ? els.length - 1
            : i - 1
          : i === els.length - 1 || i < 0
            ? 0
            : i + 1;
        e.preventDefault();
        els[next]?.focus();
      }
    };
    const onDown = (e: PointerEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const target = e.target as Node;
      if (!panel.contains(target) && !toggle.contains(target)) close();
    };
    // Capture: before the views' own Escape handlers (ui/use-dialog-focus.ts).
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open, close, toggleRef, panelRef]);
}
