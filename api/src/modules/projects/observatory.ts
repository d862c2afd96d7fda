/**
 * The relocation observatory: the visible projects counted by sector, status, territory and
 * outcome, the reasons for losses, and per month the projects created, landed and lost.
 * Outcomes are the projects' current status, dated by when they reached it (a lost project
 * reopened as a lead counts as open again). Aggregated here from one lean row per project:
 * a region handles hundreds to a few thousand projects, so this is a few milliseconds.
 */
import { LOSS_REASONS, type ObservatorySummary, PROJECT_STATUSES, SECTORS } from './projects.schemas.ts';
import type { ObservatoryRow } from './projects.store.ts';
import { toCsv } from './shortlist.export.ts';

const monthOf = (isoTs: string) => isoTs.slice(0, 7);

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/** `summarizeObservatory(rows, new Date())` → counts as in {@link ObservatorySummary}. */
export function summarizeObservatory(rows: readonly ObservatoryRow[], now: Date): ObservatorySummary {
  const outcome = (r: ObservatoryRow) =>
    r.status === 'landed' ? 'landed' : r.status === 'lost' ? 'lost' : 'open';
  const bySector = SECTORS.map((sector) => {
    const of = rows.filter((r) => r.sector === sector);
    return {
      sector,
      count: of.length,
      open: of.filter((r) => outcome(r) === 'open').length,
      landed: of.filter((r) => outcome(r) === 'landed').length,
      lost: of.filter((r) => outcome(r) === 'lost').length,
    };
  });
  const byStatus = PROJECT_STATUSES.map((status) => ({
    status,
    count: rows.filter((r) => r.status === status).length,
  }));

  const territories = new Map<string | null, { count: number; landed: number; lost: number }>();
  for (const r of rows) {
    for (const t of r.territories.length > 0 ? r.territories : [null]) {
      const e = territories.get(t) ?? { count: 0, landed: 0, lost: 0 };
      e.count += 1;
      if (outcome(r) === 'landed') e.landed += 1;
      if (outcome(r) === 'lost') e.lost += 1;
      territories.set(t, e);
    }
  }
  const byTerritory = [...territories.entries()]
    .map(([territory, e]) => ({ territory, ...e }))
    .sort((a, b) => b.count - a.count || String(a.territory).localeCompare(String(b.territory)));

  const lost = rows.filter((r) => r.status === 'lost');
  const lossReasons = LOSS_REASONS.map((reason) => ({
    reason,
    count: lost.filter((r) => r.lossReason === reason).length,
  }));

  const months = new Map<string, { created: number; landed: number; lost: number }>();
  const bump = (m: string, k: 'created' | 'landed' | 'lost') => {
    const e = months.get(m) ?? { created: 0, landed: 0, lost: 0 };
    e[k] += 1;
    months.set(m, e);
  };
  for (const r of rows) {
    bump(monthOf(r.createdAt), 'created');
    if (r.status === 'landed') bump(monthOf(r.statusChangedAt), 'landed');
    if (r.status === 'lost') bump(monthOf(r.statusChangedAt), 'lost');
  }
  const byMonth: ObservatorySummary['byMonth'] = [];
  if (months.size > 0) {
    const last = monthOf(now.toISOString());
    let m = [...months.keys()].sort()[0];
    // A clock behind the data would loop forever without the upper bound on the count.
    for (let i = 0; i < 1200 && m <= last; i++, m = nextMonth(m)) {
      byMonth.push({ month: m, ...(months.get(m) ?? { created: 0, landed: 0, lost: 0 }) });
    }
  }

  return {
    generatedAt: now.toISOString(),
    total: rows.length,
    bySector,
    byStatus,
    byTerritory,
    outcomes: {
      open: rows.filter((r) => outcome(r) === 'open').length,
      landed: rows.filter((r) => outcome(r) === 'landed').length,
      lost: lost.length,
    },
    lossReasons,
    byMonth,
  };
}

/**
 * The summary as one tidy CSV table, `dimension,key,metric,value`, ready for a pivot table:
 * `sector,battery_cells,projects,3` … `month,2026-05,created,2`.
 */
export function observatoryCsv(s: ObservatorySummary): string {
  const rows: Array<[string, string, string, number]> = [['total', '', 'projects', s.total]];
  for (const x of s.bySector) {
    rows.push(['sector', x.sector, 'projects', x.count]);
    rows.push(['sector', x.sector, 'open', x.open]);
    rows.push(['sector', x.sector, 'landed', x.landed]);
    rows.push(['sector', x.sector, 'lost', x.lost]);
  }
  for (const x of s.byStatus) rows.push(['status', x.status, 'projects', x.count]);
  for (const x of s.byTerritory) {
    const key = x.territory ?? 'none';
    rows.push(['territory', key, 'projects', x.count]);
    rows.push(['territory', key, 'landed', x.landed]);
    rows.push(['territory', key, 'lost', x.lost]);
  }
  for (const k of ['open', 'landed', 'lost'] as const) rows.push(['outcome', k, 'projects', s.outcomes[k]]);
  for (const x of s.lossReasons) rows.push(['loss_reason', x.reason, 'projects', x.count]);
  for (const x of s.byMonth) {
    rows.push(['month', x.month, 'created', x.created]);
    rows.push(['month', x.month, 'landed', x.landed]);
    rows.push(['month', x.month, 'lost', x.lost]);
  }
  return toCsv(['dimension', 'key', 'metric', 'value'], rows);
}
