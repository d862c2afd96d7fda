/**
 * Comparison table: one column per site, one row per score, criterion, key fact and access
 * distance, the best value of each row highlighted (compared across ALL sites, even when the
 * columns are split over several pages).
 *
 * Page rule: at most {@link MAX_COLUMNS} site columns per page, so there are
 * `ceil(n / 6)` comparison pages (one page for up to 6 sites), the columns spread evenly
 * over them (20 sites → 5 + 5 + 5 + 5).
 */

import { countReadiness, readinessText } from '../../sites/readiness.ts';
import { scoreMethodLine } from './cover-page.ts';
import {
  COLOR,
  CONTENT,
  type Ctx,
  drawPageHeader,
  drawRankMarker,
  drawText,
  loc,
  measureText,
  tr,
} from './pdf-draw.ts';
import {
  formatDate,
  formatEurM2,
  formatHa,
  formatKm,
  formatMw,
  formatPercent,
  formatScore,
  formatVoltage,
} from './pdf-format.ts';
import { valueLabel } from './pdf-labels.ts';
import type { InfrastructureKind, ShortlistItem } from './shortlist-document.ts';

/** Site columns per comparison page. */
const MAX_COLUMNS = 6;

/** Number of comparison pages for `n` sites: `comparisonPageCount(7)` → `2`. */
export function comparisonPageCount(n: number): number {
  return Math.max(1, Math.ceil(n / MAX_COLUMNS));
}

/**
 * Splits item indexes into page chunks of near-equal size:
 * `columnChunks(20)` → `[[0..4], [5..9], [10..14], [15..19]]`, `columnChunks(7)` → sizes `[4, 3]`.
 */
export function columnChunks(n: number): number[][] {
  const pages = comparisonPageCount(n);
  const chunks: number[][] = [];
  let start = 0;
  for (let p = 0; p < pages; p++) {
    const size = Math.floor(n / pages) + (p < n % pages ? 1 : 0);
    chunks.push(Array.from({ length: size }, (_, i) => start + i));
    start += size;
  }
  return chunks;
}

/** One table row: the printed text per site and the value used to pick the best. */
export interface ComparisonRow {
  group: 'score' | 'criteria' | 'facts' | 'access';
  label: string;
  cells: string[];
  /** Comparable values (`null` = unknown); higher is better unless `better` is 'low'. */
  values: Array<number | null>;
  better: 'high' | 'low' | null;
}

/**
 * Indexes of the best cells of a row; empty when fewer than two values are known or all
 * known values are equal (highlighting a tie of everyone says nothing). With the printed
 * `cells`, values printed the same tie (13.52 and 13.48 both read "13,5 ha": both or neither):
 * `bestIndexes([3, null, 5, 5], 'high')` → `[2, 3]`.
 */
export function bestIndexes(
  values: Array<number | null>,
  better: 'high' | 'low' | null,
  cells?: readonly string[],
): number[] {
  if (!better) return [];
  const known = values.flatMap((v, i) => (v != null && Number.isFinite(v) ? [i] : []));
  if (known.length < 2) return [];
  const vals = known.map((i) => values[i] as number);
  const best = better === 'high' ? Math.max(...vals) : Math.min(...vals);
  const top = new Set(known.filter((i) => Math.abs((values[i] as number) - best) < 1e-9));
  const shownTop = new Set([...top].map((i) => cells?.[i]));
  const tied = known.filter((i) => top.has(i) || (cells !== undefined && shownTop.has(cells[i])));
  return tied.length === known.length ? [] : tied;
}

const ORDINALS = {
  ppri: { none: 0, blue: 1, red: 2 },
  natura2000: { none: 0, adjacent: 1, inside: 2 },
  soil: { inexistante: 0, peu_probable: 1, supposee: 2, averee: 3 },
} as const;

function nearest(item: ShortlistItem, kinds: InfrastructureKind[]): number | null {
  const ds = (item.infrastructure ?? []).filter((f) => kinds.includes(f.kind)).map((f) => f.distanceM);
  return ds.length ? Math.min(...ds) : null;
}

/** All comparison rows for the items (in rank order). */
export function comparisonRows(ctx: Ctx, items: ShortlistItem[]): ComparisonRow[] {
  const { lang } = ctx;
  const na = '—';
  const rows: ComparisonRow[] = [];
  const num = (
    group: ComparisonRow['group'],
    label: string,
    get: (it: ShortlistItem) => number | null | undefined,
    fmt: (v: number) => string,
    better: ComparisonRow['better'],
  ) => {
    const values = items.map((it) => get(it) ?? null);
    rows.push({ group, label, values, better, cells: values.map((v) => (v == null ? na : fmt(v))) });
  };
  // Scores of different methods are not comparable: the best is highlighted only within one method.
  const kinds = new Set(items.map((it) => it.scoreKind ?? 'weighted_sum'));
  const scores = items.map((it) => it.score);
  rows.push({
    group: 'score',
    label: tr(ctx, 'matchScore'),
    values: scores,
    better: kinds.size === 1 ? 'high' : null,
    cells: items.map((it) => formatScore(lang, it.score, it.scoreKind)),
  });
  // Mixed methods (sites added from different matches): say which is which, in short words that
  // fit a column; the full names are on each site's sheet.
  if (kinds.size > 1)
    rows.push({
      group: 'score',
      label: tr(ctx, 'scoreMethod'),
      values: items.map(() => null),
      better: null,
      cells: items.map((it) => tr(ctx, `methodShort_${it.scoreKind ?? 'weighted_sum'}`)),
    });
  num(
    'score',
    tr(ctx, 'confidence'),
    (it) => it.confidence,
    (v) => formatPercent(lang, v),
    'high',
  );

  // Criteria: union of keys, in the order they first appear along the ranking.
  const seen = new Map<string, string>();
  for (const it of items)
    for (const c of it.criteria) if (!seen.has(c.key)) seen.set(c.key, loc(ctx, c.label));
  for (const [key, label] of seen) {
    num(
      'criteria',
      label,
      (it) => it.criteria.find((c) => c.key === key)?.score,
      (v) => formatPercent(lang, v),
      'high',
    );
  }

  num(
    'facts',
    tr(ctx, 'availableArea'),
    (it) => it.site.availableAreaHa,
    (v) => formatHa(lang, v),
    'high',
  );
  num(
    'facts',
    tr(ctx, 'totalArea'),
    (it) => it.site.areaHa,
    (v) => formatHa(lang, v),
    null,
  );
  num(
    'facts',
    tr(ctx, 'power'),
    (it) => it.site.powerAvailableMw,
    (v) => formatMw(lang, v),
    'high',
  );
  num(
    'facts',
    tr(ctx, 'voltage'),
    (it) => it.site.powerVoltageKv,
    (v) => formatVoltage(lang, v),
    null,
  );
  const bool = (label: string, get: (it: ShortlistItem) => boolean | null | undefined) =>
    num(
      'facts',
      label,
      (it) => {
        const b = get(it);
        return b == null ? null : b ? 1 : 0;
      },
      (v) => (v ? tr(ctx, 'yes') : tr(ctx, 'no')),
      'high',
    );
  bool(tr(ctx, 'railSiding'), (it) => it.site.railSiding);
  bool(tr(ctx, 'quay'), (it) => it.site.quay);
  bool(tr(ctx, 'brownfield'), (it) => it.site.brownfield);
  const ordinal = <K extends keyof typeof ORDINALS>(
    label: string,
    group: K,
    get: (it: ShortlistItem) => string | null | undefined,
  ) => {
    const scale = ORDINALS[group] as Record<string, number>;
    const values = items.map((it) => {
      const v = get(it);
      return v != null && v in scale ? scale[v] : null;
    });
    rows.push({
      group: 'facts',
      label,
      values,
      better: 'low',
      cells: items.map((it) => {
        const v = get(it);
        return v ? valueLabel(lang, group, v) : na;
      }),
    });
  };
  ordinal(tr(ctx, 'ppri'), 'ppri', (it) => it.site.ppriZone);
  ordinal(tr(ctx, 'natura2000'), 'natura2000', (it) => it.site.natura2000);
  ordinal(tr(ctx, 'soilPollution'), 'soil', (it) => it.site.soilPollution);
  {
    // Earliest availability is best; anything already available counts as "now".
    const today = ctx.data.generatedAt.slice(0, 10);
    const values = items.map((it) => {
      const d = it.site.availableFrom;
      if (!d) return null;
      // ISO dates compare as strings; an earlier date means available now.
      const from = d.slice(0, 10).localeCompare(today) > 0 ? d.slice(0, 10) : today;
      return Date.parse(`${from}T00:00:00Z`);
    });
    // Short form in cells: narrow columns have no room for "from …".
    const cells = items.map((it) => {
      const d = it.site.availableFrom;
      if (!d) return na;
      return d.slice(0, 10) <= today ? tr(ctx, 'immediately') : formatDate(lang, d, 'short');
    });
    rows.push({ group: 'facts', label: tr(ctx, 'availability'), values, better: 'low', cells });
  }
  num(
    'facts',
    tr(ctx, 'price'),
    (it) => it.site.priceEurM2,
    (v) => formatEurM2(lang, v),
    'low',
  );
  {
    // One count everywhere (sites/readiness.ts): "5/6 prêts" as on the site panel and the screen.
    const values = items.map((it) => countReadiness(it.site.readiness)?.ready ?? null);
    rows.push({
      group: 'facts',
      label: tr(ctx, 'readinessDone'),
      values,
      better: 'high',
      cells: values.map((v) => (v === null ? na : readinessText(v, lang))),
    });
  }

  const access: Array<[InfrastructureKind[], string]> = [
    [['motorway_access'], valueLabel(lang, 'kind', 'motorway_access')],
    [['rail_freight'], valueLabel(lang, 'kind', 'rail_freight')],
    [['port'], valueLabel(lang, 'kind', 'port')],
    [['airport'], valueLabel(lang, 'kind', 'airport')],
    [
      ['substation', 'substation_63kv', 'substation_225kv', 'substation_400kv'],
      valueLabel(lang, 'kind', 'substation'),
    ],
  ];
  for (const [kinds, label] of access) {
    if (!items.some((it) => nearest(it, kinds) != null)) continue;
    num(
      'access',
      label,
      (it) => nearest(it, kinds),
      (v) => formatKm(lang, v),
      'low',
    );
  }
  return rows;
}

const GROUP_LABEL: Record<ComparisonRow['group'], 'score' | 'criteria' | 'keyFacts' | 'access'> = {
  score: 'score',
  criteria: 'criteria',
  facts: 'keyFacts',
  access: 'access',
};

/** Draws one comparison page with the given item indexes as columns. */
export function drawComparisonPage(
  ctx: Ctx,
  items: ShortlistItem[],
  rows: ComparisonRow[],
  columns: number[],
  part: number,
  parts: number,
): void {
  const { doc } = ctx;
  const subtitle =
    tr(ctx, 'comparisonSubtitle', { n: items.length }) +
    (parts > 1 ? ` — ${tr(ctx, 'comparisonPart', { p: part, n: parts })}` : '');
  drawPageHeader(ctx, tr(ctx, 'comparisonTitle'), subtitle);

  const labelW = columns.length > 4 ? 128 : 150;
  const colW = (CONTENT.w - labelW) / columns.length;
  const x0 = CONTENT.x;
  let y = CONTENT.top;
  y +=
    drawText(doc, scoreMethodLine(ctx, items), x0, y, CONTENT.w, {
      font: 'cond',
      size: 7.5,
      color: COLOR.muted,
    }) + 4;

  // Column headers: rank marker, name (up to 3 lines), commune.
  const nameStyle = {
    font: 'condBold' as const,
    size: 8,
    color: COLOR.navy,
    maxLines: 3,
    align: 'center' as const,
  };
  const headerH =
    Math.max(...columns.map((i) => measureText(doc, items[i].site.name, colW - 8, nameStyle))) + 40;
  doc
    .save()
    .rect(x0 + labelW, y, CONTENT.w - labelW, headerH)
    .fill(COLOR.panel)
    .restore();
  columns.forEach((i, c) => {
    const cx = x0 + labelW + c * colW;
    drawRankMarker(doc, items[i].rank, cx + colW / 2, y + 12, 8, COLOR.teal);
    const nh = drawText(doc, items[i].site.name, cx + 4, y + 24, colW - 8, nameStyle);
    drawText(doc, items[i].site.communeName, cx + 4, y + 26 + nh, colW - 8, {
      font: 'cond',
      size: 7,
      color: COLOR.muted,
      align: 'center',
      maxLines: 1,
    });
  });
  y += headerH + 4;

  const groups = new Set(rows.map((r) => r.group)).size;
  const avail = CONTENT.bottom - y - 6;
  const rowH = Math.max(11, Math.min(19, (avail - groups * 16) / rows.length));
  const size = rowH < 14 ? 7 : 8;
  let group: ComparisonRow['group'] | null = null;
  let zebra = 0;
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      zebra = 0;
      drawText(doc, tr(ctx, GROUP_LABEL[group]).toUpperCase(), x0, y + 4, CONTENT.w, {
        font: 'bold',
        size: 7,
        color: COLOR.teal,
        characterSpacing: 0.6,
        maxLines: 1,
      });
      doc
        .save()
        .moveTo(x0, y + 14)
        .lineTo(x0 + CONTENT.w, y + 14)
        .lineWidth(0.6)
        .strokeColor(COLOR.teal)
        .stroke()
        .restore();
      y += 16;
    }
    if (zebra++ % 2 === 1) doc.save().rect(x0, y, CONTENT.w, rowH).fill('#F7F8FA').restore();
    const ty = y + (rowH - size * 1.17) / 2;
    drawText(doc, row.label, x0 + 4, ty, labelW - 8, { font: 'cond', size, color: COLOR.ink, maxLines: 1 });
    const best = new Set(bestIndexes(row.values, row.better, row.cells));
    columns.forEach((i, c) => {
      const cx = x0 + labelW + c * colW;
      const isBest = best.has(i);
      if (isBest)
        doc
          .save()
          .roundedRect(cx + 3, y + 1.5, colW - 6, rowH - 3, 3)
          .fill(COLOR.greenBg)
          .restore();
      drawText(doc, row.cells[i], cx + 4, ty, colW - 8, {
        font: isBest ? 'condBold' : 'cond',
        size,
        color: isBest ? COLOR.green : row.values[i] == null ? COLOR.faint : COLOR.ink,
        align: 'center',
        maxLines: 1,
      });
    });
    y += rowH;
    doc
      .save()
      .moveTo(x0, y)
      .lineTo(x0 + CONTENT.w, y)
      .lineWidth(0.25)
      .strokeColor('#E4E7EC')
      .stroke()
      .restore();
  }
}
