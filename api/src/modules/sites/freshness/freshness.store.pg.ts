/**
 * The "to refresh" query (both engines): per site, each fact group's date (its own in
 * `facts_as_of`, else its source's) and whether the group holds any value; sites with a known
 * group dated on or before the cutoff, or undated, ordered by how often they were shortlisted
 * and matched. Column names come from site.fields.ts and are bound as identifiers (`??`).
 */
import type { Knex } from 'knex';
import { FIELD_BY_KEY } from '../site.fields.ts';
import { FACT_GROUP_FALLBACK, FACT_GROUP_FIELDS, FACT_GROUPS, type FactGroup } from '../site.freshness.ts';

const column = (key: string) => `s.${FIELD_BY_KEY.get(key)!.column}`;

export interface RefreshRow {
  id: string;
  name: string;
  communeInsee: string | null;
  territorySiren: string | null;
  groups: Array<{ group: FactGroup; known: boolean; asOf: string | null }>;
  matchCount: number;
  shortlistCount: number;
}

export class PgFreshnessStore {
  constructor(private readonly knex: Knex) {}

  async staleSites(opts: {
    cutoff: string;
    territories: 'all' | string[];
    limit: number;
  }): Promise<RefreshRow[]> {
    const k = this.knex;
    const q = k('sites as s').select(
      's.id',
      's.site_nom as name',
      's.site_comm_insee as commune',
      's.site_epci_siren as territory',
      k.raw('(SELECT count(*) FROM shortlist_items i WHERE i.site_id = s.id) AS shortlist_count'),
      k.raw(
        "(SELECT count(*) FROM shortlist_items i WHERE i.site_id = s.id AND i.snapshot->>'source' = 'match') AS match_count",
      ),
    );
    const stale: Knex.Raw[] = [];
    for (const g of FACT_GROUPS) {
      const fallback = FACT_GROUP_FALLBACK[g].map(column);
      const fields = FACT_GROUP_FIELDS[g].map(column);
      // coalesce(own date, fallback 1, fallback 2…) and (field 1 IS NOT NULL OR …), from constant text.
      const asOf = fallback.reduce(
        (acc, col) => k.raw('coalesce(?, ??)', [acc, col]),
        k.raw('(s.facts_as_of->>?)::date', [g]),
      );
      const known = fields.reduce((acc, col) => k.raw('(? OR ?? IS NOT NULL)', [acc, col]), k.raw('false'));
      q.select(k.raw('? AS ??', [asOf, `asof_${g}`]), k.raw('? AS ??', [known, `known_${g}`]));
      stale.push(k.raw('(? AND coalesce(? <= ?::date, true))', [known, asOf, opts.cutoff]));
    }
    q.where((w) => {
      for (const s of stale) w.orWhereRaw('?', [s]);
    });
    if (opts.territories !== 'all') q.whereIn('s.site_epci_siren', opts.territories);
    // Output names cannot be used in an ORDER BY expression: order the subquery's rows.
    const rows = await k
      .from(q.as('t'))
      .orderByRaw('t.shortlist_count + t.match_count DESC, t.name, t.id')
      .limit(opts.limit);
    const date = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v ? String(v) : null);
    return rows.map((r: Record<string, unknown>) => ({
      id: String(r.id),
      name: String(r.name),
      communeInsee: (r.commune as string | null) ?? null,
      territorySiren: (r.territory as string | null) ?? null,
      groups: FACT_GROUPS.map((group) => ({
        group,
        known: r[`known_${group}`] === true,
        asOf: date(r[`asof_${group}`]),
      })),
      matchCount: Number(r.match_count),
      shortlistCount: Number(r.shortlist_count),
    }));
  }
}
