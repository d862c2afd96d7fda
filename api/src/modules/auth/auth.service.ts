/** Accounts, sessions (cookie + CSRF token) and personal API tokens. */
import type { Config } from '../../config.ts';
import { AuthenticationError, ConflictError, InputError, TooManyRequestsError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { loginSchema, newUserSchema, type SessionUser } from './auth.schemas.ts';
import type { AuthStore } from './auth.store.ts';
import type { Actor, UserRecord } from './auth.types.ts';
import { needsRehash, newSecret, PasswordHasher, ScryptPool, sha256 } from './passwords.ts';

export const SESSION_COOKIE = 'lm_session';
const TOKEN_PREFIX = 'lmt_';

export type PublicUser = SessionUser;

export const publicUser = (u: UserRecord | Actor): PublicUser => ({
  id: 'userId' in u ? u.userId : u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organisation: u.organisation,
  territories: u.territories,
});

const toActor = (u: UserRecord, via: Actor['via'], csrfToken?: string): Actor => ({
  userId: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organisation: u.organisation,
  territories: u.territories ?? [],
  via,
  csrfToken,
});

const tooManyFailures = (until: number) => {
  const wait = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  return new TooManyRequestsError(`Too many failed logins; try again in ${wait} s.`, wait);
};

/** Login budgets are counted over this window. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

type AuthConfig = Pick<
  Config,
  | 'SESSION_TTL_HOURS'
  | 'LOGIN_MAX_ATTEMPTS'
  | 'LOGIN_MAX_ATTEMPTS_PER_IP'
  | 'LOGIN_MAX_CONCURRENT'
  | 'PASSWORD_HASH_THREADS'
  | 'TOKEN_TTL_DAYS'
>;

/**
 * Logins cost a password hash each (~0.3 s of one core). Three defences keep a flood from
 * stalling the service: a budget per client IP and per email+IP, reserved atomically in the
 * database before any hashing (so N concurrent guesses get exactly the budget, and several API
 * instances share it); a bound on hashes running or queued (429 + Retry-After beyond); and the
 * hashes themselves on dedicated worker threads.
 */
export class AuthService {
  private readonly pool: ScryptPool;
  private readonly hasher: PasswordHasher;
  // A constant hash to verify against when the email is unknown, so timing does not reveal accounts.
  private dummyHash: Promise<string> | undefined;
  private hashing = 0;
  /**
   * Budget keys this process has seen exhausted, with the end of their window: later attempts
   * are refused without a database round trip (a flood from one IP would otherwise queue every
   * pooled connection on that IP's row lock). The database stays the authority: this only
   * remembers its refusals.
   */
  private readonly exhausted = new Map<string, number>();

  constructor(
    private readonly store: AuthStore,
    private readonly config: AuthConfig,
  ) {
    this.pool = new ScryptPool(config.PASSWORD_HASH_THREADS);
    this.hasher = new PasswordHasher(this.pool);
  }

  async login(body: unknown, ip: string) {
    const { email, password } = parseInput(loginSchema, body, 'login');
    if (this.hashing >= this.config.LOGIN_MAX_CONCURRENT)
      throw new TooManyRequestsError('Too many logins are being checked right now; try again in 1 s.', 1);
    this.hashing += 1;
    try {
      return await this.checkedLogin(email, password, ip);
    } finally {
      this.hashing -= 1;
    }
  }

  private async checkedLogin(email: string, password: string, ip: string) {
    const ipKey = `ip:${sha256(ip)}`;
    const emailKey = `email:${sha256(`${email.toLowerCase()}|${ip}`)}`;
    const now = Date.now();
    const known = Math.max(this.exhausted.get(ipKey) ?? 0, this.exhausted.get(emailKey) ?? 0);
    if (known > now) throw tooManyFailures(known);
    const uses = await this.store.reserveBudget([ipKey, emailKey], LOGIN_WINDOW_MS);
    const over = uses.filter(
      (u) =>
        u.used > (u.key === ipKey ? this.config.LOGIN_MAX_ATTEMPTS_PER_IP : this.config.LOGIN_MAX_ATTEMPTS),
    );
    if (over.length > 0) {
      if (this.exhausted.size > 10_000) this.sweepExhausted(now);
      for (const u of over) this.exhausted.set(u.key, u.windowEnd.getTime());
      throw tooManyFailures(Math.max(...over.map((u) => u.windowEnd.getTime())));
    }
    const user = await this.store.userByEmail(email);
    const ok =
      user && !user.disabled
        ? await this.hasher.verify(password, user.password_hash)
        : await this.burn(password);
    if (!ok || !user) throw new AuthenticationError('Wrong email or password.');
    await this.store.refundBudget(ipKey);
    await this.store.clearBudget(emailKey);
    if (needsRehash(user.password_hash))
      await this.store.updatePasswordHash(user.id, await this.hasher.hash(password));
    const token = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3600_000);
    await this.store.createSession(sha256(token), user.id, csrfToken, expiresAt);
    return { token, csrfToken, expiresAt, user: publicUser(user) };
  }

  /**
   * Seconds a login from `ip` must wait, known without reading the body or the database (the
   * IP's budget already spent, or every hashing slot taken); 0 when it may proceed. Lets the
   * app refuse a flood before any other work (auth.routes.ts `refuseLoginFlood`).
   */
  loginRefusal(ip: string): number {
    if (this.hashing >= this.config.LOGIN_MAX_CONCURRENT) return 1;
    const until = this.exhausted.get(`ip:${sha256(ip)}`) ?? 0;
    return until > Date.now() ? Math.max(1, Math.ceil((until - Date.now()) / 1000)) : 0;
  }

  private sweepExhausted(now: number): void {
    for (const [k, until] of this.exhausted) if (until <= now) this.exhausted.delete(k);
  }

  private async burn(password: string): Promise<false> {
    this.dummyHash ??= this.hasher.hash(newSecret());
    await this.hasher.verify(password, await this.dummyHash);
    return false;
  }

  /** Expired sessions and ended login budgets (main.ts runs it hourly). */
  purgeExpired() {
    // The remembered refusals are a cache of the database's: drop them with the ended windows.
    this.exhausted.clear();
    return this.store.purgeExpired();
  }

  listTokens() {
    return this.store.listTokens();
  }

  /** Stops the hashing threads (tests, CLI). */
  close(): Promise<void> {
    return this.pool.close();
  }

  async logout(sessionToken: string | undefined) {
    if (sessionToken) await this.store.deleteSession(sha256(sessionToken));
  }

  async actorFromSession(sessionToken: string): Promise<Actor | undefined> {
    const s = await this.store.sessionUser(sha256(sessionToken));
    if (!s || s.user.disabled) return undefined;
    return toActor(s.user, 'session', s.csrfToken);
  }

  async actorFromToken(bearer: string): Promise<Actor | undefined> {
    if (!bearer.startsWith(TOKEN_PREFIX)) return undefined;
    const user = await this.store.tokenUser(sha256(bearer));
    if (!user || user.disabled) return undefined;
    return toActor(user, 'token');
  }

  async createUser(input: unknown): Promise<PublicUser> {
    const u = parseInput(newUserSchema, input, 'user');
    if (await this.store.userByEmail(u.email))
      throw new ConflictError(`A user with email ${u.email} already exists.`);
    if (u.role === 'editor' && u.territories.length === 0) {
      throw new InputError('An editor needs at least one territory (--territory SIREN).', [
        { field: 'territories', code: 'required', message: 'required for editors' },
      ]);
    }
    const created = await this.store.createUser({
      email: u.email,
      role: u.role,
      passwordHash: u.password ? await this.hasher.hash(u.password) : null,
      territories: u.territories,
      name: u.name,
      organisation: u.organisation,
    });
    return publicUser(created);
  }

  /** Creates a personal API token; the clear value is returned once and only its hash is stored. */
  async createToken(
    email: string,
    label: string | null = null,
    ttlDays = this.config.TOKEN_TTL_DAYS,
  ): Promise<{ id: string; token: string; expiresAt: Date }> {
    const user = await this.store.userByEmail(email);
    if (!user)
      throw new InputError(`No user with email ${email}.`, [
        { field: 'email', code: 'unknown_user', message: 'unknown user' },
      ]);
    const token = newSecret(TOKEN_PREFIX);
    const expiresAt = new Date(Date.now() + ttlDays * 86_400_000);
    const id = await this.store.createToken(user.id, sha256(token), label, expiresAt);
    return { id, token, expiresAt };
  }

  revokeToken(id: string) {
    return this.store.revokeToken(id);
  }
}
