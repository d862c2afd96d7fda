/** Who may edit a site in the UI (the API checks again): admins, and editors of its territory. */
import type { Session } from '../../api/types.ts';

export function mayEditSite(session: Session | null, territorySiren: unknown): boolean {
  if (!session) return false;
  const { role, territories } = session.user;
  if (role === 'admin') return true;
  return role === 'editor' && typeof territorySiren === 'string' && territories.includes(territorySiren);
}

/** Who may create sites at all: admins and editors with at least one territory. */
export function mayCreateSites(session: Session | null): boolean {
  if (!session) return false;
  return (
    session.user.role === 'admin' || (session.user.role === 'editor' && session.user.territories.length > 0)
  );
}
