/**
 * Fixed-window request budgets per key (anonymous matching and isochrones, per client IP),
 * behind one interface chosen once at start-up (`createRateLimits`):
 * - server engine: counters in PostgreSQL (`rate_limit_hits`, migration 0014), one atomic upsert
 *   per hit, so every API instance on the database shares one budget per key;
 * - embedded engine: counters in memory (one process by construction, `<DATA_DIR>.lock`).
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';

export interface RateLimit {
  /**
   * Counts one hit of `key` and returns the seconds to wait when the key is over its budget
   * (the hit refused), else 0.
   */
  take(key: string): Promise<number>;
}

/** Makes the limiters of the app, all on one store: `limits('match', 60, 60_000)`. */
export type RateLimits = (name: string, max: number, windowMs: number) => RateLimit;

/** A fixed-window counter per key, in memory: right for one process. */
export class RateLimiter implements RateLimit {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait when the key is over its budget, else 0. Does not count a hit. */
  blockedFor(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) return 0;
    return h.count >= this.max ? Math.ceil((h.resetAt - now) / 1000) : 0;
  }

  hit(key: string, now = Date.now()): void {
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) {
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      if (this.hits.size > 50_000) this.sweep(now);
    } else {
      h.count += 1;
    }
  }

  async take(key: string): Promise<number> {
    const wait = this.blockedFor(key);
    if (wait === 0) this.hit(key);
    return wait;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, h] of this.hits) if (h.resetAt <= now) this.hits.delete(k);
  }
}

/**
 * A fixed-window counter per key in `rate_limit_hits` (UNLOGGED: counters are not worth WAL,
 * and a crash that empties them only forgives a minute of requests). One
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING` per hit: the row lock serialises concurrent hits
 * from any instance, so N requests spread over instances get exactly the budget. Keys are
 * stored hashed (client IPs are personal data). Ended windows are deleted by their index at
 * most once per window per process.
 */
export class PgRateLimiter implements RateLimit {
  private nextPurge = 0;

  constructor(
    private readonly knex: Knex,
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async take(key: string): Promise<number> {
    const hashed = `${this.name}:${crypto.createHash('sha256').update(key).digest('base64url')}`;
    // The counter stops one past the budget: a flood neither overflows it nor costs more writes' worth.
    const r = await this.knex.raw(
      `INSERT INTO rate_limit_hits AS h (key, window_end, hits)
       VALUES (?, now() + ? * interval '1 millisecond', 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN h.window_end <= now() THEN 1 ELSE least(h.hits + 1, ?) END,
         window_end = CASE WHEN h.window_end <= now() THEN EXCLUDED.window_end ELSE h.window_end END
       RETURNING hits, ceil(extract(epoch FROM window_end - now()))::int AS wait`,
      [hashed, this.windowMs, this.max + 1],
    );
    this.purgeSometimes();
    const row = r.rows[0] as { hits: number; wait: number };
    return Number(row.hits) > this.max ? Math.max(1, Number(row.wait)) : 0;
  }

  private purgeSometimes(): void {
    const now = Date.now();
    if (now < this.nextPurge) return;
    this.nextPurge = now + this.windowMs;
    void this.knex
      .raw('DELETE FROM rate_limit_hits WHERE window_end < now()')
      .catch(() => (this.nextPurge = 0));
  }
}

/**
 * The store of the engine: PostgreSQL on the server (shared by every instance), memory on the
 * embedded engine (a single process).
 */
export function createRateLimits(engine: 'postgis' | 'embedded', knex: Knex): RateLimits {
  return engine === 'postgis'
    ? (name, max, windowMs) => new PgRateLimiter(knex, name, max, windowMs)
    : (_name, max, windowMs) => new RateLimiter(max, windowMs);
}
