import type { Knex } from 'knex';
import type { AuthStore, NewUser } from './auth.store.ts';
import type { UserRecord } from './auth.types.ts';

const USER_COLUMNS = [
  'users.id',
  'email',
  'name',
  'organisation',
  'role',
  'territories',
  'disabled',
  'password_hash',
];

export class PgAuthStore implements AuthStore {
  constructor(private readonly knex: Knex) {}

  async userByEmail(email: string) {
    return this.knex('users').select(USER_COLUMNS).where('email', email.toLowerCase()).first<UserRecord>();
  }

  async userById(id: string) {
    return this.knex('users').select(USER_COLUMNS).where('id', id).first<UserRecord>();
  }

  async createUser(u: NewUser) {
    const [row] = await this.knex('users')
      .insert({
        email: u.email.toLowerCase(),
        role: u.role,
        password_hash: u.passwordHash,
        territories: u.territories,
        name: u.name ?? null,
        organisation: u.organisation ?? null,
      })
      .returning(USER_COLUMNS.map((c) => c.replace('users.', '')));
    return row as UserRecord;
  }

  async countUsers() {
    const r = await this.knex('users').count<{ n: number }[]>({ n: '*' });
    return Number(r[0].n);
  }

  async createSession(tokenHash: string, userId: string, csrfToken: string, expiresAt: Date) {
    await this.knex('sessions').insert({
      token_hash: tokenHash,
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
    });
  }

  async sessionUser(tokenHash: string) {
    const row = await this.knex('sessions')
      .join('users', 'users.id', 'sessions.user_id')
      .select([...USER_COLUMNS, 'sessions.csrf_token'])
      .where('sessions.token_hash', tokenHash)
      .where('sessions.expires_at', '>', this.knex.fn.now())
      .first();
    if (!row) return undefined;
    const { csrf_token, ...user } = row;
    return { user: user as UserRecord, csrfToken: String(csrf_token) };
  }

  async deleteSession(tokenHash: string) {
    await this.knex('sessions').delete().where('token_hash', tokenHash);
  }

  async deleteExpiredSessions() {
    return Number(await this.knex('sessions').delete().where('expires_at', '<=', this.knex.fn.now()));
  }

  async createToken(userId: string, tokenHash: string, label: string | null) {
    const [row] = await this.knex('api_tokens')
      .insert({ user_id: userId, token_hash: tokenHash, label })
      .returning('id');
    return String(row.id);
  }

  async tokenUser(tokenHash: string) {
    const row = await this.knex('api_tokens')
      .join('users', 'users.id', 'api_tokens.user_id')
      .select([...USER_COLUMNS, 'api_tokens.id as token_id'])
      .where('api_tokens.token_hash', tokenHash)
      .whereNull('api_tokens.revoked_at')
      .first();
    if (!row) return undefined;
    // Best effort: last use helps admins find stale tokens; a lost update is harmless.
    await this.knex('api_tokens').update({ last_used_at: this.knex.fn.now() }).where('id', row.token_id);
    const { token_id: _unused, ...user } = row;
    return user as UserRecord;
  }

  async revokeToken(id: string) {
    const n = await this.knex('api_tokens')
      .update({ revoked_at: this.knex.fn.now() })
      .where('id', id)
      .whereNull('revoked_at');
    return Number(n) > 0;
  }
}
