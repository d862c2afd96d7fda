import type { Knex } from 'knex';
import type { AuthStore, BudgetUse, NewUser, TokenRow } from './auth.store.ts';
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

  async reserveBudget(keys: string[], windowMs: number): Promise<BudgetUse[]> {
    const values = keys.map(() => "(?, now() + ? * interval '1 millisecond', 1)").join(', ');
    const r = await this.knex.raw(
      `INSERT INTO login_budget (key, window_end, used) VALUES ${values}
       ON CONFLICT (key) DO UPDATE SET
         used = CASE WHEN login_budget.window_end <= now() THEN 1 ELSE login_budget.used + 1 END,
         window_end = CASE WHEN login_budget.window_end <= now() THEN EXCLUDED.window_end
                           ELSE login_budget.window_end END
       RETURNING key, used, window_end`,
      keys.flatMap((k) => [k, windowMs]),
    );
    return r.rows.map((row: { key: string; used: number; window_end: Date }) => ({
      key: row.key,
      used: Number(row.used),
      windowEnd: new Date(row.window_end),
    }));
  }

  async refundBudget(key: string) {
    await this.knex('login_budget')
      .update({ used: this.knex.raw('greatest(used - 1, 0)') })
      .where('key', key);
  }

  async clearBudget(key: string) {
    await this.knex('login_budget').delete().where('key', key);
  }

  async updatePasswordHash(userId: string, hash: string) {
    await this.knex('users').update({ password_hash: hash }).where('id', userId);
  }

  async purgeExpired() {
    // Counted in SQL: the drivers of the two engines report affected rows differently.
    const r = await this.knex.raw(`
      WITH s AS (DELETE FROM sessions WHERE expires_at <= now() RETURNING 1),
           b AS (DELETE FROM login_budget WHERE window_end <= now() RETURNING 1)
      SELECT (SELECT count(*) FROM s)::int AS sessions, (SELECT count(*) FROM b)::int AS budgets`);
    return { sessions: Number(r.rows[0].sessions), budgets: Number(r.rows[0].budgets) };
  }

  async listTokens(): Promise<TokenRow[]> {
    const rows = await this.knex('api_tokens')
      .join('users', 'users.id', 'api_tokens.user_id')
      .select(
        'api_tokens.id',
        'users.email',
        'api_tokens.label',
        'api_tokens.created_at',
        'api_tokens.last_used_at',
        'api_tokens.expires_at',
        'api_tokens.revoked_at',
      )
      .orderBy([{ column: 'users.email' }, { column: 'api_tokens.created_at' }]);
    const date = (v: unknown) => (v ? new Date(v as string) : null);
    return rows.map((r) => ({
      id: String(r.id),
      email: r.email,
      label: r.label,
      createdAt: new Date(r.created_at),
      lastUsedAt: date(r.last_used_at),
      expiresAt: new Date(r.expires_at),
      revokedAt: date(r.revoked_at),
    }));
  }

  async createToken(userId: string, tokenHash: string, label: string | null, expiresAt: Date) {
    const [row] = await this.knex('api_tokens')
      .insert({ user_id: userId, token_hash: tokenHash, label, expires_at: expiresAt })
      .returning('id');
    return String(row.id);
  }

  async tokenUser(tokenHash: string) {
    const row = await this.knex('api_tokens')
      .join('users', 'users.id', 'api_tokens.user_id')
      .select([...USER_COLUMNS, 'api_tokens.id as token_id'])
      .where('api_tokens.token_hash', tokenHash)
      .whereNull('api_tokens.revoked_at')
      .where('api_tokens.expires_at', '>', this.knex.fn.now())
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
