/**
 * The staff corner of the header: "log in" for visitors (a modal form), and for staff a
 * small menu with their identity, the projects entry (features/projects/), the imports entry
 * for admins and editors (features/imports/) and "log out".
 * The login form itself is shared with the staff screens (`LoginForm`).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { useModalDialog } from '../../ui/use-dialog-focus.ts';
import { ToRefreshDialog } from '../freshness/to-refresh-dialog.tsx';
import { useSession } from './use-session.ts';

interface Props {
  onOpenProjects(): void;
  /** The import screen (admins and territory editors). */
  onOpenImports?(): void;
  /** Opens a site on the map (from the "to refresh" list of editors and admins). */
  onOpenSite?(id: string): void;
  /** After "log out" (the phone's header menu closes). */
  onLoggedOut?(): void;
}

export function AccountMenu({ onOpenProjects, onOpenImports, onOpenSite, onLoggedOut }: Props) {
  const { t, tx } = useI18n();
  const auth = useSession();
  const [open, setOpen] = useState(false);
  const [loginOpen, setLoginOpen] = useState(false);
  const [refreshOpen, setRefreshOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const id = useId();

  // A successful login re-renders this menu in its staff branch, which unmounts the dialog
  // before its own close event can fire: clear the flag here, or logging out would reopen it.
  useEffect(() => {
    if (auth.session) setLoginOpen(false);
  }, [auth.session]);

  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setOpen(false);
    };
    // Capture, and marked handled: Escape closes this menu only, not the comparison or the
    // observatory it opened over (ui/use-dialog-focus.ts).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
    };
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  if (!auth.session) {
    return (
      <>
        <button type="button" className="btn btn-header" onClick={() => setLoginOpen(true)}>
          {t('account.login')}
        </button>
        {/* On the body: the phone's header menu that holds this button may fold away under it. */}
        {loginOpen && createPortal(<LoginDialog onClose={() => setLoginOpen(false)} />, document.body)}
      </>
    );
  }

  const user = auth.session.user;
  return (
    <div className="account" ref={menuRef}>
      <button
        type="button"
        className="btn btn-header"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {user.email.slice(0, 1).toUpperCase()}
        </span>
        <span className="account-email">{user.email}</span>
      </button>
      {open && (
        <div className="account-menu" id={`${id}-menu`} role="menu">
          <p className="account-role" role="none">
            {t('account.role')} : {tx(`role.${user.role}`, user.role)}
          </p>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              onOpenProjects();
            }}
          >
            {t('account.projects')}
          </button>
          {onOpenImports && (user.role === 'admin' || user.role === 'editor') && (
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                onOpenImports();
              }}
            >
              {t('account.imports')}
            </button>
          )}
          {(user.role === 'admin' || user.role === 'editor') && onOpenSite && (
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                setRefreshOpen(true);
              }}
            >
              {t('refresh.menu')}
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            onClick={async () => {
              setOpen(false);
              await auth.logout();
              onLoggedOut?.();
            }}
          >
            {t('account.logout')}
          </button>
        </div>
      )}
      {refreshOpen &&
        onOpenSite &&
        createPortal(
          <ToRefreshDialog onClose={() => setRefreshOpen(false)} onOpenSite={onOpenSite} />,
          document.body,
        )}
    </div>
  );
}

function LoginDialog({ onClose }: { onClose(): void }) {
  const ref = useModalDialog();
  const id = useId();

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <LoginForm
        titleId={`${id}-title`}
        onDone={() => ref.current?.close()}
        onCancel={() => ref.current?.close()}
      />
    </dialog>
  );
}

/**
 * The staff login form (email, password), used by the header's dialog and by the staff
 * screens when nobody is logged in. A refused login says so in plain words.
 */
export function LoginForm({
  titleId,
  onDone,
  onCancel,
}: {
  titleId: string;
  onDone?(): void;
  onCancel?(): void;
}) {
  const { t } = useI18n();
  const auth = useSession();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  return (
    <form
      className="login-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await auth.login(email.trim(), password);
          onDone?.();
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id={titleId}>{t('account.loginTitle')}</h2>
      <p className="muted small">{t('account.loginHelp')}</p>
      <div className="field-stack">
        <label htmlFor={`${id}-email`}>{t('account.email')}</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field-stack">
        <label htmlFor={`${id}-password`}>{t('account.password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {error instanceof ApiError && error.status === 401 ? (
        <p className="notice notice-error" role="alert">
          {t('account.loginFailed')}
        </p>
      ) : error ? (
        <ErrorNotice error={error} />
      ) : null}
      <div className="dialog-actions">
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('account.loggingIn') : t('account.login')}
        </button>
      </div>
    </form>
  );
}
