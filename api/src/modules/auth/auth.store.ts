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

export interface BudgetUse {
  key: string;
  used: number;
  windowEnd: Date;
}

export interface TokenRow {
  id: string;
  email: string;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface AuthStore {
  /**
   * Takes one unit of each key's budget in one statement (row locks make concurrent logins
   * queue, so no two read the same count); a window that ended starts over.
   */
  reserveBudget(keys: string[], windowMs: number): Promise<BudgetUse[]>;
  /** Gives one unit back (a successful login does not count against the IP). */
  refundBudget(key: string): Promise<void>;
  clearBudget(key: string): Promise<void>;
  updatePasswordHash(userId: string, hash: string): Promise<void>;
  /** Deletes expired sessions and ended budget windows; returns how many of each. */
  purgeExpired(): Promise<{ sessions: number; budgets: number }>;
  listTokens(): Promise<TokenRow[]>;
  userByEmail(email: string): Promise<UserRecord | undefined>;
  userById(id: string): Promise<UserRecord | undefined>;
  createUser(u: NewUser): Promise<UserRecord>;
  countUsers(): Promise<number>;
  createSession(tokenHash: string, userId: string, csrfToken: string, expiresAt: Date): Promise<void>;
  sessionUser(tokenHash: string): Promise<{ user: UserRecord; csrfToken: string } | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(): Promise<number>;
  createToken(userId: string, tokenHash: string, label: string | null, expiresAt: Date): Promise<string>;
  tokenUser(tokenHash: string): Promise<UserRecord | undefined>;
  revokeToken(id: string): Promise<boolean>;
}
