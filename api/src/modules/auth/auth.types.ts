export const ROLES = ['admin', 'editor', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller; anonymous requests have none. */
export interface Actor {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  organisation: string | null;
  /** EPCI/EPT SIRENs the user works for (editors edit only these territories' sites). */
  territories: string[];
  via: 'session' | 'token';
  /** CSRF token of the session (session-authenticated requests only). */
  csrfToken?: string;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  organisation: string | null;
  role: Role;
  territories: string[];
  disabled: boolean;
  password_hash: string | null;
}
