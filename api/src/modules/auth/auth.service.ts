/** Accounts, sessions (cookie + CSRF token) and personal API tokens. */
import type { Config } from '../../config.ts';
import { AuthenticationError, ConflictError, InputError, TooManyRequestsError } from '../../shared/errors.ts';
import { RateLimiter } from '../../shared/rate-limit.ts';
import { parseInput } from '../../shared/validation.ts';
import { loginSchema, newUserSchema } from './auth.schemas.ts';
import type { AuthStore } from './auth.store.ts';
import type { Actor, UserRecord } from './auth.types.ts';
import { hashPassword, newSecret, sha256, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'lm_session';
const TOKEN_PREFIX = 'lmt_';

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
  organisation: string | null;
  territories: string[];
}

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

export class AuthService {
  private readonly limiter: RateLimiter;
  // A constant hash to verify against when the email is unknown, so timing does not reveal accounts.
  private readonly dummyHash = hashPassword(newSecret());

  constructor(
    private readonly store: AuthStore,
    private readonly config: Pick<Config, 'SESSION_TTL_HOURS' | 'LOGIN_MAX_ATTEMPTS'>,
  ) {
    this.limiter = new RateLimiter(config.LOGIN_MAX_ATTEMPTS, 15 * 60 * 1000);
  }

  async login(body: unknown, ip: string) {
    const { email, password } = parseInput(loginSchema, body, 'login');
    const key = `${email.toLowerCase()}|${ip}`;
    const wait = this.limiter.blockedFor(key);
    if (wait > 0) throw new TooManyRequestsError(`Too many failed logins; try again in ${wait} s.`, wait);
    const user = await this.store.userByEmail(email);
    const ok =
      user && !user.disabled ? await verifyPassword(password, user.password_hash) : await this.burn(password);
    if (!ok || !user) {
      this.limiter.hit(key);
      throw new AuthenticationError('Wrong email or password.');
    }
    this.limiter.reset(key);
    const token = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3600_000);
    await this.store.createSession(sha256(token), user.id, csrfToken, expiresAt);
    return { token, csrfToken, expiresAt, user: publicUser(user) };
  }

  private async burn(password: string): Promise<false> {
    await verifyPassword(password, await this.dummyHash);
    return false;
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
        { field: 'territories', message: 'required for editors' },
      ]);
    }
    const created = await this.store.createUser({
      email: u.email,
      role: u.role,
      passwordHash: u.password ? await hashPassword(u.password) : null,
      territories: u.territories,
      name: u.name,
      organisation: u.organisation,
    });
    return publicUser(created);
  }

  /** Creates a personal API token; the clear value is returned once and only its hash is stored. */
  async createToken(email: string, label: string | null = null): Promise<{ id: string; token: string }> {
    const user = await this.store.userByEmail(email);
    if (!user)
      throw new InputError(`No user with email ${email}.`, [{ field: 'email', message: 'unknown user' }]);
    const token = newSecret(TOKEN_PREFIX);
    const id = await this.store.createToken(user.id, sha256(token), label);
    return { id, token };
  }

  revokeToken(id: string) {
    return this.store.revokeToken(id);
  }
}
