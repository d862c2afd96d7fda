/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) helpers: run a statement inside a transaction that is
 * rolled back (so an INSERT profiled here writes nothing) and flatten the plan into the figures
 * the report needs.
 */
import type { Knex } from 'knex';

export interface PlanNode {
  type: string;
  relation?: string;
  index?: string;
  /** Actual total time of one loop × loops (ms). */
  totalMs: number;
  loops: number;
  rows: number;
  sharedHit: number;
  sharedRead: number;
}

export interface Profile {
  executionMs: number;
  planningMs: number;
  nodes: PlanNode[];
  /** The text plan, for the report's appendix. */
  text: string;
}

interface RawPlan {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Total Time': number;
  'Actual Loops': number;
  'Actual Rows': number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: RawPlan[];
}

function flatten(p: RawPlan, out: PlanNode[]): void {
  out.push({
    type: p['Node Type'],
    relation: p['Relation Name'],
    index: p['Index Name'],
    totalMs: Math.round(p['Actual Total Time'] * p['Actual Loops'] * 10) / 10,
    loops: p['Actual Loops'],
    rows: p['Actual Rows'],
    sharedHit: p['Shared Hit Blocks'] ?? 0,
    sharedRead: p['Shared Read Blocks'] ?? 0,
  });
  for (const c of p.Plans ?? []) flatten(c, out);
}

/**
 * Profiles `sql` with its bindings in a rolled-back transaction; `setup` runs first in the same
 * transaction (e.g. a DELETE the statement depends on).
 * @example const p = await explainAnalyze(knex, 'SELECT 1');
 */
export async function explainAnalyze(
  knex: Knex,
  sql: string,
  bindings: readonly Knex.Value[] = [],
  setup?: (trx: Knex.Transaction) => Promise<void>,
): Promise<Profile> {
  const trx = await knex.transaction();
  try {
    await trx.raw('SET LOCAL max_parallel_workers_per_gather = 0');
    if (setup) await setup(trx);
    // Each EXPLAIN ANALYZE in its own savepoint: the statement really runs (an INSERT would
    // otherwise collide with itself the second time).
    const inSavepoint = async (prefix: string) => {
      await trx.raw('SAVEPOINT bench_explain');
      try {
        return await trx.raw(`${prefix} ${sql}`, bindings as Knex.Value[]);
      } finally {
        await trx.raw('ROLLBACK TO SAVEPOINT bench_explain');
      }
    };
    const r = await inSavepoint('EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)');
    const json = r.rows[0]['QUERY PLAN'][0] as {
      Plan: RawPlan;
      'Execution Time': number;
      'Planning Time': number;
    };
    const t = await inSavepoint('EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)');
    const nodes: PlanNode[] = [];
    flatten(json.Plan, nodes);
    return {
      executionMs: Math.round(json['Execution Time'] * 10) / 10,
      planningMs: Math.round(json['Planning Time'] * 10) / 10,
      nodes,
      text: shortenLiterals(t.rows.map((x: { 'QUERY PLAN': string }) => x['QUERY PLAN']).join('\n')),
    };
  } finally {
    await trx.rollback();
  }
}

/**
 * Long array literals (the 2,000 bound ids of a batch) shortened to their first element and a count.
 * @example shortenLiterals("id = ANY ('{a,b,c}'::uuid[])") // unchanged below 200 characters
 */
export function shortenLiterals(text: string): string {
  return text.replace(/'\{([^}']{200,})\}'/g, (_m, body: string) => {
    const items = body.split(',');
    return `'{${items[0]},… ${items.length} values}'`;
  });
}
