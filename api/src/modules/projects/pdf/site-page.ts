/**
 * The sheet of one shortlisted site: title with rank, score, the score's method and the
 * confidence; what a reader must know (flags); mini-map with access legend; key facts and
 * contact; criteria bars, each with its whole reason; then readiness on the left and, on the
 * right, the facts that lower the confidence, the points to confirm and the staff note.
 *
 * Explanations are never cut: every text block is measured at its full height and the sheet
 * flows onto continuation pages ("<name> (continued)") when they do not fit, a block (one
 * criterion, one point to confirm…) never split across pages. Short labels of fixed lists
 * (facts, access legend, readiness items) keep their bounded boxes.
 */
import { drawMiniMap } from './mini-map.ts';
import {
  COLOR,
  CONTENT,
  type Ctx,
  drawContactPanel,
  drawKindSymbol,
  drawPageHeader,
  drawPanel,
  drawPill,
  drawRankMarker,
  drawScaleBar,
  drawSectionTitle,
  drawText,
  loc,
  measureText,
  type TextStyle,
  tr,
} from './pdf-draw.ts';
import {
  formatDate,
  formatEurM2,
  formatGap,
  formatHa,
  formatKm,
  formatMw,
  formatNumber,
  formatPercent,
  formatQuantity,
  formatScore,
  formatVoltage,
  NBSP,
} from './pdf-format.ts';
import { methodName, valueLabel } from './pdf-labels.ts';
import type {
  ConfirmWarning,
  InfrastructureKind,
  ReadinessEntry,
  ShortlistItem,
  Site,
} from './shortlist-document.ts';

const KIND_ORDER: InfrastructureKind[] = [
  'motorway_access',
  'rail_freight',
  'port',
  'airport',
  'substation',
  'substation_63kv',
  'substation_225kv',
  'substation_400kv',
];

/** The key facts of a site as label/value pairs in the document's language. */
function siteFacts(ctx: Ctx, site: Site): Array<[string, string]> {
  const { lang } = ctx;
  const na = tr(ctx, 'notStated');
  const yesNo = (v: boolean | null | undefined) => (v == null ? na : v ? tr(ctx, 'yes') : tr(ctx, 'no'));
  return [
    [tr(ctx, 'availableArea'), site.availableAreaHa != null ? formatHa(lang, site.availableAreaHa) : na],
    [tr(ctx, 'totalArea'), site.areaHa != null ? formatHa(lang, site.areaHa) : na],
    [tr(ctx, 'power'), site.powerAvailableMw != null ? formatMw(lang, site.powerAvailableMw) : na],
    [tr(ctx, 'voltage'), site.powerVoltageKv != null ? formatVoltage(lang, site.powerVoltageKv) : na],
    [tr(ctx, 'railSiding'), yesNo(site.railSiding)],
    [tr(ctx, 'quay'), yesNo(site.quay)],
    [tr(ctx, 'brownfield'), yesNo(site.brownfield)],
    [tr(ctx, 'ppri'), site.ppriZone ? valueLabel(lang, 'ppri', site.ppriZone) : na],
    [tr(ctx, 'natura2000'), site.natura2000 ? valueLabel(lang, 'natura2000', site.natura2000) : na],
    [tr(ctx, 'soilPollution'), site.soilPollution ? valueLabel(lang, 'soil', site.soilPollution) : na],
    [tr(ctx, 'labourPool30'), labourPoolText(ctx, site.labourPool30)],
    [tr(ctx, 'availability'), availabilityText(ctx, site.availableFrom)],
    [tr(ctx, 'price'), site.priceEurM2 != null ? formatEurM2(lang, site.priceEurM2) : na],
  ];
}

/** "185 981 actifs, dont 14 200 chômeurs (estimation)". */
function labourPoolText(ctx: Ctx, p: Site['labourPool30']): string {
  if (!p) return tr(ctx, 'notStated');
  const text = tr(ctx, 'labourPoolValue', {
    a: formatNumber(ctx.lang, p.active, 0),
    u: formatNumber(ctx.lang, p.unemployed, 0),
  });
  return p.method === 'estimate' ? `≈${NBSP}${text}` : text;
}

/** "immediately" for a past or current date, else "from <date>". */
function availabilityText(ctx: Ctx, iso: string | null | undefined): string {
  if (!iso) return tr(ctx, 'notStated');
  if (iso.slice(0, 10) <= ctx.data.generatedAt.slice(0, 10)) return tr(ctx, 'immediately');
  return tr(ctx, 'fromDate', { d: formatDate(ctx.lang, iso) });
}

function qualityPill(quality: Site['dataQuality']): { bg: string; fg: string } {
  if (quality === 'sourced') return { bg: COLOR.greenBg, fg: COLOR.green };
  if (quality === 'estimated') return { bg: COLOR.amberBg, fg: COLOR.amber };
  return { bg: '#ECEEF2', fg: COLOR.muted };
}

/** Score box on the right of the title: score, its method, confidence. Returns its height. */
function drawScoreBox(ctx: Ctx, item: ShortlistItem, x: number, y: number, w: number): number {
  const { doc, lang } = ctx;
  const method = methodName(lang, item.scoreKind);
  const methodStyle: TextStyle = { font: 'cond', size: 7, color: COLOR.muted, align: 'center' };
  const methodH = measureText(doc, method, w - 8, methodStyle);
  const h = 56 + methodH + 12;
  doc.save().roundedRect(x, y, w, h, 4).fill(COLOR.panel).restore();
  drawText(doc, tr(ctx, 'matchScore').toUpperCase(), x, y + 6, w, {
    font: 'bold',
    size: 6.5,
    color: COLOR.muted,
    align: 'center',
    characterSpacing: 0.5,
    maxLines: 1,
  });
  drawText(doc, formatScore(lang, item.score, item.scoreKind), x, y + 16, w, {
    font: 'bold',
    size: 20,
    color: COLOR.teal,
    align: 'center',
    maxLines: 1,
  });
  drawText(doc, method, x + 4, y + 41, w - 8, methodStyle);
  drawText(doc, `${tr(ctx, 'confidence')} ${formatPercent(lang, item.confidence)}`, x, y + 45 + methodH, w, {
    font: 'condBold',
    size: 7.5,
    color: COLOR.ink,
    align: 'center',
    maxLines: 1,
  });
  return h;
}

function drawTitle(ctx: Ctx, item: ShortlistItem): number {
  const { doc, lang } = ctx;
  const site = item.site;
  const x = CONTENT.x;
  const scoreW = 112;
  drawRankMarker(doc, item.rank, x + 14, 58, 14, COLOR.teal);
  const nameX = x + 38;
  const nameW = CONTENT.w - 38 - scoreW - 10;
  const nameH = drawText(doc, site.name, nameX, 42, nameW, { font: 'bold', size: 15, color: COLOR.navy });
  const place = `${site.communeName} (${site.communeInsee}) · ${site.department} · ${site.region}`;
  const placeH = drawText(doc, place, nameX, 44 + nameH, nameW, { size: 8.5, color: COLOR.muted });
  let px = nameX;
  const py = 50 + nameH + placeH;
  const pills: Array<{ text: string; bg: string; fg: string }> = [];
  if (site.dataQuality)
    pills.push({ text: valueLabel(lang, 'quality', site.dataQuality), ...qualityPill(site.dataQuality) });
  for (const l of site.labels ?? [])
    pills.push({ text: valueLabel(lang, 'label', l), bg: COLOR.tealLight, fg: COLOR.teal });
  for (const p of pills) {
    if (px > nameX + nameW - 60) break;
    px += drawPill(doc, p.text, px, py, { bg: p.bg, fg: p.fg, size: 7 }) + 5;
  }
  const boxH = drawScoreBox(ctx, item, x + CONTENT.w - scoreW, 40, scoreW);
  return Math.max(py + (pills.length ? 16 : 0), 40 + boxH) + 8;
}

/** A block of a flowing sheet: its height at its width, and how to draw it there. */
interface Block {
  h: number;
  draw(y: number): void;
  /** A heading: placed only with the block after it. */
  keepWithNext?: boolean;
  /** The section a heading opens, repeated "(continued)" atop a new page when its blocks go on there. */
  section?: { title: string; x: number; w: number };
}

/** Starts a continuation page of the sheet and returns where its content starts. */
type NextPage = () => number;

/** Whether block `i` (with the block it must stay with) fits between `y` and the page bottom. */
function fits(blocks: readonly Block[], i: number, y: number): boolean {
  const b = blocks[i];
  const need = b.h + (b.keepWithNext && blocks[i + 1] ? blocks[i + 1].h : 0);
  return y + need <= CONTENT.bottom;
}

/**
 * Places one or more columns of blocks side by side from `y`, in order; when a column's next
 * block does not fit, it waits, and once no column can place anything more the sheet goes on
 * on a new page where every column resumes. A block taller than a whole page is still drawn
 * (never dropped). Returns the y below the lowest column.
 */
function flowColumns(
  ctx: Ctx,
  columns: ReadonlyArray<readonly Block[]>,
  y: number,
  nextPage: NextPage,
): number {
  const at = columns.map(() => 0);
  const ys = columns.map(() => y);
  const sections = columns.map((): Block['section'] => undefined);
  // The top of a fresh continuation page, where a block is placed even if it cannot fit.
  let top = Number.NaN;
  for (;;) {
    columns.forEach((blocks, c) => {
      while (at[c] < blocks.length && (fits(blocks, at[c], ys[c]) || ys[c] === top)) {
        sections[c] = blocks[at[c]].section ?? sections[c];
        blocks[at[c]].draw(ys[c]);
        ys[c] += blocks[at[c]].h;
        at[c]++;
      }
    });
    if (columns.every((blocks, c) => at[c] >= blocks.length)) return Math.max(...ys);
    top = nextPage();
    columns.forEach((blocks, c) => {
      ys[c] = top;
      const section = sections[c];
      if (section && at[c] < blocks.length && !blocks[at[c]].section) {
        ys[c] += drawSectionTitle(
          ctx.doc,
          `${section.title} (${tr(ctx, 'continued')})`,
          section.x,
          top,
          section.w,
        );
      }
    });
  }
}

/** A section heading block (kept with what follows). */
function titleBlock(ctx: Ctx, text: string, x: number, w: number): Block {
  return {
    h: 17,
    keepWithNext: true,
    section: { title: text, x, w },
    draw: (y) => drawSectionTitle(ctx.doc, text, x, y, w),
  };
}

/** A block of wrapped text, whole (no line limit). */
function textBlock(ctx: Ctx, text: string, x: number, w: number, style: TextStyle, after = 4): Block {
  const h = measureText(ctx.doc, text, w, style) + after;
  return { h, draw: (y) => drawText(ctx.doc, text, x, y, w, style) };
}

/**
 * "Good to know": the flags of the match (under option until…, new connection estimated…),
 * each whole, in an amber panel across the page.
 */
function flagBlocks(ctx: Ctx, item: ShortlistItem): Block[] {
  const flags = (item.flags ?? []).map((f) => loc(ctx, f)).filter(Boolean);
  if (flags.length === 0) return [];
  const { doc } = ctx;
  const x = CONTENT.x;
  const w = CONTENT.w;
  const style: TextStyle = { font: 'cond', size: 8, color: COLOR.ink };
  const heights = flags.map((f) => measureText(doc, f, w - 30, style) + 2);
  const h = 22 + heights.reduce((a, b) => a + b, 0) + 6;
  return [
    {
      h: h + 8,
      draw: (y) => {
        drawPanel(doc, tr(ctx, 'goodToKnow'), x, y, w, h, { bg: COLOR.amberBg, accent: COLOR.amber });
        let cy = y + 22;
        flags.forEach((f, i) => {
          doc
            .save()
            .circle(x + 16, cy + 4.5, 1.8)
            .fill(COLOR.amber)
            .restore();
          drawText(doc, f, x + 24, cy, w - 30, style);
          cy += heights[i];
        });
      },
    },
  ];
}

/** Legend under the mini-map: plot swatches, then one row per nearest feature with its distance. */
function drawAccessLegend(
  ctx: Ctx,
  item: ShortlistItem,
  metresPerPoint: number | null,
  x: number,
  y: number,
  w: number,
  maxH: number,
): number {
  const { doc } = ctx;
  let cy = y;
  doc
    .save()
    .rect(x, cy + 1, 12, 8)
    .fillOpacity(0.35)
    .fill(COLOR.plot)
    .restore();
  doc
    .save()
    .rect(x, cy + 1, 12, 8)
    .lineWidth(1.2)
    .strokeColor(COLOR.plot)
    .stroke()
    .restore();
  drawText(doc, tr(ctx, 'plot'), x + 16, cy, 70, { font: 'cond', size: 7.5, color: COLOR.ink, maxLines: 1 });
  doc
    .save()
    .rect(x + 82, cy + 1, 12, 8)
    .lineWidth(0.6)
    .fillAndStroke('#E6E9EE', COLOR.neighbour)
    .restore();
  drawText(doc, tr(ctx, 'neighbours'), x + 98, cy, 90, {
    font: 'cond',
    size: 7.5,
    color: COLOR.ink,
    maxLines: 1,
  });
  if (metresPerPoint) {
    // At most 80 pt long, ending at most 30 pt (label room) before the column's right edge.
    const barMax = 80;
    drawScaleBar(ctx, x + w - barMax - 30, cy + 3, metresPerPoint, barMax);
  }
  cy += 15;
  const features = [...(item.infrastructure ?? [])].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.distanceM - b.distanceM,
  );
  const rowH = 12.5;
  for (let i = 0; i < features.length; i++) {
    if (cy + rowH > y + maxH) {
      drawText(doc, tr(ctx, 'moreItems', { n: features.length - i }), x + 16, cy, w - 16, {
        font: 'cond',
        size: 7,
        color: COLOR.muted,
        maxLines: 1,
      });
      cy += rowH;
      break;
    }
    const f = features[i];
    drawKindSymbol(doc, f.kind, x + 6, cy + 4.5, 4.5);
    const kindW = 86;
    drawText(doc, valueLabel(ctx.lang, 'kind', f.kind), x + 16, cy, kindW, {
      font: 'condBold',
      size: 7.5,
      color: COLOR.ink,
      maxLines: 1,
    });
    // Distance, and the drive time by car ("≈" when estimated from the straight line).
    const minutes =
      f.driveMinutes != null
        ? ` · ${f.driveMethod === 'estimate' ? '≈' : ''}${formatNumber(ctx.lang, f.driveMinutes, f.driveMinutes < 10 ? 1 : 0)}${NBSP}min`
        : '';
    const distW = minutes ? 74 : 42;
    drawText(doc, f.name, x + 16 + kindW, cy, w - 16 - kindW - distW - 2, {
      font: 'cond',
      size: 7.5,
      color: COLOR.muted,
      maxLines: 1,
    });
    drawText(doc, `${formatKm(ctx.lang, f.distanceM)}${minutes}`, x + w - distW, cy, distW, {
      font: 'condBold',
      size: 7.5,
      color: COLOR.ink,
      align: 'right',
      maxLines: 1,
    });
    cy += rowH;
  }
  return cy - y;
}

function drawFacts(ctx: Ctx, site: Site, x: number, y: number, w: number): number {
  const { doc } = ctx;
  let cy = y + drawSectionTitle(doc, tr(ctx, 'keyFacts'), x, y, w);
  const labelW = w * 0.5;
  siteFacts(ctx, site).forEach(([k, v], i) => {
    const vh = measureText(doc, v, w - labelW - 4, { font: 'condBold', size: 8, maxLines: 2 });
    const kh = measureText(doc, k, labelW - 4, { font: 'cond', size: 7.5, maxLines: 2 });
    const h = Math.max(vh, kh) + 4.5;
    if (i % 2 === 0)
      doc
        .save()
        .rect(x, cy - 1.5, w, h)
        .fill(COLOR.panel)
        .restore();
    drawText(doc, k, x + 4, cy, labelW - 4, { font: 'cond', size: 7.5, color: COLOR.muted, maxLines: 2 });
    drawText(doc, v, x + labelW, cy - 0.5, w - labelW - 4, {
      font: 'condBold',
      size: 8,
      color: COLOR.ink,
      maxLines: 2,
    });
    cy += h;
  });
  return cy - y;
}

/**
 * Columns of a criterion row: label, bar, score, weight, then the reason beside them when it
 * takes at most two lines there, else on its own lines under the row across the page.
 */
const CRIT = { labelW: 150, barW: 96, valueW: 34, weightW: 46, gap: 8 } as const;
const CRIT_REASON_X = CRIT.labelW + CRIT.barW + 4 + CRIT.valueW + CRIT.weightW + CRIT.gap;

function scoreColor(score: number): string {
  if (score >= 0.75) return COLOR.teal;
  if (score >= 0.5) return '#4E9BA6';
  if (score >= 0.25) return '#D08A3A';
  return COLOR.red;
}

/** One block per criterion: label, bar, score, weight and the whole reason. */
function criterionBlocks(ctx: Ctx, item: ShortlistItem): Block[] {
  const { doc, lang } = ctx;
  const x = CONTENT.x;
  const totalWeight = item.criteria.reduce((s, c) => s + Math.max(0, c.weight), 0) || 1;
  const labelStyle: TextStyle = { font: 'condBold', size: 8, color: COLOR.ink };
  const reasonStyle: TextStyle = { font: 'cond', size: 7.5, color: COLOR.muted };
  const sideW = CONTENT.w - CRIT_REASON_X;
  const twoLines = 2 * measureText(doc, 'x', sideW, reasonStyle) + 0.5;
  return item.criteria.map((c, i): Block => {
    const label = loc(ctx, c.label);
    const reason = loc(ctx, c.reason);
    const lh = Math.max(measureText(doc, label, CRIT.labelW - 6, labelStyle), 10);
    const sideH = reason ? measureText(doc, reason, sideW, reasonStyle) : 0;
    const beside = sideH <= twoLines;
    const belowW = CONTENT.w - 8;
    const belowH = beside ? 0 : measureText(doc, reason, belowW, reasonStyle) + 1;
    const h = (beside ? Math.max(lh, sideH) : lh + belowH) + 7;
    return {
      h,
      draw: (y) => {
        let cx = x;
        drawText(doc, label, cx, y, CRIT.labelW - 6, labelStyle);
        cx += CRIT.labelW;
        const score = Math.max(0, Math.min(1, c.score));
        doc
          .save()
          .roundedRect(cx, y + 1.5, CRIT.barW, 7, 3.5)
          .fill('#E4E8EE')
          .restore();
        if (score > 0)
          doc
            .save()
            .roundedRect(cx, y + 1.5, Math.max(7, CRIT.barW * score), 7, 3.5)
            .fill(scoreColor(score))
            .restore();
        cx += CRIT.barW + 4;
        drawText(doc, formatPercent(lang, score), cx, y, CRIT.valueW, {
          font: 'condBold',
          size: 8,
          color: COLOR.ink,
          maxLines: 1,
        });
        cx += CRIT.valueW;
        drawText(
          doc,
          `${tr(ctx, 'weight')} ${formatPercent(lang, Math.max(0, c.weight) / totalWeight)}`,
          cx,
          y + 0.5,
          CRIT.weightW,
          { font: 'cond', size: 7, color: COLOR.faint, maxLines: 1 },
        );
        if (reason && beside) drawText(doc, reason, x + CRIT_REASON_X, y, sideW, reasonStyle);
        else if (reason) drawText(doc, reason, x + 8, y + lh + 1, belowW, reasonStyle);
        if (i < item.criteria.length - 1)
          doc
            .save()
            .moveTo(x, y + h - 3)
            .lineTo(x + CONTENT.w, y + h - 3)
            .lineWidth(0.3)
            .strokeColor('#E4E7EC')
            .stroke()
            .restore();
      },
    };
  });
}

/** The readiness status mark: a tick (done), a half disc (in progress), a ring (to start), a dash. */
function statusDot(ctx: Ctx, status: ReadinessEntry['status'], x: number, y: number): void {
  const { doc } = ctx;
  const r = 3.6;
  doc.save();
  if (status === 'done') {
    doc.circle(x, y, r).fill(COLOR.green);
    doc
      .moveTo(x - 1.8, y)
      .lineTo(x - 0.5, y + 1.4)
      .lineTo(x + 1.9, y - 1.5)
      .lineWidth(1)
      .strokeColor(COLOR.white)
      .stroke();
  } else if (status === 'in_progress') {
    doc.circle(x, y, r).lineWidth(1).stroke(COLOR.amber);
    doc.path(`M ${x} ${y - r} A ${r} ${r} 0 0 1 ${x} ${y + r} Z`).fill(COLOR.amber);
  } else if (status === 'not_started') {
    doc.circle(x, y, r).lineWidth(1).stroke(COLOR.faint);
  } else {
    doc
      .moveTo(x - r, y)
      .lineTo(x + r, y)
      .lineWidth(1.2)
      .stroke(COLOR.faint);
  }
  doc.restore();
}

/** Readiness: a heading, then one block per item (status, date, evidence link). */
function readinessBlocks(ctx: Ctx, entries: ReadinessEntry[], x: number, w: number): Block[] {
  const { doc, lang } = ctx;
  const out: Block[] = [titleBlock(ctx, tr(ctx, 'readiness'), x, w)];
  if (entries.length === 0) {
    out.push(textBlock(ctx, tr(ctx, 'notStated'), x, w, { size: 8, color: COLOR.muted }, 6));
    return out;
  }
  for (const e of entries) {
    const name = valueLabel(lang, 'readiness', e.item);
    const nameStyle: TextStyle = { font: 'condBold', size: 8, color: COLOR.ink };
    const nh = Math.max(measureText(doc, name, w - 13, nameStyle), 10);
    out.push({
      h: nh + 11,
      draw: (y) => {
        statusDot(ctx, e.status, x + 4, y + 5);
        drawText(doc, name, x + 13, y, w - 13, nameStyle);
        const status =
          valueLabel(lang, 'status', e.status) + (e.date ? ` · ${formatDate(lang, e.date, 'short')}` : '');
        drawText(doc, status, x + 13, y + nh, w - 70, {
          font: 'cond',
          size: 7,
          color: COLOR.muted,
          maxLines: 1,
        });
        if (e.evidenceUrl) {
          drawText(doc, `${tr(ctx, 'evidence')} ↗`, x + w - 55, y + nh, 55, {
            font: 'cond',
            size: 7,
            color: COLOR.teal,
            align: 'right',
            link: e.evidenceUrl,
            maxLines: 1,
          });
        }
      },
    });
  }
  return out;
}

/** Confidence: a heading with the value, then each fact that lowers it, whole. */
function confidenceBlocks(ctx: Ctx, item: ShortlistItem, x: number, w: number): Block[] {
  const { doc, lang } = ctx;
  const notes = (item.confidenceNotes ?? []).map((n) => loc(ctx, n)).filter(Boolean);
  const head = `${tr(ctx, 'confidence')} ${formatPercent(lang, item.confidence)}`;
  const out: Block[] = [
    titleBlock(ctx, head, x, w),
    textBlock(ctx, tr(ctx, 'confidenceHint'), x, w, { font: 'cond', size: 7.5, color: COLOR.muted }, 3),
  ];
  out[1].keepWithNext = notes.length > 0;
  const style: TextStyle = { font: 'cond', size: 7.5, color: COLOR.ink };
  notes.forEach((n, i) => {
    const h = measureText(doc, n, w - 10, style) + (i === notes.length - 1 ? 8 : 2);
    out.push({
      h,
      draw: (y) => {
        doc
          .save()
          .circle(x + 3, y + 4.2, 1.6)
          .fill(COLOR.muted)
          .restore();
        drawText(doc, n, x + 10, y, w - 10, style);
      },
    });
  });
  if (notes.length === 0) out[1].h += 5;
  return out;
}

/**
 * A warning as a heading ("Puissance — non atteint") and a detail line
 * ("besoin : 12 MW · site : 8 MW · écart : 4 MW"); the detail is empty without quantities.
 */
function warningText(ctx: Ctx, w: ConfirmWarning): { head: string; detail: string } {
  const { lang } = ctx;
  const colon = lang === 'fr' ? '\u00a0: ' : ': ';
  const parts: string[] = [];
  if (w.required) parts.push(`${tr(ctx, 'required')}${colon}${formatQuantity(lang, w.required)}`);
  if (w.actual) parts.push(`${tr(ctx, 'actual')}${colon}${formatQuantity(lang, w.actual)}`);
  const gap = w.required && w.actual ? formatGap(lang, w.required, w.actual) : null;
  if (gap) parts.push(gap);
  return {
    head: `${loc(ctx, w.label)} — ${tr(ctx, w.status === 'unknown' ? 'unknown' : 'failing')}`,
    detail: parts.join(' · '),
  };
}

/** Points to confirm: a heading, then one amber box per warning with its whole reason. */
function warningBlocks(ctx: Ctx, warnings: ConfirmWarning[], x: number, w: number): Block[] {
  const { doc } = ctx;
  const out: Block[] = [titleBlock(ctx, tr(ctx, 'warnings'), x, w)];
  if (warnings.length === 0) {
    out.push(textBlock(ctx, tr(ctx, 'noWarnings'), x, w, { size: 8, color: COLOR.muted }, 8));
    return out;
  }
  const headStyle: TextStyle = { font: 'condBold', size: 8, color: COLOR.amber };
  const detailStyle: TextStyle = { font: 'condBold', size: 7.5, color: COLOR.ink };
  const reasonStyle: TextStyle = { font: 'cond', size: 7.5, color: COLOR.ink };
  for (const wn of warnings) {
    const b = { ...warningText(ctx, wn), reason: loc(ctx, wn.reason) };
    const hh = measureText(doc, b.head, w - 20, headStyle);
    const dh = b.detail ? measureText(doc, b.detail, w - 20, detailStyle) : 0;
    const rh = b.reason ? measureText(doc, b.reason, w - 20, reasonStyle) : 0;
    const h = hh + dh + rh + 8;
    out.push({
      h,
      draw: (y) => {
        doc
          .save()
          .roundedRect(x, y - 2, w, h - 2, 3)
          .fill(COLOR.amberBg)
          .restore();
        // Warning triangle.
        doc
          .save()
          .polygon([x + 8, y + 1], [x + 13, y + 9.5], [x + 3, y + 9.5])
          .fill(COLOR.amber)
          .restore();
        doc
          .save()
          .rect(x + 7.5, y + 3.8, 1, 3)
          .fill(COLOR.white)
          .rect(x + 7.5, y + 7.6, 1, 1)
          .fill(COLOR.white)
          .restore();
        drawText(doc, b.head, x + 17, y, w - 20, headStyle);
        if (b.detail) drawText(doc, b.detail, x + 17, y + hh + 1, w - 20, detailStyle);
        if (b.reason) drawText(doc, b.reason, x + 17, y + hh + dh + 1, w - 20, reasonStyle);
      },
    });
  }
  return out;
}

/** The staff note in a panel, whole. */
function noteBlocks(ctx: Ctx, item: ShortlistItem, x: number, w: number): Block[] {
  const { doc } = ctx;
  const note = loc(ctx, item.note);
  if (!note) return [];
  const style: TextStyle = { font: 'oblique', size: 8, color: COLOR.ink, lineGap: 1 };
  const th = measureText(doc, note, w - 20, style);
  const h = th + 30;
  return [
    {
      h: h + 8,
      draw: (y) => {
        const top = y + 4;
        drawPanel(doc, tr(ctx, 'staffNote'), x, top, w, h, { bg: COLOR.panel, accent: COLOR.navyLight });
        drawText(doc, note, x + 12, top + 22, w - 20, style);
      },
    },
  ];
}

/** The heading of a continuation page: rank, the site's name and "(continued)". Returns where content starts. */
function drawContinuationHead(ctx: Ctx, item: ShortlistItem): number {
  const { doc } = ctx;
  drawPageHeader(ctx, '');
  drawRankMarker(doc, item.rank, CONTENT.x + 10, 54, 10, COLOR.teal);
  const h = drawText(doc, `${item.site.name} (${tr(ctx, 'continued')})`, CONTENT.x + 28, 46, CONTENT.w - 28, {
    font: 'bold',
    size: 11,
    color: COLOR.navy,
  });
  return Math.max(46 + h, 66) + 10;
}

/**
 * Draws the sheet of one shortlist item on the current page (added by the caller) and on as many
 * continuation pages as its texts need, added with `addPage`. Returns the number of pages used.
 */
export function drawSitePage(ctx: Ctx, item: ShortlistItem, addPage: () => void): number {
  let pages = 1;
  const nextPage: NextPage = () => {
    addPage();
    pages++;
    return drawContinuationHead(ctx, item);
  };
  drawPageHeader(ctx, '');
  let y = drawTitle(ctx, item);
  y = flowColumns(ctx, [flagBlocks(ctx, item)], y, nextPage);

  // Map with its access legend on the left, key facts and contact on the right.
  const mapW = 300;
  const mapH = 206;
  const map = drawMiniMap(ctx, item, { x: CONTENT.x, y, w: mapW, h: mapH });
  const legendH = drawAccessLegend(
    ctx,
    item,
    map.metresPerPoint,
    CONTENT.x,
    y + mapH + 6,
    mapW,
    15 + 12.5 * 6,
  );
  const rx = CONTENT.x + mapW + 16;
  const rw = CONTENT.w - mapW - 16;
  let ry = y + drawFacts(ctx, item.site, rx, y, rw) + 8;
  const leftBottom = y + mapH + 6 + legendH;
  if (item.site.contact) {
    ry += drawContactPanel(
      ctx,
      tr(ctx, 'contact'),
      item.site.contact,
      rx,
      ry,
      rw,
      Math.max(40, leftBottom - ry),
    );
  }
  y = Math.max(leftBottom, ry) + 10;

  const criteria = criterionBlocks(ctx, item);
  if (criteria.length > 0)
    y =
      flowColumns(
        ctx,
        [[titleBlock(ctx, tr(ctx, 'criteria'), CONTENT.x, CONTENT.w), ...criteria]],
        y,
        nextPage,
      ) + 6;

  const colGap = 18;
  const colW = (CONTENT.w - colGap) / 2;
  const wx = CONTENT.x + colW + colGap;
  // Readiness on the left, confidence and points to confirm on the right; the staff note goes
  // under the shorter of the two.
  const left = readinessBlocks(ctx, item.site.readiness ?? [], CONTENT.x, colW);
  const right = [
    ...confidenceBlocks(ctx, item, wx, colW),
    ...warningBlocks(ctx, item.warnings ?? [], wx, colW),
  ];
  const height = (blocks: Block[]) => blocks.reduce((s, b) => s + b.h, 0);
  if (height(left) < height(right)) left.push(...noteBlocks(ctx, item, CONTENT.x, colW));
  else right.push(...noteBlocks(ctx, item, wx, colW));
  flowColumns(ctx, [left, right], y, nextPage);
  return pages;
}
