/**
 * The "to refresh" list (issue 12): an editor's sites (an admin's: all) whose decisive facts
 * are older than the threshold (`?months`, default REFRESH_MONTHS) or undated, most often
 * shortlisted and matched first. "Matched" counts shortlist items added from a match result:
 * match requests themselves are never stored (investors' needs are confidential).
 */
import { NotAllowedError } from '../../../shared/errors.ts';
import { parseInput } from '../../../shared/validation.ts';
import type { Actor } from '../../auth/auth.types.ts';
import { isoToday, monthsBetween } from '../site.freshness.ts';
import { type SitesToRefresh, toRefreshQuerySchema } from './freshness.schemas.ts';
import type { PgFreshnessStore } from './freshness.store.pg.ts';

/** `today` minus `months` months (YYYY-MM-DD), the day clamped to the month's end. */
export function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export class FreshnessService {
  constructor(
    private readonly store: PgFreshnessStore,
    private readonly defaultMonths: number,
  ) {}

  async toRefresh(rawQuery: unknown, actor: Actor, now = new Date()): Promise<SitesToRefresh> {
    if (actor.role !== 'admin' && actor.role !== 'editor')
      throw new NotAllowedError('Only admins and territory editors have a list of sites to refresh.');
    const q = parseInput(toRefreshQuerySchema, rawQuery, 'query');
    const months = q.months ?? this.defaultMonths;
    const today = isoToday(now);
    const rows = await this.store.staleSites({
      cutoff: monthsBefore(today, months),
      territories: actor.role === 'admin' ? 'all' : actor.territories,
      limit: q.limit,
    });
    const features = rows
      .map(({ groups, ...site }) => ({
        ...site,
        stale: groups
          .filter((g) => g.known)
          .map((g) => ({
            group: g.group,
            asOf: g.asOf,
            ageMonths: g.asOf ? monthsBetween(g.asOf, today) : null,
          }))
          .filter((g) => g.ageMonths === null || g.ageMonths >= months),
      }))
      .filter((f) => f.stale.length > 0);
    return { months, features };
  }
}
