/** Persistence contract of accounts, sessions and API tokens. */
import type { Role, UserRecord } from './auth.types.ts';

export interface NewUser {
  email: string;
  role: Role;
  passwordHash: string | null;
  territories: string[];
  name?: string | null;
  organisation?: string | null;
}

export interface AuthStore {
  userByEmail(email: string): Promise<UserRecord | undefined>;
  userById(id: string): Promise<UserRecord | undefined>;
  createUser(u: NewUser): Promise<UserRecord>;
  countUsers(): Promise<number>;
  createSession(tokenHash: string, userId: string, csrfToken: string, expiresAt: Date): Promise<void>;
  sessionUser(tokenHash: string): Promise<{ user: UserRecord; csrfToken: string } | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(): Promise<number>;
  createToken(userId: string, tokenHash: string, label: string | null): Promise<string>;
  tokenUser(tokenHash: string): Promise<UserRecord | undefined>;
  revokeToken(id: string): Promise<boolean>;
}
