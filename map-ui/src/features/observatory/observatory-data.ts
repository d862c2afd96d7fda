/**
 * The observatory summary (`GET /api/observatory`) shaped for the charts: labelled rows in
 * the UI language, empty categories dropped where a zero bar says nothing, the months
 * named, and the headline figures (conversion rate of decided projects).
 */
import type { ObservatorySummary } from '../../api/projects.ts';

type Label = (key: string, fallback: string) => string;

export interface SectorRow {
  sector: string;
  label: string;
  open: number;
  landed: number;
  lost: number;
}

/** Sectors that have projects, most projects first. */
export function sectorRows(s: ObservatorySummary, label: Label): SectorRow[] {
  return s.bySector
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((x) => ({
      sector: x.sector,
      label: label(`sector.${x.sector}`, x.sector),
      open: x.open,
      landed: x.landed,
      lost: x.lost,
    }));
}

/** Every status of the pipeline in order, zeros kept (an empty step is information). */
export function statusRows(
  s: ObservatorySummary,
  label: Label,
): Array<{ status: string; label: string; count: number }> {
  return s.byStatus.map((x) => ({
    status: x.status,
    label: label(`projectStatus.${x.status}`, x.status),
    count: x.count,
  }));
}

/** Loss reasons that occurred, most frequent first. */
export function lossRows(
  s: ObservatorySummary,
  label: Label,
): Array<{ reason: string; label: string; count: number }> {
  return s.lossReasons
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((x) => ({ reason: x.reason, label: label(`loss.${x.reason}`, x.reason), count: x.count }));
}

/**
 * The last `max` months, named in the locale: `monthRows(s, 'fr-FR')[0].label` → "janv. 2026".
 */
export function monthRows(
  s: ObservatorySummary,
  locale: string,
  max = 24,
): Array<{ month: string; label: string; created: number; landed: number; lost: number }> {
  const f = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return s.byMonth.slice(-max).map((m) => ({ ...m, label: f.format(new Date(`${m.month}-01T00:00:00Z`)) }));
}

/**
 * Headline figures; the success rate counts decided projects only (landed / (landed + lost)),
 * null when none is decided yet.
 */
export function headline(s: ObservatorySummary): {
  total: number;
  open: number;
  landed: number;
  lost: number;
  successRate: number | null;
} {
  const decided = s.outcomes.landed + s.outcomes.lost;
  return { total: s.total, ...s.outcomes, successRate: decided > 0 ? s.outcomes.landed / decided : null };
}
